"""Prioritisation with the group, the plain module: the three methods, groups weighed equally (not heads),
the team's weights, ties shown as ties, divergence of two places or more, and ballots that cannot count."""

from fractions import Fraction

import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan.priorities import (
    Ballot,
    Group,
    Item,
    ballot_from_choices,
    rank_chart_data,
    rank_label,
    tally,
    top_choices,
    validate_ballot,
)

# The five themes of a Balen-like round (constructed, not the project's real votes).
THEMES = [Item("nuisance", "Overlast"), Item("money", "Financiële kwetsbaarheid"),
          Item("contacts", "Weinig sociale contacten"), Item("bus", "Openbaar vervoer"), Item("traffic", "Verkeer")]
GROUPS = [Group("residents", "Bewoners"), Group("professionals", "Professionals"), Group("steering", "Stuurgroep")]


def ranking(*keys):
    return {key: place for place, key in enumerate(keys, start=1)}


def code_of(call) -> str:
    with pytest.raises(ZorgzaamError) as caught:
        call()
    return caught.value.problem.code


# ------------------------------------------------------------------------------------------------ methods


def test_ranking_gives_points_by_place_and_a_mean_rank():
    ballots = [Ballot("residents", ranking("traffic", "nuisance", "contacts", "money", "bus")),
               Ballot("residents", ranking("nuisance", "traffic", "money", "contacts", "bus"))]
    result = tally("ranking", THEMES, GROUPS[:1], ballots)
    group = result.group("residents")
    assert group.ballots == 2
    first, second = group.standings[:2]
    # traffic 5+4 = 9 and nuisance 4+5 = 9: a tie, listed in the round's order (nuisance comes first there)
    assert (first.item, first.points, first.rank, first.tied) == ("nuisance", 9, 1, True)
    assert (second.item, second.points, second.rank, second.tied) == ("traffic", 9, 1, True)
    assert first.mean_rank == Fraction(3, 2) and second.mean_rank == Fraction(3, 2)
    assert [s.rank for s in group.standings] == [1, 1, 3, 3, 5]
    assert group.standing("bus").mean_rank == 5 and group.standing("bus").points == 2
    assert sum(s.share for s in group.standings) == 1


def test_top3_gives_three_two_and_one_points_and_counts_who_named_it():
    ballots = [Ballot("residents", {"traffic": 1, "bus": 2, "money": 3}),
               Ballot("residents", {"traffic": 1}),
               Ballot("residents", {"bus": 1, "traffic": 2})]
    group = tally("top3", THEMES, GROUPS[:1], ballots).group("residents")
    assert [(s.item, s.points, s.named_by, s.rank) for s in group.standings] == [
        ("traffic", 8, 3, 1), ("bus", 5, 2, 2), ("money", 1, 1, 3), ("nuisance", 0, 0, 4), ("contacts", 0, 0, 4)]
    assert group.standing("nuisance").tied and group.standing("traffic").mean_rank is None


def test_dots_may_be_stacked_up_to_the_limit():
    ballots = [Ballot("residents", {"traffic": 3, "bus": 2}), Ballot("residents", {"money": 5})]
    group = tally("dots", THEMES, GROUPS[:1], ballots, dots=5).group("residents")
    assert [(s.item, s.points) for s in group.standings[:3]] == [("money", 5), ("traffic", 3), ("bus", 2)]
    assert validate_ballot("dots", THEMES, {"traffic": "5"}, dots=5) == {"traffic": 5}
    assert validate_ballot("dots", THEMES, {"traffic": 2, "bus": 0, "money": ""}, dots=5) == {"traffic": 2}


# ------------------------------------------------------------------------------------------ invalid ballots


@pytest.mark.parametrize(("method", "marks", "code"), [
    ("ranking", ranking("traffic", "nuisance", "contacts", "money"), "priority_ranking_incomplete"),
    ("ranking", {"traffic": 1, "nuisance": 1, "contacts": 3, "money": 4, "bus": 5}, "priority_ranking_place_twice"),
    ("ranking", {"traffic": 1, "nuisance": 2, "contacts": 3, "money": 4, "bus": 6}, "priority_ranking_place_range"),
    ("ranking", {"traffic": 1.5, "nuisance": 2, "contacts": 3, "money": 4, "bus": 5}, "priority_not_whole"),
    ("ranking", {"parking": 1}, "priority_unknown_item"),
    ("top3", {}, "priority_top_none"),
    ("top3", {"traffic": 1, "bus": 2, "money": 3, "contacts": 4}, "priority_top_range"),
    ("top3", {"traffic": 1, "bus": 3}, "priority_top_range"),  # a gap: no second choice
    ("top3", {"traffic": 1, "bus": 1}, "priority_top_range"),  # two first choices
    ("dots", {"traffic": 4, "bus": 2}, "priority_dots_too_many"),
    ("dots", {"traffic": -1, "bus": 2}, "priority_dots_negative"),
    ("dots", {"traffic": 0}, "priority_dots_none"),
    ("dots", {"traffic": "veel"}, "priority_not_whole"),
    ("stickers", {"traffic": 1}, "priority_method_unknown"),
])
def test_a_ballot_that_cannot_count_says_what_to_change(method, marks, code):
    assert code_of(lambda: validate_ballot(method, THEMES, marks, dots=5)) == code


