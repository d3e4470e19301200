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

Codes of the population files, as the files describe them in their own description columns
(``TX_CIV_STS_NL``/``_FR``, ``TX_NATLTY_NL``/``_FR``):

=============  ===========================  ================================  ====================
column         older layout                 current layout                    measure
               (``CD_MUNTY_REFNIS``,        (``CD_REFNIS`` header, e.g. the
               2009–2015 files read here)   files from 2019 on)
=============  ===========================  ================================  ====================
CD_CIV_STS     10 Ongehuwd / Célibataire    1 Ongehuwd / Célibataire          never_married
               20 Gehuwd / Marié            2 Gehuwd / Marié                  married
               30 Weduwstaat / Veuf         3 Weduwstaat / Veuf               widowed
               40 Gescheiden / Divorcé      4 Gescheiden / Divorcé            divorced
               (50 separated: not in any file read here, kept from the register's code list)
CD_NATLTY      BEL Belgen / Belges          BEL Belgen / Belges               belgian
               ETR Vreemdelingen /          ETR niet-Belgen / non-Belges      non_belgian
               Etrangers
CD_SEX         M, F                         M, F                              male, female
CD_AGE         0..100 (100 = 100 and older; higher ages are counted in 100+)
=============  ===========================  ================================  ====================

An unknown civil-status or nationality code is reported once (with how many lines have it) and
never drops the line's persons: the line still counts for the total, sex and age. Civil status is
needed for no demographic indicator.

**The cube is sparse.** Statbel leaves out the cells that are zero (no woman aged 104 in Ravels means
no line). For every area that appears in the file, every measure the reader produces is filled:
absent cells are 0, and the report says how many were filled. Hidden values (``x``, ``nvt``, ``-``,
``...``, empty) stay unknown. Areas that are not in the file get no figures at all.

**An incomplete file is refused whole**: a last line with fewer fields than the header, or a last
line without a line break whose count is not a number, means the file was cut off; nothing is stored.
``importers.import_file`` also refuses a population file that lacks some of the loaded municipalities
of the vintage it is stored against.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.measures import (
    CIVIL_STATUS_CODES,
    CIVIL_STATUSES,
    NATIONALITIES,
    SEXES,
    STATBEL_INCOME,
    TOP_SINGLE_AGE,
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
#: the parents Statbel's municipal cube names on every line (of the year of the file)
PARENT_COLUMNS = {"CD_PROV_REFNIS": "province", "CD_RGN_REFNIS": "region"}


def period_from_name(name: str) -> str | None:
    """'TF_SOC_POP_STRUCT_2015.zip' → '2015'; 'OPENDATA_SECTOREN_2022' → '2022'."""
    match = re.search(r"(?:^|[_\-\s])((?:19|20)\d{2})(?:\D|$)", name)
    return match.group(1) if match else None


def _choose_period(source: Source, period: str | None, report: ImportReport, force_period: bool = False) -> str:
    """The period of a Statbel file: from its name, or ``period``. A ``period`` that contradicts the
    name is refused unless ``force_period``; then the report says so."""
    found = period_from_name(source.stem) or period_from_name(source.path.name)
    if period:
        if found and found != str(period)[:4]:
            if not force_period:
                raise ZorgzaamError("src_period_contradicts_name", file=source.path.name, period=period,
                                    found=found)
            report.warn("src_period_forced", found=found, period=period)
        elif found and found != str(period):
            report.warn("src_period_overridden", found=found, period=period)
        return str(period)
    if not found:
        raise ZorgzaamError("no_period", file=source.name)
    return found


def read_population(source: Source, report: ImportReport, *, period: str | None = None,
                    level: str | None = None, force_period: bool = False) -> tuple[pd.DataFrame, list[str], callable]:
    """Records of a Statbel population file (municipality or sector), its duplicate keys and its
    aggregation function."""
    chosen_period = _choose_period(source, period, report, force_period)
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
    parent_columns = [c for c in PARENT_COLUMNS if c in header] if file_level == "municipality" else []
    table = read_table(source, expected_delimiter="|", columns=[area_column] + dims + value_columns + parent_columns,
                       header_hints=HINTS + VALUE_COLUMNS)
    _table_notes(table, report, value_column)
    report.level = level or file_level
    frame = table.frame
    base = pd.DataFrame({
        "area_level": pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), [report.level]),
        "area_ref": _category(frame[area_column]),
        "period": pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), [chosen_period]),
        "line": table.lines,
    })
    if parent_columns and len(frame):
        codes = base["area_ref"].cat.codes.to_numpy()
        _, first = np.unique(codes, return_index=True)
        municipalities = np.asarray(base["area_ref"].cat.categories, dtype=str)[codes[first]]
        for column in parent_columns:
            parents = frame[column].to_numpy(dtype=object)[first]
            grouped: dict[str, list[str]] = {}
            for municipality, parent in zip(municipalities, parents, strict=True):
                if isinstance(parent, str) and parent.strip():
                    grouped.setdefault(parent.strip(), []).append(str(municipality))
            report.published_parents[PARENT_COLUMNS[column]] = grouped
    for column in dims:
        base[DIMENSIONS[column]] = _category(frame[column])
    if value_column:
        records = base.assign(field=value_column, text=frame[value_column].array)
    else:  # only per-sex columns: each becomes a record with its sex
        parts = [base.assign(field=c, text=frame[c].to_numpy(), sex=s) for c, s in sex_columns.items()]
        records = pd.concat(parts, ignore_index=True)
        dims = dims + (["CD_SEX"] if "CD_SEX" not in dims else [])
    report.records_read = len(records)
    report.area_refs = {str(c) for c in pd.unique(records["area_ref"])}
    raw = records[["area_ref", "line"] + [DIMENSIONS[c] for c in dims if DIMENSIONS[c] in records]]
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
        raw = None
    return records, keys, functools.partial(aggregate_population, raw=raw)


