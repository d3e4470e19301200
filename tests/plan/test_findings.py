"""The summary table: signals become findings; the team's decisions survive a new analysis."""

import pytest

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.messages import ZorgzaamError
from zorgzaam.plan.findings import (
    decide,
    record_findings,
    record_profile_signals,
    relate,
    summary_rows,
)
from zorgzaam.plan.models import Finding
from zorgzaam.profile.service import neighbourhood_profile
from zorgzaam.web.demo import install_demo
from zorgzaam.workspaces.findings import FindingInput
from zorgzaam.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def centrum():
    install_demo(extensions=False)
    return Neighbourhood.objects.get(name="Centrum en omgeving")


def test_profile_signals_become_findings_and_decisions_are_kept(centrum):
    profile = neighbourhood_profile(centrum)
    counts = record_profile_signals(profile, centrum.workspace, neighbourhood=centrum)
    assert counts["new"] == len(profile.signals) > 0
    finding = Finding.objects.get(neighbourhood=centrum, key="share_80plus:higher")
    assert "80-plussers" in finding.statement_nl and finding.evidence["references"]
    decide(finding.pk, status="accepted", note="Bevestigd door het buurtteam", user="tester")
    again = record_profile_signals(neighbourhood_profile(centrum), centrum.workspace, neighbourhood=centrum)
    assert again == {"new": 0, "updated": counts["new"], "not_current": 0}
    finding.refresh_from_db()
    assert (finding.status, finding.note) == ("accepted", "Bevestigd door het buurtteam")


def test_a_finding_no_longer_found_is_kept_but_marked(centrum):
    workspace = centrum.workspace
    item = FindingInput("profile", "share_tenants:higher", {"nl": "Veel huurders", "en": "Many tenants"})
    record_findings(workspace, [item], neighbourhood=centrum, source="profile")
    result = record_findings(workspace, [], neighbourhood=centrum, source="profile")
    assert result["not_current"] == 1
    rows = summary_rows(workspace, centrum)
    assert rows[0]["current"] is False and rows[0]["statement"] == "Veel huurders"


def test_voices_can_confirm_a_figure_and_other_workspaces_are_refused(centrum):
    workspace = centrum.workspace
    record_findings(workspace, [FindingInput("profile", "share_80plus:higher", {"nl": "Veel 80-plussers"})],
                    neighbourhood=centrum, source="profile")
    record_findings(workspace, [FindingInput("voices", "focus_group:lonely", {"nl": "Ouderen voelen zich alleen"})],
                    neighbourhood=centrum, source="voices")
    figure = Finding.objects.get(source="profile", key="share_80plus:higher")
    voice = Finding.objects.get(source="voices")
    relate(voice, figure, "confirms")
    assert Finding.objects.get(pk=voice.pk).related_id == figure.pk
    other = Workspace.objects.create(name="Ander team", slug="ander")
    with pytest.raises(ZorgzaamError):
        decide(figure.pk, workspace=other, status="rejected")
    with pytest.raises(ZorgzaamError):
        decide(figure.pk, status="maybe")


def test_refresh_records_profile_and_environment_signals():
    from zorgzaam.plan.findings import refresh_neighbourhood

    install_demo()  # with the fictional facilities and street grid
    centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
    done = refresh_neighbourhood(centrum)
    assert done["profile"]["new"] > 0 and done["environment"]["new"] >= 3
    bus = Finding.objects.get(neighbourhood=centrum, source="environment", key="older_no_bus_stop")
    assert "bushalte" in bus.statement_nl and bus.evidence["reach_method"] == "network"
    # the fictional survey: shares that clearly differ from the team's reference figures
    voices = Finding.objects.filter(neighbourhood=centrum, source="voices")
    assert done["voices"]["new"] == voices.count()
    survey = voices.filter(key__startswith="survey")
    assert survey.count() >= 1
    evidence = survey.first().evidence
    assert evidence["respondents"] >= 5 and evidence["p_value"] < 0.05 and evidence["reference"]
    assert evidence["ci_low"] <= evidence["percent"] <= evidence["ci_high"]
    # stored as a message code, worded in the reader's language (the question as typed in each language)
    first = survey.first()
    assert first.statement_code == "finding_survey_statement" and first.statement_en == ""
    assert " — vraag '" in first.statement("nl") and "ligt het aandeel duidelijk" in first.statement("nl")
    english = first.statement("en")
    assert " — question '" in english and "the share" in english.lower() and "vraag" not in english, english


