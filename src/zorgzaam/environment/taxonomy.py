"""Facility categories (voorzieningen) as data: ``data/categories.toml``. Plain module, no Django.

Each :class:`Category` has an id, a Dutch and an English name, a theme of the spatial analysis and the
OpenStreetMap tag rules that map to it. :func:`classify_osm` gives the category of a tagged OSM object
(the first category in file order whose rule matches), or ``None``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from zorgzaam.messages import current_language, gettext_noop, register_param_kind

CATEGORIES_FILE = Path(__file__).with_name("data") / "categories.toml"

THEMES = {
    "basic": gettext_noop("Basisvoorzieningen"),
    "care": gettext_noop("Zorg en ondersteuning"),
    "social": gettext_noop("Sociale infrastructuur"),
    "physical": gettext_noop("Fysieke omgeving"),
    "mobility": gettext_noop("Mobiliteit"),
    "housing": gettext_noop("Wonen"),
}


@dataclass(frozen=True)
class TagRule:
    """All parts must match; a part is (key, allowed values) and an empty set means any value."""

    parts: tuple[tuple[str, frozenset[str]], ...]

    @classmethod
    def parse(cls, text: str) -> TagRule:
        parts = []
        for piece in text.split("+"):
            key, _, values = piece.strip().partition("=")
            if not key or not values:
                raise ValueError(f"bad OSM rule {text!r}: use key=value, key=a|b or key=*")
            parts.append((key.strip(), frozenset() if values.strip() == "*" else
                          frozenset(v.strip() for v in values.split("|"))))
        return cls(tuple(parts))

    def matches(self, tags) -> bool:
        for key, values in self.parts:
            value = tags.get(key)
            if value is None or (values and value not in values):
                return False
        return True


@dataclass(frozen=True)
class Category:
    id: str
    nl: str
    en: str
    theme: str
    capacity: bool = False
    osm: tuple[TagRule, ...] = ()
    registers: tuple[str, ...] = ()
    osm_text: tuple[str, ...] = field(default=(), compare=False)

    def name(self, lang: str = "nl") -> str:
        """The name in ``lang``: the categories file has a column per language (Dutch when one is missing)."""
        return getattr(self, lang, None) or self.nl


@lru_cache(maxsize=4)
def load_categories(path: str | None = None) -> dict[str, Category]:
    """The categories of ``path`` (default: the packaged file), keyed by id, in file order."""
    with open(path or CATEGORIES_FILE, "rb") as handle:
        raw = tomllib.load(handle)
    found: dict[str, Category] = {}
    for item in raw.get("category", []):
        if item["id"] in found:
            raise ValueError(f"category {item['id']!r} appears twice")
        if item.get("theme") not in THEMES:
            raise ValueError(f"category {item['id']!r} has an unknown theme {item.get('theme')!r}")
        found[item["id"]] = Category(
            id=item["id"], nl=item["nl"], en=item["en"], theme=item["theme"],
            capacity=bool(item.get("capacity", False)),
            osm=tuple(TagRule.parse(rule) for rule in item.get("osm", [])),
            registers=tuple(item.get("registers", [])), osm_text=tuple(item.get("osm", [])))
    return found


def category_ids() -> list[str]:
    return list(load_categories())


def category_name(category_id: str, lang: str = "nl") -> str:
    category = load_categories().get(category_id)
    return category.name(lang) if category else category_id


# a stored report's category ({"facility_category": "ldc"}) is named when read, in the reader's language
register_param_kind("facility_category", lambda category_id, lang: category_name(category_id, lang or current_language()))


def classify_osm(tags) -> str | None:
    """The category id of an OSM object with these tags (a mapping), or None."""
    for category in load_categories().values():
        for rule in category.osm:
            if rule.matches(tags):
                return category.id
    return None


def resolve_category(text: str) -> str | None:
    """A category id from an id, a Dutch or an English name (case-insensitive), else None."""
    wanted = str(text or "").strip().lower()
    if not wanted:
        return None
    for category in load_categories().values():
        if wanted in (category.id.lower(), category.nl.lower(), category.en.lower()):
            return category.id
    for category in load_categories().values():  # a name's first part, e.g. "huisarts", "café"
        names = {category.nl.lower().split(" /")[0].split(" (")[0], category.en.lower().split(" /")[0]}
        if wanted in names:
            return category.id
    return None
