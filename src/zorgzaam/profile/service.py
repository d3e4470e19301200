"""Profiles from the database: the Django side of the profile engine.

``neighbourhood_profile`` / ``area_profile`` gather what the plain modules need — the sectors of the
focus area, its comparison areas (by default the municipality, the care zone, the province and the
region), the other neighbourhoods of the same workspace, the stored measure values (shared datasets
and the workspace's own) — and return a :class:`Profile` with the engine's results, the comparisons,
ranks, change over time and signals. Used by the CLI, the web views and the document exports.

Data on another sector vintage than the focus (e.g. Census 2021 on 2024 codes for a neighbourhood of
2025 sectors) is carried over through the sector crosswalk where that is exact: an old sector that
became one new sector (alone or merged with others). Sectors that were split cannot be carried over;
areas containing them show those figures as unknown, with the reason.
"""

from __future__ import annotations

import contextvars
import functools
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db import transaction
from django.db.models import Q

from zorgzaam.areas.levels import Level, level_label
from zorgzaam.areas.models import Area, AreaLink, Neighbourhood, SectorCrosswalk
from zorgzaam.messages import ZorgzaamError, current_language, gettext, gettext_noop, register, render
from zorgzaam.profile.aggregate import (
    TARGET_COLUMNS,
    KeyedValues,
    Membership,
    matrix_from_codes,
    measure_matrix,
    membership_from_atoms,
    membership_from_sets,
)
from zorgzaam.profile.catalogue import Catalogue, load_catalogue
from zorgzaam.profile.compare import change_over_time, compare, phrase, rank_among
from zorgzaam.profile.engine import RESULT_COLUMNS, EngineSettings, compute, compute_result
from zorgzaam.profile.signals import Signal, SignalSettings, find_signals
from zorgzaam.sources.measures import is_summable
from zorgzaam.sources.models import Dataset
from zorgzaam.sources.report import worded
from zorgzaam.sources.store import load_values

register({
    "profile_target_not_found": gettext_noop(
        "'{target}' is geen buurt van deze werkruimte en geen gekende gebiedscode."),
    "profile_no_sectors": gettext_noop(
        "'{name}' heeft geen statistische sectoren; er valt niets te berekenen."),
})

DEFAULT_REFERENCE_LEVELS = (Level.MUNICIPALITY, Level.CARE_ZONE, Level.PROVINCE, Level.REGION)
NEIGHBOURHOOD = "neighbourhood"


@dataclass
class Profile:
    focus: tuple[str, str, str]
    name: str
    vintage: str
    sectors: list[str]
    references: list[tuple[str, str, str]]
    names: dict[tuple[str, str, str], str]
    results: pd.DataFrame
    comparisons: pd.DataFrame
    ranks: pd.DataFrame
    change: pd.DataFrame
    signals: list[Signal]
    catalogue: Catalogue
    periods: list[str]
    notes: list[str] = field(default_factory=list)
    siblings: list[str] = field(default_factory=list)
    is_fictional: bool = False
    pyramid: pd.DataFrame = field(default_factory=pd.DataFrame)  # band, male, female (latest period)
    pyramid_period: str = ""
    # Where a series crosses a change of areas: [{"period": "2019", "kind": "merger" | "sectors",
    # "label": "..."}], in the current language; drawn as a marker on time charts.
    breaks: list[dict] = field(default_factory=list)

    def focus_results(self) -> pd.DataFrame:
        level, code, vintage = self.focus
        own = self.results
        return own[(own["level"] == level) & (own["code"] == code) & (own["vintage"] == vintage)]

    def latest_period(self, indicator: str) -> str | None:
        own = self.focus_results()
        rows = own[(own["indicator"] == indicator) & (own["status"] == "ok")]
        return max(rows["period"]) if len(rows) else None

    def records(self, lang: str | None = None) -> list[dict]:
        """One object per indicator, area and period, as ``zorgzaam profile --json`` prints them."""
        lang = lang or current_language()
        comparisons = self.comparisons.set_index(["indicator", "period"]) if len(self.comparisons) else None
        out = []
        for row in self.results.itertuples(index=False):
            key = (row.level, row.code, row.vintage)
            record = {
                "area": {"level": row.level, "code": row.code, "vintage": row.vintage,
                         "name": self.names.get(key, row.code)},
                "indicator": row.indicator, "period": row.period,
                "value": _number(row.value), "numerator": _number(row.numerator),
                "denominator": _number(row.denominator),
                "unit": self.catalogue[row.indicator].unit_label(lang) if row.indicator in self.catalogue else "",
                "status": row.status,
                "reason": render(row.reason_code, row.reason_params, lang=lang) if row.reason_code else "",
                "reliability": row.reliability or "ok",
            }
            if key == self.focus and comparisons is not None and (row.indicator, row.period) in comparisons.index:
                rows = comparisons.loc[[(row.indicator, row.period)]]
                record["comparisons"] = [{
                    "area": {"level": c.ref_level, "code": c.ref_code, "vintage": c.ref_vintage,
                             "name": self.names.get((c.ref_level, c.ref_code, c.ref_vintage), c.ref_code)},
                    "value": _number(c.ref_value), "difference": _number(c.difference), "index": _number(c.index),
                    "phrase": phrase(c.value, c.ref_value, lang),  # in the records' language, not the build's
                } for c in rows.itertuples(index=False)]
            out.append(record)
        return out


