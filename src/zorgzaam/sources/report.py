"""The import report: what was read, kept and refused, and why. Plain module, no Django.

Refusals are grouped by reason (a message code) with a count and a few examples that name file,
line and field. Counting is done on *records*: one value of the file (a line in a long file, one
cell in a wide one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from zorgzaam import messages
from zorgzaam.messages import Problem, format_number, render
from zorgzaam.sources.problems import reason_title

EXAMPLES = 5


@dataclass
class RefusalGroup:
    code: str
    count: int = 0
    examples: list[Problem] = field(default_factory=list)
    distinct: set = field(default_factory=set)  # distinct offending values (e.g. area codes)


@dataclass
class ImportReport:
    file: str
    format: str
    level: str = ""
    rows_read: int = 0
    records_read: int = 0
    records_kept: int = 0
    values_saved: int = 0
    unknown_values: int = 0
    refusals: dict[str, RefusalGroup] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    areas: int = 0
    area_vintages: list[str] = field(default_factory=list)
    outside_rows: int = 0  # lines about areas outside the loaded ones, skipped (not refused)
    outside_areas: int = 0
    outside_examples: set = field(default_factory=set)
    # the parents a published table names for its municipalities, {level: {parent code: [municipality codes]}}
    # (Statbel's cube names province and region): lets a profile say when a level is only partly loaded
    published_parents: dict = field(default_factory=dict)
    area_refs: set = field(default_factory=set)  # areas as written in the file (for completeness checks)

    # -- collecting -----------------------------------------------------------------------------
    @property
    def records_refused(self) -> int:
        return sum(group.count for group in self.refusals.values())

    def refuse(self, code: str, rows: pd.DataFrame, params: Any = None, column: str | None = None,
               distinct_column: str | None = None) -> None:
        """Refuse ``rows`` (a frame with a ``line`` column and, optionally, ``field``) for reason ``code``.

        ``params`` is a function row -> dict of message parameters (or a dict)."""
        if len(rows) == 0:
            return
        group = self.refusals.setdefault(code, RefusalGroup(code))
        group.count += len(rows)
        if distinct_column is not None:
            group.distinct.update(rows[distinct_column].astype(str).unique().tolist())
        need = EXAMPLES - len(group.examples)
        if need <= 0:
            return
        if distinct_column is not None:
            sample = rows.drop_duplicates(distinct_column).head(need)
        else:
            sample = rows.head(need)
        for row in sample.to_dict("records"):
            values = params(row) if callable(params) else dict(params or {})
            line = row.get("line")
            group.examples.append(Problem(
                code, values, file=self.file,
                line=None if line is None or pd.isna(line) else int(line),
                column=column or (str(row["field"]) if row.get("field") not in (None, "") else None),
            ))

    def refuse_one(self, problem: Problem) -> None:
        group = self.refusals.setdefault(problem.code, RefusalGroup(problem.code))
        group.count += 1
        if len(group.examples) < EXAMPLES:
            group.examples.append(problem)

    def warn(self, code: str, **params: Any) -> None:
        self.warnings.append(Problem(code, params, file=self.file))

    def summarise(self, values: pd.DataFrame) -> None:
        """Fill the 'found' part from the final measure table."""
        self.values_saved = len(values)
        self.unknown_values = int(values["value"].isna().sum()) if len(values) else 0
        self.measures = sorted(values["measure"].unique().tolist()) if len(values) else []
        self.periods = sorted(values["period"].unique().tolist()) if len(values) else []
        self.areas = int(values[["area_level", "area_code"]].drop_duplicates().shape[0]) if len(values) else 0
        self.area_vintages = sorted(values["area_vintage"].unique().tolist()) if len(values) else []

    # -- output ---------------------------------------------------------------------------------
    def as_record(self) -> dict[str, Any]:
        """The report as it is stored: counts, and the refusals and remarks as message records (code and
        parameters, in no language). :func:`worded` words it for the reader, as :meth:`as_dict` does."""
        groups = sorted(self.refusals.values(), key=lambda g: -g.count)
        record = self.as_dict(None)
        record["refusals"] = [{"code": g.code, "count": g.count, "distinct": len(g.distinct) or None,
                               "examples": [p.as_record() for p in g.examples]} for g in groups]
        record["warnings"] = [p.as_record() for p in self.warnings]
        return record

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        groups = sorted(self.refusals.values(), key=lambda g: -g.count)
        return {
            "file": self.file,
            "format": self.format,
            "level": self.level,
            "rows_read": self.rows_read,
            "records_read": self.records_read,
            "records_kept": self.records_kept,
            "records_refused": self.records_refused,
            "outside_rows": self.outside_rows,
            "outside_areas": self.outside_areas,
            "published_parents": self.published_parents,
            "values_saved": self.values_saved,
            "unknown_values": self.unknown_values,
            "refusals": [
                {"code": g.code, "count": g.count, "distinct": len(g.distinct) or None,
                 "reason": reason_title(g.code, lang),
                 "examples": [p.as_dict(lang) for p in g.examples]}
                for g in groups
            ],
            "warnings": [p.as_dict(lang) for p in self.warnings],
            "measures": self.measures,
            "measure_count": len(self.measures),
            "periods": self.periods,
            "areas": self.areas,
            "area_vintages": self.area_vintages,
        }

    def render_text(self, lang: str | None = None) -> str:
        lang = lang if lang in messages.LANGUAGES else messages.current_language()

        def n(value: int) -> str:
            return format_number(value, lang)

        lines = [
            (messages.gettext("Importverslag", lang)) + f" — {self.file} ({self.format})",
            (messages.gettext("  Regels gelezen:      ", lang)) + n(self.rows_read),
            (messages.gettext("  Waarden gelezen:     ", lang)) + n(self.records_read),
            (messages.gettext("  Waarden behouden:    ", lang)) + n(self.records_kept),
            (messages.gettext("  Waarden geweigerd:   ", lang)) + n(self.records_refused),
            (messages.gettext("  Opgeslagen cijfers:  ", lang)) + n(self.values_saved)
            + (f" ({n(self.unknown_values)} " + (messages.gettext("onbekend)", lang)) if self.unknown_values else ""),
        ]
        if self.measures:
            shown = ", ".join(self.measures[:8]) + (" …" if len(self.measures) > 8 else "")
            lines.append((messages.gettext("  Meetwaarden (", lang)) + n(len(self.measures)) + "): " + shown)
        if self.periods:
            lines.append((messages.gettext("  Perioden: ", lang)) + ", ".join(self.periods))
        if self.areas:
            level = self.level or "?"
            lines.append((messages.gettext("  Gebieden: ", lang)) + f"{n(self.areas)} ({level}"
                         + (", " + (messages.gettext("versie ", lang)) + "/".join(self.area_vintages)
                            if any(self.area_vintages) else "") + ")")
        if self.refusals:
            lines.append("")
            lines.append(messages.gettext("Redenen van weigering (meest voorkomend eerst):", lang))
            for group in sorted(self.refusals.values(), key=lambda g: -g.count):
                distinct = (f", {n(len(group.distinct))} " + (messages.gettext("verschillende", lang))
                            if group.distinct else "")
                lines.append(f"  • {n(group.count)} × {reason_title(group.code, lang)}{distinct}")
                for problem in group.examples:
                    lines.append("      " + problem.render(lang))
        if self.warnings:
            lines.append("")
            lines.append(messages.gettext("Opmerkingen:", lang))
            for problem in self.warnings:
                lines.append("  • " + render(problem.code, problem.params, lang=lang))
        return "\n".join(lines)


def _problem_dict(record: dict[str, Any], lang: str | None) -> dict[str, Any]:
    if "message" in record:  # already worded (a row stored before reports were records)
        return record
    return Problem.from_record(record).as_dict(lang)


def _row_words(row: Any, lang: str | None) -> Any:
    if not isinstance(row, dict):
        return row
    return {key: messages.param_text(value, lang) for key, value in row.items()}


def worded(stored: dict[str, Any] | None, lang: str | None = None) -> dict[str, Any] | None:
    """A stored report in ``lang`` (default: the active language): a record (:meth:`ImportReport.as_record`,
    a facility import, any job's report) becomes what :meth:`ImportReport.as_dict` gives — each refusal
    group gets its reason, each problem record (``refusals``' examples, ``warnings``, ``problems``) its
    message, and the values of rows in a list ({"facility_category": "ldc"}, a message record) their words.
    An older row stored rendered per language (``{"nl": {…}, "en": {…}}``) is read as it was stored: its
    part in ``lang``, else the Dutch. None when nothing was stored."""
    if not isinstance(stored, dict) or not stored:
        return None
    if set(stored) <= set(messages.LANGUAGES):  # an older row, rendered in every language
        chosen = stored.get(lang if lang in messages.LANGUAGES else messages.current_language()) \
            or stored.get(messages.SOURCE_LANGUAGE)
        return dict(chosen) if isinstance(chosen, dict) else None
    shown: dict[str, Any] = {}
    for key, value in stored.items():
        if key == "refusals":
            value = [dict(group, reason=reason_title(group["code"], lang),
                          examples=[_problem_dict(p, lang) for p in group.get("examples", [])]) for group in value]
        elif key in ("warnings", "problems"):
            value = [_problem_dict(p, lang) for p in value]
        elif isinstance(value, list):
            value = [_row_words(row, lang) for row in value]
        shown[key] = value
    return shown
