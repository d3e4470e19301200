"""The neighbourhood plan's service layer: every change to vision, challenges, actors, the goal tree,
actions, norms and measurements goes through here, in a transaction. It checks the input (with the plain
modules :mod:`goal_tree`, :mod:`norms` and :mod:`quality`) but not who is asking: the views check roles
with the workspace permission helpers, the CLI runs as the machine's user.

Two people editing one action: every edit names the version it started from; the save is one
``UPDATE … WHERE version = started`` (compare and swap), so when a colleague saved in between, the
second save changes nothing and is refused with a message."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from zorgzaam.messages import ZorgzaamError, format_number, gettext, gettext_noop, pgettext, register, render
from zorgzaam.plan import goal_tree as gt
from zorgzaam.plan import norms as nm
from zorgzaam.plan.models import Finding
from zorgzaam.plan.quality import ActionFacts, NormFacts, check_plan, smart_prompts
from zorgzaam.plan.tree_models import (
    Action,
    ActionCount,
    ActionStatusChange,
    Actor,
    Challenge,
    GoalNode,
    Measurement,
    Norm,
    PlanSettings,
    ProgressNote,
    RasciRole,
    Vision,
)
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS

register({
    "plan_node_not_found": gettext_noop('Onderdeel {id} van het plan niet gevonden.'),
    "plan_not_an_action": gettext_noop('Onderdeel {id} is geen actie.'),
    "plan_other_workspace": gettext_noop('Dat hoort bij een andere werkruimte.'),
    "plan_action_edited_meanwhile": gettext_noop(
        'Iemand anders bewaarde deze actie intussen (versie {current}; jij begon van versie {started}). Er is niets overschreven: bekijk de nieuwe versie en doe je wijziging opnieuw.'),
    "plan_bad_term": gettext_noop("Termijn moet KT, MLT of LT zijn, niet '{value}'."),
    "plan_bad_status": gettext_noop("Onbekende status '{value}'. Kies uit: {known}."),
    "plan_status_needs_reason": gettext_noop('Zeg kort waarom de actie {status} is.'),
    "plan_bad_letter": gettext_noop("Een RASCI-rol is R, A, S, C of I, niet '{value}'."),
    "plan_bad_block": gettext_noop("'{value}' is geen bouwsteen van het referentiekader."),
    "plan_bad_sdg": gettext_noop("Een SDG is een nummer van 1 tot 17, niet '{value}'."),
    "plan_title_empty": gettext_noop('Geef een titel.'),
    "plan_unknown_field": gettext_noop("Veld '{value}' kan je hier niet wijzigen."),
    "norm_needs_indicator": gettext_noop('Kies een indicator uit de catalogus en een buurt.'),
    "norm_unknown_indicator": gettext_noop("Indicator '{value}' staat niet in de catalogus."),
    "norm_needs_question": gettext_noop('Kies een vraag van een bevraging en de antwoorden die meetellen.'),
    "norm_question_gone": gettext_noop(
        "De vraag '{code}' van deze norm bestaat niet meer (verwijderd). Kies een andere vraag of voer de metingen zelf in."),
    "norm_counts_on_action": gettext_noop('Tellingen horen bij een actie; deze norm hangt aan een doel.'),
    "norm_needs_counts": gettext_noop(
        'Zeg welke tellingen meetellen en waardoor gedeeld wordt (een cijfer uit het profiel of een aantal).'),
    "norm_not_found": gettext_noop('Norm {id} niet gevonden.'),
    "actor_name_empty": gettext_noop('Geef de naam van de persoon of organisatie.'),
    "challenge_bad_finding": gettext_noop('Bevinding {id} hoort niet bij deze werkruimte.'),
    "challenge_not_found": gettext_noop('Uitdaging {id} niet gevonden.'),
    "plan_node_has_children": gettext_noop(
        "'{title}' heeft nog {count} onderdelen eronder. Verplaats of verwijder die eerst; dan kan je dit verwijderen."),
})

TERMS = ("KT", "MLT", "LT")
TERM_COLOURS = {"KT": "#1b7a3a", "MLT": "#b35900", "LT": "#b3261e"}  # green, orange, red (dark enough for text)
# Dutch msgids, translated under the context "plan words" (see _words)
TERM_WORDS = {"KT": gettext_noop("korte termijn"), "MLT": gettext_noop("middellange termijn"),
              "LT": gettext_noop("lange termijn")}
STATUS_WORDS = {
    "not_started": gettext_noop("niet gestart"), "under_study": gettext_noop("in onderzoek"),
    "ongoing": gettext_noop("lopend"), "done": gettext_noop("uitgevoerd"), "recurring": gettext_noop("terugkerend"),
    "not_undertaken": gettext_noop("niet ondernomen"),
    "rejected": gettext_noop("afgewezen of stopgezet"),
}
NEEDS_REASON = ("not_undertaken", "rejected")
EDITABLE = ("title", "description", "term", "target_group", "owner", "first_steps", "agreements", "next_evaluation",
            "working_group", "building_blocks")


def _words(msgid: str, lang: str) -> str:
    """One of the plan's words (a Dutch msgid of the tables above) in ``lang``; an unknown code as it is."""
    return pgettext("plan words", msgid, lang) if msgid else ""


def settings_for(workspace) -> PlanSettings:
    found, _ = PlanSettings.objects.get_or_create(workspace=workspace)
    return found


def status_name(code: str, lang: str = "nl", settings: PlanSettings | None = None) -> str:
    """A status in the team's own words when it renamed it, else ours; the meaning (the code) stays."""
    own = (settings.status_names or {}).get(code, {}) if settings is not None else {}
    return own.get(lang) or own.get("nl") or _words(STATUS_WORDS.get(code, code), lang)


