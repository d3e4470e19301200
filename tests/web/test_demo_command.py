import pytest

from zorgzaam.cli import main


@pytest.mark.django_db
def test_demo_command_builds_without_serving_and_prints_the_login(capsys, client):
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "Overbos" in out and "fictief" in out.lower()
    assert "samenvatting:" in out  # the summary table is filled for a first visit
    line = next(line for line in out.splitlines() if "aanmelden" in line)
    password = line.split("wachtwoord '")[1].split("'")[0]
    assert client.login(username="demo", password=password)
    page = client.get("/w/demo-overbos/buurten/").content.decode()
    assert "Rond de kerk (getekend)" in page  # the example neighbourhoods are listed
    # a second run keeps the same login
    assert main(["demo", "--no-serve"]) == 0
    assert f"wachtwoord '{password}'" in capsys.readouterr().out
