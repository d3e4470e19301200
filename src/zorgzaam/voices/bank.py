"""The item bank as data (``data/item_bank.toml``) and building a questionnaire from it (no Django).

>>> from zorgzaam.voices.bank import load_bank, build_questionnaire
>>> spec = build_questionnaire(title_nl="Bevraging Kerkveld")          # every item, grouped by theme
>>> spec = build_questionnaire(["satisfaction_neighbourhood", "age_band"], title_nl="Kort")

Each item has an ``id`` (becomes the question code), a ``theme`` (becomes the section), a type, Dutch
and English wording and its answers (inline ``choices`` or a shared ``answers`` set). Items marked
``instrument = "djg6"`` are the loneliness short scale; ``background = true`` marks the questions used
for breakdowns; ``editable_list = true`` marks lists a team is expected to adapt to local services.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from zorgzaam.messages import ZorgzaamError, gettext_noop, register
from zorgzaam.voices.spec import Choice, Condition, QuestionnaireSpec, QuestionSpec

BANK_FILE = Path(__file__).parent / "data" / "item_bank.toml"

register({
    "bank_item_unknown": gettext_noop("Onbekend item '{item}' in de itembank."),
})


@dataclass
class BankItem:
    id: str
    theme: str
    question: QuestionSpec
    instrument: str = ""
    background: bool = False
    editable_list: bool = False
    contact_optin: bool = False
    extra: dict = field(default_factory=dict)


@dataclass
class Bank:
    version: int
    themes: dict[str, tuple[str, str]]
    items: dict[str, BankItem]

    def by_theme(self) -> dict[str, list[BankItem]]:
        out: dict[str, list[BankItem]] = {theme: [] for theme in self.themes}
        for item in self.items.values():
            out.setdefault(item.theme, []).append(item)
        return out


def _choices(raw: list) -> list[Choice]:
    return [Choice(code=str(c[0]), nl=c[1], en=c[2] if len(c) > 2 else "") for c in raw]


@lru_cache(maxsize=4)
def _load(path: str) -> Bank:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    sets = data.get("answer_sets", {})
    themes = {k: (v[0], v[1]) for k, v in data.get("themes", {}).items()}
    items: dict[str, BankItem] = {}
    for raw in data.get("items", []):
        choices = _choices(raw["choices"]) if "choices" in raw else _choices(sets.get(raw.get("answers", ""), []))
        condition = Condition(**raw["condition"]) if raw.get("condition") else None
        question = QuestionSpec(
            code=raw["id"], type=raw["type"], text_nl=raw["nl"], text_en=raw.get("en", ""), choices=choices,
            required=bool(raw.get("required", False)), scale_min=raw.get("scale_min"),
            scale_max=raw.get("scale_max"), scale_labels={str(k): v for k, v in raw.get("scale_labels", {}).items()},
            min_value=raw.get("min_value"), max_value=raw.get("max_value"), condition=condition,
            bank_item=raw["id"], help_nl=raw.get("help_nl", ""), help_en=raw.get("help_en", ""))
        items[raw["id"]] = BankItem(
            id=raw["id"], theme=raw["theme"], question=question, instrument=raw.get("instrument", ""),
            background=bool(raw.get("background", False)), editable_list=bool(raw.get("editable_list", False)),
            contact_optin=bool(raw.get("contact_optin", False)))
    return Bank(version=int(data.get("version", 1)), themes=themes, items=items)


def load_bank(path: str | Path | None = None) -> Bank:
    return _load(str(path or BANK_FILE))


def build_questionnaire(item_ids: list[str] | None = None, *, title_nl: str, title_en: str = "",
                        bank: Bank | None = None) -> QuestionnaireSpec:
    """A questionnaire of the chosen items (all when ``item_ids`` is None), one section per theme in the
    bank's theme order. Conditions that point at an item that was not chosen are dropped."""
    bank = bank or load_bank()
    chosen = list(bank.items) if item_ids is None else list(item_ids)
    for item_id in chosen:
        if item_id not in bank.items:
            raise ZorgzaamError("bank_item_unknown", item=item_id)
    wanted = set(chosen)
    sections: list[dict] = []
    questions: list[QuestionSpec] = []
    for theme, items in bank.by_theme().items():
        picked = [i for i in items if i.id in wanted]
        if not picked:
            continue
        nl, en = bank.themes.get(theme, (theme, theme))
        sections.append({"nl": nl, "en": en, "theme": theme})
        for item in picked:
            q = copy.deepcopy(item.question)
            q.section = len(sections) - 1
            if q.condition and q.condition.question not in {x.code for x in questions}:
                q.condition = None
            questions.append(q)
    spec = QuestionnaireSpec(title_nl=title_nl, title_en=title_en or title_nl, sections=sections,
                             questions=questions)
    spec.check()
    return spec


def background_items(bank: Bank | None = None) -> list[str]:
    bank = bank or load_bank()
    return [i.id for i in bank.items.values() if i.background]


def contact_optin_items(bank: Bank | None = None) -> list[str]:
    bank = bank or load_bank()
    return [i.id for i in bank.items.values() if i.contact_optin]
