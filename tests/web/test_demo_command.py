import pytest

from zorgzaam.cli import main


@pytest.mark.django_db
def test_demo_command_builds_without_serving(capsys, client):
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "Overbos" in out and "fictief" in out.lower()
    page = client.get("/").content.decode()
    assert "Demo Overbos (fictief)" in page
    assert "Rond de kerk (getekend)" in page  # the example neighbourhoods are listed
