"""The read-only REST API, version 1, under ``/api/v1/`` (django-ninja; schema at ``/api/v1/openapi.json``,
docs at ``/api/v1/docs``).

Every request carries ``Authorization: Bearer <key>`` (a personal key, see ``api.tokens``). A key belongs
to one workspace and acts with its owner's current role there; a URL of another workspace answers 404,
exactly like the screens. Only GET exists: the API never writes (apart from a key's "last used" time and
the audit row of a survey read).

Thin: each endpoint asks the service the screens use and only reshapes its answer for machines — codes
that stay stable, a label in Dutch or English (``?lang=en``), numbers with a decimal point, ISO dates.
Lists are paged with ``limit`` and ``offset``; ``next`` is the path of the following page (or null).
Personal data never leaves: no open answers, no contact details, no quotes, no names of respondents.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import translation
from ninja import NinjaAPI, Query, Schema
from ninja.security import HttpBearer
from pydantic import Field, create_model

from zorgzaam.api import tokens
from zorgzaam.areas.levels import Level, level_label
from zorgzaam.areas.models import Area, AreaLink, Neighbourhood
from zorgzaam.areas.neighbourhood_service import outlines_geojson
from zorgzaam.environment.taxonomy import load_categories
from zorgzaam.messages import ZorgzaamError, gettext
from zorgzaam.workspaces.models import Workspace
from zorgzaam.workspaces.permissions import Action, role_allows

Lang = Literal["nl", "en"]
LevelCode = Literal[tuple(level.value for level in Level)]  # type: ignore[valid-type]
MAX_LIMIT = 1000
GEO_MAX_LIMIT = 2000


class KeyAuth(HttpBearer):
    """``Authorization: Bearer zz_…``: the key's workspace and its owner's current role."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        request.api_token, request.api_membership = found
        return found[0]


api = NinjaAPI(
    title="Zorgzaam API",
    version="1",
    description=(
        "Read-only access to a workspace of Zorgzaam (caring neighbourhoods in Flanders): areas, "
        "neighbourhoods as GeoJSON, profile figures with their status and reason, facilities, walking "
        "reach, survey aggregates (never a cell under the minimum count) and the summary table. "
        "Make a personal key on the screen *API-sleutels* of your workspace, or with "
        "`zorgzaam api token create`, and send it as `Authorization: Bearer <key>`. "
        "Labels follow `?lang=nl` (default) or `?lang=en`; codes stay the same in both."),
    auth=KeyAuth(),
    urls_namespace="api-v1",
)


# ------------------------------------------------------------------------------------------- schemas

class Message(Schema):
    detail: Any


ERRORS = {401: Message, 404: Message, 422: Message}


def _page_schema(item: type, name: str, **extra) -> type:
    return create_model(name, __base__=Schema, count=(int, ...), limit=(int, ...), offset=(int, ...),
                        next=(str | None, None), items=(list[item], ...), **extra)


class AreaRef(Schema):
    level: str
    code: str
    vintage: str


class AreaOut(Schema):
    level: str
    level_label: str
    code: str
    name: str
    vintage: str
    valid_from: date | None
    valid_to: date | None
    geometry_kind: str = Field(description="polygon | approximate | point | '' (no location)")
    is_locatable: bool
    is_fictional: bool
    parents: list[AreaRef]


class LevelOut(Schema):
    level: str
    label: str
    vintages: list[str]
    areas: int


class FeatureCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]
    count: int
    limit: int
    offset: int
    next: str | None = None


class WorkspaceOut(Schema):
    slug: str
    name: str
    municipality: str
    is_fictional: bool
    role: str
    role_label: str
    token_name: str
    token_prefix: str
    token_expires_at: datetime | None


class NeighbourhoodOut(Schema):
    id: int
    name: str
    version: int
    vintage: str
    sector_codes: list[str]
    sector_count: int
    rule: str
    rule_description: str
    version_created_at: datetime
    is_fictional: bool


class ProfileArea(Schema):
    level: str
    code: str
    vintage: str
    name: str
    is_focus: bool


class ProfileRecord(Schema):
    area: ProfileArea
    indicator: str
    indicator_label: str
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None
    unit: str
    status: str = Field(description="ok | not_computable | unknown | undefined | suppressed")
    reason: str = Field(description="why there is no (reliable) value, in words")
    reliability: str


class FacilityOut(Schema):
    id: int
    name: str
    category: str
    category_label: str
    theme: str
    lon: float
    lat: float
    address: str
    opening_hours: str
    target_group: str
    source: str
    source_date: str | None
    shared: bool = Field(description="true: shared reference data; false: the workspace's own facility")


class ReachShare(Schema):
    category: str
    category_label: str
    group: str
    group_label: str
    threshold_m: float
    share: float | None
    population: float | None
    population_within: float | None
    population_unreachable: float | None
    population_unknown: float | None