def _category(series: pd.Series) -> pd.Categorical:
    """Codes as a categorical (few distinct values, many rows), stripped of spaces."""
    codes, uniques = pd.factorize(series)
    stripped = [str(u).strip() for u in uniques]
    if len(set(stripped)) != len(stripped):
        return pd.Categorical(np.asarray(stripped, dtype=object)[codes])
    return pd.Categorical.from_codes(codes, stripped)


def _table_notes(table, report: ImportReport, value_column: str | None = None) -> None:
    report.rows_read = table.rows_read
    for code, params in table.notes:
        report.warn(code, **params)
    if table.blank_lines:
        report.warn("src_blank_rows", count=table.blank_lines)
    _check_complete_file(table, report, value_column)
    for line, found in table.short_lines:
        from zorgzaam.messages import Problem

        report.refuse_one(Problem("src_short_line", {"found": found, "expected": table.expected_fields},
                                  file=report.file, line=line))


def _check_complete_file(table, report: ImportReport, value_column: str | None) -> None:
    """A published Statbel file whose last line is cut is incomplete: refuse it whole."""
    for line, found in table.short_lines:
        if line == table.last_line and found < table.expected_fields:
            header = table.header_names or list(table.frame.columns)
            missing = header[found] if found < len(header) else "?"
            raise ZorgzaamError("src_incomplete_file", file=report.file, line=line, column=missing, found=found,
                                expected=table.expected_fields, field=missing)
    if table.final_newline or value_column is None or len(table.frame) == 0:
        return
    if int(table.lines[-1]) != table.last_line:
        return
    last = str(table.frame[value_column].iloc[-1]).strip()
    if not last.lstrip("+-").isdigit():
        raise ZorgzaamError("src_incomplete_last_value", file=report.file, line=table.last_line,
                            column=value_column, value=last)


_DIM_VALUES = {
    "sex": set(SEXES) | {"ALL"},
}
# Codes of every published layout (see the module docstring) -> the code used in the measures
_CODE_MAPS = {
    "nationality": ({code: code for code in NATIONALITIES}, "CD_NATLTY", "nationaliteit / nationality"),
    "civil_status": (CIVIL_STATUS_CODES, "CD_CIV_STS", "burgerlijke staat / civil status"),
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
    for column, (mapping, field_name, what) in _CODE_MAPS.items():
        if column not in records:
            continue
        codes, uniques = pd.factorize(records[column])
        uniques = [str(u).strip() for u in uniques]
        targets = sorted({mapping.get(u, "") for u in uniques} | {""})
        mapped = pd.Categorical.from_codes(
            np.array([targets.index(mapping.get(u, "")) for u in uniques] + [targets.index("")])[codes], targets)
        unknown = sorted(u for u in uniques if u not in mapping)
        if unknown:
            count = int(np.isin(codes, [uniques.index(u) for u in unknown]).sum())
            report.warn("src_unknown_code", count=count, field=field_name, values=", ".join(unknown[:10]),
                        known=", ".join(sorted(set(mapping))), what=what)
        records = records.assign(**{column: mapped})
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


def _codes(values, categories: list[str]) -> np.ndarray:
    """Position of each value in ``categories``; -1 for any other value."""
    position = {c: i for i, c in enumerate(categories)}
    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):  # per category, not per row
        cat = values.cat if isinstance(values, pd.Series) else values
        lookup = np.array([position.get(c, -1) for c in cat.categories] + [-1], dtype=np.int64)
        return lookup[np.asarray(cat.codes)]
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    lookup = np.array([position.get(u, -1) for u in uniques] + [-1], dtype=np.int64)
    return lookup[codes]


