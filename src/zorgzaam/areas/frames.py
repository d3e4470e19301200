"""The plain (no Django) shapes in which areas travel between loaders, generators and the store.

AREA_COLUMNS: one row per area:
    level, code, vintage, name, valid_from, valid_to, geometry (shapely, EPSG:31370 or None),
    geometry_kind ('polygon' | 'approximate' | 'point' | ''), is_locatable, source, is_fictional
LINK_COLUMNS: one row per (child, ancestor), for every ancestor level, not only the direct parent:
    child_level, child_code, child_vintage, parent_level, parent_code, parent_vintage
CROSSWALK_COLUMNS: code_from, vintage_from, code_to, vintage_to, share, source
"""

from __future__ import annotations

import pandas as pd

AREA_COLUMNS = ["level", "code", "vintage", "name", "valid_from", "valid_to", "geometry",
                "geometry_kind", "is_locatable", "source", "is_fictional"]
LINK_COLUMNS = ["child_level", "child_code", "child_vintage", "parent_level", "parent_code", "parent_vintage"]
CROSSWALK_COLUMNS = ["code_from", "vintage_from", "code_to", "vintage_to", "share", "source"]

_AREA_DEFAULTS = {"name": "", "valid_from": None, "valid_to": None, "geometry": None, "geometry_kind": "",
                  "is_locatable": True, "source": "", "is_fictional": False}


def area_frame(rows: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """Complete an area table with default columns and check the required ones."""
    frame = pd.DataFrame(rows).copy()
    for column in ("level", "code", "vintage"):
        if column not in frame.columns:
            raise ValueError(f"area table lacks column {column!r}")
    for column, default in _AREA_DEFAULTS.items():
        if column not in frame.columns:
            frame[column] = [default] * len(frame)
    frame["code"] = frame["code"].astype(str)
    frame["vintage"] = frame["vintage"].astype(str)
    return frame[AREA_COLUMNS]


def link_frame(rows: pd.DataFrame | list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=LINK_COLUMNS) if isinstance(rows, list) else rows.copy()
    missing = [c for c in LINK_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"link table lacks columns {missing}")
    for column in LINK_COLUMNS:
        frame[column] = frame[column].astype(str)
    return frame[LINK_COLUMNS]
