"""The plan in the database: the Overbos worked example (seed 002 §1, the spelnamiddag) rebuilt on the demo
workspace, norms whose statuses come from real profile, survey and count data, and the refusals (loops,
a measurement before the baseline, a target over 100 %, a deleted survey question, two people editing)."""

import datetime as dt

import pytest
from django.db import transaction

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan import plan_service as service
from zorgzaam.plan.findings import decide, record_findings
from zorgzaam.plan.models import Finding
from zorgzaam.plan.tree_models import Action, ActionStatusChange, GoalNode, Measurement, Norm
from zorgzaam.voices.models import Question, Survey
from zorgzaam.web.demo import install_demo
from zorgzaam.workspaces.findings import FindingInput

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo (areas, profile data, the 2025 survey) built once for the module and rolled back at its end; each
    test's own rows are rolled back after the test."""
    with django_db_blocker.unblock(), transaction.atomic():
        install_demo()
        centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
        yield centrum.workspace, centrum
        transaction.set_rollback(True)


def spelnamiddag(workspace, centrum):
    """Challenge → goal → sub-goal → the monthly game afternoon, with its owner, RASCI row and first steps."""
    record_findings(workspace, [FindingInput("voices", "young_families:isolated",
                                             {"nl": "Jonge gezinnen kennen elkaar weinig"})],
                    neighbourhood=centrum, source="voices")
    finding = Finding.objects.get(key="young_families:isolated", neighbourhood=centrum)
    decide(finding.pk, status="accepted", user="test")
    service.set_vision(workspace, "Een buurt waar iedereen iemand kent bij wie hij terecht kan.", user="test")
    challenge = service.add_challenge(
        workspace, "Jonge gezinnen vinden steun bij elkaar", neighbourhoods=[centrum],
        target_group="jonge gezinnen: minstens één kind van 0 tot 12 jaar", findings=[finding], user="test")
    goal = service.add_node(workspace, "strategic", "Meer contact tussen jonge gezinnen, zodat ze steun en "
                            "herkenning vinden", challenges=[challenge], building_blocks=["social_networks"])
    sub = service.add_node(workspace, "operational", "Jonge gezinnen kennen elkaar en praten met elkaar",
                           parent=goal)
    census = service.add_node(workspace, "action", "Afbakenen wie een jong gezin is en hoeveel er wonen",
                              parent=sub, term="KT", owner="Beleidsmedewerker welzijn")
    games = service.add_node(
        workspace, "action", "Elke maand een spelnamiddag voor jonge gezinnen", parent=sub, term="KT",
        target_group="jonge gezinnen: minstens één kind van 0 tot 12 jaar", owner="Buurtwerker",
        first_steps="Bekendmaken en buurtactoren uitnodigen voor een eerste overleg (buurtwerker)",
        agreements="Een collega maakt de affiche; een andere nodigt bewoners en professionals persoonlijk uit.",
        next_evaluation=D(2026, 3, 1), building_blocks=["social_networks", "communication"],
        neighbourhoods=[centrum])
    worker = service.add_actor(workspace, "Buurtwerker", organisation="LDC De Linde", role="trekker")
    council = service.add_actor(workspace, "Schepen van welzijn", organisation="Gemeente")
    school = service.add_actor(workspace, "Basisschool", organisation="Vrije basisschool")
    service.set_rasci(workspace, games.pk, worker, "R")
    service.set_rasci(workspace, games.pk, council, "A")
    service.set_rasci(workspace, games.pk, school, "S")
    return {"finding": finding, "challenge": challenge, "goal": goal, "sub": sub, "census": census, "games": games,
            "actors": (worker, council, school)}