class ReachStatus(Schema):
    category: str
    status: str
    status_label: str
    locations: int


class ReachOut(Schema):
    neighbourhood: int
    target: str
    sectors: list[str]
    categories: list[str]
    thresholds_m: list[float]
    walking_speed: str
    distance_method: str = Field(description="network | straight_line_x<detour factor>")
    location_method: list[str]
    locations: int
    status_counts: list[ReachStatus]
    shares: list[ReachShare]


class SurveyNeighbourhood(Schema):
    id: int
    name: str


class SurveyOut(Schema):
    id: int
    name: str
    status: str
    min_cell: int
    neighbourhoods: list[SurveyNeighbourhood]
    is_fictional: bool
    created_at: datetime


class SurveyCell(Schema):
    question: str
    title: str
    kind: str
    group: str | None = Field(description="a neighbourhood's name; null for all respondents together")
    group_label: str
    group_n: int | None
    category: str
    category_label: str
    count: int | None
    percent: float | None
    ci_low: float | None
    ci_high: float | None
    mean: float | None = None
    suppressed: bool
    reason: str | None


class SurveyNumber(Schema):
    question: str
    group: str | None
    n: int | None
    mean: float | None
    median: float | None


class SurveyResponse(Schema):
    group: str | None
    group_label: str
    respondents: int | None
    eligible: int | None
    response_rate: float | None


class FindingOut(Schema):
    id: int
    neighbourhood_id: int | None
    neighbourhood: str
    area: str
    source: str
    source_label: str
    key: str
    period: str
    statement: str
    question: str
    status: str
    status_label: str
    note: str
    relation: str
    related: int | None
    current: bool
    evidence: list[str] = Field(description="the evidence in words (quotes are never included)")


AreaPage = _page_schema(AreaOut, "AreaPage")
NeighbourhoodPage = _page_schema(NeighbourhoodOut, "NeighbourhoodPage")
ProfilePage = _page_schema(ProfileRecord, "ProfilePage", focus=(ProfileArea, ...), periods=(list[str], ...))
FacilityPage = _page_schema(FacilityOut, "FacilityPage")
SurveyPage = _page_schema(SurveyOut, "SurveyPage")
SurveyAggregatePage = _page_schema(
    SurveyCell, "SurveyAggregatePage", survey=(SurveyOut, ...), min_cell=(int, ...), respondents=(int | None, ...),
    response=(list[SurveyResponse], ...), numbers=(list[SurveyNumber], ...))
FindingPage = _page_schema(FindingOut, "FindingPage")


# ------------------------------------------------------------------------------------------- helpers

def _page(request, items: list, limit: int, offset: int, **extra) -> dict:
    chosen = items[offset:offset + limit]
    following = None
    if offset + limit < len(items):
        params = request.GET.copy()
        params["offset"] = str(offset + limit)
        params["limit"] = str(limit)
        following = f"{request.path}?{params.urlencode()}"
    return {"count": len(items), "limit": limit, "offset": offset, "next": following, "items": chosen, **extra}


def _workspace(request, slug: str, needs: Action = Action.VIEW) -> Workspace:
    """The key's workspace when ``slug`` names it; 404 otherwise (another team's workspace, or none)."""
    token = request.auth
    if token is None or token.workspace.slug != slug:
        raise Http404
    if not role_allows(request.api_membership.role, needs):
        raise Http404
    return token.workspace


