"""A figure over time: one indicator for several areas and every period of a profile.

Plain module: no Django. Reads a :class:`zorgzaam.profile.service.Profile` (its ``results``, ``names``
and ``breaks``) and returns a :class:`Series`: the periods, the areas (the focus first), one cell per
area and period (the value as people read it, or the reason it is missing), the change since the base
year per area, and the breaks (a merger, a new sector vintage) that fall inside the series. The
screens, the Word and Excel exports and the charts all read the same :class:`Series`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from zorgzaam.messages import format_number, gettext, gettext_noop, render

AreaKey = tuple[str, str, str]

STATUS_WORDS = {
    "not_computable": gettext_noop("niet te berekenen"),
    "unknown": gettext_noop("onbekend"),
    "undefined": gettext_noop("noemer is 0"),
    "missing": gettext_noop("geen cijfer"),
}
TEXT = {
    "no_row": gettext_noop("Voor dit jaar is er geen cijfer voor dit gebied."),
    "points": gettext_noop("procentpunt"),
    "since": gettext_noop("sinds"),
    "change": gettext_noop("Verandering"),
}


def _t(key: str, lang: str) -> str:
    return gettext(TEXT[key], lang)


@dataclass
class Cell:
    value: float | None  # None unless the status is ok
    text: str  # as people read it: '19,6 %', '< 5', 'onbekend'
    status: str  # ok, not_computable, unknown, undefined, suppressed, missing
    reason: str = ""  # in words, when status is not ok
    note: int | None = None  # footnote number of the reason (the same reason has one number)


@dataclass
class Change:
    base_period: str
    period: str
    difference: float
    growth_pct: float | None
    text: str  # '+1,2 procentpunt' or '+120 (+3,4 %)'


@dataclass
class Series:
    indicator: object  # zorgzaam.profile.catalogue.Indicator
    periods: list[str]
    areas: list[tuple[AreaKey, str]]  # (key, label), the focus first
    cells: dict[tuple[AreaKey, str], Cell]
    change: dict[AreaKey, Change | None]
    breaks: list[dict] = field(default_factory=list)  # {period, kind, label} inside the series
    notes: list[str] = field(default_factory=list)  # the reasons, numbered from 1 in the cells

    @property
    def base_period(self) -> str:
        return self.periods[0] if self.periods else ""

    @property
    def last_period(self) -> str:
        return self.periods[-1] if self.periods else ""

    def values(self, key: AreaKey) -> list[float]:
        """The area's values in period order (NaN where there is no figure), for a chart."""
        out = []
        for period in self.periods:
            cell = self.cells.get((key, period))
            out.append(cell.value if cell is not None and cell.value is not None else math.nan)
        return out

    def rows(self) -> list[dict]:
        """Period rows × area columns for a table: {period, cells: [Cell …], break: label or ''}."""
        marks = {b["period"]: b["label"] for b in self.breaks}
        return [{"period": period, "cells": [self.cells[(key, period)] for key, _ in self.areas],
                 "break": marks.get(period, "")} for period in self.periods]

    def change_row(self) -> list[str]:
        return [(self.change.get(key).text if self.change.get(key) else "–") for key, _ in self.areas]

    def change_label(self, lang: str = "nl") -> str:
        return f"{_t('change', lang)} {self.base_period}–{self.last_period}"


def area_label(key: AreaKey, names: dict, lang: str = "nl") -> str:
    from zorgzaam.areas.levels import level_label

    name = names.get(key, key[1])
    if key[0] == "neighbourhood":
        return name
    try:
        return f"{name} ({level_label(key[0], lang)})"
    except ValueError:
        return name


def rows_of_areas(results: pd.DataFrame, keys: list[AreaKey]) -> pd.DataFrame:
    """The rows of ``results`` whose area (level, code, vintage) is one of ``keys``: a cheap first cut on
    the code, then the exact keys on the few rows left (a profile's results hold every sibling too)."""
    rows = results[results["code"].isin({key[1] for key in keys})]
    if not len(rows):
        return rows
    mask = pd.Series(False, index=rows.index)
    for level, code, vintage in set(keys):  # a few keys: a few whole-column comparisons, no loop over rows
        mask |= (rows["level"] == level) & (rows["code"] == code) & (rows["vintage"] == vintage)
    return rows[mask.to_numpy(dtype=bool)]


