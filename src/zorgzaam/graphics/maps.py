"""Static maps for documents (plain module, no Django): drawn with matplotlib from shapely geometries in
EPSG:31370, no tile server. The same colour ramp as the screen's choropleth; the neighbourhood's
sectors get a thick outline; approximate sector shapes are said to be approximate in the caption."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

import zorgzaam.graphics.charts  # noqa: F401  (sets the shared matplotlib style)

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
               value_label=lambda v: f"{v:.1f}", no_value: str = "geen cijfer", streets: list | None = None,
               lang: str = "nl"):
    """Sectors coloured in five quantile classes of ``values``; ``highlight`` codes outlined thickly.
    ``streets``: the street network's lines (coordinate lists in EPSG:31370), see :func:`add_streets`."""
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
            axis.add_patch(_patch(geometry, facecolor="none", edgecolor="#1b1b1b", linewidth=2.2, zorder=3))
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
    add_streets(figure, streets, lang)
    return figure


# ------------------------------------------------------------------------------- environment maps
#
# The maps below take the plain dict of ``environment.service.environment_section`` (or parts of it) and
# return a :class:`StaticMap`: title, caption (method and approximations named) and the figure. All are
# drawn in EPSG:31370 metres with a scale bar; nothing needs a tile server. The streets come with the
# section (``section["streets"]``: coordinate lists in EPSG:31370 from the same street network the screens
# draw under their maps) and go under everything as a light base layer, with a line in the legend.

from dataclasses import dataclass  # noqa: E402

from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from zorgzaam.graphics.charts import COLOURS  # noqa: E402
from zorgzaam.messages import gettext, gettext_noop  # noqa: E402

SECTOR_FILL = "#f3f3f1"
STREET_COLOUR = "#bdbdbd"  # light grey lines: present, never louder than the data on top
SECTOR_EDGE = "#a6a6a6"
TARGET_EDGE = "#1b1b1b"
# Okabe–Ito colours (colour-blind safe) crossed with marker shapes: no two categories share both
FACILITY_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000", "#882255"]
FACILITY_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "p"]
# distance classes: viridis steps (light = near, dark = far), unreachable in vermillion with a cross
DISTANCE_COLOURS = ["#a0da39", "#1fa187", "#365c8d", "#440154"]
UNREACHABLE_COLOUR = "#d55e00"
ISOCHRONE_COLOURS = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]  # light (largest) to dark (smallest)

TEXT = {
    "facilities": gettext_noop("Voorzieningen in en rond {name}"),
    "distance": gettext_noop("Wandelafstand tot {category_lower}, {name}"),
    "isochrones": gettext_noop("Te voet bereikbaar binnen {minutes} minuten"),
    "walkability": gettext_noop("Wandelvriendelijkheid per cel van 100 m"),
    "neighbourhood": gettext_noop("buurt"),
    "sectors": gettext_noop("statistische sectoren"),
    "unreachable": gettext_noop("onbereikbaar"),
    "homes": gettext_noop("woning"),
    "more_than": gettext_noop("meer dan {d} m"),
    "up_to": gettext_noop("tot {d} m"),
    "between": gettext_noop("{a}–{b} m"),
    "score": gettext_noop("score (0 = gemiddelde van de gemeente)"),
    "score_reference": gettext_noop("score (0 = gemiddelde cel van {name}, het referentiegebied)"),
    "approximate": gettext_noop("Sectorgrenzen zijn benaderd (geen officiële grenzen)."),
    "fictional": gettext_noop("Fictief voorbeeld (demogemeente)."),
    "minutes": gettext_noop("{m} min"),
    "start": gettext_noop("vertrekpunt"),
    "streets": gettext_noop("straat"),
    "streets_source": gettext_noop("; straten uit het stratennetwerk van de analyse, geen achtergrondkaart"),
}


def _t(key: str, lang: str, **params) -> str:
    return gettext(TEXT[key], lang).format(**params)


