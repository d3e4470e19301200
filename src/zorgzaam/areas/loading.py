"""Loading area files into area, link and crosswalk frames. Plain module: no Django.

``load_area_files(paths)`` takes folders and/or single files and recognises what is in them:

* sector hierarchy tables of Provincies in Cijfers (xlsx or CSV; 2025 and/or 2024 sectors);
* boundary files of municipalities, wijken, deelgemeenten, care zones, provinces (shapefile,
  GeoJSON, GeoPackage layers; reprojected to EPSG:31370);
* sector centroid files (2024 centroids of all Belgium, the Balen–Ravels centroids);
* Statbel sector polygon files (``sh_statbel_statistical_sectors_…``), whose polygons replace the
  approximate cells.

It returns an :class:`AreaLoad` with the frames of ``areas.frames`` and a report. Nothing is written:
``areas.store.save_areas`` does that, in one transaction, after everything here has been checked.
See ``areas.flanders`` for the vintages and the links, ``areas.cells`` for the approximate sector
cells and ``areas.crosswalk`` for the 2024 → 2025 code crosswalk.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyogrio
import shapely

from zorgzaam.areas import flanders
from zorgzaam.areas.cells import sector_cells
from zorgzaam.areas.crosswalk import add_centroid_pairs, derive_crosswalk
from zorgzaam.areas.frames import AREA_COLUMNS, CROSSWALK_COLUMNS, LINK_COLUMNS, area_frame, link_frame
from zorgzaam.areas.levels import Level, is_not_locatable_sector
from zorgzaam.areas.statbel_sectors import guess_vintage, is_sector_file, read_sector_file
from zorgzaam.messages import ZorgzaamError

TABLE_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv"}
VECTOR_SUFFIXES = {".shp", ".geojson", ".json", ".gpkg", ".zip"}

#: Levels whose polygon can be built as the union of a lower level's polygons, in the order tried.
DERIVED_FROM: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("municipality", "2018"): [("submunicipality", "2024")],
    ("municipality", "2024"): [("submunicipality", "2024")],
    ("municipality", "2025"): [("district", "2025")],
    ("carezone", "2025"): [("municipality", "2025")],
    ("arrondissement", "2024"): [("municipality", "2024")],
    ("arrondissement", "2025"): [("municipality", "2025")],
    ("province", "2024"): [("municipality", "2024")],
    ("province", "2025"): [("municipality", "2025")],
    ("region", "2025"): [("province", "2025"), ("municipality", "2025")],
}


@dataclass
class Inputs:
    """The files recognised in the given paths."""

    tables: list[Path] = field(default_factory=list)
    boundaries: list[tuple[flanders.BoundarySpec, Path, str | None]] = field(default_factory=list)
    sector_files: list[tuple[Path, str | None]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


@dataclass
class AreaLoad:
    """What a load produced: frames ready for ``save_areas`` and a report for people."""

    areas: pd.DataFrame
    links: pd.DataFrame
    crosswalk: pd.DataFrame
    files: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    #: False when no hierarchy table was loaded: only geometry should then replace stored areas.
    complete: bool = True

    def counts(self) -> list[dict]:
        """Areas per level and vintage, with how many are locatable and the geometry kinds."""
        if not len(self.areas):
            return []
        frame = self.areas.assign(kind=self.areas["geometry_kind"].replace("", "none"))
        rows = []
        order = {level.value: i for i, level in enumerate(Level)}
        for (level, vintage), group in sorted(frame.groupby(["level", "vintage"]),
                                              key=lambda item: (order.get(item[0][0], 99), item[0][1])):
            rows.append({"level": level, "vintage": vintage, "areas": int(len(group)),
                         "locatable": int(group["is_locatable"].sum()),
                         "geometry": {k: int(v) for k, v in group["kind"].value_counts().sort_index().items()}})
        return rows


def _walk(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return [path]


def discover(paths: Iterable[str | Path]) -> Inputs:
    """Recognise hierarchy tables, boundary files and sector files in folders and files."""
    inputs = Inputs()
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise ZorgzaamError("file_not_found", path=str(path))
        explicit = path.is_file()
        found_here = 0
        for file in _walk(path):
            suffix = file.suffix.lower()
            stem = file.stem.lower()
            if suffix in TABLE_SUFFIXES and (explicit or ("statsec" in stem and ("basis" in stem or "hierarch" in stem))):
                inputs.tables.append(file)
                found_here += 1
            elif suffix == ".gpkg":
                found_here += _discover_layers(file, inputs, explicit)
            elif suffix in VECTOR_SUFFIXES:
                spec = flanders.match_boundary_spec(stem)
                if spec is not None:
                    inputs.boundaries.append((spec, file, None))
                    found_here += 1
                elif is_sector_file(file):
                    inputs.sector_files.append((file, None))
                    found_here += 1
                else:
                    inputs.ignored.append(str(file))
            elif suffix in {".dbf", ".shx", ".prj", ".cpg", ".qmd"} or file.name.startswith("."):
                continue
            else:
                inputs.ignored.append(str(file))
        if found_here == 0:
            raise ZorgzaamError("areas_nothing_recognised", path=str(path))
    return inputs


def _discover_layers(file: Path, inputs: Inputs, explicit: bool) -> int:
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(file)]
    except Exception as error:  # noqa: BLE001
        raise ZorgzaamError("areas_file_unreadable", file=str(file), detail=str(error)[:300]) from error
    found = 0
    for layer in layers:
        spec = flanders.match_boundary_spec(layer)
        if spec is not None:
            inputs.boundaries.append((spec, file, layer))
            found += 1
        elif is_sector_file(Path(layer)) or (len(layers) == 1 and is_sector_file(file)):
            inputs.sector_files.append((file, layer))
            found += 1
    if not found:
        inputs.ignored.append(str(file))
    return found


def _describe(path: Path, layer: str | None) -> str:
    return f"{path.name}:{layer}" if layer else path.name


def load_area_files(paths: Iterable[str | Path]) -> AreaLoad:
    """Read, derive and check all areas in ``paths``; see the module docstring."""
    clock = time.perf_counter()
    seconds: dict[str, float] = {}
    notes: list[dict] = []
    files: list[dict] = []

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(seconds.get(name, 0.0) + now - clock, 3)
        clock = now

    inputs = discover(paths)
    has_tables = bool(inputs.tables)

    # 1. hierarchy tables
    tables: dict[str, tuple[str, pd.DataFrame]] = {}
    for path in inputs.tables:
        frame = flanders.read_table(path)
        if flanders.hierarchy_vintage(list(frame.columns)) is None and "statsec" not in path.stem.lower():
            inputs.ignored.append(str(path))
            continue
        vintage, frame = flanders.read_hierarchy(path, frame)
        if vintage in tables:
            notes.append({"code": "duplicate_input", "file": path.name, "used": tables[vintage][0]})
            continue
        tables[vintage] = (path.name, frame)
        files.append({"file": str(path), "role": f"hierarchy {vintage}", "rows": int(len(frame))})
    lap("tables")
    hierarchy = flanders.build_hierarchy(tables) if tables else None
    lap("hierarchy")

    # 2. boundaries
    boundaries: dict[tuple[str, str], tuple[str, object]] = {}
    for spec, path, layer in inputs.boundaries:
        key = (spec.level.value, spec.vintage)
        if key in boundaries:
            notes.append({"code": "duplicate_input", "file": _describe(path, layer), "used": boundaries[key][0]})
            continue
        frame = flanders.read_boundaries(path, spec, layer)
        boundaries[key] = (_describe(path, layer), frame)
        files.append({"file": str(path), "layer": layer, "role": f"{spec.level.value} {spec.vintage}",
                      "rows": int(len(frame))})
    lap("boundaries")

    # 3. sector polygons and centroids
    known = {v: set(f[flanders.HIERARCHIES[v][0].code]) for v, (_, f) in tables.items()}
    sector_polygons: dict[str, object] = {}
    sector_points: dict[str, dict[str, object]] = {}
    for path, layer in inputs.sector_files:
        frame = read_sector_file(path, layer)
        vintage = guess_vintage(frame["code"], known, path) or "2024"
        kinds = set(frame.geometry.geom_type)
        if kinds <= {"Point", "MultiPoint"}:
            points = sector_points.setdefault(vintage, {})
            for code, geometry in zip(frame["code"], frame.geometry, strict=True):
                points.setdefault(code, geometry)
            role = f"sector centroids {vintage}"
        else:
            sector_polygons[vintage] = (_describe(path, layer), frame)
            points = sector_points.setdefault(vintage, {})
            for code, geometry in zip(frame["code"], frame.geometry.representative_point(), strict=True):
                points[code] = geometry
            role = f"sector polygons {vintage}"
        files.append({"file": str(path), "layer": layer, "role": role, "rows": int(len(frame))})
    lap("sector files")

    areas, links = _assemble(hierarchy, boundaries, notes)
    lap("areas")
    crosswalk = pd.DataFrame(columns=CROSSWALK_COLUMNS)
    if "2024" in tables and "2025" in tables:
        crosswalk = derive_crosswalk(_sector_frame(tables, "2024"), _sector_frame(tables, "2025"))
        _borrow_points(sector_points, crosswalk)
    lap("crosswalk")
    areas = _sector_geometry(areas, tables, boundaries, sector_polygons, sector_points, notes)
    extra = [_sectors_without_table(vintage, source, frame) for vintage, (source, frame) in sector_polygons.items()
             if vintage not in tables]
    if extra:
        areas = pd.concat([areas, *extra], ignore_index=True)
    lap("cells")
    if "2024" in tables and "2025" in tables:
        cells = {r.code: r.geometry for r in areas[(areas["level"] == "sector") & (areas["vintage"] == "2025")]
                 .itertuples() if r.geometry is not None}
        districts = _geometries(areas, "district", "2025")
        if cells or districts:
            old = _sector_frame(tables, "2024")
            old["point"] = old["code"].map(sector_points.get("2024", {}))
            crosswalk = add_centroid_pairs(crosswalk, old, _sector_frame(tables, "2025"), cells, districts)
        new_codes = set(tables["2025"][1]["statsec"])
        notes.append({"code": "crosswalk", "rows": int(len(crosswalk)),
                      "by_method": {k.split(": ")[-1]: int(v) for k, v in crosswalk["source"].value_counts().items()},
                      "old_codes_unpaired": int(len(set(tables["2024"][1]["statsec2024"]) - set(crosswalk["code_from"]))),
                      "new_codes_unpaired": int(len(new_codes - set(crosswalk["code_to"])))})
    lap("crosswalk")
    result = AreaLoad(area_frame(areas), link_frame(links) if len(links) else pd.DataFrame(columns=LINK_COLUMNS),
                      crosswalk.reset_index(drop=True), files, notes, seconds)
    validate(result)
    lap("validate")
    result.complete = has_tables
    if inputs.ignored:
        result.notes.append({"code": "ignored_files", "count": len(inputs.ignored), "files": inputs.ignored[:20]})
    return result


def _sectors_without_table(vintage: str, source: str, frame) -> pd.DataFrame:
    """Sector areas straight from a Statbel polygon file (no hierarchy table for that vintage)."""
    locatable = ~frame["code"].map(is_not_locatable_sector)
    start, end = flanders.validity("sector", vintage)
    return pd.DataFrame({"level": "sector", "code": frame["code"].to_numpy(), "vintage": vintage,
                         "name": frame["name"].to_numpy(), "valid_from": start, "valid_to": end,
                         "geometry": [g if ok else None for g, ok in zip(frame.geometry, locatable, strict=True)],
                         "geometry_kind": ["polygon" if ok else "" for ok in locatable],
                         "is_locatable": locatable.to_numpy(), "source": source, "is_fictional": False})


def _sector_frame(tables: dict, vintage: str) -> pd.DataFrame:
    frame = tables[vintage][1]
    if vintage == "2024":
        return pd.DataFrame({"code": frame["statsec2024"], "name": frame["statsec2024_naam"],
                             "municipality": frame["gemeente"], "district": frame["ggw72024"]})
    return pd.DataFrame({"code": frame["statsec"], "name": frame["statsec_naam"], "municipality": frame["gemeente"],
                         "district": frame["ggw7"]})


def _borrow_points(sector_points: dict[str, dict], crosswalk: pd.DataFrame) -> None:
    """2025 centroids from 2024 ones where the crosswalk is one-to-one (unchanged or recoded sectors)."""
    old_points = sector_points.get("2024", {})
    if not old_points:
        return
    sources_per_target = crosswalk.groupby("code_to")["code_from"].transform("size")
    one_to_one = crosswalk[(crosswalk["share"] == 1.0) & (sources_per_target == 1)]
    new_points = sector_points.setdefault("2025", {})
    for old, new in zip(one_to_one["code_from"], one_to_one["code_to"], strict=True):
        if new not in new_points and old in old_points:
            new_points[new] = old_points[old]


def _geometries(areas: pd.DataFrame, level: str, vintage: str) -> dict[str, object]:
    part = areas[(areas["level"] == level) & (areas["vintage"] == vintage)]
    return {c: g for c, g, k in zip(part["code"], part["geometry"], part["geometry_kind"], strict=True)
            if g is not None and k in ("polygon", "approximate")}


def _assemble(hierarchy, boundaries: dict, notes: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Areas (with boundary and derived polygons) and links."""
    if hierarchy is not None:
        areas = hierarchy.areas.copy()
        links = hierarchy.links
    else:
        areas = pd.DataFrame(columns=["level", "code", "vintage", "name", "is_locatable", "source"])
        links = pd.DataFrame(columns=LINK_COLUMNS)
    areas["geometry"] = None
    areas["geometry_kind"] = ""
    extra = []
    for (level, vintage), (source, frame) in boundaries.items():
        mask = (areas["level"] == level) & (areas["vintage"] == vintage)
        index = pd.Series(areas.index[mask], index=areas.loc[mask, "code"])
        found = frame["code"].isin(index.index)
        rows = index[frame.loc[found, "code"]].to_numpy()
        areas.loc[rows, "geometry"] = pd.Series(list(frame.geometry[found]), index=rows, dtype=object)
        areas.loc[rows, "geometry_kind"] = "polygon"
        unnamed = rows[(areas.loc[rows, "name"] == "").to_numpy()]
        names = dict(zip(frame["code"], frame["name"], strict=True))
        areas.loc[unnamed, "name"] = [names[c] for c in areas.loc[unnamed, "code"]]
        areas.loc[rows, "source"] = areas.loc[rows, "source"] + "; " + source
        if (~found).any():
            extra.append(pd.DataFrame({"level": level, "code": frame.loc[~found, "code"].to_numpy(),
                                       "vintage": vintage, "name": frame.loc[~found, "name"].to_numpy(),
                                       "is_locatable": True, "source": source,
                                       "geometry": list(frame.geometry[~found]), "geometry_kind": "polygon"}))
            if hierarchy is not None:
                notes.append({"code": "boundary_codes_not_in_hierarchy", "file": source,
                              "count": int((~found).sum()), "examples": frame.loc[~found, "code"].head(5).tolist()})
        missing = areas[mask & (areas["geometry_kind"] == "") & areas["is_locatable"].astype(bool)]
        if len(missing):
            notes.append({"code": "areas_without_polygon", "level": level, "vintage": vintage, "file": source,
                          "count": int(len(missing)), "examples": missing["code"].head(5).tolist()})
    if extra:
        areas = pd.concat([areas, *extra], ignore_index=True)
    _name_not_locatable(areas, links)
    _derive_polygons(areas, links)
    start_end = [flanders.validity(level, vintage) for level, vintage in zip(areas["level"], areas["vintage"],
                                                                              strict=True)]
    areas["valid_from"] = [s for s, _ in start_end]
    areas["valid_to"] = [e for _, e in start_end]
    areas["is_fictional"] = False
    areas["source"] = areas["source"].str.strip("; ")
    return areas, links


