"""Decidim's accountability ("results with progress") as CSV, both ways, so a team that publishes its plan
on a Decidim platform keeps doing so.

Decidim flattens a result into columns with ``/`` between the parts of a name: ``id``, ``parent/id``,
``title/<locale>``, ``description/<locale>``, ``start_date``, ``end_date``, ``status/key``,
``status/name/<locale>``, ``progress`` (0–100), separated by ``;``. We write those columns (our own writer)
for the plan's goals and actions, each goal or action one result with its parent; the ``id`` is the
plan's stable node id. Text is protected against formulas as in every export.

Reading back: a Decidim export (or our own file, edited) updates the progress and the status of the
actions whose ``id`` it names, and says what changed; unknown ids, goals and unreadable values are
reported, nothing else is touched. Plain parsing (:func:`read_results`, :func:`compare`) has no Django;
:func:`export_results` and :func:`import_results` use the plan's service."""

from __future__ import annotations

import io
import re

import pandas as pd

from zorgzaam.messages import Problem, ZorgzaamError, gettext_noop, register

LOCALES = ("nl", "en")
COLUMNS = ["id", "parent/id", *[f"title/{lc}" for lc in LOCALES], *[f"description/{lc}" for lc in LOCALES],
           "start_date", "end_date", "status/key", *[f"status/name/{lc}" for lc in LOCALES], "progress"]
# progress when the team never gave one: what the status says
STATUS_PROGRESS = {"not_started": 0, "done": 100, "rejected": 0, "not_undertaken": 0}

register({
    "decidim_no_id": gettext_noop("Het bestand heeft geen kolom 'id': zo kan Zorgzaam geen resultaat herkennen."),
    "decidim_unknown_id": gettext_noop("Resultaat {id} is geen actie van dit plan; overgeslagen."),
    "decidim_bad_progress": gettext_noop("'{value}' is geen voortgang tussen 0 en 100; overgeslagen."),
    "decidim_unknown_status": gettext_noop("Status '{value}' is onbekend; de status blijft."),
})


def _number(value) -> float | None:
    text = str(value if value is not None else "").strip().replace("%", "").replace(",", ".")
    if not text or text.lower() == "nan":
        return None
    try:
        return float(text)
    except ValueError:
        return None


def results_frame(rows: list[dict]) -> pd.DataFrame:
    """Decidim's columns for result rows ``{id, parent, title: {lc}, description: {lc}, start, end, status,
    status_names: {lc}, progress}``."""
    out = []
    for row in rows:
        record = {"id": row["id"], "parent/id": row.get("parent") or ""}
        for lc in LOCALES:
            record[f"title/{lc}"] = row["title"].get(lc, "")
        for lc in LOCALES:
            record[f"description/{lc}"] = row.get("description", {}).get(lc, "")
        record["start_date"] = row.get("start").isoformat() if row.get("start") else ""
        record["end_date"] = row.get("end").isoformat() if row.get("end") else ""
        record["status/key"] = row.get("status") or ""
        for lc in LOCALES:
            record[f"status/name/{lc}"] = row.get("status_names", {}).get(lc, "")
        progress = row.get("progress")
        record["progress"] = "" if progress is None else (
            int(progress) if float(progress).is_integer() else round(float(progress), 1))
        out.append(record)
    return pd.DataFrame(out, columns=COLUMNS)


