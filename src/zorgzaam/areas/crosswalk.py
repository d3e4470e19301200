"""The sector code crosswalk 2024 → 2025, derived from the hierarchy tables. Plain module: no Django.

Statbel redrew the statistical sectors on 2025-01-01. No published table maps old codes to new ones
(the 2024 table's ``statsec2024_dummy`` is a copy of ``statsec2024``), so the crosswalk is derived,
step by step, within each 2025 municipality (the 2024 table names the 2025 municipality of every old
sector, so pairs never cross a municipal border). Each row records its step in ``source``:

1. ``same code``: the code exists in both vintages;
2. ``same name``: an old code and a new code, both still unmatched, carry the same sector name
   (compared without case, punctuation and spaces), and that name is unique on both sides;
3. ``same stem``: Statbel kept the first eight characters of a redrawn sector and changed only the
   ninth (``13003A500`` → ``13003A50K``; a split gives ``…K``, ``…L``, ``…M``); an unmatched code is
   paired with the codes of the other vintage that share its eight-character stem;
4. ``centroid``: an old sector still unmatched is paired with the still unmatched new sectors of the
   2025 wijk that holds its centroid, or else with the new sector whose approximate cell holds it.

``share`` is the part of the old sector that went to the new one: 1.0 when the old code has exactly
one new code; unknown (empty) when it was split, since sector areas or populations are not at hand.
New codes that no step could pair stay out of the crosswalk and are counted in the load report.
"""

from __future__ import annotations

import re

import pandas as pd
import shapely

from zorgzaam.areas.frames import CROSSWALK_COLUMNS

SOURCE_PREFIX = "afgeleid/derived"


def _normalised_name(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", str(name).lower())


def _unique_pairs(left: pd.DataFrame, right: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows of left and right that share ``key`` (plus municipality) and are unique on both sides."""
    left = left[~left.duplicated(["municipality", key], keep=False)]
    right = right[~right.duplicated(["municipality", key], keep=False)]
    return left.merge(right, on=["municipality", key], suffixes=("_from", "_to"))


def derive_crosswalk(sectors_2024: pd.DataFrame, sectors_2025: pd.DataFrame) -> pd.DataFrame:
    """Crosswalk rows (CROSSWALK_COLUMNS) from 2024 to 2025 sector codes by steps 1–3 (no geometry).

    ``sectors_2024``: code, name, municipality (the 2025 municipality). ``sectors_2025``: code, name,
    municipality."""
    old = sectors_2024[["code", "name", "municipality"]].copy()
    new = sectors_2025[["code", "name", "municipality"]].copy()
    pairs: list[pd.DataFrame] = []

    same = old.merge(new[["code"]], on="code")
    pairs.append(pd.DataFrame({"code_from": same["code"], "code_to": same["code"], "method": "same code"}))
    matched_old = set(same["code"])
    matched_new = set(same["code"])

    left = old[~old["code"].isin(matched_old)].assign(key=lambda f: f["name"].map(_normalised_name))
    right = new[~new["code"].isin(matched_new)].assign(key=lambda f: f["name"].map(_normalised_name))
    named = _unique_pairs(left[left["key"] != ""], right[right["key"] != ""], "key")
    pairs.append(pd.DataFrame({"code_from": named["code_from"], "code_to": named["code_to"], "method": "same name"}))
    matched_old |= set(named["code_from"])
    matched_new |= set(named["code_to"])

    old_stem = old.assign(stem=old["code"].str[:8])
    new_stem = new.assign(stem=new["code"].str[:8])
    stem_pairs = old_stem.merge(new_stem, on=["municipality", "stem"], suffixes=("_from", "_to"))
    # Only pairs with at least one unmatched side: an old sector that kept its code gives away pieces
    # only to new codes of its stem that are otherwise unmatched.
    stem_pairs = stem_pairs[~(stem_pairs["code_from"].isin(matched_old) & stem_pairs["code_to"].isin(matched_new))]
    pairs.append(pd.DataFrame({"code_from": stem_pairs["code_from"], "code_to": stem_pairs["code_to"],
                               "method": "same stem"}))
    return _finish(pd.concat(pairs, ignore_index=True))


def add_centroid_pairs(crosswalk: pd.DataFrame, sectors_2024: pd.DataFrame, sectors_2025: pd.DataFrame,
                       cells_2025: dict[str, object], districts_2025: dict[str, object]) -> pd.DataFrame:
    """Step 4 for the old codes that steps 1–3 left unpaired.

    ``sectors_2024`` needs a ``point`` column (shapely, EPSG:31370, or None); ``sectors_2025`` a
    ``district`` column. ``cells_2025``: new code → cell; ``districts_2025``: wijk code → polygon."""
    pairs = crosswalk.assign(method=crosswalk["source"].str.split(": ").str[-1])[["code_from", "code_to", "method"]]
    unpaired = sectors_2024[~sectors_2024["code"].isin(set(pairs["code_from"]))]
    extra = _centroid_pairs(unpaired, sectors_2025, set(pairs["code_to"]), cells_2025, districts_2025)
    return _finish(pd.concat([pairs, extra], ignore_index=True))


def _finish(pairs: pd.DataFrame) -> pd.DataFrame:
    result = pairs.drop_duplicates(["code_from", "code_to"]).copy()
    targets = result.groupby("code_from")["code_to"].transform("size")
    result["share"] = [1.0 if n == 1 else None for n in targets]
    result["source"] = SOURCE_PREFIX + ": " + result.pop("method")
    result["vintage_from"] = "2024"
    result["vintage_to"] = "2025"
    return result[CROSSWALK_COLUMNS].sort_values(["code_from", "code_to"]).reset_index(drop=True)


def _centroid_pairs(old: pd.DataFrame, new: pd.DataFrame, matched_new: set[str],
                    cells: dict[str, object], districts: dict[str, object]) -> pd.DataFrame:
    rows = []
    new_by_municipality = {m: g for m, g in new.groupby("municipality")}
    for row in old.itertuples(index=False):
        point = row.point
        if point is None or isinstance(point, float) or point.is_empty:
            continue
        candidates = new_by_municipality.get(row.municipality)
        if candidates is None:
            continue
        found = []
        unmatched = candidates[~candidates["code"].isin(matched_new)]
        for district, group in unmatched.groupby("district"):
            polygon = districts.get(district)
            if polygon is not None and shapely.contains(polygon, point):
                found = group["code"].tolist()
                break
        if not found:
            for code in candidates["code"]:
                cell = cells.get(code)
                if cell is not None and cell.geom_type != "Point" and shapely.contains(cell, point):
                    found = [code]
                    break
        rows += [{"code_from": row.code, "code_to": code, "method": "centroid"} for code in found]
    return pd.DataFrame(rows, columns=["code_from", "code_to", "method"])
