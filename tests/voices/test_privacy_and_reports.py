"""Erasure, export of one respondent, retention purge, audit rows, and the minimum-cell rule in every
export (JSON, XLSX, Word) of a survey with deliberately small groups."""

from __future__ import annotations

import datetime as dt
import json

import docx
import openpyxl
import pytest
from django.utils import timezone

from zorgzaam.cli import main
from zorgzaam.voices import services
from zorgzaam.voices.models import Answer, ContactDetails, Respondent
from zorgzaam.voices.report import small_cell_violations
from zorgzaam.workspaces.models import AuditEntry

pytestmark = pytest.mark.django_db


def _respond(survey, answers: dict, neighbourhood=None, contact: bool = False) -> Respondent:
    respondent = services.start_response(survey, neighbourhood=neighbourhood, channel="paper")
    services.save_answers(respondent, answers)
    services.complete_response(respondent)
    if contact:
        services.save_contact(respondent, name="Jan Janssens", email="jan@example.org")
    return respondent


@pytest.fixture
def filled(survey, workspace):
    from zorgzaam.areas.models import Neighbourhood

    a = Neighbourhood.objects.create(workspace=workspace, name="Kerkveld")
    b = Neighbourhood.objects.create(workspace=workspace, name="Molenhoek")
    people = []
    # Kerkveld: 18 people, Molenhoek: 7 (so many cells there are small)
    for i in range(18):
        people.append(_respond(survey, {"satisfaction_neighbourhood": 4 if i % 3 else 5,
                                        "talk_neighbours": "weekly" if i < 12 else "never",
                                        "age_band": "65_74" if i < 10 else "25_44",
                                        "marital_status": "married" if i < 11 else "widowed",
                                        "needs_open": f"Idee {i}"}, a))
    for i in range(7):
        people.append(_respond(survey, {"satisfaction_neighbourhood": 2 if i < 5 else 1,
                                        "talk_neighbours": "daily" if i < 2 else "monthly",
                                        "age_band": "85plus", "marital_status": "divorced"}, b))
    people.append(_respond(survey, {"satisfaction_neighbourhood": 3, "involvement_optin": "yes"}, a, contact=True))
    return survey, people


def test_erasure_removes_answers_and_contact(filled):
    survey, people = filled
    target = people[-1]
    assert ContactDetails.objects.filter(respondent=target).exists()
    result = services.erase_respondent(target.pseudonym, actor="tester")
    assert result["contact_details_removed"] and result["answers_removed"] == 2
    assert not Respondent.objects.filter(pk=target.pk).exists()
    assert not Answer.objects.filter(respondent_id=target.pk).exists()
    assert not ContactDetails.objects.exists()
    row = AuditEntry.objects.get(action="erasure")
    assert row.target == target.pseudonym and "Jan" not in json.dumps(row.detail)


def test_export_respondent_is_complete_and_audited(filled, tmp_path, capsys):
    survey, people = filled
    target = people[-1]
    out = tmp_path / "r.json"
    assert main(["survey", "export-respondent", target.pseudonym, "--out", str(out), "--actor", "dpo"]) == 0
    data = json.loads(out.read_text())
    assert data["contact_details"]["email"] == "jan@example.org"
    assert {a["question"] for a in data["answers"]} == {"satisfaction_neighbourhood", "involvement_optin"}
    assert AuditEntry.objects.filter(action="respondent_export", actor="dpo", target=target.pseudonym).exists()
    assert main(["survey", "erase", target.pseudonym, "--actor", "dpo"]) == 0
    assert main(["survey", "erase", target.pseudonym]) == 1  # already gone: a clear error


def test_purge_after_retention(filled):
    survey, _ = filled
    services.close_survey(survey)
    assert services.purge_expired(actor="t") == []
    survey.closed_at = timezone.now() - dt.timedelta(days=survey.retention_days + 1)
    survey.save()
    done = services.purge_expired(actor="t")
    assert done[0]["respondents_removed"] == 26 and not Respondent.objects.exists()
    assert not ContactDetails.objects.exists() and AuditEntry.objects.filter(action="purge").exists()


def test_report_suppression_in_json(filled):
    survey, _ = filled
    report = services.survey_report(survey, actor="t")
    assert small_cell_violations(report) == []
    table = next(t for t in report["tables"] if t["question"] == "talk_neighbours")
    molenhoek = next(r for r in table["rows"] if r["group"] == "Molenhoek")
    assert molenhoek["n"] == 7
    assert all(c["count"] is None or c["count"] >= 5 for c in molenhoek["cells"])
    daily = next(c for c in molenhoek["cells"] if c["category"] == "daily")
    assert daily["suppressed"] and "minder dan 5" in daily["reason"]
    # breakdowns hide small cells too, and the free text is withheld without the right
    assert report["associations"] and report["free_text_withheld"]
    assert "Idee" not in json.dumps(report)
    assert AuditEntry.objects.filter(action="report").count() == 1


