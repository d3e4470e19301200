"""The one document model and its three renderers: Word read back with python-docx, PDF read back with
pypdf, HTML; the same inputs give the same content; the demo's profile report renders to PDF."""

import base64
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from zorgzaam.graphics import charts
from zorgzaam.graphics.document import (
    Cover,
    Figure,
    Heading,
    Report,
    Section,
    Sources,
    Table,
    bold,
    callout,
    contrast_with_white,
    italic,
    para,
    render_docx,
    render_html,
    render_pdf,
)

ALT = "Staafgrafiek van het aandeel inwoners per leeftijdsklasse, de buurt naast de gemeente."


def _report(**changes) -> Report:
    spec = charts.chart("grouped_bars", categories=["0–19", "20–64", "65+"],
                        series={"Testbuurt": [18.0, 55.5, 26.5], "Gemeente": [21.0, 58.0, 21.0]},
                        title="Leeftijdsgroepen, 2025")
    sections = [
        Section("Wie woont er?", [
            para("De buurt telt ", bold("1.234 inwoners"), "; ", italic("fictief"), " <en> & 'zo'."),
            Heading("Kerncijfers", 2),
            Table(["Indicator", "Testbuurt", "Gemeente"],
                  [["Aantal inwoners", "1.234", "20.345"], ["Aandeel 80-plussers", "7,5 %", "< 5"],
                   ["Mantelzorgratio", "–", "4,1"]],
                  caption="Kerncijfers van Testbuurt", footnote="< 5: te weinig inwoners om te tonen.",
                  source="Statbel, 2025"),
            callout("Een cijfer is een signaal, geen besluit.", kind="warning"),
        ]),
        Section("Leeftijd", [
            Figure("Leeftijdsgroepen in Testbuurt en de gemeente", ALT, render=spec.figure,
                   note="Aandeel van alle inwoners op 1 januari."),
            Sources(("Statbel, bevolking per statistische sector, 2025",), "Bronnen"),
        ]),
    ]
    values = {"title": "Buurtprofiel: Testbuurt", "subtitle": "Wie woont er?", "sections": sections,
              "cover": Cover(team="LDC De Linde", colour="#005a70", lines=("Fictief voorbeeld",))}
    values.update(changes)
    return Report(**values)


def _document_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = archive.read("word/document.xml").decode()
    return re.sub(r'w:rsid\w*="[^"]*"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?', "", text)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # lines wrap where the page is full


def test_word_has_heading_styles_a_toc_field_captions_alt_text_and_page_numbers():
    content = render_docx(_report())
    document = Document(io.BytesIO(content))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Caption"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Wie woont er?", "Leeftijd"]
    xml = _document_xml(content)
    assert 'TOC \\o "1-2"' in xml  # the contents field, Word fills in the pages
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Tabel 1: Kerncijfers van Testbuurt", "Figuur 1: Leeftijdsgroepen in Testbuurt en de gemeente"]
    assert "SEQ Figuur" in xml and "SEQ Tabel" in xml
    assert document.element.body.xpath(".//wp:docPr/@descr") == [ALT]
    assert len(document.inline_shapes) == 1
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Indicator", "Testbuurt", "Gemeente"]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # the header repeats on a new page
    assert table.rows[2].cells[2].paragraphs[0].alignment == 2  # figures right-aligned
    heading_colour = document.styles["Heading 1"].font.color.rgb
    assert str(heading_colour) == "005A70"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Bron: Statbel, 2025" in text and "Let op: Een cijfer is een signaal" in text
    assert "<en> & 'zo'" in text


