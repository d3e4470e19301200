"""XLSForm (built with openpyxl in tmp_path) and Kobo/LimeSurvey-style response exports."""

from __future__ import annotations

import openpyxl
import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.voices.bank import build_questionnaire
from zorgzaam.voices.responses_import import plan_import, read_table
from zorgzaam.voices.xlsform import read_xlsform


def make_xlsform(path, *, with_repeat=True):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::Dutch (nl)", "label::English (en)", "required", "relevant", "constraint",
                   "appearance", "calculation", "parameters"])
    survey.append(["begin_group", "wonen", "Wonen", "Living", "", "", "", "", "", ""])
    survey.append(["select_one yn", "graag", "Woont u hier graag?", "Do you like living here?", "yes", "", "", "",
                   "", ""])
    survey.append(["range", "score", "Rapportcijfer", "Score", "", "", "", "", "", "start=0 end=10 step=1"])
    survey.append(["integer", "jaren", "Hoeveel jaar?", "How many years?", "", "${graag} = 'yes'",
                   ". >= 0 and . <= 100", "", "", ""])
    survey.append(["select_multiple hulp", "diensten", "Welke diensten?", "Which services?", "", "", "", "", "", ""])
    survey.append(["text", "opmerking", "Opmerking", "Remark", "", "${jaren} > 3 or ${graag} = 'no'", "",
                   "multiline", "", ""])
    survey.append(["end_group", "", "", "", "", "", "", "", "", ""])
    if with_repeat:
        survey.append(["begin_repeat", "kinderen", "Kinderen", "Children", "", "", "", "", "", ""])
        survey.append(["text", "naam_kind", "Naam", "Name", "", "", "", "", "", ""])
        survey.append(["end_repeat", "", "", "", "", "", "", "", "", ""])
    survey.append(["geopoint", "plek", "Waar?", "Where?", "", "", "", "", "", ""])
    survey.append(["calculate", "som", "", "", "", "", "", "", "1+1", ""])
    survey.append(["image", "foto", "Foto", "Photo", "", "", "", "", "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Dutch (nl)", "label::English (en)"])
    choices.append(["yn", "yes", "Ja", "Yes"])
    choices.append(["yn", "no", "Nee", "No"])
    choices.append(["hulp", "huisarts", "Huisarts", "GP"])
    choices.append(["hulp", "ocmw", "OCMW", "Welfare centre"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(["Buurtbevraging", "buurt2026"])
    book.save(path)
    return path


def test_xlsform_supported_and_unsupported(tmp_path):
    result = read_xlsform(make_xlsform(tmp_path / "form.xlsx"))
    spec = result.spec
    by = spec.by_code()
    assert spec.title_nl == "Buurtbevraging" and spec.sections[0]["nl"] == "Wonen"
    assert [q.code for q in spec.questions] == ["graag", "score", "jaren", "diensten", "opmerking", "plek"]
    assert by["graag"].type == "single" and by["graag"].required and by["graag"].choices[0].en == "Yes"
    assert (by["score"].type, by["score"].scale_min, by["score"].scale_max) == ("scale", 0, 10)
    assert by["jaren"].condition.question == "graag" and by["jaren"].max_value == 100
    assert by["diensten"].type == "multiple" and by["opmerking"].type == "long_text"
    assert by["opmerking"].condition is None and by["plek"].type == "map_point"
    text = " ".join(result.messages("nl"))
    assert "Herhaalgroep 'kinderen'" in text and "naam_kind" in text
    assert "'calculate'" in text and "'photo'" in text and "te ingewikkeld" in text
    assert "Repeat group 'kinderen' is not supported" in " ".join(result.messages("en"))


def test_xlsform_unreadable(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    with pytest.raises(ZorgzaamError):
        read_xlsform(bad)


def _spec():
    return build_questionnaire(["satisfaction_neighbourhood", "talk_neighbours", "services_used", "age_band",
                                "needs_open"], title_nl="T")


def test_kobo_csv_mapping_report(tmp_path):
    path = tmp_path / "kobo.csv"
    path.write_text(
        "start;end;wonen/satisfaction_neighbourhood;wonen/talk_neighbours;services_used;services_used/gp;"
        "services_used/ldc;leeftijd_ruw;age_band;buurt;_id;_uuid;_submission_time;extra_vraag\n"
        "2025-01-01;2025-01-01;4;weekly;gp ldc;1;1;71;75_84;Kerkveld;1;u-1;2025-01-01;a\n"
        "2025-01-02;2025-01-02;2;Elke maand;gp;1;0;44;25_44;kerkveld;2;u-2;2025-01-02;b\n",
        encoding="utf-8-sig")
    frame = read_table(path)
    plan = plan_import(frame, _spec(), "kobo", file="kobo.csv", neighbourhoods=["Kerkveld"])
    report = plan.report()
    matched = {m["column"]: m for m in report["matched"]}
    assert matched["wonen/satisfaction_neighbourhood"]["question"] == "satisfaction_neighbourhood"
    assert matched["wonen/satisfaction_neighbourhood"]["how"] == "group path"
    assert set(report["unmatched_columns"]) == {"leeftijd_ruw", "extra_vraag"}
    assert {"_id", "_uuid", "start", "end", "services_used/gp"} <= set(report["meta_columns"])
    assert report["questions_without_column"] == ["needs_open"]
    assert not plan.problems and len(plan.rows) == 2
    first, second = plan.rows
    assert first.answers == {"satisfaction_neighbourhood": 4, "talk_neighbours": "weekly",
                             "services_used": ["gp", "ldc"], "age_band": "75_84"}
    assert second.answers["talk_neighbours"] == "monthly"  # a label export is matched by label
    assert first.neighbourhood == second.neighbourhood == "Kerkveld" and first.external_id == "u-1"


def test_kobo_bad_values_reported_with_line_and_column(tmp_path):
    path = tmp_path / "kobo.csv"
    path.write_text("satisfaction_neighbourhood,age_band,_uuid\n7,75_84,a\n3,120,b\n4,25_44,a\n", encoding="utf-8")
    plan = plan_import(read_table(path), _spec(), "kobo", file="kobo.csv")
    messages = [p.render("nl") for p in plan.problems]
    assert any("regel 2" in m and "satisfaction_neighbourhood" in m and "tussen 1 en 5" in m for m in messages)
    assert any("regel 3" in m and "'120'" in m for m in messages)
    assert any("regel 4" in m and "regel 2" in m for m in messages[-1:])  # duplicate response id
    assert plan.refused_lines == [2, 3, 4]


def test_limesurvey_option_columns(tmp_path):
    path = tmp_path / "lime.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "submitdate", "lastpage", "startlanguage", "satisfaction_neighbourhood",
                  "services_used[SQ001]", "services_used[SQ005]", "Q99"])
    sheet.append(["11", "2025-03-01 10:00", "4", "nl", "5", "Y", "", "x"])
    sheet.append(["12", "", "2", "nl", "3", "", "Y", ""])
    book.save(path)
    plan = plan_import(read_table(path), _spec(), "limesurvey", file="lime.xlsx")
    assert plan.report()["unmatched_columns"] == ["Q99"]
    first, second = plan.rows
    assert first.answers["services_used"] == ["gp"] and first.complete
    assert second.answers["services_used"] == ["ldc"] and not second.complete


def test_no_matching_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ZorgzaamError, match="Geen enkele kolom"):
        plan_import(read_table(path), _spec(), "kobo", file="x.csv")


