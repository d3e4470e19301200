"""Survey analysis at scale: 10,000 responses × 60 questions, every frequency table with 95 % Wilson
intervals and the minimum-cell rule, overall and by neighbourhood (8 neighbourhoods), plus breakdowns of
5 outcomes by 5 background variables with their association tests.

Baseline in the same run: a naive pandas version (value_counts per question, groupby + value_counts per
neighbourhood, Wilson per cell in Python, crosstab + scipy chi2_contingency) without suppression.

    .venv/bin/python benchmarks/bench_survey.py
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
from scipy import stats

from zorgzaam.voices import analysis
from zorgzaam.voices.analysis import ResponseData
from zorgzaam.voices.spec import Choice, QuestionnaireSpec, QuestionSpec

N, QUESTIONS, NEIGHBOURHOODS = 10_000, 60, 8


def make_data(seed: int = 1) -> ResponseData:
    rng = np.random.default_rng(seed)
    questions, columns = [], {}
    columns["neighbourhood"] = rng.choice([f"Buurt {i}" for i in range(NEIGHBOURHOODS)], N)
    background = {"age_band": 6, "sex": 3, "marital_status": 4, "income_source": 6, "tenure": 4}
    for code, k in background.items():
        questions.append(QuestionSpec(code=code, type="single", text_nl=code,
                                      choices=[Choice(str(i), f"c{i}") for i in range(k)]))
        columns[code] = rng.choice([str(i) for i in range(k)] + [None], N)
    for i in range(QUESTIONS - len(background)):
        code = f"q{i:02d}"
        kind = ("scale", "single", "single", "multiple")[i % 4]
        if kind == "scale":
            questions.append(QuestionSpec(code=code, type="scale", text_nl=code, scale_min=1, scale_max=5))
            values = rng.integers(1, 6, N).astype(object)
        elif kind == "single":
            k = int(rng.integers(2, 7))
            questions.append(QuestionSpec(code=code, type="single", text_nl=code,
                                          choices=[Choice(str(j), f"c{j}") for j in range(k)]))
            values = rng.choice([str(j) for j in range(k)], N, p=np.r_[np.full(k - 1, 0.9 / (k - 1)), 0.1])
            values = values.astype(object)
        else:
            k = 8
            questions.append(QuestionSpec(code=code, type="multiple", text_nl=code,
                                          choices=[Choice(str(j), f"c{j}") for j in range(k)]))
            picks = rng.random((N, k)) < 0.25
            values = np.empty(N, dtype=object)
            values[:] = [[str(j) for j in np.flatnonzero(row)] for row in picks]
        missing = rng.random(N) < 0.05
        values[missing] = None
        columns[code] = values
    spec = QuestionnaireSpec(title_nl="bench", questions=questions)
    return ResponseData(spec, pd.DataFrame(columns))


PAIRS = [(o, b) for o in ("q01", "q02", "q05", "q06", "q09") for b in ("age_band", "sex", "marital_status",
                                                                          "income_source", "tenure")]


def ours(data: ResponseData) -> int:
    tables = analysis.all_frequency_tables(data, min_cell=5)
    assocs = [analysis.breakdown(data, o, b) for o, b in PAIRS]
    return len(tables) + len(assocs)


def wilson(k, n, z=1.959963984540054):
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def naive(data: ResponseData) -> int:
    frame = data.frame
    out = 0
    for q in data.spec.questions:
        column = frame[q.code]
        if q.type == "multiple":
            exploded = frame[["neighbourhood", q.code]].dropna().explode(q.code)
            groups = [("__all__", exploded)] + list(exploded.groupby("neighbourhood"))
            for _, g in groups:
                n = g.index.nunique()
                counts = g[q.code].value_counts()
                out += len([(v, c / n, wilson(c, n)) for v, c in counts.items()])
            continue
        groups = [("__all__", column.dropna())] + [(name, g.dropna()) for name, g in column.groupby(frame["neighbourhood"])]
        for _, g in groups:
            counts = g.astype(str).value_counts()
            n = counts.sum()
            out += len([(v, c / n, wilson(c, n)) for v, c in counts.items()])
    for o, b in PAIRS:
        table = pd.crosstab(frame[o], frame[b])
        stats.chi2_contingency(table.to_numpy(), correction=False)
        out += 1
    return out


def timed(fn, *args, repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    t0 = time.perf_counter()
    data = make_data()
    print(f"data: {N:,} responses × {QUESTIONS} questions, {NEIGHBOURHOODS} neighbourhoods "
          f"(built in {time.perf_counter() - t0:.2f} s)")
    ours(data)  # warm-up (imports, caches)
    t_ours = timed(ours, data)
    t_naive = timed(naive, data)
    tables = len(analysis.all_frequency_tables(data))
    print(f"zorgzaam.voices.analysis: {t_ours:.3f} s  ({tables} tables × {NEIGHBOURHOODS + 1} rows, Wilson "
          f"intervals, minimum-cell rule, {len(PAIRS)} breakdowns with tests)  target < 2 s: "
          f"{'OK' if t_ours < 2 else 'SLOW'}")
    print(f"naive pandas baseline:    {t_naive:.3f} s  (value_counts per group, Wilson per cell, no suppression)")
    print(f"ratio baseline / ours:    {t_naive / t_ours:.1f}×")


if __name__ == "__main__":
    main()
