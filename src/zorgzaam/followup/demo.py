"""A year of follow-up for the fictional demo municipality Overbos: two self-assessment rounds (the team, and
on the second date a practice worker and a policy officer apart), partners and a steering group with four
meetings, eight signals to policy (three with a result, two partly answered) with one dossier, three outcome
harvests on the plan's actions, and a published "you said, we did" page per neighbourhood.

Everything is made up and marked so. Called by ``web.demo.install_demo`` after the plan; idempotent: the
workspace's follow-up rows are removed and made again. Dates count back from the day the demo is built."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zorgzaam.followup import services
from zorgzaam.followup import signals as sg
from zorgzaam.followup.models import (
    Body,
    FeedbackPage,
    Harvest,
    Meeting,
    Partner,
    PolicyDossier,
    PolicySignal,
    SelfAssessment,
    StreetNames,
)
from zorgzaam.workspaces.models import Role

STREETS = ["Kerkstraat", "Dorpsstraat", "Molenweg", "Kapelhoek", "Lindelaan", "Heideweg", "Schoolstraat"]

TEAM_FIRST = {"analysis_plan": 3, "vision_organisation": 2, "communication": 2, "partnerships": 3, "public_space": 1,
              "detection": 2, "referral": 2, "social_networks": 3, "inclusion": None}
TEAM_SECOND = {"analysis_plan": 4, "vision_organisation": 3, "communication": 3, "partnerships": 4, "public_space": 2,
               "detection": 3, "referral": 3, "social_networks": 4, "inclusion": 2}
PRACTICE = {**TEAM_SECOND, "detection": 4, "social_networks": 5, "vision_organisation": 2}
POLICY = {**TEAM_SECOND, "detection": 2, "social_networks": 3, "analysis_plan": 5}

PARTNERS = [  # organisation, contact role, domain, formal, purpose, multi-year plan
    ("OCMW Overbos", "maatschappelijk werker", "welzijn", True, "Signalen van onderbescherming opvolgen",
     "Actieplan 2.1 Zorgzame buurten"),
    ("Dienstencentrum De Linde", "centrumleider", "ouderenzorg", True, "Ontmoeting en vragen van ouderen", ""),
    ("Seniorenraad Overbos", "voorzitter", "advies", True, "Advies over het buurtplan", ""),
    ("Okra Overbos", "bestuurslid", "vrije tijd", False, "Ouderen bereiken die zelden buitenkomen", ""),
    ("Huisartsenpraktijk aan het plein", "praktijkassistent", "eerste lijn", True, "Kwetsbare ouderen opmerken", ""),
    ("Dienst mobiliteit", "mobiliteitsambtenaar", "mobiliteit", True, "Voetpaden en bushalte", "Actieplan 4.3"),
]

SIGNALS = [  # days ago collected, theme, source, description, addressees, status, sent after, result, result after
    (340, "mobiliteit", "group", "Geen bushalte op wandelafstand van het centrum voor wie niet meer met de auto rijdt.",
     ["Dienst mobiliteit", "Vervoersmaatschappij"], sg.RESULT, 20,
     "Een belbus stopt sinds kort twee keer per week aan het dienstencentrum (fictief).", 120),
    (320, "publieke ruimte", "walk_in", "Smalle en kapotte voetpaden in de wijk Kapelhoek; rollators geraken er niet.",
     ["Dienst openbare werken"], sg.RESULT, 15, "Twee voetpaden werden hersteld en een derde staat gepland.", 150),
    (290, "digitale kloof", "home_visit", "Afspraken bij de bank kunnen alleen nog online gemaakt worden.",
     ["Banken"], sg.PARTIAL, 30, "De banken werden aangeschreven; opvolging volgend jaar.", 90),
    (250, "communicatie", "partner", "Brieven van de gemeente zijn voor veel ouderen te moeilijk.",
     ["Dienst communicatie"], sg.RESULT, 10, "Drie standaardbrieven herschreven in klare taal.", 60),
    (200, "wonen", "home_visit", "Lange wachtlijsten voor aangepaste sociale woningen.",
     ["Sociale huisvestingsmaatschappij", "OCMW Overbos"], sg.PARTIAL, 25,
     "Het OCMW onderzoekt een overzicht van aanpasbare woningen.", 80),
    (150, "eenzaamheid", "survey", "Weinig plekken om even samen te zitten in het centrum.",
     ["Schepen van welzijn"], sg.ANSWERED, 20, "", None),
    (90, "wonen", "walk_in", "Vocht en schimmel in enkele huurwoningen aan de rand van het centrum.",
     ["Dienst wonen"], sg.SENT, 14, "", None),
    (30, "armoede", "group", "Ouders vragen naar een tweedehandsbeurs voor schoolspullen.", [], sg.COLLECTED, None,
     "", None),
]

MEETINGS = [  # days ago, consulted, title, attendance, decisions
    (330, "steering_group", "Start van het buurtplan", 9, "Drie prioriteiten gekozen; de werkgroepen starten."),
    (240, "steering_group", "Eerste opvolging", 8, "Signaal over de voetpaden doorgeven aan openbare werken."),
    (150, "senior_council", "Buurtplan voorgesteld aan de seniorenraad", 12, "De raad volgt de bushalte mee op."),
    (140, "steering_group", "Halfjaarlijkse evaluatie", 7, "Zelfevaluatie in oktober; terugkoppeling per buurt."),
    (60, "residents", "Bewonersavond in het dienstencentrum", 34, "Wat we deden en wat niet, uitgelegd aan bewoners."),
    (45, "steering_group", "Jaarafsluiting", 8, "Koffiemoment behouden; de wandeling bijsturen."),
]

HARVESTS = [  # what happened, reached, missed, results, unintended, conclusion, effect, effort, factors
    ("Nieuwe beweegtoestellen op het plein (fictief voorbeeld).", "2 ouderen die wekelijks komen bewegen, 4 jongeren "
     "die er na school afspreken", "Ouderen die niet tot aan het plein geraken",
     "Ouderen bewegen nu elke week; jongeren hebben een plek om samen te zijn.",
     "Jongeren en ouderen zitten elkaar soms in de weg.", Harvest.ADJUST, "large", "small",
     [("nearby", True), ("low_threshold", True)]),
    ("Wekelijks koffiemoment in het dienstencentrum.", "Gemiddeld 14 bewoners, vooral alleenwonende 75-plussers",
     "Mannen komen weinig", "Nieuwe contacten tussen buren; twee mensen vonden de weg naar het OCMW.", "",
     Harvest.KEEP, "large", "small", [("contact_point", True), ("volunteers", True)]),
    ("Wandeling langs de voetpaden met de dienst mobiliteit.", "8 bewoners met rollator of rolstoel",
     "Bewoners van de Kapelhoek die niet durfden mee te gaan", "Twee voetpaden hersteld.", "", Harvest.ADJUST,
     "limited", "large", [("partners", True), ("worker_skills", False)]),
]
# the existing initiatives of the vision workshop: (name, who runs it, for whom, neighbourhoods by index or all
# of the municipality, building blocks)
INITIATIVES = [
    ("Koffiemoment in het dienstencentrum", "Buurtwerk", "alleenwonende ouderen", (0,),
     ("social_networks", "detection")),
    ("Sociale kruidenier", "OCMW", "gezinnen met een krap budget", (), ("referral", "inclusion")),
    ("Buurtbabbels aan de school", "Vrijwilligers van de Gezinsbond", "ouders en grootouders", (1,),
     ("communication", "social_networks")),
]


def _clear(workspace) -> None:
    from zorgzaam.followup.models import Initiative

    for model in (FeedbackPage, Harvest, Meeting, Body, PolicySignal, PolicyDossier, SelfAssessment, Partner,
                  StreetNames, Initiative):
        model.objects.filter(workspace=workspace).delete()


def _page_text(name: str) -> tuple[str, str, str]:
    title = f"Wat deden we met jullie ideeën in {name}?"
    decided = ("Jullie vroegen om een plek om samen te zitten. Elke dinsdag is er nu een koffiemoment in het "
               "dienstencentrum, en wie moeilijk te voet is, kan met de belbus komen. Jullie meldden kapotte "
               "voetpaden: twee zijn hersteld, een derde volgt dit najaar. (Fictief voorbeeld.)")
    not_done = ("Eenrichtingsverkeer in de Kerkstraat voeren we niet in: de bus en de hulpdiensten moeten er in "
                "beide richtingen door kunnen. We vragen wel om trager te rijden aan de school.")
    return title, decided, not_done


@transaction.atomic
def install_demo_followup(workspace) -> str:
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.plan.tree_models import Action as PlanAction

    _clear(workspace)
    today = dt.date.today()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    StreetNames.objects.create(workspace=workspace, names="\n".join(STREETS))
    services.add_assessment(workspace, date=ago(330), scores=TEAM_FIRST, user="demo",
                            notes="Eerste ronde, samen met de stuurgroep (fictief).")
    services.add_assessment(workspace, date=ago(40), scores=TEAM_SECOND, user="demo", reflections={
        "cyclical": ["Signalen gaan nu elke stuurgroep mee op tafel.", "Elk kwartaal in de stuurgroep.",
                     "Twee signalen leidden tot een resultaat."]})
    services.add_assessment(workspace, date=ago(40), scope="person", person="praktijkwerker", scores=PRACTICE,
                            user="demo")
    services.add_assessment(workspace, date=ago(40), scope="person", person="beleidsmedewerker", scores=POLICY,
                            user="demo")

    partners = [services.add_partner(workspace, org, contact_role=role, domain=domain, formal=formal, purpose=purpose,
                                     multi_year_plan=plan)
                for org, role, domain, formal, purpose, plan in PARTNERS]
    steering = services.add_body(workspace, Body.STEERING, "Stuurgroep zorgzaam Overbos", members=partners[:5])
    services.add_body(workspace, Body.WORKING, "Werkgroep ontmoeting", members=[partners[1], partners[3]])
    actions = list(PlanAction.objects.filter(node__workspace=workspace).order_by("pk")[:3])
    for days, consulted, title, attendance, decisions in MEETINGS:
        services.add_meeting(workspace, date=ago(days), consulted=consulted, title=title, attendance=attendance,
                             body=steering if consulted == "steering_group" else None,
                             partners=partners[:4] if consulted == "steering_group" else [], decisions=decisions,
                             actions=actions[:1] if consulted == "steering_group" else [], user="demo")

    hoods = list(Neighbourhood.objects.filter(workspace=workspace).order_by("name"))
    signals = []
    for index, (days, theme, source, text, to, status, sent_after, result, result_after) in enumerate(SIGNALS):
        collected = ago(days)
        signals.append(services.add_signal(
            workspace, date=collected, theme=theme, source=source, description=text, addressees=to,
            neighbourhood=hoods[index % len(hoods)] if hoods else None, status=status,
            sent_date=collected + dt.timedelta(days=sent_after) if sent_after is not None else None,
            result_text=result, result_date=collected + dt.timedelta(days=result_after) if result_after else None,
            forum="stuurgroep" if sent_after is not None else "", user="demo"))
    services.add_dossier(workspace, "Wonen in Overbos", description="Twee signalen over wonen gebundeld (fictief).",
                         signals=[s for s in signals if s.theme == "wonen"], user="demo")

    for action, (what, reached, missed, results, unintended, conclusion, effect, effort, factors) in zip(
            actions, HARVESTS, strict=False):
        services.add_harvest(workspace, action.pk, date=ago(50), what_happened=what, reached=reached, missed=missed,
                             results=results, unintended=unintended, conclusion=conclusion, effect=effect,
                             effort=effort, interviews=6,
                             factors=[{"code": c, "checked": ok} for c, ok in factors],
                             evidence=[{"kind": "observation", "text": "observatie op het plein"},
                                       {"kind": "interviews", "text": "korte gesprekken"}], user="demo")

    for name, runner, for_whom, where, blocks in INITIATIVES:
        services.add_initiative(workspace, name, runner=runner, for_whom=for_whom, blocks=blocks, user="demo",
                                neighbourhoods=[hoods[i] for i in where if i < len(hoods)])

    for hood in hoods:
        title, decided, not_done = _page_text(hood.name)
        page = services.add_page(workspace, neighbourhood=hood, title=title, decided=decided, not_done=not_done,
                                 date=ago(55), user="demo")
        page = services.approve_page(workspace, page.pk, version=page.version, user="demo-collega")
        services.publish_page(workspace, page.pk, version=page.version, user="demo", role=Role.ADMIN)

    results = sum(s.status == sg.RESULT for s in signals)
    return (f"  opvolging:   2 zelfevaluatierondes (+2 perspectieven), {len(MEETINGS)} overlegmomenten, "
            f"{len(signals)} signalen ({results} met resultaat), {min(len(actions), len(HARVESTS))} oogsten, "
            f"{len(hoods)} terugkoppelingspagina's, {len(INITIATIVES)} initiatieven")