def term_badge(term: str, lang: str = "nl", settings: PlanSettings | None = None) -> dict:
    colours = dict(TERM_COLOURS, **((settings.term_colours or {}) if settings is not None else {}))
    return {"code": term, "words": _words(TERM_WORDS.get(term, term), lang),
            "colour": colours.get(term, "#444")}


# ------------------------------------------------------------------------------------------ vision, challenges

@transaction.atomic
def set_vision(workspace, text: str, *, user: str = "") -> Vision:
    vision, _ = Vision.objects.update_or_create(workspace=workspace, defaults={"text": text.strip(), "updated_by": user})
    return vision


def vision_text(workspace) -> str:
    found = Vision.objects.filter(workspace=workspace).first()
    return found.text if found else ""


@transaction.atomic
def add_challenge(workspace, title: str, *, description: str = "", neighbourhoods=(), target_group: str = "",
                  findings=(), user: str = "") -> Challenge:
    if not (title or "").strip():
        raise ZorgzaamError("plan_title_empty")
    finding_rows = list(Finding.objects.filter(pk__in=[getattr(f, "pk", f) for f in findings]))
    asked = {getattr(f, "pk", f) for f in findings}
    for finding in finding_rows:
        if finding.workspace_id != workspace.pk:
            raise ZorgzaamError("challenge_bad_finding", id=finding.pk)
    missing = asked - {f.pk for f in finding_rows}
    if missing:
        raise ZorgzaamError("challenge_bad_finding", id=min(missing))
    for neighbourhood in neighbourhoods:
        if neighbourhood.workspace_id != workspace.pk:
            raise ZorgzaamError("plan_other_workspace")
    position = Challenge.objects.filter(workspace=workspace).count()
    challenge = Challenge.objects.create(workspace=workspace, title=title.strip(), description=description,
                                         target_group=target_group, position=position, created_by=user)
    challenge.neighbourhoods.set(neighbourhoods)
    challenge.findings.set(finding_rows)
    return challenge


def challenge_evidence(challenge: Challenge, lang: str = "nl") -> list[dict]:
    """The challenge's findings, each with a warning when the team later rejected it or the analysis no
    longer produces it: the evidence travels along, and so does its doubt."""
    out = []
    for finding in sorted(challenge.findings.all(), key=lambda f: f.pk):  # a prefetch serves it
        warnings = []
        if finding.status == "rejected":
            warnings.append(gettext("Het team heeft deze bevinding intussen verworpen.", lang))
        if not finding.is_current:
            warnings.append(gettext("De analyse vindt deze bevinding niet meer.", lang))
        out.append({"id": finding.pk, "statement": finding.statement(lang), "status": finding.status,
                    "current": finding.is_current, "warnings": warnings})
    return out


def get_challenge(workspace, challenge_id) -> Challenge:
    found = Challenge.objects.filter(pk=challenge_id).first()
    if found is None:
        raise ZorgzaamError("challenge_not_found", id=challenge_id)
    if found.workspace_id != workspace.pk:
        raise ZorgzaamError("plan_other_workspace")
    return found


@transaction.atomic
def link_challenge(workspace, challenge_id, *, findings=(), nodes=(), neighbourhoods=(), remove: bool = False
                   ) -> Challenge:
    """Link a challenge to more findings (its evidence), goals or actions of the tree and neighbourhoods, or
    (``remove``) undo such links. Everything named must belong to the workspace; one that does not refuses
    the whole change."""
    challenge = get_challenge(workspace, challenge_id)
    finding_rows = list(Finding.objects.filter(pk__in=[getattr(f, "pk", f) for f in findings]))
    missing = {getattr(f, "pk", f) for f in findings} - {f.pk for f in finding_rows}
    if missing:
        raise ZorgzaamError("challenge_bad_finding", id=min(missing))
    if any(f.workspace_id != workspace.pk for f in finding_rows):
        raise ZorgzaamError("challenge_bad_finding", id=next(f.pk for f in finding_rows
                                                                if f.workspace_id != workspace.pk))
    node_rows = [_node(workspace, getattr(n, "pk", n)) for n in nodes]
    if any(n.workspace_id != workspace.pk for n in neighbourhoods):
        raise ZorgzaamError("plan_other_workspace")
    change = "remove" if remove else "add"
    getattr(challenge.findings, change)(*finding_rows)
    getattr(challenge.goal_nodes, change)(*node_rows)
    getattr(challenge.neighbourhoods, change)(*neighbourhoods)
    return challenge


def challenge_rows(workspace, lang: str = "nl") -> list[dict]:
    """Every challenge with its neighbourhoods, the goals and actions linked to it (outline number and title)
    and its evidence (:func:`challenge_evidence`, with the warnings of rejected or vanished findings)."""
    labels = load_tree(workspace).labels(settings_for(workspace).numbering)
    out = []
    for challenge in Challenge.objects.filter(workspace=workspace).prefetch_related(
            "neighbourhoods", "goal_nodes", "findings"):
        out.append({"id": challenge.pk, "title": challenge.title, "description": challenge.description,
                    "target_group": challenge.target_group,
                    "neighbourhoods": sorted(n.name for n in challenge.neighbourhoods.all()),
                    "nodes": [{"id": n.pk, "label": labels.get(n.pk, ""), "title": n.title}
                              for n in sorted(challenge.goal_nodes.all(), key=lambda n: n.pk)],
                    "evidence": challenge_evidence(challenge, lang)})
    return out


@transaction.atomic
def add_actor(workspace, name: str, *, organisation: str = "", role: str = "") -> Actor:
    if not (name or "").strip():
        raise ZorgzaamError("actor_name_empty")
    actor, created = Actor.objects.get_or_create(workspace=workspace, name=name.strip(),
                                                 organisation=organisation.strip(), defaults={"role": role})
    if not created and role and actor.role != role:
        actor.role = role
        actor.save(update_fields=["role"])
    return actor


# ------------------------------------------------------------------------------------------ the tree

