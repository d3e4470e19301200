"""Django glue for the environment analysis: store facilities and networks, and run reach, walkability
and (mis)match for an area or a neighbourhood. The computations are in the plain modules."""

from __future__ import annotations

import math
import uuid

import numpy as np
import pandas as pd
from django.db import transaction

from zorgzaam.environment import facilities as fac
from zorgzaam.environment.models import Facility, StreetNetwork
from zorgzaam.environment.network import StreetNetwork as Network
from zorgzaam.environment.reach import ReachSettings, location_reach, share_within
from zorgzaam.environment.residents import (
    GROUP_LABELS,
    METHOD_TEXT,
    group_label,
    group_weights,
    placed_residents,
    residential_locations,
)
from zorgzaam.messages import (
    Problem,
    ZorgzaamError,
    current_language,
    gettext,
    gettext_noop,
    register,
    stored_text,
)
from zorgzaam.paths import data_dir
from zorgzaam.profile.residents import resident_words

register({
    "facility_not_found": gettext_noop("Voorziening {id} niet gevonden."),
    "facility_merge_offer": gettext_noop(
        "'{second}' lijkt dezelfde voorziening als '{first}'. Samenvoegen: zorgzaam facilities merge {keep} {drop}"),
    "network_missing": gettext_noop(
        "Er is nog geen stratennetwerk opgeslagen; afstanden zijn in rechte lijn × omwegfactor."),
})

FIELDS = ["name", "category", "x", "y", "address", "opening_hours", "target_group", "contact", "source",
          "source_date", "source_ref"]
AGE_GROUPS = {"age_000_004": (0, 4), "age_000_014": (0, 14), "age_065_999": (65, 999),
              "age_075_999": (75, 999), "age_080_999": (80, 999)}


def import_facilities(format: str, path: str, workspace=None, created_by: str = "") -> dict:
    """Import a file (``facilities.FORMATS``) in one transaction; returns the import as a record in no
    language (``FacilityImport.record``) with the duplicate candidates against facilities already stored,
    each with its merge offer as a message record. ``sources.report.worded`` words it for the reader."""
    readers = {"osm": fac.import_osm, "afmps": fac.import_afmps, "hospitals": fac.import_hospitals,
               "list": lambda p: fac.import_list(p, geocode=fac.address_gazetteer(facilities_frame(workspace=workspace))),
               "social_map": lambda p: fac.import_social_map(
                   p, geocode=fac.address_gazetteer(facilities_frame(workspace=workspace)))}
    if format not in readers:
        raise ZorgzaamError("unknown_format", format=format, known=", ".join(readers))
    result = readers[format](path)
    existing = facilities_frame(workspace=workspace)
    with transaction.atomic():
        created = Facility.objects.bulk_create([Facility(workspace=workspace, created_by=created_by,
                                                         **{k: row[k] for k in FIELDS})
                                                for row in result.facilities.to_dict("records")])
    combined = pd.concat([existing.drop(columns=["id"], errors="ignore"), result.facilities], ignore_index=True)
    ids = list(existing["id"]) + [item.pk for item in created]
    pairs = fac.find_duplicates(combined)
    pairs = pairs[pairs.second >= len(existing)].copy()
    pairs["first_id"] = [None if ids[i] is None else int(ids[i]) for i in pairs["first"]]
    pairs["second_id"] = [None if ids[i] is None else int(ids[i]) for i in pairs["second"]]
    record = result.record()
    duplicates = []
    for pair in pairs.to_dict("records"):
        pair = {key: value.item() if hasattr(value, "item") else value for key, value in pair.items()}  # JSON-safe
        pair["merge_offer"] = Problem("facility_merge_offer", {
            "first": pair["first_name"], "second": pair["second_name"], "keep": pair["first_id"],
            "drop": pair["second_id"]}).as_record()
        duplicates.append(pair)
    record["duplicates"] = duplicates
    record["created_ids"] = [item.pk for item in created]
    return record


def merge_facilities(keep_id: int, duplicate_id: int, edited_by: str = "") -> Facility:
    """Merge a duplicate into the facility to keep: empty fields of the kept one (address, opening hours,
    target group, contact) are filled from the duplicate, whose source is noted; the duplicate is retired
    (kept, with a note), so nothing is lost."""
    keep = Facility.objects.filter(pk=keep_id).first()
    duplicate = Facility.objects.filter(pk=duplicate_id).first()
    if keep is None or duplicate is None:
        raise ZorgzaamError("facility_not_found", id=keep_id if keep is None else duplicate_id)
    with transaction.atomic():
        for name in ("address", "opening_hours", "target_group", "contact"):
            if not getattr(keep, name) and getattr(duplicate, name):
                setattr(keep, name, getattr(duplicate, name))
        keep.note = "; ".join(v for v in (keep.note, f"samengevoegd met / merged with #{duplicate.pk} "
                                                     f"({duplicate.source})") if v)
        keep.edited_by = edited_by
        keep.save()
        duplicate.is_retired = True
        duplicate.note = "; ".join(v for v in (duplicate.note, f"dubbel van / duplicate of #{keep.pk}") if v)
        duplicate.edited_by = edited_by
        duplicate.save()
    return keep


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


def network_for(workspace=None, *, codes: list[str] | None = None,
                point: tuple[float, float] | None = None) -> StreetNetwork | None:
    """The stored network to measure in: the workspace's own networks before shared ones, newest first, and
    the first whose extent covers the target (its sectors' centres, or a point) — so one team's upload of
    another place never changes this team's figures. Without a target: the first of that order."""
    from django.db.models import Case, IntegerField, Q, Value, When

    query = StreetNetwork.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True)) if workspace \
        else StreetNetwork.objects.filter(workspace__isnull=True)
    candidates = list(query.annotate(own=Case(When(workspace__isnull=True, then=Value(1)), default=Value(0),
                                              output_field=IntegerField())).order_by("own", "-created_at"))
    if not candidates:
        return None
    box = None
    if point is not None:
        box = (point[0], point[1], point[0], point[1])
    elif codes:
        from zorgzaam.areas.models import Area

        xy = np.array(list(Area.objects.filter(level="sector", code__in=codes, centroid_x__isnull=False)
                           .values_list("centroid_x", "centroid_y")), dtype=float).reshape(-1, 2)
        if len(xy):
            box = (xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max())
    if box is None:
        return candidates[0]
    for record in candidates:
        if len(record.bounds) == 4:
            minx, miny, maxx, maxy = record.bounds
            if box[0] <= maxx and box[2] >= minx and box[1] <= maxy and box[3] >= miny:
                return record
    return None


