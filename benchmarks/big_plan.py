"""What the plan benchmarks share (not a benchmark itself: run.py only runs bench_*.py): a large plan in a
workspace, as the issue's performance target describes it — 300 actions under 20 sub-goals, 600 norms over
20 neighbourhoods, half of them on profile indicators (catalogue) and survey questions, four measurements
per norm as the refresh writes them, a RASCI row, owners, working groups, building blocks and challenges.

Call :func:`build` inside a configured Django (any database); it uses bulk inserts only."""

from __future__ import annotations

import datetime as dt
import random

ACTIONS, NORMS_PER_ACTION, MEASUREMENTS, NEIGHBOURHOODS, SUB_GOALS = 300, 2, 4, 20, 20
TODAY = dt.date(2026, 1, 15)
KINDS = ["catalogue", "survey", "counts", "typed"]  # i % 4: half on profile indicators and survey questions
OWNERS = ["Sara", "Jonas", "Aïcha", "Pieter", "Lotte", "Mehmet", "Ine", "Bram"]
GROUPS = ["Ontmoeting", "Gezin", "Wonen", "Mobiliteit", "Zorg"]
BLOCKS = ["social_networks", "communication", "partnerships", "public_space", "inclusion"]


def _sector_sets(count: int) -> tuple[str, list[list[str]]]:
    """(vintage, ``count`` lists of sector codes): the stored sectors of the newest vintage dealt round-robin,
    so every neighbourhood has an outline on the map when the database has areas (none otherwise)."""
    from zorgzaam.areas.levels import Level
    from zorgzaam.areas.models import Area

    vintage = Area.objects.filter(level=Level.SECTOR).order_by("-vintage").values_list("vintage", flat=True).first()
    if vintage is None:
        return "", [[] for _ in range(count)]
    codes = list(Area.objects.filter(level=Level.SECTOR, vintage=vintage, geometry__isnull=False)
                 .order_by("code").values_list("code", flat=True))
    return vintage, [codes[i::count] or codes[i % max(len(codes), 1):][:1] for i in range(count)]


