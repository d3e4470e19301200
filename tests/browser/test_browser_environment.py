"""The environment screens in a real browser on the demo, at desktop and phone width: the facilities map
with its category toggles, the reach page of a neighbourhood with its map and an isochrone drawn by a
click, the walkability grid and the (mis)match signals. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from zorgzaam.areas.models import Neighbourhood

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def assert_fits(page) -> None:
    """Nothing sticks out sideways (a phone user should never have to scroll left and right)."""
    wide = page.evaluate("""() => {
        const limit = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= limit + 1) { return []; }
        return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > limit + 1
            && !e.closest('.table-wrap') && !e.closest('.leaflet-container'))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id);
    }""")
    assert not wide, wide


@pytest.mark.parametrize("size", list(WIDTHS))
def test_environment_screens(demo_site, browser, shoot, size, sign_in, axe_problems):
    base, user, password = demo_site
    context = browser.new_context(viewport=WIDTHS[size], locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = []  # axe-core's serious problems on every screen, at both widths
    try:
        sign_in(page, base, user, password)
        slug = "demo-overbos"
        # overview: the facilities per category on the map, a category switched off
        page.goto(f"{base}/omgeving/{slug}/")
        page.wait_for_selector('#env-facilities-map[data-ready="1"]')
        # every facility drawn as its category's symbol (shape and colour), the same as in the legend
        assert page.locator("#env-facilities-map .env-symbol svg").count() == 58
        assert "58 actieve voorzieningen op de kaart." in page.content()
        legend = page.locator("#env-category-legend .symbol svg path")
        pairs = [(legend.nth(i).get_attribute("d"), legend.nth(i).get_attribute("fill")) for i in range(legend.count())]
        assert len(pairs) >= 10 and len(set(pairs)) == len(pairs)  # no two categories look alike
        assert len({d for d, _fill in pairs}) >= 4  # shapes differ, not colour alone
        # the scale bar, and the team's streets drawn under the map (offline, no tile server)
        assert page.locator("#env-facilities-map .leaflet-control-scale-line").is_visible()
        page.wait_for_selector("#env-facilities-map[data-streets]")
        assert page.locator("#env-facilities-map .leaflet-streets-pane canvas").count() == 1
        assert_fits(page)
        shoot(page, f"env-01-overview-{size}")
        problems += axe_problems(page, f"overview {size}")
        # reach of a neighbourhood: table, map, and an isochrone from a click on the map
        centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
        page.goto(f"{base}/omgeving/{slug}/bereik/?doel=buurt:{centrum.pk}")
        page.wait_for_selector('#env-reach-map[data-ready="1"]')
        assert page.locator("table.env-shares").count() == 4  # bus stop, supermarket, GP, pharmacy
        assert "Alle inwoners" in page.locator("table.env-shares").first.inner_text()
        page.locator("#env-reach-map").scroll_into_view_if_needed()
        box = page.locator("#env-reach-map").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector('#env-reach-map[data-isochrones="3"]')
        assert "15 minuten" in page.locator("#env-iso-status").inner_text()
        assert_fits(page)
        shoot(page, f"env-02-reach-{size}")
        problems += axe_problems(page, f"reach {size}")
        page.locator("#env-reach-map").screenshot(path=str(SCREENSHOTS / f"env-03-reach-map-{size}.png"))
        # walkability grid with its legend and the scores per neighbourhood
        page.goto(f"{base}/omgeving/{slug}/loopbaarheid/?doel=buurt:{centrum.pk}")
        page.wait_for_selector('#env-walk-map[data-ready="1"]')
        assert "Vlaamse stadskern" in page.content()
        assert_fits(page)
        shoot(page, f"env-04-walkability-{size}")
        problems += axe_problems(page, f"walkability {size}")
        # the (mis)match signals with their evidence
        page.goto(f"{base}/omgeving/{slug}/signalen/?doel=buurt:{centrum.pk}")
        signals = page.locator("ul.env-signals > li")
        assert signals.count() >= 3
        signals.first.locator("summary").click()
        assert "Uit het profiel" in signals.first.inner_text()
        assert page.get_by_role("button", name="Naar de samenvatting").is_visible()
        assert_fits(page)
        shoot(page, f"env-05-signals-{size}")
        problems += axe_problems(page, f"signals {size}")
        if size == "desktop":
            page.get_by_role("button", name="Naar de samenvatting").click()
            page.wait_for_url(f"**/plan/{slug}/samenvatting/**")
            assert "Signalen verzameld voor" in page.content()
            assert page.locator("tbody tr[id^=f]").count() >= 1
        assert not problems, "\n".join(problems)
    finally:
        context.close()

