"""One document model and its renderers: Word (editable), HTML (a printable page) and PDF (WeasyPrint,
from the same HTML).

Plain module: no Django. A :class:`Report` is a title, a cover and an ordered list of :class:`Section`\\ s;
a section is a list of content blocks (:class:`Heading`, :class:`Paragraph`, :class:`Table`,
:class:`Figure`, :class:`Callout`, :class:`Sources`). The apps build sections from their results
(``reports.profile_documents`` for the profile); they never write Word or HTML themselves. Figures come
from the one renderer (``zorgzaam.graphics``): SVG inline in HTML and PDF, PNG at print resolution in
Word, each with its alt text.

The same inputs give the same content: no dates are added unless the caller puts them on the cover,
chart SVG ids are stable, and Word's numbering (figures, tables) is computed here, in order, and also
kept as fields Word can update.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from zorgzaam.messages import gettext_noop, pgettext

# The document's own few words: Dutch msgids, translated under the context "document" (the same Dutch words
# read otherwise on a screen).
WORDS = {"contents": gettext_noop("Inhoud"), "figure": gettext_noop("Figuur"), "table": gettext_noop("Tabel"),
         "page": gettext_noop("Pagina {page} van {pages}"), "source": gettext_noop("Bron"),
         "sources": gettext_noop("Bronnen"), "note": gettext_noop("Opmerking"), "warning": gettext_noop("Let op"),
         "toc_hint": gettext_noop("Werk de inhoudstafel bij in Word: rechtsklik en kies 'Veld bijwerken'."),
         "draft": gettext_noop("ONTWERP")}

# The language tag a document carries, per language (a Word file's own, the HTML lang attribute).
_WORD_LANGUAGE = {"nl": "nl-BE", "en": "en-GB"}
_HTML_LANGUAGE = {"nl": "nl-BE", "en": "en"}


def words(lang: str) -> dict[str, str]:
    """The document's own words in ``lang``."""
    return {key: pgettext("document", msgid, lang) for key, msgid in WORDS.items()}


# ------------------------------------------------------------------------------------------ the model

