"""A profile's figures over time in documents: the chart (one renderer: SVG on screen and in HTML/PDF,
PNG in Word), a compact table per indicator (a section of the document model), and the 'Tijdreeks'
sheet of the spreadsheet.

Plain module: no Django. Reads :class:`zorgzaam.profile.series.Series` objects.
"""

from __future__ import annotations

import math

import pandas as pd

from zorgzaam.graphics import charts
from zorgzaam.messages import gettext, gettext_noop
from zorgzaam.profile.series import Series, alt_text, indicator_series, series_indicators, series_records

TEXT = {
    "over_time": gettext_noop("Evolutie"),
    "section": gettext_noop("Over de jaren heen"),
    "intro": gettext_noop("Per cijfer met minstens twee jaren: de grafiek en de tabel, het gebied naast zijn "
              "vergelijkingsgebieden. De laatste rij is de verandering sinds het eerste jaar."),
    "period": gettext_noop("Jaar"),
    "break": gettext_noop("Breuk in de reeks"),
    "sheet": gettext_noop("Tijdreeks"),
    "indicator": gettext_noop("Indicator"),
    "area": gettext_noop("Gebied"),
    "value": gettext_noop("Waarde"),
    "shown": gettext_noop("Zoals getoond"),
    "base": gettext_noop("Basisjaar"),
    "change": gettext_noop("Verandering sinds basisjaar"),
    "growth": gettext_noop("Verandering in %"),
    "status": gettext_noop("Status"),
    "reason": gettext_noop("Toelichting"),
}


def t(key: str, lang: str) -> str:
    return gettext(TEXT[key], lang)


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


def series_section(profile, lang: str = "nl", indicator_ids: list[str] | None = None):
    """The figures over time as a section of the document model (``graphics.document``): per indicator
    with at least two periods a heading, the chart (with its alt text) and a compact table (period rows
    × area columns, the change since the base year last), the breaks and the reasons under it. None when
    no indicator has two periods."""
    from zorgzaam.graphics.document import Figure, Heading, Section, Table, para

    ids = indicator_ids if indicator_ids is not None else series_indicators(profile)
    blocks = []
    for indicator_id in ids:
        series = indicator_series(profile, indicator_id, lang)
        if len(series.periods) < 2:
            continue
        label = f"{series.indicator.label(lang)} ({series.indicator.unit_label(lang)})"
        blocks.append(Heading(label, 2))
        blocks.append(Figure(series_title(series, lang), alt_text(series, lang),
                             render=series_chart_spec(series, lang).figure, width_cm=12.0))
        short = [profile.names.get(key, key[1]) for key, _ in series.areas]
        rows = [[row["period"] + (" *" if row["break"] else "")]
                + [value.text + (f" [{value.note}]" if value.note else "") for value in row["cells"]]
                for row in series.rows()]
        rows.append([series.change_label(lang), *series.change_row()])
        blocks.append(Table([t("period", lang), *short], rows, caption=label,
                            numeric=[False] + [True] * len(short)))
        blocks += [para(f"* {t('break', lang)} {item['period']}: {item['label']}", style="small")
                   for item in series.breaks]
        blocks += [para(f"[{number}] {reason}", style="small") for number, reason in enumerate(series.notes, 1)]
    if not blocks:
        return None
    return Section(t("section", lang), [para(t("intro", lang)), *blocks])
