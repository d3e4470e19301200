"""Screens to change the plan's goals and norms: a node's page (edit, move, delete a goal or action in the
tree), a norm's form (add or edit, with its indicator source: a catalogue indicator of the profile, a survey
question, counts on the action over a population figure, or a value typed with its evidence), typed
measurements, computing the measurements again, and the map data of actions per neighbourhood.

Thin: the checks are those of :mod:`plan.norms` and :mod:`plan.goal_tree`, called through
:mod:`plan.plan_service`; a refusal is shown at the field it is about. Every member sees; only roles that
edit content change (``workspace_for(..., needs=Action.EDIT_CONTENT)`` on every POST: a lezer gets 403); a
workspace you are not a member of answers 404, and so does a node or norm of another workspace."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.areas.neighbourhood_service import outlines_geojson
from zorgzaam.messages import ZorgzaamError
from zorgzaam.messages import render as render_message
from zorgzaam.plan import goal_tree as gt
from zorgzaam.plan import plan_service as service
from zorgzaam.plan.tree_models import GoalNode, Measurement, Norm
from zorgzaam.plan.tree_views import _lang, _user, _value, norm_texts
from zorgzaam.workspaces.permissions import Action, workspace_for

# which field of the norm form a refusal is about (the rest is shown above the form)
NORM_FIELD_OF = {
    "norm_percent_over_100": "target", "norm_negative_target": "target", "norm_no_target": "target",
    "norm_bad_comparison": "comparison", "norm_bad_source": "source_kind",
    "norm_needs_indicator": "indicator_id", "norm_unknown_indicator": "indicator_id",
    "norm_needs_question": "question", "norm_counts_on_action": "source_kind", "norm_needs_counts": "count_label",
    "measurement_percent_over_100": "baseline_value", "measurement_negative": "baseline_value",
    "measurement_before_baseline": "baseline_date", "plan_title_empty": "description",
}
# the input a refusal of a norm field points to (the error summary links to it)
NORM_INPUT_ID = {
    "description": "n-description", "source_kind": "n-source-typed", "target": "n-target", "comparison": "n-comparison",
    "deadline": "n-deadline", "every_months": "n-every", "baseline_value": "n-baseline",
    "baseline_date": "n-baseline-date", "indicator_id": "n-indicator", "question": "n-question",
    "count_label": "n-count-label", "denominator_value": "n-denominator-value",
}
MEASUREMENT_FIELD_OF = {
    "measurement_before_baseline": "m_date", "measurement_percent_over_100": "m_value",
    "measurement_negative": "m_value", "measurement_numerator_too_big": "m_value",
    "measurement_no_denominator": "m_value", "not_a_number": "m_value",
}
PARTS = ("value", "numerator", "denominator")


# ------------------------------------------------------------------------------------------ helpers

def _node_or_404(workspace, pk) -> GoalNode:
    node = GoalNode.objects.filter(pk=pk, workspace=workspace).first()
    if node is None:
        raise Http404
    return node


def _norm_or_404(workspace, pk) -> Norm:
    norm = Norm.objects.filter(pk=pk, workspace=workspace).select_related("node", "question", "neighbourhood").first()
    if norm is None:
        raise Http404
    return norm


def _row(workspace, node_id, lang) -> tuple[dict, list[dict]]:
    plan = service.plan_rows(workspace, lang=lang)
    return next((r for r in plan["rows"] if r["id"] == node_id), {"label": "", "title": ""}), plan["rows"]


def _node_url(slug, node: GoalNode) -> str:
    if node.kind == gt.ACTION:
        return reverse("plan-action", args=[slug, node.pk])
    return reverse("plan-node", args=[slug, node.pk])


class _Errors(dict):
    """field -> message; ``general`` for a refusal that is about no single field."""

    def add(self, field: str, message: str) -> None:
        self[field] = f"{self[field]} {message}" if field in self else message


def _number(text: str, field: str, errors: _Errors, lang: str, *, integer: bool = False):
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return int(text) if integer else float(text)
    except ValueError:
        errors.add(field, render_message("not_a_number", {"value": text}, lang=lang))
        return None


def _day(text: str, field: str, errors: _Errors, lang: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.add(field, _("'%(value)s' is geen datum (jjjj-mm-dd).") % {"value": text})
        return None


def _catalogue_choices(workspace, lang) -> list[tuple[str, str]]:
    from zorgzaam.profile.service import workspace_catalogue

    return sorted(((i.id, i.name.get(lang) or i.name.get("nl") or i.id) for i in workspace_catalogue(workspace)),
                  key=lambda pair: pair[1].lower())


def _questions(workspace, lang) -> list[dict]:
    """The workspace's survey questions that have answers to count (choices or a scale)."""
    from zorgzaam.voices.models import Question

    out = []
    for q in Question.objects.filter(questionnaire__workspace=workspace, type__in=("single", "multiple", "scale")
                                     ).select_related("questionnaire").order_by("questionnaire_id", "position"):
        if q.type == "scale" and q.scale_min is not None and q.scale_max is not None:
            answers = [(str(v), str(v)) for v in range(q.scale_min, q.scale_max + 1)]
        else:
            answers = [(str(c.get("code")), c.get(lang) or c.get("nl") or str(c.get("code"))) for c in q.choices or []]
        text = (q.text_en if lang == "en" and q.text_en else q.text_nl)
        title = q.questionnaire.title_en if lang == "en" and q.questionnaire.title_en else q.questionnaire.title_nl
        out.append({"id": q.pk, "label": f"{title} · {q.code}: {text[:80]}", "answers": answers})
    return out


