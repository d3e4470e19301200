"""The decree checklist of a buurtanalyse (woonzorgdecreet: the recognition conditions of a local service
centre's neighbourhood analysis), as plain computation over plain inputs. No Django.

The decree asks three things of a buurtanalyse (research note seed002_A §2.4):

1. its *content*: quantitative and qualitative data on the neighbourhood, its residents, its actors, how
   people experience it, its strengths and gaps; and it uses the analyses and priorities of the local social
   policy on caring neighbourhoods;
2. its *fit*: the centre's priorities are chosen to fit the neighbourhood;
3. its *use*: it is the basis of the multi-year plan, made through a participatory trajectory that consulted
   the local senior associations, the senior advisory council, first-line actors and other policy domains,
   and it shows how the plan contributes to the local government's policy goals.

:func:`evaluate` splits these into checkable items. Each item is met, partly met or missing, carries links
to its evidence (the screens where it was recorded) and, when not met, a to-do saying what to add and where.
The facts come from :class:`ChecklistInput` (filled from the database by ``reports.collect``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zorgzaam.messages import gettext, gettext_noop, param_text, pgettext, register_param_kind

MET, PARTLY, MISSING = "met", "partly", "missing"

STATUS_WORDS = {  # Dutch msgids (the English in the reports catalogue, context "checklist status")
    MET: gettext_noop("in orde"),
    PARTLY: gettext_noop("deels"),
    MISSING: gettext_noop("ontbreekt"),
}

CONDITIONS = {
    1: gettext_noop("Voorwaarde 1: wat de buurtanalyse bevat"),
    2: gettext_noop("Voorwaarde 2: prioriteiten die passen bij de buurt"),
    3: gettext_noop("Voorwaarde 3: basis voor het meerjarenplan, met inspraak"),
}


def _status_word(status: str, lang: str) -> str:
    return pgettext("checklist status", STATUS_WORDS[status], lang)


# An item's texts are kept as messages, not words: {"msgid": [Dutch msgid, {params}]} (messages.param_text),
# rendered in the reader's language when the checklist is shown or printed.
Text = dict[str, Any]


def _text(msgid: str, **params: Any) -> Text:
    return {"msgid": [msgid, params]} if params else {"msgid": msgid}


def _words(msgids, lang: str) -> str:
    """A comma-separated list of the table's words ("bewoners, actoren") in ``lang``."""
    return ", ".join(gettext(m, lang) for m in msgids)


register_param_kind("checklist_words", _words)

# the kinds of body the decree names for the participatory trajectory (followup.models.Meeting.consulted)
CONSULTED_BODIES = ("senior_associations", "senior_council", "first_line", "policy_domains")


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: a label people read and the address of the screen that shows it."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class MeetingFact:
    """A recorded meeting or consultation (no personal names: a count and organisations)."""

    date: str  # ISO date, "" when unknown
    title: str = ""
    attendance: int | None = None
    organisations: tuple[str, ...] = ()
    url: str = ""

    @property
    def has_participants(self) -> bool:
        return bool(self.attendance) or bool(self.organisations)


@dataclass
class ChecklistInput:
    """The facts the checklist looks at, for the chosen neighbourhoods of one workspace. Lists of evidence;
    ``add_urls`` gives the screen where each kind of fact is added (the to-dos link to it)."""

    neighbourhoods: list[str]
    with_figures: dict[str, list[Evidence]] = field(default_factory=dict)  # neighbourhood -> profile evidence
    surveys: list[Evidence] = field(default_factory=list)  # surveys with answers for these neighbourhoods
    sessions: list[Evidence] = field(default_factory=list)  # focus groups, conversations, observations
    actors: list[Evidence] = field(default_factory=list)  # partners and facilities known
    strengths: list[Evidence] = field(default_factory=list)
    gaps: list[Evidence] = field(default_factory=list)  # challenges heard, (mis)match signals, accepted findings
    local_policy: list[Evidence] = field(default_factory=list)  # the team's own counts, findings of local policy
    challenges: dict[str, list[Evidence]] = field(default_factory=dict)  # neighbourhood -> its challenges
    priority_decisions: list[Evidence] = field(default_factory=list)
    goals: list[Evidence] = field(default_factory=list)  # goals of the plan
    goals_from_challenges: list[Evidence] = field(default_factory=list)  # goals that grew from a challenge
    goals_with_policy_link: list[Evidence] = field(default_factory=list)  # goals naming a multi-year plan item
    meetings: dict[str, list[MeetingFact]] = field(default_factory=dict)  # consulted kind -> meetings
    add_urls: dict[str, str] = field(default_factory=dict)


