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

MET, PARTLY, MISSING = "met", "partly", "missing"

STATUS_WORDS = {
    MET: {"nl": "in orde", "en": "met"},
    PARTLY: {"nl": "deels", "en": "partly"},
    MISSING: {"nl": "ontbreekt", "en": "missing"},
}

CONDITIONS = {
    1: {"nl": "Voorwaarde 1: wat de buurtanalyse bevat",
        "en": "Condition 1: what the neighbourhood analysis contains"},
    2: {"nl": "Voorwaarde 2: prioriteiten die passen bij de buurt",
        "en": "Condition 2: priorities that fit the neighbourhood"},
    3: {"nl": "Voorwaarde 3: basis voor het meerjarenplan, met inspraak",
        "en": "Condition 3: basis for the multi-year plan, with participation"},
}

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
    title: dict[str, str]
    status: str
    evidence: list[Evidence]
    explanation: dict[str, str]  # what was found, in words
    todo: dict[str, str] | None = None  # what to add and where, when not met
    todo_url: str = ""

    def as_dict(self, lang: str = "nl") -> dict:
        return {"code": self.code, "condition": self.condition, "title": self.title[lang], "status": self.status,
                "status_text": STATUS_WORDS[self.status][lang], "explanation": self.explanation[lang],
                "evidence": [{"label": e.label, "url": e.url} for e in self.evidence],
                "todo": self.todo[lang] if self.todo else "", "todo_url": self.todo_url}


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
                "conditions": [{"condition": c, "title": CONDITIONS[c][lang], "status": self.condition_status(c),
                                "status_text": STATUS_WORDS[self.condition_status(c)][lang],
                                "items": [i.as_dict(lang) for i in items]}
                               for c, items in self.by_condition().items()],
                "todos": [{"code": i.code, "title": i.title[lang], "todo": i.todo[lang] if i.todo else "",
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
    todo = None if status == MET else {
        "nl": f"Laad cijfers over de bevolking in voor {_names(lacking)} (Gegevens > Importeren) en kijk het "
              "buurtprofiel na.",
        "en": f"Import population figures for {_names(lacking)} (Data > Import) and check the neighbourhood profile."}
    return Item("quantitative", 1, {"nl": "Kwantitatieve gegevens over de buurt", "en": "Quantitative data on the "
                                    "neighbourhood"}, status, evidence,
                {"nl": f"Cijfers gevonden voor {len(covered)} van {len(names)} buurten.",
                 "en": f"Figures found for {len(covered)} of {len(names)} neighbourhoods."},
                todo, facts.add_urls.get("figures", ""))


def _qualitative(facts: ChecklistInput) -> Item:
    kinds = int(bool(facts.surveys)) + int(bool(facts.sessions))
    status = _status(kinds, 2)
    todo = None
    if status != MET:
        what_nl, what_en = [], []
        if not facts.surveys:
            what_nl.append("een bevraging van bewoners met antwoorden")
            what_en.append("a residents' survey with answers")
        if not facts.sessions:
            what_nl.append("een verslag van een gesprek, focusgroep of observatie")
            what_en.append("a report of a conversation, focus group or observation")
        todo = {"nl": "Voeg toe: " + " en ".join(what_nl) + " (Bewoners).",
                "en": "Add " + " and ".join(what_en) + " (Residents)."}
    return Item("qualitative", 1, {"nl": "Kwalitatieve gegevens: wat bewoners en partners vertellen",
                                   "en": "Qualitative data: what residents and partners tell"},
                status, facts.surveys + facts.sessions,
                {"nl": f"{len(facts.surveys)} bevraging(en) en {len(facts.sessions)} gesprek(ken) of observatie(s).",
                 "en": f"{len(facts.surveys)} survey(s) and {len(facts.sessions)} conversation(s) or observation(s)."},
                todo, facts.add_urls.get("surveys" if not facts.surveys else "sessions", ""))


COVERAGE = (
    ("residents", "bewoners", "residents"),
    ("actors", "actoren", "actors"),
    ("experience", "beleving", "experience"),
    ("strengths", "sterktes", "strengths"),
    ("gaps", "hiaten", "gaps"),
)


def _coverage(facts: ChecklistInput) -> Item:
    present = {"residents": [e for n in facts.neighbourhoods for e in facts.with_figures.get(n, [])],
               "actors": facts.actors, "experience": facts.surveys + facts.sessions,
               "strengths": facts.strengths, "gaps": facts.gaps}
    covered = [c for c in COVERAGE if present[c[0]]]
    lacking = [c for c in COVERAGE if not present[c[0]]]
    status = _status(len(covered), len(COVERAGE))
    evidence = []
    for code, _, _ in COVERAGE:
        evidence += present[code][:3]
    todo = None if status == MET else {
        "nl": "Nog niet beschreven: " + ", ".join(c[1] for c in lacking) + ". Noteer sterktes en uitdagingen "
              "(Bewoners > Sterktes en uitdagingen) en de partners en voorzieningen in de buurt.",
        "en": "Not yet described: " + ", ".join(c[2] for c in lacking) + ". Note strengths and challenges "
              "(Residents > Strengths and challenges) and the partners and facilities in the neighbourhood."}
    first = lacking[0][0] if lacking else ""
    return Item("coverage", 1, {"nl": "Bewoners, actoren, beleving, sterktes en hiaten beschreven",
                                "en": "Residents, actors, experience, strengths and gaps described"},
                status, evidence,
                {"nl": "Beschreven: " + (", ".join(c[1] for c in covered) or "niets") + ".",
                 "en": "Described: " + (", ".join(c[2] for c in covered) or "nothing") + "."},
                todo, facts.add_urls.get(first, ""))


def _local_policy(facts: ChecklistInput) -> Item:
    status = MET if facts.local_policy else MISSING
    todo = None if status == MET else {
        "nl": "Gebruik de analyses en prioriteiten van het lokaal sociaal beleid: laad de eigen tellingen van "
              "OCMW of partners in, of neem hun vaststellingen op in de samenvattende tabel.",
        "en": "Use the analyses and priorities of local social policy: import the OCMW's or partners' own counts, "
              "or add their findings to the summary table."}
    return Item("local_policy", 1, {"nl": "Analyses en prioriteiten van het lokaal sociaal beleid gebruikt",
                                    "en": "Analyses and priorities of local social policy used"},
                status, facts.local_policy,
                {"nl": f"{len(facts.local_policy)} bron(nen) van het lokaal sociaal beleid.",
                 "en": f"{len(facts.local_policy)} source(s) from local social policy."},
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
        parts_nl, parts_en = [], []
        if lacking:
            parts_nl.append(f"maak uitdagingen voor {_names(lacking)} uit de samenvattende tabel")
            parts_en.append(f"make challenges for {_names(lacking)} from the summary table")
        if not facts.priority_decisions:
            parts_nl.append("leg de prioriteiten vast in een prioriteringsronde met bewoners en professionals")
            parts_en.append("record the priorities in a prioritisation round with residents and professionals")
        todo = {"nl": "Nog te doen: " + "; ".join(parts_nl) + ".", "en": "Still to do: " + "; ".join(parts_en) + "."}
    evidence = [e for n in covered for e in facts.challenges[n]] + facts.priority_decisions
    return Item("fit", 2, {"nl": "Prioriteiten afgestemd op de buurt", "en": "Priorities fitted to the neighbourhood"},
                status, evidence,
                {"nl": f"Uitdagingen voor {len(covered)} van {len(names)} buurten; "
                       f"{len(facts.priority_decisions)} beslissing(en) over prioriteiten.",
                 "en": f"Challenges for {len(covered)} of {len(names)} neighbourhoods; "
                       f"{len(facts.priority_decisions)} decision(s) on priorities."},
                todo, facts.add_urls.get("challenges" if lacking else "priorities", ""))


def _plan_basis(facts: ChecklistInput) -> Item:
    if not facts.goals:
        status = MISSING
    elif facts.goals_from_challenges:
        status = MET
    else:
        status = PARTLY
    todo = None if status == MET else (
        {"nl": "Zet de uitdagingen om in doelen en acties in het buurtplan.",
         "en": "Turn the challenges into goals and actions in the neighbourhood plan."} if status == MISSING else
        {"nl": "Koppel de doelen van het plan aan de uitdagingen waaruit ze voortkomen.",
         "en": "Link the plan's goals to the challenges they come from."})
    return Item("plan_basis", 3, {"nl": "Basis voor het meerjarenplan", "en": "Basis for the multi-year plan"},
                status, facts.goals_from_challenges or facts.goals,
                {"nl": f"{len(facts.goals)} doel(en), waarvan {len(facts.goals_from_challenges)} uit een uitdaging.",
                 "en": f"{len(facts.goals)} goal(s), {len(facts.goals_from_challenges)} of them from a challenge."},
                todo, facts.add_urls.get("plan", ""))


BODIES = {
    "senior_associations": {"nl": "de lokale ouderenverenigingen", "en": "the local senior associations"},
    "senior_council": {"nl": "de seniorenadviesraad", "en": "the senior advisory council"},
    "first_line": {"nl": "de eerstelijnsactoren", "en": "the first-line actors"},
    "policy_domains": {"nl": "andere beleidsdomeinen", "en": "other policy domains"},
}


def _consulted(facts: ChecklistInput, kind: str) -> Item:
    meetings = sorted(facts.meetings.get(kind, []), key=lambda m: (m.date, m.title))
    complete = [m for m in meetings if m.date and m.has_participants]
    status = MET if complete else (PARTLY if meetings else MISSING)
    body = BODIES[kind]
    evidence = [Evidence(f"{m.date} {m.title}".strip() + (f" ({m.attendance} aanwezig)" if m.attendance else ""),
                         m.url) for m in meetings]
    todo = None
    if status == MISSING:
        todo = {"nl": f"Raadpleeg {body['nl']} en noteer het overleg met datum en deelnemers (Opvolging > Overleg).",
                "en": f"Consult {body['en']} and record the meeting with its date and participants "
                      "(Follow-up > Meetings)."}
    elif status == PARTLY:
        todo = {"nl": f"Vul bij het overleg met {body['nl']} de datum en de deelnemers aan.",
                "en": f"Add the date and the participants to the meeting with {body['en']}."}
    return Item(f"consulted_{kind}", 3, {"nl": f"Inspraak: {body['nl']} geraadpleegd",
                                         "en": f"Participation: {body['en']} consulted"},
                status, evidence,
                {"nl": f"{len(meetings)} overleg(gen) vastgelegd, {len(complete)} met datum en deelnemers.",
                 "en": f"{len(meetings)} meeting(s) recorded, {len(complete)} with date and participants."},
                todo, facts.add_urls.get("meetings", ""))


def _policy_goals(facts: ChecklistInput) -> Item:
    status = _status(len(facts.goals_with_policy_link), len(facts.goals)) if facts.goals else MISSING
    todo = None if status == MET else {
        "nl": "Noteer bij elk doel van het plan aan welk doel of actiepunt van het meerjarenplan van het lokaal "
              "bestuur het bijdraagt.",
        "en": "Note for each goal of the plan which goal or item of the local government's multi-year plan it "
              "contributes to."}
    return Item("policy_goals", 3, {"nl": "Bijdrage aan de beleidsdoelen van het lokaal bestuur",
                                    "en": "Contribution to the local government's policy goals"},
                status, facts.goals_with_policy_link,
                {"nl": f"{len(facts.goals_with_policy_link)} van {len(facts.goals)} doel(en) verwijzen naar het "
                       "meerjarenplan.",
                 "en": f"{len(facts.goals_with_policy_link)} of {len(facts.goals)} goal(s) refer to the multi-year "
                       "plan."},
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

    title = {"nl": "Bijlage: checklist van het woonzorgdecreet", "en": "Annex: checklist of the decree"}[lang]
    head = {"nl": ["Onderdeel", "Stand", "Wat we vonden"], "en": ["Item", "Status", "What we found"]}[lang]
    evidence_word = {"nl": "Bewijs", "en": "Evidence"}[lang]
    section = Section(title)
    section.blocks.append(para({
        "nl": "Een lokaal dienstencentrum moet een buurtanalyse maken die aan drie voorwaarden voldoet. Hieronder "
              "staat per voorwaarde wat Zorgzaam in deze werkruimte vond, en waar je het bewijs terugvindt (het "
              "adres van het scherm in Zorgzaam).",
        "en": "A local service centre must make a neighbourhood analysis that meets three conditions. Below, per "
              "condition, is what Zorgzaam found in this workspace, and where to find the evidence (the address "
              "of the screen in Zorgzaam)."}[lang]))
    for condition, items in checklist.by_condition().items():
        status = STATUS_WORDS[checklist.condition_status(condition)][lang]
        section.blocks.append(Heading(f"{CONDITIONS[condition][lang]} ({status})", 2))
        section.blocks.append(Table(head, [[i.title[lang], STATUS_WORDS[i.status][lang], i.explanation[lang]]
                                           for i in items],
                                    caption=CONDITIONS[condition][lang], numeric=[False] * 3, widths=[6.0, 2.2, 9.0]))
        for item in items:
            if not item.evidence:
                continue
            section.blocks.append(para(bold(f"{evidence_word} — {item.title[lang]}:"), style="small"))
            for e in item.evidence[:MAX_EVIDENCE]:
                section.blocks.append(para(e.label, f" — {base_url}{e.url}" if e.url else "", style="bullet"))
            if len(item.evidence) > MAX_EVIDENCE:
                section.blocks.append(para({"nl": f"en nog {len(item.evidence) - MAX_EVIDENCE}",
                                            "en": f"and {len(item.evidence) - MAX_EVIDENCE} more"}[lang],
                                           style="small"))
    section.blocks.append(Heading({"nl": "Nog te doen", "en": "To do"}[lang], 2))
    if checklist.complete:
        section.blocks.append(para({"nl": "Alle onderdelen zijn in orde.", "en": "Every item is met."}[lang]))
    else:
        section.blocks.append(callout({
            "nl": "Zolang er iets te doen is, staat ONTWERP op het rapport.",
            "en": "As long as something is left to do, the report is marked DRAFT."}[lang], kind="warning"))
        for item in checklist.todos:
            where = f" — {base_url}{item.todo_url}" if item.todo_url else ""
            section.blocks.append(para(bold(f"{item.title[lang]}: "), item.todo[lang] + where, style="bullet"))
    return section
