"""Downloads of the action plan (Word, PDF, XLSX) and of the Decidim results CSV: export role, audited,
never cached. Mounted under /rapporten/ by ``reports.action_plan_urls``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from zorgzaam.messages import gettext_noop
from zorgzaam.reports.action_plan import CONTENT_TYPES, FORMATS, render
from zorgzaam.workspaces.audit import record_download, register_actions
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.permissions import Action, workspace_for
from zorgzaam.workspaces.security import no_store

register_actions({"plan_export": gettext_noop("het actieplan downloaden"),
                  "plan_decidim_export": gettext_noop("de resultaten voor Decidim downloaden")})


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@no_store
def action_plan_download(request, slug, fmt):
    if fmt not in FORMATS:
        raise Http404
    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    name = f"actieplan-{workspace.slug}.{fmt}"
    data = render(workspace, fmt, lang=ui_lang())
    record_download(request, workspace, "plan_export", fmt=fmt, target=name)
    return _file(data, name, CONTENT_TYPES[fmt])


@login_required
@no_store
def decidim_download(request, slug):
    from zorgzaam.plan.decidim import export_csv

    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    name = f"decidim-resultaten-{workspace.slug}.csv"
    data = export_csv(workspace)
    record_download(request, workspace, "plan_decidim_export", fmt="csv", target=name)
    return _file(data, name, "text/csv; charset=utf-8")
