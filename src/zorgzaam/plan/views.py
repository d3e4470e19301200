"""The summary table on screen: every signal and finding per neighbourhood, to accept, reject and
annotate, and to fill from a new profile. Thin: the work is in ``plan.findings``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan.findings import decide, refresh_neighbourhood, relate, summary_rows, unrelate
from zorgzaam.plan.models import Finding
from zorgzaam.web.permissions import Action, object_in, role_allows, workspace_for


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _back(slug, neighbourhood_pk) -> str:
    url = reverse("findings", args=[slug])
    return f"{url}?buurt={neighbourhood_pk}" if neighbourhood_pk else url


@login_required
def findings(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace))
    chosen = None
    if request.GET.get("buurt", "").isdigit():
        chosen = object_in(workspace, Neighbourhood, int(request.GET["buurt"]))
    rows = summary_rows(workspace, chosen, _lang())
    if request.GET.get("formaat") == "xlsx" and role_allows(request.membership.role, Action.EXPORT):
        return _xlsx(rows)
    statuses = dict(Finding.STATUSES)
    sources = dict(Finding.SOURCES)
    relations = dict(Finding.RELATIONS)
    by_neighbourhood: dict = {}
    for row in rows:
        row["status_label"] = statuses[row["status"]]
        row["source_label"] = sources.get(row["source"], row["source"])
        row["relation_label"] = relations.get(row["relation"], "")
        for other in row["related_by"]:
            other["relation_label"] = relations.get(other["relation"], "")
        by_neighbourhood.setdefault(row["neighbourhood_id"], []).append(row)
        row["evidence_url"] = _evidence_url(slug, row)
    for row in rows:  # a finding can be linked to one from another part of the chain, same neighbourhood
        row["link_choices"] = [(other["id"], f"{other['source_label']}: {other['statement']}")
                               for other in by_neighbourhood[row["neighbourhood_id"]]
                               if other["source"] != row["source"]]
    return render(request, "plan/findings.html", {"rows": rows, "neighbourhoods": neighbourhoods, "chosen": chosen,
                                                  "statuses": Finding.STATUSES,
                                                  "relations": [r for r in Finding.RELATIONS if r[0]]})


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

    from zorgzaam.reports.spreadsheets import frame_to_xlsx

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
    """Record the neighbourhood's current profile signals in the summary table."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    neighbourhood = object_in(workspace, Neighbourhood, pk)
    for source, counts in refresh_neighbourhood(neighbourhood).items():
        label = {"profile": _("cijfers"), "environment": _("omgeving"), "voices": _("bevragingen")}.get(source, source)
        if isinstance(counts, dict):
            messages.success(request, _("Signalen uit %(source)s: %(new)s nieuw, %(updated)s bijgewerkt, "
                                        "%(not_current)s niet meer gevonden.") % dict(counts, source=label))
        else:
            messages.info(request, f"{label}: {counts}")
    return redirect(_back(slug, neighbourhood.pk))


@login_required
@require_POST
def finding_relate(request, slug, pk):
    """Mark that a finding confirms or contradicts another finding of the same neighbourhood (or clear it)."""
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
    return redirect(_back(slug, finding.neighbourhood_id))
