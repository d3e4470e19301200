"""Neighbourhoods in the database: the Django side of ``areas.neighbourhoods``.

Reads sectors and their hierarchy links from the area tables, calls the plain functions, and stores
each result as a new :class:`NeighbourhoodVersion` (sector codes, rule, rule description, warnings).
Used by the ``zorgzaam buurt`` commands, the demo installer and (later) the web views."""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass

import pandas as pd
import shapely
import shapely.geometry
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from zorgzaam.areas import neighbourhoods as core
from zorgzaam.areas.geo import to_wgs84
from zorgzaam.areas.levels import LEVEL_ORDER, Level, level_label
from zorgzaam.areas.models import Area, AreaLink, Neighbourhood, NeighbourhoodVersion
from zorgzaam.areas.queries import sectors_of
from zorgzaam.messages import Problem, ZorgzaamError, current_language, gettext_noop, register, stored_text

register({
    "workspace_not_found": gettext_noop("Werkruimte '{slug}' niet gevonden."),
    "vintage_no_sectors": gettext_noop("Er zijn geen sectoren van versie {vintage} geladen."),
    "neighbourhood_name_empty": gettext_noop("Geef de buurt een naam."),
    "neighbourhood_exists_archived": gettext_noop(
        "Er bestaat al een gearchiveerde buurt met de naam '{name}'. Zet die terug of kies een andere naam."),
    "neighbourhood_already_archived": gettext_noop("Buurt '{name}' is al gearchiveerd."),
    "neighbourhood_not_archived": gettext_noop("Buurt '{name}' is niet gearchiveerd."),
    "proposal_nothing_chosen": gettext_noop("Kies minstens één voorgestelde buurt om te bewaren."),
    "proposal_names_repeat": gettext_noop(
        "Twee voorgestelde buurten heten '{name}'. Geef elke buurt een eigen naam."),
    "selection_choose_one": gettext_noop(
        "Kies precies één manier: een lijst sectoren, een gebied of een getekende vorm."),
})

DEFAULT_WORKSPACE = "Standaard"
# search margin around a drawn shape when reading sectors (m); sectors are far smaller than this
POLYGON_MARGIN = 10_000.0


# ---------------------------------------------------------------------------------------- workspaces

def get_workspace(slug: str | None = None):
    """The workspace with ``slug``; without one: the only (or first made) workspace, else a new
    'Standaard' workspace."""
    from zorgzaam.workspaces.models import Workspace

    if slug:
        workspace = Workspace.objects.filter(slug=slug).first() or Workspace.objects.filter(name=slug).first()
        if workspace is None:
            raise ZorgzaamError("workspace_not_found", slug=slug)
        return workspace
    workspace = Workspace.objects.order_by("id").first()
    if workspace is None:
        workspace = Workspace.objects.create(name=DEFAULT_WORKSPACE, slug=slugify(DEFAULT_WORKSPACE))
    return workspace


# ------------------------------------------------------------------------------------------- sectors

def known_sectors() -> pd.DataFrame:
    """Every loaded sector code with its vintage."""
    return pd.DataFrame(list(Area.objects.filter(level=Level.SECTOR).values_list("code", "vintage")),
                        columns=["code", "vintage"])


def latest_vintage() -> str:
    vintages = sorted(set(Area.objects.filter(level=Level.SECTOR).values_list("vintage", flat=True)), reverse=True)
    if not vintages:
        raise ZorgzaamError("no_sectors_loaded")
    return vintages[0]


def sector_table(vintage: str, codes: list[str] | None = None, bbox: tuple | None = None) -> pd.DataFrame:
    """Sectors of ``vintage`` as the plain module's sector table, with their municipality (through the
    hierarchy links). ``bbox`` (minx, miny, maxx, maxy) keeps sectors whose centre lies inside it."""
    query = Area.objects.filter(level=Level.SECTOR, vintage=vintage)
    if codes is not None:
        query = query.filter(code__in=list(codes))
    if bbox is not None:
        minx, miny, maxx, maxy = bbox
        query = query.filter(centroid_x__gte=minx, centroid_x__lte=maxx, centroid_y__gte=miny,
                             centroid_y__lte=maxy) | query.filter(centroid_x__isnull=True)
    fields = ["id", "code", "vintage", "name", "geometry", "geometry_kind", "is_locatable", "centroid_x",
              "centroid_y"]
    frame = pd.DataFrame(list(query.values(*fields)), columns=fields)
    frame["geometry"] = [shapely.from_wkb(bytes(g)) if g is not None else None for g in frame["geometry"]]
    ids = frame["id"].tolist()
    municipalities = pd.DataFrame(
        list(AreaLink.objects.filter(child_id__in=ids, parent_level=Level.MUNICIPALITY)
             .order_by("-parent__vintage").values_list("child_id", "parent__code", "parent__name")),
        columns=["id", "municipality", "municipality_name"]).drop_duplicates("id")
    frame = frame.merge(municipalities, how="left", on="id")
    frame["municipality"] = frame["municipality"].fillna("")
    frame["municipality_name"] = frame["municipality_name"].fillna("")
    return frame


