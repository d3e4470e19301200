"""The goal tree (plain module): stable ids, outline numbers from the place, moves, refusals, and the
quality check. Rebuilds Balen's WG cohesie tree (seed 000 §6.4) and the Overbos chain (seed 002 §1)."""

import datetime as dt

import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan.goal_tree import ACTION, LONG, OPERATIONAL, STRATEGIC, GoalTree, Node
from zorgzaam.plan.quality import ActionFacts, NormFacts, check_action, check_plan, smart_prompts


def balen_cohesie() -> tuple[GoalTree, dict[str, int]]:
    """WG cohesie: S1 with O1–O4 (actions 1–3, 4–7, 8–9, 10–12) and S2 with O1 (13) and O2 (14 and 17 as the
    report labels them; there is no 15 or 16)."""
    tree = GoalTree()
    ids: dict[str, int] = {}
    s1 = tree.add(STRATEGIC, "Mensen voldoende middelen geven om menswaardig te leven", working_group="cohesie").id
    s2 = tree.add(STRATEGIC, "Buurtbewoners kennen elkaar", working_group="cohesie").id
    ids["S1"], ids["S2"] = s1, s2
    goals = {"S1.O1": (s1, "Rechten kennen en uitputten", 3), "S1.O2": (s1, "Tijdig de stap naar hulp", 4),
             "S1.O3": (s1, "Kosten beperken bij gezinnen", 2), "S1.O4": (s1, "Financieel weerbaar", 3),
             "S2.O1": (s2, "Samenkomen om elkaar te leren kennen", 1), "S2.O2": (s2, "Op elkaar kunnen rekenen", 2)}
    number = 0
    for key, (parent, title, n_actions) in goals.items():
        ids[key] = tree.add(OPERATIONAL, title, parent).id
        for _ in range(n_actions):
            number += 1
            ids[f"A{number}"] = tree.add(ACTION, f"Actie {number}", ids[key]).id
    return tree, ids


def test_balen_cohesie_tree_numbers_actions_in_tree_order():
    tree, ids = balen_cohesie()
    outline = tree.outline("plan")
    assert outline[ids["S1"]] == "S1" and outline[ids["S2"]] == "S2"
    assert outline[ids["S1.O4"]] == "S1.O4" and outline[ids["S2.O2"]] == "S2.O2"
    assert outline[ids["A1"]] == "S1.O1 A1"
    assert outline[ids["A7"]] == "S1.O2 A7"
    assert outline[ids["A12"]] == "S1.O4 A12"
    assert outline[ids["A13"]] == "S2.O1 A13"
    # the second action of S2.O2 is A15 — the tree and the list are one structure, so no "A17" can appear
    assert [outline[ids[k]] for k in ("A14", "A15")] == ["S2.O2 A14", "S2.O2 A15"]
    assert len(tree.actions()) == 15
    assert [tree.children(ids["S1"])[i].title for i in range(4)][0] == "Rechten kennen en uitputten"


def test_working_groups_number_their_own_goals_and_actions():
    tree, ids = balen_cohesie()
    traffic = tree.add(STRATEGIC, "Verkeersveilige buurt voor kinderen", working_group="verkeer").id
    school = tree.add(OPERATIONAL, "Verkeersveilige schoolomgeving", traffic).id
    first = tree.add(ACTION, "Handhaving aan de school", school).id
    plan, per_group = tree.outline("plan"), tree.outline("working_group")
    assert plan[traffic] == "S3" and plan[first] == "S3.O1 A16"
    assert per_group[traffic] == "S1" and per_group[first] == "S1.O1 A1"
    assert per_group[ids["A15"]] == "S2.O2 A15"
    assert tree.labels("working_group")[first] == "verkeer · S1.O1 A1"
    with pytest.raises(ZorgzaamError):
        tree.outline("per_person")


def test_ids_are_stable_and_never_reused_and_numbers_follow_a_move():
    tree, ids = balen_cohesie()
    a7 = ids["A7"]
    before = tree.outline()[a7]
    changes = tree.move(a7, ids["S2.O1"], position=0)
    assert tree.node(a7).parent == ids["S2.O1"] and tree.node(a7).position == 0
    assert a7 in changes and ids["A13"] in changes  # A13 moved one place down among its siblings
    outline = tree.outline()
    assert before == "S1.O2 A7" and outline[a7] == "S2.O1 A12"
    assert outline[ids["A8"]] == "S1.O3 A7"  # the numbers after it closed up
    assert [n.position for n in tree.children(ids["S1.O2"])] == [0, 1, 2]
    removed = tree.remove(ids["A15"])
    assert removed == [ids["A15"]]
    fresh = tree.add(ACTION, "Nieuwe actie", ids["S2.O2"])
    assert fresh.id not in ids.values() and fresh.id == max(ids.values()) + 1
    with pytest.raises(ZorgzaamError) as refused:
        tree.add(ACTION, "Hergebruik", ids["S2.O2"], node_id=ids["A15"])
    assert "niet opnieuw" in refused.value.render("nl")