def _number(value: float, lang: str, decimals: int = 0) -> str:
    from zorgzaam.messages import format_number

    return format_number(value, lang, decimals)


@dataclass
class StaticMap:
    title: str
    caption: str
    figure: Figure


def _shapes(section: dict):
    from shapely.geometry import shape

    return [(s["code"], shape(s["geometry"]) if s.get("geometry") else None, s.get("in_target", False))
            for s in section.get("sectors", [])]


def _streets(axis, paths, *, zorder: float = 1, colour: str = STREET_COLOUR, linewidth: float = 0.6,
             alpha: float = 1.0, rasterized: bool = False) -> LineCollection | None:
    """The streets (coordinate lists in EPSG:31370) as thin lines; the lines drawn, None when there is none."""
    lines = [np.asarray(path, dtype=float)[:, :2] for path in paths or [] if len(path) >= 2]
    if not lines:
        return None
    collection = LineCollection(lines, colors=colour, linewidths=linewidth, alpha=alpha, zorder=zorder,
                                capstyle="round", joinstyle="round", rasterized=rasterized)
    axis.add_collection(collection, autolim=False)
    return collection


def add_streets(figure, streets, lang: str = "nl", *, colour: str = "#8c8c8c", linewidth: float = 0.35,
                alpha: float = 0.6) -> bool:
    """The street network (``streets``: coordinate lists in EPSG:31370) drawn onto a map already drawn (e.g.
    the profile's :func:`choropleth`): thin and grey over its coloured areas (zorder 2) and under its outlines
    (zorder 3 and up), cut off at the edge of the coloured areas (the network reaches beyond them),
    rasterised (one picture even in an SVG: thousands of street paths as vectors make a PDF slow), and
    'straat' added to its legend in the same place, once (a second call leaves the map as it is). False when
    there is no street."""
    axis = figure.axes[0]
    if any(c.get_gid() == "streets" for c in axis.collections):
        return True
    lines = _streets(axis, streets, zorder=2, colour=colour, linewidth=linewidth, alpha=alpha, rasterized=True)
    if lines is None:
        return False
    lines.set_gid("streets")
    filled = [p.get_path() for p in axis.patches if p.get_zorder() < 2 and p.get_facecolor()[3] > 0]
    if filled:
        lines.set_clip_path(MplPath.make_compound_path(*filled), axis.transData)
    legend = axis.get_legend()
    if legend is not None:
        texts = legend.get_texts()
        axis.legend(handles=[*legend.legend_handles, _street_handle(lang, colour)],
                    labels=[t.get_text() for t in texts] + [_t("streets", lang)],
                    loc=getattr(legend, "_loc", "best"),
                    bbox_to_anchor=legend.get_bbox_to_anchor().transformed(axis.transAxes.inverted()).bounds,
                    frameon=legend.get_frame_on(), fontsize=texts[0].get_fontsize() if texts else None,
                    ncols=getattr(legend, "_ncols", 1))
    return True


def _street_handle(lang: str, colour: str = STREET_COLOUR) -> Line2D:
    return Line2D([], [], color=colour, linewidth=1.6, label=_t("streets", lang))


def _base(section: dict, figsize=(7.0, 6.2), margin: float = 400.0, whole_region: bool = False,
          streets: dict | None = None):
    """Figure with the sectors in light grey, the streets light on top of them (``streets``: the style
    for :func:`_streets`), the target's outline thick, zoomed on the target."""
    import shapely

    figure = Figure(figsize=figsize)
    axis = figure.subplots()
    shapes = _shapes(section)
    for _, geometry, _ in shapes:
        if geometry is not None and geometry.geom_type in ("Polygon", "MultiPolygon"):
            axis.add_patch(_patch(geometry, facecolor=SECTOR_FILL, edgecolor=SECTOR_EDGE, linewidth=0.5, zorder=0))
    _streets(axis, section.get("streets"), **(streets or {}))
    target = [g for _, g, inside in shapes if inside and g is not None]
    for geometry in target:
        if geometry.geom_type in ("Polygon", "MultiPolygon"):
            axis.add_patch(_patch(geometry, facecolor="none", edgecolor=TARGET_EDGE, linewidth=0.8, zorder=4))
    outline = shapely.union_all(target) if target else None
    if outline is not None and not outline.is_empty:
        axis.add_patch(_patch(outline, facecolor="none", edgecolor=TARGET_EDGE, linewidth=2.4, zorder=5))
    everything = [g for _, g, _ in shapes if g is not None]
    frame = outline if (outline is not None and not whole_region) else (shapely.union_all(everything) if everything
                                                                        else None)
    if frame is not None and not frame.is_empty:
        x0, y0, x1, y1 = frame.buffer(margin).bounds
        axis.set_xlim(x0, x1)
        axis.set_ylim(y0, y1)
    axis.set_aspect("equal")
    axis.set_axis_off()
    return figure, axis


