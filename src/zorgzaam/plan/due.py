"""What's due: the evaluations and measurements of the plan that fall in the coming days (default 30), or
that are already late. Plain Python on plain values, without Django: the caller reads the actions and norms
and passes today's date, so a test fixes the dates.

An action is due when its next evaluation date lies between today and the horizon, or has passed while
the action is still running (not done, not dropped). A norm is due when its next measurement is: the
baseline date or the last measurement plus its rhythm (``every_months``), else its deadline when it has no
measurement on or after that deadline. Anything late comes first, then by date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgzaam.plan.norms import _months_later

__all__ = ["DueAction", "DueNorm", "DueItem", "due_items", "next_measurement", "register_due_source", "DUE_SOURCES"]

FINISHED = frozenset({"done", "not_undertaken", "rejected"})

# Other apps' moments for the overview's "what's due" (the follow-up app's feedback moments, say): each a
# function ``source(workspace, *, today, days) -> list[{"kind", "date", "title", "url"}]``, registered by the
# app that owns them (it imports plan; plan never imports it). Read by plan_service.workspace_due.
DUE_SOURCES: list = []


def register_due_source(source) -> None:
    if source not in DUE_SOURCES:
        DUE_SOURCES.append(source)


@dataclass(frozen=True)
class DueAction:
    id: int
    title: str
    next_evaluation: dt.date | None
    status: str = "not_started"


@dataclass(frozen=True)
class DueNorm:
    id: int
    action_id: int | None  # the action the norm hangs on, or the nearest action's page to go to (None: a goal)
    node_id: int
    description: str
    deadline: dt.date | None = None
    every_months: int | None = None
    baseline_date: dt.date | None = None
    last_measured: dt.date | None = None


@dataclass(frozen=True)
class DueItem:
    kind: str  # "evaluation" | "measurement"
    date: dt.date
    late: bool
    days: int  # days from today (negative: late)
    action_id: int | None
    node_id: int
    title: str
    norm_id: int | None = None
    reason: str = ""  # "rhythm" | "deadline" (measurements)


def next_measurement(norm: DueNorm) -> tuple[dt.date, str] | None:
    """When the norm's next measurement is due and why, or None when nothing is due any more."""
    if norm.every_months:
        start = norm.last_measured or norm.baseline_date
        if start is not None:
            day = _months_later(start, norm.every_months)
            if norm.deadline is None or norm.last_measured is None or norm.last_measured < norm.deadline:
                if norm.deadline is not None and day > norm.deadline:
                    return norm.deadline, "deadline"
                return day, "rhythm"
            return None
    if norm.deadline is not None and (norm.last_measured is None or norm.last_measured < norm.deadline):
        return norm.deadline, "deadline"
    return None


def due_items(actions: list[DueAction], norms: list[DueNorm], today: dt.date, days: int = 30) -> list[DueItem]:
    """Everything due between today and ``today + days``, and everything late (late first, then by date)."""
    horizon = today + dt.timedelta(days=days)
    items: list[DueItem] = []
    for action in actions:
        day = action.next_evaluation
        if day is None or action.status in FINISHED or day > horizon:
            continue
        items.append(DueItem("evaluation", day, day < today, (day - today).days, action.id, action.id, action.title))
    for norm in norms:
        found = next_measurement(norm)
        if found is None:
            continue
        day, reason = found
        if day > horizon:
            continue
        items.append(DueItem("measurement", day, day < today, (day - today).days, norm.action_id, norm.node_id,
                             norm.description, norm_id=norm.id, reason=reason))
    return sorted(items, key=lambda i: (not i.late, i.date, i.kind, i.node_id, i.norm_id or 0))
