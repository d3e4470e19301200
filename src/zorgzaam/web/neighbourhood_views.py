"""Neighbourhood screens: list, detail with history, and the map + checklist to build or edit one.

Saving goes through ``areas.neighbourhood_service`` (an edit adds a version). An edit names the version
it started from; when someone else saved a newer version meanwhile, the edit is refused and nothing is
overwritten."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.areas import geo
from zorgzaam.areas import neighbourhood_service as service
from zorgzaam.areas.models import Area, Neighbourhood
from zorgzaam.messages import ZorgzaamError, format_number
from zorgzaam.web.forms import NeighbourhoodForm, ProposeForm
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.permissions import Action, object_in, workspace_for

POPULATION_MEASURE = "population"


def _municipality(workspace, request=None, neighbourhood: Neighbourhood | None = None):
    """The municipality the map shows: the neighbourhood's own, the one asked for (?gemeente=), the
    workspace's, or that of the workspace's first neighbourhood."""
    if neighbourhood is not None and neighbourhood.current is not None:
        version = neighbourhood.current
        for code in version.sector_codes:
            found = geo.municipality_of_sector(code, version.vintage)
            if found is not None:
                return found
    asked = request.GET.get("gemeente", "").strip() if request is not None else ""
    for code in (asked, workspace.municipality):
        if code:
            found = geo.municipality(code)
            if found is not None:
                return found
    first = Neighbourhood.objects.filter(workspace=workspace).order_by("id").first()
    if first is not None and first.current is not None:
        version = first.current
        for code in version.sector_codes[:1]:
            return geo.municipality_of_sector(code, version.vintage)
    return None


def _warnings(version, lang: str) -> list[str]:
    from zorgzaam.messages import stored_text

    return [stored_text(w, lang) or w.get("code", "") for w in version.warnings]


def _population(codes: list[str], vintage: str, workspace) -> dict | None:
    choice = service.sector_population(codes, vintage, POPULATION_MEASURE, workspace=workspace)
    values = choice.values.dropna()
    if values.empty:
        return None
    return {"total": format_number(values.sum(), ui_lang()), "period": choice.period,
            "complete": len(values) == len(codes),
            "per_sector": {code: format_number(v, ui_lang()) for code, v in values.items()}}


@login_required
def neighbourhood_list(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    rows = service.list_neighbourhoods(workspace)
    ids = dict(Neighbourhood.objects.filter(workspace=workspace).values_list("name", "id"))
    for row in rows:
        row["id"] = ids.get(row["name"])
    archived = service.list_neighbourhoods(workspace, archived=True)
    archived_ids = dict(Neighbourhood.all_objects.filter(workspace=workspace, archived_at__isnull=False)
                        .values_list("name", "id"))
    for row in archived:
        row["id"] = archived_ids.get(row["name"])
    area = _municipality(workspace, request)
    return render(request, "web/neighbourhood_list.html", {
        "rows": rows, "archived": archived, "municipality": area, "propose_form": ProposeForm(),
        "has_proposal": _proposal_key(workspace) in request.session})


# One colour per proposed neighbourhood on the map and beside its name in the list (the map also prints
# each one's number, so colour is never the only cue). Okabe–Ito and Tol's muted colours.
# Neighbouring numbers get colours far apart (the two blues and the two oranges are five places apart).
PROPOSAL_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#f0e442", "#56b4e9", "#d55e00", "#882255",
                    "#44aa99", "#999933", "#aa4499", "#332288"]


def proposal_colour(number: int) -> str:
    return PROPOSAL_COLOURS[(number - 1) % len(PROPOSAL_COLOURS)]


def _proposal_key(workspace) -> str:
    return f"neighbourhood-proposal:{workspace.pk}"


@login_required
def neighbourhood_propose(request, slug):
    """POST: compute a proposed split of the municipality (contiguous groups of whole sectors, each with at
    least the population asked for) and keep it in the session; nothing is saved. GET: the preview, where
    the team keeps, renames or drops the proposed neighbourhoods before any is saved."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    if request.method != "POST":
        stored = request.session.get(_proposal_key(workspace))
        if stored is None:
            return redirect("web:neighbourhoods", slug=workspace.slug)
        return _preview(request, workspace, stored)
    area = _municipality(workspace, request)
    form = ProposeForm(request.POST)
    if area is None or not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors] if area else []
        messages.error(request, " ".join(errors) or _("Geef een minimum aantal inwoners per buurt (een getal groter "
                                                      "dan 0)."))
        return redirect("web:neighbourhoods", slug=workspace.slug)
    minimum = form.cleaned_data["min_population"]
    try:
        proposal = service.propose(area.code, minimum, vintage=area.vintage, workspace=workspace)  # the map's vintage
    except ZorgzaamError as error:
        messages.error(request, error.render(ui_lang()))
        return redirect("web:neighbourhoods", slug=workspace.slug)
    request.session[_proposal_key(workspace)] = {"proposal": proposal.as_dict(), "municipality": area.code,
                                                 "municipality_name": area.name,
                                                 "warnings": [w.render(ui_lang()) for w in proposal.warnings]}
    return redirect("web:neighbourhood-propose", slug=workspace.slug)


