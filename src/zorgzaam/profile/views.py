"""Profile screens: a neighbourhood's figures beside its comparison areas, charts and signals; the
neighbourhoods of a workspace side by side; exports. Thin: the work is in ``profile.service`` and
``reports``."""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from zorgzaam.areas.levels import level_label
from zorgzaam.areas.models import Area, Neighbourhood
from zorgzaam.graphics import chart_cache
from zorgzaam.messages import gettext
from zorgzaam.profile.documents import (
    figure_table,
    profile_chart_specs,
    profile_csv,
    profile_docx,
    profile_xlsx,
)
from zorgzaam.profile.series import alt_text, indicator_series, series_indicators, summary_text
from zorgzaam.profile.series_documents import series_chart_spec, series_title
from zorgzaam.profile.service import neighbourhood_profile, profile_signature, reference_label
from zorgzaam.workspaces.permissions import Action, object_in, role_allows, workspace_for

HEADLINE = ("population", "share_65plus", "share_80plus", "mantelzorgratio", "grijze_druk",
            "share_single_person_households", "share_living_alone_75plus", "share_increased_reimbursement_20_64",
            "share_tenants", "share_non_belgian_birth_nationality")


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _comparison_choices(neighbourhood, profile) -> list[dict]:
    """Areas a person may compare with: the defaults, the other neighbourhoods, and the levels above."""
    lang = _lang()
    choices = [{"value": "", "label": gettext("Standaard: gemeente, eerstelijnszone, provincie, "
                                              "gewest", lang)}]
    for other in Neighbourhood.objects.filter(workspace=neighbourhood.workspace).exclude(pk=neighbourhood.pk):
        choices.append({"value": f"buurt:{other.pk}", "label": f"{other.name} ({gettext('buurt', lang)})"})
    for level, code, vintage in profile.references:
        area = Area.objects.filter(level=level, code=code, vintage=vintage).first()
        if area is not None:
            choices.append({"value": f"{level}:{code}:{vintage}",
                            "label": f"{area.name} ({level_label(level, lang)})"})
    return choices


def _chosen_references(value: str, neighbourhood) -> tuple[list | None, dict | None]:
    """(references, sibling override) from the comparison choice in the query string."""
    if not value:
        return None, None
    if value.startswith("buurt:") and value[6:].isdigit():
        other = Neighbourhood.objects.filter(workspace=neighbourhood.workspace, pk=int(value[6:])).first()
        if other is not None and other.current is not None:
            return [("neighbourhood", other.name, "")], None
        return None, None
    parts = value.split(":")
    if len(parts) == 3 and Area.objects.filter(level=parts[0], code=parts[1], vintage=parts[2]).exists():
        return [tuple(parts)], None
    return None, None


def _chart_url(spec, workspace) -> str:
    """Where the page's <img> finds one chart (see ``graphics.chart_cache.chart_url``)."""
    return chart_cache.chart_url("profile-chart", spec, workspace)


@login_required
def chart_view(request, slug, token):
    """One chart as SVG, drawn once per content and then served from the cache."""
    return chart_cache.chart_response(token, workspace_for(request, slug, needs=Action.VIEW))


