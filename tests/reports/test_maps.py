"""The static map renderer: sectors coloured by class, unknowns white, the neighbourhood outlined."""

import numpy as np
from shapely.geometry import box

from zorgzaam.reports.charts import png
from zorgzaam.reports.maps import RAMP, choropleth


def test_choropleth_colours_by_quantile_class_and_leaves_unknown_white():
    shapes = [(f"S{i}", box(i, 0, i + 1, 1)) for i in range(6)]
    values = {"S0": 1.0, "S1": 2.0, "S2": 3.0, "S3": 4.0, "S4": 5.0, "S5": np.nan}
    figure = choropleth(shapes, values, "Test", highlight=["S1", "S2"])
    patches = figure.axes[0].patches
    fills = [tuple(round(c, 3) for c in patch.get_facecolor()[:3]) for patch in patches[:6]]
    assert fills[5] == (1.0, 1.0, 1.0)  # unknown: white, never the lowest class
    assert len(set(fills[:5])) == 5  # five values, five classes
    outlines = patches[6:]
    assert len(outlines) == 2 and all(p.get_linewidth() > 2 for p in outlines)
    assert png(figure)[:4] == b"\x89PNG"
    assert len(RAMP) == 5
