"""Plain words: a check on the Dutch (or English) text Zorgzaam writes for people, and the method's glossary.

Plain module: no Django. :func:`check` reads the prose of a text (paragraphs, list items, notes; not the
figures in tables) and says

- the average sentence length in words (the target for a text for a steering group or residents: at most
  ``TARGET_WORDS`` = 15), and which sentences are much longer;
- which glossary terms the text uses without their explanation: a term counts as explained when its
  explanation (its first sentence) is somewhere in the same text, e.g. in a footnote "term: explanation".

The glossary is the method's words (:data:`METHOD_WORDS`, also shown on the glossary page ``/woordenlijst/``)
and the indicator catalogue's terms with their explanations (``profile.catalogue``). Two method words are
everyday words in a text for residents and need no footnote: ``buurt`` and ``wijk`` (:data:`EVERYDAY`).

>>> result = check(["Er wonen veel 80-plussers. Kan dit wijzen op eenzaamheid?"], glossary_terms(catalogue))
>>> result.average_words, result.ok
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zorgzaam.messages import gettext_noop, pgettext

TARGET_WORDS = 15  # average words per sentence, at most
LONG_SENTENCE = 25  # a sentence this long is pointed out (a note, not a failure)
EVERYDAY = frozenset({"buurt", "wijk", "neighbourhood", "district"})

# (Dutch term, Dutch explanation), in the order a team meets them: msgids, the English in the reports catalogue
# (context "method word"; the glossary page shows the term in both languages, see web.glossary).
METHOD_WORDS = (
    (gettext_noop("buurt"),
     gettext_noop("Het gebied waarvoor je team werkt: een naam en een reeks hele statistische sectoren, met een "
                  "geschiedenis van elke wijziging.")),
    (gettext_noop("statistische sector"),
     gettext_noop("Het kleinste gebied waarvoor Statbel cijfers publiceert, met een code zoals 13003A00-. Buurten "
                  "bestaan uit hele sectoren.")),
    (gettext_noop("wijk"),
     gettext_noop("Een groep sectoren binnen een gemeente, zoals de provincies ze indelen.")),
    (gettext_noop("deelgemeente"),
     gettext_noop("Een vroegere gemeente die nu deel is van een grotere gemeente.")),
    (gettext_noop("eerstelijnszone"),
     gettext_noop("De regio waarin huisartsen, apotheken, welzijn en het lokaal bestuur samen de eerstelijnszorg "
                  "regelen.")),
    (gettext_noop("indicator"),
     gettext_noop("Een cijfer dat Zorgzaam berekent uit tellingen: een teller gedeeld door een noemer, zoals het "
                  "aandeel 80-plussers.")),
    (gettext_noop("signaal"),
     gettext_noop("Een cijfer dat opvalt tegenover de gemeente en andere gebieden. Het is een vraag om na te gaan met "
                  "bewoners en partners, geen besluit.")),
    (gettext_noop("voorziening"),
     gettext_noop("Een plek waar mensen terechtkunnen: huisarts, apotheek, winkel, bushalte, dienstencentrum, bank om "
                  "te rusten …")),
    (gettext_noop("bevraging"),
     gettext_noop("Een vragenlijst voor bewoners, op papier, aan de deur of online. We tonen nooit aantallen kleiner "
                  "dan vijf.")),
    (gettext_noop("bevinding"),
     gettext_noop("Een rij in de samenvattende tabel: wat de cijfers, de omgeving, de bevraging of de gesprekken "
                  "toonden, met het bewijs erbij.")),
    (gettext_noop("uitdaging"),
     gettext_noop("Een bevinding die het team aanvaardt als iets om aan te werken.")),
    (gettext_noop("bouwsteen"),
     gettext_noop("Een van de negen onderdelen van het referentiekader voor zorgzame buurten, zoals detectie, "
                  "toeleiding, sociale netwerken en inclusie.")),
    (gettext_noop("werkruimte"),
     gettext_noop("Het project van een team in Zorgzaam: zijn buurten, gegevens, bevragingen en plan.")),
)


def method_word(msgid: str, lang: str) -> str:
    """A method word or its explanation (a msgid of :data:`METHOD_WORDS`) in ``lang``."""
    return pgettext("method word", msgid, lang)


@dataclass(frozen=True)
class Term:
    term: str
    explanation: str


def glossary_terms(catalogue=None, lang: str = "nl") -> list[Term]:
    """The method's words and the catalogue's indicators with an explanation (the same sources as the glossary
    page), in ``lang``; the everyday words (:data:`EVERYDAY`) left out."""
    terms = []
    for term_msgid, explanation_msgid in METHOD_WORDS:
        term, explanation = method_word(term_msgid, lang), method_word(explanation_msgid, lang)
        if term not in EVERYDAY:
            terms.append(Term(term, explanation))
    for indicator in catalogue or []:
        explanation = indicator.explanation.get(lang) or ""
        name = indicator.name.get(lang) or ""
        if explanation and name and not indicator.group:
            terms.append(Term(name, explanation))
    return terms


def _forms(term: str) -> list[str]:
    """The term and its plurals as Dutch and English write them (signaal → signalen, bouwsteen → bouwstenen,
    sector → sectoren, finding → findings)."""
    forms = {term, term + "s", term + "en"}
    match = re.search(r"([^aeiou])([aeiou])\2([^aeiou])$", term)  # a long vowel written single before -en
    if match:
        forms.add(term[: match.start(2)] + match.group(2) + match.group(3) + "en")
    if term.endswith("e"):
        forms |= {term + "n", term + "s"}
    if term.endswith("y"):
        forms.add(term[:-1] + "ies")
    return sorted(forms, key=len, reverse=True)


def _pattern(term: str) -> re.Pattern:
    words = "|".join(re.escape(f) for f in _forms(term.lower()))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def first_sentence(text: str) -> str:
    parts = sentences(text)
    return parts[0] if parts else text.strip()


def terms_used(text: str, terms: list[Term]) -> list[Term]:
    """The glossary terms that occur in ``text`` (any plural, any case), in glossary order."""
    return [t for t in terms if _pattern(t.term).search(text)]


def is_explained(term: Term, text: str) -> bool:
    return _normal(first_sentence(term.explanation)) in _normal(text)


def explanations_needed(text: str, terms: list[Term]) -> list[Term]:
    """The terms a text needs explained: those it uses, and those their explanations use in turn (an
    explanation may bring a word of its own), in glossary order."""
    needed: list[Term] = []
    todo = text
    while True:
        new = [t for t in terms_used(todo, terms) if t not in needed]
        if not new:
            return [t for t in terms if t in needed]
        needed += new
        todo = " ".join(t.explanation for t in new)


# abbreviations whose full stop does not end a sentence
_ABBREVIATIONS = ("bv.", "bijv.", "o.a.", "enz.", "m.a.w.", "nl.", "d.w.z.", "i.p.v.", "e.g.", "i.e.", "etc.", "nr.",
                  "ca.", "min.", "max.", "vs.", "p.", "blz.")
_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]*[A-ZÀ-Ý0-9])")
_WORD = re.compile(r"\w[\w'’-]*(?:[.,]\d+)*")


def sentences(text: str) -> list[str]:
    """The sentences of a piece of text (a paragraph or list item: its end ends a sentence too)."""
    text = " ".join((text or "").split())
    if not text:
        return []
    protected = text
    for index, abbreviation in enumerate(_ABBREVIATIONS):
        protected = re.sub(rf"(?<![\w]){re.escape(abbreviation)}", f"\x00{index}\x00", protected, flags=re.I)
    parts = [p for p in _END.split(protected) if p.strip()]
    out = []
    for part in parts:
        for index, abbreviation in enumerate(_ABBREVIATIONS):
            part = part.replace(f"\x00{index}\x00", abbreviation)
        out.append(part.strip())
    return out


def word_count(sentence: str) -> int:
    """Words: runs of letters or digits ('80-plussers', '10,4' and 'zorg-' count once; '%' and '–' not)."""
    return len(_WORD.findall(sentence))


@dataclass(frozen=True)
class Finding:
    kind: str  # "average" | "unexplained" | "long_sentence"
    text: str  # the sentence or term concerned
    detail: str = ""  # the explanation that is missing, or the number of words
    blocking: bool = True  # a long sentence is a note; the average and a missing explanation fail the check


@dataclass
class Result:
    sentences: int
    words: int
    average_words: float
    findings: list[Finding] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # the glossary terms the text uses

    @property
    def ok(self) -> bool:
        return not any(f.blocking for f in self.findings)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "sentences": self.sentences, "words": self.words,
                "average_words": round(self.average_words, 1), "terms": self.terms,
                "findings": [{"kind": f.kind, "text": f.text, "detail": f.detail, "blocking": f.blocking}
                             for f in self.findings]}


def check(prose: list[str], terms: list[Term], other_text: list[str] = (), target: int = TARGET_WORDS) -> Result:
    """Check ``prose`` (paragraphs, list items, notes: each a string) for sentence length and the whole text
    (``prose`` and ``other_text``: headings, table cells, captions) for glossary terms without their
    explanation."""
    found = [s for block in prose for s in sentences(block)]
    counts = [word_count(s) for s in found]
    words = sum(counts)
    average = words / len(found) if found else 0.0
    findings = []
    if average > target:
        findings.append(Finding("average", f"{average:.1f}", str(target)))
    for sentence, count in zip(found, counts, strict=True):
        if count > LONG_SENTENCE:
            findings.append(Finding("long_sentence", sentence, str(count), blocking=False))
    everything = "\n".join(list(prose) + list(other_text))
    used = terms_used(everything, terms)
    for term in used:
        if not is_explained(term, everything):
            findings.append(Finding("unexplained", term.term, term.explanation))
    return Result(len(found), words, average, findings, [t.term for t in used])


def report_text(report) -> tuple[list[str], list[str]]:
    """A :class:`zorgzaam.graphics.document.Report`'s text as (prose, other): paragraphs, list items,
    callouts and footnotes are prose; the title, headings, table headers and cells and captions are other."""
    from zorgzaam.graphics.document import Callout, Figure, Heading, Paragraph, Sources, Table

    prose, other = [], [report.title, report.subtitle, *report.cover.lines]
    for section in report.sections:
        other.append(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                prose.append(block.text)
            elif isinstance(block, Callout):
                prose.append("".join(r.text for r in block.runs))
                other.append(block.title)
            elif isinstance(block, Sources):
                prose += list(block.items)
                other.append(block.title)
            elif isinstance(block, Heading):
                other.append(block.text)
            elif isinstance(block, Table):
                other += [block.caption, block.footnote, *block.header] + [c for row in block.rows for c in row]
            elif isinstance(block, Figure):
                other += [block.caption, block.note]
    return [p for p in prose if p.strip()], [o for o in other if o and o.strip()]


def check_report(report, terms: list[Term], target: int = TARGET_WORDS) -> Result:
    prose, other = report_text(report)
    return check(prose, terms, other, target)
