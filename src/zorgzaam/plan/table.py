"""The summary table as a table (plain module, no Django): filter and sort the rows of
``plan.findings.summary_rows`` the way the screen's GET parameters ask, and list the choices each filter
offers. Filters and sort keys are the Dutch words of the URL (``?bron=omgeving&status=open&sorteer=-thema``),
so a filtered table can be bookmarked, printed or sent to a colleague."""

from __future__ import annotations

from dataclasses import dataclass, field

# URL word -> row field
FILTERS: dict[str, str] = {"buurt": "neighbourhood_id", "bron": "source", "status": "status", "thema": "theme",
                           "bouwsteen": "building_block"}
SORTS: dict[str, str] = {"buurt": "neighbourhood", "bron": "source", "thema": "theme_label",
                         "bouwsteen": "block_label", "status": "status", "bevinding": "statement"}
SOURCE_ORDER = {"profile": 0, "environment": 1, "voices": 2, "team": 3}
STATUS_ORDER = {"open": 0, "accepted": 1, "rejected": 2}
NO_VALUE = "-"  # the filter value for 'no theme' / 'no building block'


@dataclass
class TableQuery:
    filters: dict[str, str] = field(default_factory=dict)  # URL word -> chosen value
    sort: str = ""  # a key of SORTS
    descending: bool = False
    current_only: bool = False

    @classmethod
    def from_params(cls, params) -> TableQuery:
        """From GET parameters (any mapping with ``get``); unknown values are ignored."""
        filters = {word: str(params.get(word, "")).strip() for word in FILTERS if str(params.get(word, "")).strip()}
        sort = str(params.get("sorteer", "")).strip()
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        return cls(filters, sort if sort in SORTS else "", descending and sort in SORTS,
                   str(params.get("huidig", "")) == "1")

    def sort_param(self, key: str) -> str:
        """The ``sorteer`` value of a column header link: ascending first, then descending."""
        return f"-{key}" if self.sort == key and not self.descending else key

    def aria_sort(self, key: str) -> str:
        if self.sort != key:
            return "none"
        return "descending" if self.descending else "ascending"


def _matches(row: dict, field_name: str, wanted: str) -> bool:
    value = row.get(field_name)
    if wanted == NO_VALUE:
        return not value
    return str(value if value is not None else "") == wanted


def filter_rows(rows: list[dict], query: TableQuery) -> list[dict]:
    out = [row for row in rows if not query.current_only or row.get("current", True)]
    for word, wanted in query.filters.items():
        out = [row for row in out if _matches(row, FILTERS[word], wanted)]
    return out


def _sort_value(row: dict, key: str):
    if key == "bron":
        return SOURCE_ORDER.get(row["source"], 9)
    if key == "status":
        return STATUS_ORDER.get(row["status"], 9)
    value = row.get(SORTS[key]) or ""
    return (value == "", str(value).casefold())  # empty cells last


def sort_rows(rows: list[dict], query: TableQuery) -> list[dict]:
    """Sorted by the chosen column, then as the table always reads: neighbourhood, source, statement."""
    base = sorted(rows, key=lambda r: ((r.get("neighbourhood") or "").casefold(),
                                       SOURCE_ORDER.get(r["source"], 9), r.get("statement", "").casefold()))
    if not query.sort:
        return base
    return sorted(base, key=lambda r: _sort_value(r, query.sort), reverse=query.descending)


def choices(rows: list[dict], field_name: str, label_field: str | None = None) -> list[tuple[str, str]]:
    """(value, label) of every value in ``rows`` for a filter, sorted by label; '' values become
    :data:`NO_VALUE`."""
    seen: dict[str, str] = {}
    for row in rows:
        value = row.get(field_name)
        key = str(value) if value not in (None, "") else NO_VALUE
        seen.setdefault(key, row.get(label_field or field_name) or "" if key != NO_VALUE else "")
    return sorted(seen.items(), key=lambda item: (item[0] == NO_VALUE, str(item[1]).casefold()))


def counts(rows: list[dict]) -> dict[str, int]:
    """How many findings there are per status (for the line above the table)."""
    out = {status: 0 for status in STATUS_ORDER}
    for row in rows:
        out[row["status"]] = out.get(row["status"], 0) + 1
    return out


FORM_FIELDS = {"status": "status", "note": "note", "theme": "theme", "block": "building_block"}


def _clean(text) -> str:
    return str(text or "").replace("\r\n", "\n").strip()


def changes_from_form(form) -> tuple[dict[int, dict], list[int]]:
    """What one submit of the table form changes, and which rows were ticked.

    ``form`` is a mapping with ``get`` and ``getlist`` (a QueryDict): every row sends ``rij`` (its id) and,
    per editable field, ``<field>-<id>`` with ``was-<field>-<id>`` (the value the page showed). Only fields
    that differ from what the page showed are changed, so a row nobody touched never overwrites what a
    colleague saved meanwhile. ``bulk`` (a status) is applied to every ticked row (``kies``)."""
    changes: dict[int, dict] = {}
    for raw in form.getlist("rij"):
        if not str(raw).isdigit():
            continue
        row = int(raw)
        for word, name in FORM_FIELDS.items():
            if f"{word}-{row}" not in form:
                continue
            value, shown = _clean(form.get(f"{word}-{row}")), _clean(form.get(f"was-{word}-{row}"))
            if value != shown:
                changes.setdefault(row, {})[name] = value
    ticked = [int(raw) for raw in form.getlist("kies") if str(raw).isdigit()]
    bulk = _clean(form.get("bulk"))
    if bulk:
        for row in ticked:
            changes.setdefault(row, {})["status"] = bulk
    return changes, ticked