def test_free_text_only_when_allowed(filled):
    survey, _ = filled
    report = services.survey_report(survey, actor="t", can_see_free_text=True)
    answers = report["free_text"][0]["answers"]
    assert "Idee 3" in answers


def _numbers_ok(values, minimum=5):
    for value in values:
        if value in (None, "", "x"):
            continue
        if isinstance(value, int | float) and value < minimum:
            return False
    return True


def test_xlsx_and_docx_exports_respect_minimum(filled, tmp_path):
    survey, _ = filled
    xlsx, word = tmp_path / "r.xlsx", tmp_path / "r.docx"
    assert main(["survey", "report", str(survey.pk), "--xlsx", str(xlsx), "--docx", str(word), "--actor", "t"]) == 0
    book = openpyxl.load_workbook(xlsx)
    sheet = book["Tabellen"]
    header = None
    checked = 0
    for row in sheet.iter_rows(values_only=True):
        if row and row[0] == "Groep":
            header = row
            continue
        if header and row and row[0] and len(row) > 2:
            count_values = [row[i] for i, h in enumerate(header) if h and ("(aantal)" in str(h) or h == "Aantal antwoorden")
                            and i < len(row)]
            assert _numbers_ok(count_values), (header, row)
            checked += 1
    assert checked > 20
    marks = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "x" in marks or "<5" in marks
    document = docx.Document(word)
    assert len(document.tables) > 10
    for table in document.tables:
        head = [c.text for c in table.rows[0].cells]
        if "Aantal antwoorden" in head:
            i = head.index("Aantal antwoorden")
            for row in table.rows[1:]:
                text = row.cells[i].text.replace(".", "")
                assert text in ("x", "<5") or int(text) >= 5
    assert AuditEntry.objects.filter(action="report", fmt="docx").exists()
    assert AuditEntry.objects.filter(action="report", fmt="xlsx").exists()


def test_the_cli_writes_the_report_as_pdf_too(filled, tmp_path):
    from pypdf import PdfReader

    survey, _ = filled
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    assert main(["survey", "report", str(survey.pk), "--xlsx", str(xlsx), "--pdf", str(pdf), "--actor", "t"]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Overzicht" in text and "Tabellen" in text
    assert sorted(AuditEntry.objects.filter(action="report").values_list("fmt", flat=True)) == ["pdf", "xlsx"]


def test_writers_refuse_a_report_with_small_cells(filled, tmp_path):
    from zorgzaam.messages import ZorgzaamError
    from zorgzaam.voices.documents import write_xlsx

    survey, _ = filled
    report = services.survey_report(survey, actor="t")
    report["tables"][0]["rows"][0]["cells"][0]["count"] = 2
    with pytest.raises(ZorgzaamError):
        write_xlsx(report, tmp_path / "bad.xlsx")


def test_reference_figure_in_report(filled):
    survey, _ = filled
    services.add_reference_figure(survey, "talk_neighbours", ["never", "less"], 0.1, label="Vlaanderen")
    report = services.survey_report(survey, actor="t")
    comparison = report["comparisons"][0]
    assert comparison["label"] == "Vlaanderen" and comparison["count"] == 6 and comparison["n"] == 25
    assert "Vlaanderen" in comparison["text"]


def test_no_personal_data_in_logs(filled, caplog):
    import logging

    survey, people = filled
    with caplog.at_level(logging.DEBUG, logger="zorgzaam"):
        services.erase_respondent(people[-1].pseudonym, actor="t")
        services.survey_report(survey, actor="t", can_see_free_text=True)
    text = caplog.text
    assert "Jan" not in text and "jan@example.org" not in text and people[-1].pseudonym not in text


def test_a_pseudonym_never_starts_with_a_dash(monkeypatch):
    """A pseudonym is typed after `zorgzaam survey erase`: one starting with "-" would be read as an option.
    secrets.token_urlsafe gives such a token about once in 64; the first two draws here do."""
    from zorgzaam.voices import models as voice_models

    draws = iter(["-abc", "-def", "xyz"])
    monkeypatch.setattr(voice_models.secrets, "token_urlsafe", lambda nbytes: next(draws))
    assert voice_models.new_token() == "xyz"
