"""The public survey form on a phone, in Debian's Chromium: a survey built from the item bank (plus a
number, a short text and a date question the bank does not have) is filled in from the invitation code to
the thank-you page by tapping, as a resident would. On the way: skip logic, a required answer left empty,
the map point, a reload, a double submission, the contact opt-in, a code used twice. axe-core runs on every
page of the form; afterwards the stored answers are counted and compared with what was entered.

Screenshots: test-output/screenshots/public-*.png."""

from __future__ import annotations

import pytest

from zorgzaam.voices.models import Answer, ContactDetails, Respondent

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "nl-BE"}
BANK_ITEMS = ["satisfaction_neighbourhood", "talk_neighbours", "service_needed_not_used", "service_barriers",
              "uneasy_place", "needs_open", "age_band", "involvement_optin"]


@pytest.fixture
def phone_survey(transactional_db, live_server, settings):
    """The demo's areas, neighbourhoods and fictional street grid (no demo survey), and an open survey with
    invitation codes for the neighbourhood 'Centrum en omgeving', built from bank items."""
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.environment.demo import install_demo_part as install_street_grid
    from zorgzaam.sources.demo import generate_demo
    from zorgzaam.voices import services
    from zorgzaam.voices.bank import build_questionnaire
    from zorgzaam.voices.spec import QuestionSpec
    from zorgzaam.web.demo import install_demo

    install_demo(extensions=False)
    neighbourhood = Neighbourhood.objects.get(name="Centrum en omgeving")
    install_street_grid(generate_demo(), neighbourhood.workspace)  # the map question draws its streets
    spec = build_questionnaire(BANK_ITEMS, title_nl="Bevraging Centrum (test)", title_en="Centre survey (test)")
    background = next(i for i, s in enumerate(spec.sections) if s["theme"] == "background")
    after = next(i for i, q in enumerate(spec.questions) if q.code == "age_band") + 1
    spec.questions[after:after] = [
        QuestionSpec(code="household_size", type="number", section=background, min_value=1, max_value=20,
                     text_nl="Met hoeveel mensen woont u samen in uw huis, uzelf meegeteld?",
                     text_en="How many people live in your home, counting yourself?"),
        QuestionSpec(code="street", type="text", section=background, text_nl="In welke straat woont u?",
                     text_en="Which street do you live in?"),
        QuestionSpec(code="moved_in", type="date", section=background, text_nl="Sinds wanneer woont u hier?",
                     text_en="Since when have you lived here?"),
    ]
    questionnaire = services.create_questionnaire(neighbourhood.workspace, spec, source="browser test")
    survey = services.create_survey(neighbourhood.workspace, questionnaire, "Bevraging Centrum (test)",
                                    neighbourhoods=[neighbourhood])
    codes = services.make_invitation_codes(survey, 2, neighbourhood=neighbourhood)
    survey.refresh_from_db()
    return live_server.url, survey, codes


