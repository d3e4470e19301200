"""The quality check of a plan (no Django): per action and per goal, what is still missing, worded as a
question the working group can answer — not as a verdict — plus the SMART prompts.

Input is plain data: an :class:`ActionFacts` per action and the goal tree. Every question has a code (for
tests and filters) and a Dutch and English wording in :mod:`zorgzaam.messages`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zorgzaam.messages import gettext, gettext_noop, register, render
from zorgzaam.plan.goal_tree import ACTION, LONG, GoalTree

RASCI_LETTERS = ("R", "A", "S", "C", "I")
RASCI_LABELS = {  # the method's own labels (English words in Dutch use too), explained in our words: Dutch msgids
    "R": gettext_noop("Responsible — trekt de actie en beslist binnen het mandaat"),
    "A": gettext_noop("Accountable — aan wie het team verantwoording aflegt"),
    "S": gettext_noop("Supportable — helpt mee uitvoeren"),
    "C": gettext_noop("Consultable — wordt om raad gevraagd"),
    "I": gettext_noop("Informable — wordt op de hoogte gehouden"),
}


def rasci_label(letter: str, lang: str | None = None) -> str:
    """A RASCI letter's label with its explanation, in ``lang`` (default the active language)."""
    return gettext(RASCI_LABELS[letter], lang)


register({
    "quality_no_norm": gettext_noop("Wanneer noemen jullie deze actie geslaagd? Er staat nog geen norm bij."),
    "quality_no_indicator": gettext_noop(
        "Hoe gaan jullie zien of de norm '{norm}' gehaald is? Er is nog geen indicator of "
        "manier van meten."),
    "quality_no_owner": gettext_noop("Wie trekt deze actie? Er is nog geen trekker."),
    "quality_no_evaluation": gettext_noop(
        "Wanneer bekijken jullie deze actie opnieuw? Er is geen datum voor de volgende "
        "evaluatie."),
    "quality_evaluation_past": gettext_noop("De evaluatie van {date} is voorbij. Wanneer komt de volgende?"),
    "quality_no_target_group": gettext_noop("Voor wie is deze actie? De doelgroep is nog niet omschreven."),
    "quality_vague_target_group": gettext_noop(
        "Wie hoort er precies bij '{group}'? Een leeftijd of kenmerk maakt de doelgroep "
        "telbaar (bijvoorbeeld: minstens één kind van 0 tot 12 jaar)."),
    "quality_rasci_two_r": gettext_noop(
        "Wie trekt de actie echt? Er staan {count} partners als R (Responsible); één is "
        "duidelijker."),
    "quality_rasci_no_r": gettext_noop(
        "Wie is R (Responsible) voor deze actie? Niemand in de RASCI-rij trekt ze."),
    "quality_rasci_no_a": gettext_noop(
        "Aan wie leggen jullie verantwoording af? Er staat geen A (Accountable) in de RASCI-rij."),
    "quality_no_goal": gettext_noop(
        "Aan welk doel werkt deze actie mee? Ze hangt nog onder geen enkel doel."),
    "quality_goal_without_actions": gettext_noop(
        "Hoe gaan jullie dit doel bereiken? Er hangt nog geen actie onder."),
    "quality_no_first_steps": gettext_noop(
        "Wat is de eerste stap, en wie zet ze? Er zijn nog geen eerste stappen."),
    "smart_specific": gettext_noop("Specifiek: is het duidelijk wat er gebeurt, voor wie en voor welk doel?"),
    "smart_measurable": gettext_noop(
        "Meetbaar: hangt er een norm met een indicator aan, zodat je het kan nagaan?"),
    "smart_acceptable": gettext_noop("Aanvaardbaar: staan de betrokkenen en partners erachter?"),
    "smart_realistic": gettext_noop(
        "Realistisch: kan het met het mandaat, het budget en de tijd die er zijn?"),
    "smart_timed": gettext_noop(
        "Tijdsgebonden: is er een termijn, een einddatum en een moment om te evalueren?"),
})

QUESTION_CODES = ("quality_no_norm", "quality_no_indicator", "quality_no_owner", "quality_no_evaluation",
                  "quality_evaluation_past", "quality_no_target_group", "quality_vague_target_group",
                  "quality_rasci_two_r", "quality_rasci_no_r", "quality_rasci_no_a", "quality_no_goal",
                  "quality_goal_without_actions", "quality_no_first_steps")
