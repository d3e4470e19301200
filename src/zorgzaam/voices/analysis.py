"""Survey analysis (no Django): frequency tables with 95 % Wilson intervals per neighbourhood and
overall, comparison with reference figures, breakdowns with association tests, weighting, and
representativeness — with the minimum cell size applied to every table.

Input is a :class:`ResponseData`: the questionnaire spec and a frame with one row per respondent, a
``neighbourhood`` column (name or None), an optional ``weight`` column and one column per question
(answers normalised as in :mod:`zorgzaam.voices.spec`; multiple choice as a list of codes).

**Minimum cell size.** :func:`suppress` decides which cells of a table may be shown: every count under
the minimum (default 5, zero included) is hidden (*primary*), a whole group whose number of answers
is under the minimum is hidden, and when a row or column of a table with a shown total has exactly one
hidden cell, the smallest other cell of that line is hidden too (*secondary*), so that no hidden
count can be recovered by subtraction. For multiple choice, an option is also hidden when the number
of respondents who did *not* pick it is under the minimum. Hidden cells carry a reason code.
Percentages and intervals are computed on all answers but shown only for shown cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from zorgzaam.messages import ZorgzaamError, format_number, gettext, gettext_noop, register
from zorgzaam.voices.spec import QuestionnaireSpec, QuestionSpec

Z95 = 1.959963984540054
DEFAULT_MIN_CELL = 5
TOTAL = "__total__"

register({
    "cell_below_minimum": gettext_noop("minder dan {min_cell} antwoorden"),
    "group_below_minimum": gettext_noop("groep met minder dan {min_cell} antwoorden"),
    "cell_secondary": gettext_noop("verborgen zodat een kleine cel niet terug te rekenen is"),
    "cell_complement_below_minimum": gettext_noop("minder dan {min_cell} personen kozen dit níet"),
    "free_text_not_allowed": gettext_noop("Je mag de open antwoorden van deze bevraging niet inzien."),
    "question_not_in_survey": gettext_noop("Vraag '{question}' zit niet in deze vragenlijst."),
    "weighting_failed": gettext_noop("Weging lukte niet: {detail}"),
    "too_few_for_test": gettext_noop("Te weinig antwoorden voor een toets (minstens {min_cell} nodig)."),
    "chi_square_small_expected": gettext_noop(
        "Meer dan een vijfde van de verwachte aantallen is kleiner dan 5: de p-waarde is met een simulatie "
        "(Monte Carlo, {simulations} tabellen) berekend."),
})


# ------------------------------------------------------------------------------------------ intervals

def wilson_interval(k: Any, n: Any, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes out of n (vectorised; NaN where n == 0)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
        low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


# ------------------------------------------------------------------------------------------ suppression

REASON_PRIMARY = "cell_below_minimum"
REASON_GROUP = "group_below_minimum"
REASON_SECONDARY = "cell_secondary"
REASON_COMPLEMENT = "cell_complement_below_minimum"


def table_lines(n_rows: int, n_columns: int, *, total_row: int | None = 0, row_totals: bool = True,
                column_totals: bool = True) -> list[list[tuple[int, int]]]:
    """The published sums of a table laid out as rows × (columns + one margin column), cell (r, n_columns)
    being row r's total. Each *line* is a list of cells of which one is the sum of the others (its order
    does not matter): a row with its row total (``row_totals``), and a column over the rows other than
    ``total_row`` with that row's cell (``column_totals``, the margin column included). A hidden cell that
    is the only hidden cell of a line can be worked out by subtraction."""
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, k) for k in range(n_columns + 1)] for r in range(n_rows)]
    if column_totals and total_row is not None and n_rows >= 2:
        lines += [[(total_row, k)] + [(r, k) for r in range(n_rows) if r != total_row]
                  for k in range(n_columns + 1)]
    return [line for line in lines if len(line) >= 2]


def lonely_hidden_lines(hidden: np.ndarray, lines: list[list[tuple[int, int]]]) -> list[int]:
    """Indices of the lines with exactly one hidden cell (that cell is recoverable by subtraction)."""
    return [i for i, line in enumerate(lines) if sum(bool(hidden[c]) for c in line) == 1]


def recoverable_cells(values: np.ndarray, hidden: np.ndarray, lines: list[list[tuple[int, int]]]) -> list[tuple]:
    """Hidden cells whose value follows from the shown cells and the published sums by any combination of
    additions and subtractions (linear algebra over all lines at once, not only one line at a time)."""
    cells = [tuple(c) for c in zip(*np.nonzero(hidden), strict=True)]
    if not cells or not lines:
        return []
    index = {c: i for i, c in enumerate(cells)}
    total_row = _lines_total_cells(lines)
    matrix = np.zeros((len(lines), len(cells)))
    for i, line in enumerate(lines):
        margin = total_row[i]
        for c in line:
            if c in index:
                matrix[i, index[c]] = -1.0 if c == margin else 1.0
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for c, i in index.items():
        unit = np.zeros((1, len(cells)))
        unit[0, i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(c)
    return found


def _lines_total_cells(lines: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """The margin of each line as :func:`table_lines` builds it: the last cell of a row line (its total),
    the first cell of a column line (the total row's cell)."""
    out = []
    for line in lines:
        rows = {r for r, _ in line}
        out.append(line[-1] if len(rows) == 1 else line[0])
    return out


def protect(values: np.ndarray, primary: np.ndarray, lines: list[list[tuple[int, int]]], *,
            exact: bool = True) -> np.ndarray:
    """Secondary suppression: the cells to hide (a superset of ``primary``) so that no hidden cell can be
    worked out from the published sums in ``lines`` — no line has exactly one hidden cell, and no hidden
    cell follows from several lines together — hiding as few extra cells as possible and, among equally
    few, the smallest ones.

    With ``exact`` the choice is a small integer programme (every line: zero or at least two hidden
    cells; cost per extra cell = one more cell first, then its count), solved by HiGHS through scipy;
    otherwise, and whenever that fails, the greedy rule: while a line has exactly one hidden cell, hide
    the smallest shown cell of that line."""
    values = np.asarray(values, dtype=float)
    hidden = np.asarray(primary, dtype=bool).copy()
    if not lines or not hidden.any():
        return hidden
    result = None
    if exact:
        try:
            result = _protect_exact(values, hidden, lines)
        except Exception:  # noqa: BLE001 — the greedy rule below is always available
            result = None
    if result is None:
        result = _protect_greedy(values, hidden, lines)
    # a cell fixed by several lines together (rare: a bridge between two protected blocks): hide its
    # smallest shown neighbour and protect again
    for _ in range(values.size):
        stuck = recoverable_cells(values, result, lines)
        if not stuck:
            break
        neighbours = [c for line in lines if stuck[0] in line for c in line if not result[c]]
        if not neighbours:
            break
        result[min(neighbours, key=lambda c: (values[c], c))] = True
        result = _protect_greedy(values, result, lines)
    return result


def _protect_greedy(values: np.ndarray, hidden: np.ndarray, lines) -> np.ndarray:
    hidden = hidden.copy()
    for _ in range(values.size + 1):
        lonely = lonely_hidden_lines(hidden, lines)
        if not lonely:
            break
        line = lines[lonely[0]]
        shown = [c for c in line if not hidden[c]]
        hidden[min(shown, key=lambda c: (values[c], c))] = True
    return hidden


def _protect_exact(values: np.ndarray, hidden: np.ndarray, lines) -> np.ndarray | None:
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    cells = [tuple(c) for c in np.ndindex(values.shape)]
    index = {c: i for i, c in enumerate(cells)}
    size = len(cells)
    rows = sum(len(line) for line in lines)
    matrix = lil_matrix((rows, size))
    r = 0
    for line in lines:
        for c in line:  # if c is hidden, at least one other cell of its line is hidden too
            for other in line:
                matrix[r, index[other]] = -1.0 if other == c else 1.0
            r += 1
    flat = np.array([values[c] for c in cells])
    weight = float(np.nansum(np.abs(flat))) + 1.0
    cost = np.where(np.isfinite(flat), weight + np.abs(flat), weight)
    lower = np.array([1.0 if hidden[c] else 0.0 for c in cells])
    solution = milp(cost, integrality=np.ones(size), bounds=Bounds(lower, np.ones(size)),
                    constraints=LinearConstraint(matrix.tocsr(), lb=np.zeros(rows), ub=np.full(rows, np.inf)),
                    options={"time_limit": 5.0})
    if solution.x is None or solution.status not in (0,):
        return None
    out = np.zeros(values.shape, dtype=bool)
    for c, x in zip(cells, solution.x, strict=True):
        out[c] = x > 0.5
    return out | hidden


def suppress_table(counts: np.ndarray, min_cell: int = DEFAULT_MIN_CELL, *, group_n: np.ndarray | None = None,
                   total_row: int | None = None, row_totals_shown: bool = True,
                   complement: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Reason codes (object arrays, '' = shown) for a G×K table of counts and for its G row totals.

    ``group_n``: answers per row (the row totals; rows under the minimum are hidden entirely).
    ``total_row``: index of a row that is the sum of the others, so each column — the row totals too — is
    a published sum. ``row_totals_shown``: each row's total is the sum of its cells (not so for multiple
    choice, where options are separate yes/no counts). ``complement``: counts of the complement per cell
    (multiple choice), also protected. Primary cells are every count under the minimum (zero included);
    secondary cells come from :func:`protect` over rows and columns at once."""
    counts = np.asarray(counts)
    G, K = counts.shape
    n = np.asarray(group_n) if group_n is not None else counts.sum(axis=1)
    reasons = np.full((G, K + 1), "", dtype=object)
    reasons[:, :K][counts < min_cell] = REASON_PRIMARY
    if complement is not None:
        reasons[:, :K][(reasons[:, :K] == "") & (np.asarray(complement) < min_cell)] = REASON_COMPLEMENT
    if group_n is not None:
        small = n < min_cell
        reasons[small, :] = REASON_GROUP
    if complement is not None or K < 2:
        row_totals_shown = False
    values = np.column_stack([counts, n]).astype(float)
    lines = table_lines(G, K, total_row=total_row, row_totals=row_totals_shown)
    hidden = protect(values, reasons != "", lines)
    reasons[hidden & (reasons == "")] = REASON_SECONDARY
    return reasons[:, :K], reasons[:, K]


def suppress(counts: np.ndarray, min_cell: int = DEFAULT_MIN_CELL, *, group_n: np.ndarray | None = None,
             total_row: int | None = None, row_totals_shown: bool = True,
             complement: np.ndarray | None = None) -> np.ndarray:
    """The cells' reason codes of :func:`suppress_table` (use that one when the row totals are shown too:
    it says which of them to hide)."""
    return suppress_table(counts, min_cell, group_n=group_n, total_row=total_row,
                          row_totals_shown=row_totals_shown, complement=complement)[0]


# ------------------------------------------------------------------------------------------ data

@dataclass
class ResponseData:
    spec: QuestionnaireSpec
    frame: pd.DataFrame  # one row per respondent: neighbourhood, [weight], question columns

    def groups(self) -> list[str]:
        if "neighbourhood" not in self.frame:
            return []
        return sorted(v for v in self.frame["neighbourhood"].dropna().unique())

    def question(self, code: str) -> QuestionSpec:
        q = self.spec.by_code().get(code)
        if q is None:
            raise ZorgzaamError("question_not_in_survey", question=code)
        return q


@dataclass
class FrequencyTable:
    """Counts of one categorical question (or derived variable): rows = groups (the total first),
    columns = categories. Hidden cells have a reason code; ``to_dict`` never exposes them."""

    code: str
    title: str
    kind: str
    categories: list[str]
    labels: list[str]
    groups: list[str]
    counts: np.ndarray  # G×K unweighted counts
    n: np.ndarray  # G answers per group (respondents who answered)
    percent: np.ndarray  # G×K, weighted when weights were given
    ci_low: np.ndarray
    ci_high: np.ndarray
    reasons: np.ndarray  # G×K object: '' = shown
    min_cell: int
    weighted: bool = False
    notes: list[str] = field(default_factory=list)
    mean: np.ndarray | None = None  # per group, scale questions
    n_reasons: np.ndarray | None = None  # G object: '' = the group's number of answers is shown
    merged: list[dict] = field(default_factory=list)  # categories counted together (see merge_categories)

    def shown(self, g: int, k: int) -> bool:
        return not self.reasons[g, k]

    def group_shown(self, g: int) -> bool:
        if self.n_reasons is not None:
            return not self.n_reasons[g]
        return self.n[g] >= self.min_cell

    def to_dict(self, lang: str = "nl") -> dict:
        from zorgzaam.messages import render

        rows = []
        for g, group in enumerate(self.groups):
            cells = []
            for k, category in enumerate(self.categories):
                reason = self.reasons[g, k]
                cells.append({
                    "category": category, "label": self.labels[k], "reason_code": reason or None,
                    "count": None if reason else int(self.counts[g, k]),
                    "percent": None if reason else _round(100 * self.percent[g, k], 1),
                    "ci_low": None if reason else _round(100 * self.ci_low[g, k], 1),
                    "ci_high": None if reason else _round(100 * self.ci_high[g, k], 1),
                    "suppressed": bool(reason),
                    "reason": render(reason, {"min_cell": self.min_cell}, lang=lang) if reason else None,
                })
            shown = self.group_shown(g)
            row = {"group": total_label(lang) if group == TOTAL else group,
                   "n": int(self.n[g]) if shown else None, "cells": cells,
                   "n_reason": None if shown else (self.n_reasons[g] if self.n_reasons is not None and
                                                   self.n_reasons[g] else REASON_GROUP)}
            if self.mean is not None:
                row["mean"] = _round(self.mean[g], 2) if shown else None
            rows.append(row)
        return {"kind": self.kind, "question": self.code, "title": self.title, "weighted": self.weighted,
                "min_cell": self.min_cell, "columns": self.labels, "categories": list(self.categories),
                "rows": rows, "notes": self.notes, "merged": list(self.merged)}


def total_label(lang: str = "nl") -> str:
    """What the report calls the row of all respondents."""
    return gettext("Totaal", lang)


def _round(value: float, digits: int) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def category_codes(values: Any, categories: list[str]) -> np.ndarray:
    """Index of each value in ``categories`` (-1 when missing or unknown). Values may be the codes as text
    or as numbers (a scale answer 4 matches the category "4"); one hash lookup per value."""
    keys: list = []
    positions: list[int] = []
    for i, c in enumerate(categories):
        keys.append(str(c))
        positions.append(i)
        try:
            number = float(c)
        except (TypeError, ValueError):
            continue
        if number.is_integer():
            keys.append(int(number))
            positions.append(i)
    arr = np.asarray(values, dtype=object)
    found = pd.Index(keys, dtype=object).get_indexer(arr)
    lookup = np.asarray(positions + [-1], dtype=np.int64)
    return lookup[np.where(found >= 0, found, len(positions))]


def _group_codes(data: ResponseData, by_neighbourhood: bool) -> tuple[list[str], np.ndarray]:
    """Row labels (total first) and per respondent its group index (or -1). Cached per data object."""
    cache = data.__dict__.setdefault("_group_cache", {})
    if by_neighbourhood in cache:
        return cache[by_neighbourhood]
    cache[by_neighbourhood] = _compute_group_codes(data, by_neighbourhood)
    return cache[by_neighbourhood]


def _compute_group_codes(data: ResponseData, by_neighbourhood: bool) -> tuple[list[str], np.ndarray]:
    groups = [TOTAL]
    if by_neighbourhood and "neighbourhood" in data.frame:
        names = data.groups()
        groups += names
        codes = pd.Categorical(data.frame["neighbourhood"], categories=names).codes.astype(np.int64)
        codes = np.where(codes >= 0, codes + 1, -1)
    else:
        codes = np.full(len(data.frame), -1, dtype=np.int64)
    return groups, codes


def _weights(data: ResponseData, weighted: bool) -> np.ndarray | None:
    if weighted and "weight" in data.frame:
        return data.frame["weight"].to_numpy(dtype=float)
    return None


def _table_from_codes(code: str, title: str, kind: str, categories: list[str], labels: list[str],
                      groups: list[str], gcodes: np.ndarray, ccodes: np.ndarray, weights: np.ndarray | None,
                      min_cell: int) -> FrequencyTable:
    G, K = len(groups), len(categories)
    valid = ccodes >= 0
    counts = np.zeros((G, K), dtype=np.int64)
    counts[0] = np.bincount(ccodes[valid], minlength=K)
    in_group = valid & (gcodes > 0)
    if G > 1:
        counts += np.bincount(gcodes[in_group] * K + ccodes[in_group], minlength=G * K).reshape(G, K) * (
            np.arange(G)[:, None] > 0)
    n = counts.sum(axis=1)
    if weights is not None:
        wsum = np.zeros((G, K))
        w2 = np.zeros(G)
        wsum[0] = np.bincount(ccodes[valid], weights=weights[valid], minlength=K)
        w2[0] = np.sum(weights[valid] ** 2)
        if G > 1:
            extra = np.bincount(gcodes[in_group] * K + ccodes[in_group], weights=weights[in_group],
                                minlength=G * K).reshape(G, K)
            wsum[1:] = extra[1:]
            w2[1:] = np.bincount(gcodes[in_group], weights=weights[in_group] ** 2, minlength=G)[1:]
        wtot = wsum.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            percent = wsum / wtot[:, None]
            n_eff = np.where(w2 > 0, wtot ** 2 / w2, 0)
        low, high = wilson_interval(percent * n_eff[:, None], np.repeat(n_eff[:, None], K, axis=1))
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            percent = counts / n[:, None]
        low, high = wilson_interval(counts, np.repeat(n[:, None], K, axis=1))
    reasons, n_reasons = suppress_table(counts, min_cell, group_n=n, total_row=0)
    return FrequencyTable(code=code, title=title, kind=kind, categories=categories, labels=labels, groups=groups,
                          counts=counts, n=n, percent=percent, ci_low=low, ci_high=high, reasons=reasons,
                          min_cell=min_cell, weighted=weights is not None, n_reasons=n_reasons)


@dataclass
class Merge:
    """Answers a team chose to count together (e.g. 'matig' and 'ernstig eenzaam'), so that a small
    category does not hide the result. ``label`` empty: the answers' own labels joined with 'of' / 'or'."""

    categories: list[str]
    label: str = ""
    chosen_by: str = ""
    chosen_on: str = ""  # ISO date


