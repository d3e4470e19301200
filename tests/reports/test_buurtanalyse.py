"""The buurtanalyse of the fictional demo municipality Overbos, read back from Word and PDF: headings, the
checklist annex with each condition's status and evidence links, no survey cell under the minimum, the same
text for the same inputs; exports kept as new versions and audited; the screen, the job and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

pytestmark = pytest.mark.django_db

NAME = "Centrum en omgeving"


def _demo(full: bool = True):
    """The demo; ``full``: with the summary table, the plan and a year of follow-up (meetings included)."""
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
    from zorgzaam.workspaces.models import Workspace

    install_demo(findings=full, extensions=full)
    return Workspace.objects.get(slug=WORKSPACE_SLUG)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _document_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = archive.read("word/document.xml").decode()
    return re.sub(r'w:rsid\w*="[^"]*"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?', "", text)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_demo_buurtanalyse_in_word_and_pdf():
    from zorgzaam.reports import buurtanalyse as ba
    from zorgzaam.reports.collect import neighbourhoods_of
    from zorgzaam.voices.report import small_cell_violations

    workspace = _demo()
    neighbourhoods = neighbourhoods_of(workspace, [NAME])
    data = ba.gather(workspace, neighbourhoods, actor="test")
    report = ba.build_report(data)
    docx, pdf = ba.render(report, "docx"), ba.render(report, "pdf")

    # headings: every chosen section and the annex, as real Word headings
    document = Document(io.BytesIO(docx))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [ba.SECTION_TITLES[code] for code in ba.SECTIONS] + [
        "Bijlage: checklist van het woonzorgdecreet"]
    assert 'TOC \\o "1-2"' in _document_xml(docx)
    word = _docx_text(docx)
    text = _pdf_text(pdf)
    for expected in ["Buurtanalyse: Centrum en omgeving", "Inhoud", "Kerncijfers van Centrum en omgeving",
                     "Voorzieningen in en rond Centrum en omgeving", "Samenvattende tabel: Centrum en omgeving",
                     "Overleg en inspraak"] + headings:
        assert expected in text, expected
        assert expected in word, expected
    assert "straten uit het stratennetwerk van de analyse" in word  # the maps draw the demo's streets (issue 13)

    # the annex: each condition with its status, evidence with the screens' addresses, the missing council
    checklist = data.checklist
    for condition in (1, 2, 3):
        title = f"{ba.checklist_section.__globals__['CONDITIONS'][condition]} "
        status = ba.checklist_section.__globals__["STATUS_WORDS"][checklist.condition_status(condition)]
        assert f"{title}({status})" in text and f"{title}({status})" in word
    council = checklist.item("consulted_senior_council")
    assert council.status == "met" and council.evidence[0].url.startswith("/opvolging/demo-overbos/overleg/#meeting-")
    unwrapped = re.sub(r"-\s", "-", text)  # a long address wraps after a hyphen in the PDF
    assert council.evidence[0].url in word and council.evidence[0].url in unwrapped
    assert f"/profiel/demo-overbos/buurten/{neighbourhoods[0].pk}/" in word
    for item in checklist.items:
        assert f"{item.title} | {ba.checklist_section.__globals__['STATUS_WORDS'][item.status]}" in word
    assert report.draft == (not checklist.complete)
    if report.draft:
        assert "ONTWERP" in text and "Nog te doen" in text

    # the delineation and summary maps (the one map renderer), numbered, with caption and alt text
    from zorgzaam.graphics.document import Figure

    figures = [b for s in report.sections for b in s.blocks if isinstance(b, Figure)]
    assert [f.caption for f in figures] == ["De buurten in de gemeente", "Samenvattende kaart"]
    assert all(NAME in f.alt for f in figures)
    assert "Figuur 1: De buurten in de gemeente" in text and "Figuur 2: Samenvattende kaart" in text
    alts = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', _document_xml(docx))
    assert len(alts) == 2 and all(NAME in a for a in alts)
    # the synthesis questions answered per neighbourhood from the findings (a strength is not a signal)
    for question in ("Wie woont er?", "Zijn er signalen van eenzaamheid of sociaal isolement?",
                     "Zijn er signalen van een (onbeantwoorde) zorg- en ondersteuningsnood?", "Welke kansen zien we?"):
        assert question in word and question in text
    assert "Aandeel 65-plussers: 28,3 % (gemeente: 24,7 %), 2025" in word
    synthesis = "\n".join(getattr(b, "text", "") for b in report.sections[ba.SECTIONS.index("synthesis")].blocks)
    lonely = synthesis.split("eenzaamheid of sociaal isolement?")[1].split("zorg- en ondersteuningsnood?")[0]
    assert "Ouderen die alleen wonen, komen zelden nog buiten" in lonely
    assert "kent veel oudere bewoners bij naam" not in lonely  # a strength: under the opportunities
    assert "finding_mismatch_question" not in word  # the summary table's questions are worded

    # what lives there: the survey is in, and no cell under the minimum anywhere
    assert data.surveys and "Respons: Bevraging" in word
    for survey in data.surveys:
        assert small_cell_violations(survey) == []
        minimum = survey["min_cell"]
        checked = 0
        for table in document.tables:  # the survey tables are voices.documents.survey_table's (one function)
            header = [c.text for c in table.rows[0].cells]
            if header[:2] in (["Groep", "Respondenten"], ["Groep", "Aantal antwoorden"]):
                counts = [row.cells[1].text for row in table.rows[1:]]
            elif header and header[0] == "" and table.rows[1].cells[0].text == "Aantal antwoorden":
                counts = [c.text for c in table.rows[1].cells[1:]]
            else:
                continue
            checked += 1
            for count in counts:
                assert count == f"<{minimum}" or int(count.replace(".", "")) >= minimum, (header, count)
        assert checked == 1 + 1 + ba.SURVEY_TABLES  # the response, the loneliness score and the first questions
    # the loneliness score of everyone: the same figures as before the one function, with its non-breaking spaces
    assert "Totaal | 444 | 67,1\xa0% (62,6–\u206071,3) | 32,9\xa0% (28,7–\u206037,4)" in word

    # identical inputs give identical content (read again from the database, rendered again)
    again = ba.build_report(ba.gather(workspace, neighbourhoods_of(workspace, [NAME]), actor="test"))
    assert _document_xml(ba.render(again, "docx")) == _document_xml(docx)
    assert _pdf_text(ba.render(again, "pdf")) == text

    # without the senior advisory council's consultation the item is missing and a to-do
    from zorgzaam.followup.models import Meeting
    from zorgzaam.reports.collect import checklist_for

    Meeting.objects.filter(workspace=workspace, consulted="senior_council").delete()
    without = checklist_for(workspace, neighbourhoods)
    assert without.item("consulted_senior_council").status == "missing"
    assert "consulted_senior_council" in [t.code for t in without.todos]

    keep = os.environ.get("ZORGZAAM_KEEP_REPORTS")  # the pages looked at by a person (PNG per page)
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / "buurtanalyse-overbos.pdf").write_bytes(pdf)
        (Path(keep) / "buurtanalyse-overbos.docx").write_bytes(docx)


def test_one_environment_analysis_for_all_neighbourhoods(monkeypatch):
    """The report computes the region's network, locations, reach and supply once for the demo's three
    neighbourhoods, and the street lines once (only the municipality's maps draw them); each neighbourhood's
    profile is built once (the sections' signals and census counts read it), only the municipality's census
    profile besides; each section has the figures it has when computed on its own."""
    from zorgzaam.environment import layers, service
    from zorgzaam.graphics.document import Figure, Paragraph
    from zorgzaam.profile import service as profile_service
    from zorgzaam.reports import buurtanalyse as ba
    from zorgzaam.reports.collect import neighbourhoods_of
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
    from zorgzaam.workspaces.models import Workspace

    install_demo(extensions=True)  # facilities and the street network, no summary table
    workspace = Workspace.objects.get(slug=WORKSPACE_SLUG)
    neighbourhoods = neighbourhoods_of(workspace)
    assert len(neighbourhoods) == 3
    calls = {"region": 0, "streets": 0, "profile": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(service, "_region_analysis", counted("region", service._region_analysis))
    monkeypatch.setattr(layers, "street_paths", counted("streets", layers.street_paths))
    monkeypatch.setattr(profile_service, "build_profile", counted("profile", profile_service.build_profile))
    data = ba.gather(workspace, neighbourhoods, sections=("delineation", "environment"), actor="test")
    assert calls == {"region": 1, "streets": 1, "profile": 3 + 1}  # was 3 + 3 + 3 + 4 (signals, census, walkability)
    first, *others = [n.environment for n in data.neighbourhoods]
    assert first["streets"] and all(other["streets"] == [] for other in others)

    # the same figures as each section computed alone (a fresh analysis, no sharing)
    for index, n in enumerate(data.neighbourhoods):
        alone = service.environment_section(n.name, workspace, lang="nl", streets=index == 0,
                                            parts=("walkability", "signals") if index == 0 else ("signals",))
        assert alone == n.environment, n.name
        assert alone["reach"] and alone["supply"]["by_neighbourhood"]
    assert calls["region"] == 1 + 3

    report = ba.build_report(data)
    delineation = report.sections[0].blocks
    assert isinstance(delineation[-1], Figure)  # the map last: no note left alone on the page after it
    notes = " ".join(r.text for b in delineation if isinstance(b, Paragraph) for r in b.runs)
    assert "selection_two_municipalities" not in notes
    callouts = [b for b in delineation if type(b).__name__ == "Callout"]
    assert ["".join(r.text for r in c.runs) for c in callouts] == ["Let op: de buurt bevat sectoren van meer dan één gemeente "
                                          "(Overbos (fictief) (99001), Heidebeek (fictief) (99002))."]


def test_header_words_fit_their_columns():
    """A header word wider than its column widens it (taking the room of the figure columns first), so a
    header is never cut or hyphenated; a table without fixed widths or whose headers fit is left alone."""
    from zorgzaam.graphics.document import Table
    from zorgzaam.reports import buurtanalyse as ba

    assert 1.80 < ba._word_cm("Functiemix") < 1.90  # 8.5 pt DejaVu Sans Bold: 1,85 cm
    table = Table(["Gebied", "Score", "Functiemix (0–1)"], [["A", "1,0", "0,20"]], numeric=[False, True, True],
                  widths=[13.4, 2.0, 2.0])
    ba.fit_header_words(table)
    widths_cm = [w * ba.TEXT_WIDTH_CM / sum(table.widths) for w in table.widths]
    assert widths_cm[2] >= ba._word_cm("Functiemix") + ba.CELL_PADDING_CM - 0.01
    assert widths_cm[0] == pytest.approx(13.4)  # the room came from the score column, which has room to spare
    assert sum(table.widths) == pytest.approx(ba.TEXT_WIDTH_CM, abs=0.05)
    assert table.rows == [["A", "1,0", "0,20"]]
    fits = Table(["Buurt", "Versie"], [["A", "1"]], widths=[10.0, 7.4])
    ba.fit_header_words(fits)
    assert fits.widths == [10.0, 7.4]
    free = Table(["Buurt", "Versie"], [["A", "1"]])
    ba.fit_header_words(free)
    assert free.widths is None


def test_a_stored_warning_is_worded():
    from zorgzaam.reports.buurtanalyse import _warning_text

    record = {"code": "selection_two_municipalities", "params": {"municipalities": "Overbos, Heidebeek"}}
    assert _warning_text(record, "nl") == "Let op: de buurt bevat sectoren van meer dan één gemeente " \
                                          "(Overbos, Heidebeek)."
    assert _warning_text({"nl": "Oud", "en": "Old"}, "en") == "Old"
    assert _warning_text("Gewoon tekst", "nl") == "Gewoon tekst"


def test_with_the_senior_council_consulted_the_item_is_met():
    from zorgzaam.followup.models import Meeting
    from zorgzaam.reports.collect import checklist_for, neighbourhoods_of

    workspace = _demo(full=False)
    Meeting.objects.create(workspace=workspace, date=dt.date(2026, 3, 2), consulted="senior_council",
                           title="Seniorenadviesraad", attendance=15)
    checklist = checklist_for(workspace, neighbourhoods_of(workspace, [NAME]))
    assert checklist.item("consulted_senior_council").status == "met"
    assert "consulted_senior_council" not in [t.code for t in checklist.todos]


@pytest.fixture
def data_dir(settings, tmp_path):
    """Exports go under the data directory: a fresh one per test (the settings were read before conftest)."""
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_missing_data_is_named_and_exports_are_new_versions_audited(data_dir):
    from zorgzaam.reports import buurtanalyse as ba
    from zorgzaam.reports.models import ReportExport
    from zorgzaam.workspaces.models import AuditEntry

    workspace = _demo(full=False)  # no facilities, no surveys, no plan, no meetings
    first = ba.export(workspace, [NAME], "html", sections=["vision", "voices", "plan", "trajectory"], actor="tester")
    second = ba.export(workspace, [NAME], "html", sections=["vision", "voices", "plan", "trajectory"], actor="tester")
    assert (first.version, second.version) == (1, 2) and first.file != second.file
    assert first.sha256 == second.sha256  # the same inputs, the same bytes
    for row in (first, second):
        path = Path(data_dir) / row.file
        assert path.is_file() and row.size == path.stat().st_size
    page = (Path(data_dir) / first.file).read_text()
    assert "Ontbreekt" in page and "Er is nog geen bevraging met antwoorden" in page
    assert "Er is nog geen overleg vastgelegd" in page and "Bijlage: checklist van het woonzorgdecreet" in page
    assert first.draft and 'class="watermark"' in page
    assert first.inputs["neighbourhoods"] == {NAME: 1} and first.inputs["datasets"]
    assert first.inputs["sections"] == ["vision", "voices", "plan", "trajectory"]
    assert "consulted_senior_council" in first.inputs["checklist_todos"]
    assert ReportExport.objects.filter(workspace=workspace).count() == 2
    audit = AuditEntry.objects.filter(action="report_export", workspace=workspace)
    assert audit.count() == 2 and {a.target for a in audit} == {"buurtanalyse-v1.html", "buurtanalyse-v2.html"}


def test_the_screen_starts_a_job_and_downloads_again(client, settings, data_dir):
    from django.contrib.auth import get_user_model
    from django.test import TestCase

    from zorgzaam.reports.models import ReportExport
    from zorgzaam.workspaces.models import AuditEntry, Membership, Role

    workspace = _demo(full=False)
    user = get_user_model().objects.create_user("maker", "m@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=workspace, role=Role.POLICY)
    client.force_login(user)
    page = client.get(f"/rapporten/{workspace.slug}/").content.decode()
    assert "Checklist van het woonzorgdecreet" in page and 'id="item-consulted_senior_council"' in page
    assert "Rapporten" in page and "Er is nog geen rapport gemaakt." in page
    settings.ZORGZAAM_JOB_RUNNER = "inline"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/rapporten/{workspace.slug}/maken/",
                               {"buurt": [NAME], "section": ["delineation", "trajectory"], "format": "docx"})
    assert response.status_code == 302 and "/taken/" in response.url
    state = client.get(response.url + "?format=json").json()
    assert state["finished"] and state["status"] == "done", state
    job_page = client.get(response.url).content.decode()
    export = ReportExport.objects.get(workspace=workspace)
    assert f"/rapporten/{workspace.slug}/{export.pk}/download/" in job_page
    download = client.get(f"/rapporten/{workspace.slug}/{export.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")
    assert AuditEntry.objects.filter(action="report_export", object_id=str(export.pk)).count() == 2
    listing = client.get(f"/rapporten/{workspace.slug}/").content.decode()
    assert 'id="exports"' in listing and NAME in listing


def test_the_cli_writes_the_report(tmp_path, capsys, data_dir):
    from zorgzaam.cli import main

    _demo(full=False)
    out = tmp_path / "overbos.html"
    drawn = "Rond de kerk (getekend)"  # drawn, snapped to sectors, with a warning stored in both languages
    assert main(["report", "buurtanalyse", NAME, drawn, "--format", "html", "--out", str(out), "--section",
                 "delineation", "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["version"] == 1 and result["draft"] and result["inputs"]["neighbourhoods"] == {NAME: 1, drawn: 1}
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "Benadering:" in page
    assert "{&#x27;code&#x27;" not in page and "{'code'" not in page  # a stored warning reads as words
    assert json.loads(captured.err.splitlines()[0])["step"] == "profile"