# ------------------------------------------------------------------------------------------ goal nodes

@login_required
def node_view(request, slug, pk):
    """A goal's page (any node's place in the tree): its fields, its norms, move and delete."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    node = _node_or_404(workspace, pk)
    lang = _lang()
    row, rows = _row(workspace, node.pk, lang)
    tree = service.load_tree(workspace)
    below = {n.id for n in tree.descendants(node.pk)} | {node.pk}
    parents = [r for r in rows if r["kind"] != gt.ACTION and r["id"] not in below]
    board = norm_texts(service.norm_board(workspace, lang=lang, tree=tree, node=node.pk), slug, lang)
    return render(request, "plan/node.html", {
        "workspace": workspace, "nav": "plan", "node": node, "row": row, "norms": board, "parents": parents,
        "children": [r for r in rows if r["parent"] == node.pk],
        "neighbourhoods": Neighbourhood.objects.filter(workspace=workspace).order_by("name"),
        "chosen_hoods": set(node.neighbourhoods.values_list("pk", flat=True)),
        "is_action": node.kind == gt.ACTION, "kind_label": dict(GoalNode.KINDS).get(node.kind, node.kind),
    })


@login_required
@require_POST
def node_save(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    node = _node_or_404(workspace, pk)
    post, lang = request.POST, _lang()
    try:
        errors = _Errors()
        horizon = _number(post.get("horizon_years", ""), "horizon_years", errors, lang, integer=True)
        if errors:
            raise ZorgzaamError("not_a_number", value=post.get("horizon_years", ""))
        hoods = [int(v) for v in post.getlist("neighbourhoods") if v.isdigit()]
        changes = {"title": post.get("title", ""), "description": post.get("description", ""),
                   "working_group": post.get("working_group", ""),
                   "neighbourhoods": list(Neighbourhood.objects.filter(workspace=workspace, pk__in=hoods))}
        if node.kind == gt.LONG:
            changes["horizon_years"] = horizon
        service.update_node(workspace, node.pk, **changes)
    except ZorgzaamError as error:
        messages.error(request, error.render(lang))
    else:
        messages.success(request, _("Bewaard: %(title)s") % {"title": post.get("title", "").strip()})
    return redirect(reverse("plan-node", args=[slug, node.pk]))


@login_required
@require_POST
def node_move(request, slug, pk):
    """Hang a node (with everything under it) elsewhere; under itself or its own descendant is refused."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    node = _node_or_404(workspace, pk)
    parent = request.POST.get("parent", "")
    position = request.POST.get("position", "").strip()
    try:
        service.move_node(workspace, node.pk, int(parent) if parent.isdigit() else None,
                          int(position) - 1 if position.isdigit() and int(position) > 0 else None)
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
    else:
        messages.success(request, _("Verplaatst: %(title)s") % {"title": node.title})
    return redirect(reverse("plan-node", args=[slug, node.pk]) + "#move")


