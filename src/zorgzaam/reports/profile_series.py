"""A profile's figures over time in documents: the chart (one renderer: SVG on screen, PNG in Word), a
compact table per indicator in Word, and the 'Tijdreeks' sheet of the spreadsheet.

Plain module: no Django. Reads :class:`zorgzaam.profile.series.Series` objects.
"""

from __future__ import annotations

import io
import math

import pandas as pd

from zorgzaam.graphics import charts
from zorgzaam.profile.series import Series, alt_text, indicator_series, series_indicators, series_records

TEXT = {
    "over_time": ("Evolutie", "Over time"),
    "section": ("Over de jaren heen", "Over the years"),
    "intro": ("Per cijfer met minstens twee jaren: de grafiek en de tabel, het gebied naast zijn "
              "vergelijkingsgebieden. De laatste rij is de verandering sinds het eerste jaar.",
              "For every figure with at least two years: the chart and the table, the area beside its "
              "comparison areas. The last row is the change since the first year."),
    "period": ("Jaar", "Year"),
    "break": ("Breuk in de reeks", "Break in the series"),
    "sheet": ("Tijdreeks", "Time series"),
    "indicator": ("Indicator", "Indicator"),
    "area": ("Gebied", "Area"),
    "value": ("Waarde", "Value"),
    "shown": ("Zoals getoond", "As shown"),
    "base": ("Basisjaar", "Base year"),
    "change": ("Verandering sinds basisjaar", "Change since base year"),
    "growth": ("Verandering in %", "Change in %"),
    "status": ("Status", "Status"),
    "reason": ("Toelichting", "Note"),
}


def t(key: str, lang: str) -> str:
    nl, en = TEXT[key]
    return nl if lang == "nl" else en


def series_title(series: Series, lang: str) -> str:
    return f"{t('over_time', lang)}: {series.indicator.label(lang)}, {series.base_period}–{series.last_period}"


def as_index(values: list[float]) -> list[float]:
    """Values as an index, the first known value = 100 (NaN stays NaN)."""
    base = next((v for v in values if v == v and v), None)
    return [100 * v / base if base else math.nan for v in values]


def series_chart(series: Series, lang: str = "nl", title: str | None = None, highlight_first: bool = True):
    """The time chart of one series (a matplotlib figure), drawn from :func:`series_chart_spec`."""
    return series_chart_spec(series, lang, title, highlight_first).figure()


def series_chart_spec(series: Series, lang: str = "nl", title: str | None = None,
                      highlight_first: bool = True) -> charts.Chart:
    """The time chart of one series as data (drawn only when someone needs it): a line per area, the first
    one highlighted, the breaks marked. A count (residents, moves) of a neighbourhood beside its province would be a flat
    line at the bottom: counts of several areas are drawn as an index (first year = 100), so their
    growth can be compared; the table keeps the counts."""
    indicator = series.indicator
    lines = {name: series.values(key) for key, name in series.areas}
    decimals = 0 if not indicator.is_ratio else 1
    unit = indicator.unit_label(lang)
    if not indicator.is_ratio and len(lines) > 1:
        lines = {name: as_index(values) for name, values in lines.items()}
        unit = f"index ({series.base_period} = 100)"
        title = title or f"{series_title(series, lang)}; index {series.base_period} = 100"
        decimals = 0
    return charts.chart(
        "time_series", periods=series.periods, series=lines, title=title or series_title(series, lang), unit=unit,
        breaks=[(b["period"], b["label"]) for b in series.breaks], value_format=(lang, decimals),
        highlight_first=highlight_first)


def series_frame(profile, lang: str = "nl") -> pd.DataFrame:
    """The 'Tijdreeks' sheet: indicator, area, period, value, base year, change since the base year."""
    records = series_records(profile, lang)
    columns = [t(k, lang) for k in ("indicator", "area", "period", "value", "shown", "base", "change", "growth",
                                    "status", "reason")]
    rows = [[r["indicator_label"], r["area"], r["period"], _round(r["value"]), r["text"], r["base_period"],
             _round(r["change"]), _round(r["growth_pct"]), r["status"], r["reason"]] for r in records]
    return pd.DataFrame(rows, columns=columns)


def _round(value):
    return None if value is None else round(float(value), 2)


def add_series_to_docx(document, profile, lang: str = "nl", indicator_ids: list[str] | None = None) -> int:
    """Per indicator with at least two periods: a heading, the chart (PNG) and a compact table (period
    rows × area columns, the change since the base year below). Returns how many were added."""
    from docx.shared import Cm, Pt

    ids = indicator_ids if indicator_ids is not None else series_indicators(profile)
    if not ids:
        return 0
    document.add_heading(t("section", lang), level=2)
    document.add_paragraph(t("intro", lang))
    for indicator_id in ids:
        series = indicator_series(profile, indicator_id, lang)
        if len(series.periods) < 2:
            continue
        document.add_heading(f"{series.indicator.label(lang)} ({series.indicator.unit_label(lang)})", level=3)
        figure = series_chart(series, lang)
        document.add_picture(io.BytesIO(charts.png(figure, dpi=130)), width=Cm(13))
        document.paragraphs[-1].runs[0]._r.xpath("./w:drawing/wp:inline/wp:docPr")[0].set("descr",
                                                                                          alt_text(series, lang))
        short = [profile.names.get(key, key[1]) for key, _ in series.areas]
        table = document.add_table(rows=1, cols=len(short) + 1)
        table.style = "Light Grid Accent 1"
        for cell, header in zip(table.rows[0].cells, [t("period", lang)] + short, strict=True):
            cell.text = header
        for row in series.rows():
            cells = table.add_row().cells
            cells[0].text = row["period"] + (" *" if row["break"] else "")
            for cell, value in zip(cells[1:], row["cells"], strict=True):
                cell.text = value.text + (f" [{value.note}]" if value.note else "")
        cells = table.add_row().cells
        cells[0].text = series.change_label(lang)
        for cell, text in zip(cells[1:], series.change_row(), strict=True):
            cell.text = text
        for row_cells in table.rows:
            for cell in row_cells.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
        for item in series.breaks:
            document.add_paragraph(f"* {t('break', lang)} {item['period']}: {item['label']}").runs[0].italic = True
        for number, reason in enumerate(series.notes, start=1):
            document.add_paragraph(f"[{number}] {reason}").runs[0].font.size = Pt(8)
    return len(ids)
