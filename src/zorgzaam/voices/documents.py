"""Write a survey report (:func:`zorgzaam.voices.report.build_report`) to XLSX (openpyxl) and Word
(python-docx), and the report's bar charts (:func:`table_chart`, drawn by ``zorgzaam.graphics.charts``:
SVG on screen, PNG in Word). No Django. Both writers refuse a report in which any shown count is under
the minimum cell size. Hidden cells are written as '<5' (too few answers) or 'x' (hidden to protect
another cell); the legend and the words under each table say why."""

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


def write_docx(report: dict, path: str | Path, *, charts: bool = True) -> Path:
    from docx import Document
    from docx.shared import Pt

    _check(report)
    lang = report["lang"]
    w = words(lang)
    m = report["min_cell"]
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(report["title"], level=0)
    if report.get("fictional"):
        doc.add_paragraph(w["fictional"]).runs[0].bold = True
    doc.add_paragraph(w["intro"].format(m=m))
    doc.add_paragraph(report["legend"]).runs[0].italic = True
    if report.get("weighting"):
        doc.add_paragraph(report["weighting"])
    doc.add_heading(w["response"], level=1)
    _docx_grid(doc, [w["group"], w["respondents"], w["eligible"], w["rate"]],
               [[r["group"], _s(r["respondents"], lang, 0, m=m), _s(r["eligible"], lang, 0, hidden="—"),
                 _s(None if r["response_rate"] is None else 100 * r["response_rate"], lang, 1, "%")]
                for r in report.get("response", [])])
    if report.get("campaign"):
        doc.add_heading(w["campaign"], level=2)
        _docx_grid(doc, [w["group"], w["addresses"], w["completed"], w["refused"], w["not_home"], w["rate"]],
                   [[r["neighbourhood"], str(r["addresses"]), _s(r["completed"], lang, 0, m=m),
                     _s(r["refused"], lang, 0, m=m), _s(r["not_home"], lang, 0, m=m),
                     _s(None if r["response_rate"] is None else 100 * r["response_rate"], lang, 1, "%")]
                    for r in report["campaign"]])
    for t in report.get("representativeness", []):
        doc.add_heading(f"{w['represent']}: {t.get('title', t['variable'])}", level=2)
        _docx_grid(doc, ["", w["respondents"], "%", w["population"], w["difference"]],
                   [[r["label"], _s(r["respondents"], lang, 0, m=m), _s(r["respondent_percent"], lang, m=m),
                     _s(r["population_percent"], lang), _s(r["difference_pp"], lang, m=m)] for r in t["rows"]])
    if report.get("comparisons"):
        doc.add_heading(w["comparisons"], level=1)
        for c in report["comparisons"]:
            doc.add_paragraph(f"{c.get('title', c['question'])} — {c['label']}: {c['text']}", style="List Bullet")
    if report.get("scales"):
        doc.add_heading(w["scales"], level=1)
        for table in report["scales"]:
            _docx_table(doc, table, lang, w, chart=True)
    doc.add_heading(w["tables"], level=1)
    for table in report["tables"]:
        _docx_table(doc, table, lang, w, chart=charts)
    if report.get("associations"):
        doc.add_heading(w["associations"], level=1)
        for a in report["associations"]:
            _docx_table(doc, a["table"], lang, w, chart=False)
            doc.add_paragraph(a["text"])
            for note in a["notes"]:
                doc.add_paragraph(note)
    doc.add_heading(w["free_text"], level=1)
    if report.get("free_text"):
        for item in report["free_text"]:
            doc.add_paragraph(item["title"]).runs[0].bold = True
            for answer in item["answers"]:
                doc.add_paragraph(answer, style="List Bullet")
    else:
        doc.add_paragraph(w["withheld"])
    doc.add_paragraph(report["legend"]).runs[0].italic = True
    path = Path(path)
    doc.save(path)
    return path


def _s(value, lang: str, decimals: int = 1, unit: str = "", *, m: int | None = None, hidden: str | None = None) -> str:
    if value is None:
        return hidden if hidden is not None else (f"<{m}" if m is not None else HIDDEN)
    return format_number(value, lang, decimals) + (f" {unit}" if unit else "")


def _docx_grid(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for i, text in enumerate(header):
        table.rows[0].cells[i].text = str(text)
    for values in rows:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            cells[i].text = str(text)
    doc.add_paragraph()
    return table


def _docx_table(doc, table: dict, lang: str, w: dict, *, chart: bool = False) -> None:
    from docx.shared import Cm

    m = table["min_cell"]
    heading = doc.add_paragraph(table["title"])
    heading.runs[0].bold = True
    heading.paragraph_format.keep_with_next = True  # never a question alone at the foot of a page
    for note in table.get("merged_text", []):
        doc.add_paragraph(note).paragraph_format.keep_with_next = True
    if chart:
        import io

        from zorgzaam.graphics import charts as chart_renderer

        spec, alt = table_chart(table, lang)
        picture = doc.add_picture(io.BytesIO(chart_renderer.png(spec.figure(), dpi=130)), width=Cm(15))
        picture._inline.docPr.set("descr", alt)  # the alt text Word reads aloud
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    header = [w["group"], w["n"]] + list(table["columns"])
    rows = []
    for row in table["rows"]:
        values = [row["group"], row_n if (row_n := _s(row["n"], lang, 0, hidden="")) else _n_mark(row, m)]
        for cell in row["cells"]:
            if cell["suppressed"]:
                values.append(_cell_mark(cell, m))
            else:
                values.append(f"{_v(cell['percent'], lang)} % ({_v(cell['ci_low'], lang)}–{_v(cell['ci_high'], lang)})")
        rows.append(values)
    if len(header) > 7:  # many answers (e.g. a list of services): answers down, groups across, so it stays readable
        header, rows = [""] + [row[0] for row in rows], [[header[i]] + [row[i] for row in rows]
                                                                 for i in range(1, len(header))]
    _docx_grid(doc, header, rows)
    for note in table.get("hidden_text", []):
        doc.add_paragraph(note).runs[0].italic = True


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