def test_word_tables_read_back_with_their_text_shading_widths_and_page_rules():
    """The Word tables are written as XML in one piece: python-docx reads back every cell's text (escaped
    characters, spaces at the ends, a tab and a line break), the header in the team's colour repeating on each
    page, zebra rows, the widths, rows that never split, and a short table's rows kept with the next."""
    from docx.shared import Cm

    odd = ["a & b <c>", " spaties ", "tab\there", "twee\nregels", ""]
    short = Table(["Tekst", "Aantal"], [[text, str(i)] for i, text in enumerate(odd)], caption="Kort",
                  widths=[3, 1])
    long = Table(["Buurt", "Aantal", "Aandeel"], [[f"Buurt {i}", str(i), f"{i},5 %"] for i in range(25)],
                 caption="Lang")
    report = _report(sections=[Section("Tabellen", [short, long])], cover=Cover(colour="#7a1f5c"))
    document = Document(io.BytesIO(render_docx(report)))
    first, second = document.tables
    assert [[c.text for c in row.cells] for row in first.rows] == [["Tekst", "Aantal"]] + [
        [text, str(i)] for i, text in enumerate(odd)]
    assert first.style.name == "Table Grid" and second.style.name == "Table Grid"
    for table in (first, second):
        assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader") and not table.rows[1]._tr.xpath(
            "./w:trPr/w:tblHeader")
        fills = [row.cells[0]._tc.xpath("./w:tcPr/w:shd/@w:fill") for row in table.rows[:4]]
        assert fills == [["7A1F5C"], [], ["F2F4F5"], []]
        header = table.rows[0].cells[0].paragraphs[0].runs[-1]
        assert header.bold and str(header.font.color.rgb) == "FFFFFF"
    # the short table keeps every row but its last with the next; the long one lets pages break between rows
    assert [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in first.rows] == [True] * 5 + [None]
    assert not any(row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in second.rows)
    assert [row.cells[1].paragraphs[0].alignment for row in first.rows[:2]] == [2, 2]  # figures right-aligned
    assert first.rows[1].cells[0].paragraphs[0].alignment is None
    widths = [cell.width for cell in first.rows[3].cells]
    assert abs(widths[0] - Cm(17 * 3 / 4)) < Cm(0.01) and abs(widths[1] - Cm(17 / 4)) < Cm(0.01)
    assert [column.width for column in first.columns] == widths
    assert [len(row.cells) for row in second.rows] == [3] * 26
    assert second.rows[25].cells[2].text == "24,5 %" and second.rows[25].cells[2].paragraphs[0].runs[0].font.size \
        == Cm(0) + 8.5 * 12700


def test_pdf_has_the_headings_the_table_and_page_numbers():
    text = _pdf_text(render_pdf(_report()))
    for expected in ("Buurtprofiel: Testbuurt", "Inhoud", "Wie woont er?", "Kerncijfers van Testbuurt",
                     "Aantal inwoners", "20.345", "Figuur 1", "Pagina 3 van"):
        assert expected in text, expected


def test_html_is_escaped_with_captions_and_alt_text():
    page = render_html(_report())
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl-BE">' in page
    assert "<caption>" in page and "Kerncijfers van Testbuurt</caption>" in page
    assert f'aria-label="{ALT}"' in page and f"<title>{ALT}</title>" in page
    assert "&lt;en&gt; &amp; &#x27;zo&#x27;" in page
    assert '<th scope="col" class="num">Testbuurt</th>' in page
    assert "<svg" in page and "<?xml" not in page
    assert 'href="#s1"' in page and 'id="s1"' in page
    # each figure's SVG ids are its own, so two charts on one page never share a clip path
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_identical_inputs_give_identical_content():
    first, second = render_docx(_report()), render_docx(_report())
    assert _document_xml(first) == _document_xml(second)
    with zipfile.ZipFile(io.BytesIO(first)) as one, zipfile.ZipFile(io.BytesIO(second)) as two:
        pictures = [n for n in one.namelist() if n.startswith("word/media/")]
        assert pictures and all(one.read(n) == two.read(n) for n in pictures)  # the same chart, the same PNG
    assert render_html(_report()) == render_html(_report())
    assert _pdf_text(render_pdf(_report())) == _pdf_text(render_pdf(_report()))


def test_a_draft_is_marked_and_a_weak_colour_or_a_non_image_logo_is_refused():
    draft = _report(draft=True)
    assert "ONTWERP" in render_html(draft)
    word = render_docx(draft)
    assert "ONTWERP" in Document(io.BytesIO(word)).sections[0].header.paragraphs[0].text
    # the watermark: a pale diagonal word behind every page's text, the cover's too (both headers)
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        headers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header")]
        final = zipfile.ZipFile(io.BytesIO(render_docx(_report()))).namelist()
    assert sum('string="ONTWERP"' in h and "rotation:315" in h for h in headers) == 2
    assert not [n for n in final if n.startswith("word/header")] or 'string="ONTWERP"' not in "".join(
        zipfile.ZipFile(io.BytesIO(render_docx(_report()))).read(n).decode() for n in final
        if n.startswith("word/header"))
    with pytest.raises(ValueError, match="contrast of 1.07:1"):
        Cover(colour="#f7f7f7")
    assert contrast_with_white("#005a70") >= 4.5
    with pytest.raises(ValueError, match="not a PNG or JPEG"):
        Cover(logo=b"%PDF-1.7")
    logo = charts.png(charts.chart("grouped_bars", categories=["a"], series={"x": [1]}, title="").figure(), dpi=30)
    with_logo = _report(cover=Cover(team="LDC", logo=logo))
    assert len(Document(io.BytesIO(render_docx(with_logo))).inline_shapes) == 2
    assert 'class="logo"' in render_html(with_logo)