def _scale_bar(axis, lang: str) -> None:
    x0, x1 = axis.get_xlim()
    y0, y1 = axis.get_ylim()
    width = x1 - x0
    length = next((n for n in (2000, 1000, 500, 250, 100) if n <= width / 4), 100)
    left, bottom = x0 + width * 0.04, y0 + (y1 - y0) * 0.04
    axis.plot([left, left + length], [bottom, bottom], color="#1b1b1b", linewidth=3, solid_capstyle="butt", zorder=9)
    axis.text(left + length / 2, bottom + (y1 - y0) * 0.015, f"{_number(length, lang)} m", ha="center", va="bottom",
              fontsize=8, zorder=9, bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 1})


def _caption(section: dict, lang: str, *parts: str) -> str:
    pieces = [p for p in parts if p]
    if any(s.get("approximate") for s in section.get("sectors", [])):
        pieces.append(_t("approximate", lang))
    if section.get("is_fictional"):
        pieces.append(_t("fictional", lang))
    pieces.append("EPSG:31370 (Lambert 72)" + (_t("streets_source", lang) if section.get("streets")
                                                else gettext("; geen achtergrondkaart", lang)))
    return " ".join(pieces)


def category_styles(categories: list[str]) -> dict[str, tuple[str, str]]:
    """A (colour, marker) per category, each pair different (colour-blind-safe colours, varied shapes)."""
    styles = {}
    for i, category in enumerate(categories):
        styles[category] = (FACILITY_COLOURS[i % len(FACILITY_COLOURS)],
                            FACILITY_MARKERS[(i + i // len(FACILITY_COLOURS)) % len(FACILITY_MARKERS)])
    return styles


def _category_namer(section: dict, names: dict[str, str] | None):
    """A category's printed name: from ``names``, else from the section's own facility rows (the
    environment section names them in the reader's language), else its code. The renderer stands below
    the analyses and never looks names up itself."""
    known = {}
    for row in list(section.get("facility_counts", [])) + list(section.get("facilities", [])):
        if row.get("category") and row.get("category_name"):
            known.setdefault(row["category"], row["category_name"])
    known.update(names or {})
    return lambda category, lang=None: known.get(category, category)


def facility_map(section: dict, lang: str = "nl", categories: list[str] | None = None,
                 names: dict[str, str] | None = None) -> StaticMap:
    """Facility points by category over the sector outlines, the neighbourhood outlined; legend below.
    ``names``: category code → printed name, when the section's rows do not carry them."""
    category_name = _category_namer(section, names)
    facilities = section.get("facilities", [])
    present = [c for c in (categories or section.get("categories") or []) if any(f["category"] == c for f in facilities)]
    styles = category_styles(present)
    figure, axis = _base(section, figsize=(7.0, 7.4), margin=500.0)
    x0, x1 = axis.get_xlim()
    y0, y1 = axis.get_ylim()
    handles = []
    for category in present:
        colour, marker = styles[category]
        points = [(f["x"], f["y"]) for f in facilities if f["category"] == category
                  and x0 <= f["x"] <= x1 and y0 <= f["y"] <= y1]
        if points:
            xy = np.asarray(points)
            axis.scatter(xy[:, 0], xy[:, 1], s=42, c=colour, marker=marker, edgecolors="white", linewidths=0.7,
                         zorder=7)
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=7, markerfacecolor=colour,
                              markeredgecolor="white", label=f"{category_name(category, lang)} ({len(points)})"))
    if section.get("streets"):
        handles.append(_street_handle(lang))
    handles.append(PathPatch(MplPath([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]), facecolor="none",
                             edgecolor=TARGET_EDGE, linewidth=2.2, label=_t("neighbourhood", lang)))
    axis.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2, frameon=False,
                fontsize=7.5, handletextpad=0.4, columnspacing=1.2)
    _scale_bar(axis, lang)
    name = section.get("target", "")
    title = _t("facilities", lang, name=name)
    axis.set_title(title)
    sources = sorted({f.get("source", "") for f in facilities if f.get("source")})
    caption = _caption(section, lang, (gettext("Bron: {sources}.", lang).format(sources=', '.join(sources))) if sources else "",
                       gettext("Het aantal tussen haakjes telt de voorzieningen op de kaart.", lang))
    return StaticMap(title, caption, figure)


