"""Importing an existing action list (an Excel or CSV register, as teams keep them) into the plan.

The columns of such a register are those of Balen's action register: number, title, strategic goal,
operational goal, working group, the intended measure and a status, under whatever names and in whatever
order the file uses. Three steps, each usable on its own (CLI, web, tests):

1. :func:`read_table` reads the file (CSV with any of ``;`` ``,`` tab, or a workbook through
   :func:`zorgzaam.workbooks.read_workbook`) as text;
2. :func:`guess_mapping` proposes which column is which field from the header words (Dutch and English);
   the person may override it (the mapping screen, ``--map kolom=veld``);
3. :func:`check_import` places every line in a goal tree and reports per line: a number that disagrees
   with the S/O columns is imported *with a warning naming the line*; a line that cannot be placed (no
   title, a sub-goal without a strategic goal, no goal at all) refuses the whole file; a status we do not
   know becomes "niet gestart" with a warning.

:func:`import_plan` writes a checked import in one transaction (nothing when anything was refused). The
parsing half of this module does not import Django; the writing half imports it when it is called.

Numbers restart per working group (as in Balen, where each working group had its own action 1), so the
number in the file is compared with the number the plan gives the action within its working group."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from zorgzaam.messages import Problem, ZorgzaamError, gettext_noop, register
from zorgzaam.plan import goal_tree as gt

FIELDS = ("number", "title", "strategic", "operational", "working_group", "measure", "status")
FIELD_LABELS = {
    "number": gettext_noop("nummer"), "title": gettext_noop("titel van de actie"),
    "strategic": gettext_noop("strategisch doel (S)"), "operational": gettext_noop("operationeel doel (O)"),
    "working_group": gettext_noop("werkgroep"), "measure": gettext_noop("maatregel of omschrijving"),
    "status": gettext_noop("status"), "": gettext_noop("niet gebruiken"),
}

register({
    "import_unknown_field": gettext_noop("Onbekend veld '{value}'. Kies uit: {known}."),
    "import_unknown_column": gettext_noop("Kolom '{value}' staat niet in het bestand. Kolommen: {known}."),
    "import_column_twice": gettext_noop("Het veld '{field}' hangt aan twee kolommen: {columns}."),
    "import_needs_columns": gettext_noop(
        "Zeg welke kolom de titel van de actie is en welke het doel (strategisch of operationeel)."),
    "import_no_title": gettext_noop("Deze regel heeft geen titel: zo kan de actie niet in het plan."),
    "import_no_goal": gettext_noop(
        "Deze regel heeft geen strategisch en geen operationeel doel: de actie kan nergens in de boom."),
    "import_sub_goal_without_goal": gettext_noop(
        "Tussendoel '{value}' heeft geen strategisch doel: zo kan het nergens in de boom."),
    "import_goal_unreadable": gettext_noop(
        "'{value}' is geen doel dat Zorgzaam kan plaatsen (verwacht bv. 'S1', 'S1: titel' of 'S1/O2')."),
    "import_goal_disagrees": gettext_noop(
        "De kolom tussendoel zegt {said}, de kolom strategisch doel {strategic}: de regel past niet in de boom."),
    "import_number_mismatch": gettext_noop(
        "Actie {number} in het bestand wordt {label} in het plan: de nummering klopt niet met de S/O-kolommen "
        "({why})."),
    "import_number_gap": gettext_noop("nummer(s) {missing} ontbreken"),
    "import_number_order": gettext_noop("het nummer volgt niet op dat van de vorige actie in de boom"),
    "import_number_goal": gettext_noop("het nummer zelf zegt {said}"),
    "import_number_twice": gettext_noop("Nummer {number} komt al voor op regel {first} (werkgroep {group})."),
    "import_status_unknown": gettext_noop("Onbekende status '{value}': de actie komt op 'niet gestart'."),
    "import_goal_title_differs": gettext_noop(
        "{code} heet hier '{value}', maar op regel {first} '{first_value}': de eerste titel blijft."),
    "import_refused": gettext_noop(
        "Niets geïmporteerd: {count} regel(s) kunnen niet in de boom. Verbeter het bestand of de koppeling."),
    "import_unreadable": gettext_noop("Het bestand kan niet gelezen worden: {detail}"),
    "import_action_exists": gettext_noop(
        "'{title}' staat al onder dit doel in het plan: deze regel wordt overgeslagen."),
})

# Header words per field, normalised (lower case, no accents, only letters, digits and spaces).
HEADER_WORDS = {
    "number": ("nr", "nummer", "no", "number", "num", "actienummer", "actie nr", "actienr", "id", "volgnummer",
               "ref", "referentie", "code"),
    "title": ("titel", "title", "actie", "action", "naam", "name", "acties", "actions", "onderwerp"),
    "strategic": ("strategisch doel", "strategische doelstelling", "strategisch", "strategic goal", "strategic",
                  "s", "sd", "s doel", "doel", "goal", "hoofddoel"),
    "operational": ("operationeel doel", "operationele doelstelling", "operationeel", "operational goal",
                    "operational", "o", "od", "o doel", "tussendoel", "subdoel", "sub goal", "subgoal", "s o", "so",
                    "doelstelling"),
    "working_group": ("werkgroep", "working group", "wg", "group", "groep", "team"),
    "measure": ("maatregel", "measure", "omschrijving", "beschrijving", "description", "inhoud", "wat",
                "beoogde maatregel", "intended measure", "details"),
    "status": ("status", "stand", "stand van zaken", "state", "voortgang", "progress", "stadium"),
}

# Status words seen in registers (Balen's sentences among them) → the plan's status codes.
STATUS_WORDS = {
    "not_started": ("niet gestart", "nog niet gestart", "nog niet uitgevoerd", "niet uitgevoerd", "nog niet",
                    "gepland", "te doen", "todo", "to do", "not started", "planned", "open", "nieuw", "new"),
    "under_study": ("in onderzoek", "onderzoek", "in studie", "studie", "wordt bekeken", "wordt onderzocht",
                    "geen beslissing", "nog geen beslissing", "under study", "studying", "being studied"),
    "ongoing": ("lopend", "lopende", "bezig", "in uitvoering", "loopt", "gestart", "ongoing", "in progress",
                "started", "running"),
    "done": ("uitgevoerd", "werd uitgevoerd", "klaar", "afgerond", "gedaan", "gerealiseerd", "done", "finished",
             "completed", "carried out", "executed"),
    "recurring": ("terugkerend", "gebeurt al", "gebeurt regelmatig", "dit gebeurt regelmatig", "regelmatig",
                  "doorlopend", "recurring", "repeated", "regular"),
    "not_undertaken": ("niet ondernomen", "niets ondernomen", "not undertaken", "nothing undertaken"),
    "rejected": ("afgewezen", "stopgezet", "afgewezen of stopgezet", "geweigerd", "niet toegestaan",
                 "negatief advies", "rejected", "dropped", "cancelled", "canceled", "rejected or dropped"),
}


def _norm(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text)).strip()


_STATUS_INDEX = {_norm(word): code for code, words in STATUS_WORDS.items() for word in words}
_STATUS_INDEX.update({code: code for code in STATUS_WORDS})
_STATUS_INDEX.update({_norm(code): code for code in STATUS_WORDS})


def status_code(text, extra: dict[str, str] | None = None) -> str | None:
    """The plan's status code for a register's status text ('lopende', 'Done', 'gebeurt al', …), or None
    when we do not recognise it. ``extra`` maps a team's own status names to codes."""
    key = _norm(text)
    if not key:
        return "not_started"
    index = dict(_STATUS_INDEX, **{_norm(k): v for k, v in (extra or {}).items()})
    if key in index:
        return index[key]
    for word, code in sorted(index.items(), key=lambda item: -len(item[0])):  # a sentence holding a known phrase
        if len(word) > 3 and re.search(rf"\b{re.escape(word)}\b", key):
            return code
    return None


