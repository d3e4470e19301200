"""Personal data in a text meant for a public page. Plain module: no Django.

Finds what can be found reliably: Belgian phone numbers (landline and mobile, national and international
form, with spaces, dots, slashes or dashes), e-mail addresses, national register numbers
(*rijksregisternummer*, only when the check digits are right, for people born before and after 2000) and
street addresses with a house number — for the municipality's own street names when they are given, and
for any word that ends like a Flemish street name (…straat, …laan, …weg …). Names of people cannot be
found this way: a page is therefore also read by a second member before it is published.

Each finding has its kind, its position in the text (start, end) and the text found, so a screen can
point at it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zorgzaam.messages import gettext, gettext_noop

PHONE, EMAIL, NATIONAL_NUMBER, ADDRESS = "phone", "email", "national_number", "address"
KINDS: dict[str, str] = {  # Dutch msgids
    PHONE: gettext_noop("telefoonnummer"),
    EMAIL: gettext_noop("e-mailadres"),
    NATIONAL_NUMBER: gettext_noop("rijksregisternummer"),
    ADDRESS: gettext_noop("adres met huisnummer"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    def label(self, lang: str = "nl") -> str:
        return gettext(KINDS[self.kind], lang)


_SEP = r"[ \t./-]?"
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# 11 digits as YY.MM.DD-XXX.CC or any grouping by spaces, dots and dashes
_NATIONAL = re.compile(r"(?<![\d])(\d{2})[ .]?(\d{2})[ .]?(\d{2})[ .-]?(\d{3})[ .-]?(\d{2})(?![\d])")
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?32[ \t./-]?(?:\(0\)[ \t./-]?)?|\(?0)([1-9][\d \t./()-]{5,16}\d)(?![\d])")
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:\s*(?:bus|/)\s*\d{1,4})?"
_STREET_SUFFIXES = ("straat", "laan", "weg", "plein", "dreef", "steenweg", "lei", "baan", "hof", "pad", "kaai",
                    "vest", "markt", "wegel", "ring", "dijk", "veld", "berg", "heide", "park", "singel")
_GENERIC_ADDRESS = re.compile(
    r"\b([A-ZÀ-Ý][\w'-]*(?:" + "|".join(_STREET_SUFFIXES) + r"))\s+(" + _HOUSE_NUMBER + r")\b")


def national_number_valid(digits: str) -> bool:
    """The check digits of a rijksregisternummer: 97 − (first nine digits mod 97); for people born from
    2000 on, a 2 is put before the nine digits."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return check in (97 - base % 97, 97 - (2_000_000_000 + base) % 97)


def _phone_ok(found: re.Match) -> bool:
    digits = re.sub(r"\D", "", found.group(1))
    if len(digits) == 9:
        return digits.startswith("4")  # mobile: 04xx xx xx xx
    return len(digits) == 8  # landline: 0x xxx xx xx or 0xx xx xx xx


def _address_pattern(street_names) -> re.Pattern | None:
    names = sorted({n.strip() for n in street_names if n and n.strip()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")\s+(" + _HOUSE_NUMBER + r")\b",
                      re.IGNORECASE)


def find_personal_data(text: str, street_names=()) -> list[Finding]:
    """Every piece of personal data found in ``text``, in the order it appears (overlaps resolved: a national
    register number is not also reported as a phone number)."""
    text = text or ""
    found: list[Finding] = []

    def add(kind: str, start: int, end: int) -> None:
        if any(f.start < end and start < f.end for f in found):
            return
        found.append(Finding(kind, start, end, text[start:end]))

    for match in _EMAIL.finditer(text):
        add(EMAIL, match.start(), match.end())
    for match in _NATIONAL.finditer(text):
        if national_number_valid("".join(match.groups())):
            add(NATIONAL_NUMBER, match.start(), match.end())
    for match in _PHONE.finditer(text):
        if _phone_ok(match):
            add(PHONE, match.start(), match.end())
    pattern = _address_pattern(street_names)
    for regex in ([pattern] if pattern else []) + [_GENERIC_ADDRESS]:
        for match in regex.finditer(text):
            add(ADDRESS, match.start(), match.end())
    return sorted(found, key=lambda f: f.start)
