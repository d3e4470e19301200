"""The profile engine: every indicator of the catalogue for every area and period at once.

Plain module: no Django. Input is an :class:`~zorgzaam.profile.aggregate.Aggregate` (counts summed to
every target area by the sparse membership product) and, for indicators that only exist as published
figures (medians, averages), a table of those published values per area. Output is one long table,
one row per (area, period, indicator), with the value, its numerator and denominator, a status and a
reason, and a reliability flag.

Statuses:
    ok              computed
    not_computable  an input measure does not exist (or age bands do not tile the band asked for);
                    ``reason`` says which
    unknown         an input is unknown for at least one member sector (suppressed or missing) —
                    an incomplete sum is never shown as if it were complete
    undefined       the denominator is zero
    suppressed      the numerator is a count below the minimum cell size (shown as "< 5")

Age bands: a measure such as ``population_age_040_079`` is found directly when it was imported, and
otherwise built from the imported bands of the same prefix when they tile 40–79 exactly (single
years, 5-year bands, a mix). ``population`` itself may be built from a complete set of age bands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zorgzaam.messages import register
from zorgzaam.profile.aggregate import TARGET_COLUMNS, Aggregate, MeasureMatrix, Membership, aggregate
from zorgzaam.profile.catalogue import Catalogue, Indicator
from zorgzaam.sources.measures import OPEN_END, parse_age_band

register({
    "indicator_measure_missing": (
        "Meetwaarde '{measure}' is niet beschikbaar voor {period}.",
        "Measure '{measure}' is not available for {period}.",
    ),
    "indicator_bands_do_not_tile": (
        "De beschikbare leeftijdsklassen ({bands}) vallen niet precies samen met {low}–{high} jaar.",
        "The available age bands ({bands}) do not exactly make up ages {low}–{high}.",
    ),
    "indicator_not_aggregable": (
        "Enkel gepubliceerd per gebied ({kind_nl}); dat kan niet opgeteld of uitgemiddeld worden naar dit gebied.",
        "Only published per area ({kind_en}); it cannot be summed or averaged to this area.",
    ),
    "indicator_unknown_members": (
        "Onbekend voor {count} van de {members} sectoren (afgeschermd of ontbrekend).",
        "Unknown for {count} of the {members} sectors (suppressed or missing).",
    ),
    "indicator_zero_denominator": ("De noemer is 0.", "The denominator is 0."),
    "indicator_small_count": (
        "Minder dan {min_count}: niet getoond om personen te beschermen.",
        "Fewer than {min_count}: not shown to protect people.",
    ),
})

STATUSES = ("ok", "not_computable", "unknown", "undefined", "suppressed")
RESULT_COLUMNS = TARGET_COLUMNS + ["period", "indicator", "value", "numerator", "denominator", "status",
                                   "reason_code", "reason_params", "reliability", "member_count"]


@dataclass(frozen=True)
class EngineSettings:
    """Thresholds (configurable per workspace later)."""

    min_count: int = 5  # counts 1..min_count-1 are suppressed
    small_denominator: int = 100  # below: figure flagged as unreliable


def _band_path(bands: list[tuple[int, int, str]], low: int, high: int) -> list[str] | None:
    """Measures whose bands exactly tile low..high (high = OPEN_END for an open band), or None."""
    target_end = high + 1
    by_start: dict[int, list[tuple[int, str]]] = {}
    for band_low, band_high, measure in bands:
        if band_low >= low and band_high <= high:
            by_start.setdefault(band_low, []).append((band_high + 1, measure))
    # Depth-first, widest band first: few steps when wide bands exist, still exact with single years.
    stack: list[tuple[int, list[str]]] = [(low, [])]
    seen: set[int] = set()
    while stack:
        position, path = stack.pop()
        if position == target_end:
            return path
        if position in seen:
            continue
        seen.add(position)
        for end, measure in sorted(by_start.get(position, [])):
            stack.append((end, path + [measure]))
    return None


def _band_request(measure: str, available: set[str]) -> tuple[str, int, int] | None:
    """(prefix, low, high) when ``measure`` is an age band, or a total that age bands can make up."""
    band = parse_age_band(measure)
    if band is not None:
        return band.prefix, band.low, (band.high if band.high is not None else OPEN_END)
    if any(m.startswith(measure + "_age_") for m in available):
        return measure, 0, OPEN_END
    return None


def _not_tiling(bands: list[tuple[int, int, str]], low: int, high: int) -> tuple[str, dict]:
    shown = ", ".join(f"{a}+" if b == OPEN_END else f"{a}–{b}" for a, b, _ in bands[:12])
    return ("indicator_bands_do_not_tile", {"bands": shown + (" …" if len(bands) > 12 else ""), "low": low,
                                            "high": "+" if high == OPEN_END else high})


def derive_measures(counts: MeasureMatrix, wanted: set[tuple[str, str]]) -> tuple[MeasureMatrix, dict]:
    """Add a column for every wanted (measure, period) that was not imported as such but that each
    sector's own age bands make up exactly. Sectors are grouped by which bands they have, so single
    years in one sector and 5-year bands in another both count. Returns the extended matrix and, per
    (measure, period) that cannot be made at all, the reason (message code, parameters)."""
    by_period: dict[str, set[str]] = {}
    for measure, period in counts.columns:
        by_period.setdefault(str(period), set()).add(str(measure))
    position = {key: i for i, key in enumerate(counts.columns)}
    copied = False
    new_keys, new_values, new_unknown = [], [], []
    problems: dict[tuple[str, str], tuple[str, dict]] = {}
    for measure, period in sorted(wanted):
        available = by_period.get(period, set())
        if measure in available and parse_age_band(measure) is None:
            continue
        request = _band_request(measure, available)
        if request is None:
            if measure not in available:
                problems[(measure, period)] = ("indicator_measure_missing", {"measure": measure, "period": period})
            continue
        prefix, low, high = request
        prefix_bands = []
        for candidate in sorted(available):
            parsed = parse_age_band(candidate)
            if parsed is not None and parsed.prefix == prefix:
                prefix_bands.append((parsed.low, parsed.high if parsed.high is not None else OPEN_END, candidate))
        prefix_bands.sort()
        candidates = [band for band in prefix_bands if low <= band[0] and band[1] <= high]
        if not prefix_bands:
            if measure not in available:
                problems[(measure, period)] = ("indicator_measure_missing", {"measure": measure, "period": period})
            continue
        if not candidates:
            problems[(measure, period)] = _not_tiling(prefix_bands, low, high)
            continue
        columns = np.array([position[(c[2], period)] for c in candidates])
        known = ~counts.unknown[:, columns]
        patterns, pattern_of_unit = np.unique(known, axis=0, return_inverse=True)
        pattern_of_unit = pattern_of_unit.ravel()
        values = np.zeros(len(counts.units))
        unknown = np.ones(len(counts.units), dtype=bool)
        any_path = False
        for index, pattern in enumerate(patterns):
            path = _band_path([c for c, keep in zip(candidates, pattern, strict=True) if keep], low, high)
            if path is None:
                continue
            any_path = True
            units = pattern_of_unit == index
            path_columns = [position[(m, period)] for m in path]
            values[units] = counts.values[np.ix_(units, path_columns)].sum(axis=1)
            unknown[units] = False
        if not any_path:
            problems[(measure, period)] = _not_tiling(prefix_bands, low, high)
            continue
        if measure in available:  # imported directly for some sectors: keep those, fill the others
            direct = position[(measure, period)]
            has_direct = ~counts.unknown[:, direct]
            values[has_direct] = counts.values[has_direct, direct]
            unknown[has_direct] = False
            problems.pop((measure, period), None)
            if not copied:  # never change the caller's matrix
                counts = MeasureMatrix(counts.values.copy(), counts.unknown.copy(), counts.units, counts.columns)
                copied = True
            counts.values[:, direct] = values
            counts.unknown[:, direct] = unknown
            continue
        new_keys.append((measure, period))
        new_values.append(values)
        new_unknown.append(unknown)
    if not new_keys:
        return counts, problems
    extended = MeasureMatrix(
        np.column_stack([counts.values] + new_values), np.column_stack([counts.unknown] + new_unknown),
        counts.units, counts.columns.append(pd.MultiIndex.from_tuples(new_keys, names=counts.columns.names)))
    return extended, problems


def required_measures(catalogue, periods: list[str]) -> set[tuple[str, str]]:
    return {(measure, period) for indicator in catalogue if indicator.aggregable
            for measure in indicator.measures() for period in periods}


def _sum_columns(aggregate: Aggregate, positions: list[int]) -> tuple[np.ndarray, np.ndarray]:
    sums = aggregate.sums[:, positions].sum(axis=1)
    unknown = aggregate.unknown_members[:, positions].max(axis=1)
    return sums, unknown


@dataclass
class Columns:
    """Where each (measure, period) sits in the aggregate, and why a missing one is missing."""

    position: dict[tuple[str, str], int]
    problems: dict[tuple[str, str], tuple[str, dict]]

    def resolve(self, measure: str, period: str):
        key = (measure, period)
        if key in self.position:
            return [self.position[key]], None
        return None, self.problems.get(key, ("indicator_measure_missing", {"measure": measure, "period": period}))


def compute(catalogue: Catalogue | list[Indicator], counts: MeasureMatrix, membership: Membership,
            published: pd.DataFrame | None = None, settings: EngineSettings | None = None,
            periods: list[str] | None = None) -> pd.DataFrame:
    """Every indicator for every target of ``membership`` and every period.

    ``counts`` are the base units' counts (usually sectors); age bands are made up per unit, then
    everything is summed to the targets in one sparse product, and ratios are taken of the sums.
    ``published``: published, not aggregable values (columns level, code, vintage, period, measure,
    value), used only for ``aggregation = "published"`` indicators and only for the areas they were
    published for."""
    settings = settings or EngineSettings()
    data_periods = sorted({str(p) for p in counts.columns.get_level_values(1)})
    periods = [str(p) for p in (periods or data_periods)]
    if published is not None and len(published) and not periods:
        periods = sorted(set(published["period"].astype(str)))
    counts, problems = derive_measures(counts, required_measures(catalogue, periods))
    totals = aggregate(membership, counts)
    columns = Columns({(str(m), str(p)): i for i, (m, p) in enumerate(totals.columns)}, problems)
    n = len(totals.targets)
    parts: list[dict] = []
    labels: list[tuple[str, str]] = []
    for indicator in catalogue:
        for period in periods:
            if indicator.aggregable:
                parts.append(_compute_one(indicator, period, totals, columns, settings))
            else:
                parts.append(_published_one(indicator, period, totals.targets, published, n))
            labels.append((indicator.id, period))
    return _assemble(totals.targets, parts, labels)


def _assemble(targets: pd.DataFrame, parts: list[dict], labels: list[tuple[str, str]]) -> pd.DataFrame:
    """One long table from the per-(indicator, period) arrays (built once: fast)."""
    if not parts:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    n = len(targets)
    rows = np.tile(np.arange(n), len(parts))
    out = targets[TARGET_COLUMNS].iloc[rows].reset_index(drop=True)
    out["period"] = np.repeat([period for _, period in labels], n)
    out["indicator"] = np.repeat([indicator for indicator, _ in labels], n)
    for column in ("value", "numerator", "denominator", "member_count"):
        out[column] = np.concatenate([np.asarray(part[column], dtype=float) for part in parts])
    for column in ("status", "reason_code", "reliability"):
        out[column] = np.concatenate([np.asarray(part[column], dtype=object) for part in parts])
    out["reason_params"] = [params for part in parts for params in part["reason_params"]]
    return out[RESULT_COLUMNS]


def _compute_one(indicator: Indicator, period: str, aggregate: Aggregate, resolver: Columns,
                 settings: EngineSettings) -> dict:
    n = len(aggregate.targets)
    terms = {}
    for role, measures in (("numerator", indicator.numerator), ("subtract", indicator.subtract),
                           ("denominator", indicator.denominator)):
        positions: list[int] = []
        for measure in measures:
            found, problem = resolver.resolve(measure, period)
            if found is None:
                nan = np.full(n, np.nan)
                return {"value": nan, "numerator": nan, "denominator": nan, "member_count": aggregate.member_count,
                        "status": np.full(n, "not_computable", dtype=object),
                        "reason_code": np.full(n, problem[0], dtype=object), "reason_params": [problem[1]] * n,
                        "reliability": np.full(n, "", dtype=object)}
            positions += found
        terms[role] = _sum_columns(aggregate, positions) if positions else (np.zeros(n), np.zeros(n, dtype=int))
    numerator, num_unknown = terms["numerator"]
    subtract, sub_unknown = terms["subtract"]
    numerator = numerator - subtract
    unknown = np.maximum(num_unknown, sub_unknown)
    if indicator.denominator:
        denominator, den_unknown = terms["denominator"]
        unknown = np.maximum(unknown, den_unknown)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = indicator.scale * numerator / denominator
    else:
        denominator = np.full(n, np.nan)
        value = indicator.scale * numerator
    status = np.full(n, "ok", dtype=object)
    reason_code = np.full(n, "", dtype=object)
    reason_params: list[dict] = [{}] * n
    members = aggregate.member_count
    is_unknown = unknown > 0
    if is_unknown.any():
        reason_params = list(reason_params)
        for i in np.flatnonzero(is_unknown):
            reason_params[i] = {"count": int(unknown[i]), "members": int(members[i])}
    status[is_unknown] = "unknown"
    reason_code[is_unknown] = "indicator_unknown_members"
    if indicator.denominator:
        zero = ~is_unknown & (denominator == 0)
        status[zero] = "undefined"
        reason_code[zero] = "indicator_zero_denominator"
    small_count = (~is_unknown & (status == "ok") & (numerator > 0) & (numerator < settings.min_count)
                   & (not indicator.may_be_negative))
    if small_count.any():
        status[small_count] = "suppressed"
        reason_code[small_count] = "indicator_small_count"
        reason_params = list(reason_params)
        for i in np.flatnonzero(small_count):
            reason_params[i] = {"min_count": settings.min_count}
    shown = status == "ok"
    reliability = np.full(n, "", dtype=object)
    if indicator.denominator:
        reliability[shown & (denominator < settings.small_denominator)] = "small_denominator"
    return {"value": np.where(shown, value, np.nan),
            "numerator": np.where(is_unknown | (status == "suppressed"), np.nan, numerator),
            "denominator": np.where(is_unknown, np.nan, denominator), "member_count": members,
            "status": status, "reason_code": reason_code, "reason_params": reason_params,
            "reliability": reliability}


def _published_one(indicator: Indicator, period: str, targets: pd.DataFrame, published: pd.DataFrame | None,
                   n: int) -> dict:
    measure = indicator.numerator[0]
    kind = measure.rsplit("_", 1)[-1]
    kind_nl, kind_en = {"median": ("mediaan", "median"), "avg": ("gemiddelde", "average"),
                        "pct": ("percentage", "percentage"), "rate": ("verhouding", "ratio")}.get(kind, (kind, kind))
    values = np.full(n, np.nan)
    if published is not None and len(published):
        rows = published[(published["measure"] == measure) & (published["period"].astype(str) == period)]
        if len(rows):
            exact = rows.drop_duplicates(TARGET_COLUMNS).set_index(TARGET_COLUMNS)["value"]
            values = exact.reindex(pd.MultiIndex.from_frame(targets[TARGET_COLUMNS])).to_numpy(dtype=float)
            # a target given without vintage (e.g. a sector row of its own) matches on level and code
            loose = rows.drop_duplicates(["level", "code"]).set_index(["level", "code"])["value"]
            by_code = loose.reindex(pd.MultiIndex.from_frame(targets[["level", "code"]])).to_numpy(dtype=float)
            values = np.where(np.isnan(values) & (targets["vintage"] == "").to_numpy(), by_code, values)
    has = ~np.isnan(values)
    return {"value": values, "numerator": values, "denominator": np.full(n, np.nan),
            "member_count": np.full(n, np.nan), "status": np.where(has, "ok", "not_computable").astype(object),
            "reason_code": np.where(has, "", "indicator_not_aggregable").astype(object),
            "reason_params": [{} if h else {"kind_nl": kind_nl, "kind_en": kind_en} for h in has],
            "reliability": np.full(n, "", dtype=object)}