def test_messages_name_the_problem_in_both_languages():
    with pytest.raises(ZorgzaamError) as caught:
        validate_ballot("dots", THEMES, {"traffic": 4, "bus": 3}, dots=5)
    assert "7 stippen" in caught.value.render("nl") and "Haal er 2 weg" in caught.value.render("nl")
    assert "7 dots" in caught.value.render("en")
    with pytest.raises(ZorgzaamError) as caught:
        validate_ballot("ranking", THEMES, ranking("traffic", "nuisance", "contacts"))
    assert "Financiële kwetsbaarheid, Openbaar vervoer" in caught.value.render("nl")


def test_top3_choices_from_a_form_and_the_same_item_twice():
    assert ballot_from_choices("top3", THEMES, ["traffic", "", "bus"]) == {"traffic": 1, "bus": 2}
    assert code_of(lambda: ballot_from_choices("top3", THEMES, ["traffic", "traffic"])) == "priority_top_same_item"
    assert top_choices(5) == 3 and top_choices(3) == 2 and top_choices(2) == 1


def test_a_round_needs_items_groups_and_a_sensible_number_of_dots():
    assert code_of(lambda: tally("ranking", THEMES[:1], GROUPS, [])) == "priority_too_few_items"
    assert code_of(lambda: tally("ranking", THEMES + THEMES[:1], GROUPS, [])) == "priority_item_repeated"
    assert code_of(lambda: tally("ranking", THEMES, [], [])) == "priority_no_groups"
    assert code_of(lambda: tally("ranking", THEMES, GROUPS + GROUPS[:1], [])) == "priority_group_repeated"
    assert code_of(lambda: tally("ranking", THEMES, GROUPS, [Ballot("bakers", ranking(*[t.key for t in THEMES]))])) \
        == "priority_unknown_group"
    assert code_of(lambda: validate_ballot("dots", THEMES, {"traffic": 1}, dots=0)) == "priority_dots_limit"
    assert code_of(lambda: validate_ballot("dots", THEMES, {"traffic": 1}, dots=500)) == "priority_dots_limit"


# ------------------------------------------------------------------------------------ groups and weights


def _balen_like():
    """Residents put traffic first, professionals fourth and the steering group fifth of five."""
    residents = [ranking("traffic", "contacts", "nuisance", "money", "bus")] * 12 + \
                [ranking("nuisance", "traffic", "contacts", "money", "bus")] * 3
    professionals = [ranking("money", "nuisance", "contacts", "traffic", "bus")] * 2 + \
                    [ranking("contacts", "money", "nuisance", "traffic", "bus")] * 2
    steering = [ranking("nuisance", "money", "contacts", "bus", "traffic")] * 3
    return [Ballot("residents", m) for m in residents] + [Ballot("professionals", m) for m in professionals] + \
        [Ballot("steering", m) for m in steering]


def test_groups_count_equally_not_by_heads():
    result = tally("ranking", THEMES, GROUPS, _balen_like())
    assert result.ballots == 22 and result.counted == ("residents", "professionals", "steering")
    assert result.weights == {"residents": Fraction(1, 3), "professionals": Fraction(1, 3),
                              "steering": Fraction(1, 3)}
    assert result.equal_weights
    # fifteen residents would carry traffic to the top by heads; with each group one third it is not first
    everyone = tally("ranking", THEMES, [Group("all", "Iedereen")],
                     [Ballot("all", b.marks) for b in _balen_like()])
    assert everyone.combined[0].item == "traffic"
    combined = {c.item: c for c in result.combined}
    assert combined["traffic"].rank > 1
    assert result.combined[0].item == "nuisance"
    # the combined mean place is the mean of the three groups' mean places
    means = [result.group(g).standing("traffic").mean_rank for g in ("residents", "professionals", "steering")]
    assert combined["traffic"].mean_rank == sum(means) / 3


