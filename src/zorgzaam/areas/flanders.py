"""Reading the Flemish area files of Provincies in Cijfers (gebiedsniveaus). Plain module: no Django.

Two kinds of input:

* **hierarchy tables** (``verzamelbestanden_statsec_als_basis.xlsx`` keyed by 2025 sectors,
  ``verzamelbestanden_statsec2024_als_basis.xlsx`` keyed by 2020–2024 sectors, or the same columns as
  CSV, e.g. ``statsec2025_hierarchy.csv`` of the Balen–Ravels pack): one row per sector with the code
  and name of every area it lies in;
* **boundary files** (shapefile, GeoJSON, GeoPackage layer): one polygon per area of one level.

Vintages. Every area carries the vintage of the code list it comes from, read off the table column:

* ``2025``: the codes valid from 2025-01-01 (new sectors, merged municipalities): columns without a
  year suffix (``statsec``, ``ggw7``, ``deelgemeente``, ``gemeente``, ``arrondiss``, ``provincie``);
* ``2024``: the codes before the 2025 reform: sectors and wijken of 2020–2024 (``statsec2024``,
  ``ggw72024``; valid 2020-01-01 to 2024-12-31) and municipalities, deelgemeenten, arrondissements
  and provinces of 2019–2024 (``gemeente2024`` …; valid 2019-01-01 to 2024-12-31);
* ``2018``: municipalities before the 2019 mergers (``gemeente2018``; valid to 2018-12-31), kept so
  that older municipal data (e.g. Statbel 2009–2015) can be joined; their polygon is the union of
  their deelgemeenten.

Levels that changed in 2025 get both vintages: arrondissements and provinces did change (Zwijndrecht
moved from the province and arrondissement of Antwerp to East Flanders), so the tables' ``…2024``
columns give the ``2024`` vintage and the unsuffixed ones the ``2025`` vintage. Care zones (``elz``)
and regions (``gewest``) appear in one column only in both tables: they get one vintage, ``2025``
(the current definition, ``valid_from`` unknown), and the sectors of both vintages link to them.
There is no country level: the tables cover Flanders and Brussels only.

The rows of the pseudo-municipalities 99993 "niet te lokaliseren" and 99999 "buiten Vlaanderen en
Brussel" are dropped (they are not places). Each municipality's pseudo-sector ``…ZZZZ`` (residents
without a known address) is kept with its pseudo-wijk (``…WONB``) and pseudo-deelgemeente (``…ONB``):
they are not locatable, carry no geometry and are left out of wijk counts and maps.

Links are flat (child → every ancestor) and derived from the tables: a child links to an area of a
higher level of the same or a later vintage (or to a later vintage of its own level, e.g. a 2018
municipality to the merged 2025 one) when all its sectors lie in that one area. A sector also links to
the older municipality its table names (a 2024 sector to its 2018 municipality), so that municipal
data of before the mergers can be joined to any area by its sectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from zorgzaam.areas.levels import AREA_CRS, LEVEL_ORDER, Level, is_not_locatable_sector
from zorgzaam.messages import ZorgzaamError, gettext_noop, register

register({
    "areas_file_unreadable": gettext_noop("Het bestand kon niet gelezen worden: {detail}"),
    "areas_nothing_recognised": gettext_noop(
        "Geen gebiedsbestanden herkend in {path}. Verwacht: hiërarchietabellen (statsec_als_basis, "
        "statsec2024_als_basis), grenzen (gemeente, ggw7, deelgemeente2024, elz, provincie2024 …), "
        "sectorcentroïden of Statbel-sectorbestanden."),
    "areas_geometry_missing": gettext_noop("Gebied '{code}' heeft geen geometrie (rij {row})."),
    "areas_geometry_invalid": gettext_noop("Ongeldige geometrie voor gebied '{code}' (rij {row}): {reason}"),
    "areas_duplicate_code": gettext_noop("De code '{code}' komt meer dan eens voor."),
    "areas_no_crs": gettext_noop("Het bestand vermeldt geen coördinatenstelsel (CRS)."),
})

#: (start, end) of each vintage per level; see the module docstring.
_VALIDITY: dict[tuple[str, str], tuple[date | None, date | None]] = {}
for _level in Level:
    _VALIDITY[(_level.value, "2025")] = (date(2025, 1, 1), None)
    _VALIDITY[(_level.value, "2024")] = (date(2019, 1, 1), date(2024, 12, 31))
    _VALIDITY[(_level.value, "2018")] = (None, date(2018, 12, 31))
for _level in (Level.SECTOR, Level.DISTRICT):
    _VALIDITY[(_level.value, "2024")] = (date(2020, 1, 1), date(2024, 12, 31))
for _level in (Level.CARE_ZONE, Level.REGION):
    _VALIDITY[(_level.value, "2025")] = (None, None)


def validity(level: str, vintage: str) -> tuple[date | None, date | None]:
    """(valid_from, valid_to) of a vintage of a level; (None, None) when unknown."""
    return _VALIDITY.get((str(level), str(vintage)), (None, None))


@dataclass(frozen=True)
class Column:
    """One area column of a hierarchy table: which level and vintage its codes are, where the name is."""

    code: str
    level: Level
    vintage: str
    name: str | None


#: The area columns of the 2025 table (keyed by 2025 sectors).
HIERARCHY_2025: tuple[Column, ...] = (
    Column("statsec", Level.SECTOR, "2025", "statsec_naam"),
    Column("ggw7", Level.DISTRICT, "2025", None),
    Column("deelgemeente", Level.SUB_MUNICIPALITY, "2025", "deelgemeente_naam"),
    Column("gemeente", Level.MUNICIPALITY, "2025", "gemeente_naam"),
    Column("elz", Level.CARE_ZONE, "2025", "elz_naam"),
    Column("arrondiss", Level.ARRONDISSEMENT, "2025", "bestuurlijk_arrondissement_naam"),
    Column("provincie", Level.PROVINCE, "2025", "provincie_naam"),
    Column("gewest", Level.REGION, "2025", "gewest_naam"),
)

#: The area columns of the 2024 table (keyed by 2020–2024 sectors). Its unsuffixed ``gemeente``,
#: ``arrondiss`` and ``provincie`` are the 2025 areas that each old sector lies in.
HIERARCHY_2024: tuple[Column, ...] = (
    Column("statsec2024", Level.SECTOR, "2024", "statsec2024_naam"),
    Column("ggw72024", Level.DISTRICT, "2024", None),
    Column("deelgemeente2024", Level.SUB_MUNICIPALITY, "2024", "deelgemeente2024_naam"),
    Column("gemeente2024", Level.MUNICIPALITY, "2024", "gemeente2024_naam"),
    Column("gemeente2018", Level.MUNICIPALITY, "2018", "gemeente2018_naam"),
    Column("gemeente", Level.MUNICIPALITY, "2025", "gemeente_naam"),
    Column("elz", Level.CARE_ZONE, "2025", "elz_naam"),
    Column("arrondiss2024", Level.ARRONDISSEMENT, "2024", "bestuurlijk_arrondissement2024_naam"),
    Column("arrondiss", Level.ARRONDISSEMENT, "2025", "bestuurlijk_arrondissement_naam"),
    Column("provincie2024", Level.PROVINCE, "2024", "provincie2024_naam"),
    Column("provincie", Level.PROVINCE, "2025", "provincie_naam"),
    Column("gewest", Level.REGION, "2025", "gewest_naam"),
)

HIERARCHIES: dict[str, tuple[Column, ...]] = {"2025": HIERARCHY_2025, "2024": HIERARCHY_2024}


def required_columns(vintage: str) -> list[str]:
    columns = []
    for column in HIERARCHIES[vintage]:
        columns.append(column.code)
        if column.name:
            columns.append(column.name)
    return columns


@dataclass(frozen=True)
class BoundarySpec:
    """How to recognise a boundary file (by its file or layer name) and read its columns."""

    pattern: str
    level: Level
    vintage: str
    code_columns: tuple[str, ...]
    name_columns: tuple[str, ...] = ("naam", "name")


#: Order matters: the first pattern that matches a file or layer name wins.
BOUNDARY_SPECS: tuple[BoundarySpec, ...] = (
    BoundarySpec(r"gemeente2024", Level.MUNICIPALITY, "2024", ("gemeente", "geoitem", "nis_code")),
    BoundarySpec(r"gemeente|municipalities_2025", Level.MUNICIPALITY, "2025", ("geoitem", "nis_code", "gemeente")),
    BoundarySpec(r"ggw72024|wijken_2024", Level.DISTRICT, "2024", ("geoitem", "wijk2024_code", "wijk_code")),
    BoundarySpec(r"ggw7|wijken_2025", Level.DISTRICT, "2025", ("geoitem", "wijk_code")),
    BoundarySpec(r"deelgemeenten?_?2024", Level.SUB_MUNICIPALITY, "2024", ("geoitem", "deelgemeente2024")),
    BoundarySpec(r"elz|eerstelijnszones?", Level.CARE_ZONE, "2025", ("elz", "geoitem"), ("elz_naam", "naam", "name")),
    BoundarySpec(r"provincie2024", Level.PROVINCE, "2024", ("provincie", "geoitem")),
)


def match_boundary_spec(stem: str) -> BoundarySpec | None:
    stem = stem.lower()
    for spec in BOUNDARY_SPECS:
        if re.fullmatch(spec.pattern, stem):
            return spec
    return None


# --- reading -------------------------------------------------------------------------------------

def normalise_codes(values: pd.Series) -> pd.Series:
    """Codes as clean strings: NIS codes read as ints or floats (11000.0) become '11000'; empty → ''."""
    if pd.api.types.is_integer_dtype(values):
        return values.astype("int64").astype(str)
    if pd.api.types.is_float_dtype(values):
        return pd.Series([("" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else str(v)))
                          for v in values], index=values.index, dtype=object)
    text = values.astype(object).where(values.notna(), "")
    text = pd.Series([str(v).strip() for v in text], index=values.index, dtype=object)
    return text.str.replace(r"^(\d+)\.0$", r"\1", regex=True)


def read_table(path: Path) -> pd.DataFrame:
    """A hierarchy table from a workbook (.xlsx or .xls, :func:`zorgzaam.workbooks.read_workbook`) or CSV."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            from zorgzaam.workbooks import read_workbook

            return read_workbook(path)
        for encoding in ("utf-8-sig", "latin-1"):
            try:
                return pd.read_csv(path, dtype=str, encoding=encoding, sep=None, engine="python")
            except UnicodeDecodeError:
                continue
        raise ZorgzaamError("encoding_unreadable", file=str(path))
    except ZorgzaamError:
        raise
    except FileNotFoundError as error:
        raise ZorgzaamError("file_not_found", path=str(path)) from error
    except Exception as error:  # noqa: BLE001 - any parser failure is an unreadable file
        raise ZorgzaamError("areas_file_unreadable", file=str(path), detail=str(error)[:300]) from error


