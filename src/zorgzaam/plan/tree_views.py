"""The neighbourhood plan on screen: the tree and the table (with filters), an action's page (edit from a
version, RASCI, status with history, progress notes, counts, quality questions) and the board of norms.

Thin: the work is in ``plan.plan_service``. Every member sees; only roles that edit content change
(``workspace_for(..., needs=Action.EDIT_CONTENT)`` on every POST), so a lezer sees but never changes."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.messages import ZorgzaamError, format_number, gettext_noop
from zorgzaam.plan import plan_service as service
from zorgzaam.plan.models import Finding
from zorgzaam.plan.quality import rasci_label
from zorgzaam.plan.tree_models import Action as PlanAction
from zorgzaam.plan.tree_models import Actor, Challenge, Norm
from zorgzaam.workspaces.audit import register_actions
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS, block_label
from zorgzaam.workspaces.permissions import Action, workspace_for
from zorgzaam.workspaces.security import no_store

register_actions({"plan_attachment": gettext_noop("bijlage bij de voortgang van een actie downloaden")})

FILTERS = ("buurt", "werkgroep", "termijn", "status", "bouwsteen", "trekker")


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _user(request) -> str:
    return request.user.get_username()


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ZorgzaamError("bad_period", value=text) from None


def _matches(row: dict, filters: dict) -> bool:
    if row["kind"] != "action":
        return True
    checks = {"buurt": lambda v: v in row["neighbourhoods"], "werkgroep": lambda v: v == row["working_group"],
              "termijn": lambda v: v == row["term"]["code"], "status": lambda v: v == row["status"],
              "bouwsteen": lambda v: v in row["building_blocks"], "trekker": lambda v: v == row["owner"]}
    return all(checks[key](value) for key, value in filters.items() if value)


def _options(rows: list[dict], key: str) -> list[str]:
    values = set()
    for row in rows:
        if row["kind"] != "action":
            continue
        value = row.get(key)
        if isinstance(value, list):
            values.update(value)
        elif value:
            values.add(value)
    return sorted(values)


@login_required
def plan_view(request, slug):
    """The plan as a tree (default) or as a table of actions (?weergave=tabel), filtered by GET parameters."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = _lang()
    settings = service.settings_for(workspace)
    plan = service.plan_rows(workspace, lang=lang, settings=settings)
    filters = {key: request.GET.get(key, "").strip() for key in FILTERS}
    rows = [row for row in plan["rows"] if _matches(row, filters)]
    # everything a row shows is prepared here once (a template tag per row of a 300-action plan costs more
    # than the whole plan's queries): its link, its kind with the horizon, the number of open questions
    action_url = reverse("plan-action", args=[slug, 0]).rsplit("/0/", 1)[0]
    node_url = reverse("plan-node", args=[slug, 0]).rsplit("/0/", 1)[0]
    block_labels: dict[str, str] = {}
    for row in rows:
        row["url"] = f"{action_url if row['kind'] == 'action' else node_url}/{row['id']}/"
        for block in row["building_blocks"]:
            if block not in block_labels:
                block_labels[block] = block_label(block, lang)
        row["block_labels"] = [block_labels[b] for b in row["building_blocks"]]
        row["kind_text"] = row["kind_label"] + (" (" + ngettext("%(years)s jaar", "%(years)s jaar", row["horizon_years"])
                                                % {"years": row["horizon_years"]} + ")" if row["horizon_years"] else "")
        if row["questions"]:
            count = len(row["questions"])
            row["questions_text"] = ngettext("%(count)s open vraag", "%(count)s open vragen", count) % {"count": count}
    table = request.GET.get("weergave") == "tabel"
    actions = [row for row in rows if row["kind"] == "action"]
    return render(request, "plan/tree.html", {
        "workspace": workspace, "nav": "plan", "vision": plan["vision"], "rows": rows, "actions": actions,
        "table": table, "filters": filters, "filtered": any(filters.values()),
        "challenges": Challenge.objects.filter(workspace=workspace).prefetch_related("findings", "neighbourhoods"),
        "options": {
            "buurt": _options(plan["rows"], "neighbourhoods"), "werkgroep": _options(plan["rows"], "working_group"),
            "termijn": [(t, service.term_badge(t, lang, settings)["words"]) for t in service.TERMS],
            "status": [(s, service.status_name(s, lang, settings)) for s in service.STATUS_WORDS],
            "bouwsteen": [(b, block_label(b, lang)) for b in _options(plan["rows"], "building_blocks")],
            "trekker": _options(plan["rows"], "owner")},
        "goals": [row for row in plan["rows"] if row["kind"] != "action"],
        "kinds": [("strategic", _("strategisch doel")), ("operational", _("tussendoel")), ("action", _("actie")),
                  ("long", _("doel op lange termijn"))],
        "terms": [(t, service.term_badge(t, lang, settings)["words"]) for t in service.TERMS],
        "total_actions": sum(1 for row in plan["rows"] if row["kind"] == "action"),
        "accepted_findings": [
            (f.pk, (f"{f.neighbourhood.name}: " if f.neighbourhood else "") + f.statement(lang))
            for f in Finding.objects.filter(workspace=workspace, status="accepted").select_related(
                "neighbourhood").order_by("neighbourhood__name", "id")],
        "neighbourhoods": Neighbourhood.objects.filter(workspace=workspace).order_by("name"),
        "map_rows": _map_rows(workspace),
    })