@login_required
def neighbourhood_view(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    neighbourhood = object_in(workspace, Neighbourhood, pk)
    lang = _lang()
    chosen = request.GET.get("vergelijk", "")
    period = request.GET.get("jaar") or ""
    over_time = re.sub(r"[^a-z0-9_]", "", request.GET.get("reeks", "").lower())[:80]
    # The page's content depends only on the data (see profile_signature), the choices and the language.
    may_export = role_allows(request.membership.role, Action.EXPORT)
    signature = profile_signature(neighbourhood)
    key = (f"profile-page:{signature}:{chosen}:{period}:{over_time}:{lang}:"
           f"{int(may_export)}")
    body = cache.get(key)
    if body is None:  # the rendered body is cached: it holds no per-user or per-request data
        content = _page_content(neighbourhood, chosen, period, lang, over_time, signature=signature)
        body = render_to_string("profile/_neighbourhood_body.html", dict(
            content, neighbourhood=neighbourhood, workspace=workspace, allowed={"export": may_export}))
        cache.set(key, body, timeout=CACHE_SECONDS)
    return render(request, "profile/neighbourhood.html", {"neighbourhood": neighbourhood, "body": body})


CACHE_SECONDS = 3600


PROFILES_KEPT = 64
_profiles: OrderedDict[tuple, object] = OrderedDict()
_profiles_lock = threading.Lock()
_profile_locks: dict[tuple, threading.Lock] = {}


def _shared_profile(neighbourhood, references, signature: str, lang: str):
    """The neighbourhood's profile for these comparison areas, computed once per content in this process:
    pages that differ only in year, figure over time or export rights share it. The key holds what the
    profile depends on (``profile_signature``: version, datasets, own indicators; the comparison areas;
    the language of its phrases). Readers only: nothing may change the returned profile."""
    key = (signature, repr(references), lang)
    with _profiles_lock:
        found = _profiles.get(key)
        if found is not None:
            _profiles.move_to_end(key)
            return found
        lock = _profile_locks.setdefault(key, threading.Lock())
    with lock:  # two requests for the same profile at the same moment: the second waits for the first
        with _profiles_lock:
            found = _profiles.get(key)
        if found is None:
            found = neighbourhood_profile(neighbourhood, references=references)
            with _profiles_lock:
                _profiles[key] = found
                while len(_profiles) > PROFILES_KEPT:
                    _profiles.popitem(last=False)
    with _profiles_lock:
        _profile_locks.pop(key, None)
    return found


def _per_profile(profile, name: str, make):
    """What a page derives from its profile alone (the figure table, the chart links), made once per profile:
    pages that share a profile (another year, another figure over time) reuse it. Readers only, like the
    profile itself."""
    parts = profile.__dict__.setdefault("_page_parts", {})
    if name not in parts:
        parts[name] = make()
    return parts[name]


def _page_content(neighbourhood, chosen: str, period: str, lang: str, over_time: str = "",
                  signature: str | None = None) -> dict:
    references, _ = _chosen_references(chosen, neighbourhood)
    if signature is None:
        profile = neighbourhood_profile(neighbourhood, references=references)
    else:
        profile = _shared_profile(neighbourhood, references, signature, lang)
    headers, rows = _per_profile(profile, f"figure_table:{lang}", lambda: figure_table(profile, lang))
    if period:
        rows = [r for r in rows if r["period"] == period] or rows
    themes = []
    for theme, labels in profile.catalogue.themes.items():
        members = [r for r in rows if r["theme"] == theme]
        if not members:
            continue
        members = [dict(r, label=r["indicator"].label(lang), explanation=r["indicator"].explanation.get(lang, ""),
                        denominator_label=r["indicator"].denominator_label.get(lang, "")) for r in members]
        shown = [r for r in members if r["statuses"] and r["statuses"][0] == "ok"]
        missing = [r for r in members if r not in shown]
        themes.append({"id": theme, "label": labels.get(lang, theme), "rows": shown, "missing": missing})
    workspace = neighbourhood.workspace
    figures = _per_profile(profile, f"figures:{lang}:{workspace.pk}", lambda: [
        {"title": title, "url": _chart_url(spec, workspace)} for title, spec in profile_chart_specs(profile, lang)])
    ranks = {}
    if len(profile.ranks):
        latest = profile.ranks.sort_values("period").drop_duplicates("indicator", keep="last")
        ranks = {r.indicator: (r.rank, r.of) for r in latest.itertuples() if r.of > 1}  # "1 of 1" says nothing
    # the sector map needs sector shapes (official or approximate); without them it would stay empty
    has_shapes = Area.objects.filter(level="sector", code__in=profile.sectors, geometry__isnull=False).exists()
    map_choices = [{"id": i, "label": profile.catalogue[i].label(lang)} for i in MAP_INDICATORS
                   if i in profile.catalogue] if has_shapes else []
    return {
        "profile": {"sectors": profile.sectors}, "themes": themes, "figures": figures, "map_choices": map_choices,
        "area_headers": [reference_label(k, profile.names, lang) for k in [profile.focus] + list(profile.references)],
        "signals": [{"statement": s.statement[lang], "question": s.question[lang],
                     "pitfalls": [p[lang] for p in s.pitfalls]} for s in profile.signals],
        "choices": _comparison_choices(neighbourhood, profile), "chosen": chosen,
        "periods": sorted(profile.periods, reverse=True), "period": period,
        "ranks": [{"label": profile.catalogue[i].label(lang), "rank": r, "of": n}
                  for i, (r, n) in ranks.items() if i in HEADLINE and i in profile.catalogue],
        "notes": profile.notes,
        "over_time": _over_time(profile, over_time, lang, workspace),
    }


def _series_choice(ids: list[str], wanted: str) -> str:
    """The indicator asked for when it has a series, else the first headline figure that has one."""
    if wanted in ids:
        return wanted
    return next((i for i in HEADLINE if i in ids and i != "population"), ids[0] if ids else "")


def _series_content(profile, series, lang: str, choices: list[dict], chosen: str, workspace,
                    highlight_first: bool = True) -> dict:
    """What the template needs to show one series: the chart (its URL, with its alt text), the table
    (period rows × area columns, the change since the base year last), the breaks and the reasons."""
    spec = series_chart_spec(series, lang, highlight_first=highlight_first)
    description = alt_text(series, lang)
    return {
        "choices": choices, "chosen": chosen, "label": series.indicator.label(lang),
        "unit": series.indicator.unit_label(lang), "title": series_title(series, lang),
        "url": _chart_url(spec, workspace), "alt": description, "caption": summary_text(series, lang).strip(),
        "headers": [name for _, name in series.areas],
        "rows": [{"period": r["period"], "break": r["break"],
                  "cells": [{"text": c.text, "note": c.note, "ok": c.status == "ok"} for c in r["cells"]]}
                 for r in series.rows()],
        "change_label": series.change_label(lang), "change_row": series.change_row(),
        "breaks": series.breaks, "notes": series.notes,
    }


def _over_time(profile, wanted: str, lang: str, workspace) -> dict | None:
    """One chosen indicator over time for the focus and its comparison areas (a GET parameter chooses
    it, so no script is needed and only one chart is drawn per page)."""
    ids = _per_profile(profile, "series_indicators", lambda: series_indicators(profile))
    chosen = _series_choice(ids, wanted)
    if not chosen:
        return None
    series = indicator_series(profile, chosen, lang)
    choices = _per_profile(profile, f"series_choices:{lang}", lambda: [
        {"id": i, "label": profile.catalogue[i].label(lang)} for i in ids])
    return _series_content(profile, series, lang, choices, chosen, workspace)


@login_required
def neighbourhood_export(request, slug, pk, fmt):
    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    neighbourhood = object_in(workspace, Neighbourhood, pk)
    lang = _lang()
    profile = neighbourhood_profile(neighbourhood)
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", neighbourhood.name).strip("_") or "buurt"
    buffer = io.BytesIO()
    if fmt == "docx":
        from zorgzaam.profile.service import sector_map

        drawn = sector_map(neighbourhood, "share_65plus", lang)
        content = profile_docx(profile, None, lang, maps=[drawn] if drawn else None)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "xlsx":
        profile_xlsx(profile, buffer, lang)
        content, kind = buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        from zorgzaam.spreadsheets import CSV_CONTENT_TYPE

        content, kind, fmt = profile_csv(profile, None, lang, for_people=True), CSV_CONTENT_TYPE, "csv"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="profiel_{name}.{fmt}"'
    from zorgzaam.workspaces.audit import record_download

    record_download(request, workspace, "profile_export", fmt=fmt, target=f"profiel_{name}.{fmt}", neighbourhood=pk)
    return response


@login_required
def workspace_gpkg(request, slug):
    """The workspace's neighbourhoods and sectors with their indicator values as a GeoPackage for QGIS
    (``profile.gpkg``; EPSG:31370); an audited export like the other downloads."""
    from zorgzaam.profile.gpkg import GPKG_CONTENT_TYPE
    from zorgzaam.profile.gpkg import workspace_gpkg as make_gpkg

    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    name = f"buurten_{workspace.slug}.gpkg"
    response = HttpResponse(make_gpkg(workspace, None, _lang()), content_type=GPKG_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    from zorgzaam.workspaces.audit import record_download

    record_download(request, workspace, "profile_export", fmt="gpkg", target=name)
    return response


@login_required
def compare_neighbourhoods(request, slug):
    """All neighbourhoods of the workspace side by side: compare within the municipality first."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = _lang()
    neighbourhoods = [n for n in Neighbourhood.objects.filter(workspace=workspace) if n.current is not None]
    columns, table = [], []
    profiles = {}
    for neighbourhood in neighbourhoods:
        profiles[neighbourhood.pk] = neighbourhood_profile(neighbourhood, indicator_ids=list(HEADLINE))
    if profiles:
        any_profile = next(iter(profiles.values()))
        reference = any_profile.references[0] if any_profile.references else None
        columns = [n.name for n in neighbourhoods] + ([reference_label(reference, any_profile.names, lang)]
                                                       if reference else [])
        for indicator_id in HEADLINE:
            indicator = any_profile.catalogue[indicator_id]
            cells, period = [], ""
            for neighbourhood in neighbourhoods:
                own = profiles[neighbourhood.pk].focus_results()
                own = own[(own["indicator"] == indicator_id) & (own["status"] == "ok")].sort_values("period")
                if len(own):
                    period = period or own["period"].iloc[-1]
                    cells.append(indicator.format(own["value"].iloc[-1], lang))
                else:
                    cells.append("–")
            if reference:
                results = any_profile.results
                ref = results[(results["level"] == reference[0]) & (results["code"] == reference[1])
                              & (results["indicator"] == indicator_id) & (results["period"] == period)]
                cells.append(indicator.format(ref["value"].iloc[0], lang) if len(ref) else "–")
            table.append({"label": _census_words(lang) if indicator_id == "population" else indicator.label(lang), "period": period, "cells": cells})
    over_time = _neighbourhoods_over_time(neighbourhoods, request.GET.get("reeks", ""), lang, workspace)
    return render(request, "profile/compare.html", {"columns": columns, "table": table,
                                                    "neighbourhoods": neighbourhoods, "over_time": over_time,
                                                    "all_neighbourhoods": True, "allowed": {
                                                        "export": role_allows(request.membership.role,
                                                                              Action.EXPORT)}})


def _census_words(lang: str) -> str:
    """The population row names its count: the sector count (``environment.residents``), as on every screen."""
    from zorgzaam.profile.residents import resident_words

    return resident_words("census", lang, capital=True)


def _neighbourhoods_over_time(neighbourhoods: list, wanted: str, lang: str, workspace) -> dict | None:
    """One chosen indicator over time for every neighbourhood, with the municipality as the last line.
    A neighbourhood's profile already holds its sibling neighbourhoods (same sector vintage), so one
    profile gives them all; a neighbourhood on another vintage adds its own figures."""
    import pandas as pd

    if not neighbourhoods:
        return None
    full = neighbourhood_profile(neighbourhoods[0])
    keys = [("neighbourhood", n.name, "") for n in neighbourhoods]
    results = full.results
    present = set(zip(results["level"], results["code"], results["vintage"], strict=True))
    extra = [neighbourhood_profile(n).focus_results() for n, key in zip(neighbourhoods, keys, strict=True)
             if key not in present]
    if extra:
        results = pd.concat([results, *extra], ignore_index=True)
    keys += list(full.references[:1])
    full.results = results
    ids = series_indicators(full, keys)
    chosen = _series_choice(ids, re.sub(r"[^a-z0-9_]", "", wanted.lower()))
    if not chosen:
        return None
    series = indicator_series(full, chosen, lang, keys=keys)
    choices = [{"id": i, "label": full.catalogue[i].label(lang)} for i in ids]
    return _series_content(full, series, lang, choices, chosen, workspace, highlight_first=False)


MAP_INDICATORS = ("share_65plus", "share_80plus", "mantelzorgratio", "share_single_person_households",
                  "share_living_alone_75plus", "share_increased_reimbursement_20_64", "share_tenants",
                  "share_non_belgian_birth_nationality", "ocmw_support_per_100")


@login_required
def neighbourhood_map(request, slug, pk, indicator):
    """The municipality's sectors coloured by one indicator (GeoJSON), with the neighbourhood marked."""
    from django.http import Http404, JsonResponse

    from zorgzaam.areas import geo
    from zorgzaam.profile.service import sector_figures, workspace_catalogue

    workspace = workspace_for(request, slug, needs=Action.VIEW)
    neighbourhood = object_in(workspace, Neighbourhood, pk)
    catalogue = workspace_catalogue(workspace)
    version = neighbourhood.current
    if indicator not in catalogue or version is None:
        raise Http404
    area = next((found for code in version.sector_codes
                 if (found := geo.municipality_of_sector(code, version.vintage)) is not None), None)
    if area is None:
        raise Http404
    lang = _lang()
    table, period = sector_figures(area, indicator, workspace)
    figures = {row.code: row for row in table.itertuples(index=False)}
    spec = catalogue[indicator]
    collection = geo.sectors_geojson(area, selected=set(version.sector_codes))
    for feature in collection["features"]:
        row = figures.get(feature["properties"]["code"])
        shown = row is not None and row.status == "ok"
        feature["properties"]["value"] = float(row.value) if shown else None
        feature["properties"]["label"] = spec.format(row.value, lang) if shown else (
            "< 5" if row is not None and row.status == "suppressed" else "–")
    return JsonResponse({**collection, "indicator": spec.label(lang), "period": period,
                         "municipality": area.name})


@login_required
def team_indicators(request, slug):
    """The workspace's own indicators: list, and define a new one over the measures the team imported."""
    from django import forms
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from zorgzaam.messages import ZorgzaamError
    from zorgzaam.profile.models import TeamIndicator
    from zorgzaam.profile.service import add_team_indicators, known_measures

    workspace = workspace_for(request, slug, needs=Action.VIEW)
    measures = sorted(known_measures(workspace))
    choices = [(m, m) for m in measures]

    class TeamIndicatorForm(forms.Form):
        name_nl = forms.CharField(label=_("Naam"), max_length=200,
                                  help_text=_("Bijvoorbeeld: personen met OCMW-steun per 100 inwoners"))
        indicator_id = forms.SlugField(label=_("Korte code"), max_length=80,
                                       help_text=_("Kleine letters, cijfers en _, bijvoorbeeld ocmw_steun_per_100"))
        numerator = forms.MultipleChoiceField(label=_("Teller: wat je telt"), choices=choices)
        denominator = forms.MultipleChoiceField(label=_("Noemer: waartegenover (leeg voor een aantal)"),
                                                choices=choices, required=False)
        scale = forms.ChoiceField(label=_("Per"), choices=[("100", _("per 100 (percentage)")), ("1000", _("per 1.000")),
                                                           ("1", _("gewone verhouding of aantal"))], initial="100")

    form = TeamIndicatorForm(request.POST or None)
    if request.method == "POST":
        workspace_for(request, slug, needs=Action.IMPORT_DATA)
        if form.is_valid():
            data = form.cleaned_data
            try:
                add_team_indicators(workspace, [{"id": data["indicator_id"].replace("-", "_"),
                                                 "name_nl": data["name_nl"], "numerator": data["numerator"],
                                                 "denominator": data["denominator"], "scale": float(data["scale"])}])
            except ZorgzaamError as error:
                form.add_error(None, error.render(_lang()))
            else:
                messages.success(request, _("De indicator is bewaard. Hij staat voortaan in de profielen van deze werkruimte."))
                return redirect("profile-team-indicators", slug=workspace.slug)
    rows = [{"id": t.indicator_id, "name": t.name_nl, "numerator": " + ".join(t.numerator),
             "denominator": " + ".join(t.denominator), "scale": t.scale}
            for t in TeamIndicator.objects.filter(workspace=workspace)]
    return render(request, "profile/team_indicators.html", {"form": form, "rows": rows, "has_measures": bool(measures)})


@login_required
def coverage_view(request, slug):
    """What data do I have? Per family of measures the years per level and version, which figures can be
    computed where, and what to import to fill a gap."""
    from zorgzaam.profile.coverage_service import workspace_coverage

    workspace = workspace_for(request, slug, needs=Action.VIEW)
    result = workspace_coverage(workspace, _lang())
    return render(request, "profile/coverage.html", {
        "families": result.families, "indicators": result.indicators, "gaps": result.gaps,
        "computable": sum(1 for i in result.indicators if i["computable"]), "nav": "data",
        "may_import": role_allows(request.membership.role, Action.IMPORT_DATA)})
