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


def svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def png(figure, dpi: int = 160) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


# ------------------------------------------------------------------ charts as data, drawn once per content

# Part of every chart's content key: change it when a drawing function changes, so no old drawing is served.
RENDERER_VERSION = "3"


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


def population_pyramid(bands: list[str], male: list[float], female: list[float], title: str,
                       labels: tuple[str, str] = ("Mannen", "Vrouwen"), unit: str = "inwoners"):
    """Horizontal bars: men to the left, women to the right, youngest at the bottom."""
    male_values = np.nan_to_num(np.asarray(male, dtype=float))
    female_values = np.nan_to_num(np.asarray(female, dtype=float))
    y = np.arange(len(bands))
    figure = Figure(figsize=(6.0, 0.22 * len(bands) + 1.2))
    axis = figure.subplots()
    axis.barh(y, -male_values, color=COLOURS[0], label=labels[0])
    axis.barh(y, female_values, color=COLOURS[1], hatch="//", edgecolor="white", label=labels[1])
    axis.set_yticks(y, bands)
    limit = max(male_values.max(initial=0), female_values.max(initial=0)) * 1.1 or 1
    axis.set_xlim(-limit, limit)
    ticks = axis.get_xticks()
    axis.set_xticks(ticks, [f"{abs(t):.0f}" for t in ticks])
    axis.set_xlabel(unit)
    axis.axvline(0, color="#333333", linewidth=0.6)
    axis.set_title(title)
    axis.legend(loc="lower right", frameon=False)
    return figure


def grouped_bars(categories: list[str], series: dict[str, list[float]], title: str, unit: str = "%"):
    """Bars per category, one group per area (the focus first)."""
    names = list(series)
    x = np.arange(len(categories))
    width = 0.8 / max(len(names), 1)
    figure = Figure(figsize=(7.0, 3.2))
    axis = figure.subplots()
    for i, name in enumerate(names):
        values = np.asarray(series[name], dtype=float)
        axis.bar(x + (i - (len(names) - 1) / 2) * width, np.nan_to_num(values), width,
                 color=COLOURS[i % len(COLOURS)], hatch=HATCHES[i % len(HATCHES)], edgecolor="white", label=name)
    axis.set_xticks(x, categories, rotation=0)
    axis.set_ylabel(unit)
    axis.set_title(title)
    axis.legend(frameon=False, fontsize=8, ncol=min(len(names), 3), loc="upper center",
                bbox_to_anchor=(0.5, -0.12))
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
    figure = Figure(figsize=(6.4, 3.4))
    axis = figure.subplots()
    for i, (name, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        focus = i == 0 and highlight_first
        axis.plot(x, values, marker=MARKERS[i % len(MARKERS)], markersize=6 if focus else 4.5,
                  color=COLOURS[i % len(COLOURS)], linewidth=3.0 if focus else (1.5 if highlight_first else 2.0),
                  linestyle=LINESTYLES[i % len(LINESTYLES)], label=name, zorder=3 if focus else 2)
    axis.set_xticks(x, periods)
    if len(periods) > 12:
        for label in axis.get_xticklabels():
            label.set_rotation(45)
    axis.set_xlim(-0.4, max(len(periods) - 0.6, 0.4))
    for period, label in breaks or []:
        position = float(np.searchsorted(np.asarray(periods, dtype=object), period)) - 0.5
        if not 0 <= position <= len(periods) - 1:
            continue
        axis.axvline(position, color="#444444", linestyle=(0, (4, 3)), linewidth=1.1, zorder=1)
        axis.annotate(label, xy=(position, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -2),
                      textcoords="offset points", ha="left", va="top", fontsize=7.5, color="#333333",
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
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
    axis.set_ylabel(unit)
    axis.set_title(title, loc="left")
    axis.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                ncol=2 if len(series) > 2 else len(series) or 1)
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
