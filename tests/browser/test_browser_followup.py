"""Follow-up in a real browser at 1280 and 390 px: self-assessment, signal register, harvests, meetings,
partners, the feedback page editor and the residents' public page (no login), each checked by axe, no page
wider than the phone; a round entered from the phone with the keyboard (screenshots in
test-output/screenshots/followup-*)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.browser.conftest import DESK, PASSWORD, PHONE, SIZES, fictional_workspace

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.followup import services
from zorgzaam.followup.models import SelfAssessment
from zorgzaam.plan import plan_service
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS
from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


@pytest.fixture
def followup_site(live_server):
    ws = fictional_workspace("begeleider", Role.FACILITATOR)
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


def test_follow_up_on_a_desk_and_on_a_phone(followup_site, open_page, shoot, sign_in, axe_problems):
    base, ws, feedback = followup_site
    problems = []
    screens = [("assessment", "zelfevaluatie/", "Zelfevaluatie op de negen bouwstenen"),
               ("signals", "signalen/", "Signalen naar beleid"), ("harvests", "oogst/", "Oogst van acties"),
               ("meetings", "overleg/", "Overleg en raadplegingen"), ("partners", "partners/", "Partners en groepen"),
               ("page-editor", f"bewonersfeedback/{feedback.pk}/", feedback.title)]
    for name, viewport in SIZES:
        page = open_page(viewport, phone=name == "phone")
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
        page.context.close()
    saved = SelfAssessment.objects.filter(workspace=ws, scope="team").order_by("pk").last()
    assert saved.scores["detection"] == 2 and saved.scores["inclusion"] == 5  # two steps down: "niet beoordeeld", 1, 2
    # the residents' page, without an account, on a phone and on a desk
    for name, viewport in (("phone", PHONE), ("desk", DESK)):
        page = open_page(viewport, phone=name == "phone")
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
        page.context.close()
    assert problems == []


def test_the_inventory_on_the_neighbourhood_map(live_server, open_page, shoot, sign_in, axe_problems):
    """Demo sectors 99001A00- and 99001A01- as Noord and Zuid: an initiative in Noord by name, one at a point
    inside Noord (51.23287 N 5.24018 E), one at a point outside both (in 99001A02-), one in Brussels, and a plan
    action in Zuid. The map labels each neighbourhood with its counts and shows the two points near them (the
    Brussels one drawn but out of view); axe at 1280 and 390 px."""
    from zorgzaam.areas.neighbourhood_service import create_neighbourhood
    from zorgzaam.areas.store import save_areas
    from zorgzaam.sources.demo import generate_demo

    data = generate_demo()
    save_areas(data.areas, data.links)
    ws = fictional_workspace("begeleider", Role.FACILITATOR)
    north = create_neighbourhood("Noord", workspace=ws, sectors=["99001A00-"]).neighbourhood
    south = create_neighbourhood("Zuid", workspace=ws, sectors=["99001A01-"]).neighbourhood
    services.add_initiative(ws, "Buurtkoffie", neighbourhoods=[north], blocks=["social_networks"])
    services.add_initiative(ws, "Wandelgroep", blocks=["inclusion"], latitude=51.23287, longitude=5.24018)
    services.add_initiative(ws, "Zitbank", blocks=["public_space"], latitude=51.25776, longitude=5.23458)
    services.add_initiative(ws, "Infopunt", blocks=["referral"], latitude=50.8467, longitude=4.3525)  # Brussels
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen op het plein", parent=goal)
    action.building_blocks = ["public_space"]
    action.save()
    action.neighbourhoods.set([south])
    base = live_server.url
    problems = []
    for name, viewport in SIZES:
        page = open_page(viewport, phone=name == "phone")
        sign_in(page, base, "begeleider", PASSWORD)
        page.goto(f"{base}/opvolging/{ws.slug}/initiatieven/")
        page.wait_for_selector("#initiatives-map[data-ready='1']")
        assert page.get_attribute("#initiatives-map", "data-points") == "2"  # Brussels is not drawn 100 km away
        labels = page.locator("#initiatives-map .map-count-label").all_inner_texts()
        assert sorted(labels) == ["Noord: 2 initiatieven, 0 acties", "Zuid: 0 initiatieven, 1 actie"], labels
        assert page.locator("#initiatives-map path.leaflet-interactive").count() == 2 + 3  # outlines, dots
        assert page.get_by_text("(in Noord)").is_visible()
        assert page.get_by_text("(in geen enkele buurt: telt voor heel de gemeente)").count() == 2
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        problems += axe_problems(page, f"{name}: inventory map")
        page.locator("#map-title").scroll_into_view_if_needed()
        shoot(page, f"followup-09-{name}-inventory-map")
        shoot(page, f"followup-09-{name}-inventory-map-view", full_page=False)
        page.context.close()
    assert not problems, problems


def test_the_poster_on_a_phone_a_desk_and_paper(live_server, open_page, shoot, axe_problems):
    """The residents' page as a poster: axe at 390 and 1280 px, then printed to A3 and A4 (one page each,
    the QR code at least 6 cm wide on A4), without an account."""
    ws = fictional_workspace("an", Role.ADMIN)
    hood = Neighbourhood.objects.create(workspace=ws, name="Centrum en omgeving")
    page_row = services.add_page(ws, neighbourhood=hood, title="Wat deden we met jullie ideeën?", user="sara",
                                 decided="Er komt een zitbank met schaduw aan het plein, voor de zomer. De stoep aan "
                                         "de Kerkstraat wordt verlaagd bij het zebrapad.",
                                 not_done="Geen eenrichtingsverkeer in de Molenstraat: de bus moet er door.")
    page_row = services.approve_page(ws, page_row.pk, version=page_row.version, user="jonas")
    page_row = services.publish_page(ws, page_row.pk, version=page_row.version, user="an", role=Role.ADMIN)
    url = f"{live_server.url}/opvolging/terugkoppeling/{page_row.token}/affiche/"
    problems = []
    for name, viewport in (("phone", PHONE), ("desk", DESK)):
        page = open_page(viewport, phone=name == "phone")
        page.goto(url)
        assert page.get_by_role("heading", name=page_row.title, level=1).is_visible()
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        problems += axe_problems(page, f"{name}: poster")
        shoot(page, f"followup-10-{name}-poster")
        if name == "desk":
            page.emulate_media(media="print")
            for size, query in (("A3", ""), ("A4", "?formaat=a4")):
                page.goto(url + query)
                assert not page.locator(".poster-tools").is_visible()  # no buttons on paper
                code = page.locator(".poster-qr svg")
                width, height = code.evaluate("e => [e.viewBox.baseVal.width, e.viewBox.baseVal.height]")
                assert width == height > 100  # scaled to its box as a whole, never cut off
                width_mm = code.bounding_box()["width"] * 25.4 / 96
                assert width_mm >= (90 if size == "A3" else 60), width_mm
                pdf = shoot(page, f"followup-10-poster-{size}").with_suffix(".pdf")
                page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
                assert _pages(pdf) == [(842, 1191) if size == "A3" else (595, 842)], size  # one page, points
        page.context.close()
    assert not problems, problems


def _pages(pdf) -> list[tuple[int, int]]:
    """Each page's width and height in points."""
    from pypdf import PdfReader

    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(str(pdf)).pages]
