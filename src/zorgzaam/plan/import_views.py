"""Importing an existing action list on screen: upload → which column is which (a select per column, the
first lines shown) → the report per line → confirm; and reading back a Decidim results file (progress and
status, with what changed). Thin: the work is in :mod:`plan.plan_import` and :mod:`plan.decidim`.

The uploaded file is kept in the session (at most ``MAX_BYTES``) between the steps; only roles that edit
content import (``Action.EDIT_CONTENT``); a lezer gets 403, another workspace 404."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.messages import ZorgzaamError, gettext
from zorgzaam.plan import decidim
from zorgzaam.plan import plan_import as pi
from zorgzaam.plan import plan_service as service
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.permissions import Action, workspace_for

MAX_BYTES = 5 * 1024 * 1024
PREVIEW_LINES = 5


def _key(slug: str) -> str:
    return f"plan-import-{slug}"


def _stored(request, slug):
    found = request.session.get(_key(slug))
    if not found:
        return None, None
    return found, pi.read_table(base64.b64decode(found["data"]), found["name"])


def _page(request, workspace, **context):
    return render(request, "plan/import.html", {"workspace": workspace, "nav": "plan", **context})


@login_required
def import_start(request, slug):
    """The upload form (action list and Decidim results); POST keeps the file and goes to the mapping."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size == 0:
            messages.error(request, _("Kies een bestand."))
            return redirect("plan-import", slug=slug)
        if upload.size > MAX_BYTES:
            messages.error(request, _("Het bestand is te groot (meer dan 5 MB)."))
            return redirect("plan-import", slug=slug)
        data = upload.read()
        try:
            table = pi.read_table(data, upload.name)
        except ZorgzaamError as error:
            messages.error(request, error.render(ui_lang()))
            return redirect("plan-import", slug=slug)
        request.session[_key(slug)] = {"name": upload.name, "data": base64.b64encode(data).decode(),
                                       "mapping": pi.guess_mapping(table.columns)}
        return redirect("plan-import-mapping", slug=slug)
    return _page(request, workspace, stage="upload")


@login_required
def import_mapping(request, slug):
    """A select per column (guessed from the header), the first lines; POST saves the mapping and shows the
    report."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    stored, table = _stored(request, slug)
    if table is None:
        return redirect("plan-import", slug=slug)
    lang = ui_lang()
    if request.method == "POST":
        chosen = {column: request.POST.get(f"col-{index}", "") for index, column in enumerate(table.columns)}
        stored["mapping"] = {c: (f if f in pi.FIELDS else "") for c, f in chosen.items()}
        request.session[_key(slug)] = stored
        return redirect("plan-import-report", slug=slug)
    mapping = stored.get("mapping") or {}
    columns = [{"index": i, "name": c, "field": mapping.get(c, ""),
                "sample": [row.get(c, "") for _line, row in table.rows[:PREVIEW_LINES]]}
               for i, c in enumerate(table.columns)]
    choices = [(f, gettext(pi.FIELD_LABELS[f], lang)) for f in ("", *pi.FIELDS)]
    return _page(request, workspace, stage="mapping", file=table.name, columns=columns, choices=choices,
                 preview=[(line, [row.get(c, "") for c in table.columns]) for line, row in table.rows[:PREVIEW_LINES]],
                 total=len(table.rows))


@login_required
def import_report(request, slug):
    """What the import would do, line by line; confirm (POST) writes it in one transaction."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    stored, table = _stored(request, slug)
    if table is None:
        return redirect("plan-import", slug=slug)
    lang = ui_lang()
    try:
        check = pi.check_import(table, stored.get("mapping") or {})
    except ZorgzaamError as error:
        messages.error(request, error.render(lang))
        return redirect("plan-import-mapping", slug=slug)
    if not check.refused:
        pi.mark_existing(workspace, check)
    if request.method == "POST":
        try:
            written = pi.import_plan(workspace, check, user=request.user.get_username())
        except ZorgzaamError as error:
            messages.error(request, error.render(lang))
            return redirect("plan-import-report", slug=slug)
        del request.session[_key(slug)]
        messages.success(request, _("{actions} acties en {goals} nieuwe doelen in het plan gezet.").format(
            actions=written["actions"], goals=written["goals_created"]))
        return redirect("plan-tree", slug=slug)
    report = check.report(lang)
    settings = service.settings_for(workspace)
    for row in report["preview"]:
        row["status_label"] = service.status_name(row["status"], lang, settings)
    return _page(request, workspace, stage="report", file=table.name, report=report)


@login_required
@require_POST
def import_decidim(request, slug):
    """A Decidim results file: progress and status of the actions it names (or only checked, ``nakijken``)."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    upload = request.FILES.get("file")
    if upload is None or upload.size == 0 or upload.size > MAX_BYTES:
        messages.error(request, _("Kies een bestand."))
        return redirect("plan-import", slug=slug)
    lang = ui_lang()
    try:
        report = decidim.import_results(workspace, upload.read(), name=upload.name,
                                        dry_run=bool(request.POST.get("nakijken")),
                                        user=request.user.get_username(), lang=lang)
    except ZorgzaamError as error:
        messages.error(request, error.render(lang))
        return redirect("plan-import", slug=slug)
    return _page(request, workspace, stage="decidim", decidim=report)