def _number(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


# ------------------------------------------------------------------------------------------- inputs

def _datasets(workspace):
    query = Q(workspace__isnull=True)
    if workspace is not None:
        query |= Q(workspace=workspace)
    return Dataset.objects.filter(query)


def _sector_parents(codes: list[str], vintage: str) -> pd.DataFrame:
    rows = AreaLink.objects.filter(child__level=Level.SECTOR, child__vintage=vintage, child__code__in=codes
                                   ).values_list("child__code", "parent__level", "parent__code", "parent__vintage")
    return pd.DataFrame(list(rows), columns=["sector", "level", "code", "vintage"])


def default_references(sectors: list[str], vintage: str, above: str | None = None) -> list[tuple[str, str, str]]:
    """The municipality, care zone, province and region that hold most of the sectors (same vintage
    first, else the newest); with ``above`` (the focus's level) only the levels above it."""
    from zorgzaam.areas.levels import LEVEL_ORDER

    # (level, code, vintage) of each sector's parents, as plain tuples (a few per sector: no pandas needed)
    parents = _cached(_areas_signature(), ("parents", vintage, tuple(sorted(sectors))), lambda: list(
        _sector_parents(sectors, vintage)[["level", "code", "vintage"]].itertuples(index=False, name=None)))
    references = []
    rank = {level.value: i for i, level in enumerate(LEVEL_ORDER)}
    for level in DEFAULT_REFERENCE_LEVELS:
        if above in rank and rank[level.value] <= rank[above]:
            continue
        rows = [(code, area_vintage) for row_level, code, area_vintage in parents if row_level == level.value]
        if not rows:
            continue
        same = [row for row in rows if row[1] == vintage]
        newest = max(row[1] for row in rows)
        rows = same or [row for row in rows if row[1] == newest]
        (code, ref_vintage), _ = Counter(rows).most_common(1)[0]
        references.append((level.value, code, ref_vintage))
    return references


def _sectors_of(area_key: tuple[str, str, str], vintage: str) -> list[str]:
    level, code, area_vintage = area_key
    if level == Level.SECTOR.value:
        return [code]
    return list(Area.objects.filter(level=Level.SECTOR, vintage=vintage, parent_links__parent__level=level,
                                    parent_links__parent__code=code, parent_links__parent__vintage=area_vintage)
                .values_list("code", flat=True))


def carry_over(values: pd.DataFrame, to_vintage: str, units=None) -> tuple[pd.DataFrame, int]:
    """Sector values of other vintages, moved to ``to_vintage`` codes where the crosswalk is exact (an old
    sector that went wholly to one new sector). Returns the moved rows and how many old codes could not
    be carried (split sectors) — counting only those that became one of ``units`` when given."""
    moved, splits = _carry(values, to_vintage)
    return moved, _lost(splits, units)


def _carry(values: pd.DataFrame, to_vintage: str) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """(the moved rows, per old vintage the crosswalk pairs code_from → code_to of the split old sectors that
    hold values): what ``carry_over`` needs, independent of the units, so a computation for many targets
    can count the split sectors of fewer (``_lost``)."""
    other = values[values["area_vintage"] != to_vintage]
    if other.empty:
        return other, []
    moved, splits = [], []
    for from_vintage, rows in other.groupby("area_vintage"):
        pairs = pd.DataFrame(list(SectorCrosswalk.objects.filter(vintage_from=from_vintage, vintage_to=to_vintage)
                                  .values_list("code_from", "code_to")), columns=["code_from", "code_to"])
        backward = pd.DataFrame(list(SectorCrosswalk.objects.filter(vintage_from=to_vintage, vintage_to=from_vintage)
                                     .values_list("code_to", "code_from")), columns=["code_from", "code_to"])
        pairs = pd.concat([pairs, backward]).drop_duplicates()
        targets = pairs.groupby("code_from")["code_to"].nunique()
        exact = pairs[pairs["code_from"].isin(targets[targets == 1].index)].drop_duplicates("code_from")
        mapping = dict(zip(exact["code_from"], exact["code_to"], strict=True))
        codes = rows["area_code"].map(mapping)
        split = pairs[pairs["code_from"].isin(targets[targets > 1].index)]
        splits.append(split[split["code_from"].isin(rows.loc[codes.isna(), "area_code"])])
        rows = rows[codes.notna()].assign(area_code=codes[codes.notna()], area_vintage=to_vintage)
        # several old sectors may have become one new sector: their counts add up
        moved.append(rows.groupby(["area_level", "area_code", "area_vintage", "period", "measure"],
                                  as_index=False)["value"].sum(min_count=1))
    return (pd.concat(moved, ignore_index=True) if moved else other.iloc[0:0]), splits


def _lost(splits: list[pd.DataFrame], units=None) -> int:
    """How many split old sectors (``_carry``) became one of ``units`` (all when None), counted per old vintage."""
    lost = 0
    for split in splits:
        if units is not None:
            split = split[split["code_to"].isin(units)]
        lost += int(split["code_from"].nunique())
    return lost


# ----------------------------------------------------------------------- data that exists per municipality

_AREA_CACHE: dict = {}


# Set while one profile is built (see build_profile): its look-ups ask once, not once each.
_BUILD_AREAS_SIGNATURE: contextvars.ContextVar = contextvars.ContextVar("areas_signature", default=None)


def _areas_signature() -> tuple:
    """Changes whenever areas or links are saved or removed (new ids, another count)."""
    from django.db.models import Count, Max

    known = _BUILD_AREAS_SIGNATURE.get()
    if known is not None:
        return known

    areas = Area.objects.aggregate(n=Count("id"), top=Max("id"))
    return areas["n"], areas["top"], AreaLink.objects.aggregate(top=Max("id"))["top"]


def _cached(signature: tuple, key: tuple, make):
    """Area look-ups kept per process while the areas stay the same (they change only by loading)."""
    if _AREA_CACHE.get("signature") != signature or len(_AREA_CACHE) > 256:
        _AREA_CACHE.clear()
        _AREA_CACHE["signature"] = signature
    if key not in _AREA_CACHE:
        _AREA_CACHE[key] = make()
    return _AREA_CACHE[key]


def _all_sectors(signature: tuple) -> pd.DataFrame:
    return _cached(signature, ("sectors",), lambda: pd.DataFrame(
        list(Area.objects.filter(level=Level.SECTOR).values_list("id", "code", "vintage")),
        columns=["child", "atom", "atom_vintage"]))


def _sector_children(parent_ids: list[int], sectors: pd.DataFrame, signature: tuple) -> pd.DataFrame:
    """(parent, atom, atom_vintage) for the sectors in the given areas. Two plain queries: joining the
    links to their children in SQL lets SQLite scan every sector."""
    def make():
        links = pd.DataFrame(list(AreaLink.objects.filter(parent_id__in=parent_ids)
                                  .values_list("parent_id", "child_id")), columns=["parent", "child"])
        return links.merge(sectors, on="child")[["parent", "atom", "atom_vintage"]]

    return _cached(signature, ("children", tuple(sorted(parent_ids)), len(sectors)), make)


def _unit_atoms(level: str, vintage: str, sectors: pd.DataFrame, signature: tuple) -> tuple[str, pd.DataFrame]:
    """The sectors (*atoms*) of every area of ``level`` and ``vintage``, in the oldest sector vintage that
    links to them (a 2018 municipality is known by its 2024 sectors): (atom vintage, frame unit, atom)."""
    parents = dict(Area.objects.filter(level=level, vintage=vintage).values_list("id", "code"))
    rows = _sector_children(list(parents), sectors, signature)
    if rows.empty:
        return "", pd.DataFrame(columns=["unit", "atom"])
    oldest = rows["atom_vintage"].min()
    rows = rows[rows["atom_vintage"] == oldest]
    return oldest, pd.DataFrame({"unit": rows["parent"].map(parents).to_numpy(), "atom": rows["atom"].to_numpy()})


def _area_atoms(keys: list[tuple[str, str, str]], atom_vintage: str, sectors: pd.DataFrame,
                signature: tuple) -> pd.DataFrame:
    """The sectors of ``atom_vintage`` in each of the given areas: frame level, code, vintage, atom."""
    ids = {}
    for (level, vintage), group in pd.DataFrame(keys, columns=TARGET_COLUMNS).groupby(["level", "vintage"]):
        for pk, code in Area.objects.filter(level=level, vintage=vintage, code__in=list(group["code"])
                                            ).values_list("id", "code"):
            ids[pk] = (level, code, vintage)
    rows = _sector_children(list(ids), sectors, signature)
    rows = rows[rows["atom_vintage"] == atom_vintage]
    own = pd.DataFrame(list(ids.values()), columns=TARGET_COLUMNS)  # one row per area, taken per atom
    key = own.take(pd.Index(list(ids)).get_indexer(rows["parent"])).reset_index(drop=True)
    return key.assign(atom=rows["atom"].to_numpy())


def _sectors_as_atoms(sectors: list[str], vintage: str, atom_vintage: str) -> tuple[list[str], list[str]]:
    """A set of sectors of one vintage as sectors of ``atom_vintage`` through the crosswalk: (the atom
    sectors that lie wholly in the set, the atom sectors that lie only partly in it)."""
    if vintage == atom_vintage:
        return list(sectors), []
    forward = SectorCrosswalk.objects.filter(vintage_from=atom_vintage, vintage_to=vintage)
    backward = SectorCrosswalk.objects.filter(vintage_from=vintage, vintage_to=atom_vintage)
    touched = set(forward.filter(code_to__in=sectors).values_list("code_from", flat=True)) | \
        set(backward.filter(code_from__in=sectors).values_list("code_to", flat=True))
    pairs = set(forward.filter(code_from__in=touched).values_list("code_from", "code_to")) | \
        {(a, b) for b, a in backward.filter(code_to__in=touched).values_list("code_from", "code_to")}
    inside = set(sectors)
    successors: dict[str, set[str]] = {}
    for atom, sector in pairs:
        successors.setdefault(atom, set()).add(sector)
    whole = sorted(a for a, seen in successors.items() if seen <= inside)
    partly = sorted(a for a, seen in successors.items() if not seen <= inside and seen & inside)
    return whole, partly


def municipal_results(values: pd.DataFrame | KeyedValues, sets: dict[tuple[str, str, str], list[str]], vintage: str,
                      catalogue: Catalogue, *, level: str = Level.MUNICIPALITY.value,
                      settings: EngineSettings | None = None, periods: list[str] | None = None,
                      order_columns: bool = False) -> tuple[pd.DataFrame, dict]:
    """Figures of every target from counts that exist per municipality (e.g. Statbel's population cube),
    whatever the vintage the counts were published on: a target gets the sum of the municipalities that
    lie wholly in it (a merged municipality is the sum of its former parts, a care zone, province or
    region the sum of its municipalities); a target that is not made of whole municipalities, or whose
    parts lack figures for a period, gets *not computable* with the reason in words.

    ``values``: the stored values at ``level`` (area_vintage = the vintage each was published on), as a
    table or already integer-keyed (:class:`KeyedValues`, made once per loaded set of datasets);
    ``sets``: the targets with their sectors (of ``vintage``). Returns the engine's result rows (plus a
    column ``base`` naming the data vintage; with ``order_columns`` also ``_part``, the data vintage's place, and
    ``_k``, the (indicator, period)'s) and, per target and data vintage, the member units."""
    frames, members = [], {}
    signature = _areas_signature()
    all_sectors = _all_sectors(signature)
    # integer-keyed columns, hashed once: nothing below touches a string per row
    keyed = values if isinstance(values, KeyedValues) else KeyedValues.from_frame(values)
    code_index, code_values = keyed.code_index, keyed.code_values
    measure_index, measure_values = keyed.measure_index, keyed.measure_values
    period_index, period_values = keyed.period_index, keyed.period_values
    vintage_index, vintage_values = keyed.vintage_index, keyed.vintage_values
    numbers = keyed.value
    from django.db.models import Count, Max

    crosswalk = tuple(SectorCrosswalk.objects.aggregate(n=Count("id"), top=Max("id")).values())
    for v in np.argsort(np.asarray(vintage_values, dtype=str)):
        data_vintage = str(vintage_values[v])
        # which units make up each target: areas and crosswalk only, kept per process while they stay the same
        made = _cached(signature, ("municipal", crosswalk, level, data_vintage, vintage,
                                   tuple((key, tuple(sectors)) for key, sectors in sets.items())),
                       functools.partial(_municipal_membership, level, data_vintage, sets, vintage, all_sectors,
                                         signature))
        if made is None:
            continue
        coverage, membership, keys, names = made
        # the rows of this vintage (one per area, measure and period: KeyedValues keeps the latest import)
        rows = np.flatnonzero(vintage_index == v) if len(vintage_values) > 1 else None
        codes_v, measures_v, periods_v, numbers_v = (
            a if rows is None else a[rows] for a in (code_index, measure_index, period_index, numbers))
        counts = matrix_from_codes(codes_v, code_values, measures_v, measure_values, periods_v, period_values,
                                   numbers_v, membership.units)
        engine_result = compute_result(catalogue, counts, membership, settings=settings, periods=periods)
        pairs = np.flatnonzero(np.bincount(periods_v.astype(np.int64) * len(code_values) + codes_v,
                                           minlength=len(period_values) * len(code_values)))
        present: dict[str, set] = {}
        for p, c in zip(pairs // len(code_values), pairs % len(code_values), strict=True):
            present.setdefault(str(period_values[p]), set()).add(str(code_values[c]))
        exact = coverage.exact
        _override_reasons(engine_result, coverage, exact, membership, names, present, data_vintage, keys)
        result = engine_result.frame()
        result["base"] = f"{level}:{data_vintage}"
        if order_columns:
            result["_part"] = len(frames)
            result["_k"] = np.arange(len(result)) // max(len(engine_result.targets), 1)
        frames.append(result)
        unit_codes = np.asarray(membership.units, dtype=object)
        indptr, indices = membership.matrix.indptr, membership.matrix.indices
        for i in np.flatnonzero(exact):
            members[(keys[i], data_vintage)] = [names.get(u, u) for u in unit_codes[indices[indptr[i]:indptr[i + 1]]]]
    if not frames:
        return pd.DataFrame(columns=RESULT_COLUMNS + ["base"] + (["_part", "_k"] if order_columns else [])), members
    return (frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)), members


def _municipal_membership(level: str, data_vintage: str, sets: dict, vintage: str, all_sectors: pd.DataFrame,
                          signature: tuple):
    """The units of ``level`` and ``data_vintage`` wholly inside each target of ``sets`` (units that hold a
    sector only partly in a target are *partial* there): (coverage, membership, target keys, unit names), or
    None when no unit of that vintage is known."""
    atom_vintage, unit_atoms = _unit_atoms(level, str(data_vintage), all_sectors, signature)
    if unit_atoms.empty:
        return None
    areas = _area_atoms([key for key in sets if key[0] != NEIGHBOURHOOD], atom_vintage, all_sectors, signature)
    parts, inexact = [areas], {}
    found = set(areas[TARGET_COLUMNS].drop_duplicates().itertuples(index=False, name=None))
    for key, sectors in sets.items():
        if key in found:
            continue
        atoms, partly = _sectors_as_atoms(sectors, vintage, atom_vintage)
        if atoms:
            parts.append(pd.DataFrame({"level": key[0], "code": key[1], "vintage": key[2], "atom": atoms}))
        if partly:
            inexact[key] = partly
    coverage = membership_from_atoms(pd.concat(parts, ignore_index=True), unit_atoms)
    membership = coverage.membership
    unit_of_atom = dict(zip(unit_atoms["atom"], unit_atoms["unit"], strict=True)) if inexact else {}
    keys = [tuple(t) for t in membership.targets[TARGET_COLUMNS].itertuples(index=False)]
    if inexact:
        matrix = membership.matrix.tolil()
        for i, key in enumerate(keys):  # a unit that holds a sector only partly in the target is partial
            for atom in inexact.get(key, []):
                unit = unit_of_atom.get(atom)
                if unit is not None and unit not in coverage.partial[i]:
                    coverage.partial[i].append(unit)
                    j = membership.units.get_loc(unit)
                    matrix[i, j] = 0
        membership = Membership(matrix.tocsr(), membership.targets, membership.units)
    names = dict(Area.objects.filter(level=level, vintage=data_vintage, code__in=list(membership.units))
                 .values_list("code", "name"))
    return coverage, membership, keys, names


def _override_reasons(engine_result, coverage, exact, membership, names, present, data_vintage, keys) -> None:
    """Figures of targets that are not made of whole units, or whose units lack the figure, become not
    computable (or unknown) with the reason in words; changed in the engine's arrays, before the table."""
    from zorgzaam.profile.engine import STATUSES

    not_computable, unknown = STATUSES.index("not_computable"), STATUSES.index("unknown")
    status = engine_result.status
    touch = (status != not_computable) & (~exact[np.newaxis, :] | (status == unknown))
    reasons: dict[tuple[int, str], tuple[str, dict]] = {}
    for k, j in zip(*np.nonzero(touch), strict=True):
        period = engine_result.keys[k][1]
        if (j, period) not in reasons:
            reasons[(j, period)] = _municipal_reason(j, period, keys[j], coverage, exact[j], membership, names,
                                                     present, data_vintage)
        engine_result.overrides[(int(k), int(j))] = reasons[(j, period)]
        if reasons[(j, period)][0] == "profile_municipal_hidden":
            continue
        status[k, j] = unknown if exact[j] else not_computable
        engine_result.value[k, j] = np.nan
    engine_result.numerator[:, ~exact] = np.nan
    engine_result.denominator[:, ~exact] = np.nan


def _municipal_reason(i: int, period: str, key, coverage, exact: bool, membership, names: dict, present: dict,
                      data_vintage) -> tuple[str, dict]:
    """Why target ``i`` has no figure from the municipal counts of ``period``."""
    def listed(units):
        shown = [f"{names.get(u, u)} ({u})" for u in sorted(units)[:5]]
        more = len(units) - len(shown)
        return ", ".join(shown) + (f" (+{more})" if more else "")

    if coverage.partial[i]:
        return "profile_municipal_partial", {"period": period, "areas": listed(coverage.partial[i]),
                                             "vintage": data_vintage}
    if not exact:
        return "profile_municipal_outside", {"period": period}
    have = present.get(period, set())
    row = membership.matrix.indptr
    units = np.asarray(membership.units, dtype=object)[membership.matrix.indices[row[i]:row[i + 1]]]
    missing = [str(u) for u in units if u not in have]
    if not missing:  # hidden cells of a unit that is in the file
        return "profile_municipal_hidden", {}
    return "profile_municipal_missing", {"period": period, "areas": listed(missing), "name": key[1]}


def _incomplete_levels(references, workspace, lang: str) -> list[str]:
    """Notes for comparison areas that a published municipal table covers more fully than the loaded
    areas do (e.g. only the Balen–Ravels pack loaded: 'Vlaams Gewest' is then the sum of a dozen
    municipalities, while Statbel's cube names 308 Flemish ones)."""
    wanted = [r for r in references if r[0] in (Level.PROVINCE.value, Level.REGION.value)]
    if not wanted:
        return []
    rows = list(_datasets(workspace).filter(format="statbel-population").values_list("id", "report", "periods"))

    def make():
        found = []
        for _, report, periods in rows:
            parents = (worded(report) or {}).get("published_parents") or {}
            for level, code, area_vintage in wanted:
                expected = set(parents.get(level, {}).get(code, []))
                if not expected:
                    continue
                loaded = set(Area.objects.filter(level=Level.MUNICIPALITY, code__in=list(expected))
                             .values_list("code", flat=True))
                if len(loaded) < len(expected):
                    found.append(((level, code, area_vintage), ", ".join(periods), len(expected) - len(loaded),
                                  len(expected)))
        return found

    found = _cached(_areas_signature(), ("incomplete", tuple(wanted), tuple(r[0] for r in rows)), make)
    names = _names([key for key, *_ in found], {})
    merged: dict = {}
    for key, periods, missing, expected in found:
        merged.setdefault((key, missing, expected), []).append(periods)
    return [render("profile_level_incomplete", {"name": names.get(key, key[1]), "periods": ", ".join(sorted(p)),
                                                 "missing": missing, "expected": expected}, lang=lang)
            for (key, missing, expected), p in merged.items()]


def _with_vintage(values: pd.DataFrame, level: str) -> pd.DataFrame:
    """Values stored without a vintage (e.g. a team's own municipal totals) belong to the newest vintage
    in which their area code exists."""
    blank = (values["area_vintage"] == "").to_numpy()
    if not blank.any():
        return values
    codes = values.loc[blank, "area_code"].unique().tolist()
    newest = dict(Area.objects.filter(level=level, code__in=codes).order_by("vintage").values_list("code", "vintage"))
    values = values.copy()
    values.loc[blank, "area_vintage"] = values.loc[blank, "area_code"].map(newest).fillna("")
    return values


def combine_results(*frames: pd.DataFrame, keep_order: bool = False) -> pd.DataFrame:
    """One row per (area, period, indicator) from results computed on different bases (sectors,
    municipalities of a vintage), given in order of preference: a computed figure beats one that is not;
    of figures that are not computed, a reason other than "not available for this period" is kept, so
    the person reads why (e.g. "only published per municipality"). With ``keep_order``, the columns
    ``_rank`` and ``_order`` (see ``_for_targets``) stay."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    both = pd.concat([f.assign(_order=i) for i, f in enumerate(frames)], ignore_index=True)
    rank = np.where(both["status"] == "ok", 0, np.where(both["reason_code"] == "indicator_measure_missing", 2, 1))
    both = both.assign(_rank=rank).sort_values(["_rank", "_order"], kind="stable")
    both = both.drop_duplicates(TARGET_COLUMNS + ["period", "indicator"], keep="first")
    return (both if keep_order else both.drop(columns=["_rank", "_order"])).reset_index(drop=True)


def _breaks(results: pd.DataFrame, focus: tuple, members: dict, lang: str) -> list[dict]:
    """Where the focus's series changes its make-up: a merger (earlier years are the sum of the former
    municipalities, later ones the merged municipality)."""
    if "base" not in results:
        return []
    own = results[(results["level"] == focus[0]) & (results["code"] == focus[1]) & (results["vintage"] == focus[2])
                  & (results["status"] == "ok") & results["base"].notna()]
    if own.empty:
        return []
    by_period = own.groupby("period")["base"].agg(lambda b: sorted(set(b))[0]).sort_index()
    out, previous = [], None
    for period, base in by_period.items():
        if previous is not None and base != previous:
            before = members.get((focus, previous.split(":", 1)[-1]))
            after = members.get((focus, base.split(":", 1)[-1]))
            if before and after and len(before) != len(after):
                out.append({"period": str(period), "kind": "merger", "label": render(
                    "profile_break_merger", {"period": period, "before": ", ".join(before),
                                             "after": ", ".join(after)}, lang=lang)})
            elif previous.split(":")[0] != base.split(":")[0]:
                out.append({"period": str(period), "kind": "source", "label": render(
                    "profile_break_source", {"period": period}, lang=lang)})
        previous = base
    return out


register({
    "profile_municipal_partial": gettext_noop(
        "De cijfers van {period} bestaan enkel per gemeente (indeling {vintage}), en {areas} ligt maar "
        "gedeeltelijk in dit gebied: gemeentelijke cijfers kunnen niet opgesplitst worden."),
    "profile_municipal_outside": gettext_noop(
        "De cijfers van {period} bestaan enkel per gemeente, en een deel van dit gebied ligt in geen enkele "
        "geladen gemeente."),
    "profile_municipal_missing": gettext_noop(
        "Voor {period} ontbreken de cijfers van {areas}: het totaal voor {name} kan dan niet berekend worden."),
    "profile_level_incomplete": gettext_noop(
        "Let op: {name} is hier de som van de geladen gemeenten. Het Statbel-bestand van {periods} telt er "
        "{expected}, waarvan {missing} niet geladen zijn. Laad alle gebiedsindelingen (bv. flanders_areas) "
        "voor het volledige cijfer."),
    "profile_municipal_hidden": gettext_noop(
        "Onbekend voor {count} van de {members} gemeenten (afgeschermd of ontbrekend)."),
    "profile_break_merger": gettext_noop("Vanaf {period}: {after}. Eerdere jaren zijn de som van {before}."),
    "profile_break_source": gettext_noop(
        "Vanaf {period} komen de cijfers uit een andere bron (per sector in plaats van per gemeente)."),
})


# ------------------------------------------------------------------------------ team indicators

def known_measures(workspace=None) -> set[str]:
    """Every measure id that some dataset visible to the workspace holds."""
    return {m for measures in _datasets(workspace).values_list("measures", flat=True) for m in measures}


@transaction.atomic
def add_team_indicators(workspace, definitions: list[dict]) -> list:
    """Store a team's own indicators (each checked: valid ids, measures that exist, no measure divided by
    itself, no clash with the catalogue). All or nothing."""
    from zorgzaam.profile.catalogue import team_indicator
    from zorgzaam.profile.models import TeamIndicator

    catalogue = load_catalogue()
    known = known_measures(workspace)
    stored = []
    for item in definitions:
        indicator = team_indicator(item["id"], item["name_nl"], list(item["numerator"]),
                                   list(item.get("denominator") or []), scale=float(item.get("scale", 100)),
                                   unit=item.get("unit", ""), name_en=item.get("name_en", ""),
                                   explanation_nl=item.get("explanation_nl", ""),
                                   explanation_en=item.get("explanation_en", ""), known_measures=known)
        if indicator.id in catalogue:
            raise ZorgzaamError("indicator_id_taken", indicator=indicator.id)
        row, _ = TeamIndicator.objects.update_or_create(
            workspace=workspace, indicator_id=indicator.id,
            defaults={"name_nl": indicator.name["nl"], "name_en": indicator.name["en"],
                      "explanation_nl": indicator.explanation["nl"], "explanation_en": indicator.explanation["en"],
                      "numerator": list(indicator.numerator), "denominator": list(indicator.denominator),
                      "scale": indicator.scale, "unit": indicator.unit})
        stored.append(row)
    return stored


def read_team_indicator_file(path) -> list[dict]:
    """Team indicators from a TOML file in the catalogue's shape ([[indicator]] with id, name = {nl, en},
    numerator, denominator, scale, unit)."""
    import tomllib
    from pathlib import Path

    try:
        raw = tomllib.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise ZorgzaamError("file_not_found", path=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise ZorgzaamError("catalogue_invalid", file=str(path), indicator="?", detail=str(error)) from None
    out = []
    for item in raw.get("indicator", []):
        name = item.get("name", {})
        explanation = item.get("explanation", {})
        out.append({"id": item.get("id", ""), "name_nl": name.get("nl", item.get("id", "")),
                    "name_en": name.get("en", ""), "explanation_nl": explanation.get("nl", ""),
                    "explanation_en": explanation.get("en", ""), "numerator": item.get("numerator", []),
                    "denominator": item.get("denominator", []), "scale": item.get("scale", 100),
                    "unit": item.get("unit", "")})
    return out


def profile_signature(neighbourhood) -> str:
    """What a neighbourhood's profile depends on, as a short key for caches: the neighbourhood version,
    the datasets it can see (ids and sizes) and the workspace's own indicators. Any import, edit or new
    indicator gives a new key, so a cached profile never outlives its data."""
    import hashlib

    from zorgzaam.profile.models import TeamIndicator

    version = neighbourhood.current
    datasets = list(_datasets(neighbourhood.workspace).order_by("id").values_list("id", "row_count"))
    siblings = list(Neighbourhood.objects.filter(workspace=neighbourhood.workspace).order_by("id")
                    .values_list("id", "versions__number"))
    team = list(TeamIndicator.objects.filter(workspace=neighbourhood.workspace).order_by("id").values_list(
        "indicator_id", "numerator", "denominator", "scale", "name_nl", "name_en"))
    text = repr((neighbourhood.pk, version.number if version else None, datasets, siblings, team))
    return hashlib.sha1(text.encode()).hexdigest()


def workspace_catalogue(workspace=None) -> Catalogue:
    """The packaged catalogue plus the workspace's own indicators."""
    catalogue = load_catalogue()
    if workspace is None:
        return catalogue
    from zorgzaam.profile.models import TeamIndicator

    own = [row.as_indicator() for row in TeamIndicator.objects.filter(workspace=workspace)]
    return catalogue.with_indicators(own) if own else catalogue