def test_qualitative_evidence_becomes_findings_with_its_quotes():
    """Strengths, challenges and themes heard in at least two quotes enter the summary table; counted here
    straight from the demo's records."""
    from zorgzaam.plan.findings import refresh_neighbourhood
    from zorgzaam.voices.models import QualitativeSession, Quote, StrengthChallenge

    install_demo()
    focus = QualitativeSession.objects.get(kind="focus_group")
    neighbourhood = focus.neighbourhood
    refresh_neighbourhood(neighbourhood)
    voices = Finding.objects.filter(neighbourhood=neighbourhood, source="voices")
    notes = StrengthChallenge.objects.filter(neighbourhood=neighbourhood)
    assert voices.filter(key__regex=r"^(strength|challenge):").count() == notes.count() == 5
    quotes = list(Quote.objects.filter(neighbourhood=neighbourhood))
    heard: dict[str, int] = {}
    for quote in quotes:
        for theme in quote.themes:
            heard[theme] = heard.get(theme, 0) + 1
    expected = {f"theme:{t}" for t, n in heard.items() if n >= 2}
    assert expected and set(voices.filter(key__startswith="theme:").values_list("key", flat=True)) == expected
    meeting = voices.get(key="theme:ontmoeting")
    assert len(meeting.evidence["quotes"]) == heard["ontmoeting"] == 2
    assert len(meeting.evidence["sessions"]) == 2  # the focus group and the observation
    assert "2 citaten uit 2 gesprekken" in meeting.statement_nl
    challenge = voices.get(key=f"challenge:{notes.get(text__startswith='Weinig plekken').pk}")
    assert challenge.evidence["session_id"] == focus.pk
    assert "Uitdaging" in challenge.statement_nl and "focusgroep" in challenge.statement_nl
    assert challenge.statement_code == "finding_voices_note_session"
    assert challenge.statement("en").startswith("Challenge according to residents and partners (focus group '")
    assert "2 quotes from 2 sessions" in meeting.statement("en") and meeting.statement("nl") == meeting.statement_nl
    # the quotes sharing its theme come along as evidence
    assert {q["text"] for q in challenge.evidence["quotes"]} == {q.text for q in quotes if "ontmoeting" in q.themes}
    # a quote that is removed: its theme no longer reaches two quotes and the finding is kept, not current
    Quote.objects.filter(pk=next(q.pk for q in quotes if "ontmoeting" in q.themes)).delete()
    refresh_neighbourhood(neighbourhood)
    meeting.refresh_from_db()
    assert meeting.is_current is False


def test_summary_rows_describe_the_evidence_in_words():
    from zorgzaam.plan.findings import refresh_neighbourhood

    install_demo()
    centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
    refresh_neighbourhood(centrum)
    rows = {row["key"]: row for row in summary_rows(centrum.workspace, centrum, "nl")}
    profile = rows["share_80plus:higher"]
    finding = Finding.objects.get(neighbourhood=centrum, key="share_80plus:higher")
    value = finding.evidence["value"]
    assert any(f"{value:.1f}".replace(".", ",") in line for line in profile["evidence_lines"])
    assert any(line.startswith("Ter vergelijking:") for line in profile["evidence_lines"])
    from zorgzaam.environment.taxonomy import category_name

    bus = rows["older_no_bus_stop"]
    evidence = Finding.objects.get(neighbourhood=centrum, key="older_no_bus_stop").evidence
    share = round(100 * evidence["share_within"])
    stops = category_name(evidence["categories"][0], "nl")
    assert f"{share} % van de 80-plussers woont binnen {evidence['threshold_m']:.0f} m van {stops}" \
        in bus["evidence_lines"], bus["evidence_lines"]
    assert "Gemeten over het stratennet" in bus["evidence_lines"]
    survey = next(row for key, row in rows.items() if key.startswith("survey"))
    evidence = survey["evidence"]
    assert any(f"{evidence['count']} van {evidence['respondents']} antwoorden" in line
               for line in survey["evidence_lines"])
    english = {row["key"]: row for row in summary_rows(centrum.workspace, centrum, "en")}
    assert "Measured over the street network" in english["older_no_bus_stop"]["evidence_lines"]