def _name_not_locatable(areas: pd.DataFrame, links: pd.DataFrame) -> None:
    """Pseudo-areas without a name (the …WONB wijk) are named after their municipality."""
    unnamed = areas[(areas["name"] == "") & ~areas["is_locatable"].astype(bool)]
    if not len(unnamed) or not len(links):
        return
    municipality_names = areas[areas["level"] == "municipality"].set_index(["code", "vintage"])["name"]
    parent = links[links["parent_level"] == "municipality"].drop_duplicates(["child_level", "child_code",
                                                                            "child_vintage"])
    parent = parent.set_index(["child_level", "child_code", "child_vintage"])
    for index, row in unnamed.iterrows():
        key = (row["level"], row["code"], row["vintage"])
        name = ""
        if key in parent.index:
            link = parent.loc[key]
            name = municipality_names.get((link["parent_code"], link["parent_vintage"]), "")
        areas.at[index, "name"] = flanders.not_locatable_name(name)


def _derive_polygons(areas: pd.DataFrame, links: pd.DataFrame) -> None:
    """Fill missing polygons of whole levels as unions of a lower level's polygons (see DERIVED_FROM)."""
    if not len(links):
        return
    by_key = {key: group for key, group in areas.groupby(["level", "vintage"])}
    # Deelgemeenten did not change shape in 2025; where the code stayed, the 2024 polygon is reused.
    old = _geometries(areas, "submunicipality", "2024")
    new = by_key.get(("submunicipality", "2025"))
    if old and new is not None:
        for index, code in new["code"].items():
            if areas.at[index, "geometry"] is None and code in old:
                areas.at[index, "geometry"] = old[code]
                areas.at[index, "geometry_kind"] = "polygon"
                areas.at[index, "source"] += "; deelgemeente2024 (zelfde code/same code)"
    for (level, vintage), sources in DERIVED_FROM.items():
        group = areas[(areas["level"] == level) & (areas["vintage"] == vintage)]
        todo = group[(group["geometry_kind"] == "") & group["is_locatable"].astype(bool)]
        if not len(todo):
            continue
        for child_level, child_vintage in sources:
            children = _geometries(areas, child_level, child_vintage)
            if not children:
                continue
            child_rows = areas[(areas["level"] == child_level) & (areas["vintage"] == child_vintage)
                               & areas["is_locatable"].astype(bool)]
            part = links[(links["child_level"] == child_level) & (links["child_vintage"] == child_vintage)
                         & (links["parent_level"] == level) & (links["parent_vintage"] == vintage)]
            parent_of = dict(zip(part["child_code"], part["parent_code"], strict=True))
            complete = {}
            for code in child_rows["code"]:
                parent = parent_of.get(code)
                if parent is not None:
                    complete.setdefault(parent, True)
                    if code not in children:
                        complete[parent] = False
            wanted = {c for c in todo["code"] if complete.get(c)}
            unions = flanders.dissolve(children, {c: p for c, p in parent_of.items() if p in wanted})
            for index, code in todo["code"].items():
                if code in unions and areas.at[index, "geometry_kind"] == "":
                    areas.at[index, "geometry"] = unions[code]
                    areas.at[index, "geometry_kind"] = "polygon"
                    areas.at[index, "source"] += f"; unie van/union of {child_level} {child_vintage}"
            todo = areas.loc[todo.index][areas.loc[todo.index, "geometry_kind"] == ""]
            if not len(todo):
                break


