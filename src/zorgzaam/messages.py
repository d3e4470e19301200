"""Messages in the reader's language: one translation system, gettext, for the plain modules too.

The plain modules raise :class:`ZorgzaamError` (or collect :class:`Problem` objects) with a stable message
*code* and parameters. Each code maps to a Dutch msgid (marked with :func:`gettext_noop`); the English is
in the app's gettext catalogue (``<app>/locale/en/LC_MESSAGES/django.po``, compiled with
``scripts/compile_messages.py``) like the templates' strings. :func:`render` looks the msgid up with
gettext in the language asked for, or the active one, and fills in the ``str.format`` fields. The codes
are what ``--json`` output and tests rely on: they never change; the wording may.

:func:`gettext`, :func:`pgettext` and :func:`ngettext` are thin wrappers over Django's translation
functions that plain modules use instead of importing Django: they take an optional ``lang`` (a document
asked for in English is English whatever the page's language) and still work before Django is set up
(Python's own :mod:`gettext` on the same compiled catalogues). The active language is Django's
(``translation.activate``: the request's chosen language, the CLI's ``--lang``), else $ZORGZAAM_LANG.

A problem always says *where*: file, line and field when they are known.
"""

from __future__ import annotations

import gettext as _python_gettext
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("nl", "en")
SOURCE_LANGUAGE = "nl"  # msgids are Dutch


def gettext_noop(message: str) -> str:
    """Marks a Dutch msgid for the catalogue without translating it now (rendered later by code)."""
    return message


# code -> Dutch msgid. Add new codes here (or register them in the module that raises them); the English
# goes into the app's catalogue, and a test checks that every msgid has an English translation.
CATALOGUE: dict[str, str] = {
    # generic
    "file_not_found": gettext_noop("Bestand niet gevonden: {path}"),
    "file_empty": gettext_noop("Het bestand is leeg."),
    "unknown_format": gettext_noop("Onbekend formaat '{format}'. Gekende formaten: {known}."),
    "encoding_unreadable": gettext_noop(
        "De tekencodering van het bestand kon niet bepaald worden (geen UTF-8 of Latin-1)."),
    "zip_broken": gettext_noop("Het zip-bestand is beschadigd of onvolledig: {detail}"),
    "zip_no_member": gettext_noop("Het zip-bestand bevat geen bruikbaar bestand ({expected})."),
    "wrong_delimiter": gettext_noop(
        "Het scheidingsteken lijkt niet te kloppen: verwacht '{expected}', de kopregel bevat maar één kolom."),
    "missing_columns": gettext_noop(
        "Verplichte kolom(men) ontbreken: {columns}. Gevonden kolommen: {found}."),
    "not_a_number": gettext_noop("'{value}' is geen getal."),
    "negative_count": gettext_noop("Een aantal kan niet negatief zijn: {value}."),
    "duplicate_row": gettext_noop("Dubbele rij: dezelfde combinatie kwam al voor op regel {first_line}."),
    "conflicting_duplicate": gettext_noop(
        "Tegenstrijdige dubbele rij: regel {first_line} gaf {first_value}, deze regel {value}."),
    "unknown_area": gettext_noop(
        "Onbekende gebiedscode '{code}' (bestaat in geen enkele geladen versie van het niveau {level})."),
    "no_areas_loaded": gettext_noop(
        "Er zijn nog geen gebieden van niveau {level} geladen. Laad eerst de gebiedsindelingen "
        "(zorgzaam areas load)."),
    "bad_period": gettext_noop("Ongeldige periode '{value}'."),
    "no_period": gettext_noop("Er is geen periode: geef --period op of voeg een kolom 'period' toe."),
    "geometry_broken": gettext_noop("Ongeldige geometrie: {detail}"),
    "area_not_found": gettext_noop("Gebied '{code}' niet gevonden."),
    "neighbourhood_not_found": gettext_noop("Buurt '{name}' niet gevonden."),
    "neighbourhood_exists": gettext_noop("Er bestaat al een buurt met de naam '{name}' in deze werkruimte."),
    "selection_empty": gettext_noop("De selectie bevat geen enkele statistische sector."),
    "selection_not_contiguous": gettext_noop("Let op: de buurt bestaat uit {parts} losse delen: {groups}."),
    "selection_two_municipalities": gettext_noop(
        "Let op: de buurt bevat sectoren van meer dan één gemeente ({municipalities})."),
    "sector_not_locatable": gettext_noop(
        "Sector {code} is de niet-lokaliseerbare restsector en heeft geen ligging."),
}