def _number(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _neighbourhood(workspace, pk: int) -> Neighbourhood:
    found = Neighbourhood.objects.filter(workspace=workspace, pk=pk).first()
    if found is None:
        raise Http404
    return found


def _not_found_on_error(call):
    """A service that cannot answer for this target (no sectors, unknown code) answers 404 with its reason."""
    try:
        return call()
    except ZorgzaamError as error:
        raise NotFound(error.render()) from None


class NotFound(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class Invalid(NotFound):
    """A query value the endpoint cannot use (answers 422, like a value outside the schema)."""


@api.exception_handler(NotFound)
def _not_found(request, exc):
    return api.create_response(request, {"detail": exc.detail}, status=422 if isinstance(exc, Invalid) else 404)


# --------------------------------------------------------------------------------------------- who am I

@api.get("/me", response={200: WorkspaceOut, **ERRORS}, tags=["workspace"],
         summary="The workspace and role of this key")
def me(request, lang: Lang = "nl"):
    token, membership = request.auth, request.api_membership
    workspace = token.workspace
    with translation.override(lang):
        role_label = str(dict(membership._meta.get_field("role").choices).get(membership.role, membership.role))
    return {"slug": workspace.slug, "name": workspace.name, "municipality": workspace.municipality,
            "is_fictional": workspace.is_demo, "role": membership.role, "role_label": role_label,
            "token_name": token.name, "token_prefix": token.prefix, "token_expires_at": token.expires_at}


# ------------------------------------------------------------------------------------------------ areas

@api.get("/areas/levels", response={200: list[LevelOut], **ERRORS}, tags=["areas"],
         summary="Area levels with their vintages and number of areas")
def area_levels(request, lang: Lang = "nl"):
    counts: dict[str, dict[str, int]] = {}
    for row in Area.objects.values("level", "vintage").annotate(n=Count("id")).order_by("level", "vintage"):
        counts.setdefault(row["level"], {})[row["vintage"]] = row["n"]
    return [{"level": level.value, "label": level_label(level, lang), "vintages": sorted(counts[level.value]),
             "areas": sum(counts[level.value].values())} for level in Level if level.value in counts]


def _area_query(level, vintage, parent, code):
    query = Area.objects.all()
    if level:
        query = query.filter(level=level)
    if vintage:
        query = query.filter(vintage=vintage)
    if code:
        query = query.filter(code=code)
    if parent:
        query = query.filter(parent_links__parent__code=parent).distinct()
    return query.order_by("level", "vintage", "code")


def _parents(ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for child, level, code, vintage in (AreaLink.objects.filter(child_id__in=ids)
                                        .values_list("child_id", "parent__level", "parent__code", "parent__vintage")
                                        .order_by("child_id", "parent__level", "parent__vintage")):
        found.setdefault(child, []).append({"level": level, "code": code, "vintage": vintage})
    return found


@api.get("/areas", response={200: AreaPage, **ERRORS}, tags=["areas"],
         summary="Areas of every level: codes, names, vintages and the areas they lie in")
def areas(request, level: LevelCode | None = None, vintage: str | None = None,
          parent: str | None = Query(None, description="only areas inside the area with this code"),
          code: str | None = None, lang: Lang = "nl",
          limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)):
    query = _area_query(level, vintage, parent, code)
    total = query.count()
    rows = list(query.only("id", "level", "code", "name", "vintage", "valid_from", "valid_to", "geometry_kind",
                           "is_locatable", "is_fictional")[offset:offset + limit])
    parents = _parents([a.pk for a in rows])
    items = [{"level": a.level, "level_label": level_label(a.level, lang), "code": a.code, "name": a.name or a.code,
              "vintage": a.vintage, "valid_from": a.valid_from, "valid_to": a.valid_to,
              "geometry_kind": a.geometry_kind, "is_locatable": a.is_locatable, "is_fictional": a.is_fictional,
              "parents": parents.get(a.pk, [])} for a in rows]
    page = _page(request, [None] * total, limit, offset)
    return dict(page, items=items)


def _feature_page(request, features: list[dict], total: int, limit: int, offset: int) -> dict:
    page = _page(request, [None] * total, limit, offset)
    return {"type": "FeatureCollection", "features": features, "count": total, "limit": limit, "offset": offset,
            "next": page["next"]}


@api.get("/areas/geojson", response={200: FeatureCollection, **ERRORS}, tags=["areas"],
         summary="The areas of one level as GeoJSON (WGS84 longitude/latitude)")
def areas_geojson(request, level: LevelCode, vintage: str | None = Query(None, description="default: the newest"),
                  parent: str | None = Query(None, description="only areas inside the area with this code"),
                  lang: Lang = "nl", limit: int = Query(500, ge=1, le=GEO_MAX_LIMIT), offset: int = Query(0, ge=0)):
    import shapely

    from zorgzaam.environment.layers import outline_geojson

    if not vintage:
        vintage = Area.objects.filter(level=level).aggregate(v=Max("vintage"))["v"] or ""
    query = _area_query(level, vintage, parent, None).filter(is_locatable=True, geometry__isnull=False)
    total = query.count()
    rows = list(query.only("code", "name", "vintage", "level", "geometry", "geometry_kind", "is_fictional")
                [offset:offset + limit])
    shapes = [shapely.from_wkb(bytes(a.geometry)) for a in rows]
    properties = [{"level": a.level, "level_label": level_label(a.level, lang), "code": a.code,
                   "name": a.name or a.code, "vintage": a.vintage, "geometry_kind": a.geometry_kind,
                   "approximate": a.geometry_kind == "approximate", "is_fictional": a.is_fictional} for a in rows]
    return _feature_page(request, outline_geojson(shapes, properties)["features"], total, limit, offset)


# ------------------------------------------------------------------------------------------ neighbourhoods

def _neighbourhood_rows(workspace) -> list[tuple[Neighbourhood, Any]]:
    rows = []
    for neighbourhood in Neighbourhood.objects.filter(workspace=workspace).order_by("name", "pk"):
        version = neighbourhood.current
        if version is not None:
            rows.append((neighbourhood, version))
    return rows


def _neighbourhood_out(neighbourhood, version, workspace) -> dict:
    codes = [str(c) for c in version.sector_codes]
    return {"id": neighbourhood.pk, "name": neighbourhood.name, "version": version.number,
            "vintage": version.vintage, "sector_codes": codes, "sector_count": len(codes), "rule": version.rule,
            "rule_description": version.rule_description, "version_created_at": version.created_at,
            "is_fictional": workspace.is_demo}


@api.get("/workspaces/{workspace}/neighbourhoods", response={200: NeighbourhoodPage, **ERRORS},
         tags=["neighbourhoods"], summary="The workspace's neighbourhoods (current version)")
def neighbourhoods(request, workspace: str, limit: int = Query(100, ge=1, le=MAX_LIMIT),
                   offset: int = Query(0, ge=0)):
    found = _workspace(request, workspace)
    rows = [_neighbourhood_out(n, v, found) for n, v in _neighbourhood_rows(found)]
    return _page(request, rows, limit, offset)


@api.get("/workspaces/{workspace}/neighbourhoods/geojson", response={200: FeatureCollection, **ERRORS},
         tags=["neighbourhoods"], summary="The workspace's neighbourhoods as GeoJSON: the outline of their sectors")
def neighbourhoods_geojson(request, workspace: str, limit: int = Query(500, ge=1, le=GEO_MAX_LIMIT),
                           offset: int = Query(0, ge=0)):
    found = _workspace(request, workspace)
    rows = _neighbourhood_rows(found)
    chosen = rows[offset:offset + limit]
    features = []
    # the areas app's outline of each version: dissolved once per version and cached, as on the plan's map
    for (neighbourhood, version), geometry in zip(chosen, outlines_geojson([v for _n, v in chosen]), strict=True):
        if geometry is None:
            continue
        out = _neighbourhood_out(neighbourhood, version, found)
        out["version_created_at"] = out["version_created_at"].isoformat()
        out["sector_codes"] = ",".join(out["sector_codes"])  # one text column: GIS tools read it as is
        features.append({"type": "Feature", "geometry": geometry, "properties": out})
    return _feature_page(request, features, len(rows), limit, offset)


# -------------------------------------------------------------------------------------------------- profile

PROFILES_KEPT = 32
_profiles: OrderedDict[tuple, Any] = OrderedDict()
_profiles_lock = threading.Lock()


def _kept(key: tuple, make):
    """A profile computed once per content in this process (the key holds what it depends on), so the pages
    of one profile do not compute it again."""
    with _profiles_lock:
        if key in _profiles:
            _profiles.move_to_end(key)
            return _profiles[key]
    value = make()
    with _profiles_lock:
        _profiles[key] = value
        while len(_profiles) > PROFILES_KEPT:
            _profiles.popitem(last=False)
    return value


def _data_signature(workspace) -> str:
    from zorgzaam.profile.models import TeamIndicator
    from zorgzaam.sources.models import Dataset

    datasets = list(Dataset.objects.filter(Q(workspace__isnull=True) | Q(workspace=workspace)).order_by("id")
                    .values_list("id", "row_count"))
    team = list(TeamIndicator.objects.filter(workspace=workspace).order_by("id").values_list(
        "indicator_id", "numerator", "denominator", "scale", "name_nl", "name_en"))
    return hashlib.sha1(repr((datasets, team)).encode()).hexdigest()


def _profile_page(request, key: tuple, profile, lang: str, period: str | None, indicator: str | None, scope: str,
                  limit: int, offset: int) -> dict:
    names: dict[str, str] = {}
    records = _kept(("records", *key, lang), lambda: profile.records(lang))
    focus = profile.focus
    items = []
    for record in records:
        area = record["area"]
        is_focus = (area["level"], area["code"], area["vintage"]) == focus
        if scope == "focus" and not is_focus:
            continue
        if period and record["period"] != period:
            continue
        if indicator and record["indicator"] != indicator:
            continue
        if record["indicator"] not in names:
            names[record["indicator"]] = _indicator_label(profile, record["indicator"], lang)
        label = names[record["indicator"]]
        items.append({"area": dict(area, is_focus=is_focus), "indicator": record["indicator"],
                      "indicator_label": label, "period": str(record["period"]), "value": record["value"],
                      "numerator": record["numerator"], "denominator": record["denominator"],
                      "unit": record["unit"], "status": record["status"], "reason": record["reason"],
                      "reliability": record["reliability"]})
    focus_area = {"level": focus[0], "code": focus[1], "vintage": focus[2], "name": profile.name, "is_focus": True}
    return _page(request, items, limit, offset, focus=focus_area, periods=[str(p) for p in profile.periods])


def _indicator_label(profile, indicator: str, lang: str) -> str:
    try:
        return profile.catalogue[indicator].label(lang)
    except KeyError:
        return indicator


Scope = Literal["all", "focus"]
SCOPE = Query("all", description="focus: only the figures of the neighbourhood or area itself")


@api.get("/workspaces/{workspace}/neighbourhoods/{neighbourhood_id}/profile", response={200: ProfilePage, **ERRORS},
         tags=["profile"], summary="Profile figures of a neighbourhood, beside its comparison areas")
def neighbourhood_profile(request, workspace: str, neighbourhood_id: int,
                          period: str | None = None, indicator: str | None = None,
                          scope: Scope = SCOPE,
                          lang: Lang = "nl", limit: int = Query(500, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)):
    from zorgzaam.profile.service import neighbourhood_profile as compute
    from zorgzaam.profile.service import profile_signature

    found = _workspace(request, workspace)
    neighbourhood = _neighbourhood(found, neighbourhood_id)
    key = ("neighbourhood", profile_signature(neighbourhood))
    profile = _kept(key, lambda: _not_found_on_error(lambda: compute(neighbourhood)))
    return _profile_page(request, key, profile, lang, period, indicator, scope, limit, offset)


@api.get("/workspaces/{workspace}/areas/{level}/{code}/profile", response={200: ProfilePage, **ERRORS},
         tags=["profile"], summary="Profile figures of an area (with the workspace's own data), beside its "
                                   "comparison areas")
def area_profile(request, workspace: str, level: LevelCode, code: str, vintage: str | None = None,
                 period: str | None = None, indicator: str | None = None,
                 scope: Scope = SCOPE,
                 lang: Lang = "nl", limit: int = Query(500, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)):
    from zorgzaam.profile.service import area_profile as compute

    found = _workspace(request, workspace)
    query = Area.objects.filter(level=level, code=code)
    area = (query.filter(vintage=vintage) if vintage else query.order_by("-vintage")).first()
    if area is None:
        raise Http404
    key = ("area", area.pk, found.pk, _data_signature(found))
    profile = _kept(key, lambda: _not_found_on_error(lambda: compute(area, workspace=found)))
    return _profile_page(request, key, profile, lang, period, indicator, scope, limit, offset)


# ----------------------------------------------------------------------------------------------- facilities

def _facility_rows(workspace, category: str | None, lang: str) -> list[dict]:
    from zorgzaam.environment import service as env
    from zorgzaam.environment.layers import to_lonlat
    from zorgzaam.environment.models import Facility
    from zorgzaam.environment.taxonomy import load_categories

    frame = env.facilities_frame(category=category, workspace=workspace).sort_values("id")
    own = set(Facility.objects.filter(workspace=workspace).values_list("id", flat=True))
    categories = load_categories()
    lon, lat = to_lonlat(frame["x"], frame["y"])
    rows = []
    for record, x, y in zip(frame.to_dict("records"), lon, lat, strict=True):
        known = categories.get(record["category"])
        source_date = record.get("source_date")
        rows.append({"id": int(record["id"]), "name": record["name"] or "", "category": record["category"],
                     "category_label": known.name(lang) if known else record["category"],
                     "theme": known.theme if known else "", "lon": float(x), "lat": float(y),
                     "address": record.get("address") or "", "opening_hours": record.get("opening_hours") or "",
                     "target_group": record.get("target_group") or "", "source": record.get("source") or "",
                     "source_date": source_date.isoformat() if hasattr(source_date, "isoformat") else (
                         str(source_date) if source_date else None),
                     "shared": int(record["id"]) not in own})
    return rows


@api.get("/workspaces/{workspace}/facilities", response={200: FacilityPage, **ERRORS}, tags=["facilities"],
         summary="Facilities (shared and the workspace's own), with longitude and latitude")
def facilities(request, workspace: str, category: str | None = None, lang: Lang = "nl",
               limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)):
    found = _workspace(request, workspace)
    return _page(request, _facility_rows(found, category, lang), limit, offset)


@api.get("/workspaces/{workspace}/facilities/geojson", response={200: FeatureCollection, **ERRORS},
         tags=["facilities"], summary="Facilities as GeoJSON points (WGS84)")
def facilities_geojson(request, workspace: str, category: str | None = None, lang: Lang = "nl",
                       limit: int = Query(500, ge=1, le=GEO_MAX_LIMIT), offset: int = Query(0, ge=0)):
    found = _workspace(request, workspace)
    rows = _facility_rows(found, category, lang)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                 "properties": {k: v for k, v in row.items() if k not in ("lon", "lat")}}
                for row in rows[offset:offset + limit]]
    return _feature_page(request, features, len(rows), limit, offset)


