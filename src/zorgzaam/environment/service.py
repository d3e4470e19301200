"""Django glue for the environment analysis: store facilities and networks, and run reach, walkability
and (mis)match for an area or a neighbourhood. The computations are in the plain modules."""

from __future__ import annotations

import uuid

import numpy as np
import pandas as pd
from django.db import transaction

from zorgzaam.environment import facilities as fac
from zorgzaam.environment.models import Facility, StreetNetwork
from zorgzaam.environment.network import StreetNetwork as Network
from zorgzaam.environment.reach import ReachSettings, location_reach, share_within
from zorgzaam.environment.residents import METHOD_TEXT, group_weights, residential_locations
from zorgzaam.messages import ZorgzaamError, register
from zorgzaam.paths import data_dir

register({
    "facility_not_found": ("Voorziening {id} niet gevonden.", "Facility {id} not found."),
    "network_missing": (
        "Er is nog geen stratennetwerk opgeslagen; afstanden zijn in rechte lijn × omwegfactor.",
        "No street network is stored yet; distances are straight line × detour factor.",
    ),
})

FIELDS = ["name", "category", "x", "y", "address", "opening_hours", "target_group", "contact", "source",
          "source_date", "source_ref"]
AGE_GROUPS = {"age_000_004": (0, 4), "age_000_014": (0, 14), "age_065_999": (65, 999),
              "age_075_999": (75, 999), "age_080_999": (80, 999)}


def import_facilities(format: str, path: str, workspace=None, created_by: str = "") -> dict:
    """Import a file (``facilities.FORMATS``) in one transaction; returns the import report with the
    duplicate candidates against facilities already stored."""
    readers = {"osm": fac.import_osm, "afmps": fac.import_afmps, "hospitals": fac.import_hospitals,
               "list": lambda p: fac.import_list(p, geocode=fac.address_gazetteer(facilities_frame()))}
    if format not in readers:
        raise ZorgzaamError("unknown_format", format=format, known=", ".join(readers))
    result = readers[format](path)
    existing = facilities_frame(workspace=workspace)
    with transaction.atomic():
        Facility.objects.bulk_create([Facility(workspace=workspace, created_by=created_by,
                                               **{k: row[k] for k in FIELDS})
                                      for row in result.facilities.to_dict("records")])
    report = result.report()
    combined = pd.concat([existing.drop(columns=["id"], errors="ignore"), result.facilities], ignore_index=True)
    pairs = fac.find_duplicates(combined)
    pairs = pairs[pairs.second >= len(existing)]
    report["duplicates"] = pairs.to_dict("records")
    return report


def facilities_frame(category: str | None = None, workspace=None, include_retired: bool = False) -> pd.DataFrame:
    """Shared facilities plus those of ``workspace`` as a facility frame (+ id)."""
    from django.db.models import Q

    query = Facility.objects.filter(Q(workspace__isnull=True) | Q(workspace=workspace)) if workspace \
        else Facility.objects.filter(workspace__isnull=True)
    if category:
        query = query.filter(category=category)
    if not include_retired:
        query = query.filter(is_retired=False)
    frame = pd.DataFrame(list(query.values("id", *FIELDS)), columns=["id", *FIELDS])
    frame["x"] = frame["x"].astype(float)
    frame["y"] = frame["y"].astype(float)
    return frame


def add_facility(workspace, created_by: str = "", **values) -> Facility:
    return Facility.objects.create(workspace=workspace, created_by=created_by, **values)


def correct_facility(facility_id: int, edited_by: str = "", **values) -> Facility:
    facility = Facility.objects.filter(pk=facility_id).first()
    if facility is None:
        raise ZorgzaamError("facility_not_found", id=facility_id)
    for key, value in values.items():
        setattr(facility, key, value)
    facility.edited_by = edited_by
    facility.save()
    return facility


def retire_facility(facility_id: int, edited_by: str = "", note: str = "") -> Facility:
    return correct_facility(facility_id, edited_by=edited_by, is_retired=True, note=note)


