"""The importers: an external file → a validated tidy measure table + an import report. Plain module.

``import_file(format, path, areas=lookup, ...)`` reads, checks and aggregates; it does not store
anything (``sources.importing`` does that, in one transaction, only when this succeeded). The areas
known to the database come in through ``areas``: a function level -> frame of (code, vintage, name,
valid_from, valid_to), so this module stays free of Django.

Order of the checks: file (exists, not empty, zip intact, encoding, delimiter, columns) → each value
(number or suppressed marker, never negative for a count) → period → duplicates (identical: keep one;
conflicting: refuse all) → area codes (known in some vintage of the level; the vintage valid in the
period is kept) → aggregation (Statbel population) → the measure table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zorgzaam.messages import ZorgzaamError, gettext, gettext_noop
from zorgzaam.sources import generic, ima, statbel, swing
from zorgzaam.sources.frames import VALUE_COLUMNS, value_frame
from zorgzaam.sources.generic import WideOptions
from zorgzaam.sources.readers import open_source
from zorgzaam.sources.report import ImportReport
from zorgzaam.sources.validation import (
    AreaLookup,
    apply_periods,
    check_complete_areas,
    check_level,
    handle_duplicates,
    normalise_period,
    refuse_negative,
    resolve_areas,
)


@dataclass(frozen=True)
class Format:
    name: str
    reader: object
    source: str
    description: str  # Dutch msgid (English in the sources catalogue)
    uses_options: bool = False
    complete_areas: bool = False  # a published table of every area: refuse it when loaded areas lack
    outside_ok: bool = False  # lines about areas that are not loaded are skipped and counted, not refused


FORMATS: dict[str, Format] = {f.name: f for f in [
    Format("statbel-population", statbel.read_population, "Statbel",
           gettext_noop("Statbel bevolking naar woonplaats, geslacht, leeftijd, nationaliteit en burgerlijke staat "
            "(TF_SOC_POP_STRUCT_JJJJ, .zip of .txt)"), complete_areas=True, outside_ok=True),
    Format("statbel-sectors", statbel.read_population, "Statbel",
           gettext_noop("Statbel bevolking per statistische sector (OPENDATA_SECTOREN_JJJJ)")),
    Format("statbel-income", statbel.read_income, "Statbel",
           gettext_noop("Statbel fiscale inkomens per gemeente (TF_PSNL_INC_TAX_MUNTY): sommen en aantallen aangiftes")),
    Format("swing-upload", swing.read_upload, "Provincies in Cijfers",
           gettext_noop("Provincies in Cijfers / Swing uploadformaat (period, geolevel, geoitem, v…), CSV of XLSX"), True),
    Format("swing-table", swing.read_table_export, "Provincies in Cijfers",
           gettext_noop("Provincies in Cijfers tabel-export: gebieden als rijen, indicatoren als kolommen"), True),
    Format("ima", ima.read_export, "IMA-atlas",
           gettext_noop("IMA-atlas export: gemeenten (naam/NIS-code) als rijen, een kolom per indicator en jaar"), True),
    Format("long", generic.read_long, "",
           gettext_noop("Eigen cijfers, lang: gebied, periode, meetwaarde, waarde (CSV/XLSX)"), True),
    Format("wide", generic.read_wide, "",
           gettext_noop("Eigen cijfers, breed: gebieden als rijen, een kolom per meetwaarde (CSV/XLSX)"), True),
]}


@dataclass
class ImportResult:
    values: pd.DataFrame
    report: ImportReport
    format: Format


def list_formats(lang: str = "nl") -> list[dict]:
    return [{"name": f.name, "source": f.source, "description": gettext(f.description, lang)}
            for f in FORMATS.values()]


def import_file(format_name: str, path: str | Path, *, areas: AreaLookup, period: str | None = None,
                level: str | None = None, options: WideOptions | None = None,
                workspace: str | None = None, force_period: bool = False) -> ImportResult:
    """Read, check and aggregate one file. Raises ZorgzaamError when the file as a whole is unusable
    (or when nothing is left); refusals of single values are in the report.

    ``period`` is checked once, before anything is read; a Statbel file whose name names another year
    is refused unless ``force_period``."""
    fmt = FORMATS.get(format_name)
    if fmt is None:
        raise ZorgzaamError("unknown_format", format=format_name, known=", ".join(FORMATS))
    if period is not None and str(period).strip() != "":
        normal = normalise_period(period)
        if normal is None:
            raise ZorgzaamError("src_bad_period_option", file=Path(path).name, period=str(period)[:40])
        period = normal
    else:
        period = None
    if level is not None:
        check_level(level)
    source = open_source(path)
    report = ImportReport(file=source.name, format=fmt.name)
    kwargs = {"period": period, "level": level}
    if fmt.uses_options:
        kwargs["options"] = options or WideOptions()
    if fmt.reader in (statbel.read_population, statbel.read_income):
        kwargs["force_period"] = force_period
    records, keys, aggregate = fmt.reader(source, report, **kwargs)
    if len(records) == 0 and report.records_refused == 0:
        raise ZorgzaamError("src_no_data_rows", file=source.name)
    records = apply_periods(records, report)
    records = refuse_negative(records, report, "measure" if "measure" in records else None)
    records = handle_duplicates(records, keys, report)
    records = resolve_areas(records, areas, report, workspace=workspace, outside_ok=fmt.outside_ok)
    report.records_kept = len(records)
    if len(records) == 0:
        error = ZorgzaamError("src_nothing_kept", file=source.name)
        error.report = report  # the reasons why, for the person who imported
        raise error
    if fmt.complete_areas:
        check_complete_areas(records, areas, report)
    if aggregate is not None:
        values = aggregate(records, report)
    else:
        values = records[VALUE_COLUMNS]
    values = value_frame(values)
    report.summarise(values)
    return ImportResult(values, report, fmt)
