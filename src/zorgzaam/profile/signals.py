"""Signals: explainable statements built from the comparisons, worded as questions.

Plain module: no Django. A figure is a signal, never a conclusion (DESIGN.md §2.2): a signal says
which figure stands out against which comparison areas, what the characteristic may point to (the
seed's interpretation matrix: loneliness, isolation, care need, unmet need, informal care received or
given), which pitfalls apply, and asks the question the qualitative analysis should answer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from zorgzaam.areas.levels import level_label
from zorgzaam.messages import LANGUAGES, gettext, gettext_noop, register, register_param_kind, render
from zorgzaam.profile.catalogue import HINT_LABELS, Catalogue, load_catalogue
from zorgzaam.profile.compare import phrase_param

# A signal's statement and question are stored as message codes with parameters (``Signal.statement_record``,
# kept by the summary table) and worded in the reader's language when read.
register({
    "profile_signal_statement": gettext_noop("{subject} in {where} ({value}) ligt {phrase} in {references}."),
    "profile_signal_reference": gettext_noop("{place} ({value})"),
    "profile_place_region": gettext_noop("het {level} {name}"),
    "profile_place": gettext_noop("de {level} {name}"),
    "profile_signal_question_hints": gettext_noop(
        "Kan dit wijzen op {hints}? Toets het in gesprekken met bewoners en partners voor je conclusies trekt."),
    "profile_signal_question": gettext_noop(
        "Wat betekent dit voor de buurt? Toets het in gesprekken met bewoners en partners voor je conclusies "
        "trekt."),
})
_SEEN: dict = {}  # indicator id -> the indicator a signal was built with (team indicators are not packaged)


def _indicator(indicator_id: str):
    if indicator_id in _SEEN:
        return _SEEN[indicator_id]
    catalogue = load_catalogue()
    return catalogue[indicator_id] if indicator_id in catalogue else None


def _indicator_words(value, lang: str) -> str:
    indicator_id, names = value
    indicator = _indicator(indicator_id)
    return indicator.label(lang) if indicator is not None else (names.get(lang) or names.get("nl") or indicator_id)


def _indicator_value_words(value, lang: str) -> str:
    from zorgzaam.messages import format_number

    indicator_id, figure = value
    indicator = _indicator(indicator_id)
    return _value_text(indicator, figure, lang) if indicator is not None else format_number(figure, lang, 1)


def _level_words(level: str, lang: str) -> str:
    return gettext("buurt", lang) if level == "neighbourhood" else level_label(level, lang)


register_param_kind("indicator", _indicator_words)
register_param_kind("indicator_value", _indicator_value_words)
register_param_kind("area_level", _level_words)


@dataclass(frozen=True)
class SignalSettings:
    # In line with the phrases of compare.phrase: from 125 'clearly higher', below 80 'clearly lower'.
    high_index: float = 125.0  # area ÷ reference × 100 at or above: 'higher'
    low_index: float = 80.0  # below: 'lower'
    min_references: int = 2  # how many comparison areas must agree (fewer when fewer exist)
    min_denominator: float = 30.0  # below: no signal at all, too few people to say anything


@dataclass
class Signal:
    area: tuple[str, str, str]
    indicator: str
    period: str
    direction: str  # 'higher' | 'lower'
    statement: dict[str, str]
    question: dict[str, str]
    hints: dict[str, dict[str, str]]
    pitfalls: list[dict[str, str]]
    evidence: dict = field(default_factory=dict)
    statement_record: dict = field(default_factory=dict)  # {"code", "params"}: what statement[lang] words
    question_record: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.indicator}:{self.direction}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["area"] = {"level": self.area[0], "code": self.area[1], "vintage": self.area[2]}
        data["key"] = self.key
        return data


def _value_text(indicator, value: float, lang: str) -> str:
    text = indicator.format(value, lang)
    unit = indicator.unit_label(lang)
    return text if unit == "%" else f"{text} {unit}".strip()


def _place(reference: tuple[str, str, str], names: dict) -> dict:
    """'de gemeente Balen', 'het gewest Vlaanderen' as a stored message."""
    return {"code": "profile_place_region" if reference[0] == "region" else "profile_place",
            "params": {"level": {"area_level": reference[0]}, "name": names.get(reference, reference[1])}}


def find_signals(results: pd.DataFrame, comparisons: pd.DataFrame, catalogue: Catalogue,
                 focus: tuple[str, str, str], names: dict, period: str | None = None,
                 settings: SignalSettings | None = None, focus_name: str = "") -> list[Signal]:
    """Signals for the focus area in ``period`` (default: the latest period with comparisons).

    ``results``: the engine's table (for reliability and denominators); ``comparisons``: from
    ``compare.compare`` for the focus; ``names``: (level, code, vintage) → area name."""
    settings = settings or SignalSettings()
    if comparisons.empty:
        return []
    if period is None:
        period = max(comparisons["period"].astype(str))
    focus_rows = results[(results["level"] == focus[0]) & (results["code"] == focus[1])
                         & (results["vintage"] == focus[2]) & (results["period"] == period)]
    own_by_indicator = {row["indicator"]: row for row in focus_rows.to_dict("records")}
    current = comparisons[comparisons["period"] == period]
    current = current[np.isfinite(current["index"].to_numpy(dtype=float))]
    by_indicator: dict[str, list[dict]] = {}
    for record in current.to_dict("records"):
        by_indicator.setdefault(record["indicator"], []).append(record)
    signals = []
    for indicator_id, usable in by_indicator.items():
        if indicator_id not in catalogue or indicator_id not in own_by_indicator:
            continue
        indicator = catalogue[indicator_id]
        if not indicator.is_ratio or indicator.group.startswith("age_bands"):
            continue  # the detailed age distribution is shown, the headline age shares give the signals
        own = own_by_indicator[indicator_id]
        if own["status"] != "ok" or not np.isfinite(own["denominator"]) or own["denominator"] < settings.min_denominator:
            continue
        needed = min(settings.min_references, len(usable))
        higher = [r for r in usable if r["index"] >= settings.high_index]
        lower = [r for r in usable if r["index"] < settings.low_index]
        for direction, agreeing in (("higher", higher), ("lower", lower)):
            if agreeing and len(agreeing) >= needed:
                signals.append(_signal(indicator, own, agreeing, direction, focus, names, period, focus_name,
                                       catalogue))
    return signals


def _signal(indicator, own: dict, agreeing: list[dict], direction: str, focus, names, period, focus_name,
            catalogue: Catalogue) -> Signal:
    _SEEN[indicator.id] = indicator
    # the most cautious phrase among the agreeing areas, so it holds for every area named; worded in the
    # reader's language (the comparisons' own phrase is in the language the profile was built in)
    cautious = min(agreeing, key=lambda r: abs(r["index"] - 100))
    statement_record = {"code": "profile_signal_statement", "params": {
        "subject": {"indicator": [indicator.id, dict(indicator.name)]},
        "where": focus_name or focus[1],
        "value": {"indicator_value": [indicator.id, float(own["value"])]},
        "phrase": phrase_param(float(own["value"]), float(cautious["ref_value"])) or cautious["phrase"],
        "references": {"list": [{"code": "profile_signal_reference", "params": {
            "place": _place((row["ref_level"], row["ref_code"], row["ref_vintage"]), names),
            "value": {"indicator_value": [indicator.id, float(row["ref_value"])]}}} for row in agreeing]}}}
    # the hints describe the characteristic in its risk direction (usually: more of it)
    dims = list(indicator.hints) if direction == indicator.risk_direction else []
    question_record = ({"code": "profile_signal_question_hints",
                        "params": {"hints": {"list": [{"msgid": HINT_LABELS[d]} for d in dims]}}} if dims else
                       {"code": "profile_signal_question", "params": {}})
    statement = {lang: render(statement_record["code"], statement_record["params"], lang=lang) for lang in LANGUAGES}
    question = {lang: render(question_record["code"], question_record["params"], lang=lang) for lang in LANGUAGES}
    # 'few residents' only where the figure does rest on few people; the other pitfalls always apply
    pitfalls = [dict(catalogue.pitfalls[p]) for p in indicator.pitfalls
                if p in catalogue.pitfalls and p != "small_population"]
    if own["reliability"] == "small_denominator" and "small_population" in catalogue.pitfalls:
        pitfalls.insert(0, dict(catalogue.pitfalls["small_population"]))
    evidence = {
        "value": float(own["value"]), "numerator": float(own["numerator"]),
        "denominator": float(own["denominator"]), "unit": indicator.unit,
        "references": [{"level": r["ref_level"], "code": r["ref_code"], "vintage": r["ref_vintage"],
                        "name": names.get((r["ref_level"], r["ref_code"], r["ref_vintage"]), r["ref_code"]),
                        "value": float(r["ref_value"]), "index": float(r["index"])} for r in agreeing],
    }
    hints = dict(indicator.hints) if direction == indicator.risk_direction else {}
    return Signal(focus, indicator.id, str(period), direction, statement, question, hints, pitfalls, evidence,
                  statement_record, question_record)