def test_overbos_spelnamiddag_with_norms_from_real_data(demo):
    workspace, centrum = demo
    plan = spelnamiddag(workspace, centrum)
    games = plan["games"]
    # 1. counts on the action over a number the team established (the first action counted 120 young families)
    attendance = service.add_norm(
        workspace, games.pk, description="Minstens 30 % van de jonge gezinnen van de buurt komt naar de eerste "
        "spelnamiddagen", source_kind="counts", target=30, comparison=">=", unit="%", deadline=D(2026, 6, 30),
        baseline_value=0, baseline_date=D(2025, 9, 1), count_label="gezinnen op de aftekenlijst",
        denominator_value=120, how_measured="Aftekenlijst per namiddag; aanwezige gezinnen gedeeld door alle jonge "
        "gezinnen van de buurt")
    service.add_count(workspace, games.pk, date=D(2025, 10, 4), label="gezinnen op de aftekenlijst", count=22)
    service.add_count(workspace, games.pk, date=D(2025, 11, 8), label="gezinnen op de aftekenlijst", count=31)
    # 2. counts over a population figure from the profile: children and young people (0–19, the numerator of
    # the green pressure) of Centrum reached by the afternoons
    children = service.add_norm(
        workspace, games.pk, description="De spelnamiddagen bereiken minstens 2 % van de kinderen en jongeren van de "
        "buurt", source_kind="counts", target=2, unit="%", neighbourhood=centrum, count_label="kinderen aanwezig",
        denominator_indicator="groene_druk", denominator_part="numerator", baseline_date=D(2025, 9, 1))
    service.add_count(workspace, games.pk, date=D(2025, 10, 4), label="kinderen aanwezig", count=14)
    service.add_count(workspace, games.pk, date=D(2025, 11, 8), label="kinderen aanwezig", count=19)
    # 3. a survey question of the demo survey: neighbours one can ask for help (agree or fully agree)
    question = Question.objects.get(code="cohesion_can_ask", questionnaire__surveys__workspace=workspace)
    ask = service.add_norm(
        workspace, plan["sub"].pk, description="Na 2 jaar kan de helft van de bewoners bij buren terecht (de bron "
        "zegt op één plaats anderhalf jaar, elders 2 jaar; we nemen 2)", source_kind="survey", target=50,
        neighbourhood=centrum, question=question, answers=["4", "5"], deadline=D(2027, 9, 1),
        baseline_value=41.0, baseline_date=D(2024, 1, 1))
    # 4. a catalogue indicator of the profile: fewer 75-plussers living alone
    alone = service.add_norm(
        workspace, plan["goal"].pk, description="Het aandeel 75-plussers dat alleen woont daalt tot hoogstens 30 %",
        source_kind="catalogue", target=30, comparison="<=", neighbourhood=centrum,
        indicator_id="share_living_alone_75plus", baseline_date=D(2020, 1, 1), baseline_value=32.2)
    # 5. a typed value with its evidence
    talk = service.add_norm(
        workspace, plan["sub"].pk, description="Na 2 jaar kent 60 % van de jonge gezinnen een ander jong gezin en "
        "praat er twee keer per maand mee", source_kind="typed", target=60, deadline=D(2027, 9, 1),
        baseline_date=D(2025, 9, 1), baseline_value=20)
    service.add_measurement(workspace, talk.pk, date=D(2026, 9, 1), value=38,
                            source_note="Netwerkbevraging bij 45 gezinnen (vragenlijst op papier)")

    result = service.refresh_measurements(workspace, today=D(2026, 1, 15))
    assert result["problems"] == []
    counted = list(Measurement.objects.filter(norm=attendance).order_by("date").values_list("value", "denominator"))
    assert [round(v, 1) for v, _ in counted] == [18.3, 25.8] and counted[0][1] == 120
    reached = Measurement.objects.filter(norm=children).order_by("date").last()
    assert reached.denominator == 895  # 0–19 year olds of Centrum in 2025, from the profile
    survey_row = Measurement.objects.get(norm=ask)
    assert (survey_row.numerator, survey_row.denominator) == (78, 160)  # the demo survey's answers in Centrum
    profile_rows = Measurement.objects.filter(norm=alone).order_by("date")
    assert [m.date.year for m in profile_rows] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert round(profile_rows.last().value, 2) == 31.76

    board = {row["id"]: row for row in service.norm_board(workspace, today=D(2026, 1, 15))}
    assert board[attendance.pk]["status"] == "not_yet" and board[attendance.pk]["trend"] == "up"
    assert board[children.pk]["status"] == "met"  # 19 of 895 = 2.1 %
    assert board[ask.pk]["status"] == "not_decided"  # 48.8 %, interval about 41–56 %, straddles 50 %
    assert board[ask.pk]["low"] < 50 < board[ask.pk]["high"]
    assert board[alone.pk]["status"] == "not_yet" and board[alone.pk]["towards_target"] is True
    assert board[alone.pk]["trend"] == "down" and round(board[alone.pk]["change"], 2) == -0.44
    assert board[talk.pk]["status"] == "no_measurement"  # typed for September 2026: not yet measured in January
    later = {row["id"]: row for row in service.norm_board(workspace, today=D(2026, 7, 15))}
    assert later[attendance.pk]["status"] == "overdue"  # deadline passed, nothing counted after it
    assert later[talk.pk]["status"] == "no_measurement"
    after_deadline = {row["id"]: row for row in service.norm_board(workspace, today=D(2027, 10, 1))}
    assert after_deadline[talk.pk]["status"] == "overdue"  # 38 % a year ago, nothing measured at the deadline
    service.add_measurement(workspace, talk.pk, date=D(2027, 9, 1), value=52, source_note="Tweede netwerkbevraging")
    final = {row["id"]: row for row in service.norm_board(workspace, today=D(2027, 10, 1))}
    assert final[talk.pk]["status"] == "missed" and final[talk.pk]["trend"] == "up"
    assert final[talk.pk]["change"] == 32.0  # from the baseline of 20 %
    assert board[attendance.pk]["node_label"] == "S1.O1 A2"

    rows = service.plan_rows(workspace, today=D(2026, 1, 15))
    assert rows["vision"].startswith("Een buurt waar iedereen")
    by_id = {r["id"]: r for r in rows["rows"]}
    assert [r["outline"] for r in rows["rows"]] == ["S1", "S1.O1", "S1.O1 A1", "S1.O1 A2"]
    assert by_id[games.pk]["questions"] == []  # the complete action raises no question
    assert by_id[games.pk]["term"] == {"code": "KT", "words": "korte termijn", "colour": "#1b7a3a"}
    assert [r["letter"] for r in by_id[games.pk]["rasci"]] == ["R", "A", "S"]
    census_codes = [q["code"] for q in by_id[plan["census"].pk]["questions"]]
    assert census_codes[:2] == ["quality_no_norm", "quality_no_evaluation"]
    assert "quality_rasci_no_r" in census_codes and "quality_no_target_group" in census_codes