# ------------------------------------------------------------------------------------------ reading

@dataclass
class Table:
    """The file as text: its name, its columns in file order and the rows (each with its file line)."""

    name: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(source, name: str | None = None) -> Table:
    """A CSV or workbook (path or bytes) as text. The header is the first row whose words name a title and a
    goal (a register often starts with a title line or two; the first ten rows are tried, else the first
    row); lines are counted as a spreadsheet shows them, empty rows skipped."""
    from zorgzaam.workbooks import is_workbook_name

    if isinstance(source, str | Path):
        name = name or Path(source).name
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError:
            raise ZorgzaamError("file_not_found", path=str(source)) from None
    else:
        data = bytes(source)
    name = name or "bestand"
    if not data.strip():
        raise ZorgzaamError("file_empty", file=name)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0") or is_workbook_name(name):
        grid = _read_workbook(data, name)
    else:
        grid = _read_csv(data, name)
    header_at = 0
    for index, cells in enumerate(grid[:10]):
        guessed = set(guess_mapping(_columns(cells)).values())
        if "title" in guessed and guessed & {"strategic", "operational"}:
            header_at = index
            break
    if header_at >= len(grid):
        raise ZorgzaamError("file_empty", file=name)
    columns = _columns(grid[header_at])
    rows = []
    for index, cells in enumerate(grid[header_at + 1:], start=header_at + 2):
        row = {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(columns)}
        if any(row.values()):
            rows.append((index, row))
    return Table(name, columns, rows)


