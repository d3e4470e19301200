"""Every figure beside its comparison areas, over time, and among the municipality's neighbourhoods.

Plain module: no Django. Works on the engine's result table (``profile.engine.compute``): one row per
(level, code, vintage, period, indicator). A comparison gives the difference (in points for a
percentage, in the indicator's unit otherwise), an index (area ÷ reference × 100) and a plain phrase
in Dutch or English ("about twice as high as in the municipality"), in the manner of Census Reporter.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from zorgzaam.profile.aggregate import TARGET_COLUMNS

# (upper bound of the ratio area/reference, Dutch, English); checked in order.
_PHRASES = (
    (0.4, "minder dan half zo hoog als", "less than half as high as"),
    (0.6, "ongeveer half zo hoog als", "about half as high as"),
    (0.8, "duidelijk lager dan", "clearly lower than"),
    (0.95, "iets lager dan", "slightly lower than"),
    (1.05, "ongeveer even hoog als", "about as high as"),
    (1.25, "iets hoger dan", "slightly higher than"),
    (1.75, "duidelijk hoger dan", "clearly higher than"),
)
_TIMES_NL = {2: "dubbel", 3: "driemaal", 4: "viermaal", 5: "vijfmaal"}
_TIMES_EN = {2: "twice", 3: "three times", 4: "four times", 5: "five times"}


def phrase(value: float, reference: float, lang: str = "nl") -> str:
    """How ``value`` relates to ``reference`` in words: 'ongeveer dubbel zo hoog als'."""
    if value is None or reference is None or not np.isfinite(value) or not np.isfinite(reference):
        return ""
    if reference == 0:
        if value == 0:
            return "even hoog als" if lang == "nl" else "as high as"
        return "hoger dan" if lang == "nl" else "higher than"
    ratio = value / reference
    if ratio < 0:
        return ""
    for bound, nl, en in _PHRASES:
        if ratio < bound:
            return nl if lang == "nl" else en
    times = int(math.floor(ratio + 0.25))
    if times in _TIMES_NL:
        return f"ongeveer {_TIMES_NL[times]} zo hoog als" if lang == "nl" else f"about {_TIMES_EN[times]} as high as"
    return f"meer dan {times} keer zo hoog als" if lang == "nl" else f"more than {times} times as high as"


def compare(results: pd.DataFrame, focus: tuple[str, str, str], references: list[tuple[str, str, str]],
            lang: str = "nl", percent_indicators: set[str] | None = None) -> pd.DataFrame:
    """One row per (indicator, period, reference) for the focus area: value, reference value,
    difference, index and phrase. ``percent_indicators`` are differences in percentage points."""
    percent_indicators = percent_indicators or set()
    keyed = results.set_index(TARGET_COLUMNS)
    try:
        own = keyed.loc[[focus]].reset_index()
    except KeyError:
        return pd.DataFrame(columns=["indicator", "period", "ref_level", "ref_code", "ref_vintage", "value",
                                     "ref_value", "difference", "index", "phrase", "difference_unit"])
    rows = []
    for reference in references:
        if reference not in keyed.index:
            continue
        ref = keyed.loc[[reference]].reset_index()[["period", "indicator", "value", "status"]]
        merged = own.merge(ref, on=["period", "indicator"], suffixes=("", "_ref"))
        for row in merged.itertuples(index=False):
            value, ref_value = row.value, row.value_ref
            both = np.isfinite(value) and np.isfinite(ref_value)
            index = 100 * value / ref_value if both and ref_value != 0 else np.nan
            rows.append({
                "indicator": row.indicator, "period": row.period, "ref_level": reference[0],
                "ref_code": reference[1], "ref_vintage": reference[2], "value": value, "ref_value": ref_value,
                "difference": value - ref_value if both else np.nan, "index": index,
                "phrase": phrase(value, ref_value, lang) if both else "",
                "difference_unit": "pt" if row.indicator in percent_indicators else "",
            })
    return pd.DataFrame(rows, columns=["indicator", "period", "ref_level", "ref_code", "ref_vintage", "value",
                                       "ref_value", "difference", "index", "phrase", "difference_unit"])


def rank_among(results: pd.DataFrame, focus_code: str, codes: list[str], level: str = "neighbourhood"
               ) -> pd.DataFrame:
    """Rank of the focus among ``codes`` per (indicator, period): 1 = highest value; ties share a rank."""
    subset = results[(results["level"] == level) & (results["code"].isin(codes))]
    subset = subset[np.isfinite(subset["value"].astype(float))]
    if subset.empty:
        return pd.DataFrame(columns=["indicator", "period", "rank", "of"])
    ranks = subset.assign(rank=subset.groupby(["indicator", "period"])["value"].rank(ascending=False, method="min"),
                          of=subset.groupby(["indicator", "period"])["value"].transform("size"))
    own = ranks[ranks["code"] == focus_code][["indicator", "period", "rank", "of"]]
    return own.astype({"rank": int, "of": int}).reset_index(drop=True)


def change_over_time(results: pd.DataFrame, focus: tuple[str, str, str], base_period: str | None = None
                     ) -> pd.DataFrame:
    """Per indicator: the value in the base period (default: the earliest with a value) and the latest,
    the difference and the growth in % (for counts and ratios alike; percentages also get points)."""
    keyed = results.set_index(TARGET_COLUMNS)
    if focus not in keyed.index:
        return pd.DataFrame(columns=["indicator", "base_period", "base_value", "period", "value", "difference",
                                     "growth_pct"])
    own = keyed.loc[[focus]].reset_index()
    own = own[np.isfinite(own["value"].astype(float))].sort_values("period")
    rows = []
    for indicator, group in own.groupby("indicator", sort=False):
        if base_period is not None:
            base = group[group["period"] == str(base_period)]
        else:
            base = group.head(1)
        latest = group.tail(1)
        if base.empty or latest.empty or base["period"].iloc[0] == latest["period"].iloc[0]:
            continue
        b, v = float(base["value"].iloc[0]), float(latest["value"].iloc[0])
        rows.append({"indicator": indicator, "base_period": base["period"].iloc[0], "base_value": b,
                     "period": latest["period"].iloc[0], "value": v, "difference": v - b,
                     "growth_pct": 100 * (v - b) / b if b else np.nan})
    return pd.DataFrame(rows, columns=["indicator", "base_period", "base_value", "period", "value", "difference",
                                       "growth_pct"])
