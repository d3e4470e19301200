"""Supply per population with competition: the two-step floating catchment area (2SFCA). Plain module.

Luo & Wang (2003). With demand points *i* (population P_i), supply points *j* (capacity S_j, e.g. GP
full-time equivalents) and travel distances d_ij, for a catchment d0:

1. for every supply point: R_j = S_j / Σ_{i: d_ij ≤ d0} P_i  (capacity per resident who can reach it);
2. for every demand point: A_i = Σ_{j: d_ij ≤ d0} R_j  (the supply a resident can reach, shared with
   everyone else who can reach the same points).

A_i is capacity per resident; × 1,000 gives e.g. GPs per 1,000 inhabitants. Residents of neighbouring
areas compete for the same practices, which a plain "GPs in the municipality / inhabitants" ignores.
A supply point that nobody reaches has R_j undefined and adds nothing (reported)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree


def two_step_fca(demand: pd.DataFrame, supply: pd.DataFrame, distances: pd.DataFrame,
                 catchment: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``demand``: id, population; ``supply``: id, capacity; ``distances``: demand_id, supply_id,
    distance_m (pairs beyond the catchment may be left out).

    Returns (demand with ``access`` = capacity per resident and ``per_1000``; supply with ``ratio`` R_j and
    ``population_served``)."""
    pairs = distances[distances["distance_m"] <= catchment]
    pairs = pairs.merge(demand[["id", "population"]].rename(columns={"id": "demand_id"}), on="demand_id")
    served = pairs.groupby("supply_id")["population"].sum()
    supply = supply.copy()
    supply["population_served"] = supply["id"].map(served).fillna(0.0)
    supply["ratio"] = np.where(supply["population_served"] > 0,
                               supply["capacity"] / supply["population_served"].where(supply["population_served"] > 0),
                               np.nan)
    pairs = pairs.merge(supply[["id", "ratio"]].rename(columns={"id": "supply_id"}), on="supply_id")
    access = pairs.groupby("demand_id")["ratio"].sum(min_count=1)
    demand = demand.copy()
    demand["access"] = demand["id"].map(access).fillna(0.0)
    demand["per_1000"] = demand["access"] * 1000.0
    return demand, supply


def straight_distances(demand_xy: np.ndarray, supply_xy: np.ndarray, catchment: float,
                       detour: float = 1.0) -> pd.DataFrame:
    """All demand–supply pairs within ``catchment`` (straight line × ``detour``), as positions."""
    tree = cKDTree(np.asarray(supply_xy, dtype=float))
    rows = []
    for i, near in enumerate(tree.query_ball_point(np.asarray(demand_xy, dtype=float), catchment / detour)):
        for j in near:
            gap = float(np.hypot(*(np.asarray(demand_xy[i]) - np.asarray(supply_xy[j])))) * detour
            rows.append((i, j, gap))
    return pd.DataFrame(rows, columns=["demand_id", "supply_id", "distance_m"])


def network_distances(network, demand_xy: np.ndarray, supply_xy: np.ndarray, catchment: float) -> pd.DataFrame:
    """All demand–supply pairs within ``catchment`` walking over ``network`` (access distances included)."""
    from zorgzaam.environment.network import distances_from, snap

    d_node, d_access = snap(network, demand_xy)
    s_node, s_access = snap(network, supply_xy)
    if len(s_node) == 0:
        return pd.DataFrame(columns=["demand_id", "supply_id", "distance_m"])
    matrix = distances_from(network, s_node, s_access, limit=catchment)[:, d_node] + d_access[None, :]
    j, i = np.nonzero(matrix <= catchment)
    return pd.DataFrame({"demand_id": i, "supply_id": j, "distance_m": matrix[j, i]})