def _sector_geometry(areas: pd.DataFrame, tables: dict, boundaries: dict, sector_polygons: dict,
                     sector_points: dict, notes: list[dict]) -> pd.DataFrame:
    """Sector polygons (Statbel files), else approximate cells in their wijk, else centroids."""
    for vintage in tables:
        mask = (areas["level"] == "sector") & (areas["vintage"] == vintage)
        sectors = _sector_frame(tables, vintage)
        sectors["is_locatable"] = ~sectors["code"].map(is_not_locatable_sector)
        points = sector_points.get(vintage, {})
        sectors["point"] = sectors["code"].map(points)
        sectors["point"] = sectors["point"].astype(object).where(sectors["point"].notna(), None)
        cells = sector_cells(sectors, _geometries(areas, "district", vintage))
        polygons = {}
        polygon_source = ""
        if vintage in sector_polygons:
            polygon_source, polygon_frame = sector_polygons[vintage]
            polygons = dict(zip(polygon_frame["code"], polygon_frame.geometry, strict=True))
        geometry, kinds, sources = [], [], []
        for index in areas.index[mask]:
            code = areas.at[index, "code"]
            source = areas.at[index, "source"]
            if code in polygons and not is_not_locatable_sector(code):
                geometry.append(polygons[code])
                kinds.append("polygon")
                sources.append(f"{source}; {polygon_source}")
                continue
            cell = cells.get(code)
            if cell is None or cell.geometry is None:
                geometry.append(None)
                kinds.append("")
                sources.append(source)
                continue
            geometry.append(cell.geometry)
            kinds.append(cell.kind)
            label = {"approximate": "benaderd: Voronoi-cel in de wijk / approximate: Voronoi cell in the wijk",
                     "polygon": "wijkpolygoon (enige sector) / wijk polygon (single sector)",
                     "point": "centroïde / centroid"}[cell.kind]
            sources.append(f"{source}; {label}")
        areas.loc[mask, "geometry"] = pd.Series(geometry, index=areas.index[mask], dtype=object)
        areas.loc[mask, "geometry_kind"] = kinds
        areas.loc[mask, "source"] = sources
        unknown = areas[mask & (areas["geometry_kind"] == "") & areas["is_locatable"].astype(bool)]
        if len(unknown):
            notes.append({"code": "sectors_without_location", "vintage": vintage, "count": int(len(unknown)),
                          "examples": unknown["code"].head(5).tolist()})
    return areas


