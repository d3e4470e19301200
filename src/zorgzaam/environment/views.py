"""Environment screens under /omgeving/<werkruimte>/: facilities on a map and in a table, adding and
correcting them by hand, importing facility files, building a street network in the background, reach
per neighbourhood with its map and isochrones, walkability, the (mis)match signals and the exports.

Thin: the analysis is in ``environment.service`` and the plain modules; map layers, tables and export
files are built by ``environment.layers``. Results are cached per data signature (facilities, networks,
datasets, neighbourhood versions), so an edit or import never shows a stale result."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.areas.models import Area, Neighbourhood, NeighbourhoodVersion
from zorgzaam.environment import layers
from zorgzaam.environment import service as env
from zorgzaam.environment.forms import (
    FacilityForm,
    FacilityImportForm,
    NetworkForm,
    ReachForm,
    RetireForm,
    TargetForm,
)
from zorgzaam.environment.models import Facility, StreetNetwork
from zorgzaam.environment.residents import group_label
from zorgzaam.messages import ZorgzaamError, format_number, gettext, stored_text
from zorgzaam.sources.report import worded
from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.models import Job
from zorgzaam.workspaces.permissions import Action, object_in, role_allows, workspace_for

CACHE_SECONDS = 3600
FACILITY_COLUMNS = ["id", "workspace_id", "name", "category", "x", "y", "address", "opening_hours", "target_group",
                    "contact", "source", "source_date", "source_ref", "is_retired", "is_fictional", "note",
                    "created_by", "edited_by", "created_at", "edited_at"]


# ------------------------------------------------------------------------------------------- helpers

def _signature(workspace) -> str:
    """What every environment result of this workspace depends on (any edit gives a new key)."""
    from zorgzaam.sources.models import Dataset

    facilities = Facility.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True)).aggregate(
        n=Count("id"), t=Max("edited_at"), m=Max("id"))
    networks = StreetNetwork.objects.aggregate(n=Count("id"), m=Max("id"))
    datasets = Dataset.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True)).aggregate(
        n=Count("id"), m=Max("id"), r=Max("row_count"))
    versions = NeighbourhoodVersion.objects.filter(neighbourhood__workspace=workspace).aggregate(m=Max("id"))
    text = repr((workspace.pk, sorted(facilities.items()), sorted(networks.items()), sorted(datasets.items()),
                 versions["m"]))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _cached(workspace, parts: tuple, compute):
    key = "env:" + hashlib.sha1(repr((_signature(workspace),) + parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def _may(request, action: Action) -> bool:
    return role_allows(request.membership.role, action)


@dataclass
class Target:
    value: str  # buurt:<id> or gebied:<code>
    text: str  # what environment.service reads: a neighbourhood name or an area code
    label: str
    neighbourhood: Neighbourhood | None = None


def _targets(workspace, lang: str) -> list[tuple[str, str]]:
    """The workspace's neighbourhoods, then its municipality and the municipality's wijken."""
    from zorgzaam.areas.geo import municipality
    from zorgzaam.areas.levels import level_label
    from zorgzaam.areas.queries import children

    rows = [(f"buurt:{n.pk}", n.name) for n in Neighbourhood.objects.filter(workspace=workspace).order_by("name")
            if n.current is not None and n.current.sector_codes]
    area = municipality(workspace.municipality) if workspace.municipality else None
    if area is not None:
        rows.append((f"gebied:{area.code}", f"{area.name} ({level_label('municipality', lang)})"))
        for district in children(area, "district", locatable_only=True).order_by("name"):
            rows.append((f"gebied:{district.code}", f"{district.name or district.code} ({level_label('district', lang)})"))
    return rows


def _target(workspace, value: str, targets: list[tuple[str, str]]) -> Target:
    labels = dict(targets)
    if value not in labels:
        raise Http404
    kind, _, key = value.partition(":")
    if kind == "buurt":
        neighbourhood = object_in(workspace, Neighbourhood, key)
        return Target(value, neighbourhood.name, labels[value], neighbourhood)
    return Target(value, key, labels[value])


def _target_form(request, workspace, lang: str, form_class=TargetForm):
    """The bound target form from the query string (the first target when none is chosen)."""
    targets = _targets(workspace, lang)
    if not targets:
        return None, targets
    data = request.GET.copy()
    defaults = form_class.defaults(targets[0][0]) if hasattr(form_class, "defaults") else {"doel": targets[0][0]}
    for key, value in defaults.items():  # what the query string leaves out takes its default
        if not data.getlist(key):
            data.setlist(key, value if isinstance(value, list) else [value])
    return form_class(data, targets=targets), targets


def _outline(workspace, target: Target) -> dict:
    """The target's sectors dissolved into one outline (GeoJSON in WGS84), cached."""
    def compute():
        import shapely

        _, codes = env.resolve_target(target.text, workspace)
        shapes = [shapely.from_wkb(bytes(g)) for g in Area.objects.filter(level="sector", code__in=codes)
                  .values_list("geometry", flat=True) if g is not None]
        if not shapes:
            return {"type": "FeatureCollection", "features": []}
        return layers.outline_geojson([shapely.union_all(shapes).buffer(0)], [{"name": target.label}])
    return _cached(workspace, ("outline", target.text), compute)


