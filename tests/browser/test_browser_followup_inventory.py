"""The follow-up's newer screens in a real browser at 1280 and 390 px, each checked by axe and no wider than the
phone: the initiative inventory (blocks × neighbourhoods with the gaps) and the edit screens of a partner, a
meeting, a self-assessment round and a harvest (screenshots in test-output/screenshots/followup-inventory-*)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.browser.conftest import PASSWORD, PHONE, SIZES, fictional_workspace

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.followup import services
from zorgzaam.plan import plan_service
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS
from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


@pytest.fixture
def inventory_site(live_server):
    ws = fictional_workspace("begeleider", Role.FACILITATOR)
    hoods = [Neighbourhood.objects.create(workspace=ws, name=name)
             for name in ("Centrum en omgeving", "Heide", "Kapelhoek", "Molenwijk")]
    services.add_initiative(ws, "Buurtkoffie in het dienstencentrum", runner="Buurtwerk",
                            for_whom="alleenwonende ouderen", neighbourhoods=hoods[:2],
                            blocks=["social_networks", "detection"])
    services.add_initiative(ws, "Sociale kruidenier", runner="OCMW", blocks=["referral", "inclusion"])
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen op het plein", parent=goal)
    action.building_blocks = ["public_space"]
    action.save()
    action.neighbourhoods.set([hoods[1]])
    partner = services.add_partner(ws, "OCMW Overbos", contact_role="maatschappelijk werker", domain="welzijn")
    meeting = services.add_meeting(ws, date=D(2026, 5, 1), consulted="steering_group", title="Stuurgroep mei",
                                   attendance=8, decisions="Zelfevaluatie in oktober.", partners=[partner])
    assessment = services.add_assessment(ws, date=D(2026, 2, 1), scores=dict.fromkeys(BUILDING_BLOCKS, 3))
    harvest = services.add_harvest(ws, action.pk, date=D(2026, 6, 1), what_happened="Toestellen geplaatst.",
                                   reached="2 ouderen en 4 jongeren", effect="large", effort="small")
    return live_server.url, ws, {"partner": partner, "meeting": meeting, "assessment": assessment,
                                 "harvest": harvest}


def test_new_follow_up_screens_on_a_desk_and_on_a_phone(inventory_site, open_page, shoot, sign_in, axe_problems):
    base, ws, rows = inventory_site
    screens = [("inventory", "initiatieven/", "Initiatieven per bouwsteen")]
    edit = {"partner": ("partners", "Partner wijzigen"), "meeting": ("overleg", "Overleg wijzigen"),
            "assessment": ("zelfevaluatie", "Ronde van de zelfevaluatie wijzigen"),
            "harvest": ("oogst", "Oogst wijzigen")}
    for kind, (path, heading) in edit.items():
        screens.append((f"edit-{kind}", f"{path}/{rows[kind].pk}/", heading))
    problems = []
    for name, viewport in SIZES:
        page = open_page(viewport, phone=name == "phone")
        sign_in(page, base, "begeleider", PASSWORD)
        for number, (screen, path, heading) in enumerate(screens, start=1):
            assert page.goto(f"{base}/opvolging/{ws.slug}/{path}").status == 200, screen
            assert page.get_by_role("heading", name=heading, level=1).is_visible(), screen
            if name == "phone":
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], screen
            problems += axe_problems(page, f"{name}: {screen}")
            shoot(page, f"followup-inventory-{number:02d}-{name}-{screen}")
        page.context.close()
    assert problems == []
