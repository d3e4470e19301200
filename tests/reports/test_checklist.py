"""The decree checklist: plain facts → items met / partly / missing with evidence links and to-dos; read from
the database for a workspace without and with the senior advisory council's consultation."""

import datetime as dt

import pytest

from zorgzaam.reports.checklist import MET, MISSING, PARTLY, ChecklistInput, Evidence, MeetingFact, evaluate


def _facts(**changes) -> ChecklistInput:
    e = Evidence
    values = dict(
        neighbourhoods=["Centrum", "Heide"],
        with_figures={"Centrum": [e("Buurtprofiel Centrum", "/profiel/x/buurten/1/")],
                      "Heide": [e("Buurtprofiel Heide", "/profiel/x/buurten/2/")]},
        surveys=[e("Bevraging 'Wonen in de buurt'", "/stemmen/x/bevraging/1/rapport/")],
        sessions=[e("Tafelgesprek", "/stemmen/x/gesprekken/1/")],
        actors=[e("OCMW", "/opvolging/x/partners/")], strengths=[e("Sterkte: buren helpen", "/s/")],
        gaps=[e("Uitdaging: geen bus", "/s/")], local_policy=[e("Eigen gegevens: OCMW", "/w/x/gegevens/3/")],
        challenges={"Centrum": [e("Uitdaging: eenzaamheid", "/plan/x/plan/")],
                    "Heide": [e("Uitdaging: mobiliteit", "/plan/x/plan/")]},
        priority_decisions=[e("Prioriteiten: ronde 1", "/plan/x/prioriteiten/1/")],
        goals=[e("Doel: niemand alleen", "/plan/x/plan/#node-1")],
        goals_from_challenges=[e("Doel: niemand alleen", "/plan/x/plan/#node-1")],
        goals_with_policy_link=[e("Doel: niemand alleen → MJP 2.1", "/plan/x/plan/#node-1")],
        meetings={kind: [MeetingFact(f"2026-03-0{i}", "Overleg", 12, (), f"/opvolging/x/overleg/#meeting-{i}")]
                  for i, kind in enumerate(("senior_associations", "senior_council", "first_line",
                                            "policy_domains"), start=1)},
        add_urls={"meetings": "/opvolging/x/overleg/"})
    values.update(changes)
    return ChecklistInput(**values)


def test_everything_recorded_meets_every_item():
    checklist = evaluate(_facts())
    assert [i.status for i in checklist.items] == [MET] * len(checklist.items)
    assert checklist.complete and checklist.todos == []
    assert {c["condition"] for c in checklist.as_dict()["conditions"]} == {1, 2, 3}
    council = checklist.item("consulted_senior_council")
    assert council.evidence[0].url == "/opvolging/x/overleg/#meeting-2"
    assert "2026-03-02" in council.evidence[0].label


def test_a_missing_consultation_is_missing_and_listed_as_a_todo():
    facts = _facts()
    del facts.meetings["senior_council"]
    checklist = evaluate(facts)
    item = checklist.item("consulted_senior_council")
    assert item.status == MISSING and item.evidence == []
    assert "seniorenadviesraad" in item.todo_text("nl") and item.todo_url == "/opvolging/x/overleg/"
    assert [t.code for t in checklist.todos] == ["consulted_senior_council"]
    assert checklist.condition_status(3) == PARTLY and checklist.condition_status(1) == MET


def test_a_meeting_without_participants_is_partly_met():
    facts = _facts()
    facts.meetings["first_line"] = [MeetingFact("2026-04-01", "Overleg eerste lijn")]
    item = evaluate(facts).item("consulted_first_line")
    assert item.status == PARTLY and "deelnemers" in item.todo_text("nl")


def test_figures_for_one_of_two_neighbourhoods_and_no_conversations_are_partly_met():
    checklist = evaluate(_facts(with_figures={"Centrum": [Evidence("Buurtprofiel Centrum")]}, sessions=[]))
    assert checklist.item("quantitative").status == PARTLY and "Heide" in checklist.item("quantitative").todo_text("nl")
    assert checklist.item("qualitative").status == PARTLY
    assert checklist.item("coverage").status == MET  # surveys alone still tell how people experience it


def test_an_empty_workspace_misses_everything_but_still_gives_a_checklist():
    checklist = evaluate(ChecklistInput(neighbourhoods=["Centrum"]))
    assert {i.status for i in checklist.items} == {MISSING}
    assert len(checklist.todos) == len(checklist.items) == 11


# ----------------------------------------------------------------------------------------- the database

@pytest.fixture
def workspace(db):
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.followup.models import Meeting, Partner
    from zorgzaam.workspaces.models import Workspace

    ws = Workspace.objects.create(name="Checklist (test)", slug="checklist-test")
    centrum = Neighbourhood.objects.create(workspace=ws, name="Centrum")
    partner = Partner.objects.create(workspace=ws, organisation="Okra Centrum")
    for kind, day in (("senior_associations", 3), ("first_line", 5), ("policy_domains", 9)):
        meeting = Meeting.objects.create(workspace=ws, date=dt.date(2026, 2, day), consulted=kind,
                                         title=f"Overleg {kind}", attendance=8)
        meeting.partners_present.add(partner)
    return ws, centrum


def test_the_database_checklist_without_the_senior_council(workspace):
    from zorgzaam.reports.collect import checklist_for

    ws, centrum = workspace
    checklist = checklist_for(ws, [centrum])
    item = checklist.item("consulted_senior_council")
    assert item.status == MISSING
    assert "consulted_senior_council" in [t.code for t in checklist.todos]
    assert item.todo_url == "/opvolging/checklist-test/overleg/"
    associations = checklist.item("consulted_senior_associations")
    assert associations.status == MET
    assert associations.evidence[0].url.startswith("/opvolging/checklist-test/overleg/#meeting-")
    assert "2026-02-03" in associations.evidence[0].label


def test_the_database_checklist_with_the_senior_council(workspace):
    from zorgzaam.followup.models import Meeting
    from zorgzaam.reports.collect import checklist_for

    ws, centrum = workspace
    meeting = Meeting.objects.create(workspace=ws, date=dt.date(2026, 3, 12), consulted="senior_council",
                                     title="Seniorenadviesraad maart", attendance=14)
    checklist = checklist_for(ws, [centrum])
    item = checklist.item("consulted_senior_council")
    assert item.status == MET and item.todo is None
    assert item.evidence[0].url == f"/opvolging/checklist-test/overleg/#meeting-{meeting.pk}"
    assert "2026-03-12 Seniorenadviesraad maart" in item.evidence[0].label
    assert "consulted_senior_council" not in [t.code for t in checklist.todos]


def test_the_checklist_is_worded_in_the_readers_language():
    facts = _facts(surveys=[], sessions=[], strengths=[], gaps=[])
    checklist = evaluate(facts)
    item = checklist.item("qualitative")
    assert item.todo_text("nl") == ("Voeg toe: een bevraging van bewoners met antwoorden en een verslag van een "
                                    "gesprek, focusgroep of observatie (Bewoners).")
    assert item.todo_text("en") == ("Add a residents' survey with answers and a report of a conversation, focus "
                                    "group or observation (Residents).")
    coverage = checklist.as_dict("en")["conditions"][0]["items"][2]
    assert coverage["explanation"] == "Described: residents, actors."
    assert coverage["status_text"] == "partly"
    assert checklist.item("coverage").explanation_text("nl") == "Beschreven: bewoners, actoren."