@dataclass
class Item:
    code: str
    condition: int
    title: str  # a Dutch msgid
    status: str
    evidence: list[Evidence]
    explanation: Text  # what was found, as a message
    todo: Text | None = None  # what to add and where, when not met
    todo_url: str = ""

    def title_text(self, lang: str = "nl") -> str:
        return gettext(self.title, lang)

    def explanation_text(self, lang: str = "nl") -> str:
        return param_text(self.explanation, lang)

    def todo_text(self, lang: str = "nl") -> str:
        return param_text(self.todo, lang) if self.todo else ""

    def as_dict(self, lang: str = "nl") -> dict:
        return {"code": self.code, "condition": self.condition, "title": self.title_text(lang),
                "status": self.status, "status_text": _status_word(self.status, lang),
                "explanation": self.explanation_text(lang),
                "evidence": [{"label": e.label, "url": e.url} for e in self.evidence],
                "todo": self.todo_text(lang), "todo_url": self.todo_url}


@dataclass
class Checklist:
    items: list[Item]

    @property
    def todos(self) -> list[Item]:
        return [item for item in self.items if item.status != MET]

    @property
    def complete(self) -> bool:
        return not self.todos

    def item(self, code: str) -> Item:
        return next(i for i in self.items if i.code == code)

    def by_condition(self) -> dict[int, list[Item]]:
        out: dict[int, list[Item]] = {}
        for item in self.items:
            out.setdefault(item.condition, []).append(item)
        return out

    def condition_status(self, condition: int) -> str:
        statuses = {i.status for i in self.items if i.condition == condition}
        if statuses == {MET}:
            return MET
        if statuses == {MISSING}:
            return MISSING
        return PARTLY

    def as_dict(self, lang: str = "nl") -> dict:
        return {"complete": self.complete,
                "conditions": [{"condition": c, "title": gettext(CONDITIONS[c], lang),
                                "status": self.condition_status(c),
                                "status_text": _status_word(self.condition_status(c), lang),
                                "items": [i.as_dict(lang) for i in items]}
                               for c, items in self.by_condition().items()],
                "todos": [{"code": i.code, "title": i.title_text(lang), "todo": i.todo_text(lang),
                           "url": i.todo_url} for i in self.todos]}


def _status(found: int, needed: int) -> str:
    if needed and found >= needed:
        return MET
    return PARTLY if found else MISSING


def _names(names) -> str:
    return ", ".join(names)


def _quantitative(facts: ChecklistInput) -> Item:
    names = facts.neighbourhoods
    covered = [n for n in names if facts.with_figures.get(n)]
    lacking = [n for n in names if n not in covered]
    status = _status(len(covered), len(names))
    evidence = [e for n in covered for e in facts.with_figures[n]]
    todo = None if status == MET else _text(
        gettext_noop("Laad cijfers over de bevolking in voor {names} (Gegevens > Importeren) en kijk het "
                     "buurtprofiel na."), names=_names(lacking))
    return Item("quantitative", 1, gettext_noop("Kwantitatieve gegevens over de buurt"), status, evidence,
                _text(gettext_noop("Cijfers gevonden voor {covered} van {total} buurten."),
                      covered=len(covered), total=len(names)),
                todo, facts.add_urls.get("figures", ""))