# ---------------------------------------------------------------------------------------------------- reach

Speed = Literal["adult", "older"]
CategoryCode = Literal[tuple(load_categories())]  # type: ignore[valid-type]  # the taxonomy's ids
Metres = Annotated[int, Field(ge=50, le=5000)]
CATEGORIES = Query(None, description="facility categories (default: bus_stop, supermarket, gp, pharmacy)")
THRESHOLDS = Query(None, max_length=6, description="distances in metres, at most 6 (default: 400, 800, 1200)")


@api.get("/workspaces/{workspace}/neighbourhoods/{neighbourhood_id}/reach", response={200: ReachOut, **ERRORS},
         tags=["environment"], summary="Share of residents within walking distance of kinds of facilities")
def reach(request, workspace: str, neighbourhood_id: int,
          category: list[CategoryCode] = CATEGORIES, threshold: list[Metres] = THRESHOLDS,
          speed: Speed = "adult", lang: Lang = "nl"):
    from zorgzaam.environment import service as env
    from zorgzaam.environment.forms import DEFAULT_CATEGORIES
    from zorgzaam.environment.network import WALKING_SPEEDS
    from zorgzaam.environment.reach import DEFAULT_THRESHOLDS, STATUS_TEXT
    from zorgzaam.environment.residents import group_label
    found = _workspace(request, workspace)
    neighbourhood = _neighbourhood(found, neighbourhood_id)
    known = load_categories()
    categories = list(dict.fromkeys(category or DEFAULT_CATEGORIES))
    thresholds = sorted({int(t) for t in (threshold or DEFAULT_THRESHOLDS)})
    if len(thresholds) > 6:
        raise Invalid("threshold: at most 6 distances")
    result = _kept(("reach", neighbourhood.pk, _reach_signature(found, neighbourhood), tuple(categories),
                    tuple(thresholds), speed),
                   lambda: _not_found_on_error(lambda: env.reach_for(
                       neighbourhood.name, categories, thresholds, workspace=found, speed=WALKING_SPEEDS[speed])))
    shares = [{"category": row["category"],
               "category_label": known[row["category"]].name(lang) if row["category"] in known else row["category"],
               "group": row["group"], "group_label": group_label(row["group"], lang),
               "threshold_m": float(row["threshold_m"]), "share": _number(row.get("share")),
               "population": _number(row.get("population")), "population_within": _number(row.get("population_within")),
               "population_unreachable": _number(row.get("population_unreachable")),
               "population_unknown": _number(row.get("population_unknown"))} for row in result["shares"]]
    statuses = [{"category": row["category"], "status": row["status"],
                 "status_label": gettext(STATUS_TEXT.get(row["status"], row["status"]), lang), "locations": int(row["n"])}
                for row in result["status_counts"]]
    return {"neighbourhood": neighbourhood.pk, "target": result["target"], "sectors": list(result["sectors"]),
            "categories": categories, "thresholds_m": [float(t) for t in thresholds], "walking_speed": speed,
            "distance_method": result["distance_method"], "location_method": list(result["location_method"]),
            "locations": int(result["locations"]), "status_counts": statuses, "shares": shares}


