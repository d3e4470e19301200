"""Walking reach: distance from residential locations to the nearest facility of each category, and the
population-weighted share of a neighbourhood within thresholds. Plain module, no Django.

Two methods, always named in the result (``method``):

* ``network`` — over the pedestrian street network: straight access from the location to its nearest
  network node, the network distance, and the facility's own straight access to its node;
* ``straight_line`` — straight-line distance multiplied by a detour factor (default 1.3), used where no
  network is available. The factor is part of the label (``straight_line_x1.3``).

Every location × category gets a ``status``; the distance is only filled for ``ok``:

* ``ok``
* ``unreachable`` — the location's network island holds no facility of the category (reported, never 0
  or infinity);
* ``beyond_horizon`` — a facility exists on its island, but farther than the search horizon;
* ``off_network`` — the location lies farther than ``max_snap`` metres from any network node;
* ``no_facility`` — the category has no facility at all in the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from zorgzaam.environment.network import WALKING_SPEEDS, StreetNetwork, nearest_by_category, snap

DEFAULT_THRESHOLDS = (400, 800, 1200)
DEFAULT_DETOUR = 1.3

STATUS_TEXT = {
    "ok": ("bereikbaar", "reachable"),
    "unreachable": ("onbereikbaar: geen voorziening op hetzelfde netwerkdeel (eiland)",
                    "unreachable: no facility on the same part of the network (island)"),
    "beyond_horizon": ("verder dan de zoekgrens", "beyond the search horizon"),
    "off_network": ("te ver van het stratennetwerk", "too far from the street network"),
    "no_facility": ("geen voorziening van deze soort in de gegevens", "no facility of this kind in the data"),
}


@dataclass(frozen=True)
class ReachSettings:
    thresholds: tuple[float, ...] = DEFAULT_THRESHOLDS
    speed: float = WALKING_SPEEDS["adult"]  # m/s
    detour: float = DEFAULT_DETOUR
    max_snap: float = 500.0  # metres from a location or facility to the network
    horizon: float | None = None  # metres; None = no limit


def straight_line_method(detour: float) -> str:
    return f"straight_line_x{detour:g}"


def location_reach(locations: pd.DataFrame, facilities: pd.DataFrame, categories: list[str],
                   network: StreetNetwork | None = None, settings: ReachSettings = ReachSettings()) -> pd.DataFrame:
    """Long table: location_id, category, distance_m, time_min, status, method, facility_count."""
    locations = locations.reset_index(drop=True)
    loc_xy = locations[["x", "y"]].to_numpy(dtype=float)
    parts = []
    if network is not None:
        node, access = snap(network, loc_xy)
        sources = {}
        for category in categories:
            chosen = facilities[facilities["category"] == category]
            f_node, f_access = snap(network, chosen[["x", "y"]].to_numpy(dtype=float))
            near = f_access <= settings.max_snap
            sources[category] = (f_node[near], f_access[near])
        distances = nearest_by_category(network, sources, horizon=settings.horizon)
        _, component = network.components()
        off = access > settings.max_snap
        for category in categories:
            d = distances[category][node] + access
            status = np.where(np.isfinite(d), "ok", "unreachable").astype(object)
            if len(sources[category][0]) == 0:
                status[:] = "no_facility"
            elif settings.horizon is not None:
                with_facility = np.zeros(component.max() + 1, dtype=bool)
                with_facility[component[sources[category][0]]] = True
                status[~np.isfinite(d) & with_facility[component[node]]] = "beyond_horizon"
            status[off] = "off_network"
            d = np.where(status == "ok", d, np.nan)
            parts.append(pd.DataFrame({"location_id": locations["location_id"].to_numpy(), "category": category,
                                       "distance_m": d, "status": status, "method": "network",
                                       "facility_count": len(sources[category][0])}))
    else:
        method = straight_line_method(settings.detour)
        for category in categories:
            chosen = facilities[facilities["category"] == category]
            if len(chosen) == 0:
                d = np.full(len(locations), np.nan)
                status = np.full(len(locations), "no_facility", dtype=object)
            else:
                straight, _ = cKDTree(chosen[["x", "y"]].to_numpy(dtype=float)).query(loc_xy)
                d = straight * settings.detour
                status = np.full(len(locations), "ok", dtype=object)
                if settings.horizon is not None:
                    status[d > settings.horizon] = "beyond_horizon"
                    d = np.where(d > settings.horizon, np.nan, d)
            parts.append(pd.DataFrame({"location_id": locations["location_id"].to_numpy(), "category": category,
                                       "distance_m": d, "status": status, "method": method,
                                       "facility_count": len(chosen)}))
    if not parts:
        return pd.DataFrame(columns=["location_id", "category", "distance_m", "time_min", "status", "method",
                                     "facility_count"])
    result = pd.concat(parts, ignore_index=True)
    result["time_min"] = result["distance_m"] / settings.speed / 60.0
    return result[["location_id", "category", "distance_m", "time_min", "status", "method", "facility_count"]]


def nearest_facility(locations: pd.DataFrame, facilities: pd.DataFrame, category: str,
                     detour: float = 1.0) -> pd.DataFrame:
    """The nearest facility of ``category`` for each location in a straight line (× ``detour``):
    location_id, facility (name), facility_index, distance_m, method."""
    chosen = facilities[facilities["category"] == category].reset_index(drop=True)
    if len(chosen) == 0:
        return pd.DataFrame(columns=["location_id", "facility", "facility_index", "distance_m", "method"])
    distance, index = cKDTree(chosen[["x", "y"]].to_numpy(dtype=float)).query(locations[["x", "y"]].to_numpy(dtype=float))
    return pd.DataFrame({"location_id": locations["location_id"].to_numpy(), "facility": chosen["name"].to_numpy()[index],
                         "facility_index": index, "distance_m": distance * detour,
                         "method": "straight_line" if detour == 1.0 else straight_line_method(detour)})


def share_within(reach: pd.DataFrame, weights: pd.DataFrame, thresholds=DEFAULT_THRESHOLDS,
                 area_of: pd.Series | None = None) -> pd.DataFrame:
    """Population-weighted share within each threshold.

    ``weights``: location_id, group, population (see ``residents.group_weights``). ``area_of`` maps a
    location_id to an area (neighbourhood, sector …); without it everything is one area ``all``.
    Returns area, category, group, threshold_m, share (0–1), population, population_within,
    population_unreachable (``unreachable``/``off_network``: counted in the denominator, never as 0 m),
    population_unknown (no population figure), method."""
    table = reach.merge(weights, on="location_id", how="inner")
    table["area"] = table["location_id"].map(area_of) if area_of is not None else "all"
    known = table["population"].notna()
    rows = []
    for (area, category, group), part in table.groupby(["area", "category", "group"], sort=True):
        population = part.loc[known.loc[part.index], "population"]
        total = float(population.sum())
        usable = part.loc[population.index]
        unreachable = float(usable.loc[usable["status"].isin(["unreachable", "off_network"]), "population"].sum())
        methods = sorted(part["method"].unique())
        for threshold in thresholds:
            within = float(usable.loc[(usable["status"] == "ok") & (usable["distance_m"] <= threshold), "population"].sum())
            rows.append({"area": area, "category": category, "group": group, "threshold_m": threshold,
                         "share": within / total if total > 0 else np.nan, "population": total,
                         "population_within": within, "population_unreachable": unreachable,
                         "population_unknown": int((~known.loc[part.index]).sum()),
                         "method": "+".join(methods)})
    return pd.DataFrame(rows)