@pytest.mark.django_db
def test_import_service_is_all_or_nothing_and_idempotent(tmp_path, survey):
    from zorgzaam.voices import services
    from zorgzaam.voices.models import Respondent

    path = tmp_path / "kobo.csv"
    path.write_text("satisfaction_neighbourhood,age_band,_uuid\n4,75_84,a\n9,25_44,b\n", encoding="utf-8")
    report = services.import_responses(survey, path, "kobo")
    assert report["stored"] == 0 and report["problem_count"] == 1 and not Respondent.objects.exists()
    report = services.import_responses(survey, path, "kobo", skip_bad_rows=True)
    assert report["stored"] == 1
    again = services.import_responses(survey, path, "kobo", skip_bad_rows=True)
    assert again["stored"] == 0 and again["already_imported"] == 1
    respondent = Respondent.objects.get()
    assert respondent.channel == "import" and services.current_answers(respondent) == {
        "satisfaction_neighbourhood": 4, "age_band": "75_84"}


@pytest.mark.django_db
def test_xlsform_service_and_cli(tmp_path, workspace, capsys):
    from zorgzaam.cli import main
    from zorgzaam.voices.models import Survey

    path = make_xlsform(tmp_path / "form.xlsx")
    assert main(["survey", "import-xlsform", str(path), "--workspace", workspace.slug]) == 0
    out = capsys.readouterr().out
    assert "6 vragen" in out and "Herhaalgroep" in out
    survey = Survey.objects.get()
    assert survey.questionnaire.questions.count() == 6