def _facility_table(workspace, include_retired: bool = True) -> pd.DataFrame:
    query = Facility.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True))
    if not include_retired:
        query = query.filter(is_retired=False)
    frame = pd.DataFrame(list(query.values(*FACILITY_COLUMNS)), columns=FACILITY_COLUMNS)
    frame["x"] = frame["x"].astype(float)
    frame["y"] = frame["y"].astype(float)
    return frame


def editable(facility: Facility, workspace) -> bool:
    """A team corrects its own facilities. Shared facilities (official registers, OpenStreetMap) are the
    same for every workspace and change through a newer import; only the fictional demo ones may be
    edited in the demo workspace."""
    if facility.workspace_id == workspace.pk:
        return True
    return facility.workspace_id is None and facility.is_fictional and workspace.is_demo


def _facility_in(workspace, pk) -> Facility:
    return object_in(workspace, Facility, pk, shared=True)


def _error_text(error: ZorgzaamError, lang: str) -> str:
    return error.render(lang)


# ------------------------------------------------------------------------------------------ overview

@login_required
def overview(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    frame = _facility_table(workspace)
    counts = layers.category_counts(frame, lang)
    chosen = request.GET.get("categorie", "")
    show_retired = request.GET.get("ook_inactief") == "1"
    shown = frame if show_retired else frame[~frame["is_retired"].astype(bool)]
    if chosen:
        shown = shown[shown["category"] == chosen]
    names = {row["id"]: row for row in layers.category_styles(lang)}
    rows = []
    for item in shown.sort_values(["category", "name"]).to_dict("records"):
        style = names.get(item["category"], {"name": item["category"], "colour": layers.PALETTE[-1],
                                             "symbol": layers.symbol_svg("circle", layers.PALETTE[-1])})
        rows.append(dict(item, category_name=style["name"], colour=style["colour"], symbol=style["symbol"],
                         shared=pd.isna(item["workspace_id"]),
                         editable=item["workspace_id"] == workspace.pk or (pd.isna(item["workspace_id"])
                                                                            and item["is_fictional"] and workspace.is_demo)))
    networks = StreetNetwork.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True))
    from zorgzaam.areas.geo import municipality

    area = municipality(workspace.municipality) if workspace.municipality else None
    return render(request, "environment/overview.html", {
        "areas_url": reverse("web:map-districts", args=[slug, area.code, area.vintage]) if area is not None else "",
        "rows": rows, "counts": counts, "chosen": chosen, "show_retired": show_retired,
        "total_active": int((~frame["is_retired"].astype(bool)).sum()) if len(frame) else 0,
        "total_retired": int(frame["is_retired"].astype(bool).sum()) if len(frame) else 0,
        "networks": networks, "newest_network": StreetNetwork.objects.first(),
        "categories": layers.category_styles(lang), "env_nav": "overview",
    })


