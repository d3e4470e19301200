"""Follow-up in a real browser at 1280 and 390 px: self-assessment, signal register, harvests, meetings,
partners, the feedback page editor and the residents' public page (no login), each checked by axe, no page
wider than the phone; a round entered from the phone with the keyboard (screenshots in
test-output/screenshots/followup-*)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.followup import services
from zorgzaam.followup.models import SelfAssessment
from zorgzaam.plan import plan_service
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS
from zorgzaam.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
PASSWORD = "een-lang-wachtwoord-42"
D = dt.date


@pytest.fixture
def followup_site(live_server):
    ws = Workspace.objects.create(name="Overbos (fictief)", slug="overbos-fictief", is_demo=True)
    person = get_user_model().objects.create_user("begeleider", "b@example.org", PASSWORD)
    Membership.objects.create(user=person, workspace=ws, role=Role.FACILITATOR)
    centrum = Neighbourhood.objects.create(workspace=ws, name="Centrum en omgeving")
    threes = dict.fromkeys(BUILDING_BLOCKS, 3)
    services.add_assessment(ws, date=D(2026, 2, 1), scores=threes)
    services.add_assessment(ws, date=D(2026, 10, 1), scores={**threes, "detection": 4}, scope="person",
                            person="praktijkwerker")
    services.add_assessment(ws, date=D(2026, 10, 1), scores={**threes, "detection": 1}, scope="person",
                            person="beleidsmedewerker")
    services.add_signal(ws, date=D(2026, 3, 1), theme="mobiliteit", description="Geen bushalte op wandelafstand.",
                        addressees=["Dienst mobiliteit"], sent_date=D(2026, 3, 10), status="result",
                        result_text="Een belbus stopt aan het dienstencentrum.", result_date=D(2026, 6, 1),
                        neighbourhood=centrum)
    services.add_signal(ws, date=D(2026, 4, 1), theme="wonen", description="Lange wachtlijsten.")
    partner = services.add_partner(ws, "OCMW Overbos", contact_role="maatschappelijk werker", domain="welzijn")
    body = services.add_body(ws, "steering_group", "Stuurgroep", members=[partner])
    services.add_meeting(ws, date=D(2026, 5, 1), consulted="steering_group", body=body, attendance=8,
                         decisions="Zelfevaluatie in oktober.")
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen op het plein", parent=goal)
    services.add_harvest(ws, action.pk, date=D(2026, 6, 1), what_happened="Toestellen geplaatst.", interviews=6,
                         evidence=[{"kind": "interviews"}], effect="large", effort="small")
    page = services.add_page(ws, neighbourhood=centrum, title="Wat deden we met jullie ideeën?",
                             decided="Elke dinsdag is er een koffiemoment in het dienstencentrum.",
                             not_done="Geen eenrichtingsverkeer: de bus moet er door.", user="iemand")
    page = services.approve_page(ws, page.pk, version=page.version, user="collega")
    page = services.publish_page(ws, page.pk, version=page.version, user="begeleider", role=Role.ADMIN)
    return live_server.url, ws, page


def test_follow_up_on_a_desk_and_on_a_phone(followup_site, browser, shoot, sign_in, axe_problems):
    base, ws, feedback = followup_site
    problems = []
    screens = [("assessment", "zelfevaluatie/", "Zelfevaluatie op de negen bouwstenen"),
               ("signals", "signalen/", "Signalen naar beleid"), ("harvests", "oogst/", "Oogst van acties"),
               ("meetings", "overleg/", "Overleg en raadplegingen"), ("partners", "partners/", "Partners en groepen"),
               ("page-editor", f"bewonersfeedback/{feedback.pk}/", feedback.title)]
    for name, viewport in (("desk", {"width": 1280, "height": 900}), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="nl-BE", is_mobile=name == "phone",
                                      has_touch=name == "phone")
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, base, "begeleider", PASSWORD)
        for number, (screen, path, heading) in enumerate(screens, start=1):
            page.goto(f"{base}/opvolging/{ws.slug}/{path}")
            assert page.get_by_role("heading", name=heading, level=1).is_visible(), screen
            if name == "phone":
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], screen
            problems += axe_problems(page, f"{name}: {screen}")
            shoot(page, f"followup-{number:02d}-{name}-{screen}")
        if name == "phone":  # a new round from the phone, with the keyboard only
            page.goto(f"{base}/opvolging/{ws.slug}/zelfevaluatie/")
            page.get_by_role("group", name="Detectie", exact=True).get_by_role("radio").first.focus()
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
            inclusion = page.get_by_role("group", name="Inclusie", exact=True)
            assert inclusion.get_by_text("5 – we ondernemen actie en stuurden al bij").is_visible()  # whole, wrapped
            inclusion.get_by_role("radio", name="5 –").check()
            page.get_by_role("button", name="Ronde bewaren").focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.get_by_text("Bewaard.").is_visible()
        context.close()
    saved = SelfAssessment.objects.filter(workspace=ws, scope="team").order_by("pk").last()
    assert saved.scores["detection"] == 2 and saved.scores["inclusion"] == 5  # two steps down: "niet beoordeeld", 1, 2
    # the residents' page, without an account, on a phone and on a desk
    for name, viewport in (("phone", PHONE), ("desk", {"width": 1280, "height": 900})):
        context = browser.new_context(viewport=viewport, locale="nl-BE")
        page = context.new_page()
        page.goto(f"{base}/opvolging/terugkoppeling/{feedback.token}/")
        assert page.get_by_role("heading", name=feedback.title).is_visible()
        assert page.locator(".qr svg").is_visible()
        assert "begeleider" not in page.content() and "collega" not in page.content()
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        problems += axe_problems(page, f"{name}: public page")
        shoot(page, f"followup-07-{name}-public")
        if name == "desk":
            page.emulate_media(media="print")
            shoot(page, "followup-08-public-printed")
            page.pdf(path=str(shoot(page, "followup-08-public-printed").with_suffix(".pdf")), format="A4")
        context.close()
    assert problems == []
