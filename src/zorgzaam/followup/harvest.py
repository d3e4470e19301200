"""Outcome harvesting (*oogsten*): reasoning back from what an action brought about to what made it work.
Plain module: no Django. The tick-list of contributing factors and the kinds of evidence (the method's
examples, in our words), the effort-versus-effect judgement and the warning against generalising from a
handful of conversations."""

from __future__ import annotations

from zorgzaam.messages import ZorgzaamError, gettext, gettext_noop, register

register({
    "harvest_bad_choice": gettext_noop("'{value}' is geen geldige keuze voor {field}."),
})

# Factors that may have made the difference (each later marked: did we check it really mattered?).
FACTORS: dict[str, str] = {
    "nearby": gettext_noop("dicht bij huis werken"),
    "contact_point": gettext_noop("een vast aanspreekpunt"),
    "low_threshold": gettext_noop("laagdrempelig"),
    "neighbours": gettext_noop("contact met de buren"),
    "partners": gettext_noop("betrokken partners"),
    "worker_skills": gettext_noop("vaardigheden van de buurtwerker"),
    "volunteers": gettext_noop("talenten van vrijwilligers"),
}
EVIDENCE: dict[str, str] = {
    "attendance": gettext_noop("aanwezigheidslijsten"),
    "counts": gettext_noop("tellingen"),
    "observation": gettext_noop("observaties"),
    "photos": gettext_noop("foto's"),
    "survey": gettext_noop("bevraging"),
    "interviews": gettext_noop("gesprekken of interviews"),
    "documents": gettext_noop("documenten"),
}
CONCLUSIONS = {"keep": gettext_noop("behouden"), "adjust": gettext_noop("bijsturen")}
EFFECTS = ("large", "limited")
EFFORTS = ("small", "large")

# (effect, effort) -> advice. The method words two cases; the other two are ours.
JUDGEMENTS: dict[tuple[str, str], str] = {  # Dutch msgids
    ("large", "small"): gettext_noop("Veel effect voor weinig inzet: zeker verder op inzetten."),
    ("limited", "large"): gettext_noop("Weinig effect voor veel inzet: bijsturen."),
    ("large", "large"): gettext_noop(
        "Veel effect, maar het vraagt veel: bekijk of het lichter kan zonder het effect te verliezen."),
    ("limited", "small"): gettext_noop(
        "Weinig effect, maar het kost ook weinig: houd het aan als het iets toevoegt, en kijk wat het sterker kan "
        "maken."),
}
FEW_INTERVIEWS = 10  # below this, what people said are experiences, not findings for everyone

FEW_WARNING = gettext_noop("Dit steunt op een paar gesprekken: het zijn ervaringen van personen, geen besluit dat "
                           "voor iedereen geldt. Daarvoor heb je meer mensen nodig.")


def _word(table: dict[str, str], code: str, lang: str) -> str:
    msgid = table.get(code)
    return "" if msgid is None else gettext(msgid, lang)


def factor_label(code: str, lang: str = "nl") -> str:
    return _word(FACTORS, code, lang)


def evidence_label(kind: str, lang: str = "nl") -> str:
    return _word(EVIDENCE, kind, lang)


def conclusion_label(code: str, lang: str = "nl") -> str:
    return _word(CONCLUSIONS, code, lang)


def judgement(effect: str, effort: str, lang: str = "nl") -> str:
    msgid = JUDGEMENTS.get((effect, effort))
    return "" if msgid is None else gettext(msgid, lang)


def few_interviews(interviews: int | None, evidence_kinds=()) -> bool:
    """Warn when the harvest rests mainly on conversations and there were fewer than :data:`FEW_INTERVIEWS`."""
    kinds = set(evidence_kinds)
    if interviews is None:
        return False
    return interviews < FEW_INTERVIEWS and (not kinds or kinds <= {"interviews", "observation"})


def check_choices(*, conclusion: str = "", effect: str = "", effort: str = "", factors=(), evidence=()) -> None:
    for field, value, allowed in (("conclusion", conclusion, CONCLUSIONS), ("effect", effect, EFFECTS),
                                  ("effort", effort, EFFORTS)):
        if value and value not in allowed:
            raise ZorgzaamError("harvest_bad_choice", value=value, field=field)
    for item in factors:
        code = item.get("code", "")
        if code and code not in FACTORS:
            raise ZorgzaamError("harvest_bad_choice", value=code, field="factors")
    for item in evidence:
        if item.get("kind") and item["kind"] not in EVIDENCE:
            raise ZorgzaamError("harvest_bad_choice", value=item["kind"], field="evidence")
