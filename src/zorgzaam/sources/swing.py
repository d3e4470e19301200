"""Provincies in Cijfers (Swing) files. Plain module, no Django.

* **upload format**: columns ``period, geolevel, geoitem, v<number>_<name>…`` (CSV — often with a
  leading unnamed index column, as pandas writes it — or XLSX). ``geolevel`` names the Swing area
  level, e.g. ``gemeente``, ``gemeente2018``, ``statsec``, ``ggw7``, ``elz``; the trailing year is a
  vintage hint only: codes are checked against every loaded vintage. Measure ids are the ``v…`` column
  names in lower case.
* **table export**: areas as rows (codes or municipality names), an optional year column
  ('Jaar'), indicator columns; percentages ('(%)', 'Ratio …') are kept as ``_pct`` and never summed.
"""

from __future__ import annotations

import re

from zorgzaam.sources.generic import AREA_ALIASES, WideOptions, wide_records
from zorgzaam.sources.readers import Source, read_table
from zorgzaam.sources.report import ImportReport

GEOLEVELS = {
    "statsec": "sector", "sector": "sector", "ggw": "district", "wijk": "district",
    "deelgemeente": "submunicipality", "gemeente": "municipality", "elz": "carezone",
    "eerstelijnszone": "carezone", "arrondiss": "arrondissement", "arrondissement": "arrondissement",
    "provincie": "province", "gewest": "region", "belgie": "country", "land": "country",
}


def swing_level(geolevel: str) -> str:
    """'gemeente2018' → 'municipality'; 'ggw7' → 'district'; unknown names are returned as given."""
    text = str(geolevel).strip().lower()
    base = re.sub(r"\d+$", "", text)
    return GEOLEVELS.get(text) or GEOLEVELS.get(base) or text


def read_upload(source: Source, report: ImportReport, *, period: str | None = None, level: str | None = None,
                options: WideOptions | None = None):
    options = options or WideOptions()
    table = read_table(source, header_hints=("geoitem",))
    options.area_column = options.area_column or "geoitem"
    options.period_column = options.period_column or ("period" if "period" in table.frame.columns else None)
    options.years_in_headers = False
    records = wide_records(table, report, period=period, level=level, options=options, level_map=swing_level)
    records["measure"] = records["measure"].str.lower()
    return records, ["area_level", "area_ref", "period", "measure"], None


def read_table_export(source: Source, report: ImportReport, *, period: str | None = None,
                      level: str | None = None, options: WideOptions | None = None):
    options = options or WideOptions()
    table = read_table(source, header_hints=AREA_ALIASES)
    records = wide_records(table, report, period=period, level=level, options=options,
                           default_level="municipality", level_map=swing_level)
    return records, ["area_level", "area_ref", "period", "measure"], None