def _map_rows(workspace) -> list[dict]:
    from zorgzaam.plan.norm_views import map_rows

    return map_rows(workspace)


@login_required
@require_POST
def plan_add(request, slug):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    parent = request.POST.get("parent") or None
    kind = request.POST.get("kind", "")
    fields = {}
    if kind == "action":
        fields = {"term": request.POST.get("term") or "KT", "owner": request.POST.get("owner", "").strip(),
                  "user": _user(request)}
    try:
        node = service.add_node(workspace, kind, request.POST.get("title", ""),
                                parent=int(parent) if parent and parent.isdigit() else None,
                                working_group=request.POST.get("working_group", "").strip(), **fields)
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
        return redirect("plan-tree", slug=slug)
    messages.success(request, _("Toegevoegd: %(title)s") % {"title": node.title})
    if node.kind == "action":
        return redirect("plan-action", slug=slug, pk=node.pk)
    return redirect(reverse("plan-tree", args=[slug]) + f"#node-{node.pk}")


@login_required
@require_POST
def plan_move(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    parent = request.POST.get("parent", "")
    position = request.POST.get("position", "")
    try:
        service.move_node(workspace, pk, int(parent) if parent.isdigit() else None,
                          int(position) if position.isdigit() else None)
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
    return redirect(reverse("plan-tree", args=[slug]) + f"#node-{pk}")


@login_required
@require_POST
def challenge_add(request, slug):
    """A challenge from accepted findings of the summary table and/or in the team's own words."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    ids = [int(v) for v in request.POST.getlist("findings") if v.isdigit()]
    hoods = [int(v) for v in request.POST.getlist("neighbourhoods") if v.isdigit()]
    try:
        challenge = service.add_challenge(
            workspace, request.POST.get("title", ""), description=request.POST.get("description", ""),
            target_group=request.POST.get("target_group", "").strip(), findings=ids,
            neighbourhoods=list(Neighbourhood.objects.filter(workspace=workspace, pk__in=hoods)), user=_user(request))
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
    else:
        messages.success(request, _("Toegevoegd: %(title)s") % {"title": challenge.title})
    return redirect(reverse("plan-tree", args=[slug]) + "#challenges-title")


@login_required
@require_POST
def vision_save(request, slug):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    service.set_vision(workspace, request.POST.get("vision", ""), user=_user(request))
    messages.success(request, _("De visie is bewaard."))
    return redirect("plan-tree", slug=slug)


def _action_or_404(workspace, pk) -> PlanAction:
    try:
        return service.get_action(workspace, pk)
    except ZorgzaamError:
        raise Http404 from None


@login_required
def action_view(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    action = _action_or_404(workspace, pk)
    lang = _lang()
    plan = service.plan_rows(workspace, lang=lang)
    row = next(r for r in plan["rows"] if r["id"] == action.pk)
    tree = service.load_tree(workspace)
    path = [{"label": r["label"], "title": r["title"]} for r in plan["rows"]
            if r["id"] in {n.id for n in tree.ancestors(action.pk)}]
    board = norm_texts(service.norm_board(workspace, lang=lang, tree=tree, node=action.pk), slug, lang)
    rasci = {r["actor_id"]: r["letter"] for r in row["rasci"]}
    actors = [{"actor": a, "letter": rasci.get(a.pk, "")} for a in Actor.objects.filter(workspace=workspace)]
    settings = service.settings_for(workspace)
    history = [{"label": service.status_name(h.status, lang, settings), "reason": h.reason, "at": h.changed_at,
                "by": h.changed_by} for h in action.status_history.all()]
    return render(request, "plan/action.html", {
        "workspace": workspace, "nav": "plan", "action": action, "row": row, "path": path, "norms": board,
        "actors": actors, "history": history, "notes": action.notes.all(), "counts": action.counts.all(),
        "letters": [(letter, rasci_label(letter, lang)) for letter in "RASCI"],
        "terms": [(t, service.term_badge(t, lang, settings)["words"]) for t in service.TERMS],
        "statuses": [(s, service.status_name(s, lang, settings)) for s in service.STATUS_WORDS],
        "smart": [{"text": _smart_text(p["code"], lang), "answered": p["answered"]} for p in row["smart"]],
        "blocks": [(b, block_label(b, lang)) for b in BUILDING_BLOCKS],
        "today": dt.date.today(),
    })


def norm_texts(rows: list[dict], slug: str, lang: str) -> list[dict]:
    """Board rows (``plan_service.norm_board``) with what the norms table shows worded once here, not per
    cell by template tags (600 norms): values with their unit, the interval, dates, the norm's link."""
    from django.utils.formats import date_format

    dates: dict = {}

    def day(value) -> str:
        if value is None:
            return ""
        if value not in dates:
            dates[value] = date_format(value, "j M Y")
        return dates[value]

    norm_url = reverse("plan-norm", args=[slug, 0]).rsplit("/0/", 1)[0]
    for row in rows:
        unit = row["unit"]
        row["url"] = f"{norm_url}/{row['id']}/"
        row["target_text"] = _value(row["target"], unit, lang)
        row["latest_text"] = _value(row["latest"], unit, lang) if row["latest"] is not None else ""
        row["interval_text"] = (f"{_value(row['low'], unit, lang)} – {_value(row['high'], unit, lang)}"
                                if row["low"] is not None and row["high"] is not None else "")
        row["baseline_text"] = _value(row["baseline"], unit, lang) if row["baseline"] is not None else ""
        row["deadline_text"], row["latest_date_text"] = day(row["deadline"]), day(row["latest_date"])
        row["baseline_date_text"] = day(row["baseline_date"])
        title = row.get("node_title", "")
        row["node_short"] = title if len(title) <= 50 else title[:49] + "…"
    return rows


def _smart_text(code: str, lang: str) -> str:
    from zorgzaam.messages import render as render_message

    return render_message(code, {}, lang=lang)


def _value(value, unit: str, lang: str) -> str:
    text = format_number(value, lang, 1)
    return f"{text} %" if unit == "%" else (f"{text} {unit}" if unit else text)


def _back(slug, pk) -> str:
    return reverse("plan-action", args=[slug, pk])


@login_required
@require_POST
def action_save(request, slug, pk):
    """The action's fields, saved only when nobody saved since the version the form was opened at."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    _action_or_404(workspace, pk)
    post = request.POST
    try:
        service.update_action(
            workspace, pk, version=int(post.get("version") or 0), user=_user(request),
            title=post.get("title", ""), term=post.get("term", "KT"), target_group=post.get("target_group", ""),
            owner=post.get("owner", "").strip(), first_steps=post.get("first_steps", ""),
            agreements=post.get("agreements", ""), next_evaluation=_date(post.get("next_evaluation")),
            working_group=post.get("working_group", "").strip(), building_blocks=post.getlist("building_blocks"))
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
    else:
        messages.success(request, _("De actie is bewaard."))
    return redirect(_back(slug, pk))


@login_required
@require_POST
def action_status(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    _action_or_404(workspace, pk)
    try:
        service.change_status(workspace, pk, request.POST.get("status", ""), version=int(request.POST.get("version")
                                                                                          or 0),
                              reason=request.POST.get("reason", ""), user=_user(request))
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
    else:
        messages.success(request, _("De status is gewijzigd."))
    return redirect(_back(slug, pk) + "#status")


@login_required
@require_POST
def action_rasci(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    _action_or_404(workspace, pk)
    try:
        name = request.POST.get("new_name", "").strip()
        if name:
            actor = service.add_actor(workspace, name, organisation=request.POST.get("new_organisation", ""),
                                      role=request.POST.get("new_role", ""))
            service.set_rasci(workspace, pk, actor, request.POST.get("new_letter", ""))
        for actor in Actor.objects.filter(workspace=workspace):
            key = f"letter-{actor.pk}"
            if key in request.POST:
                service.set_rasci(workspace, pk, actor, request.POST[key])
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
    else:
        messages.success(request, _("De RASCI-rollen zijn bewaard."))
    return redirect(_back(slug, pk) + "#rasci")


@login_required
@require_POST
def action_note(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    _action_or_404(workspace, pk)
    try:
        text = request.POST.get("text", "").strip()
        if not text:
            raise ZorgzaamError("plan_title_empty")
        service.add_progress_note(workspace, pk, date=_date(request.POST.get("date")) or dt.date.today(), text=text,
                                  attachment=request.FILES.get("attachment"), user=_user(request))
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
    else:
        messages.success(request, _("De voortgang is genoteerd."))
    return redirect(_back(slug, pk) + "#notes")


@login_required
@require_POST
def action_count(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    _action_or_404(workspace, pk)
    try:
        count = request.POST.get("count", "")
        if not count.isdigit():
            raise ZorgzaamError("not_a_number", value=count)
        service.add_count(workspace, pk, date=_date(request.POST.get("date")) or dt.date.today(),
                          label=request.POST.get("label", ""), count=int(count), user=_user(request))
        norms = Norm.objects.filter(node_id=pk, source_kind=Norm.COUNTS)
        if norms:
            service.refresh_measurements(workspace, norms)
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
    else:
        messages.success(request, _("De telling is bewaard."))
    return redirect(_back(slug, pk) + "#counts")


@login_required
@no_store
def note_attachment(request, slug, pk, note):
    """A progress note's attachment (a photo, an attendance list with names): only for the roles that do the
    work (edit content), audited; a lezer sees that there is one, not what is in it."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    action = _action_or_404(workspace, pk)
    found = action.notes.filter(pk=note).first()
    if found is None or not found.attachment:
        raise Http404
    from zorgzaam.workspaces.audit import record_download

    name = found.attachment.name.rsplit("/", 1)[-1]
    record_download(request, workspace, "plan_attachment", fmt=name.rsplit(".", 1)[-1], target=name, obj=found,
                    plan_action=action.pk)
    return FileResponse(found.attachment.open("rb"), as_attachment=True, filename=name)


@login_required
def norm_board_view(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = _lang()
    rows = service.norm_board(workspace, lang=lang)
    wanted = request.GET.get("status", "")
    shown = norm_texts([r for r in rows if not wanted or r["status"] == wanted], slug, lang)
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    from zorgzaam.plan.norms import STATUSES, status_label

    return render(request, "plan/norms.html", {
        "workspace": workspace, "nav": "plan", "rows": shown, "total": len(rows), "wanted": wanted,
        "summary": [(s, status_label(s, lang), counts.get(s, 0)) for s in STATUSES],
        "neighbourhoods": Neighbourhood.objects.filter(workspace=workspace).order_by("name")})


@login_required
@require_POST
def norm_refresh(request, slug):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    result = service.refresh_measurements(workspace)
    messages.success(request, _("%(count)s metingen berekend uit het profiel, de bevragingen en de tellingen.")
                     % {"count": result["written"]})
    for problem in result["problems"]:
        messages.warning(request, problem["message"])
    return redirect("plan-norms", slug=slug)
