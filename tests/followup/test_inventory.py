"""The initiative inventory per building block: initiatives and the plan's actions in one matrix of the nine
blocks against the neighbourhoods, the gaps counted; bad input refused with a message, nothing stored."""

import pytest
from django.contrib.auth import get_user_model

from zorgzaam.followup import inventory as inv
from zorgzaam.followup import services
from zorgzaam.followup.models import Initiative
from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan import plan_service
from zorgzaam.workspaces.models import Membership, Role


def test_the_matrix_and_its_gaps():
    items = [inv.Item("initiative", "Buurtkoffie", ("social_networks", "detection"), (1,)),
             inv.Item("action", "Beweegtoestellen", ("public_space",), (2,)),
             inv.Item("initiative", "Infolijn", ("referral",), ())]  # the whole municipality
    rows = {r.block: r for r in inv.matrix(items, [1, 2])}
    assert rows["social_networks"].cells[0].initiatives == ["Buurtkoffie"] and rows["social_networks"].cells[1].gap
    assert rows["public_space"].cells[1].actions == ["Beweegtoestellen"] and rows["public_space"].cells[0].gap
    assert not rows["referral"].cells[0].gap and rows["referral"].everywhere.initiatives == ["Infolijn"]
    # 9 blocks × 2 neighbourhoods = 18 cells; filled: detection 1, social networks 1, public space 1, referral 2
    assert inv.gaps(list(rows.values())) == 18 - 5


@pytest.mark.django_db
def test_initiatives_and_actions_on_the_inventory_screen(client, team):
    ws, centrum, heide = team["workspace"], team["centrum"], team["heide"]
    services.add_initiative(ws, "Buurtkoffie", runner="Buurtwerk", for_whom="alleenwonende ouderen",
                            neighbourhoods=[centrum], blocks=["social_networks", "detection"])
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen op het plein", parent=goal)
    action.building_blocks = ["public_space"]
    action.save()
    action.neighbourhoods.set([heide])
    with pytest.raises(ZorgzaamError):
        services.add_initiative(ws, "X", neighbourhoods=[team["elsewhere"]], blocks=["detection"])
    with pytest.raises(ZorgzaamError):
        services.add_initiative(ws, "X", blocks=["gezondheid"])
    user = get_user_model().objects.create_user("sara", "sara@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=ws, role=Role.PRACTICE)
    client.force_login(user)
    url = f"/opvolging/{ws.slug}/initiatieven/"
    assert client.post(url, {"name": "Wandelgroep", "blocks": ["inclusion"], "latitude": "51,05",
                             "longitude": "3.72"}).status_code == 302
    walking = Initiative.objects.get(name="Wandelgroep")
    assert (walking.latitude, walking.longitude, walking.building_blocks) == (51.05, 3.72, ["inclusion"])
    bad = client.post(url, {"name": "Kaart", "latitude": "95", "longitude": "3"})
    assert bad.status_code == 200 and "breedtegraad (-90 tot 90)" in bad.content.decode()
    assert Initiative.objects.filter(workspace=ws).count() == 2
    page = client.get(url).content.decode()
    assert "I: Buurtkoffie" in page and "A: Beweegtoestellen op het plein" in page and "I: Wandelgroep" in page
    # 9 × 2 cells; Buurtkoffie fills 2 in Centrum, the action 1 in Heide, Wandelgroep (a point, whole
    # municipality) fills inclusion in both
    assert "13 lege vakken" in page