def distance_classes(distance: float | None, thresholds: list[float]) -> int:
    """Class index of a distance: 0..len(thresholds) (beyond the last), -1 when not reachable."""
    if distance is None or not np.isfinite(distance):
        return -1
    return int(np.searchsorted(np.asarray(thresholds, dtype=float), distance, side="left"))


def distance_map(section: dict, category: str, lang: str = "nl", names: dict[str, str] | None = None) -> StaticMap:
    """Residential locations coloured by walking distance to the nearest facility of ``category``, with
    those facilities on top."""
    category_name = _category_namer(section, names)
    thresholds = list(section.get("thresholds_m", [400, 800, 1200]))[:3]
    locations = section.get("locations", [])
    distances = section.get("location_distances", {}).get(category, [])
    figure, axis = _base(section, figsize=(7.0, 6.8), margin=300.0)
    classes = np.array([distance_classes(d, thresholds) for d in distances], dtype=int)
    xy = np.array([(loc["x"], loc["y"]) for loc in locations], dtype=float).reshape(-1, 2)
    colours = DISTANCE_COLOURS[:len(thresholds)] + [DISTANCE_COLOURS[-1]]
    labels = []
    for i in range(len(thresholds) + 1):
        if i == 0:
            labels.append(_t("up_to", lang, d=_number(thresholds[0], lang)))
        elif i == len(thresholds):
            labels.append(_t("more_than", lang, d=_number(thresholds[-1], lang)))
        else:
            labels.append(_t("between", lang, a=_number(thresholds[i - 1], lang), b=_number(thresholds[i], lang)))
    handles = []
    for i, (colour, label) in enumerate(zip(colours, labels, strict=True)):
        chosen = classes == i
        if chosen.any():
            axis.scatter(xy[chosen, 0], xy[chosen, 1], s=5, c=colour, marker="o", linewidths=0, zorder=2)
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor=colour,
                              markeredgecolor=colour, label=f"{label} ({int(chosen.sum())})"))
    lost = classes == -1
    if lost.any():
        axis.scatter(xy[lost, 0], xy[lost, 1], s=14, c=UNREACHABLE_COLOUR, marker="x", linewidths=0.9, zorder=3)
        handles.append(Line2D([], [], linestyle="none", marker="x", markersize=6, markeredgecolor=UNREACHABLE_COLOUR,
                              label=f"{_t('unreachable', lang)} ({int(lost.sum())})"))
    x0, x1 = axis.get_xlim()
    y0, y1 = axis.get_ylim()
    facilities = [(f["x"], f["y"]) for f in section.get("facilities", []) if f["category"] == category
                  and x0 <= f["x"] <= x1 and y0 <= f["y"] <= y1]
    name = category_name(category, lang)
    if facilities:
        fxy = np.asarray(facilities)
        axis.scatter(fxy[:, 0], fxy[:, 1], s=150, c="#f0e442", marker="*", edgecolors="#1b1b1b", linewidths=0.9,
                     zorder=8)
    handles.append(Line2D([], [], linestyle="none", marker="*", markersize=11, markerfacecolor="#f0e442",
                          markeredgecolor="#1b1b1b", label=name))
    if section.get("streets"):
        handles.append(_street_handle(lang))
    handles.append(PathPatch(MplPath([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]), facecolor="none",
                             edgecolor=TARGET_EDGE, linewidth=2.2, label=_t("neighbourhood", lang)))
    axis.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, frameon=False,
                fontsize=7.5, title=f"{_t('homes', lang)}: " + (gettext("afstand", lang)),
                title_fontsize=8)
    _scale_bar(axis, lang)
    title = _t("distance", lang, category=name, category_lower=name.lower(), name=section.get("target", ""))
    axis.set_title(title)
    methods = section.get("methods", {})
    caption = _caption(section, lang, (methods.get("distance_text", "") + ". ").capitalize() if methods else "",
                       (gettext("Woonlocaties: ", lang))
                       + "; ".join(methods.get("locations_text", [])) + ".",
                       (gettext("Wandelsnelheid {value} km per uur.", lang).format(value=_number(methods.get('speed_m_s', 1.33) * 3.6, lang, 1))) if methods else "")
    return StaticMap(title, caption, figure)