def _preview(request, workspace, stored: dict, *, chosen: dict[int, str] | None = None, error: str = "",
             status: int = 200):
    """The proposal as a list (name, residents, sectors per proposed neighbourhood) and on the map."""
    proposal = core_proposal(stored)
    lang = ui_lang()
    codes = [c for g in proposal.groups for c in g.sector_codes]
    names = dict(Area.objects.filter(level="sector", vintage=proposal.vintage, code__in=codes)
                 .values_list("code", "name"))
    per_sector = (_population(codes, proposal.vintage, workspace) or {}).get("per_sector", {})
    default = _("Voorstel")
    groups = []
    for group in proposal.groups:
        keep = chosen is None or group.number in chosen
        name = (chosen or {}).get(group.number) or f"{default} {group.number}"
        groups.append({"number": group.number, "name": name, "keep": keep, "contiguous": group.contiguous,
                       "colour": proposal_colour(group.number),
                       "population": format_number(group.population, lang),
                       "sectors": [{"code": c, "name": names.get(c, ""), "population": per_sector.get(c)}
                                   for c in group.sector_codes]})
    area = geo.municipality(stored["municipality"], proposal.vintage)
    return render(request, "web/neighbourhood_proposal.html", {
        "groups": groups, "proposal": proposal, "rule": proposal.rule_description(lang),
        "municipality_name": stored.get("municipality_name", ""), "warnings": stored.get("warnings", []),
        "left_out": proposal.left_out, "left_out_population": format_number(proposal.left_out_population, lang),
        "minimum": format_number(proposal.min_population, lang), "error": error,
        "map_urls": {"sectors": reverse("web:neighbourhood-proposal-map", args=[workspace.slug]),
                     "districts": reverse("web:map-districts", args=[workspace.slug, area.code, area.vintage]),
                     "streets": reverse("environment:streets-geojson", args=[workspace.slug])}
        if area is not None else {},
        "tile_url": settings.ZORGZAAM_TILE_URL, "tile_attribution": settings.ZORGZAAM_TILE_ATTRIBUTION,
    }, status=status)


def core_proposal(stored: dict):
    from zorgzaam.areas.neighbourhoods import Proposal

    return Proposal.from_dict(stored["proposal"])