def register(messages: dict[str, str]) -> None:
    """Add a module's own message codes (code -> Dutch msgid). A code may be registered only once."""
    for code, msgid in messages.items():
        if not isinstance(msgid, str) or not msgid:
            raise ValueError(f"message code {code!r} needs a Dutch msgid (its English goes in the catalogue)")
        if code in CATALOGUE and CATALOGUE[code] != msgid:
            raise ValueError(f"message code {code!r} is already registered with other wording")
        CATALOGUE[code] = msgid


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

    def as_record(self) -> dict[str, Any]:
        """The problem as it is stored (a job's error, a generated text): its code and parameters, in no
        language; :func:`stored_text` renders it in the reader's language."""
        record: dict[str, Any] = {"code": self.code, "params": {k: _jsonable(v) for k, v in self.params.items()}}
        for key in ("file", "line", "column"):
            if getattr(self, key) is not None:
                record[key] = getattr(self, key)
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Problem:
        return cls(record["code"], dict(record.get("params") or {}), file=record.get("file"),
                   line=record.get("line"), column=record.get("column"))

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


def _django_ready() -> bool:
    try:
        from django.apps import apps
    except ImportError:  # pragma: no cover - Django is a dependency
        return False
    return apps.ready


def _normalise(lang: str | None) -> str:
    value = (lang or SOURCE_LANGUAGE).lower()
    for known in LANGUAGES:
        if value == known or value.startswith(known + "-") or value.startswith(known + "_"):
            return known
    return SOURCE_LANGUAGE


def environment_language() -> str:
    """Language from $ZORGZAAM_LANG, $LANGUAGE or $LANG (Dutch unless it names another known language)."""
    return _normalise(os.environ.get("ZORGZAAM_LANG") or os.environ.get("LANGUAGE") or os.environ.get("LANG"))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def stored_text(record: dict[str, Any] | None, lang: str | None = None) -> str:
    """A stored message in ``lang`` (default: the active language): a record ``{"code", "params"}``
    (:meth:`Problem.as_record`) is rendered now; an older row's ``{"nl": …, "en": …}`` is read as it was
    stored (its text in ``lang``, else the Dutch)."""
    if not record:
        return ""
    if "code" in record:
        return Problem.from_record(record).render(lang)
    return record.get(_normalise(lang) if lang else current_language()) or record.get(SOURCE_LANGUAGE) or ""


def current_language() -> str:
    """The language to speak now: the one activated in Django for this thread (a request's chosen language,
    the CLI's ``--lang``), else $ZORGZAAM_LANG/$LANG, else Dutch."""
    if _django_ready():
        from django.utils.translation import trans_real

        active = getattr(trans_real._active, "value", None)
        if active is not None:
            return _normalise(active.language())
    return environment_language()


def activate(lang: str | None) -> str:
    """Speak ``lang`` from now on in this process (the CLI's ``--lang``): Django's active language when
    Django is set up (else as soon as :func:`gettext` is first used) and $ZORGZAAM_LANG for what runs
    before Django is set up. Returns the language."""
    lang = _normalise(lang or environment_language())
    os.environ["ZORGZAAM_LANG"] = lang
    if _django_ready():
        from django.utils import translation

        translation.activate(lang)
    return lang


def deactivate() -> None:
    """End what :func:`activate` did in Django for this thread (the command is over)."""
    if _django_ready():
        from django.utils import translation

        translation.deactivate()


@cache
def _catalogue_without_django(lang: str) -> _python_gettext.NullTranslations:
    """The apps' compiled catalogues merged, for messages rendered before Django is set up."""
    merged = _python_gettext.NullTranslations()
    for mo in sorted(Path(__file__).parent.glob(f"*/locale/{lang}/LC_MESSAGES/django.mo")):
        with mo.open("rb") as handle:
            merged.add_fallback(_python_gettext.GNUTranslations(handle))
    return merged