def isochrone_map(items, section: dict | None = None, lang: str = "nl", start: tuple[float, float] | None = None,
                  facilities: list[dict] | None = None, title: str | None = None,
                  streets: list | None = None) -> StaticMap:
    """Isochrone polygons (``environment.isochrones.Isochrone``; largest drawn first) over the sector
    outlines of ``section`` when given, the start marked. ``streets`` (coordinate lists in EPSG:31370,
    default the section's) are drawn over the polygons, thin, so the reached streets show through."""
    section = dict(section or {})
    if streets is not None:
        section["streets"] = streets
    items = sorted(items, key=lambda i: -i.minutes)
    figure, axis = (_base(section, figsize=(6.5, 6.5), margin=300.0, streets={"zorder": 6})
                    if section.get("sectors") else (None, None))
    if figure is None:
        figure = Figure(figsize=(6.5, 6.5))
        axis = figure.subplots()
        axis.set_aspect("equal")
        axis.set_axis_off()
        _streets(axis, section.get("streets"), zorder=6)
    handles = []
    for rank, item in enumerate(items):
        colour = ISOCHRONE_COLOURS[rank] if len(items) <= len(ISOCHRONE_COLOURS) else COLOURS[rank % 8]
        geometry = item.geometry
        parts = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
        for part in parts:
            if part.geom_type == "Polygon" and not part.is_empty:
                axis.add_patch(_patch(part, facecolor=colour, edgecolor="#08306b", linewidth=0.6, alpha=0.85,
                                      zorder=2 + rank))
        handles.append(PathPatch(MplPath([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]), facecolor=colour,
                                 edgecolor="#08306b", label=_t("minutes", lang, m=_number(item.minutes, lang, 0 if float(item.minutes).is_integer() else 1))
                                 + f" ({_number(round(item.distance_m), lang)} m)"))
    handles.reverse()
    if start is not None:
        axis.scatter([start[0]], [start[1]], s=120, c="#f0e442", marker="*", edgecolors="#1b1b1b", zorder=9)
        handles.append(Line2D([], [], linestyle="none", marker="*", markersize=11, markerfacecolor="#f0e442",
                              markeredgecolor="#1b1b1b", label=_t("start", lang)))
    for f in facilities or []:
        axis.scatter([f["x"]], [f["y"]], s=22, c="#1b1b1b", marker="o", zorder=8)
    if section.get("streets"):
        handles.append(_street_handle(lang))
    if items:
        x0, y0, x1, y1 = items[0].geometry.buffer(250).bounds
        axis.set_xlim(x0, x1)
        axis.set_ylim(y0, y1)
    axis.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=4, frameon=False, fontsize=8)
    _scale_bar(axis, lang)
    minutes = ", ".join(_number(i.minutes, lang) for i in sorted(items, key=lambda i: i.minutes))
    title = title or _t("isochrones", lang, minutes=minutes)
    axis.set_title(title)
    first = items[0] if items else None
    caption = _caption(section, lang, (first.method_text(lang).capitalize() + "; " + (
        gettext("wandelsnelheid {value} km per uur.", lang).format(value=_number(first.speed * 3.6, lang, 1)))) if first else "")
    return StaticMap(title, caption, figure)


