"""Read an XLSForm (the spreadsheet format of ODK and KoboToolbox) into a :class:`QuestionnaireSpec`
with pyxform, and say plainly what could not be carried over (no Django).

Supported: ``select_one``, ``select_multiple``, ``integer``, ``decimal``, ``range`` (→ scale), ``text``
(``appearance: multiline`` → long text), ``date``, ``geopoint`` (→ map point), groups (each top-level
group becomes a section; nested groups are flattened into it), ``required``, labels and hints per
language (Dutch and English columns such as ``label::Dutch (nl)`` / ``label::English (en)``, else the
default label), simple ``relevant`` conditions on one earlier answer (``${q} = 'v'``, ``!=``,
``selected(${q}, 'v')``, ``${q} >= n``) and simple numeric constraints (``. >= a and . <= b``).

Not supported, and reported per question: repeats (their questions are left out), ``calculate``,
``note`` (display text only), media/file/barcode/geotrace/geoshape/rank types, cascading selects
(``choice_filter``), choices from a file, complex ``relevant`` or ``constraint`` expressions (the
question is kept, the expression is dropped) and ``default`` values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from zorgzaam.messages import LANGUAGES, SOURCE_LANGUAGE, ZorgzaamError, gettext_noop, pgettext, register
from zorgzaam.voices.spec import Choice, Condition, QuestionnaireSpec, QuestionSpec

register({
    "xlsform_unreadable": gettext_noop("Het XLSForm kon niet gelezen worden: {detail}"),
    "xlsform_empty": gettext_noop("Het XLSForm bevat geen enkele vraag die Zorgzaam kan overnemen."),
    "xlsform_repeat": gettext_noop(
        "Herhaalgroep '{name}' wordt niet ondersteund; de vragen erin ({questions}) zijn weggelaten."),
    "xlsform_type": gettext_noop(
        "Vraagtype '{type}' van '{name}' wordt niet ondersteund; de vraag is weggelaten."),
    "xlsform_relevant": gettext_noop(
        "De voorwaarde van '{name}' ({expression}) is te ingewikkeld; de vraag wordt altijd getoond."),
    "xlsform_constraint": gettext_noop("De controle van '{name}' ({expression}) is niet overgenomen."),
    "xlsform_choice_filter": gettext_noop(
        "Trapsgewijze keuzelijst bij '{name}' wordt niet ondersteund; alle keuzes worden getoond."),
    "xlsform_default": gettext_noop("De standaardwaarde van '{name}' is niet overgenomen."),
})

TYPE_MAP = {"select one": "single", "select all that apply": "multiple", "integer": "number", "decimal": "number",
            "range": "scale", "text": "text", "date": "date", "geopoint": "map_point"}
META_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
              "audit", "start-geopoint", "background-audio"}
IGNORED_TYPES = {"calculate", "note", "hidden"}

_RELEVANT = [
    (re.compile(r"^\$\{(\w+)\}\s*=\s*'([^']*)'$"), "eq"),
    (re.compile(r"^\$\{(\w+)\}\s*!=\s*'([^']*)'$"), "ne"),
    (re.compile(r"^selected\(\s*\$\{(\w+)\}\s*,\s*'([^']*)'\s*\)$"), "contains"),
    (re.compile(r"^\$\{(\w+)\}\s*>=\s*(-?\d+(?:\.\d+)?)$"), "gte"),
    (re.compile(r"^\$\{(\w+)\}\s*<=\s*(-?\d+(?:\.\d+)?)$"), "lte"),
]
_RANGE = re.compile(r"^\.\s*>=\s*(-?\d+(?:\.\d+)?)\s+and\s+\.\s*<=\s*(-?\d+(?:\.\d+)?)$")


@dataclass
class XLSFormImport:
    spec: QuestionnaireSpec
    problems: list[dict] = field(default_factory=list)  # {"code", "params", "question"}

    def messages(self, lang: str = "nl") -> list[str]:
        from zorgzaam.messages import render

        return [render(p["code"], p["params"], lang=lang) for p in self.problems]


# How a form names the label column of each language (label::Nederlands (nl), label::English (en), …).
_LABEL_COLUMN_NAMES = {"nl": ("nl", "dutch", "nederlands"), "en": ("en", "english")}


def _pick(label, lang: str) -> str:
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    keys = list(label)
    wanted = _LABEL_COLUMN_NAMES.get(lang, (lang,))
    for key in keys:
        lowered = key.lower()
        if any(w == lowered or f"({w})" in lowered or lowered.startswith(w) for w in wanted):
            return label[key]
    if lang == SOURCE_LANGUAGE:  # a form's unnamed (default) labels are taken to be Dutch
        return label.get("default") or label[keys[0]] if keys else ""
    return ""


def read_xlsform(path: str | Path) -> XLSFormImport:
    from pyxform import xls2json
    from pyxform.errors import PyXFormError

    path = Path(path)
    if not path.exists():
        raise ZorgzaamError("file_not_found", path=str(path))
    try:
        data = xls2json.parse_file_to_json(str(path))
    except (PyXFormError, Exception) as error:  # pyxform raises several kinds on malformed sheets
        raise ZorgzaamError("xlsform_unreadable", file=path.name, detail=str(error)) from None
    problems: list[dict] = []
    sections: list[dict] = []
    questions: list[QuestionSpec] = []

    def note(code: str, question: str = "", **params):
        problems.append({"code": code, "params": params, "question": question})

    def walk(children: list, section: int | None, top: bool):
        for child in children:
            kind = child.get("type", "")
            name = child.get("name", "")
            if kind == "group":
                if name == "meta":
                    continue
                if top:
                    sections.append({"nl": _pick(child.get("label"), "nl") or name,
                                     "en": _pick(child.get("label"), "en")})
                    walk(child.get("children", []), len(sections) - 1, False)
                else:
                    walk(child.get("children", []), section, False)
                continue
            if kind == "repeat":
                inner = [c.get("name", "") for c in child.get("children", [])]
                note("xlsform_repeat", name, name=name, questions=", ".join(inner))
                continue
            if kind in META_TYPES:
                continue
            if kind in IGNORED_TYPES or kind not in TYPE_MAP:
                note("xlsform_type", name, type=kind, name=name)
                continue
            if section is None:
                if not sections or sections[-1].get("_loose") is not True:
                    sections.append({**{lang: pgettext("questionnaire section", "Vragen", lang) for lang in LANGUAGES},
                                     "_loose": True})  # a section as typed, in each language
                current = len(sections) - 1
            else:
                current = section
            questions.append(_question(child, current, note, {q.code for q in questions}))

    walk(data.get("children", []), None, True)
    for s in sections:
        s.pop("_loose", None)
    if not questions:
        raise ZorgzaamError("xlsform_empty", file=path.name)
    title = data.get("title") or path.stem
    spec = QuestionnaireSpec(title_nl=title if isinstance(title, str) else _pick(title, "nl"),
                             title_en=title if isinstance(title, str) else _pick(title, "en"),
                             sections=sections, questions=questions)
    spec.check()
    return XLSFormImport(spec=spec, problems=problems)


def _question(child: dict, section: int, note, earlier: set[str]) -> QuestionSpec:
    kind = child["type"]
    name = child["name"]
    bind = child.get("bind", {}) or {}
    ours = TYPE_MAP[kind]
    if ours == "text" and "multiline" in str((child.get("control") or {}).get("appearance", "")):
        ours = "long_text"
    q = QuestionSpec(code=name, type=ours, text_nl=_pick(child.get("label"), "nl") or name,
                     text_en=_pick(child.get("label"), "en"), section=section,
                     help_nl=_pick(child.get("hint"), "nl"), help_en=_pick(child.get("hint"), "en"),
                     required=str(bind.get("required", "")).lower() in ("yes", "true", "true()"))
    if ours in ("single", "multiple"):
        q.choices = [Choice(code=str(c["name"]), nl=_pick(c.get("label"), "nl") or str(c["name"]),
                            en=_pick(c.get("label"), "en")) for c in child.get("choices", [])]
        if child.get("choice_filter"):
            note("xlsform_choice_filter", name, name=name)
        if not q.choices:
            note("xlsform_type", name, type=kind + " (choices from file)", name=name)
            q.type = "text"
    if ours == "scale":
        params = child.get("parameters", {}) or {}
        q.scale_min = int(float(params.get("start", 1)))
        q.scale_max = int(float(params.get("end", 10)))
    relevant = str(bind.get("relevant", "")).strip()
    if relevant:
        for pattern, op in _RELEVANT:
            match = pattern.match(relevant)
            if match and match.group(1) in earlier:
                value: object = match.group(2)
                if op in ("gte", "lte"):
                    value = float(value)
                q.condition = Condition(question=match.group(1), op=op, value=value)
                break
        else:
            note("xlsform_relevant", name, name=name, expression=relevant)
    constraint = str(bind.get("constraint", "")).strip()
    if constraint:
        match = _RANGE.match(constraint)
        if match and ours == "number":
            q.min_value, q.max_value = float(match.group(1)), float(match.group(2))
        else:
            note("xlsform_constraint", name, name=name, expression=constraint)
    if child.get("default") not in (None, ""):
        note("xlsform_default", name, name=name)
    return q
