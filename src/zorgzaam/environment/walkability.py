"""Walkability per 100 m grid cell and per neighbourhood. Plain module, no Django.

The Flemish walkability tool (Gezond Leven) scores every hectare from three parts without publishing its
formula; we use the common international form (Frank et al. 2010):

    walkability = 2·z(intersection density) + z(residential density) + z(land-use mix)

measured for each 100 m cell over a circle of ``radius`` metres (default 500 m) around the cell centre:

* residential density — residents (the population carried by residential locations) per hectare;
* land-use mix — the normalised Shannon entropy of facility categories, −Σ p_k ln p_k / ln K over the K
  categories present in the region (0 = one kind only or none, 1 = evenly mixed);
* intersection density — network nodes where three or more street segments meet, per km².

``z`` standardises within the chosen region (mean 0, standard deviation 1), or against a *reference*
region's mean and standard deviation when given. A neighbourhood's score is the population-weighted mean
of its cells, so empty fields and woods do not pull it down.

Warning (shown with every result): a z-score is relative. The best cell of a rural municipality can still
be poor compared with a Flemish town centre; compare against a reference region before concluding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from zorgzaam.messages import gettext_noop

WARNING = gettext_noop("Let op: de score is relatief binnen het gekozen gebied. De beste plek van een landelijke gemeente kan "
    "vergeleken met een Vlaamse stadskern nog altijd slecht scoren; vergelijk met een referentiegebied.")
COMPONENTS = ("intersection_density", "residential_density", "land_use_mix")


@dataclass(frozen=True)
class Reference:
    """Mean and standard deviation per component from a reference region."""

    mean: dict
    std: dict

    @classmethod
    def from_cells(cls, cells: pd.DataFrame) -> Reference:
        return cls({c: float(cells[c].mean()) for c in COMPONENTS}, {c: float(cells[c].std(ddof=0)) for c in COMPONENTS})


def grid_cells(bounds: tuple[float, float, float, float], size: float = 100.0) -> pd.DataFrame:
    """Cell centres of a ``size`` m grid aligned on multiples of ``size`` covering ``bounds``."""
    x0, y0 = np.floor(bounds[0] / size) * size, np.floor(bounds[1] / size) * size
    xs = np.arange(x0, bounds[2] + size, size) + size / 2
    ys = np.arange(y0, bounds[3] + size, size) + size / 2
    gx, gy = np.meshgrid(xs, ys, indexing="xy")
    return pd.DataFrame({"cell_x": gx.ravel(), "cell_y": gy.ravel()})


def entropy_mix(counts: np.ndarray, categories: int) -> np.ndarray:
    """Normalised Shannon entropy per row of a (cells × categories) count matrix."""
    total = counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(total > 0, counts / total, 0.0)
        h = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=1)
    return h / np.log(categories) if categories > 1 else np.zeros(len(counts))


def walkability_cells(cells: pd.DataFrame, locations: pd.DataFrame, facilities: pd.DataFrame,
                      intersections_xy: np.ndarray, radius: float = 500.0,
                      reference: Reference | None = None) -> pd.DataFrame:
    """The three components, their z-scores and the score for each cell (cell_x, cell_y)."""
    centres = cells[["cell_x", "cell_y"]].to_numpy(dtype=float)
    circle_ha = np.pi * radius ** 2 / 10_000.0
    out = cells.copy()
    # residential density
    population = np.zeros(len(cells))
    if len(locations):
        tree = cKDTree(locations[["x", "y"]].to_numpy(dtype=float))
        pop = locations["population"].fillna(0).to_numpy(dtype=float)
        for i, near in enumerate(tree.query_ball_point(centres, radius)):
            population[i] = pop[near].sum()
    out["residential_density"] = population / circle_ha
    # land-use mix
    categories = sorted(facilities["category"].unique()) if len(facilities) else []
    counts = np.zeros((len(cells), len(categories)))
    if categories:
        codes = pd.Categorical(facilities["category"], categories=categories).codes
        tree = cKDTree(facilities[["x", "y"]].to_numpy(dtype=float))
        for i, near in enumerate(tree.query_ball_point(centres, radius)):
            if near:
                counts[i] = np.bincount(codes[near], minlength=len(categories))
    out["land_use_mix"] = entropy_mix(counts, len(categories))
    out["facility_count"] = counts.sum(axis=1)
    # intersection density per km²
    if len(intersections_xy):
        counted = cKDTree(np.asarray(intersections_xy, dtype=float)).query_ball_point(centres, radius, return_length=True)
    else:
        counted = np.zeros(len(cells))
    out["intersection_density"] = np.asarray(counted, dtype=float) / (circle_ha / 100.0)
    for component in COMPONENTS:
        if reference is not None:
            mean, std = reference.mean[component], reference.std[component]
        else:
            mean, std = float(out[component].mean()), float(out[component].std(ddof=0))
        out[f"z_{component}"] = (out[component] - mean) / std if std > 0 else 0.0
    out["score"] = 2 * out["z_intersection_density"] + out["z_residential_density"] + out["z_land_use_mix"]
    out["standardised_against"] = "reference" if reference is not None else "region"
    return out


def intersections(network) -> np.ndarray:
    """Coordinates of network nodes where three or more street segments meet."""
    return network.xy[network.degree() >= 3]


def area_scores(cells: pd.DataFrame, locations: pd.DataFrame, area_of: pd.Series | None = None) -> pd.DataFrame:
    """Population-weighted mean score per area: each location takes the score of the cell it lies in."""
    size = float(np.diff(np.unique(cells["cell_x"]))[:1].max()) if cells["cell_x"].nunique() > 1 else 100.0
    tree = cKDTree(cells[["cell_x", "cell_y"]].to_numpy(dtype=float))
    _, index = tree.query(locations[["x", "y"]].to_numpy(dtype=float), distance_upper_bound=size)
    valid = index < len(cells)
    frame = locations.loc[valid, ["location_id", "population"]].copy()
    picked = cells.iloc[index[valid]]
    for column in ("score",) + COMPONENTS:
        frame[column] = picked[column].to_numpy()
    frame["area"] = frame["location_id"].map(area_of) if area_of is not None else "all"
    frame["population"] = frame["population"].fillna(0)

    def weighted(part: pd.DataFrame) -> pd.Series:
        w = part["population"].to_numpy()
        total = w.sum()
        result = {c: float(np.average(part[c], weights=w)) if total > 0 else float(part[c].mean())
                  for c in ("score",) + COMPONENTS}
        result["population"] = float(total)
        return pd.Series(result)

    return frame.groupby("area").apply(weighted, include_groups=False).reset_index()


def rescore(cells: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """The cells' z-scores and score again, standardised against ``reference`` (e.g. the cells of the
    reference municipality), so cells outside it (a neighbourhood crossing the border) are measured on
    the same scale."""
    out = cells.copy()
    for component in COMPONENTS:
        mean, std = reference.mean[component], reference.std[component]
        out[f"z_{component}"] = (out[component] - mean) / std if std > 0 else 0.0
    out["score"] = 2 * out["z_intersection_density"] + out["z_residential_density"] + out["z_land_use_mix"]
    out["standardised_against"] = "reference"
    return out
