"""Benchmark: the norm board of a large plan — 300 actions, 600 norms over 20 neighbourhoods (half on profile
indicators and survey questions, their measurements stored as the refresh writes them), four measurements
per norm — in a fresh SQLite database (the plan of ``big_plan.build``, shared with bench_plan_page.py).

Compares, in the same run, ``plan_service.norm_board`` (two queries and one pass over a frame) with the
naive way: per norm one query for its measurements and :func:`plan.norms.evaluate`. Prints both times and
the ratio; checks that both give the same statuses.

    .venv/bin/python benchmarks/bench_norm_board.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["ZORGZAAM_DATA_DIR"] = tempfile.mkdtemp(prefix="zorgzaam-bench-norms-")
os.environ.pop("DATABASE_URL", None)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from big_plan import ACTIONS, MEASUREMENTS, NEIGHBOURHOODS, NORMS_PER_ACTION, TODAY, build  # noqa: E402


def one_by_one(workspace) -> dict[int, str]:
    """The naive board: a query per norm, then the one-norm rules."""
    from zorgzaam.plan.norms import MeasurementSpec, NormSpec, evaluate
    from zorgzaam.plan.tree_models import Norm

    out = {}
    for norm in Norm.objects.filter(workspace=workspace):
        spec = NormSpec(norm.pk, norm.target, norm.comparison, norm.unit, norm.deadline, norm.baseline_value,
                        norm.baseline_date, norm.every_months, norm.tolerance)
        measurements = [MeasurementSpec(norm.pk, m.date, m.value, m.low, m.high) for m in norm.measurements.all()]
        out[norm.pk] = evaluate(spec, measurements, TODAY).status
    return out


def _on_profile_or_survey(workspace) -> int:
    from zorgzaam.plan.tree_models import Norm

    return Norm.objects.filter(workspace=workspace, source_kind__in=["catalogue", "survey"],
                               neighbourhood__isnull=False).count()


def best_of(function, repeat: int = 5) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    from zorgzaam.console import setup_django

    setup_django(migrate=True)
    from zorgzaam.plan import plan_service as service
    from zorgzaam.workspaces.models import Workspace

    workspace = Workspace.objects.create(name="Benchmark", slug="benchmark")
    start = time.perf_counter()
    build(workspace)
    print(f"plan built: {ACTIONS} actions, {ACTIONS * NORMS_PER_ACTION} norms over {NEIGHBOURHOODS} neighbourhoods "
          f"({_on_profile_or_survey(workspace)} on profile indicators or survey questions), "
          f"{ACTIONS * NORMS_PER_ACTION * MEASUREMENTS} measurements in {time.perf_counter() - start:.2f} s")
    naive, statuses = best_of(lambda: one_by_one(workspace))
    board_time, board = best_of(lambda: service.norm_board(workspace, today=TODAY))
    same = all(statuses[row["id"]] == row["status"] for row in board) and len(board) == len(statuses)
    counts = {}
    for row in board:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print(f"statuses: {counts}; the two ways agree: {same}")
    pure_loop, pure_board = pure(workspace)
    print(f"one query per norm (baseline): {naive * 1000:.0f} ms")
    print(f"board in one pass:             {board_time * 1000:.0f} ms (ratio {naive / board_time:.1f}x faster; "
          f"target >= 10x and < 1000 ms: {'met' if naive / board_time >= 10 and board_time < 1 else 'NOT met'})")
    print(f"the rules alone, on prefetched rows: one norm at a time {pure_loop * 1000:.0f} ms, the frame pass "
          f"{pure_board * 1000:.0f} ms ({pure_loop / pure_board:.1f}x)")
    return 0 if same else 1


def pure(workspace) -> tuple[float, float]:
    """The status rules without the database: evaluate() per norm against board() on the same rows."""
    from collections import defaultdict

    from zorgzaam.plan.norms import (
        MeasurementSpec,
        NormSpec,
        board,
        evaluate,
        measurements_frame,
        norms_frame,
    )
    from zorgzaam.plan.tree_models import Measurement, Norm

    specs = [NormSpec(n.pk, n.target, n.comparison, n.unit, n.deadline, n.baseline_value, n.baseline_date,
                      n.every_months, n.tolerance) for n in Norm.objects.filter(workspace=workspace)]
    by_norm = defaultdict(list)
    for m in Measurement.objects.filter(norm__workspace=workspace):
        by_norm[m.norm_id].append(MeasurementSpec(m.norm_id, m.date, m.value, m.low, m.high))
    flat = [m for rows in by_norm.values() for m in rows]
    loop, _ = best_of(lambda: [evaluate(spec, by_norm[spec.id], TODAY) for spec in specs])
    frames = (norms_frame(specs), measurements_frame(flat))
    one_pass, _ = best_of(lambda: board(*frames, TODAY))
    return loop, one_pass


if __name__ == "__main__":
    sys.exit(main())
