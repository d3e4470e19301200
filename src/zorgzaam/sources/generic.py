"""A team's own figures and other tables with areas as rows. Plain module, no Django.

* **long**: one value per line, columns area, period, measure, value (Dutch names such as gebied,
  periode/jaar, meetwaarde/indicator, waarde/aantal are recognised; an optional level column).
* **wide**: areas as rows, one column per measure (and optionally a period column, or a year in each
  column header as '... 2021'). Measure ids come from a mapping or from the column names. Columns can
  be skipped; columns marked as rates — or whose header announces a percentage — are stored with a
  ``_pct``/``_rate`` suffix and never summed. Text columns (names) are left out with a note.

Levels: a statistical sector, wijk (district), municipality ... or ``neighbourhood``: the code is then
the buurt's name, checked against the workspace's neighbourhoods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from zorgzaam.messages import Problem, ZorgzaamError
from zorgzaam.sources.measures import is_valid_measure, looks_like_percentage, rate_measure, slug
from zorgzaam.sources.readers import Source, Table, cell_text, read_table
from zorgzaam.sources.report import ImportReport
from zorgzaam.sources.validation import apply_numbers

AREA_ALIASES = ("area_code", "area", "geoitem", "cd_sector", "sector", "statsec", "nis", "niscode", "nis-code",
                "nis_code", "nis code", "cd_refnis", "cd_munty_refnis", "refnis", "code", "gebiedscode",
                "gebied", "wijk", "buurt", "neighbourhood", "gemeente", "municipality", "naam", "regio")
PERIOD_ALIASES = ("period", "periode", "jaar", "year", "cd_year", "datum", "date", "referentiejaar")
MEASURE_ALIASES = ("measure", "meetwaarde", "indicator", "variabele", "variable", "kenmerk")
VALUE_ALIASES = ("value", "waarde", "aantal", "count", "ms_value", "getal")
LEVEL_ALIASES = ("area_level", "level", "niveau", "geolevel")
LABEL_COLUMNS = ("naam", "name", "omschrijving", "label", "tx_descr_nl", "tx_sector_descr_nl", "tx_munty_descr_nl")

LEVEL_FROM_COLUMN = {"cd_sector": "sector", "sector": "sector", "statsec": "sector", "wijk": "district",
                     "buurt": "neighbourhood", "neighbourhood": "neighbourhood", "gemeente": "municipality",
                     "nis": "municipality", "niscode": "municipality", "nis-code": "municipality",
                     "nis_code": "municipality", "cd_refnis": "municipality", "cd_munty_refnis": "municipality"}

HEADER_YEAR = re.compile(r"^(?P<name>.*?)[\s_\-(]*(?P<year>(?:19|20)\d{2})\)?\s*$")


@dataclass
class WideOptions:
    mapping: dict[str, str] = field(default_factory=dict)  # column -> measure id
    skip: list[str] = field(default_factory=list)
    rates: list[str] = field(default_factory=list)
    area_column: str | None = None
    period_column: str | None = None
    years_in_headers: bool = True


def _find(columns: list[str], aliases: tuple[str, ...], exclude: tuple[str, ...] = ()) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns if c not in exclude}
    for alias in aliases:
        if alias in lowered:
            return lowered[alias]
    return None


def _notes(table: Table, report: ImportReport) -> None:
    report.rows_read = table.rows_read
    for code, params in table.notes:
        report.warn(code, **params)
    if table.blank_lines:
        report.warn("src_blank_rows", count=table.blank_lines)
    for line, found in table.short_lines:
        report.refuse_one(Problem("src_short_line", {"found": found, "expected": table.expected_fields},
                                  file=report.file, line=line))


def _texts(series: pd.Series) -> np.ndarray:
    return np.array([cell_text(v) for v in series.to_numpy(dtype=object)], dtype=object)


def read_long(source: Source, report: ImportReport, *, period: str | None = None, level: str | None = None,
              options: WideOptions | None = None):
    options = options or WideOptions()
    table = read_table(source, header_hints=AREA_ALIASES + MEASURE_ALIASES)
    _notes(table, report)
    columns = list(table.frame.columns)
    area = options.area_column or _find(columns, AREA_ALIASES)
    measure = _find(columns, MEASURE_ALIASES)
    value = _find(columns, VALUE_ALIASES)
    period_column = options.period_column or _find(columns, PERIOD_ALIASES)
    level_column = _find(columns, LEVEL_ALIASES)
    missing = [n for n, c in (("area/gebied", area), ("measure/meetwaarde", measure), ("value/waarde", value))
               if c is None]
    if missing:
        raise ZorgzaamError("missing_columns", file=source.name, line=table.header_line,
                            columns=", ".join(missing), found=", ".join(map(str, columns)))
    if period_column is None and not period:
        raise ZorgzaamError("no_period", file=source.name)
    frame = table.frame
    lines = table.lines
    levels = _texts(frame[level_column]) if level_column else None
    chosen_level = level or LEVEL_FROM_COLUMN.get(str(area).lower())
    if levels is None and not chosen_level:
        raise ZorgzaamError("src_need_level", file=source.name)
    report.level = chosen_level or "+".join(sorted({str(v) for v in levels}))
    measures = _texts(frame[measure])
    mapped = np.array([options.mapping.get(m, m) for m in measures], dtype=object)
    records = pd.DataFrame({
        "area_level": levels if levels is not None and not level else chosen_level,
        "area_ref": _texts(frame[area]),
        "period": _texts(frame[period_column]) if period_column else str(period),
        "measure": mapped,
        "line": lines,
        "field": value,
        "text": frame[value].to_numpy(dtype=object),
    })
    report.records_read = len(records)
    records = _check_measure_names(records, report)
    records = _check_levels(records, report)
    records = apply_numbers(records, "text", report, decimal_comma=True if table.delimiter == ";" else None)
    records = _percent_values(records, report)
    return records, ["area_level", "area_ref", "period", "measure"], None


def _check_levels(records: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    from zorgzaam.sources.validation import LEVELS

    bad = ~records["area_level"].isin(LEVELS).to_numpy()
    if bad.any():
        report.refuse("src_unknown_level", records[bad], lambda r: {"level": r["area_level"],
                                                                    "known": ", ".join(LEVELS)})
    return records[~bad]


def _check_measure_names(records: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    uniques = pd.unique(records["measure"])
    fixed = {m: (m if is_valid_measure(m) else (slug(m) if m.strip() else "")) for m in uniques}
    records = records.assign(measure=records["measure"].map(fixed))
    bad = (records["measure"] == "").to_numpy()
    if bad.any():
        report.refuse("src_bad_measure", records[bad], {"value": ""})
    return records[~bad]


def _percent_values(records: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    """Values written with a % sign are percentages: give their measure the _pct suffix."""
    flagged = records.pop("percent_sign").to_numpy(dtype=bool)
    if flagged.any():
        measures = set(records.loc[flagged, "measure"])
        for measure in sorted(measures):
            new = rate_measure(measure, "%")
            report.warn("src_rate_column", column=measure, measure=new)
            records.loc[records["measure"] == measure, "measure"] = new
    return records


def wide_records(table: Table, report: ImportReport, *, period: str | None, level: str | None,
                 options: WideOptions, default_level: str | None = None,
                 level_map=None, extra_skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """Melt a table with areas as rows into records."""
    _notes(table, report)
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    for name in list(options.mapping) + options.skip + options.rates:
        if name not in columns:
            raise ZorgzaamError("src_unknown_mapping_column", file=report.file, column=name,
                                found=", ".join(columns))
    area = options.area_column or _find(columns, AREA_ALIASES)
    if area is None:
        if not columns:
            raise ZorgzaamError("src_no_data_rows", file=report.file)
        area = columns[0]
    if area not in columns:
        raise ZorgzaamError("src_no_area_column", file=report.file, found=", ".join(columns))
    period_column = options.period_column or _find(columns, PERIOD_ALIASES, exclude=(area,))
    level_column = _find(columns, LEVEL_ALIASES, exclude=(area,))
    skip = set(options.skip) | {area} | set(extra_skip) | {c for c in (period_column, level_column) if c}
    candidates = [c for c in columns if c not in skip and not re.fullmatch(r"column_\d+", c)]
    if level:
        chosen_level = level
    elif level_column is not None:
        chosen_level = None
    else:
        chosen_level = LEVEL_FROM_COLUMN.get(area.lower(), default_level)
        if chosen_level is None:
            raise ZorgzaamError("src_need_level", file=report.file)
    value_columns, labels = [], []
    for column in candidates:
        if column in options.mapping or column in options.rates:
            value_columns.append(column)
            continue
        texts = _texts(frame[column])
        filled = texts[texts != ""]
        if len(filled) == 0:
            labels.append(column)
            continue
        numeric = pd.to_numeric(pd.Series(filled).str.replace(r"[\s.,%\u00a0€]", "", regex=True),
                                errors="coerce").notna().mean()
        if column.lower() in LABEL_COLUMNS or numeric < 0.5:
            labels.append(column)
        else:
            value_columns.append(column)
    if not value_columns:
        raise ZorgzaamError("src_no_value_columns", file=report.file, columns=", ".join([area] + labels))
    if period_column is None and not period:
        has_years = options.years_in_headers and all(HEADER_YEAR.match(c) for c in value_columns)
        if not has_years:
            raise ZorgzaamError("no_period", file=report.file)
    area_refs = _texts(frame[area])
    if level_column is not None and not level:
        raw_levels = _texts(frame[level_column])
        levels = np.array([(level_map or (lambda v: v))(v) for v in raw_levels], dtype=object)
    else:
        levels = np.full(len(frame), chosen_level, dtype=object)
    report.level = level or (chosen_level or "+".join(sorted({str(v) for v in levels if v})))
    periods = _texts(frame[period_column]) if period_column else None
    parts = []
    for column in value_columns:
        name, column_period = column, None
        if period_column is None and options.years_in_headers and column not in options.mapping:
            match = HEADER_YEAR.match(column)
            if match and match["name"].strip():
                name, column_period = match["name"].strip(), match["year"]
        measure = options.mapping.get(column) or slug(name)
        if column in options.rates or (column not in options.mapping and looks_like_percentage(name)):
            new = rate_measure(measure, name if column not in options.rates else name + " ratio")
            report.warn("src_rate_column", column=column, measure=new)
            measure = new
        chosen_period = periods if periods is not None else (column_period or str(period))
        if period and periods is None and column_period and column_period != str(period):
            report.warn("src_period_overridden", found=column_period, period=period)
            chosen_period = str(period)
        parts.append(pd.DataFrame({
            "area_level": levels, "area_ref": area_refs, "period": chosen_period, "measure": measure,
            "line": table.lines, "field": column, "text": frame[column].to_numpy(dtype=object)}))
    records = pd.concat(parts, ignore_index=True)
    # rows without an area (a footer such as 'Bron: ...' or a blank row) are not data
    empty_area = (records["area_ref"] == "").to_numpy()
    footer = _footer_rows(records)
    drop = empty_area | footer
    if drop.any():
        report.warn("src_blank_rows", count=int(records.loc[drop, "line"].nunique()))
    records = records[~drop]
    report.records_read = len(records)
    if level_column is not None:
        records = _check_levels(records, report)
    records = _check_measure_names(records, report)
    records = apply_numbers(records, "text", report, decimal_comma=True if table.delimiter == ";" else None)
    records = _percent_values(records, report)
    return records


def _footer_rows(records: pd.DataFrame) -> np.ndarray:
    """Lines whose values are all empty and whose area cell is a sentence (a source note)."""
    text_empty = records["text"].map(lambda v: cell_text(v) == "")
    all_empty = text_empty.groupby(records["line"]).transform("all").to_numpy()
    sentence = records["area_ref"].str.contains(r"^(?:bron|source|noot|note|opmerking)\b|:\s", case=False,
                                                regex=True).to_numpy()
    return all_empty & sentence


def read_wide(source: Source, report: ImportReport, *, period: str | None = None, level: str | None = None,
              options: WideOptions | None = None):
    options = options or WideOptions()
    table = read_table(source, header_hints=AREA_ALIASES)
    records = wide_records(table, report, period=period, level=level, options=options)
    return records, ["area_level", "area_ref", "period", "measure"], None
