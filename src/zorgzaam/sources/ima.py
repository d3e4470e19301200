"""IMA-atlas exports (Intermutualistisch Agentschap). Plain module, no Django.

An export is a table with areas as rows — a municipality name and/or NIS code — and one column per
indicator and year (e.g. 'Personen met verhoogde tegemoetkoming (%) 2021'), often under a few title
lines and above a source note. Decimal commas and hidden small numbers are usual. Columns whose header
announces a percentage are kept as ``_pct`` measures (never summed); counts ('aantal') as counts.
Remember when reading the figures: IMA covers the insured population only.
"""

from __future__ import annotations

from zorgzaam.sources.generic import WideOptions, wide_records
from zorgzaam.sources.readers import Source, read_table
from zorgzaam.sources.report import ImportReport

HEADER_HINTS = ("nis", "niscode", "nis-code", "nis code", "nis_code", "code", "gemeente", "regio", "geoitem",
                "sector", "eerstelijnszone")
CODE_COLUMNS = ("nis", "niscode", "nis-code", "nis code", "nis_code", "code", "geoitem")


def read_export(source: Source, report: ImportReport, *, period: str | None = None, level: str | None = None,
                options: WideOptions | None = None):
    options = options or WideOptions()
    table = read_table(source, header_hints=HEADER_HINTS)
    if options.area_column is None:
        lowered = {str(c).strip().lower(): c for c in table.frame.columns}
        options.area_column = next((lowered[c] for c in CODE_COLUMNS if c in lowered), None)
    records = wide_records(table, report, period=period, level=level, options=options,
                           default_level="municipality")
    return records, ["area_level", "area_ref", "period", "measure"], None