def load_tree(workspace) -> gt.GoalTree:
    rows = GoalNode.objects.filter(workspace=workspace).values_list(
        "id", "kind", "title", "parent_id", "position", "working_group", "horizon_years")
    return gt.GoalTree(gt.Node(*row) for row in rows)


def _lock_tree(workspace) -> None:
    """Serialise changes to one workspace's tree (two moves at once could otherwise make a loop together)."""
    type(workspace).objects.select_for_update().filter(pk=workspace.pk).first()


def _check_blocks(blocks) -> list[str]:
    blocks = [b for b in (blocks or []) if b]
    for block in blocks:
        if block not in BUILDING_BLOCKS:
            raise ZorgzaamError("plan_bad_block", value=block)
    return blocks


def _check_sdg(sdg):
    if sdg in (None, ""):
        return None
    try:
        number = int(sdg)
    except (TypeError, ValueError):
        raise ZorgzaamError("plan_bad_sdg", value=sdg) from None
    if not 1 <= number <= 17:
        raise ZorgzaamError("plan_bad_sdg", value=sdg)
    return number


def _node(workspace, node_id) -> GoalNode:
    node = GoalNode.objects.filter(pk=node_id).first()
    if node is None:
        raise ZorgzaamError("plan_node_not_found", id=node_id)
    if node.workspace_id != workspace.pk:
        raise ZorgzaamError("plan_other_workspace")
    return node


def _write_places(changes: dict[int, tuple]) -> None:
    rows = list(GoalNode.objects.filter(pk__in=list(changes)))
    for row in rows:
        row.parent_id, row.position = changes[row.pk]
    GoalNode.objects.bulk_update(rows, ["parent", "position"])


@transaction.atomic
def add_node(workspace, kind: str, title: str, *, parent=None, position: int | None = None,
             working_group: str = "", horizon_years: int | None = None, building_blocks=(),
             multi_year_plan_item: str = "", sdg=None, description: str = "", challenges=(), neighbourhoods=(),
             **action_fields) -> GoalNode:
    """A goal or an action (``kind`` = long, strategic, operational or action) under ``parent`` (a node or
    its id), at ``position`` among its siblings (default last). For an action, ``action_fields`` are the
    Action's fields (term, target_group, owner, first_steps, agreements, next_evaluation, status)."""
    if not (title or "").strip():
        raise ZorgzaamError("plan_title_empty")
    _lock_tree(workspace)
    parent_id = getattr(parent, "pk", parent)
    if parent_id is not None:
        _node(workspace, parent_id)
    tree = load_tree(workspace)
    probe = tree.add(kind, title, parent_id, position=position, working_group=working_group,
                     horizon_years=horizon_years)  # checks kind, parent and horizon; the id is the database's
    node = GoalNode.objects.create(
        workspace=workspace, kind=kind, title=title.strip(), description=description, parent_id=parent_id,
        position=probe.position, working_group=working_group, horizon_years=horizon_years,
        building_blocks=_check_blocks(building_blocks), multi_year_plan_item=multi_year_plan_item,
        sdg=_check_sdg(sdg))
    places = {n.id: (n.parent, n.position) for n in tree.children(parent_id) if n.id != probe.id}
    _write_places(places)
    if challenges:
        node.challenges.set(challenges)
    if neighbourhoods:
        node.neighbourhoods.set(neighbourhoods)
    if kind == gt.ACTION:
        term = action_fields.pop("term", "KT")
        if term not in TERMS:
            raise ZorgzaamError("plan_bad_term", value=term)
        status = action_fields.pop("status", "not_started")
        if status not in STATUS_WORDS:
            raise ZorgzaamError("plan_bad_status", value=status, known=", ".join(STATUS_WORDS))
        user = action_fields.pop("user", "")
        unknown = set(action_fields) - set(EDITABLE)
        if unknown:
            raise ZorgzaamError("plan_unknown_field", value=sorted(unknown)[0])
        action = Action.objects.create(node=node, term=term, status=status, updated_by=user, **action_fields)
        ActionStatusChange.objects.create(action=action, status=status, changed_by=user)
    return node


@transaction.atomic
def move_node(workspace, node_id, new_parent, position: int | None = None) -> dict[int, tuple]:
    """Move a node (and everything under it); refuses loops and kinds that may not hang there."""
    _lock_tree(workspace)
    _node(workspace, node_id)
    parent_id = getattr(new_parent, "pk", new_parent)
    if parent_id is not None:
        _node(workspace, parent_id)
    tree = load_tree(workspace)
    changes = tree.move(int(node_id), parent_id, position)
    _write_places(changes)
    return changes


@transaction.atomic
def remove_node(workspace, node_id) -> list[int]:
    _lock_tree(workspace)
    node = _node(workspace, node_id)
    tree = load_tree(workspace)
    parent = node.parent_id
    gone = tree.remove(node.pk)
    GoalNode.objects.filter(pk__in=gone).delete()
    tree._renumber(parent)
    _write_places({n.id: (n.parent, n.position) for n in tree.children(parent)})
    return gone


NODE_FIELDS = ("title", "description", "working_group", "horizon_years", "building_blocks", "multi_year_plan_item",
               "sdg", "neighbourhoods", "challenges")