# --------------------------------------------------------------------------------------- the profile

def resolve_target(target: str, workspace_slug=None, level: str | None = None):
    """A neighbourhood (by name, in the workspace when given) or an area (by code):
    (neighbourhood or None, area or None, workspace or None)."""
    from zorgzaam.areas.neighbourhood_service import get_workspace
    from zorgzaam.areas.queries import find_area

    workspace = workspace_slug if not isinstance(workspace_slug, str) else (
        get_workspace(workspace_slug) if workspace_slug else None)
    query = Neighbourhood.objects.filter(name=target)
    if workspace is not None:
        query = query.filter(workspace=workspace)
    neighbourhood = query.first()
    if neighbourhood is not None:
        return neighbourhood, None, neighbourhood.workspace
    try:
        return None, find_area(target, level=level), workspace
    except ZorgzaamError:
        raise ZorgzaamError("profile_target_not_found", target=target) from None


def profile_for(target: str, workspace=None, **options) -> Profile:
    """The profile of a neighbourhood name or an area code."""
    neighbourhood, area, workspace = resolve_target(target, workspace)
    if neighbourhood is not None:
        return neighbourhood_profile(neighbourhood, **options)
    return area_profile(area, workspace=workspace, **options)


def profile_table(target: str, workspace=None, *, profile: Profile | None = None) -> pd.DataFrame:
    """The latest figure of every indicator beside the first comparison area (the municipality), as a
    plain table for the environment's (mis)match rules: area_code, indicator_id, period, value,
    comparison_value. ``profile``: the target's profile (:func:`profile_for` with no options) when the caller
    built it already."""
    profile = profile if profile is not None else profile_for(target, workspace)
    own = profile.focus_results()
    own = own[own["status"] == "ok"].sort_values("period").drop_duplicates("indicator", keep="last")
    comparisons = profile.comparisons
    if profile.references and len(comparisons):
        first = comparisons[comparisons["ref_code"] == profile.references[0][1]]
        own = own.merge(first[["indicator", "period", "ref_value"]], on=["indicator", "period"], how="left")
    else:
        own = own.assign(ref_value=np.nan)
    return pd.DataFrame({"area_code": profile.focus[1], "indicator_id": own["indicator"], "period": own["period"],
                         "value": own["value"], "comparison_value": own["ref_value"]}).reset_index(drop=True)