def _columns(cells: list[str]) -> list[str]:
    """Header cells as column names: an empty one is named after its letter, a repeated one gets a number."""
    out: list[str] = []
    for index, cell in enumerate(cells):
        column = cell or _letter(index)
        while column in out:
            column = f"{column} ({index + 1})"
        out.append(column)
    return out


def _letter(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def _read_workbook(data: bytes, name: str) -> list[list[str]]:
    from zorgzaam.workbooks import read_workbook

    try:
        frame = read_workbook(data, header=None, dtype=str)
    except Exception as error:  # calamine's and pandas' own errors
        raise ZorgzaamError("import_unreadable", file=name, detail=str(error)) from None
    return [[_text(v) for v in values] for values in frame.itertuples(index=False, name=None)]


def _read_csv(data: bytes, name: str) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise ZorgzaamError("encoding_unreadable", file=name)
    lines = text.splitlines()[:10]
    separator = max((";", ",", "\t"), key=lambda sep: max((line.count(sep) for line in lines), default=0))
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=separator)]
    except csv.Error as error:
        raise ZorgzaamError("import_unreadable", file=name, detail=str(error)) from None


# ------------------------------------------------------------------------------------------ the mapping

def guess_mapping(columns: list[str]) -> dict[str, str]:
    """``{column: field}`` for the columns whose header says what they hold ('' for the others). An exact
    header word wins over a word inside a longer header; a field is given to one column only."""
    out = {column: "" for column in columns}
    taken: set[str] = set()
    for exact in (True, False):
        for column in columns:
            if out[column]:
                continue
            header = _norm(column)
            for field_name in FIELDS:
                if field_name in taken:
                    continue
                words = HEADER_WORDS[field_name]
                hit = header in words if exact else any(
                    len(word) > 2 and re.search(rf"\b{re.escape(word)}\b", header) for word in words)
                if not exact and field_name == "title" and re.search(r"\b(nr|nummer|number|no)\b", header):
                    hit = False  # 'actie nr' is a number
                if hit:
                    out[column] = field_name
                    taken.add(field_name)
                    break
    return out


def apply_overrides(mapping: dict[str, str], overrides: list[str] | dict[str, str], columns: list[str]
                    ) -> dict[str, str]:
    """The mapping with ``kolom=veld`` overrides (a field named twice moves to the last column named;
    ``kolom=`` leaves a column out)."""
    out = dict(mapping)
    items = overrides.items() if isinstance(overrides, dict) else (o.partition("=")[::2] for o in overrides)
    for column, field_name in items:
        column, field_name = column.strip(), field_name.strip()
        if column not in columns:
            raise ZorgzaamError("import_unknown_column", value=column, known=", ".join(columns))
        if field_name and field_name not in FIELDS:
            raise ZorgzaamError("import_unknown_field", value=field_name, known=", ".join(FIELDS))
        if field_name:
            for other, given in out.items():
                if given == field_name and other != column:
                    out[other] = ""
        out[column] = field_name
    return out


