"""Signals to policy (*signalen naar beleid*): the register's statuses, its checks and its counts. Plain
module: no Django; the service layer hands in :class:`SignalFacts` built from the database rows.

A signal goes from collected to bundled (into a policy dossier) to sent, answered and — what a team values
most — a result, or it is closed without one. A partial answer ("being investigated", "follow-up next year")
is its own status between answered and result, so it is never counted as a result."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from zorgzaam.messages import ZorgzaamError, gettext, gettext_noop, register

register({
    "signal_bad_status": gettext_noop("Onbekende status '{value}'. Kies uit: {known}."),
    "signal_result_before_sent": gettext_noop(
        "De datum van het resultaat ({result}) ligt vóór de datum waarop het signaal verstuurd werd ({sent})."),
    "signal_sent_before_collected": gettext_noop(
        "Het signaal kan niet verstuurd zijn ({sent}) vóór het opgevangen werd ({collected})."),
    "signal_result_needs_text": gettext_noop("Beschrijf kort welk resultaat het signaal had."),
    "signal_description_empty": gettext_noop("Beschrijf het signaal."),
    "signal_bad_kind": gettext_noop("Een signaal is individueel of collectief, niet '{value}'."),
    "signal_bad_source": gettext_noop("Onbekende bron '{value}'. Kies uit: {known}."),
})

COLLECTED, BUNDLED, SENT, ANSWERED, PARTIAL, RESULT, CLOSED = (
    "collected", "bundled", "sent", "answered", "partial", "result", "closed_no_result")
STATUSES: dict[str, str] = {
    COLLECTED: gettext_noop("opgevangen"),
    BUNDLED: gettext_noop("gebundeld"),
    SENT: gettext_noop("bezorgd aan beleid"),
    ANSWERED: gettext_noop("antwoord gekregen"),
    PARTIAL: gettext_noop("in behandeling (gedeeltelijk resultaat)"),
    RESULT: gettext_noop("resultaat"),
    CLOSED: gettext_noop("afgesloten zonder resultaat"),
}
ORDER = list(STATUSES)
FINAL = (RESULT, CLOSED)

SOURCES: dict[str, str] = {
    "home_visit": gettext_noop("huisbezoek"),
    "walk_in": gettext_noop("vrije inloop"),
    "group": gettext_noop("groepsmoment of activiteit"),
    "survey": gettext_noop("bevraging"),
    "partner": gettext_noop("partner"),
    "resident": gettext_noop("bewoner"),
    "other": gettext_noop("andere"),
}
KINDS: dict[str, str] = {"individual": gettext_noop("individueel"),
                                     "collective": gettext_noop("collectief")}

# Words in a result text that say the answer is only partial (suggested status, a person confirms).
PARTIAL_HINTS = ("onderzocht", "onderzoek", "bekeken", "opvolging", "volgend jaar", "in behandeling",
                 "investigat", "follow-up", "next year", "being looked")


def status_label(code: str, lang: str = "nl") -> str:
    msgid = STATUSES.get(code)
    return code if msgid is None else gettext(msgid, lang)


def source_label(code: str, lang: str = "nl") -> str:
    msgid = SOURCES.get(code)
    return code if msgid is None else gettext(msgid, lang)


def kind_label(code: str, lang: str = "nl") -> str:
    msgid = KINDS.get(code)
    return code if msgid is None else gettext(msgid, lang)


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ZorgzaamError("signal_bad_status", value=status, known=", ".join(STATUSES))
    return status


def suggest_status(result_text: str) -> str:
    """The status a result text suggests: partial when it says the matter is still being looked at."""
    text = (result_text or "").strip().lower()
    if not text:
        return ANSWERED
    return PARTIAL if any(hint in text for hint in PARTIAL_HINTS) else RESULT


def check_dates(*, collected: dt.date | None, sent: dt.date | None, result: dt.date | None) -> None:
    if collected and sent and sent < collected:
        raise ZorgzaamError("signal_sent_before_collected", sent=sent.isoformat(), collected=collected.isoformat())
    if sent and result and result < sent:
        raise ZorgzaamError("signal_result_before_sent", result=result.isoformat(), sent=sent.isoformat())


def check_signal(*, description: str, kind: str, source: str, status: str, collected: dt.date | None,
                 sent: dt.date | None, result_date: dt.date | None, result_text: str) -> None:
    """Everything a signal must satisfy before it is saved."""
    if not (description or "").strip():
        raise ZorgzaamError("signal_description_empty")
    if kind not in KINDS:
        raise ZorgzaamError("signal_bad_kind", value=kind)
    if source not in SOURCES:
        raise ZorgzaamError("signal_bad_source", value=source, known=", ".join(SOURCES))
    check_status(status)
    check_dates(collected=collected, sent=sent, result=result_date)
    if status == RESULT and not (result_text or "").strip():
        raise ZorgzaamError("signal_result_needs_text")


@dataclass(frozen=True)
class SignalFacts:
    date: dt.date  # collected on
    theme: str
    status: str
    addressees: tuple[str, ...] = ()
    neighbourhood: str = ""
    kind: str = "collective"
    sent: dt.date | None = None
    result_date: dt.date | None = None
    dossier: str = ""
    extra: dict = field(default_factory=dict, compare=False)


def count_by(signals: list[SignalFacts], key: str) -> list[tuple[str, int]]:
    """How many signals per theme, addressee (a signal to two addressees counts for each), status,
    neighbourhood or kind, the largest first (ties by name)."""
    counter: Counter[str] = Counter()
    for signal in signals:
        if key == "addressee":
            for addressee in dict.fromkeys(a.strip() for a in signal.addressees if a.strip()):
                counter[addressee] += 1
        else:
            counter[str(getattr(signal, key) or "")] += 1
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class YearShare:
    year: int
    signals: int
    with_result: int
    partial: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.with_result, self.signals) if self.signals else Fraction(0)

    @property
    def percent(self) -> float:
        return round(float(self.share) * 100, 1)


def yearly_share(signals: list[SignalFacts]) -> list[YearShare]:
    """Per year in which signals were collected: how many, how many reached a result (status result) and
    how many got a partial answer. The share counts results only."""
    years: dict[int, list[SignalFacts]] = {}
    for signal in signals:
        years.setdefault(signal.date.year, []).append(signal)
    return [YearShare(year, len(items), sum(s.status == RESULT for s in items),
                      sum(s.status == PARTIAL for s in items)) for year, items in sorted(years.items())]


def matches(signal: SignalFacts, *, theme: str = "", addressee: str = "", status: str = "", year: int | None = None,
            neighbourhood: str = "") -> bool:
    """The register's filters (empty = any)."""
    return ((not theme or signal.theme == theme) and (not status or signal.status == status)
            and (not addressee or addressee in signal.addressees) and (year is None or signal.date.year == year)
            and (not neighbourhood or signal.neighbourhood == neighbourhood))