def neighbourhood_profile(neighbourhood: Neighbourhood, **options) -> Profile:
    version = neighbourhood.current
    if version is None or not version.sector_codes:
        raise ZorgzaamError("profile_no_sectors", name=neighbourhood.name)
    siblings = {}
    for other in Neighbourhood.objects.filter(workspace=neighbourhood.workspace).prefetch_related("versions"):
        versions = list(other.versions.all())  # prefetched: no query per neighbourhood
        if versions:
            latest = max(versions, key=lambda v: v.number)
            siblings[other.name] = (latest.sector_codes, latest.vintage)
    return build_profile((NEIGHBOURHOOD, neighbourhood.name, ""), neighbourhood.name, list(version.sector_codes),
                         version.vintage, workspace=neighbourhood.workspace, siblings=siblings,
                         is_fictional=neighbourhood.workspace.is_demo, **options)


def area_profile(area: Area, workspace=None, **options) -> Profile:
    sectors = _sectors_of((area.level, area.code, area.vintage), area.vintage if area.level == Level.SECTOR
                          else _sector_vintage(area))
    if not sectors:
        raise ZorgzaamError("profile_no_sectors", name=area.name or area.code)
    return build_profile((area.level, area.code, area.vintage), area.name or area.code, sectors,
                         _sector_vintage(area), workspace=workspace, is_fictional=area.is_fictional, **options)