def merge_categories(categories: list[str], labels: list[str], merges: list[Merge] | None,
                     lang: str = "nl") -> tuple[list[str], list[str], np.ndarray, list[dict]]:
    """The categories after the merges: each merged group becomes one category (code ``a+b``) at the place
    of its first member. Returns the new codes and labels, for every old category the index of its new
    one, and a description of each merge that applied (for the report's words)."""
    position = {c: i for i, c in enumerate(categories)}
    group_of: dict[str, int] = {}
    applied: list[Merge] = []
    for merge in merges or []:
        members = [c for c in categories if c in set(merge.categories) and c not in group_of]
        if len(members) < 2:
            continue
        for c in members:
            group_of[c] = len(applied)
        applied.append(Merge(members, merge.label, merge.chosen_by, merge.chosen_on))
    new_codes: list[str] = []
    new_labels: list[str] = []
    mapping = np.zeros(len(categories), dtype=np.int64)
    placed: dict[int, int] = {}
    described: list[dict] = []
    word = gettext(" of ", lang)
    for c in categories:
        g = group_of.get(c)
        if g is None:
            mapping[position[c]] = len(new_codes)
            new_codes.append(c)
            new_labels.append(labels[position[c]])
            continue
        if g not in placed:
            merge = applied[g]
            member_labels = [labels[position[m]] for m in merge.categories]
            label = merge.label or default_merge_label(member_labels, lang)
            placed[g] = len(new_codes)
            new_codes.append("+".join(merge.categories))
            new_labels.append(label)
            described.append({"categories": merge.categories, "labels": member_labels, "label": label,
                              "chosen_by": merge.chosen_by, "chosen_on": merge.chosen_on,
                              "joined": word.join(member_labels)})
        mapping[position[c]] = placed[g]
    return new_codes, new_labels, mapping, described