def hierarchy_vintage(columns: list[str]) -> str | None:
    """'2025' or '2024' from a table's columns; None when it is no sector hierarchy table."""
    lowered = {c.lower() for c in columns}
    if "statsec2024" in lowered and "ggw72024" in lowered:
        return "2024"
    if "statsec" in lowered and "ggw7" in lowered:
        return "2025"
    if "statsec2024" in lowered:
        return "2024"
    if "statsec" in lowered:
        return "2025"
    return None


def read_hierarchy(path: Path, frame: pd.DataFrame | None = None) -> tuple[str, pd.DataFrame]:
    """Read and check a hierarchy table: (vintage, frame with code columns as strings).

    Drops the pseudo-municipality rows 99993/99999 (see the module docstring)."""
    frame = read_table(path) if frame is None else frame
    vintage = hierarchy_vintage(list(frame.columns))
    if vintage is None:
        raise ZorgzaamError("missing_columns", file=str(path), columns="statsec / statsec2024",
                            found=", ".join(map(str, frame.columns[:20])))
    required = required_columns(vintage)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ZorgzaamError("missing_columns", file=str(path), columns=", ".join(missing),
                            found=", ".join(map(str, frame.columns)))
    if not len(frame):
        raise ZorgzaamError("file_empty", file=str(path))
    out = pd.DataFrame(index=frame.index)
    for column in HIERARCHIES[vintage]:
        out[column.code] = normalise_codes(frame[column.code])
        if column.name:
            out[column.name] = frame[column.name].astype(object).where(frame[column.name].notna(), "").astype(str)
    sector_column = HIERARCHIES[vintage][0].code
    blank = out[sector_column] == ""
    if blank.any():
        row = int(np.flatnonzero(blank.to_numpy())[0]) + 2
        raise ZorgzaamError("missing_columns", file=str(path), line=row, column=sector_column,
                            columns=sector_column, found="''")
    duplicated = out[sector_column].duplicated()
    if duplicated.any():
        row = int(np.flatnonzero(duplicated.to_numpy())[0]) + 2
        raise ZorgzaamError("areas_duplicate_code", file=str(path), line=row, column=sector_column,
                            code=out[sector_column][duplicated].iloc[0])
    municipality = "gemeente" if vintage == "2025" else "gemeente2024"
    pseudo = out[municipality].str.startswith("9999")
    return vintage, out[~pseudo].reset_index(drop=True)