def _reach_signature(workspace, neighbourhood) -> str:
    """What a reach result depends on: the neighbourhood's version, the facilities, networks and datasets."""
    from zorgzaam.environment.models import Facility, StreetNetwork
    from zorgzaam.sources.models import Dataset

    version = neighbourhood.current
    parts = (version.pk if version else None,
             sorted(Facility.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True))
                    .aggregate(n=Count("id"), t=Max("edited_at"), m=Max("id")).items()),
             sorted(StreetNetwork.objects.aggregate(n=Count("id"), m=Max("id")).items()),
             sorted(Dataset.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True))
                    .aggregate(n=Count("id"), m=Max("id"), r=Max("row_count")).items()))
    return hashlib.sha1(repr(parts).encode()).hexdigest()


# -------------------------------------------------------------------------------------------------- surveys

def _survey_out(survey) -> dict:
    return {"id": survey.pk, "name": survey.name, "status": survey.status, "min_cell": survey.min_cell,
            "neighbourhoods": [{"id": n.pk, "name": n.name} for n in survey.neighbourhoods.all().order_by("name")],
            "is_fictional": survey.is_fictional, "created_at": survey.created_at}


@api.get("/workspaces/{workspace}/surveys", response={200: SurveyPage, **ERRORS}, tags=["surveys"],
         summary="The workspace's surveys")
