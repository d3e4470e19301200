"""Neighbourhoods (buurten): named sets of whole statistical sectors. Plain module: no Django.

A neighbourhood is chosen in one of four ways, each with a *rule* that is stored and shown:

* ``sectors`` — a list of sector codes;
* ``area`` — every sector of a wijk, deelgemeente or municipality, found through the hierarchy links
  (never through a code prefix);
* ``polygon-centroid`` / ``polygon-area`` — a drawn shape snapped to whole sectors: a sector belongs
  when its representative point lies inside (centroid rule) or when at least ``min_share`` of its area
  lies inside (area rule). Approximate sector cells and point-only sectors are said so in the rule;
* ``split`` — a proposed division of a municipality into contiguous groups with a minimum population
  (max-p regionalisation, :func:`propose_split`).

The functions take a *sector table*: a DataFrame with one row per sector of one vintage and the columns
``code``, ``geometry`` (shapely, EPSG:31370, or None), ``geometry_kind`` ('polygon' | 'approximate' |
'point' | ''), ``is_locatable`` and optionally ``name`` and ``municipality`` (the municipality code,
taken from the hierarchy links). Problems a person can act on raise :class:`ZorgzaamError`; warnings are
returned as :class:`Problem` objects.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
import shapely.ops
import shapely.prepared
import shapely.validation
from shapely.geometry import shape
from shapely.ops import unary_union

from zorgzaam.areas.levels import AREA_CRS, is_not_locatable_sector
from zorgzaam.messages import Problem, ZorgzaamError, gettext_noop, register, render

RULES = ("sectors", "area", "polygon-centroid", "polygon-area", "split", "edit")
DEFAULT_TOLERANCE = 2.0  # metres: sectors closer than this along a stretch of boundary are neighbours
DEFAULT_MIN_SHARE = 0.5

register({
    "rule_sectors": gettext_noop("Zelf gekozen sectoren ({count})."),
    "rule_area": gettext_noop(
        "Alle {count} sectoren van {level} {code} ({name}), gevonden via de gebiedsindeling."),
    "rule_polygon_centroid": gettext_noop(
        "Getekende vorm omgezet naar hele sectoren met de middelpuntregel: een sector hoort erbij als "
        "zijn middelpunt (een punt dat zeker binnen de sector ligt) binnen de vorm valt. {count} sectoren."),
    "rule_polygon_area": gettext_noop(
        "Getekende vorm omgezet naar hele sectoren met de oppervlakteregel: een sector hoort erbij als "
        "minstens {percent} % van zijn oppervlakte binnen de vorm ligt. {count} sectoren."),
    "rule_note_approximate": gettext_noop(
        "Let op: voor {count} sectoren is alleen een benaderde vorm bekend (cellen rond het middelpunt, "
        "binnen hun wijk), dus de toewijzing is daar bij benadering."),
    "rule_note_points": gettext_noop(
        "Voor {count} sectoren is alleen een punt bekend; daar gold de middelpuntregel."),
    "rule_split": gettext_noop(
        "Voorstel: aaneengesloten groepen van hele sectoren met elk minstens {min_population} inwoners "
        "({measure}), berekend met max-p-regionalisatie (spopt, startgetal {seed})."),
    "rule_edit": gettext_noop(
        "Aangepast ten opzichte van versie {previous}: {added} toegevoegd, {removed} verwijderd."),
    "sector_unknown": gettext_noop("Onbekende sector '{code}' (niet in de sectorindeling {vintage})."),
    "sector_unknown_other_vintage": gettext_noop(
        "Sector '{code}' bestaat niet in de sectorindeling {vintage}, wel in {others}. Kies die versie "
        "of zet de code om."),
    "no_sectors_loaded": gettext_noop("Er zijn nog geen statistische sectoren geladen."),
    "area_has_no_sectors": gettext_noop("Gebied {code} heeft geen sectoren in de gebiedsindeling."),
    "area_is_sector": gettext_noop("{code} is een sector; gebruik --sectors voor een lijst van sectoren."),
    "polygon_unreadable": gettext_noop("De vorm kon niet gelezen worden (geen geldige GeoJSON): {detail}"),
    "polygon_empty": gettext_noop("Het bestand bevat geen vlak (polygoon) of het vlak is leeg."),
    "polygon_invalid": gettext_noop(
        "De getekende vorm is ongeldig ({detail}). Teken ze opnieuw zonder dat de rand zichzelf kruist."),
    "polygon_crs_unknown": gettext_noop(
        "Het coördinatenstelsel van de vorm is niet herkend ({detail}); gebruik WGS84 (lengte/breedte) "
        "of Belgische Lambert 72 (EPSG:31370)."),
    "polygon_selects_nothing": gettext_noop(
        "Geen enkele sector voldoet aan de regel ({rule}) binnen de getekende vorm."),
    "polygon_with_not_locatable": gettext_noop(
        "Sector {code} heeft geen ligging en kan niet via een getekende vorm gekozen worden; voeg hem "
        "eventueel apart toe met een lijst."),
    "rule_unknown": gettext_noop("Onbekende regel '{rule}'; kies 'centroid' of 'area'."),
    "min_share_range": gettext_noop(
        "Het minimale aandeel moet tussen 0 en 1 liggen (bv. 0.5), niet {value}."),
    "sector_not_in_neighbourhood": gettext_noop("Sector {code} zit niet in deze buurt."),
    "sector_already_in_neighbourhood": gettext_noop("Sector {code} zit al in deze buurt."),
    "selection_without_location": gettext_noop(
        "Sector(en) {codes} hebben geen ligging: ze tellen mee in de cijfers maar staan niet op de kaart "
        "en niet in de controle op samenhang."),
    "contiguity_unknown": gettext_noop(
        "Voor sector(en) {codes} is geen vorm bekend (alleen een punt); of de buurt aaneengesloten is, "
        "kan niet nagegaan worden."),
    "contiguity_approximate": gettext_noop("De controle op samenhang gebruikt benaderde sectorvormen."),
    "split_no_geometry": gettext_noop(
        "Voor een voorstel van indeling zijn sectorvormen nodig; voor {codes} is er geen vlak (alleen een "
        "punt of niets). Laad sectorvormen of benaderde cellen."),
    "split_no_population": gettext_noop(
        "Er zijn geen bevolkingscijfers ({measure}, {period}) voor de sectoren van {code}. Importeer ze "
        "eerst of kies een andere maat/periode."),
    "split_population_unknown": gettext_noop(
        "Bevolking onbekend voor {codes}; ze tellen als 0 in het voorstel."),
    "split_too_small": gettext_noop(
        "Het deel {codes} telt samen maar {population} inwoners, minder dan het minimum {min_population}: "
        "geen indeling mogelijk. Verlaag het minimum."),
    "split_left_out": gettext_noop("Niet ingedeeld (geen ligging): {codes} met samen {population} inwoners."),
    "split_min_population": gettext_noop("Het minimum aantal inwoners moet groter dan 0 zijn."),
    "split_failed": gettext_noop("Het indelingsalgoritme vond geen geldige indeling: {detail}"),
})


# ------------------------------------------------------------------------------------------- results

@dataclass
class Selection:
    """The outcome of choosing sectors: codes, the rule and its parameters, and warnings."""

    sector_codes: list[str]
    vintage: str
    rule: str
    rule_params: dict[str, Any] = field(default_factory=dict)
    rule_notes: list[Problem] = field(default_factory=list)
    source_area_code: str = ""
    polygon_geojson: dict | None = None
    warnings: list[Problem] = field(default_factory=list)

    def rule_description(self, lang: str | None = None) -> str:
        text = render(f"rule_{self.rule.replace('-', '_')}", self.rule_params, lang=lang)
        notes = " ".join(note.render(lang) for note in self.rule_notes)
        return f"{text} {notes}".strip()

    def warning_texts(self, lang: str | None = None) -> list[str]:
        return [w.render(lang) for w in self.warnings]


def problem_to_json(problem: Problem) -> dict:
    """A warning as stored with a neighbourhood version: its code and parameters, in no language
    (``messages.stored_text`` words it for the reader; older rows also kept both renderings)."""
    return {"code": problem.code, "params": _jsonable(problem.params)}


def _jsonable(params: dict) -> dict:
    return json.loads(json.dumps(params, default=str))


# ------------------------------------------------------------------------------------------ sector table

def _table(sectors: pd.DataFrame) -> pd.DataFrame:
    table = sectors.copy()
    if "code" in table.columns:
        table = table.set_index("code", drop=False)
    for column, default in (("geometry_kind", ""), ("is_locatable", True), ("name", ""), ("municipality", "")):
        if column not in table.columns:
            table[column] = default
    table["geometry"] = [g if g is not None and not (isinstance(g, float)) and not g.is_empty else None
                         for g in table["geometry"]]
    return table


def _has_shape(geometry) -> bool:
    return geometry is not None and geometry.geom_type in ("Polygon", "MultiPolygon")


def _centre_point(geometry):
    """A point sure to lie in the sector: its centroid when that is inside, else a representative point."""
    if geometry.geom_type == "Point":
        return geometry
    centroid = geometry.centroid
    return centroid if geometry.contains(centroid) else geometry.representative_point()


def outline(geometries: Iterable) -> Any:
    """A neighbourhood's outline: the shapes of its sectors (shapely, EPSG:31370) dissolved into one Polygon or
    MultiPolygon; ``buffer(0)`` mends what the union of touching sectors can leave (slivers, a self-touching
    ring). None when no sector has a shape. The one dissolve behind every map, export and API answer that
    draws a neighbourhood as one shape (``neighbourhood_service.outlines`` caches it per version)."""
    parts = [g for g in geometries if g is not None and not g.is_empty]
    if not parts:
        return None
    shape = shapely.union_all(parts).buffer(0)
    return None if shape.is_empty else shape


def check_codes(codes: Iterable[str], known: pd.DataFrame, vintage: str) -> list[str]:
    """Clean a list of sector codes and check each exists in ``vintage``.

    ``known`` has columns code, vintage (every loaded sector). Raises ``sector_unknown`` (or
    ``sector_unknown_other_vintage`` naming the vintages where the code does exist) for the first unknown
    code; raises ``selection_empty`` for an empty list. Order is kept, duplicates dropped."""
    cleaned: list[str] = []
    for code in codes:
        code = str(code).strip().upper()
        if code and code not in cleaned:
            cleaned.append(code)
    if not cleaned:
        raise ZorgzaamError("selection_empty")
    in_vintage = set(known.loc[known["vintage"] == vintage, "code"])
    for code in cleaned:
        if code not in in_vintage:
            others = sorted(set(known.loc[known["code"] == code, "vintage"]) - {vintage})
            if others:
                raise ZorgzaamError("sector_unknown_other_vintage", code=code, vintage=vintage,
                                    others=", ".join(others))
            raise ZorgzaamError("sector_unknown", code=code, vintage=vintage)
    return cleaned


def choose_vintage(codes: Iterable[str], known: pd.DataFrame) -> str:
    """The newest vintage that holds every code (else the one holding most of them)."""
    if known.empty:
        raise ZorgzaamError("no_sectors_loaded")
    wanted = {str(c).strip().upper() for c in codes if str(c).strip()}
    counts = known[known["code"].isin(wanted)].groupby("vintage")["code"].nunique()
    vintages = sorted(set(known["vintage"]), reverse=True)
    if counts.empty:
        return vintages[0]
    best = counts.max()
    return sorted(counts[counts == best].index, reverse=True)[0]


# ----------------------------------------------------------------------------------------- contiguity

def sector_adjacency(geometries: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE) -> dict[str, set[str]]:
    """Neighbours by shared boundary: two sectors touch when a stretch of boundary at least
    ``max(4 · tolerance, 5 m)`` long lies within ``tolerance`` of the other (corner touches do not count)."""
    codes = [c for c, g in geometries.items() if _has_shape(g)]
    geoms = [geometries[c] for c in codes]
    adjacency: dict[str, set[str]] = {c: set() for c in codes}
    if not codes:
        return adjacency
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=tolerance)
    min_length = max(4 * tolerance, 5.0)
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        shared = geoms[i].boundary.intersection(geoms[j].buffer(tolerance)).length
        if shared >= min_length:
            adjacency[codes[i]].add(codes[j])
            adjacency[codes[j]].add(codes[i])
    return adjacency


def connected_groups(codes: Iterable[str], adjacency: dict[str, set[str]]) -> list[list[str]]:
    """Connected parts of ``codes`` under ``adjacency``, largest first, each sorted."""
    remaining = [c for c in codes if c in adjacency]
    members = set(remaining)
    seen: set[str] = set()
    groups = []
    for start in remaining:
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            code = stack.pop()
            group.append(code)
            for other in adjacency[code]:
                if other in members and other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append(sorted(group))
    return sorted(groups, key=lambda g: (-len(g), g))


def selection_warnings(codes: list[str], sectors: pd.DataFrame,
                       tolerance: float = DEFAULT_TOLERANCE) -> list[Problem]:
    """Warnings for a set of sectors: several municipalities, separate parts, sectors without shape."""
    table = _table(sectors)
    rows = table.loc[[c for c in codes if c in table.index]]
    warnings: list[Problem] = []
    municipalities = sorted({m for m in rows["municipality"] if m})
    if len(municipalities) > 1:
        names = [_municipality_label(table, m) for m in municipalities]
        warnings.append(Problem("selection_two_municipalities", {"municipalities": ", ".join(names)}))
    no_location = [c for c in codes if c in table.index and (not table.at[c, "is_locatable"]
                                                                 or table.at[c, "geometry"] is None)]
    if no_location:
        warnings.append(Problem("selection_without_location", {"codes": ", ".join(no_location)}))
    point_only = [c for c in codes if c in table.index and table.at[c, "geometry"] is not None
                  and not _has_shape(table.at[c, "geometry"])]
    if point_only:
        warnings.append(Problem("contiguity_unknown", {"codes": ", ".join(point_only)}))
    shaped = [c for c in codes if c in table.index and _has_shape(table.at[c, "geometry"])]
    if len(shaped) > 1:
        adjacency = sector_adjacency({c: table.at[c, "geometry"] for c in shaped}, tolerance)
        groups = connected_groups(shaped, adjacency)
        if len(groups) > 1:
            text = "; ".join("[" + ", ".join(g) + "]" for g in groups)
            warnings.append(Problem("selection_not_contiguous", {"parts": len(groups), "groups": text,
                                                                 "group_codes": groups}))
        if any(table.at[c, "geometry_kind"] == "approximate" for c in shaped):
            warnings.append(Problem("contiguity_approximate", {}))
    return warnings


def _municipality_label(table: pd.DataFrame, code: str) -> str:
    if "municipality_name" in table.columns:
        names = table.loc[table["municipality"] == code, "municipality_name"]
        if len(names) and names.iloc[0]:
            return f"{names.iloc[0]} ({code})"
    return code


# ------------------------------------------------------------------------------------------ selections

def select_sectors(codes: Iterable[str], sectors: pd.DataFrame, vintage: str,
                   known: pd.DataFrame | None = None, tolerance: float = DEFAULT_TOLERANCE) -> Selection:
    """A neighbourhood from a list of sector codes (the not-locatable sector is allowed here)."""
    table = _table(sectors)
    if known is None:
        known = pd.DataFrame({"code": table.index, "vintage": vintage})
    cleaned = check_codes(codes, known, vintage)
    missing = [c for c in cleaned if c not in table.index]
    if missing:
        raise ZorgzaamError("sector_unknown", code=missing[0], vintage=vintage)
    cleaned = sorted(cleaned)
    return Selection(cleaned, vintage, "sectors", {"count": len(cleaned)},
                     warnings=selection_warnings(cleaned, table, tolerance))


def select_area(area: dict, sector_codes: Iterable[str], sectors: pd.DataFrame, vintage: str,
                tolerance: float = DEFAULT_TOLERANCE, lang_level: str = "") -> Selection:
    """A neighbourhood from an area of a higher level. ``sector_codes`` are its sectors as found through
    the hierarchy links (the caller looks them up; never by code prefix). ``area`` has code, name, level."""
    codes = sorted(str(c) for c in sector_codes)
    if not codes:
        raise ZorgzaamError("area_has_no_sectors", code=area["code"])
    table = _table(sectors)
    params = {"count": len(codes), "level": lang_level or area["level"], "code": area["code"],
              "name": area.get("name", "")}
    return Selection(codes, vintage, "area", params, source_area_code=area["code"],
                     warnings=selection_warnings(codes, table, tolerance))


def select_by_polygon(polygon, sectors: pd.DataFrame, vintage: str, rule: str = "centroid",
                      min_share: float = DEFAULT_MIN_SHARE, tolerance: float = DEFAULT_TOLERANCE,
                      geojson: dict | None = None) -> Selection:
    """Snap a drawn shape (shapely, EPSG:31370) to whole sectors.

    ``rule='centroid'``: a sector belongs when its centre point lies inside the shape.
    ``rule='area'``: when at least ``min_share`` of its area lies inside. Sectors with only a point use
    the centroid rule (said in the rule notes); not-locatable sectors are never chosen."""
    if rule not in ("centroid", "area"):
        raise ZorgzaamError("rule_unknown", rule=rule)
    if not (0 < float(min_share) <= 1):
        raise ZorgzaamError("min_share_range", value=min_share)
    table = _table(sectors)
    located = table[[bool(loc) and g is not None for loc, g in zip(table["is_locatable"], table["geometry"],
                                                                   strict=True)]]
    prepared = shapely.prepared.prep(polygon)
    chosen, point_only, approximate = [], 0, 0
    for code, row in located.iterrows():
        geometry = row["geometry"]
        if rule == "area" and _has_shape(geometry):
            if not prepared.intersects(geometry):
                continue
            share = geometry.intersection(polygon).area / geometry.area if geometry.area else 0.0
            inside = share >= float(min_share) - 1e-9
        else:
            if rule == "area":
                point_only += 1  # only a point is known: the centroid rule decides
            inside = prepared.contains(_centre_point(geometry))
        if inside:
            chosen.append(code)
            if row["geometry_kind"] == "approximate":
                approximate += 1
    full_rule = f"polygon-{rule}"
    params = {"count": len(chosen)}
    if rule == "area":
        params.update(percent=f"{float(min_share) * 100:g}", min_share=float(min_share))
    notes = []
    if approximate:
        notes.append(Problem("rule_note_approximate", {"count": approximate}))
    if point_only:
        notes.append(Problem("rule_note_points", {"count": point_only}))
    if not chosen:
        label = "middelpunt" if rule == "centroid" else f"oppervlakte ≥ {float(min_share) * 100:g} %"
        raise ZorgzaamError("polygon_selects_nothing", rule=label)
    chosen.sort()
    return Selection(chosen, vintage, full_rule, params, rule_notes=notes, polygon_geojson=geojson,
                     warnings=selection_warnings(chosen, table, tolerance))


def check_polygon_selection(codes: Iterable[str]) -> None:
    """A selection made by a drawn shape may not hold the not-locatable sector."""
    for code in codes:
        if is_not_locatable_sector(code):
            raise ZorgzaamError("polygon_with_not_locatable", code=code)


def edit_codes(current: list[str], add: Iterable[str] = (), remove: Iterable[str] = (),
               replace: Iterable[str] | None = None) -> tuple[list[str], list[str], list[str]]:
    """The new code list after an edit, with what was added and removed."""
    if replace is not None:
        new = []
        for code in replace:
            code = str(code).strip().upper()
            if code and code not in new:
                new.append(code)
    else:
        new = list(current)
        for code in remove:
            code = str(code).strip().upper()
            if code not in new:
                raise ZorgzaamError("sector_not_in_neighbourhood", code=code)
            new.remove(code)
        for code in add:
            code = str(code).strip().upper()
            if code in new:
                raise ZorgzaamError("sector_already_in_neighbourhood", code=code)
            new.append(code)
    if not new:
        raise ZorgzaamError("selection_empty")
    added = [c for c in new if c not in current]
    removed = [c for c in current if c not in new]
    return sorted(new), added, removed


# ------------------------------------------------------------------------------------- drawn polygons

def read_polygon(path: str | Path) -> tuple[Any, dict, str]:
    """Read a drawn shape from a GeoJSON file (FeatureCollection, Feature or geometry).

    Returns (shape in EPSG:31370, the GeoJSON as read, the detected CRS). The CRS comes from a ``crs``
    member when present, else from the coordinates (longitude/latitude → WGS84; metres in Belgium's range
    → Lambert 72). Every problem names the file."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise ZorgzaamError("file_not_found", path=name)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ZorgzaamError("polygon_unreadable", file=name, detail=str(error)) from None
    geometry, crs = polygon_from_geojson(data, file=name)
    return geometry, data, crs


