"""Paper questionnaires typed in by staff (no Django): answer keys, the double-entry sample and the
comparison of two entries.

On the entry screen every closed question takes a number: the position of the answer in the printed
list (1 = the first box), several numbers for "several answers possible", the value itself for a scale
or a number. :func:`parse_typed` turns what was typed into the raw answer that
:func:`zorgzaam.voices.spec.validate_answer` checks, so paper, the web form and the importers share one
set of rules and messages.

**Double entry.** A share of the questionnaires (e.g. 10 %) is typed a second time by someone else who
does not see the first entry. :func:`in_sample` picks them by systematic sampling with a random start
taken from the survey: of any run of 100 consecutive questionnaires exactly ``percent`` are chosen, spread
evenly, and nobody can predict which from the order of the pile. :func:`compare_entries` lists the
questions where the two entries differ; :func:`agreement` is the share of compared answers that agree.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from typing import Any

from zorgzaam.messages import ZorgzaamError, gettext_noop, register
from zorgzaam.voices.spec import QuestionSpec, is_empty, is_shown, validate_answer

register({
    "paper_not_a_key": gettext_noop(
        "Bij vraag {number} is '{value}' geen antwoordnummer: typ een getal van 1 tot {high}."),
    "paper_one_key_only": gettext_noop("Bij vraag {number} kan maar één antwoord: typ één getal."),
    "paper_bad_percent": gettext_noop(
        "Het deel voor de tweede ingave moet tussen 0 en 100 % liggen (gekregen: {value})."),
})

_SPLIT = re.compile(r"[\s,;+/]+")


def answer_keys(question: QuestionSpec) -> list[tuple[str, str]]:
    """(key typed, answer code) for a closed question: 1, 2, 3 … in the printed order; a scale's own values."""
    if question.type in ("single", "multiple"):
        return [(str(i + 1), choice.code) for i, choice in enumerate(question.choices)]
    if question.type == "scale":
        return [(code, code) for code in question.choice_codes()]
    return []


def key_hints(question: QuestionSpec, lang: str = "nl") -> list[tuple[str, str]]:
    """(key, label) pairs shown beside the input."""
    if question.type in ("single", "multiple"):
        return [(key, question.choice_label(code, lang)) for key, code in answer_keys(question)]
    if question.type == "scale":
        return [(key, question.scale_labels.get(key, "")) for key, _ in answer_keys(question)]
    return []


def _key_to_code(question: QuestionSpec, typed: str, number: int | str) -> str:
    keys = dict(answer_keys(question))
    if typed in keys:
        return keys[typed]
    if typed in keys.values():  # the code itself (e.g. 'x'), for teams that print codes
        return typed
    raise ZorgzaamError("paper_not_a_key", question=question.code, number=number, value=typed, high=len(keys))


def parse_typed(question: QuestionSpec, typed: str | None, *, number: int | str = "") -> Any:
    """The raw answer for :func:`validate_answer` from what was typed (``None`` when left empty)."""
    text = (typed or "").strip()
    number = number or question.code
    if not text:
        return None
    if question.type == "single":
        parts = [p for p in _SPLIT.split(text) if p]
        if len(parts) > 1:
            raise ZorgzaamError("paper_one_key_only", question=question.code, number=number)
        return _key_to_code(question, parts[0], number)
    if question.type == "multiple":
        return [_key_to_code(question, p, number) for p in _SPLIT.split(text) if p]
    return text


@dataclass
class SheetResult:
    answers: dict[str, Any]  # code -> normalised answer (None = not answered or skipped)
    errors: dict[str, ZorgzaamError]  # code -> what is wrong
    skipped: list[str]  # hidden by skip logic
    missing_required: list[str]  # required, shown, not answered (allowed on paper: people skip questions)