def surveys(request, workspace: str, limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)):
    from zorgzaam.voices.models import Survey

    found = _workspace(request, workspace)
    rows = [_survey_out(s) for s in Survey.objects.filter(workspace=found).order_by("pk")
            .prefetch_related("neighbourhoods")]
    return _page(request, rows, limit, offset)


@api.get("/workspaces/{workspace}/surveys/{survey_id}/aggregates", response={200: SurveyAggregatePage, **ERRORS},
         tags=["surveys"],
         summary="Survey results per question, category and neighbourhood: counts, percentages and 95 % "
                 "intervals, every cell under the survey's minimum count hidden (each read is audited)")
def survey_aggregates(request, workspace: str, survey_id: int, question: str | None = None, lang: Lang = "nl",
                      limit: int = Query(500, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)):
    from zorgzaam.voices import services
    from zorgzaam.voices.models import Survey
    from zorgzaam.voices.report import build_report, small_cell_violations

    found = _workspace(request, workspace)
    survey = Survey.objects.filter(workspace=found, pk=survey_id).first()
    if survey is None:
        raise Http404
    # the report the survey screen shows, never with open answers; no breakdowns (they need a chosen pair)
    options = services.report_options(survey, lang=lang, can_see_free_text=False)
    options.breakdowns = []
    data = services.response_data(survey)
    report = build_report(data, options)
    if small_cell_violations(report):  # the report guarantees this; the API checks again before sending
        raise NotFound("suppression check failed")
    token = request.auth
    services.audit(actor=token.owner.get_username(), kind="report", survey=survey, fmt="api",
                   target=f"API {request.path}",
                   detail={"via": "api", "token": token.prefix, "free_text": False, "respondents": len(data.frame),
                           "offset": offset, "limit": limit})
    total_label = gettext("Totaal", lang)
    cells = []
    for table in list(report.get("tables", [])) + list(report.get("scales", [])):
        if question and table["question"] != question:
            continue
        for index, row in enumerate(table["rows"]):
            group = None if index == 0 else row["group"]
            for cell in row["cells"]:
                cells.append({"question": table["question"], "title": table["title"], "kind": table["kind"],
                              "group": group, "group_label": total_label if group is None else group,
                              "group_n": row["n"], "category": str(cell["category"]),
                              "category_label": str(cell["label"]), "count": cell["count"],
                              "percent": cell["percent"], "ci_low": cell["ci_low"], "ci_high": cell["ci_high"],
                              "mean": row.get("mean"), "suppressed": cell["suppressed"], "reason": cell["reason"]})
    numbers = [{"question": table["question"], "group": None if index == 0 else row["group"], "n": row["n"],
                "mean": row["mean"], "median": row["median"]}
               for table in report.get("numbers", []) if not question or table["question"] == question
               for index, row in enumerate(table["rows"])]
    response = [{"group": None if index == len(report["response"]) - 1 else row["group"],
                 "group_label": row["group"], "respondents": row["respondents"], "eligible": row["eligible"],
                 "response_rate": row["response_rate"]} for index, row in enumerate(report.get("response", []))]
    return _page(request, cells, limit, offset, survey=_survey_out(survey), min_cell=report["min_cell"],
                 respondents=report["respondents"], response=response, numbers=numbers)