def test_moves_that_would_make_a_loop_are_refused():
    tree, ids = balen_cohesie()
    with pytest.raises(ZorgzaamError) as itself:
        tree.move(ids["S1"], ids["S1"])
    assert "onder zichzelf" in itself.value.render("nl")
    long_goal = tree.add(LONG, "Een zorgzame buurt binnen 6 jaar", horizon_years=6).id
    tree.move(ids["S1"], long_goal)
    with pytest.raises(ZorgzaamError) as loop:
        tree.move(long_goal, ids["S1"])  # also a wrong kind, but the loop is what is reported first
    assert "kring" in loop.value.render("nl") or "kan niet onder" in loop.value.render("nl")
    with pytest.raises(ZorgzaamError) as wrong_kind:
        tree.move(ids["S1.O1"], ids["A1"])
    assert "kan niet onder" in wrong_kind.value.render("nl")
    assert tree.node(ids["S1.O1"]).parent == ids["S1"]  # nothing changed by the refused moves
    with pytest.raises(ZorgzaamError):
        tree.move(999, ids["S1"])


def test_a_stored_tree_with_a_cycle_is_refused():
    nodes = [Node(1, STRATEGIC, "S", None), Node(2, OPERATIONAL, "O", 1)]
    assert len(GoalTree(nodes)) == 2
    with pytest.raises(ZorgzaamError) as cycle:
        GoalTree([Node(1, OPERATIONAL, "A", 2), Node(2, OPERATIONAL, "B", 1)])
    assert cycle.value.problem.code in ("tree_cycle", "tree_bad_parent")
    loop = GoalTree.__new__(GoalTree)
    loop.nodes = {1: Node(1, STRATEGIC, "A", 2), 2: Node(2, STRATEGIC, "B", 1)}
    with pytest.raises(ZorgzaamError) as direct:
        loop._check_no_cycle(1, 2)
    assert direct.value.problem.code == "tree_cycle"
    with pytest.raises(ZorgzaamError):
        GoalTree([Node(1, LONG, "Te ver", None, horizon_years=80)])
    with pytest.raises(ZorgzaamError):
        GoalTree([Node(1, STRATEGIC, "S"), Node(1, STRATEGIC, "S bis")])


def overbos_chain() -> tuple[GoalTree, dict[str, int]]:
    tree = GoalTree()
    ids = {"goal": tree.add(STRATEGIC, "Meer sociale contacten onder jonge gezinnen, zodat ze steun en "
                                       "herkenning bij elkaar vinden").id}
    ids["sub"] = tree.add(OPERATIONAL, "Jonge gezinnen kennen elkaar en praten met elkaar", ids["goal"]).id
    ids["map"] = tree.add(ACTION, "Afbakenen wie een jong gezin is en hoeveel er in de buurt wonen", ids["sub"]).id
    ids["games"] = tree.add(ACTION, "Maandelijkse spelnamiddag voor jonge gezinnen (kinderen 0–12 jaar)",
                            ids["sub"]).id
    ids["sub2"] = tree.add(OPERATIONAL, "Jonge gezinnen ontmoeten elkaar op een rustige plek", ids["goal"]).id
    return tree, ids


def test_quality_questions_for_the_spelnamiddag():
    tree, ids = overbos_chain()
    complete = ActionFacts(ids["games"], "Spelnamiddag", owner="Buurtwerker", target_group=(
        "Jonge gezinnen: minstens één kind van 0 tot 12 jaar"), next_evaluation=dt.date(2026, 6, 1),
        first_steps="Oproep aan buurtactoren om samen te zitten", rasci=["R", "A", "S", "I"],
        norms=[NormFacts("30 % van de jonge gezinnen komt", True)])
    assert check_action(complete, today=dt.date(2026, 1, 1)) == []
    bare = ActionFacts(ids["map"], target_group="jongeren", rasci=["R", "R", "C"],
                       norms=[NormFacts("Iedereen in beeld", False)])
    codes = [q.code for q in check_action(bare, has_goal=False)]
    assert codes == ["quality_no_goal", "quality_no_indicator", "quality_no_owner", "quality_no_evaluation",
                     "quality_vague_target_group", "quality_rasci_two_r", "quality_rasci_no_a",
                     "quality_no_first_steps"]
    texts = [q.text("nl") for q in check_action(bare, has_goal=False)]
    assert all("?" in t for t in texts)  # worded as questions, not verdicts
    assert "?" in check_action(ActionFacts(1), today=None)[0].text("en")
    questions = check_plan(tree, {ids["games"]: complete}, today=dt.date(2026, 1, 1))
    assert ids["games"] not in questions
    assert [q.code for q in questions[ids["sub2"]]] == ["quality_goal_without_actions"]
    assert "quality_no_norm" in [q.code for q in questions[ids["map"]]]
    assert ids["goal"] not in questions  # it has actions through its first sub-goal
    late = ActionFacts(5, next_evaluation=dt.date(2025, 1, 1))
    assert "quality_evaluation_past" in [q.code for q in check_action(late, today=dt.date(2025, 3, 1))]
    prompts = {p["code"]: p["answered"] for p in smart_prompts(complete)}
    assert prompts == {"smart_specific": None, "smart_measurable": True, "smart_acceptable": None,
                       "smart_realistic": None, "smart_timed": True}
    assert smart_prompts(bare)[1]["answered"] is False


def test_rows_in_tree_order_carry_depth_and_outline():
    tree, ids = overbos_chain()
    rows = tree.rows()
    assert [r["outline"] for r in rows] == ["S1", "S1.O1", "S1.O1 A1", "S1.O1 A2", "S1.O2"]
    assert [r["depth"] for r in rows] == [0, 1, 2, 2, 1]
    assert rows[3]["kind_label"] == "Actie" and tree.rows(lang="en")[1]["kind_label"] == "Sub-goal"