def test_a_challenge_shows_when_its_evidence_is_withdrawn(demo):
    workspace, centrum = demo
    plan = spelnamiddag(workspace, centrum)
    assert service.challenge_evidence(plan["challenge"])[0]["warnings"] == []
    decide(plan["finding"].pk, status="rejected", user="test")
    Finding.objects.filter(pk=plan["finding"].pk).update(is_current=False)
    warnings = service.challenge_evidence(plan["challenge"])[0]["warnings"]
    assert len(warnings) == 2 and "verworpen" in warnings[0]


def test_two_people_editing_one_action_the_second_is_refused(demo):
    workspace, centrum = demo
    games = spelnamiddag(workspace, centrum)["games"]
    version = Action.objects.get(pk=games.pk).version
    service.update_action(workspace, games.pk, version=version, owner="Buurtwerker Sara", user="ann")
    with pytest.raises(ZorgzaamError) as refused:
        service.update_action(workspace, games.pk, version=version, owner="Opbouwwerker", title="Iets anders",
                              user="ben")
    assert refused.value.problem.code == "plan_action_edited_meanwhile"
    assert "niets overschreven" in refused.value.render("nl")
    action = Action.objects.select_related("node").get(pk=games.pk)
    assert (action.owner, action.version, action.updated_by) == ("Buurtwerker Sara", version + 1, "ann")
    assert action.node.title == "Elke maand een spelnamiddag voor jonge gezinnen"
    with pytest.raises(ZorgzaamError):
        service.change_status(workspace, games.pk, "ongoing", version=version, user="ben")
    with pytest.raises(ZorgzaamError) as reason:
        service.change_status(workspace, games.pk, "rejected", version=version + 1, user="ann")
    assert reason.value.problem.code == "plan_status_needs_reason"
    service.change_status(workspace, games.pk, "ongoing", version=version + 1, user="ann")
    history = list(ActionStatusChange.objects.filter(action_id=games.pk).values_list("status", flat=True))
    assert history == ["not_started", "ongoing"]


