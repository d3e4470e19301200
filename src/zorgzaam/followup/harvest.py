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
FACTORS: dict[str, tuple[str, str]] = {
    "nearby": ("dicht bij huis werken", "working close to where people live"),
    "contact_point": ("een vast aanspreekpunt", "a steady contact point"),
    "low_threshold": ("laagdrempelig", "easy to walk in"),
    "neighbours": ("contact met de buren", "contact with the neighbours"),
    "partners": ("betrokken partners", "partners involved"),
    "worker_skills": ("vaardigheden van de buurtwerker", "the worker's skills"),
    "volunteers": ("talenten van vrijwilligers", "volunteers' talents"),
}
EVIDENCE: dict[str, tuple[str, str]] = {
    "attendance": ("aanwezigheidslijsten", "attendance lists"),
    "counts": ("tellingen", "counts"),
    "observation": ("observaties", "observations"),
    "photos": ("foto's", "photos"),
    "survey": ("bevraging", "survey"),
    "interviews": ("gesprekken of interviews", "conversations or interviews"),
    "documents": ("documenten", "documents"),
}
CONCLUSIONS = {"keep": ("behouden", "keep"), "adjust": ("bijsturen", "adjust")}
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

FEW_WARNING = ("Dit steunt op een paar gesprekken: het zijn ervaringen van personen, geen besluit dat voor iedereen "
               "geldt. Daarvoor heb je meer mensen nodig.",
               "This rests on a few conversations: they are personal experiences, not a conclusion for everyone. "
               "That needs more people.")


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
