"""The demo's plan: built from the summary table's findings, twelve actions in three terms, norms of the four
source kinds with two years of measurements, and the statuses the demo promises (some met, one missed, one
not decided); building the demo again gives the same plan."""

import datetime as dt

import pytest

from zorgzaam.plan import plan_service as service
from zorgzaam.plan.tree_models import Action, Challenge, GoalNode, Measurement, Norm
from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
from zorgzaam.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def test_the_demo_plan(client):
    summary = install_demo(findings=True)
    assert "buurtplan:   2 uitdagingen, 12 acties" in summary
    workspace = Workspace.objects.get(slug=WORKSPACE_SLUG)
    challenges = list(Challenge.objects.filter(workspace=workspace))
    assert len(challenges) == 2 and all(c.findings.exists() for c in challenges)  # made from accepted findings
    assert all(f.status == "accepted" for c in challenges for f in c.findings.all())
    terms = set(Action.objects.filter(node__workspace=workspace).values_list("term", flat=True))
    assert terms == {"KT", "MLT", "LT"}
    kinds = set(Norm.objects.filter(workspace=workspace).values_list("source_kind", flat=True))
    assert kinds == {"catalogue", "survey", "counts", "typed"}
    years = {d.year for d in Measurement.objects.filter(norm__workspace=workspace).values_list("date", flat=True)}
    assert {2024, 2025} <= years
    board = service.norm_board(workspace, today=dt.date(2026, 1, 15))
    statuses = [row["status"] for row in board]
    assert statuses.count("met") >= 3 and statuses.count("missed") == 1 and statuses.count("not_decided") == 1
    survey = next(row for row in board if row["source_kind"] == "survey")
    assert survey["status"] == "not_decided" and survey["low"] < 60 < survey["high"]
    catalogue = next(row for row in board if row["source_kind"] == "catalogue")
    assert catalogue["status"] == "met" and catalogue["count"] == 3  # 2023 baseline, then 2023, 2024, 2025
    plan = service.plan_rows(workspace)
    assert plan["rows"][0]["outline"] == "L1" and plan["vision"].startswith("In Overbos staat niemand")
    outline = [row["outline"] for row in plan["rows"] if row["kind"] == "action"]
    assert outline[0] == "S1.O1 A1" and outline[-1] == "S2.O2 A12"
    nodes = GoalNode.objects.filter(workspace=workspace).count()
    install_demo(findings=True)  # again: the same plan, made anew
    assert GoalNode.objects.filter(workspace=workspace).count() == nodes
    assert Challenge.objects.filter(workspace=workspace).count() == 2