def default_merge_label(labels: list[str], lang: str = "nl") -> str:
    """'Matig eenzaam (2–4)' + 'Ernstig eenzaam (5–6)' → 'Matig of ernstig eenzaam (2–6)'; otherwise the
    labels joined with 'of' / 'or'."""
    import re

    word = gettext(" of ", lang)
    parts = [re.match(r"^(.*?)(?:\s*\((\d+)[–-](\d+)\))?$", label) for label in labels]
    stems = [p.group(1) for p in parts]
    ranges = [(p.group(2), p.group(3)) for p in parts]
    tails = [stem.split(" ", 1) for stem in stems]
    if len(labels) == 2 and all(len(t) == 2 for t in tails) and tails[0][1].lower() == tails[1][1].lower():
        text = f"{tails[0][0]}{word}{tails[1][0].lower()} {tails[0][1]}"
    else:
        text = stems[0] + "".join(word + s[:1].lower() + s[1:] for s in stems[1:])
    if all(low and high for low, high in ranges):
        text += f" ({ranges[0][0]}–{ranges[-1][1]})"
    return text


def _merged_codes(ccodes: np.ndarray, mapping: np.ndarray) -> np.ndarray:
    return np.where(ccodes >= 0, mapping[np.clip(ccodes, 0, None)], -1)


