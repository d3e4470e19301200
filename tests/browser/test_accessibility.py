"""Accessibility of the staff and workspace screens: axe-core (the shared ``axe_problems`` helper of
conftest.py) on a representative list of screens of the demo, at desktop width and at 390 px (a phone),
with one browser and one sign-in. Every serious or critical violation is listed (rule, impact, help,
targets) when the test fails; so is a page that scrolls sideways on the phone (WCAG 1.4.10). Then what axe
cannot judge alone, by name: the supervisor's choices name their question, a scrolling table is a named
keyboard stop, the map's zoom buttons speak Dutch, a form error is tied to its field.

Screenshots of a few screens: test-output/screenshots/a11y-*.png."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.voices import paper_store
from zorgzaam.voices.models import Persona, QualitativeSession, Survey
from zorgzaam.workspaces.models import Workspace

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# what sticks out on the right: not what a map or a scrolling .table-wrap clips, but what escapes it (an
# absolutely positioned element, e.g. visually hidden text, when the wrap is not its containing block)
TOO_WIDE = """() => [...document.querySelectorAll('body *')].filter(e => {
    const width = document.documentElement.clientWidth;
    return e.getBoundingClientRect().right > width + 1 && !e.closest('.leaflet-container')
        && (!e.closest('.table-wrap') || getComputedStyle(e).position === 'absolute');
}).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.')
    + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)')"""
SHOTS = {"workspace", "neighbourhood", "map-editor", "profile", "summary", "reach", "paper-resolve",
         "paper-entry", "sessions"}


def _double_entry(survey: Survey, username: str):
    """A paper questionnaire typed twice with one difference, for the supervisor's screen."""
    paper_store.set_verify_percent(survey, 100)
    first = {"satisfaction_neighbourhood": "4", "satisfaction_change": "2", "talk_neighbours": "2"}
    result, entry = paper_store.enter_first(survey, first, actor=username, sheet="P-001")
    assert entry is not None, result.errors
    get_user_model().objects.create_user("tweede", "t@example.org", "nog-een-wachtwoord-42")
    result, stored = paper_store.enter_second(entry, dict(first, satisfaction_neighbourhood="3"), actor="tweede")
    assert stored, result.errors
    entry.refresh_from_db()
    assert len(entry.differences) == 1
    return entry


def _wait_for_maps(page) -> None:
    """Each Leaflet map marks itself data-ready ("1", or "error") once drawn; axe should see it drawn."""
    page.wait_for_function("""() => [...document.querySelectorAll('.leaflet-container')]
        .every(e => e.dataset.ready || e.closest('[data-ready]'))""", timeout=30_000)
    assert page.locator('[data-ready="error"]').count() == 0, "a map could not be drawn"


def _the_fixes_hold(page, base: str, pages: dict[str, str], entry) -> None:
    """What axe-core cannot judge by itself, checked by name as a screen reader would meet it."""
    # the supervisor's pair of choices for a question: each choice is named by the question and the entry
    page.goto(base + pages["paper-resolve"])
    question = page.locator("table.diffs tbody th[scope=row]").first.inner_text()
    assert question.startswith("1. ")
    first = page.get_by_role("radio", name=f"{question} Eerste ingave 4", exact=True)
    second = page.get_by_role("radio", name=re.compile("^" + re.escape(f"{question} Tweede ingave 3 — ")))
    assert first.count() == 1 and second.count() == 1
    assert entry.differences[0]["question"] == "satisfaction_neighbourhood"
    # a scrolling table can be reached with the keyboard and says what it holds
    assert page.get_by_role("region", name="Tabel Verschillen per vraag", exact=False).get_attribute("tabindex") == "0"
    # Leaflet's zoom buttons speak the page's language
    page.goto(base + pages["neighbourhood"])
    page.wait_for_selector('#map[data-ready="1"]')
    assert page.get_by_role("button", name="Inzoomen").count() == 1
    assert page.get_by_role("region", name="Kaart", exact=False).count() >= 1
    # a form error is tied to its field (aria-describedby), as is the help text
    page.goto(base + pages["new-workspace"])
    page.get_by_role("button", name="Werkruimte maken").click()
    page.wait_for_selector(".form-errors")
    field = page.get_by_label("Naam van de werkruimte")
    assert field.get_attribute("aria-invalid") == "true"
    described = " ".join(page.locator(f"#{i}").inner_text() for i in field.get_attribute("aria-describedby").split())
    assert "Zorgzaam Balen 2026" in described and "verplicht" in described, described


