"""The indicator catalogue: indicators as data (plain module, no Django).

The catalogue lives in ``profile/catalogue/indicators.toml`` (versioned with the package). Each
indicator is ``scale × (sum(numerator) − sum(subtract)) / sum(denominator)`` over counts that are
summed over an area's sectors first; ``aggregation = "published"`` marks a figure that only exists
per area as published (a median, an average) and is never summed or averaged.

The age distribution (20-, 10- and 5-year bands as a share of all residents) is generated here
rather than written out band by band. A team's own indicators (:func:`team_indicator`) use the same
:class:`Indicator` and the same engine.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from zorgzaam.messages import LANGUAGES, ZorgzaamError, gettext, gettext_noop, register
from zorgzaam.sources.measures import age_measure, is_valid_measure

register({
    "catalogue_invalid": gettext_noop("Indicator '{indicator}' in de catalogus is ongeldig: {detail}"),
    "indicator_divides_by_itself": gettext_noop(
        "Indicator '{indicator}' deelt een meetwaarde door zichzelf ({measures}); dat geeft altijd 100 %."),
    "indicator_unknown_measure": gettext_noop(
        "Indicator '{indicator}' verwijst naar meetwaarde '{measure}', die in geen enkele dataset voorkomt."),
    "indicator_not_a_count": gettext_noop(
        "Indicator '{indicator}' rekent met '{measure}', een gepubliceerd(e) {kind}: dat is geen aantal en kan "
        "niet opgeteld of gedeeld worden. Gebruik de onderliggende aantallen."),
    "indicator_id_taken": gettext_noop("Er bestaat al een indicator met id '{indicator}'."),
})

AGGREGATIONS = ("sum_then_divide", "published")
HINT_DIMENSIONS = ("loneliness", "isolation", "care_need", "unmet_need", "care_received", "care_given")
HINT_LABELS = {  # dimension -> Dutch msgid (English in the profile catalogue)
    "loneliness": gettext_noop("eenzaamheid"),
    "isolation": gettext_noop("sociaal isolement"),
    "care_need": gettext_noop("zorg- en ondersteuningsnood"),
    "unmet_need": gettext_noop("onbeantwoorde zorgnood"),
    "care_received": gettext_noop("informele zorg ontvangen"),
    "care_given": gettext_noop("informele zorg geven"),
}
AGE_BAND_WIDTHS = (20, 10, 5)


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    name: dict[str, str]
    explanation: dict[str, str]
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    subtract: tuple[str, ...] = ()
    scale: float = 1.0
    unit: str = ""
    unit_en: str = ""
    source: str = ""
    aggregation: str = "sum_then_divide"
    denominator_label: dict[str, str] = field(default_factory=dict)
    hints: dict[str, dict[str, str]] = field(default_factory=dict)
    pitfalls: tuple[str, ...] = ()
    may_be_negative: bool = False
    is_team: bool = False
    group: str = ""
    risk_direction: str = "higher"  # the direction in which the hints apply ('lower' for e.g. the care ratio)

    @property
    def is_ratio(self) -> bool:
        return bool(self.denominator)

    @property
    def aggregable(self) -> bool:
        return self.aggregation == "sum_then_divide"

    def label(self, lang: str = "nl") -> str:
        return self.name.get(lang) or self.name.get("nl") or self.id

    def unit_label(self, lang: str = "nl") -> str:
        return getattr(self, f"unit_{lang}", "") or self.unit  # the catalogue has a unit per language

    def format(self, value, lang: str = "nl") -> str:
        """A figure as people read it: counts without decimals, ratios with one, '%' where it is one."""
        from zorgzaam.messages import format_number

        try:
            value = float(value)
        except (TypeError, ValueError):
            return "–"
        if value != value or value in (float("inf"), float("-inf")):
            return "–"
        decimals = 0 if (not self.is_ratio or (self.unit != "%" and abs(value) >= 100)) else 1
        text = format_number(value, lang, decimals)
        return f"{text} %" if self.unit == "%" else text

    def measures(self) -> set[str]:
        return set(self.numerator) | set(self.denominator) | set(self.subtract)

    def as_dict(self) -> dict:
        return {
            "id": self.id, "theme": self.theme, "name": self.name, "explanation": self.explanation,
            "numerator": list(self.numerator), "denominator": list(self.denominator),
            "subtract": list(self.subtract), "scale": self.scale, "unit": self.unit, "unit_en": self.unit_en,
            "source": self.source, "aggregation": self.aggregation, "aggregable": self.aggregable,
            "denominator_label": self.denominator_label, "hints": self.hints, "pitfalls": list(self.pitfalls),
            "is_team": self.is_team, "group": self.group, "risk_direction": self.risk_direction,
        }


@dataclass
class Catalogue:
    version: int
    indicators: list[Indicator]
    themes: dict[str, dict[str, str]]
    pitfalls: dict[str, dict[str, str]]

    def __post_init__(self) -> None:
        self._by_id = {indicator.id: indicator for indicator in self.indicators}

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def __contains__(self, indicator_id: str) -> bool:
        return indicator_id in self._by_id

    def __iter__(self):
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def with_indicators(self, extra: list[Indicator]) -> Catalogue:
        for indicator in extra:
            if indicator.id in self._by_id:
                raise ZorgzaamError("indicator_id_taken", indicator=indicator.id)
        return Catalogue(self.version, self.indicators + list(extra), self.themes, self.pitfalls)

    def select(self, ids: list[str] | None) -> Catalogue:
        if not ids:
            return self
        missing = [i for i in ids if i not in self._by_id]
        if missing:
            raise ZorgzaamError("catalogue_invalid", indicator=missing[0], detail="onbekend / unknown")
        return Catalogue(self.version, [self._by_id[i] for i in ids], self.themes, self.pitfalls)


def _tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _indicator(raw: dict, pitfalls: dict) -> Indicator:
    indicator_id = raw.get("id", "?")

    def invalid(detail: str) -> ZorgzaamError:
        return ZorgzaamError("catalogue_invalid", indicator=indicator_id, detail=detail)

    for key in ("id", "theme", "name", "numerator"):
        if key not in raw:
            raise invalid(f"'{key}' ontbreekt / is missing")
    indicator = Indicator(
        id=raw["id"], theme=raw["theme"], name=dict(raw["name"]), explanation=dict(raw.get("explanation", {})),
        numerator=_tuple(raw["numerator"]), denominator=_tuple(raw.get("denominator")),
        subtract=_tuple(raw.get("subtract")), scale=float(raw.get("scale", 1)), unit=raw.get("unit", ""),
        unit_en=raw.get("unit_en", ""), source=raw.get("source", ""),
        aggregation=raw.get("aggregation", "sum_then_divide"),
        denominator_label=dict(raw.get("denominator_label", {})),
        hints={k: dict(v) for k, v in raw.get("hints", {}).items()}, pitfalls=_tuple(raw.get("pitfalls")),
        may_be_negative=bool(raw.get("may_be_negative", False)), is_team=bool(raw.get("is_team", False)),
        group=raw.get("group", ""), risk_direction=raw.get("risk_direction", "higher"),
    )
    validate_indicator(indicator, pitfalls)
    return indicator


def validate_indicator(indicator: Indicator, pitfalls: dict | None = None) -> None:
    """Refuse an indicator that cannot mean anything (bad ids, a measure divided by itself …)."""
    def invalid(detail: str) -> ZorgzaamError:
        return ZorgzaamError("catalogue_invalid", indicator=indicator.id, detail=detail)

    if not is_valid_measure(indicator.id):
        raise invalid("id: kleine letters, cijfers en _ / lower-case letters, digits and _")
    if indicator.aggregation not in AGGREGATIONS:
        raise invalid(f"aggregation '{indicator.aggregation}'")
    for measure in indicator.measures():
        if not is_valid_measure(measure):
            raise invalid(f"meetwaarde / measure '{measure}'")
    if not indicator.numerator:
        raise invalid("teller ontbreekt / numerator is missing")
    if indicator.denominator and set(indicator.numerator) == set(indicator.denominator) and not indicator.subtract:
        raise ZorgzaamError("indicator_divides_by_itself", indicator=indicator.id,
                            measures=", ".join(indicator.numerator))
    if indicator.risk_direction not in ("higher", "lower"):
        raise invalid("risk_direction: higher | lower")
    if indicator.aggregable:  # a formula over counts: a published rate, average or median cannot take part
        from zorgzaam.sources.measures import is_summable, measure_kind

        for measure in sorted(indicator.measures()):
            if not is_summable(measure):
                raise ZorgzaamError("indicator_not_a_count", indicator=indicator.id, measure=measure,
                                    kind=measure_kind(measure))
    if indicator.scale <= 0:
        raise invalid("scale > 0")
    unknown_hints = set(indicator.hints) - set(HINT_DIMENSIONS)
    if unknown_hints:
        raise invalid(f"hints {sorted(unknown_hints)}")
    if pitfalls is not None:
        unknown = set(indicator.pitfalls) - set(pitfalls)
        if unknown:
            raise invalid(f"pitfalls {sorted(unknown)}")


def age_distribution_indicators() -> list[Indicator]:
    """Shares of residents per 20-, 10- and 5-year age band (the last band open-ended)."""
    indicators = []
    for width in AGE_BAND_WIDTHS:
        top = 100 if width < 20 else 80
        lows = list(range(0, top, width)) + [top]
        for low in lows:
            high = None if low == top else low + width - 1
            label_nl = f"{low}+" if high is None else f"{low}–{high}"
            indicators.append(Indicator(
                id=f"age_share_{low:03d}_{(high if high is not None else 999):03d}_w{width}",
                theme="age",
                name={lang: gettext("Aandeel {band} jaar", lang).format(band=label_nl) for lang in LANGUAGES},
                explanation={lang: gettext("Inwoners van {band} jaar als deel van alle inwoners (leeftijdsklassen "
                                           "van {width} jaar).", lang).format(band=label_nl, width=width)
                             for lang in LANGUAGES},
                numerator=(age_measure(low, high),), denominator=("population",), scale=100.0, unit="%",
                source="Statbel", group=f"age_bands_{width}",
            ))
    return indicators


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The packaged catalogue (or another TOML file in the same shape); the packaged one is read once per
    process (it ships with the code)."""
    if path is None:
        return _packaged_catalogue()
    return _catalogue_from_text(Path(path).read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _packaged_catalogue() -> Catalogue:
    return _catalogue_from_text(
        resources.files("zorgzaam.profile").joinpath("catalogue/indicators.toml").read_text("utf-8"))


def _catalogue_from_text(text: str) -> Catalogue:
    raw = tomllib.loads(text)
    pitfalls = {k: dict(v) for k, v in raw.get("pitfalls", {}).items()}
    indicators = [_indicator(item, pitfalls) for item in raw.get("indicator", [])]
    indicators += age_distribution_indicators()
    ids = [i.id for i in indicators]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ZorgzaamError("catalogue_invalid", indicator=sorted(duplicates)[0], detail="dubbel id / duplicate id")
    return Catalogue(int(raw.get("version", 1)), indicators, {k: dict(v) for k, v in raw.get("themes", {}).items()},
                     pitfalls)


def team_indicator(indicator_id: str, name_nl: str, numerator: list[str], denominator: list[str] | None = None,
                   *, scale: float = 100.0, unit: str = "", name_en: str = "", explanation_nl: str = "",
                   explanation_en: str = "", known_measures: set[str] | None = None) -> Indicator:
    """A team's own indicator over its own counts (e.g. persons with OCMW support per 100 residents).
    With ``known_measures`` every referenced measure must exist in some dataset."""
    indicator = Indicator(
        id=indicator_id, theme="team", name={"nl": name_nl, "en": name_en or name_nl},
        explanation={"nl": explanation_nl, "en": explanation_en or explanation_nl},
        numerator=tuple(numerator), denominator=tuple(denominator or ()), scale=float(scale), unit=unit,
        source="eigen registratie / own records", is_team=True,
    )
    validate_indicator(indicator)
    if known_measures is not None:
        for measure in sorted(indicator.measures()):
            if measure not in known_measures and not _is_band_of_known(measure, known_measures):
                raise ZorgzaamError("indicator_unknown_measure", indicator=indicator_id, measure=measure)
    return indicator


def _is_band_of_known(measure: str, known: set[str]) -> bool:
    from zorgzaam.sources.measures import parse_age_band

    band = parse_age_band(measure)
    if band is None:
        return any(k.startswith(measure + "_age_") for k in known)
    return any((parsed := parse_age_band(k)) is not None and parsed.prefix == band.prefix for k in known)
