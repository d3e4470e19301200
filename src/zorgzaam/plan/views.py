"""The summary table on screen: every signal and finding per neighbourhood, to accept, reject and
annotate, and to fill from a new profile. Thin: the work is in ``plan.findings``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan.classify import THEMES, theme_label
from zorgzaam.plan.findings import (
    apply_decisions,
    decide,
    refresh_neighbourhood,
    relate,
    summary_rows,
    unrelate,
)
from zorgzaam.plan.models import Finding
from zorgzaam.plan.table import (
    NO_VALUE,
    SORTS,
    TableQuery,
    changes_from_form,
    choices,
    counts,
    filter_rows,
    sort_rows,
)
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS, block_label
from zorgzaam.workspaces.permissions import Action, object_in, role_allows, workspace_for
from zorgzaam.workspaces.security import no_store


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _back(slug, neighbourhood_pk) -> str:
    url = reverse("findings", args=[slug])
    return f"{url}?buurt={neighbourhood_pk}" if neighbourhood_pk else url


@login_required
@no_store
def findings(request, slug):
    """The summary table: one row per finding, filtered and sorted by GET parameters (plan.table)."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace).order_by("name"))
    query = TableQuery.from_params(request.GET)
    chosen = None
    if query.filters.get("buurt"):
        if not query.filters["buurt"].isdigit():
            raise Http404
        chosen = object_in(workspace, Neighbourhood, int(query.filters["buurt"]))
    lang = _lang()
    everything = summary_rows(workspace, None, lang)
    rows = sort_rows(filter_rows(everything, query), query)
    if request.GET.get("formaat") == "xlsx" and role_allows(request.membership.role, Action.EXPORT):
        from zorgzaam.workspaces.audit import record_download

        record_download(request, workspace, "summary_table_export", fmt="xlsx", target="samenvattende_tabel.xlsx",
                        rows=len(rows), neighbourhood=chosen.pk if chosen else None)
        return _xlsx(rows)
    statuses, sources = dict(Finding.STATUSES), dict(Finding.SOURCES)
    relations = dict(Finding.RELATIONS)
    for row in everything:
        row["status_label"] = statuses[row["status"]]
        row["source_label"] = sources.get(row["source"], row["source"])
        row["relation_label"] = relations.get(row["relation"], "")
        for other in row["related_by"]:
            other["relation_label"] = relations.get(other["relation"], "")
        row["evidence_url"] = _evidence_url(slug, row)
    own_themes = sorted({r["theme"] for r in everything if r["theme"] and r["theme"] not in THEMES})
    here = request.get_full_path()
    sort_links = {key: _with(request.GET, sorteer=query.sort_param(key)) for key in SORTS}
    return render(request, "plan/findings.html", {
        "rows": rows, "total": len(everything), "neighbourhoods": neighbourhoods, "chosen": chosen,
        "query": query, "filtered": bool(query.filters.keys() - {"buurt"}) or query.current_only,
        "counts": counts(rows), "statuses": Finding.STATUSES,
        "source_choices": [(v, sources.get(v, v)) for v, _label in choices(everything, "source")],
        "status_choices": list(Finding.STATUSES),
        "theme_choices": choices(everything, "theme", "theme_label"),
        "block_choices": choices(everything, "building_block", "block_label"),
        "theme_options": [(code, theme_label(code, lang)) for code in THEMES] + [(t, t) for t in own_themes],
        "block_options": [(code, block_label(code, lang)) for code in BUILDING_BLOCKS],
        "sort_links": sort_links, "aria_sort": {key: query.aria_sort(key) for key in SORTS},
        "sort_options": _sort_options(), "sort_value": ("-" if query.descending else "") + query.sort,
        "no_value": NO_VALUE, "here": here,
        "xlsx_link": _with(request.GET, formaat="xlsx")})


def _sort_options() -> list[tuple[str, str]]:
    words = [("bevinding", _("bevinding")), ("buurt", _("buurt")), ("bron", _("bron")), ("thema", _("thema")),
             ("bouwsteen", _("bouwsteen")), ("status", _("beslissing"))]
    options = [("", _("buurt, dan bron"))]
    for key, word in words:
        options += [(key, word), (f"-{key}", _("%(column)s, omgekeerd") % {"column": word})]
    return options


def _with(params, **changes) -> str:
    """The query string of ``params`` with ``changes`` (an empty value drops the parameter)."""
    merged = params.copy()
    for name, value in changes.items():
        if value:
            merged[name] = value
        else:
            merged.pop(name, None)
    return "?" + merged.urlencode()


def _evidence_url(slug, row) -> str:
    """Where the analysis behind a finding can be seen: the profile, the environment's signals, the survey
    report or the conversation it comes from."""
    evidence, neighbourhood = row["evidence"] or {}, row["neighbourhood_id"]
    if row["source"] == "profile" and neighbourhood:
        return reverse("profile-neighbourhood", args=[slug, neighbourhood])
    if row["source"] == "environment" and neighbourhood:
        return reverse("environment:mismatch", args=[slug]) + f"?doel=buurt:{neighbourhood}"
    if row["source"] == "voices" and evidence.get("survey"):
        return reverse("voices_staff:survey-report", args=[slug, evidence["survey"]])
    if row["source"] == "voices" and evidence.get("session_id"):
        return reverse("voices_staff:session", args=[slug, evidence["session_id"]])
    if row["source"] == "voices" and evidence.get("kind") == "theme":
        return reverse("voices_staff:quotes", args=[slug]) + f"?thema={evidence['theme']}"
    return ""