def check_mapping(mapping: dict[str, str], columns: list[str]) -> dict[str, str]:
    """``{field: column}``; refuses an unknown field or column, a field on two columns, and a mapping
    without a title or without any goal column."""
    by_field: dict[str, list[str]] = {}
    for column, field_name in mapping.items():
        if column not in columns:
            raise ZorgzaamError("import_unknown_column", value=column, known=", ".join(columns))
        if not field_name:
            continue
        if field_name not in FIELDS:
            raise ZorgzaamError("import_unknown_field", value=field_name, known=", ".join(FIELDS))
        by_field.setdefault(field_name, []).append(column)
    for field_name, named in by_field.items():
        if len(named) > 1:
            raise ZorgzaamError("import_column_twice", field=field_name, columns=", ".join(named))
    if "title" not in by_field or not ({"strategic", "operational"} & set(by_field)):
        raise ZorgzaamError("import_needs_columns")
    return {field_name: named[0] for field_name, named in by_field.items()}


# ------------------------------------------------------------------------------------------ checking

_GOAL = re.compile(r"^\s*(?:(?P<s>S\s*\d+)\s*(?:[./\\|\s-]\s*)?)?(?:(?P<o>O\s*\d+))?\s*(?:[:.)\-–—]\s*|\s+|$)(?P<rest>.*)$",
                   re.IGNORECASE)
_NUMBER = re.compile(r"(\d+)\s*$")
_RANGE = re.compile(r"(\d+)\s*[-–—]\s*(\d+)\s*$")


def parse_goal(text: str) -> tuple[str, str, str]:
    """'S1: Mensen kennen elkaar' → ('S1', '', 'Mensen kennen elkaar'); 'S2/O1' → ('S2', 'O1', '');
    'O3 Kosten beperken' → ('', 'O3', 'Kosten beperken'); a title without a code → ('', '', title)."""
    text = (text or "").strip()
    match = _GOAL.match(text)
    if not match or not (match.group("s") or match.group("o")):
        return "", "", text
    code = lambda g: re.sub(r"\s+", "", match.group(g) or "").upper()  # noqa: E731
    return code("s"), code("o"), match.group("rest").strip()


@dataclass
class Line:
    """One line of the file as it will go into the plan."""

    line: int
    number: str
    title: str
    working_group: str
    strategic: tuple[str, str]  # (code, title)
    operational: tuple[str, str] | None
    measure: str
    status: str
    status_text: str
    label: str = ""
    skip: bool = False  # already in the plan (see mark_existing)


@dataclass
class ImportCheck:
    file: str
    mapping: dict[str, str]  # field -> column
    lines: list[Line] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)  # the goals to make, in order: kind, key, code, title, group

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    def report(self, lang: str | None = None) -> dict:
        return {
            "file": self.file, "mapping": self.mapping, "refused": self.refused, "lines": len(self.lines),
            "actions": 0 if self.refused else sum(not x.skip for x in self.lines),
            "goals": 0 if self.refused else len(self.goals),
            "warnings": [p.as_dict(lang) for p in self.warnings], "errors": [p.as_dict(lang) for p in self.errors],
            "preview": [{"line": x.line, "number": x.number, "label": x.label, "title": x.title,
                         "working_group": x.working_group, "status": x.status, "skipped": x.skip}
                        for x in self.lines],
        }


