"""Saving and reading areas in the database (the Django side of the area frames).

``save_areas`` is the one way areas get into the database: loaders for the real Flemish files, the
Statbel sector files and the fictional demo generator all hand it frames of ``areas.frames``.
It upserts by (level, code, vintage) and replaces the links of the children it is given, in one
transaction: a failure leaves the database as it was. Everything that needs no database (geometry to WKB,
link and crosswalk rows) is prepared before the transaction opens, so the write lock is held only while
writing; on SQLite (WAL) readers go on reading meanwhile."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import shapely
from django.db import transaction

from zorgzaam.areas.frames import area_frame, link_frame
from zorgzaam.areas.models import Area, AreaLink, SectorCrosswalk

BATCH = 2000


@dataclass
class SaveSummary:
    areas: int
    links: int
    crosswalk: int

    def as_dict(self) -> dict:
        return {"areas": self.areas, "links": self.links, "crosswalk": self.crosswalk}


def _area_objects(frame: pd.DataFrame) -> list[Area]:
    objects = []
    for row in frame.itertuples(index=False):
        geometry = row.geometry
        wkb = None
        cx = cy = None
        if geometry is not None and not (isinstance(geometry, float)) and not geometry.is_empty:
            wkb = shapely.to_wkb(geometry)
            centroid = geometry if geometry.geom_type == "Point" else geometry.representative_point()
            cx, cy = centroid.x, centroid.y
        objects.append(Area(
            level=str(row.level), code=str(row.code), vintage=str(row.vintage), name=row.name or "",
            valid_from=None if pd.isna(row.valid_from) else row.valid_from,
            valid_to=None if pd.isna(row.valid_to) else row.valid_to,
            geometry=wkb, geometry_kind=row.geometry_kind or "", centroid_x=cx, centroid_y=cy,
            is_locatable=bool(row.is_locatable), source=row.source or "", is_fictional=bool(row.is_fictional),
        ))
    return objects


def area_ids(keys: pd.DataFrame) -> pd.Series:
    """Database ids for a frame with columns level, code, vintage (NaN where unknown)."""
    wanted = keys[["level", "code", "vintage"]].drop_duplicates()
    found = []
    for (level, vintage), group in wanted.groupby(["level", "vintage"]):
        codes = group["code"].tolist()
        for start in range(0, len(codes), BATCH):
            found += list(Area.objects.filter(level=level, vintage=vintage, code__in=codes[start:start + BATCH])
                          .values_list("level", "code", "vintage", "id"))
    lookup = pd.DataFrame(found, columns=["level", "code", "vintage", "id"])
    merged = keys[["level", "code", "vintage"]].merge(lookup, how="left", on=["level", "code", "vintage"])
    return merged["id"]


def save_areas(areas: pd.DataFrame, links: pd.DataFrame | None = None,
               crosswalk: pd.DataFrame | None = None) -> SaveSummary:
    frame = area_frame(areas)
    duplicated = frame.duplicated(["level", "code", "vintage"])
    if duplicated.any():
        first = frame[duplicated].iloc[0]
        raise ValueError(f"duplicate area {first.level} {first.code} {first.vintage}")
    objects = _area_objects(frame)
    lf = link_frame(links) if links is not None and len(links) else None
    cw_objects = [SectorCrosswalk(code_from=r.code_from, vintage_from=str(r.vintage_from), code_to=r.code_to,
                                  vintage_to=str(r.vintage_to),
                                  share=None if pd.isna(r.share) else float(r.share), source=r.source or "")
                  for r in crosswalk.itertuples(index=False)] if crosswalk is not None and len(crosswalk) else []
    with transaction.atomic():
        return _write_areas(objects, lf, cw_objects)


def _write_areas(objects: list[Area], lf: pd.DataFrame | None, cw_objects: list[SectorCrosswalk]) -> SaveSummary:
    update_fields = ["name", "valid_from", "valid_to", "geometry", "geometry_kind", "centroid_x", "centroid_y",
                     "is_locatable", "source", "is_fictional"]
    for start in range(0, len(objects), BATCH):
        Area.objects.bulk_create(objects[start:start + BATCH], update_conflicts=True,
                                 unique_fields=["level", "code", "vintage"], update_fields=update_fields)
    link_count = 0
    if lf is not None:
        child = lf[["child_level", "child_code", "child_vintage"]].set_axis(["level", "code", "vintage"], axis=1)
        parent = lf[["parent_level", "parent_code", "parent_vintage"]].set_axis(["level", "code", "vintage"], axis=1)
        child_ids = area_ids(child).to_numpy()
        parent_ids = area_ids(parent).to_numpy()
        missing = pd.isna(child_ids) | pd.isna(parent_ids)
        if missing.any():
            bad = lf[missing].iloc[0]
            raise ValueError(
                f"link refers to an unknown area: {bad.child_level} {bad.child_code} ({bad.child_vintage}) -> "
                f"{bad.parent_level} {bad.parent_code} ({bad.parent_vintage})")
        unique_children = sorted({int(i) for i in child_ids})
        for start in range(0, len(unique_children), BATCH):
            AreaLink.objects.filter(child_id__in=unique_children[start:start + BATCH]).delete()
        link_objects = [AreaLink(child_id=int(c), parent_id=int(p), parent_level=str(level))
                        for c, p, level in zip(child_ids, parent_ids, lf["parent_level"], strict=True)]
        AreaLink.objects.bulk_create(link_objects, batch_size=BATCH, ignore_conflicts=True)
        link_count = len(link_objects)
    cross_count = 0
    if cw_objects:
        SectorCrosswalk.objects.bulk_create(cw_objects, batch_size=BATCH, update_conflicts=True,
                                            unique_fields=["code_from", "vintage_from", "code_to", "vintage_to"],
                                            update_fields=["share", "source"])
        cross_count = len(cw_objects)
    return SaveSummary(len(objects), link_count, cross_count)


def areas_frame(level: str | None = None, vintage: str | None = None, codes: list[str] | None = None,
                with_geometry: bool = True) -> pd.DataFrame:
    """Areas from the database as a frame of ``areas.frames.AREA_COLUMNS`` (+ id, centroid_x/y)."""
    query = Area.objects.all()
    if level:
        query = query.filter(level=level)
    if vintage:
        query = query.filter(vintage=vintage)
    if codes is not None:
        query = query.filter(code__in=list(codes))
    fields = ["id", "level", "code", "vintage", "name", "valid_from", "valid_to", "geometry_kind", "is_locatable",
              "source", "is_fictional", "centroid_x", "centroid_y"] + (["geometry"] if with_geometry else [])
    frame = pd.DataFrame(list(query.values(*fields)), columns=fields)
    if with_geometry:
        frame["geometry"] = [shapely.from_wkb(bytes(g)) if g is not None else None for g in frame["geometry"]]
    return frame


def links_frame(child_level: str | None = None, parent_level: str | None = None,
                vintage: str | None = None) -> pd.DataFrame:
    """Child → ancestor links as a frame of ``areas.frames.LINK_COLUMNS``."""
    query = AreaLink.objects.all()
    if child_level:
        query = query.filter(child__level=child_level)
    if parent_level:
        query = query.filter(parent_level=parent_level)
    if vintage:
        query = query.filter(child__vintage=vintage)
    rows = query.values_list("child__level", "child__code", "child__vintage", "parent__level", "parent__code",
                             "parent__vintage")
    return pd.DataFrame(list(rows), columns=["child_level", "child_code", "child_vintage", "parent_level",
                                             "parent_code", "parent_vintage"])


def load_and_save_areas(paths) -> dict:
    """Read area files (``areas.loading``), keep stored names where only geometry was given, save them
    in one transaction. Returns what the CLI and the upload screen report: saved counts, counts per
    level and vintage, files, notes and seconds per phase."""
    import time

    from zorgzaam.areas.loading import keep_existing, load_area_files

    start = time.perf_counter()
    result = load_area_files(paths)
    save_start = time.perf_counter()
    areas = result.areas
    if not result.complete:
        existing = [areas_frame(level, vintage, codes=group["code"].tolist(), with_geometry=False)
                    for (level, vintage), group in areas.groupby(["level", "vintage"])]
        areas = keep_existing(areas, pd.concat(existing, ignore_index=True))
    summary = save_areas(areas, result.links, result.crosswalk)
    seconds = dict(result.seconds)
    seconds["save"] = round(time.perf_counter() - save_start, 3)
    seconds["total"] = round(time.perf_counter() - start, 3)
    return {"saved": summary.as_dict(), "counts": result.counts(), "files": result.files, "notes": result.notes,
            "seconds": seconds}