def shown_rows(profile, keys: list[AreaKey] | None = None) -> pd.DataFrame:
    """``rows_of_areas(profile.results, keys)`` (default: the focus and its comparison areas), cut once per
    profile and keys: a page reads them for its figure table, its charts and its figure over time. Readers
    only, like the profile."""
    keys = tuple(dict.fromkeys(keys if keys is not None else [profile.focus] + list(profile.references)))
    kept = profile.__dict__.setdefault("_shown_rows", {})
    found = kept.get(keys)
    if found is None or found[0] is not profile.results:  # results replaced: cut again
        found = kept[keys] = (profile.results, rows_of_areas(profile.results, list(keys)))
    return found[1]


def series_indicators(profile, keys: list[AreaKey] | None = None, min_periods: int = 2) -> list[str]:
    """The indicators (catalogue order, not the generated age-band groups) with a figure in at least
    ``min_periods`` periods for one of ``keys`` (default: the focus and its comparison areas)."""
    keys = list(dict.fromkeys(keys if keys is not None else [profile.focus] + list(profile.references)))
    results = profile.results
    if results is None or results.empty:
        return []
    rows = shown_rows(profile, keys)
    counts = rows[rows["status"] == "ok"].groupby("indicator")["period"].nunique()
    return [i.id for i in profile.catalogue if not i.group and counts.get(i.id, 0) >= min_periods]


def change_text(indicator, base: float, value: float, lang: str = "nl") -> tuple[float, float | None, str]:
    """(difference, growth in %, words): points for a percentage, else the difference and the growth."""
    difference = value - base
    growth = 100 * difference / base if base else None

    def signed(number: float, decimals: int) -> str:  # a change that rounds to 0 is '±0', never '−0,0'
        shown = round(number, decimals)
        sign = "+" if shown > 0 else ("−" if shown < 0 else "±")
        return f"{sign}{format_number(abs(shown), lang, decimals)}"

    if indicator.unit == "%":
        return difference, growth, f"{signed(difference, 1)} {_t('points', lang)}"
    text = signed(difference, 0 if (not indicator.is_ratio or abs(difference) >= 100) else 1)
    if growth is not None:
        text += f" ({signed(growth, 1)} %)"
    return difference, growth, text


def _shown(row, indicator, lang: str) -> tuple[float | None, str]:
    if row["status"] == "ok":
        text = indicator.format(row["value"], lang)
        return float(row["value"]), text + (" (!)" if row.get("reliability") else "")
    if row["status"] == "suppressed":
        params = row.get("reason_params")
        return None, f"< {params.get('min_count', 5)}" if isinstance(params, dict) else "< 5"
    return None, gettext(STATUS_WORDS.get(row["status"], STATUS_WORDS["missing"]), lang)