@transaction.atomic
def update_node(workspace, node_id, **changes) -> GoalNode:
    """A goal's (or an action's tree) fields: title, description, working group, horizon, building blocks,
    multi-year plan item, SDG, neighbourhoods and challenges. Its place changes only with :func:`move_node`."""
    unknown = set(changes) - set(NODE_FIELDS)
    if unknown:
        raise ZorgzaamError("plan_unknown_field", value=sorted(unknown)[0])
    node = _node(workspace, node_id)
    if "title" in changes:
        if not (changes["title"] or "").strip():
            raise ZorgzaamError("plan_title_empty")
        node.title = changes["title"].strip()
    if "horizon_years" in changes:
        horizon = changes["horizon_years"]
        if horizon is not None and (not isinstance(horizon, int) or not 1 <= horizon <= 30):
            raise ZorgzaamError("tree_bad_horizon", value=horizon)
        node.horizon_years = horizon
    if "building_blocks" in changes:
        node.building_blocks = _check_blocks(changes["building_blocks"])
    if "sdg" in changes:
        node.sdg = _check_sdg(changes["sdg"])
    for field in ("description", "working_group", "multi_year_plan_item"):
        if field in changes:
            setattr(node, field, (changes[field] or "").strip())
    node.save()
    for field in ("neighbourhoods", "challenges"):
        if field in changes:
            chosen = list(changes[field])
            if any(item.workspace_id != workspace.pk for item in chosen):
                raise ZorgzaamError("plan_other_workspace")
            getattr(node, field).set(chosen)
    return node


@transaction.atomic
def delete_node(workspace, node_id) -> list[int]:
    """Delete one goal or action. A node that still has goals or actions under it is refused: move them
    first (nothing disappears along with it by accident). Its norms, measurements and notes go with it."""
    node = _node(workspace, node_id)
    children = GoalNode.objects.filter(parent=node).count()
    if children:
        raise ZorgzaamError("plan_node_has_children", title=node.title, count=children)
    return remove_node(workspace, node.pk)


# ------------------------------------------------------------------------------------------ actions

def get_action(workspace, action_id) -> Action:
    node = _node(workspace, action_id)
    if node.kind != gt.ACTION:
        raise ZorgzaamError("plan_not_an_action", id=action_id)
    return Action.objects.select_related("node").get(pk=node.pk)


def _refuse_stale(action_id, started) -> None:
    current = Action.objects.filter(pk=action_id).values_list("version", flat=True).first()
    raise ZorgzaamError("plan_action_edited_meanwhile", current=current, started=started)


@transaction.atomic
def update_action(workspace, action_id, *, version: int, user: str = "", **changes) -> Action:
    """Save an edit that started from ``version``. Refused (nothing written) when someone saved meanwhile."""
    action = get_action(workspace, action_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ZorgzaamError("plan_unknown_field", value=sorted(unknown)[0])
    if "term" in changes and changes["term"] not in TERMS:
        raise ZorgzaamError("plan_bad_term", value=changes["term"])
    node_fields = {k: changes.pop(k) for k in ("title", "description", "working_group", "building_blocks")
                   if k in changes}
    if "title" in node_fields and not (node_fields["title"] or "").strip():
        raise ZorgzaamError("plan_title_empty")
    if "building_blocks" in node_fields:
        node_fields["building_blocks"] = _check_blocks(node_fields["building_blocks"])
    saved = Action.objects.filter(pk=action.pk, version=int(version)).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now(), **changes)
    if not saved:
        _refuse_stale(action.pk, version)
    if node_fields:
        GoalNode.objects.filter(pk=action.pk).update(**node_fields)
    return Action.objects.select_related("node").get(pk=action.pk)


@transaction.atomic
def change_status(workspace, action_id, status: str, *, version: int, reason: str = "", user: str = "") -> Action:
    """A new status, kept in the history; not undertaken, rejected or dropped need a reason."""
    action = get_action(workspace, action_id)
    if status not in STATUS_WORDS:
        raise ZorgzaamError("plan_bad_status", value=status, known=", ".join(STATUS_WORDS))
    if status in NEEDS_REASON and not reason.strip():
        raise ZorgzaamError("plan_status_needs_reason", status=_words(STATUS_WORDS[status], "nl"))
    saved = Action.objects.filter(pk=action.pk, version=int(version)).update(
        version=F("version") + 1, status=status, status_reason=reason.strip(), updated_by=user,
        updated_at=timezone.now())
    if not saved:
        _refuse_stale(action.pk, version)
    ActionStatusChange.objects.create(action=action, status=status, reason=reason.strip(), changed_by=user)
    return Action.objects.select_related("node").get(pk=action.pk)


@transaction.atomic
def set_rasci(workspace, action_id, actor: Actor, letter: str) -> RasciRole | None:
    """Give ``actor`` a letter in the action's RASCI row ('' removes it)."""
    action = get_action(workspace, action_id)
    if actor.workspace_id != workspace.pk:
        raise ZorgzaamError("plan_other_workspace")
    letter = (letter or "").strip().upper()
    if not letter:
        RasciRole.objects.filter(action=action, actor=actor).delete()
        return None
    if letter not in "RASCI" or len(letter) != 1:
        raise ZorgzaamError("plan_bad_letter", value=letter)
    role, _ = RasciRole.objects.update_or_create(action=action, actor=actor, defaults={"letter": letter})
    return role


@transaction.atomic
def add_progress_note(workspace, action_id, *, date: dt.date, text: str, attachment=None,
                      user: str = "") -> ProgressNote:
    action = get_action(workspace, action_id)
    note = ProgressNote(action=action, date=date, text=text.strip(), created_by=user)
    if attachment is not None:
        note.attachment = attachment
    note.save()
    return note


@transaction.atomic
def add_count(workspace, action_id, *, date: dt.date, label: str, count: int, note: str = "",
              user: str = "") -> ActionCount:
    action = get_action(workspace, action_id)
    if int(count) < 0:
        raise ZorgzaamError("negative_count", value=count)
    row, _ = ActionCount.objects.update_or_create(action=action, date=date, label=label.strip(),
                                                  defaults={"count": int(count), "note": note, "created_by": user})
    return row


# ------------------------------------------------------------------------------------------ norms