def _translate(lang: str | None, call: str, *args: Any) -> str:
    lang = _normalise(lang) if lang else current_language()
    if not _django_ready():
        return getattr(_catalogue_without_django(lang), call)(*args)
    from django.utils.translation import trans_real

    catalogue = trans_real.translation(lang)  # the merged catalogues of every app, for ``lang``
    if call == "pgettext":  # as Django's pgettext: the context and the msgid joined by EOT
        context, message = args
        found = catalogue.gettext(f"{context}\x04{message}")
        return message if "\x04" in found else found
    return getattr(catalogue, call)(*args)


def gettext(message: str, lang: str | None = None) -> str:
    """``message`` (a Dutch msgid) in ``lang``, default the active language."""
    return _translate(lang, "gettext", message)


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """``message`` in ``lang`` where the same Dutch words need another translation in another ``context``."""
    return _translate(lang, "pgettext", context, message)


def ngettext(singular: str, plural: str, number: int, lang: str | None = None) -> str:
    """The singular or plural form for ``number``, in ``lang``."""
    return _translate(lang, "ngettext", singular, plural, number)


# Digit grouping and decimal mark per language (a new language adds a row).
_NUMBER_MARKS = {"nl": (".", ","), "en": (",", ".")}


def format_number(value: float | int, lang: str | None = None, decimals: int = 0) -> str:
    """A number as people read it: Dutch '22.853' and '19,6'; English '22,853' and '19.6'."""
    group, decimal = _NUMBER_MARKS[_normalise(lang) if lang else current_language()]
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", group)


# The words that say where a problem is: file, line, field.
_WHERE = (gettext_noop("bestand"), gettext_noop("regel"), gettext_noop("veld"))


# Parameters of a stored message that are words themselves, worded when the message is read (in the reader's
# language): {"code": …, "params": …} (a message), {"msgid": "…"} or {"msgid": ["…", {params}]},
# {"number": [value, decimals]}, {"list": [param, …]} ("a, b en c"), or a kind an app registers (e.g. the
# profile's {"indicator": "share_80plus"}) with :func:`register_param_kind`. Other values stay as they are.
_PARAM_KINDS: dict[str, Any] = {}


def register_param_kind(kind: str, words) -> None:
    """``words(value, lang) -> str`` words a parameter ``{kind: value}`` of a stored message."""
    _PARAM_KINDS[kind] = words


def param_text(value: Any, lang: str | None = None) -> Any:
    """A stored message's parameter in ``lang`` (see ``_PARAM_KINDS``)."""
    if isinstance(value, dict) and "code" in value:
        return render(value["code"], value.get("params"), lang=lang)
    if isinstance(value, dict) and len(value) == 1:
        (kind, inner), = value.items()
        if kind == "msgid":
            msgid, params = (inner, None) if isinstance(inner, str) else inner
            text = gettext(msgid, lang)
            return text.format(**{k: param_text(v, lang) for k, v in params.items()}) if params else text
        if kind == "number":
            return format_number(inner[0], lang, inner[1])
        if kind == "list":
            parts = [str(param_text(v, lang)) for v in inner]
            if len(parts) <= 1:
                return "".join(parts)
            return ", ".join(parts[:-1]) + gettext(" en ", lang) + parts[-1]
        if kind in _PARAM_KINDS:
            return _PARAM_KINDS[kind](inner, lang)
    return value


def render(code: str, params: dict[str, Any] | None = None, *, lang: str | None = None,
           file: str | None = None, line: int | None = None, column: str | None = None) -> str:
    """The message for ``code`` in ``lang`` (default: the active language), prefixed with where."""
    msgid = CATALOGUE.get(code)
    if msgid is None:
        text = f"{code}: {params}"
    else:
        template = gettext(msgid, lang)
        try:
            text = template.format(**{k: param_text(v, lang) for k, v in (params or {}).items()})
        except (KeyError, IndexError):
            text = f"{template} {params}"
    file_word, line_word, field_word = (gettext(word, lang) for word in _WHERE)
    where = []
    if file:
        where.append(f"{file_word} {file}")
    if line is not None:
        where.append(f"{line_word} {line}")
    if column:
        where.append(f"{field_word} '{column}'")
    return f"{', '.join(where)}: {text}" if where else text