def frequency_table(data: ResponseData, code: str, *, by_neighbourhood: bool = True,
                    min_cell: int = DEFAULT_MIN_CELL, weighted: bool = False, lang: str = "nl",
                    categories: list[str] | None = None, labels: list[str] | None = None,
                    title: str | None = None, merges: list[Merge] | None = None) -> FrequencyTable:
    """Frequency table of a single-choice or scale question (or of any derived column of codes when
    ``categories`` is given), overall and per neighbourhood."""
    column = data.frame[code]
    q = data.spec.by_code().get(code)
    if categories is None:
        if q is None:
            raise ZorgzaamError("question_not_in_survey", question=code)
        if q.type == "multiple":
            return multiple_choice_table(data, code, by_neighbourhood=by_neighbourhood, min_cell=min_cell,
                                         weighted=weighted, lang=lang)
        categories = q.choice_codes()
        labels = [q.choice_label(c, lang) for c in categories]
    labels = labels or list(categories)
    title = title or (q.text(lang) if q else code)
    groups, gcodes = _group_codes(data, by_neighbourhood)
    ccodes = category_codes(column.to_numpy(dtype=object), [str(c) for c in categories])
    categories, labels, mapping, merged = merge_categories(list(categories), list(labels), merges, lang)
    ccodes = _merged_codes(ccodes, mapping)
    table = _table_from_codes(code, title, q.type if q else "derived", categories, labels, groups, gcodes, ccodes,
                              _weights(data, weighted), min_cell)
    table.merged = merged
    if q is not None and q.type == "scale":
        numeric = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
        means = [np.nanmean(numeric) if np.isfinite(numeric).any() else np.nan]
        for g in range(1, len(groups)):
            sel = numeric[gcodes == g]
            means.append(np.nanmean(sel) if np.isfinite(sel).any() else np.nan)
        table.mean = np.array(means)
    return table


