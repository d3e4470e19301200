"""A neighbourhood profile as documents: an editable Word section, a spreadsheet and CSV.

Plain module: no Django. Takes a :class:`zorgzaam.profile.service.Profile` (a plain dataclass of
tables) and writes files. Figures are shown as people read them (Dutch decimal commas by default);
a hidden small count is written as "< 5", an unknown as "–" with the reason beside it.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from zorgzaam.areas.levels import level_label
from zorgzaam.graphics import charts
from zorgzaam.messages import render
from zorgzaam.reports.profile_series import add_series_to_docx, series_frame
from zorgzaam.reports.profile_series import t as series_t

TEXT = {
    "title": ("Buurtprofiel", "Neighbourhood profile"),
    "fictional": ("Fictief voorbeeld: deze buurt en alle cijfers zijn verzonnen (demogemeente Overbos).",
                  "Fictional example: this neighbourhood and all figures are invented (demo municipality Overbos)."),
    "sectors": ("Statistische sectoren", "Statistical sectors"),
    "compared": ("Vergeleken met", "Compared with"),
    "indicator": ("Indicator", "Indicator"),
    "period": ("Jaar", "Year"),
    "phrase": ("Vergeleken met de gemeente", "Compared with the municipality"),
    "missing": ("Niet beschikbaar", "Not available"),
    "signals": ("Signalen: vragen voor het verdere onderzoek", "Signals: questions for further study"),
    "no_signals": ("Geen cijfers springen er duidelijk uit tegenover de vergelijkingsgebieden.",
                   "No figure clearly stands out against the comparison areas."),
    "mind": ("Let op", "Mind"),
    "definitions": ("Definities en bronnen", "Definitions and sources"),
    "formula": ("Berekening", "Formula"),
    "source": ("Bron", "Source"),
    "pyramid": ("Bevolkingspiramide", "Population pyramid"),
    "age_bands": ("Leeftijdsopbouw (10-jaarsklassen) tegenover de vergelijkingsgebieden",
                  "Age structure (10-year bands) against the comparison areas"),
    "over_time": ("Evolutie", "Over time"),
    "men_women": (("Mannen", "Vrouwen"), ("Men", "Women")),
    "residents": ("inwoners", "residents"),
    "reliability": ("(!) = weinig inwoners in de noemer: voorzichtig lezen.",
                    "(!) = few people in the denominator: read with care."),
    "overview": ("Overzicht", "Overview"),
    "value": ("Waarde", "Value"),
    "numerator": ("Teller", "Numerator"),
    "denominator": ("Noemer", "Denominator"),
    "status": ("Status", "Status"),
    "reason": ("Toelichting", "Note"),
    "not_aggregable": ("niet optelbaar naar een eigen buurt", "not aggregable to a custom neighbourhood"),
}


def t(key: str, lang: str):
    nl, en = TEXT[key]
    return nl if lang == "nl" else en


def shown_value(row, indicator, lang: str) -> str:
    """A figure as printed: decimals by unit, '< 5' when hidden, '–' when unknown."""
    if row is None:
        return "–"
    if row["status"] == "suppressed":
        return f"< {row['reason_params'].get('min_count', 5)}" if isinstance(row["reason_params"], dict) else "< 5"
    text = indicator.format(row["value"], lang)
    return text + (" (!)" if row.get("reliability") else "")


def _area_label(key, profile, lang) -> str:
    level = key[0]
    if level == "neighbourhood":
        return profile.names.get(key, key[1])
    return f"{profile.names.get(key, key[1])} ({level_label(level, lang)})"


def figure_table(profile, lang: str) -> tuple[list[str], list[dict]]:
    """Headers and one row per indicator: the latest period with a value for the focus, beside the
    comparison areas' values of that period and the phrase against the first comparison area."""
    keys = [profile.focus] + list(profile.references)
    headers = [t("indicator", lang), t("period", lang)] + [_area_label(k, profile, lang) for k in keys] + \
        [t("phrase", lang)]
    # One pass over the results into plain lookups (a pandas selection per indicator and area was the
    # slowest part of an uncached profile page).
    results = profile.results
    wanted = set(keys)
    frame = results[pd.Series(list(zip(results["level"], results["code"], results["vintage"], strict=True)),
                              index=results.index).isin(wanted)]
    lookup: dict[tuple, dict] = {}
    latest: dict[str, list[str]] = {}  # indicator → [latest period with a value, latest period at all]
    for row in frame.to_dict("records"):
        key = (row["level"], row["code"], row["vintage"])
        lookup.setdefault((key, row["indicator"], row["period"]), row)
        if key == profile.focus:
            best = latest.setdefault(row["indicator"], ["", ""])
            if row["status"] == "ok" and row["period"] > best[0]:
                best[0] = row["period"]
            if row["period"] > best[1]:
                best[1] = row["period"]
    phrases: dict[tuple[str, str], str] = {}
    comparisons = profile.comparisons
    if len(comparisons) and profile.references:
        first = comparisons[comparisons["ref_code"] == profile.references[0][1]]
        for indicator_id, period, phrase in zip(first["indicator"], first["period"], first["phrase"], strict=True):
            phrases.setdefault((indicator_id, period), phrase)
    rows = []
    for indicator in profile.catalogue:
        if indicator.group:
            continue
        best = latest.get(indicator.id)
        period = (best[0] or best[1]) if best else ""
        cells, statuses, reason = [], [], ""
        for key in keys:
            row = lookup.get((key, indicator.id, period))
            cells.append(shown_value(row, indicator, lang))
            statuses.append(row["status"] if row is not None else "")
            if key == profile.focus and row is not None and row["status"] != "ok" and row["reason_code"]:
                reason = render(row["reason_code"], row["reason_params"], lang=lang)
        # a count (residents, moves) of a part is naturally smaller than of the whole: no phrase
        phrase = (phrases.get((indicator.id, period)) or "") if indicator.is_ratio else ""
        rows.append({"indicator": indicator, "period": period, "cells": cells, "statuses": statuses,
                     "phrase": phrase, "reason": reason, "theme": indicator.theme})
    return headers, rows