@login_required
def streets_geojson(request, slug):
    """The workspace's street network as light lines under the maps (offline base layer; a tile server
    stays optional): merged lines, coordinates to about a metre."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    record = env.network_for(workspace)
    if record is None:
        return JsonResponse({"type": "FeatureCollection", "features": []})

    def compute():
        return layers.streets_geojson(env.load_network(record)[0])

    return JsonResponse(_cached(workspace, ("streets", record.pk), compute))


@login_required
def facilities_geojson(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    frame = _facility_table(workspace, include_retired=False)
    category = request.GET.get("categorie")
    if category:
        frame = frame[frame["category"] == category]
    return JsonResponse(layers.facilities_geojson(frame, lang))


# -------------------------------------------------------------------------------- facilities by hand

def _facility_values(form) -> dict:
    data = form.cleaned_data
    x, y = layers.to_lambert(data["lon"], data["lat"])
    values = {k: data[k] for k in ("name", "category", "address", "opening_hours", "target_group", "contact",
                                   "source", "source_date")}
    return dict(values, x=x, y=y)


@login_required
def facility_add(request, slug):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    if request.method == "POST":
        form = FacilityForm(request.POST)
        if form.is_valid():
            facility = env.add_facility(workspace, created_by=request.user.get_username(),
                                        note=form.cleaned_data["note"], **_facility_values(form))
            messages.success(request, _("Voorziening %(name)s is toegevoegd.") % {"name": facility.name})
            return redirect(reverse("environment:overview", args=[slug]) + f"?categorie={facility.category}")
    else:
        form = FacilityForm(initial={"category": request.GET.get("categorie", "")})
    return render(request, "environment/facility_form.html", {"form": form, "adding": True, "env_nav": "overview"})


@login_required
def facility_edit(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    facility = _facility_in(workspace, pk)
    if not editable(facility, workspace):
        messages.error(request, _("Deze voorziening komt uit een gedeelde bron en is dezelfde voor elke werkruimte. "
                                  "Voeg een eigen voorziening toe of laad een nieuwere versie van de bron."))
        return redirect("environment:overview", slug=slug)
    if request.method == "POST":
        form = FacilityForm(request.POST)
        if form.is_valid():
            note = form.cleaned_data["note"]
            values = _facility_values(form)
            env.correct_facility(facility.pk, edited_by=request.user.get_username(),
                                 note=_history(facility, note, request.user.get_username()), **values)
            messages.success(request, _("De correctie is bewaard."))
            return redirect(reverse("environment:overview", args=[slug]) + f"?categorie={values['category']}")
    else:
        lon, lat = layers.to_lonlat([facility.x], [facility.y])
        form = FacilityForm(initial={
            "name": facility.name, "category": facility.category, "lat": float(lat[0]), "lon": float(lon[0]),
            "address": facility.address, "opening_hours": facility.opening_hours, "target_group": facility.target_group,
            "contact": facility.contact, "source": facility.source, "source_date": facility.source_date})
    return render(request, "environment/facility_form.html", {
        "form": form, "facility": facility, "adding": False, "retire_form": RetireForm(), "env_nav": "overview"})


def _history(facility: Facility, note: str, user: str) -> str:
    """The facility's note with this change appended: what it was before, who changed it, why."""
    from django.utils import timezone

    before = (f"{facility.name} | {facility.category} | {facility.address} | {round(facility.x)},{round(facility.y)} | "
              f"{facility.source} {facility.source_date}")
    line = f"{timezone.now():%Y-%m-%d} {user}: {note or '-'} [voorheen/before: {before}]"
    return (facility.note + "\n" if facility.note else "") + line