def build(workspace, seed: int = 14) -> dict:
    """Fill ``workspace`` with the large plan; returns {"neighbourhoods": [...], "questions": [...], "actions": [...]}."""
    from zorgzaam.areas.models import Neighbourhood, NeighbourhoodVersion
    from zorgzaam.plan import plan_service as service
    from zorgzaam.plan.tree_models import Action, Actor, Challenge, GoalNode, Measurement, Norm, RasciRole
    from zorgzaam.voices.models import Question, Questionnaire

    block_codes = BLOCKS
    rng = random.Random(seed)
    hoods = Neighbourhood.objects.bulk_create([Neighbourhood(workspace=workspace, name=f"Buurt {i + 1:02d}")
                                               for i in range(NEIGHBOURHOODS)])
    hoods = list(Neighbourhood.objects.filter(workspace=workspace, name__startswith="Buurt ").order_by("name"))
    vintage, sectors = _sector_sets(NEIGHBOURHOODS)
    if vintage:
        NeighbourhoodVersion.objects.bulk_create([
            NeighbourhoodVersion(neighbourhood=hood, number=1, vintage=vintage, sector_codes=codes, rule="sectors")
            for hood, codes in zip(hoods, sectors, strict=True)])
    questionnaire = Questionnaire.objects.create(workspace=workspace, title_nl="Buurtbevraging", is_fictional=True)
    questions = Question.objects.bulk_create([
        Question(questionnaire=questionnaire, code=f"vraag_{i + 1}", position=i, type="single",
                 text_nl=f"Vraag {i + 1}", choices=[{"code": "ja", "nl": "ja"}, {"code": "nee", "nl": "nee"}])
        for i in range(10)])
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("position"))
    goal = service.add_node(workspace, "strategic", "Een buurt waar mensen naar elkaar omkijken", working_group=GROUPS[0])
    subs = [service.add_node(workspace, "operational", f"Tussendoel {i + 1}", parent=goal) for i in range(SUB_GOALS)]
    GoalNode.objects.bulk_create([
        GoalNode(workspace=workspace, kind="action", title=f"Actie {i + 1}", parent=subs[i % SUB_GOALS],
                 position=i // SUB_GOALS, working_group=GROUPS[i % len(GROUPS)],
                 building_blocks=[block_codes[i % len(block_codes)]]) for i in range(ACTIONS)])
    nodes = list(GoalNode.objects.filter(workspace=workspace, kind="action").order_by("id"))
    Through = GoalNode.neighbourhoods.through
    Through.objects.bulk_create([Through(goalnode_id=node.pk, neighbourhood_id=hoods[i % NEIGHBOURHOODS].pk)
                                 for i, node in enumerate(nodes)])
    statuses = list(service.STATUS_WORDS)
    Action.objects.bulk_create([
        Action(node=node, term=rng.choice(["KT", "MLT", "LT"]), owner=OWNERS[i % len(OWNERS)],
               status=statuses[i % len(statuses)], status_reason="reden" if statuses[i % len(statuses)] in
               service.NEEDS_REASON else "", target_group="jonge gezinnen" if i % 3 else "",
               next_evaluation=TODAY + dt.timedelta(days=rng.randint(-60, 300)) if i % 4 else None)
        for i, node in enumerate(nodes)])
    actors = Actor.objects.bulk_create([Actor(workspace=workspace, name=f"Partner {i + 1}", organisation="OCMW")
                                        for i in range(12)])
    actors = list(Actor.objects.filter(workspace=workspace).order_by("id"))
    RasciRole.objects.bulk_create([RasciRole(action_id=node.pk, actor=actors[(i + k) % len(actors)], letter=letter)
                                   for i, node in enumerate(nodes) for k, letter in enumerate("RAS")])
    norms = Norm.objects.bulk_create([
        Norm(workspace=workspace, node=nodes[i // NORMS_PER_ACTION], description=f"Norm {i + 1}",
             source_kind=KINDS[i % 4], neighbourhood=hoods[(i // NORMS_PER_ACTION) % NEIGHBOURHOODS],
             indicator_id="share_80plus" if i % 4 == 0 else "",
             question=questions[i % len(questions)] if i % 4 == 1 else None,
             question_code=questions[i % len(questions)].code if i % 4 == 1 else "",
             answers=["ja"] if i % 4 == 1 else [], count_label="deelnemers" if i % 4 == 2 else "",
             denominator_value=120 if i % 4 == 2 else None,
             target=rng.randint(5, 80), comparison=rng.choice([">=", "<="]),
             deadline=TODAY + dt.timedelta(days=rng.randint(-400, 400)), baseline_value=rng.randint(0, 60),
             baseline_date=dt.date(2024, 1, 1), every_months=rng.choice([None, 12]))
        for i in range(ACTIONS * NORMS_PER_ACTION)])
    norms = list(Norm.objects.filter(workspace=workspace).order_by("id"))
    rows = []
    for norm in norms:
        for k in range(MEASUREMENTS):
            value = float(rng.randint(0, 100))
            survey = norm.source_kind == "survey"
            rows.append(Measurement(norm=norm, date=dt.date(2024, 3, 1) + dt.timedelta(days=180 * k), value=value,
                                    low=max(0.0, value - 8) if survey else None,
                                    high=min(100.0, value + 8) if survey else None, origin="computed"))
    Measurement.objects.bulk_create(rows)
    for i in range(4):
        challenge = Challenge.objects.create(workspace=workspace, title=f"Uitdaging {i + 1}", position=i)
        challenge.neighbourhoods.set(hoods[i * 5:(i + 1) * 5])
    return {"neighbourhoods": hoods, "questions": questions, "actions": nodes}