def save_network(network: Network, name: str, buildings: pd.DataFrame | None = None, workspace=None) -> StreetNetwork:
    folder = data_dir() / "networks"
    folder.mkdir(parents=True, exist_ok=True)
    stem = uuid.uuid4().hex
    network.save(folder / f"{stem}.npz")
    buildings_file = ""
    if buildings is not None and len(buildings):
        buildings_file = f"networks/{stem}_buildings.parquet"
        buildings.to_parquet(data_dir() / buildings_file, index=False)
    return StreetNetwork.objects.create(
        workspace=workspace, name=name, source=network.source, network_file=f"networks/{stem}.npz",
        buildings_file=buildings_file, node_count=network.node_count, edge_count=network.edge_count,
        building_count=0 if buildings is None else len(buildings), bounds=list(network.bounds()),
        is_fictional=network.is_fictional)


def load_network(record: StreetNetwork | None = None, path: str | None = None):
    """(network, buildings) from a stored record, an OSM file, or the newest stored network."""
    if path:
        from zorgzaam.environment.network import network_from_osm
        from zorgzaam.environment.osm import read_osm

        if str(path).endswith(".npz"):
            return Network.load(path), None
        extract = read_osm(path)
        return network_from_osm(extract), extract.buildings
    record = record or StreetNetwork.objects.first()
    if record is None:
        return None, None
    buildings = pd.read_parquet(data_dir() / record.buildings_file) if record.buildings_file else None
    return Network.load(data_dir() / record.network_file), buildings


def resolve_target(text: str, workspace=None) -> tuple[str, list[str]]:
    """A neighbourhood name (of the workspace) or an area code → (label, sector codes). The lookup is the
    profile's (``profile.service.resolve_target``), so both parts read a target the same way."""
    from zorgzaam.areas.queries import sectors_of
    from zorgzaam.profile.service import resolve_target as find_target

    neighbourhood, area, _ = find_target(text, workspace)
    if neighbourhood is not None:
        version = neighbourhood.current
        return neighbourhood.name, list(version.sector_codes) if version is not None else []
    return f"{area.name} ({area.code})", [a.code for a in sectors_of(area, locatable_only=True)]