def read_boundaries(path: Path, spec: BoundarySpec, layer: str | None = None) -> gpd.GeoDataFrame:
    """A boundary file as (code, name, geometry) in EPSG:31370, with every geometry checked."""
    where = f"{path}" + (f" (laag/layer {layer})" if layer else "")
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except FileNotFoundError as error:
        raise ZorgzaamError("file_not_found", path=str(path)) from error
    except Exception as error:  # noqa: BLE001
        raise ZorgzaamError("areas_file_unreadable", file=where, detail=str(error)[:300]) from error
    code_column = next((c for c in spec.code_columns if c in frame.columns), None)
    if code_column is None:
        raise ZorgzaamError("missing_columns", file=where, columns=" / ".join(spec.code_columns),
                            found=", ".join(map(str, frame.columns)))
    name_column = next((c for c in spec.name_columns if c in frame.columns), None)
    if frame.crs is None:
        raise ZorgzaamError("areas_no_crs", file=where)
    codes = normalise_codes(frame[code_column])
    check_geometries(frame.geometry.values, codes, where, code_column)
    duplicated = codes.duplicated()
    if duplicated.any():
        raise ZorgzaamError("areas_duplicate_code", file=where, column=code_column, code=codes[duplicated].iloc[0])
    out = gpd.GeoDataFrame({
        "code": codes.to_numpy(),
        "name": frame[name_column].fillna("").astype(str).to_numpy() if name_column else "",
    }, geometry=frame.geometry.values, crs=frame.crs)
    if out.crs.to_epsg() != 31370:
        out = out.to_crs(AREA_CRS)
    return out