def multiple_choice_table(data: ResponseData, code: str, *, by_neighbourhood: bool = True,
                          min_cell: int = DEFAULT_MIN_CELL, weighted: bool = False,
                          lang: str = "nl") -> FrequencyTable:
    """Share of respondents (who answered the question) choosing each option; options are not
    exclusive, so the percentages do not add up to 100."""
    q = data.question(code)
    categories = q.choice_codes()
    K = len(categories)
    groups, gcodes = _group_codes(data, by_neighbourhood)
    G = len(groups)
    column = data.frame[code]
    positions = pd.Series(column.to_numpy(dtype=object), index=np.arange(len(column)))
    exploded = positions.explode()
    rows = exploded.index.to_numpy()
    codes = category_codes(exploded.to_numpy(dtype=object), categories)
    chosen = np.zeros((len(column), K), dtype=bool)
    hit = codes >= 0
    chosen[rows[hit], codes[hit]] = True
    answered = np.zeros(len(column), dtype=bool)
    answered[rows[exploded.notna().to_numpy()]] = True
    weights = _weights(data, weighted)
    w = np.ones(len(column)) if weights is None else weights
    counts = np.zeros((G, K), dtype=np.int64)
    n = np.zeros(G, dtype=np.int64)
    wsum = np.zeros((G, K))
    wtot = np.zeros(G)
    w2 = np.zeros(G)
    for g in range(G):
        sel = answered if g == 0 else answered & (gcodes == g)
        counts[g] = chosen[sel].sum(axis=0)
        n[g] = sel.sum()
        wsum[g] = (chosen[sel] * w[sel][:, None]).sum(axis=0)
        wtot[g] = w[sel].sum()
        w2[g] = (w[sel] ** 2).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        percent = wsum / wtot[:, None]
        n_eff = np.where(w2 > 0, wtot ** 2 / w2, 0) if weights is not None else n.astype(float)
    low, high = wilson_interval(percent * n_eff[:, None], np.repeat(n_eff[:, None], K, axis=1))
    reasons, n_reasons = suppress_table(counts, min_cell, group_n=n, total_row=0, complement=n[:, None] - counts)
    return FrequencyTable(code=code, title=q.text(lang), kind="multiple", categories=categories,
                          labels=[q.choice_label(c, lang) for c in categories], groups=groups, counts=counts, n=n,
                          percent=percent, ci_low=low, ci_high=high, reasons=reasons, min_cell=min_cell,
                          weighted=weights is not None, n_reasons=n_reasons)


def all_frequency_tables(data: ResponseData, *, by_neighbourhood: bool = True, min_cell: int = DEFAULT_MIN_CELL,
                         weighted: bool = False, lang: str = "nl",
                         merges: dict[str, list[Merge]] | None = None) -> list[FrequencyTable]:
    merges = merges or {}
    return [frequency_table(data, q.code, by_neighbourhood=by_neighbourhood, min_cell=min_cell, weighted=weighted,
                            lang=lang, merges=merges.get(q.code) if q.type != "multiple" else None)
            for q in data.spec.questions if q.is_categorical and q.code in data.frame]


def number_summary(data: ResponseData, code: str, *, min_cell: int = DEFAULT_MIN_CELL) -> dict:
    """n, mean and median of a number question per group (hidden below the minimum; never min/max)."""
    groups, gcodes = _group_codes(data, True)
    values = pd.to_numeric(data.frame[code], errors="coerce").to_numpy(dtype=float)
    rows = []
    for g, group in enumerate(groups):
        sel = values if g == 0 else values[gcodes == g]
        sel = sel[np.isfinite(sel)]
        ok = len(sel) >= min_cell
        rows.append({"group": group, "n": int(len(sel)) if ok else None,
                     "mean": _round(float(sel.mean()), 2) if ok else None,
                     "median": _round(float(np.median(sel)), 2) if ok else None})
    return {"kind": "number", "question": code, "rows": rows, "min_cell": min_cell}


def free_text_answers(data: ResponseData, code: str, *, can_see_free_text: bool) -> list[str]:
    """The open answers to a text question, for roles allowed to see them (never for the others)."""
    if not can_see_free_text:
        raise ZorgzaamError("free_text_not_allowed")
    data.question(code)
    return [str(v) for v in data.frame[code] if isinstance(v, str) and v.strip()]


# ------------------------------------------------------------------------------------------ reference figures