# ------------------------------------------------------------------------------------------------- findings

Source = Literal["profile", "environment", "voices", "team"]
Status = Literal["open", "accepted", "rejected"]


@api.get("/workspaces/{workspace}/findings", response={200: FindingPage, **ERRORS}, tags=["summary table"],
         summary="The summary table: findings per neighbourhood with their decision and evidence in words")
def findings(request, workspace: str, neighbourhood: int | None = None, source: Source | None = None,
             status: Status | None = None, current: bool | None = None, lang: Lang = "nl",
             limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)):
    from zorgzaam.plan.findings import summary_rows
    from zorgzaam.plan.models import Finding

    found = _workspace(request, workspace)
    chosen = _neighbourhood(found, neighbourhood) if neighbourhood is not None else None
    rows = summary_rows(found, chosen, lang)
    with translation.override(lang):
        sources = {k: str(v) for k, v in Finding.SOURCES}
        statuses = {k: str(v) for k, v in Finding.STATUSES}
    items = []
    for row in rows:
        if source and row["source"] != source or status and row["status"] != status:
            continue
        if current is not None and row["current"] != current:
            continue
        items.append({"id": row["id"], "neighbourhood_id": row["neighbourhood_id"],
                      "neighbourhood": row["neighbourhood"], "area": row["area"], "source": row["source"],
                      "source_label": sources.get(row["source"], row["source"]), "key": row["key"],
                      "period": row["period"], "statement": row["statement"], "question": row["question"],
                      "status": row["status"], "status_label": statuses.get(row["status"], row["status"]),
                      "note": row["note"], "relation": row["relation"], "related": row["related"],
                      "current": row["current"], "evidence": list(row["evidence_lines"])})
    items.sort(key=lambda r: (r["neighbourhood"], r["source"], r["key"], r["id"]))
    return _page(request, items, limit, offset)


# ----------------------------------------------------------------------------------------------------- plan

class PlanNodeOut(Schema):
    id: int = Field(description="stable: never changes, never reused")
    kind: str = Field(description="long | strategic | operational | action")
    kind_label: str
    outline: str = Field(description="the number people read, e.g. S1.O2 A7; follows a move")
    title: str
    parent: int | None
    depth: int
    working_group: str
    horizon_years: int | None
    neighbourhoods: list[str]
    building_blocks: list[str]
    norms: int