@dataclass(frozen=True)
class Run:
    """A piece of text with simple inline emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


def bold(text: str) -> Run:
    return Run(str(text), bold=True)


def italic(text: str) -> Run:
    return Run(str(text), italic=True)


def _runs(parts) -> tuple[Run, ...]:
    return tuple(p if isinstance(p, Run) else Run(str(p)) for p in parts if p not in (None, ""))


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the section's own title; 2 and 3 inside a section


@dataclass(frozen=True)
class Paragraph:
    """Text (a tuple of :class:`Run`); ``style``: body, bullet (a list item) or small (notes under a table
    or chart)."""

    runs: tuple[Run, ...]
    style: str = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def para(*parts, style: str = "body") -> Paragraph:
    """A paragraph of strings and runs: ``para("Zie ", bold("tabel 2"), ".")``."""
    return Paragraph(_runs(parts), style)


_NUMBER = re.compile(r"^[<>≤≥~±+−–-]?\s*[0-9][0-9.,\s]*(\s*(%|‰|procentpunt|pp|m|km|min|jaar|years?))?(\s*\(!\))?"
                     r"(\s*\[\d+\])?$|^[–-]$|^x$|^nvt$|^\.\.\.$")


def is_numeric_text(text: str) -> bool:
    """Whether a cell reads as a figure (numbers, '< 5', '–' and the hidden-value marks): aligned right."""
    return bool(_NUMBER.match(str(text).strip())) if str(text).strip() else True


@dataclass
class Table:
    """A table with a header row. ``numeric`` says per column whether it holds figures (right-aligned);
    by default a column is numeric when every cell reads as a figure. ``widths`` are relative column
    widths. ``footnote`` and ``source`` are printed under the table."""

    header: list[str]
    rows: list[list]
    caption: str = ""
    numeric: list[bool] | None = None
    footnote: str = ""
    source: str = ""
    widths: list[float] | None = None

    def __post_init__(self):
        self.header = [str(h) for h in self.header]
        self.rows = [["" if v is None else str(v) for v in row] for row in self.rows]
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"a row has {len(row)} cells, the header {len(self.header)}")
        if self.numeric is None:
            self.numeric = [bool(self.rows) and all(is_numeric_text(r[i]) for r in self.rows)
                            and any(str(r[i]).strip() for r in self.rows) for i in range(len(self.header))]


@dataclass
class Figure:
    """A chart or map: SVG text for HTML/PDF and PNG bytes for Word, given or drawn once by ``render``
    (a callable returning a matplotlib Figure, e.g. ``graphics.charts.Chart.figure``). ``caption`` is
    numbered ("Figuur 3: ..."); ``alt`` describes the picture in words for people who cannot see it;
    ``note`` is small print under the caption (method, approximations). ``width_cm``: width in Word."""

    caption: str
    alt: str
    svg: str | None = None
    png: bytes | None = None
    render: Callable[[], object] | None = None
    note: str = ""
    width_cm: float = 16.0
    _figure: object = field(default=None, repr=False, compare=False)

    def _drawn(self):
        if self._figure is None:
            if self.render is None:
                raise ValueError(f"figure '{self.caption}' has neither SVG/PNG nor a render function")
            self._figure = self.render()
        return self._figure

    def svg_text(self) -> str | None:
        if self.svg is None and self.render is not None:
            from zorgzaam.graphics import charts

            self.svg = charts.svg(self._drawn())
        return self.svg

    def png_bytes(self, dpi: int = 200) -> bytes | None:
        if self.png is None and self.render is not None:
            from zorgzaam.graphics import charts

            self.png = charts.png(self._drawn(), dpi=dpi)
        return self.png


def raster_figure(caption: str, alt: str, drawn, *, note: str = "", width_cm: float = 16.0) -> Figure:
    """A drawn map (a matplotlib Figure) as a document :class:`Figure` rasterised once at print resolution:
    the same PNG in Word, HTML and PDF. For maps with a street layer: as SVG its many thousands of paths made
    WeasyPrint's PDF several times slower and the HTML megabytes larger, while at 200 dpi a street reads as
    well as a vector line."""
    from zorgzaam.graphics import charts

    return Figure(caption, alt, png=charts.png(drawn, dpi=PRINT_DPI), note=note, width_cm=width_cm)


@dataclass(frozen=True)
class Callout:
    """A framed remark: ``kind`` note or warning."""

    runs: tuple[Run, ...]
    kind: str = "note"
    title: str = ""


def callout(*parts, kind: str = "note", title: str = "") -> Callout:
    if kind not in ("note", "warning"):
        raise ValueError(kind)
    return Callout(_runs(parts), kind, title)


@dataclass(frozen=True)
class Sources:
    """A numbered list of footnotes or sources (definitions, data sources, method notes)."""

    items: tuple[str, ...]
    title: str = ""


Block = Heading | Paragraph | Table | Figure | Callout | Sources


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)


def relative_luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on ``colour``."""
    return 1.05 / (relative_luminance(colour) + 0.05)


@dataclass
class Cover:
    """The cover: the team, its logo (PNG/JPEG bytes, optional) and its colour (headings, table headers;
    white text must stay readable on it: contrast at least 4.5:1). ``lines``: more cover lines, e.g. the
    date of the data or 'fictional example'."""

    team: str = ""
    logo: bytes | None = None
    colour: str = "#005a70"
    lines: tuple[str, ...] = ()

    def __post_init__(self):
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", self.colour or ""):
            raise ValueError(f"colour '{self.colour}' is not #rrggbb")
        ratio = contrast_with_white(self.colour)
        if ratio < 4.5:
            raise ValueError(f"colour {self.colour} gives white text a contrast of {ratio:.2f}:1; 4.5:1 is needed")
        if self.logo is not None and not (self.logo.startswith(b"\x89PNG") or self.logo.startswith(b"\xff\xd8")):
            raise ValueError("the logo is not a PNG or JPEG image")


@dataclass
class Report:
    title: str
    subtitle: str = ""
    cover: Cover = field(default_factory=Cover)
    sections: list[Section] = field(default_factory=list)
    lang: str = "nl"
    landscape: bool = False
    draft: bool = False

    def numbered(self):
        """(section index, block, number) in reading order: figures and tables numbered apart."""
        counts = {"figure": 0, "table": 0}
        for index, section in enumerate(self.sections):
            for block in section.blocks:
                number = None
                if isinstance(block, Figure):
                    counts["figure"] += 1
                    number = counts["figure"]
                elif isinstance(block, Table) and block.caption:
                    counts["table"] += 1
                    number = counts["table"]
                yield index, block, number


# ------------------------------------------------------------------------------------------------ Word

PRINT_DPI = 200


