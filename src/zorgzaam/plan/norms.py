"""Norms and their measurements (no Django): when do we call an action or a goal a success, and are we
there?

A *norm* has a target (value, comparison ``>=``, ``<=`` or ``=``, unit, deadline) and a baseline. Its
measurements are dated values, each with an optional interval (a survey share carries its 95 % Wilson
interval). The norm's **status is computed, never typed**:

``met``            the latest measurement reaches the target (for an interval: the whole interval does);
``not_decided``    the latest measurement's interval straddles the target — the survey cannot tell;
``not_yet``        not reached, the deadline has not passed (or there is none);
``missed``         not reached by a measurement taken on or after the deadline;
``overdue``        a measurement is due and missing: the deadline passed without a measurement on or after
                   it, or the last measurement is older than the agreed rhythm (``every_months``);
``no_measurement`` nothing measured yet and nothing due.

The board of many norms is computed in one pass over two data frames (:func:`board`); :func:`evaluate` does
one norm with the same rules (the tests check that both agree).

The measurement sources: :func:`survey_share` (share answering X, with the Wilson interval of
:mod:`zorgzaam.voices.analysis` and the minimum cell size), :func:`count_share` (counts entered on the
action over a population figure) and a value of a catalogue indicator of the profile engine, taken as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from zorgzaam.messages import ZorgzaamError, format_number, gettext_noop, pgettext, register
from zorgzaam.voices.analysis import DEFAULT_MIN_CELL, wilson_interval

COMPARISONS = (">=", "<=", "=")
PERCENT = "%"
SOURCE_KINDS = ("catalogue", "survey", "counts", "typed")
STATUSES = ("met", "not_decided", "not_yet", "missed", "overdue", "no_measurement")
# Dutch msgids, translated under the context "plan words"
STATUS_LABELS = {
    "met": gettext_noop("gehaald"),
    "not_decided": gettext_noop("nog niet te zeggen"),
    "not_yet": gettext_noop("nog niet gehaald"),
    "missed": gettext_noop("niet gehaald"),
    "overdue": gettext_noop("meting te laat"),
    "no_measurement": gettext_noop("nog geen meting"),
}
SOURCE_LABELS = {
    "catalogue": gettext_noop("cijfer uit het buurtprofiel"),
    "survey": gettext_noop("vraag uit een bevraging"),
    "counts": gettext_noop("tellingen bij de actie"),
    "typed": gettext_noop("ingevoerde waarde met bewijs"),
}
TREND_LABELS = {"up": gettext_noop("stijgt"), "down": gettext_noop("daalt"), "flat": gettext_noop("gelijk"), "": ""}

register({
    "norm_bad_comparison": gettext_noop("Vergelijking moet >=, <= of = zijn, niet '{value}'."),
    "norm_percent_over_100": gettext_noop("Een doel in procent ligt tussen 0 en 100; {value} % kan niet."),
    "norm_negative_target": gettext_noop("Een doel kan niet negatief zijn ({value})."),
    "norm_bad_source": gettext_noop("Onbekende bron '{value}'. Kies uit: {known}."),
    "norm_no_target": gettext_noop("Een norm heeft een doelwaarde nodig."),
    "measurement_before_baseline": gettext_noop(
        "Een meting van {date} valt vóór de beginmeting van {baseline}. Dat kan niet: "
        "de beginmeting is het vertrekpunt."),
    "measurement_percent_over_100": gettext_noop("Een aandeel van {value} % kan niet: hoogstens 100 %."),
    "measurement_numerator_too_big": gettext_noop(
        "Er zijn {numerator} van de {denominator}: het deel kan niet groter zijn "
        "dan het geheel."),
    "measurement_negative": gettext_noop("Een meting kan niet negatief zijn ({value})."),
    "measurement_no_denominator": gettext_noop(
        "Er is geen noemer (bijvoorbeeld het aantal inwoners van de doelgroep) om een "
        "aandeel te berekenen."),
    "measurement_too_few_answers": gettext_noop(
        "Te weinig antwoorden ({n}, minstens {min_cell} nodig) om een aandeel te tonen."),
})


def status_label(status: str, lang: str = "nl") -> str:
    msgid = STATUS_LABELS.get(status)
    return pgettext("plan words", msgid, lang) if msgid else status


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


# ------------------------------------------------------------------------------------------ input checks

def check_target(value, comparison: str, unit: str) -> float:
    """The target as a number, or a refusal (unknown comparison, a percentage over 100, a negative value)."""
    if comparison not in COMPARISONS:
        raise ZorgzaamError("norm_bad_comparison", value=comparison)
    if value is None or value == "":
        raise ZorgzaamError("norm_no_target")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ZorgzaamError("not_a_number", value=value) from None
    if number < 0:
        raise ZorgzaamError("norm_negative_target", value=format_number(number, decimals=1))
    if unit == PERCENT and number > 100:
        raise ZorgzaamError("norm_percent_over_100", value=format_number(number, decimals=1))
    return number


def check_source(kind: str) -> str:
    if kind not in SOURCE_KINDS:
        raise ZorgzaamError("norm_bad_source", value=kind, known=", ".join(SOURCE_KINDS))
    return kind


def check_measurement(*, day: dt.date, value: float | None, unit: str, baseline_date: dt.date | None,
                      numerator: float | None = None, denominator: float | None = None) -> None:
    """Refuse a measurement dated before the baseline, a share over 100 %, a part larger than its whole and
    a negative value."""
    if baseline_date is not None and day < baseline_date:
        raise ZorgzaamError("measurement_before_baseline", date=day.isoformat(), baseline=baseline_date.isoformat())
    if numerator is not None and denominator is not None and numerator > denominator and unit == PERCENT:
        raise ZorgzaamError("measurement_numerator_too_big", numerator=format_number(numerator),
                            denominator=format_number(denominator))
    if value is not None:
        if value < 0:
            raise ZorgzaamError("measurement_negative", value=format_number(value, decimals=1))
        if unit == PERCENT and value > 100 + 1e-9:
            raise ZorgzaamError("measurement_percent_over_100", value=format_number(value, decimals=1))


# ------------------------------------------------------------------------------------------ measuring

@dataclass(frozen=True)
class Reading:
    """A value ready to be stored as a measurement: percentages in 0–100."""

    value: float | None
    low: float | None = None
    high: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    shown: bool = True  # False: under the minimum cell size — kept for the status, never shown
    note: str = ""


def survey_share(k: int, n: int, *, min_cell: int = DEFAULT_MIN_CELL) -> Reading:
    """The share of ``n`` answers that chose the counted answer(s), with its 95 % Wilson interval. Fewer than
    ``min_cell`` answers: refused. A count (or its complement) under the minimum: computed but not shown."""
    if n < min_cell:
        raise ZorgzaamError("measurement_too_few_answers", n=n, min_cell=min_cell)
    low, high = wilson_interval(k, n)
    shown = k >= min_cell and n - k >= min_cell
    return Reading(100.0 * k / n, 100.0 * float(low), 100.0 * float(high), float(k), float(n), shown)


def count_share(count: float, denominator: float | None) -> Reading:
    """Counts entered on the action (e.g. families present) over a population figure, as a percentage."""
    if not denominator:
        raise ZorgzaamError("measurement_no_denominator")
    if count < 0:
        raise ZorgzaamError("measurement_negative", value=format_number(count))
    if count > denominator:
        raise ZorgzaamError("measurement_numerator_too_big", numerator=format_number(count),
                            denominator=format_number(denominator))
    return Reading(100.0 * count / denominator, None, None, float(count), float(denominator))


def period_date(period: str) -> dt.date:
    """The date a profile period stands for: a year is its first of January (population on 1 January)."""
    text = str(period).strip()
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 1, 1)
    if len(text) == 7 and text[4] == "-":
        return dt.date(int(text[:4]), int(text[5:7]), 1)
    return dt.date.fromisoformat(text[:10])


# ------------------------------------------------------------------------------------------ status

@dataclass(frozen=True)
class NormSpec:
    id: int
    target: float
    comparison: str = ">="
    unit: str = PERCENT
    deadline: dt.date | None = None
    baseline_value: float | None = None
    baseline_date: dt.date | None = None
    every_months: int | None = None
    tolerance: float = 0.0


@dataclass(frozen=True)
class MeasurementSpec:
    norm_id: int
    day: dt.date
    value: float
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class NormResult:
    id: int
    status: str
    latest: float | None
    latest_date: dt.date | None
    low: float | None
    high: float | None
    baseline: float | None
    change: float | None  # latest − baseline
    trend: str  # up / down / flat / '' (versus the previous measurement, else the baseline)
    towards_target: bool | None  # the trend moves towards (True) or away from (False) the target
    count: int


def _decide(comparison: str, target: float, tolerance: float, low: float, high: float) -> str:
    """met / not_met / undecided for an interval [low, high] (a point: low == high)."""
    if comparison == ">=":
        return "met" if low >= target else ("not_met" if high < target else "undecided")
    if comparison == "<=":
        return "met" if high <= target else ("not_met" if low > target else "undecided")
    lo, hi = target - tolerance, target + tolerance
    if lo <= low and high <= hi:
        return "met"
    return "not_met" if high < lo or low > hi else "undecided"


def evaluate(norm: NormSpec, measurements: list[MeasurementSpec], today: dt.date) -> NormResult:
    """One norm's status (the rules of the module docstring)."""
    rows = sorted((m for m in measurements if m.norm_id == norm.id and m.day <= today), key=lambda m: m.day)
    overdue_by_rhythm = False
    if not rows:
        due = norm.deadline is not None and today > norm.deadline
        start = norm.baseline_date
        if norm.every_months and start is not None and _months_later(start, norm.every_months) < today:
            due = True
        return NormResult(norm.id, "overdue" if due else "no_measurement", None, None, None, None,
                          norm.baseline_value, None, "", None, 0)
    last = rows[-1]
    low = last.value if last.low is None else last.low
    high = last.value if last.high is None else last.high
    verdict = _decide(norm.comparison, norm.target, norm.tolerance, low, high)
    if norm.every_months and _months_later(last.day, norm.every_months) < today:
        overdue_by_rhythm = True
    deadline_passed = norm.deadline is not None and today > norm.deadline
    measured_after_deadline = norm.deadline is not None and last.day >= norm.deadline
    if verdict == "met":
        status = "met"
    elif verdict == "undecided":
        status = "not_decided"
    elif measured_after_deadline:
        status = "missed"
    elif deadline_passed or overdue_by_rhythm:
        status = "overdue"
    else:
        status = "not_yet"
    previous = rows[-2].value if len(rows) > 1 else norm.baseline_value
    trend, towards = "", None
    if previous is not None:
        delta = last.value - previous
        trend = "flat" if abs(delta) < 1e-9 else ("up" if delta > 0 else "down")
        if trend != "flat":
            wanted = {">=": 1, "<=": -1}.get(norm.comparison, 1 if previous < norm.target else -1)
            towards = (delta > 0) == (wanted > 0)
    change = None if norm.baseline_value is None else last.value - norm.baseline_value
    return NormResult(norm.id, status, last.value, last.day, last.low, last.high, norm.baseline_value, change,
                      trend, towards, len(rows))


