"""Write a survey report (:func:`zorgzaam.voices.report.build_report`) to XLSX (openpyxl) and, through the one
document model (:mod:`zorgzaam.graphics.document`: :func:`survey_sections`), to Word, HTML and PDF; and the
report's bar charts (:func:`table_chart`, drawn by ``zorgzaam.graphics.charts``: SVG on screen and in HTML/PDF,
PNG in Word). No Django. Every writer refuses a report in which any shown count is under the minimum cell
size. Hidden cells are written as '<5' (too few answers) or 'x' (hidden to protect another cell); the legend
and the words under each table say why."""

from __future__ import annotations

from pathlib import Path

from zorgzaam.messages import ZorgzaamError, format_number, gettext, gettext_noop, pgettext, register
from zorgzaam.voices.report import MARK_OTHER, hidden_mark, small_cell_violations

register({
    "report_small_cells": gettext_noop("Het rapport bevat kleine cellen en wordt niet geschreven: {cells}"),
})

HIDDEN = MARK_OTHER

# The survey document's own words: Dutch msgids, English in the voices catalogue (context "survey document").
WORDS = {
    "group": gettext_noop("Groep"), "n": gettext_noop("Aantal antwoorden"), "count": gettext_noop("aantal"),
    "pct": gettext_noop("%"), "ci": gettext_noop("95%-BI"), "hidden_chart": gettext_noop("niet getoond"),
    "all": gettext_noop("Alle respondenten"), "chart": gettext_noop("Grafiek"),
    "fictional": gettext_noop("FICTIEF: deze bevraging en alle cijfers zijn verzonnen (demo)."),
    "respondents": gettext_noop("Respondenten"), "response": gettext_noop("Respons"),
    "eligible": gettext_noop("Doelgroep"), "rate": gettext_noop("Responsgraad"), "overview": gettext_noop("Overzicht"),
    "tables": gettext_noop("Tabellen"), "comparisons": gettext_noop("Vergelijking"), "question": gettext_noop("Vraag"),
    "associations": gettext_noop("Verbanden"), "scales": gettext_noop("Eenzaamheid"),
    "represent": gettext_noop("Representativiteit"), "campaign": gettext_noop("Huisbezoeken"),
    "free_text": gettext_noop("Open antwoorden"), "reference": gettext_noop("Referentie"), "here": gettext_noop("Hier"),
    "verdict": gettext_noop("Besluit"), "test": gettext_noop("Toets"), "p": gettext_noop("p-waarde"),
    "mean": gettext_noop("Gemiddelde"), "population": gettext_noop("Bevolking %"),
    "difference": gettext_noop("Verschil (%-punt)"),
    "withheld": gettext_noop("Open antwoorden zijn niet opgenomen (je rol laat dat niet toe)."),
    "intro": gettext_noop("Dit rapport vat de antwoorden samen. Percentages gaan over wie de vraag beantwoordde; tussen "
                          "haakjes staat het 95%-betrouwbaarheidsinterval. Cellen met minder dan {m} antwoorden tonen "
                          "we niet, om de privacy van bewoners te beschermen."),
    "addresses": gettext_noop("Adressen"), "completed": gettext_noop("Ingevuld"), "refused": gettext_noop("Weigering"),
    "not_home": gettext_noop("Niet thuis"), "left": gettext_noop("Achtergelaten"),
    "contact_rate": gettext_noop("Contactgraad"),
}


def words(lang: str) -> dict[str, str]:
    """The survey document's words in ``lang``."""
    return {key: pgettext("survey document", msgid, lang) for key, msgid in WORDS.items()}


def _check(report: dict) -> None:
    bad = small_cell_violations(report)
    if bad:
        raise ZorgzaamError("report_small_cells", cells="; ".join(bad[:5]))


def _v(value, lang: str, decimals: int = 1) -> str:
    return HIDDEN if value is None else format_number(value, lang, decimals)


