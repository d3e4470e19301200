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


@pytest.mark.django_db
def test_a_point_counts_in_the_neighbourhood_that_holds_it():
    """Demo sectors 99001A00- (Noord) and 99001A01- (Zuid) as two neighbourhoods. 51.23287 N 5.24018 E lies in
    99001A00- (its representative point, moved to degrees); 51.25776 N 5.23458 E in 99001A02-, a sector of
    Overbos in no neighbourhood; 50.8467 N 4.3525 E is Brussels, far outside the demo."""
    from zorgzaam.areas.neighbourhood_service import create_neighbourhood
    from zorgzaam.areas.store import save_areas
    from zorgzaam.sources.demo import generate_demo
    from zorgzaam.workspaces.models import Workspace

    data = generate_demo()
    save_areas(data.areas, data.links)
    ws = Workspace.objects.create(name="Punten", slug="punten")
    north = create_neighbourhood("Noord", workspace=ws, sectors=["99001A00-"]).neighbourhood
    south = create_neighbourhood("Zuid", workspace=ws, sectors=["99001A01-"]).neighbourhood
    services.add_initiative(ws, "Wandelgroep", blocks=["inclusion"], latitude=51.23287, longitude=5.24018)
    services.add_initiative(ws, "Zitbank", blocks=["public_space"], latitude=51.25776, longitude=5.23458)
    services.add_initiative(ws, "Infopunt", blocks=["referral"], latitude=50.8467, longitude=4.3525)
    found = services.inventory(ws)
    assert [h.pk for h in found["neighbourhoods"]] == [north.pk, south.pk]
    rows = {r.block: r for r in found["rows"]}
    inclusion = rows["inclusion"]
    assert inclusion.cells[0].initiatives == ["Wandelgroep"] and inclusion.cells[1].gap
    assert inclusion.everywhere.initiatives == []
    assert rows["public_space"].everywhere.initiatives == ["Zitbank"]  # in Overbos, but in no neighbourhood
    assert rows["referral"].everywhere.initiatives == ["Infopunt"]
    # 18 cells: Wandelgroep fills 1, Zitbank and Infopunt (whole municipality) 2 each
    assert found["gaps"] == 18 - 5
    assert {i.name: i.placed_in for i in found["initiatives"]} == {"Infopunt": [], "Wandelgroep": ["Noord"],
                                                                   "Zitbank": []}


def test_place_on_a_border_and_outside():
    import shapely

    left, right = shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)
    shapes = {1: [left], 2: [right], 3: []}
    assert inv.place(5, 5, shapes) == (1,)
    assert inv.place(10, 5, shapes) == (1, 2)
    assert inv.place(25, 5, shapes) == ()