def sector_population(codes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Latest population per sector, and per age group when age bands are stored."""
    from zorgzaam.sources.store import load_values

    values = load_values(levels=["sector"])
    values = values[values["area_code"].isin(codes)] if len(values) else values
    total = pd.DataFrame(columns=["sector_code", "population"])
    groups = pd.DataFrame(columns=["sector_code", "group", "population"])
    if len(values) == 0:
        return total, groups
    latest = values[values["period"] == values["period"].max()]
    pop = latest[latest["measure"] == "population"].groupby("area_code")["value"].sum(min_count=1)
    total = pop.rename("population").rename_axis("sector_code").reset_index()
    bands = latest[latest["measure"].str.match(r"^population_age_\d{3}_\d{3}$")].copy()
    if len(bands):
        bands["lo"] = bands["measure"].str[15:18].astype(int)
        bands["hi"] = bands["measure"].str[19:22].astype(int)
        rows = []
        for group, (lo, hi) in AGE_GROUPS.items():
            chosen = bands[(bands.lo >= lo) & (bands.hi <= hi)]
            summed = chosen.groupby("area_code")["value"].sum(min_count=1)
            rows.append(pd.DataFrame({"sector_code": summed.index, "group": group, "population": summed.values}))
        groups = pd.concat(rows, ignore_index=True)
    return total, groups


def reach_for(target: str, categories: list[str], thresholds: list[float], network_path: str | None = None,
              workspace=None, speed: float | None = None, detour: float = 1.3) -> dict:
    """Population-weighted reach for an area or neighbourhood, with the methods stated."""
    from zorgzaam.areas.models import Area

    label, codes = resolve_target(target, workspace)
    sectors = pd.DataFrame(list(Area.objects.filter(level="sector", code__in=codes)
                                .values("code", "geometry", "centroid_x", "centroid_y")))
    sectors = sectors.drop_duplicates("code")
    import shapely

    sectors["geometry"] = [shapely.from_wkb(bytes(g)) if g is not None else None for g in sectors["geometry"]]
    population, groups = sector_population(codes)
    sectors = sectors.merge(population.rename(columns={"sector_code": "code"}), on="code", how="left")
    network, buildings = load_network(path=network_path) if network_path else load_network()
    locations = residential_locations(sectors, buildings)
    facilities = facilities_frame(workspace=workspace)
    settings = ReachSettings(thresholds=tuple(thresholds), detour=detour, **({"speed": speed} if speed else {}))
    reach = location_reach(locations, facilities, categories, network, settings)
    shares = share_within(reach, group_weights(locations, groups), thresholds=tuple(thresholds))
    methods = sorted(locations["method"].unique()) if len(locations) else []
    return {"target": label, "sectors": codes, "categories": categories, "thresholds_m": list(thresholds),
            "distance_method": "network" if network is not None else f"straight_line_x{detour:g}",
            "location_method": methods, "location_method_text": {m: METHOD_TEXT.get(m, ("", ""))[0] for m in methods},
            "network": None if network is None else network.source,
            "locations": int(len(locations)),
            "status_counts": reach.groupby(["category", "status"]).size().rename("n").reset_index().to_dict("records"),
            "shares": shares.replace({np.nan: None}).to_dict("records")}


def walkability_for(target: str, workspace=None) -> dict:
    """Walkability of the cells around an area or neighbourhood, z-scored within the area's cells."""
    from zorgzaam.environment.walkability import (
        WARNING,
        area_scores,
        grid_cells,
        intersections,
        walkability_cells,
    )

    reach = _locations_for(target, workspace)
    label, locations, network = reach
    if network is None or len(locations) == 0:
        raise ZorgzaamError("network_missing")
    bounds = (locations.x.min() - 300, locations.y.min() - 300, locations.x.max() + 300, locations.y.max() + 300)
    cells = walkability_cells(grid_cells(bounds), locations, facilities_frame(workspace=workspace),
                              intersections(network))
    score = area_scores(cells, locations)
    lang = "nl"
    return {"target": label, "score": float(score["score"].iloc[0]),
            "components": {k: float(score[k].iloc[0]) for k in ("intersection_density", "residential_density",
                                                                 "land_use_mix")},
            "cells": int(len(cells)), "standardised_against": "region", "warning": WARNING[0 if lang == "nl" else 1],
            "warning_en": WARNING[1], "method": "2·z(kruispunten/km²) + z(inwoners/ha) + z(functiemix), 500 m"}


def _locations_for(target: str, workspace=None):
    from zorgzaam.areas.models import Area

    label, codes = resolve_target(target, workspace)
    rows = list(Area.objects.filter(level="sector", code__in=codes).values("code", "geometry", "centroid_x", "centroid_y"))
    sectors = pd.DataFrame(rows, columns=["code", "geometry", "centroid_x", "centroid_y"]).drop_duplicates("code")
    import shapely

    sectors["geometry"] = [shapely.from_wkb(bytes(g)) if g is not None else None for g in sectors["geometry"]]
    population, _ = sector_population(codes)
    sectors = sectors.merge(population.rename(columns={"sector_code": "code"}), on="code", how="left")
    network, buildings = load_network()
    return label, residential_locations(sectors, buildings), network


def mismatch_for(target: str, workspace=None) -> dict:
    """Signals of the (mis)match rules for an area or neighbourhood. Needs a profile table from the
    profile module; says so when that is not available yet."""
    from zorgzaam.environment.mismatch import apply_rules, combine_reach, load_rules, reach_categories

    profile = _profile_table(target, workspace)
    if profile is None:
        return {"target": target, "signals": [],
                "message": "Nog geen profiel beschikbaar voor dit gebied: de (mis)match heeft de cijfers van het "
                           "profiel nodig. / No profile available for this area yet: the (mis)match needs the "
                           "profile figures."}
    rules = load_rules()
    needed = reach_categories(rules)
    plain = sorted({c for cats in needed.values() for c in cats})
    label, locations, network = _locations_for(target, workspace)
    _, codes = resolve_target(target, workspace)
    _, groups = sector_population(codes)
    reach = location_reach(locations, facilities_frame(workspace=workspace), plain, network)
    combined = [reach] + [combine_reach(reach, name, cats) for name, cats in needed.items() if len(cats) > 1]
    shares = share_within(pd.concat(combined, ignore_index=True), group_weights(locations, groups),
                          thresholds=sorted({r.threshold_m for r in rules}))
    shares["area"] = profile["area_code"].iloc[0]
    signals = apply_rules(profile, shares, rules)
    return {"target": label, "signals": signals.to_dict("records")}


def _profile_table(target: str, workspace=None) -> pd.DataFrame | None:
    """area_code, indicator_id, value, comparison_value from the profile module, if it offers one."""
    try:
        from zorgzaam.profile import service as profile_service  # built in parallel
    except ImportError:
        return None
    function = getattr(profile_service, "profile_table", None)
    if function is None:
        return None
    return function(target, workspace=workspace)