@login_required
def neighbourhood_proposal_map(request, slug):
    """GeoJSON of the municipality's sectors, each marked with the proposed neighbourhood it falls in."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    stored = request.session.get(_proposal_key(workspace))
    if stored is None:
        raise Http404
    proposal = core_proposal(stored)
    data = geo.sectors_geojson(_area_or_404(stored["municipality"], proposal.vintage))
    group_of = {c: g.number for g in proposal.groups for c in g.sector_codes}
    for feature in data["features"]:
        number = group_of.get(feature["properties"]["code"])
        feature["properties"]["group"] = number
        feature["properties"]["colour"] = proposal_colour(number) if number else None
    return JsonResponse(data)


@login_required
@require_POST
def neighbourhood_proposal_accept(request, slug):
    """Save the proposed neighbourhoods the team kept, under the names it gave, in one transaction."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    stored = request.session.get(_proposal_key(workspace))
    if stored is None:
        messages.error(request, _("Er is geen voorstel meer om te bewaren. Vraag een nieuw voorstel."))
        return redirect("web:neighbourhoods", slug=workspace.slug)
    proposal = core_proposal(stored)
    numbers = {g.number for g in proposal.groups}
    chosen = {}
    for value in request.POST.getlist("keep"):
        if value.isdigit() and int(value) in numbers:
            chosen[int(value)] = request.POST.get(f"name_{value}", "").strip()
    try:
        versions = service.save_proposal(proposal, workspace=workspace, names=chosen,
                                         created_by=request.user.get_username())
    except ZorgzaamError as error:
        return _preview(request, workspace, stored, chosen=chosen, error=error.render(ui_lang()), status=400)
    del request.session[_proposal_key(workspace)]
    messages.success(request, _("%(count)s buurten bewaard, elk met minstens %(minimum)s inwoners. Pas ze aan op de "
                                "kaart als dat nodig is.") % {
        "count": len(versions), "minimum": format_number(proposal.min_population, ui_lang())})
    return redirect("web:neighbourhoods", slug=workspace.slug)


@login_required
@require_POST
def neighbourhood_proposal_drop(request, slug):
    """Throw the proposal away: nothing was saved, nothing is."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    if request.session.pop(_proposal_key(workspace), None) is not None:
        messages.success(request, _("Het voorstel is weggegooid. Er is niets bewaard."))
    return redirect("web:neighbourhoods", slug=workspace.slug)


@login_required
@require_POST
def neighbourhood_archive(request, slug, pk):
    """Archive: hidden from lists, profiles and choices; every version stays and it can be restored."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    neighbourhood = object_in(workspace, Neighbourhood, pk)
    service.archive_neighbourhood(neighbourhood.name, workspace=workspace, archived_by=request.user.get_username())
    messages.success(request, _("'%(name)s' is gearchiveerd. Je vindt de buurt onder 'Gearchiveerd' en kunt ze "
                                "daar terugzetten.") % {"name": neighbourhood.name})
    return redirect("web:neighbourhoods", slug=workspace.slug)