def test_tree_refusals_leave_nothing_changed(demo):
    workspace, centrum = demo
    plan = spelnamiddag(workspace, centrum)
    before = list(GoalNode.objects.filter(workspace=workspace).order_by("id").values_list("id", "parent_id",
                                                                                          "position"))
    with pytest.raises(ZorgzaamError) as itself:
        service.move_node(workspace, plan["goal"].pk, plan["goal"].pk)
    assert itself.value.problem.code == "tree_under_itself"
    with pytest.raises(ZorgzaamError) as loop:
        service.move_node(workspace, plan["goal"].pk, plan["sub"].pk)
    assert loop.value.problem.code in ("tree_cycle", "tree_bad_parent")
    with pytest.raises(ZorgzaamError):
        service.add_node(workspace, "operational", "Onder een actie", parent=plan["games"])
    with pytest.raises(ZorgzaamError):
        service.add_node(workspace, "strategic", "Verkeerde bouwsteen", building_blocks=["veiligheid"])
    after = list(GoalNode.objects.filter(workspace=workspace).order_by("id").values_list("id", "parent_id",
                                                                                         "position"))
    assert after == before
    # a real move renumbers; the ids stay
    second = service.add_node(workspace, "operational", "Ontmoeten op een rustige plek", parent=plan["goal"])
    service.move_node(workspace, plan["games"].pk, second.pk)
    outline = {r["id"]: r["outline"] for r in service.plan_rows(workspace)["rows"]}
    assert outline[plan["games"].pk] == "S1.O2 A2" and outline[plan["census"].pk] == "S1.O1 A1"
    gone = service.remove_node(workspace, second.pk)
    assert set(gone) == {second.pk, plan["games"].pk}
    newer = service.add_node(workspace, "action", "Nieuwe actie", parent=plan["sub"])
    assert newer.pk > max(gone)  # an id is never handed out again


def test_bad_norms_and_measurements_are_refused(demo):
    workspace, centrum = demo
    plan = spelnamiddag(workspace, centrum)
    with pytest.raises(ZorgzaamError) as over:
        service.add_norm(workspace, plan["games"].pk, description="Te veel", source_kind="typed", target=120)
    assert over.value.problem.code == "norm_percent_over_100"
    with pytest.raises(ZorgzaamError):
        service.add_norm(workspace, plan["goal"].pk, description="Tellen op een doel", source_kind="counts",
                         target=10, count_label="x", denominator_value=10)
    with pytest.raises(ZorgzaamError):
        service.add_norm(workspace, plan["goal"].pk, description="Onbekend", source_kind="catalogue", target=10,
                         neighbourhood=centrum, indicator_id="share_unicorns")
    norm = service.add_norm(workspace, plan["games"].pk, description="Ouders vertellen het door",
                            source_kind="typed", target=50, baseline_date=D(2025, 9, 1))
    with pytest.raises(ZorgzaamError) as early:
        service.add_measurement(workspace, norm.pk, date=D(2025, 8, 31), value=10)
    assert early.value.problem.code == "measurement_before_baseline"
    with pytest.raises(ZorgzaamError):
        service.add_measurement(workspace, norm.pk, date=D(2025, 10, 1), numerator=30, denominator=20)
    assert not Measurement.objects.filter(norm=norm).exists()
    service.add_measurement(workspace, norm.pk, date=D(2025, 10, 1), numerator=12, denominator=20)
    assert Measurement.objects.get(norm=norm).value == 60.0


def test_a_norm_on_a_deleted_survey_question_says_so(demo):
    workspace, centrum = demo
    plan = spelnamiddag(workspace, centrum)
    question = Question.objects.get(code="talk_neighbours", questionnaire__surveys__workspace=workspace)
    norm = service.add_norm(workspace, plan["sub"].pk, description="Wekelijks een babbel met buren",
                            source_kind="survey", target=60, neighbourhood=centrum, question=question,
                            answers=["daily", "weekly"])
    assert service.refresh_measurements(workspace, [norm])["written"] == 1
    Norm.objects.filter(pk=norm.pk).update(question=None)  # what deleting the question does (SET_NULL)
    problems = service.refresh_measurements(workspace, [norm])["problems"]
    assert problems[0]["code"] == "norm_question_gone" and "talk_neighbours" in problems[0]["message"]
    row = next(r for r in service.norm_board(workspace) if r["id"] == norm.pk)
    assert "bestaat niet meer" in row["problem"]
    assert Measurement.objects.filter(norm=norm).count() == 1  # the earlier measurement is kept


