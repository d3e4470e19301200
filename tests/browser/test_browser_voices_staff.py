"""The voices staff screens in a real browser on the demo: a paper questionnaire typed with the keyboard
only (with a wrong answer corrected), a blind second entry by someone else with one difference that the
supervisor then sees, and the survey report, quotes, persona cards and a session kit at desktop and phone
width (screenshots in test-output/screenshots/)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from zorgzaam.voices.models import PaperEntry, Survey
from zorgzaam.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def type_sheet(page, answers: dict[str, str], limit: int = 200) -> None:
    """From the focused field, type the answer of each question (or nothing) and press Enter, until the
    form is sent. Only the keyboard is used."""
    for _ in range(limit):
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        if not focused:
            return
        code = focused[2:] if focused.startswith("q-") else None
        if code in answers:
            page.keyboard.press("Control+A")
            page.keyboard.type(answers[code])
        elif focused == "sheet":
            page.keyboard.type(answers.get("_sheet", ""))
        if _is_last(page):
            with page.expect_navigation(wait_until="load"):
                page.keyboard.press("Enter")
            return
        page.keyboard.press("Enter")
    raise AssertionError("the form was never sent")


def _is_last(page) -> bool:
    return page.evaluate("""() => {
        const all = [...document.querySelectorAll('#paper-form [data-entry]')].filter(e => !e.disabled);
        const i = all.indexOf(document.activeElement);
        return i >= 0 && (i === all.length - 1 || all[i + 1].tagName === 'BUTTON');
    }""")


def test_paper_entry_double_entry_and_the_staff_screens(demo_site, browser, shoot, sign_in):
    base, username, password = demo_site
    workspace = Workspace.objects.get(slug="demo-overbos")
    survey = Survey.objects.get(workspace=workspace)
    second_user = get_user_model().objects.create_user("tweede", "t@example.org", "nog-een-wachtwoord-42")
    Membership.objects.create(user=second_user, workspace=workspace, role=Role.PRACTICE)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, username, password)
    page.goto(f"{base}/stemmen/{workspace.slug}/")
    shoot(page, "voices-01-surveys")
    page.get_by_role("link", name=survey.name).click()
    page.wait_for_selector("figure.qr svg")
    shoot(page, "voices-02-survey")
    page.get_by_role("link", name="Papieren vragenlijsten").first.click()
    page.get_by_label("Deel dat een tweede keer ingegeven wordt (%)").fill("100")
    page.get_by_label("Deel dat een tweede keer ingegeven wordt (%)").press("Enter")
    page.wait_for_selector("text=Instelling bewaard.")
    page.get_by_role("link", name="Vragenlijsten ingeven").click()
    page.wait_for_selector("#paper-form")

    # keyboard only; first with an answer outside the scale
    first = {"_sheet": "P-001", "satisfaction_neighbourhood": "9", "satisfaction_change": "2", "talk_neighbours": "2"}
    assert page.evaluate("document.activeElement.id") == "sheet"
    type_sheet(page, first)
    page.wait_for_selector("#entry-errors")
    assert "moet tussen 1 en 5 liggen" in page.inner_text("#entry-errors")
    shoot(page, "voices-03-paper-error")
    assert page.evaluate("document.activeElement.id") == "q-satisfaction_neighbourhood"
    first["satisfaction_neighbourhood"] = "4"
    type_sheet(page, first)
    page.wait_for_selector("text=Vragenlijst 1 bewaard.")
    entry = PaperEntry.objects.get(survey=survey)
    assert entry.sheet == "P-001" and entry.needs_second and entry.first_by == username
    shoot(page, "voices-04-paper-saved")

    # blind second entry by someone else, one difference (3 instead of 4)
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    page2 = other.new_page()
    page2.set_default_timeout(15_000)
    sign_in(page2, base, "tweede", "nog-een-wachtwoord-42")
    page2.goto(f"{base}/stemmen/{workspace.slug}/bevraging/{survey.pk}/papier/")
    page2.get_by_role("link", name="tweede ingave").click()
    page2.wait_for_selector("#paper-form")
    assert "P-001" not in page2.inner_text("#paper-form")  # nothing of the first entry is shown
    page2.locator("#q-satisfaction_neighbourhood").focus()
    type_sheet(page2, dict(first, satisfaction_neighbourhood="3"))
    page2.wait_for_selector("text=1 verschil(len)")
    other.close()

    # the supervisor (beheerder) sees the difference per question
    page.goto(f"{base}/stemmen/{workspace.slug}/bevraging/{survey.pk}/papier/")
    agreement = page.inner_text("#agreement")
    entry.refresh_from_db()
    assert entry.differences == [{"question": "satisfaction_neighbourhood", "first": 4, "second": 3}]
    expected = f"{100 * (entry.compared - 1) / entry.compared:.1f}".replace(".", ",")
    assert agreement.startswith(expected + " %")
    shoot(page, "voices-05-paper-overview")
    with page.expect_navigation():
        page.get_by_role("link", name="nakijken").click()
    row = page.locator("table.diffs tbody tr")
    assert row.count() == 1
    assert "4" in row.locator("td").nth(0).inner_text() and "3" in row.locator("td").nth(1).inner_text()
    shoot(page, "voices-06-paper-resolve")

    # the report, quotes, persona cards and a kit at desktop and phone width
    screens = {
        "report": f"/stemmen/{workspace.slug}/bevraging/{survey.pk}/rapport/?uitkomst=happy_past_week&naar=marital_status",
        "quotes": f"/stemmen/{workspace.slug}/citaten/",
        "personas": f"/stemmen/{workspace.slug}/personas/kaarten/",
        "kit": f"/stemmen/{workspace.slug}/sessiekits/denksessie/",
    }
    for width, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for name, path in screens.items():
            page.goto(base + path)
            page.wait_for_selector("h1")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
                const r = e.getBoundingClientRect(); return r.right > document.documentElement.clientWidth + 1
                    && (!e.closest('.table-wrap') || e.classList.contains('table-wrap'));}).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id
                    + ' ' + Math.round(e.getBoundingClientRect().right) + ' in ' + e.parentElement.tagName + '.' + e.parentElement.className)""")
            assert overflow <= 1, (name, width, overflow, wide)
            shoot(page, f"voices-{name}-{width}", full_page=name != "report")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + screens["report"])
    assert page.locator(".suppressed-note").count() >= 1
    assert "Niet alles wordt getoond." in page.inner_text("#main")
    page.locator("#assoc-h").scroll_into_view_if_needed()
    shoot(page, "voices-report-breakdown", full_page=False)
    context.close()
