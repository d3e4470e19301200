"""(Mis)match rules: join who lives there with what is there into signals with their evidence.

Plain module, no Django. Rules are data (``data/mismatch_rules.toml``). Inputs are two plain frames:

* a **profile table** — area_code, indicator_id, value, comparison_value (from the profile engine, or
  constructed);
* a **reach table** — area, category, group, threshold_m, share (``reach.share_within``); a rule with
  several categories needs the combined category ``any:a|b|c`` (see :func:`reach_categories`).

Output rows (:func:`apply_rules`) fit the summary table: area_code, rule_id, statement_record (a stored message:
``{"code": "mismatch_<rule id>", "params": …}``, worded in the reader's language by
:func:`zorgzaam.messages.stored_text`), evidence (a dict with the figures and how they were measured).
A rule's text in the data file is its Dutch msgid; its English is in environment's gettext catalogue.

A signal is a prompt to look closer, not a conclusion: the reach is measured on mapped facilities and
streets, which may be incomplete, and the profile is compared with its comparison area."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from zorgzaam.messages import format_number, register, register_param_kind

RULES_FILE = Path(__file__).with_name("data") / "mismatch_rules.toml"


@dataclass(frozen=True)
class Rule:
    id: str
    text: str  # the statement's Dutch msgid, with {share}, {value}, {comparison}, {threshold}
    indicator: str
    categories: tuple[str, ...]
    threshold_m: float
    share_below: float
    group: str = "all"
    ratio_at_least: float | None = None
    ratio_at_most: float | None = None
    value_at_least: float | None = None
    value_at_most: float | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def code(self) -> str:
        """The statement's message code (stable: ``--json`` output and stored findings rely on it)."""
        return "mismatch_" + self.id

    @property
    def reach_category(self) -> str:
        return self.categories[0] if len(self.categories) == 1 else "any:" + "|".join(self.categories)

    def profile_holds(self, value: float, comparison: float) -> bool:
        if value is None or not np.isfinite(value):
            return False
        checks = []
        if self.ratio_at_least is not None:
            checks.append(comparison is not None and np.isfinite(comparison) and value >= self.ratio_at_least * comparison)
        if self.ratio_at_most is not None:
            checks.append(comparison is not None and np.isfinite(comparison) and value <= self.ratio_at_most * comparison)
        if self.value_at_least is not None:
            checks.append(value >= self.value_at_least)
        if self.value_at_most is not None:
            checks.append(value <= self.value_at_most)
        return bool(checks) and all(checks)


def load_rules(path: str | Path | None = None) -> list[Rule]:
    with open(path or RULES_FILE, "rb") as handle:
        raw = tomllib.load(handle)
    rules = []
    for item in raw.get("rule", []):
        profile, reach = item["profile"], item["reach"]
        rules.append(Rule(
            id=item["id"], text=item["text"], indicator=profile["indicator"],
            categories=tuple(reach["categories"]), threshold_m=float(reach["threshold_m"]),
            share_below=float(reach["share_below"]), group=reach.get("group", "all"),
            ratio_at_least=profile.get("ratio_at_least"), ratio_at_most=profile.get("ratio_at_most"),
            value_at_least=profile.get("value_at_least"), value_at_most=profile.get("value_at_most"),
            extra={k: item[k] for k in ("theme", "building_block") if k in item}))
    if len({r.id for r in rules}) != len(rules):
        raise ValueError("rule ids must be unique")
    register({rule.code: rule.text for rule in rules})
    return rules


def reach_categories(rules: list[Rule]) -> dict[str, tuple[str, ...]]:
    """Every reach category the rules need: name → the facility categories it combines."""
    return {rule.reach_category: rule.categories for rule in rules}


def combine_reach(reach: pd.DataFrame, name: str, categories: tuple[str, ...]) -> pd.DataFrame:
    """Location reach rows for a combined category: the nearest of any of ``categories``."""
    part = reach[reach["category"].isin(categories)].copy()
    if part.empty:
        return part
    part["_order"] = part["distance_m"].fillna(np.inf)
    best = part.sort_values(["location_id", "_order"]).groupby("location_id", as_index=False).first()
    # a location is 'ok' if any category is ok; otherwise keep the first non-ok status
    best["category"] = name
    best["facility_count"] = int(part.groupby("category")["facility_count"].first().sum())
    return best.drop(columns="_order")


def _pct(share: float, lang: str) -> str:
    return format_number(100 * share, lang, 0) + " %"


def _figure(value_and_indicator, lang: str) -> str:
    value, indicator = value_and_indicator
    if indicator.startswith("share_"):
        return format_number(100 * value if value <= 1 else value, lang, 1) + " %"
    return format_number(value, lang, 1 if abs(value) < 1000 else 0)


# a signal's parameters, worded when it is read: {"mismatch_share": 0.4}, {"mismatch_figure": [value, indicator]}
register_param_kind("mismatch_share", _pct)
register_param_kind("mismatch_figure", _figure)


def apply_rules(profile: pd.DataFrame, reach_shares: pd.DataFrame, rules: list[Rule] | None = None) -> pd.DataFrame:
    """Signals: one row per (area, rule) whose profile and reach conditions both hold."""
    rules = load_rules() if rules is None else rules
    columns = ["area_code", "rule_id", "statement_record", "evidence"]
    rows = []
    for rule in rules:
        figures = profile[profile["indicator_id"] == rule.indicator]
        for item in figures.itertuples(index=False):
            value = float(item.value) if pd.notna(item.value) else np.nan
            comparison = float(item.comparison_value) if pd.notna(item.comparison_value) else np.nan
            if not rule.profile_holds(value, comparison):
                continue
            candidates = reach_shares[(reach_shares["area"] == item.area_code)
                                      & (reach_shares["category"] == rule.reach_category)
                                      & (reach_shares["threshold_m"] == rule.threshold_m)]
            group = rule.group
            chosen = candidates[candidates["group"] == group]
            if chosen.empty:
                group = "all"
                chosen = candidates[candidates["group"] == "all"]
            if chosen.empty or not np.isfinite(chosen["share"].iloc[0]):
                continue
            found = chosen.iloc[0]
            share = float(found["share"])
            if share >= rule.share_below:
                continue
            evidence = {
                "indicator": rule.indicator, "value": value, "comparison_value": comparison,
                "categories": list(rule.categories), "threshold_m": rule.threshold_m, "group": group,
                "share_within": round(share, 4), "population": float(found["population"]),
                "population_unreachable": float(found.get("population_unreachable", 0.0)),
                "reach_method": found.get("method", ""), "share_below": rule.share_below,
            }
            params = {"share": {"mismatch_share": share},
                      "value": {"mismatch_figure": [value, rule.indicator]},
                      "comparison": {"mismatch_figure": [comparison, rule.indicator]},
                      "threshold": {"number": [rule.threshold_m, 0]}}
            rows.append({"area_code": item.area_code, "rule_id": rule.id,
                         "statement_record": {"code": rule.code, "params": params}, "evidence": evidence})
    return pd.DataFrame(rows, columns=columns)


load_rules()  # the default rules' message codes, so a stored signal can be worded in any process