@dataclass
class ReferenceComparison:
    label: str  # e.g. "België (EU-SILC 2023)"
    categories: list[str]
    k: int
    n: int
    proportion: float
    ci_low: float
    ci_high: float
    reference: float
    test: str
    p_value: float
    verdict: str  # higher | lower | no_clear_difference

    def text(self, lang: str | None = None) -> str:
        """The verdict in words, in ``lang`` (default: the active language)."""
        def pct(x):
            return format_number(100 * x, lang, 1) + " %"

        return gettext(_REFERENCE_TEXTS[self.verdict], lang).format(
            here=pct(self.proportion), label=self.label, ref=pct(self.reference), p=p_text(self.p_value, lang))


_REFERENCE_TEXTS = {
    "higher": gettext_noop("Met {here} ligt het aandeel duidelijk hoger dan {label} ({ref}). Zo'n verschil is "
                           "waarschijnlijk geen toeval ({p})."),
    "lower": gettext_noop("Met {here} ligt het aandeel duidelijk lager dan {label} ({ref}). Zo'n verschil is "
                          "waarschijnlijk geen toeval ({p})."),
    "no_clear_difference": gettext_noop("Het aandeel ({here}) verschilt niet duidelijk van {label} ({ref}); het "
                                        "verschil kan toeval zijn ({p})."),
}


def compare_with_reference(k: int, n: int, reference: float, *, label: str, categories: list[str] | None = None,
                           alpha: float = 0.05, min_cell: int = DEFAULT_MIN_CELL) -> ReferenceComparison | None:
    """One-sample test of a proportion k/n against a reference proportion (0–1). Uses the exact binomial
    test when n·p0 or n·(1−p0) is under 10, else the normal approximation (z test). Returns None when
    k, n − k or n is under the minimum cell size (the comparison would reveal a small cell)."""
    if n < min_cell or k < min_cell or n - k < min_cell:
        return None
    p = k / n
    if n * reference < 10 or n * (1 - reference) < 10:
        test = "exact_binomial"
        p_value = float(stats.binomtest(k, n, reference).pvalue)
    else:
        test = "z_test"
        se = math.sqrt(reference * (1 - reference) / n)
        z = (p - reference) / se
        p_value = float(2 * stats.norm.sf(abs(z)))
    low, high = wilson_interval(k, n)
    verdict = "no_clear_difference" if p_value >= alpha else ("higher" if p > reference else "lower")
    return ReferenceComparison(label=label, categories=list(categories or []), k=k, n=n, proportion=p,
                               ci_low=float(low), ci_high=float(high), reference=reference, test=test,
                               p_value=p_value, verdict=verdict)


def compare_question_with_reference(data: ResponseData, code: str, categories: list[str], reference: float, *,
                                    label: str, group: str | None = None,
                                    min_cell: int = DEFAULT_MIN_CELL) -> ReferenceComparison | None:
    """The share of answers to ``code`` in ``categories`` (overall or for one neighbourhood) against a
    reference figure."""
    frame = data.frame if group is None else data.frame[data.frame["neighbourhood"] == group]
    values = frame[code].dropna().astype(str)
    k = int(values.isin([str(c) for c in categories]).sum())
    return compare_with_reference(k, int(len(values)), reference, label=label, categories=categories,
                                  min_cell=min_cell)


# ------------------------------------------------------------------------------------------ associations

@dataclass
class Association:
    outcome: str
    by: str
    table: FrequencyTable  # rows = categories of ``by`` (total first), columns = outcome categories
    test: str  # chi_square | chi_square_monte_carlo | fisher_exact | none
    statistic: float | None
    dof: int | None
    p_value: float | None
    cramers_v: float | None
    n: int
    notes: list[str] = field(default_factory=list)
    text: str = ""  # the sentence under the table, in the breakdown's language (as its labels)

    def to_dict(self, lang: str = "nl") -> dict:
        return {"kind": "association", "outcome": self.outcome, "by": self.by, "table": self.table.to_dict(lang),
                "test": self.test, "statistic": _round(self.statistic, 3) if self.statistic is not None else None,
                "dof": self.dof, "p_value": _round(self.p_value, 4) if self.p_value is not None else None,
                "cramers_v": _round(self.cramers_v, 3) if self.cramers_v is not None else None, "n": self.n,
                "notes": self.notes, "text": self.text}


def association_test(observed: np.ndarray, *, simulations: int = 10000, seed: int = 12345) -> dict:
    """Test of independence on an r×c table of counts (rows/columns that are all zero are dropped).

    2×2 with an expected count under 5 → Fisher's exact test (two-sided). Otherwise Pearson's
    chi-square without continuity correction; when more than 20 % of expected counts are under 5 (or
    any under 1) the p-value comes from a Monte Carlo simulation of tables with the same margins."""
    obs = np.asarray(observed, dtype=np.int64)
    obs = obs[obs.sum(axis=1) > 0][:, obs.sum(axis=0) > 0]
    if obs.ndim != 2 or obs.shape[0] < 2 or obs.shape[1] < 2:
        return {"test": "none", "statistic": None, "dof": None, "p_value": None, "cramers_v": None, "notes": []}
    n = obs.sum()
    expected = np.outer(obs.sum(axis=1), obs.sum(axis=0)) / n
    dof = (obs.shape[0] - 1) * (obs.shape[1] - 1)
    chi2 = float(((obs - expected) ** 2 / expected).sum())
    v = math.sqrt(chi2 / (n * (min(obs.shape) - 1)))
    notes: list[str] = []
    if obs.shape == (2, 2) and (expected < 5).any():
        odds, p = stats.fisher_exact(obs)
        return {"test": "fisher_exact", "statistic": float(odds), "dof": None, "p_value": float(p),
                "cramers_v": v, "notes": notes}
    if (expected < 5).mean() > 0.2 or (expected < 1).any():
        table = stats.random_table(obs.sum(axis=1), obs.sum(axis=0), seed=seed)
        sims = table.rvs(simulations)
        exp = expected[None, :, :]
        sim_chi2 = ((sims - exp) ** 2 / exp).sum(axis=(1, 2))
        p = float((1 + np.sum(sim_chi2 >= chi2 - 1e-9)) / (simulations + 1))
        notes.append("chi_square_small_expected")
        return {"test": "chi_square_monte_carlo", "statistic": chi2, "dof": dof, "p_value": p, "cramers_v": v,
                "notes": notes, "simulations": simulations}
    p = float(stats.chi2.sf(chi2, dof))
    return {"test": "chi_square", "statistic": chi2, "dof": dof, "p_value": p, "cramers_v": v, "notes": notes}


