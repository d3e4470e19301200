"""The screens that change goals and norms: a norm's form with each of the four indicator sources, the
plain module's Dutch refusals at their field (a target over 100 %, a measurement before the baseline), typed
measurements, computing again, a goal's edit/move/delete (under itself refused; a node with children
refused), the actions-per-neighbourhood map data and what's due on the overview. A lezer sees and gets 403
on every change; another workspace answers 404."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.plan import plan_service as service
from zorgzaam.plan.tree_models import GoalNode, Measurement, Norm
from zorgzaam.voices.models import Question
from zorgzaam.web.demo import install_demo
from zorgzaam.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        install_demo()
        centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
        yield centrum.workspace, centrum
        transaction.set_rollback(True)


@pytest.fixture
def plan(demo):
    workspace, centrum = demo
    goal = service.add_node(workspace, "strategic", "Meer contact tussen jonge gezinnen")
    sub = service.add_node(workspace, "operational", "Jonge gezinnen kennen elkaar", parent=goal)
    games = service.add_node(workspace, "action", "Maandelijkse spelnamiddag", parent=sub, term="KT",
                             neighbourhoods=[centrum])
    walk = service.add_node(workspace, "action", "Wandeling langs de speelpleinen", parent=sub, term="LT",
                            neighbourhoods=[centrum])
    return {"workspace": workspace, "centrum": centrum, "goal": goal, "sub": sub, "games": games, "walk": walk}


def login(client, workspace, role, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "een-lang-wachtwoord-42")
    if workspace is not None:
        Membership.objects.create(user=user, workspace=workspace, role=role)
    client.force_login(user)
    return user


def base(plan):
    return f"/plan/{plan['workspace'].slug}/plan"


TYPED = {"description": "Zes nieuwe zitbanken", "source_kind": "typed", "target": "6", "comparison": ">=",
         "unit": "banken", "deadline": "2027-06-30", "baseline_value": "0", "baseline_date": "2025-01-01"}


def test_typed_norm_added_then_edited_with_typed_measurements(client, plan):
    login(client, plan["workspace"], Role.FACILITATOR, "begeleider")
    page = client.get(f"{base(plan)}/onderdeel/{plan['games'].pk}/norm/").content.decode()
    assert "Wanneer noemen we dit een succes?" in page and "Vraag uit een bevraging" in page
    response = client.post(f"{base(plan)}/onderdeel/{plan['games'].pk}/norm/", TYPED)
    norm = Norm.objects.get(node=plan["games"])
    assert response.status_code == 302 and response["Location"].endswith(f"/plan/norm/{norm.pk}/")
    assert (norm.target, norm.unit, norm.deadline, norm.source_kind) == (6, "banken", D(2027, 6, 30), "typed")
    response = client.post(f"{base(plan)}/norm/{norm.pk}/", {**TYPED, "target": "8"})
    norm.refresh_from_db()
    assert response.status_code == 302 and norm.target == 8
    response = client.post(f"{base(plan)}/norm/{norm.pk}/meting/",
                           {"m_date": "2026-01-15", "m_value": "3", "m_note": "foto's van de banken"})
    assert response.status_code == 302
    assert list(norm.measurements.values_list("date", "value", "origin")) == [(D(2026, 1, 15), 3, "typed")]
    page = client.get(f"{base(plan)}/norm/{norm.pk}/").content.decode()
    assert "foto&#x27;s van de banken" in page and "nog niet" in page.lower()


def test_refusals_are_shown_at_their_field_in_dutch(client, plan):
    login(client, plan["workspace"], Role.PRACTICE, "praktijk")
    url = f"{base(plan)}/onderdeel/{plan['games'].pk}/norm/"
    response = client.post(url, {**TYPED, "unit": "%", "target": "120"})
    page = response.content.decode()
    assert response.status_code == 422 and not Norm.objects.filter(node=plan["games"]).exists()
    assert 'id="n-target-error"' in page and "120,0 % kan niet" in page
    assert 'aria-invalid="true" aria-describedby="n-target-error"' in page
    assert 'value="120"' in page  # what was typed stays
    assert '<a href="#n-target">' in page  # the summary links to the field
    response = client.post(url, {**TYPED, "deadline": "30/06/2027", "description": ""})
    page = response.content.decode()
    assert 'id="n-deadline-error"' in page and "geen datum" in page and 'id="n-description-error"' in page

    norm = service.add_norm(plan["workspace"], plan["games"].pk, description="Aandeel", source_kind="typed",
                            target=30, baseline_date=D(2025, 1, 1))
    response = client.post(f"{base(plan)}/norm/{norm.pk}/meting/",
                           {"m_date": "2024-12-01", "m_value": "20", "m_note": "lijst"})
    page = response.content.decode()
    assert response.status_code == 422 and not norm.measurements.exists()
    assert 'id="m-date-error">Een meting van 2024-12-01 valt vóór de beginmeting' in page
    response = client.post(f"{base(plan)}/norm/{norm.pk}/meting/",
                           {"m_date": "2025-06-01", "m_value": "130", "m_note": "lijst"})
    assert response.status_code == 422 and 'id="m-value-error"' in response.content.decode()
    # a baseline moved after a typed measurement would leave it before the baseline: refused at the field
    service.add_measurement(plan["workspace"], norm.pk, date=D(2025, 3, 1), value=20)
    response = client.post(f"{base(plan)}/norm/{norm.pk}/", {
        "description": "Aandeel", "source_kind": "typed", "target": "30", "unit": "%", "baseline_date": "2025-06-01"})
    assert response.status_code == 422 and 'id="n-baseline-date-error"' in response.content.decode()


def test_catalogue_survey_and_counts_sources(client, plan):
    workspace, centrum = plan["workspace"], plan["centrum"]
    login(client, workspace, Role.FACILITATOR, "begeleider")
    page = client.get(f"{base(plan)}/onderdeel/{plan['sub'].pk}/norm/").content.decode()
    assert 'value="share_80plus"' in page  # the catalogue's indicators
    question = Question.objects.filter(code="talk_neighbours", questionnaire__workspace=workspace).first()
    assert f'<option value="{question.pk}"' in page  # the workspace's survey questions

    url = f"{base(plan)}/onderdeel/{plan['sub'].pk}/norm/"
    response = client.post(url, {"description": "Minder 80-plussers alleen", "source_kind": "catalogue",
                                 "target": "50", "comparison": "<=", "unit": "%", "neighbourhood": centrum.pk})
    assert response.status_code == 422 and 'id="n-indicator-error"' in response.content.decode()
    response = client.post(url, {"description": "Aandeel 80-plussers", "source_kind": "catalogue", "target": "50",
                                 "comparison": "<=", "unit": "%", "neighbourhood": centrum.pk,
                                 "indicator_id": "share_80plus"})
    assert response.status_code == 302
    catalogue = Norm.objects.get(node=plan["sub"], source_kind="catalogue")
    assert catalogue.indicator_id == "share_80plus" and catalogue.neighbourhood == centrum

    response = client.post(url, {"description": "Praat met de buren", "source_kind": "survey", "target": "60",
                                 "unit": "%", "neighbourhood": centrum.pk, "question": question.pk,
                                 "answers": [f"{question.pk}|daily", f"{question.pk}|weekly", "999|daily"]})
    assert response.status_code == 302
    survey = Norm.objects.get(node=plan["sub"], source_kind="survey")
    assert survey.question == question and survey.answers == ["daily", "weekly"]

    # counts belong to an action: on a goal refused; on the action over a profile denominator accepted
    counts = {"description": "Een derde van de 80-plussers komt", "source_kind": "counts", "target": "33",
              "unit": "%", "neighbourhood": centrum.pk, "count_label": "80-plussers",
              "denominator_indicator": "share_80plus", "denominator_part": "numerator"}
    response = client.post(url, counts)
    assert response.status_code == 422 and "Tellingen horen bij een actie" in response.content.decode()
    response = client.post(f"{base(plan)}/onderdeel/{plan['games'].pk}/norm/", counts)
    assert response.status_code == 302
    norm = Norm.objects.get(node=plan["games"], source_kind="counts")
    service.add_count(workspace, plan["games"].pk, date=D(2025, 6, 1), label="80-plussers", count=10)
    response = client.post(f"{base(plan)}/norm/{norm.pk}/berekenen/", follow=True)
    assert response.status_code == 200
    assert norm.measurements.filter(origin=Measurement.COMPUTED).count() == 1


def test_goal_edit_move_delete(client, plan):
    workspace = plan["workspace"]
    login(client, workspace, Role.FACILITATOR, "begeleider")
    goal, sub, games = plan["goal"], plan["sub"], plan["games"]
    page = client.get(f"{base(plan)}/onderdeel/{goal.pk}/").content.decode()
    assert "Meer contact tussen jonge gezinnen" in page and "Verplaatsen" in page
    response = client.post(f"{base(plan)}/onderdeel/{goal.pk}/bewaren/",
                           {"title": "Meer contact tussen gezinnen", "working_group": "Gezin",
                            "neighbourhoods": [plan["centrum"].pk]})
    goal.refresh_from_db()
    assert response.status_code == 302 and goal.title == "Meer contact tussen gezinnen" and goal.working_group == "Gezin"

    # under itself or under its own descendant: refused with a clear message, nothing moved
    response = client.post(f"{base(plan)}/onderdeel/{goal.pk}/plaats/", {"parent": goal.pk}, follow=True)
    assert "kan niet onder zichzelf staan" in response.content.decode()
    response = client.post(f"{base(plan)}/onderdeel/{goal.pk}/plaats/", {"parent": sub.pk}, follow=True)
    assert "Zo ontstaat een kring" in response.content.decode() or "kan niet onder" in response.content.decode()
    goal.refresh_from_db()
    assert goal.parent_id is None

    # deleting a node with children is refused until they are moved
    response = client.post(f"{base(plan)}/onderdeel/{sub.pk}/verwijderen/", follow=True)
    assert "Verplaats of verwijder die eerst" in response.content.decode()
    assert GoalNode.objects.filter(pk=sub.pk).exists()
    other = service.add_node(workspace, "operational", "Buren helpen elkaar", parent=goal)
    for action in (games, plan["walk"]):
        assert client.post(f"{base(plan)}/onderdeel/{action.pk}/plaats/", {"parent": other.pk}).status_code == 302
    assert client.post(f"{base(plan)}/onderdeel/{games.pk}/plaats/", {"parent": other.pk, "position": "1"})
    assert list(GoalNode.objects.filter(parent=other).order_by("position").values_list("pk", flat=True)) == [
        games.pk, plan["walk"].pk]
    response = client.post(f"{base(plan)}/onderdeel/{sub.pk}/verwijderen/")
    assert response.status_code == 302 and not GoalNode.objects.filter(pk=sub.pk).exists()


def test_a_lezer_sees_and_gets_403_another_workspace_404(client, plan):
    workspace = plan["workspace"]
    norm = service.add_norm(workspace, plan["games"].pk, description="Zitbanken", source_kind="typed", target=6,
                            unit="banken")
    login(client, workspace, Role.READER, "lezer")
    page = client.get(f"{base(plan)}/norm/{norm.pk}/").content.decode()
    assert "Zitbanken" in page and "Norm bewaren" not in page and "Meting bewaren" not in page
    assert client.get(f"{base(plan)}/onderdeel/{plan['goal'].pk}/").status_code == 200
    posts = [(f"{base(plan)}/onderdeel/{plan['games'].pk}/norm/", TYPED), (f"{base(plan)}/norm/{norm.pk}/", TYPED),
             (f"{base(plan)}/norm/{norm.pk}/meting/", {"m_date": "2026-01-01", "m_value": "1", "m_note": "x"}),
             (f"{base(plan)}/norm/{norm.pk}/berekenen/", {}), (f"{base(plan)}/norm/{norm.pk}/verwijderen/", {}),
             (f"{base(plan)}/onderdeel/{plan['goal'].pk}/bewaren/", {"title": "x"}),
             (f"{base(plan)}/onderdeel/{plan['goal'].pk}/plaats/", {"parent": ""}),
             (f"{base(plan)}/onderdeel/{plan['walk'].pk}/verwijderen/", {})]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Norm.objects.filter(node=plan["games"]).count() == 1 and not norm.measurements.exists()
    assert GoalNode.objects.filter(pk=plan["walk"].pk).exists()

    stranger = Workspace.objects.create(name="Elders", slug="elders")
    client.logout()
    login(client, stranger, Role.ADMIN, "elders-beheerder")
    assert client.get(f"{base(plan)}/norm/{norm.pk}/").status_code == 404
    assert client.get(f"{base(plan)}/plan/kaart.geojson".replace("/plan/plan/", "/plan/")).status_code == 404
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    # a norm of the demo under the stranger's own slug: 404 too
    assert client.get(f"/plan/elders/plan/norm/{norm.pk}/").status_code == 404
    assert client.post(f"/plan/elders/plan/norm/{norm.pk}/meting/", {"m_date": "2026-01-01"}).status_code == 404


def test_actions_per_neighbourhood_map_and_table(client, plan):
    login(client, plan["workspace"], Role.READER, "lezer2")
    data = client.get(f"{base(plan)}/kaart.geojson").json()
    props = {f["properties"]["name"]: f["properties"] for f in data["features"]}
    assert props["Centrum en omgeving"]["KT"] == 1 and props["Centrum en omgeving"]["LT"] == 1
    assert props["Centrum en omgeving"]["total"] == 2
    page = client.get(f"{base(plan)}/").content.decode()
    assert 'id="actions-map"' in page and "Acties gekoppeld aan een buurt, per termijn" in page


def test_whats_due_on_the_workspace_overview(client, plan):
    workspace = plan["workspace"]
    soon = dt.date.today() + dt.timedelta(days=12)
    service.update_action(workspace, plan["games"].pk, version=1, next_evaluation=soon)
    service.add_norm(workspace, plan["goal"].pk, description="Tegen volgende maand gemeten", source_kind="typed",
                     target=5, unit="", deadline=dt.date.today() + dt.timedelta(days=20))
    login(client, workspace, Role.READER, "lezer3")
    page = client.get(reverse("web:dashboard", args=[workspace.slug])).content.decode()
    assert "Wat moet er binnenkort gebeuren?" in page
    assert f"/plan/actie/{plan['games'].pk}/" in page and "evaluatie van" in page
    assert f"/plan/onderdeel/{plan['goal'].pk}/#norms" in page and "Tegen volgende maand gemeten" in page


def test_another_app_adds_its_due_moments_through_the_hook(client, plan):
    """The follow-up app imports plan, so plan cannot import it: it registers a source of due moments."""
    from zorgzaam.plan import due

    workspace = plan["workspace"]

    def feedback(found, *, today, days):
        assert found == workspace and days == 30
        return [{"kind": "feedback", "date": today + dt.timedelta(days=3), "title": "Terugkoppeling Centrum",
                 "url": "/terugkoppeling/1/"}]

    due.register_due_source(feedback)
    try:
        rows = service.workspace_due(workspace, today=D(2026, 3, 10))
        assert rows[-1]["date"] == D(2026, 3, 13) and rows[-1]["title"] == "Terugkoppeling Centrum"
        login(client, workspace, Role.READER, "lezer4")
        page = client.get(reverse("web:dashboard", args=[workspace.slug])).content.decode()
        assert 'terugkoppeling: <a href="/terugkoppeling/1/">Terugkoppeling Centrum</a>' in " ".join(page.split())
    finally:
        due.DUE_SOURCES.remove(feedback)


def test_the_same_changes_from_the_cli(plan, capsys):
    """CLI parity: zorgzaam plan edit|delete|due and norm update, with --json."""
    import json

    from zorgzaam.cli import main

    workspace = plan["workspace"]
    slug = ["--workspace", workspace.slug]
    assert main(["plan", "edit", str(plan["goal"].pk), "--title", "Gezinnen kennen elkaar", "--working-group", "Gezin",
                 *slug]) == 0
    plan["goal"].refresh_from_db()
    assert (plan["goal"].title, plan["goal"].working_group) == ("Gezinnen kennen elkaar", "Gezin")
    assert main(["plan", "delete", str(plan["sub"].pk), *slug]) == 1  # the actions hang under it
    assert "Verplaats of verwijder die eerst" in capsys.readouterr().err
    norm = service.add_norm(workspace, plan["games"].pk, description="Zitbanken", source_kind="typed", target=6,
                            unit="banken", deadline=D(2026, 4, 1))
    assert main(["plan", "norm", "update", str(norm.pk), "--target", "8", *slug]) == 0
    norm.refresh_from_db()
    assert norm.target == 8
    assert main(["plan", "norm", "update", str(norm.pk), "--target", "120", *slug]) == 0  # a count, not a share
    percent = service.add_norm(workspace, plan["games"].pk, description="Aandeel", source_kind="typed", target=30)
    assert main(["plan", "norm", "update", str(percent.pk), "--target", "120", *slug]) == 1
    capsys.readouterr()
    assert main(["plan", "due", "--today", "2026-03-10", "--json", *slug]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["date"], r["norm_id"]) for r in rows] == [("measurement", "2026-04-01", norm.pk)]
    assert main(["plan", "delete", str(plan["walk"].pk), *slug]) == 0
    assert not GoalNode.objects.filter(pk=plan["walk"].pk).exists()
