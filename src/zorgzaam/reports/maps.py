"""Static maps for documents (plain module, no Django): drawn with matplotlib from shapely geometries in
EPSG:31370, no tile server. The same colour ramp as the screen's choropleth; the neighbourhood's
sectors get a thick outline; approximate sector shapes are said to be approximate in the caption."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

import zorgzaam.reports.charts  # noqa: F401  (sets the shared matplotlib style)

RAMP = ["#f7fcb9", "#addd8e", "#41ab5d", "#006837", "#00361c"]  # as on screen (choropleth.js)


def _patch(geometry, **style):
    polygons = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
    vertices, codes = [], []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            points = np.asarray(ring.coords)[:, :2]
            vertices.append(points)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 2) + [MplPath.CLOSEPOLY]
    return PathPatch(MplPath(np.concatenate(vertices), codes), **style)


def choropleth(shapes: list[tuple[str, object]], values: dict[str, float], title: str, *, highlight=(),
               value_label=lambda v: f"{v:.1f}", no_value: str = "geen cijfer"):
    """Sectors coloured in five quantile classes of ``values``; ``highlight`` codes outlined thickly."""
    figure = Figure(figsize=(6.5, 5.0))
    axis = figure.subplots()
    known = np.array([v for v in values.values() if v is not None and np.isfinite(v)])
    cuts = np.quantile(known, [0.2, 0.4, 0.6, 0.8]) if len(known) else np.array([])
    highlight = set(highlight)
    for code, geometry in shapes:
        if geometry is None or geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        value = values.get(code)
        colour = "#ffffff" if value is None or not np.isfinite(value) else RAMP[int(np.searchsorted(cuts, value,
                                                                                                  side="right"))]
        axis.add_patch(_patch(geometry, facecolor=colour, edgecolor="#555555", linewidth=0.4))
    for code, geometry in shapes:
        if code in highlight and geometry is not None and not geometry.is_empty:
            axis.add_patch(_patch(geometry, facecolor="none", edgecolor="#1b1b1b", linewidth=2.2))
    axis.autoscale_view()
    axis.set_aspect("equal")
    axis.set_axis_off()
    axis.set_title(title)
    edges = [known.min(), *cuts] if len(known) else []
    handles = [PathPatch(MplPath([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]), facecolor=RAMP[i], edgecolor="#555555",
                         label=f"≥ {value_label(edge)}") for i, edge in enumerate(edges)]
    handles.append(PathPatch(MplPath([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]), facecolor="#ffffff",
                             edgecolor="#555555", label=no_value))
    handles.append(PathPatch(MplPath([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]), facecolor="none",
                             edgecolor="#1b1b1b", linewidth=2.2, label="buurt / neighbourhood"))
    axis.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
    return figure