def indicator_series(profile, indicator_id: str, lang: str = "nl", keys: list[AreaKey] | None = None,
                     labels: dict[AreaKey, str] | None = None, results: pd.DataFrame | None = None) -> Series:
    """One indicator over time for ``keys`` (default: the focus and its comparison areas).

    The periods run from the first to the last period in which one of the areas has a figure (years in
    between without any figure stay, so a gap shows). ``results`` (default ``profile.results``) may
    hold rows gathered from several profiles (all neighbourhoods side by side)."""
    indicator = profile.catalogue[indicator_id]
    # an area named twice (the focus is also its first comparison area) is one line
    keys = list(dict.fromkeys(keys if keys is not None else [profile.focus] + list(profile.references)))
    labels = labels or {}
    if results is None:  # the profile's own rows of these areas, cut once per profile
        results = profile.results
        shown = shown_rows(profile, keys)
        shown = shown[shown["indicator"] == indicator_id]
    else:
        shown = rows_of_areas(results[results["indicator"] == indicator_id], keys)
    ok = sorted(shown.loc[shown["status"] == "ok", "period"].astype(str).unique().tolist())
    if ok:  # every period any area has the indicator in, between the first and last with a figure shown
        every = sorted(results.loc[results["indicator"] == indicator_id, "period"].astype(str).unique().tolist())
        periods = [p for p in every if ok[0] <= p <= ok[-1]]
    else:
        periods = []
    index = {}
    for row in shown.to_dict("records"):  # only the rows of the areas shown
        index.setdefault(((row["level"], row["code"], row["vintage"]), str(row["period"])), row)
    cells: dict = {}
    notes: list[str] = []
    for key in keys:
        for period in periods:
            row = index.get((key, period))
            if row is None:
                reason = _t("no_row", lang)
                cell = Cell(None, gettext(STATUS_WORDS["missing"], lang), "missing", reason)
            else:
                value, text = _shown(row, indicator, lang)
                reason = ""
                if row["status"] != "ok" and row.get("reason_code"):
                    reason = render(row["reason_code"], row.get("reason_params") or {}, lang=lang)
                cell = Cell(value, text, str(row["status"]), reason)
            if cell.status not in ("ok", "suppressed"):
                if cell.reason not in notes:
                    notes.append(cell.reason)
                cell.note = notes.index(cell.reason) + 1
            cells[(key, period)] = cell
    change: dict = {}
    for key in keys:
        shown = [(p, cells[(key, p)].value) for p in periods if cells[(key, p)].value is not None]
        if len(shown) >= 2:
            (base_period, base), (period, value) = shown[0], shown[-1]
            difference, growth, text = change_text(indicator, base, value, lang)
            if base_period != (periods[0] if periods else ""):
                text += f" ({_t('since', lang)} {base_period})"
            change[key] = Change(base_period, period, difference, growth, text)
        else:
            change[key] = None
    breaks = [dict(b) for b in (getattr(profile, "breaks", None) or [])
              if periods and periods[0] < str(b.get("period", "")) <= periods[-1]]
    areas = [(key, labels.get(key) or area_label(key, profile.names, lang)) for key in keys]
    return Series(indicator, periods, areas, cells, change, breaks, notes)


def series_records(profile, lang: str = "nl", indicator_ids: list[str] | None = None) -> list[dict]:
    """Every indicator with a series, long form (indicator, area, period, value, base year, change since
    the base year, growth, status, reason): the spreadsheet's 'Tijdreeks' sheet."""
    out = []
    for indicator_id in indicator_ids if indicator_ids is not None else series_indicators(profile):
        series = indicator_series(profile, indicator_id, lang)
        for key, label in series.areas:
            change = series.change.get(key)
            base_period = change.base_period if change else ""
            base = series.cells[(key, base_period)].value if change else None
            for period in series.periods:
                cell = series.cells[(key, period)]
                record = {"indicator": indicator_id, "indicator_label": series.indicator.label(lang), "area": label,
                          "period": period, "value": cell.value, "text": cell.text, "base_period": base_period,
                          "change": None, "growth_pct": None, "status": cell.status, "reason": cell.reason}
                if base is not None and cell.value is not None and period >= base_period:
                    difference, growth, _ = change_text(series.indicator, base, cell.value, lang)
                    record["change"], record["growth_pct"] = difference, growth
                out.append(record)
    return out


def alt_text(series: Series, lang: str = "nl") -> str:
    """What the chart shows, in one or two sentences, for people who cannot see it."""
    label = series.indicator.label(lang)
    names = [name for _, name in series.areas]
    text = gettext("Lijngrafiek van {indicator} van {first} tot {last}, met een lijn per gebied: {areas}.",
                   lang).format(indicator=label[:1].lower() + label[1:], first=series.base_period,
                                last=series.last_period, areas=", ".join(names))
    return text + summary_text(series, lang)


def summary_text(series: Series, lang: str = "nl") -> str:
    """The chart's message in words (the first area's change, the breaks), for under the chart."""
    text = ""
    if series.areas:
        key, name = series.areas[0]
        change = series.change.get(key)
        if change is not None:
            first = series.cells[(key, change.base_period)].text
            last = series.cells[(key, change.period)].text
            text += (gettext(" {name}: van {first} in {base_period} naar {last} in {period}.", lang).format(name=name, first=first, base_period=change.base_period, last=last, period=change.period))
    for item in series.breaks:
        text += (gettext(" Breuk in de reeks in {period}: {label}.", lang).format(period=item['period'], label=item['label']))
    return text