NORM_COLUMNS = ["norm_id", "target", "comparison", "deadline", "baseline_value", "baseline_date", "every_months",
                "tolerance"]
MEASUREMENT_COLUMNS = ["norm_id", "date", "value", "low", "high"]


def _as_days(series: pd.Series) -> np.ndarray:
    """Dates as day numbers since 1970 (NaN for missing), so comparisons are plain float arithmetic."""
    values = np.array([None if v is None or (isinstance(v, float) and v != v) else v for v in series.tolist()],
                      dtype="datetime64[D]")
    out = values.astype("int64").astype(float)
    out[np.isnat(values)] = np.nan
    return out


def _add_months_days(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Day numbers ``months`` later by the calendar, a day past the new month's end clamped to its last day
    (as :func:`_months_later`); NaN where either is missing."""
    out = np.full(len(days), np.nan)
    ok = ~np.isnan(days) & ~np.isnan(months)
    if ok.any():
        day = days[ok].astype("int64").astype("datetime64[D]")
        month = day.astype("datetime64[M]")
        into = (day - month.astype("datetime64[D]")).astype("int64")
        target = month + months[ok].astype("int64")
        length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype("int64")
        moved = target.astype("datetime64[D]") + np.minimum(into, length - 1)
        out[ok] = moved.astype("int64").astype(float)
    return out


def board(norms: pd.DataFrame, measurements: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Every norm's status in one pass. ``norms``: NORM_COLUMNS (one row per norm); ``measurements``:
    MEASUREMENT_COLUMNS. Returns one row per norm: norm_id, status, latest, latest_date, low, high, baseline,
    change, trend, towards_target, count."""
    norms = norms.reset_index(drop=True)
    n = len(norms)
    today_day = float((pd.Timestamp(today) - pd.Timestamp("1970-01-01")).days)
    m = measurements.copy()
    m["day"] = _as_days(m["date"]) if len(m) else np.array([], dtype=float)
    m = m[m["day"] <= today_day].sort_values(["norm_id", "day"], kind="stable")
    grouped = m.groupby("norm_id", sort=False)
    last = grouped.tail(1).set_index("norm_id")
    counts = grouped.size()
    prev = m[grouped.cumcount(ascending=False) == 1].set_index("norm_id")["value"]

    ids = norms["norm_id"]
    latest = last["value"].reindex(ids).to_numpy(dtype=float)
    latest_day = last["day"].reindex(ids).to_numpy(dtype=float)
    low_raw = last["low"].reindex(ids).to_numpy(dtype=float) if "low" in last else np.full(n, np.nan)
    high_raw = last["high"].reindex(ids).to_numpy(dtype=float) if "high" in last else np.full(n, np.nan)
    low = np.where(np.isnan(low_raw), latest, low_raw)
    high = np.where(np.isnan(high_raw), latest, high_raw)
    count = counts.reindex(ids).fillna(0).to_numpy(dtype=int)
    has = count > 0

    target = norms["target"].to_numpy(dtype=float)
    tolerance = norms["tolerance"].fillna(0).to_numpy(dtype=float) if "tolerance" in norms else np.zeros(n)
    comparison = norms["comparison"].to_numpy(dtype=object)
    ge, le = comparison == ">=", comparison == "<="
    eq = ~(ge | le)
    with np.errstate(invalid="ignore"):
        met = (ge & (low >= target)) | (le & (high <= target)) | \
            (eq & (low >= target - tolerance) & (high <= target + tolerance))
        not_met = (ge & (high < target)) | (le & (low > target)) | \
            (eq & ((high < target - tolerance) | (low > target + tolerance)))
    undecided = has & ~met & ~not_met

    deadline = _as_days(norms["deadline"])
    baseline_day = _as_days(norms["baseline_date"])
    every = norms["every_months"].to_numpy(dtype=float) if "every_months" in norms else np.full(n, np.nan)
    with np.errstate(invalid="ignore"):
        deadline_passed = ~np.isnan(deadline) & (today_day > deadline)
        after_deadline = ~np.isnan(deadline) & (latest_day >= deadline)
        rhythm_from = np.where(has, latest_day, baseline_day)
        rhythm_due = _add_months_days(rhythm_from, every)
        overdue_rhythm = ~np.isnan(rhythm_due) & (rhythm_due < today_day)

    status = np.select(
        [~has & (deadline_passed | overdue_rhythm), ~has, met, undecided, after_deadline,
         deadline_passed | overdue_rhythm],
        ["overdue", "no_measurement", "met", "not_decided", "missed", "overdue"], default="not_yet")

    baseline = norms["baseline_value"].to_numpy(dtype=float)
    previous = prev.reindex(ids).to_numpy(dtype=float)
    previous = np.where(np.isnan(previous), baseline, previous)
    delta = latest - previous
    with np.errstate(invalid="ignore"):
        trend = np.select([np.isnan(delta), np.abs(delta) < 1e-9, delta > 0], ["", "flat", "up"], default="down")
        wanted_up = np.where(ge, True, np.where(le, False, previous < target))
        towards = np.where((trend == "") | (trend == "flat"), None, (delta > 0) == wanted_up)
    latest_dates = pd.to_datetime(latest_day, unit="D")
    return pd.DataFrame({
        "norm_id": ids.to_numpy(), "status": status, "latest": latest,
        "latest_date": [d.date() if not pd.isna(d) else None for d in latest_dates],
        "low": low_raw, "high": high_raw, "baseline": baseline, "change": latest - baseline,
        "trend": trend, "towards_target": towards, "count": count})


def norms_frame(specs: list[NormSpec]) -> pd.DataFrame:
    return pd.DataFrame([{"norm_id": s.id, "target": s.target, "comparison": s.comparison, "deadline": s.deadline,
                          "baseline_value": s.baseline_value, "baseline_date": s.baseline_date,
                          "every_months": s.every_months, "tolerance": s.tolerance} for s in specs],
                        columns=NORM_COLUMNS)


def measurements_frame(specs: list[MeasurementSpec]) -> pd.DataFrame:
    return pd.DataFrame([{"norm_id": m.norm_id, "date": m.day, "value": m.value, "low": m.low, "high": m.high}
                         for m in specs], columns=MEASUREMENT_COLUMNS)
