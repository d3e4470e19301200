"""Importing an existing action list: Balen's WG cohesie register (seed 000 §6.4–6.5, titles in our own
words): S1 with O1–O4 and S2 with O1–O2, numbered per working group, its last action numbered 17 where the
tree has room for 15 — imported with a warning on that line. A line that cannot be placed refuses the whole
file; unusual column names and order are mapped; statuses are read in the register's own words."""

from pathlib import Path

import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan import plan_import as pi
from zorgzaam.plan.tree_models import Action, GoalNode
from zorgzaam.workspaces.models import Workspace

DATA = Path(__file__).parent / "data" / "wg_cohesie_register.csv"


def test_balen_register_is_placed_with_the_numbering_warning_on_the_right_line():
    table = pi.read_table(DATA)
    mapping = pi.guess_mapping(table.columns)
    assert mapping == {"Actie nr": "number", "Titel": "title", "Strategisch doel": "strategic",
                       "Operationeel doel": "operational", "Werkgroep": "working_group", "Maatregel": "measure",
                       "Stand van zaken": "status"}
    check = pi.check_import(table, mapping)
    assert not check.refused
    assert [(g["outline"], g["kind"]) for g in check.goals] == [
        ("S1", "strategic"), ("S2", "strategic"), ("S1.O1", "operational"), ("S1.O2", "operational"),
        ("S1.O3", "operational"), ("S1.O4", "operational"), ("S2.O1", "operational"), ("S2.O2", "operational")]
    assert [x.label for x in check.lines][-3:] == ["WG cohesie · S2.O1 A13", "WG cohesie · S2.O2 A14",
                                                   "WG cohesie · S2.O2 A15"]
    assert [(w.code, w.line, w.column) for w in check.warnings] == [("import_number_mismatch", 16, "Actie nr")]
    warning = check.warnings[0]
    assert warning.render("nl").startswith("bestand wg_cohesie_register.csv, regel 16, veld 'Actie nr': Actie 17")
    assert "15–16" in warning.render("nl") and "S2.O2 A15" in warning.render("nl")
    assert "numbers 15–16 missing" in warning.render("en") or "15–16" in warning.render("en")
    statuses = {x.number: x.status for x in check.lines}
    assert statuses["1"] == "ongoing" and statuses["3"] == "ongoing" and statuses["4"] == "not_started"
    assert statuses["7"] == "done" and statuses["9"] == "recurring" and statuses["14"] == "under_study"


@pytest.mark.django_db
def test_balen_register_is_written_in_one_go():
    workspace = Workspace.objects.create(name="Balen", slug="balen")
    report = pi.run_import(workspace, DATA, user="tester")
    assert not report["refused"] and report["written"]["actions"] == 15
    assert report["written"]["goals_created"] == 8
    assert [w["line"] for w in report["warnings"]] == [16]
    s2 = GoalNode.objects.get(workspace=workspace, kind="strategic", title="Bewoners kennen elkaar")
    assert s2.working_group == "WG cohesie"
    o2 = GoalNode.objects.get(parent=s2, title="Op elkaar kunnen rekenen")
    assert list(o2.children.values_list("title", flat=True)) == ["Buren helpen elkaar",
                                                                  "Plekken om elkaar te ontmoeten"]
    assert Action.objects.get(node__title="Een rijdend infopunt in de buurt").node.description.startswith("Vragen")
    # a dry run writes nothing; the same file again adds nothing twice (each line skipped with a warning)
    before = GoalNode.objects.count()
    assert pi.run_import(workspace, DATA, dry_run=True)["dry_run"] and GoalNode.objects.count() == before
    again = pi.run_import(workspace, DATA, user="tester")
    assert again["written"] == {"actions": 0, "goals_created": 0, "goals_reused": 8, "ids": []}
    assert again["actions"] == 0 and all(row["skipped"] for row in again["preview"])
    assert sorted({w["code"] for w in again["warnings"]}) == ["import_action_exists", "import_number_mismatch"]
    assert GoalNode.objects.count() == before


BAD = """Nr;Titel;Strategisch doel;Operationeel doel;Werkgroep;Status
1;Infopunt;S1: Genoeg middelen;O1: Rechten kennen;WG cohesie;lopend
2;Doorverwijzen;S1;O1;WG cohesie;uitgevoerd
3;Zwevende actie;;O2: Tijdig hulp;WG cohesie;lopend
4;;S1;O1;WG cohesie;lopend
"""


