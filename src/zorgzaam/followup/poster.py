"""How big the type of a residents' poster can be so its text fills one sheet. Plain module: no Django.

The poster (followup/poster.html) is a column on the sheet: where and when, the title, the text under its
headings, and at the bottom the QR code with its line. A3 and A4 are the same poster (A4 is A3 at 1/√2,
margins and QR code too), so one size of type serves both: ``fit`` estimates the area the text takes at a
type size and returns the largest size (in points, on A3) whose text fits the room left by the QR code,
between MIN_PT and MAX_PT. A short text gets big type instead of an empty lower half; a text too long even at
MIN_PT is cut at a word with "…" (the QR code leads to the whole page).

The estimate (words wrapped at the sheet's width, a character 0.50 em wide on average in the sans serif
Chromium prints with, 0.625 em in bold, lines 1.35 em) was held against the heights Chromium lays out on
the sheet for texts of 60 to 4,400 characters at 12 to 44 pt: from 4 % short to 10 % long. The sheet keeps a check of its
own (the poster's box is one sheet high, its text's box cuts off what would run into the QR code), and
tests/browser print a short and a long text to one page each."""

from __future__ import annotations

import math
from dataclasses import dataclass

MM_PER_PT = 25.4 / 72
WIDTH_MM = 297 - 2 * 14  # A3 portrait less its margins, in mm
HEIGHT_MM = 390  # A3 portrait less its margins (392 mm), as followup.css sets it
QR_BLOCK_MM = 100 + 10  # the QR code (100 mm on A3) and the space above it
MIN_PT, MAX_PT = 12.0, 44.0
# the type of each part as a multiple of the text's size (the same in followup.css)
TITLE, HEADING, WHERE, WHERE_MIN_PT, WHERE_MAX_PT = 2.2, 1.2, 0.8, 12.0, 22.0
CHAR_EM, BOLD, LINE_EM, TITLE_LINE_EM = 0.50, 1.25, 1.35, 1.1
# the poster's two headings (Dutch; the English ones are no longer)
HEADING_DECIDED, HEADING_NOT_DONE = "Jullie zeiden, wij deden", "Wat we niet doen, en waarom"


@dataclass(frozen=True)
class PosterFit:
    text_pt: float  # the text's type size on A3 (A4: divided by √2)
    decided: str
    not_done: str
    shortened: bool


def _lines(text: str, chars_per_line: float) -> float:
    """Lines a text takes when its words are wrapped at chars_per_line (a word longer than a line breaks
    in it); an empty line between paragraphs counts as most of a line."""
    lines = 0.0
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split()
        if not words:
            lines += 0.6
            continue
        used = None
        for word in words:
            need = len(word) if used is None else used + 1 + len(word)
            if used is None or need > chars_per_line:
                lines += max(1, math.ceil(len(word) / chars_per_line))
                used = len(word) % chars_per_line if len(word) > chars_per_line else len(word)
            else:
                used = need
    return lines


def height_mm(text_pt: float, title: str, decided: str, not_done: str, where: str = "") -> float:
    """The estimated height of everything above the QR code at a text size (A3, mm); ``where`` is the line
    above the title (neighbourhood and date)."""
    def wrapped(text: str, size_pt: float, line_em: float, char_em: float | None = None) -> float:
        chars_per_line = WIDTH_MM / ((char_em or CHAR_EM) * size_pt * MM_PER_PT)
        return _lines(text, chars_per_line) * line_em * size_pt * MM_PER_PT

    bold = BOLD * CHAR_EM
    texts = [decided] + ([not_done] if not_done.strip() else [])
    headings = [HEADING_DECIDED, HEADING_NOT_DONE][:len(texts)]
    where_pt = min(max(WHERE * text_pt, WHERE_MIN_PT), WHERE_MAX_PT)
    height = wrapped(where or "x", where_pt, 1.5, bold) + 0.3 * where_pt * MM_PER_PT
    height += wrapped(title, TITLE * text_pt, TITLE_LINE_EM, bold) + 0.35 * TITLE * text_pt * MM_PER_PT
    for heading, text in zip(headings, texts, strict=True):
        height += wrapped(heading, HEADING * text_pt, 1.25, bold) + 0.95 * HEADING * text_pt * MM_PER_PT
        height += wrapped(text, text_pt, LINE_EM)
    return height


def room_mm() -> float:
    """The height left above the QR code, less 5 % (the estimate fell short by up to 4 %)."""
    return 0.95 * (HEIGHT_MM - QR_BLOCK_MM)


def fit(title: str, decided: str, not_done: str = "", where: str = "") -> PosterFit:
    """The largest text size (quarter points, MIN_PT..MAX_PT) at which the poster fits; at MIN_PT the two
    texts are shortened, the longer first, until they fit."""
    size = MAX_PT
    while size > MIN_PT and height_mm(size, title, decided, not_done, where) > room_mm():
        size -= 0.25
    shortened = False
    while height_mm(size, title, decided, not_done, where) > room_mm() and (decided or not_done):
        shortened = True
        if len(decided) >= len(not_done):
            decided = _shorter(decided)
        else:
            not_done = _shorter(not_done)
    return PosterFit(size, decided, not_done, shortened)


def _shorter(text: str) -> str:
    """The text less its last few words, ending in "…" (never mid-word)."""
    words = text.rstrip(" …").split(" ")
    keep = max(0, len(words) - max(1, len(words) // 20))
    return " ".join(words[:keep]).rstrip(" ,;:.") + " …" if keep else ""