def _sector_vintage(area: Area) -> str:
    if area.level == Level.SECTOR:
        return area.vintage
    vintages = (Area.objects.filter(level=Level.SECTOR, parent_links__parent=area)
                .values_list("vintage", flat=True).distinct())
    vintages = sorted(vintages)
    return area.vintage if area.vintage in vintages else (vintages[-1] if vintages else area.vintage)


_FIGURES_CACHE: OrderedDict = OrderedDict()
# the municipal counts of a set of datasets, integer-keyed once per load (a few, they are large)
_KEYED_CACHE: OrderedDict = OrderedDict()
_DERIVED_CACHE: OrderedDict = OrderedDict()  # per focus: pyramid, ranks, change (see build_profile)


_SHARED_GENERATION = [0]  # part of every shared key: clear_caches() makes earlier entries unreachable
SHARED_SECONDS = 24 * 3600
SHARED_WAIT_SECONDS = 60.0


def clear_caches(shared: bool = True) -> None:
    """Forget the per-process area look-ups and figures, and (``shared``) leave the shared ones behind (tests
    whose rolled-back rows reuse ids); without ``shared`` this process starts afresh as a new one would."""
    _AREA_CACHE.clear()
    _FIGURES_CACHE.clear()
    _KEYED_CACHE.clear()
    _DERIVED_CACHE.clear()
    if shared:
        _SHARED_GENERATION[0] += 1