SMART = ("smart_specific", "smart_measurable", "smart_acceptable", "smart_realistic", "smart_timed")
CLOSED_STATUSES = frozenset({"done", "not_undertaken", "rejected"})


@dataclass
class NormFacts:
    description: str
    has_indicator: bool


@dataclass
class ActionFacts:
    id: int
    title: str = ""
    owner: str = ""
    target_group: str = ""
    next_evaluation: dt.date | None = None
    first_steps: str = ""
    status: str = "not_started"
    rasci: list[str] = field(default_factory=list)  # one letter per actor row (R, A, S, C, I)
    norms: list[NormFacts] = field(default_factory=list)
    deadline: dt.date | None = None


@dataclass(frozen=True)
class Question:
    code: str
    params: dict

    def text(self, lang: str = "nl") -> str:
        return render(self.code, self.params, lang=lang)

    def as_dict(self, lang: str = "nl") -> dict:
        return {"code": self.code, "text": self.text(lang)}


_DEFINED = re.compile(r"\d|:|\bvanaf\b|\btot\b|\bmet\b|\bwith\b|\bfrom\b|\baged?\b", re.IGNORECASE)


def check_action(facts: ActionFacts, *, has_goal: bool = True, today: dt.date | None = None) -> list[Question]:
    """The open questions of one action (an empty list: nothing to ask)."""
    out: list[Question] = []
    if not has_goal:
        out.append(Question("quality_no_goal", {}))
    if not facts.norms:
        out.append(Question("quality_no_norm", {}))
    for norm in facts.norms:
        if not norm.has_indicator:
            out.append(Question("quality_no_indicator", {"norm": norm.description}))
    if not facts.owner.strip():
        out.append(Question("quality_no_owner", {}))
    closed = facts.status in CLOSED_STATUSES
    if facts.next_evaluation is None:
        if not closed:
            out.append(Question("quality_no_evaluation", {}))
    elif today is not None and facts.next_evaluation < today and not closed:
        out.append(Question("quality_evaluation_past", {"date": facts.next_evaluation.isoformat()}))
    group = facts.target_group.strip()
    if not group:
        out.append(Question("quality_no_target_group", {}))
    elif not _DEFINED.search(group) and len(group.split()) < 4:  # a word or two, no age or feature
        out.append(Question("quality_vague_target_group", {"group": group}))
    letters = [letter.upper() for letter in facts.rasci]
    if letters.count("R") > 1:
        out.append(Question("quality_rasci_two_r", {"count": letters.count("R")}))
    elif letters.count("R") == 0:
        out.append(Question("quality_rasci_no_r", {}))
    if "A" not in letters:
        out.append(Question("quality_rasci_no_a", {}))
    if not facts.first_steps.strip() and facts.status == "not_started":
        out.append(Question("quality_no_first_steps", {}))
    return out


def smart_prompts(facts: ActionFacts) -> list[dict]:
    """The five SMART prompts; ``answered`` is True where the plan's data already answers it (measurable:
    a norm with an indicator; time-bound: an evaluation date or a deadline), None where only the group
    can answer (specific, acceptable, realistic)."""
    measurable = bool(facts.norms) and all(n.has_indicator for n in facts.norms)
    timed = facts.next_evaluation is not None or facts.deadline is not None
    answered = {"smart_specific": None, "smart_measurable": measurable, "smart_acceptable": None,
                "smart_realistic": None, "smart_timed": timed}
    return [{"code": code, "answered": answered[code]} for code in SMART]


def check_plan(tree: GoalTree, facts: dict[int, ActionFacts], *, today: dt.date | None = None
               ) -> dict[int, list[Question]]:
    """Questions per node id: every action's own questions, and a goal (not the long-term goal) without any
    action under it, directly or through its sub-goals."""
    out: dict[int, list[Question]] = {}
    for node, _depth in tree.walk():
        if node.kind == ACTION:
            parent = tree.goal_of(node.id)
            questions = check_action(facts.get(node.id, ActionFacts(node.id, node.title)),
                                     has_goal=parent is not None, today=today)
        elif node.kind == LONG:
            questions = []
        else:
            has_action = any(d.kind == ACTION for d in tree.descendants(node.id))
            questions = [] if has_action else [Question("quality_goal_without_actions", {})]
        if questions:
            out[node.id] = questions
    return out
