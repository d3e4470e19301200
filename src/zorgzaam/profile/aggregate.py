"""Summing counts from a base unit (usually the statistical sector) to any set of areas.

Plain module: no Django. The engine's one idea (DESIGN.md §3): every target area — a wijk, a
municipality, a care zone, Flanders or a team's own neighbourhood — is a row of a sparse
*membership* matrix over the base units. Summing every measure of every period to every target is
one sparse product with a units × (measure, period) matrix; a second product over the "unknown"
mask counts, per target, how many member units had no value, so an incomplete sum is never passed
off as a complete one. Ratios are computed afterwards on the summed counts, never by averaging.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

TARGET_COLUMNS = ["level", "code", "vintage"]


@dataclass
class Membership:
    """``matrix[i, j] == 1`` when base unit ``units[j]`` belongs to target ``targets.iloc[i]``."""

    matrix: sparse.csr_matrix
    targets: pd.DataFrame  # columns level, code, vintage (+ optional name), row i = matrix row i
    units: pd.Index  # base unit codes, column j = matrix column j

    def __post_init__(self) -> None:
        if self.matrix.shape != (len(self.targets), len(self.units)):
            raise ValueError(f"membership matrix {self.matrix.shape} does not match "
                             f"{len(self.targets)} targets × {len(self.units)} units")

    def members(self, position: int) -> list[str]:
        row = self.matrix.getrow(position)
        return self.units[row.indices].tolist()

    def position(self, level: str, code: str, vintage: str | None = None) -> int:
        mask = (self.targets["level"] == level) & (self.targets["code"] == code)
        if vintage is not None:
            mask &= self.targets["vintage"] == vintage
        hits = np.flatnonzero(mask.to_numpy())
        if len(hits) != 1:
            raise KeyError(f"{level} {code} {vintage or ''}: {len(hits)} matches")
        return int(hits[0])


def _matrix(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    data = np.ones(len(rows), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1.0  # a unit listed twice in a target still counts once
    return matrix


def membership_from_links(links: pd.DataFrame, units: pd.Index, unit_level: str = "sector",
                          include_units: bool = False) -> Membership:
    """Targets from a flat link table (``areas.frames.LINK_COLUMNS``): every parent area whose
    children at ``unit_level`` appear in ``units`` becomes a row. With ``include_units`` each unit is
    also a target of its own (so sectors get figures too)."""
    selected = links[links["child_level"] == unit_level]
    col = units.get_indexer(selected["child_code"])
    selected = selected[col >= 0]
    col = col[col >= 0]
    keys = selected[["parent_level", "parent_code", "parent_vintage"]].set_axis(TARGET_COLUMNS, axis=1)
    targets = keys.drop_duplicates().reset_index(drop=True)
    row = pd.MultiIndex.from_frame(targets).get_indexer(pd.MultiIndex.from_frame(keys))
    membership = Membership(_matrix(row, col, (len(targets), len(units))), targets, units)
    if include_units:
        own = Membership(sparse.identity(len(units), format="csr", dtype=np.float64),
                         pd.DataFrame({"level": unit_level, "code": units.astype(str),
                                       "vintage": ""}), units)
        membership = stack(own, membership)
    return membership


def membership_from_sets(sets: Mapping[str, Iterable[str]], units: pd.Index, level: str = "neighbourhood",
                         vintage: str = "") -> Membership:
    """Targets from named sets of unit codes (e.g. neighbourhoods). Unknown codes raise KeyError."""
    rows, cols, names = [], [], []
    for position, (name, codes) in enumerate(sets.items()):
        codes = list(codes)
        index = units.get_indexer(codes)
        if (index < 0).any():
            missing = [c for c, i in zip(codes, index, strict=True) if i < 0]
            raise KeyError(f"{name}: unknown units {missing[:5]}")
        rows.append(np.full(len(index), position))
        cols.append(index)
        names.append(name)
    row = np.concatenate(rows) if rows else np.array([], dtype=int)
    col = np.concatenate(cols) if cols else np.array([], dtype=int)
    targets = pd.DataFrame({"level": level, "code": names, "vintage": vintage})
    return Membership(_matrix(row, col, (len(names), len(units))), targets, units)


def stack(*memberships: Membership) -> Membership:
    """One membership with the rows of all given ones (they must share the same units)."""
    units = memberships[0].units
    for other in memberships[1:]:
        if not other.units.equals(units):
            raise ValueError("memberships over different units cannot be stacked")
    matrix = sparse.vstack([m.matrix for m in memberships], format="csr")
    targets = pd.concat([m.targets for m in memberships], ignore_index=True)
    return Membership(matrix, targets, units)


@dataclass
class MeasureMatrix:
    """Counts of base units: ``values[j, k]`` for unit j and column k = (measure, period).
    ``unknown[j, k]`` is True where the count is unknown (suppressed or absent); there ``values`` is 0."""

    values: np.ndarray
    unknown: np.ndarray
    units: pd.Index
    columns: pd.MultiIndex  # levels: measure, period


def measure_matrix(tidy: pd.DataFrame, units: pd.Index) -> MeasureMatrix:
    """Pivot a tidy table (area_code, period, measure, value; NaN = unknown) of base units into a
    dense matrix. A unit without a row for a (measure, period) that exists elsewhere is unknown.
    Rows for codes that are not in ``units`` are ignored (the caller chose the units)."""
    # Hash each key column once (fast on millions of rows), then work on the small sets of uniques.
    code_index, code_values = pd.factorize(tidy["area_code"])
    measure_index, measure_values = pd.factorize(tidy["measure"])
    period_index, period_values = pd.factorize(tidy["period"])
    return matrix_from_codes(code_index, code_values, measure_index, measure_values, period_index, period_values,
                             tidy["value"].to_numpy(dtype=np.float64), units)


def matrix_from_codes(code_index: np.ndarray, code_values, measure_index: np.ndarray, measure_values,
                      period_index: np.ndarray, period_values, values: np.ndarray, units: pd.Index) -> MeasureMatrix:
    """:func:`measure_matrix` from integer-keyed columns (each key column as codes into its uniques, as
    ``pd.factorize`` gives them): no string is touched per row, and nothing is sorted per row (the
    (measure, period) pairs in use are counted, not made unique)."""
    unit_of_code = units.get_indexer(pd.Index(code_values).astype(str))
    n_periods = max(len(period_values), 1)
    n_pairs = max(len(measure_values), 1) * n_periods
    row = unit_of_code[code_index] if len(code_index) else np.array([], dtype=np.int64)
    keep = (row >= 0) & (code_index >= 0) & (measure_index >= 0) & (period_index >= 0)  # -1: a missing key
    pair = measure_index.astype(np.int64) * n_periods + period_index
    if not keep.all():
        row, pair, values = row[keep], pair[keep], values[keep]
    used = np.flatnonzero(np.bincount(pair, minlength=n_pairs))
    measure_of = np.asarray(measure_values, dtype=object)[used // n_periods].astype(str)
    period_of = np.asarray(period_values, dtype=object)[used % n_periods].astype(str)
    order = np.lexsort((period_of, measure_of))
    columns = pd.MultiIndex.from_arrays([measure_of[order], period_of[order]], names=["measure", "period"])
    column_of_pair = np.full(n_pairs, -1, dtype=np.int64)
    column_of_pair[used[order]] = np.arange(len(used))
    col = column_of_pair[pair]
    matrix = np.zeros((len(units), len(columns)), dtype=np.float64)
    unknown = np.ones((len(units), len(columns)), dtype=bool)
    present = ~np.isnan(values)
    if not present.all():
        row, col, values = row[present], col[present], values[present]
    cell = row * len(columns) + col  # flat positions: one put per matrix, no 2-d fancy indexing
    matrix.put(cell, values)
    unknown.put(cell, False)
    return MeasureMatrix(matrix, unknown, units, columns)


def keep_last(key: np.ndarray, size: int) -> np.ndarray | None:
    """Where the same integer key (``0 <= key < size``) occurs more than once, keep its last row: a
    boolean mask, or None when every key occurs once (the usual case, found by counting, not hashing)."""
    if not len(key):
        return None
    if size <= 4 * len(key) + (1 << 20):
        if np.bincount(key, minlength=size).max() <= 1:
            return None
    return ~pd.Series(key).duplicated(keep="last").to_numpy()


@dataclass
class KeyedValues:
    """A tidy value table (area_code, area_vintage, period, measure, value) with its key columns
    dictionary-encoded: row r is area ``code_values[code_index[r]]`` etc. Made once per loaded set of
    datasets (:meth:`from_frame`), so the engine's matrix is built from integers only. One row per
    (area, vintage, measure, period): the same figure from two datasets keeps the later row (values
    come sorted by dataset, so the latest import wins)."""

    code_index: np.ndarray
    code_values: np.ndarray
    measure_index: np.ndarray
    measure_values: np.ndarray
    period_index: np.ndarray
    period_values: np.ndarray
    vintage_index: np.ndarray
    vintage_values: np.ndarray
    value: np.ndarray

    @classmethod
    def from_frame(cls, tidy: pd.DataFrame) -> KeyedValues:
        def coded(column: str) -> tuple[np.ndarray, np.ndarray]:
            index, uniques = pd.factorize(tidy[column])
            return index, np.asarray(uniques, dtype=object)

        keyed = cls(*coded("area_code"), *coded("measure"), *coded("period"), *coded("area_vintage"),
                    tidy["value"].to_numpy(dtype=np.float64))
        sizes = [len(keyed.code_values), len(keyed.measure_values), len(keyed.period_values),
                 len(keyed.vintage_values)]
        key = ((keyed.code_index.astype(np.int64) * sizes[1] + keyed.measure_index) * sizes[2]
               + keyed.period_index) * sizes[3] + keyed.vintage_index
        last = keep_last(key, int(np.prod(sizes, dtype=np.int64)))
        if last is not None:
            for name in ("code_index", "measure_index", "period_index", "vintage_index", "value"):
                setattr(keyed, name, getattr(keyed, name)[last])
        return keyed

    def __len__(self) -> int:
        return len(self.value)


@dataclass
class Aggregate:
    """Sums per target and column, with how many member units were unknown."""

    sums: np.ndarray  # targets × columns
    unknown_members: np.ndarray  # targets × columns, count of member units without a value
    member_count: np.ndarray  # targets, number of member units
    targets: pd.DataFrame
    columns: pd.MultiIndex

    @property
    def complete(self) -> np.ndarray:
        return self.unknown_members == 0

    def frame(self) -> pd.DataFrame:
        """Long table: level, code, vintage, measure, period, value (NaN when incomplete), partial_sum,
        unknown_members."""
        n_targets, n_columns = self.sums.shape
        target_index = np.repeat(np.arange(n_targets), n_columns)
        column_index = np.tile(np.arange(n_columns), n_targets)
        out = self.targets.iloc[target_index][TARGET_COLUMNS].reset_index(drop=True)
        out["measure"] = self.columns.get_level_values(0)[column_index]
        out["period"] = self.columns.get_level_values(1)[column_index]
        partial = self.sums.ravel()
        missing = self.unknown_members.ravel()
        out["value"] = np.where(missing == 0, partial, np.nan)
        out["partial_sum"] = partial
        out["unknown_members"] = missing
        return out


def aggregate(membership: Membership, counts: MeasureMatrix) -> Aggregate:
    """Sum every column of ``counts`` to every target of ``membership`` (two sparse products)."""
    if not membership.units.equals(counts.units):
        raise ValueError("membership and counts are over different units")
    sums = np.asarray(membership.matrix @ counts.values)
    unknown_members = np.asarray(membership.matrix @ counts.unknown.astype(np.float64)).round().astype(np.int64)
    member_count = np.asarray(membership.matrix.sum(axis=1)).ravel().astype(np.int64)
    return Aggregate(sums, unknown_members, member_count, membership.targets, counts.columns)


@dataclass
class Coverage:
    """How targets are made of whole units (e.g. municipalities) when both are known as sets of finer
    *atoms* (e.g. sectors): ``membership`` holds the units that lie wholly inside each target;
    ``partial[i]`` lists the units that lie only partly in target i (their counts cannot be split),
    ``outside[i]`` how many atoms of target i belong to no unit at all."""

    membership: Membership
    partial: list[list[str]]
    outside: np.ndarray

    @property
    def exact(self) -> np.ndarray:
        """Targets that are exactly a union of whole units."""
        return np.array([not p for p in self.partial], dtype=bool) & (self.outside == 0) & \
            (np.asarray(self.membership.matrix.sum(axis=1)).ravel() > 0)


def membership_from_atoms(target_atoms: pd.DataFrame, unit_atoms: pd.DataFrame, units: pd.Index | None = None,
                          ) -> Coverage:
    """Targets over units through shared atoms, with two sparse products.

    ``target_atoms``: columns level, code, vintage, atom (one row per atom of a target; a target without
    atoms gets no row and must be added by the caller). ``unit_atoms``: columns unit, atom (each atom in
    at most one unit). A unit belongs to a target when all its atoms do; a unit with only some of its
    atoms in the target is *partial*."""
    targets = target_atoms[TARGET_COLUMNS].drop_duplicates().reset_index(drop=True)
    unit_atoms = unit_atoms.drop_duplicates("atom")
    units = pd.Index(sorted(unit_atoms["unit"].unique())) if units is None else units
    atoms = pd.Index(pd.unique(pd.concat([unit_atoms["atom"], target_atoms["atom"]], ignore_index=True)))
    target_row = pd.MultiIndex.from_frame(targets).get_indexer(pd.MultiIndex.from_frame(target_atoms[TARGET_COLUMNS]))
    in_target = _matrix(target_row, atoms.get_indexer(target_atoms["atom"]), (len(targets), len(atoms)))
    unit_col = units.get_indexer(unit_atoms["unit"])
    keep = unit_col >= 0
    in_unit = _matrix(atoms.get_indexer(unit_atoms["atom"])[keep], unit_col[keep], (len(atoms), len(units)))
    shared = (in_target @ in_unit).tocsr()  # atoms of unit j inside target i
    size = np.asarray(in_unit.sum(axis=0)).ravel()
    shared.eliminate_zeros()
    rows = np.repeat(np.arange(shared.shape[0]), np.diff(shared.indptr))
    whole = shared.data >= size[shared.indices]
    full = sparse.csr_matrix((np.ones(int(whole.sum())), (rows[whole], shared.indices[whole])),
                             shape=shared.shape)
    partial: list[list[str]] = [[] for _ in range(len(targets))]
    for i, j in zip(rows[~whole], shared.indices[~whole], strict=True):
        partial[i].append(str(units[j]))
    with_unit = np.asarray(in_unit.sum(axis=1)).ravel() > 0
    outside = np.asarray(in_target @ (~with_unit).astype(np.float64)).ravel().round().astype(np.int64)
    return Coverage(Membership(full, targets, units), partial, outside)
