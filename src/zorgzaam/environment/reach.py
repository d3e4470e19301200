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
from zorgzaam.messages import gettext_noop

DEFAULT_THRESHOLDS = (400, 800, 1200)
DEFAULT_DETOUR = 1.3

STATUS_TEXT = {
    "ok": gettext_noop("bereikbaar"),
    "unreachable": gettext_noop("onbereikbaar: geen voorziening op hetzelfde netwerkdeel (eiland)"),
    "beyond_horizon": gettext_noop("verder dan de zoekgrens"),
    "off_network": gettext_noop("te ver van het stratennetwerk"),
    "no_facility": gettext_noop("geen voorziening van deze soort in de gegevens"),
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


COLUMNS = ["location_id", "category", "distance_m", "time_min", "status", "method", "facility_count"]


def location_reach(locations: pd.DataFrame, facilities: pd.DataFrame, categories: list[str],
                   network: StreetNetwork | None = None, settings: ReachSettings = ReachSettings()) -> pd.DataFrame:
    """Long table: location_id, category, distance_m, time_min, status, method, facility_count.

    One network search serves every category (:func:`~zorgzaam.environment.network.nearest_by_category`);
    the table is assembled from arrays in one go (category-major, locations in their given order)."""
    locations = locations.reset_index(drop=True)
    loc_xy = locations[["x", "y"]].to_numpy(dtype=float)
    if not categories:
        return pd.DataFrame(columns=COLUMNS)
    m = len(locations)
    chosen = facilities[facilities["category"].isin(categories)]
    f_category = chosen["category"].to_numpy()
    f_xy = chosen[["x", "y"]].to_numpy(dtype=float)
    distance = np.full((len(categories), m), np.nan)
    status = np.empty((len(categories), m), dtype=object)
    counts = np.zeros(len(categories), dtype=np.int64)
    if network is not None:
        method = "network"
        node, access = snap(network, loc_xy)
        f_node, f_access = snap(network, f_xy)
        near = f_access <= settings.max_snap
        sources = {}
        for c, category in enumerate(categories):
            mine = near & (f_category == category)
            sources[category] = (f_node[mine], f_access[mine])
            counts[c] = int(mine.sum())
        distances = nearest_by_category(network, sources, horizon=settings.horizon)
        _, component = network.components()
        off = access > settings.max_snap
        for c, category in enumerate(categories):
            d = distances[category][node] + access
            row = np.where(np.isfinite(d), "ok", "unreachable").astype(object)
            if counts[c] == 0:
                row[:] = "no_facility"
            elif settings.horizon is not None:
                with_facility = np.zeros(component.max() + 1, dtype=bool)
                with_facility[component[sources[category][0]]] = True
                row[~np.isfinite(d) & with_facility[component[node]]] = "beyond_horizon"
            row[off] = "off_network"
            status[c] = row
            distance[c] = np.where(row == "ok", d, np.nan)
    else:
        method = straight_line_method(settings.detour)
        for c, category in enumerate(categories):
            mine = f_category == category
            counts[c] = int(mine.sum())
            if counts[c] == 0 or m == 0:
                status[c] = "no_facility" if counts[c] == 0 else "ok"
                continue
            straight, _ = cKDTree(f_xy[mine]).query(loc_xy)
            d = straight * settings.detour
            row = np.full(m, "ok", dtype=object)
            if settings.horizon is not None:
                row[d > settings.horizon] = "beyond_horizon"
                d = np.where(d > settings.horizon, np.nan, d)
            status[c] = row
            distance[c] = d
    flat = distance.ravel()
    return pd.DataFrame({
        "location_id": np.tile(locations["location_id"].to_numpy(), len(categories)),
        "category": np.repeat(np.asarray(categories, dtype=object), m),
        "distance_m": flat,
        "time_min": flat / settings.speed / 60.0,
        "status": status.ravel(),
        "method": method,
        "facility_count": np.repeat(counts, m),
    })


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
    population_unknown (no population figure), method. One row per (area, category, group) in sorted
    order, then per threshold in the given order; computed with grouped sums, not a loop per group."""
    table = reach.merge(weights, on="location_id", how="inner")
    if len(table) == 0:
        return pd.DataFrame([])
    table["area"] = table["location_id"].map(area_of) if area_of is not None else "all"
    known = table["population"].notna().to_numpy()
    population = np.where(known, table["population"].to_numpy(dtype=float, na_value=np.nan), 0.0)
    status = table["status"].to_numpy(dtype=object)
    distance = table["distance_m"].to_numpy(dtype=float, na_value=np.nan)
    ok = status == "ok"
    keys = ["area", "category", "group"]
    parts = {"population": population, "unknown": (~known).astype(np.int64),
             "unreachable": np.where(np.isin(status, ["unreachable", "off_network"]), population, 0.0)}
    thresholds = tuple(thresholds)
    with np.errstate(invalid="ignore"):
        for i, threshold in enumerate(thresholds):
            parts[f"within_{i}"] = np.where(ok & (distance <= threshold), population, 0.0)
    # one integer per (area, category, group), numbered in sorted order (each key factorised once: grouping
    # by the Arrow string columns factorised them again at every step); rows without an area are left out.
    # The sums run over each group's rows in the table's order, as a grouping by the columns did
    codes, uniques = [], []
    for k in keys:
        code, unique = pd.factorize(table[k], sort=True)
        codes.append(code.astype(np.int64))
        uniques.append(np.asarray(unique, dtype=object))
    n_category, n_group = len(uniques[1]), len(uniques[2])
    keep = (codes[0] >= 0) & (codes[1] >= 0) & (codes[2] >= 0)
    ids, group_of = np.unique(((codes[0] * n_category + codes[1]) * n_group + codes[2])[keep], return_inverse=True)
    if len(ids) == 0:
        return pd.DataFrame([])
    frame = pd.DataFrame(parts)
    sums = (frame if keep.all() else frame[keep]).groupby(group_of, sort=True).sum()
    # the methods of each group, each once, joined in sorted order
    method_code, method_names = pd.factorize(table["method"], sort=True)
    method_code = method_code[keep].astype(np.int64)
    joined: list[list[str]] = [[] for _ in range(len(ids))]
    for pair in np.unique(group_of[method_code >= 0] * len(method_names) + method_code[method_code >= 0]).tolist():
        joined[pair // len(method_names)].append(str(method_names[pair % len(method_names)]))
    methods = np.asarray(["+".join(m) for m in joined], dtype=object)
    t = len(thresholds)
    total = np.repeat(sums["population"].to_numpy(), t)
    within = sums[[f"within_{i}" for i in range(t)]].to_numpy().ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, within / np.where(total > 0, total, 1.0), np.nan)
    index = {"area": uniques[0][ids // (n_category * n_group)], "category": uniques[1][ids // n_group % n_category],
             "group": uniques[2][ids % n_group]}
    return pd.DataFrame({
        "area": np.repeat(index["area"], t),
        "category": np.repeat(index["category"], t),
        "group": np.repeat(index["group"], t),
        "threshold_m": np.tile(np.asarray(thresholds), len(sums)),
        "share": share, "population": total, "population_within": within,
        "population_unreachable": np.repeat(sums["unreachable"].to_numpy(), t),
        "population_unknown": np.repeat(sums["unknown"].to_numpy(), t),
        "method": np.repeat(methods, t),
    })
