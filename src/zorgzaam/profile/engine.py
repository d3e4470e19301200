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

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from zorgzaam.messages import gettext_noop, register
from zorgzaam.profile.aggregate import TARGET_COLUMNS, Aggregate, MeasureMatrix, Membership, aggregate
from zorgzaam.profile.catalogue import Catalogue, Indicator
from zorgzaam.sources.measures import OPEN_END, parse_age_band

register({
    "indicator_measure_missing": gettext_noop("Meetwaarde '{measure}' is niet beschikbaar voor {period}."),
    "indicator_bands_do_not_tile": gettext_noop(
        "De beschikbare leeftijdsklassen ({bands}) vallen niet precies samen met {low}–{high} jaar."),
    "indicator_not_aggregable": gettext_noop(
        "Enkel gepubliceerd per gebied ({kind}); dat kan niet opgeteld of uitgemiddeld worden naar dit gebied."),
    "indicator_unknown_members": gettext_noop(
        "Onbekend voor {count} van de {members} sectoren (afgeschermd of ontbrekend)."),
    "indicator_zero_denominator": gettext_noop("De noemer is 0."),
    "indicator_small_count": gettext_noop("Minder dan {min_count}: niet getoond om personen te beschermen."),
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


@functools.lru_cache(maxsize=4096)
def _parsed_band(measure: str):
    return parse_age_band(measure)


def _disjoint(bands: list[tuple[int, int, str]]) -> bool:
    ordered = sorted(bands)
    return all(previous[1] < current[0] for previous, current in zip(ordered, ordered[1:], strict=False))


def _row_patterns(known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a boolean matrix and, per row, which one it is (like
    ``np.unique(axis=0, return_inverse=True)`` but fast: each row is packed into bytes first)."""
    if known.all():
        return np.ones((1, known.shape[1]), dtype=bool), np.zeros(known.shape[0], dtype=np.int64)
    packed = np.packbits(known, axis=1)
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return known[first], inverse.ravel()


def _not_tiling(bands: list[tuple[int, int, str]], low: int, high: int) -> tuple[str, dict]:
    shown = ", ".join(f"{a}+" if b == OPEN_END else f"{a}–{b}" for a, b, _ in bands[:12])
    return ("indicator_bands_do_not_tile", {"bands": shown + (" …" if len(bands) > 12 else ""), "low": low,
                                            "high": "+" if high == OPEN_END else high})


def derive_measures(counts: MeasureMatrix, wanted: set[tuple[str, str]]) -> tuple[MeasureMatrix, dict, dict]:
    """Make every wanted (measure, period) that was not imported as such from the age bands.

    When the imported bands of that prefix do not overlap there is one way to tile: the measure is
    returned as a *composite* of those columns (summed after aggregation, cheap). When they overlap
    (single years in one sector, 5-year bands in another) a column is added per sector: sectors are
    grouped by which bands they have, and each group tiles with its own. Returns the (possibly
    extended) matrix, per (measure, period) that cannot be made the reason (message code,
    parameters), and the composites."""
    by_period: dict[str, set[str]] = {}
    for measure, period in counts.columns:
        by_period.setdefault(str(period), set()).add(str(measure))
    # the age bands of every period, parsed once: {period: {prefix: [(low, high, measure), …] sorted}}
    bands_of: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
    for period, available in by_period.items():
        grouped: dict[str, list[tuple[int, int, str]]] = {}
        for candidate in available:
            parsed = _parsed_band(candidate)
            if parsed is not None:
                grouped.setdefault(parsed.prefix, []).append(
                    (parsed.low, parsed.high if parsed.high is not None else OPEN_END, candidate))
        bands_of[period] = {prefix: sorted(bands) for prefix, bands in grouped.items()}
    position = {key: i for i, key in enumerate(counts.columns)}
    copied = False
    composites: dict[tuple[str, str], list[tuple[str, str]]] = {}
    new_keys, new_values, new_unknown = [], [], []
    problems: dict[tuple[str, str], tuple[str, dict]] = {}
    paths: dict[tuple, list[str] | None] = {}  # the same bands in another period tile the same way
    for measure, period in sorted(wanted):
        available = by_period.get(period, set())
        if measure in available and not counts.unknown[:, position[(measure, period)]].any():
            continue  # imported as such for every unit
        band = _parsed_band(measure)
        if band is not None:
            request = (band.prefix, band.low, band.high if band.high is not None else OPEN_END)
        elif measure in bands_of.get(period, {}):
            request = (measure, 0, OPEN_END)  # a total that its age bands make up
        else:
            request = None
        if request is None:
            if measure not in available:
                problems[(measure, period)] = ("indicator_measure_missing", {"measure": measure, "period": period})
            continue
        prefix, low, high = request
        prefix_bands = bands_of.get(period, {}).get(prefix, [])
        candidates = [band for band in prefix_bands if low <= band[0] and band[1] <= high]
        if not prefix_bands:
            if measure not in available:
                problems[(measure, period)] = ("indicator_measure_missing", {"measure": measure, "period": period})
            continue
        if not candidates:
            problems[(measure, period)] = _not_tiling(prefix_bands, low, high)
            continue
        if measure in available and parse_age_band(measure) is not None and _disjoint(candidates):
            continue  # a band imported as such, and no other bands could stand in for it
        if measure not in available and _disjoint(candidates):
            # One way to tile: the band is the sum of those columns, summed per target later.
            memo = (tuple(candidates), low, high)
            if memo not in paths:
                paths[memo] = _band_path(candidates, low, high)
            path = paths[memo]
            if path is None:
                problems[(measure, period)] = _not_tiling(prefix_bands, low, high)
            else:
                composites[(measure, period)] = [(m, period) for m in path]
            continue
        columns = np.array([position[(c[2], period)] for c in candidates])
        direct = position.get((measure, period)) if measure in available else None
        # Only the units without the measure itself need their bands added up.
        rows = np.arange(len(counts.units)) if direct is None else np.flatnonzero(counts.unknown[:, direct])
        patterns, pattern_of_row = _row_patterns(~counts.unknown[np.ix_(rows, columns)])
        found = np.zeros(len(rows))
        missing = np.ones(len(rows), dtype=bool)
        any_path = False
        for index, pattern in enumerate(patterns):
            path = _band_path([c for c, keep in zip(candidates, pattern, strict=True) if keep], low, high)
            if path is None:
                continue
            any_path = True
            chosen = pattern_of_row == index
            path_columns = [position[(m, period)] for m in path]
            found[chosen] = counts.values[np.ix_(rows[chosen], path_columns)].sum(axis=1)
            missing[chosen] = False
        if not any_path and direct is None:
            problems[(measure, period)] = _not_tiling(prefix_bands, low, high)
            continue
        if direct is not None:  # imported directly for some units: keep those, fill the others
            problems.pop((measure, period), None)
            if not copied:  # never change the caller's matrix
                counts = MeasureMatrix(counts.values.copy(), counts.unknown.copy(), counts.units, counts.columns)
                copied = True
            counts.values[rows, direct] = found
            counts.unknown[rows, direct] = missing
            continue
        values, unknown = found, missing
        new_keys.append((measure, period))
        new_values.append(values)
        new_unknown.append(unknown)
    if not new_keys:
        return counts, problems, composites
    extended = MeasureMatrix(
        np.column_stack([counts.values] + new_values), np.column_stack([counts.unknown] + new_unknown),
        counts.units, counts.columns.append(pd.MultiIndex.from_tuples(new_keys, names=counts.columns.names)))
    return extended, problems, composites


def required_measures(catalogue, periods: list[str]) -> set[tuple[str, str]]:
    return {(measure, period) for indicator in catalogue if indicator.aggregable
            for measure in indicator.measures() for period in periods}


def _sum_columns(aggregate: Aggregate, positions: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Sum of columns per target, and how many members are unknown (the largest count over the
    columns: at least that many members lack a value, which is what the status needs)."""
    if len(positions) == 1:
        return aggregate.sums[:, positions[0]], aggregate.unknown_members[:, positions[0]]
    # columns × targets copies, made once: a composite's columns are then contiguous rows
    transposed = getattr(aggregate, "_by_column", None)
    if transposed is None:
        transposed = (np.ascontiguousarray(aggregate.sums.T), np.ascontiguousarray(aggregate.unknown_members.T))
        aggregate._by_column = transposed
    sums = transposed[0][positions].sum(axis=0)
    unknown = transposed[1][positions].max(axis=0)
    return sums, unknown


@dataclass
class Columns:
    """Where each (measure, period) sits in the aggregate (one column, or the columns of a composite),
    and why a missing one is missing."""

    position: dict[tuple[str, str], int]
    problems: dict[tuple[str, str], tuple[str, dict]]
    composites: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)

    def resolve(self, measure: str, period: str):
        key = (measure, period)
        if key in self.position:
            return [self.position[key]], None
        if key in self.composites:
            return [self.position[part] for part in self.composites[key]], None
        return None, self.problems.get(key, ("indicator_measure_missing", {"measure": measure, "period": period}))


@dataclass
class EngineResult:
    """Every indicator for every target and period, as dense arrays: row k of each array is
    ``keys[k]`` = (indicator, period), column j is ``targets.iloc[j]``. Compact enough for all of
    Belgium at once; :meth:`frame` gives the long table for the targets a caller needs."""

    targets: pd.DataFrame
    keys: list[tuple[str, str]]
    value: np.ndarray
    numerator: np.ndarray
    denominator: np.ndarray
    unknown: np.ndarray  # member units without a value
    status: np.ndarray  # int8 index into STATUSES
    small_denominator: np.ndarray  # bool
    member_count: np.ndarray
    problems: list[tuple[str, dict] | None]  # per key: why it is not computable anywhere
    min_count: int
    # (key row, target column) → (reason code, parameters): a caller's own reason for one figure
    overrides: dict[tuple[int, int], tuple[str, dict]] = field(default_factory=dict)

    def frame(self, positions=None) -> pd.DataFrame:
        """Long table (``RESULT_COLUMNS``) for the targets at ``positions`` (default: all). Built column by
        column from the arrays: every text column is an index into a short list of words, taken by Arrow."""
        positions = np.arange(len(self.targets)) if positions is None else np.asarray(positions, dtype=int)
        m, n = len(self.keys), len(positions)
        target_of_row = np.tile(positions, m)
        key_of_row = np.repeat(np.arange(m), n)
        out = {column: _strings(self.targets[column].astype(str).tolist(), target_of_row)
               for column in TARGET_COLUMNS}
        out["period"] = _strings([period for _, period in self.keys], key_of_row)
        out["indicator"] = _strings([indicator for indicator, _ in self.keys], key_of_row)
        for name in ("value", "numerator", "denominator"):
            out[name] = getattr(self, name)[:, positions].ravel()
        status = self.status[:, positions].ravel()
        members = np.tile(self.member_count[positions], m)
        # reason codes as indices into a short list of codes; parameters one shared dict per reason
        words = ["", "indicator_unknown_members", "indicator_zero_denominator", "indicator_small_count"]
        code_of_row = np.zeros(len(status), dtype=np.int64)
        params = np.empty(len(status), dtype=object)
        params.fill({})  # one shared dict, never changed, for every row without a reason
        rows = np.flatnonzero(status == _NOT_COMPUTABLE)
        problem_of_row = key_of_row[rows]
        for k in np.unique(problem_of_row):  # one reason per (indicator, period)
            code, parameters = self.problems[k] or ("indicator_measure_missing", {})
            chosen = rows[problem_of_row == k]
            if code not in words:
                words.append(code)
            code_of_row[chosen] = words.index(code)
            params[chosen] = [parameters] * len(chosen)
        rows = np.flatnonzero(status == _UNKNOWN)
        code_of_row[rows] = 1
        params[rows] = [{"count": int(c), "members": int(t)}
                        for c, t in zip(self.unknown[:, positions].ravel()[rows], members[rows], strict=True)]
        code_of_row[status == _UNDEFINED] = 2
        small = status == _SUPPRESSED
        code_of_row[small] = 3
        params[small] = [{"min_count": self.min_count}] * int(small.sum())
        if self.overrides:
            column_of = {int(j): i for i, j in enumerate(positions)}
            for (k, j), (code, parameters) in self.overrides.items():
                if j in column_of:
                    if code not in words:
                        words.append(code)
                    code_of_row[k * n + column_of[j]] = words.index(code)
                    params[k * n + column_of[j]] = parameters
        out["status"] = _strings(list(STATUSES), status)
        out["reason_code"] = _strings(words, code_of_row)
        out["reason_params"] = params
        out["reliability"] = _strings(["", "small_denominator"], self.small_denominator[:, positions].ravel())
        out["member_count"] = members.astype(float)
        return pd.DataFrame(out, columns=RESULT_COLUMNS)


_OK, _NOT_COMPUTABLE, _UNKNOWN, _UNDEFINED, _SUPPRESSED = range(5)


def _strings(uniques: list[str], index: np.ndarray) -> pd.Series:
    """``uniques[index]`` as a pandas string column, built by Arrow (a long column of repeated Python
    strings is slow to convert)."""
    taken = pa.array(uniques, type=pa.string()).take(pa.array(np.asarray(index, dtype=np.int64)))
    return taken.to_pandas(types_mapper={pa.string(): pd.StringDtype(na_value=np.nan)}.get)


def compute_result(catalogue: Catalogue | list[Indicator], counts: MeasureMatrix, membership: Membership,
                   published: pd.DataFrame | None = None, settings: EngineSettings | None = None,
                   periods: list[str] | None = None) -> EngineResult:
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
    counts, problems, composites = derive_measures(counts, required_measures(catalogue, periods))
    totals = aggregate(membership, counts)
    columns = Columns({(str(m), str(p)): i for i, (m, p) in enumerate(totals.columns)}, problems, composites)
    n = len(totals.targets)
    keys = [(indicator.id, period) for indicator in catalogue for period in periods]
    m = len(keys)
    result = EngineResult(
        targets=totals.targets.reset_index(drop=True), keys=keys, value=np.empty((m, n)),
        numerator=np.empty((m, n)), denominator=np.empty((m, n)), unknown=np.zeros((m, n), dtype=np.int32),
        status=np.full((m, n), _NOT_COMPUTABLE, dtype=np.int8), small_denominator=np.zeros((m, n), dtype=bool),
        member_count=totals.member_count, problems=[None] * m, min_count=settings.min_count)
    published_groups, target_keys = {}, None
    if published is not None and len(published):
        target_keys = (pd.MultiIndex.from_frame(totals.targets[TARGET_COLUMNS]),
                       pd.MultiIndex.from_frame(totals.targets[["level", "code"]]),
                       (totals.targets["vintage"] == "").to_numpy())
        wanted = {i.numerator[0] for i in catalogue if not i.aggregable}
        subset = published[published["measure"].isin(wanted)]
        published_groups = {(m, str(p)): g for (m, p), g in subset.groupby(["measure", "period"], sort=False)}
    k = 0
    for indicator in catalogue:
        rows = slice(k, k + len(periods))
        if indicator.aggregable:
            _compute_indicator(indicator, periods, totals, columns, settings, result, rows)
        else:
            for offset, period in enumerate(periods):
                rows_of = published_groups.get((indicator.numerator[0], period))
                _published_one(indicator, period, target_keys, rows_of, result, k + offset)
        k += len(periods)
    return result


def compute(catalogue: Catalogue | list[Indicator], counts: MeasureMatrix, membership: Membership,
            published: pd.DataFrame | None = None, settings: EngineSettings | None = None,
            periods: list[str] | None = None) -> pd.DataFrame:
    """:func:`compute_result` as one long table (fine for a few hundred targets)."""
    return compute_result(catalogue, counts, membership, published, settings, periods).frame()


def _compute_indicator(indicator: Indicator, periods: list[str], aggregate: Aggregate, resolver: Columns,
                       settings: EngineSettings, result: EngineResult, rows: slice) -> None:
    """One indicator for every period at once (periods × targets arrays: few numpy calls)."""
    n, p = len(aggregate.targets), len(periods)
    computable = []
    parts = {role: np.zeros((p, n)) for role in ("numerator", "subtract", "denominator")}
    unknown = np.zeros((p, n), dtype=np.int64)
    for i, period in enumerate(periods):
        problem = None
        for role, measures in (("numerator", indicator.numerator), ("subtract", indicator.subtract),
                               ("denominator", indicator.denominator)):
            positions: list[int] = []
            for measure in measures:
                found, problem = resolver.resolve(measure, period)
                if found is None:
                    break
                positions += found
            if problem is not None:
                break
            if positions:
                sums, missing = _sum_columns(aggregate, positions)
                parts[role][i] = sums
                np.maximum(unknown[i], missing, out=unknown[i])
        if problem is not None:
            result.problems[rows.start + i] = problem
        else:
            computable.append(i)
    k_rows = np.arange(rows.start, rows.stop)
    empty = np.ones(p, dtype=bool)
    empty[computable] = False
    for name in ("value", "numerator", "denominator"):
        getattr(result, name)[k_rows[empty]] = np.nan
    if not computable:
        return
    use = np.asarray(computable)
    numerator = parts["numerator"][use] - parts["subtract"][use]
    unknown = unknown[use]
    if indicator.denominator:
        denominator = parts["denominator"][use]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = indicator.scale * numerator / denominator
    else:
        denominator = np.full(numerator.shape, np.nan)
        value = indicator.scale * numerator
    status = np.zeros(numerator.shape, dtype=np.int8)
    is_unknown = unknown > 0
    status[is_unknown] = _UNKNOWN
    if indicator.denominator:
        status[~is_unknown & (denominator == 0)] = _UNDEFINED
    if not indicator.may_be_negative:
        status[(status == _OK) & (numerator > 0) & (numerator < settings.min_count)] = _SUPPRESSED
    shown = status == _OK
    target_rows = k_rows[use]
    result.status[target_rows] = status
    result.unknown[target_rows] = unknown
    result.value[target_rows] = np.where(shown, value, np.nan)
    result.numerator[target_rows] = np.where(is_unknown | (status == _SUPPRESSED), np.nan, numerator)
    result.denominator[target_rows] = np.where(is_unknown, np.nan, denominator)
    if indicator.denominator:
        result.small_denominator[target_rows] = shown & (denominator < settings.small_denominator)


# The kinds of a published figure that cannot be summed (the measure's suffix): Dutch msgids.
PUBLISHED_KINDS = {"median": gettext_noop("mediaan"), "avg": gettext_noop("gemiddelde"),
                   "pct": gettext_noop("percentage"), "rate": gettext_noop("verhouding")}

def _published_one(indicator: Indicator, period: str, targets: tuple | None, published: pd.DataFrame | None,
                   result: EngineResult, k: int) -> None:
    """A published (not aggregable) figure: shown only for the areas it was published for."""
    n = result.value.shape[1]
    measure = indicator.numerator[0]
    kind = measure.rsplit("_", 1)[-1]
    # the kind's word is a msgid, worded when the problem is read (in the reader's language)
    words = {"msgid": PUBLISHED_KINDS[kind]} if kind in PUBLISHED_KINDS else kind
    result.problems[k] = ("indicator_not_aggregable", {"kind": words})
    values = np.full(n, np.nan)
    rows = published  # the published rows of this measure and period, or None
    if rows is not None:
        if len(rows):
            exact_keys, loose_keys, without_vintage = targets  # given whenever published rows are
            exact = rows.drop_duplicates(TARGET_COLUMNS).set_index(TARGET_COLUMNS)["value"]
            values = exact.reindex(exact_keys).to_numpy(dtype=float)
            # a target given without vintage (e.g. a sector row of its own) matches on level and code
            loose = rows.drop_duplicates(["level", "code"]).set_index(["level", "code"])["value"]
            by_code = loose.reindex(loose_keys).to_numpy(dtype=float)
            values = np.where(np.isnan(values) & without_vintage, by_code, values)
    has = ~np.isnan(values)
    result.value[k] = values
    result.numerator[k] = values
    result.denominator[k] = np.nan
    result.status[k] = np.where(has, _OK, _NOT_COMPUTABLE)