def _xlsx(rows) -> HttpResponse:
    import io

    import pandas as pd

    from zorgzaam.spreadsheets import frame_to_xlsx

    buffer = io.BytesIO()
    hidden = {"evidence", "quotes", "related_by", "evidence_lines", "neighbourhood_id"}
    table = [{**{k: v for k, v in row.items() if k not in hidden},
              "evidence_lines": "\n".join(row["evidence_lines"]),
              "quotes": "\n".join(f"“{q.text}” ({q.speaker})" for q in row["quotes"])} for row in rows]
    frame_to_xlsx(pd.DataFrame(table), buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="samenvattende_tabel.xlsx"'
    return response


def _back_to(request, slug) -> str:
    """Where a form of the table returns to: the filtered table it was sent from."""
    target = request.POST.get("terug", "")
    base = reverse("findings", args=[slug])
    return target if target.startswith(base) and "//" not in target else base


@login_required
@require_POST
def findings_save(request, slug):
    """One submit of the table: the decisions, notes, themes and building blocks changed in the rows, and
    the bulk decision for the ticked rows, saved together in one transaction."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    changes, ticked = changes_from_form(request.POST)
    if request.POST.get("bulk") and not ticked:
        messages.error(request, _("Vink eerst de bevindingen aan waarvoor de beslissing geldt."))
    try:
        changed = apply_decisions(workspace, changes, user=request.user.get_username())
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()) + " " + _("Er is niets bewaard."))
    else:
        if changed:
            messages.success(request, ngettext("%(count)s bevinding bewaard.", "%(count)s bevindingen bewaard.",
                                               changed) % {"count": changed})
        elif not (request.POST.get("bulk") and not ticked):
            messages.info(request, _("Er was niets gewijzigd."))
    return redirect(_back_to(request, slug))


@login_required
@require_POST
def findings_collect(request, slug):
    """Collect the signals of one neighbourhood (``buurt``) or of every neighbourhood of the workspace."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    chosen = request.POST.get("buurt", "")
    if chosen.isdigit():
        targets = [object_in(workspace, Neighbourhood, int(chosen))]
    else:
        targets = list(Neighbourhood.objects.filter(workspace=workspace).order_by("name"))
    if not targets:
        messages.error(request, _("Maak eerst een buurt aan."))
        return redirect(reverse("findings", args=[slug]))
    _collect(request, targets)
    return redirect(_back(slug, targets[0].pk if len(targets) == 1 else None))


def _collect(request, targets) -> None:
    totals = {"new": 0, "updated": 0, "not_current": 0}
    notes = []
    for neighbourhood in targets:
        for source, counted in refresh_neighbourhood(neighbourhood).items():
            if isinstance(counted, dict):
                for name in totals:
                    totals[name] += counted[name]
            else:
                notes.append(f"{neighbourhood.name}, {_source_words().get(source, source)}: {counted}")
    messages.success(request, _("Signalen verzameld voor %(where)s: %(new)s nieuw, %(updated)s bijgewerkt, "
                                "%(not_current)s niet meer gevonden.")
                     % dict(totals, where=targets[0].name if len(targets) == 1 else _("alle buurten")))
    for note in notes:
        messages.info(request, note)


def _source_words() -> dict:
    return {"profile": _("cijfers"), "environment": _("omgeving"), "voices": _("bevragingen")}


@login_required
@require_POST
def finding_decide(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    finding = object_in(workspace, Finding, pk)
    status = request.POST.get("status") or None
    decide(finding.pk, workspace=workspace, status=status, note=request.POST.get("note", finding.note),
           user=request.user.get_username())
    messages.success(request, _("Bevinding bewaard."))
    return redirect(_back(slug, finding.neighbourhood_id))


@login_required
@require_POST
def findings_refresh(request, slug, pk):
    """Record one neighbourhood's current signals in the summary table (the button on other screens)."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    neighbourhood = object_in(workspace, Neighbourhood, pk)
    _collect(request, [neighbourhood])
    return redirect(_back(slug, neighbourhood.pk))


@login_required
def finding_relate(request, slug, pk):
    """Mark that a finding confirms or contradicts another finding of the same neighbourhood (or clear it).
    GET shows the finding and every other finding of its neighbourhood in full words to choose from."""
    if request.method != "POST":
        workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
        finding = object_in(workspace, Finding, pk)
        lang = _lang()
        sources = dict(Finding.SOURCES)
        rows = summary_rows(workspace, finding.neighbourhood, lang)
        this = next(row for row in rows if row["id"] == finding.pk)
        others = [dict(row, source_label=sources.get(row["source"], row["source"])) for row in rows
                  if row["source"] != finding.source]
        return render(request, "plan/relate.html", {
            "finding": finding, "row": this, "others": others, "relations": [r for r in Finding.RELATIONS if r[0]],
            "back": _safe_back(request, slug)})
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    finding = object_in(workspace, Finding, pk)
    relation = request.POST.get("relation", "")
    if not relation or not request.POST.get("related", "").isdigit():
        unrelate(finding)
        messages.success(request, _("Koppeling verwijderd."))
    else:
        related = object_in(workspace, Finding, int(request.POST["related"]))
        try:
            relate(finding, related, relation)
        except ZorgzaamError as error:
            messages.error(request, error.render(_lang()))
        else:
            messages.success(request, _("Koppeling bewaard."))
    if request.POST.get("terug"):
        return redirect(_back_to(request, slug))
    return redirect(_back(slug, finding.neighbourhood_id))


def _safe_back(request, slug) -> str:
    target = request.GET.get("terug", "")
    base = reverse("findings", args=[slug])
    return target if target.startswith(base) and "//" not in target else base