def test_the_teams_weights_change_the_combined_ranking_and_are_returned():
    result = tally("ranking", THEMES, GROUPS, _balen_like(), weights={"residents": 6, "professionals": 1,
                                                                       "steering": "1"})
    assert result.weights["residents"] == Fraction(3, 4) and result.chosen_weights["steering"] == 1
    assert not result.equal_weights
    assert result.combined[0].item == "traffic"
    # a group weighed 0 is shown but not counted
    zero = tally("ranking", THEMES, GROUPS, _balen_like(), weights={"steering": 0})
    assert zero.counted == ("residents", "professionals") and "steering" not in zero.weights
    assert zero.group("steering").ballots == 3
    assert code_of(lambda: tally("ranking", THEMES, GROUPS, _balen_like(), weights={"steering": -1})) \
        == "priority_weight_invalid"
    assert code_of(lambda: tally("ranking", THEMES, GROUPS, _balen_like(), weights={"steering": "veel"})) \
        == "priority_weight_invalid"
    assert code_of(lambda: tally("ranking", THEMES, GROUPS, _balen_like(),
                                 weights={"residents": 0, "professionals": 0, "steering": 0})) == "priority_weights_zero"
    assert code_of(lambda: tally("ranking", THEMES, GROUPS, [], weights={"bakers": 1})) == "priority_unknown_group"


def test_a_group_without_ballots_is_listed_but_not_counted():
    ballots = [b for b in _balen_like() if b.group != "professionals"]
    result = tally("ranking", THEMES, GROUPS, ballots)
    assert result.group("professionals").ballots == 0 and result.group("professionals").standings == ()
    assert result.counted == ("residents", "steering")
    assert result.weights == {"residents": Fraction(1, 2), "steering": Fraction(1, 2)}
    assert "professionals" not in result.divergence("traffic").ranks
    empty = tally("ranking", THEMES, GROUPS, [])
    assert empty.combined == () and empty.divergences == () and empty.ballots == 0


# --------------------------------------------------------------------------------------------- divergence


def test_an_item_two_places_apart_or_more_is_marked_with_each_groups_rank():
    result = tally("ranking", THEMES, GROUPS, _balen_like())
    traffic = result.divergence("traffic")
    assert traffic.ranks == {"residents": 1, "professionals": 4, "steering": 5}
    assert traffic.spread == 4 and traffic.highest == ("residents",) and traffic.lowest == ("steering",)
    assert result.divergences[0].item == "traffic"  # the widest gap first
    # money 4/1/2 and nuisance 3/3/1: marked from two places; contacts 2/2/3 is not
    assert result.divergence("money").ranks == {"residents": 4, "professionals": 1, "steering": 2}
    assert result.divergence("contacts") is None
    nuisance = result.divergence("nuisance")
    assert nuisance is not None and nuisance.spread == 2 and nuisance.lowest == ("residents", "professionals")
    assert result.divergence("bus") is None  # 5, 5, 4: one place
    # a wider threshold keeps only the widest gap
    assert [d.item for d in tally("ranking", THEMES, GROUPS, _balen_like(), threshold=4).divergences] == ["traffic"]


def test_one_place_apart_is_not_a_divergence():
    ballots = [Ballot("residents", ranking("traffic", "nuisance", "contacts", "money", "bus")),
               Ballot("steering", ranking("nuisance", "traffic", "contacts", "bus", "money"))]
    assert tally("ranking", THEMES, GROUPS, ballots).divergences == ()


def test_ties_are_deterministic_and_shown_as_ties():
    ballots = [Ballot("residents", {"traffic": 2, "bus": 2, "money": 1}), Ballot("steering", {"money": 5})]
    one = tally("dots", THEMES, GROUPS, ballots)
    again = tally("dots", list(THEMES), GROUPS, list(reversed(ballots)))
    assert one == again
    residents = one.group("residents")
    assert [(s.item, s.rank, s.tied) for s in residents.standings] == [
        ("bus", 1, True), ("traffic", 1, True), ("money", 3, False), ("nuisance", 4, True), ("contacts", 4, True)]
    assert rank_label(1, True) == "1 (gedeeld)" and rank_label(1, True, "en") == "1 (tied)"
    assert rank_label(3, False) == "3" and rank_label(None, False) == "–"
    # combined: shares (residents 2/5, 2/5, 1/5; steering money 1) -> money first, bus and traffic tied
    assert [(c.item, c.rank, c.tied) for c in one.combined[:3]] == [("money", 1, False), ("bus", 2, True),
                                                                      ("traffic", 2, True)]


def test_chart_data_follows_the_combined_order_and_marks_the_gaps():
    result = tally("ranking", THEMES, GROUPS, _balen_like())
    data = rank_chart_data(result)
    assert data["groups"] == ["Bewoners", "Professionals", "Stuurgroep"]
    assert data["items"][0] == "Overlast" and data["places"] == 5
    traffic = data["items"].index("Verkeer")
    assert [ranks[traffic] for ranks in data["ranks"]] == [1, 4, 5] and data["marked"][traffic]