def read_sheet(questions: list[QuestionSpec], typed: dict[str, str]) -> SheetResult:
    """Check one typed questionnaire: keys → codes, answer rules, skip logic (in question order)."""
    answers: dict[str, Any] = {}
    errors: dict[str, ZorgzaamError] = {}
    skipped: list[str] = []
    missing: list[str] = []
    for number, question in enumerate(questions, start=1):
        if not is_shown(question, answers):
            answers[question.code] = None
            skipped.append(question.code)
            continue
        try:
            value = validate_answer(question, parse_typed(question, typed.get(question.code), number=number))
        except ZorgzaamError as error:
            errors[question.code] = error
            answers[question.code] = None
            continue
        answers[question.code] = value
        if question.required and value is None:
            missing.append(question.code)
    return SheetResult(answers=answers, errors=errors, skipped=skipped, missing_required=missing)


def typed_value(question: QuestionSpec, value: Any) -> str:
    """What a person would type for a stored answer (to show and to prefill)."""
    if is_empty(value):
        return ""
    keys = {code: key for key, code in answer_keys(question)}
    if question.type == "multiple":
        return " ".join(keys.get(v, str(v)) for v in value)
    if question.type == "single":
        return keys.get(str(value), str(value))
    if question.type == "map_point" and isinstance(value, dict):
        return f"{value.get('lat')} {value.get('lon')}"
    return str(value)


def shown_value(question: QuestionSpec, value: Any, lang: str = "nl") -> str:
    """An answer in words, with its key: '2 — Man'."""
    if is_empty(value):
        return "—"
    if question.type in ("single", "multiple", "scale"):
        keys = {code: key for key, code in answer_keys(question)}
        parts = []
        for code in (value if isinstance(value, list) else [value]):
            key, label = keys.get(str(code), str(code)), question.choice_label(str(code), lang)
            parts.append(f"{key} — {label}" if label and label != str(key) else str(key))
        return "; ".join(parts)
    return typed_value(question, value)


# ------------------------------------------------------------------------------------------ the sample

def check_percent(value: Any) -> int:
    try:
        percent = float(str(value).replace(",", "."))
    except ValueError:
        raise ZorgzaamError("paper_bad_percent", value=value) from None
    if not 0 <= percent <= 100 or not math.isfinite(percent):
        raise ZorgzaamError("paper_bad_percent", value=value)
    return int(round(percent))


def sample_start(seed: str) -> float:
    """The random start in [0, 1) of the systematic sample, fixed per survey."""
    digest = hashlib.sha256(f"paper-sample:{seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2 ** 64


def in_sample(sequence: int, percent: int, seed: str) -> bool:
    """Whether questionnaire number ``sequence`` (1, 2, 3 …) is entered a second time. Exactly
    ``percent`` of every 100 consecutive numbers are chosen (systematic sampling, random start)."""
    if percent <= 0:
        return False
    if percent >= 100:
        return True
    start = sample_start(seed)
    p = percent / 100
    return math.floor(sequence * p + start) > math.floor((sequence - 1) * p + start)


# ------------------------------------------------------------------------------------------ comparison

def _same(a: Any, b: Any) -> bool:
    if is_empty(a) and is_empty(b):
        return True
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


def compare_entries(questions: list[QuestionSpec], first: dict[str, Any], second: dict[str, Any]
                    ) -> tuple[int, list[dict]]:
    """(number of questions compared, differences). A question is compared when at least one of the two
    entries has an answer; a difference is ``{"question", "first", "second"}`` with normalised answers."""
    compared = 0
    differences = []
    for question in questions:
        a, b = first.get(question.code), second.get(question.code)
        if is_empty(a) and is_empty(b):
            continue
        compared += 1
        if not _same(a, b):
            differences.append({"question": question.code, "first": None if is_empty(a) else a,
                                "second": None if is_empty(b) else b})
    return compared, differences


def agreement(pairs: list[tuple[int, int]]) -> float | None:
    """Share of compared answers that agree, over (compared, differences) pairs; None when nothing was
    compared yet."""
    compared = sum(c for c, _ in pairs)
    if not compared:
        return None
    return (compared - sum(d for _, d in pairs)) / compared