def test_staff_screens_have_no_serious_accessibility_problems(demo_site, browser, shoot, axe_problems, sign_in):
    base, username, password = demo_site
    workspace = Workspace.objects.get(slug="demo-overbos")
    slug = workspace.slug
    nb = Neighbourhood.objects.get(workspace=workspace, name="Centrum en omgeving").pk
    survey = Survey.objects.get(workspace=workspace)
    entry = _double_entry(survey, username)
    session = QualitativeSession.objects.filter(workspace=workspace).order_by("pk").first()
    persona = Persona.objects.filter(workspace=workspace).order_by("pk").first()
    voices = f"/stemmen/{slug}"
    pages = {
        "home": "/",
        "workspace": f"/w/{slug}/",
        "neighbourhoods": f"/w/{slug}/buurten/",
        "neighbourhood": f"/w/{slug}/buurten/{nb}/",
        "map-editor": f"/w/{slug}/buurten/nieuw/",
        "neighbourhood-edit": f"/w/{slug}/buurten/{nb}/wijzigen/",
        "data": f"/w/{slug}/gegevens/",
        "data-import": f"/w/{slug}/gegevens/importeren/",
        "members": f"/w/{slug}/leden/",
        "profile": f"/profiel/{slug}/buurten/{nb}/",
        "profile-compare": f"/profiel/{slug}/buurten/",
        "profile-over-time": f"/profiel/{slug}/buurten/{nb}/?reeks=ocmw_support_per_100",
        "data-coverage": f"/profiel/{slug}/gegevens/",
        "team-indicators": f"/profiel/{slug}/indicatoren/",
        "summary": f"/plan/{slug}/samenvatting/?buurt={nb}",
        "summary-all": f"/plan/{slug}/samenvatting/",
        "environment": f"/omgeving/{slug}/",
        "facility-import": f"/omgeving/{slug}/voorzieningen/importeren/",
        "reach": f"/omgeving/{slug}/bereik/",
        "walkability": f"/omgeving/{slug}/loopbaarheid/",
        "signals": f"/omgeving/{slug}/signalen/",
        "surveys": f"{voices}/",
        "survey": f"{voices}/bevraging/{survey.pk}/",
        "report": f"{voices}/bevraging/{survey.pk}/rapport/?uitkomst=happy_past_week&naar=marital_status",
        "paper": f"{voices}/bevraging/{survey.pk}/papier/",
        "paper-entry": f"{voices}/bevraging/{survey.pk}/papier/ingeven/",
        "paper-resolve": f"{voices}/bevraging/{survey.pk}/papier/{entry.pk}/nakijken/",
        "sessions": f"{voices}/gesprekken/",
        "session": f"{voices}/gesprekken/{session.pk}/",
        "quotes": f"{voices}/citaten/",
        "strengths": f"{voices}/sterktes-en-uitdagingen/",
        "personas": f"{voices}/personas/",
        "persona": f"{voices}/personas/{persona.pk}/",
        "persona-cards": f"{voices}/personas/kaarten/",
        "kit": f"{voices}/sessiekits/denksessie/",
        "new-workspace": "/werkruimte/nieuw/",
    }

    context = browser.new_context(viewport=DESKTOP, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    try:
        page.goto(f"{base}/accounts/login/")
        problems += axe_problems(page, "login (desktop) /accounts/login/")
        sign_in(page, base, username, password)
        # the summary table after its signals were refreshed (the button a person presses)
        page.goto(f"{base}/plan/{slug}/samenvatting/?buurt={nb}")
        with page.expect_navigation():
            page.get_by_role("button", name="Signalen uit cijfers, omgeving en bewoners verzamelen").click()
        assert page.locator("tbody tr[id^=f]").count() >= 1, "the summary table has no findings"

        for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            for name, path in pages.items():
                response = page.goto(base + path)
                assert response is not None and response.ok, f"{path}: {response and response.status}"
                page.wait_for_selector("h1")
                _wait_for_maps(page)
                problems += axe_problems(page, f"{name} ({width}) {path}")
                if width == "phone":  # WCAG 1.4.10 reflow: no sideways scrolling of the page at 390 px
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    if wide > PHONE["width"] + 1:
                        problems.append(f"{name} (phone) {path}: the page is {wide}px wide at {PHONE['width']}px, "
                                        f"because of {page.evaluate(TOO_WIDE)}")
                if name in SHOTS:
                    shoot(page, f"a11y-{name}-{width}", full_page=width == "phone")

        page.set_viewport_size(DESKTOP)
        _the_fixes_hold(page, base, pages, entry)
        problems += axe_problems(page, "new workspace with an error")
        shoot(page, "a11y-form-error-desktop")
    finally:
        context.close()
    assert not problems, f"{len(problems)} accessibility problems (axe-core serious/critical, reflow):\n" + "\n".join(problems)