def test_a_table_row_of_the_wrong_width_is_refused():
    with pytest.raises(ValueError, match="2 cells"):
        Table(["a", "b", "c"], [["1", "2"]])


@pytest.mark.django_db
def test_the_demo_profile_report_renders_to_word_pdf_and_html(tmp_path):
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.profile.documents import profile_docx, profile_html, profile_pdf
    from zorgzaam.profile.service import neighbourhood_profile, sector_map
    from zorgzaam.web.demo import install_demo

    install_demo(extensions=False)
    neighbourhood = Neighbourhood.objects.get(name="Centrum en omgeving")
    profile = neighbourhood_profile(neighbourhood)
    drawn = sector_map(neighbourhood, "share_65plus", "nl")
    maps = [drawn] if drawn else None
    pdf = profile_pdf(profile, None, "nl", maps=maps)
    text = _pdf_text(pdf)
    assert "Buurtprofiel: Centrum en omgeving" in text and "Cijfers per thema" in text
    assert "Aantal inwoners" in text and "Over de jaren heen" in text and "Definities en bronnen" in text
    assert profile.signals[0].statement["nl"].split()[0] in text
    document = Document(io.BytesIO(profile_docx(profile, None, "nl", maps=maps)))
    descriptions = document.element.body.xpath(".//wp:docPr/@descr")
    assert len(descriptions) == len(document.inline_shapes) and all(descriptions)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert sum(c.startswith("Figuur ") for c in captions) == len(document.inline_shapes)
    page = profile_html(profile, None, "nl", maps=maps)
    assert page.count("<figure") == len(document.inline_shapes) and page.count("<caption>") >= 5
    keep = os.environ.get("ZORGZAAM_KEEP_RENDERS")  # e.g. /tmp/renders: to look at the pages
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / "profiel.pdf").write_bytes(pdf)
        (Path(keep) / "profiel.html").write_text(page)
        profile_docx(profile, Path(keep) / "profiel.docx", "nl", maps=maps)
        if shutil.which("pdftoppm"):
            import subprocess

            subprocess.run(["pdftoppm", "-png", "-r", "60", str(Path(keep) / "profiel.pdf"),
                            str(Path(keep) / "profiel")], check=True)


@pytest.mark.django_db
def test_the_demo_environment_section_renders_to_pdf_with_its_maps_and_tables(tmp_path):
    from zorgzaam.environment.documents import environment_report
    from zorgzaam.environment.service import environment_section
    from zorgzaam.graphics.document import render_html
    from zorgzaam.web.demo import install_demo
    from zorgzaam.workspaces.models import Workspace

    install_demo()
    section = environment_section("Centrum en omgeving", Workspace.objects.get(is_demo=True))
    report = environment_report(section, "nl")
    page = render_html(report)
    pdf = render_pdf(report, page)
    text = _pdf_text(pdf)
    assert "Wat is er in de buurt? — Centrum en omgeving" in text and "Bereikbaarheid te voet" in text
    assert "Soort voorziening" in text and "Onderbouwing:" in text
    # four maps, each one PNG at print resolution with its alt text: the same picture in the PDF and in Word
    assert page.count("<figure") == 4 and page.count('<img alt="') == 4 and 'role="img"' not in page
    in_page = {base64.b64decode(b) for b in re.findall(r'src="data:image/png;base64,([^"]+)"', page)}
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as word:
        in_word = {word.read(n) for n in word.namelist() if n.startswith("word/media/")}
    assert len(in_page) == 4 and in_page == in_word
    keep = os.environ.get("ZORGZAAM_KEEP_RENDERS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / "omgeving.pdf").write_bytes(pdf)


def test_a_title_longer_than_words_file_properties_hold_is_cut_there():
    names = ", ".join(f"Buurt {i:02d} met een lange naam" for i in range(1, 41))  # 40 neighbourhoods
    document = Document(io.BytesIO(render_docx(_report(title=f"Buurtanalyse: {names}"))))
    assert len(document.core_properties.title) == 255 and document.core_properties.title.endswith("…")
    assert document.paragraphs[0].text == f"Buurtanalyse: {names}"  # the cover keeps the whole title