def areas_above_sector(code: str, vintage: str | None = None) -> list[Area]:
    """The areas above sector level with this code, newest vintage first (smallest level first within
    a vintage). A sector code is refused: a neighbourhood is made *from* a wijk, deelgemeente …"""
    query = Area.objects.filter(code=code.strip()).exclude(level=Level.SECTOR)
    if vintage:
        query = query.filter(vintage=vintage)
    candidates = list(query)
    if not candidates:
        if Area.objects.filter(code=code.strip(), level=Level.SECTOR).exists():
            raise ZorgzaamError("area_is_sector", code=code)
        raise ZorgzaamError("area_not_found", code=code)
    rank = {level.value: i for i, level in enumerate(LEVEL_ORDER)}
    candidates.sort(key=lambda a: (-int(a.vintage) if a.vintage.isdigit() else 0, rank.get(a.level, 99)))
    return candidates


def area_sector_codes(area: Area) -> list[str]:
    """The sectors of the area's own vintage, through the hierarchy links (never a code prefix)."""
    return list(sectors_of(area).values_list("code", flat=True))


# --------------------------------------------------------------------------------------- selections

def selection_from_sectors(codes: list[str], vintage: str | None = None) -> core.Selection:
    known = known_sectors()
    vintage = vintage or core.choose_vintage(codes, known)
    cleaned = core.check_codes(codes, known, vintage)
    return core.select_sectors(cleaned, sector_table(vintage, cleaned), vintage, known=known)


def selection_from_area(code: str, vintage: str | None = None) -> core.Selection:
    area = areas_above_sector(code, vintage)[0]
    codes = area_sector_codes(area)
    lang = current_language()
    return core.select_area({"code": area.code, "name": area.name, "level": area.level}, codes,
                            sector_table(area.vintage, codes), area.vintage,
                            lang_level=level_label(area.level, lang))


def selection_from_polygon(path=None, geojson: dict | None = None, rule: str = "centroid",
                           min_share: float = core.DEFAULT_MIN_SHARE, vintage: str | None = None) -> core.Selection:
    if path is not None:
        polygon, data, _crs = core.read_polygon(path)
    else:
        polygon, _crs = core.polygon_from_geojson(geojson)
        data = geojson
    vintage = vintage or latest_vintage()
    if not Area.objects.filter(level=Level.SECTOR, vintage=vintage).exists():
        raise ZorgzaamError("vintage_no_sectors", vintage=vintage)
    minx, miny, maxx, maxy = polygon.bounds
    bbox = (minx - POLYGON_MARGIN, miny - POLYGON_MARGIN, maxx + POLYGON_MARGIN, maxy + POLYGON_MARGIN)
    selection = core.select_by_polygon(polygon, sector_table(vintage, bbox=bbox), vintage, rule=rule,
                                       min_share=min_share, geojson=data)
    core.check_polygon_selection(selection.sector_codes)
    return selection


# ------------------------------------------------------------------------------------------- storing

def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return ""


def _store(neighbourhood: Neighbourhood, selection: core.Selection, note: str, created_by: str,
           description: str | None = None) -> NeighbourhoodVersion:
    last = neighbourhood.versions.order_by("-number").first()
    return NeighbourhoodVersion.objects.create(
        neighbourhood=neighbourhood, number=(last.number + 1) if last else 1, vintage=selection.vintage,
        sector_codes=list(selection.sector_codes), rule=selection.rule,
        rule_description=description if description is not None else selection.rule_description(),
        source_area_code=selection.source_area_code, polygon_geojson=selection.polygon_geojson,
        warnings=[core.problem_to_json(w) for w in selection.warnings], note=note or "",
        created_by=created_by if created_by is not None else _user())