def keep_existing(new: pd.DataFrame, existing: pd.DataFrame) -> pd.DataFrame:
    """For a load without hierarchy tables (a single boundary or sector file): keep the name, dates,
    locatability and source of areas already stored, and take only the new geometry."""
    if not len(existing):
        return new
    keys = ["level", "code", "vintage"]
    old = existing.set_index(keys)
    merged = new.set_index(keys)
    common = merged.index.intersection(old.index)
    for column in ("name", "valid_from", "valid_to", "is_locatable", "is_fictional"):
        merged.loc[common, column] = old.loc[common, column]
    merged.loc[common, "source"] = old.loc[common, "source"].astype(str) + "; " + merged.loc[common, "source"]
    return merged.reset_index()[AREA_COLUMNS]


def validate(load: AreaLoad) -> None:
    """Check the frames before anything is saved: unique areas, links to known areas, valid geometry."""
    areas = load.areas
    duplicated = areas.duplicated(["level", "code", "vintage"])
    if duplicated.any():
        row = areas[duplicated].iloc[0]
        raise ZorgzaamError("areas_duplicate_code", code=f"{row.level} {row.code} {row.vintage}")
    geometries = areas["geometry"].to_numpy()
    present = pd.notna(geometries)
    if present.any():
        valid = shapely.is_valid(geometries[present])
        if not valid.all():
            row = areas[present].iloc[int((~valid).argmax())]
            raise ZorgzaamError("areas_geometry_invalid", code=row.code, row="-",
                                reason=shapely.is_valid_reason(row.geometry))
    if len(load.links):
        keys = set(zip(areas["level"], areas["code"], areas["vintage"], strict=True))
        for side in ("child", "parent"):
            columns = [f"{side}_level", f"{side}_code", f"{side}_vintage"]
            for key in load.links[columns].drop_duplicates().itertuples(index=False, name=None):
                if key not in keys:
                    raise ZorgzaamError("unknown_area", code=key[1], level=key[0])


__all__ = ["AREA_COLUMNS", "AreaLoad", "Inputs", "discover", "keep_existing", "load_area_files", "validate"]


def unpack_upload(path: str | Path) -> Path:
    """An uploaded area file as a path ``load_area_files`` can read: a ZIP (e.g. the Provincies in Cijfers
    folder, zipped) is unpacked next to it, refusing members that would land outside that folder."""
    import zipfile

    path = Path(path)
    if path.suffix.lower() != ".zip":
        return path
    target = path.with_suffix("")
    target.mkdir(exist_ok=True)
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                destination = (target / member.filename).resolve()
                if not destination.is_relative_to(target.resolve()):
                    raise ZorgzaamError("zip_broken", file=path.name, detail=f"{member.filename}: outside the folder")
            archive.extractall(target)
    except zipfile.BadZipFile as error:
        raise ZorgzaamError("zip_broken", file=path.name, detail=str(error)) from None
    return target
