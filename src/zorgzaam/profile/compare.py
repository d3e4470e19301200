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

from zorgzaam.messages import gettext_noop, param_text
from zorgzaam.profile.aggregate import TARGET_COLUMNS

# (upper bound of the ratio area/reference, Dutch msgid); checked in order.
_PHRASES = (
    (0.4, gettext_noop("minder dan half zo hoog als")),
    (0.6, gettext_noop("ongeveer half zo hoog als")),
    (0.8, gettext_noop("duidelijk lager dan")),
    (0.95, gettext_noop("iets lager dan")),
    (1.05, gettext_noop("ongeveer even hoog als")),
    (1.25, gettext_noop("iets hoger dan")),
    (1.75, gettext_noop("duidelijk hoger dan")),
)
_TIMES = {2: gettext_noop("ongeveer dubbel zo hoog als"), 3: gettext_noop("ongeveer driemaal zo hoog als"),
          4: gettext_noop("ongeveer viermaal zo hoog als"), 5: gettext_noop("ongeveer vijfmaal zo hoog als")}


def phrase(value: float, reference: float, lang: str = "nl") -> str:
    """How ``value`` relates to ``reference`` in words: 'ongeveer dubbel zo hoog als'."""
    words = phrase_param(value, reference)
    return param_text(words, lang) if words else ""


def phrases(values, references, usable, lang: str = "nl") -> list[str]:
    """:func:`phrase` of many pairs ('' where ``usable`` is false): each distinct wording is looked up in
    the catalogue once, not once per figure."""
    worded: dict = {}
    out = []
    for value, reference, ok in zip(values.tolist(), references.tolist(), usable.tolist(), strict=True):
        if not ok:
            out.append("")
            continue
        words = phrase_param(value, reference)
        if not words:
            out.append("")
            continue
        key = repr(words["msgid"])
        if key not in worded:
            worded[key] = param_text(words, lang)
        out.append(worded[key])
    return out


def phrase_param(value: float, reference: float) -> dict | None:
    """:func:`phrase` as a stored message's parameter ({"msgid": …}), worded when it is read."""
    if value is None or reference is None or not np.isfinite(value) or not np.isfinite(reference):
        return None
    if reference == 0:
        return {"msgid": gettext_noop("even hoog als") if value == 0 else gettext_noop("hoger dan")}
    ratio = value / reference
    if ratio < 0:
        return None
    for bound, msgid in _PHRASES:
        if ratio < bound:
            return {"msgid": msgid}
    times = int(math.floor(ratio + 0.25))
    if times in _TIMES:
        return {"msgid": _TIMES[times]}
    return {"msgid": [gettext_noop("meer dan {times} keer zo hoog als"), {"times": times}]}


def compare(results: pd.DataFrame, focus: tuple[str, str, str], references: list[tuple[str, str, str]],
            lang: str = "nl", percent_indicators: set[str] | None = None) -> pd.DataFrame:
    """One row per (indicator, period, reference) for the focus area: value, reference value,
    difference, index and phrase. ``percent_indicators`` are differences in percentage points."""
    percent_indicators = percent_indicators or set()
    columns = ["indicator", "period", "ref_level", "ref_code", "ref_vintage", "value", "ref_value", "difference",
               "index", "phrase", "difference_unit"]
    # Plain arrays and dicts rather than a merge on Arrow strings: the same rows in the same order (per
    # reference in the order given, then in the focus's row order), a fraction of the time. A first cut on
    # the code keeps only the rows of the areas asked (a profile's results hold every sibling too).
    shown = results[results["code"].isin({focus[1]} | {reference[1] for reference in references}).to_numpy(dtype=bool)]
    level, code, vintage, indicators, periods = (shown[c].to_numpy(dtype=object) for c in TARGET_COLUMNS + [
        "indicator", "period"])
    is_focus = (level == focus[0]) & (code == focus[1]) & (vintage == focus[2])
    if not is_focus.any() or not references:
        return pd.DataFrame(columns=columns)
    values = shown["value"].to_numpy(dtype=float)
    own_rows = np.flatnonzero(is_focus)
    position = {}
    for i, key in enumerate(zip(indicators[own_rows].tolist(), periods[own_rows].tolist(), strict=True)):
        position.setdefault(key, i)
    own_at, ref_at, ref_keys = [], [], []
    for reference in references:
        rows = np.flatnonzero((level == reference[0]) & (code == reference[1]) & (vintage == reference[2]))
        found = [(position[key], row) for key, row in zip(
            zip(indicators[rows].tolist(), periods[rows].tolist(), strict=True), rows.tolist(), strict=True)
            if key in position]
        found.sort(key=lambda pair: pair[0])  # stable: the focus's order, then the reference's
        own_at += [i for i, _ in found]
        ref_at += [row for _, row in found]
        ref_keys += [reference] * len(found)
    own_at = own_rows[np.asarray(own_at, dtype=np.int64)]
    ref_at = np.asarray(ref_at, dtype=np.int64)
    value, ref_value = values[own_at], values[ref_at]
    both = np.isfinite(value) & np.isfinite(ref_value)
    with np.errstate(divide="ignore", invalid="ignore"):
        index = np.where(both & (ref_value != 0), 100 * value / ref_value, np.nan)
    indicator = indicators[own_at].tolist()
    return pd.DataFrame({
        "indicator": indicator, "period": periods[own_at].tolist(),
        "ref_level": [k[0] for k in ref_keys], "ref_code": [k[1] for k in ref_keys],
        "ref_vintage": [k[2] for k in ref_keys], "value": value, "ref_value": ref_value,
        "difference": np.where(both, value - ref_value, np.nan), "index": index,
        "phrase": phrases(value, ref_value, both, lang),
        "difference_unit": ["pt" if i in percent_indicators else "" for i in indicator]}, columns=columns)


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
    columns = ["indicator", "base_period", "base_value", "period", "value", "difference", "growth_pct"]
    level, code, vintage = (results[c].to_numpy() for c in TARGET_COLUMNS)
    own = results[(level == focus[0]) & (code == focus[1]) & (vintage == focus[2])]
    own = own[np.isfinite(own["value"].to_numpy(dtype=float))][["indicator", "period", "value"]]
    if own.empty:
        return pd.DataFrame(columns=columns)
    own = own.sort_values(["indicator", "period"])
    if base_period is not None:
        base = own[own["period"] == str(base_period)].drop_duplicates("indicator")
    else:
        base = own.drop_duplicates("indicator", keep="first")
    latest = own.drop_duplicates("indicator", keep="last")
    merged = base.merge(latest, on="indicator", suffixes=("_base", ""))
    merged = merged[merged["period_base"] != merged["period"]]
    out = pd.DataFrame({"indicator": merged["indicator"], "base_period": merged["period_base"],
                        "base_value": merged["value_base"], "period": merged["period"], "value": merged["value"]})
    out["difference"] = out["value"] - out["base_value"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["growth_pct"] = np.where(out["base_value"] != 0, 100 * out["difference"] / out["base_value"], np.nan)
    return out[columns].reset_index(drop=True)
