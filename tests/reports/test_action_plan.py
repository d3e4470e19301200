"""The action plan as Word (read back: headings, the template's fields, the RASCI matrix, the norms'
computed statuses; rendered once to PDF and PNG to look at) and as a workbook (three sheets; a title that
starts with '=' stays text)."""

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest

from zorgzaam.plan import plan_service as service
from zorgzaam.reports import action_plan
from zorgzaam.workspaces.models import Workspace

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def make_plan():
    workspace = Workspace.objects.create(name="Buurtteam Boschberg", slug="boschberg")
    service.set_vision(workspace, "Een buurt waar je op elkaar kan rekenen.")
    s2 = service.add_node(workspace, "strategic", "Bewoners kennen elkaar", working_group="WG cohesie")
    o1 = service.add_node(workspace, "operational", "Samenkomen om kennis te maken", parent=s2)
    feest = service.add_node(workspace, "action", "Buurtfeest voor en met bewoners", parent=o1, term="KT",
                             owner="Gemeente", target_group="alle bewoners van de buurt", status="done",
                             first_steps="Vrijwilligers nodigen elke buur persoonlijk uit",
                             agreements="Opruimen met meer handen", next_evaluation=dt.date(2026, 9, 1))
    plek = service.add_node(workspace, "action", "=Ontmoetingsplek met speeltuin", parent=o1, term="LT")
    gemeente = service.add_actor(workspace, "Schepen van welzijn", organisation="Gemeente")
    ocmw = service.add_actor(workspace, "Maatschappelijk werker", organisation="OCMW")
    service.set_rasci(workspace, feest.pk, gemeente, "A")
    service.set_rasci(workspace, feest.pk, ocmw, "R")
    service.set_rasci(workspace, plek.pk, gemeente, "R")
    met = service.add_norm(workspace, feest.pk, description="Minstens 15 % van de bewoners komt", source_kind="typed",
                           target=15, deadline=dt.date(2026, 12, 31))
    service.add_measurement(workspace, met.pk, date=dt.date(2026, 5, 1), value=16.0, source_note="aanwezigen")
    service.add_norm(workspace, plek.pk, description="De groenzone is aangelegd", source_kind="typed", target=1,
                     unit="", deadline=dt.date(2027, 12, 31))
    return workspace, feest, plek


def test_word_export_read_back(tmp_path):
    from docx import Document

    workspace, feest, plek = make_plan()
    data = action_plan.render(workspace, "docx", lang="nl", today=TODAY)
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Visie en doelenboom" in headings and "RASCI-matrix" in headings
    assert any(h.endswith("S1  Bewoners kennen elkaar") for h in headings)
    assert any(h.endswith("S1.O1 A1  Buurtfeest voor en met bewoners") for h in headings)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    fields = next(t for t in tables if t[0] == ["Veld", "Inhoud"])
    as_dict = dict(row for row in fields[1:])
    assert as_dict["Doelstelling"].endswith("S1 Bewoners kennen elkaar")
    assert as_dict["Tussendoel"].endswith("S1.O1 Samenkomen om kennis te maken")
    assert as_dict["Termijn"].startswith("KT") and as_dict["Trekker"] == "Gemeente"
    assert as_dict["Werkgroep"] == "WG cohesie" and as_dict["Volgende evaluatie"] == "01-09-2026"
    assert as_dict["RASCI"] == "R: Maatschappelijk werker (OCMW); A: Schepen van welzijn (Gemeente)"
    assert as_dict["Status"] == "uitgevoerd"
    matrix = next(t for t in tables if t[0][0] == "Actie")
    assert matrix[0][1:] == ["Maatschappelijk werker (OCMW)", "Schepen van welzijn (Gemeente)"]
    assert matrix[1][1:] == ["R", "A"] and matrix[2][1:] == ["", "R"]
    norm_rows = [row for t in tables if t[0][0] == "Norm" for row in t[1:]]
    assert ["Minstens 15 % van de bewoners komt", "≥ 15 % tegen 31-12-2026", "16,0 %", "gehaald"] in norm_rows
    assert any(r[0] == "De groenzone is aangelegd" and r[3] == "nog geen meting" for r in norm_rows)
    english = action_plan.render(workspace, "docx", lang="en", today=TODAY)
    assert "RASCI matrix" in [p.text for p in Document(io.BytesIO(english)).paragraphs]
    (tmp_path / "actieplan.docx").write_bytes(data)
    # Word's own layout as LibreOffice draws it (its own profile: no clash with another run); the pages were
    # looked at once (tree, action tables, RASCI matrix, norms); here they must at least come out.
    if shutil.which("libreoffice") and shutil.which("pdftoppm"):
        profile = tmp_path / "lo-profile"
        done = subprocess.run(["libreoffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "actieplan.docx")],
                              capture_output=True, timeout=180, env={**os.environ, "HOME": str(profile)})
        if not (tmp_path / "actieplan.pdf").exists():
            pytest.skip(f"LibreOffice cannot open Word files here: {done.stderr.decode()[-200:]}")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "3", "-l", "4", str(tmp_path / "actieplan.pdf"),
                        str(tmp_path / "page")], check=True, timeout=60)
        assert len(list(tmp_path.glob("page*.png"))) == 2


def test_pdf_renders():
    workspace, _feest, _plek = make_plan()
    assert action_plan.render(workspace, "pdf", lang="nl", today=TODAY).startswith(b"%PDF")


def test_workbook_read_back():
    from openpyxl import load_workbook

    from zorgzaam.workbooks import read_workbook

    workspace, feest, plek = make_plan()
    data = action_plan.render(workspace, "xlsx", lang="nl", today=TODAY)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Acties", "Normen", "RASCI-matrix"]
    actions = read_workbook(data, sheet_name="Acties", dtype=str)
    assert actions["Actie"].tolist() == ["Buurtfeest voor en met bewoners", "'=Ontmoetingsplek met speeltuin"]
    cell = next(c for row in book["Acties"].iter_rows() for c in row if str(c.value).endswith("Ontmoetingsplek met speeltuin"))
    assert cell.data_type == "s"
    norms = read_workbook(data, sheet_name="Normen")
    assert norms["Status"].tolist() == ["gehaald", "nog geen meting"]
    matrix = read_workbook(data, sheet_name="RASCI-matrix", dtype=str, keep_default_na=False)
    assert matrix.iloc[0, 1:].tolist() == ["R", "A"]


def test_cli_report_action_plan(tmp_path):
    from zorgzaam.cli import main

    make_plan()
    out = tmp_path / "plan.xlsx"
    assert main(["report", "action-plan", "--workspace", "boschberg", "--format", "xlsx", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")