def check_geometries(geometries, codes: pd.Series, where: str, column: str) -> None:
    """Raise a clear error for the first missing, empty or invalid geometry."""
    geometries = np.asarray(geometries, dtype=object)
    missing = pd.isna(geometries) | shapely.is_empty(geometries)
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise ZorgzaamError("areas_geometry_missing", file=where, column=column, code=codes.iloc[row], row=row + 1)
    valid = shapely.is_valid(geometries)
    if not valid.all():
        row = int(np.flatnonzero(~valid)[0])
        raise ZorgzaamError("areas_geometry_invalid", file=where, column=column, code=codes.iloc[row], row=row + 1,
                            reason=shapely.is_valid_reason(geometries[row]))


# --- building areas and links from the tables ---------------------------------------------------

@dataclass
class Hierarchy:
    """Areas (without geometry) and flat links from the hierarchy tables, plus the sector frames."""

    areas: pd.DataFrame
    links: pd.DataFrame
    sectors: dict[str, pd.DataFrame] = field(default_factory=dict)  # vintage -> table rows


def _level_rank(level: Level) -> int:
    return LEVEL_ORDER.index(level)


def _is_ancestor(child: Column, parent: Column) -> bool:
    if child.level == Level.SECTOR and parent.level == Level.MUNICIPALITY:
        # A sector lies wholly in the municipality of every vintage its table names, also an older one
        # (a 2024 sector in its 2018 municipality): that is what joins pre-merger municipal data.
        return True
    if child.level == parent.level:
        return int(child.vintage) < int(parent.vintage)
    # Never link a newer area to an older one (a 2025 municipality to a 2024 province).
    return _level_rank(child.level) < _level_rank(parent.level) and int(child.vintage) <= int(parent.vintage)


