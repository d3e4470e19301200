"""The proposal preview and archive/restore of neighbourhoods in a real browser, at 1280 px and on a phone
(390 px), each checked with axe-core; screenshots neighbourhoods-* in test-output/screenshots/."""

from __future__ import annotations

import pytest

from zorgzaam.areas.models import Neighbourhood

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [("desktop", {"width": 1280, "height": 900}, {}),
          ("phone", {"width": 390, "height": 844}, {"device_scale_factor": 2, "is_mobile": True, "has_touch": True})]


@pytest.mark.parametrize(("label", "viewport", "extra"), WIDTHS, ids=[w[0] for w in WIDTHS])
def test_proposal_preview_then_accept_some_and_archive_restore(demo_site, browser, shoot, sign_in, axe_problems,
                                                                label, viewport, extra):
    base, user, password = demo_site
    # bypass_csp: axe-core is injected as an inline script, which the app's Content-Security-Policy refuses
    context = browser.new_context(viewport=viewport, locale="nl-BE", bypass_csp=True, **extra)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = []
    try:
        sign_in(page, base, user, password)
        before = Neighbourhood.all_objects.count()
        page.goto(f"{base}/w/demo-overbos/buurten/")
        field = page.locator("#min_population")
        assert field.input_value() == "2000"
        assert page.evaluate("document.getElementById('min_population').checkValidity()")  # its own default
        field.fill("3000")
        page.get_by_role("button", name="Stel buurten voor").click()
        page.wait_for_selector('#proposal-map[data-ready="1"]')
        assert Neighbourhood.all_objects.count() == before  # a preview: nothing saved
        groups = page.locator("fieldset.proposal-group")
        count = groups.count()
        assert count >= 2
        assert page.locator(".proposal-number").count() == count  # each number printed on the map
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, f"the preview is {width}px wide"
        problems += axe_problems(page, f"proposal preview ({label})")
        shoot(page, f"neighbourhoods-proposal-{label}")
        # keep the first two, rename the first, leave the others out
        page.get_by_label("Naam").first.fill("Rond de molen")
        for index in range(2, count):
            groups.nth(index).get_by_label("Bewaren").uncheck()
        page.get_by_role("button", name="Bewaar de gekozen buurten").click()
        page.wait_for_selector("text=2 buurten bewaard")
        assert Neighbourhood.all_objects.count() == before + 2
        assert Neighbourhood.objects.filter(name="Rond de molen").exists()

        # archive it from its page, find it under Gearchiveerd, restore it
        page.get_by_role("link", name="Rond de molen").click()
        page.get_by_role("button", name="Archiveren").click()
        page.wait_for_selector("#archived-title")
        assert page.get_by_role("link", name="Rond de molen").count() == 0
        restore = page.get_by_role("button", name="Rond de molen terugzetten")
        box = restore.bounding_box()
        assert box["x"] + box["width"] <= viewport["width"], "the restore button is off the screen"
        problems += axe_problems(page, f"archived list ({label})")
        shoot(page, f"neighbourhoods-archived-{label}")
        page.get_by_role("button", name="Rond de molen terugzetten").click()
        page.wait_for_selector("h1:has-text('Rond de molen')")
        page.wait_for_selector('#map[data-ready="1"]')
        assert "is teruggezet" in page.content()
        assert Neighbourhood.objects.get(name="Rond de molen").versions.count() == 1
        shoot(page, f"neighbourhoods-restored-{label}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_dropping_a_proposal_in_the_browser_saves_nothing(demo_site, page, sign_in):
    base, user, password = demo_site
    sign_in(page, base, user, password)
    before = Neighbourhood.all_objects.count()
    page.goto(f"{base}/w/demo-overbos/buurten/")
    page.get_by_role("button", name="Stel buurten voor").click()  # the default, as offered
    page.wait_for_selector("fieldset.proposal-group")
    page.get_by_role("button", name="Gooi het voorstel weg").click()
    page.wait_for_selector("text=Er is niets bewaard")
    assert Neighbourhood.all_objects.count() == before