def _no_sideways_scrolling(page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"{where} is {width}px wide at 375px"


def _next(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaar en ga verder").tap()


def test_fill_in_the_survey_on_a_phone(phone_survey, browser, shoot, axe_problems):
    base, survey, codes = phone_survey
    start_url = f"{base}/stem/{survey.token}/"
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    try:
        # start: the invitation code, typed in lower case with a space
        page.goto(start_url)
        assert page.locator("html").get_attribute("lang") == "nl"
        problems += axe_problems(page, "start")
        shoot(page, "public-01-start")
        page.get_by_label("Uitnodigingscode").fill(codes[0].lower()[:4] + " " + codes[0].lower()[4:])
        page.get_by_role("button", name="Begin met de vragenlijst").tap()
        page.wait_for_url("**/pagina/1/")

        # page 1: the required scale question left empty → a clear error, focus on the summary
        problems += axe_problems(page, "page 1")
        _next(page)
        assert page.url.endswith("/pagina/1/")
        summary = page.locator("#error-summary")
        assert summary.is_visible() and "Er is iets niet in orde" in summary.inner_text()
        assert "Vraag 1 is verplicht." in summary.inner_text()  # its number on the form, not an internal code
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert page.title().startswith("Fout:")
        problems += axe_problems(page, "page 1 with an error")
        shoot(page, "public-02-required-error")
        summary.get_by_role("link").first.tap()
        assert page.evaluate("document.activeElement.name") == "satisfaction_neighbourhood"
        assert not Answer.objects.exists()
        page.get_by_role("radio", name="4", exact=True).check()
        shoot(page, "public-03-scale")
        _next(page)

        # page 2: a single choice
        page.wait_for_url("**/pagina/2/")
        problems += axe_problems(page, "page 2")
        page.get_by_role("radio", name="Elke week").check()
        _next(page)

        # page 3: skip logic — the follow-up question appears only after "Ja"
        page.wait_for_url("**/pagina/3/")
        follow_up = page.locator("#q-service_barriers")
        assert follow_up.is_hidden()
        page.get_by_role("radio", name="Ja").check()
        assert follow_up.is_visible()
        problems += axe_problems(page, "page 3")
        page.get_by_role("checkbox", name="Te duur").check()
        page.get_by_role("checkbox", name="Te veel papierwerk").check()
        shoot(page, "public-04-skip-logic")
        _next(page)

        # page 4: the map point — tapping the map fills the coordinate fields
        page.wait_for_url("**/pagina/4/")
        page.wait_for_selector('#map-uneasy_place[data-ready="1"]')
        assert page.evaluate("document.querySelectorAll('#map-uneasy_place path.leaflet-interactive, "
                             "#map-uneasy_place svg path').length") >= 1  # the neighbourhood outline
        # the streets (fetched from /kaart/straten/): one path of many lines, drawn under the outline
        page.wait_for_selector("#map-uneasy_place path.streets", state="attached")
        streets = page.evaluate("""() => {
            const paths = Array.from(document.querySelectorAll('#map-uneasy_place svg path'));
            const streets = document.querySelector('#map-uneasy_place path.streets');
            return {lines: (streets.getAttribute('d').match(/M/g) || []).length, first: paths[0] === streets,
                    paths: paths.length};
        }""")
        assert streets["lines"] > 50 and streets["first"] and streets["paths"] >= 2, streets
        problems += axe_problems(page, "page 4 (map)")
        box = page.locator("#map-uneasy_place").bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.45)
        page.wait_for_function("() => document.getElementById('uneasy_place__lat').value !== ''")
        lat = float(page.locator("#uneasy_place__lat").input_value())
        lon = float(page.locator("#uneasy_place__lon").input_value())
        assert "Gekozen punt" in page.locator("#uneasy_place-status").inner_text()
        _no_sideways_scrolling(page, "map page")
        page.locator("#q-uneasy_place").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('q-uneasy_place').scrollIntoView({block: 'start'})")
        shoot(page, "public-05-map-point", full_page=False)
        for _ in range(2):  # closer: the streets around the point, for a person to look at
            page.locator("#map-uneasy_place .leaflet-control-zoom-in").tap()
            page.wait_for_timeout(400)
        shoot(page, "public-05-map-streets-closer", full_page=False)
        _next(page)

        # page 5: long text; then a reload and a look back — everything saved so far is still there
        page.wait_for_url("**/pagina/5/")
        page.reload()
        page.get_by_role("link", name="Vorige pagina").tap()
        page.wait_for_url("**/pagina/4/")
        assert float(page.locator("#uneasy_place__lat").input_value()) == pytest.approx(lat, abs=1e-6)
        assert float(page.locator("#uneasy_place__lon").input_value()) == pytest.approx(lon, abs=1e-6)
        _next(page)
        page.wait_for_url("**/pagina/5/")
        problems += axe_problems(page, "page 5")
        # typed but not saved, then the page is reloaded: the answer is put back, with a polite notice
        answer = page.get_by_label("Wat zou er moeten veranderen")
        answer.fill("Een bank bij de bushalte en trager verkeer.")
        page.reload()
        assert answer.input_value() == "Een bank bij de bushalte en trager verkeer."
        notice = page.locator("#draft-notice")
        page.wait_for_function("() => document.getElementById('draft-notice').textContent !== ''")
        assert notice.get_attribute("role") == "status"
        assert notice.inner_text() == "We hebben uw niet-bewaarde antwoorden teruggezet."
        assert page.evaluate("document.activeElement === document.body")  # the notice takes no focus
        assert not Answer.objects.filter(question__code="needs_open").exists()  # nothing was sent
        problems += axe_problems(page, "page 5 with restored answers")
        shoot(page, "public-05b-restored-answer")
        _next(page)
        page.wait_for_url("**/pagina/6/")
        drafts = "Object.keys(sessionStorage).filter(k => k.startsWith('zorgzaam:draft:'))"
        assert not [k for k in page.evaluate(drafts) if k.endswith(":5")]  # saved: the copy is gone

        # page 6: choice, number, short text and date on one page; a wrong number first
        page.wait_for_url("**/pagina/6/")
        problems += axe_problems(page, "page 6")
        page.get_by_role("radio", name="75 tot 84 jaar").check()
        page.get_by_label("Met hoeveel mensen").fill("twee")
        page.get_by_label("In welke straat").fill("Kerkstraat")
        page.get_by_label("Sinds wanneer").fill("2019-06-15")
        _next(page)
        assert page.url.endswith("/pagina/6/")
        assert "moet een getal zijn" in page.locator("#error-summary").inner_text()
        assert page.get_by_label("In welke straat").input_value() == "Kerkstraat"  # kept on the error page
        problems += axe_problems(page, "page 6 with an error")
        shoot(page, "public-06-number-error")
        page.get_by_label("Met hoeveel mensen").fill("2")
        _next(page)

        # page 7 (the last): submitted twice at the same moment (same form, same idempotency key)
        page.wait_for_url("**/pagina/7/")
        problems += axe_problems(page, "page 7")
        page.get_by_role("radio", name="Ja").check()
        statuses = page.evaluate("""async () => {
            const form = document.querySelector('form.answer-form');
            const send = () => fetch(location.href, {method: 'POST', body: new FormData(form), redirect: 'manual'});
            const answers = await Promise.all([send(), send()]);
            return answers.map(r => r.type === 'opaqueredirect' ? 302 : r.status);
        }""")
        assert statuses == [302, 302]
        page.goto(f"{base}/stem/{survey.token}/versturen/")

        # finish: a double tap on "send" is one submission
        problems += axe_problems(page, "finish")
        shoot(page, "public-07-finish")
        page.get_by_role("button", name="Verstuur mijn antwoorden").dblclick()
        page.wait_for_url("**/contact/")
        problems += axe_problems(page, "contact")
        shoot(page, "public-08-contact")
        page.get_by_label("E-mailadres").fill("bewoner@example.org")
        page.get_by_role("button", name="Bewaar mijn contactgegevens").tap()
        page.wait_for_url("**/bedankt/")
        assert page.get_by_role("heading", name="Bedankt!").is_visible()
        assert page.evaluate(drafts) == []  # completed: no answer is left in the browser
        problems += axe_problems(page, "thanks")
        shoot(page, "public-09-thanks")
        # back to the finish page and send again: still one response
        page.goto(f"{base}/stem/{survey.token}/versturen/")
        page.wait_for_url("**/bedankt/")

        page.goto(f"{base}/stem/{survey.token}/afdrukken/")
        problems += axe_problems(page, "print")
        _no_sideways_scrolling(page, "print")
        shoot(page, "public-10-print")
    finally:
        context.close()

    # the same invitation code on another phone is refused, with the reason
    other = browser.new_context(**PHONE)
    try:
        page = other.new_page()
        page.goto(start_url)
        page.get_by_label("Uitnodigingscode").fill(codes[0])
        page.get_by_role("button", name="Begin met de vragenlijst").tap()
        assert "al ingevuld" in page.locator("#error-summary").inner_text()
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert page.get_by_label("Uitnodigingscode").get_attribute("aria-invalid") == "true"
        assert page.get_by_label("Uitnodigingscode").input_value() == codes[0]  # kept, to check it
        problems += axe_problems(page, "start with a used code")
        shoot(page, "public-11-code-used")
    finally:
        other.close()

    assert not problems, "\n".join(problems)

    # what is stored: one completed response with exactly these answers, contact details apart
    respondents = list(Respondent.objects.filter(survey=survey))
    assert len(respondents) == 1
    respondent = respondents[0]
    assert respondent.completed_at is not None and respondent.invitation.code == codes[0]
    assert respondent.neighbourhood.name == "Centrum en omgeving"
    stored = dict(Answer.objects.filter(respondent=respondent).values_list("question__code", "value"))
    expected = {
        "satisfaction_neighbourhood": 4, "talk_neighbours": "weekly", "service_needed_not_used": "yes",
        "service_barriers": ["cost", "paperwork"], "uneasy_place": {"lat": round(lat, 6), "lon": round(lon, 6)},
        "needs_open": "Een bank bij de bushalte en trager verkeer.", "age_band": "75_84", "household_size": 2,
        "street": "Kerkstraat", "moved_in": "2019-06-15", "involvement_optin": "yes",
    }
    assert stored == expected
    assert Answer.objects.filter(respondent__survey=survey).count() == len(expected)
    assert ContactDetails.objects.get(respondent=respondent).email == "bewoner@example.org"
    # the tapped point lies on the neighbourhood's map (Overbos is fictional but placed in Flanders)
    assert 50.6 < lat < 51.6 and 2.5 < lon < 6.0


def test_the_form_in_english_on_a_phone(phone_survey, browser, shoot, axe_problems):
    base, survey, codes = phone_survey
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(f"{base}/stem/{survey.token}/")
        page.get_by_role("button", name="English").tap()  # the header's switch, no JavaScript needed
        page.wait_for_selector("html[lang=en]")
        assert page.get_by_role("heading", name="Centre survey (test)").is_visible()
        page.get_by_label("Invitation code").fill(codes[1])
        page.get_by_role("button", name="Start the questionnaire").tap()
        page.wait_for_url("**/pagina/1/")
        assert "Page 1 of 7" in page.content() and "Choose a number from 1 to 5." in page.content()
        problems = axe_problems(page, "page 1 (English)")
        shoot(page, "public-12-english")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
