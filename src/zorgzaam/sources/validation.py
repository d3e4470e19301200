"""Checks shared by every importer: numbers, negative counts, duplicate rows, periods and area codes.
Plain module, no Django: the areas known to the database come in through an ``AreaLookup``.

A *record* frame has one row per value read, with columns ``area_level``, ``area_ref`` (the area as
written in the file), ``period``, ``value`` (float, NaN = unknown), ``line``, ``field`` and the
importer's key columns (``measure`` or Statbel's sex/age/... dimensions).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from zorgzaam.areas.levels import Level, level_label
from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.measures import may_be_negative
from zorgzaam.sources.readers import SUPPRESSED_SHOWN, code_candidates, name_key, parse_numbers
from zorgzaam.sources.report import ImportReport

NEIGHBOURHOOD = "neighbourhood"
LEVELS = [level.value for level in Level] + [NEIGHBOURHOOD]

# (level) -> frame with columns code, vintage, name, valid_from, valid_to; None or empty = none loaded
AreaLookup = Callable[[str], "pd.DataFrame | None"]

PERIOD_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|Q[1-4]|S[12]|-\d{4})?$")


def check_level(level: str | None) -> str:
    if not level:
        raise ZorgzaamError("src_need_level")
    if level not in LEVELS:
        raise ZorgzaamError("src_unknown_level", level=level, known=", ".join(LEVELS))
    return level


def normalise_period(value) -> str | None:
    """'2015', 2015, 2015.0, '2015-01-01', '2021Q3' → a period string; None when it is not one."""
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if len(text) >= 10 and text[4] == "-" and text[10:].strip(" 0:") == "":
        text = text[:10]
    return text if PERIOD_RE.match(text) else None


def period_start(period: str) -> date:
    year = int(period[:4])
    if len(period) >= 10 and period[4] == "-":
        return date(year, int(period[5:7]), int(period[8:10]))
    if len(period) == 7 and period[4] == "-":
        return date(year, int(period[5:7]), 1)
    if "Q" in period:
        return date(year, 3 * (int(period[-1]) - 1) + 1, 1)
    if "S" in period:
        return date(year, 1 if period.endswith("1") else 7, 1)
    return date(year, 1, 1)


def apply_periods(records: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    """Normalise the period column; refuse records whose period is not a valid period."""
    uniques = pd.unique(records["period"])
    mapping = {u: normalise_period(u) for u in uniques}
    normal = records["period"].map(mapping)
    if isinstance(normal.dtype, pd.CategoricalDtype):
        normal = normal.astype(object)
    bad = normal.isna().to_numpy()
    if bad.any():
        report.refuse("bad_period", records[bad].assign(raw=records["period"][bad]),
                      lambda r: {"value": r["raw"]})
    if not bad.any():
        if isinstance(records["period"].dtype, pd.CategoricalDtype):
            renamed = [normalise_period(c) for c in records["period"].cat.categories]
            if None not in renamed and len(set(renamed)) == len(renamed):
                return records.assign(period=records["period"].cat.rename_categories(renamed))
        return records.assign(period=normal.astype(str).to_numpy())
    out = records[~bad].copy()
    out["period"] = normal[~bad].astype(str).to_numpy()
    return out


def apply_numbers(records: pd.DataFrame, text_column: str, report: ImportReport,
                  decimal_comma: bool | None = None) -> pd.DataFrame:
    """Parse ``text_column`` into ``value``; refuse what is not a number, keep suppressed as NaN."""
    numbers = parse_numbers(records[text_column], decimal_comma)
    out = records.copy()
    out["value"] = numbers.values
    if numbers.bad.any():
        bad = out[numbers.bad]
        report.refuse("not_a_number", bad, lambda r: {"value": str(r[text_column])[:40]})
    if numbers.suppressed.any():
        report.warn("src_suppressed", count=int(numbers.suppressed.sum()), markers=SUPPRESSED_SHOWN)
    out["percent_sign"] = numbers.percent
    return out[~numbers.bad].drop(columns=[text_column])


def refuse_negative(records: pd.DataFrame, report: ImportReport, measure_column: str | None = "measure") -> pd.DataFrame:
    """Counts cannot be negative; published ratios (``_pct``, ``_rate`` ...) may be."""
    negative = (records["value"] < 0).to_numpy()
    if measure_column is not None and negative.any():
        allowed = records[measure_column].map(lambda m: may_be_negative(str(m))).to_numpy(dtype=bool)
        negative &= ~allowed
    if negative.any():
        report.refuse("negative_count", records[negative], lambda r: {"value": _number(r["value"])})
    return records[~negative]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def handle_duplicates(records: pd.DataFrame, keys: list[str], report: ImportReport) -> pd.DataFrame:
    """Identical duplicates: warn and keep one. Conflicting ones: refuse every row of that key."""
    if len(records) == 0:
        return records
    if not _may_have_duplicates(records, keys):
        return records
    dup_any = records.duplicated(keys, keep=False).to_numpy()
    if not dup_any.any():
        return records
    involved = records[dup_any]
    values = involved["value"]
    group = involved.groupby(keys, sort=False, dropna=False, observed=True)
    first_value = group["value"].transform("first")
    first_line = group["line"].transform("min")
    same = (values == first_value) | (values.isna() & first_value.isna())
    conflict_key = (~same).groupby([involved[k] for k in keys], sort=False, dropna=False,
                                   observed=True).transform("any").to_numpy()
    conflicting = involved[conflict_key].assign(first_line=first_line[conflict_key],
                                                first_value=first_value[conflict_key])
    later = conflicting[conflicting["line"] != conflicting["first_line"]]
    report.refuse("conflicting_duplicate", later, lambda r: {
        "first_line": int(r["first_line"]), "first_value": _shown(r["first_value"]), "value": _shown(r["value"])})
    # the first line of a conflicting group is refused too (counted, shown through the later lines)
    firsts = conflicting[conflicting["line"] == conflicting["first_line"]]
    if len(firsts):
        group_obj = report.refusals["conflicting_duplicate"]
        group_obj.count += len(firsts)
    identical_later = involved[~conflict_key].duplicated(keys, keep="first")
    dropped = int(identical_later.sum())
    if dropped:
        report.warn("src_duplicates_dropped", count=dropped)
        example = involved[~conflict_key][identical_later.to_numpy()].iloc[0]
        first = first_line[~conflict_key][identical_later.to_numpy()].iloc[0]
        report.warnings.append(_duplicate_example(report, int(example["line"]), int(first)))
    drop_index = involved.index[conflict_key].union(involved[~conflict_key].index[identical_later.to_numpy()])
    return records.drop(index=drop_index)


def _may_have_duplicates(records: pd.DataFrame, keys: list[str]) -> bool:
    """A quick test on integer codes (one per distinct value of each key column): False when no two
    records share a key. True when some may (or when the codes would not fit in 63 bits)."""
    combined = np.zeros(len(records), dtype=np.int64)
    span = 1
    for key in keys:
        codes, uniques = pd.factorize(records[key], use_na_sentinel=False)
        size = max(len(uniques), 1)
        if span * size >= 2 ** 62:
            return True
        combined = combined * size + codes
        span *= size
    if span <= 50_000_000:
        return bool((np.bincount(combined, minlength=span) > 1).any())
    return bool(pd.Series(combined).duplicated().any())


def _duplicate_example(report, line, first):
    from zorgzaam.messages import Problem

    return Problem("duplicate_row", {"first_line": first}, file=report.file, line=line)


def _shown(value) -> str:
    return "onbekend/unknown" if pd.isna(value) else _number(value)


# -- areas ---------------------------------------------------------------------------------------

def resolve_areas(records: pd.DataFrame, lookup: AreaLookup, report: ImportReport, *, allow_names: bool = True,
                  workspace: str | None = None, outside_ok: bool = False) -> pd.DataFrame:
    """Turn ``area_ref`` into ``area_code`` + ``area_vintage`` for each level, refusing unknown areas.

    A code is looked for in every loaded vintage of its level; the vintage kept is the one valid in
    the record's period (else the latest one before it, else the earliest). Raises ``no_areas_loaded``
    when no area of a level is loaded at all.

    With ``outside_ok`` (a published table of all Belgium, e.g. Statbel's population cube), lines about
    a well-formed municipality code (five digits) that is not loaded are skipped and counted once in
    the report (``report.outside_rows``), not refused: they lie outside the loaded areas."""
    parts = []
    for level, part in records.groupby("area_level", sort=False, observed=True):
        known = lookup(str(level))
        if known is None or len(known) == 0:
            label = "buurt" if level == NEIGHBOURHOOD else level_label(str(level))
            raise ZorgzaamError("no_areas_loaded", file=report.file, level=f"{label} ({level})")
        parts.append(_resolve_level(part, str(level), known, report, allow_names, workspace,
                                    outside_ok and str(level) == Level.MUNICIPALITY.value))
    if report.outside_rows:
        examples = ", ".join(sorted(report.outside_examples)[:5])
        report.warn("src_outside_areas", rows=report.outside_rows, areas=report.outside_areas, examples=examples)
    if not parts:
        return records.assign(area_code=pd.Series(dtype=str), area_vintage=pd.Series(dtype=str))
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


NIS_MUNICIPALITY = re.compile(r"^\d{5}$")


def _resolve_level(part, level, known, report, allow_names, workspace, outside_ok=False):
    known = known.copy()
    known["code"] = known["code"].astype(str)
    known["vintage"] = known["vintage"].astype(str)
    codes = set(known["code"])
    names: dict[str, set] = {}
    if allow_names and "name" in known.columns:
        for code, name in zip(known["code"], known["name"].fillna(""), strict=True):
            if name:
                names.setdefault(name_key(name), set()).add(code)
        if level == NEIGHBOURHOOD:
            for code in codes:
                names.setdefault(name_key(code), set()).add(code)
    refs = [str(r) for r in pd.unique(part["area_ref"])]
    resolved: dict[str, str | None] = {}
    reason: dict[str, tuple[str, dict]] = {}
    for ref in refs:
        found = None
        for candidate in code_candidates(ref):
            if candidate in codes:
                found = candidate
                break
            upper = candidate.upper()
            if upper in codes:
                found = upper
                break
        if found is None and names:
            matches = names.get(name_key(ref), set())
            if len(matches) == 1:
                found = next(iter(matches))
            elif len(matches) > 1:
                reason[ref] = ("src_ambiguous_name", {"value": ref, "codes": ", ".join(sorted(matches))})
        if found is None and ref not in reason:
            if level == NEIGHBOURHOOD:
                reason[ref] = ("src_unknown_neighbourhood", {"code": ref, "workspace": workspace or "?"})
            elif any(ch.isdigit() for ch in ref):
                reason[ref] = ("unknown_area", {"code": ref, "level": level})
            else:
                reason[ref] = ("src_no_code", {"value": ref})
        resolved[ref] = found
    ref_codes, ref_uniques = pd.factorize(part["area_ref"])
    mapped = np.array([resolved[str(u)] for u in ref_uniques], dtype=object)
    found_unique = np.array([m is not None for m in mapped], dtype=bool)
    missing = ~found_unique[ref_codes] if len(ref_codes) else np.zeros(0, dtype=bool)
    if outside_ok and missing.any():
        outside_unique = np.array([resolved[str(u)] is None and reason.get(str(u), ("",))[0] == "unknown_area"
                                   and bool(NIS_MUNICIPALITY.match(str(u))) for u in ref_uniques], dtype=bool)
        outside = outside_unique[ref_codes]
        if outside.any():
            report.outside_rows += int(outside.sum())
            names = [str(u) for u, o in zip(ref_uniques, outside_unique, strict=True) if o]
            report.outside_areas += len(names)
            report.outside_examples.update(names[:5])
            part = part[~outside]
            ref_codes = ref_codes[~outside]
            missing = missing[~outside]
    if missing.any():
        bad = part[missing]
        bad_reason = bad["area_ref"].astype(str).map(lambda r: reason[r][0])
        for code_name, rows in bad.groupby(bad_reason.to_numpy(), sort=False):
            report.refuse(code_name, rows, lambda r: reason[str(r["area_ref"])][1], distinct_column="area_ref")
    out = part[~missing].copy()
    # Work per distinct code, not per row: the kept codes become a categorical over the found codes.
    found_codes = np.where(found_unique, mapped, "").astype(str)
    categories, inverse = np.unique(found_codes, return_inverse=True)
    out["area_code"] = pd.Categorical.from_codes(inverse[ref_codes[~missing]], categories)
    out["area_vintage"] = _choose_vintages(out, known, report)
    return out


def _choose_vintages(records: pd.DataFrame, known: pd.DataFrame, report: ImportReport) -> np.ndarray:
    """The vintage of each record's area code: decided once per distinct (code, period) pair."""
    if len(records) == 0:
        return np.array([], dtype=object)
    code_index, code_values = pd.factorize(records["area_code"])
    period_index, period_values = pd.factorize(records["period"])
    pair_key = code_index.astype(np.int64) * max(len(period_values), 1) + period_index
    pair_keys, pair_of_record = np.unique(pair_key, return_inverse=True)
    pairs = pd.DataFrame({
        "area_code": np.asarray(code_values, dtype=object)[pair_keys // max(len(period_values), 1)],
        "period": np.asarray(period_values, dtype=object)[pair_keys % max(len(period_values), 1)],
    })
    candidates = pairs.merge(known.rename(columns={"code": "area_code"}), on="area_code", how="left")
    multi = known.groupby("code")["vintage"].nunique()
    multi_codes = int((multi[multi.index.isin(pairs["area_code"])] > 1).sum())
    if multi_codes == 0:
        lookup = dict(zip(known["code"], known["vintage"], strict=True))
        return pairs["area_code"].map(lookup).to_numpy(dtype=object)[pair_of_record]
    report.warn("src_vintage_choice", count=multi_codes)
    starts = {p: pd.Timestamp(period_start(p)) for p in pairs["period"].unique()}
    start = candidates["period"].map(starts)
    valid_from = pd.to_datetime(candidates.get("valid_from"), errors="coerce") if "valid_from" in candidates else None
    valid_to = pd.to_datetime(candidates.get("valid_to"), errors="coerce") if "valid_to" in candidates else None
    covers = pd.Series(True, index=candidates.index)
    has_dates = pd.Series(False, index=candidates.index)
    if valid_from is not None:
        covers &= valid_from.isna() | (valid_from <= start)
        has_dates |= valid_from.notna()
    if valid_to is not None:
        covers &= valid_to.isna() | (start <= valid_to)
        has_dates |= valid_to.notna()
    covers &= has_dates
    vyear = pd.to_numeric(candidates["vintage"].str[:4], errors="coerce").fillna(0)
    pyear = candidates["period"].str[:4].astype(int)
    after = vyear > pyear
    distance = (vyear - pyear).abs()
    candidates = candidates.assign(_a=(~covers).astype(int), _b=after.astype(int), _c=distance)
    best = candidates.sort_values(["area_code", "period", "_a", "_b", "_c"]).drop_duplicates(["area_code", "period"])
    chosen = pairs.merge(best[["area_code", "period", "vintage"]], on=["area_code", "period"], how="left")
    return chosen["vintage"].to_numpy(dtype=object)[pair_of_record]


def check_complete_areas(records: pd.DataFrame, lookup: AreaLookup, report: ImportReport) -> None:
    """A published table of every area (Statbel's population cube) must hold every loaded area of the
    vintage its figures are stored against: per level and period, the vintage most of its areas got.
    Raises ``src_missing_areas`` (with the report) when some are absent: the file is incomplete."""
    for (level, _period), part in records.groupby(["area_level", "period"], sort=False, observed=True):
        pairs = part[["area_code", "area_vintage"]].drop_duplicates()
        if len(pairs) == 0:
            continue
        vintage = str(pairs["area_vintage"].astype(str).value_counts().idxmax())
        known = lookup(str(level))
        expected = set(known.loc[known["vintage"].astype(str) == vintage, "code"].astype(str))
        present = set(pairs["area_code"].astype(str)) | {str(r).strip() for r in report.area_refs}
        missing = sorted(expected - present)
        if missing:
            error = ZorgzaamError("src_missing_areas", file=report.file, missing=len(missing), expected=len(expected),
                                  level=level_label(str(level)), vintage=vintage,
                                  examples=", ".join(missing[:5]) + (" …" if len(missing) > 5 else ""))
            error.report = report
            raise error
