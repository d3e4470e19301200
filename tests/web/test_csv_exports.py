"""CSV for people and CSV for machines (issue 12, item 6): a web download is written in the Dutch dialect that
Excel in a Flemish locale opens as columns (``;``, decimal comma, UTF-8 with BOM); the CLI's ``--csv`` keeps
comma and decimal point. Both carry the numbers the profile engine computed, read back with pandas."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db

NAME = "Centrum en omgeving"


def _engine_figures(neighbourhood) -> pd.DataFrame:
    """What the profile service returns for the neighbourhood, one row per area, indicator and period."""
    from zorgzaam.profile.service import neighbourhood_profile

    records = neighbourhood_profile(neighbourhood).records("nl")
    return pd.DataFrame([{"area_code": r["area"]["code"], "indicator": r["indicator"], "period": r["period"],
                          "value": r["value"], "status": r["status"]} for r in records])


def _same_values(read: pd.DataFrame, engine: pd.DataFrame) -> int:
    """Every figure of the engine is in the file with the same value (to the last digit written); returns
    how many known values were compared."""
    read = read.assign(period=read["period"].astype(str), area_code=read["area_code"].astype(str))
    merged = engine.merge(read, on=["area_code", "indicator", "period"], how="left", suffixes=("", "_file"),
                          validate="one_to_one")
    assert len(merged) == len(engine) == len(read)
    assert (merged["status"] == merged["status_file"]).all()
    known = merged["value"].notna()
    assert (merged.loc[~known, "value_file"].isna()).all()  # unknown stays empty, never 0
    np.testing.assert_allclose(merged.loc[known, "value_file"].to_numpy(dtype=float),
                               merged.loc[known, "value"].to_numpy(dtype=float), rtol=1e-12)
    return int(known.sum())


def test_web_csv_is_dutch_and_carries_the_engines_numbers(client, demo, members):
    client.force_login(members[Role.POLICY.value])
    neighbourhood = demo.neighbourhoods.get(name=NAME)
    response = client.get(f"/profiel/{demo.slug}/buurten/{neighbourhood.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the accents
    text = content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("area_level;area_code;area_name;indicator;period;value")
    assert "," not in header

    read = pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig", dtype={"period": str})
    assert read["value"].dtype == float  # the decimal comma was read as a number, not as text
    compared = _same_values(read, _engine_figures(neighbourhood))
    assert compared > 100
    fractional = read["value"].dropna()
    assert (fractional != fractional.round()).sum() > 50  # enough non-whole numbers to prove the decimal comma
    assert "." not in "".join(text.splitlines()[1].split(";")[5:8])  # no decimal point in the figures


def test_web_csv_shows_the_same_figure_as_the_screen(client, demo, members):
    """The share of 80-plus residents on the profile screen (formatted with a decimal comma) is the value in
    the download."""
    from zorgzaam.profile.service import neighbourhood_profile

    client.force_login(members[Role.POLICY.value])
    neighbourhood = demo.neighbourhoods.get(name=NAME)
    profile = neighbourhood_profile(neighbourhood)
    period = profile.latest_period("share_80plus")
    own = profile.focus_results()
    value = float(own[(own["indicator"] == "share_80plus") & (own["period"] == period)]["value"].iloc[0])
    shown = profile.catalogue["share_80plus"].format(value, "nl")
    page = client.get(f"/profiel/{demo.slug}/buurten/{neighbourhood.pk}/").content.decode()
    assert shown in page

    content = client.get(f"/profiel/{demo.slug}/buurten/{neighbourhood.pk}/export.csv").content
    read = pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig", dtype={"period": str})
    row = read[(read["area_code"] == NAME) & (read["indicator"] == "share_80plus") & (read["period"] == period)]
    assert len(row) == 1 and row["value"].iloc[0] == pytest.approx(value, rel=1e-12)
    assert profile.catalogue["share_80plus"].format(row["value"].iloc[0], "nl") == shown


def test_cli_csv_keeps_comma_and_decimal_point(demo, tmp_path):
    from zorgzaam.cli import main

    target = tmp_path / "profiel.csv"
    assert main(["profile", NAME, "--workspace", demo.slug, "--csv", str(target), "--json"]) == 0
    content = target.read_bytes()
    assert not content.startswith(b"\xef\xbb\xbf")
    header = content.decode("utf-8").splitlines()[0]
    assert header.startswith("area_level,area_code,area_name,indicator,period,value") and ";" not in header
    read = pd.read_csv(target, dtype={"period": str})  # pandas' defaults: comma and decimal point
    assert read["value"].dtype == float
    neighbourhood = demo.neighbourhoods.get(name=NAME)
    assert _same_values(read, _engine_figures(neighbourhood)) > 100


def test_one_writer_for_both_dialects():
    from zorgzaam.spreadsheets import frame_to_csv

    frame = pd.DataFrame({"naam": ["Zoë", "=1+1"], "waarde": [12.5, -0.25]})
    people = frame_to_csv(frame, for_people=True)
    machines = frame_to_csv(frame, for_people=False)
    assert people == "\ufeffnaam;waarde\r\nZoë;12,5\r\n'=1+1;-0,25\r\n".encode()
    assert machines == "naam,waarde\nZoë,12.5\n'=1+1,-0.25\n".encode()
    buffer = io.StringIO()
    frame_to_csv(frame, buffer, for_people=False)
    assert buffer.getvalue().encode() == machines