def load_network(record: StreetNetwork | None = None, path: str | None = None, *, workspace=None,
                 codes: list[str] | None = None, point: tuple[float, float] | None = None):
    """(network, buildings) from a stored record, an OSM file, or the stored network that
    :func:`network_for` chooses for the workspace and target; (None, None) when there is none."""
    if path:
        from zorgzaam.environment.network import network_from_osm
        from zorgzaam.environment.osm import read_osm

        if str(path).endswith(".npz"):
            return Network.load(path), None
        extract = read_osm(path)
        return network_from_osm(extract), extract.buildings
    record = record or network_for(workspace, codes=codes, point=point)
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


def sector_population(codes: list[str], workspace=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Latest population per sector, and per age group when age bands are stored: from the shared datasets
    and the workspace's own, never another team's."""
    from django.db.models import Q

    from zorgzaam.sources.models import Dataset
    from zorgzaam.sources.store import load_values

    datasets = Dataset.objects.filter(Q(workspace__isnull=True) | Q(workspace=workspace)) if workspace \
        else Dataset.objects.filter(workspace__isnull=True)
    values = load_values(datasets, levels=["sector"])
    values = values[values["area_code"].isin(codes)] if len(values) else values
    total = pd.DataFrame(columns=["sector_code", "population"])
    groups = pd.DataFrame(columns=["sector_code", "group", "population"])
    if len(values) == 0:
        return total, groups
    counted = values[values["measure"] == "population"]  # the population count's own latest year
    latest = values[values["period"] == (counted["period"].max() if len(counted) else values["period"].max())]
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
    workspace = _workspace_of(target, workspace)
    label, codes = resolve_target(target, workspace)
    sectors = _sector_frame(codes)
    population, groups = sector_population(codes, workspace)
    sectors = sectors.merge(population.rename(columns={"sector_code": "code"}), on="code", how="left")
    network, buildings = load_network(path=network_path, workspace=workspace, codes=codes)
    locations = residential_locations(sectors, buildings)
    facilities = facilities_frame(workspace=workspace)
    settings = ReachSettings(thresholds=tuple(thresholds), detour=detour, **({"speed": speed} if speed else {}))
    reach = location_reach(locations, facilities, categories, network, settings)
    shares = share_within(reach, group_weights(locations, groups), thresholds=tuple(thresholds))
    methods = sorted(locations["method"].unique()) if len(locations) else []
    return {"target": label, "sectors": codes, "categories": categories, "thresholds_m": list(thresholds),
            "distance_method": "network" if network is not None else f"straight_line_x{detour:g}",
            "location_method": methods, "location_method_text": {m: METHOD_TEXT.get(m, "") for m in methods},
            "network": None if network is None else network.source,
            "locations": int(len(locations)),
            "residents_placed": placed_residents(locations), "residents_census": census_residents(target, workspace),
            "residents_words": {k: resident_words(k, current_language()) for k in ("placed", "census")},
            "status_counts": reach.groupby(["category", "status"]).size().rename("n").reset_index().to_dict("records"),
            "shares": shares.replace({np.nan: None}).to_dict("records")}


WALK_METHOD_TEXT = gettext_noop("Voor elk vierkant van 100 bij 100 meter telt Zorgzaam binnen een cirkel van 500 meter drie dingen: "
    "kruispunten per km² (plaatsen waar drie of meer straten samenkomen), inwoners per hectare en de mix van "
    "soorten voorzieningen (0 = één soort of geen, 1 = alles evenveel). Elk deel wordt vergeleken met de "
    "vierkanten van {reference}, het referentiegebied: het gemiddelde vierkant daar telt als 0, de gewone "
    "spreiding als 1. De score is twee keer het deel voor kruispunten, plus het deel voor inwoners, plus het "
    "deel voor de mix. De score van een buurt is het gemiddelde van de vierkanten waar haar inwoners wonen, "
    "gewogen naar het aantal inwoners, zodat velden en bossen niet meetellen.")
REFERENCE_TEXT = gettext_noop("0 is het gemiddelde vierkant van 100 m in {reference} (het referentiegebied). Mensen wonen vooral waar "
    "het drukker is; daarom scoort {reference} als geheel, gewogen naar de inwoners, {score} en niet 0.")


def _workspace_of(target: str, workspace=None):
    """The workspace given, or else the one of the neighbourhood named ``target`` (for the CLI without
    --workspace), so a neighbourhood is measured with its own team's data and siblings everywhere."""
    if workspace is not None:
        return workspace
    from zorgzaam.areas.models import Neighbourhood

    found = Neighbourhood.objects.filter(name=target).select_related("workspace").first()
    return found.workspace if found is not None else None


def reference_area(codes: list[str], workspace=None):
    """The reference area of the walkability scores: the workspace's municipality, or else the municipality
    that holds most of ``codes``. One choice, used by the screen, the documents, the exports and the CLI."""
    if workspace is not None and getattr(workspace, "municipality", ""):
        from zorgzaam.areas.queries import find_area

        try:
            return find_area(workspace.municipality, level="municipality")
        except ZorgzaamError:
            pass
    return _municipality_of(codes)


def census_residents(target: str, workspace=None, profile=None) -> float | None:
    """Residents according to the sector count: the profile's latest population of the neighbourhood or
    area (the sum of its sectors' counts). The one computation of this count: the profile, the side-by-side
    page, the environment screens, the documents and the CLI read it. None when it is not known.
    ``profile``: the target's profile when the caller built it already (its population is the same)."""
    from zorgzaam.profile.service import profile_for

    if profile is None:
        try:
            profile = profile_for(target, workspace, indicator_ids=["population"])
        except (ZorgzaamError, KeyError):
            return None
    own = profile.focus_results()
    own = own[(own["indicator"] == "population") & (own["status"] == "ok")].sort_values("period")
    return float(own["value"].iloc[-1]) if len(own) else None


def resident_counts(target: str, workspace=None) -> dict:
    """Both resident counts of a neighbourhood or area, with their words: ``census`` (the sector count)
    and ``placed`` (placed on the map)."""
    workspace = _workspace_of(target, workspace)
    _, locations, _ = residential_locations_for(target, workspace)
    return {"census": census_residents(target, workspace), "placed": placed_residents(locations)}


def walkability_of(target: str, workspace=None, *, profiles: dict | None = None) -> dict:
    """The one walkability computation: 100 m cells over the reference municipality and every neighbourhood
    of the workspace (also where one crosses the border), standardised against the cells of the reference
    municipality; the population-weighted score and both resident counts of the target, of every other
    neighbourhood of the workspace and of the reference municipality itself. The screen, the Word and Excel
    documents, the GeoJSON/GeoPackage exports and ``zorgzaam walkability`` all read this.

    Returns ``target`` (label), ``reference`` (code, name), ``areas`` (list of dicts: name, kind = target /
    neighbourhood / reference, is_target, score, the three components, residents_placed, residents_census),
    ``cells`` (DataFrame), ``best`` and ``worst`` (cell scores). ``profiles``: profiles the caller built already
    (``profile.service.profile_for`` with no options) by neighbourhood name, read for the census counts."""
    import shapely
    from scipy.spatial import cKDTree

    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.areas.queries import sectors_of
    from zorgzaam.environment.walkability import (
        Reference,
        area_scores,
        grid_cells,
        intersections,
        rescore,
        walkability_cells,
    )

    workspace = _workspace_of(target, workspace)
    label, codes = resolve_target(target, workspace)
    reference = reference_area(codes, workspace)
    areas = [(label, target, list(codes), "target")]
    if workspace is not None:
        for item in Neighbourhood.objects.filter(workspace=workspace).order_by("name"):
            version = item.current
            if version is not None and version.sector_codes and item.name != label:
                areas.append((item.name, item.name, list(version.sector_codes), "neighbourhood"))
    if reference is not None:
        reference_codes = [a.code for a in sectors_of(reference)]
        if sorted(reference_codes) != sorted(codes):
            areas.append((reference.name or reference.code, reference.code, reference_codes, "reference"))
    else:
        reference_codes = list(codes)
    region = sorted({code for _, _, members, _ in areas for code in members})
    sectors = _sector_frame(region)
    population, _ = sector_population(region, workspace)
    sectors = sectors.merge(population.rename(columns={"sector_code": "code"}), on="code", how="left")
    network, buildings = load_network(workspace=workspace, codes=codes)
    locations = residential_locations(sectors, buildings)
    if network is None or len(locations) == 0:
        raise ZorgzaamError("network_missing")
    bounds = (locations.x.min() - 300, locations.y.min() - 300, locations.x.max() + 300, locations.y.max() + 300)
    grid = grid_cells(bounds)
    xy = grid[["cell_x", "cell_y"]].to_numpy(dtype=float)
    # the cells of the region's sectors, and every cell where someone was placed (so nobody is lost)
    keep = np.isfinite(cKDTree(locations[["x", "y"]].to_numpy(dtype=float)).query(xy, distance_upper_bound=100.0)[0])
    geometries = [g for g in sectors["geometry"] if g is not None]
    if geometries:
        keep |= shapely.contains_xy(shapely.union_all(geometries).buffer(100.0), xy[:, 0], xy[:, 1])
    grid = grid[keep].reset_index(drop=True)
    cells = walkability_cells(grid, locations, facilities_frame(workspace=workspace), intersections(network))
    outline = None
    if reference is not None and reference.geometry is not None:
        outline = shapely.from_wkb(bytes(reference.geometry))
    else:
        own = [g for g in sectors.loc[sectors["code"].isin(reference_codes), "geometry"] if g is not None]
        outline = shapely.union_all(own) if own else None
    inside = shapely.contains_xy(outline, cells["cell_x"].to_numpy(), cells["cell_y"].to_numpy()) \
        if outline is not None else np.ones(len(cells), dtype=bool)
    cells = rescore(cells, Reference.from_cells(cells[inside] if inside.any() else cells))
    cells["in_reference"] = inside  # the cells the z-scores are taken in (mean 0 there)
    rows, outlines = [], {}
    for name, text, members, kind in areas:
        parts = [g for g in sectors.loc[sectors["code"].isin(members), "geometry"] if g is not None]
        outlines[name] = shapely.union_all(parts) if parts else None
        chosen = locations[locations["sector_code"].isin(members)]
        row = {"name": name, "kind": kind, "is_target": kind == "target", "score": None,
               "intersection_density": None, "residential_density": None, "land_use_mix": None,
               "residents_placed": placed_residents(locations, members),
               "residents_census": census_residents(text, workspace, (profiles or {}).get(text))}
        if len(chosen):
            found = area_scores(cells, chosen).iloc[0]
            row.update({k: float(found[k]) for k in ("score", "intersection_density", "residential_density",
                                                     "land_use_mix")})
        rows.append(row)
    return {"target": label, "reference": None if reference is None else {
                "code": reference.code, "name": reference.name or reference.code},
            "areas": rows, "outlines": outlines, "cells": cells, "best": float(cells["score"].max()), "worst": float(cells["score"].min())}


def walkability_texts(result: dict, lang: str = "nl") -> dict:
    """The words that go with :func:`walkability_of`: the method, the reference sentence and the warning."""
    from zorgzaam.environment.walkability import WARNING
    from zorgzaam.messages import format_number

    name = result["reference"]["name"] if result.get("reference") else result["target"]
    whole = next((a for a in result["areas"] if a["kind"] == "reference"), None)
    score = format_number(whole["score"], lang, 1) if whole and whole["score"] is not None else "–"
    return {"method": _pick(WALK_METHOD_TEXT, lang).format(reference=name),
            "reference": _pick(REFERENCE_TEXT, lang).format(reference=name, score=score),
            "warning": _pick(WARNING, lang)}


def walkability_for(target: str, workspace=None, lang: str | None = None) -> dict:
    """:func:`walkability_of` as JSON for the CLI: the target's score, its reference area, both resident
    counts, and every neighbourhood and the reference municipality (the same numbers as the screen)."""
    lang = lang or current_language()
    result = walkability_of(target, workspace)
    own = result["areas"][0]
    texts = walkability_texts(result, lang)
    return {"target": result["target"], "reference": result["reference"], "score": own["score"],
            "components": {k: own[k] for k in ("intersection_density", "residential_density", "land_use_mix")},
            "residents_placed": own["residents_placed"], "residents_census": own["residents_census"],
            "residents_words": {k: resident_words(k, lang) for k in ("placed", "census")},
            "areas": result["areas"], "cells": int(len(result["cells"])), "standardised_against": "reference",
            "reference_text": texts["reference"], "method": texts["method"], "warning": texts["warning"]}


def residential_locations_for(target: str, workspace=None):
    """(label, residential locations, network) of a neighbourhood or area: the homes (or sector centres)
    weighted by population, and the network chosen for it (None when there is none)."""
    label, codes = resolve_target(target, workspace)
    sectors = _sector_frame(codes)
    population, _ = sector_population(codes, workspace)
    sectors = sectors.merge(population.rename(columns={"sector_code": "code"}), on="code", how="left")
    network, buildings = load_network(workspace=workspace, codes=codes)
    return label, residential_locations(sectors, buildings), network


def mismatch_for(target: str, workspace=None) -> dict:
    """Signals of the (mis)match rules for an area or neighbourhood. Needs a profile table from the
    profile module; says so when that is not available yet."""
    from zorgzaam.environment.mismatch import apply_rules, combine_reach, load_rules, reach_categories

    profile = _profile_table(target, workspace)
    if profile is None:
        return {"target": target, "signals": [],
                "message": gettext("Nog geen profiel beschikbaar voor dit gebied: de (mis)match heeft de "
                                   "cijfers van het profiel nodig.")}
    rules = load_rules()
    needed = reach_categories(rules)
    plain = sorted({c for cats in needed.values() for c in cats})
    label, locations, network = residential_locations_for(target, workspace)
    _, codes = resolve_target(target, workspace)
    _, groups = sector_population(codes, workspace)
    reach = location_reach(locations, facilities_frame(workspace=workspace), plain, network)
    combined = [reach] + [combine_reach(reach, name, cats) for name, cats in needed.items() if len(cats) > 1]
    shares = share_within(pd.concat(combined, ignore_index=True), group_weights(locations, groups),
                          thresholds=sorted({r.threshold_m for r in rules}))
    shares["area"] = profile["area_code"].iloc[0]
    signals = apply_rules(profile, shares, rules)
    return {"target": label, "signals": signals.to_dict("records")}


def _profile_table(target: str, workspace=None, profile=None) -> pd.DataFrame | None:
    """area_code, indicator_id, value, comparison_value from the profile module, if it offers one (of the
    caller's ``profile`` of the target when given)."""
    try:
        from zorgzaam.profile import service as profile_service  # built in parallel
    except ImportError:
        return None
    function = getattr(profile_service, "profile_table", None)
    if function is None:
        return None
    if profile is not None:
        return function(target, workspace=workspace, profile=profile)
    return function(target, workspace=workspace)


# ------------------------------------------------------------------------------------ document section

SECTION_CATEGORIES = ("bus_stop", "supermarket", "local_shop", "bakery", "gp", "pharmacy", "ldc", "social_service",
                      "meeting_place", "library", "care_home", "childcare", "school", "playground", "park", "bench")
DISTANCE_METHOD_TEXT = {
    "network": gettext_noop("wandelafstand over het stratennetwerk (rechte lijn van de woning naar de dichtstbijzijnde "
                "straat, dan over de straten)"),
    "straight_line": gettext_noop("afstand in rechte lijn × omwegfactor {detour} (geen stratennetwerk beschikbaar)"),
}
SUPPLY_NOTE = gettext_noop("Elke voorziening telt als capaciteit 1 (één praktijk); het aantal artsen of VTE is niet gekend. "
               "Inwoners van buiten de gemeente tellen niet mee als concurrentie, behalve die van de eigen buurten.")


def _reach_method_words(method: str, lang: str) -> str:
    """How a reach figure was measured, in words ("network" → walking over the streets)."""
    if method == "network":
        return gettext("gemeten over het stratennetwerk", lang)
    detour = str(method).replace("straight_line_x", "")
    return (gettext("gemeten in rechte lijn × omwegfactor {detour}", lang).format(detour=detour))


def _pick(msgid: str, lang: str) -> str:
    return gettext(msgid, lang)


def _municipality_of(codes: list[str]):
    """The municipality (Area) that holds most of ``codes``, through the hierarchy links."""
    from collections import Counter

    from zorgzaam.areas.models import AreaLink

    links = AreaLink.objects.filter(child__level="sector", child__code__in=codes, parent_level="municipality") \
        .select_related("parent")
    counts = Counter(link.parent for link in links)
    # most sectors first; of equal counts the newest vintage (a 2024 sector also lies in its 2018 municipality)
    return max(counts, key=lambda area: (counts[area], area.vintage)) if counts else None


def _sector_frame(codes: list[str]) -> pd.DataFrame:
    import shapely

    from zorgzaam.areas.models import Area

    rows = list(Area.objects.filter(level="sector", code__in=codes).order_by("-vintage")
                .values("code", "name", "geometry", "geometry_kind", "centroid_x", "centroid_y"))
    frame = pd.DataFrame(rows, columns=["code", "name", "geometry", "geometry_kind", "centroid_x", "centroid_y"])
    frame = frame.drop_duplicates("code").reset_index(drop=True)
    frame["geometry"] = [shapely.from_wkb(bytes(g)) if g is not None else None for g in frame["geometry"]]
    return frame


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float | None:
    keep = np.isfinite(values) & np.isfinite(weights) & (weights > 0)
    if not keep.any():
        return None
    order = np.argsort(values[keep])
    v, w = values[keep][order], weights[keep][order]
    cumulative = np.cumsum(w)
    return float(v[np.searchsorted(cumulative, cumulative[-1] / 2)])


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def environment_section(target: str, workspace=None, *, categories=None, thresholds=None, lang: str = "nl",
                        speed: float | None = None, detour: float = 1.3, supply_category: str = "gp",
                        catchment: float = 1200.0, near_m: float = 800.0,
                        parts: tuple[str, ...] = ("walkability", "signals"), streets: bool = True,
                        shared: dict | None = None, profiles: dict | None = None) -> dict:
    """Everything a document or screen needs about "what is there" for a neighbourhood or area, in one
    JSON-serialisable dict (coordinates EPSG:31370):

    ``facilities`` (in the municipality, with ``where`` = inside / near / region) and ``facility_counts``;
    ``reach`` (population-weighted shares within ``thresholds`` per category and age group, weighted
    median distance, method) and ``unreachable`` (locations that cannot reach a category, never 0 m);
    ``locations`` + ``location_distances`` (for maps); ``supply`` (two-step floating catchment across the
    municipality's sectors and the workspace's neighbourhoods); ``walkability`` (target, neighbourhoods,
    100 m cells, components, warning); ``signals`` (the (mis)match rules that fire, with evidence);
    ``methods`` (how everything was measured); ``sectors`` (outlines for maps); ``streets`` (the network's
    lines around the region in EPSG:31370, the document maps' light base layer).

    The network is loaded once and reach is computed once for all categories over the whole municipality,
    so the neighbourhood, its sectors and its siblings share the work. ``parts`` leaves out the optional
    walkability and signals when a caller needs only reach and supply; ``streets=False`` leaves out the street
    lines (an empty list) for a caller that does not draw them. ``shared``: a dict the caller keeps between the
    sections of several neighbourhoods; the region's network, residential locations, facilities, reach, GP
    supply and street lines are then computed for the first and reused by the others of the same region,
    network and settings (the same figures, computed once). ``profiles``: the profiles the caller built
    already (``profile.service.profile_for`` with no options), by neighbourhood name: the signals and the census
    counts of the target and of the walkability's neighbourhoods read them instead of building them again (the
    same figures); a name not in it is built as before."""
    from shapely.geometry import mapping

    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.environment import supply as supply_module
    from zorgzaam.environment.mismatch import apply_rules, load_rules, reach_categories
    from zorgzaam.environment.reach import DEFAULT_THRESHOLDS, STATUS_TEXT
    from zorgzaam.environment.taxonomy import category_name
    from zorgzaam.environment.walkability import WARNING
    from zorgzaam.messages import format_number

    categories = list(categories or SECTION_CATEGORIES)
    thresholds = tuple(sorted(float(t) for t in (thresholds or DEFAULT_THRESHOLDS)))
    workspace = _workspace_of(target, workspace)
    label, codes = resolve_target(target, workspace)
    municipality = reference_area(codes, workspace)
    region_codes = list(codes)
    if municipality is not None:
        from zorgzaam.areas.queries import sectors_of

        region_codes = sorted(set(codes) | {a.code for a in sectors_of(municipality, locatable_only=True)})
    # the workspace's neighbourhoods in this municipality, for comparison, whole (also across the border)
    siblings = {}
    if workspace is not None:
        wanted = set(region_codes)
        for item in Neighbourhood.objects.filter(workspace=workspace).order_by("name").prefetch_related("versions"):
            versions = list(item.versions.all())  # prefetched: the current one without a query per neighbourhood
            version = max(versions, key=lambda v: v.number) if versions else None
            if version is not None and version.sector_codes and set(version.sector_codes) & wanted:
                siblings[item.name] = list(version.sector_codes)
        region_codes = sorted(set(region_codes).union(*[set(v) for v in siblings.values()]))
    rules = load_rules()
    needed = reach_categories(rules)
    plain = list(dict.fromkeys(categories + sorted({c for cats in needed.values() for c in cats}) + [supply_category]))
    settings = ReachSettings(thresholds=thresholds, detour=detour, **({"speed": speed} if speed else {}))
    record = network_for(workspace, codes=codes)
    key = (getattr(workspace, "pk", None), tuple(region_codes), getattr(record, "pk", None), tuple(plain), thresholds,
           speed, detour, supply_category, catchment)
    region = shared.get(key) if shared is not None else None
    if region is None:
        region = _region_analysis(region_codes, workspace, record, plain, needed, settings)
        if shared is not None:
            shared[key] = region
    sectors, network, locations = region["sectors"], region["network"], region["locations"]
    facilities, reach, reach_all, weights = region["facilities"], region["reach"], region["reach_all"], region["weights"]
    in_target = locations["sector_code"].isin(codes).to_numpy()
    target_ids = locations.loc[in_target, "location_id"]
    all_thresholds = tuple(sorted(set(thresholds) | {r.threshold_m for r in rules}))
    target_reach = reach_all[reach_all["location_id"].isin(target_ids)]
    shares = share_within(target_reach, weights, thresholds=all_thresholds)
    distance_method = "network" if network is not None else "straight_line"
    methods = sorted(locations.loc[in_target, "method"].unique()) if in_target.any() else []

    # reach table: one row per (category, group), the shares at each threshold. share_within gives a row per
    # (category, group) in sorted order, then one per threshold in the order asked: read as a matrix (no frame
    # per group); the median distance per category over the target's locations, weighted by their residents
    reach_rows = []
    placed = placed_residents(locations, codes)
    count = len(all_thresholds)
    if len(shares):
        columns = [all_thresholds.index(t) for t in thresholds]
        share_matrix = shares["share"].to_numpy(dtype=float, na_value=np.nan).reshape(-1, count)[:, columns]
        first = shares.iloc[::count]
        all_weights = weights[weights["group"] == "all"].set_index("location_id")["population"]
        distance = target_reach["distance_m"].to_numpy(dtype=float, na_value=np.nan)
        weight = all_weights.reindex(target_reach["location_id"]).to_numpy(dtype=float, na_value=np.nan)
        facility_counts = target_reach["facility_count"].to_numpy()
        positions = target_reach.groupby("category", sort=False).indices  # the rows of each category, in order
        medians = {}
        wanted = set(categories)
        for i, (category, group, population, unreachable_population, method) in enumerate(zip(
                first["category"].tolist(), first["group"].tolist(), first["population"].tolist(),
                first["population_unreachable"].tolist(), first["method"].tolist(), strict=True)):
            if category not in wanted:
                continue
            where = positions.get(category, np.zeros(0, dtype=int))
            if category not in medians:
                medians[category] = _weighted_median(distance[where], weight[where])
            reach_rows.append({
                "category": category, "category_name": category_name(category, lang), "group": group,
                "group_label": group_label(group, lang),
                "population": placed if group == "all" else float(population),
                "shares": [None if np.isnan(v) else v for v in share_matrix[i].tolist()],
                "population_unreachable": float(unreachable_population),
                "median_distance_m": medians[category] if group == "all" else None,
                "facility_count": int(facility_counts[where[0]]) if len(where) else 0,
                "method": str(method)})
    order = {g: i for i, g in enumerate(GROUP_LABELS)}
    reach_rows.sort(key=lambda r: (categories.index(r["category"]), order.get(r["group"], 99)))

    # unreachable locations (reported, never counted as 0 m)
    bad = target_reach[target_reach["status"].isin(["unreachable", "off_network", "beyond_horizon"])
                       & target_reach["category"].isin(categories)]
    bad = bad.merge(locations[["location_id", "sector_code", "x", "y", "population"]], on="location_id")
    unreachable = []
    for (category, status), rows in bad.groupby(["category", "status"]):
        unreachable.append({
            "category": category, "category_name": category_name(category, lang), "status": status,
            "status_text": _pick(STATUS_TEXT[status], lang), "locations": int(len(rows)),
            "population": float(rows["population"].sum()),
            "examples": _records(rows[["location_id", "sector_code", "x", "y"]].head(10).round(1))})
    present = set(facilities["category"].tolist())
    missing = [c for c in categories if c not in present]

    # facilities in and near the target
    outline = None
    geometries = [g for g in sectors.loc[sectors["code"].isin(codes), "geometry"] if g is not None]
    if geometries:
        import shapely

        outline = shapely.union_all(geometries)
    region_geometries = [g for g in sectors["geometry"] if g is not None]
    shown = facilities[facilities["category"].isin(plain)].copy()
    if region_geometries or len(locations):
        import shapely

        if region_geometries:
            bounds = shapely.union_all(region_geometries).bounds
        else:
            bounds = (locations.x.min(), locations.y.min(), locations.x.max(), locations.y.max())
        margin = near_m
        shown = shown[shown["x"].between(bounds[0] - margin, bounds[2] + margin)
                      & shown["y"].between(bounds[1] - margin, bounds[3] + margin)]
    if outline is not None and len(shown):
        import shapely

        points = shapely.points(shown["x"].to_numpy(), shown["y"].to_numpy())
        gap = shapely.distance(outline, points)
        shown["where"] = np.where(gap <= 0, "inside", np.where(gap <= near_m, "near", "region"))
        shown["distance_to_area_m"] = np.round(gap, 1)
    else:
        shown["where"] = "region"
        shown["distance_to_area_m"] = np.nan
    shown["category_name"] = [category_name(c, lang) for c in shown["category"]]
    counts = []
    shown_categories = np.asarray(shown["category"].tolist(), dtype=object)
    shown_where = np.asarray(shown["where"].tolist(), dtype=object)
    for category in plain:
        mine = shown_categories == category
        counts.append({"category": category, "category_name": category_name(category, lang),
                       "inside": int((mine & (shown_where == "inside")).sum()),
                       "near": int((mine & (shown_where == "near")).sum()), "region": int(mine.sum())})

    # maps: target locations with their distance per category
    target_locations = locations[in_target] if in_target.any() else locations.iloc[0:0]
    location_distances = {}
    if "distances" not in region:  # per category the distance of every location of the region, in its order
        ids = locations["location_id"]
        region["distances"] = {category: rows.set_index("location_id")["distance_m"].reindex(ids).to_numpy(
            dtype=float, na_value=np.nan) for category, rows in reach.groupby("category", sort=False)}
    for category in plain:
        values = region["distances"].get(category)
        values = values[in_target].tolist() if values is not None else [math.nan] * len(target_locations)
        location_distances[category] = [round(v, 1) if math.isfinite(v) else None for v in values]

    # GP supply: two-step floating catchment over the municipality's residential locations
    supply_points = facilities[facilities["category"] == supply_category].reset_index(drop=True)
    supply_result = {"category": supply_category, "category_name": category_name(supply_category, lang),
                     "catchment_m": catchment, "note": _pick(SUPPLY_NOTE, lang), "points": [], "by_sector": [],
                     "by_neighbourhood": [], "target_per_1000": None, "municipality_per_1000": None,
                     "plain_ratio_per_1000": None,
                     "method": "network" if network is not None else f"straight_line_x{detour:g}"}
    demand = locations[["location_id", "population"]].rename(columns={"location_id": "id"}).fillna({"population": 0})
    if len(supply_points) and len(locations):
        demand_xy = locations[["x", "y"]].to_numpy(dtype=float)
        supply_xy = supply_points[["x", "y"]].to_numpy(dtype=float)
        if "supply" not in region:  # the same for every neighbourhood of the region
            if network is not None:
                pairs = supply_module.network_distances(network, demand_xy, supply_xy, catchment)
            else:
                pairs = supply_module.straight_distances(demand_xy, supply_xy, catchment, detour=detour)
            pairs["demand_id"] = locations["location_id"].to_numpy()[pairs["demand_id"].to_numpy(dtype=int)]
            capacity = pd.DataFrame({"id": np.arange(len(supply_points)), "capacity": 1.0})
            served, points = supply_module.two_step_fca(demand, capacity, pairs, catchment)
            region["supply"] = (served.merge(locations[["location_id", "sector_code"]].rename(
                columns={"location_id": "id"}), on="id"), points)
        served, points = region["supply"]

        def per_1000(rows: pd.DataFrame) -> float | None:
            total = rows["population"].sum()
            return float((rows["per_1000"] * rows["population"]).sum() / total) if total > 0 else None

        # the residents and the GP places of a group of sectors are the same for every section of the region
        figures = region.setdefault("supply_figures", {})

        def figures_of(members) -> tuple[float, float | None]:
            key = tuple(sorted(members))
            if key not in figures:
                figures[key] = (placed_residents(locations, members),
                                per_1000(served[served["sector_code"].isin(members)]))
            return figures[key]

        if "by_sector" not in figures:
            names = sectors.set_index("code")["name"].to_dict()
            figures["by_sector"] = [(code, names.get(code, ""), placed_residents(locations, [code]), per_1000(rows))
                                    for code, rows in served.groupby("sector_code")]
            figures["municipality"] = per_1000(served)
        supply_result["by_sector"] = [
            {"code": code, "name": name, "in_target": code in codes, "population": population, "per_1000": ratio}
            for code, name, population, ratio in figures["by_sector"]]
        supply_result["by_neighbourhood"] = [
            {"name": name, "is_target": name == label, "population": population, "per_1000": ratio}
            for name, members in siblings.items() for population, ratio in [figures_of(members)]]
        supply_result["target_per_1000"] = figures_of(codes)[1]
        supply_result["municipality_per_1000"] = figures["municipality"]
        total = float(demand["population"].sum())
        inside = len(supply_points)
        if region_geometries:
            import shapely

            region_shape = shapely.union_all(region_geometries)
            inside = int(shapely.contains_xy(region_shape, supply_xy[:, 0], supply_xy[:, 1]).sum())
        supply_result["plain_ratio_per_1000"] = 1000.0 * inside / total if total > 0 else None
        supply_result["points"] = [
            {"name": supply_points.at[i, "name"], "x": float(supply_points.at[i, "x"]),
             "y": float(supply_points.at[i, "y"]), "population_served": float(row.population_served),
             "ratio_per_1000": None if not np.isfinite(row.ratio) else float(row.ratio) * 1000.0}
            for i, row in enumerate(points.itertuples(index=False))]

    # walkability: the one computation (walkability_of), the same numbers as the screen and the CLI
    walk = {"warning": _pick(WARNING, lang), "method": _pick(WALK_METHOD_TEXT, lang).format(
        reference=municipality.name if municipality is not None else label), "reference": None,
        "reference_text": "", "target": None, "by_neighbourhood": [], "cells": [], "municipality": None}
    if "walkability" in parts and network is not None and len(locations):
        result = walkability_of(target, workspace, profiles=profiles)
        texts = walkability_texts(result, lang)
        walk.update(method=texts["method"], reference=result["reference"], reference_text=texts["reference"])

        def entry(row: dict) -> dict:
            return {**row, "population": row["residents_placed"]}
        for row in result["areas"]:
            if row["kind"] == "target":
                walk["target"] = entry(row)
            elif row["kind"] == "reference":
                walk["municipality"] = entry(row)
            if row["kind"] != "reference":
                walk["by_neighbourhood"].append(entry(row))
        cells = result["cells"]
        keep = cells["residential_density"] > 0
        walk["cells"] = _records(cells.loc[keep, ["cell_x", "cell_y", "score", "intersection_density",
                                                  "residential_density", "land_use_mix"]].round(3))
        walk["cell_size_m"] = 100.0

    # (mis)match signals with their evidence
    signals, signal_message = [], ""
    built = (profiles or {}).get(target)
    profile = _profile_table(target, workspace, built) if "signals" in parts else None
    if "signals" not in parts:
        signal_message = gettext("(niet berekend)", lang)
    elif profile is None or profile.empty:
        signal_message = (gettext("Nog geen profiel beschikbaar: de (mis)match heeft de cijfers "
                                  "van het profiel nodig.", lang))
    else:
        shares_area = shares.assign(area=profile["area_code"].iloc[0])
        fired = apply_rules(profile, shares_area, rules)
        indicators = _indicators(workspace)

        def figure(indicator_id: str, value) -> str:
            if indicator_id in indicators:
                return indicators[indicator_id].format(value, lang)
            return format_number(value, lang, 2)
        for row in fired.to_dict("records"):
            evidence = row["evidence"]
            cats = ", ".join(category_name(c, lang) for c in evidence["categories"])
            group = group_label(evidence["group"], lang)
            comparison = (f" ({gettext('gemeente', lang)}: "
                          f"{figure(evidence['indicator'], evidence['comparison_value'])})"
                          if evidence["comparison_value"] is not None and np.isfinite(evidence["comparison_value"])
                          else "")
            name = indicators[evidence["indicator"]].label(lang) if evidence["indicator"] in indicators \
                else evidence["indicator"]
            text = (f"{name}: {figure(evidence['indicator'], evidence['value'])}{comparison}. "
                    + (gettext("Bereik ({cats}) binnen {threshold_m} m voor {group}: {value} % van "
                               "{population} inwoners (drempel van de regel: {value2} %); "
                               "{population_unreachable} onbereikbaar; {reach_method}.", lang).format(cats=cats, threshold_m=format_number(evidence['threshold_m'], lang), group=group, value=format_number(100 * evidence['share_within'], lang, 0), population=format_number(evidence['population'], lang, 0), value2=format_number(100 * evidence['share_below'], lang, 0), population_unreachable=format_number(evidence['population_unreachable'], lang, 0), reach_method=_reach_method_words(evidence['reach_method'], lang))))
            signals.append({"rule_id": row["rule_id"], "statement": stored_text(row["statement_record"], lang),
                            "statement_record": row["statement_record"],
                            "evidence": {k: (float(v) if isinstance(v, np.floating) else v) for k, v in evidence.items()},
                            "evidence_text": text})

    # the streets under the document maps: the network the screens draw too (light base layer, offline)
    lines = []
    if streets and network is not None and (region_geometries or len(locations)):
        import shapely

        from zorgzaam.environment.layers import street_paths

        if "streets" not in region:
            region["streets"] = street_paths(network, shapely.box(*bounds))
        lines = region["streets"]
    is_fictional = bool((network is not None and network.is_fictional)
                        or (workspace is not None and getattr(workspace, "is_demo", False))
                        or bool(sectors.get("name", pd.Series(dtype=str)).astype(str).str.contains("fictief").any()))
    distance_text = _pick(DISTANCE_METHOD_TEXT[distance_method], lang).format(detour=format_number(detour, lang, 1))
    return {
        "target": label, "lang": lang, "sectors_in_target": list(codes), "is_fictional": is_fictional,
        "municipality": None if municipality is None else {"code": municipality.code, "name": municipality.name},
        "categories": categories, "thresholds_m": list(thresholds),
        "methods": {"distance": distance_method, "distance_text": distance_text,
                    "speed_m_s": settings.speed, "detour": detour,
                    "network": None if network is None else network.source,
                    "network_is_fictional": bool(network is not None and network.is_fictional),
                    "locations": methods,
                    "locations_text": [_pick(METHOD_TEXT.get(m, m), lang) for m in methods],
                    "location_count": int(in_target.sum()), "region_location_count": int(len(locations))},
        "sectors": [{"code": row.code, "name": row.name, "in_target": row.code in codes,
                     "approximate": row.geometry_kind == "approximate",
                     "geometry": mapping(row.geometry) if row.geometry is not None else None}
                    for row in sectors.itertuples(index=False)],
        "facilities": _records(shown[["id", "name", "category", "category_name", "x", "y", "address", "source",
                                      "source_date", "where", "distance_to_area_m"]]),
        "facility_counts": counts, "missing_categories": missing,
        "reach": reach_rows, "unreachable": unreachable,
        "locations": _records(target_locations[["location_id", "sector_code", "x", "y", "population", "method"]]
                              .round({"x": 1, "y": 1, "population": 3})),
        "location_distances": location_distances,
        "supply": supply_result, "walkability": walk, "streets": lines,
        "residents": {"census": census_residents(target, workspace, built),
                      "placed": placed_residents(locations, codes),
                      "census_words": resident_words("census", lang), "placed_words": resident_words("placed", lang)},
        "signals": signals, "signal_message": signal_message, "rules_checked": len(rules),
    }


def _region_analysis(region_codes: list[str], workspace, record, plain: list[str], needed: dict, settings) -> dict:
    """The part of :func:`environment_section` that is the same for every neighbourhood of one region: its
    sectors with their population, the network (``record``), the residential locations, the facilities and
    every location's reach (the section adds the GP supply and the street lines the first time it needs them)."""
    from zorgzaam.environment.mismatch import combine_reach

    sectors = _sector_frame(region_codes)
    population, groups = sector_population(region_codes, workspace)
    sectors = sectors.merge(population.rename(columns={"sector_code": "code"}), on="code", how="left")
    network, buildings = load_network(record) if record is not None else (None, None)
    locations = residential_locations(sectors, buildings)
    facilities = facilities_frame(workspace=workspace)
    reach = location_reach(locations, facilities, plain, network, settings)
    combined = [combine_reach(reach, name, cats) for name, cats in needed.items() if len(cats) > 1]
    return {"sectors": sectors, "network": network, "locations": locations,
            "facilities": facilities, "reach": reach, "reach_all": pd.concat([reach, *combined], ignore_index=True),
            "weights": group_weights(locations, groups)}


def _indicators(workspace) -> dict:
    try:
        from zorgzaam.profile.service import workspace_catalogue

        return {i.id: i for i in workspace_catalogue(workspace)}
    except Exception:  # the profile catalogue is optional here: ids are shown instead
        return {}


def isochrones_for(point: tuple[float, float] | None = None, facility_id: int | None = None, minutes=(5, 10, 15),
                   speed: float | str | None = None, buffer: float = 25.0, workspace=None):
    """Isochrones over the stored network from a point (EPSG:31370) or a stored facility:
    (list of ``isochrones.Isochrone``, the start as (x, y), the facility row or None)."""
    from zorgzaam.environment.isochrones import isochrones

    facility = None
    if facility_id is not None:
        frame = facilities_frame(workspace=workspace, include_retired=True)
        chosen = frame[frame["id"] == int(facility_id)]
        if chosen.empty:
            raise ZorgzaamError("facility_not_found", id=facility_id)
        facility = chosen.iloc[0].to_dict()
        point = (float(facility["x"]), float(facility["y"]))
    network, _ = load_network(workspace=workspace, point=point)
    if network is None:
        raise ZorgzaamError("network_missing")
    items = isochrones(network, point, minutes=minutes, speed=speed, buffer=buffer)
    return items, point, facility
