"""Decidim's accountability CSV both ways: the plan exported as results (id, parent id, titles and
descriptions per locale, dates, status, progress), a colleague changes progress and status on the platform,
the file read back updates exactly those actions and says what changed."""

import io

import pandas as pd
import pytest

from zorgzaam.plan import decidim
from zorgzaam.plan import plan_service as service
from zorgzaam.plan.tree_models import Action, ActionStatusChange
from zorgzaam.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def small_plan():
    workspace = Workspace.objects.create(name="Balen", slug="balen")
    s1 = service.add_node(workspace, "strategic", "Bewoners kennen elkaar", working_group="WG cohesie")
    o1 = service.add_node(workspace, "operational", "Samenkomen", parent=s1)
    feest = service.add_node(workspace, "action", "Buurtfeest", parent=o1, status="done")
    plek = service.add_node(workspace, "action", "=Ontmoetingsplek", parent=o1, status="ongoing")
    return workspace, s1, o1, feest, plek


def test_export_change_progress_import_round_trip():
    workspace, s1, o1, feest, plek = small_plan()
    data = decidim.export_csv(workspace)
    frame = pd.read_csv(io.BytesIO(data), sep=";", dtype=str, keep_default_na=False)
    assert list(frame.columns) == decidim.COLUMNS
    assert frame["id"].tolist() == [str(n.pk) for n in (s1, o1, feest, plek)]
    assert frame["parent/id"].tolist() == ["", str(s1.pk), str(o1.pk), str(o1.pk)]
    assert frame.loc[2, "status/key"] == "done" and frame.loc[2, "progress"] == "100"
    assert frame.loc[2, "status/name/nl"] == "uitgevoerd" and frame.loc[2, "status/name/en"] == "done"
    assert frame.loc[3, "title/nl"].startswith("S1.O1 A2") and frame.loc[3, "progress"] == ""
    assert not any(v.startswith("=") for v in frame["title/nl"])  # never a live formula
    # on the platform: the meeting place is at 60 %, and then done
    frame.loc[3, "progress"] = "60"
    frame.loc[3, "status/key"] = ""
    frame.loc[3, "status/name/nl"] = "Uitgevoerd"
    frame.loc[4 - 1, "id"] = str(plek.pk)
    extra = pd.DataFrame([{**{c: "" for c in frame.columns}, "id": "99999", "progress": "10"}])
    edited = pd.concat([frame, extra]).to_csv(index=False, sep=";").encode()
    dry = decidim.import_results(workspace, edited, dry_run=True)
    assert Action.objects.get(pk=plek.pk).progress is None
    report = decidim.import_results(workspace, edited, user="tester", lang="nl")
    assert report["changes"] == dry["changes"]
    assert [(c["id"], c["field"], c["old"], c["new"]) for c in report["changes"]] == [
        (plek.pk, "progress", None, 60), (plek.pk, "status", "ongoing", "done")]
    assert [w["code"] for w in report["warnings"]] == ["decidim_unknown_id"] and report["warnings"][0]["line"] == 6
    action = Action.objects.get(pk=plek.pk)
    assert action.progress == 60 and action.status == "done" and action.version == 3
    assert ActionStatusChange.objects.filter(action=action, status="done").exists()
    # exported again, the goal carries the mean of its actions
    again = pd.read_csv(io.BytesIO(decidim.export_csv(workspace)), sep=";", dtype=str, keep_default_na=False)
    assert again.loc[3, "progress"] == "60" and again.loc[1, "progress"] == "80"


def test_bad_values_are_reported_and_skipped():
    workspace, _s1, _o1, feest, _plek = small_plan()
    text = f"id;progress;status/key\n{feest.pk};140;bloemkool\n".encode()
    report = decidim.import_results(workspace, text, name="uit_decidim.csv")
    assert [(w["code"], w["column"]) for w in report["warnings"]] == [("decidim_bad_progress", "progress"),
                                                                       ("decidim_unknown_status", "status/key")]
    assert report["changes"] == [] and Action.objects.get(pk=feest.pk).status == "done"


def test_cli_export_and_import(tmp_path, capsys):
    import json

    from zorgzaam.cli import main

    workspace, _s1, _o1, feest, _plek = small_plan()
    out = tmp_path / "results.csv"
    assert main(["plan", "decidim", "export", str(out), "--workspace", "balen", "--json"]) == 0
    capsys.readouterr()
    text = out.read_text().replace(f"\n{feest.pk};", f"\n{feest.pk};", 1)
    frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    frame.loc[frame["id"] == str(feest.pk), "progress"] = "90"
    frame.to_csv(out, sep=";", index=False)
    assert main(["plan", "decidim", "import", str(out), "--workspace", "balen", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(c["field"], c["new"]) for c in report["changes"]] == [("progress", 90)]