@login_required
@require_POST
def neighbourhood_restore(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    neighbourhood = Neighbourhood.all_objects.filter(workspace=workspace, pk=pk, archived_at__isnull=False).first()
    if neighbourhood is None:
        raise Http404
    service.restore_neighbourhood(neighbourhood.name, workspace=workspace)
    messages.success(request, _("'%(name)s' is teruggezet, met al haar versies.") % {"name": neighbourhood.name})
    return redirect("web:neighbourhood", slug=workspace.slug, pk=neighbourhood.pk)


@login_required
def neighbourhood_detail(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    neighbourhood = object_in(workspace, Neighbourhood, pk)
    lang = ui_lang()
    current = neighbourhood.current
    if current is None:
        raise Http404
    # The page's body depends only on the neighbourhood's versions, the population data the workspace sees
    # and the language (the per-user buttons stay outside it), as the profile page caches its body.
    key = f"neighbourhood-page:{detail_signature(workspace, neighbourhood, current)}:{lang}"
    cached = cache.get(key)
    if cached is None:
        content = _detail_content(workspace, neighbourhood, lang)
        cached = (render_to_string("web/_neighbourhood_detail_body.html", content), bool(content["map_urls"]))
        cache.set(key, cached, timeout=CACHE_SECONDS)
    body, has_map = cached
    return render(request, "web/neighbourhood_detail.html", {
        "neighbourhood": neighbourhood, "current": current, "body": body, "has_map": has_map})


CACHE_SECONDS = 3600


def detail_signature(workspace, neighbourhood, current) -> str:
    """What the detail page's body depends on: the neighbourhood and its newest version (a new version
    changes sectors, warnings and history; its creation time and sectors are part of the key, so a
    reused row id never brings back an old page) and the datasets the workspace sees (id, size and
    values file: any import or deletion changes the population figures). Area names come from the
    area tables, which an import of the area levels replaces: the cache keeps a body for an hour."""
    from zorgzaam.sources.models import Dataset

    datasets = list(Dataset.objects.filter(Q(workspace__isnull=True) | Q(workspace=workspace))
                    .order_by("id").values_list("id", "row_count", "values_file"))
    text = repr((workspace.pk, neighbourhood.pk, neighbourhood.name, current.pk, current.number,
                 current.created_at.isoformat() if current.created_at else "", current.vintage,
                 list(current.sector_codes), datasets))
    return hashlib.sha1(text.encode()).hexdigest()


def _detail_content(workspace, neighbourhood, lang: str) -> dict:
    versions = list(neighbourhood.versions.order_by("number"))
    current = versions[-1]
    names = dict(Area.objects.filter(level="sector", vintage=current.vintage, code__in=current.sector_codes)
                 .values_list("code", "name"))
    population = _population(list(current.sector_codes), current.vintage, workspace)
    sectors = [{"code": code, "name": names.get(code, ""),
                "population": (population or {}).get("per_sector", {}).get(code)}
               for code in current.sector_codes]
    history = []
    previous: set[str] = set()
    for version in versions:
        codes = set(version.sector_codes)
        history.append({"version": version, "added": sorted(codes - previous) if version.number > 1 else [],
                        "removed": sorted(previous - codes), "warnings": _warnings(version, lang)})
        previous = codes
    area = _municipality(workspace, neighbourhood=neighbourhood)
    return {"neighbourhood": neighbourhood, "current": current, "warnings": _warnings(current, lang),
            "sectors": sectors, "population": population, "history": list(reversed(history)),
            "municipality": area, "map_urls": _map_urls(workspace, area, neighbourhood),
            "tile_url": settings.ZORGZAAM_TILE_URL, "tile_attribution": settings.ZORGZAAM_TILE_ATTRIBUTION}


def _map_urls(workspace, area, neighbourhood=None) -> dict:
    if area is None:
        return {}
    urls = {"sectors": reverse("web:map-sectors", args=[workspace.slug, area.code, area.vintage]),
            "districts": reverse("web:map-districts", args=[workspace.slug, area.code, area.vintage]),
            "snap": reverse("web:map-snap", args=[workspace.slug, area.code, area.vintage]),
            "streets": reverse("environment:streets-geojson", args=[workspace.slug])}  # light, under the sectors
    if neighbourhood is not None:
        urls["sectors"] += f"?buurt={neighbourhood.pk}"
    return urls


def _editor(request, workspace, neighbourhood: Neighbourhood | None):
    creating = neighbourhood is None
    area = _municipality(workspace, request, neighbourhood)
    current = None if creating else neighbourhood.current
    if area is None:
        return render(request, "web/choose_municipality.html",
                      {"municipalities": geo.municipality_choices()})
    rows = geo.sector_rows(area)
    if current is not None and current.vintage != area.vintage:
        raise Http404  # the map of another vintage cannot edit this neighbourhood
    codes = [r["code"] for r in rows]
    if request.method == "POST":
        form = NeighbourhoodForm(request.POST, sector_codes=codes, creating=creating)
        if form.is_valid():
            saved = _save(request, workspace, neighbourhood, form, vintage=area.vintage)
            if saved is not None:
                messages.success(request, _("De buurt is bewaard (versie %(number)s).") % {"number": saved.number})
                return redirect("web:neighbourhood", slug=workspace.slug, pk=saved.neighbourhood_id)
    else:
        form = NeighbourhoodForm(initial={"version": current.number if current else None,
                                          "sectors": list(current.sector_codes) if current else []},
                                 sector_codes=codes, creating=creating)
    chosen = set(form["sectors"].value() or [])
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(row["district"] or "-", {"name": row["district_name"] or _("zonder wijk"),
                                                           "sectors": []})
        group["sectors"].append({**row, "checked": row["code"] in chosen})
    return render(request, "web/neighbourhood_edit.html", {
        "form": form, "neighbourhood": neighbourhood, "current": current, "creating": creating,
        "municipality": area, "groups": list(groups.values()), "map_urls": _map_urls(workspace, area),
        "any_approximate": any(r["approximate"] for r in rows),
    })


def _save(request, workspace, neighbourhood, form, vintage=None):
    data = form.cleaned_data
    who = request.user.get_username()
    try:
        if neighbourhood is None and data.get("polygon"):  # drawn: the rule is stored with the sectors
            return service.create_neighbourhood(data["name"], workspace=workspace, geojson=data["polygon"],
                                                rule=data.get("rule") or "area", vintage=vintage, note=data["note"],
                                                created_by=who)
        if neighbourhood is None:
            return service.create_neighbourhood(data["name"], workspace=workspace, sectors=data["sectors"],
                                                note=data["note"], created_by=who)
        with transaction.atomic():
            # Lock the neighbourhood so two saves cannot both pass the version check.
            Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
            current = neighbourhood.versions.order_by("-number").first()
            if data.get("version") != current.number:
                form.add_error(None, _(
                    "Iemand anders heeft deze buurt intussen gewijzigd (nu versie %(current)s, je begon van "
                    "versie %(started)s). Je wijziging is niet bewaard. Bekijk de nieuwe versie en doe je "
                    "wijziging opnieuw.") % {"current": current.number, "started": data.get("version") or "?"})
                return None
            if sorted(current.sector_codes) == sorted(data["sectors"]):
                form.add_error("sectors", _("Er is niets veranderd: dezelfde sectoren als nu."))
                return None
            return service.edit_neighbourhood(neighbourhood.name, workspace=workspace, sectors=data["sectors"],
                                              note=data["note"], created_by=who)
    except ZorgzaamError as error:
        form.add_error(None, error.render(ui_lang()))
        return None


@login_required
def neighbourhood_create(request, slug):
    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    return _editor(request, workspace, None)


@login_required
def neighbourhood_edit(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    return _editor(request, workspace, object_in(workspace, Neighbourhood, pk))


def _area_or_404(code: str, vintage: str):
    area = geo.municipality(code, vintage)
    if area is None:
        raise Http404
    return area


@login_required
def map_sectors(request, slug, code, vintage):
    """GeoJSON of a municipality's sectors; ``?buurt=<id>`` marks that neighbourhood's sectors."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    selected: set[str] = set()
    if request.GET.get("buurt"):
        neighbourhood = object_in(workspace, Neighbourhood, request.GET["buurt"])
        selected = set(neighbourhood.current.sector_codes)
    return JsonResponse(geo.sectors_geojson(_area_or_404(code, vintage), selected))


@login_required
def map_districts(request, slug, code, vintage):
    workspace_for(request, slug, needs=Action.VIEW)
    return JsonResponse(geo.districts_geojson(_area_or_404(code, vintage)))


@login_required
@require_POST
def map_snap(request, slug, code, vintage):
    """A drawn shape (GeoJSON, WGS84) snapped to whole sectors with the chosen overlap rule: which sectors,
    the rule in words, and warnings. Nothing is saved here; the form does that."""
    import json

    workspace = workspace_for(request, slug, needs=Action.EDIT_NEIGHBOURHOODS)
    _area_or_404(code, vintage)
    try:
        body = json.loads(request.body or b"{}")
        selection = service.selection_from_polygon(geojson=body.get("polygon"), rule=body.get("rule") or "area",
                                                   vintage=vintage)
    except ZorgzaamError as error:
        return JsonResponse({"error": error.render(ui_lang())}, status=400)
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": _("De getekende vorm kon niet gelezen worden. Teken opnieuw.")}, status=400)
    del workspace  # checked above: only members who may edit neighbourhoods
    return JsonResponse({"codes": selection.sector_codes, "rule": selection.rule_description(ui_lang()),
                         "warnings": selection.warning_texts(ui_lang())})