def _check_norm(workspace, node, *, source_kind, target, comparison, unit, baseline_value, baseline_date,
                neighbourhood, indicator_id, question, answers, count_label, denominator_indicator,
                denominator_value) -> float:
    """The checks a norm passes when it is added or changed; returns the target as a number."""
    nm.check_source(source_kind)
    target = nm.check_target(target, comparison, unit)
    if baseline_value is not None and unit == nm.PERCENT:
        nm.check_measurement(day=baseline_date or dt.date.min, value=float(baseline_value), unit=unit,
                             baseline_date=None)
    if neighbourhood is not None and neighbourhood.workspace_id != workspace.pk:
        raise ZorgzaamError("plan_other_workspace")
    if source_kind == Norm.CATALOGUE:
        if not indicator_id or neighbourhood is None:
            raise ZorgzaamError("norm_needs_indicator")
        _check_indicator(workspace, indicator_id)
    if source_kind == Norm.SURVEY:
        if question is None or not answers:
            raise ZorgzaamError("norm_needs_question")
        if question.questionnaire.workspace_id != workspace.pk:
            raise ZorgzaamError("plan_other_workspace")
    if source_kind == Norm.COUNTS:
        if node.kind != gt.ACTION:
            raise ZorgzaamError("norm_counts_on_action")
        if not count_label or not (denominator_value or (denominator_indicator and neighbourhood is not None)):
            raise ZorgzaamError("norm_needs_counts")
        if denominator_indicator:
            _check_indicator(workspace, denominator_indicator)
    return target


@transaction.atomic
def add_norm(workspace, node_id, *, description: str, source_kind: str, target, comparison: str = ">=",
             unit: str = "%", deadline: dt.date | None = None, baseline_value: float | None = None,
             baseline_date: dt.date | None = None, every_months: int | None = None, tolerance: float = 0.0,
             neighbourhood=None, indicator_id: str = "", question=None, answers=(), count_label: str = "",
             denominator_indicator: str = "", denominator_part: str = "value", denominator_value=None,
             how_measured: str = "") -> Norm:
    node = _node(workspace, node_id)
    target = _check_norm(workspace, node, source_kind=source_kind, target=target, comparison=comparison, unit=unit,
                         baseline_value=baseline_value, baseline_date=baseline_date, neighbourhood=neighbourhood,
                         indicator_id=indicator_id, question=question, answers=answers, count_label=count_label,
                         denominator_indicator=denominator_indicator, denominator_value=denominator_value)
    return Norm.objects.create(
        workspace=workspace, node=node, description=description.strip(), source_kind=source_kind, target=target,
        comparison=comparison, unit=unit, deadline=deadline, baseline_value=baseline_value,
        baseline_date=baseline_date, every_months=every_months, tolerance=tolerance, neighbourhood=neighbourhood,
        indicator_id=indicator_id, question=question, question_code=question.code if question is not None else "",
        answers=list(answers), count_label=count_label, denominator_indicator=denominator_indicator,
        denominator_part=denominator_part or "value", denominator_value=denominator_value,
        how_measured=how_measured)


NORM_FIELDS = ("description", "source_kind", "target", "comparison", "unit", "deadline", "baseline_value",
               "baseline_date", "every_months", "tolerance", "neighbourhood", "indicator_id", "question", "answers",
               "count_label", "denominator_indicator", "denominator_part", "denominator_value", "how_measured")


@transaction.atomic
def update_norm(workspace, norm_id, **changes) -> Norm:
    """Change a norm with the same checks as :func:`add_norm`. A new baseline date after a typed
    measurement is refused (that measurement would come before the baseline); computed measurements of a
    changed source are recomputed by the next refresh."""
    unknown = set(changes) - set(NORM_FIELDS)
    if unknown:
        raise ZorgzaamError("plan_unknown_field", value=sorted(unknown)[0])
    norm = Norm.objects.select_for_update().select_related("node").get(pk=get_norm(workspace, norm_id).pk)
    values = {field: getattr(norm, field) for field in NORM_FIELDS}
    values.update(changes)
    values["target"] = _check_norm(
        workspace, norm.node, **{k: values[k] for k in (
            "source_kind", "target", "comparison", "unit", "baseline_value", "baseline_date", "neighbourhood",
            "indicator_id", "question", "answers", "count_label", "denominator_indicator", "denominator_value")})
    if values["baseline_date"] is not None:
        early = norm.measurements.filter(origin=Measurement.TYPED, date__lt=values["baseline_date"]).first()
        if early is not None:
            raise ZorgzaamError("measurement_before_baseline", date=early.date.isoformat(),
                                baseline=values["baseline_date"].isoformat())
    for field, value in values.items():
        setattr(norm, field, value)
    norm.description = (norm.description or "").strip()
    norm.answers = list(norm.answers or [])
    norm.denominator_part = norm.denominator_part or "value"
    if norm.question is not None:
        norm.question_code = norm.question.code
    norm.save()
    if norm.baseline_date is not None:
        norm.measurements.filter(origin=Measurement.COMPUTED, date__lt=norm.baseline_date).delete()
    return norm


def _check_indicator(workspace, indicator_id: str) -> None:
    from zorgzaam.profile.service import workspace_catalogue

    if indicator_id not in workspace_catalogue(workspace):
        raise ZorgzaamError("norm_unknown_indicator", value=indicator_id)


def get_norm(workspace, norm_id) -> Norm:
    norm = Norm.objects.filter(pk=norm_id).select_related("node").first()
    if norm is None:
        raise ZorgzaamError("norm_not_found", id=norm_id)
    if norm.workspace_id != workspace.pk:
        raise ZorgzaamError("plan_other_workspace")
    return norm