def read_results(data: bytes, name: str = "decidim.csv") -> pd.DataFrame:
    """A Decidim results CSV (``;`` or ``,``, UTF-8 with or without a mark) as text columns."""
    text = data.decode("utf-8-sig", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    if not first:
        raise ZorgzaamError("file_empty", file=name)
    separator = ";" if first.count(";") >= first.count(",") else ","
    frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    if "id" not in frame.columns:
        raise ZorgzaamError("decidim_no_id", file=name)
    return frame


def compare(frame: pd.DataFrame, current: dict[int, dict], *, name: str = "decidim.csv",
            status_of=lambda text: None, goals: frozenset = frozenset()) -> tuple[list[dict], list[Problem]]:
    """The changes a results file asks for: ``current`` is ``{action id: {"status", "progress", "title"}}``;
    returns ``([{id, title, field, old, new}], warnings)``. ``status_of(text)`` maps a status name to a code;
    ``goals`` are the plan's goal ids (their progress is computed from their actions, so they are skipped)."""
    changes, warnings = [], []
    status_columns = [c for c in frame.columns if c == "status/key" or c.startswith("status/name/")]
    for index, row in enumerate(frame.to_dict("records")):
        line = index + 2
        raw_id = str(row.get("id", "")).strip()
        number = _number(raw_id)
        if number is None or int(number) not in current:
            if raw_id and (number is None or int(number) not in goals):
                warnings.append(Problem("decidim_unknown_id", {"id": raw_id}, file=name, line=line, column="id"))
            continue
        action_id = int(number)
        now = current[action_id]
        if "progress" in row and str(row["progress"]).strip():
            progress = _number(row["progress"])
            if progress is None or not 0 <= progress <= 100:
                warnings.append(Problem("decidim_bad_progress", {"value": row["progress"]}, file=name, line=line,
                                        column="progress"))
            elif now["progress"] is None or round(progress) != now["progress"]:
                changes.append({"id": action_id, "title": now["title"], "field": "progress", "old": now["progress"],
                                "new": int(round(progress)), "line": line})
        for column in status_columns:
            text = str(row.get(column, "")).strip()
            if not text:
                continue
            code = status_of(text)
            if code is None:
                warnings.append(Problem("decidim_unknown_status", {"value": text}, file=name, line=line,
                                        column=column))
            elif code != now["status"]:
                changes.append({"id": action_id, "title": now["title"], "field": "status", "old": now["status"],
                                "new": code, "line": line})
            break  # the first status column that says something decides
    return changes, warnings


# ------------------------------------------------------------------------------------------ with the database

def export_results(workspace) -> pd.DataFrame:
    """The plan's goals and actions as Decidim results (goals carry the mean progress of their actions)."""
    from zorgzaam.plan import goal_tree as gt
    from zorgzaam.plan import plan_service as service
    from zorgzaam.plan.tree_models import Action, GoalNode, Norm

    settings = service.settings_for(workspace)
    tree = service.load_tree(workspace)
    nodes = {n.pk: n for n in GoalNode.objects.filter(workspace=workspace)}
    actions = {a.pk: a for a in Action.objects.filter(node__workspace=workspace)}
    deadlines: dict[int, object] = {}
    for node_id, deadline in Norm.objects.filter(workspace=workspace, deadline__isnull=False).values_list(
            "node_id", "deadline"):
        deadlines[node_id] = max(deadline, deadlines.get(node_id, deadline))
    labels = tree.labels(settings.numbering)
    progress: dict[int, float | None] = {}
    for node, _depth in reversed(tree.walk()):  # children before parents
        action = actions.get(node.id)
        if action is not None:
            progress[node.id] = action.progress if action.progress is not None else STATUS_PROGRESS.get(action.status)
        else:
            known = [progress[c.id] for c in tree.children(node.id) if progress.get(c.id) is not None]
            progress[node.id] = sum(known) / len(known) if known else None
    rows = []
    for node, _depth in tree.walk():
        stored, action = nodes[node.id], actions.get(node.id)
        kind = {lc: gt.kind_label(node.kind, lc) for lc in LOCALES}
        rows.append({
            "id": node.id, "parent": node.parent, "progress": progress.get(node.id),
            "title": {lc: f"{labels[node.id]} {node.title}" for lc in LOCALES},
            "description": {lc: stored.description or (action.target_group if action else "") or kind[lc]
                            for lc in LOCALES},
            "start": stored.created_at.date() if stored.created_at else None,
            "end": action.next_evaluation if action and action.next_evaluation else deadlines.get(node.id),
            "status": action.status if action else "",
            "status_names": {lc: service.status_name(action.status, lc, settings) for lc in LOCALES} if action else {},
        })
    return results_frame(rows)


def export_csv(workspace) -> bytes:
    """The results as Decidim reads them: ``;`` between fields, UTF-8, no text ever a live formula (the one
    rule of :mod:`zorgzaam.spreadsheets`)."""
    from zorgzaam.spreadsheets import protect_frame

    frame = protect_frame(export_results(workspace))
    return frame.to_csv(index=False, sep=";", lineterminator="\n").encode("utf-8")


def import_results(workspace, data: bytes, *, name: str = "decidim.csv", dry_run: bool = False, user: str = "",
                   lang: str | None = None) -> dict:
    """Update progress and status of the actions a Decidim results file names; returns what changed."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from zorgzaam.plan import plan_service as service
    from zorgzaam.plan.plan_import import status_code
    from zorgzaam.plan.tree_models import Action, ActionStatusChange, GoalNode

    frame = read_results(data, name)
    settings = service.settings_for(workspace)
    own = {v.get(k): code for code, v in (settings.status_names or {}).items() for k in ("nl", "en") if v.get(k)}
    current = {a.pk: {"status": a.status, "title": a.node.title,
                      "progress": a.progress if a.progress is not None else STATUS_PROGRESS.get(a.status)}
               for a in Action.objects.filter(node__workspace=workspace).select_related("node")}
    goals = frozenset(GoalNode.objects.filter(workspace=workspace).exclude(kind="action").values_list("pk", flat=True))
    changes, warnings = compare(frame, current, name=name, status_of=lambda text: status_code(text, own) if
                                not re.fullmatch(r"\d+", text) else None, goals=goals)
    if not dry_run and changes:
        with transaction.atomic():
            for change in changes:
                values = {change["field"]: change["new"]}
                Action.objects.filter(pk=change["id"]).update(version=F("version") + 1, updated_by=user,
                                                              updated_at=timezone.now(), **values)
                if change["field"] == "status":
                    ActionStatusChange.objects.create(action_id=change["id"], status=change["new"], changed_by=user,
                                                      reason=f"Decidim ({name})")
    for change in changes:
        if change["field"] == "status":
            change["old_label"] = service.status_name(change["old"], lang or "nl", settings)
            change["new_label"] = service.status_name(change["new"], lang or "nl", settings)
    return {"file": name, "rows": int(len(frame)), "changes": changes, "dry_run": dry_run,
            "warnings": [p.as_dict(lang) for p in warnings]}