def _rgb(colour: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _field(paragraph, instruction: str, result: str = "", size=None) -> None:
    """A complex field (begin, instruction, separate, shown result, end) in ``paragraph``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    shown = paragraph.add_run(result)
    if size is not None:
        shown.font.size = size
    char("end")


def _add_runs(paragraph, runs, size=None, colour=None) -> None:
    for part in runs:
        run = paragraph.add_run(part.text)
        run.bold = part.bold or None
        run.italic = part.italic or None
        if size is not None:
            run.font.size = size
        if colour is not None:
            run.font.color.rgb = colour


def _style_id(document, name: str, kind: str = "paragraph") -> str | None:
    """The id of style ``name`` (None for the default style of its kind), as python-docx's
    ``paragraph.style = name`` finds it, looked up once per document (python-docx goes over every style of the
    document again for each paragraph)."""
    cache = document.__dict__.setdefault("_zorgzaam_style_ids", {})
    if (name, kind) not in cache:
        from docx.enum.style import WD_STYLE_TYPE

        cache[name, kind] = document.part.get_style_id(name, {"paragraph": WD_STYLE_TYPE.PARAGRAPH,
                                                               "table": WD_STYLE_TYPE.TABLE}[kind])
    return cache[name, kind]


def _paragraph(document, text: str = "", style: str | None = None):
    """``document.add_paragraph(text, style)`` with the style's id looked up once per document."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = _style_id(document, style)
    return paragraph


def _heading(document, text: str, level: int):
    """``document.add_heading(text, level)`` (levels 1–9) with the style's id looked up once per document."""
    return _paragraph(document, text, f"Heading {level}")


def _keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _docx_styles(document, report: Report) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10)
    colour = _rgb(report.cover.colour)
    for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = styles[name]
        style.font.color.rgb = colour
        style.font.size = Pt(size)
        style.font.name = "Calibri"
    caption = styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.italic = False
    caption.font.bold = True
    caption.font.color.rgb = _rgb("#333333")
    if "Small" not in [s.name for s in styles]:
        small = styles.add_style("Small", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = styles["Normal"]
        small.font.size = Pt(8)
        small.font.color.rgb = _rgb("#444444")


def _docx_cover(document, report: Report, w: dict) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    _paragraph(document, report.title, "Title")
    if report.subtitle:
        sub = document.add_paragraph()
        _add_runs(sub, [Run(report.subtitle)], size=Pt(14), colour=_rgb("#333333"))
    if report.draft:
        draft = document.add_paragraph()
        _add_runs(draft, [bold(w["draft"])], size=Pt(14), colour=_rgb("#b00020"))
    if report.cover.logo:
        document.add_paragraph().add_run().add_picture(io.BytesIO(report.cover.logo), height=Cm(2.5))
    if report.cover.team:
        team = document.add_paragraph()
        _add_runs(team, [bold(report.cover.team)], size=Pt(12))
    for line in report.cover.lines:
        document.add_paragraph(line)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _docx_toc(document, report: Report, w: dict) -> None:
    """The contents: a TOC field over heading levels 1–2. Its shown result lists the section titles
    (without page numbers), so the contents read well before Word updates the field (which it offers
    to do on opening: ``updateFields``)."""
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    heading = _paragraph(document, w["contents"], "Title")
    heading.runs[0].font.size = _pt(18)
    entries = [s.title for s in report.sections] or [w["toc_hint"]]
    paragraphs = [document.add_paragraph() for _ in entries]

    def char(paragraph, kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char(paragraphs[0], "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    paragraphs[0].add_run()._r.append(instruction)
    char(paragraphs[0], "separate")
    for paragraph, entry in zip(paragraphs, entries, strict=True):
        paragraph.add_run(entry)
    char(paragraphs[-1], "end")
    hint = _paragraph(document, w["toc_hint"], "Small")
    hint.add_run().add_break(WD_BREAK.PAGE)
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _core_text(text: str, limit: int = 255) -> str:
    """A file property's text: cut at ``limit`` characters with an ellipsis (a report of 40 neighbourhoods
    names them all in its title)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _pt(size):
    from docx.shared import Pt

    return Pt(size)


def _docx_footer(document, report: Report, w: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = document.sections[0]
    section.different_first_page_header_footer = True  # no number on the cover
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, middle_after = w["page"].split("{page}")
    middle, after = middle_after.split("{pages}")
    size = _pt(8)
    for text, instruction in ((before, "PAGE"), (middle, "NUMPAGES")):
        paragraph.add_run(text).font.size = size
        _field(paragraph, instruction, "1", size=size)
    if after:
        paragraph.add_run(after).font.size = size
    if report.draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _add_runs(header, [bold(w["draft"])], size=_pt(9), colour=_rgb("#b00020"))
        for part in (section.header, section.first_page_header):  # every page, the cover too
            _docx_watermark(part.paragraphs[0], w["draft"])


def _docx_watermark(paragraph, word: str) -> None:
    """A large, pale, diagonal word behind the page's text (Word's own kind of watermark: a VML text path
    anchored in the header, so it is on every page and stays editable in Word's Watermark dialog)."""
    from docx.oxml import parse_xml

    paragraph.add_run()._r.append(parse_xml(
        '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
        '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        '<v:shape id="ZorgzaamDraftWatermark" type="#_x0000_t136" o:allowincell="f" fillcolor="#b00020" '
        'stroked="f" style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;'
        'z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
        'mso-position-vertical:center;mso-position-vertical-relative:margin">'
        '<v:fill opacity=".12"/>'
        f'<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string="{html.escape(word)}"/>'
        '</v:shape></w:pict>'))


def _docx_caption(document, kind_word: str, number: int, text: str):
    paragraph = _paragraph(document, style="Caption")
    paragraph.add_run(f"{kind_word} ")
    _field(paragraph, f"SEQ {kind_word} \\* ARABIC", str(number))
    paragraph.add_run(f": {text}")
    return paragraph


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _run_xml(text: str, properties: str) -> str:
    """A ``<w:r>`` as python-docx's ``add_run(text)`` writes it: the text in ``<w:t>`` pieces (spaces at either
    end kept), a tab as ``<w:tab/>``, a line break as ``<w:br/>``; no content for empty text."""
    content = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{html.escape(piece, quote=False)}</w:t>")
    return f"<w:r>{properties}{''.join(content)}</w:r>"


def _docx_table(document, table: Table, number: int | None, report: Report, width_cm: float, w: dict) -> None:
    """The table as Word XML, written in one piece and parsed once: the same elements python-docx's
    add_table / add_row / cell.width / run.font calls made (the header row repeats on every page, rows do not
    split, a short table's rows keep with the next, zebra shading, the team's colour in the header), without
    their cost (each call looked up the cell again: quadratic in the rows, 80 % of a 40-neighbourhood report's
    Word time)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.oxml.simpletypes import ST_HpsMeasure
    from docx.shared import Cm, Emu, Pt

    if table.caption:
        _keep_with_next(_docx_caption(document, w["table"], number, table.caption))
    columns = len(table.header)
    relative = table.widths or _guess_widths(table)
    total = sum(relative) or 1
    twips = [Emu(Cm(width_cm * r / total)).twips for r in relative]
    size = ST_HpsMeasure.convert_to_xml(Pt(8.5 if columns <= 5 else 8))
    keep = len(table.rows) <= SHORT_TABLE_ROWS  # a short table stays on one page: each row keeps with the next
    last = len(table.rows)  # the header is row 0
    header_fill = report.cover.colour.lstrip("#").upper()
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{_style_id(document, "Table Grid", "table")}"/>'
           '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
           'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{t}"/>' for t in twips]
    out.append("</w:tblGrid>")

    def row_xml(position: int, cells: list[str], header: bool) -> None:
        fill = header_fill if header else ("F2F4F5" if position % 2 == 0 else "")
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        keep_next = "<w:keepNext/>" if keep and position < last else ""
        out.append('<w:tr><w:trPr><w:cantSplit w:val="true"/>'
                   + ('<w:tblHeader w:val="true"/>' if header else "") + "</w:trPr>")
        for index, text in enumerate(cells):
            paragraph = keep_next + ('<w:jc w:val="right"/>' if table.numeric[index] else "")
            run = (_run_xml(text, f'<w:rPr><w:b/><w:color w:val="FFFFFF"/><w:sz w:val="{size}"/></w:rPr>')
                   if header else _run_xml(text, f'<w:rPr><w:sz w:val="{size}"/></w:rPr>'))
            out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips[index]}"/>{shade}</w:tcPr><w:p>'
                       + (f"<w:pPr>{paragraph}</w:pPr>" if paragraph else "")
                       + ("<w:r/>" if header else "") + f"{run}</w:p></w:tc>")
        out.append("</w:tr>")

    row_xml(0, table.header, header=True)
    for position, row in enumerate(table.rows, start=1):
        row_xml(position, row, header=False)
    out.append("</w:tbl>")
    document.element.body._insert_tbl(parse_xml("".join(out)))
    for text in (table.footnote, f"{w['source']}: {table.source}" if table.source else ""):
        if text:
            _paragraph(document, text, "Small")
    if not (table.footnote or table.source):
        _paragraph(document, style="Small")  # room before what follows


def _guess_widths(table: Table) -> list[float]:
    """Relative column widths from the longest text per column (text columns wider than figures)."""
    widths = []
    for index, head in enumerate(table.header):
        longest = max([len(str(r[index])) for r in table.rows] + [min(len(head), 14)])
        widths.append(max(4.0, min(float(longest), 40.0)))
    return widths


def _png_aspect(png: bytes) -> float | None:
    import struct

    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", png[16:24])
    return width / height if height else None


def _docx_figure(document, figure: Figure, number: int, w: dict, landscape: bool, keep_next: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _keep_with_next(picture)
    run = picture.add_run()
    png = figure.png_bytes(PRINT_DPI)
    run.add_picture(io.BytesIO(png), width=Cm(figure_width_cm(figure, _png_aspect(png), landscape)))
    properties = run._r.xpath("./w:drawing/*/wp:docPr")[0]
    properties.set("descr", figure.alt)  # the picture's alt text, as Word and screen readers read it
    properties.set("title", figure.caption)
    caption = _docx_caption(document, w["figure"], number, figure.caption)
    if figure.note or keep_next:
        _keep_with_next(caption)
    if figure.note:
        note = _paragraph(document, figure.note, "Small")
        if keep_next:
            _keep_with_next(note)


def _docx_callout(document, block: Callout, w: dict, colour: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = document.add_paragraph()
    edge, fill = ("B26B00", "FFF4DC") if block.kind == "warning" else (colour.lstrip("#").upper(), "EEF5F7")
    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="24" w:space="6" w:color="{edge}"/></w:pBdr>'))
    properties.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))
    label = block.title or w[block.kind]
    _add_runs(paragraph, [bold(f"{label}: ")] + list(block.runs))


def render_docx(report: Report) -> bytes:
    """The report as an editable Word document: a cover, the contents (a TOC field), the sections with
    real heading styles in the team's colour, numbered captions ("Figuur n", "Tabel n", as SEQ fields),
    pictures with alt text, and page numbers in the footer."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    w = words(report.lang)
    document = Document()
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21.0), Cm(29.7)
    if report.landscape:
        page.orientation = WD_ORIENT.LANDSCAPE
        page.page_width, page.page_height = page.page_height, page.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, margin, Cm(2.0))
    width_cm = (page.page_width - page.left_margin - page.right_margin) / 360000
    core = document.core_properties
    core.title = _core_text(report.title)  # Word's file properties hold 255 characters at most
    core.subject = _core_text(report.subtitle)
    core.author = _core_text(report.cover.team or "Zorgzaam")
    core.language = _WORD_LANGUAGE.get(report.lang, report.lang)
    _docx_styles(document, report)
    _docx_cover(document, report, w)
    _docx_toc(document, report, w)
    _docx_footer(document, report, w)
    current = None
    items = list(report.numbered())
    for position, (index, block, number) in enumerate(items):
        if index != current:
            current = index
            _heading(document, report.sections[index].title, 1)
        following = items[position + 1] if position + 1 < len(items) else None
        if isinstance(block, Heading):
            _keep_with_next(_heading(document, block.text, max(1, min(block.level, 3))))
        elif isinstance(block, Paragraph):
            style = {"bullet": "List Bullet", "small": "Small"}.get(block.style)
            _add_runs(_paragraph(document, style=style), block.runs)
        elif isinstance(block, Table):
            _docx_table(document, block, number, report, width_cm, w)
        elif isinstance(block, Figure):
            # a chart followed by its table stays on the page with it (a short table keeps its rows together)
            table_next = (following is not None and following[0] == index and isinstance(following[1], Table)
                          and len(following[1].rows) <= SHORT_TABLE_ROWS)
            _docx_figure(document, block, number, w, report.landscape, keep_next=table_next)
        elif isinstance(block, Callout):
            _docx_callout(document, block, w, report.cover.colour)
        elif isinstance(block, Sources):
            if block.title:
                _keep_with_next(_heading(document, block.title, 3))
            for number_item, item in enumerate(block.items, start=1):
                _paragraph(document, f"[{number_item}] {item}", "Small")
        else:
            raise TypeError(f"not a content block: {block!r}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------ HTML

def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _html_runs(runs) -> str:
    out = []
    for run in runs:
        text = _e(run.text)
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def _inline_svg(svg: str, prefix: str, alt: str) -> str:
    """Matplotlib's SVG made fit to sit inline beside others: no XML prologue, ids made unique to this
    figure, scalable (viewBox kept, fixed size removed) and labelled for screen readers."""
    text = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", "", svg).strip()
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    ids = set(_SVG_ID.findall(text))
    for old in sorted(ids, key=len, reverse=True):
        text = text.replace(f'id="{old}"', f'id="{prefix}-{old}"').replace(f"#{old})", f"#{prefix}-{old})") \
            .replace(f'href="#{old}"', f'href="#{prefix}-{old}"')
    text = re.sub(r'<svg\b([^>]*?)\swidth="[^"]*"\s+height="[^"]*"', r"<svg\1", text, count=1)
    label = _e(alt)
    return re.sub(r"<svg\b", f'<svg role="img" aria-label="{label}" class="chart"', text, count=1) \
        .replace(">", f"><title>{label}</title>", 1) if text.startswith("<svg") else text


CSS = """
:root { --accent: %(colour)s; }
html { font-family: "DejaVu Sans", "Calibri", "Helvetica", sans-serif; font-size: 10pt; color: #1b1b1b;
       line-height: 1.4; }
body { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
h1, h2, h3, .title { color: var(--accent); line-height: 1.2; }
h1 { font-size: 17pt; margin: 1.6em 0 .5em; border-bottom: 2px solid var(--accent); padding-bottom: .15em; }
h2 { font-size: 13pt; margin: 1.3em 0 .4em; }
h3 { font-size: 11pt; margin: 1.1em 0 .3em; }
.cover { min-height: 20rem; }
.cover .title { font-size: 28pt; font-weight: bold; margin: 3rem 0 .4rem; }
.cover .subtitle { font-size: 14pt; color: #333; margin: 0 0 2rem; }
.cover .team { font-weight: bold; font-size: 12pt; }
.cover .logo { max-height: 2.5cm; max-width: 8cm; }
.cover .draft, .draft-mark { color: #b00020; font-weight: bold; letter-spacing: .1em; }
nav.toc ol { padding-left: 1.2em; }
nav.toc a { color: inherit; text-decoration: none; }
table { border-collapse: collapse; width: 100%%; margin: .3em 0 .2em; font-size: 8.5pt; }
table.fixed { table-layout: fixed; }
table.fixed td, table.fixed th { overflow-wrap: break-word; hyphens: auto; }
table th, table.fixed th { hyphens: manual; }  /* a header word never hyphenated ("Ver-sie"): it wraps whole */
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9pt; padding: 0 0 .3em; }
th { background: var(--accent); color: #fff; text-align: left; vertical-align: bottom; }
th, td { border: 1px solid #b8c2c6; padding: .2em .4em; }
tbody tr:nth-child(even) td { background: #f2f4f5; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.small, .table-note, figcaption .note { font-size: 8pt; color: #444; }
.table-note { margin: .1em 0 1em; }
figure { margin: 1em 0 1.2em; }
figure svg.chart, figure img { display: block; max-width: 100%%; height: auto; margin: 0 auto; }
figure img { width: 16cm; }
figcaption { font-size: 9pt; margin-top: .3em; }
figcaption .label { font-weight: bold; }
figcaption .note { display: block; margin-top: .15em; }
.callout { border-left: 5px solid var(--accent); background: #eef5f7; padding: .5em .8em; margin: .8em 0; }
.callout.warning { border-left-color: #b26b00; background: #fff4dc; }
ol.sources { font-size: 8.5pt; color: #333; }
@media print {
  body { max-width: none; padding: 0; }
}
@page { size: A4 %(orientation)s; margin: 2cm 1.8cm 2.2cm;
        @bottom-center { content: "%(page_before)s" counter(page) "%(page_middle)s" counter(pages) "%(page_after)s";
                         font-size: 8pt; color: #555; }
        %(draft_rule)s }
@page :first { @bottom-center { content: none; } @top-right { content: none; } }
.cover { page-break-after: always; }
nav.toc { page-break-after: always; }
nav.toc a::after { content: leader(".") target-counter(attr(href), page); }
section.chapter > h1 { page-break-before: always; margin-top: 0; }
h1, h2, h3, caption { page-break-after: avoid; break-after: avoid; }
figure, .callout, tr, table.short, div.keep { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
"""


def render_html(report: Report) -> str:
    """The report as one standalone, printable HTML page: escaped text, semantic tables with
    ``<caption>``, figures as inline SVG with their alt text (``role="img"``, ``aria-label``) and
    numbered ``<figcaption>``; a print stylesheet (A4, page numbers) that WeasyPrint also reads."""
    import base64

    w = words(report.lang)
    before, rest = w["page"].split("{page}")
    middle, after = rest.split("{pages}")
    css = CSS % {"colour": report.cover.colour, "orientation": "landscape" if report.landscape else "portrait",
                 "page_before": before, "page_middle": middle, "page_after": after,
                 "draft_rule": f'@top-right {{ content: "{w["draft"]}"; color: #b00020; font-weight: bold; }}'
                 if report.draft else ""}
    out = [f'<!DOCTYPE html>\n<html lang="{_e(_HTML_LANGUAGE.get(report.lang, report.lang))}">\n<head>\n'
           f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f"<title>{_e(report.title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"]
    cover = report.cover
    out.append('<header class="cover">')
    if cover.logo:
        kind = "png" if cover.logo.startswith(b"\x89PNG") else "jpeg"
        out.append(f'<img class="logo" alt="{_e(cover.team or "logo")}" '
                   f'src="data:image/{kind};base64,{base64.b64encode(cover.logo).decode()}">')
    out.append(f'<p class="title">{_e(report.title)}</p>')
    if report.subtitle:
        out.append(f'<p class="subtitle">{_e(report.subtitle)}</p>')
    if report.draft:
        out.append(f'<p class="draft">{_e(w["draft"])}</p>')
    if cover.team:
        out.append(f'<p class="team">{_e(cover.team)}</p>')
    out += [f"<p>{_e(line)}</p>" for line in cover.lines]
    out.append("</header>\n")
    out.append(f'<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">{_e(w["contents"])}</h2><ol>')
    out += [f'<li><a href="#s{i + 1}">{_e(s.title)}</a></li>' for i, s in enumerate(report.sections)]
    out.append("</ol></nav>\n<main>\n")
    current = None
    group = False  # inside a <div class="keep">: a heading with its chart and short table, kept on one page
    for index, block, number in report.numbered():
        if index != current:
            if group:
                out.append("</div>\n")
                group = False
            if current is not None:
                out.append("</section>\n")
            current = index
            out.append(f'<section class="chapter" id="s{index + 1}">\n'
                       f"<h1>{_e(report.sections[index].title)}</h1>\n")
        if isinstance(block, Heading):
            level = max(2, min(block.level, 4))
            if level == 2:
                if group:
                    out.append("</div>\n")
                group = _keeps_together(report.sections[index].blocks, block)
                if group:
                    out.append('<div class="keep">\n')
            out.append(f"<h{level}>{_e(block.text)}</h{level}>\n")
        elif isinstance(block, Paragraph):
            css_class = {"small": ' class="small"'}.get(block.style, "")
            if block.style == "bullet":
                out.append(f"<ul><li>{_html_runs(block.runs)}</li></ul>\n")
            else:
                out.append(f"<p{css_class}>{_html_runs(block.runs)}</p>\n")
        elif isinstance(block, Table):
            out.append(_html_table(block, number, w))
        elif isinstance(block, Figure):
            out.append(_html_figure(block, number, w, report.landscape))
        elif isinstance(block, Callout):
            label = block.title or w[block.kind]
            role = ' role="note"' if block.kind == "note" else ' role="alert"'
            out.append(f'<aside class="callout {block.kind}"{role}><strong>{_e(label)}:</strong> '
                       f"{_html_runs(block.runs)}</aside>\n")
        elif isinstance(block, Sources):
            if block.title:
                out.append(f"<h3>{_e(block.title)}</h3>\n")
            out.append('<ol class="sources">' + "".join(f"<li>{_e(i)}</li>" for i in block.items) + "</ol>\n")
        else:
            raise TypeError(f"not a content block: {block!r}")
    if group:
        out.append("</div>\n")
    if current is not None:
        out.append("</section>\n")
    out.append("</main>\n</body>\n</html>\n")
    # lists of bullets come out as one <ul> per item: join neighbours
    return "".join(out).replace("</li></ul>\n<ul><li>", "</li>\n<li>")


SHORT_TABLE_ROWS = 18


def _keeps_together(blocks: list, heading: Heading) -> bool:
    """Whether the part under ``heading`` (up to the next heading of its level) is a chart with short
    tables: then it is printed on one page, not the chart on one and its table on the next."""
    start = next(i for i, b in enumerate(blocks) if b is heading) + 1
    part = []
    for block in blocks[start:]:
        if isinstance(block, Heading) and block.level <= heading.level:
            break
        part.append(block)
    tables = [b for b in part if isinstance(b, Table)]
    return any(isinstance(b, Figure) for b in part) and bool(tables) and all(
        len(t.rows) <= SHORT_TABLE_ROWS for t in tables)


def _html_table(table: Table, number: int | None, w: dict) -> str:
    # a short table is not split over two pages (a longer one repeats its header on the next); given
    # column widths are kept (fixed layout), else the browser sizes the columns by their content
    classes = (["short"] if len(table.rows) <= SHORT_TABLE_ROWS else []) + (["fixed"] if table.widths else [])
    out = [f'<table class="{" ".join(classes)}">' if classes else "<table>"]
    if table.caption:
        out.append(f'<caption><span class="label">{_e(w["table"])} {number}:</span> {_e(table.caption)}</caption>')
    if table.widths:
        total = sum(table.widths) or 1
        out.append("<colgroup>" + "".join(f'<col style="width: {100 * w / total:.1f}%">' for w in table.widths)
                   + "</colgroup>")
    classes = [' class="num"' if n else "" for n in table.numeric]
    out.append("<thead><tr>" + "".join(f'<th scope="col"{c}>{_e(h)}</th>' for h, c in
                                       zip(table.header, classes, strict=True)) + "</tr></thead><tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td{c}>{_e(v)}</td>" for v, c in zip(row, classes, strict=True)) + "</tr>")
    out.append("</tbody></table>\n")
    notes = [table.footnote, f"{w['source']}: {table.source}" if table.source else ""]
    out += [f'<p class="table-note">{_e(n)}</p>\n' for n in notes if n]
    return "".join(out)


def figure_width_cm(figure: Figure, aspect: float | None, landscape: bool) -> float:
    """The printed width of a figure: as asked, but never wider than the page's text and never so tall
    that it cannot share a page with its heading and caption (height = width / ``aspect``)."""
    text_width, text_height = (25.7, 16.7) if landscape else (17.4, 25.2)
    width = min(figure.width_cm, text_width)
    if aspect:
        width = min(width, (0.72 * text_height) * aspect)
    return round(width, 2)


def _svg_aspect(svg: str) -> float | None:
    match = re.search(r'viewBox="[\d.\-]+ [\d.\-]+ ([\d.]+) ([\d.]+)"', svg)
    return float(match.group(1)) / float(match.group(2)) if match and float(match.group(2)) else None


def _html_figure(figure: Figure, number: int, w: dict, landscape: bool = False) -> str:
    import base64

    svg = figure.svg_text()
    if svg:
        width = figure_width_cm(figure, _svg_aspect(svg), landscape)
        picture = _inline_svg(svg, f"f{number}", figure.alt).replace(
            'class="chart"', f'class="chart" style="width: {width}cm"', 1)
    else:  # as wide as in Word (and as the SVG would be): a tall map keeps its caption on its page
        png = figure.png_bytes(PRINT_DPI)
        width = figure_width_cm(figure, _png_aspect(png), landscape)
        picture = (f'<img alt="{_e(figure.alt)}" style="width: {width}cm" src="data:image/png;base64,'
                   f'{base64.b64encode(png).decode()}">')
    note = f'<span class="note">{_e(figure.note)}</span>' if figure.note else ""
    return (f'<figure id="figuur-{number}">{picture}<figcaption><span class="label">{_e(w["figure"])} {number}:'
            f"</span> {_e(figure.caption)}{note}</figcaption></figure>\n")


# ------------------------------------------------------------------------------------------------- PDF

def render_pdf(report: Report, html_text: str | None = None) -> bytes:
    """The report as PDF: WeasyPrint lays out the same HTML (:func:`render_html`) with its print
    stylesheet (A4, page numbers, contents with page numbers, tables that repeat their header)."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    text = html_text if html_text is not None else render_html(report)
    return HTML(string=text).write_pdf(pdf_identifier=b"zorgzaam-report", uncompressed_pdf=False)