@transaction.atomic
def add_measurement(workspace, norm_id, *, date: dt.date, value: float | None = None, numerator=None,
                    denominator=None, low=None, high=None, source_note: str = "", user: str = "",
                    origin: str = Measurement.TYPED, shown: bool = True, reliability: str = "") -> Measurement:
    """A dated measurement (typed, or computed by :func:`refresh_measurements`). A value is computed from
    numerator and denominator when it is not given. Refused: before the baseline, a share over 100 %, a part
    larger than its whole."""
    norm = get_norm(workspace, norm_id)
    if value is None:
        if numerator is None or not denominator:
            raise ZorgzaamError("measurement_no_denominator")
        value = (100.0 if norm.unit == nm.PERCENT else 1.0) * float(numerator) / float(denominator)
    nm.check_measurement(day=date, value=float(value), unit=norm.unit, baseline_date=norm.baseline_date,
                         numerator=numerator, denominator=denominator)
    row, _ = Measurement.objects.update_or_create(norm=norm, date=date, defaults={
        "value": float(value), "numerator": numerator, "denominator": denominator, "low": low, "high": high,
        "source_note": source_note, "created_by": user, "origin": origin, "shown": shown,
        "reliability": reliability})
    return row


def _profile_rows(neighbourhood, cache: dict) -> pd.DataFrame:
    """The neighbourhood's own figures (all indicators and periods), computed once per refresh."""
    if neighbourhood.pk not in cache:
        from zorgzaam.profile.service import neighbourhood_profile

        cache[neighbourhood.pk] = neighbourhood_profile(neighbourhood).focus_results()
    return cache[neighbourhood.pk]


def _survey_date(survey) -> dt.date:
    if survey.closes_on:
        return survey.closes_on
    from zorgzaam.voices.models import Respondent

    last = Respondent.objects.filter(survey=survey, completed_at__isnull=False).order_by("-completed_at").first()
    if last is not None:
        return last.completed_at.date()
    return survey.opens_on or survey.created_at.date()


def _counted(value, answers: set[str]) -> bool:
    if isinstance(value, (list, tuple)):
        return bool(answers & {str(v) for v in value})
    return str(value) in answers


@transaction.atomic
def refresh_measurements(workspace, norms=None, *, today: dt.date | None = None) -> dict:
    """Compute the measurements of the norms whose source is the profile, a survey or the action's counts
    (typed norms keep what was typed). Earlier computed measurements of those norms are replaced. Returns
    ``{"written": n, "problems": [{"norm": id, "message": …}]}``; a problem stops only its own norm."""
    query = Norm.objects.filter(workspace=workspace).exclude(source_kind=Norm.TYPED).select_related(
        "neighbourhood", "question__questionnaire", "node")
    if norms is not None:
        query = query.filter(pk__in=[getattr(n, "pk", n) for n in norms])
    profiles: dict = {}
    written, problems = 0, []
    for norm in query:
        try:
            readings = list(_readings(norm, profiles))
        except ZorgzaamError as error:
            problems.append({"norm": norm.pk, "code": error.problem.code, "message": error.render()})
            continue
        Measurement.objects.filter(norm=norm, origin=Measurement.COMPUTED).delete()
        for day, reading, note, reliability in readings:
            if norm.baseline_date is not None and day < norm.baseline_date:
                continue  # a figure from before the baseline is history, not a measurement of this norm
            if today is not None and day > today:
                continue
            add_measurement(workspace, norm.pk, date=day, value=reading.value, numerator=reading.numerator,
                            denominator=reading.denominator, low=reading.low, high=reading.high, source_note=note,
                            origin=Measurement.COMPUTED, shown=reading.shown, reliability=reliability)
            written += 1
    return {"written": written, "problems": problems}


def _readings(norm: Norm, profiles: dict):
    """(date, Reading, source note, reliability) for one norm from its source."""
    if norm.source_kind == Norm.CATALOGUE:
        rows = _profile_rows(norm.neighbourhood, profiles)
        rows = rows[(rows["indicator"] == norm.indicator_id) & (rows["status"] == "ok")]
        for row in rows.sort_values("period").itertuples(index=False):
            yield (nm.period_date(row.period),
                   nm.Reading(float(row.value), None, None, _float(row.numerator), _float(row.denominator)),
                   f"buurtprofiel {norm.neighbourhood.name}, {norm.indicator_id}, {row.period}",
                   getattr(row, "reliability", "") or "")
    elif norm.source_kind == Norm.SURVEY:
        if norm.question is None:
            raise ZorgzaamError("norm_question_gone", code=norm.question_code or "?")
        from zorgzaam.voices.models import Survey
        from zorgzaam.voices.services import response_data

        answers = {str(a) for a in norm.answers}
        for survey in Survey.objects.filter(questionnaire=norm.question.questionnaire).order_by("id"):
            data = response_data(survey)
            frame = data.frame
            if norm.neighbourhood is not None:
                frame = frame[frame["neighbourhood"] == norm.neighbourhood.name]
            values = frame[norm.question.code].dropna() if norm.question.code in frame else pd.Series([], dtype=object)
            n = int(len(values))
            if n < survey.min_cell:
                continue
            k = int(sum(_counted(v, answers) for v in values))
            yield (_survey_date(survey), nm.survey_share(k, n, min_cell=survey.min_cell),
                   f"bevraging {survey.name}, vraag {norm.question.code}", "")
    elif norm.source_kind == Norm.COUNTS:
        counts = ActionCount.objects.filter(action_id=norm.node_id, label=norm.count_label).order_by("date")
        for count in counts:
            denominator, note = _denominator(norm, count.date, profiles)
            yield (count.date, nm.count_share(count.count, denominator),
                   f"telling '{count.label}' {count.date.isoformat()} over {note}", "")