def check_import(table: Table, mapping: dict[str, str], *, status_names: dict[str, str] | None = None
                 ) -> ImportCheck:
    """Place every line of ``table`` (``mapping`` is ``{column: field}``) in a goal tree and say, per line,
    what is wrong. Nothing is written."""
    by_field = check_mapping(mapping, table.columns)
    result = ImportCheck(table.name, by_field)
    where = {"file": table.name}

    def cell(row: dict, name: str) -> str:
        return row.get(by_field[name], "").strip() if name in by_field else ""

    goal_titles: dict[tuple, tuple[str, int]] = {}
    for line_no, row in table.rows:
        title = cell(row, "title")
        group = cell(row, "working_group")
        s_code, s_o_code, s_title = parse_goal(cell(row, "strategic"))
        o_s_code, o_code, o_title = parse_goal(cell(row, "operational"))
        if s_o_code and not o_code:  # 'S1/O2' in the strategic column
            o_code = s_o_code
        if o_s_code and s_code and o_s_code != s_code:
            result.errors.append(Problem("import_goal_disagrees", {"said": f"{o_s_code}/{o_code}",
                                                                   "strategic": s_code}, line=line_no,
                                         column=by_field.get("operational"), **where))
            continue
        s_code = s_code or o_s_code
        if not title:
            result.errors.append(Problem("import_no_title", line=line_no, column=by_field["title"], **where))
            continue
        if not (s_code or s_title) and (o_code or o_title):
            result.errors.append(Problem("import_sub_goal_without_goal", {"value": cell(row, "operational")},
                                         line=line_no, column=by_field.get("strategic") or by_field.get(
                                             "operational"), **where))
            continue
        if not (s_code or s_title):
            result.errors.append(Problem("import_no_goal", line=line_no,
                                         column=by_field.get("strategic") or by_field.get("operational"), **where))
            continue
        s_key = (group, s_code or _norm(s_title))
        for key, code, text, column in ((s_key, s_code, s_title, "strategic"),
                                        ((*s_key, o_code or _norm(o_title)), o_code, o_title, "operational")):
            if column == "operational" and not (o_code or o_title):
                continue
            if key in goal_titles:
                first_title, first_line = goal_titles[key]
                if text and first_title and _norm(text) != _norm(first_title):
                    result.warnings.append(Problem("import_goal_title_differs", {
                        "code": code or text, "value": text, "first": first_line, "first_value": first_title},
                        line=line_no, column=by_field.get(column), **where))
                elif text and not first_title:
                    goal_titles[key] = (text, first_line)
            else:
                goal_titles[key] = (text, line_no)
        raw_status = cell(row, "status")
        status = status_code(raw_status, status_names)
        if status is None:
            result.warnings.append(Problem("import_status_unknown", {"value": raw_status}, line=line_no,
                                           column=by_field.get("status"), **where))
            status = "not_started"
        result.lines.append(Line(line_no, cell(row, "number"), title, group, (s_code, s_title),
                                 (o_code, o_title) if (o_code or o_title) else None, cell(row, "measure"),
                                 status, raw_status))
    if result.errors:
        return result
    _place(result, goal_titles)
    _check_numbers(result, by_field.get("number"))
    return result


def _goal_title(code: str, key: tuple, titles: dict) -> str:
    text = titles.get(key, ("", 0))[0]
    return text or code