def write_xlsx(report: dict, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _check(report)
    lang = report["lang"]
    w = words(lang)
    m = report["min_cell"]
    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = w["overview"]
    sheet.append([report["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    if report.get("fictional"):
        sheet.append([w["fictional"]])
    sheet.append([w["respondents"], report["respondents"] if report["respondents"] is not None else HIDDEN])
    sheet.append([report["legend"]])
    if report.get("weighting"):
        sheet.append([report["weighting"]])
    sheet.append([])
    sheet.append([w["group"], w["respondents"], w["eligible"], w["rate"]])
    for row in report.get("response", []):
        sheet.append([row["group"], _x(row["respondents"], m), row["eligible"],
                      row["response_rate"] if row["response_rate"] is not None else ""])
        if row["response_rate"] is not None:
            sheet.cell(row=sheet.max_row, column=4).number_format = "0.0%"

    tables = book.create_sheet(w["tables"])
    for table in report["tables"] + report.get("scales", []):
        _xlsx_table(tables, table, w, bold)
    if report.get("comparisons"):
        comp = book.create_sheet(w["comparisons"])
        comp.append([w["question"], w["reference"], w["reference"] + " %", w["here"] + " %", w["ci"], "n", w["test"],
                     w["p"], w["verdict"]])
        for c in report["comparisons"]:
            comp.append([c.get("title", c["question"]), c["label"], c["reference_percent"], c.get("percent", HIDDEN),
                         f"{c['ci_low']}–{c['ci_high']}" if not c["suppressed"] else HIDDEN,
                         c.get("n", HIDDEN), c.get("test", ""), c.get("p_value", ""), c["text"]])
    if report.get("associations"):
        assoc = book.create_sheet(w["associations"])
        for a in report["associations"]:
            assoc.append([a["table"]["title"]])
            assoc.cell(assoc.max_row, 1).font = bold
            assoc.append([w["test"], gettext(TEST_NAMES[a["test"]], lang) if a["test"] in TEST_NAMES else a["test"], w["p"], a["p_value"],
                          "Cramér V", a["cramers_v"]])
            assoc.append([a["text"]])
            for note in a["notes"]:
                assoc.append([note])
            _xlsx_table(assoc, a["table"], w, bold, title=False)
    if report.get("representativeness"):
        rep = book.create_sheet(w["represent"])
        for t in report["representativeness"]:
            rep.append([t.get("title", t["variable"]), "p", t["p_value"]])
            rep.append(["", w["respondents"], "%", w["population"], w["difference"]])
            for r in t["rows"]:
                rep.append([r["label"], _x(r["respondents"], m), _x(r["respondent_percent"], m),
                            r["population_percent"], _x(r["difference_pp"], m)])
            rep.append([])
    if report.get("campaign"):
        camp = book.create_sheet(w["campaign"])
        camp.append([w["group"], w["addresses"], w["completed"], w["left"], w["refused"], w["not_home"],
                     w["contact_rate"], w["rate"]])
        for r in report["campaign"]:
            camp.append([r["neighbourhood"], r["addresses"], _x(r["completed"], m), _x(r["left_questionnaire"], m),
                         _x(r["refused"], m), _x(r["not_home"], m), r["contact_rate"], _x(r["response_rate"], m)])
    if report.get("free_text"):
        free = book.create_sheet(w["free_text"])
        for item in report["free_text"]:
            free.append([item["title"]])
            for answer in item["answers"]:
                free.append(["", answer])
    from zorgzaam.spreadsheets import fit_columns, protect_book

    protect_book(book)  # open answers are text, never formulas
    for each in book.worksheets:
        fit_columns(each, max_width=60, skip_long_from=40)  # titles and notes run over the empty cells beside them
    path = Path(path)
    book.save(path)
    return path


TEST_NAMES = {  # Dutch msgids, English in the voices catalogue
    "chi_square": gettext_noop("chi-kwadraattoets"),
    "chi_square_monte_carlo": gettext_noop("chi-kwadraattoets (gesimuleerd)"),
    "fisher_exact": gettext_noop("exacte toets van Fisher"),
    "z_test": gettext_noop("z-toets"),
    "exact_binomial": gettext_noop("exacte binomiale toets"),
    "none": gettext_noop("geen toets"),
}


def _x(value, m: int | None = None):
    if value is not None:
        return value
    return f"<{m}" if m is not None else HIDDEN


def _cell_mark(cell: dict, m: int) -> str:
    return cell.get("mark") or hidden_mark(cell.get("reason_code"), m)


def _n_mark(row: dict, m: int) -> str:
    return row.get("n_mark") or f"<{m}"


def _xlsx_table(sheet, table: dict, w: dict, bold, title: bool = True) -> None:
    m = table["min_cell"]
    if title:
        sheet.append([table["title"]])
        sheet.cell(sheet.max_row, 1).font = bold
    for note in table.get("merged_text", []):
        sheet.append([note])
    header = [w["group"], w["n"]]
    for label in table["columns"]:
        header += [f"{label} ({w['count']})", f"{label} ({w['pct']})", f"{label} ({w['ci']})"]
    if any("mean" in row for row in table["rows"]):
        header.append(w["mean"])
    sheet.append(header)
    for row in table["rows"]:
        values = [row["group"], row["n"] if row["n"] is not None else _n_mark(row, m)]
        for cell in row["cells"]:
            if cell["suppressed"]:
                values += [_cell_mark(cell, m)] * 3
            else:
                values += [cell["count"], cell["percent"], f"{cell['ci_low']}–{cell['ci_high']}"]
        if "mean" in row:
            values.append(row["mean"] if row["mean"] is not None else _n_mark(row, m))
        sheet.append(values)
    for note in table.get("notes", []) + table.get("hidden_text", []):
        sheet.append([note])
    sheet.append([])


# ------------------------------------------------------------------------------------------ one document

def _s(value, lang: str, decimals: int = 1, unit: str = "", *, m: int | None = None, hidden: str | None = None) -> str:
    if value is None:
        return hidden if hidden is not None else (f"<{m}" if m is not None else HIDDEN)
    return format_number(value, lang, decimals) + (f" {unit}" if unit else "")


def _rate(value, lang: str) -> str:
    return _s(None if value is None else 100 * value, lang, 1, "%", hidden="–")


def _share(cell: dict, lang: str) -> str:
    """'12,3 % (8,1–17,0)' as on the screen; in a narrow column it wraps only between the share and its
    interval (a no-break space before '%', a word joiner after the dash)."""
    return f"{_v(cell['percent'], lang)}\u00a0% ({_v(cell['ci_low'], lang)}–\u2060{_v(cell['ci_high'], lang)})"


def survey_table(table: dict, lang: str, *, groups: set[str] | None = None, caption: str = "",
                 widest: int = 6):
    """One table of the report as a document table: per group the number of answers and, per answer, the share
    with its 95% interval, as the screen shows them ('12,3 % (8,1–17,0)'); a hidden cell shows its mark ('<5' or
    'x'), never a number. ``groups``: only these rows (the total is the first row). With more than ``widest``
    columns (many answers) the answers go down and the groups across when that makes fewer columns; a table
    still wider lets its figures wrap (share above, interval below), so it stays within the page."""
    from zorgzaam.graphics.document import Table

    w = words(lang)
    m = table["min_cell"]
    header = [w["group"], w["n"]] + list(table["columns"])
    rows = []
    for row in table["rows"]:
        if groups and row["group"] not in groups:
            continue
        values = [row["group"], _s(row["n"], lang, 0) if row["n"] is not None else _n_mark(row, m)]
        for cell in row["cells"]:
            if cell["suppressed"] or cell.get("percent") is None:
                values.append(_cell_mark(cell, m))
            else:
                values.append(_share(cell, lang))
        rows.append(values)
    if len(header) > widest and len(rows) + 1 < len(header):
        header, rows = [""] + [row[0] for row in rows], [[header[i]] + [row[i] for row in rows]
                                                         for i in range(1, len(header))]
    return Table(header, rows, caption=caption, numeric=[False] + [len(header) <= widest] * (len(header) - 1),
                 footnote=" ".join(table.get("hidden_text", [])))


def _question_blocks(table: dict, lang: str, *, chart: bool) -> list:
    """A question: its heading, the team's merges, its chart (all respondents; per group for the loneliness
    score) and its table with the reasons for hidden cells under it."""
    from zorgzaam.graphics.document import Figure, Heading, para

    blocks = [Heading(table["title"], 2)]
    merged = " ".join(table.get("merged_text", []))  # the team's merges: under the chart, else above the table
    if chart:
        spec, alt = table_chart(table, lang)
        few = len(table["columns"]) <= 3 and len(spec.params["series"]) == 1  # a short chart: not page-wide
        blocks.append(Figure(caption=table["title"], alt=alt, render=spec.figure, note=merged,
                             width_cm=12.0 if few else 15.0))
    elif merged:
        blocks.append(para(merged, style="small"))
    blocks.append(survey_table(table, lang))
    return blocks


def survey_sections(report: dict, *, charts: bool = True) -> list:
    """The survey report (:func:`zorgzaam.voices.report.build_report`, already protected) as sections of the
    one document model (:mod:`zorgzaam.graphics.document`): who answered, the comparisons, loneliness, every
    question, the associations and the open answers. Refuses a report with any shown count under the minimum."""
    from zorgzaam.graphics.document import Heading, Section, Table, callout, italic, para

    _check(report)
    lang = report["lang"]
    w = words(lang)
    m = report["min_cell"]
    overview = Section(w["overview"])
    if report.get("fictional"):
        overview.blocks.append(callout(w["fictional"], kind="warning"))
    overview.blocks.append(para(w["intro"].format(m=m)))
    overview.blocks.append(para(italic(report["legend"]), style="small"))
    if report.get("weighting"):
        overview.blocks.append(para(report["weighting"]))
    overview.blocks.append(Heading(w["response"], 2))
    overview.blocks.append(Table(
        [w["group"], w["respondents"], w["eligible"], w["rate"]],
        [[r["group"], _s(r["respondents"], lang, 0, m=m), _s(r["eligible"], lang, 0, hidden="–"),
          _rate(r["response_rate"], lang)] for r in report.get("response", [])],
        caption=w["response"], numeric=[False, True, True, True]))
    if report.get("campaign"):
        overview.blocks.append(Heading(w["campaign"], 2))
        overview.blocks.append(Table(
            [w["group"], w["addresses"], w["completed"], w["refused"], w["not_home"], w["rate"]],
            [[r["neighbourhood"], _s(r["addresses"], lang, 0, hidden="–"), _s(r["completed"], lang, 0, m=m),
              _s(r["refused"], lang, 0, m=m), _s(r["not_home"], lang, 0, m=m), _rate(r["response_rate"], lang)]
             for r in report["campaign"]],
            caption=w["campaign"], numeric=[False] + [True] * 5))
    for t in report.get("representativeness", []):
        title = f"{w['represent']}: {t.get('title', t['variable'])}"
        overview.blocks.append(Heading(title, 2))
        overview.blocks.append(Table(
            ["", w["respondents"], "%", w["population"], w["difference"]],
            [[r["label"], _s(r["respondents"], lang, 0, m=m), _s(r["respondent_percent"], lang, m=m),
              _s(r["population_percent"], lang, hidden="–"), _s(r["difference_pp"], lang, m=m)] for r in t["rows"]],
            caption=title, numeric=[False] + [True] * 4))
    sections = [overview]
    if report.get("comparisons"):
        sections.append(Section(w["comparisons"], [
            para(f"{c.get('title', c['question'])} — {c['label']}: {c['text']}", style="bullet")
            for c in report["comparisons"]]))
    if report.get("scales"):
        scales = Section(w["scales"])
        for table in report["scales"]:
            scales.blocks += _question_blocks(table, lang, chart=True)
        sections.append(scales)
    tables = Section(w["tables"])
    for table in report["tables"]:
        tables.blocks += _question_blocks(table, lang, chart=charts)
    tables.blocks.append(para(italic(report["legend"]), style="small"))
    sections.append(tables)
    if report.get("associations"):
        associations = Section(w["associations"])
        for a in report["associations"]:
            associations.blocks.append(Heading(a["table"]["title"], 2))
            associations.blocks += [para(note, style="small") for note in a["table"].get("merged_text", [])]
            associations.blocks.append(survey_table(a["table"], lang))
            associations.blocks.append(para(a["text"]))
            associations.blocks += [para(note, style="small") for note in a["notes"]]
        sections.append(associations)
    free = Section(w["free_text"])
    if report.get("free_text"):
        for item in report["free_text"]:
            free.blocks.append(Heading(item["title"], 2))
            free.blocks += [para(answer, style="bullet") for answer in item["answers"]]
    else:
        free.blocks.append(para(w["withheld"]))
    sections.append(free)
    return sections


def survey_document(report: dict, *, charts: bool = True, cover=None):
    """The survey report as a :class:`zorgzaam.graphics.document.Report` (Word, HTML and PDF from one model)."""
    from zorgzaam.graphics.document import Cover, Report

    w = words(report["lang"])
    lines = (w["fictional"],) if report.get("fictional") else ()
    subtitle = gettext("Verslag van een bevraging", report["lang"])
    return Report(report["title"], subtitle, cover or Cover(lines=lines), survey_sections(report, charts=charts),
                  lang=report["lang"])


def _write(content: bytes | str, path: str | Path) -> Path:
    path = Path(path)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def write_docx(report: dict, path: str | Path, *, charts: bool = True) -> Path:
    """The survey report as an editable Word document (``graphics.document.render_docx``)."""
    from zorgzaam.graphics.document import render_docx

    return _write(render_docx(survey_document(report, charts=charts)), path)


def write_pdf(report: dict, path: str | Path, *, charts: bool = True) -> Path:
    """The survey report as PDF (``graphics.document.render_pdf``: the same HTML laid out for A4)."""
    from zorgzaam.graphics.document import render_pdf

    return _write(render_pdf(survey_document(report, charts=charts)), path)


def write_html(report: dict, path: str | Path, *, charts: bool = True) -> Path:
    """The survey report as one printable HTML page (``graphics.document.render_html``)."""
    from zorgzaam.graphics.document import render_html

    return _write(render_html(survey_document(report, charts=charts)), path)


# ------------------------------------------------------------------------------------------ charts

def _pct(value, lang: str) -> str:
    return format_number(value, lang, 1) + " %"


def table_chart(table: dict, lang: str = "nl", *, groups: bool | None = None):
    """The bar chart of one report table (:class:`zorgzaam.graphics.charts.Chart`, kind ``interval_bars``)
    and its alt text in words: the share of each answer with its 95% interval, for all respondents, and
    per group too for the loneliness score (or when ``groups``). Hidden cells are left out and named."""
    from zorgzaam.graphics import charts as chart_renderer

    w = words(lang)
    rows = table["rows"]
    if groups is None:
        groups = table.get("kind") == "scale_score"
    chosen = [row for row in (rows if groups else rows[:1]) if row["n"] is not None]
    series = []
    sentences = []
    for index, row in enumerate(chosen):
        name = w["all"] if index == 0 and row is rows[0] else row["group"]
        series.append({"name": name if len(chosen) > 1 else "",
                       "percent": [None if c["suppressed"] else c["percent"] for c in row["cells"]],
                       "low": [None if c["suppressed"] else c["ci_low"] for c in row["cells"]],
                       "high": [None if c["suppressed"] else c["ci_high"] for c in row["cells"]]})
        parts = []
        for cell in row["cells"]:
            if cell["suppressed"]:
                parts.append(f"{cell['label']}: {w['hidden_chart']}")
            else:
                parts.append(f"{cell['label']} {_pct(cell['percent'], lang)} "
                             f"({format_number(cell['ci_low'], lang, 1)}–{_pct(cell['ci_high'], lang)})")
        sentences.append(f"{name}: " + "; ".join(parts))
    # the chart stands under the question's own heading (screen and Word): no title of its own
    spec = chart_renderer.chart("interval_bars", categories=list(table["columns"]), series=series,
                                title="", lang=lang, hidden_label=w["hidden_chart"])
    kind = gettext("Staafdiagram met 95%-intervallen", lang)
    alt = f"{kind}. {table['title']}. " + ". ".join(sentences) + "."
    return spec, alt