def breakdown(data: ResponseData, outcome: str, by: str, *, min_cell: int = DEFAULT_MIN_CELL, lang: str = "nl",
              outcome_categories: list[str] | None = None, outcome_labels: list[str] | None = None,
              alpha: float = 0.05, merges: list[Merge] | None = None,
              outcome_title: str | None = None) -> Association:
    """Outcome (single choice, scale or derived column) by a background variable: row percentages per
    category of ``by`` with the minimum cell size applied, and a test of association computed on the
    full table (the test itself reveals no cell)."""
    spec = data.spec.by_code()
    qo, qb = spec.get(outcome), spec.get(by)
    if outcome_categories is None:
        if qo is None:
            raise ZorgzaamError("question_not_in_survey", question=outcome)
        outcome_categories = qo.choice_codes()
        outcome_labels = [qo.choice_label(c, lang) for c in outcome_categories]
    if qb is None:
        raise ZorgzaamError("question_not_in_survey", question=by)
    by_categories = qb.choice_codes()
    frame = data.frame
    ccodes = category_codes(frame[outcome].to_numpy(dtype=object), [str(c) for c in outcome_categories])
    outcome_categories, outcome_labels, mapping, merged = merge_categories(
        list(outcome_categories), list(outcome_labels or outcome_categories), merges, lang)
    ccodes = _merged_codes(ccodes, mapping)
    bcodes = category_codes(frame[by].to_numpy(dtype=object), [str(c) for c in by_categories])
    both = (ccodes >= 0) & (bcodes >= 0)
    gcodes = np.where(both, bcodes + 1, -1)
    ccodes = np.where(both, ccodes, -1)
    groups = [TOTAL] + by_categories
    outcome_title = outcome_title or (qo.text(lang) if qo else outcome)
    title = f"{outcome_title} × {qb.text(lang)}"
    table = _table_from_codes(outcome, title, "breakdown", list(outcome_categories),
                              list(outcome_labels or outcome_categories), groups, gcodes, ccodes, None, min_cell)
    table.merged = merged
    table.groups = [TOTAL] + [qb.choice_label(c, lang) for c in by_categories]
    observed = table.counts[1:]
    n = int(observed.sum())
    if n < min_cell:
        result = {"test": "none", "statistic": None, "dof": None, "p_value": None, "cramers_v": None,
                  "notes": ["too_few_for_test"]}
    else:
        result = association_test(observed)
    from zorgzaam.messages import render

    notes = [render(code, {"min_cell": min_cell, "simulations": result.get("simulations", 0)}, lang=lang)
             for code in result["notes"]]
    text = _association_text(result, qb.text(lang), alpha, lang)
    return Association(outcome=outcome, by=by, table=table, test=result["test"], statistic=result["statistic"],
                       dof=result["dof"], p_value=result["p_value"], cramers_v=result["cramers_v"], n=n,
                       notes=notes, text=text)


def p_text(p: float, lang: str = "nl") -> str:
    """'p < 0,001' or 'p = 0,023' as a reader expects it (never 'p = < 0,001')."""
    if p < 0.001:
        return "p < " + format_number(0.001, lang, 3)
    return "p = " + format_number(p, lang, 3)


_TEST_NAMES = {"chi_square": gettext_noop("chi-kwadraattoets"),
               "chi_square_monte_carlo": gettext_noop("chi-kwadraattoets (gesimuleerde p-waarde)"),
               "fisher_exact": gettext_noop("exacte toets van Fisher")}


def _association_text(result: dict, by: str, alpha: float, lang: str) -> str:
    """The sentence under an association table in ``lang`` (``by``: the question's wording in ``lang``)."""
    p = result["p_value"]
    if p is None:
        return gettext("Geen toets: te weinig antwoorden.", lang)
    template = (gettext("De antwoorden verschillen duidelijk naargelang '{by}' ({test}, {p}). Dat zegt niet "
                        "waarom: bekijk de tabel en bespreek het met bewoners.", lang) if p < alpha else
                gettext("Geen duidelijk verband met '{by}' ({test}, {p}); verschillen in de tabel kunnen "
                        "toeval zijn.", lang))
    return template.format(by=by, test=gettext(_TEST_NAMES[result["test"]], lang), p=p_text(p, lang))


# ------------------------------------------------------------------------------------------ weighting