def _place(result: ImportCheck, titles: dict) -> None:
    """Build the tree the file describes (goals in the order they first appear, actions under them) and
    give every line its outline number (numbered per working group)."""
    tree = gt.GoalTree()
    ids: dict[tuple, int] = {}
    line_ids: dict[int, int] = {}
    groups = list(dict.fromkeys(x.working_group for x in result.lines))
    for group in groups:  # keep a working group's goals together, in file order
        for x in (y for y in result.lines if y.working_group == group):
            s_key = (x.working_group, x.strategic[0] or _norm(x.strategic[1]))
            if s_key not in ids:
                node = tree.add(gt.STRATEGIC, _goal_title(x.strategic[0], s_key, titles), working_group=group)
                ids[s_key] = node.id
                result.goals.append({"kind": gt.STRATEGIC, "key": s_key, "code": x.strategic[0],
                                     "title": node.title, "working_group": group, "parent": None})
            parent = ids[s_key]
            if x.operational is not None:
                o_key = (*s_key, x.operational[0] or _norm(x.operational[1]))
                if o_key not in ids:
                    node = tree.add(gt.OPERATIONAL, _goal_title(x.operational[0], o_key, titles), ids[s_key])
                    ids[o_key] = node.id
                    result.goals.append({"kind": gt.OPERATIONAL, "key": o_key, "code": x.operational[0],
                                         "title": node.title, "working_group": group, "parent": s_key})
                parent = ids[o_key]
            line_ids[x.line] = tree.add(gt.ACTION, x.title, parent).id
    # goals sorted by their code within their parent (S1 before S2 even when S2 came first in the file)
    for parent in [None, *ids.values()]:
        kids = tree.children(parent)
        ordered = sorted(kids, key=lambda n: (n.kind == gt.ACTION, _code_number(n, result, ids), n.position))
        for position, node in enumerate(ordered):
            tree.move(node.id, parent, position)
    labels = tree.labels("working_group")
    outline = tree.outline("working_group")
    for x in result.lines:
        x.label = labels[line_ids[x.line]]
    result.goals.sort(key=lambda g: (groups.index(g["working_group"]), g["kind"] != gt.STRATEGIC,
                                     outline[ids[g["key"]]]))
    for goal in result.goals:
        goal["outline"] = outline[ids[goal["key"]]]
    order = {node.id: index for index, (node, _depth) in enumerate(tree.walk())}
    result.lines.sort(key=lambda y: order[line_ids[y.line]])


def _code_number(node: gt.Node, result: ImportCheck, ids: dict) -> int:
    key = next((k for k, v in ids.items() if v == node.id), None)
    if key is None:
        return 10**6
    code = key[-1]
    match = re.match(r"^[SO](\d+)$", str(code))
    return int(match.group(1)) if match else 10**5


def _check_numbers(result: ImportCheck, number_column: str | None) -> None:
    """Numbers in the file should count on within their working group in the order of the tree (1, 2, 3 …,
    a range such as '12–14' counting for three). A number that does not (numbers missing before it, one
    that does not follow the previous action, or one that itself names another S/O) is imported with a
    warning that names the line and says which number the plan gives it."""
    if number_column is None:
        return
    seen: dict[tuple[str, int], int] = {}
    previous: dict[str, int] = {}
    for x in result.lines:  # in tree order
        given = x.number.strip()
        match = _NUMBER.search(given)
        if not match:
            continue
        last = int(match.group(1))
        span = _RANGE.search(given)
        number = int(span.group(1)) if span else last
        if (x.working_group, number) in seen:
            result.warnings.append(Problem("import_number_twice", {
                "number": given, "first": seen[x.working_group, number], "group": x.working_group or "-"},
                line=x.line, column=number_column, file=result.file))
        seen.setdefault((x.working_group, number), x.line)
        s_said, o_said, _rest = parse_goal(given)
        whys = []
        if s_said and (s_said != x.strategic[0] or (o_said and x.operational and o_said != x.operational[0])):
            whys.append({"code": "import_number_goal", "params": {"said": "/".join(p for p in (s_said, o_said) if p)}})
        before = previous.get(x.working_group, 0)
        if number > before + 1:
            missing = list(range(before + 1, number))
            text = f"{missing[0]}–{missing[-1]}" if len(missing) > 1 else str(missing[0])
            whys.append({"code": "import_number_gap", "params": {"missing": text}})
        elif number <= before:
            whys.append({"code": "import_number_order", "params": {}})
        previous[x.working_group] = max(before, last)
        if whys:
            result.warnings.append(Problem("import_number_mismatch", {
                "number": given, "label": x.label, "why": {"list": whys}}, line=x.line, column=number_column,
                file=result.file))
    result.warnings.sort(key=lambda p: (p.line or 0))


# ------------------------------------------------------------------------------------------ writing

