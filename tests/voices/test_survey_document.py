"""The survey report through the one document model (graphics.document): Word and PDF read back, with the
same headings, the same figures as the screen, the team's merge explained, and no count under the minimum."""

from __future__ import annotations

import io
import re

import docx
import pypdf
import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.voices import services
from zorgzaam.voices.documents import survey_document, write_docx, write_pdf

pytestmark = pytest.mark.django_db

SATISFACTION = "Alles bij elkaar: hoe tevreden bent u over het wonen in deze buurt?"


def _respond(survey, answers: dict, neighbourhood) -> None:
    respondent = services.start_response(survey, neighbourhood=neighbourhood, channel="paper")
    services.save_answers(respondent, answers)
    services.complete_response(respondent)


@pytest.fixture
def report(survey, workspace):
    """Kerkveld: 20 answers (satisfaction 4 twelve times, 5 eight times; talking to the neighbours weekly 16,
    never 4); Molenhoek: 6 answers, all satisfaction 1 or 2. The team counts 1 and 2 together."""
    from zorgzaam.areas.models import Neighbourhood

    kerkveld = Neighbourhood.objects.create(workspace=workspace, name="Kerkveld")
    molenhoek = Neighbourhood.objects.create(workspace=workspace, name="Molenhoek")
    for i in range(20):
        _respond(survey, {"satisfaction_neighbourhood": 4 if i < 12 else 5,
                          "talk_neighbours": "weekly" if i < 16 else "never"}, kerkveld)
    for i in range(6):
        _respond(survey, {"satisfaction_neighbourhood": 1 if i < 3 else 2, "talk_neighbours": "weekly"}, molenhoek)
    services.add_category_merge(survey, "satisfaction_neighbourhood", ["1", "2"], chosen_by="Team Kerkveld",
                                label="Ontevreden")
    return services.survey_report(survey, actor="t")


def _plain(text: str) -> str:
    """Text as a reader sees it: no-break spaces as spaces, word joiners gone, whitespace collapsed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u2060", "").split())


def _word_tables(document) -> list[list[list[str]]]:
    return [[[_plain(cell.text) for cell in row.cells] for row in table.rows] for table in document.tables]


def test_word_and_pdf_read_back_with_the_screen_figures_and_no_small_count(report, tmp_path):
    write_docx(report, tmp_path / "survey.docx")
    write_pdf(report, tmp_path / "survey.pdf")
    document = docx.Document(tmp_path / "survey.docx")
    pdf = _plain("\n".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "survey.pdf").pages))

    # headings: the sections (Heading 1) and each question (Heading 2), in Word and in the PDF
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters[:2] == ["Overzicht", "Tabellen"] and chapters[-1] == "Open antwoorden"
    questions = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Respons" in questions and SATISFACTION in questions
    for heading in ("Overzicht", "Respons", "Tabellen", SATISFACTION, "Open antwoorden"):
        assert heading in pdf

    # a table's figures, as the screen shows them: Kerkveld 12 of 20 = 60,0 %, Wilson interval 38,7–78,1
    # (centre (0,6 + 1,96²/40) / (1 + 1,96²/20) = 0,5839, half width 1,96·√(0,012 + 0,0024) / 1,1921 = 0,1973)
    tables = _word_tables(document)
    satisfaction = next(t for t in tables if t[0][:2] == ["Groep", "Aantal antwoorden"] and "Ontevreden" in t[0])
    header, rows = satisfaction[0], {row[0]: row for row in satisfaction[1:]}
    assert rows["Kerkveld"][1] == "20" and rows["Kerkveld"][header.index("4")] == "60,0 % (38,7–78,1)"
    # 8 of 20: centre (0,4 + 0,0960) / 1,1921 = 0,4161, the same half width
    assert rows["Kerkveld"][header.index("Heel tevreden")] == "40,0 % (21,9–61,3)"
    # Molenhoek: 3 times 1 and 3 times 2 would both be hidden; merged, 6 of 6 shows (Wilson: 0,8048 ± 0,1952)
    assert rows["Molenhoek"][1] == "6" and rows["Molenhoek"][header.index("Ontevreden")] == "100,0 % (61,0–100,0)"
    assert rows["Totaal"][1] == "26"
    # the same numbers through the same model in the PDF
    for value in ("60,0 % (38,7–78,1)", "40,0 % (21,9–61,3)"):
        assert value in pdf

    # the team's merge, named in both; the legend for the marks in both
    for text in (_plain("\n".join(p.text for p in document.paragraphs)), pdf):
        assert "tellen 'Heel ontevreden' en '2' samen als 'Ontevreden' (gekozen door Team Kerkveld" in text
        assert "Tekens in de tabellen: «<5» = minder dan 5 antwoorden" in text

    # no count under the minimum anywhere: every cell that is a bare number is at least 5 (or a mark)
    counts = [cell for table in tables for row in table[1:] for cell in row[1:] if re.fullmatch(r"[\d.]+", cell)]
    assert counts and all(int(cell.replace(".", "")) >= 5 for cell in counts), counts
    marks = [cell for table in tables for row in table for cell in row if cell in ("<5", "x")]
    assert "<5" in marks and "x" in marks  # 'never' talks to neighbours: 4 in Kerkveld
    never = next(t for t in tables if any("Nooit" in c for c in t[0]) or any(r[0] == "Nooit" for r in t))
    assert "4" not in [cell for row in never for cell in row]
    # every figure of every Word table is also in the PDF: one pipeline
    missing = {cell for table in tables for row in table for cell in row if "%" in cell and cell not in pdf}
    assert not missing, missing


def test_every_writer_refuses_a_report_with_a_small_cell(report, tmp_path):
    report["tables"][0]["rows"][0]["cells"][0]["count"] = 2
    for write in (write_docx, write_pdf):
        with pytest.raises(ZorgzaamError):
            write(report, tmp_path / "bad")
    with pytest.raises(ZorgzaamError):
        survey_document(report)
    assert not (tmp_path / "bad").exists()


def test_the_english_document_speaks_english(survey, workspace):
    from zorgzaam.graphics.document import render_html

    report = services.survey_report(survey, actor="t", lang="en")
    html = render_html(survey_document(report, charts=False))
    assert '<html lang="en">' in html and "<h1>Overview</h1>" in html and "<h1>Tables</h1>" in html
    assert "Open answers are not included (your role does not allow it)." in html
    assert "Overzicht" not in html and "Tabellen" not in html and io.StringIO(html).read().count("<table") >= 1
