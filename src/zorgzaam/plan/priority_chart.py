"""The divergence chart of a prioritisation round (plain module, no Django): one row per item, the place it
got in each group as a marker on a scale from 1 (most important) to the number of items, joined by a line
from the best to the worst place; rows where groups are two places or more apart are marked.

Drawn by the one chart renderer (``graphics.charts``): this module adds its kind to the renderer's list,
so the chart is drawn once per content and reused like every other chart."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure

from zorgzaam.graphics import charts
from zorgzaam.messages import gettext

KIND = "priority_ranks"


def priority_ranks(items: list[str], groups: list[str], ranks: list[list[int | None]], marked: list[bool],
                   places: int, title: str = "", best_label: str = "belangrijkst",
                   marked_label: str = "groepen liggen ver uit elkaar", lang: str = "nl"):
    """``ranks[g][i]``: the place of item i in group g (None: the group has no place for it)."""
    rows = len(items)
    figure = Figure(figsize=(6.6, 1.0 + 0.55 * max(rows, 1)))
    axis = figure.subplots()
    y = list(range(rows))[::-1]  # the first item on top
    for i in range(rows):
        if marked[i]:
            axis.axhspan(y[i] - 0.42, y[i] + 0.42, color="#fde8c8", zorder=0)
        values = [ranks[g][i] for g in range(len(groups)) if ranks[g][i] is not None]
        if len(values) >= 2:
            axis.plot([min(values), max(values)], [y[i], y[i]], color="#8a8a8a", linewidth=1.2, zorder=1)
    count = max(len(groups), 1)
    for g, name in enumerate(groups):
        offset = ((count - 1) / 2 - g) * 0.16  # groups with the same place stay visible side by side
        xs = [ranks[g][i] for i in range(rows) if ranks[g][i] is not None]
        ys = [y[i] + offset for i in range(rows) if ranks[g][i] is not None]
        axis.scatter(xs, ys, s=64, marker=charts.MARKERS[g % len(charts.MARKERS)],
                     color=charts.COLOURS[g % len(charts.COLOURS)], edgecolors="white", linewidths=0.6,
                     label=name, zorder=3)
    labels = [textwrap.fill(("▲ " if marked[i] else "") + textwrap.shorten(text, 64, placeholder="…"), 34)
              for i, text in enumerate(items)]
    axis.set_yticks(y, labels)
    for tick, is_marked in zip(axis.get_yticklabels(), marked, strict=False):
        if is_marked:
            tick.set_fontweight("bold")
    axis.set_xlim(0.5, places + 0.5)
    axis.set_xticks(range(1, places + 1))
    axis.set_xlabel(gettext("plaats (1 = {best})", lang).format(best=best_label))
    axis.set_ylim(-0.6, rows - 0.4)
    axis.grid(axis="x", color="#e3e3e3", linewidth=0.6)
    axis.set_axisbelow(True)
    if title:
        axis.set_title(textwrap.fill(title, 70), loc="left")
    handles, names = axis.get_legend_handles_labels()
    if any(marked):
        from matplotlib.patches import Patch

        handles.append(Patch(facecolor="#fde8c8", edgecolor="none"))
        names.append("▲ " + marked_label)
    axis.legend(handles, names, frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18),
                ncol=min(len(names), 4))
    return figure


charts.KINDS.setdefault(KIND, priority_ranks)


def chart_spec(data: dict, *, title: str = "", lang: str = "nl") -> charts.Chart:
    """The chart of ``plan.priorities.rank_chart_data`` as a renderer spec."""
    return charts.chart(KIND, items=data["items"], groups=data["groups"], ranks=data["ranks"],
                        marked=data["marked"], places=data["places"], title=title,
                        best_label=gettext("belangrijkst", lang),
                        marked_label=gettext("groepen liggen ver uit elkaar", lang), lang=lang)