@login_required
@require_POST
def node_delete(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    node = _node_or_404(workspace, pk)
    try:
        service.delete_node(workspace, node.pk)
    except ZorgzaamError as error:
        messages.error(request, error.render(_lang()))
        return redirect(reverse("plan-node", args=[slug, node.pk]) + "#delete")
    messages.success(request, _("Verwijderd: %(title)s") % {"title": node.title})
    return redirect("plan-tree", slug=slug)


# ------------------------------------------------------------------------------------------ norms

def _norm_values(norm: Norm | None) -> dict:
    if norm is None:
        return {"source_kind": Norm.TYPED, "comparison": ">=", "unit": "%", "denominator_part": "value"}
    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.isoformat()
        return f"{value:g}" if isinstance(value, float) else str(value)

    return {"description": norm.description, "source_kind": norm.source_kind, "target": text(norm.target),
            "comparison": norm.comparison, "unit": norm.unit, "deadline": text(norm.deadline),
            "every_months": text(norm.every_months), "baseline_value": text(norm.baseline_value),
            "baseline_date": text(norm.baseline_date), "neighbourhood": str(norm.neighbourhood_id or ""),
            "indicator_id": norm.indicator_id, "question": str(norm.question_id or ""),
            "answers": [f"{norm.question_id}|{a}" for a in norm.answers], "count_label": norm.count_label,
            "denominator_indicator": norm.denominator_indicator, "denominator_part": norm.denominator_part or "value",
            "denominator_value": text(norm.denominator_value), "how_measured": norm.how_measured}


def _read_norm(request, workspace, lang) -> tuple[dict, dict, _Errors]:
    """(the values as typed, the service's keyword arguments, field errors of reading them)."""
    post = request.POST
    values = {key: post.get(key, "").strip() for key in (
        "description", "source_kind", "target", "comparison", "unit", "deadline", "every_months", "baseline_value",
        "baseline_date", "neighbourhood", "indicator_id", "question", "count_label", "denominator_indicator",
        "denominator_part", "denominator_value", "how_measured")}
    values["answers"] = post.getlist("answers")
    errors = _Errors()
    kind = values["source_kind"]
    if not values["description"]:
        errors.add("description", _("Zeg in gewone woorden wanneer je dit een succes noemt."))
    hood = None
    if values["neighbourhood"].isdigit():
        hood = Neighbourhood.objects.filter(workspace=workspace, pk=int(values["neighbourhood"])).first()
    question = None
    if kind == Norm.SURVEY and values["question"].isdigit():
        from zorgzaam.voices.models import Question

        question = Question.objects.filter(pk=int(values["question"]), questionnaire__workspace=workspace).first()
    answers = [a.split("|", 1)[1] for a in values["answers"]
               if "|" in a and question is not None and a.split("|", 1)[0] == str(question.pk)]
    target = values["target"].replace(",", ".")
    kwargs = {
        "description": values["description"], "source_kind": kind, "target": target,
        "comparison": values["comparison"] or ">=", "unit": values["unit"],
        "deadline": _day(values["deadline"], "deadline", errors, lang),
        "every_months": _number(values["every_months"], "every_months", errors, lang, integer=True),
        "baseline_value": _number(values["baseline_value"], "baseline_value", errors, lang),
        "baseline_date": _day(values["baseline_date"], "baseline_date", errors, lang),
        "neighbourhood": hood,
        "indicator_id": values["indicator_id"] if kind == Norm.CATALOGUE else "",
        "question": question, "answers": answers,
        "count_label": values["count_label"] if kind == Norm.COUNTS else "",
        "denominator_indicator": values["denominator_indicator"] if kind == Norm.COUNTS else "",
        "denominator_part": values["denominator_part"] if values["denominator_part"] in PARTS else "value",
        "denominator_value": (_number(values["denominator_value"], "denominator_value", errors, lang)
                              if kind == Norm.COUNTS else None),
        "how_measured": values["how_measured"],
    }
    return values, kwargs, errors


def _norm_page(request, workspace, node, norm, values, errors, status=200, m_values=None, m_errors=None):
    lang = _lang()
    measurements = list(norm.measurements.all()) if norm is not None else []
    for m in measurements:
        m.value_text = _value(m.value, norm.unit, lang)
        m.interval_text = (f"{_value(m.low, norm.unit, lang)} – {_value(m.high, norm.unit, lang)}"
                           if m.low is not None and m.high is not None else "")
    status_row = None
    if norm is not None:
        status_row = next((r for r in service.norm_board(workspace, lang=lang) if r["id"] == norm.pk), None)
    row = _row(workspace, node.pk, lang)[0]
    return render(request, "plan/norm_form.html", {
        "workspace": workspace, "nav": "plan", "node": node, "row": row, "norm": norm, "values": values,
        "errors": errors, "general": errors.get("general", ""), "status_row": status_row,
        "error_links": [(NORM_INPUT_ID[field], message) for field, message in errors.items() if field in NORM_INPUT_ID],
        "measurements": measurements, "m_values": m_values or {"m_date": dt.date.today().isoformat()},
        "m_errors": m_errors or {}, "node_url": _node_url(workspace.slug, node), "is_action": node.kind == gt.ACTION,
        "sources": [(k, str(label)) for k, label in Norm.SOURCES],
        "comparisons": [(">=", _("minstens (≥)")), ("<=", _("hoogstens (≤)")), ("=", _("gelijk aan (=)"))],
        "parts": [("value", _("de waarde")), ("numerator", _("de teller")), ("denominator", _("de noemer"))],
        "indicators": _catalogue_choices(workspace, lang), "questions": _questions(workspace, lang),
        "neighbourhoods": Neighbourhood.objects.filter(workspace=workspace).order_by("name"),
    }, status=status)


def _save_norm(request, workspace, node, norm):
    lang = _lang()
    values, kwargs, errors = _read_norm(request, workspace, lang)
    if not errors:
        try:
            if norm is None:
                norm = service.add_norm(workspace, node.pk, **kwargs)
            else:
                norm = service.update_norm(workspace, norm.pk, **kwargs)
        except ZorgzaamError as error:
            errors.add(NORM_FIELD_OF.get(error.problem.code, "general"), error.render(lang))
    if errors:
        return _norm_page(request, workspace, node, norm if norm is not None and norm.pk else None, values, errors,
                          status=422)
    messages.success(request, _("De norm is bewaard."))
    return redirect("plan-norm", slug=workspace.slug, pk=norm.pk)


@login_required
def norm_create(request, slug, pk):
    """Add a norm to a goal or an action (GET: the empty form)."""
    needs = Action.EDIT_CONTENT if request.method == "POST" else Action.VIEW
    workspace = workspace_for(request, slug, needs=needs)
    node = _node_or_404(workspace, pk)
    if request.method == "POST":
        return _save_norm(request, workspace, node, None)
    return _norm_page(request, workspace, node, None, _norm_values(None), _Errors())


@login_required
def norm_view(request, slug, pk):
    """A norm: its status and measurements; for editors the form to change it and to type a measurement."""
    needs = Action.EDIT_CONTENT if request.method == "POST" else Action.VIEW
    workspace = workspace_for(request, slug, needs=needs)
    norm = _norm_or_404(workspace, pk)
    if request.method == "POST":
        return _save_norm(request, workspace, norm.node, norm)
    return _norm_page(request, workspace, norm.node, norm, _norm_values(norm), _Errors())


@login_required
@require_POST
def measurement_add(request, slug, pk):
    """A typed measurement (a value with its evidence); refused before the baseline or over 100 %."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    norm = _norm_or_404(workspace, pk)
    lang, post = _lang(), request.POST
    m_values = {k: post.get(k, "").strip() for k in ("m_date", "m_value", "m_numerator", "m_denominator", "m_note")}
    m_errors = _Errors()
    day = _day(m_values["m_date"], "m_date", m_errors, lang)
    if day is None and "m_date" not in m_errors:
        m_errors.add("m_date", _("Geef de datum van de meting."))
    value = _number(m_values["m_value"], "m_value", m_errors, lang)
    numerator = _number(m_values["m_numerator"], "m_numerator", m_errors, lang)
    denominator = _number(m_values["m_denominator"], "m_denominator", m_errors, lang)
    if value is None and numerator is None and "m_value" not in m_errors:
        m_errors.add("m_value", _("Geef de gemeten waarde, of het aantal en het totaal."))
    if not m_values["m_note"]:
        m_errors.add("m_note", _("Zeg waar de waarde vandaan komt (het bewijs)."))
    if not m_errors:
        try:
            service.add_measurement(workspace, norm.pk, date=day, value=value, numerator=numerator,
                                    denominator=denominator, source_note=m_values["m_note"], user=_user(request))
        except ZorgzaamError as error:
            m_errors.add(MEASUREMENT_FIELD_OF.get(error.problem.code, "m_value"), error.render(lang))
    if m_errors:
        return _norm_page(request, workspace, norm.node, norm, _norm_values(norm), _Errors(), status=422,
                          m_values=m_values, m_errors=m_errors)
    messages.success(request, _("De meting is bewaard."))
    return redirect(reverse("plan-norm", args=[slug, norm.pk]) + "#measurements")


@login_required
@require_POST
def measurement_delete(request, slug, pk, measurement):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    norm = _norm_or_404(workspace, pk)
    deleted, _count = Measurement.objects.filter(norm=norm, pk=measurement, origin=Measurement.TYPED).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("De meting is verwijderd."))
    return redirect(reverse("plan-norm", args=[slug, norm.pk]) + "#measurements")


@login_required
@require_POST
def norm_refresh_one(request, slug, pk):
    """Compute this norm's measurements again from the profile, the survey or the counts."""
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    norm = _norm_or_404(workspace, pk)
    if norm.source_kind == Norm.TYPED:
        messages.info(request, _("Deze norm meet je zelf: voeg een meting toe met het bewijs."))
    else:
        result = service.refresh_measurements(workspace, [norm])
        messages.success(request, _("%(count)s metingen berekend.") % {"count": result["written"]})
        for problem in result["problems"]:
            messages.warning(request, problem["message"])
    return redirect(reverse("plan-norm", args=[slug, norm.pk]) + "#measurements")


@login_required
@require_POST
def norm_delete(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EDIT_CONTENT)
    norm = _norm_or_404(workspace, pk)
    node = norm.node
    norm.delete()
    messages.success(request, _("De norm is verwijderd."))
    return redirect(_node_url(slug, node))


# ------------------------------------------------------------------------------------------ map

@login_required
def actions_map(request, slug):
    """GeoJSON of the workspace's neighbourhoods (current version, the outline of their sectors) with the
    number of linked actions per term; the plan page draws it next to a table with the same numbers."""
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    rows = map_rows(workspace, versions=True)
    outlines = outlines_geojson([row.pop("_version") for row in rows])  # dissolved once per version, cached
    features = [{"type": "Feature", "geometry": outline, "properties": row}
                for row, outline in zip(rows, outlines, strict=True) if outline is not None]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def map_rows(workspace, *, versions: bool = False) -> list[dict]:
    """Per neighbourhood: id, name, actions per term and in total; with ``versions`` also ``_version``, its
    current version (for the outline), all read in one query instead of one per neighbourhood."""
    counts = service.actions_per_neighbourhood(workspace)
    hoods = list(Neighbourhood.objects.filter(workspace=workspace).order_by("name", "pk"))
    current = {}
    if versions:
        from zorgzaam.areas.models import NeighbourhoodVersion

        for version in NeighbourhoodVersion.objects.filter(neighbourhood__in=hoods).order_by("neighbourhood_id",
                                                                                             "number"):
            current[version.neighbourhood_id] = version  # the highest number wins
    out = []
    for hood in hoods:
        found = counts.get(hood.pk, {})
        row = {"id": hood.pk, "name": hood.name, "KT": found.get("KT", 0), "MLT": found.get("MLT", 0),
               "LT": found.get("LT", 0), "total": found.get("total", 0)}
        if versions:
            row["_version"] = current.get(hood.pk)
        out.append(row)
    return out