def _float(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _denominator(norm: Norm, day: dt.date, profiles: dict) -> tuple[float, str]:
    if norm.denominator_value:
        return float(norm.denominator_value), format_number(norm.denominator_value)
    rows = _profile_rows(norm.neighbourhood, profiles)
    rows = rows[(rows["indicator"] == norm.denominator_indicator) & (rows["status"] == "ok")].sort_values("period")
    column = norm.denominator_part if norm.denominator_part in ("value", "numerator", "denominator") else "value"
    usable = [r for r in rows.itertuples(index=False) if nm.period_date(r.period) <= day] or \
        list(rows.itertuples(index=False))[:1]
    if not usable:
        raise ZorgzaamError("measurement_no_denominator")
    row = usable[-1]
    value = _float(getattr(row, column))
    if not value:
        raise ZorgzaamError("measurement_no_denominator")
    return value, f"{format_number(value)} ({norm.denominator_indicator}, {row.period})"


# ------------------------------------------------------------------------------------------ reading the plan

def norm_board(workspace, *, today: dt.date | None = None, lang: str = "nl", tree: gt.GoalTree | None = None,
               node: int | None = None) -> list[dict]:
    """Every norm of the workspace with its computed status: one query for the norms, one for all their
    measurements, then one loop with the one-norm rules of :func:`plan.norms.evaluate` over the prefetched
    rows (measured in ``benchmarks/bench_norm_board.py``: at a few hundred norms a plain loop beats building
    data frames for :func:`plan.norms.board`, which gives the same statuses). With ``node``, only the norms of
    that goal or action (an action's page)."""
    today = today or dt.date.today()
    norms = Norm.objects.filter(workspace=workspace)
    if node is not None:
        norms = norms.filter(node_id=node)
    norm_rows = list(norms.values(
        "id", "node_id", "description", "source_kind", "target", "comparison", "unit", "deadline",
        "baseline_value", "baseline_date", "every_months", "tolerance", "indicator_id", "question_id",
        "question_code", "neighbourhood__name"))
    if not norm_rows:
        return []
    by_norm: dict[int, list] = defaultdict(list)
    shown_on: dict[tuple, bool] = {}
    measurements = Measurement.objects.filter(norm__workspace=workspace)
    if node is not None:
        measurements = measurements.filter(norm__node_id=node)
    for norm_id, day, value, low, high, shown in measurements.values_list(
            "norm_id", "date", "value", "low", "high", "shown"):
        by_norm[norm_id].append(nm.MeasurementSpec(norm_id, day, value, low, high))
        shown_on[norm_id, day] = shown
    results = [nm.evaluate(nm.NormSpec(n["id"], n["target"], n["comparison"], n["unit"], n["deadline"],
                                       n["baseline_value"], n["baseline_date"], n["every_months"], n["tolerance"]),
                           by_norm.get(n["id"], []), today) for n in norm_rows]
    tree = tree or load_tree(workspace)
    labels = tree.labels(settings_for(workspace).numbering)
    titles = {n.id: n.title for n in tree.nodes.values()}
    out, gone_texts = [], {}
    for norm, row in zip(norm_rows, results, strict=True):
        visible = shown_on.get((norm["id"], row.latest_date), True)
        gone = norm["source_kind"] == Norm.SURVEY and norm["question_id"] is None
        out.append({
            "id": norm["id"], "node": norm["node_id"], "node_label": labels.get(norm["node_id"], ""),
            "node_title": titles.get(norm["node_id"], ""), "description": norm["description"],
            "source_kind": norm["source_kind"], "source_label": _words(nm.SOURCE_LABELS[norm["source_kind"]], lang),
            "neighbourhood": norm["neighbourhood__name"] or "", "indicator": norm["indicator_id"] or
            norm["question_code"], "target": norm["target"], "comparison": norm["comparison"], "unit": norm["unit"],
            "deadline": norm["deadline"], "status": row.status, "status_label": nm.status_label(row.status, lang),
            "latest": row.latest if visible else None, "latest_hidden": not visible,
            "latest_date": row.latest_date, "low": row.low if visible else None,
            "high": row.high if visible else None, "baseline": row.baseline,
            "baseline_date": norm["baseline_date"], "change": row.change if visible else None,
            "trend": row.trend, "trend_label": _words(nm.TREND_LABELS.get(row.trend, ""), lang),
            "towards_target": row.towards_target, "count": row.count,
            "problem": _gone(norm["question_code"] or "?", lang, gone_texts) if gone else "",
        })
    return out


def _gone(code: str, lang: str, texts: dict) -> str:
    """The 'question deleted' message, worded once per question for the whole board."""
    if code not in texts:
        texts[code] = render("norm_question_gone", {"code": code}, lang=lang)
    return texts[code]


def plan_rows(workspace, *, lang: str = "nl", today: dt.date | None = None,
              settings: PlanSettings | None = None) -> dict:
    """The whole plan for the tree, the table, the CLI and exports: nodes in tree order with their action
    fields, RASCI row, norms count and quality questions. Seven queries, whatever the plan's size (rows as
    values, not model instances: at 300 actions building instances and their prefetch caches cost more than
    everything else here together)."""
    settings = settings or settings_for(workspace)
    node_rows = list(GoalNode.objects.filter(workspace=workspace).values_list(
        "id", "kind", "title", "parent_id", "position", "working_group", "horizon_years", "building_blocks",
        "multi_year_plan_item", "sdg"))
    tree = gt.GoalTree(gt.Node(*row[:7]) for row in node_rows)
    extra = {row[0]: row[7:] for row in node_rows}
    hoods: dict[int, list] = defaultdict(list)
    for node_id, name in GoalNode.neighbourhoods.through.objects.filter(
            goalnode__workspace=workspace, neighbourhood__archived_at__isnull=True).values_list(
            "goalnode_id", "neighbourhood__name"):
        hoods[node_id].append(name)
    actions = {a["node_id"]: a for a in Action.objects.filter(node__workspace=workspace).values(
        "node_id", "term", "owner", "target_group", "next_evaluation", "first_steps", "status", "version")}
    rasci: dict[int, list] = defaultdict(list)
    for action_id, letter, actor_id, name, organisation in RasciRole.objects.filter(
            action__node__workspace=workspace).order_by("action_id", "letter", "actor__name").values_list(
            "action_id", "letter", "actor_id", "actor__name", "actor__organisation"):
        rasci[action_id].append({"letter": letter, "actor": f"{name} ({organisation})" if organisation else name,
                                 "actor_id": actor_id})
    norms_by_node: dict[int, list] = defaultdict(list)
    for norm in Norm.objects.filter(workspace=workspace).values("node_id", "description", "source_kind"):
        norms_by_node[norm["node_id"]].append(norm)
    titles = {row[0]: row[2] for row in node_rows}
    facts = {}
    for pk, action in actions.items():
        facts[pk] = ActionFacts(
            pk, titles[pk], owner=action["owner"], target_group=action["target_group"],
            next_evaluation=action["next_evaluation"], first_steps=action["first_steps"], status=action["status"],
            rasci=[r["letter"] for r in rasci[pk]],
            norms=[NormFacts(n["description"], bool(n["source_kind"])) for n in norms_by_node[pk]])
    questions = check_plan(tree, facts, today=today or dt.date.today())
    worded: dict[tuple, dict] = {}  # the same question (code and parameters) is worded once
    badges = {t: term_badge(t, lang, settings) for t in TERMS}
    status_labels = {s: status_name(s, lang, settings) for s in STATUS_WORDS}
    rows = tree.rows(settings.numbering, lang)
    for row in rows:
        blocks, plan_item, sdg = extra[row["id"]]
        row["building_blocks"] = list(blocks or [])
        row["neighbourhoods"] = sorted(hoods.get(row["id"], []))
        row["multi_year_plan_item"], row["sdg"] = plan_item, sdg
        row["norms"] = len(norms_by_node[row["id"]])
        row["questions"] = []
        for question in questions.get(row["id"], []):
            key = (question.code, tuple(sorted(question.params.items())))
            if key not in worded:
                worded[key] = question.as_dict(lang)
            row["questions"].append(worded[key])
        action = actions.get(row["id"])
        if action is not None:
            row.update({"term": badges.get(action["term"]) or term_badge(action["term"], lang, settings),
                        "status": action["status"],
                        "status_label": status_labels.get(action["status"]) or status_name(action["status"], lang,
                                                                                            settings),
                        "owner": action["owner"], "target_group": action["target_group"],
                        "next_evaluation": action["next_evaluation"],
                        "rasci": sorted(rasci[row["id"]], key=lambda r: "RASCI".index(r["letter"])),
                        "version": action["version"], "smart": smart_prompts(facts[row["id"]])})
    return {"vision": vision_text(workspace), "numbering": settings.numbering, "rows": rows}


# ------------------------------------------------------------------------------------------ what's due

def workspace_due(workspace, *, today: dt.date | None = None, days: int = 30) -> list[dict]:
    """The plan's evaluations and measurements due in the next ``days`` (and those already late), for the
    workspace overview: :func:`plan.due.due_items` over the actions and norms read in three queries.

    Hook for the follow-up app (which imports plan, so plan never imports it): a function registered with
    :func:`plan.due.register_due_source` — ``source(workspace, *, today, days) -> list[dict]``, each
    ``{"kind", "date", "title", "url"}`` — adds its moments (e.g. feedback moments) to the same list. None is
    registered yet."""
    from zorgzaam.plan import due as du

    today = today or dt.date.today()
    tree = load_tree(workspace)
    labels = tree.labels(settings_for(workspace).numbering)
    actions = [du.DueAction(a["node_id"], a["node__title"], a["next_evaluation"], a["status"])
               for a in Action.objects.filter(node__workspace=workspace, next_evaluation__isnull=False).values(
                   "node_id", "node__title", "next_evaluation", "status")]
    last = dict(Measurement.objects.filter(norm__workspace=workspace).values("norm_id").annotate(
        last=models.Max("date")).values_list("norm_id", "last"))
    norms = []
    for n in Norm.objects.filter(workspace=workspace).values("id", "node_id", "node__kind", "description", "deadline",
                                                              "every_months", "baseline_date"):
        norms.append(du.DueNorm(n["id"], n["node_id"] if n["node__kind"] == gt.ACTION else None, n["node_id"],
                                n["description"], n["deadline"], n["every_months"], n["baseline_date"],
                                last.get(n["id"])))
    out = [{"kind": item.kind, "date": item.date, "late": item.late, "days": item.days, "title": item.title,
            "action_id": item.action_id, "node_id": item.node_id, "norm_id": item.norm_id, "reason": item.reason,
            "label": labels.get(item.node_id, "")} for item in du.due_items(actions, norms, today, days)]
    if du.DUE_SOURCES:
        for moment in (m for source in du.DUE_SOURCES for m in source(workspace, today=today, days=days)):
            out.append({"kind": moment.get("kind", "feedback"), "date": moment["date"], "late": moment["date"] < today,
                        "days": (moment["date"] - today).days, "title": moment["title"], "url": moment.get("url", ""),
                        "action_id": None, "node_id": None, "norm_id": None, "reason": "", "label": ""})
        out.sort(key=lambda r: (not r["late"], r["date"]))
    return out


def actions_per_neighbourhood(workspace) -> dict[int, dict[str, int]]:
    """{neighbourhood id: {"KT": n, "MLT": n, "LT": n, "total": n}} for the actions linked to neighbourhoods."""
    out: dict[int, dict[str, int]] = {}
    rows = GoalNode.neighbourhoods.through.objects.filter(
        goalnode__workspace=workspace, goalnode__kind=gt.ACTION).values_list("neighbourhood_id", "goalnode__action__term")
    for hood, term in rows:
        counts = out.setdefault(hood, {t: 0 for t in TERMS} | {"total": 0})
        counts[term] = counts.get(term, 0) + 1
        counts["total"] += 1
    return out