def create_neighbourhood(name: str, *, workspace=None, sectors: list[str] | None = None,
                         from_area: str | None = None, polygon=None, geojson: dict | None = None,
                         rule: str = "centroid", min_share: float = core.DEFAULT_MIN_SHARE,
                         vintage: str | None = None, note: str = "", created_by: str | None = None
                         ) -> NeighbourhoodVersion:
    """Create a neighbourhood from exactly one of: ``sectors`` (codes), ``from_area`` (a wijk,
    deelgemeente, municipality … code), ``polygon`` (a GeoJSON file) or ``geojson`` (parsed GeoJSON)."""
    name = (name or "").strip()
    if not name:
        raise ZorgzaamError("neighbourhood_name_empty")
    ways = [sectors is not None, from_area is not None, polygon is not None or geojson is not None]
    if sum(ways) != 1:
        raise ZorgzaamError("selection_choose_one")
    workspace = workspace or get_workspace()
    _check_name_free(name, workspace)
    if sectors is not None:
        selection = selection_from_sectors(sectors, vintage)
    elif from_area is not None:
        selection = selection_from_area(from_area, vintage)
    else:
        selection = selection_from_polygon(polygon, geojson, rule=rule, min_share=min_share, vintage=vintage)
    with transaction.atomic():
        neighbourhood = Neighbourhood.objects.create(workspace=workspace, name=name)
        return _store(neighbourhood, selection, note, created_by)


def _check_name_free(name: str, workspace) -> None:
    """A name is unique in a workspace, archived neighbourhoods included (restoring one must not clash)."""
    found = Neighbourhood.all_objects.filter(workspace=workspace, name=name).first()
    if found is not None:
        raise ZorgzaamError("neighbourhood_exists_archived" if found.archived_at else "neighbourhood_exists",
                            name=name)


def get_neighbourhood(name: str, workspace=None) -> Neighbourhood:
    workspace = workspace or get_workspace()
    neighbourhood = Neighbourhood.objects.filter(workspace=workspace, name=name).first()
    if neighbourhood is None:
        raise ZorgzaamError("neighbourhood_not_found", name=name)
    return neighbourhood


def edit_neighbourhood(name: str, *, workspace=None, add: list[str] = (), remove: list[str] = (),
                       sectors: list[str] | None = None, note: str = "", created_by: str | None = None
                       ) -> NeighbourhoodVersion:
    """Add or remove sectors, or replace the whole list: a new version; the old ones stay."""
    neighbourhood = get_neighbourhood(name, workspace)
    current = neighbourhood.current
    new_codes, added, removed = core.edit_codes(list(current.sector_codes), add, remove, sectors)
    known = known_sectors()
    core.check_codes(new_codes, known, current.vintage)
    table = sector_table(current.vintage, new_codes)
    if sectors is not None:
        selection = core.select_sectors(new_codes, table, current.vintage, known=known)
        description = None
    else:
        params = {"previous": current.number, "added": ", ".join(added) or "-",
                  "removed": ", ".join(removed) or "-"}
        selection = core.Selection(new_codes, current.vintage, "edit", params,
                                   source_area_code=current.source_area_code,
                                   warnings=core.selection_warnings(new_codes, table))
        description = f"{selection.rule_description()} ({current.rule_description})"
    with transaction.atomic():
        return _store(neighbourhood, selection, note, created_by, description)


# ----------------------------------------------------------------------------------------- archiving

def archive_neighbourhood(name: str, *, workspace=None, archived_by: str | None = None) -> Neighbourhood:
    """Hide a neighbourhood from every list, profile and choice; its versions (its history) stay."""
    workspace = workspace or get_workspace()
    with transaction.atomic():
        neighbourhood = (Neighbourhood.all_objects.select_for_update()
                         .filter(workspace=workspace, name=name).first())
        if neighbourhood is None:
            raise ZorgzaamError("neighbourhood_not_found", name=name)
        if neighbourhood.archived_at is not None:
            raise ZorgzaamError("neighbourhood_already_archived", name=name)
        neighbourhood.archived_at = timezone.now()
        neighbourhood.archived_by = archived_by if archived_by is not None else _user()
        neighbourhood.save(update_fields=["archived_at", "archived_by"])
    return neighbourhood


def restore_neighbourhood(name: str, *, workspace=None) -> Neighbourhood:
    """Bring an archived neighbourhood back, as it was (same versions, same id)."""
    workspace = workspace or get_workspace()
    with transaction.atomic():
        neighbourhood = (Neighbourhood.all_objects.select_for_update()
                         .filter(workspace=workspace, name=name).first())
        if neighbourhood is None:
            raise ZorgzaamError("neighbourhood_not_found", name=name)
        if neighbourhood.archived_at is None:
            raise ZorgzaamError("neighbourhood_not_archived", name=name)
        neighbourhood.archived_at = None
        neighbourhood.archived_by = ""
        neighbourhood.save(update_fields=["archived_at", "archived_by"])
    return neighbourhood


