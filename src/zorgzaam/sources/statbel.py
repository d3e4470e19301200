"""Statbel open data as published: pipe-delimited ``.txt`` (usually inside a ``.zip``). Plain module.

* Population structure ``TF_SOC_POP_STRUCT_YYYY``: one line per municipality × sex × nationality ×
  civil status × single year of age, ``MS_POPULATION`` persons on 1 January. The municipality column
  is ``CD_REFNIS`` in recent years and ``CD_MUNTY_REFNIS`` in older ones: both are read.
* Population per statistical sector ``OPENDATA_SECTOREN_YYYY``: ``CD_REFNIS|CD_SECTOR|TOTAL|…``;
  variants with per-sex columns (``MALE``/``FEMALE``) or with ``CD_SEX``/``CD_AGE`` and
  ``MS_POPULATION`` are read the same way. The sector code is taken as it is: the municipality is
  never inferred from its prefix (``CD_REFNIS`` is ignored).
* Fiscal income ``TF_PSNL_INC_TAX_MUNTY``: one line per year × municipality with sums in euro and
  counts of tax returns (see ``measures.STATBEL_INCOME``).

Both population readers aggregate to the measures of ``sources.measures``: total, by sex, by single
year of age (0..99 and 100+), by sex × age, by nationality and by civil status. A sum that includes
an unknown value is unknown.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.measures import (
    CIVIL_STATUSES,
    NATIONALITIES,
    SEXES,
    STATBEL_INCOME,
    single_age_measure,
    slug,
)
from zorgzaam.sources.readers import Source, peek_columns, read_table
from zorgzaam.sources.report import ImportReport
from zorgzaam.sources.validation import apply_numbers

AREA_COLUMNS = (("CD_SECTOR", "sector"), ("CD_REFNIS", "municipality"), ("CD_MUNTY_REFNIS", "municipality"))
DIMENSIONS = {"CD_SEX": "sex", "CD_NATLTY": "nationality", "CD_CIV_STS": "civil_status", "CD_AGE": "age"}
VALUE_COLUMNS = ("MS_POPULATION", "TOTAL", "MS_TOTAL", "POPULATION")
SEX_COLUMNS = {"MALE": "M", "FEMALE": "F", "MS_MALE": "M", "MS_FEMALE": "F", "MS_POPULATION_MALE": "M",
               "MS_POPULATION_FEMALE": "F", "TOTAL_M": "M", "TOTAL_F": "F"}
HINTS = tuple(c for c, _ in AREA_COLUMNS)


def period_from_name(name: str) -> str | None:
    """'TF_SOC_POP_STRUCT_2015.zip' → '2015'; 'OPENDATA_SECTOREN_2022' → '2022'."""
    match = re.search(r"(?:^|[_\-\s])((?:19|20)\d{2})(?:\D|$)", name)
    return match.group(1) if match else None


def _choose_period(source: Source, period: str | None, report: ImportReport) -> str:
    found = period_from_name(source.stem) or period_from_name(source.path.name)
    if period:
        if found and found != str(period):
            report.warn("src_period_overridden", found=found, period=period)
        return str(period)
    if not found:
        raise ZorgzaamError("no_period", file=source.name)
    return found


def read_population(source: Source, report: ImportReport, *, period: str | None = None,
                    level: str | None = None) -> tuple[pd.DataFrame, list[str], callable]:
    """Records of a Statbel population file (municipality or sector), its duplicate keys and its
    aggregation function."""
    header = peek_columns(source, expected_delimiter="|", header_hints=HINTS + VALUE_COLUMNS)
    area_column = next((c for c, _ in AREA_COLUMNS if c in header), None)
    value_column = next((c for c in VALUE_COLUMNS if c in header), None)
    sex_columns = {c: s for c, s in SEX_COLUMNS.items() if c in header}
    if area_column is None or (value_column is None and not sex_columns):
        missing = [c for c in ("CD_REFNIS / CD_MUNTY_REFNIS / CD_SECTOR", "MS_POPULATION / TOTAL")]
        raise ZorgzaamError("missing_columns", file=source.name, line=1, columns=", ".join(missing),
                            found=", ".join(header[:25]))
    file_level = dict(AREA_COLUMNS)[area_column]
    dims = [c for c in DIMENSIONS if c in header]
    value_columns = ([value_column] if value_column else []) + list(sex_columns)
    table = read_table(source, expected_delimiter="|", columns=[area_column] + dims + value_columns,
                       header_hints=HINTS + VALUE_COLUMNS)
    _table_notes(table, report)
    report.level = level or file_level
    chosen_period = _choose_period(source, period, report)
    frame = table.frame
    base = pd.DataFrame({
        "area_level": pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), [report.level]),
        "area_ref": _category(frame[area_column]),
        "period": pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), [chosen_period]),
        "line": table.lines,
    })
    for column in dims:
        base[DIMENSIONS[column]] = _category(frame[column])
    if value_column:
        records = base.assign(field=value_column, text=frame[value_column].to_numpy())
    else:  # only per-sex columns: each becomes a record with its sex
        parts = [base.assign(field=c, text=frame[c].to_numpy(), sex=s) for c, s in sex_columns.items()]
        records = pd.concat(parts, ignore_index=True)
        dims = dims + (["CD_SEX"] if "CD_SEX" not in dims else [])
    report.records_read = len(records)
    records = apply_numbers(records, "text", report)
    records = _check_dimensions(records, report)
    keys = ["area_level", "area_ref", "period"] + [DIMENSIONS[c] for c in dims]
    if value_column and sex_columns:
        # wide per-sex columns beside a total: keep them as extra records of their own
        extra = []
        for column, sex in sex_columns.items():
            more = base.assign(field=column, text=frame[column].to_numpy(), sex=sex)
            extra.append(apply_numbers(more, "text", report))
        records = pd.concat([records.assign(sex=records.get("sex", "ALL"))] + extra, ignore_index=True)
        keys = keys + (["sex"] if "sex" not in keys else [])
    return records, keys, aggregate_population


def _category(series: pd.Series) -> pd.Categorical:
    """Codes as a categorical (few distinct values, many rows), stripped of spaces."""
    codes, uniques = pd.factorize(series)
    stripped = [str(u).strip() for u in uniques]
    if len(set(stripped)) != len(stripped):
        return pd.Categorical(np.asarray(stripped, dtype=object)[codes])
    return pd.Categorical.from_codes(codes, stripped)


def _table_notes(table, report: ImportReport) -> None:
    report.rows_read = table.rows_read
    for code, params in table.notes:
        report.warn(code, **params)
    if table.blank_lines:
        report.warn("src_blank_rows", count=table.blank_lines)
    for line, found in table.short_lines:
        from zorgzaam.messages import Problem

        report.refuse_one(Problem("src_short_line", {"found": found, "expected": table.expected_fields},
                                  file=report.file, line=line))


_DIM_VALUES = {
    "sex": set(SEXES) | {"ALL"},
    "nationality": set(NATIONALITIES),
    "civil_status": set(CIVIL_STATUSES),
}


def _check_dimensions(records: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    keep = np.ones(len(records), dtype=bool)
    for column, allowed in _DIM_VALUES.items():
        if column not in records:
            continue
        bad = (~records[column].isin(allowed)).to_numpy() & keep
        if bad.any():
            report.refuse("src_bad_value", records[bad].assign(field=column), lambda r, c=column, a=allowed: {
                "value": r[c], "expected": ", ".join(sorted(a - {"ALL"}))})
        keep &= ~bad
    if "age" in records:
        age_codes, age_uniques = pd.factorize(records["age"])
        ages = pd.Series(pd.to_numeric(pd.Series(age_uniques, dtype=object).astype(str), errors="coerce")
                         .to_numpy(dtype=np.float64)[age_codes], index=records.index)
        bad = (ages.isna() | (ages < 0) | (ages > 130) | (ages % 1 != 0)).to_numpy() & keep
        if bad.any():
            report.refuse("src_bad_value", records[bad].assign(field="CD_AGE"),
                          lambda r: {"value": r["age"], "expected": "0..120"})
        keep &= ~bad
        records = records.assign(age=ages.fillna(-1).astype(int))
    return records[keep]


def _family(key_idx, n_keys, categories, labels, values):
    """Sum ``values`` per (key, category). Returns key index, labels and sums (NaN if any part unknown)."""
    codes, uniques = pd.factorize(categories, sort=True)
    n_cat = len(uniques)
    flat = key_idx * n_cat + codes
    size = n_keys * n_cat
    nan = np.isnan(values)
    sums = np.bincount(flat, weights=np.where(nan, 0.0, values), minlength=size)
    unknown = np.bincount(flat, weights=nan.astype(np.float64), minlength=size)
    present = np.bincount(flat, minlength=size) > 0
    where = np.nonzero(present)[0]
    result = np.where(unknown[where] > 0, np.nan, sums[where])
    names = np.array([labels(u) for u in uniques], dtype=object)
    return where // n_cat, names[where % n_cat], result


def aggregate_population(records: pd.DataFrame) -> pd.DataFrame:
    """Validated population records → tidy measures (see the module docstring)."""
    if "sex" in records and (records["sex"] == "ALL").any():
        totals = records[records["sex"] == "ALL"].drop(columns="sex")
        by_sex = records[records["sex"] != "ALL"][["area_level", "area_code", "area_vintage", "period", "sex",
                                                    "value"]]
        out = aggregate_population(totals)
        if len(by_sex):
            extra = aggregate_population(by_sex)
            extra = extra[extra["measure"].isin(["population_male", "population_female"])]
            out = pd.concat([out, extra], ignore_index=True)
        return out
    keys = records[["area_level", "area_code", "area_vintage", "period"]]
    key_idx = keys.groupby(list(keys.columns), sort=False, observed=True, dropna=False).ngroup().to_numpy()
    key_frame = keys.drop_duplicates().reset_index(drop=True)
    n_keys = len(key_frame)
    values = records["value"].to_numpy(dtype=np.float64)
    parts = []

    def add(result):
        idx, names, sums = result
        part = key_frame.iloc[idx].reset_index(drop=True)
        part["measure"] = names
        part["value"] = sums
        parts.append(part)

    add(_family(key_idx, n_keys, np.zeros(len(records), dtype=np.int64), lambda _: "population", values))
    if "sex" in records:
        sex = records["sex"].to_numpy(dtype=object)
        add(_family(key_idx, n_keys, sex, lambda s: f"population_{SEXES[s]}", values))
    if "age" in records:
        ages = np.minimum(records["age"].to_numpy(dtype=np.int64), 100)
        add(_family(key_idx, n_keys, ages, lambda a: single_age_measure(int(a)), values))
        if "sex" in records:
            combined = np.where(sex == "M", 0, 1000) + ages
            add(_family(key_idx, n_keys, combined, lambda c: single_age_measure(
                int(c) % 1000, "population_male" if c < 1000 else "population_female"), values))
    if "nationality" in records:
        add(_family(key_idx, n_keys, records["nationality"].to_numpy(dtype=object),
                    lambda n: f"population_{NATIONALITIES[n]}", values))
    if "civil_status" in records:
        add(_family(key_idx, n_keys, records["civil_status"].to_numpy(dtype=object),
                    lambda c: f"population_civil_{CIVIL_STATUSES[c]}", values))
    return pd.concat(parts, ignore_index=True)


def read_income(source: Source, report: ImportReport, *, period: str | None = None,
                level: str | None = None) -> tuple[pd.DataFrame, list[str], None]:
    """Records of TF_PSNL_INC_TAX_MUNTY: every MS_ column of every line."""
    header = peek_columns(source, expected_delimiter="|", header_hints=("CD_YEAR",) + HINTS)
    area_column = next((c for c in ("CD_MUNTY_REFNIS", "CD_REFNIS") if c in header), None)
    measures = [c for c in header if c.upper().startswith("MS_")]
    if area_column is None or not measures or ("CD_YEAR" not in header and not period):
        raise ZorgzaamError("missing_columns", file=source.name, line=1,
                            columns="CD_YEAR, CD_MUNTY_REFNIS / CD_REFNIS, MS_…", found=", ".join(header[:25]))
    columns = [area_column] + (["CD_YEAR"] if "CD_YEAR" in header else []) + measures
    table = read_table(source, expected_delimiter="|", columns=columns, header_hints=("CD_YEAR",) + HINTS)
    _table_notes(table, report)
    report.level = level or "municipality"
    frame = table.frame
    years = frame["CD_YEAR"].astype(str).str.strip().to_numpy() if "CD_YEAR" in frame else str(period)
    base = pd.DataFrame({"area_level": report.level, "area_ref": frame[area_column].astype(str).str.strip().to_numpy(),
                         "period": years, "line": table.lines})
    parts = [base.assign(field=c, measure=STATBEL_INCOME.get(c.upper(), slug(c[3:]) + "_statbel"),
                         text=frame[c].to_numpy()) for c in measures]
    records = pd.concat(parts, ignore_index=True)
    report.records_read = len(records)
    records = apply_numbers(records, "text", report)
    return records, ["area_level", "area_ref", "period", "measure"], None
