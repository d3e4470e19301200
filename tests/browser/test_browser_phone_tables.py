"""Phone (issue 13): the profile, the survey report and the side-by-side table keep their first column in
view while the rest scrolls, show a scroll hint and shadow below 600 px, and a term's explanation opens by
keyboard. Screenshots: phone-tables-*.png."""

from __future__ import annotations

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.voices.models import Survey
from zorgzaam.workspaces.models import Workspace

PHONE = {"width": 390, "height": 844}


def test_wide_tables_pin_their_first_column_on_a_phone(demo_site, browser, shoot, sign_in, axe_problems):
    base, username, password = demo_site
    workspace = Workspace.objects.get(slug="demo-overbos")
    centrum = Neighbourhood.objects.get(workspace=workspace, name="Centrum en omgeving")
    survey = Survey.objects.get(workspace=workspace)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)  # axe is injected
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, base, username, password)
    screens = {
        "profile": f"/profiel/{workspace.slug}/buurten/{centrum.pk}/",
        "report": f"/stemmen/{workspace.slug}/bevraging/{survey.pk}/rapport/",
        "side-by-side": f"/profiel/{workspace.slug}/buurten/",
    }
    problems = []
    for name, path in screens.items():
        page.goto(base + path)
        wrap = page.locator(".table-wrap:has(table)").first
        wrap.scroll_into_view_if_needed()
        hint = page.evaluate("e => getComputedStyle(e, '::before').content", wrap.element_handle())
        assert "Schuif de tabel opzij" in hint, (name, hint)
        first = wrap.locator("tbody tr").first.locator("th, td").first
        assert first.evaluate("e => getComputedStyle(e).position") == "sticky", name
        left_before = first.bounding_box()["x"]
        wrap.evaluate("e => e.scrollLeft = 400")
        page.wait_for_timeout(100)
        assert abs(first.bounding_box()["x"] - left_before) < 2, name  # pinned while the rest moved
        wrap.evaluate("e => e.scrollLeft = 0")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (name, overflow)
        shoot(page, f"phone-tables-{name}", full_page=False)
        problems += axe_problems(page, f"phone {name}")
    # a term's explanation: focus its button, Enter opens it
    page.goto(base + screens["profile"])
    term = page.locator("details.term").first
    term.locator("summary").focus()
    page.keyboard.press("Enter")
    assert term.evaluate("e => e.open") and term.locator("p").is_visible()
    term.scroll_into_view_if_needed()
    shoot(page, "phone-tables-term-open", full_page=False)
    context.close()
    assert problems == []
