"""A harvest's proposed norm confirmed into the plan (on the harvest's action, through plan's service layer), and
a partner used as an actor of the plan's RASCI matrix (created once, kept in step when the partner is renamed)."""


import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from tests.followup.test_documents import beweegtoestellen

from zorgzaam.followup import services
from zorgzaam.followup.models import Harvest
from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan import plan_service
from zorgzaam.plan.tree_models import Actor, Norm, RasciRole
from zorgzaam.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


def login(client, ws, role, name="sara"):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=ws, role=role)
    client.force_login(user)


def test_a_proposed_norm_becomes_a_plan_norm_on_the_harvests_action(client, team):
    ws = team["workspace"]
    action = beweegtoestellen(ws)
    harvest = Harvest.objects.get(workspace=ws)
    login(client, ws, Role.PRACTICE)
    response = client.post(f"/opvolging/{ws.slug}/oogst/", {
        "what": "norm", "harvest": harvest.pk, "description": "Elke week komen minstens 2 ouderen bewegen.",
        "comparison": ">=", "target": "2", "unit": "ouderen", "every_months": "3", "how_measured": "turven"})
    assert response.status_code == 302
    norm = Norm.objects.get(workspace=ws)
    assert (norm.node_id, norm.description, norm.source_kind, norm.target, norm.unit, norm.every_months) == (
        action.pk, "Elke week komen minstens 2 ouderen bewegen.", "typed", 2.0, "ouderen", 3)
    assert list(harvest.norms.all()) == [norm]
    page = client.get(f"/opvolging/{ws.slug}/oogst/").content.decode()
    link = reverse("plan-action", args=[ws.slug, action.pk])
    assert f'<a href="{link}#norms">Elke week komen minstens 2 ouderen bewegen.</a>' in page
    bad = client.post(f"/opvolging/{ws.slug}/oogst/", {"what": "norm", "harvest": harvest.pk, "description": "x",
                                                      "comparison": ">=", "target": "140", "unit": "%"})
    assert bad.status_code == 302 and Norm.objects.filter(workspace=ws).count() == 1  # 140 % refused
    with pytest.raises(ZorgzaamError):
        services.norm_from_harvest(team["other"], harvest.pk, description="x", target=1)


def test_a_partner_as_an_actor_of_the_rasci_matrix(client, team):
    ws = team["workspace"]
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen", parent=goal)
    partner = services.add_partner(ws, "Sportdienst", contact_role="sportfunctionaris", domain="sport")
    login(client, ws, Role.FACILITATOR)
    assert client.post(f"/opvolging/{ws.slug}/partners/", {"what": "actor", "partner": partner.pk}).status_code == 302
    actor = Actor.objects.get(workspace=ws)
    assert (actor.name, actor.role, actor.partner.pk) == ("Sportdienst", "sportfunctionaris", partner.pk)
    plan_service.set_rasci(ws, action.pk, actor, "R")
    assert services.partner_as_actor(ws, partner.pk).pk == actor.pk  # once only
    services.update_partner(ws, partner.pk, version=1, organisation="Sport- en vrijetijdsdienst")
    actor.refresh_from_db()
    assert actor.name == "Sport- en vrijetijdsdienst" and RasciRole.objects.get(actor=actor).letter == "R"
    other = services.add_partner(ws, "OCMW")
    plan_service.add_actor(ws, "Buurtwerk")
    services.partner_as_actor(ws, other.pk)
    with pytest.raises(ZorgzaamError) as refused:
        services.update_partner(ws, other.pk, version=1, organisation="Buurtwerk")
    assert refused.value.problem.code == "partner_actor_taken"
    with pytest.raises(ZorgzaamError) as refused:
        services.update_partner(ws, other.pk, version=1, organisation="Sport- en vrijetijdsdienst")
    assert refused.value.problem.code == "partner_exists"
    other.refresh_from_db()
    assert other.organisation == "OCMW" and Actor.objects.get(pk=other.actor_id).name == "OCMW"  # nothing half-stored
    assert "Als actor toevoegen" not in client.get(f"/opvolging/{ws.slug}/partners/").content.decode()
