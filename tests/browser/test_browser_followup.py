"""Follow-up in a real browser at 1280 and 390 px: self-assessment, signal register, harvests, meetings,
partners, the feedback page editor and the residents' public page (no login), each checked by axe, no page
wider than the phone; a round entered from the phone with the keyboard (screenshots in
test-output/screenshots/followup-*)."""

from __future__ import annotations

import datetime as dt
import subprocess

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
    action in Zuid. The map labels each neighbourhood with its counts and shows the three points, each a dot with
    the number it has in the list (by name: Infopunt 1, Wandelgroep 2, Zitbank 3), all in view, also Brussels
    100 km away; axe at 1280 and 390 px."""
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
        assert page.get_attribute("#initiatives-map", "data-points") == "3"  # Brussels too
        labels = page.locator("#initiatives-map .map-count-label").all_inner_texts()
        assert sorted(labels) == ["Noord: 2 initiatieven, 0 acties", "Zuid: 0 initiatieven, 1 actie"], labels
        assert page.locator("#initiatives-map path.leaflet-interactive").count() == 2  # the outlines
        dots = page.locator("#initiatives-map .map-point")
        assert dots.all_inner_texts() == ["1", "2", "3"]
        frame = page.locator("#initiatives-map").bounding_box()
        for box in (dots.nth(i).bounding_box() for i in range(3)):  # whole, inside the map, big enough to read
            assert box["width"] >= 24 and frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
            assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]
        for number, initiative in ((1, "Infopunt"), (2, "Wandelgroep"), (3, "Zitbank")):
            item = page.get_by_role("listitem").filter(has=page.get_by_text(initiative, exact=True))
            badge = item.locator(".map-point-number")  # the number to see, with words for a screen reader
            assert badge.evaluate("e => e.lastChild.textContent") == str(number), initiative
            assert badge.text_content() == f"stip op de kaart {number}", initiative
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


def test_the_inventory_map_of_a_workspace_without_neighbourhoods_or_places(live_server, open_page, sign_in):
    """Nothing to draw is no failure: the map says there is nothing on it yet, in the reader's language."""
    ws = fictional_workspace("begeleider", Role.FACILITATOR)
    services.add_initiative(ws, "Buurtkoffie", blocks=["social_networks"])  # for the whole municipality
    page = open_page(DESK)
    sign_in(page, live_server.url, "begeleider", PASSWORD)
    page.goto(f"{live_server.url}/opvolging/{ws.slug}/initiatieven/")
    page.locator("#initiatives-map.map-failed").wait_for()
    assert page.locator("#initiatives-map").inner_text() == ("Nog niets op de kaart: er zijn nog geen buurten en geen "
                                                             "initiatieven met een plek.")
    page.context.close()


LONG_TEXT = " ".join(["Jullie vroegen om meer plaatsen om even te rusten op weg naar de winkel. Daarom zetten we dit "
                      "jaar vijf nieuwe zitbanken langs de Kerkstraat en de Stationsstraat, met een leuning en in de "
                      "schaduw. De buurtwerker gaat in het najaar met bewoners na of ze goed staan."] * 7)
PAPER_MM = {"A3": (269, 392), "A4": (190.2, 277.2)}  # the sheet less its margins (followup.css)


def test_the_poster_on_a_phone_a_desk_and_paper(live_server, open_page, shoot, axe_problems):
    """The residents' page as a poster: axe at 390 and 1280 px, then a short and a long text printed to A3
    and A4: one page each, the QR code at least 9 cm wide on A3 (6 cm on A4), nothing cut off, the short
    text in big type filling the sheet down to the QR code (not half of it), the long one in smaller type;
    without an account. The PDFs and a PNG of each (pdftoppm) go to test-output/screenshots."""
    ws = fictional_workspace("an", Role.ADMIN)
    hood = Neighbourhood.objects.create(workspace=ws, name="Centrum en omgeving")
    urls = {}
    for length, decided in (("short", "Er komt een zitbank met schaduw aan het plein, voor de zomer. De stoep aan de "
                                      "Kerkstraat wordt verlaagd bij het zebrapad."), ("long", LONG_TEXT)):
        page_row = services.add_page(ws, neighbourhood=hood, title="Wat deden we met jullie ideeën?", user="sara",
                                     decided=decided,
                                     not_done="Geen eenrichtingsverkeer in de Molenstraat: de bus moet er door.")
        page_row = services.approve_page(ws, page_row.pk, version=page_row.version, user="jonas")
        page_row = services.publish_page(ws, page_row.pk, version=page_row.version, user="an", role=Role.ADMIN)
        urls[length] = f"{live_server.url}/opvolging/terugkoppeling/{page_row.token}/affiche/"
    problems = []
    for name, viewport in (("phone", PHONE), ("desk", DESK)):
        page = open_page(viewport, phone=name == "phone")
        page.goto(urls["short"])
        assert page.get_by_role("heading", name=page_row.title, level=1).is_visible()
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        problems += axe_problems(page, f"{name}: poster")
        shoot(page, f"followup-10-{name}-poster")
        page.context.close()
    page = open_page(DESK)
    page.emulate_media(media="print")
    text_pt = {}
    for length, url in urls.items():
        for size, query in (("A3", ""), ("A4", "?formaat=a4")):
            width_mm, height_mm = PAPER_MM[size]
            page.set_viewport_size({"width": round(width_mm * 96 / 25.4), "height": round(height_mm * 96 / 25.4)})
            page.goto(url + query)  # laid out on the sheet's width, as on paper
            assert not page.locator(".poster-tools").is_visible()  # no buttons on paper
            code = page.locator(".poster-qr svg")
            width, height = code.evaluate("e => [e.viewBox.baseVal.width, e.viewBox.baseVal.height]")
            assert width == height > 100  # scaled to its box as a whole, never cut off
            qr_mm = code.bounding_box()["width"] * 25.4 / 96
            assert qr_mm >= (90 if size == "A3" else 60), (length, size, qr_mm)
            box = page.locator(".poster-body").evaluate(
                "e => ({room: e.clientHeight, text: e.scrollHeight, used: [...e.children].reduce((sum, c) => "
                "sum + c.getBoundingClientRect().height + parseFloat(getComputedStyle(c).marginTop) + "
                "parseFloat(getComputedStyle(c).marginBottom), 0)})")
            assert box["text"] <= box["room"] + 1, (length, size, box)  # nothing cut off
            free_mm = (box["room"] - box["used"]) * 25.4 / 96
            assert free_mm < 0.15 * height_mm, (length, size, free_mm)  # the text fills the sheet
            text_pt[length, size] = float(page.locator(".poster-text").first.evaluate(
                "e => getComputedStyle(e).fontSize").removesuffix("px")) * 72 / 96
            pdf = shoot(page, f"followup-10-poster-{length}-{size}").with_suffix(".pdf")
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
            assert _pages(pdf) == [(842, 1191) if size == "A3" else (595, 842)], (length, size)  # one page
            subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
                           check=True)  # the sheet as a picture, to look at
    assert text_pt["short", "A3"] >= 30 and text_pt["long", "A3"] <= 20, text_pt  # big type for a short text
    for length in urls:  # A4 is A3 at 1/√2
        assert abs(text_pt[length, "A4"] - text_pt[length, "A3"] / 2 ** 0.5) < 0.1, text_pt
    assert not problems, problems


def _pages(pdf) -> list[tuple[int, int]]:
    """Each page's width and height in points."""
    from pypdf import PdfReader

    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(str(pdf)).pages]
