"""Downloads of the one-page neighbourhood profile and of the residents' version (PDF, Word, HTML): export
role, audited, never cached. Thin: the work is in ``reports.one_page`` and ``reports.residents_version``.
Mounted under /rapporten/ by ``reports.one_page_urls``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from zorgzaam.reports.one_page import AUDIT_ACTIONS, CONTENT_TYPES, FORMATS, file_name
from zorgzaam.workspaces.audit import record_download, register_actions
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.permissions import Action, object_in, workspace_for
from zorgzaam.workspaces.security import no_store

register_actions(AUDIT_ACTIONS)


def _file(data: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _neighbourhood(request, slug, pk, fmt):
    from zorgzaam.areas.models import Neighbourhood

    if fmt not in FORMATS:
        raise Http404
    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    return workspace, object_in(workspace, Neighbourhood, pk)


@login_required
@no_store
def profile_page_download(request, slug, pk, fmt):
    from zorgzaam.reports.one_page import make

    workspace, neighbourhood = _neighbourhood(request, slug, pk, fmt)
    data, _ = make(neighbourhood, fmt, lang=ui_lang())
    name = file_name(neighbourhood.name, fmt)
    record_download(request, workspace, "profile_page_export", fmt=fmt, target=name, obj=neighbourhood)
    return _file(data, name, fmt)


@login_required
@no_store
def residents_download(request, slug, pk, fmt):
    from zorgzaam.reports.residents_version import PersonalData, make

    workspace, neighbourhood = _neighbourhood(request, slug, pk, fmt)
    lang = ui_lang()
    try:
        data, _ = make(neighbourhood, fmt, lang=lang, actor=request.user.get_username())
    except PersonalData as error:  # refused: the team fixes the text the personal data came from
        return HttpResponse(error.render(lang), status=409, content_type="text/plain; charset=utf-8")
    name = file_name(neighbourhood.name, fmt, prefix="bewonersversie")
    record_download(request, workspace, "residents_export", fmt=fmt, target=name, obj=neighbourhood)
    return _file(data, name, fmt)