def _qualitative(facts: ChecklistInput) -> Item:
    kinds = int(bool(facts.surveys)) + int(bool(facts.sessions))
    status = _status(kinds, 2)
    todo = None
    if status != MET:
        what = []
        if not facts.surveys:
            what.append({"msgid": gettext_noop("een bevraging van bewoners met antwoorden")})
        if not facts.sessions:
            what.append({"msgid": gettext_noop("een verslag van een gesprek, focusgroep of observatie")})
        todo = _text(gettext_noop("Voeg toe: {what} (Bewoners)."), what={"list": what})
    return Item("qualitative", 1, gettext_noop("Kwalitatieve gegevens: wat bewoners en partners vertellen"),
                status, facts.surveys + facts.sessions,
                _text(gettext_noop("{surveys} bevraging(en) en {sessions} gesprek(ken) of observatie(s)."),
                      surveys=len(facts.surveys), sessions=len(facts.sessions)),
                todo, facts.add_urls.get("surveys" if not facts.surveys else "sessions", ""))


COVERAGE = (  # (code, Dutch msgid)
    ("residents", gettext_noop("bewoners")),
    ("actors", gettext_noop("actoren")),
    ("experience", gettext_noop("beleving")),
    ("strengths", gettext_noop("sterktes")),
    ("gaps", gettext_noop("hiaten")),
)


def _coverage(facts: ChecklistInput) -> Item:
    present = {"residents": [e for n in facts.neighbourhoods for e in facts.with_figures.get(n, [])],
               "actors": facts.actors, "experience": facts.surveys + facts.sessions,
               "strengths": facts.strengths, "gaps": facts.gaps}
    covered = [c for c in COVERAGE if present[c[0]]]
    lacking = [c for c in COVERAGE if not present[c[0]]]
    status = _status(len(covered), len(COVERAGE))
    evidence = []
    for code, _ in COVERAGE:
        evidence += present[code][:3]
    todo = None if status == MET else _text(
        gettext_noop("Nog niet beschreven: {what}. Noteer sterktes en uitdagingen (Bewoners > Sterktes en "
                     "uitdagingen) en de partners en voorzieningen in de buurt."),
        what={"checklist_words": [c[1] for c in lacking]})
    first = lacking[0][0] if lacking else ""
    described = {"checklist_words": [c[1] for c in covered]} if covered else {"msgid": gettext_noop("niets")}
    return Item("coverage", 1, gettext_noop("Bewoners, actoren, beleving, sterktes en hiaten beschreven"),
                status, evidence, _text(gettext_noop("Beschreven: {what}."), what=described),
                todo, facts.add_urls.get(first, ""))


def _local_policy(facts: ChecklistInput) -> Item:
    status = MET if facts.local_policy else MISSING
    todo = None if status == MET else _text(
        gettext_noop("Gebruik de analyses en prioriteiten van het lokaal sociaal beleid: laad de eigen tellingen "
                     "van OCMW of partners in, of neem hun vaststellingen op in de samenvattende tabel."))
    return Item("local_policy", 1, gettext_noop("Analyses en prioriteiten van het lokaal sociaal beleid gebruikt"),
                status, facts.local_policy,
                _text(gettext_noop("{count} bron(nen) van het lokaal sociaal beleid."),
                      count=len(facts.local_policy)),
                todo, facts.add_urls.get("local_policy", ""))