# ------------------------------------------------------------------------------------------ reading

def version_dict(version: NeighbourhoodVersion, lang: str | None = None) -> dict:
    lang = lang or current_language()
    return {"number": version.number, "vintage": version.vintage, "sectors": list(version.sector_codes),
            "rule": version.rule, "rule_description": version.rule_description,
            "source_area_code": version.source_area_code,
            "warnings": [stored_text(w, lang) for w in version.warnings],
            "warning_codes": [w.get("code") for w in version.warnings],
            "note": version.note, "created_by": version.created_by, "created_at": version.created_at}


def list_neighbourhoods(workspace=None, archived: bool = False) -> list[dict]:
    """The workspace's neighbourhoods; ``archived=True`` lists the archived ones instead."""
    workspace = workspace or get_workspace()
    rows = []
    query = Neighbourhood.all_objects.filter(workspace=workspace, archived_at__isnull=not archived)
    for neighbourhood in query.order_by("name").prefetch_related("versions"):
        versions = sorted(neighbourhood.versions.all(), key=lambda v: v.number)
        current = versions[-1] if versions else None
        row = {"name": neighbourhood.name, "workspace": workspace.slug, "versions": len(versions),
               "sectors": len(current.sector_codes) if current else 0,
               "rule": current.rule if current else "", "vintage": current.vintage if current else ""}
        if archived:
            row["archived_at"] = neighbourhood.archived_at
            row["archived_by"] = neighbourhood.archived_by
        rows.append(row)
    return rows


def neighbourhood_detail(name: str, workspace=None, history: bool = False) -> dict:
    neighbourhood = get_neighbourhood(name, workspace)
    versions = list(neighbourhood.versions.order_by("number"))
    detail = {"name": neighbourhood.name, "workspace": neighbourhood.workspace.slug,
              "current": version_dict(versions[-1])}
    if history:
        detail["history"] = [version_dict(v) for v in versions]
    return detail


# ------------------------------------------------------------------------------------------ outlines

OUTLINE_SECONDS = 3600  # a version never changes; its sectors' shapes only when the areas are loaded again


def _outline_key(version, kind: str) -> str | None:
    """The cache key of a version's outline: its vintage and its sector codes (in their order), so the key
    names what the outline is made of, whichever version or workspace asks."""
    if version is None:
        return None
    codes = hashlib.sha1("\n".join(version.sector_codes or []).encode()).hexdigest()
    return f"areas-outline-{kind}:{version.vintage}:{codes}"


def outlines(versions: list) -> list:
    """The outline of each neighbourhood version (shapely, EPSG:31370; :func:`core.outline` of its sectors),
    None for a None version or one whose sectors have no shape. A version never changes (an edit adds a
    version), so each is dissolved once and kept in the cache (keyed by its vintage and sector codes); the
    sectors of all versions not cached yet are read in one query per vintage."""
    keys = [_outline_key(v, "wkb") for v in versions]
    found = cache.get_many([k for k in keys if k])
    missing = {k: v for v, k in zip(versions, keys, strict=True) if k and k not in found}
    if missing:
        by_vintage: dict[str, set] = {}
        for version in missing.values():
            by_vintage.setdefault(version.vintage, set()).update(version.sector_codes or [])
        shapes = {(vintage, code): geometry for vintage, codes in by_vintage.items()
                  for code, geometry in Area.objects.filter(level=Level.SECTOR, vintage=vintage, code__in=list(codes),
                                                            geometry__isnull=False).values_list("code", "geometry")}
        fresh = {}
        for key, version in missing.items():
            shape = core.outline(shapely.from_wkb(bytes(shapes[version.vintage, c]))
                                 for c in version.sector_codes or [] if (version.vintage, c) in shapes)
            fresh[key] = shapely.to_wkb(shape) if shape is not None else None
        cache.set_many(fresh, OUTLINE_SECONDS)
        found.update(fresh)
    return [shapely.from_wkb(found[k]) if k and found.get(k) is not None else None for k in keys]


def outlines_geojson(versions: list) -> list[dict | None]:
    """The GeoJSON geometry (WGS84 longitude/latitude, simplified by 2 m and rounded to about a metre, as
    :func:`areas.geo.to_wgs84` draws every area) of each version's outline, None where :func:`outlines`
    has none; cached per version the same way, so a map of the workspace's neighbourhoods dissolves and
    projects each version once."""
    keys = [_outline_key(v, "wgs84") for v in versions]
    found = cache.get_many([k for k in keys if k])
    missing = {k: v for v, k in zip(versions, keys, strict=True) if k and k not in found}
    if missing:
        fresh = {key: shapely.geometry.mapping(to_wgs84(shape)) if shape is not None else None
                 for key, shape in zip(missing, outlines(list(missing.values())), strict=True)}
        cache.set_many(fresh, OUTLINE_SECONDS)
        found.update(fresh)
    return [found.get(k) if k else None for k in keys]