def _family(key_idx, n_keys, codes, n_cat, values):
    """Sum ``values`` per (key, category code 0..n_cat-1) for EVERY key and category: a cell without
    any line is 0 (the cube leaves out zeros), one with an unknown part is NaN. Rows with code -1 are
    left out. Returns (sums as an n_keys × n_cat array, number of cells without any line)."""
    valid = codes >= 0
    if not valid.all():
        key_idx, codes, values = key_idx[valid], codes[valid], values[valid]
    flat = key_idx * n_cat + codes
    size = n_keys * n_cat
    nan = np.isnan(values)
    sums = np.bincount(flat, weights=np.where(nan, 0.0, values), minlength=size)
    unknown = np.bincount(flat, weights=nan.astype(np.float64), minlength=size)
    present = np.bincount(flat, minlength=size) > 0
    result = np.where(unknown > 0, np.nan, sums)
    return result.reshape(n_keys, n_cat), int(size - present.sum())


def _refused_as_unknown(records: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """Lines of the file that were refused (not a number, negative, conflicting duplicates, a bad sex
    or age) for an area that is kept: their persons are unknown, so every sum they belong to must be
    unknown, never a 0 filled in for an absent cell. Returns them as records with value NaN."""
    kept_refs = set(pd.unique(records["area_ref"]).astype(str))
    refs = raw["area_ref"]
    if isinstance(refs.dtype, pd.CategoricalDtype):  # per distinct code, not per line
        kept_category = np.array([str(c) in kept_refs for c in refs.cat.categories] + [False], dtype=bool)
        in_kept_area = kept_category[refs.cat.codes.to_numpy()]
    else:
        in_kept_area = refs.astype(str).isin(kept_refs).to_numpy()
    if int(in_kept_area.sum()) == len(records):  # every line of the kept areas was kept
        return records.iloc[0:0]
    gone = in_kept_area & ~np.isin(raw["line"].to_numpy(), records["line"].to_numpy())
    if not gone.any():
        return records.iloc[0:0]
    dims = [c for c in raw.columns if c not in ("area_ref", "line")]
    raw_text = raw.astype(str)

    def key(frame):
        out = frame["area_ref"].astype(str)
        for column in dims:
            out = out + "|" + frame[column].astype(str)
        return out

    kept_keys = set(key(raw_text[np.isin(raw["line"].to_numpy(), records["line"].to_numpy())]))
    candidates = raw_text[gone]
    refused = candidates[~key(candidates).isin(kept_keys).to_numpy()]  # identical duplicates are not refusals
    if len(refused) == 0:
        return records.iloc[0:0]
    places = records.drop_duplicates("area_ref").assign(area_ref=lambda f: f["area_ref"].astype(str))
    places = places.set_index("area_ref")[["area_level", "area_code", "area_vintage", "period"]]
    out = places.loc[refused["area_ref"].to_numpy()].reset_index()
    out["line"] = refused["line"].astype(np.int64).to_numpy()
    out["value"] = np.nan
    if "sex" in dims:
        out["sex"] = refused["sex"].str.strip().to_numpy()
    if "age" in dims:
        out["age"] = pd.to_numeric(refused["age"], errors="coerce").fillna(-1).astype(int).clip(lower=-1).to_numpy()
    for column, (mapping, _, _) in _CODE_MAPS.items():
        if column in dims:
            out[column] = refused[column].str.strip().map(mapping).fillna("").to_numpy()
    return out


def aggregate_population(records: pd.DataFrame, report: ImportReport | None = None,
                         raw: pd.DataFrame | None = None) -> pd.DataFrame:
    """Validated population records → tidy measures (see the module docstring): every measure is
    filled for every area of the file, absent cells as 0; ``raw`` (every line's area and dimensions)
    lets refused lines make their sums unknown instead."""
    if raw is not None and len(records):
        unknown = _refused_as_unknown(records, raw)
        if len(unknown):
            records = pd.concat([records[list(unknown.columns)], unknown], ignore_index=True)
    zeros = [0]
    out = _aggregate(records, zeros)
    if report is not None and zeros[0]:
        areas = int(out[["area_level", "area_code"]].drop_duplicates().shape[0]) if len(out) else 0
        report.warn("src_cube_zeros", count=zeros[0], areas=areas)
    return out


def _aggregate(records: pd.DataFrame, zeros: list[int]) -> pd.DataFrame:
    if "sex" in records and (records["sex"] == "ALL").any():
        totals = records[records["sex"] == "ALL"].drop(columns="sex")
        by_sex = records[records["sex"] != "ALL"][["area_level", "area_code", "area_vintage", "period", "sex",
                                                    "value"]]
        out = _aggregate(totals, zeros)
        if len(by_sex):
            extra = _aggregate(by_sex, zeros)
            extra = extra[extra["measure"].isin(["population_male", "population_female"])]
            out = pd.concat([out, extra], ignore_index=True)
        return out
    keys = records[["area_level", "area_code", "area_vintage", "period"]]
    key_idx = keys.groupby(list(keys.columns), sort=False, observed=True, dropna=False).ngroup().to_numpy()
    first = np.unique(key_idx, return_index=True)[1]
    key_frame = keys.iloc[first].reset_index(drop=True)
    for column in key_frame.columns:
        key_frame[column] = key_frame[column].astype(object)
    n_keys = len(key_frame)
    values = records["value"].to_numpy(dtype=np.float64)
    blocks: list[tuple[list[str], np.ndarray]] = []

    def add(codes, names):
        sums, absent = _family(key_idx, n_keys, np.asarray(codes, dtype=np.int64), len(names), values)
        blocks.append((list(names), sums))
        zeros[0] += absent

    add(np.zeros(len(records), dtype=np.int64), ["population"])
    sex_names = list(SEXES)
    if "sex" in records:
        sex_code = _codes(records["sex"], sex_names)
        add(sex_code, [f"population_{SEXES[s]}" for s in sex_names])
    if "age" in records:
        ages = np.minimum(records["age"].to_numpy(dtype=np.int64), TOP_SINGLE_AGE)  # -1: unknown age
        add(ages, [single_age_measure(a) for a in range(TOP_SINGLE_AGE + 1)])
        if "sex" in records:
            both = np.where((sex_code < 0) | (ages < 0), -1, sex_code * (TOP_SINGLE_AGE + 1) + ages)
            add(both, [single_age_measure(a, f"population_{SEXES[s]}") for s in sex_names
                       for a in range(TOP_SINGLE_AGE + 1)])
    for column, names in (("nationality", NATIONALITIES), ("civil_status", None)):
        if column not in records:
            continue
        present = [c for c in pd.unique(records[column]) if c]
        categories = list(names) if names else [c for c in CIVIL_STATUSES if c in set(present)]
        codes = _codes(records[column], categories)
        prefix = "population_" if column == "nationality" else "population_civil_"
        labels = names if names else CIVIL_STATUSES
        add(codes, [prefix + labels[c] for c in categories])
    measures = [name for names, _ in blocks for name in names]
    matrix = np.concatenate([sums for _, sums in blocks], axis=1)  # n_keys × n_measures
    n_measures = len(measures)
    out = key_frame.loc[np.repeat(np.arange(n_keys), n_measures)].reset_index(drop=True)
    out["measure"] = np.tile(np.asarray(measures, dtype=object), n_keys)
    out["value"] = matrix.reshape(-1)
    return out


def read_income(source: Source, report: ImportReport, *, period: str | None = None,
                level: str | None = None, force_period: bool = False) -> tuple[pd.DataFrame, list[str], None]:
    """Records of TF_PSNL_INC_TAX_MUNTY: every MS_ column of every line."""
    header = peek_columns(source, expected_delimiter="|", header_hints=("CD_YEAR",) + HINTS)
    area_column = next((c for c in ("CD_MUNTY_REFNIS", "CD_REFNIS") if c in header), None)
    measures = [c for c in header if c.upper().startswith("MS_")]
    if area_column is None or not measures or ("CD_YEAR" not in header and not period):
        raise ZorgzaamError("missing_columns", file=source.name, line=1,
                            columns="CD_YEAR, CD_MUNTY_REFNIS / CD_REFNIS, MS_…", found=", ".join(header[:25]))
    columns = [area_column] + (["CD_YEAR"] if "CD_YEAR" in header else []) + measures
    table = read_table(source, expected_delimiter="|", columns=columns, header_hints=("CD_YEAR",) + HINTS)
    _table_notes(table, report, measures[-1])
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