@login_required
@require_POST
def facility_retire(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    facility = _facility_in(workspace, pk)
    if not editable(facility, workspace):
        raise Http404
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Zeg waarom de voorziening er niet meer is."))
        return redirect("environment:facility", slug=slug, pk=pk)
    env.retire_facility(facility.pk, edited_by=request.user.get_username(),
                        note=_history(facility, form.cleaned_data["note"], request.user.get_username()))
    messages.success(request, _("%(name)s staat nu als niet meer actief; de gegevens blijven bewaard.")
                     % {"name": facility.name})
    return redirect("environment:overview", slug=slug)


@login_required
def facility_import(request, slug):
    """Upload a facility file: it is imported as a background job (kind ``facilities``) and this page follows
    it (``?taak=<id>``: progress, then the report)."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    lang = ui_lang()
    job = None
    if request.GET.get("taak", "").isdigit():
        job = object_in(workspace, Job, int(request.GET["taak"]))
        if job.kind != "facilities":
            raise Http404
        if request.GET.get("format") == "json":
            return JsonResponse(jobs.job_state(job, lang))
    if request.method == "POST":
        form = FacilityImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = jobs.start_with_upload(workspace, request.user, form.cleaned_data["file"], "facilities",
                                         format=form.cleaned_data["format"], created_by=request.user.get_username())
            return redirect(f"{reverse('environment:facility-import', args=[slug])}?taak={job.pk}")
    else:
        form = FacilityImportForm()
    report = error = state = None
    if job is not None:
        state = jobs.job_state(job, lang)
        report = worded(job.report, lang)
        error = state["error"]
    return render(request, "environment/facility_import.html", {
        "form": form, "job": job, "state": state, "report": report, "error": error, "env_nav": "overview"})


# ---------------------------------------------------------------------------------- street network job

@login_required
def network_upload(request, slug):
    workspace = workspace_for(request, slug, needs=Action.IMPORT_DATA)
    if request.method == "POST":
        form = NetworkForm(request.POST, request.FILES)
        if form.is_valid():
            job = jobs.start_with_upload(workspace, request.user, form.cleaned_data["file"], "network",
                                         name=form.cleaned_data["name"].strip())
            return redirect("environment:network-job", slug=slug, pk=job.pk)
    else:
        form = NetworkForm()
    recent = Job.objects.filter(workspace=workspace, kind="network")[:5]
    return render(request, "environment/network_form.html", {"form": form, "jobs": recent, "env_nav": "overview"})


@login_required
def network_job(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    job = object_in(workspace, Job, pk)
    if job.kind != "network":
        raise Http404
    lang = ui_lang()
    state = jobs.job_state(job, lang)
    if request.GET.get("format") == "json":
        return JsonResponse(state)
    report = worded(job.report, lang)
    shown = None
    if report:
        shown = {k: format_number(report[k], lang) for k in ("nodes", "edges", "islands", "buildings", "homes")}
        shown["length_km"] = format_number(report["length_km"], lang, 1)
        shown["largest"] = format_number(100 * report["largest_island_share"], lang, 1)
        shown["name"] = report.get("name", "")
    return render(request, "environment/network_job.html", {"job": job, "state": state, "report": shown,
                                                            "env_nav": "overview"})


# ---------------------------------------------------------------------------------------------- reach

def _reach_result(workspace, target: Target, categories, thresholds, speed) -> dict:
    return _cached(workspace, ("reach", target.text, tuple(categories), tuple(thresholds), speed),
                   lambda: env.reach_for(target.text, list(categories), list(thresholds), workspace=workspace,
                                         speed=speed))


def _location_frame(workspace, target: Target, category: str, thresholds, speed) -> pd.DataFrame:
    """Residential locations of the target with their distance to the nearest facility of ``category``
    (the same locations, network and settings as ``service.reach_for``)."""
    def compute():
        from zorgzaam.environment.reach import ReachSettings, location_reach

        _, locations, network = env.residential_locations_for(target.text, workspace)
        reach = location_reach(locations, env.facilities_frame(workspace=workspace), [category], network,
                               ReachSettings(thresholds=tuple(thresholds), speed=speed))
        return layers.locations_frame(locations, reach, category, thresholds)
    return _cached(workspace, ("locations", target.text, category, tuple(thresholds), speed), compute)


def _reach_choice(request, workspace, lang):
    form, targets = _target_form(request, workspace, lang, ReachForm)
    if form is None or not form.is_valid():
        return form, None
    data = form.cleaned_data
    target = _target(workspace, data["doel"], targets)
    categories = data["categorie"]
    shown = request.GET.get("kaart")
    return form, {"target": target, "categories": categories, "thresholds": data["afstanden"],
                  "speed": form.speed, "tempo": data["tempo"],
                  "map_category": shown if shown in categories else categories[0]}


def _query(choice: dict, **extra) -> str:
    params = [("doel", choice["target"].value), *[("categorie", c) for c in choice["categories"]],
              ("afstanden", " ".join(str(t) for t in choice["thresholds"])), ("tempo", choice["tempo"])]
    params += list(extra.items())
    return urlencode(params)


@login_required
def reach(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    form, choice = _reach_choice(request, workspace, lang)
    context = {"form": form, "env_nav": "reach", "may_export": _may(request, Action.EXPORT)}
    if choice is None:
        return render(request, "environment/reach.html", context)
    target, categories, thresholds = choice["target"], choice["categories"], choice["thresholds"]
    try:
        result = _reach_result(workspace, target, categories, thresholds, choice["speed"])
        frame = _location_frame(workspace, target, choice["map_category"], thresholds, choice["speed"])
    except ZorgzaamError as error:
        context["error"] = _error_text(error, lang)
        return render(request, "environment/reach.html", context)
    from zorgzaam.environment.residents import METHOD_TEXT
    from zorgzaam.profile.residents import RESIDENT_EXPLANATION, resident_words

    names = {row["id"]: row["name"] for row in layers.category_styles(lang)}
    status = pd.DataFrame(result["status_counts"], columns=["category", "status", "n"])
    not_ok = [{"category": names.get(r.category, r.category), "status": gettext(layers.STATUS_TEXT.get(r.status, r.status), lang),
               "locations": format_number(r.n, lang)} for r in status[status["status"] != "ok"].itertuples()]
    minutes = [{"metres": format_number(t, lang), "minutes": format_number(t / choice["speed"] / 60.0, lang)}
               for t in thresholds]
    context.update({
        "choice": choice, "target": target, "result": result,
        "tables": layers.share_tables(result["shares"], categories, thresholds, lang),
        "threshold_labels": minutes, "not_ok": not_ok,
        "location_method": [gettext(METHOD_TEXT.get(m, m), lang) for m in result["location_method"]],
        "network_distance": result["distance_method"] == "network",
        "detour": result["distance_method"].replace("straight_line_x", ""),
        "locations": format_number(result["locations"], lang),
        "map_category_name": names.get(choice["map_category"], choice["map_category"]),
        "map_categories": [(c, names.get(c, c)) for c in categories],
        "legend": layers.distance_legend(thresholds, choice["speed"], lang),
        "unreachable": layers.unreachable_rows(frame, lang),
        "speed_kmh": format_number(choice["speed"] * 3.6, lang, 1),
        "placed_words": resident_words("placed", lang, capital=True),
        "census_words": resident_words("census", lang, capital=True),
        "placed_explained": gettext(RESIDENT_EXPLANATION["placed"], lang),
        "residents_placed": format_number(result["residents_placed"], lang, 0),
        "residents_census": "–" if result["residents_census"] is None else format_number(result["residents_census"], lang, 0),
        "query": _query(choice), "map_query": _query(choice, kaart=choice["map_category"]),
        "facilities_url": reverse("environment:facilities-geojson", args=[slug]) + "?" + urlencode(
            {"categorie": choice["map_category"]}),
    })
    return render(request, "environment/reach.html", context)


@login_required
def reach_locations(request, slug):
    """The map layer of the reach page: locations coloured by distance class, and the target's outline."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    form, choice = _reach_choice(request, workspace, lang)
    if choice is None:
        return JsonResponse({"error": _("Ongeldige keuze.")}, status=400)
    try:
        frame = _location_frame(workspace, choice["target"], choice["map_category"], choice["thresholds"],
                                choice["speed"])
    except ZorgzaamError as error:
        return JsonResponse({"error": _error_text(error, lang)}, status=400)
    return JsonResponse({"locations": layers.locations_geojson(frame, choice["thresholds"], lang),
                         "outline": _outline(workspace, choice["target"])})


@login_required
def isochrone(request, slug):
    """Isochrones (5, 10, 15 minutes by default) from a clicked point (lat/lon) or a facility (id)."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    from zorgzaam.environment.isochrones import DEFAULT_MINUTES, isochrones_geojson
    from zorgzaam.environment.network import WALKING_SPEEDS

    speed = WALKING_SPEEDS.get(request.GET.get("tempo", "adult"), WALKING_SPEEDS["adult"])
    try:
        minutes = sorted({float(m) for m in request.GET.getlist("minuten") if 0 < float(m) <= 60})[:5] \
            or list(DEFAULT_MINUTES)
    except ValueError:
        return JsonResponse({"error": _("Ongeldige keuze.")}, status=400)
    facility_id = point = None
    if request.GET.get("voorziening"):
        facility_id = _facility_in(workspace, request.GET["voorziening"]).pk  # 404 for another team's
    else:
        try:
            point = layers.to_lambert(float(request.GET["lon"]), float(request.GET["lat"]))
        except (KeyError, ValueError):
            return JsonResponse({"error": _("Ongeldige keuze.")}, status=400)
    try:
        items, _start, _facility = env.isochrones_for(point=point, facility_id=facility_id, minutes=minutes,
                                                      speed=speed, workspace=workspace)
    except ZorgzaamError as error:
        return JsonResponse({"error": _error_text(error, lang)}, status=400)
    return JsonResponse(isochrones_geojson(items, lang=lang))


# ---------------------------------------------------------------------------------------- walkability

def _walkability(workspace, target: Target) -> dict:
    """The one walkability computation (``service.walkability_of``), kept for the workspace's data."""
    return _cached(workspace, ("walkability", target.text), lambda: env.walkability_of(target.text, workspace))


def walkability_rows(data: dict, lang: str) -> list[dict]:
    """The rows of the walkability table (target, other neighbourhoods, the reference area), formatted."""
    def fmt(value, decimals=1):
        return "–" if value is None else format_number(value, lang, decimals)
    return [dict(a, chosen=a["is_target"], score_text=fmt(a["score"]), intersections=fmt(a["intersection_density"], 0),
                 residents=fmt(a["residential_density"]), mix=fmt(a["land_use_mix"], 2),
                 placed_text=fmt(a["residents_placed"], 0), census_text=fmt(a["residents_census"], 0))
            for a in data["areas"]]


@login_required
def walkability(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    form, targets = _target_form(request, workspace, lang)
    context = {"form": form, "env_nav": "walkability", "may_export": _may(request, Action.EXPORT)}
    if form is None or not form.is_valid():
        return render(request, "environment/walkability.html", context)
    target = _target(workspace, form.cleaned_data["doel"], targets)
    try:
        data = _walkability(workspace, target)
    except ZorgzaamError as error:
        context["error"] = _error_text(error, lang)
        return render(request, "environment/walkability.html", context)
    from zorgzaam.profile.residents import RESIDENT_EXPLANATION, resident_words

    texts = env.walkability_texts(data, lang)
    rows = walkability_rows(data, lang)
    context.update({"target": target, "region": data["reference"]["name"] if data["reference"] else target.label,
                    "rows": rows, "chosen": rows[0] if rows else None,
                    "legend": layers.walk_legend(lang), "warning": texts["warning"], "method_text": texts["method"],
                    "reference_text": texts["reference"],
                    "placed_words": resident_words("placed", lang, capital=True),
                    "census_words": resident_words("census", lang, capital=True),
                    "placed_explained": gettext(RESIDENT_EXPLANATION["placed"], lang),
                    "census_explained": gettext(RESIDENT_EXPLANATION["census"], lang),
                    "best": format_number(data["best"], lang, 1), "worst": format_number(data["worst"], lang, 1),
                    "cells": format_number(len(data["cells"]), lang),
                    "query": urlencode({"doel": target.value})})
    return render(request, "environment/walkability.html", context)


@login_required
def walkability_cells(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    form, targets = _target_form(request, workspace, lang)
    if form is None or not form.is_valid():
        return JsonResponse({"error": _("Ongeldige keuze.")}, status=400)
    target = _target(workspace, form.cleaned_data["doel"], targets)
    try:
        data = _walkability(workspace, target)
    except ZorgzaamError as error:
        return JsonResponse({"error": _error_text(error, lang)}, status=400)
    return JsonResponse({"grid": _cached(workspace, ("cells-compact", target.text),
                                         lambda: layers.cells_compact(data["cells"])),
                         "outline": _outline(workspace, target)})


# ------------------------------------------------------------------------------------ (mis)match signals

def _evidence(evidence: dict, lang: str) -> dict:
    from zorgzaam.profile.catalogue import load_catalogue

    catalogue = load_catalogue()
    indicator = catalogue[evidence["indicator"]] if evidence.get("indicator") in catalogue else None
    names = {row["id"]: row["name"] for row in layers.category_styles(lang)}

    def figure(value):
        if value is None or (isinstance(value, float) and not np.isfinite(value)):
            return "–"
        return indicator.format(value, lang) if indicator is not None else format_number(value, lang, 1)
    method = str(evidence.get("reach_method", ""))
    return {
        "indicator": indicator.label(lang) if indicator is not None else evidence.get("indicator", ""),
        "value": figure(evidence.get("value")), "comparison": figure(evidence.get("comparison_value")),
        "categories": ", ".join(names.get(c, c) for c in evidence.get("categories", [])),
        "threshold": format_number(evidence.get("threshold_m", 0), lang),
        "group": group_label(evidence.get("group", "all"), lang, capital=True),
        "share": format_number(100 * float(evidence.get("share_within", 0)), lang, 0) + " %",
        "share_below": format_number(100 * float(evidence.get("share_below", 0)), lang, 0) + " %",
        "population": format_number(float(evidence.get("population", 0)), lang),
        "unreachable": format_number(float(evidence.get("population_unreachable", 0)), lang),
        "network": method == "network", "method": method,
    }


@login_required
def mismatch(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    form, targets = _target_form(request, workspace, lang)
    context = {"form": form, "env_nav": "mismatch", "may_record": _may(request, Action.EDIT_CONTENT),
               "may_export": _may(request, Action.EXPORT)}
    if form is None or not form.is_valid():
        return render(request, "environment/mismatch.html", context)
    target = _target(workspace, form.cleaned_data["doel"], targets)
    try:
        result = _cached(workspace, ("mismatch", target.text), lambda: env.mismatch_for(target.text, workspace=workspace))
    except ZorgzaamError as error:
        context.update(target=target, error=_error_text(error, lang))
        return render(request, "environment/mismatch.html", context)
    signals = [{"rule": s["rule_id"], "statement": stored_text(s["statement_record"], lang),
                "evidence": _evidence(s.get("evidence") or {}, lang)} for s in result.get("signals", [])]
    context.update({"target": target, "signals": signals, "message": result.get("message"),
                    "reach_query": urlencode({"doel": target.value})})
    return render(request, "environment/mismatch.html", context)


# ------------------------------------------------------------------------------------------------ exports

@login_required
def export(request, slug, layer, fmt):
    """GeoJSON (WGS84) or GeoPackage (EPSG:31370) of the facilities, the residential locations with their
    distance to one category, or the walkability grid."""
    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    lang = ui_lang()
    if fmt not in ("geojson", "gpkg") or layer not in layers.EXPORT_LAYERS:
        raise Http404
    if layer == "voorzieningen":
        frame = layers.facilities_layer(_facility_table(workspace, include_retired=request.GET.get("ook_inactief") == "1"))
        name = "voorzieningen"
    elif layer == "woonplaatsen":
        form, choice = _reach_choice(request, workspace, lang)
        if choice is None:
            raise Http404
        try:
            located = _location_frame(workspace, choice["target"], choice["map_category"], choice["thresholds"],
                                      choice["speed"])
        except ZorgzaamError as error:
            return HttpResponse(_error_text(error, lang), status=400, content_type="text/plain; charset=utf-8")
        frame = layers.locations_layer(located, choice["map_category"])
        name = f"woonplaatsen_{choice['map_category']}"
    else:
        form, targets = _target_form(request, workspace, lang)
        if form is None or not form.is_valid():
            raise Http404
        try:
            walk = _walkability(workspace, _target(workspace, form.cleaned_data["doel"], targets))
        except ZorgzaamError as error:
            return HttpResponse(_error_text(error, lang), status=400, content_type="text/plain; charset=utf-8")
        frame = layers.cells_layer(walk["cells"]) if layer == "loopbaarheid" else layers.areas_layer(walk)
        name = layer
    if fmt == "geojson":
        content, kind = layers.to_geojson_bytes(frame), "application/geo+json"
    else:
        content, kind = layers.to_gpkg_bytes(frame, name), "application/geopackage+sqlite3"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}_{workspace.slug}.{fmt}"'
    from zorgzaam.workspaces.audit import record_download

    record_download(request, workspace, "environment_export", fmt=fmt, target=f"{name}_{workspace.slug}.{fmt}", layer=layer)
    return response


@login_required
def document(request, slug, fmt):
    """The section "Wat is er in de buurt?" as Word or Excel (``environment.documents``) for the
    neighbourhood or area, categories, distances and walking speed chosen on the reach page."""
    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    lang = ui_lang()
    if fmt not in ("docx", "xlsx"):
        raise Http404
    form, choice = _reach_choice(request, workspace, lang)
    if choice is None:
        raise Http404
    from zorgzaam.environment.documents import environment_docx, environment_xlsx
    from zorgzaam.environment.service import environment_section

    try:
        section = environment_section(choice["target"].text, workspace, categories=choice["categories"],
                                      thresholds=choice["thresholds"], lang=lang, speed=choice["speed"])
    except ZorgzaamError as error:
        return HttpResponse(_error_text(error, lang), status=400, content_type="text/plain; charset=utf-8")
    if fmt == "docx":
        content = environment_docx(section, None, lang)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            content = environment_xlsx(section, Path(folder) / "omgeving.xlsx", lang).read_bytes()
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = "".join(ch if ch.isalnum() else "_" for ch in choice["target"].label).strip("_") or "omgeving"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="omgeving_{name}.{fmt}"'
    from zorgzaam.workspaces.audit import record_download

    record_download(request, workspace, "environment_export", fmt=fmt, target=f"omgeving_{name}.{fmt}", layer="document")
    return response
