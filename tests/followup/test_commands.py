"""``zorgzaam followup …``: a self-assessment round added and compared, the radar written, signals recorded and
counted with the yearly share, and a text checked for personal data."""

import json

import pytest

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
