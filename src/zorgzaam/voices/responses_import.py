"""Read response exports of KoboToolbox / ODK and LimeSurvey (CSV or XLSX) and map their columns to the
questions of a questionnaire (no Django). The result is an :class:`ImportPlan`: the column → question
mapping (what matched, how, and what did not), the meta columns that were recognised and ignored, the
questions no column answers, and the rows as answers ready to store — or the problems (file, line,
column) that stop them.

Formats:

* ``kobo`` (also ODK Central): one column per question, named ``question`` or ``group/question``
  (``group-question`` with another separator); multiple choice as one column of space-separated codes
  and/or one ``question/option`` column per option (1/0 or True/False); ``_uuid`` or
  ``meta/instanceID`` identify a submission; ``_id``, ``_submission_time``, ``start``, ``end`` … are meta.
  Columns may hold codes or, in a "labels" export, the answer labels (matched too).
* ``limesurvey``: question codes as headers; multiple choice as ``code[SQ001]`` = ``Y``; ``id`` identifies a
  response; ``submitdate`` empty means not finished; ``lastpage``, ``startlanguage``, ``seed`` … are meta.
* ``zorgzaam``: our own codes as headers (e.g. a paper-entry spreadsheet).

A column named ``neighbourhood``/``buurt``/``wijk`` assigns respondents to a neighbourhood by name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from zorgzaam.messages import Problem, ZorgzaamError, gettext_noop, register
from zorgzaam.voices.spec import QuestionnaireSpec, QuestionSpec, validate_answer

FORMATS = ("kobo", "odk", "limesurvey", "zorgzaam")
NEIGHBOURHOOD_COLUMNS = ("neighbourhood", "buurt", "wijk")
ID_COLUMNS = {"kobo": ("_uuid", "meta/instanceID", "instanceID", "KEY", "_id"),
              "limesurvey": ("id",), "zorgzaam": ("respondent", "id")}
META = {
    "kobo": {"_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "_tags", "_index", "_parent_index", "_version", "__version__", "start", "end", "today", "deviceid",
             "username", "meta/instanceid", "instanceid", "meta/deprecatedid", "formhub/uuid", "key", "submissiondate",
             "submitterid", "submittername", "attachmentspresent", "attachmentsexpected", "status", "reviewstate",
             "devicedate", "edits", "formversion", "meta/instancename", "_xform_id_string", "_attachments", "_geolocation"},
    "limesurvey": {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
                   "refurl", "token", "interviewtime"},
    "zorgzaam": {"respondent", "id", "channel"},
}
TRUE = {"1", "y", "yes", "true", "ja", "x"}

register({
    "responses_unreadable": gettext_noop("Het bestand kon niet gelezen worden: {detail}"),
    "responses_no_match": gettext_noop(
        "Geen enkele kolom komt overeen met een vraag van de vragenlijst. Kolommen: {columns}."),
    "responses_unknown_neighbourhood": gettext_noop("Onbekende buurt '{value}'."),
    "responses_duplicate_id": gettext_noop("Dit antwoord-id kwam al voor op regel {first_line}."),
})


@dataclass
class ColumnMatch:
    column: str
    question: str
    option: str | None = None  # for one-column-per-option exports
    how: str = "code"  # code | group path | label | option column


@dataclass
class ImportRow:
    line: int
    external_id: str
    neighbourhood: str | None
    answers: dict[str, Any]
    complete: bool = True


@dataclass
class ImportPlan:
    format: str
    file: str
    matched: list[ColumnMatch] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    meta: list[str] = field(default_factory=list)
    unanswered_questions: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refused_lines: list[int] = field(default_factory=list)

    def report(self, lang: str = "nl") -> dict:
        return {
            "format": self.format, "file": self.file,
            "matched": [{"column": m.column, "question": m.question, "option": m.option, "how": m.how}
                        for m in self.matched],
            "unmatched_columns": self.unmatched, "meta_columns": self.meta,
            "questions_without_column": self.unanswered_questions,
            "rows": len(self.rows), "refused_rows": len(self.refused_lines),
            "problems": [p.as_dict(lang) for p in self.problems[:200]],
            "problem_count": len(self.problems),
        }


def read_table(path: str | Path) -> pd.DataFrame:
    """All cells as text ('' when empty). CSV: delimiter sniffed (comma, semicolon, tab), UTF-8 with or
    without BOM, else Latin-1. XLSX: the first sheet."""
    path = Path(path)
    if not path.exists():
        raise ZorgzaamError("file_not_found", path=str(path))
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            from zorgzaam.workbooks import read_workbook

            frame = read_workbook(path, dtype=str, sheet_name=0)
        else:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            first = text.splitlines()[0] if text else ""
            sep = max([",", ";", "\t"], key=first.count)
            from io import StringIO

            frame = pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except ZorgzaamError:
        raise
    except Exception as error:  # pandas/calamine raise many kinds on broken files
        raise ZorgzaamError("responses_unreadable", file=path.name, detail=str(error)) from None
    if frame.empty and not len(frame.columns):
        raise ZorgzaamError("file_empty", file=path.name)
    return frame.fillna("").astype(str)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def map_columns(columns: list[str], spec: QuestionnaireSpec, fmt: str,
                overrides: dict[str, str] | None = None) -> tuple[list[ColumnMatch], list[str], list[str]]:
    """Matched columns, unmatched columns and recognised meta columns."""
    fmt = "kobo" if fmt == "odk" else fmt
    by_code = spec.by_code()
    lower_codes = {c.lower(): c for c in by_code}
    labels: dict[str, str] = {}
    for q in spec.questions:
        for text in (q.text_nl, q.text_en):
            if text:
                labels.setdefault(_norm(text), q.code)
    meta_names = META.get(fmt, set()) | META["zorgzaam"]
    matched, unmatched, meta = [], [], []
    overrides = overrides or {}
    for column in columns:
        name = str(column).strip()
        if name in overrides:
            target = overrides[name]
            code, _, option = target.partition("/")
            matched.append(ColumnMatch(name, code, option or None, "mapping"))
            continue
        if name.lower() in NEIGHBOURHOOD_COLUMNS:
            continue
        if name.lower() in meta_names or name.startswith("_"):
            meta.append(name)
            continue
        found = _match(name, fmt, by_code, lower_codes, labels)
        if found is None:
            unmatched.append(name)
        else:
            matched.append(found)
    # one question answered by both a combined column and option columns: keep the combined one
    combined = {m.question for m in matched if m.option is None}
    kept = []
    for m in matched:
        if m.option is not None and m.question in combined:
            meta.append(m.column)
            continue
        kept.append(m)
    return kept, unmatched, meta


def _match(name: str, fmt: str, by_code: dict[str, QuestionSpec], lower_codes: dict[str, str],
           labels: dict[str, str]) -> ColumnMatch | None:
    if name in by_code:
        return ColumnMatch(name, name)
    if name.lower() in lower_codes:
        return ColumnMatch(name, lower_codes[name.lower()])
    lime = re.match(r"^([A-Za-z0-9_]+)\[([^\]]+)\]$", name)
    if lime:
        code = lower_codes.get(lime.group(1).lower())
        if code and by_code[code].type == "multiple":
            return ColumnMatch(name, code, _option(by_code[code], lime.group(2)), "option column")
        if code:
            return ColumnMatch(name, code, None, "code")
    parts = re.split(r"[/]", name)
    if len(parts) > 1:
        last = parts[-1].lower()
        if last in lower_codes:
            return ColumnMatch(name, lower_codes[last], None, "group path")
        before = parts[-2].lower()
        if before in lower_codes and by_code[lower_codes[before]].type == "multiple":
            q = by_code[lower_codes[before]]
            return ColumnMatch(name, q.code, _option(q, parts[-1]), "option column")
    if "-" in name:
        last = name.rsplit("-", 1)[-1].lower()
        if last in lower_codes:
            return ColumnMatch(name, lower_codes[last], None, "group path")
    code = labels.get(_norm(name))
    if code:
        return ColumnMatch(name, code, None, "label")
    return None


def _option(q: QuestionSpec, key: str) -> str:
    codes = q.choice_codes()
    if key in codes:
        return key
    lowered = {c.lower(): c for c in codes}
    if key.lower() in lowered:
        return lowered[key.lower()]
    number = re.search(r"(\d+)$", key)
    if number and 1 <= int(number.group(1)) <= len(codes):  # LimeSurvey SQ001 → first option
        return codes[int(number.group(1)) - 1]
    return key


def _value_to_code(q: QuestionSpec, value: str) -> str:
    """Accept a code, or an answer label in Dutch or English (a 'labels' export)."""
    if q.type not in ("single", "multiple"):
        return value
    codes = set(q.choice_codes())
    if value in codes:
        return value
    wanted = _norm(value)
    for choice in q.choices:
        if wanted in (_norm(choice.nl), _norm(choice.en)) or wanted == _norm(choice.code):
            return choice.code
    return value


def plan_import(frame: pd.DataFrame, spec: QuestionnaireSpec, fmt: str, *, file: str = "",
                neighbourhoods: list[str] | None = None, overrides: dict[str, str] | None = None) -> ImportPlan:
    if fmt not in FORMATS:
        raise ZorgzaamError("unknown_format", format=fmt, known=", ".join(FORMATS))
    matched, unmatched, meta = map_columns(list(frame.columns), spec, fmt, overrides)
    plan = ImportPlan(format=fmt, file=file, matched=matched, unmatched=unmatched, meta=meta)
    if not matched:
        raise ZorgzaamError("responses_no_match", file=file, columns=", ".join(map(str, frame.columns[:20])))
    answered = {m.question for m in matched}
    plan.unanswered_questions = [q.code for q in spec.questions if q.code not in answered]
    by_code = spec.by_code()
    id_column = next((c for c in ID_COLUMNS.get("kobo" if fmt == "odk" else fmt, ()) if c in frame.columns), None)
    nbh_column = next((c for c in frame.columns if str(c).strip().lower() in NEIGHBOURHOOD_COLUMNS), None)
    known_nbh = {_norm(n): n for n in (neighbourhoods or [])}
    seen_ids: dict[str, int] = {}
    records = frame.to_dict("records")
    for i, record in enumerate(records):
        line = i + 2  # header is line 1
        row_problems: list[Problem] = []
        raw: dict[str, Any] = {}
        for m in matched:
            cell = str(record[m.column]).strip()
            if m.option is not None:
                if cell.lower() in TRUE:
                    raw.setdefault(m.question, []).append(m.option)
                continue
            if cell == "":
                continue
            q = by_code[m.question]
            if q.type == "multiple":
                raw[m.question] = [_value_to_code(q, v) for v in cell.split()]
            else:
                raw[m.question] = _value_to_code(q, cell)
        answers: dict[str, Any] = {}
        for code, value in raw.items():
            try:
                clean = validate_answer(by_code[code], value)
            except ZorgzaamError as error:
                column = next(m.column for m in matched if m.question == code)
                row_problems.append(Problem(error.problem.code, error.problem.params, file=file, line=line,
                                            column=column))
                continue
            if clean is not None:
                answers[code] = clean
        external = str(record[id_column]).strip() if id_column else ""
        if external:
            if external in seen_ids:
                row_problems.append(Problem("responses_duplicate_id", {"first_line": seen_ids[external]}, file=file,
                                            line=line, column=id_column))
            seen_ids.setdefault(external, line)
        neighbourhood = None
        if nbh_column and str(record[nbh_column]).strip():
            value = str(record[nbh_column]).strip()
            neighbourhood = known_nbh.get(_norm(value))
            if neighbourhood is None:
                row_problems.append(Problem("responses_unknown_neighbourhood", {"value": value}, file=file, line=line,
                                            column=nbh_column))
        complete = True
        if fmt == "limesurvey" and "submitdate" in frame.columns:
            complete = bool(str(record["submitdate"]).strip())
        if row_problems:
            plan.problems.extend(row_problems)
            plan.refused_lines.append(line)
            continue
        plan.rows.append(ImportRow(line=line, external_id=external, neighbourhood=neighbourhood, answers=answers,
                                   complete=complete))
    return plan
