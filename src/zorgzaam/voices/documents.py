"""Write a survey report (:func:`zorgzaam.voices.report.build_report`) to XLSX (openpyxl) and Word
(python-docx). No Django. Both writers refuse a report in which any shown count is under the minimum
cell size. Hidden cells are written as ``x``; the legend says why."""

from __future__ import annotations

from pathlib import Path

from zorgzaam.messages import ZorgzaamError, format_number, register
from zorgzaam.voices.report import small_cell_violations

register({
    "report_small_cells": ("Het rapport bevat kleine cellen en wordt niet geschreven: {cells}",
                           "The report holds small cells and is not written: {cells}"),
})

HIDDEN = "x"

WORDS = {
    "nl": {"group": "Groep", "n": "Aantal antwoorden", "count": "aantal", "pct": "%", "ci": "95%-BI",
           "legend": "x = niet getoond: minder dan {m} antwoorden in de cel of de groep, of verborgen zodat een "
                     "kleine cel niet terug te rekenen is. BI = betrouwbaarheidsinterval (Wilson).",
           "fictional": "FICTIEF: deze bevraging en alle cijfers zijn verzonnen (demo).",
           "respondents": "Respondenten", "response": "Respons", "eligible": "Doelgroep", "rate": "Responsgraad",
           "overview": "Overzicht", "tables": "Tabellen", "comparisons": "Vergelijking", "question": "Vraag", "associations": "Verbanden",
           "scales": "Eenzaamheid", "represent": "Representativiteit", "campaign": "Huisbezoeken",
           "free_text": "Open antwoorden", "reference": "Referentie", "here": "Hier", "verdict": "Besluit",
           "test": "Toets", "p": "p-waarde", "mean": "Gemiddelde", "population": "Bevolking %",
           "difference": "Verschil (%-punt)", "withheld": "Open antwoorden zijn niet opgenomen (uw rol laat dat niet toe).",
           "intro": "Dit rapport vat de antwoorden samen. Percentages gaan over wie de vraag beantwoordde; tussen "
                    "haakjes staat het 95%-betrouwbaarheidsinterval. Cellen met minder dan {m} antwoorden tonen we "
                    "niet, om de privacy van bewoners te beschermen.",
           "addresses": "Adressen", "completed": "Ingevuld", "refused": "Weigering", "not_home": "Niet thuis",
           "left": "Achtergelaten", "contact_rate": "Contactgraad"},
    "en": {"group": "Group", "n": "Answers", "count": "count", "pct": "%", "ci": "95% CI",
           "legend": "x = not shown: fewer than {m} answers in the cell or group, or hidden so that a small cell "
                     "cannot be worked out. CI = confidence interval (Wilson).",
           "fictional": "FICTIONAL: this survey and all figures are made up (demo).",
           "respondents": "Respondents", "response": "Response", "eligible": "Eligible", "rate": "Response rate",
           "overview": "Overview", "tables": "Tables", "comparisons": "Comparison", "question": "Question", "associations": "Associations",
           "scales": "Loneliness", "represent": "Representativeness", "campaign": "Door to door",
           "free_text": "Open answers", "reference": "Reference", "here": "Here", "verdict": "Conclusion",
           "test": "Test", "p": "p-value", "mean": "Mean", "population": "Population %",
           "difference": "Difference (points)", "withheld": "Open answers are not included (your role does not allow it).",
           "intro": "This report summarises the answers. Percentages are of those who answered the question; the "
                    "95% confidence interval is in brackets. Cells with fewer than {m} answers are not shown, to "
                    "protect residents' privacy.",
           "addresses": "Addresses", "completed": "Completed", "refused": "Refused", "not_home": "Not at home",
           "left": "Left", "contact_rate": "Contact rate"},
}


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
    w = WORDS[lang]
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
    sheet.append([w["legend"].format(m=m)])
    if report.get("weighting"):
        sheet.append([report["weighting"]])
    sheet.append([])
    sheet.append([w["group"], w["respondents"], w["eligible"], w["rate"]])
    for row in report.get("response", []):
        sheet.append([row["group"], _x(row["respondents"]), row["eligible"],
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
            assoc.append([w["test"], a["test"], w["p"], a["p_value"], "Cramér V", a["cramers_v"]])
            assoc.append([a["text"]])
            for note in a["notes"]:
                assoc.append([note])
            _xlsx_table(assoc, a["table"], w, bold, title=False)
    if report.get("representativeness"):
        rep = book.create_sheet(w["represent"])
        for t in report["representativeness"]:
            rep.append([t["variable"], "p", t["p_value"]])
            rep.append(["", w["respondents"], "%", w["population"], w["difference"]])
            for r in t["rows"]:
                rep.append([r["label"], _x(r["respondents"]), _x(r["respondent_percent"]), r["population_percent"],
                            _x(r["difference_pp"])])
            rep.append([])
    if report.get("campaign"):
        camp = book.create_sheet(w["campaign"])
        camp.append([w["group"], w["addresses"], w["completed"], w["left"], w["refused"], w["not_home"],
                     w["contact_rate"], w["rate"]])
        for r in report["campaign"]:
            camp.append([r["neighbourhood"], r["addresses"], _x(r["completed"]), _x(r["left_questionnaire"]),
                         _x(r["refused"]), _x(r["not_home"]), r["contact_rate"], _x(r["response_rate"])])
    if report.get("free_text"):
        free = book.create_sheet(w["free_text"])
        for item in report["free_text"]:
            free.append([item["title"]])
            for answer in item["answers"]:
                free.append(["", answer])
    from zorgzaam.reports.spreadsheets import fit_columns, protect_book

    protect_book(book)  # open answers are text, never formulas
    for each in book.worksheets:
        fit_columns(each, max_width=60, skip_long_from=40)  # titles and notes run over the empty cells beside them
    path = Path(path)
    book.save(path)
    return path


def _x(value):
    return HIDDEN if value is None else value


def _xlsx_table(sheet, table: dict, w: dict, bold, title: bool = True) -> None:
    if title:
        sheet.append([table["title"]])
        sheet.cell(sheet.max_row, 1).font = bold
    header = [w["group"], w["n"]]
    for label in table["columns"]:
        header += [f"{label} ({w['count']})", f"{label} ({w['pct']})", f"{label} ({w['ci']})"]
    if any("mean" in row for row in table["rows"]):
        header.append(w["mean"])
    sheet.append(header)
    for row in table["rows"]:
        values = [row["group"], _x(row["n"])]
        for cell in row["cells"]:
            values += [_x(cell["count"]), _x(cell["percent"]),
                       HIDDEN if cell["suppressed"] else f"{cell['ci_low']}–{cell['ci_high']}"]
        if "mean" in row:
            values.append(_x(row["mean"]))
        sheet.append(values)
    for note in table.get("notes", []):
        sheet.append([note])
    sheet.append([])


def write_docx(report: dict, path: str | Path) -> Path:
    from docx import Document
    from docx.shared import Pt

    _check(report)
    lang = report["lang"]
    w = WORDS[lang]
    m = report["min_cell"]
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(report["title"], level=0)
    if report.get("fictional"):
        doc.add_paragraph(w["fictional"]).runs[0].bold = True
    doc.add_paragraph(w["intro"].format(m=m))
    if report.get("weighting"):
        doc.add_paragraph(report["weighting"])
    doc.add_heading(w["response"], level=1)
    _docx_grid(doc, [w["group"], w["respondents"], w["eligible"], w["rate"]],
               [[r["group"], _s(r["respondents"], lang, 0), _s(r["eligible"], lang, 0),
                 _s(None if r["response_rate"] is None else 100 * r["response_rate"], lang, 1, "%")]
                for r in report.get("response", [])])
    if report.get("campaign"):
        doc.add_heading(w["campaign"], level=2)
        _docx_grid(doc, [w["group"], w["addresses"], w["completed"], w["refused"], w["not_home"], w["rate"]],
                   [[r["neighbourhood"], str(r["addresses"]), _s(r["completed"], lang, 0), _s(r["refused"], lang, 0),
                     _s(r["not_home"], lang, 0),
                     _s(None if r["response_rate"] is None else 100 * r["response_rate"], lang, 1, "%")]
                    for r in report["campaign"]])
    for t in report.get("representativeness", []):
        doc.add_heading(f"{w['represent']}: {t['variable']}", level=2)
        _docx_grid(doc, ["", w["respondents"], "%", w["population"], w["difference"]],
                   [[r["label"], _s(r["respondents"], lang, 0), _s(r["respondent_percent"], lang),
                     _s(r["population_percent"], lang), _s(r["difference_pp"], lang)] for r in t["rows"]])
    if report.get("comparisons"):
        doc.add_heading(w["comparisons"], level=1)
        for c in report["comparisons"]:
            doc.add_paragraph(f"{c.get('title', c['question'])} — {c['label']}: {c['text']}", style="List Bullet")
    if report.get("scales"):
        doc.add_heading(w["scales"], level=1)
        for table in report["scales"]:
            _docx_table(doc, table, lang, w)
    doc.add_heading(w["tables"], level=1)
    for table in report["tables"]:
        _docx_table(doc, table, lang, w)
    if report.get("associations"):
        doc.add_heading(w["associations"], level=1)
        for a in report["associations"]:
            _docx_table(doc, a["table"], lang, w)
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
    doc.add_paragraph(w["legend"].format(m=m)).runs[0].italic = True
    path = Path(path)
    doc.save(path)
    return path


def _s(value, lang: str, decimals: int = 1, unit: str = "") -> str:
    if value is None:
        return HIDDEN
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


def _docx_table(doc, table: dict, lang: str, w: dict) -> None:
    doc.add_paragraph(table["title"]).runs[0].bold = True
    header = [w["group"], w["n"]] + list(table["columns"])
    rows = []
    for row in table["rows"]:
        values = [row["group"], _s(row["n"], lang, 0)]
        for cell in row["cells"]:
            if cell["suppressed"]:
                values.append(HIDDEN)
            else:
                values.append(f"{_v(cell['percent'], lang)} % ({_v(cell['ci_low'], lang)}–{_v(cell['ci_high'], lang)})")
        rows.append(values)
    if len(header) > 7:  # many answers (e.g. a list of services): answers down, groups across, so it stays readable
        header, rows = [""] + [row[0] for row in rows], [[header[i]] + [row[i] for row in rows]
                                                                 for i in range(1, len(header))]
    _docx_grid(doc, header, rows)
