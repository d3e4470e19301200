"""Paper entry: answer keys, validation and skip logic of a typed questionnaire, the double-entry sample,
the comparison of two entries and the agreement rate; then the same through the database."""

from __future__ import annotations

import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.voices import paper
from zorgzaam.voices.bank import build_questionnaire

ITEMS = ["satisfaction_neighbourhood", "talk_neighbours", "service_needed_not_used", "service_barriers",
         "needs_open", "age_band", "sex", "marital_status", "involvement_optin"]


@pytest.fixture(scope="module")
def questions():
    return build_questionnaire(ITEMS, title_nl="Papier").questions


def by_code(questions):
    return {q.code: q for q in questions}


def test_keys_are_the_printed_positions(questions):
    q = by_code(questions)
    talk = q["talk_neighbours"]
    assert paper.answer_keys(talk) == [(str(i + 1), c.code) for i, c in enumerate(talk.choices)]
    assert paper.parse_typed(talk, "2") == talk.choices[1].code
    assert paper.parse_typed(talk, " ") is None
    barriers = q["service_barriers"]
    assert paper.parse_typed(barriers, "1 3,5") == [barriers.choices[0].code, barriers.choices[2].code,
                                                    barriers.choices[4].code]
    # a scale takes its own values
    assert paper.answer_keys(q["satisfaction_neighbourhood"]) == [(str(v), str(v)) for v in range(1, 6)]


def test_a_key_outside_the_list_is_named_with_the_question_number_and_range(questions):
    talk = by_code(questions)["talk_neighbours"]
    with pytest.raises(ZorgzaamError) as caught:
        paper.parse_typed(talk, "9", number=2)
    text = caught.value.render("nl")
    assert "vraag 2" in text and "'9'" in text and "1 tot 5" in text
    with pytest.raises(ZorgzaamError) as caught:
        paper.parse_typed(talk, "1 2", number=2)
    assert caught.value.problem.code == "paper_one_key_only"


def test_read_sheet_checks_the_scale_and_follows_the_skip_logic(questions):
    typed = {"satisfaction_neighbourhood": "7", "talk_neighbours": "1", "service_needed_not_used": "2",
             "service_barriers": "1 2", "sex": "1"}
    result = paper.read_sheet(questions, typed)
    assert set(result.errors) == {"satisfaction_neighbourhood"}
    assert result.errors["satisfaction_neighbourhood"].problem.code == "answer_out_of_scale"
    # service_needed_not_used = 2 -> "no": the barriers question is skipped and its typed value dropped
    assert "service_barriers" in result.skipped
    assert result.answers["service_barriers"] is None
    typed["satisfaction_neighbourhood"] = "4"
    typed["service_needed_not_used"] = "1"  # yes -> barriers asked
    result = paper.read_sheet(questions, typed)
    assert not result.errors
    barriers = by_code(questions)["service_barriers"]
    assert result.answers["service_barriers"] == sorted([barriers.choices[0].code, barriers.choices[1].code])
    assert result.answers["satisfaction_neighbourhood"] == 4
    assert result.answers["sex"] == by_code(questions)["sex"].choices[0].code


def test_sample_is_exactly_the_share_of_every_hundred_and_differs_per_survey():
    chosen = [n for n in range(1, 1001) if paper.in_sample(n, 10, "survey-a")]
    assert len(chosen) == 100
    for start in range(1, 902, 100):
        assert sum(1 for n in chosen if start <= n < start + 100) == 10
    other = [n for n in range(1, 1001) if paper.in_sample(n, 10, "survey-b")]
    assert len(other) == 100 and other != chosen
    assert sum(paper.in_sample(n, 25, "x") for n in range(1, 401)) == 100
    assert not any(paper.in_sample(n, 0, "x") for n in range(1, 50))
    assert all(paper.in_sample(n, 100, "x") for n in range(1, 50))
    with pytest.raises(ZorgzaamError):
        paper.check_percent("120")
    assert paper.check_percent("12,4") == 12


def test_compare_entries_and_agreement():
    qs = build_questionnaire(["talk_neighbours", "sex", "needs_open", "marital_status"], title_nl="x").questions
    first = {"talk_neighbours": "daily", "sex": "female", "needs_open": None, "marital_status": "single"}
    second = {"talk_neighbours": "weekly", "sex": "female", "needs_open": None, "marital_status": None}
    compared, differences = paper.compare_entries(qs, first, second)
    assert compared == 3  # needs_open is empty in both
    assert differences == [{"question": "talk_neighbours", "first": "daily", "second": "weekly"},
                           {"question": "marital_status", "first": "single", "second": None}]
    assert paper.agreement([(compared, len(differences)), (10, 0)]) == pytest.approx((13 - 2) / 13)
    assert paper.agreement([]) is None


def test_shown_value_gives_key_and_label(questions):
    talk = by_code(questions)["talk_neighbours"]
    assert paper.shown_value(talk, "weekly", "nl") == "2 — Elke week"
    assert paper.shown_value(talk, None) == "—"


# ------------------------------------------------------------------------------------------ database

@pytest.mark.django_db
def test_first_and_blind_second_entry_then_resolution(survey):
    from zorgzaam.voices import paper_store, services
    from zorgzaam.voices.models import Respondent

    paper_store.set_verify_percent(survey, 100)
    typed = {"satisfaction_neighbourhood": "4", "talk_neighbours": "2", "service_needed_not_used": "1",
             "service_barriers": "1 4", "age_band": "3", "sex": "2", "marital_status": "2", "needs_open": "Een bank"}
    result, entry = paper_store.enter_first(survey, typed, actor="anna", sheet="17")
    assert entry is not None and entry.sequence == 1 and entry.needs_second
    respondent = Respondent.objects.get(pk=entry.respondent_id)
    assert respondent.channel == "paper" and respondent.entered_by == "anna" and respondent.completed_at
    stored = services.current_answers(respondent)
    assert stored["talk_neighbours"] == "weekly" and stored["satisfaction_neighbourhood"] == 4
    assert stored["service_barriers"] == sorted(["unknown", "waiting"])

    # a bad answer stores nothing
    bad, none = paper_store.enter_first(survey, {"satisfaction_neighbourhood": "6"}, actor="anna")
    assert none is None and "satisfaction_neighbourhood" in bad.errors
    assert Respondent.objects.filter(survey=survey).count() == 1

    with pytest.raises(ZorgzaamError) as caught:
        paper_store.enter_second(entry, typed, actor="anna")
    assert caught.value.problem.code == "paper_second_same_person"

    second = dict(typed, talk_neighbours="3")  # one typing difference
    _, stored_second = paper_store.enter_second(entry, second, actor="bert")
    assert stored_second
    entry.refresh_from_db()
    assert entry.differences == [{"question": "talk_neighbours", "first": "weekly", "second": "monthly"}]
    answered = sum(1 for v in typed.values() if v)
    assert entry.compared == answered
    view = paper_store.overview(survey)
    assert view["agreement"] == pytest.approx((answered - 1) / answered)
    assert [e.pk for e in view["to_resolve"]] == [entry.pk]

    changed = paper_store.resolve(entry, {"talk_neighbours": "second"}, actor="chef")
    assert changed == 1
    assert services.current_answers(respondent)["talk_neighbours"] == "monthly"
    assert paper_store.overview(survey)["to_resolve"] == []


@pytest.mark.django_db
def test_paper_entry_works_on_a_closed_survey(survey):
    from zorgzaam.voices import paper_store, services

    services.close_survey(survey)
    _, entry = paper_store.enter_first(survey, {"satisfaction_neighbourhood": "5"}, actor="anna")
    assert entry is not None