def test_the_board_takes_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    workspace, centrum = demo
    plan = spelnamiddag(workspace, centrum)
    for i in range(40):
        norm = service.add_norm(workspace, plan["games"].pk, description=f"Norm {i}", source_kind="typed",
                                target=10 + i, baseline_date=D(2025, 1, 1))
        service.add_measurement(workspace, norm.pk, date=D(2025, 6, 1), value=20)
    with django_assert_max_num_queries(8):
        rows = service.norm_board(workspace, today=D(2025, 7, 1))
    assert len(rows) == 40 and sum(r["status"] == "met" for r in rows) == 11


def test_other_workspaces_are_refused(demo):
    from zorgzaam.workspaces.models import Workspace

    workspace, centrum = demo
    plan = spelnamiddag(workspace, centrum)
    other = Workspace.objects.create(name="Ander team", slug="ander-team")
    with pytest.raises(ZorgzaamError):
        service.add_node(other, "action", "Inbreken", parent=plan["sub"])
    with pytest.raises(ZorgzaamError):
        service.get_action(other, plan["games"].pk)
    with pytest.raises(ZorgzaamError):
        service.add_challenge(other, "Met andermans bevinding", findings=[plan["finding"]])
    assert Survey.objects.filter(workspace=workspace).exists()


def test_the_plan_commands(demo, capsys):
    import json

    from zorgzaam.cli import main

    workspace, centrum = demo
    plan = spelnamiddag(workspace, centrum)
    slug = ["--workspace", workspace.slug]
    assert main(["plan", "tree", *slug]) == 0
    out = capsys.readouterr().out
    assert "S1.O1 A2  Elke maand een spelnamiddag voor jonge gezinnen [KT korte termijn] · niet gestart" in out
    assert main(["plan", "add", "action", "Koffiemoment op zaterdag", "--parent", str(plan["sub"].pk), "--term",
                 "MLT", "--json", *slug]) == 0
    added = json.loads(capsys.readouterr().out)
    version = Action.objects.get(pk=plan["games"].pk).version
    assert main(["plan", "action", str(plan["games"].pk), "--set", "owner=Sara", "--status", "ongoing",
                 "--version", str(version), "--json", *slug]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["owner"], shown["status"], shown["version"]) == ("Sara", "ongoing", version + 2)
    assert main(["plan", "action", str(plan["games"].pk), "--set", "owner=Piet", "--version", str(version),
                 *slug]) == 1  # a stale version is refused
    assert "niets overschreven" in capsys.readouterr().err
    assert main(["plan", "move", str(plan["sub"].pk), "--parent", str(added["id"]), *slug]) == 1
    capsys.readouterr()
    assert main(["plan", "norm", "add", str(plan["games"].pk), "--description", "Vier op de tien komen terug",
                 "--target", "40", "--baseline-date", "2025-09-01", "--json", *slug]) == 0
    norm = json.loads(capsys.readouterr().out)["id"]
    assert main(["plan", "measure", str(norm), "--date", "2025-08-01", "--value", "10", *slug]) == 1
    assert "beginmeting" in capsys.readouterr().err
    assert main(["plan", "measure", str(norm), "--date", "2025-12-01", "--count", "9", "--of", "20", *slug]) == 0
    assert main(["plan", "norm", "list", "--today", "2026-01-01", "--json", *slug]) == 0
    capsys.readouterr()
    assert main(["plan", "norm", "list", "--today", "2026-01-01", "--json", *slug]) == 0
    board = json.loads(capsys.readouterr().out)
    assert [(r["status"], r["latest"]) for r in board] == [("met", 45.0)]
    assert main(["plan", "check", "--json", *slug]) == 0
    questions = {r["id"]: [q["code"] for q in r["questions"]] for r in json.loads(capsys.readouterr().out)}
    assert "quality_no_owner" in questions[added["id"]]
