"""Fictional residents' voices for the demo municipality Overbos (see ``zorgzaam.sources.demo``).

``install_demo_part(data, workspace)`` adds, idempotently (it replaces its own fictional rows):

* a completed survey built from the whole item bank, for the demo neighbourhoods, with a few hundred
  seeded respondents whose answers follow the profiles of their sectors (older sectors: more 75+, more
  widowed, more loneliness and more home care; low-income sectors: more tenants, more trouble making
  ends meet; new housing: young families …), a door-to-door campaign and two reference figures;
* per neighbourhood its own conversations and observations with coded quotes, strengths and challenges,
  and four personas (``voices.demo_qualitative``).

The survey stays open, so the public form can be tried at once.

Everything is invented and marked ``is_fictional``; no real person, answer or place is in it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import transaction
from django.utils import timezone

from zorgzaam.sources.demo import PROFILES, DemoData

SURVEY_NAME = "Bevraging 'Wonen in Overbos' 2025 (fictief)"
SURVEY_TOKEN = "demo-overbos-2025"
TRAIT_SEED_OFFSET = 69  # the stream that draws who is severely lonely


def _profile_mix(sector_codes: list[str], data: DemoData) -> dict[str, float]:
    rows = data.sectors[data.sectors["code"].isin(sector_codes)]
    if rows.empty:
        rows = data.sectors.head(3)
    weights = rows["base_population"].to_numpy(dtype=float) if "base_population" in rows else np.ones(len(rows))
    weights = np.where(weights > 0, weights, 1)
    mix = {}
    for attr in ("old", "young", "income", "tenants", "social_rental", "single_person"):
        mix[attr] = float(np.average([getattr(PROFILES[p], attr) for p in rows["profile"]], weights=weights))
    return mix


def _eligible(sector_codes: list[str], data: DemoData) -> int:
    official = data.official
    latest = official[(official["area_code"].isin(sector_codes)) & official["measure"].str.match(
        r"^population_age_\d{3}_\d{3}$")]
    if latest.empty:
        return 0
    latest = latest[latest["period"] == latest["period"].max()]
    total = 0.0
    for measure, value in zip(latest["measure"], latest["value"], strict=True):
        low = int(measure.split("_")[2])
        if low >= 20:
            total += value
        elif low == 15:
            total += 0.8 * value  # 16–19 of the 15–19 band
    return int(round(total))


def _pick(rng, options: list[str], weights: list[float]) -> str:
    w = np.asarray(weights, dtype=float)
    return options[int(rng.choice(len(options), p=w / w.sum()))]


def _person(rng, mix: dict[str, float], trait_rng=None) -> dict:
    """One fictional respondent's answers, drawn from the neighbourhood's profile. ``trait_rng`` draws
    whether the person is severely lonely (a separate stream, so the other answers stay as they were)."""
    old, income, tenants, alone = mix["old"], mix["income"], mix["tenants"], mix["single_person"]
    a = {}
    a["age_band"] = _pick(rng, ["16_24", "25_44", "45_64", "65_74", "75_84", "85plus"],
                          [0.08, 0.22 * mix["young"], 0.27, 0.17 * old, 0.14 * old ** 1.5, 0.06 * old ** 2])
    elderly = a["age_band"] in ("75_84", "85plus")
    senior = elderly or a["age_band"] == "65_74"
    a["sex"] = _pick(rng, ["female", "male", "x"], [0.53 + (0.08 if elderly else 0), 0.46, 0.01])
    a["marital_status"] = _pick(rng, ["single", "married", "divorced", "widowed"],
                                [0.45 if a["age_band"] in ("16_24", "25_44") else 0.1, 0.55, 0.13,
                                 0.35 if elderly else (0.08 if senior else 0.01)])
    living_alone = a["marital_status"] in ("widowed", "divorced") and rng.random() < 0.7 or rng.random() < alone * 0.3
    a["household_type"] = "alone" if living_alone else _pick(
        rng, ["couple", "couple_children", "single_parent", "other"],
        [0.5 if senior else 0.25, 0.1 if senior else 0.5 * mix["young"], 0.12 / max(income, 0.6), 0.06])
    a["tenure"] = _pick(rng, ["owner", "private_rent", "social_rent", "other"],
                        [1 - tenants, tenants * 0.6, tenants * 0.4 + mix["social_rental"], 0.02])
    a["income_source"] = "pension" if senior and rng.random() < 0.9 else _pick(
        rng, ["work", "unemployment", "sickness_disability", "social_assistance", "other"],
        [0.75 * income, 0.06 / income, 0.08 / income, 0.04 / income ** 2, 0.03])
    poor = a["income_source"] in ("unemployment", "sickness_disability", "social_assistance") or (
        a["tenure"] == "social_rent")
    # loneliness: emotional items more likely when alone, widowed, divorced; social items when poor or very old
    p_emo = 0.05 + 0.2 * living_alone + 0.1 * (a["marital_status"] in ("widowed", "divorced")) + 0.08 * poor
    p_soc = 0.08 + 0.1 * elderly + 0.12 * poor + 0.06 * living_alone
    for item, p in (("dj_e1", p_emo), ("dj_e2", p_emo + 0.05), ("dj_e3", p_emo - 0.05)):
        a[item] = _pick(rng, ["yes", "more_or_less", "no"], [p * 0.55, p * 0.45 + 0.01, 1 - p])
    for item, p in (("dj_s1", p_soc), ("dj_s2", p_soc + 0.05), ("dj_s3", p_soc)):
        a[item] = _pick(rng, ["no", "more_or_less", "yes"], [p * 0.55, p * 0.45 + 0.01, 1 - p])
    # severe loneliness (5–6 on the scale) clusters in people: living alone, widowed or divorced, poor, very
    # old. About 4 to 5 in 100 respondents, in line with Flemish surveys of adults.
    p_severe = (0.01 + 0.05 * living_alone + 0.04 * (a["marital_status"] in ("widowed", "divorced"))
                + 0.04 * poor + 0.03 * elderly)
    if trait_rng is not None:
        draw, soft = trait_rng.random(), int(trait_rng.integers(0, 7))
        if draw < p_severe:
            for item in ("dj_e1", "dj_e2", "dj_e3"):
                a[item] = "yes"
            for item in ("dj_s1", "dj_s2", "dj_s3"):
                a[item] = "no"
            if soft < 6:  # one answer 'more or less' (still scoring), or one 'not lonely' answer (score 5)
                item = ("dj_e1", "dj_e2", "dj_e3", "dj_s1", "dj_s2", "dj_s3")[soft]
                a[item] = "more_or_less" if soft % 2 else ("no" if item.startswith("dj_e") else "yes")
    lonely = sum(a[i] in ("yes", "more_or_less") for i in ("dj_e1", "dj_e2", "dj_e3")) + sum(
        a[i] in ("no", "more_or_less") for i in ("dj_s1", "dj_s2", "dj_s3"))
    a["happy_past_week"] = _pick(rng, ["never", "sometimes", "often", "always"],
                                 [0.02 + 0.03 * lonely + 0.05 * poor, 0.12 + 0.05 * lonely, 0.4,
                                  max(0.05, 0.45 - 0.07 * lonely - 0.1 * poor)])
    a["make_ends_meet"] = _pick(rng, ["great_difficulty", "difficulty", "some_difficulty", "fairly_easily", "easily",
                                      "very_easily"],
                                [0.03 + 0.15 * poor, 0.06 + 0.15 * poor, 0.15 + 0.1 * poor, 0.3, 0.3 * income,
                                 0.12 * income])
    a["unexpected_expense"] = _pick(rng, ["yes", "no", "dont_know"],
                                    [0.8 * income - 0.4 * poor, 0.12 + 0.45 * poor, 0.04])
    a["satisfaction_neighbourhood"] = int(_pick(rng, ["1", "2", "3", "4", "5"],
                                                [0.03 + 0.03 * poor, 0.07 + 0.05 * poor, 0.2, 0.42, 0.25 * income]))
    a["feel_at_home"] = str(min(5, max(1, a["satisfaction_neighbourhood"] + int(rng.integers(-1, 2)))))
    a["years_in_neighbourhood"] = _pick(rng, ["lt2", "2_9", "10_29", "30plus"],
                                        [0.12 * mix["young"], 0.3, 0.33, 0.3 * old if senior else 0.05])
    a["talk_neighbours"] = _pick(rng, ["daily", "weekly", "monthly", "less", "never"],
                                 [0.15 + 0.1 * senior, 0.35, 0.2, 0.15, 0.05 + 0.1 * poor + 0.05 * living_alone])
    for item in ("cohesion_help_each_other", "cohesion_know_names", "cohesion_can_ask", "cohesion_get_along"):
        a[item] = _pick(rng, ["1", "2", "3", "4", "5"], [0.05, 0.12 + 0.08 * poor, 0.25, 0.38, 0.2])
    services = []
    for code, p in (("gp", 0.8), ("home_nursing", 0.05 + 0.25 * elderly), ("family_care", 0.03 + 0.2 * elderly),
                    ("meals", 0.01 + 0.1 * elderly), ("ldc", 0.04 + 0.2 * senior), ("ocmw", 0.03 + 0.2 * poor),
                    ("caw", 0.01 + 0.06 * poor), ("mutuality_social", 0.05 + 0.05 * elderly),
                    ("transport", 0.01 + 0.08 * elderly)):
        if rng.random() < p:
            services.append(code)
    a["services_used"] = sorted(services) or ["none"]
    a["service_needed_not_used"] = "yes" if rng.random() < 0.1 + 0.15 * poor + 0.08 * elderly else "no"
    if a["service_needed_not_used"] == "yes":
        barriers = [code for code, p in (("unknown", 0.45), ("cost", 0.2 + 0.3 * poor), ("distance", 0.15 + 0.2 * elderly),
                                         ("waiting", 0.2), ("paperwork", 0.25), ("shame", 0.1 + 0.1 * poor),
                                         ("self", 0.2), ("other", 0.05)) if rng.random() < p]
        a["service_barriers"] = sorted(barriers) or ["unknown"]
    a["care_given"] = _pick(rng, ["no", "lt8h", "8h_plus"], [0.75, 0.17, 0.08 + 0.05 * (a["age_band"] == "45_64")])
    a["care_received"] = "yes" if rng.random() < 0.05 + 0.3 * elderly else "no"
    a["safe_evening"] = _pick(rng, ["very_unsafe", "unsafe", "safe", "very_safe"],
                              [0.04 + 0.05 * poor, 0.12 + 0.1 * elderly + 0.1 * poor, 0.5, 0.3])
    a["traffic_problem"] = _pick(rng, ["never", "sometimes", "often", "always"], [0.2, 0.4, 0.28, 0.12])
    a["traffic_safe_walking"] = _pick(rng, ["very_unsafe", "unsafe", "safe", "very_safe"],
                                      [0.05 + 0.05 * elderly, 0.2 + 0.1 * elderly, 0.5, 0.2])
    nuisance = [c for c, p in (("litter", 0.35 + 0.2 * poor), ("noise", 0.15), ("dog_mess", 0.3), ("vandalism", 0.06),
                               ("groups", 0.07 + 0.08 * poor), ("neglect", 0.05 + 0.1 * poor)) if rng.random() < p]
    a["nuisance"] = sorted(nuisance) or ["none"]
    needs = [c for c, p in (("meeting_place", 0.3 + 0.15 * senior), ("activities", 0.25), ("transport", 0.2 + 0.2 * elderly),
                            ("shops", 0.15), ("green", 0.3), ("pavements", 0.2 + 0.2 * elderly),
                            ("information", 0.15 + 0.15 * poor), ("neighbour_help", 0.2)) if rng.random() < p]
    a["needs"] = sorted(needs)[:3] or ["activities"]
    if rng.random() < 0.25:
        a["needs_open"] = _pick(rng, list(OPEN_ANSWERS), [1] * len(OPEN_ANSWERS))
    a["involvement_optin"] = "yes" if rng.random() < 0.14 else "no"
    return {k: v for k, v in a.items() if v not in (None, [])}


OPEN_ANSWERS = (
    "Een bank onderweg naar de bakker, zodat ik even kan rusten.",
    "Trager verkeer in onze straat, vooral 's morgens als de kinderen naar school gaan.",
    "Een plek waar je zonder afspraak een koffie kunt drinken met buren.",
    "Meer uitleg over welke hulp er bestaat, in gewone taal.",
    "De voetpaden zijn te smal voor mijn rollator.",
    "Een bus die ook op zaterdag naar het centrum rijdt.",
    "Iemand die eens langskomt bij oudere mensen die alleen wonen.",
    "Minder zwerfvuil aan het speelpleintje.",
)


def _merge_loneliness(survey) -> None:
    """The demo team's choice, as a team would record it on the report screen: 'matig' and 'ernstig eenzaam'
    counted together, so that the loneliness result shows in every neighbourhood although severe
    loneliness is too rare in one of them to show on its own."""
    from zorgzaam.voices import services
    from zorgzaam.voices.models import CategoryMerge

    services.add_category_merge(survey, "djg_total_cat", ["moderate", "severe"], chosen_by="demo")
    CategoryMerge.objects.filter(survey=survey).update(
        chosen_at=timezone.make_aware(dt.datetime(2025, 5, 12, 14, 0)))


def _clear(workspace) -> None:
    from zorgzaam.voices.models import (
        Persona,
        QualitativeSession,
        Questionnaire,
        Quote,
        StrengthChallenge,
        Survey,
    )

    Survey.objects.filter(workspace=workspace, is_fictional=True).delete()
    Questionnaire.objects.filter(workspace=workspace, is_fictional=True, surveys__isnull=True).delete()
    Quote.objects.filter(workspace=workspace, is_fictional=True).delete()
    StrengthChallenge.objects.filter(workspace=workspace, is_fictional=True).delete()
    QualitativeSession.objects.filter(workspace=workspace, is_fictional=True).delete()
    Persona.objects.filter(workspace=workspace, is_fictional=True).delete()


def install_demo_part(data: DemoData, workspace) -> str:
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.voices import services
    from zorgzaam.voices.bank import build_questionnaire
    from zorgzaam.voices.models import (
        Answer,
        DoorToDoorVisit,
        ReferenceFigure,
        Respondent,
    )

    rng = np.random.default_rng(data.seed + 6)
    trait_rng = np.random.default_rng(data.seed + TRAIT_SEED_OFFSET)
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace).order_by("name"))
    with transaction.atomic():
        _clear(workspace)
        spec = build_questionnaire(title_nl="Wonen in Overbos (fictief)", title_en="Living in Overbos (fictional)")
        questionnaire = services.create_questionnaire(workspace, spec, source="item bank (demo)", is_fictional=True)
        mixes, eligible = {}, {}
        for n in neighbourhoods:
            version = n.current
            codes = list(version.sector_codes) if version else []
            mixes[n.pk] = _profile_mix(codes, data)
            eligible[n.name] = _eligible(codes, data)
        survey = services.create_survey(workspace, questionnaire, SURVEY_NAME, neighbourhoods=neighbourhoods,
                                        eligible_population=eligible, is_fictional=True, retention_days=1095)
        survey.token = SURVEY_TOKEN
        survey.intro_nl = ("Dit is een verzonnen voorbeeldbevraging in de fictieve gemeente Overbos. Vul gerust in "
                           "om te zien hoe het werkt.")
        survey.intro_en = "This is a made-up example survey in the fictional municipality Overbos. Try it out."
        survey.save()
        questions = {q.code: q for q in questionnaire.questions.all()}
        start = dt.date(2025, 3, 3)
        respondents, answers, visits = 0, [], []
        for n in neighbourhoods:
            target = max(40, int(0.3 * eligible.get(n.name, 0) / 6)) if eligible.get(n.name) else 60
            target = min(target, 160)
            door = int(target * 0.55)
            for i in range(target):
                channel = "door_to_door" if i < door else ("paper" if i < door + target * 0.25 else "web")
                when = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=int(rng.integers(0, 42))),
                                                               dt.time(10, 0)))
                person = Respondent.objects.create(survey=survey, neighbourhood=n, channel=channel,
                                                   completed_at=when, last_section=len(spec.sections) - 1,
                                                   entered_by="demo")
                for code, value in _person(rng, mixes[n.pk], trait_rng).items():
                    answers.append(Answer(respondent=person, question=questions[code], value=value))
                respondents += 1
            streets = [f"{name}straat" for name in ("Kerk", "Molen", "Linden", "School", "Heide", "Beuken")]
            addresses = int(door / 0.32)
            for j in range(addresses):
                street, number = streets[j % len(streets)], str(1 + j // len(streets) * 2)
                day = start + dt.timedelta(days=int(rng.integers(0, 30)))
                if j < door:
                    if rng.random() < 0.4:
                        visits.append(DoorToDoorVisit(survey=survey, neighbourhood=n, street=street,
                                                      house_number=number, status="not_home", visited_on=day,
                                                      visitor="demo"))
                        day += dt.timedelta(days=7)
                    status = "completed"
                else:
                    status = _pick(rng, ["not_home", "refused", "left_questionnaire"], [0.5, 0.25, 0.25])
                visits.append(DoorToDoorVisit(survey=survey, neighbourhood=n, street=street, house_number=number,
                                              status=status, visited_on=day, visitor="demo"))
        Answer.objects.bulk_create(answers, batch_size=2000)
        DoorToDoorVisit.objects.bulk_create(visits, batch_size=2000)
        ReferenceFigure.objects.create(survey=survey, question_code="happy_past_week", categories=["always"],
                                       proportion=0.344, label="België (voorbeeldcijfer)",
                                       source="Voorbeeld: vul het cijfer in van de bron die je gebruikt.")
        ReferenceFigure.objects.create(survey=survey, question_code="unexpected_expense", categories=["no"],
                                       proportion=0.22, label="Vlaanderen (voorbeeldcijfer)",
                                       source="Voorbeeld: vul het cijfer in van de bron die je gebruikt.")
        _merge_loneliness(survey)
        # left open, so that a first visitor can try the public form (/stem/<token>/) on a phone
        quotes, sessions, personas = _qualitative(workspace, neighbourhoods)
    return (f"  stem:        fictieve bevraging met {respondents} respondenten in {len(neighbourhoods)} buurten, "
            f"{len(visits)} huisbezoeken, {sessions} gesprekken/observaties, {quotes} citaten, {personas} persona's")


def _qualitative(workspace, neighbourhoods):
    """Conversations, quotes, strengths and challenges that differ per neighbourhood, and the personas
    (``voices.demo_qualitative``)."""
    from zorgzaam.voices.demo_qualitative import install_qualitative

    return install_qualitative(workspace, neighbourhoods)