def _shared_slot(name: str, key) -> str:
    """The cache key of a shared value: a hash of ``key``, of this database and of the generation."""
    import hashlib

    from django.db import connection

    digest = hashlib.sha1(repr((_SHARED_GENERATION[0], connection.settings_dict.get("NAME"), key)).encode())
    return f"profile-{name}:{digest.hexdigest()}"


def _shared(name: str, key, make):
    """``make()`` once for every process and thread, kept in Django's cache (Redis in a deployment, shared by
    all web processes; else the process's memory) under a hash of ``key``, which must name everything the
    value depends on (the data, areas, targets and catalogue: a new import gives a new key). While one
    process makes it, the others wait for it instead of making it too (a fresh server's first visitors all
    ask the same neighbourhood figures). Readers only: the value is shared."""
    import time

    from django.core.cache import cache

    slot = _shared_slot(name, key)
    found = cache.get(slot)
    if found is not None:
        return found
    give_up = time.monotonic() + SHARED_WAIT_SECONDS
    while not cache.add(f"{slot}:making", 1, timeout=int(SHARED_WAIT_SECONDS)):  # another one is making it
        time.sleep(0.02)
        found = cache.get(slot)
        if found is not None:
            return found
        if time.monotonic() > give_up:  # the other one failed or is stuck: make it here
            break
    try:
        found = cache.get(slot)  # made between our first look and taking the turn
        if found is None:
            found = make()
            cache.set(slot, found, timeout=SHARED_SECONDS)
    finally:
        cache.delete(f"{slot}:making")
    return found


def _kept(cache: OrderedDict, key, make, size: int = 3):
    """``make()`` kept in ``cache`` under ``key`` (the least recently used beyond ``size`` is dropped)."""
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    cache[key] = value = make()
    while len(cache) > size:
        cache.popitem(last=False)
    return value


def _municipal_keyed(summable: pd.DataFrame) -> KeyedValues | None:
    """The counts stored per municipality, integer-keyed (None when there are none)."""
    municipal = _with_vintage(summable[summable["area_level"] == Level.MUNICIPALITY.value], Level.MUNICIPALITY.value)
    return KeyedValues.from_frame(municipal) if len(municipal) else None


FIGURES_COMPUTED = [0]  # how many times the figures were computed in this process (tests read it)
_ORDER_COLUMNS = ["_rank", "_order", "_part", "_k", "_t"]


def _figures(sets, references, vintage, workspace, catalogue, engine_settings, periods, wide=None,
             wide_references=None):
    """Every figure of every target (the focus, its references and its sibling neighbourhoods):
    (results, the sector values used, how many old sectors could not be carried over, the municipal
    units per target, a dict for what profiles derive from the neighbourhoods' figures).

    Computed once per process for ``wide`` (targets that hold those of ``sets`` with the same sectors, with
    ``wide_references``: a neighbourhood's siblings and every comparison area it offers), kept for the same
    data, areas, targets and catalogue, and then taken for ``sets``: the rows of its targets in the order a
    computation for ``sets`` alone gives (each target's figures do not depend on the other targets; the
    split sectors are counted for ``sets``' own sectors). So every neighbourhood of a workspace, with every
    comparison, shares one computation."""
    for_neighbourhood = next(iter(sets))[0] == NEIGHBOURHOOD
    if wide is None or any(wide.get(key) != codes for key, codes in sets.items()):
        wide, wide_references = sets, references
    datasets = tuple(_datasets(workspace).order_by("id").values_list("id", "values_file"))
    key = (datasets, _areas_signature(), vintage, tuple(sorted((k, tuple(v)) for k, v in wide.items())),
           tuple(wide_references), tuple(periods or ()), engine_settings,
           tuple((i.id, tuple(i.numerator), tuple(i.denominator), tuple(i.subtract), i.scale, i.aggregable)
                 for i in catalogue))
    # What profiles derive from the neighbourhoods' figures alone (see build_profile) does not depend on the
    # comparison areas, whose figures are computed independently of theirs: kept per data and neighbourhoods.
    derived_key = (key[0], key[1], key[2], tuple(sorted((k, tuple(v)) for k, v in sets.items()
                                                        if k[0] == NEIGHBOURHOOD)), *key[5:])
    derived = _kept(_DERIVED_CACHE, derived_key, lambda: {"key": derived_key}, size=12)
    if key in _FIGURES_CACHE:
        _FIGURES_CACHE.move_to_end(key)
        found = _FIGURES_CACHE[key]
    else:
        make = functools.partial(_compute_figures, wide, wide_references, vintage, workspace, catalogue,
                                 engine_settings, periods, key, neighbourhood_sectors=for_neighbourhood)
        # a neighbourhood's figures (the profile page's) are made once for all processes; they are small
        found = _FIGURES_CACHE[key] = _shared("figures", key, make) if for_neighbourhood else make()
        while len(_FIGURES_CACHE) > 12:
            _FIGURES_CACHE.popitem(last=False)
    results, computed, sector_values, splits, members, direct_neighbourhoods = found
    if wide is not sets and any(r[0] == NEIGHBOURHOOD and r[1] in direct_neighbourhoods for r in references):
        # a team's own figures for a neighbourhood chosen as comparison area replace its computed ones
        # there only: compute for these targets alone
        return _figures(sets, references, vintage, workspace, catalogue, engine_settings, periods)
    units = pd.Index(sorted({code for codes in sets.values() for code in codes}))
    return _for_targets(results, computed, sets), sector_values, _lost(splits, units), members, derived


def _for_targets(results: pd.DataFrame, computed: list, sets: dict) -> pd.DataFrame:
    """The rows of ``sets``' targets, in the order a computation for them alone gives: by preference (see
    ``combine_results``), base, (indicator, period), then target — in the order of ``sets`` for the sector
    base and the neighbourhoods of a municipal base; areas of a municipal base come first, in their order."""
    position = {key: i for i, key in enumerate(sets)}
    # ``_t``: the row's target among the ``computed`` ones
    target = np.array([position.get(key, -1) for key in computed] + [-1], dtype=np.int64)[results["_t"].to_numpy()]
    rows = np.flatnonzero(target >= 0)  # the ordering is worked out on plain arrays; the table is taken once
    target = target[rows]
    part = results["_part"].to_numpy()[rows]
    municipal = part >= 0
    neighbourhood = (results["level"] == NEIGHBOURHOOD).to_numpy(dtype=bool)[rows]
    group = np.where(municipal & neighbourhood, 1, 0)
    within = np.where(municipal & ~neighbourhood, np.arange(len(rows)), target)
    order = np.lexsort((within, group, results["_k"].to_numpy()[rows], part, results["_order"].to_numpy()[rows],
                        results["_rank"].to_numpy()[rows]))
    kept = [column for column in results.columns if column not in _ORDER_COLUMNS]
    return results[kept].take(rows[order]).reset_index(drop=True)