def profile_charts(profile, lang: str) -> list[tuple[str, object]]:
    """The profile's charts as (title, matplotlib figure): the population pyramid and the age structure
    beside the comparison areas. Documents render them as PNG, screens as SVG (from the same
    :func:`profile_chart_specs`). The figures over time have their own section (``reports.profile_series``)."""
    return [(title, spec.figure()) for title, spec in profile_chart_specs(profile, lang)]


def profile_chart_specs(profile, lang: str) -> list[tuple[str, charts.Chart]]:
    """The profile's charts as (title, chart data): cheap to make, drawn only when someone needs one."""
    images = []
    pyramid = profile.pyramid
    if len(pyramid) and pyramid[["male", "female"]].notna().any().any():
        title = f"{t('pyramid', lang)} — {profile.name}, {profile.pyramid_period}"
        images.append((title, charts.chart(
            "population_pyramid", bands=pyramid["band"].tolist(), male=pyramid["male"].tolist(),
            female=pyramid["female"].tolist(), title=title, labels=t("men_women", lang), unit=t("residents", lang))))
    bands = [i for i in profile.catalogue if i.group == "age_bands_10"]
    results = profile.results
    if bands:
        series = {}
        period = None
        ids = [b.id for b in bands]
        chosen = results[results["indicator"].isin(ids) & (results["status"] == "ok")]
        for key in [profile.focus] + list(profile.references):
            rows = chosen[(chosen["level"] == key[0]) & (chosen["code"] == key[1]) & (chosen["vintage"] == key[2])]
            if rows.empty:
                continue
            period = period or max(rows["period"])
            rows = rows[rows["period"] == period].set_index("indicator")
            series[_area_label(key, profile, lang)] = [rows["value"].get(b.id, np.nan) for b in bands]
        if series and period:
            labels = [b.label(lang).replace("Aandeel ", "").replace("Share aged ", "").replace(" jaar", "")
                      for b in bands]
            title = f"{t('age_bands', lang)}, {period}"
            images.append((title, charts.chart("grouped_bars", categories=labels, series=series, title=title)))
    return images


# ------------------------------------------------------------------------------------------- Word