class PlanActionOut(Schema):
    id: int
    outline: str
    title: str
    parent: int | None
    term: str = Field(description="KT | MLT | LT")
    term_label: str
    status: str
    status_label: str
    owner: str
    working_group: str
    target_group: str
    next_evaluation: date | None
    neighbourhoods: list[str]
    norms: int
    open_questions: int = Field(description="how many quality questions the plan still asks about this action")


class MeasurementOut(Schema):
    date: date
    value: float | None = Field(description="null when under the survey's minimum cell size")
    low: float | None
    high: float | None


class PlanNormOut(Schema):
    id: int
    node: int
    node_outline: str
    description: str
    source_kind: str = Field(description="catalogue | survey | counts | typed")
    source_label: str
    indicator: str
    neighbourhood: str
    target: float
    comparison: str = Field(description=">= | <= | =")
    unit: str
    deadline: date | None
    status: str = Field(description="met | not_yet | missed | no_measurement | overdue | not_decided; computed")
    status_label: str
    baseline: float | None
    baseline_date: date | None
    trend: str
    latest: MeasurementOut | None
    measurements: int


PlanNodePage = _page_schema(PlanNodeOut, "PlanNodePage")
PlanActionPage = _page_schema(PlanActionOut, "PlanActionPage")
PlanNormPage = _page_schema(PlanNormOut, "PlanNormPage")


@api.get("/workspaces/{workspace}/plan/goals", response={200: PlanNodePage, **ERRORS}, tags=["plan"],
         summary="The goal tree in tree order (goals and actions), each with its parent and outline number")
def plan_goals(request, workspace: str, lang: Lang = "nl", limit: int = Query(500, ge=1, le=MAX_LIMIT),
               offset: int = Query(0, ge=0)):
    from zorgzaam.plan.plan_service import plan_rows

    found = _workspace(request, workspace)
    rows = plan_rows(found, lang=lang)["rows"]
    items = [{"id": r["id"], "kind": r["kind"], "kind_label": r["kind_label"], "outline": r["label"],
              "title": r["title"], "parent": r["parent"], "depth": r["depth"], "working_group": r["working_group"] or "",
              "horizon_years": r["horizon_years"], "neighbourhoods": r["neighbourhoods"],
              "building_blocks": r["building_blocks"], "norms": r["norms"]} for r in rows]
    return _page(request, items, limit, offset)


@api.get("/workspaces/{workspace}/plan/actions", response={200: PlanActionPage, **ERRORS}, tags=["plan"],
         summary="The plan's actions with outline number, term, status and owner")
def plan_actions(request, workspace: str, lang: Lang = "nl", limit: int = Query(500, ge=1, le=MAX_LIMIT),
                 offset: int = Query(0, ge=0)):
    from zorgzaam.plan.plan_service import plan_rows

    found = _workspace(request, workspace)
    items = [{"id": r["id"], "outline": r["label"], "title": r["title"], "parent": r["parent"],
              "term": r["term"]["code"], "term_label": r["term"]["words"], "status": r["status"],
              "status_label": r["status_label"], "owner": r["owner"], "working_group": r["working_group"] or "",
              "target_group": r["target_group"], "next_evaluation": r["next_evaluation"],
              "neighbourhoods": r["neighbourhoods"], "norms": r["norms"], "open_questions": len(r["questions"])}
             for r in plan_rows(found, lang=lang)["rows"] if r["kind"] == "action"]
    return _page(request, items, limit, offset)


@api.get("/workspaces/{workspace}/plan/norms", response={200: PlanNormPage, **ERRORS}, tags=["plan"],
         summary="The norms with their computed status, baseline and latest measurement")
def plan_norms(request, workspace: str, lang: Lang = "nl", limit: int = Query(500, ge=1, le=MAX_LIMIT),
               offset: int = Query(0, ge=0)):
    from zorgzaam.plan.plan_service import norm_board

    found = _workspace(request, workspace)
    items = []
    for r in norm_board(found, lang=lang):
        latest = None
        if r["latest_date"] is not None:
            latest = {"date": r["latest_date"], "value": _number(r["latest"]), "low": _number(r["low"]),
                      "high": _number(r["high"])}
        items.append({"id": r["id"], "node": r["node"], "node_outline": r["node_label"],
                      "description": r["description"], "source_kind": r["source_kind"],
                      "source_label": r["source_label"], "indicator": r["indicator"] or "",
                      "neighbourhood": r["neighbourhood"], "target": r["target"], "comparison": r["comparison"],
                      "unit": r["unit"] or "", "deadline": r["deadline"], "status": r["status"],
                      "status_label": r["status_label"], "baseline": _number(r["baseline"]),
                      "baseline_date": r["baseline_date"], "trend": r["trend"], "latest": latest,
                      "measurements": r["count"]})
    return _page(request, items, limit, offset)
