"""The tidy measure table every importer produces (plain module, no Django).

VALUE_COLUMNS, one row per (area, period, measure):
    area_level    a level of ``areas.levels.Level`` (or 'neighbourhood' for a team's own buurt)
    area_code     the area's code (sector code, NIS code, wijk code, neighbourhood name ...)
    area_vintage  the vintage of the area code ('2025', '2024', ...; '' when the level has one)
    period        a string: '2024', '2024-01-01', '2021Q3' ...
    measure       the measure id (see ``sources.measures``)
    value         float; NaN means unknown (a suppressed or missing count) — never zero
"""

from __future__ import annotations

import numpy as np
import pandas as pd

VALUE_COLUMNS = ["area_level", "area_code", "area_vintage", "period", "measure", "value"]
KEY_COLUMNS = VALUE_COLUMNS[:-1]


def value_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Check and normalise a tidy measure table (column order, dtypes)."""
    missing = [c for c in VALUE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"measure table lacks columns {missing}")
    out = frame[VALUE_COLUMNS].copy()
    for column in KEY_COLUMNS:
        out[column] = out[column].astype(str)
    out["value"] = pd.to_numeric(out["value"], errors="raise").astype(np.float64)
    return out.reset_index(drop=True)