def polygon_from_geojson(data: Any, file: str | None = None) -> tuple[Any, str]:
    """A drawn shape from parsed GeoJSON, in EPSG:31370, and the CRS it was given in."""
    if not isinstance(data, dict) or "type" not in data:
        raise ZorgzaamError("polygon_unreadable", file=file, detail="geen GeoJSON-object / no GeoJSON object")
    geometries = []
    try:
        if data["type"] == "FeatureCollection":
            raw = [f.get("geometry") for f in data.get("features") or []]
        elif data["type"] == "Feature":
            raw = [data.get("geometry")]
        else:
            raw = [data]
        for item in raw:
            if not item:
                continue
            geom = shape(item)
            if geom.geom_type in ("Polygon", "MultiPolygon") and not geom.is_empty:
                geometries.append(geom)
            elif geom.geom_type == "GeometryCollection":
                geometries += [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as error:
        raise ZorgzaamError("polygon_unreadable", file=file, detail=str(error) or type(error).__name__) from None
    if not geometries:
        raise ZorgzaamError("polygon_empty", file=file)
    for geom in geometries:
        if not geom.is_valid:
            raise ZorgzaamError("polygon_invalid", file=file, detail=shapely.validation.explain_validity(geom))
    crs = _detect_crs(data, geometries, file)
    merged = unary_union(geometries)
    if crs != AREA_CRS:
        from pyproj import Transformer

        transformer = Transformer.from_crs(crs, AREA_CRS, always_xy=True)
        merged = shapely.transform(merged, transformer.transform, interleaved=False)
    if merged.is_empty or merged.area <= 0:
        raise ZorgzaamError("polygon_empty", file=file)
    return merged, crs


def _detect_crs(data: dict, geometries: list, file: str | None) -> str:
    declared = ""
    crs = data.get("crs")
    if isinstance(crs, dict):
        declared = str((crs.get("properties") or {}).get("name", "")).upper()
    if declared:
        if "31370" in declared:
            return AREA_CRS
        if "CRS84" in declared or "4326" in declared:
            return "EPSG:4326"
        raise ZorgzaamError("polygon_crs_unknown", file=file, detail=declared)
    minx, miny, maxx, maxy = unary_union(geometries).bounds
    if -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90:
        return "EPSG:4326"
    if 0 <= minx and maxx <= 320000 and 0 <= miny and maxy <= 260000:
        return AREA_CRS
    raise ZorgzaamError("polygon_crs_unknown", file=file, detail=f"x {minx:.0f}–{maxx:.0f}, y {miny:.0f}–{maxy:.0f}")


# -------------------------------------------------------------------------------------- proposed split

@dataclass
class ProposedGroup:
    number: int
    sector_codes: list[str]
    population: float
    contiguous: bool


@dataclass
class Proposal:
    """A proposed split of one municipality into contiguous groups of sectors."""

    municipality: str
    min_population: float
    measure: str
    seed: int
    groups: list[ProposedGroup]
    left_out: list[str] = field(default_factory=list)
    left_out_population: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    approximate: bool = False
    vintage: str = ""

    def rule_params(self) -> dict:
        return {"min_population": f"{self.min_population:g}", "measure": self.measure, "seed": self.seed}

    def rule_description(self, lang: str | None = None) -> str:
        text = render("rule_split", self.rule_params(), lang=lang)
        if self.approximate:
            text += " " + render("contiguity_approximate", {}, lang=lang)
        return text

    @classmethod
    def from_dict(cls, data: dict) -> Proposal:
        """The proposal back from ``as_dict`` (kept in the session while the team looks at the preview)."""
        return cls(municipality=data["municipality"], min_population=float(data["min_population"]),
                   measure=data["measure"], seed=int(data["seed"]), vintage=data.get("vintage", ""),
                   groups=[ProposedGroup(int(g["number"]), list(g["sectors"]), float(g["population"]),
                                         bool(g["contiguous"])) for g in data["groups"]],
                   left_out=list(data.get("left_out", [])),
                   left_out_population=float(data.get("left_out_population") or 0.0),
                   approximate=bool(data.get("approximate", False)))

    def as_dict(self, lang: str | None = None) -> dict:
        return {"municipality": self.municipality, "vintage": self.vintage, "min_population": self.min_population,
                "measure": self.measure, "approximate": self.approximate,
                "seed": self.seed, "rule_description": self.rule_description(lang),
                "groups": [{"number": g.number, "sectors": g.sector_codes, "population": g.population,
                            "contiguous": g.contiguous} for g in self.groups],
                "left_out": self.left_out, "left_out_population": self.left_out_population,
                "warnings": [w.render(lang) for w in self.warnings]}


def propose_split(sectors: pd.DataFrame, population: pd.Series, min_population: float, *,
                  municipality: str = "", measure: str = "population", seed: int = 0,
                  tolerance: float = DEFAULT_TOLERANCE, attributes: pd.DataFrame | None = None,
                  iterations: int = 25) -> Proposal:
    """Split the sectors into as many contiguous groups as possible, each with at least ``min_population``.

    Max-p regionalisation (spopt ``MaxPHeuristic``) on libpysal weights built from the shared boundaries
    of the sector shapes; by default groups are kept compact (similarity on the sector centre points),
    or on ``attributes`` (one row per code). ``population`` is indexed by sector code; unknown counts
    count as 0 (with a warning). Not-locatable sectors are left out and reported. Seeded: the same input
    gives the same groups; ``iterations`` is the number of construction rounds the heuristic tries (more
    rounds may find more groups, slower). Each group is checked contiguous and ≥ ``min_population``."""
    import libpysal
    from spopt.region import MaxPHeuristic

    if not min_population or min_population <= 0:
        raise ZorgzaamError("split_min_population")
    table = _table(sectors)
    raw = pd.to_numeric(population, errors="coerce")
    raw.index = raw.index.astype(str)
    pop = raw.reindex(table.index)
    no_location = [c for c in table.index if not table.at[c, "is_locatable"] or table.at[c, "geometry"] is None]
    located = [c for c in table.index if c not in no_location]
    without_shape = [c for c in located if not _has_shape(table.at[c, "geometry"])]
    if without_shape or not located:
        raise ZorgzaamError("split_no_geometry", codes=", ".join(without_shape or list(table.index)))
    warnings: list[Problem] = []
    unknown = [c for c in located if pd.isna(pop.get(c))]
    if unknown and len(unknown) == len(located):
        raise ZorgzaamError("split_no_population", measure=measure, period="", code=municipality)
    if unknown:
        warnings.append(Problem("split_population_unknown", {"codes": ", ".join(unknown)}))
    pop_known = pop.copy()
    pop = pop.fillna(0.0)
    left_values = pop_known.reindex(no_location)
    left_population = float(left_values.sum()) if left_values.notna().all() else float("nan")
    if no_location:
        shown = "?" if math.isnan(left_population) else f"{left_population:g}"
        warnings.append(Problem("split_left_out", {"codes": ", ".join(no_location), "population": shown}))
    geometries = {c: table.at[c, "geometry"] for c in located}
    adjacency = sector_adjacency(geometries, tolerance)
    components = connected_groups(located, adjacency)
    groups: list[list[str]] = []
    state = np.random.get_state()
    try:
        for component in components:
            total = float(pop.reindex(component).sum())
            if total < min_population:
                raise ZorgzaamError("split_too_small", codes=", ".join(component), population=f"{total:g}",
                                    min_population=f"{min_population:g}")
            if len(component) == 1 or total < 2 * min_population:
                groups.append(sorted(component))
                continue
            frame = pd.DataFrame({"code": component})
            frame["population"] = pop.reindex(component).to_numpy(dtype=float)
            centres = [_centre_point(geometries[c]) for c in component]
            if attributes is not None:
                attr_names = [str(c) for c in attributes.columns]
                values = attributes.reindex(component)
                for name in attr_names:
                    frame[name] = pd.to_numeric(values[name], errors="coerce").fillna(0).to_numpy()
            else:
                frame["x"] = [p.x for p in centres]
                frame["y"] = [p.y for p in centres]
                attr_names = ["x", "y"]
            index = {c: i for i, c in enumerate(component)}
            neighbours = {index[c]: sorted(index[o] for o in adjacency[c]) for c in component}
            weights = libpysal.weights.W(neighbours, silence_warnings=True)
            np.random.seed(seed)
            model = MaxPHeuristic(frame, weights, attr_names, "population", float(min_population), top_n=2,
                                  max_iterations_construction=iterations, policy="keep")
            try:
                model.solve()
            except Exception as error:  # the heuristic raises bare errors on infeasible inputs
                raise ZorgzaamError("split_failed", detail=f"{type(error).__name__}: {error}") from None
            labels = np.asarray(model.labels_)
            for label in sorted(set(labels.tolist())):
                members = sorted(np.asarray(component)[labels == label].tolist())
                groups.append(members)
    finally:
        np.random.set_state(state)
    result = []
    order = sorted(groups, key=lambda g: (-float(pop.reindex(g).sum()), g))
    for number, members in enumerate(order, start=1):
        total = float(pop.reindex(members).sum())
        contiguous = len(connected_groups(members, adjacency)) == 1
        if not contiguous or total < min_population:
            raise ZorgzaamError("split_failed", detail=f"groep {number}: {', '.join(members)} "
                                f"({total:g}, aaneengesloten={contiguous})")
        result.append(ProposedGroup(number, members, total, contiguous))
    approximate = any(table.at[c, "geometry_kind"] == "approximate" for c in located)
    return Proposal(municipality, float(min_population), measure, seed, result, left_out=no_location,
                    left_out_population=left_population, warnings=warnings, approximate=approximate)


def approximate_cells(points: dict[str, Any], containers: dict[str, Any], membership: dict[str, str]) -> dict:
    """Approximate sector shapes where only centre points are known: Voronoi cells of the points, clipped
    to the container (e.g. the wijk) each sector belongs to by the hierarchy table. Sectors alone in a
    container get the whole container. Returns {code: polygon}; label the result 'approximate'."""
    cells: dict[str, Any] = {}
    by_container: dict[str, list[str]] = {}
    for code, container in membership.items():
        by_container.setdefault(container, []).append(code)
    for container, codes in by_container.items():
        outline = containers.get(container)
        if outline is None:
            continue
        codes = [c for c in codes if c in points]
        if len(codes) == 1:
            cells[codes[0]] = outline
            continue
        pts = [points[c] for c in codes]
        # points outside the (simplified) container are pulled just inside it so every sector gets a cell
        pts = [p if outline.contains(p) else shapely.ops.nearest_points(outline.buffer(-1), p)[0] for p in pts]
        envelope = outline.buffer(1000).envelope
        voronoi = shapely.voronoi_polygons(shapely.MultiPoint(pts), extend_to=envelope)
        for code, point in zip(codes, pts, strict=True):
            cell = next(g for g in voronoi.geoms if g.intersects(point))
            clipped = cell.intersection(outline)
            if clipped.geom_type == "MultiPolygon":
                clipped = max(clipped.geoms, key=lambda g: g.area)
            cells[code] = clipped
    return cells


def describe_groups(groups: list[list[str]]) -> str:
    return "; ".join("[" + ", ".join(g) + "]" for g in groups)