# ------------------------------------------------------------------------------------------ proposal

@dataclass
class PopulationChoice:
    values: pd.Series
    measure: str
    period: str


# Population per sector comes from the stored measure values, which live a floor up (sources): that app
# hands its function over when Django starts (SourcesConfig.ready), so this module never imports it.
_population_source = None


def use_population_source(function) -> None:
    """Set the function that answers :func:`sector_population` (called once, by the sources app)."""
    global _population_source
    _population_source = function


def sector_population(codes: list[str], vintage: str, measure: str = "population", period: str | None = None,
                      workspace=None) -> PopulationChoice:
    """Population per sector from stored measure values (shared datasets and the workspace's own), through
    the function the sources app set (``zorgzaam.sources.store.sector_population``)."""
    if _population_source is None:
        raise RuntimeError("no population source: the sources app is not installed")
    return _population_source(codes, vintage, measure, period, workspace)


def propose(municipality: str, min_population: float, *, measure: str = "population", period: str | None = None,
            vintage: str | None = None, seed: int = 0, workspace=None,
            population: pd.Series | None = None) -> core.Proposal:
    """A proposed split of a municipality into contiguous groups of whole sectors (see
    ``neighbourhoods.propose_split``)."""
    # Without a chosen vintage, use the newest one for which population figures exist (data on the
    # 2024 sector codes, such as Census 2021, splits the municipality into its 2024 sectors).
    choice = None
    for area in areas_above_sector(municipality, vintage):
        codes = area_sector_codes(area)
        if not codes:
            continue
        if population is not None:
            break
        choice = sector_population(codes, area.vintage, measure, period, workspace)
        if not choice.values.dropna().empty:
            break
    else:
        if choice is None and population is None:
            raise ZorgzaamError("area_has_no_sectors", code=municipality)
    if population is None and (choice is None or choice.values.dropna().empty):
        raise ZorgzaamError("split_no_population", measure=measure, period=period or "-", code=municipality)
    table = sector_table(area.vintage, codes)
    label = measure
    if population is None:
        population = choice.values
        label = f"{choice.measure}, {choice.period}"
    proposal = core.propose_split(table, population, min_population, municipality=area.code, measure=label,
                                  seed=seed)
    proposal.vintage = area.vintage
    return proposal


def save_proposal(proposal: core.Proposal, *, workspace=None, prefix: str | None = None,
                  vintage: str | None = None, note: str = "", names: dict[int, str] | None = None,
                  created_by: str | None = None) -> list[NeighbourhoodVersion]:
    """Store proposed groups as neighbourhoods, all or none (one transaction), each with the split rule.

    ``names`` (group number → name) chooses which groups to keep and what they are called (the preview on
    the screen); without it every group is stored as '<prefix> 1', '<prefix> 2', …"""
    workspace = workspace or get_workspace()
    vintage = vintage or proposal.vintage or latest_vintage()
    prefix = prefix or f"Voorstel {proposal.municipality}"
    if names is None:
        names = {group.number: f"{prefix} {group.number}" for group in proposal.groups}
    names = {int(number): (name or "").strip() for number, name in names.items()}
    groups = [group for group in proposal.groups if group.number in names]
    if not groups:
        raise ZorgzaamError("proposal_nothing_chosen")
    seen: set[str] = set()
    for group in groups:
        name = names[group.number]
        if not name:
            raise ZorgzaamError("neighbourhood_name_empty")
        if name.casefold() in seen:
            raise ZorgzaamError("proposal_names_repeat", name=name)
        seen.add(name.casefold())
        _check_name_free(name, workspace)
    table = sector_table(vintage, [c for g in groups for c in g.sector_codes])
    description = proposal.rule_description()
    versions = []
    with transaction.atomic():
        for group in groups:
            name = names[group.number]
            selection = core.Selection(group.sector_codes, vintage, "split", proposal.rule_params(),
                                       source_area_code=proposal.municipality,
                                       warnings=core.selection_warnings(group.sector_codes, table))
            neighbourhood = Neighbourhood.objects.create(workspace=workspace, name=name)
            versions.append(_store(neighbourhood, selection, note, created_by, description))
    return versions


def warnings_of(version: NeighbourhoodVersion) -> list[Problem]:
    return [Problem(w["code"], w.get("params", {})) for w in version.warnings]