def test_findings_carry_a_theme_and_building_block_and_the_teams_choice_survives_a_new_analysis(capsys):
    from zorgzaam.plan.findings import apply_decisions, refresh_neighbourhood

    install_demo()
    centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
    refresh_neighbourhood(centrum)
    found = {f.key: f for f in Finding.objects.filter(neighbourhood=centrum)}
    assert (found["share_80plus:higher"].theme, found["share_80plus:higher"].building_block) == \
        ("population", "analysis_plan")  # the catalogue's theme 'age'
    assert (found["older_no_bus_stop"].theme, found["older_no_bus_stop"].building_block) == \
        ("mobility", "public_space")  # declared by the rule
    survey = next(f for key, f in found.items() if key.startswith("survey"))
    assert survey.theme == "income"  # the item bank's theme of 'unexpected_expense' (money)
    meeting = found["theme:ontmoeting"]
    assert (meeting.theme, meeting.building_block) == ("meeting", "public_space")
    assert all(f.theme and f.building_block for f in found.values())
    # the team moves a figure to another theme and building block; a new analysis keeps its choice
    apply_decisions(centrum.workspace, {found["share_80plus:higher"].pk: {"theme": "loneliness",
                                                                          "building_block": "detection"}},
                    user="tester")
    refresh_neighbourhood(centrum)
    again = Finding.objects.get(pk=found["share_80plus:higher"].pk)
    assert (again.theme, again.building_block, again.classified_by) == ("loneliness", "detection", "tester")
    from zorgzaam.cli import main

    assert main(["findings", "list", "Centrum en omgeving"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith(f"[{again.pk}]"))
    assert line.endswith("(Eenzaamheid en welzijn · Detectie)"), line
    rows = {row["key"]: row for row in summary_rows(centrum.workspace, centrum, "en")}
    assert rows["share_80plus:higher"]["theme_label"] == "Loneliness and wellbeing"
    assert rows["share_80plus:higher"]["block_label"] == "Detection"


def test_several_decisions_are_saved_together_or_not_at_all(centrum):
    from zorgzaam.plan.findings import apply_decisions

    workspace = centrum.workspace
    record_findings(workspace, [FindingInput("profile", f"k{i}", {"nl": f"Bevinding {i}"}) for i in range(3)],
                    neighbourhood=centrum, source="profile")
    ids = list(Finding.objects.filter(neighbourhood=centrum).order_by("key").values_list("pk", flat=True))
    with pytest.raises(ZorgzaamError):
        apply_decisions(workspace, {ids[0]: {"status": "accepted"}, ids[1]: {"status": "maybe"}})
    with pytest.raises(ZorgzaamError):
        apply_decisions(workspace, {ids[0]: {"status": "accepted"}, ids[1]: {"building_block": "pizza"}})
    assert set(Finding.objects.values_list("status", flat=True)) == {"open"}
    other = Workspace.objects.create(name="Ander team", slug="ander")
    with pytest.raises(ZorgzaamError):
        apply_decisions(other, {ids[0]: {"status": "accepted"}})
    assert apply_decisions(workspace, {ids[0]: {"status": "accepted", "note": " Eerst dit "},
                                       ids[1]: {"status": "rejected"}, ids[2]: {"status": "open"}}, user="t") == 2
    first = Finding.objects.get(pk=ids[0])
    assert (first.status, first.note, first.updated_by) == ("accepted", "Eerst dit", "t")


def test_the_demo_build_fills_the_summary_table_with_a_few_decisions():
    from zorgzaam.voices.models import StrengthChallenge

    install_demo(findings=True)
    workspace = Workspace.objects.get(slug="demo-overbos")
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace))
    for neighbourhood in neighbourhoods:
        mine = Finding.objects.filter(neighbourhood=neighbourhood)
        assert mine.filter(source="profile").exists() and mine.filter(source="voices").exists(), neighbourhood.name
    decided = Finding.objects.filter(workspace=workspace).exclude(status="open")
    assert 4 <= decided.count() <= 10 and decided.filter(status="rejected").exists()
    assert Finding.objects.filter(workspace=workspace, related__isnull=False).count() >= 2
    # every neighbourhood has strengths and challenges of its own
    notes = {n.name: frozenset(StrengthChallenge.objects.filter(neighbourhood=n).values_list("text", flat=True))
             for n in neighbourhoods}
    assert all(notes.values()) and len(set(notes.values())) == len(neighbourhoods)
    assert not set.intersection(*(set(texts) for texts in notes.values()))
    # building it again keeps the table as it was (no stale findings of the previous build's notes)
    count = Finding.objects.filter(workspace=workspace).count()
    install_demo(findings=True)
    assert Finding.objects.filter(workspace=workspace).count() == count
    assert Finding.objects.filter(workspace=workspace, is_current=False).count() == 0
    assert Finding.objects.filter(workspace=workspace).exclude(status="open").count() == decided.count()


def test_a_fresh_process_words_stored_finding_questions(tmp_path):
    """A process that only reads stored findings (a report, a job worker) words their codes: the plan app
    registers them when Django starts, not only when plan.findings happens to be imported."""
    import os
    import subprocess
    import sys

    code = ("import django; django.setup(); from zorgzaam.messages import render; "
            "print(render('finding_mismatch_question', {}, lang='nl'))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zorgzaam.web.settings", "ZORGZAAM_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() and "finding_mismatch_question" not in out.stdout
