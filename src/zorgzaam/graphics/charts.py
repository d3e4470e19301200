"""The one chart renderer: charts drawn once on the server, as SVG for screens and PNG for documents.

Plain module: no Django. Every chart is a function returning a matplotlib Figure; :func:`svg` and
:func:`png` turn it into text or bytes. Colours are chosen to stay apart for colour-blind readers and
every series also differs by pattern or marker, so no information rests on colour alone.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import threading
from dataclasses import dataclass, field

import matplotlib
import numpy as np
from matplotlib.figure import Figure

# Figures are made without pyplot: no global state, so web threads can draw at the same time.

# Okabe–Ito colours (colour-blind safe); the focus area is always the first, darkest one.
COLOURS = ["#005a70", "#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#d55e00", "#0072b2", "#999999"]
HATCHES = ["", "//", "..", "xx", "\\\\", "--", "++", "oo"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

matplotlib.rcParams.update({
    "font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
    "svg.fonttype": "none", "axes.titlesize": 10, "axes.titleweight": "bold",
    "svg.hashsalt": "zorgzaam",  # stable ids in the SVG: the same chart gives the same text
})


def load_fonts() -> None:
    """Draw one small chart and throw it away: a process's first chart loads matplotlib's fonts, which a
    server does before its first visitor (the web process's warm-up, the chart helper's start)."""
    render_svg(chart("grouped_bars", categories=["a", "b"], series={"x": [1.0, 2.0]}, title="a"))


def _bounds(figure) -> str | None:
    """``"tight"`` (matplotlib measures the drawing once more to crop it) unless the chart laid itself out
    (:func:`_lay_out`): then its margins already hold every label and the figure is drawn once."""
    return None if getattr(figure, "zorgzaam_laid_out", False) else "tight"


def svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches=_bounds(figure), metadata={"Date": None})
    return buffer.getvalue()


def png(figure, dpi: int = 160) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches=_bounds(figure))
    return buffer.getvalue()


# ------------------------------------------------------------------ layout computed once, from the words

# Measuring every label by drawing the figure (bbox_inches="tight") cost a third of a chart's time. The
# charts below measure their words from the font's advance widths instead (in points, kerning aside: a
# few tenths of a point per label, inside the slack) and set their margins once.
_ADVANCES: dict[tuple[bool, str], float] = {}
SLACK = 4.0  # points of white around the drawing (tight cropping kept 0.1 inch)
TICK = 7.0  # tick length + pad (3.5 + 3.5 points, matplotlib's defaults)
LINE = 1.2  # line height per font size (matplotlib's linespacing)


def _advance(character: str, bold: bool) -> float:
    """Width of one character at 1 point of DejaVu Sans (the charts' font)."""
    width = _ADVANCES.get((bold, character))
    if width is None:
        from matplotlib.font_manager import FontProperties, findfont, get_font
        from matplotlib.ft2font import LoadFlags

        font = get_font(findfont(FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")))
        font.set_size(100, 72)
        width = font.load_char(ord(character), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 100
        _ADVANCES[(bold, character)] = width
    return width


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` (its widest line) at ``size`` points."""
    return max((sum(_advance(c, bold) for c in line) * size for line in str(text).split("\n")), default=0.0)


def text_height(text: str, size: float) -> float:
    return (str(text).count("\n") + 1) * size * LINE


def _wrap(text: str, size: float, width: float, bold: bool = False) -> str:
    """``text`` broken between words into lines of at most ``width`` points (a longer word keeps its line)."""
    lines: list[str] = []
    for word in str(text).split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _tick_texts(axis_of) -> list[str]:
    """The tick labels an axis (``axes.xaxis``/``yaxis``) will show, without drawing it."""
    low, high = sorted(axis_of.get_view_interval())
    locations = [v for v in axis_of.get_major_locator()() if low - 1e-9 <= v <= high + 1e-9]
    return [str(t) for t in axis_of.get_major_formatter().format_ticks(locations)]


def _legend_size(names: list[str], size: float, ncol: int) -> tuple[float, float]:
    """(width, height) in points of a frameless legend of ``names`` in ``ncol`` columns, filled column by
    column as matplotlib does (its default handle length 2, text pad 0.8, column spacing 2, label spacing
    0.5, border pad 0.4 em)."""
    rows = math.ceil(len(names) / ncol)
    columns = [names[k * rows:(k + 1) * rows] for k in range(ncol)]
    widths = [max(text_width(n, size) for n in column) for column in columns if column]
    width = sum(2.8 * size + w for w in widths) + (len(widths) - 1) * 2.0 * size + 0.8 * size
    height = rows * size * LINE + (rows - 1) * 0.5 * size + 0.8 * size
    return width, height


def _legend_columns(names: list[str], size: float, room: float, most: int) -> int:
    """As many columns (at most ``most``) as fit in ``room`` points."""
    ncol = max(min(most, len(names)), 1)
    while ncol > 1 and _legend_size(names, size, ncol)[0] > room:
        ncol -= 1
    return ncol


def _lay_out(figure, axis, width: float, plot_height: float, left: float, right: float, top: float,
             bottom: float) -> None:
    """Fix the figure at ``width`` inches and the axes at ``plot_height`` inches, with these margins (points):
    the figure is drawn as it is, without cropping."""
    height = plot_height + (top + bottom) / 72
    figure.set_size_inches(width, height)
    figure.subplots_adjust(left=left / 72 / width, right=1 - right / 72 / width, bottom=bottom / 72 / height,
                           top=1 - top / 72 / height)
    figure.zorgzaam_laid_out = True


def _title(axis, title: str, width: float, left: float, right: float, loc: str = "center") -> float:
    """The axes' title, wrapped to fit a figure ``width`` inches wide whose axes have these margins
    (points); returns the points it takes above the axes. Its place is given (no top ticks to avoid), so
    matplotlib need not measure the axes for it."""
    size = matplotlib.rcParams["axes.titlesize"]
    if not title:
        return 0.0
    if loc == "left":
        room = width * 72 - left - SLACK
    else:
        centre = left + (width * 72 - left - right) / 2
        room = 2 * min(centre, width * 72 - centre) - 2 * SLACK
    text = _wrap(title, size, room, bold=True)
    axis.set_title(text, loc=loc, y=1.0, pad=6.0)
    return text_height(text, size) + 6.0


# ------------------------------------------------------------------ charts as data, drawn once per content

# Part of every chart's content key: change it when a drawing function changes, so no old drawing is served.
RENDERER_VERSION = "4"


@dataclass(frozen=True)
class Chart:
    """A chart as data: which drawing function (``kind``) with which plain arguments (numbers, strings and
    lists of them; unknown values as None). Its :attr:`key` is a hash of exactly what the drawing depends
    on (data, labels, size, language), so one content is drawn once, whoever asks for it."""

    kind: str
    params: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        text = json.dumps([RENDERER_VERSION, self.kind, self.params], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:40]

    def figure(self):
        """The matplotlib Figure (documents take it as PNG, screens as SVG)."""
        return KINDS[self.kind](**self.params)

    def as_data(self) -> dict:
        return {"kind": self.kind, "params": self.params}

    @classmethod
    def from_data(cls, data: dict) -> Chart:
        if not isinstance(data, dict) or data.get("kind") not in KINDS or not isinstance(data.get("params"), dict):
            raise ValueError("not a chart")
        return cls(data["kind"], data["params"])


def _plain(value):
    """JSON-ready and stable: numpy numbers to floats rounded to what a chart can show, NaN to None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else round(float(value), 4)
    return value if value is None else str(value)


def chart(kind: str, **params) -> Chart:
    """A :class:`Chart` of one of :data:`KINDS`, its arguments made plain."""
    if kind not in KINDS:
        raise ValueError(kind)
    return Chart(kind, _plain(params))


_counter_lock = threading.Lock()
RENDERED = {"svg": 0}  # how many SVG drawings this process made (tests and benchmarks read it)


def render_svg(spec: Chart) -> str:
    """The chart drawn as SVG text, without XML prologue (it is served as a file and embedded in pages)."""
    import re

    text = svg(spec.figure())
    with _counter_lock:
        RENDERED["svg"] += 1
    return re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", "", text).lstrip()


def _bars(axis, starts, positions, lengths, thickness: float, horizontal: bool = False, **style):
    """Bars as one shape per series (matplotlib's ``bar`` makes, limits and draws a patch per bar): from
    ``starts`` for ``lengths`` along the value axis, ``thickness`` wide across, centred on ``positions``.
    The value axis stays at its zero as with ``bar``; the legend shows the series' colour and hatch."""
    from matplotlib.collections import PolyCollection

    corners = []
    for start, middle, length in zip(starts, positions, lengths, strict=True):
        low, high = middle - thickness / 2, middle + thickness / 2
        box = [(start, low), (start + length, low), (start + length, high), (start, high)]
        corners.append(box if horizontal else [(b, a) for a, b in box])
    shape = PolyCollection(corners, linewidths=1.0, **style)
    (shape.sticky_edges.x if horizontal else shape.sticky_edges.y).append(0.0)
    axis.add_collection(shape)
    return shape


def _categories(axis, which: str, positions, labels: list[str], rotation: float = 0) -> None:
    """A category axis (``which`` "x" or "y"): its labels as plain texts beside one line of tick marks, as
    matplotlib's ticks draw them, at a fifth of the objects (a tick is five artists, made one by one)."""
    from matplotlib.markers import TICKDOWN, TICKLEFT
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    size = matplotlib.rcParams["font.size"]
    positions = np.asarray(positions, dtype=float)
    if which == "y":
        axis.set_yticks([])
        place = blended_transform_factory(axis.transAxes, axis.transData)
        shift, marker, zeros = (-TICK / 72, 0), TICKLEFT, (np.zeros(len(positions)), positions)
        align = {"ha": "right", "va": "center_baseline"}
    else:
        axis.set_xticks([])
        place = blended_transform_factory(axis.transData, axis.transAxes)
        shift, marker, zeros = (0, -TICK / 72), TICKDOWN, (positions, np.zeros(len(positions)))
        align = {"ha": "center", "va": "top"} if not rotation else {"ha": "right", "va": "top",
                                                                    "rotation_mode": "anchor"}
    axis.add_line(matplotlib.lines.Line2D(*zeros, linestyle="none", marker=marker, markersize=3.5,
                                          markeredgewidth=0.8, color="black", transform=place, clip_on=False))
    offset = place + ScaledTranslation(*shift, axis.figure.dpi_scale_trans)
    for (x, y), label in zip(zip(*zeros, strict=True), labels, strict=True):
        axis.text(x, y, label, transform=offset, fontsize=size, rotation=rotation, clip_on=False, **align)


def population_pyramid(bands: list[str], male: list[float], female: list[float], title: str,
                       labels: tuple[str, str] = ("Mannen", "Vrouwen"), unit: str = "inwoners"):
    """Horizontal bars: men to the left, women to the right (hatched), youngest at the bottom."""
    from matplotlib.ticker import FuncFormatter

    male_values = np.nan_to_num(np.asarray(male, dtype=float))
    female_values = np.nan_to_num(np.asarray(female, dtype=float))
    y = np.arange(len(bands))
    size = matplotlib.rcParams["font.size"]
    width = 6.0
    figure = Figure(figsize=(width, 0.22 * len(bands) + 1.2))
    axis = figure.subplots()
    zero = np.zeros(len(bands))
    _bars(axis, zero, y, -male_values, 0.8, horizontal=True, facecolor=COLOURS[0], edgecolor="none",
          label=labels[0])
    _bars(axis, zero, y, female_values, 0.8, horizontal=True, facecolor=COLOURS[1], hatch="//", edgecolor="white",
          label=labels[1])
    axis.set_ylim(-0.4 - 0.05 * len(bands), len(bands) - 0.6 + 0.05 * len(bands))  # bar's margins
    _categories(axis, "y", y, bands)
    limit = max(male_values.max(initial=0), female_values.max(initial=0)) * 1.1 or 1
    axis.set_xlim(-limit, limit)
    axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):.0f}"))
    axis.axvline(0, color="#333333", linewidth=0.6)
    axis.legend(loc="lower right", frameon=False)
    left = SLACK + max((text_width(b, size) for b in bands), default=0.0) + TICK
    ticks = _tick_texts(axis.xaxis)
    right = SLACK + max(text_width(ticks[-1], size) / 2 if ticks else 0.0, 4.0)
    bottom = SLACK + TICK + size * LINE + 4.0 + size * LINE  # tick labels, pad, unit
    top = SLACK + _title(axis, title, width, left, right)
    plot_height = (0.22 * len(bands) + 1.2) * 0.77  # the axes as high as before
    _lay_out(figure, axis, width, plot_height, left, right, top, bottom)
    axis.set_xlabel(unit)
    axis.xaxis.set_label_coords(0.5, -(TICK + size * LINE + 4.0) / (plot_height * 72))
    return figure


def _legend_below(axis, names: list[str], width: float, plot_height: float, left: float, right: float,
                  below: float, most: int) -> float:
    """A legend of the axes' series centred under it, ``below`` points under the axes, in as many columns
    (at most ``most``) as fit the figure; returns the points it takes."""
    size = 8.0
    centre = left + (width * 72 - left - right) / 2
    room = 2 * min(centre, width * 72 - centre) - 2 * SLACK
    ncol = _legend_columns(names, size, room, most)
    axis.legend(frameon=False, fontsize=size, ncol=ncol, loc="upper center", borderaxespad=0,
                bbox_to_anchor=(0.5, -below / (plot_height * 72)))
    return _legend_size(names, size, ncol)[1]


def grouped_bars(categories: list[str], series: dict[str, list[float]], title: str, unit: str = "%"):
    """Bars per category, one group per area (the focus first), each area its own colour and hatch."""
    names = list(series)
    x = np.arange(len(categories))
    bar = 0.8 / max(len(names), 1)
    size = matplotlib.rcParams["font.size"]
    width, plot_height = 7.0, 3.2 * 0.77
    figure = Figure(figsize=(width, 3.2))
    axis = figure.subplots()
    for i, name in enumerate(names):
        values = np.asarray(series[name], dtype=float)
        _bars(axis, np.zeros(len(x)), x + (i - (len(names) - 1) / 2) * bar, np.nan_to_num(values), bar,
              facecolor=COLOURS[i % len(COLOURS)], hatch=HATCHES[i % len(HATCHES)] or None, edgecolor="white",
              label=name)
    axis.autoscale_view()
    _categories(axis, "x", x, categories)
    ticks = _tick_texts(axis.yaxis)
    left = SLACK + size * LINE + 4.0 + max((text_width(t, size) for t in ticks), default=0.0) + TICK
    right = SLACK + max(text_width(categories[-1], size) / 2 - 0.4 * 0.775 * width * 72 / max(len(x), 1), 4.0) \
        if categories else SLACK + 4.0
    ticks_below = TICK + max((text_height(c, size) for c in categories), default=size * LINE)
    legend = _legend_below(axis, names, width, plot_height, left, right, ticks_below + 4.0, 3) if names else 0.0
    top = SLACK + _title(axis, title, width, left, right)
    _lay_out(figure, axis, width, plot_height, left, right, top, SLACK + ticks_below + 4.0 + legend)
    axis.set_ylabel(unit)
    axis.yaxis.set_label_coords(-(left - SLACK - size * LINE) / (width * 72 - left - right), 0.5)
    return figure


LINESTYLES = ["-", (0, (5, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)), (0, (3, 1, 1, 1, 1, 1)), (0, (8, 3)),
              (0, (2, 2)), (0, (4, 1, 1, 1))]


def time_series(periods: list[str], series: dict[str, list[float]], title: str, unit: str = "%",
                breaks: list[tuple[str, str]] | None = None, value_label=None, highlight_first: bool = True,
                value_format: tuple[str, int] | list | None = None):
    """Lines over time, one per area: the focus first, thickest and darkest; every other line differs by
    colour, marker and dash. ``breaks`` ((period, label)) draws a dashed vertical marker just before
    that period, with its label: the series crosses a merger or a new sector vintage there. Missing
    years are gaps. ``value_label`` formats the y axis (e.g. Dutch decimal commas); ``value_format``
    ((language, decimals)) does the same as data: numbers as people of that language read them, whole
    numbers from 100 up. With
    ``highlight_first=False`` every line has the same weight (areas side by side, none the focus)."""
    from matplotlib.ticker import FuncFormatter

    x = np.arange(len(periods))
    size = matplotlib.rcParams["font.size"]
    width, plot_height = 6.4, 3.4 * 0.77
    figure = Figure(figsize=(width, 3.4))
    axis = figure.subplots()
    for i, (name, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        focus = i == 0 and highlight_first
        axis.plot(x, values, marker=MARKERS[i % len(MARKERS)], markersize=6 if focus else 4.5,
                  color=COLOURS[i % len(COLOURS)], linewidth=3.0 if focus else (1.5 if highlight_first else 2.0),
                  linestyle=LINESTYLES[i % len(LINESTYLES)], label=name, zorder=3 if focus else 2)
    slanted = len(periods) > 12
    _categories(axis, "x", x, periods, rotation=45 if slanted else 0)
    axis.set_xlim(-0.4, max(len(periods) - 0.6, 0.4))
    # A narrow axis makes a small change look dramatic: the axis spans at least a fifth of the largest
    # value (a share moving from 50.5 % to 53 % stays a small move), and never dips below 0 for
    # positive figures.
    finite = np.concatenate([np.asarray(v, dtype=float) for v in series.values()]) if series else np.array([])
    finite = finite[np.isfinite(finite)]
    if finite.size:
        low, high = float(finite.min()), float(finite.max())
        need = 0.2 * max(abs(low), abs(high))
        if high - low < need:
            middle = (low + high) / 2
            low, high = middle - need / 2, middle + need / 2
            if finite.min() >= 0 and low < 0:
                low, high = 0.0, high - low
            axis.set_ylim(low - 0.05 * need, high + 0.05 * need)
    # An axis that does not start at 0 for positive figures is marked as broken: two short slashes across the
    # vertical axis near its foot, as on paper (no words needed), so a reader never mistakes it for zero.
    bottom = axis.get_ylim()[0]
    if finite.size and finite.min() > 0 and bottom > 0:
        for i, lift in enumerate((0.03, 0.06)):
            axis.plot((-0.012, 0.012), (lift - 0.012, lift + 0.012), transform=axis.transAxes, color="#333333",
                      linewidth=1.2, clip_on=False, zorder=4, gid=f"axis-break-{i}")
    if value_label is None and value_format is not None:
        from zorgzaam.messages import format_number

        lang, decimals = value_format
        value_label = lambda v: format_number(v, lang, decimals if abs(v) < 100 else 0)  # noqa: E731
    if value_label is not None:
        axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: value_label(v)))
    # The margins from the words: y labels and unit on the left, period labels (slanted when many) and the
    # legend below, the title above.
    ticks = _tick_texts(axis.yaxis)
    left = SLACK + size * LINE + 4.0 + max((text_width(t, size) for t in ticks), default=0.0) + TICK
    widest = max((text_width(p, size) for p in periods), default=0.0)
    if slanted:  # 45°, centred on the tick
        period_height = (widest + size * LINE) * math.sqrt(0.5)
        right = SLACK + max(period_height / 2 - 0.4 * (width * 72 - left) / max(len(periods) - 0.2, 1), 4.0)
    else:
        period_height = size * LINE
        right = SLACK + max(widest / 2 - 0.4 * (width * 72 - left) / max(len(periods) - 0.2, 1), 4.0)
    below = TICK + period_height + 4.0
    legend = _legend_below(axis, list(series), width, plot_height, left, right, below,
                           2 if len(series) > 2 else len(series) or 1) if series else 0.0
    top = SLACK + _title(axis, title, width, left, right, loc="left")
    _lay_out(figure, axis, width, plot_height, left, right, top, SLACK + below + legend)
    plot_width = width * 72 - left - right
    span = max(len(periods) - 0.2, 0.8)
    for period, label in breaks or []:
        position = float(np.searchsorted(np.asarray(periods, dtype=object), period)) - 0.5
        if not 0 <= position <= len(periods) - 1:
            continue
        axis.axvline(position, color="#444444", linestyle=(0, (4, 3)), linewidth=1.1, zorder=1)
        # The label right of the marker, or left of it when it would run out of the drawing.
        room = (1 - (position + 0.4) / span) * plot_width + right - SLACK
        fits = text_width(label, 7.5) + 3.0 + 4.0 <= room
        axis.annotate(label, xy=(position, 1.0), xycoords=("data", "axes fraction"), xytext=(3 if fits else -3, -2),
                      textcoords="offset points", ha="left" if fits else "right", va="top", fontsize=7.5,
                      color="#333333",
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    axis.set_ylabel(unit)
    axis.yaxis.set_label_coords(-(left - SLACK - size * LINE) / plot_width, 0.5)
    axis.grid(axis="y", color="#dddddd", linewidth=0.6)
    return figure


def interval_bars(categories: list[str], series: list[dict], title: str, lang: str = "nl",
                  hidden_label: str = "niet getoond", unit: str = "%"):
    """Horizontal bars of shares (0–100) with their confidence interval as a whisker, one bar per answer
    (the first answer on top) and, with several ``series`` ({name, percent, low, high}), one bar per
    series within each answer, each series its own colour and hatch. A value None is not drawn: the answer
    is marked ``hidden_label`` instead (a hidden small number). The axis always starts at 0."""
    import textwrap

    from matplotlib.ticker import FuncFormatter

    from zorgzaam.messages import format_number

    count = max(len(series), 1)
    rows = len(categories)
    height = 0.9 + rows * (0.26 * count + 0.2)
    figure = Figure(figsize=(6.4, max(1.8, height)))
    axis = figure.subplots()
    thickness = 0.8 / count
    y = np.arange(rows)[::-1].astype(float)
    highest = 0.0
    for i, item in enumerate(series):
        position = y + ((count - 1) / 2 - i) * thickness
        percent = [np.nan if v is None else float(v) for v in item.get("percent", [])]
        low = [np.nan if v is None else float(v) for v in item.get("low", [])]
        high = [np.nan if v is None else float(v) for v in item.get("high", [])]
        values = np.asarray(percent, dtype=float)
        shown = np.isfinite(values)
        axis.barh(position[shown], values[shown], thickness * 0.9, color=COLOURS[i % len(COLOURS)],
                  hatch=HATCHES[i % len(HATCHES)], edgecolor="white", label=item.get("name") or None)
        lows, highs = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
        whisker = shown & np.isfinite(lows) & np.isfinite(highs)
        if whisker.any():
            axis.errorbar(values[whisker], position[whisker],
                          xerr=[values[whisker] - lows[whisker], highs[whisker] - values[whisker]],
                          fmt="none", ecolor="#222222", elinewidth=1.0, capsize=2.5)
        for j in range(rows):
            if shown[j]:
                end = highs[j] if np.isfinite(highs[j]) else values[j]
                highest = max(highest, end)
                axis.annotate(format_number(values[j], lang, 1) + (" %" if unit == "%" else ""),
                              xy=(end, position[j]), xytext=(4, 0), textcoords="offset points", va="center",
                              fontsize=7.5, color="#222222")
            else:
                axis.annotate(hidden_label, xy=(0, position[j]), xytext=(3, 0), textcoords="offset points",
                              va="center", fontsize=7.5, color="#555555", style="italic")
    axis.set_yticks(y, [textwrap.fill(str(c), 28) for c in categories])
    axis.set_xlim(0, min(100.0, max(highest * 1.18, 10.0)) if unit == "%" else max(highest * 1.18, 1.0))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, 0)))
    axis.set_xlabel(unit)
    axis.set_ylim(-0.6, rows - 0.4)
    if title:  # a chart placed under its question's own heading goes without
        axis.set_title(textwrap.fill(title, 70), loc="left")
    axis.grid(axis="x", color="#dddddd", linewidth=0.6)
    axis.set_axisbelow(True)
    if count > 1:
        axis.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18),
                    ncol=min(count, 2))
    return figure


KINDS = {"population_pyramid": population_pyramid, "grouped_bars": grouped_bars, "time_series": time_series,
         "interval_bars": interval_bars}
