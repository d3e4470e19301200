"""Statbel's statistical sector files, as published. Plain module: no Django.

Statbel publishes the sector polygons as ``sh_statbel_statistical_sectors_<EPSG>_<YYYYMMDD>`` (GeoJSON,
shapefile, GeoPackage; EPSG 31370, 3812 or 4326) and the sector population as
``OPENDATA_SECTOREN_<YYYY>``. The columns are upper case in some years and lower case in others
(``CD_SECTOR`` / ``cd_sector``, ``TX_SECTOR_DESCR_NL``, ``CD_MUNTY_REFNIS`` or ``CD_REFNIS``).

When a person has such a file, its real polygons replace the approximate cells (``geometry_kind``
'polygon'). Sector centroid files (``cd_sector`` + points, e.g. the 2024 centroids of all Belgium)
are read here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from zorgzaam.areas.flanders import check_geometries, normalise_codes
from zorgzaam.areas.levels import AREA_CRS
from zorgzaam.messages import ZorgzaamError

CODE_COLUMNS = ("cd_sector", "codsec", "statsec", "cs01012025", "cs01012024", "geoitem")
NAME_COLUMNS = ("tx_sector_descr_nl", "t_sec_nl", "sector_name", "tx_sector_descr_fr", "naam", "name")
MUNICIPALITY_COLUMNS = ("cd_munty_refnis", "cd_refnis", "cnis5_2025", "cnis5_2024")

SECTOR_FILE_PATTERN = re.compile(r"(sh_statbel_statistical_sectors|opendata_sectoren|statistical_sectors|"
                                 r"sector_?centroids?|centroids_sites)", re.IGNORECASE)


def is_sector_file(path: Path) -> bool:
    return bool(SECTOR_FILE_PATTERN.search(path.stem))


def year_in_name(path: Path) -> int | None:
    """The reference year in a Statbel file name (``…_20250101`` → 2025, ``…_2024`` → 2024)."""
    match = re.search(r"(?<!\d)(20\d{2})(?:0101)?(?!\d)", path.stem)
    return int(match.group(1)) if match else None


def vintage_for_year(year: int) -> str:
    """The sector vintage of a reference year: 2025 onwards → '2025', 2020–2024 → '2024', earlier '2018'."""
    if year >= 2025:
        return "2025"
    if year >= 2020:
        return "2024"
    return "2018"


def _find(columns, candidates) -> str | None:
    lowered = {str(c).lower(): c for c in columns}
    return next((lowered[c] for c in candidates if c in lowered), None)


def read_sector_file(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """A Statbel sector polygon or centroid file as (code, name, municipality, geometry) in EPSG:31370.

    The geometries are checked: a missing or invalid polygon is an error naming the file and code."""
    where = str(path) + (f" (laag/layer {layer})" if layer else "")
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except FileNotFoundError as error:
        raise ZorgzaamError("file_not_found", path=str(path)) from error
    except Exception as error:  # noqa: BLE001
        raise ZorgzaamError("areas_file_unreadable", file=where, detail=str(error)[:300]) from error
    code_column = _find(frame.columns, CODE_COLUMNS)
    if code_column is None:
        raise ZorgzaamError("missing_columns", file=where, columns="CD_SECTOR",
                            found=", ".join(map(str, frame.columns)))
    if frame.crs is None:
        raise ZorgzaamError("areas_no_crs", file=where)
    name_column = _find(frame.columns, NAME_COLUMNS)
    municipality_column = _find(frame.columns, MUNICIPALITY_COLUMNS)
    codes = normalise_codes(frame[code_column])
    check_geometries(frame.geometry.values, codes, where, code_column)
    out = gpd.GeoDataFrame({
        "code": codes.to_numpy(),
        "name": frame[name_column].fillna("").astype(str).to_numpy() if name_column else "",
        "municipality": (normalise_codes(frame[municipality_column]).to_numpy() if municipality_column else ""),
    }, geometry=frame.geometry.values, crs=frame.crs)
    if out.crs.to_epsg() != 31370:
        out = out.to_crs(AREA_CRS)
    return out.drop_duplicates("code").reset_index(drop=True)


def guess_vintage(codes: pd.Series, known: dict[str, set[str]], path: Path) -> str | None:
    """The vintage of a sector file: from the year in its name, else the vintage whose codes it matches best."""
    year = year_in_name(path)
    if year is not None:
        return vintage_for_year(year)
    best, best_hits = None, 0
    values = set(codes)
    for vintage, codes_of_vintage in known.items():
        hits = len(values & codes_of_vintage)
        if hits > best_hits:
            best, best_hits = vintage, hits
    return best
