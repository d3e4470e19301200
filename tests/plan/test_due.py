"""What's due (plan.due, plain Python with fixed dates) and its place on the workspace overview."""

import datetime as dt

from zorgzaam.plan.due import DueAction, DueNorm, due_items, next_measurement

D = dt.date
TODAY = D(2026, 3, 10)


def test_evaluations_in_the_next_30_days_and_late_ones_first():
    actions = [DueAction(1, "Spelnamiddag", D(2026, 3, 20)), DueAction(2, "Wandeling", D(2026, 4, 20)),
               DueAction(3, "Koffie", D(2026, 3, 1)), DueAction(4, "Klaar", D(2026, 3, 12), status="done"),
               DueAction(5, "Zonder datum", None), DueAction(6, "Precies 30 dagen", D(2026, 4, 9))]
    items = due_items(actions, [], TODAY)
    assert [(i.action_id, i.late, i.days) for i in items] == [(3, True, -9), (1, False, 10), (6, False, 30)]
    assert all(i.kind == "evaluation" for i in items)


def test_measurements_by_rhythm_and_by_deadline():
    norms = [
        # every 6 months from the last measurement: due 2026-03-15
        DueNorm(10, 1, 1, "ritme", every_months=6, baseline_date=D(2025, 1, 1), last_measured=D(2025, 9, 15)),
        # never measured, rhythm from the baseline: 2025-07-01, long overdue
        DueNorm(11, 1, 1, "achterstand", every_months=6, baseline_date=D(2025, 1, 1)),
        # only a deadline, in 20 days, no measurement yet
        DueNorm(12, None, 7, "einddatum", deadline=D(2026, 3, 30)),
        # deadline passed but measured on it: nothing due
        DueNorm(13, 1, 1, "afgerond", deadline=D(2026, 1, 1), last_measured=D(2026, 1, 1)),
        # rhythm lands after the deadline: the deadline is the due date
        DueNorm(14, 2, 2, "ritme na einddatum", every_months=12, deadline=D(2026, 4, 1),
                last_measured=D(2025, 6, 1)),
        # far away
        DueNorm(15, 2, 2, "later", deadline=D(2027, 1, 1)),
    ]
    items = due_items([], norms, TODAY)
    assert [(i.norm_id, i.date, i.late, i.reason) for i in items] == [
        (11, D(2025, 7, 1), True, "rhythm"),
        (10, D(2026, 3, 15), False, "rhythm"),
        (12, D(2026, 3, 30), False, "deadline"),
        (14, D(2026, 4, 1), False, "deadline"),
    ]
    assert items[2].action_id is None and items[2].node_id == 7  # a goal's norm links to the goal
    assert next_measurement(norms[3]) is None


def test_the_window_is_a_parameter():
    actions = [DueAction(1, "Spelnamiddag", D(2026, 3, 20))]
    assert due_items(actions, [], TODAY, days=5) == []
    assert len(due_items(actions, [], TODAY, days=10)) == 1
