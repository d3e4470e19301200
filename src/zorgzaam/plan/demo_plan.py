"""The demo's neighbourhood plan (fictional, in our own words): a vision, two challenges made from the
summary table's accepted findings, a long-term goal with two strategic goals, four sub-goals and twelve
actions in the three terms, with owners, RASCI roles, progress notes, counts, and norms of all four
source kinds whose measurements run over 2024 and 2025 — some met, one missed, one not decided (a survey
share whose interval holds the target), one overdue.

Called from ``plan.demo.install_demo_findings`` (what ``zorgzaam demo`` runs). Idempotent: the demo's plan
is made anew on every build."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zorgzaam.plan import plan_service as service
from zorgzaam.plan.norms import status_label
from zorgzaam.plan.tree_models import Actor, Challenge, GoalNode, PlanSettings, Vision

D = dt.date

VISION = ("In Overbos staat niemand er alleen voor. Wie ouder wordt, ziek is of de weg niet kent, heeft iemand "
          "in de buurt bij wie hij kan aankloppen, en vindt de hulp waar hij recht op heeft. Buren, verenigingen en "
          "diensten kennen elkaar en werken samen. (Fictief voorbeeld.)")

ACTORS = {  # key: (name, organisation, role)
    "ldc": ("Dienstencentrum De Linde", "OCMW Overbos", "lokaal dienstencentrum"),
    "social": ("Sociale dienst", "OCMW Overbos", "maatschappelijk werk"),
    "seniors": ("Seniorenraad", "Overbos", "adviesraad"),
    "school": ("Basisschool De Boomgaard", "Scholengroep Kempenveld", "school"),
    "mobility": ("Dienst mobiliteit", "Gemeente Overbos", "gemeentelijke dienst"),
    "community": ("Buurtwerk Overbos", "vzw Samen Sterk", "buurtwerk"),
    "alderman": ("Schepen van welzijn", "Gemeente Overbos", "bestuur"),
    "pharmacy": ("Apotheek aan het plein", "zelfstandig", "partner in de buurt"),
}


def _clear(workspace) -> None:
    GoalNode.objects.filter(workspace=workspace).delete()
    Challenge.objects.filter(workspace=workspace).delete()
    Actor.objects.filter(workspace=workspace).delete()
    Vision.objects.filter(workspace=workspace).delete()
    PlanSettings.objects.filter(workspace=workspace).delete()


@transaction.atomic
def install_demo_plan(workspace) -> str:
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.plan.demo import _find
    from zorgzaam.voices.models import Question

    _clear(workspace)
    built = dt.date.today()

    def soon(days: int) -> dt.date:
        """Evaluation dates stay ahead of the day the demo is built, as in a plan that is kept up."""
        return built + dt.timedelta(days=days)

    hoods = {n.name: n for n in Neighbourhood.objects.filter(workspace=workspace)}
    centrum, kapelhoek, kerk = (hoods.get("Centrum en omgeving"), hoods.get("Wijk Kapelhoek"),
                                hoods.get("Rond de kerk (getekend)"))
    service.set_vision(workspace, VISION, user="demo")
    actors = {key: service.add_actor(workspace, name, organisation=organisation, role=role)
              for key, (name, organisation, role) in ACTORS.items()}

    def findings(*pairs):
        found = [_find(hood, source, what) for hood, source, what in pairs if hood is not None]
        return [f for f in found if f is not None]

    meet = service.add_challenge(
        workspace, "Ouderen blijven mobiel en ontmoeten elkaar dicht bij huis",
        description="Veel 80-plussers in het centrum, weinig plekken om even samen te zitten en geen bushalte op "
        "wandelafstand: wie niet meer met de auto rijdt, komt minder buiten.",
        neighbourhoods=[h for h in (centrum, kerk) if h], target_group="inwoners van 75 jaar en ouder",
        findings=findings((centrum, "environment", "older_no_bus_stop"), (centrum, "voices", "Weinig plekken om elkaar"),
                          (kerk, "environment", "alone_no_meeting_place")), user="demo")
    access = service.add_challenge(
        workspace, "Iedereen vindt de weg naar hulp en rechten, ook wie moeilijk leest",
        description="Brieven en folders zijn voor veel bewoners te moeilijk; wie de taal niet goed kent, vraagt "
        "minder snel iets aan.", neighbourhoods=[h for h in (kapelhoek, kerk) if h],
        target_group="volwassenen die Nederlands moeilijk lezen (eigen inschatting of die van een hulpverlener)",
        findings=findings((kerk, "voices", "Taal is een drempel")), user="demo")

    long_goal = service.add_node(workspace, "long", "Overbos is een buurt waar niemand er alleen voor staat",
                                 horizon_years=6)
    s1 = service.add_node(workspace, "strategic", "Ouderen bereiken elkaar en de voorzieningen zonder moeite",
                          parent=long_goal, working_group="Ontmoeten", challenges=[meet],
                          building_blocks=["social_networks", "public_space"], multi_year_plan_item="Actie 2.3.1 "
                          "Ontmoeting in de deelkernen (fictief)", sdg=11)
    s1o1 = service.add_node(workspace, "operational", "Er is een vaste, vrij toegankelijke ontmoetingsplek in "
                            "het centrum", parent=s1, neighbourhoods=[h for h in (centrum,) if h])
    s1o2 = service.add_node(workspace, "operational", "Wie niet meer met de auto rijdt, geraakt toch in het centrum",
                            parent=s1)
    s2 = service.add_node(workspace, "strategic", "Bewoners vinden de hulp en de rechten die bij hen passen",
                          parent=long_goal, working_group="Toegang", challenges=[access],
                          building_blocks=["detection", "referral", "inclusion"], sdg=10)
    s2o1 = service.add_node(workspace, "operational", "Informatie is in eenvoudige taal en op gekende plekken te "
                            "vinden", parent=s2)
    s2o2 = service.add_node(workspace, "operational", "Wie recht heeft op een tegemoetkoming, krijgt die ook",
                            parent=s2, neighbourhoods=[h for h in (kapelhoek,) if h])

    def action(parent, title, term, status, owner, roles, **fields):
        node = service.add_node(workspace, "action", title, parent=parent, term=term, owner=owner, user="demo",
                                **fields)
        for key, letter in roles.items():
            service.set_rasci(workspace, node.pk, actors[key], letter)
        if status != "not_started":
            current = service.get_action(workspace, node.pk)
            reason = "Te weinig vrijwilligers om elke week te bellen; opnieuw bekijken in het najaar." \
                if status == "not_undertaken" else ""
            service.change_status(workspace, node.pk, status, version=current.version, reason=reason, user="demo")
        return node

    seniors_75 = "inwoners van 75 jaar en ouder"
    coffee = action(s1o1, "Elke dinsdag een open koffiemoment in het dienstencentrum", "KT", "recurring",
                    "Dienstencentrum De Linde", {"ldc": "R", "alderman": "A", "seniors": "S", "community": "C"},
                    target_group=seniors_75 + " uit het centrum", next_evaluation=soon(40),
                    first_steps="Affiche bij de apotheek en de bakker; de seniorenraad nodigt persoonlijk uit.",
                    agreements="Vrijwilligers van de seniorenraad schenken in; het dienstencentrum houdt de lijst bij.",
                    neighbourhoods=[h for h in (centrum,) if h], building_blocks=["social_networks"])
    benches = action(s1o1, "Zitbanken langs de looproute naar bakker, apotheek en kerk", "MLT", "ongoing",
                     "Dienst mobiliteit", {"mobility": "R", "alderman": "A", "seniors": "C", "pharmacy": "I"},
                     target_group=seniors_75 + " die te voet gaan", next_evaluation=soon(75),
                     first_steps="Route samen met de seniorenraad aflopen en rustpunten aanduiden.",
                     building_blocks=["public_space"])
    action(s1o1, "Wandelgroep op woensdag met een vaste begeleider", "LT", "not_started",
                  "Buurtwerk Overbos", {"community": "R", "ldc": "A", "seniors": "S"},
                  target_group="inwoners van 65 jaar en ouder die alleen wonen")
    stop = action(s1o2, "Een bushalte aan het marktplein vragen aan de vervoersmaatschappij", "KT", "done",
                  "Dienst mobiliteit", {"mobility": "R", "alderman": "A", "seniors": "C"},
                  target_group=seniors_75 + " zonder auto", building_blocks=["public_space", "partnerships"])
    action(s1o2, "Voetpaden in Kapelhoek breed en effen maken voor rollators", "LT", "under_study",
                       "Dienst mobiliteit", {"mobility": "R", "alderman": "A", "seniors": "C", "community": "I"},
                       target_group="bewoners met een rollator, rolstoel of kinderwagen",
                       next_evaluation=soon(120), neighbourhoods=[h for h in (kapelhoek,) if h])
    calls = action(s1o2, "Belronde: een vrijwilliger belt wekelijks wie alleen woont en weinig buitenkomt",
                   "MLT", "not_undertaken", "Dienstencentrum De Linde", {"ldc": "R", "social": "A"},
                   target_group=seniors_75 + " die alleen wonen")
    letters = action(s2o1, "Brieven van het OCMW herschrijven in eenvoudige taal", "MLT", "ongoing",
                     "Sociale dienst", {"social": "R", "alderman": "A", "community": "C", "school": "I"},
                     target_group="volwassenen die Nederlands moeilijk lezen", next_evaluation=soon(20),
                     first_steps="Eerst de tien brieven die het vaakst vragen oproepen.",
                     building_blocks=["communication", "inclusion"])
    cafe = action(s2o1, "Taalcafé na schooltijd samen met de school", "KT", "recurring", "Buurtwerk Overbos",
                  {"community": "R", "school": "S", "ldc": "A"},
                  target_group="ouders van leerlingen van De Boomgaard die Nederlands leren",
                  next_evaluation=soon(55), neighbourhoods=[h for h in (kerk,) if h])
    action(s2o1, "Eén blad met alle hulp in de buurt, ook in pictogrammen", "MLT", "not_started",
                   "Sociale dienst", {"social": "R", "ldc": "S", "pharmacy": "I"},
                   target_group="alle bewoners, vooral wie moeilijk leest")
    visits = action(s2o2, "Huisbezoek bij wie 80 wordt, met de lijst van rechten en premies", "KT", "ongoing",
                    "Sociale dienst", {"social": "R", "alderman": "A", "ldc": "S"},
                    target_group="inwoners die dit jaar 80 worden", next_evaluation=soon(100),
                    building_blocks=["detection", "referral"])
    action(s2o2, "Infoavond over de verhoogde tegemoetkoming in de bibliotheek", "KT", "done",
                     "Sociale dienst", {"social": "R", "community": "S"},
                     target_group="gezinnen met een laag inkomen (eigen inschatting)")
    action(s2o2, "Rechtenverkenner met een standje op de wekelijkse markt", "LT", "not_started",
                    "Sociale dienst", {"social": "R", "alderman": "A", "community": "S"},
                    target_group="marktbezoekers van Kapelhoek en Rond de kerk")

    # norms of all four kinds, measured over 2024 and 2025
    if centrum:
        service.add_norm(
            workspace, coffee.pk, description="Het koffiemoment bereikt minstens 5 % van de 80-plussers van het centrum",
            source_kind="counts", target=5, neighbourhood=centrum, count_label="80-plussers (verschillende personen)",
            denominator_indicator="share_80plus", denominator_part="numerator", baseline_value=0,
            baseline_date=D(2024, 1, 1), deadline=D(2026, 6, 30),
            how_measured="Aanwezigheidslijst; per half jaar het aantal verschillende 80-plussers, gedeeld door alle "
            "80-plussers van het centrum in het buurtprofiel.")
    for day, count in ((D(2024, 3, 31), 14), (D(2024, 9, 30), 21), (D(2025, 3, 31), 27), (D(2025, 9, 30), 31)):
        service.add_count(workspace, coffee.pk, date=day, label="80-plussers (verschillende personen)", count=count,
                          user="demo")
    question = Question.objects.filter(code="talk_neighbours", questionnaire__workspace=workspace).first()
    if centrum and question:
        service.add_norm(
            workspace, s1o1.pk, description="Minstens 60 % van de bewoners van het centrum praat wekelijks of vaker met "
            "buren", source_kind="survey", target=60, neighbourhood=centrum,
            question=question,
            answers=["daily", "weekly"], baseline_value=52, baseline_date=D(2023, 5, 1), deadline=D(2027, 4, 30),
            how_measured="Bevraging 'Wonen in Overbos', herhaald om de twee jaar; beginwaarde uit een eerdere "
            "bevraging (fictief).")
    bench_norm = service.add_norm(
        workspace, benches.pk, description="Zes nieuwe zitbanken op de looproute", source_kind="typed", target=6,
        unit="banken", baseline_value=0, baseline_date=D(2024, 1, 1), deadline=D(2027, 6, 30))
    service.add_measurement(workspace, bench_norm.pk, date=D(2024, 11, 15), value=2,
                            source_note="Twee banken geplaatst (foto's in de voortgang)", user="demo")
    service.add_measurement(workspace, bench_norm.pk, date=D(2025, 10, 1), value=4,
                            source_note="Nog twee banken geplaatst aan de kerk", user="demo")
    stop_norm = service.add_norm(
        workspace, stop.pk, description="Er stopt een bus aan het marktplein", source_kind="typed", target=1,
        comparison="=", unit="halte", baseline_value=0, baseline_date=D(2024, 1, 1), deadline=D(2025, 12, 31))
    service.add_measurement(workspace, stop_norm.pk, date=D(2025, 5, 1), value=1,
                            source_note="Dienstregeling van mei 2025 met de nieuwe halte", user="demo")
    letter_norm = service.add_norm(
        workspace, letters.pk, description="De tien meest verstuurde brieven zijn herschreven en getest bij "
        "bewoners", source_kind="typed", target=10, unit="brieven", baseline_value=0, baseline_date=D(2024, 1, 1),
        deadline=D(2026, 6, 30))
    service.add_measurement(workspace, letter_norm.pk, date=D(2024, 12, 1), value=4, user="demo",
                            source_note="Lijst van de sociale dienst")
    service.add_measurement(workspace, letter_norm.pk, date=D(2025, 11, 1), value=10, user="demo",
                            source_note="Lijst van de sociale dienst; getest in het taalcafé")
    cafe_norm = service.add_norm(
        workspace, cafe.pk, description="Gemiddeld minstens acht ouders per taalcafé", source_kind="typed",
        target=8, unit="ouders", baseline_value=0, baseline_date=D(2024, 9, 1), deadline=D(2025, 6, 30))
    service.add_measurement(workspace, cafe_norm.pk, date=D(2024, 12, 20), value=5, user="demo",
                            source_note="Aanwezigheidslijsten september–december")
    service.add_measurement(workspace, cafe_norm.pk, date=D(2025, 6, 30), value=6, user="demo",
                            source_note="Aanwezigheidslijsten januari–juni")
    if kapelhoek:
        service.add_norm(
            workspace, visits.pk, description="Minstens 60 % van wie 80 wordt, krijgt een huisbezoek",
            source_kind="counts", target=60, count_label="huisbezoeken", denominator_value=38, every_months=12,
            baseline_value=0, baseline_date=D(2024, 1, 1), deadline=D(2026, 12, 31),
            how_measured="Aantal bezoeken gedeeld door de 38 inwoners die 80 werden (bevolkingsregister).")
        for day, count in ((D(2024, 6, 30), 12), (D(2025, 6, 30), 21)):
            service.add_count(workspace, visits.pk, date=day, label="huisbezoeken", count=count, user="demo")
        service.add_norm(
            workspace, s2o2.pk, description="Het aandeel 20- tot 64-jarigen met verhoogde tegemoetkoming in Kapelhoek "
            "stijgt tot minstens 8,5 % (meer mensen krijgen waar ze recht op hebben)", source_kind="catalogue",
            target=8.5, neighbourhood=kapelhoek, indicator_id="share_increased_reimbursement_20_64",
            baseline_value=7.8, baseline_date=D(2023, 1, 1), deadline=D(2026, 1, 1))

    for node, day, text in (
            (coffee, D(2024, 3, 5), "Eerste koffiemoment: 9 mensen, vooral buren van het dienstencentrum."),
            (coffee, D(2025, 2, 11), "Twee vaste bezoekers brengen nu zelf een buurvrouw mee."),
            (benches, D(2024, 11, 15), "Twee banken geplaatst aan de bakker en de apotheek."),
            (stop, D(2025, 5, 1), "De halte aan het marktplein is in gebruik."),
            (cafe, D(2025, 6, 30), "Minder ouders dan gehoopt; de uren botsen met de opvang. Andere dag proberen."),
            (calls, D(2025, 3, 1), "Nog niet gestart: er zijn te weinig vrijwilligers om elke week te bellen.")):
        service.add_progress_note(workspace, node.pk, date=day, text=text, user="demo")

    refreshed = service.refresh_measurements(workspace)
    board = service.norm_board(workspace)
    statuses = {}
    for row in board:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    count = GoalNode.objects.filter(workspace=workspace, kind="action").count()
    words = ", ".join(f"{n} {status_label(s)}" for s, n in sorted(statuses.items()))
    return (f"  buurtplan:   2 uitdagingen, {count} acties, {len(board)} normen ({words}); "
            f"{refreshed['written']} metingen berekend")