def _fit(facts: ChecklistInput) -> Item:
    names = facts.neighbourhoods
    covered = [n for n in names if facts.challenges.get(n)]
    if not covered:
        status = MISSING
    elif len(covered) == len(names) and facts.priority_decisions:
        status = MET
    else:
        status = PARTLY
    lacking = [n for n in names if n not in covered]
    todo = None
    if status != MET:
        make = gettext_noop("maak uitdagingen voor {names} uit de samenvattende tabel")
        record = gettext_noop("leg de prioriteiten vast in een prioriteringsronde met bewoners en professionals")
        if lacking and not facts.priority_decisions:
            todo = _text(gettext_noop("Nog te doen: {first}; {second}."),
                         first={"msgid": [make, {"names": _names(lacking)}]}, second={"msgid": record})
        else:
            todo = _text(gettext_noop("Nog te doen: {first}."),
                         first={"msgid": [make, {"names": _names(lacking)}]} if lacking else {"msgid": record})
    evidence = [e for n in covered for e in facts.challenges[n]] + facts.priority_decisions
    return Item("fit", 2, gettext_noop("Prioriteiten afgestemd op de buurt"), status, evidence,
                _text(gettext_noop("Uitdagingen voor {covered} van {total} buurten; {decisions} beslissing(en) over "
                                   "prioriteiten."),
                      covered=len(covered), total=len(names), decisions=len(facts.priority_decisions)),
                todo, facts.add_urls.get("challenges" if lacking else "priorities", ""))


def _plan_basis(facts: ChecklistInput) -> Item:
    if not facts.goals:
        status = MISSING
    elif facts.goals_from_challenges:
        status = MET
    else:
        status = PARTLY
    todo = None if status == MET else (
        _text(gettext_noop("Zet de uitdagingen om in doelen en acties in het buurtplan.")) if status == MISSING else
        _text(gettext_noop("Koppel de doelen van het plan aan de uitdagingen waaruit ze voortkomen.")))
    return Item("plan_basis", 3, gettext_noop("Basis voor het meerjarenplan"),
                status, facts.goals_from_challenges or facts.goals,
                _text(gettext_noop("{goals} doel(en), waarvan {from_challenges} uit een uitdaging."),
                      goals=len(facts.goals), from_challenges=len(facts.goals_from_challenges)),
                todo, facts.add_urls.get("plan", ""))


BODIES = {
    "senior_associations": gettext_noop("de lokale ouderenverenigingen"),
    "senior_council": gettext_noop("de seniorenadviesraad"),
    "first_line": gettext_noop("de eerstelijnsactoren"),
    "policy_domains": gettext_noop("andere beleidsdomeinen"),
}


CONSULTED_TITLES = {  # an item's title is a msgid of its own (a title is worded without parameters)
    "senior_associations": gettext_noop("Inspraak: de lokale ouderenverenigingen geraadpleegd"),
    "senior_council": gettext_noop("Inspraak: de seniorenadviesraad geraadpleegd"),
    "first_line": gettext_noop("Inspraak: de eerstelijnsactoren geraadpleegd"),
    "policy_domains": gettext_noop("Inspraak: andere beleidsdomeinen geraadpleegd"),
}


def _consulted(facts: ChecklistInput, kind: str) -> Item:
    meetings = sorted(facts.meetings.get(kind, []), key=lambda m: (m.date, m.title))
    complete = [m for m in meetings if m.date and m.has_participants]
    status = MET if complete else (PARTLY if meetings else MISSING)
    body = {"msgid": BODIES[kind]}
    evidence = [Evidence(f"{m.date} {m.title}".strip() + (f" ({m.attendance} aanwezig)" if m.attendance else ""),
                         m.url) for m in meetings]
    todo = None
    if status == MISSING:
        todo = _text(gettext_noop("Raadpleeg {body} en noteer het overleg met datum en deelnemers "
                                  "(Opvolging > Overleg)."), body=body)
    elif status == PARTLY:
        todo = _text(gettext_noop("Vul bij het overleg met {body} de datum en de deelnemers aan."), body=body)
    return Item(f"consulted_{kind}", 3, CONSULTED_TITLES[kind],
                status, evidence,
                _text(gettext_noop("{meetings} overleg(gen) vastgelegd, {complete} met datum en deelnemers."),
                      meetings=len(meetings), complete=len(complete)),
                todo, facts.add_urls.get("meetings", ""))