def build_hierarchy(tables: dict[str, tuple[str, pd.DataFrame]]) -> Hierarchy:
    """Areas and links from the hierarchy tables: {vintage: (source file name, frame)}."""
    area_parts = []
    link_parts = []
    sectors = {}
    for vintage, (source, frame) in tables.items():
        columns = HIERARCHIES[vintage]
        sector_column = columns[0].code
        sectors[vintage] = frame
        not_locatable = frame[sector_column].map(is_not_locatable_sector)
        for column in columns:
            names = frame[column.name] if column.name else pd.Series("", index=frame.index)
            part = pd.DataFrame({"level": column.level.value, "code": frame[column.code], "vintage": column.vintage,
                                 "name": names, "not_locatable": not_locatable, "source": source})
            part = part[part["code"] != ""]
            # An area is not locatable when all its sectors are not locatable.
            part = part.groupby("code", sort=False).agg(
                level=("level", "first"), vintage=("vintage", "first"), name=("name", "first"),
                not_locatable=("not_locatable", "all"), source=("source", "first")).reset_index()
            area_parts.append(part)
        for child in columns:
            for parent in columns:
                if child is parent or not _is_ancestor(child, parent):
                    continue
                pairs = frame[[child.code, parent.code]]
                pairs = pairs[(pairs[child.code] != "") & (pairs[parent.code] != "")]
                if child.code != sector_column:
                    counts = pairs.groupby(child.code)[parent.code].nunique()
                    nested = counts.index[counts == 1]
                    pairs = pairs[pairs[child.code].isin(nested)].drop_duplicates()
                link_parts.append(pd.DataFrame({
                    "child_level": child.level.value, "child_code": pairs[child.code].to_numpy(),
                    "child_vintage": child.vintage, "parent_level": parent.level.value,
                    "parent_code": pairs[parent.code].to_numpy(), "parent_vintage": parent.vintage}))
    areas = pd.concat(area_parts, ignore_index=True)
    # The same area (e.g. a care zone) appears in both tables: keep the first, prefer a non-empty name.
    areas["has_name"] = areas["name"] != ""
    areas = (areas.sort_values("has_name", ascending=False, kind="stable")
             .drop_duplicates(["level", "code", "vintage"]).drop(columns="has_name"))
    areas["is_locatable"] = ~areas.pop("not_locatable")
    links = pd.concat(link_parts, ignore_index=True).drop_duplicates(ignore_index=True)
    return Hierarchy(areas.reset_index(drop=True), links, sectors)


def not_locatable_name(municipality_name: str) -> str:
    return f"{municipality_name} - niet te lokaliseren".strip(" -")


def dissolve(geometries: dict[str, object], parent_of: dict[str, str]) -> dict[str, object]:
    """Union the child polygons per parent code (children without a polygon are skipped)."""
    groups: dict[str, list] = {}
    for child, parent in parent_of.items():
        geometry = geometries.get(child)
        if geometry is not None:
            groups.setdefault(parent, []).append(geometry)
    result = {}
    for parent, parts in groups.items():
        union = shapely.union_all(parts)
        if not union.is_valid:
            union = shapely.make_valid(union)
        result[parent] = union
    return result