def _compute_figures(sets, references, vintage, workspace, catalogue, engine_settings, periods, key,
                     neighbourhood_sectors: bool = False):
    """The figures of ``_figures``, for every target of ``sets``, with the columns that give their order
    (``_for_targets``): (results, the targets in the order of ``_t``, the sector values, the split sectors, the municipal units per target, the
    neighbourhoods the workspace stored figures of its own for). With ``neighbourhood_sectors`` the sector values
    are those of the neighbourhoods' sectors only (what their profiles read: the age pyramid), not the
    comparison areas' (a region's are most of the file)."""
    FIGURES_COMPUTED[0] += 1
    units = pd.Index(sorted({code for codes in sets.values() for code in codes}))

    values = load_values(_datasets(workspace))
    summable = values[_summable_mask(values)]
    sector_values = summable[summable["area_level"] == Level.SECTOR.value]
    same = sector_values[sector_values["area_vintage"] == vintage]
    moved, splits = _carry(sector_values[sector_values["area_code"].isin(units) |
                                         (sector_values["area_vintage"] != vintage)], vintage)
    sector_values = pd.concat([same, moved], ignore_index=True)
    sector_values = sector_values[sector_values["area_code"].isin(units)]
    # the same figure from two datasets: keep the latest import (values are sorted by dataset id)
    sector_values = sector_values.drop_duplicates(["area_code", "period", "measure"], keep="last")

    counts = measure_matrix(sector_values, units)
    target_keys = list(sets)
    membership = membership_from_sets({i: sets[key] for i, key in enumerate(target_keys)}, units)
    membership.targets = pd.DataFrame(target_keys, columns=TARGET_COLUMNS)
    published = values[~_summable_mask(values)].rename(
        columns={"area_level": "level", "area_code": "code", "area_vintage": "vintage"})
    results = compute(catalogue, counts, membership, published=published, settings=engine_settings,
                      periods=periods)
    results = results.assign(_rank=0, _order=1, _part=-1, _k=np.arange(len(results)) // max(len(target_keys), 1))

    # Figures published for a whole reference area (a municipality or province total) are the official
    # figure of that area: they take precedence over a sum of its sectors, which may miss sectors that
    # are suppressed or not loaded. A total stored without vintage applies to the reference's vintage.
    municipal = _kept(_KEYED_CACHE, key[:2], lambda: _municipal_keyed(summable))
    members: dict = {}
    if municipal is not None:
        by_municipality, members = municipal_results(municipal, sets, vintage, catalogue, settings=engine_settings,
                                                     periods=periods, order_columns=True)
        results = combine_results(by_municipality, results.assign(base="sector"), keep_order=True)
    direct = summable[~summable["area_level"].isin([Level.SECTOR.value, Level.MUNICIPALITY.value])]
    direct_neighbourhoods = set(direct.loc[direct["area_level"] == NEIGHBOURHOOD, "area_code"])
    refs = pd.DataFrame(references, columns=["area_level", "area_code", "ref_vintage"])
    direct = direct.merge(refs, on=["area_level", "area_code"])
    direct = direct[(direct["area_vintage"] == direct["ref_vintage"]) | (direct["area_vintage"] == "")]
    direct = direct.assign(area_vintage=direct["ref_vintage"]).drop(columns="ref_vintage")
    if len(direct):
        results = _fill_from_direct(results, direct, catalogue, engine_settings, periods)
    if results.empty:
        results = results.reindex(columns=list(dict.fromkeys([*results.columns, *_ORDER_COLUMNS])))
    position = {key: i for i, key in enumerate(sets)}
    keys = zip(results["level"], results["code"], results["vintage"], strict=True)
    results["_t"] = np.fromiter((position.get(k, len(position)) for k in keys), dtype=np.int64, count=len(results))
    if neighbourhood_sectors:
        own = {code for target, codes in sets.items() if target[0] == NEIGHBOURHOOD for code in codes}
        sector_values = sector_values[sector_values["area_code"].isin(own)]
    return results, list(sets), sector_values, splits, members, direct_neighbourhoods


def build_profile(*args, **options) -> Profile:
    """The profile of ``focus`` (see ``_build_profile``). The areas are read once for the whole build: the
    look-ups it makes (sectors, parents, complete levels, the figures' key) all see the same areas."""
    token = _BUILD_AREAS_SIGNATURE.set(_areas_signature())
    try:
        return _build_profile(*args, **options)
    finally:
        _BUILD_AREAS_SIGNATURE.reset(token)


def _build_profile(focus: tuple[str, str, str], name: str, sectors: list[str], vintage: str, *, workspace=None,
                  references: list[tuple[str, str, str]] | None = None, siblings: dict | None = None,
                  indicator_ids: list[str] | None = None, periods: list[str] | None = None,
                  catalogue: Catalogue | None = None, engine_settings: EngineSettings | None = None,
                  signal_settings: SignalSettings | None = None, is_fictional: bool = False) -> Profile:
    catalogue = (catalogue or workspace_catalogue(workspace)).select(indicator_ids)
    defaults = None
    if references is None or focus[0] == NEIGHBOURHOOD:
        defaults = default_references(sectors, vintage, above=focus[0] if focus[0] != NEIGHBOURHOOD else None)
    references = references if references is not None else list(defaults)
    notes: list[str] = []
    lang = current_language()

    # Targets: the focus, each reference, and the other neighbourhoods (for ranks).
    sets, sibling_names = _target_sets(focus, sectors, references, siblings, vintage)
    wide = wide_references = None
    if focus[0] == NEIGHBOURHOOD:
        # one computation for every comparison a neighbourhood offers (its default areas, the others)
        wide_references = list(defaults)
        wide_references += [r for r in references if r not in wide_references and r[0] != NEIGHBOURHOOD]
        wide, _ = _target_sets(focus, sectors, wide_references, siblings, vintage)
        for reference in references:
            if reference not in wide:
                wide[reference] = sets[reference]
    results, sector_values, lost, members, derived = _figures(sets, references, vintage, workspace, catalogue,
                                                              engine_settings, periods, wide, wide_references)
    if lost:
        notes.append(render("profile_split_sectors", {"count": lost}, lang=lang))
    notes += _incomplete_levels(references, workspace, lang)

    # What depends only on a neighbourhood's own figures (not on the comparison areas or the language) is
    # made once per neighbourhood: another comparison or language of the same neighbourhood reuses it.
    own_key = ("focus", focus, tuple(sectors), tuple(sibling_names))

    def make_own():
        pyramid, pyramid_period = _pyramid(sector_values[sector_values["area_code"].isin(sectors)])
        ranks = rank_among(results, focus[1], [focus[1]] + sibling_names) if focus[0] == NEIGHBOURHOOD else \
            pd.DataFrame(columns=["indicator", "period", "rank", "of"])
        return pyramid, pyramid_period, ranks, change_over_time(results, focus)

    if focus[0] == NEIGHBOURHOOD:  # kept in this process and shared with the others (see _shared)
        own = derived.get(own_key)
        if own is None:
            own = derived[own_key] = _shared("own", (derived["key"], own_key), make_own)
    else:
        own = make_own()
    pyramid, pyramid_period, ranks, change = (v.copy() if isinstance(v, pd.DataFrame) else v for v in own)
    names = _names([focus] + references, {focus: name})
    for sibling in sibling_names:
        names[(NEIGHBOURHOOD, sibling, "")] = sibling
    percent = {i.id for i in catalogue if i.unit == "%"}
    comparisons = compare(results, focus, references, lang=lang, percent_indicators=percent)
    signals = find_signals(results, comparisons, catalogue, focus, names, settings=signal_settings, focus_name=name)
    used_periods = sorted(results.loc[results["status"] == "ok", "period"].unique().tolist())
    breaks = _breaks(results, focus, members, lang)
    if "base" in results:
        results = results.drop(columns="base")
    return Profile(focus, name, vintage, sectors, references, names, results, comparisons, ranks, change, signals,
                   catalogue, used_periods, notes, sibling_names, is_fictional, pyramid, pyramid_period, breaks)


def _target_sets(focus, sectors, references, siblings, vintage) -> tuple[dict, list[str]]:
    """The sectors of every target: the focus, each reference, the other neighbourhoods of the same vintage
    (their names listed too)."""
    sets: dict[tuple[str, str, str], list[str]] = {focus: sectors}
    signature = _areas_signature() if references else None
    for reference in references:
        sets[reference] = _cached(signature, ("sectors of", reference, vintage),
                                  lambda reference=reference: _sectors_of(reference, vintage))
    sibling_names = []
    for sibling, (codes, sibling_vintage) in (siblings or {}).items():
        key = (NEIGHBOURHOOD, sibling, "")
        if key != focus and sibling_vintage == vintage:
            sets[key] = list(codes)
            sibling_names.append(sibling)
    return sets, sibling_names


def _summable_mask(values: pd.DataFrame) -> pd.Series:
    """Which rows hold counts that may be summed (decided once per distinct measure)."""
    measures = values["measure"].astype("category")
    flags = np.array([is_summable(m) for m in measures.cat.categories], dtype=bool)
    codes = measures.cat.codes.to_numpy()
    return pd.Series(flags[codes] if len(flags) else np.zeros(len(values), dtype=bool), index=values.index)


def _pyramid(values: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Men and women per age band of the focus sectors, for the latest period that has both."""
    from zorgzaam.sources.measures import parse_age_band

    rows = []
    for measure in values["measure"].unique():
        band = parse_age_band(measure)
        if band is not None and band.prefix in ("population_male", "population_female"):
            rows.append((measure, band.prefix.rsplit("_", 1)[-1], band.low, band.high if band.high is not None else 999))
    if not rows:
        return pd.DataFrame(columns=["band", "low", "male", "female"]), ""
    bands = pd.DataFrame(rows, columns=["measure", "sex", "low", "high"])
    data = values.merge(bands, on="measure")
    period = max(data["period"])
    data = data[data["period"] == period].copy()
    if ((data["high"] - data["low"]) == 0).all():  # single years: show 5-year bands, the last one open
        top = data.loc[data["high"] == 999, "low"].min() if (data["high"] == 999).any() else data["low"].max() + 1
        data["low"] = np.minimum((data["low"] // 5) * 5, top)
        data["high"] = np.where(data["low"] >= top, 999, data["low"] + 4)
    table = data.pivot_table(index=["low", "high"], columns="sex", values="value", aggfunc="sum").reset_index()
    table["band"] = [f"{int(lo)}+" if hi == 999 else f"{int(lo)}–{int(hi)}" for lo, hi in
                     zip(table["low"], table["high"], strict=True)]
    for sex in ("male", "female"):
        if sex not in table:
            table[sex] = np.nan
    return table[["band", "low", "male", "female"]].sort_values("low").reset_index(drop=True), str(period)


def sector_figures(area: Area, indicator_id: str, workspace=None) -> tuple[pd.DataFrame, str]:
    """One indicator for every sector of ``area`` (for a choropleth map), in the latest period in which any
    sector has it: a table code, value, status, reason_code, reason_params, numerator, denominator."""
    catalogue = workspace_catalogue(workspace).select([indicator_id])
    vintage = _sector_vintage(area)
    sectors = _sectors_of((area.level, area.code, area.vintage), vintage)
    units = pd.Index(sorted(sectors))
    values = load_values(_datasets(workspace))
    values = values[_summable_mask(values) & (values["area_level"] == Level.SECTOR.value)]
    moved, _ = carry_over(values[values["area_vintage"] != vintage], vintage, units)
    values = pd.concat([values[values["area_vintage"] == vintage], moved], ignore_index=True)
    values = values[values["area_code"].isin(units)].drop_duplicates(["area_code", "period", "measure"], keep="last")
    membership = membership_from_sets({code: [code] for code in units}, units, level=Level.SECTOR.value,
                                      vintage=vintage)
    result = compute(catalogue, measure_matrix(values, units), membership)
    shown = result[result["status"] == "ok"]
    period = max(shown["period"]) if len(shown) else (max(result["period"]) if len(result) else "")
    table = result[result["period"] == period].rename(columns={"code": "code"})
    return table[["code", "value", "status", "reason_code", "reason_params", "numerator", "denominator"]], period


def sector_map(neighbourhood, indicator_id: str = "share_65plus", lang: str = "nl"):
    """A static map (matplotlib figure) of the municipality's sectors coloured by one indicator, the
    neighbourhood outlined: (title, figure), or None when there is nothing to draw."""
    import shapely

    from zorgzaam.graphics.maps import choropleth

    version = neighbourhood.current
    if version is None or not version.sector_codes:
        return None
    link = AreaLink.objects.filter(child__level=Level.SECTOR, child__vintage=version.vintage,
                                   child__code__in=version.sector_codes, parent_level=Level.MUNICIPALITY
                                   ).select_related("parent").order_by("-parent__vintage").first()
    if link is None:
        return None
    area = link.parent
    catalogue = workspace_catalogue(neighbourhood.workspace)
    if indicator_id not in catalogue:
        return None
    table, period = sector_figures(area, indicator_id, neighbourhood.workspace)
    values = {row.code: (row.value if row.status == "ok" else None) for row in table.itertuples(index=False)}
    shapes = [(code, shapely.from_wkb(bytes(geometry)) if geometry is not None else None)
              for code, geometry, kind in Area.objects.filter(
                  level=Level.SECTOR, vintage=_sector_vintage(area), code__in=list(values), is_locatable=True
              ).values_list("code", "geometry", "geometry_kind")]
    if not any(shape is not None for _, shape in shapes):
        return None
    indicator = catalogue[indicator_id]
    title = f"{indicator.label(lang)} per sector, {area.name} {period}"
    approximate = Area.objects.filter(level=Level.SECTOR, code__in=list(values), geometry_kind="approximate").exists()
    if approximate:
        title += gettext(" — benaderde sectorvormen", lang)
    figure = choropleth(shapes, values, title, highlight=version.sector_codes,
                        value_label=lambda v: indicator.format(v, lang),
                        no_value=gettext("geen cijfer", lang))
    return title, figure


def _fill_from_direct(results, direct, catalogue, settings, periods) -> pd.DataFrame:
    keys = direct[["area_level", "area_code", "area_vintage"]].drop_duplicates()
    units = pd.Index([f"{r.area_level}|{r.area_code}|{r.area_vintage}" for r in keys.itertuples()])
    tidy = direct.assign(area_code=direct["area_level"] + "|" + direct["area_code"] + "|" + direct["area_vintage"])
    tidy = tidy.drop_duplicates(["area_code", "period", "measure"], keep="last")
    membership = membership_from_sets({u: [u] for u in units}, units)
    membership.targets = keys.set_axis(TARGET_COLUMNS, axis=1).reset_index(drop=True)
    own = compute(catalogue, measure_matrix(tidy, units), membership, settings=settings, periods=periods)
    merged = results.merge(own, on=TARGET_COLUMNS + ["period", "indicator"], how="left", suffixes=("", "_direct"))
    use = merged["status_direct"] == "ok"
    for column in ("value", "numerator", "denominator", "status", "reason_code", "reason_params", "reliability"):
        merged.loc[use, column] = merged.loc[use, f"{column}_direct"]
    return merged[results.columns]


def _names(keys: list[tuple[str, str, str]], known: dict) -> dict:
    names = dict(known)
    for level, code, vintage in keys:
        if (level, code, vintage) in names:
            continue
        area = Area.objects.filter(level=level, code=code, vintage=vintage).first()
        names[(level, code, vintage)] = area.name if area and area.name else code
    return names


def reference_label(key: tuple[str, str, str], names: dict, lang: str = "nl") -> str:
    level = key[0]
    label = (gettext("buurt", lang)) if level == NEIGHBOURHOOD else level_label(level, lang)
    return f"{names.get(key, key[1])} ({label})"


register({
    "profile_split_sectors": gettext_noop(
        "{count} oude sectorcode(s) werden gesplitst en konden niet overgezet worden naar de nieuwe indeling; "
        "hun cijfers ontbreken."),
})