def _policy_goals(facts: ChecklistInput) -> Item:
    status = _status(len(facts.goals_with_policy_link), len(facts.goals)) if facts.goals else MISSING
    todo = None if status == MET else _text(
        gettext_noop("Noteer bij elk doel van het plan aan welk doel of actiepunt van het meerjarenplan van het "
                     "lokaal bestuur het bijdraagt."))
    return Item("policy_goals", 3, gettext_noop("Bijdrage aan de beleidsdoelen van het lokaal bestuur"),
                status, facts.goals_with_policy_link,
                _text(gettext_noop("{linked} van {goals} doel(en) verwijzen naar het meerjarenplan."),
                      linked=len(facts.goals_with_policy_link), goals=len(facts.goals)),
                todo, facts.add_urls.get("plan", ""))


def evaluate(facts: ChecklistInput) -> Checklist:
    """The checklist for these facts: items in the order of the decree's conditions."""
    items = [_quantitative(facts), _qualitative(facts), _coverage(facts), _local_policy(facts), _fit(facts),
             _plan_basis(facts)]
    items += [_consulted(facts, kind) for kind in CONSULTED_BODIES]
    items.append(_policy_goals(facts))
    return Checklist(items)


MAX_EVIDENCE = 6  # evidence lines printed per item (the screen shows them all)


def checklist_section(checklist: Checklist, lang: str = "nl", base_url: str = ""):
    """The checklist as a section of the document model (the report's annex): per condition a table of its
    items with status and evidence links, then the to-dos. ``base_url`` makes the screens' addresses absolute
    (e.g. ``https://zorgzaam.example``)."""
    from zorgzaam.graphics.document import Heading, Section, Table, bold, callout, para

    title = gettext("Bijlage: checklist van het woonzorgdecreet", lang)
    head = [pgettext("report column", "Onderdeel", lang), gettext("Stand", lang), gettext("Wat we vonden", lang)]
    evidence_word = gettext("Bewijs", lang)
    section = Section(title)
    section.blocks.append(para(gettext(
        "Een lokaal dienstencentrum moet een buurtanalyse maken die aan drie voorwaarden voldoet. Hieronder staat "
        "per voorwaarde wat Zorgzaam in deze werkruimte vond, en waar je het bewijs terugvindt (het adres van het "
        "scherm in Zorgzaam).", lang)))
    for condition, items in checklist.by_condition().items():
        status = _status_word(checklist.condition_status(condition), lang)
        condition_title = gettext(CONDITIONS[condition], lang)
        section.blocks.append(Heading(f"{condition_title} ({status})", 2))
        section.blocks.append(Table(head, [[i.title_text(lang), _status_word(i.status, lang),
                                            i.explanation_text(lang)] for i in items],
                                    caption=condition_title, numeric=[False] * 3, widths=[6.0, 2.2, 9.0]))
        for item in items:
            if not item.evidence:
                continue
            section.blocks.append(para(bold(f"{evidence_word} — {item.title_text(lang)}:"), style="small"))
            for e in item.evidence[:MAX_EVIDENCE]:
                section.blocks.append(para(e.label, f" — {base_url}{e.url}" if e.url else "", style="bullet"))
            if len(item.evidence) > MAX_EVIDENCE:
                section.blocks.append(para(gettext("en nog {count}", lang).format(
                    count=len(item.evidence) - MAX_EVIDENCE), style="small"))
    section.blocks.append(Heading(gettext("Nog te doen", lang), 2))
    if checklist.complete:
        section.blocks.append(para(gettext("Alle onderdelen zijn in orde.", lang)))
    else:
        section.blocks.append(callout(gettext("Zolang er iets te doen is, staat ONTWERP op het rapport.", lang),
                                      kind="warning"))
        for item in checklist.todos:
            where = f" — {base_url}{item.todo_url}" if item.todo_url else ""
            section.blocks.append(para(bold(f"{item.title_text(lang)}: "), item.todo_text(lang) + where,
                                       style="bullet"))
    return section
