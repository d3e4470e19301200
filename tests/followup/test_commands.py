"""``zorgzaam followup …``: a self-assessment round added and compared, the radar written, signals recorded and
counted with the yearly share, and a text checked for personal data."""

import json

import pytest
from pypdf import PdfReader

from zorgzaam.cli import main

pytestmark = pytest.mark.django_db


def test_the_followup_commands(team, capsys, tmp_path):
    slug = ["--workspace", team["workspace"].slug]
    assert main(["followup", "assessment", "--add", "--date", "2026-03-01", "--person", "praktijkwerker",
                 "--score", "detection=4", "--score", "inclusion=2", *slug]) == 0
    assert main(["followup", "assessment", "--add", "--date", "2026-03-01", "--person", "beleidsmedewerker",
                 "--score", "detection=2", "--score", "inclusion=2", "--json", *slug]) == 0
    capsys.readouterr()
    assert main(["followup", "assessment", "--json", *slug]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["block"]: r for r in data["comparison"]["rows"]}
    assert rows["detection"]["difference"] == 2 and rows["detection"]["flagged"]
    assert main(["followup", "assessment", "--add", "--score", "detection=9", *slug]) != 0
    out = tmp_path / "radar.svg"
    assert main(["followup", "radar", "--out", str(out), *slug]) == 0 and "<svg" in out.read_text()
    assert main(["followup", "signal", "--date", "2025-05-01", "--theme", "wonen", "--description", "Wachtlijsten",
                 "--to", "OCMW", *slug]) == 0
    capsys.readouterr()
    assert main(["followup", "signals", "--json", *slug]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["yearly_share"] == [{"year": 2025, "signals": 1, "with_result": 0, "partial": 0, "percent": 0.0}]
    text = tmp_path / "tekst.txt"
    text.write_text("We zitten in de Kerkstraat 4. Mail ons: buurt@overbos.be", encoding="utf-8")
    assert main(["followup", "check-text", str(text), "--street", "Kerkstraat", "--json"]) == 1
    assert [f["kind"] for f in json.loads(capsys.readouterr().out)] == ["address", "email"]


def test_harvests_partners_meetings_inventory_and_export_from_the_command_line(team, capsys, tmp_path):
    from zorgzaam.followup.models import Harvest, Initiative, Meeting, Partner
    from zorgzaam.plan import plan_service

    ws = team["workspace"]
    slug = ["--workspace", ws.slug]
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen in de buurt")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen op het plein", parent=goal)
    assert main(["followup", "harvest", "--action", str(action.pk), "--date", "2026-06-15", "--what",
                 "De gemeente plaatste beweegtoestellen.", "--reached", "2 ouderen en 4 jongeren",
                 "--interviews", "6", "--effect", "large", "--effort", "small", *slug]) == 0
    capsys.readouterr()
    assert main(["followup", "harvests", "--json", *slug]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["action"], row["reached"], row["date"]) == ("Beweegtoestellen op het plein", "2 ouderen en 4 jongeren",
                                                            "2026-06-15")
    assert main(["followup", "partner", "--organisation", "OCMW Overbos", "--role", "maatschappelijk werker",
                 "--domain", "welzijn", *slug]) == 0
    assert main(["followup", "meeting", "--date", "2026-05-01", "--consulted", "steering_group", "--title",
                 "Stuurgroep mei", "--attendance", "8", *slug]) == 0
    assert main(["followup", "initiative", "--name", "Buurtkoffie", "--block", "social_networks", "--block",
                 "detection", "--neighbourhood", "Centrum", *slug]) == 0
    capsys.readouterr()
    assert main(["followup", "partners", "--json", *slug]) == 0
    assert json.loads(capsys.readouterr().out)["partners"][0]["contact_role"] == "maatschappelijk werker"
    assert main(["followup", "meetings", "--json", *slug]) == 0
    meetings = json.loads(capsys.readouterr().out)["meetings"]
    assert [(m["date"], m["title"], m["attendance"]) for m in meetings] == [("2026-05-01", "Stuurgroep mei", 8)]
    assert main(["followup", "inventory", "--json", *slug]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["block"]: r for r in data["rows"]}
    assert data["neighbourhoods"] == ["Centrum", "Heide"] and data["gaps"] == 18 - 2
    assert rows["detection"]["cells"]["Centrum"] == {"initiatives": ["Buurtkoffie"], "actions": [], "gap": False}
    assert rows["detection"]["cells"]["Heide"]["gap"]
    assert main(["followup", "inventory", *slug]) == 0
    assert "  Centrum: I: Buurtkoffie" in capsys.readouterr().out
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"opvolging.{fmt}"
        assert main(["followup", "export", "--out", str(out), *slug]) == 0
        assert out.read_bytes()[:2] == b"PK"  # a zip: Word and Excel files both are
    capsys.readouterr()
    out = tmp_path / "opvolging.pdf"
    assert main(["followup", "export", "--out", str(out), "--json", *slug]) == 0
    assert json.loads(capsys.readouterr().out) == {"file": str(out), "format": "pdf"}
    reader = PdfReader(out)
    assert len(reader.pages) >= 1
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ").split())
    for expected in ("Opvolging van het buurtplan", "Oogst: wat brachten de acties teweeg?",
                     "Beweegtoestellen op het plein — 15-06-2026", "Bereikt: 2 ouderen en 4 jongeren.",
                     "Dit steunt op een paar gesprekken",  # six interviews: the warning
                     "Datum Geraadpleegd Titel Aanwezig Beslissingen",  # each header whole
                     "01-05-2026 stuurgroep Stuurgroep mei 8"):
        assert expected in text, expected
    assert main(["followup", "export", "--out", str(tmp_path / "opvolging.odt"), *slug]) != 0
    assert not (tmp_path / "opvolging.odt").exists()

    # bad input: a message naming what is wrong, exit 1 (2 for a malformed option), no traceback, nothing stored
    bad = [
        (["followup", "harvest", "--action", "99999", "--date", "2026-06-15", "--what", "x"], 1, "Actie 99999"),
        (["followup", "harvest", "--action", str(action.pk), "--date", "2026-06-15", "--what", "x",
          "--effect", "enorm"], 1, "'enorm'"),
        (["followup", "partner", "--organisation", "OCMW Overbos"], 1, "OCMW Overbos"),
        (["followup", "meeting", "--date", "2026-05-02", "--consulted", "kroeg"], 1, "soort overleg 'kroeg'"),
        (["followup", "initiative", "--name", "X", "--block", "detection", "--neighbourhood", "Nergens"], 1,
         "Buurt 'Nergens'"),
        (["followup", "initiative", "--name", "X", "--block", "gezondheid"], 1, "'gezondheid'"),
        (["followup", "initiative", "--name", "X", "--point", "95,3"], 1, "breedtegraad"),
        (["followup", "export", "--out", str(tmp_path / "opvolging.odt")], 1, "--out 'opvolging.odt'"),
        (["followup", "meeting", "--date", "1 mei", "--consulted", "residents"], 2, "--date: '1 mei' is geen datum"),
        (["followup", "initiative", "--name", "X", "--point", "hier"], 2, "--point: 'hier' is geen punt"),
        (["followup", "meeting", "--date", "2026-05-02", "--consulted", "residents", "--attendance", "-3"], 2,
         "--attendance: '-3' is geen aantal"),
    ]
    for argv, code, words in bad:
        try:
            result = main([*argv, *slug])
        except SystemExit as stop:  # argparse refuses a malformed option before the command runs
            result = stop.code
        err = capsys.readouterr().err
        assert result == code and words in err and "Traceback" not in err, (argv, result, err)
    assert (Harvest.objects.filter(workspace=ws).count(), Partner.objects.filter(workspace=ws).count(),
            Meeting.objects.filter(workspace=ws).count(), Initiative.objects.filter(workspace=ws).count()) == (1, 1, 1, 1)


def test_the_followup_help_is_dutch_first():
    """Like the other commands: "Dutch / English" for the command and each verb."""
    import argparse

    from zorgzaam.cli import build_parser

    def choices(parser):
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return action, action.choices

    top, commands = choices(build_parser())
    followup = commands["followup"]
    assert next(a.help for a in top._choices_actions if a.dest == "followup").startswith("opvolging: ")
    verbs, parsers = choices(followup)
    helps = {a.dest: a.help for a in verbs._choices_actions}
    assert sorted(helps) == sorted(parsers) and len(helps) == 14
    for verb, text in helps.items():
        dutch, english = text.split(" / ", 1)
        assert dutch and english and dutch != english, verb
    assert helps["signal"] == "een signaal naar beleid noteren / record a signal to policy"
    workspace = next(a for a in parsers["signals"]._actions if a.dest == "workspace")
    assert workspace.help.startswith("slug van de werkruimte (standaard: de eerste) / ")