def profile_docx(profile, path: str | Path | None, lang: str = "nl", maps: list | None = None):
    """An editable Word section: a heading, the figures per theme beside the comparison areas, charts,
    static maps (``maps``: (title, figure) pairs made by the caller, e.g. ``profile.service.sector_map``),
    the signals with their questions and pitfalls, and the definitions. Returns the bytes when
    ``path`` is None."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    section = document.sections[0]  # landscape: a figure beside four comparison areas needs the width
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.8))
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    document.add_heading(f"{t('title', lang)}: {profile.name}", level=1)
    if profile.is_fictional:
        note = document.add_paragraph()
        run = note.add_run(t("fictional", lang))
        run.bold = True
        run.font.color.rgb = RGBColor(0x8A, 0x5A, 0x00)
    document.add_paragraph(f"{t('sectors', lang)}: {', '.join(profile.sectors)}")
    document.add_paragraph(f"{t('compared', lang)}: " + "; ".join(_area_label(k, profile, lang)
                                                                 for k in profile.references))
    headers, rows = figure_table(profile, lang)
    missing = []
    for theme, labels in profile.catalogue.themes.items():
        theme_rows = [r for r in rows if r["theme"] == theme and any(s == "ok" for s in r["statuses"][:1])]
        missing += [r for r in rows if r["theme"] == theme and r not in theme_rows]
        if not theme_rows:
            continue
        document.add_heading(labels.get(lang, theme), level=2)
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Light Grid Accent 1"
        table.autofit = False
        short = [headers[0], headers[1]] + [profile.names.get(k, k[1]) for k in [profile.focus] +
                                            list(profile.references)] + [headers[-1]]
        for cell, header in zip(table.rows[0].cells, short, strict=True):
            cell.text = header
        for row in theme_rows:
            cells = table.add_row().cells
            values = [row["indicator"].label(lang), row["period"]] + row["cells"] + [row["phrase"]]
            for cell, value in zip(cells, values, strict=True):
                cell.text = str(value)
        value_width = (24.0 - 6.0 - 1.4 - 4.2) / max(len(headers) - 3, 1)
        widths = [Cm(6.0), Cm(1.4)] + [Cm(value_width)] * (len(headers) - 3) + [Cm(4.2)]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid (read by LibreOffice) and each cell (read by Word)
        for row_cells in table.rows:
            for cell, width in zip(row_cells.cells, widths, strict=True):
                cell.width = width
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8.5)
    document.add_paragraph(t("reliability", lang)).runs[0].italic = True
    if missing:
        document.add_heading(t("missing", lang), level=2)
        for row in missing:
            document.add_paragraph(f"{row['indicator'].label(lang)}: {row['reason'] or '–'}", style="List Bullet")
    for title, figure in profile_charts(profile, lang) + list(maps or []):
        document.add_paragraph(title).runs[0].bold = True
        document.add_picture(io.BytesIO(charts.png(figure)), width=Cm(16))
    add_series_to_docx(document, profile, lang)
    document.add_heading(t("signals", lang), level=2)
    if not profile.signals:
        document.add_paragraph(t("no_signals", lang))
    for signal in profile.signals:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(signal.statement[lang]).bold = True
        document.add_paragraph(signal.question[lang])
        for pitfall in signal.pitfalls:
            document.add_paragraph(f"{t('mind', lang)}: {pitfall[lang]}").runs[0].italic = True
    if profile.notes:
        for note in profile.notes:
            document.add_paragraph(note)
    document.add_heading(t("definitions", lang), level=2)
    table = document.add_table(rows=1, cols=3)
    table.style = "Light Grid Accent 1"
    for cell, header in zip(table.rows[0].cells, [t("indicator", lang), t("formula", lang), t("source", lang)],
                            strict=True):
        cell.text = header
    for indicator in profile.catalogue:
        if indicator.group:
            continue
        cells = table.add_row().cells
        cells[0].text = indicator.label(lang)
        cells[1].text = indicator.explanation.get(lang, "") + (
            "" if indicator.aggregable else f" ({t('not_aggregable', lang)})")
        cells[2].text = indicator.source
    if path is None:
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    document.save(str(path))
    return path


# ------------------------------------------------------------------------------------------- XLSX

def profile_frames(profile, lang: str = "nl") -> dict[str, pd.DataFrame]:
    """The sheets of the spreadsheet: an overview, one per theme (every period), definitions, signals."""
    headers, rows = figure_table(profile, lang)
    overview = pd.DataFrame([[r["indicator"].label(lang), r["period"], *r["cells"], r["phrase"], r["reason"]]
                             for r in rows], columns=headers + [t("reason", lang)])
    sheets = {t("overview", lang): overview}
    keys = [profile.focus] + list(profile.references)
    results = profile.results
    for theme, labels in profile.catalogue.themes.items():
        ids = [i.id for i in profile.catalogue if i.theme == theme]
        part = results[results["indicator"].isin(ids)]
        # a year in which an indicator cannot be computed at all is noise; an indicator without any
        # figure keeps its latest year, so the reason is shown once
        has_figure = part.groupby(["indicator", "period"])["status"].transform(lambda s: (s != "not_computable").any())
        latest = part.groupby("indicator")["period"].transform("max")
        never = ~part.groupby("indicator")["status"].transform(lambda s: (s != "not_computable").any())
        part = part[has_figure | (never & (part["period"] == latest))]
        if part.empty:
            continue
        records = []
        for row in part.itertuples(index=False):
            key = (row.level, row.code, row.vintage)
            if key not in keys and row.level != "neighbourhood":
                continue
            indicator = profile.catalogue[row.indicator]
            shown = row.status == "ok"
            records.append({
                t("indicator", lang): indicator.label(lang), t("period", lang): row.period,
                "Gebied" if lang == "nl" else "Area": _area_label(key, profile, lang),
                t("value", lang): round(float(row.value), 2) if shown else shown_value(row._asdict(), indicator, lang),
                t("numerator", lang): row.numerator if shown else None,
                t("denominator", lang): row.denominator if shown else None,
                t("status", lang): row.status,
                t("reason", lang): render(row.reason_code, row.reason_params, lang=lang) if row.reason_code else "",
            })
        if records:
            sheets[labels.get(lang, theme)[:31]] = pd.DataFrame(records)
    over_time = series_frame(profile, lang)
    if len(over_time):
        sheets[series_t("sheet", lang)] = over_time
    sheets[t("definitions", lang)[:31]] = pd.DataFrame([{
        "id": i.id, t("indicator", lang): i.label(lang), t("formula", lang): i.explanation.get(lang, ""),
        "Teller / numerator": " + ".join(i.numerator) + (" − " + " − ".join(i.subtract) if i.subtract else ""),
        "Noemer / denominator": " + ".join(i.denominator), "Schaal / scale": i.scale, "Eenheid / unit": i.unit,
        t("source", lang): i.source,
        "Optelbaar / aggregable": ("ja" if lang == "nl" else "yes") if i.aggregable else ("nee" if lang == "nl" else "no")}
        for i in profile.catalogue])
    sheets["Signalen" if lang == "nl" else "Signals"] = pd.DataFrame([{
        t("indicator", lang): profile.catalogue[s.indicator].label(lang), t("period", lang): s.period,
        "Signaal" if lang == "nl" else "Signal": s.statement[lang],
        "Vraag" if lang == "nl" else "Question": s.question[lang],
        t("mind", lang): " / ".join(p[lang] for p in s.pitfalls)} for s in profile.signals])
    return sheets


def profile_xlsx(profile, path: str | Path, lang: str = "nl") -> Path:
    from openpyxl.styles import Font

    from zorgzaam.reports.spreadsheets import fit_columns, protect_book

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in profile_frames(profile, lang).items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            fit_columns(sheet)
            sheet.freeze_panes = "A2"
        if profile.is_fictional:
            writer.book.active.title = writer.book.active.title  # keep the overview first
            overview = writer.book.worksheets[0]
            overview.insert_rows(1)
            overview["A1"] = t("fictional", lang)
            overview["A1"].font = Font(bold=True, color="8A5A00")
        protect_book(writer.book)  # names and notes are text, never formulas
    return path if not isinstance(path, str | Path) else Path(path)


CSV_COLUMNS = ["area_level", "area_code", "area_name", "indicator", "period", "value", "numerator", "denominator",
               "unit", "status", "reason", "reliability"]


def profile_csv_frame(profile, lang: str = "nl") -> pd.DataFrame:
    """Every figure of the profile (``Profile.records``: the focus, its comparison areas and the other
    neighbourhoods), one row per area, indicator and period."""
    flat = [{"area_level": r["area"]["level"], "area_code": r["area"]["code"], "area_name": r["area"]["name"],
             "indicator": r["indicator"], "period": r["period"], "value": r["value"], "numerator": r["numerator"],
             "denominator": r["denominator"], "unit": r["unit"], "status": r["status"], "reason": r["reason"],
             "reliability": r["reliability"]} for r in profile.records(lang)]
    frame = pd.DataFrame(flat, columns=CSV_COLUMNS)
    for column in ("value", "numerator", "denominator"):  # unknown is empty, never text: keeps the decimal mark
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def profile_csv(profile, target, lang: str = "nl", *, for_people: bool = False) -> bytes:
    """The profile's figures as CSV (:func:`zorgzaam.reports.spreadsheets.frame_to_csv`): for people (a web
    download) in the Dutch dialect, else (CLI ``--csv``) with comma and decimal point. Written to ``target``
    (a path or a buffer) when given; returns the bytes."""
    from zorgzaam.reports.spreadsheets import frame_to_csv

    return frame_to_csv(profile_csv_frame(profile, lang), target, for_people=for_people)