def rake(frame: pd.DataFrame, margins: dict[str, dict[str, float]], *, max_iter: int = 200,
         tol: float = 1e-8) -> pd.Series:
    """Raking (iterative proportional fitting) weights so that the weighted shares of each variable in
    ``margins`` (column → {category: population count or share}) match the population. Respondents
    with a missing or unknown category in a variable keep their weight for that variable. Weights have
    mean 1 over the respondents."""
    w = np.ones(len(frame))
    columns = {}
    for var, target in margins.items():
        if var not in frame:
            raise ZorgzaamError("weighting_failed", detail=f"{var} ontbreekt / missing")
        total = sum(target.values())
        if total <= 0:
            raise ZorgzaamError("weighting_failed", detail=f"{var}: total 0")
        cats = list(target)
        codes = pd.Categorical(frame[var].astype("object").map(lambda v: None if v is None or v != v else str(v)),
                               categories=cats).codes
        shares = np.array([target[c] / total for c in cats])
        present = np.bincount(codes[codes >= 0], minlength=len(cats))
        empty = [c for c, m in zip(cats, present, strict=True) if m == 0 and target[c] > 0]
        if empty:
            raise ZorgzaamError("weighting_failed", detail=f"{var}: geen respondenten / no respondents in {empty}")
        columns[var] = (codes, shares)
    for _ in range(max_iter):
        biggest = 0.0
        for codes, shares in columns.values():
            known = codes >= 0
            sums = np.bincount(codes[known], weights=w[known], minlength=len(shares))
            current = sums / sums.sum()
            factor = np.where(current > 0, shares / np.where(current > 0, current, 1), 1.0)
            w[known] *= factor[codes[known]]
            biggest = max(biggest, float(np.max(np.abs(current - shares))))
        if biggest < tol:
            break
    return pd.Series(w / w.mean(), index=frame.index, name="weight")


def cell_weights(frame: pd.DataFrame, columns: list[str], population: pd.DataFrame,
                 count_column: str = "count") -> pd.Series:
    """Post-stratification: weight = population share of the respondent's cell / sample share of it.
    ``population`` has the same ``columns`` and a count per cell. Respondents outside every cell get 1."""
    pop = population.copy()
    pop["_share"] = pop[count_column] / pop[count_column].sum()
    keys = frame[columns].astype("object").astype(str)
    sample = keys.value_counts(normalize=True)
    pop_keys = pop[columns].astype(str)
    lookup = {tuple(k): s for k, s in zip(pop_keys.itertuples(index=False), pop["_share"], strict=True)}
    empty = [k for k, s in lookup.items() if s > 0 and k not in sample.index]
    if empty:
        raise ZorgzaamError("weighting_failed", detail=f"geen respondenten / no respondents in {empty[:3]}")
    weights = np.array([lookup.get(tuple(k), np.nan) / sample.get(tuple(k), np.nan)
                        for k in keys.itertuples(index=False)])
    weights = np.where(np.isfinite(weights), weights, 1.0)
    return pd.Series(weights / weights.mean(), index=frame.index, name="weight")


# ------------------------------------------------------------------------------------------ representativeness

def response_rate(respondents: int, eligible: int | None) -> float | None:
    return None if not eligible else respondents / eligible


def compare_with_population(data: ResponseData, var: str, population: dict[str, float], *,
                            min_cell: int = DEFAULT_MIN_CELL, lang: str = "nl") -> dict:
    """Respondents' distribution over ``var`` (e.g. age band or sex) against the population's (counts or
    shares from the profile), with a goodness-of-fit test. Respondent counts under the minimum are hidden."""
    q = data.spec.by_code().get(var)
    cats = list(population)
    values = data.frame[var].astype("object").map(lambda v: None if v is None or v != v else str(v))
    codes = pd.Categorical(values.where(values.isin(cats)), categories=cats).codes  # others: -1
    counts = np.bincount(codes[codes >= 0], minlength=len(cats))
    n = int(counts.sum())
    total = sum(population.values())
    shares = np.array([population[c] / total for c in cats])
    reasons = suppress(counts[None, :], min_cell, group_n=np.array([n]))[0]
    rows = []
    for i, c in enumerate(cats):
        shown = not reasons[i]
        rows.append({"category": c, "label": q.choice_label(c, lang) if q else c,
                     "respondents": int(counts[i]) if shown else None,
                     "respondent_percent": _round(100 * counts[i] / n, 1) if shown and n else None,
                     "population_percent": _round(100 * shares[i], 1),
                     "difference_pp": _round(100 * (counts[i] / n - shares[i]), 1) if shown and n else None,
                     "suppressed": not shown})
    p_value = None
    if n >= min_cell and (shares > 0).all():
        p_value = float(stats.chisquare(counts, shares * n).pvalue)
    return {"kind": "representativeness", "variable": var, "n": n if n >= min_cell else None, "rows": rows,
            "p_value": _round(p_value, 4) if p_value is not None else None, "min_cell": min_cell}


def campaign_summary(visits: pd.DataFrame, *, eligible: dict[str, int] | None = None,
                     min_cell: int = DEFAULT_MIN_CELL) -> list[dict]:
    """Door-to-door tracking per neighbourhood. ``visits``: address, neighbourhood, status, date (one
    row per visit). An address counts by its last visit. Response rate = completed addresses /
    addresses approached; with ``eligible`` (residents per neighbourhood) also completed / eligible.
    Counts under the minimum are hidden."""
    if visits.empty:
        return []
    last = visits.sort_values("date").groupby(["neighbourhood", "address"], dropna=False).tail(1)
    rows = []
    for name, group in list(last.groupby("neighbourhood", dropna=False)) + [(TOTAL, last)]:
        status = group["status"].value_counts()
        addresses = len(group)
        completed = int(status.get("completed", 0))
        reached = addresses - int(status.get("not_home", 0))
        counts = {s: int(status.get(s, 0)) for s in ("completed", "left_questionnaire", "refused", "not_home", "visited")}
        shown = {s: (v if v >= min_cell else None) for s, v in counts.items()}
        row = {"neighbourhood": name if isinstance(name, str) else "?", "addresses": addresses, **shown,
               "contact_rate": _round(reached / addresses, 3) if addresses else None,
               "response_rate": _round(completed / addresses, 3) if addresses and completed >= min_cell else None}
        if eligible and name in eligible and completed >= min_cell:
            row["response_rate_eligible"] = _round(completed / eligible[name], 3)
        rows.append(row)
    return rows
