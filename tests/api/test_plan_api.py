"""The plan through the read-only API: the goal tree, the actions (outline number, term, status, owner) and
the norms with their computed status and latest measurement; a key of one workspace reads nothing of
another; the schema holds (schemathesis, as for the other endpoints)."""

from __future__ import annotations

import datetime as dt

import pytest

from zorgzaam.plan import plan_service as service

from .conftest import api_client
from .test_schema import wsgi_app  # noqa: F401,F811 (the fixture)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def plan(demo):
    centrum = demo.neighbourhoods.order_by("name").first()
    goal = service.add_node(demo, "strategic", "Meer contact tussen jonge gezinnen")
    sub = service.add_node(demo, "operational", "Jonge gezinnen kennen elkaar", parent=goal)
    games = service.add_node(demo, "action", "Maandelijkse spelnamiddag", parent=sub, term="MLT", owner="Sara",
                             status="ongoing", neighbourhoods=[centrum], next_evaluation=D(2026, 5, 1))
    norm = service.add_norm(demo, games.pk, description="Een derde van de gezinnen komt", source_kind="typed",
                            target=33, baseline_value=10, baseline_date=D(2025, 1, 1), deadline=D(2027, 1, 1))
    service.add_measurement(demo, norm.pk, date=D(2025, 6, 1), value=20)
    service.add_measurement(demo, norm.pk, date=D(2025, 12, 1), value=35)
    return {"goal": goal, "sub": sub, "games": games, "norm": norm, "centrum": centrum}


def test_goals_actions_and_norms(demo, keys, plan):
    client = api_client(keys["lezer"][1])
    base = f"/api/v1/workspaces/{demo.slug}/plan"
    goals = client.get(f"{base}/goals").json()
    assert [(n["outline"], n["kind"], n["parent"]) for n in goals["items"]] == [
        ("S1", "strategic", None), ("S1.O1", "operational", plan["goal"].pk),
        ("S1.O1 A1", "action", plan["sub"].pk)]
    actions = client.get(f"{base}/actions?lang=en").json()["items"]
    assert actions == [{
        "id": plan["games"].pk, "outline": "S1.O1 A1", "title": "Maandelijkse spelnamiddag", "parent": plan["sub"].pk,
        "term": "MLT", "term_label": "medium term", "status": "ongoing", "status_label": "ongoing", "owner": "Sara",
        "working_group": "", "target_group": "", "next_evaluation": "2026-05-01",
        "neighbourhoods": [plan["centrum"].name], "norms": 1, "open_questions": actions[0]["open_questions"]}]
    norms = client.get(f"{base}/norms").json()["items"]
    assert len(norms) == 1
    norm = norms[0]
    assert (norm["status"], norm["node_outline"], norm["target"], norm["comparison"], norm["baseline"]) == (
        "met", "S1.O1 A1", 33.0, ">=", 10.0)
    assert norm["latest"] == {"date": "2025-12-01", "value": 35.0, "low": None, "high": None}
    assert norm["measurements"] == 2 and norm["trend"] == "up"


def test_a_key_of_workspace_a_reads_nothing_of_workspace_b(demo, keys, plan, other):
    other_plan = service.add_node(other["workspace"], "strategic", "Geheim doel")
    service.add_node(other["workspace"], "action", "Geheime actie", parent=other_plan)
    demo_key = keys["beheerder"][1]
    for part in ("goals", "actions", "norms"):
        assert api_client(demo_key).get(f"/api/v1/workspaces/andere/plan/{part}").status_code == 404
        own = api_client(other["key"]).get(f"/api/v1/workspaces/andere/plan/{part}")
        assert own.status_code == 200
        mine = api_client(demo_key).get(f"/api/v1/workspaces/{demo.slug}/plan/{part}").content.decode()
        assert "Geheim" not in mine
        assert api_client(other["key"]).get(f"/api/v1/workspaces/{demo.slug}/plan/{part}").status_code == 404
        assert api_client(None).get(f"/api/v1/workspaces/{demo.slug}/plan/{part}").status_code == 401
    titles = {n["title"] for n in api_client(other["key"]).get("/api/v1/workspaces/andere/plan/goals").json()["items"]}
    assert titles == {"Geheim doel", "Geheime actie"}


def test_the_plan_endpoints_answer_as_their_schema_says(demo, keys, plan, wsgi_app):  # noqa: F811
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    headers = {"Authorization": f"Bearer {keys['lezer'][1]}"}
    answered: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if "/plan/" not in operation.path:
            continue
        strategy = operation.as_strategy(path_parameters={"workspace": demo.slug}, headers=headers)

        @settings(max_examples=8, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, headers=headers)
            assert response.status_code == 200, (case.formatted_path, response.status_code)
            answered.setdefault(case.operation.path, set()).add(response.status_code)

        check()
    assert set(answered) == {f"/api/v1/workspaces/{{workspace}}/plan/{p}" for p in ("goals", "actions", "norms")}