def _existing_goal(workspace, goal: dict, parent: int | None):
    from zorgzaam.plan.tree_models import GoalNode

    existing = GoalNode.objects.filter(workspace=workspace, kind=goal["kind"], parent_id=parent,
                                       title__iexact=goal["title"])
    if goal["kind"] == gt.STRATEGIC:
        existing = existing.filter(working_group=goal["working_group"])
    return existing.first()


def _line_parent(x: Line) -> tuple:
    s_key = (x.working_group, x.strategic[0] or _norm(x.strategic[1]))
    return (*s_key, x.operational[0] or _norm(x.operational[1])) if x.operational else s_key


def mark_existing(workspace, check: ImportCheck) -> None:
    """An action already in the plan under the same goal with the same title (a file imported twice) is
    skipped with a warning on its line, so importing again adds nothing twice."""
    from zorgzaam.plan.tree_models import GoalNode

    ids: dict[tuple, int | None] = {}
    for goal in check.goals:
        parent = ids.get(goal["parent"]) if goal["parent"] is not None else None
        found = _existing_goal(workspace, goal, parent) if goal["parent"] is None or parent else None
        ids[goal["key"]] = found.pk if found is not None else None
    for x in check.lines:
        parent = ids.get(_line_parent(x))
        if parent and GoalNode.objects.filter(parent_id=parent, kind=gt.ACTION, title__iexact=x.title).exists():
            x.skip = True
            check.warnings.append(Problem("import_action_exists", {"title": x.title}, file=check.file, line=x.line,
                                          column=check.mapping.get("title")))
    check.warnings.sort(key=lambda p: p.line or 0)


def import_plan(workspace, check: ImportCheck, *, user: str = "") -> dict:
    """Write a checked import: the goals (an existing goal of the same working group and title is reused)
    and the actions, in one transaction. Refused as a whole when the check found a line it cannot place."""
    from django.db import transaction

    from zorgzaam.plan import plan_service as service

    if check.refused:
        first = check.errors[0]
        raise ZorgzaamError("import_refused", count=len({p.line for p in check.errors}), file=first.file,
                            line=first.line, column=first.column)
    created_goals = reused_goals = 0
    with transaction.atomic():
        ids: dict[tuple, int] = {}
        for goal in check.goals:
            parent = ids.get(goal["parent"]) if goal["parent"] is not None else None
            found = _existing_goal(workspace, goal, parent)
            if found is None:
                found = service.add_node(workspace, goal["kind"], goal["title"], parent=parent,
                                         working_group=goal["working_group"] if goal["kind"] == gt.STRATEGIC else "")
                created_goals += 1
            else:
                reused_goals += 1
            ids[goal["key"]] = found.pk
        made = []
        for x in check.lines:
            if x.skip:
                continue
            parent = ids[_line_parent(x)]
            node = service.add_node(workspace, gt.ACTION, x.title, parent=parent, description=x.measure,
                                    status=x.status, user=user)
            if x.status in service.NEEDS_REASON and x.status_text:
                node.action.status_reason = x.status_text
                node.action.save(update_fields=["status_reason"])
            made.append(node.pk)
    return {"actions": len(made), "goals_created": created_goals, "goals_reused": reused_goals, "ids": made}


def run_import(workspace, source, *, name: str | None = None, overrides=(), dry_run: bool = False,
               user: str = "", lang: str | None = None) -> dict:
    """Read, map (guessed, then ``overrides``), check and (unless ``dry_run`` or refused) write; the report."""
    from zorgzaam.plan import plan_service as service

    table = read_table(source, name)
    mapping = apply_overrides(guess_mapping(table.columns), overrides, table.columns)
    settings = service.settings_for(workspace)
    own = {v.get(k): code for code, v in (settings.status_names or {}).items() for k in ("nl", "en") if v.get(k)}
    check = check_import(table, mapping, status_names=own)
    if not check.refused:
        mark_existing(workspace, check)
    report = check.report(lang)
    report["columns"] = {column: mapping.get(column, "") for column in table.columns}
    report["dry_run"] = dry_run
    if not check.refused and not dry_run:
        report["written"] = import_plan(workspace, check, user=user)
    return report
