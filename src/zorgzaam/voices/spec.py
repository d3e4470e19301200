"""Questionnaires as plain data (no Django): question types, answer validation and skip logic.

A :class:`QuestionnaireSpec` is what the item bank, the XLSForm importer and the database models all
produce, and what the public form, the response importers and the analysis read. Answers are kept in
one normalised form per type:

=============  ==========================================================================
type           normalised answer
=============  ==========================================================================
single         the choice code (str)
multiple       a sorted list of choice codes
scale          an int between ``scale_min`` and ``scale_max`` (inclusive)
number         an int or float within ``min_value``/``max_value`` when given
text           a str (one line, at most 300 characters)
long_text      a str (at most 5000 characters)
date           an ISO date string ``YYYY-MM-DD``
map_point      ``{"lat": float, "lon": float}`` (WGS84)
=============  ==========================================================================

Skip logic is one simple condition on an earlier answer (``Condition``): the question is shown only
when the condition holds. Invalid answers raise :class:`~zorgzaam.messages.ZorgzaamError` with a code
from this module's message catalogue, so the form and the importers tell people the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from zorgzaam.messages import ZorgzaamError, gettext_noop, pgettext, register

QUESTION_TYPES = ("single", "multiple", "scale", "number", "text", "long_text", "date", "map_point")
CHOICE_TYPES = ("single", "multiple")
FREE_TEXT_TYPES = ("text", "long_text")
CONDITION_OPS = ("eq", "ne", "in", "not_in", "answered", "gte", "lte", "contains")
TEXT_LIMITS = {"text": 300, "long_text": 5000}

register({
    "answer_not_a_choice": gettext_noop("'{value}' is geen van de mogelijke antwoorden op vraag {question}."),
    "answer_out_of_scale": gettext_noop(
        "Het antwoord op vraag {question} moet tussen {low} en {high} liggen (gekregen: {value})."),
    "answer_not_a_number": gettext_noop(
        "Het antwoord op vraag {question} moet een getal zijn (gekregen: {value})."),
    "answer_not_a_date": gettext_noop(
        "Het antwoord op vraag {question} moet een datum zijn, bv. 2025-03-31 (gekregen: {value})."),
    "answer_not_a_point": gettext_noop(
        "Het antwoord op vraag {question} moet een punt op de kaart zijn (breedte- en lengtegraad)."),
    "answer_too_long": gettext_noop(
        "Het antwoord op vraag {question} is te lang (hoogstens {limit} tekens)."),
    "answer_required": gettext_noop("Vraag {question} is verplicht."),
    "answer_one_choice_only": gettext_noop("Bij vraag {question} kan maar één antwoord."),
    "question_unknown_type": gettext_noop("Onbekend vraagtype '{type}' bij vraag {question}."),
    "question_bad_condition": gettext_noop(
        "De voorwaarde van vraag {question} verwijst naar '{other}', dat geen eerdere vraag is."),
    "question_duplicate_code": gettext_noop("De vraagcode '{question}' komt meer dan eens voor."),
    "question_no_choices": gettext_noop(
        "Vraag {question} is een keuzevraag maar heeft geen antwoordmogelijkheden."),
})


# How a condition reads ("talk_neighbours is weekly"): Dutch msgids, context "condition".
_CONDITION_WORDS = {"eq": gettext_noop("is"), "ne": gettext_noop("is niet"), "in": gettext_noop("is een van"),
                    "not_in": gettext_noop("is geen van"), "contains": gettext_noop("bevat"),
                    "answered": gettext_noop("is beantwoord"), "gte": gettext_noop("is minstens"),
                    "lte": gettext_noop("is hoogstens")}


@dataclass
class Choice:
    code: str
    nl: str
    en: str = ""

    def label(self, lang: str = "nl") -> str:
        return (self.en or self.nl) if lang == "en" else self.nl


@dataclass
class Condition:
    """Show the question only when the earlier answer to ``question`` satisfies ``op`` ``value``."""

    question: str
    op: str = "eq"
    value: Any = None

    def holds(self, answers: dict[str, Any]) -> bool:
        given = answers.get(self.question)
        if self.op == "answered":
            return not _empty(given)
        if _empty(given):
            return self.op in ("ne", "not_in")
        values = given if isinstance(given, list) else [given]
        target = self.value if isinstance(self.value, list) else [self.value]
        target_s = {str(v) for v in target}
        if self.op == "eq":
            return str(given) == str(self.value) if not isinstance(given, list) else str(self.value) in values
        if self.op == "ne":
            return str(given) != str(self.value) if not isinstance(given, list) else str(self.value) not in values
        if self.op in ("in", "contains"):
            return any(str(v) in target_s for v in values)
        if self.op == "not_in":
            return not any(str(v) in target_s for v in values)
        try:
            number = float(given)
            limit = float(self.value)
        except (TypeError, ValueError):
            return False
        return number >= limit if self.op == "gte" else number <= limit

    def describe(self, lang: str = "nl", about: QuestionSpec | None = None) -> str:
        """'talk_neighbours is weekly'; with ``about`` (the question it depends on) in words for a person:
        'is Elke week' — the answers by their labels, without the code."""
        words = {op: pgettext("condition", msgid, lang) for op, msgid in _CONDITION_WORDS.items()}
        values = self.value if isinstance(self.value, list) else [self.value]
        if about is not None:
            values = [about.choice_label(str(v), lang) for v in values]
        value = "" if self.op == "answered" else " " + ", ".join(map(str, values))
        if about is not None:
            return f"{words.get(self.op, self.op)}{value}"
        return f"{self.question} {words.get(self.op, self.op)}{value}"


@dataclass
class QuestionSpec:
    code: str
    type: str
    text_nl: str
    text_en: str = ""
    choices: list[Choice] = field(default_factory=list)
    required: bool = False
    scale_min: int | None = None
    scale_max: int | None = None
    scale_labels: dict[str, str] = field(default_factory=dict)  # "1" -> label, for the ends of a scale
    min_value: float | None = None
    max_value: float | None = None
    condition: Condition | None = None
    section: int = 0
    bank_item: str = ""
    help_nl: str = ""
    help_en: str = ""

    def text(self, lang: str = "nl") -> str:
        return (self.text_en or self.text_nl) if lang == "en" else self.text_nl

    def choice_codes(self) -> list[str]:
        if self.type == "scale" and self.scale_min is not None and self.scale_max is not None:
            return [str(v) for v in range(int(self.scale_min), int(self.scale_max) + 1)]
        return [c.code for c in self.choices]

    def choice_label(self, code: str, lang: str = "nl") -> str:
        for choice in self.choices:
            if choice.code == str(code):
                return choice.label(lang)
        if self.type == "scale":
            return self.scale_labels.get(str(code), str(code))
        return str(code)

    @property
    def is_categorical(self) -> bool:
        return self.type in ("single", "multiple", "scale")

    @property
    def is_free_text(self) -> bool:
        return self.type in FREE_TEXT_TYPES

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class QuestionnaireSpec:
    title_nl: str
    title_en: str = ""
    sections: list[dict] = field(default_factory=list)  # [{"nl": ..., "en": ...}] in order
    questions: list[QuestionSpec] = field(default_factory=list)
    version: int = 1

    def by_code(self) -> dict[str, QuestionSpec]:
        return {q.code: q for q in self.questions}

    def section_questions(self, section: int) -> list[QuestionSpec]:
        return [q for q in self.questions if q.section == section]

    def section_count(self) -> int:
        used = {q.section for q in self.questions}
        return max(len(self.sections), (max(used) + 1) if used else 0)

    def check(self) -> None:
        """Raise on duplicate codes, unknown types, choice questions without options and conditions that
        refer to a later (or unknown) question."""
        seen: list[str] = []
        for q in self.questions:
            if q.code in seen:
                raise ZorgzaamError("question_duplicate_code", question=q.code)
            if q.type not in QUESTION_TYPES:
                raise ZorgzaamError("question_unknown_type", question=q.code, type=q.type)
            if q.type in CHOICE_TYPES and not q.choices:
                raise ZorgzaamError("question_no_choices", question=q.code)
            if q.condition and q.condition.question not in seen:
                raise ZorgzaamError("question_bad_condition", question=q.code, other=q.condition.question)
            seen.append(q.code)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, float) and value != value)


def is_empty(value: Any) -> bool:
    return _empty(value)


def is_shown(question: QuestionSpec, answers: dict[str, Any]) -> bool:
    """Whether the skip logic shows ``question`` given the answers so far."""
    return question.condition is None or question.condition.holds(answers)


_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def _to_number(question: QuestionSpec, raw: Any) -> float:
    if isinstance(raw, bool):
        raise ZorgzaamError("answer_not_a_number", question=question.code, value=raw)
    if isinstance(raw, int | float):
        return raw
    text = str(raw).strip()
    if not _NUMBER.match(text):
        raise ZorgzaamError("answer_not_a_number", question=question.code, value=raw)
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() and "." not in text and "," not in text else value


def validate_answer(question: QuestionSpec, raw: Any) -> Any:
    """The normalised answer, ``None`` for no answer, or a :class:`ZorgzaamError` saying what is wrong.
    Required-ness is checked separately (:func:`missing_required`), because skipped questions are not
    required."""
    if _empty(raw) or (isinstance(raw, list) and all(_empty(v) for v in raw)):
        return None
    kind = question.type
    if kind == "single":
        if isinstance(raw, list):
            if len(raw) > 1:
                raise ZorgzaamError("answer_one_choice_only", question=question.code)
            raw = raw[0]
        code = _choice_code(raw)
        if code not in question.choice_codes():
            raise ZorgzaamError("answer_not_a_choice", question=question.code, value=raw)
        return code
    if kind == "multiple":
        items = raw if isinstance(raw, list | tuple | set) else str(raw).split()
        codes = sorted({_choice_code(v) for v in items if not _empty(v)})
        allowed = set(question.choice_codes())
        for code in codes:
            if code not in allowed:
                raise ZorgzaamError("answer_not_a_choice", question=question.code, value=code)
        return codes or None
    if kind == "scale":
        value = _to_number(question, raw)
        low, high = question.scale_min, question.scale_max
        if value != int(value) or (low is not None and value < low) or (high is not None and value > high):
            raise ZorgzaamError("answer_out_of_scale", question=question.code, low=low, high=high, value=raw)
        return int(value)
    if kind == "number":
        value = _to_number(question, raw)
        low, high = question.min_value, question.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            raise ZorgzaamError("answer_out_of_scale", question=question.code,
                                low="-" if low is None else low, high="-" if high is None else high, value=raw)
        return value
    if kind in FREE_TEXT_TYPES:
        text = str(raw).strip()
        if len(text) > TEXT_LIMITS[kind]:
            raise ZorgzaamError("answer_too_long", question=question.code, limit=TEXT_LIMITS[kind])
        return text or None
    if kind == "date":
        text = str(raw).strip()[:10]
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ZorgzaamError("answer_not_a_date", question=question.code, value=raw) from None
    if kind == "map_point":
        return _point(question, raw)
    raise ZorgzaamError("question_unknown_type", question=question.code, type=kind)


def _choice_code(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _point(question: QuestionSpec, raw: Any) -> dict:
    try:
        if isinstance(raw, dict):
            lat, lon = float(raw["lat"]), float(raw["lon"])
        else:
            # "lat lon", "lat,lon" or ODK's "lat lon altitude accuracy"
            parts = [p for p in re.split(r"[\s;]+|,(?=\s*-?\d)", str(raw).strip()) if p]
            lat, lon = float(parts[0]), float(parts[1])
    except (KeyError, ValueError, IndexError, TypeError):
        raise ZorgzaamError("answer_not_a_point", question=question.code) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ZorgzaamError("answer_not_a_point", question=question.code)
    return {"lat": round(lat, 6), "lon": round(lon, 6)}


def missing_required(questions: list[QuestionSpec], answers: dict[str, Any]) -> list[str]:
    """Codes of required questions that are shown (skip logic) but have no answer."""
    return [q.code for q in questions if q.required and is_shown(q, answers) and _empty(answers.get(q.code))]


def spec_from_dict(data: dict) -> QuestionnaireSpec:
    """Rebuild a spec from :func:`dataclasses.asdict` output (JSON round trip)."""
    questions = []
    for q in data.get("questions", []):
        q = dict(q)
        q["choices"] = [Choice(**c) for c in q.get("choices") or []]
        q["condition"] = Condition(**q["condition"]) if q.get("condition") else None
        questions.append(QuestionSpec(**q))
    return QuestionnaireSpec(title_nl=data["title_nl"], title_en=data.get("title_en", ""),
                             sections=list(data.get("sections") or []), questions=questions,
                             version=int(data.get("version", 1)))
