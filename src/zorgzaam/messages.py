"""Bilingual (Dutch first, English second) messages for problems found by the plain modules.

The computational modules never import Django, so they cannot use Django's translation machinery.
They raise :class:`ZorgzaamError` (or collect :class:`Problem` objects) with a message *code* and
parameters; this module renders them in Dutch or English. The web layer and the CLI both use
:func:`render`, so every person sees the same wording. Templates use ``str.format`` fields.

A problem always says *where*: file, line and field when they are known.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("nl", "en")

# code -> (Dutch, English). Add new codes here; a test checks that every code has both languages.
CATALOGUE: dict[str, tuple[str, str]] = {
    # generic
    "file_not_found": ("Bestand niet gevonden: {path}", "File not found: {path}"),
    "file_empty": ("Het bestand is leeg.", "The file is empty."),
    "unknown_format": (
        "Onbekend formaat '{format}'. Gekende formaten: {known}.",
        "Unknown format '{format}'. Known formats: {known}.",
    ),
    "encoding_unreadable": (
        "De tekencodering van het bestand kon niet bepaald worden (geen UTF-8 of Latin-1).",
        "The file's character encoding could not be determined (neither UTF-8 nor Latin-1).",
    ),
    "zip_broken": (
        "Het zip-bestand is beschadigd of onvolledig: {detail}",
        "The zip file is damaged or incomplete: {detail}",
    ),
    "zip_no_member": (
        "Het zip-bestand bevat geen bruikbaar bestand ({expected}).",
        "The zip file holds no usable file ({expected}).",
    ),
    "wrong_delimiter": (
        "Het scheidingsteken lijkt niet te kloppen: verwacht '{expected}', de kopregel bevat maar één kolom.",
        "The delimiter looks wrong: expected '{expected}', but the header line holds only one column.",
    ),
    "missing_columns": (
        "Verplichte kolom(men) ontbreken: {columns}. Gevonden kolommen: {found}.",
        "Required column(s) missing: {columns}. Columns found: {found}.",
    ),
    "not_a_number": ("'{value}' is geen getal.", "'{value}' is not a number."),
    "negative_count": ("Een aantal kan niet negatief zijn: {value}.", "A count cannot be negative: {value}."),
    "duplicate_row": (
        "Dubbele rij: dezelfde combinatie kwam al voor op regel {first_line}.",
        "Duplicate row: the same combination already appeared on line {first_line}.",
    ),
    "conflicting_duplicate": (
        "Tegenstrijdige dubbele rij: regel {first_line} gaf {first_value}, deze regel {value}.",
        "Conflicting duplicate row: line {first_line} gave {first_value}, this line {value}.",
    ),
    "unknown_area": (
        "Onbekende gebiedscode '{code}' (bestaat in geen enkele geladen versie van het niveau {level}).",
        "Unknown area code '{code}' (it exists in no loaded vintage of level {level}).",
    ),
    "no_areas_loaded": (
        "Er zijn nog geen gebieden van niveau {level} geladen. Laad eerst de gebiedsindelingen "
        "(zorgzaam areas load).",
        "No areas of level {level} are loaded yet. Load the area levels first (zorgzaam areas load).",
    ),
    "bad_period": ("Ongeldige periode '{value}'.", "Invalid period '{value}'."),
    "no_period": (
        "Er is geen periode: geef --period op of voeg een kolom 'period' toe.",
        "There is no period: pass --period or add a 'period' column.",
    ),
    "geometry_broken": ("Ongeldige geometrie: {detail}", "Invalid geometry: {detail}"),
    "area_not_found": ("Gebied '{code}' niet gevonden.", "Area '{code}' not found."),
    "neighbourhood_not_found": ("Buurt '{name}' niet gevonden.", "Neighbourhood '{name}' not found."),
    "neighbourhood_exists": (
        "Er bestaat al een buurt met de naam '{name}' in deze werkruimte.",
        "A neighbourhood named '{name}' already exists in this workspace.",
    ),
    "selection_empty": (
        "De selectie bevat geen enkele statistische sector.",
        "The selection holds no statistical sector.",
    ),
    "selection_not_contiguous": (
        "Let op: de buurt bestaat uit {parts} losse delen: {groups}.",
        "Note: the neighbourhood consists of {parts} separate parts: {groups}.",
    ),
    "selection_two_municipalities": (
        "Let op: de buurt bevat sectoren van meer dan één gemeente ({municipalities}).",
        "Note: the neighbourhood holds sectors of more than one municipality ({municipalities}).",
    ),
    "sector_not_locatable": (
        "Sector {code} is de niet-lokaliseerbare restsector en heeft geen ligging.",
        "Sector {code} is the not-locatable remainder sector and has no location.",
    ),
}


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add a module's own message codes (Dutch, English). A code may be registered only once."""
    for code, pair in messages.items():
        if code in CATALOGUE and CATALOGUE[code] != pair:
            raise ValueError(f"message code {code!r} is already registered with other wording")
        if len(pair) != 2 or not all(pair):
            raise ValueError(f"message code {code!r} needs a Dutch and an English text")
        CATALOGUE[code] = pair


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with where it was found."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None
    column: str | None = None

    def render(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang=lang, file=self.file, line=self.line, column=self.column)

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.render(lang),
        }


class ZorgzaamError(Exception):
    """An error a person can act on. ``str()`` gives the message in the current language."""

    def __init__(self, message_code: str, /, *, file: str | None = None, line: int | None = None,
                 column: str | None = None, **params: Any):
        self.problem = Problem(message_code, params, file=file, line=line, column=column)
        super().__init__(self.problem.render())

    def render(self, lang: str | None = None) -> str:
        return self.problem.render(lang)


def current_language() -> str:
    """Language from $ZORGZAAM_LANG or $LANG (nl unless it says English)."""
    value = (os.environ.get("ZORGZAAM_LANG") or os.environ.get("LANGUAGE") or os.environ.get("LANG") or "nl")
    return "en" if value.lower().startswith("en") else "nl"


def format_number(value: float | int, lang: str | None = None, decimals: int = 0) -> str:
    """A number as people read it: Dutch '22.853' and '19,6'; English '22,853' and '19.6'."""
    lang = lang if lang in LANGUAGES else current_language()
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


_WHERE = {
    "nl": ("bestand", "regel", "veld"),
    "en": ("file", "line", "field"),
}


def render(code: str, params: dict[str, Any] | None = None, *, lang: str | None = None,
           file: str | None = None, line: int | None = None, column: str | None = None) -> str:
    """The message for ``code`` in ``lang`` (default: the current language), prefixed with where."""
    lang = lang if lang in LANGUAGES else current_language()
    templates = CATALOGUE.get(code)
    if templates is None:
        text = f"{code}: {params}"
    else:
        template = templates[0] if lang == "nl" else templates[1]
        try:
            text = template.format(**(params or {}))
        except (KeyError, IndexError):
            text = f"{template} {params}"
    words = _WHERE[lang]
    where = []
    if file:
        where.append(f"{words[0]} {file}")
    if line is not None:
        where.append(f"{words[1]} {line}")
    if column:
        where.append(f"{words[2]} '{column}'")
    return f"{', '.join(where)}: {text}" if where else text