def walkability_map(section: dict, lang: str = "nl") -> StaticMap:
    """The 100 m cells where people live, coloured by walkability score (diverging, colour-blind-safe
    purple–orange: purple above the municipality's average, orange below), over the sector outlines."""
    from matplotlib import colormaps
    from matplotlib.colors import TwoSlopeNorm

    walk = section.get("walkability", {})
    cells = walk.get("cells", [])
    size = float(walk.get("cell_size_m", 100.0))
    # the whole municipality: the streets thinner, over the cells so the grid reads as streets
    street_style = {"zorder": 2, "linewidth": 0.3, "alpha": 0.55, "colour": "#8c8c8c"}
    figure, axis = _base(section, figsize=(7.0, 6.6), margin=200.0, whole_region=True, streets=street_style)
    if cells:
        scores = np.array([c["score"] for c in cells], dtype=float)
        squares = [[(c["cell_x"] - size / 2, c["cell_y"] - size / 2), (c["cell_x"] + size / 2, c["cell_y"] - size / 2),
                    (c["cell_x"] + size / 2, c["cell_y"] + size / 2), (c["cell_x"] - size / 2, c["cell_y"] + size / 2)]
                   for c in cells]
        limit = float(np.nanmax(np.abs(scores))) or 1.0
        collection = PolyCollection(squares, cmap=colormaps["PuOr_r"], norm=TwoSlopeNorm(0.0, -limit, limit),
                                    edgecolors="none", zorder=1)
        collection.set_array(scores)
        axis.add_collection(collection)
        bar = figure.colorbar(collection, ax=axis, orientation="horizontal", fraction=0.04, pad=0.02, shrink=0.7)
        reference = (walk.get("reference") or {}).get("name")
        bar.set_label(_t("score_reference", lang, name=reference) if reference else _t("score", lang), fontsize=8)
        bar.ax.tick_params(labelsize=7)
    handles = [_street_handle(lang, street_style["colour"])] if section.get("streets") else []
    handles.append(PathPatch(MplPath([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]), facecolor="none",
                             edgecolor=TARGET_EDGE, linewidth=2.2, label=_t("neighbourhood", lang)))
    axis.legend(handles=handles, loc="lower right", frameon=True, framealpha=0.85, edgecolor="none", fontsize=7.5)
    _scale_bar(axis, lang)
    title = _t("walkability", lang)
    axis.set_title(title)
    caption = _caption(section, lang, walk.get("method", "").rstrip(".") + ".", walk.get("warning", ""),
                       gettext("Alleen cellen met inwoners binnen 500 m zijn gekleurd. Aan de rand "
                               "van het gebied ontbreken de straten en voorzieningen erbuiten: "
                               "daar valt de score te laag uit (randeffect).", lang))
    return StaticMap(title, caption, figure)


def environment_maps(section: dict, lang: str = "nl", distance_categories: list[str] | None = None) -> list[StaticMap]:
    """The maps of an environment section for a document: facilities, the distance to the first
    categories of ``distance_categories`` (default bus stop and GP, when present), and walkability."""
    maps = [facility_map(section, lang)]
    wanted = distance_categories or [c for c in ("bus_stop", "gp") if c in section.get("location_distances", {})]
    for category in wanted:
        if section.get("locations"):
            maps.append(distance_map(section, category, lang))
    if section.get("walkability", {}).get("cells"):
        maps.append(walkability_map(section, lang))
    return maps


