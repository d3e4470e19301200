"""Looking areas up in the database (Django glue for the CLI, the web and other modules).

Sectors and parents are always found through ``AreaLink`` (the flat child → ancestor table), never
through a code prefix: since 2025 a sector code no longer tells its municipality."""

from __future__ import annotations

from zorgzaam.areas.levels import LEVEL_ORDER, Level
from zorgzaam.areas.models import Area, AreaLink, SectorCrosswalk
from zorgzaam.messages import ZorgzaamError


def find_area(code: str, level: str | None = None, vintage: str | None = None) -> Area:
    """The area with this code; the newest vintage and the lowest level when several match.

    Raises ZorgzaamError('area_not_found') when there is none."""
    query = Area.objects.filter(code=str(code).strip())
    if level:
        query = query.filter(level=level)
    if vintage:
        query = query.filter(vintage=str(vintage))
    candidates = list(query)
    if not candidates:
        raise ZorgzaamError("area_not_found", code=code)
    rank = {level.value: i for i, level in enumerate(LEVEL_ORDER)}
    candidates.sort(key=lambda a: (-int(a.vintage) if a.vintage.isdigit() else 0, rank.get(a.level, 99)))
    return candidates[0]


def parents(area: Area) -> list[Area]:
    """Every area that ``area`` lies in (all levels and vintages), smallest level first."""
    rank = {level.value: i for i, level in enumerate(LEVEL_ORDER)}
    found = [link.parent for link in AreaLink.objects.filter(child=area).select_related("parent")]
    return sorted(found, key=lambda a: (rank.get(a.level, 99), a.vintage))


def parent(area: Area, level: str, vintage: str | None = None) -> Area | None:
    """The area of ``level`` (by default of the child's own vintage, else the newest) that holds ``area``."""
    found = [p for p in parents(area) if p.level == level]
    if not found:
        return None
    wanted = vintage or area.vintage
    same = [p for p in found if p.vintage == wanted]
    return same[0] if same else sorted(found, key=lambda a: a.vintage)[-1]


def children(area: Area, level: str, vintage: str | None = None, locatable_only: bool = False):
    """Areas of ``level`` that lie in ``area`` (a QuerySet), by default of the area's own vintage.

    ``locatable_only`` leaves out the pseudo-areas without a location (the ZZZZ sector, the …WONB
    wijk); count wijken with it."""
    query = Area.objects.filter(level=level, parent_links__parent=area)
    query = query.filter(vintage=str(vintage or area.vintage))
    if locatable_only:
        query = query.filter(is_locatable=True)
    return query.order_by("code")


def sectors_of(area: Area, vintage: str | None = None, locatable_only: bool = False):
    """The sectors of an area (QuerySet), found through the links; a sector is its own only sector."""
    if area.level == Level.SECTOR:
        return Area.objects.filter(pk=area.pk)
    return children(area, Level.SECTOR.value, vintage, locatable_only)


def crosswalk(code: str, from_vintage: str, to_vintage: str) -> list[dict]:
    """The codes a sector code of ``from_vintage`` has in ``to_vintage``.

    Each item: code, share (the part of the old sector that went to the new one; None when unknown),
    source (how the pair was derived). Works in both directions; going back from new to old codes the
    share is 1.0 when the new code came from one old code, else unknown. The same code is returned for equal vintages."""
    code = str(code).strip()
    from_vintage, to_vintage = str(from_vintage), str(to_vintage)
    if from_vintage == to_vintage:
        return [{"code": code, "share": 1.0, "source": "zelfde versie/same vintage"}]
    forward = SectorCrosswalk.objects.filter(code_from=code, vintage_from=from_vintage, vintage_to=to_vintage)
    rows = [{"code": r.code_to, "share": r.share, "source": r.source} for r in forward.order_by("code_to")]
    if rows:
        return rows
    backward = list(SectorCrosswalk.objects.filter(code_to=code, vintage_to=from_vintage, vintage_from=to_vintage)
                    .order_by("code_from"))
    # A new code with one old code came wholly from it (share 1.0); with several, the split is unknown.
    return [{"code": r.code_from, "share": 1.0 if len(backward) == 1 else None, "source": r.source}
            for r in backward]