@pytest.mark.django_db
def test_a_line_that_cannot_be_placed_refuses_the_whole_file():
    workspace = Workspace.objects.create(name="Balen", slug="balen")
    report = pi.run_import(workspace, BAD.encode(), name="lijst.csv")
    assert report["refused"] and "written" not in report
    assert [(e["code"], e["line"], e["column"]) for e in report["errors"]] == [
        ("import_sub_goal_without_goal", 4, "Strategisch doel"), ("import_no_title", 5, "Titel")]
    assert report["errors"][0]["message"].startswith("bestand lijst.csv, regel 4, veld 'Strategisch doel'")
    assert GoalNode.objects.filter(workspace=workspace).count() == 0
    check = pi.check_import(pi.read_table(BAD.encode(), "lijst.csv"), pi.guess_mapping(BAD.splitlines()[0].split(";")))
    with pytest.raises(ZorgzaamError) as refused:
        pi.import_plan(workspace, check)
    assert refused.value.problem.code == "import_refused" and refused.value.problem.line == 4
    assert "Nothing imported" in refused.value.render("en")
    assert GoalNode.objects.filter(workspace=workspace).count() == 0


UNUSUAL = """State,Group,What we do,Sub-goal,No.,Goal,Notes
Done,WG verkeer,Schoolstraat proberen,S1/O1,1,,kept short
in progress,WG verkeer,Snelheid meten,S1/O1,2,,
wie weet,WG verkeer,Info over de belbus,S2/O1,3,,
"""


def test_unusual_column_names_and_order_and_an_override():
    table = pi.read_table(UNUSUAL.encode(), "traffic.csv")
    mapping = pi.guess_mapping(table.columns)
    assert mapping["State"] == "status" and mapping["Group"] == "working_group" and mapping["No."] == "number"
    assert mapping["Sub-goal"] == "operational" and mapping["Goal"] == "strategic"
    assert mapping["What we do"] == ""  # not recognised: the person maps it
    mapping = pi.apply_overrides(mapping, ["What we do=title", "Notes=measure"], table.columns)
    check = pi.check_import(table, mapping)
    assert not check.refused
    assert [x.label for x in check.lines] == ["WG verkeer · S1.O1 A1", "WG verkeer · S1.O1 A2",
                                              "WG verkeer · S2.O1 A3"]
    assert [x.status for x in check.lines] == ["done", "ongoing", "not_started"]
    assert [(w.code, w.line, w.column) for w in check.warnings] == [("import_status_unknown", 4, "State")]
    with pytest.raises(ZorgzaamError) as bad:
        pi.apply_overrides(mapping, ["Nope=title"], table.columns)
    assert bad.value.problem.code == "import_unknown_column"


def test_a_workbook_reads_the_same_as_csv(tmp_path):
    import pandas as pd

    frame = pd.read_csv(DATA, sep=";", dtype=str, keep_default_na=False)
    path = tmp_path / "register.xlsx"
    frame.to_excel(path, index=False)
    check = pi.check_import(pi.read_table(path), pi.guess_mapping(list(frame.columns)))
    assert len(check.lines) == 15 and [w.line for w in check.warnings] == [16]


def test_status_words():
    assert pi.status_code("Dit gebeurt regelmatig") == "recurring"
    assert pi.status_code("werd uitgevoerd") == "done"
    assert pi.status_code("niets ondernomen") == "not_undertaken"
    assert pi.status_code("Rejected") == "rejected"
    assert pi.status_code("") == "not_started"
    assert pi.status_code("bloemkool") is None


@pytest.mark.django_db
def test_cli_import_json(capsys):
    import json

    from zorgzaam.cli import main

    Workspace.objects.create(name="Balen", slug="balen")
    assert main(["plan", "import", str(DATA), "--workspace", "balen", "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] and out["lines"] == 15 and out["warnings"][0]["line"] == 16
    assert GoalNode.objects.count() == 0
    assert main(["plan", "import", str(DATA), "--workspace", "balen", "--map", "Maatregel=", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["written"]["actions"] == 15 and out["columns"]["Maatregel"] == ""


def test_a_register_with_title_rows_above_its_header(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Actieplan werkgroep cohesie"])
    sheet.append(["stand na anderhalf jaar"])
    sheet.append(["Nr", "Actie", "S", "O", "Status"])
    sheet.append([1, "Infopunt", "S1", "O1", "lopend"])
    sheet.append([None, None, None, None, None])
    sheet.append([3, "Buurtfeest", "S2", "O1", "uitgevoerd"])
    path = tmp_path / "register.xlsx"
    book.save(path)
    table = pi.read_table(path)
    assert table.columns == ["Nr", "Actie", "S", "O", "Status"]
    assert [line for line, _row in table.rows] == [4, 6]
    check = pi.check_import(table, pi.guess_mapping(table.columns))
    assert [x.label for x in check.lines] == ["S1.O1 A1", "S2.O1 A2"]
    assert [(w.code, w.line) for w in check.warnings] == [("import_number_mismatch", 6)]  # 2 is missing