def neighbourhoods_map(shapes: list[tuple[str, object]], neighbourhoods: dict[str, list[str]], title: str,
                       lang: str = "nl", *, labels: dict[str, str] | None = None,
                       points: list[tuple[float, float, str]] | None = None, streets: list | None = None) -> Figure:
    """The municipality's sectors (``shapes``: (code, shapely geometry) in EPSG:31370) in light grey with
    each neighbourhood (name → its sector codes) outlined in its own colour and numbered on the map; the
    legend gives the number's name (``labels``: name → the legend text, e.g. with key figures; default the
    name). ``points``: (x, y, kind) drawn as small markers per kind (e.g. facilities). ``streets``: the street
    network's lines (coordinate lists in EPSG:31370, e.g. an environment section's), light under the outlines.
    For the delineation and the summary map of a report."""
    import shapely

    figure = Figure(figsize=(7.0, 6.4))
    axis = figure.subplots()
    by_code = {code: g for code, g in shapes if g is not None and g.geom_type in ("Polygon", "MultiPolygon")}
    for geometry in by_code.values():
        axis.add_patch(_patch(geometry, facecolor=SECTOR_FILL, edgecolor=SECTOR_EDGE, linewidth=0.5, zorder=0))
    has_streets = _streets(axis, streets, zorder=1, linewidth=0.4)
    outlines = {name: shapely.union_all([by_code[c] for c in codes if c in by_code]) for name, codes in
                neighbourhoods.items() if any(c in by_code for c in codes)}
    # the smaller drawn over the larger, so a neighbourhood inside another keeps its own outline visible
    order = {name: rank for rank, name in enumerate(sorted(outlines, key=lambda n: -outlines[n].area))}
    handles = []
    for i, (name, outline) in enumerate(outlines.items()):
        colour = FACILITY_COLOURS[i % len(FACILITY_COLOURS)]
        axis.add_patch(_patch(outline, facecolor=colour, alpha=0.15, edgecolor="none", zorder=2))
        axis.add_patch(_patch(outline, facecolor="none", edgecolor=colour, linewidth=2.4, zorder=5 + order[name] / 100))
        # the number where this neighbourhood does not overlap another, when it has such a part
        own = outline.difference(shapely.union_all([o for other, o in outlines.items() if other != name]))
        anchor = (own if not own.is_empty and own.area > 0.05 * outline.area else outline).representative_point()
        axis.text(anchor.x, anchor.y, str(i + 1), ha="center", va="center", fontsize=8, fontweight="bold",
                  zorder=9, bbox={"boxstyle": "circle", "facecolor": "white", "edgecolor": colour, "pad": 0.25})
        handles.append(PathPatch(MplPath([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]), facecolor="none",
                                 edgecolor=colour, linewidth=2.2, label=f"{i + 1}  {(labels or {}).get(name, name)}"))
    kinds = list(dict.fromkeys(kind for _, _, kind in points or []))
    for kind, (colour, marker) in category_styles(kinds).items():
        xy = np.asarray([(x, y) for x, y, k in points if k == kind], dtype=float)
        axis.scatter(xy[:, 0], xy[:, 1], s=24, c=colour, marker=marker, edgecolors="white", linewidths=0.5, zorder=8)
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=6, markerfacecolor=colour,
                              markeredgecolor="white", label=kind))
    if has_streets:
        handles.append(_street_handle(lang))
    if by_code:
        x0, y0, x1, y1 = shapely.union_all(list(by_code.values())).buffer(200.0).bounds
        axis.set_xlim(x0, x1)
        axis.set_ylim(y0, y1)
    axis.set_aspect("equal")
    axis.set_axis_off()
    axis.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=1 if labels else 2,
                frameon=False, fontsize=7.5, handletextpad=0.6)
    _scale_bar(axis, lang)
    axis.set_title(title)
    return figure
