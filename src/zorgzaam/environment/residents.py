"""Where people live: residential locations weighted by population. Plain module, no Django.

Reach should be measured for people, not for areas. Each sector's residents are spread over the
residential buildings that lie in it (weighted by footprint area), where building footprints are known
(OpenStreetMap); a sector without buildings, or without a polygon, is represented by its centroid
carrying all its residents. The column ``method`` says which was used for each location:

* ``buildings`` — a residential building footprint (its representative point), share of the sector
  population proportional to the footprint area;
* ``sector_centroid`` — the sector's centroid carries the whole sector;
* ``buildings_unweighted`` — buildings without any population figure (each building weight 1).

Building types counted as residential: :data:`RESIDENTIAL_BUILDINGS`; ``building=yes`` (type not given)
counts when its footprint is between 30 and 1,500 m² (assumption, stated in the result)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from zorgzaam.messages import gettext, gettext_noop

RESIDENTIAL_BUILDINGS = frozenset({"house", "residential", "apartments", "detached", "semidetached_house",
                                   "terrace", "bungalow", "farm", "dormitory", "static_caravan"})
UNTYPED_AREA = (30.0, 1500.0)

LOCATION_COLUMNS = ["location_id", "sector_code", "x", "y", "weight", "population", "method"]

METHOD_TEXT = {
    "buildings": gettext_noop("woongebouwen uit het kaartbestand van het stratennet (OpenStreetMap of het demobestand), bevolking van de sector verdeeld naar grondoppervlakte"),
    "sector_centroid": gettext_noop("middelpunt van de sector (geen gebouwen gekend)"),
    "buildings_unweighted": gettext_noop("woongebouwen uit het kaartbestand van het stratennet, elk gebouw even zwaar (geen bevolkingscijfers)"),
}


def residential_buildings(buildings: pd.DataFrame) -> pd.DataFrame:
    """The buildings that count as homes (see the module text)."""
    if buildings is None or len(buildings) == 0:
        return pd.DataFrame(columns=["x", "y", "area_m2", "building"])
    typed = buildings["building"].isin(RESIDENTIAL_BUILDINGS)
    untyped = (buildings["building"] == "yes") & buildings["area_m2"].between(*UNTYPED_AREA)
    return buildings[typed | untyped].reset_index(drop=True)


def residential_locations(sectors: pd.DataFrame, buildings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Locations for the sectors (columns code, population, and geometry and/or centroid_x/centroid_y).

    Returns :data:`LOCATION_COLUMNS`; ``weight`` is the location's share of its sector (sums to 1 per
    sector) and ``population`` the residents it carries."""
    homes = residential_buildings(buildings) if buildings is not None else None
    points = shapely.points(homes["x"].to_numpy(), homes["y"].to_numpy()) if homes is not None and len(homes) else None
    tree = shapely.STRtree(points) if points is not None else None
    parts = []
    for sector in sectors.itertuples(index=False):
        population = float(sector.population) if pd.notna(getattr(sector, "population", np.nan)) else np.nan
        geometry = getattr(sector, "geometry", None)
        if tree is not None and geometry is not None and not getattr(geometry, "is_empty", True) \
                and geometry.geom_type in ("Polygon", "MultiPolygon"):
            inside = tree.query(geometry, predicate="contains")
            if len(inside):
                area = homes["area_m2"].to_numpy()[inside]
                weight = area / area.sum()
                parts.append(pd.DataFrame({
                    "sector_code": sector.code, "x": homes["x"].to_numpy()[inside],
                    "y": homes["y"].to_numpy()[inside], "weight": weight, "population": weight * population,
                    "method": "buildings"}))
                continue
        cx, cy = getattr(sector, "centroid_x", np.nan), getattr(sector, "centroid_y", np.nan)
        if (pd.isna(cx) or pd.isna(cy)) and geometry is not None and not getattr(geometry, "is_empty", True):
            point = geometry.representative_point() if geometry.geom_type != "Point" else geometry
            cx, cy = point.x, point.y
        if pd.isna(cx) or pd.isna(cy):
            continue  # no location at all (the not-locatable sector): left out, see unplaced_population
        parts.append(pd.DataFrame({"sector_code": [sector.code], "x": [cx], "y": [cy], "weight": [1.0],
                                   "population": [population], "method": ["sector_centroid"]}))
    if not parts:
        return pd.DataFrame(columns=LOCATION_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame.insert(0, "location_id", np.arange(len(frame)))
    return frame[LOCATION_COLUMNS]


def building_locations(buildings: pd.DataFrame, sector_code: str = "") -> pd.DataFrame:
    """Every residential building as a location of weight 1 (no population figures known)."""
    homes = residential_buildings(buildings)
    frame = pd.DataFrame({"location_id": np.arange(len(homes)), "sector_code": sector_code,
                          "x": homes["x"].to_numpy(), "y": homes["y"].to_numpy(), "weight": 1.0,
                          "population": 1.0, "method": "buildings_unweighted"})
    return frame[LOCATION_COLUMNS]


# Population groups of the reach figures (``group_weights``), as a phrase that reads inside a sentence
# ("binnen 400 m voor 80-plussers"); :func:`group_label` gives it, capitalised for a table's first column.
GROUP_LABELS = {
    "all": gettext_noop("alle inwoners"),
    "age_000_004": gettext_noop("kinderen 0–4 jaar"),
    "age_000_014": gettext_noop("kinderen 0–14 jaar"),
    "age_065_999": gettext_noop("65-plussers"),
    "age_075_999": gettext_noop("75-plussers"),
    "age_080_999": gettext_noop("80-plussers"),
}


def group_label(group: str, lang: str = "nl", capital: bool = False) -> str:
    """The words for a population group (its code when unknown)."""
    msgid = GROUP_LABELS.get(group)
    text = group if msgid is None else gettext(msgid, lang)
    return text[:1].upper() + text[1:] if capital else text


def group_weights(locations: pd.DataFrame, sector_groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """Residents per location and population group: location_id, group, population.

    Group ``all`` is the location's own population; ``sector_groups`` (sector_code, group, population),
    e.g. age groups from the stored population counts, is spread with the same weights."""
    base = locations[["location_id", "population"]].assign(group="all")
    parts = [base[["location_id", "group", "population"]]]
    if sector_groups is not None and len(sector_groups):
        merged = locations[["location_id", "sector_code", "weight"]].merge(
            sector_groups, on="sector_code", how="inner", suffixes=("", "_sector"))
        merged["population"] = merged["weight"] * merged["population"]
        parts.append(merged[["location_id", "group", "population"]])
    return pd.concat(parts, ignore_index=True)


def placed_residents(locations: pd.DataFrame, sector_codes=None) -> float:
    """Residents placed on the map: the population carried by the residential locations (of
    ``sector_codes`` when given). The one computation of this count; every screen, document and export
    reads it."""
    if sector_codes is not None:
        locations = locations[locations["sector_code"].isin(list(sector_codes))]
    return round(float(locations["population"].fillna(0).sum()), 3) if len(locations) else 0.0
