"""Profiles from Statbel's real municipal population cubes (2009–2015, published on the municipalities
before the 2019 mergers), joined to the Flemish areas of 2024 and 2025.

Every expected figure is computed here from the file's own lines with pandas (another route than the
importer and the engine), and the first ones were also checked by hand: Balen 2015 has 21,969 inhabitants,
4,040 aged 65+, 1,074 aged 80+, 13,271 aged 20–64, 4,658 aged 0–19 and 10,851 aged 40–79."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from django.db import transaction

from zorgzaam.areas.store import load_and_save_areas
from zorgzaam.profile.service import area_profile, build_profile, profile_for
from zorgzaam.sources.importing import run_import

pytestmark = [pytest.mark.realdata, pytest.mark.slow, pytest.mark.django_db]

YEARS = [str(year) for year in range(2009, 2016)]


def cube(shared_data, year: str) -> pd.DataFrame:
    """The published cube as pandas reads it: municipality, province, region, age, persons."""
    path = shared_data / "statbel_open" / f"TF_SOC_POP_STRUCT_{year}.zip"
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.lower().endswith(".txt"))
        with archive.open(name) as handle:
            frame = pd.read_csv(handle, sep="|", dtype=str, encoding="utf-8-sig")
    frame = frame.rename(columns={"CD_MUNTY_REFNIS": "CD_REFNIS"})
    return pd.DataFrame({"municipality": frame["CD_REFNIS"], "province": frame["CD_PROV_REFNIS"],
                         "region": frame["CD_RGN_REFNIS"], "age": frame["CD_AGE"].astype(int),
                         "persons": frame["MS_POPULATION"].astype(int)})


def bands(rows: pd.DataFrame) -> dict:
    age, persons = rows["age"], rows["persons"]
    return {"total": persons.sum(), "65+": persons[age >= 65].sum(), "80+": persons[age >= 80].sum(),
            "20-64": persons[(age >= 20) & (age <= 64)].sum(), "0-19": persons[age <= 19].sum(),
            "40-79": persons[(age >= 40) & (age <= 79)].sum()}


@pytest.fixture(scope="module")
def flanders(django_db_setup, django_db_blocker, shared_data):
    """The Flemish areas and the seven population cubes, loaded once for this module and rolled back."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_and_save_areas([shared_data / "flanders_areas"])
            for year in YEARS:
                run_import("statbel-population", shared_data / "statbel_open" / f"TF_SOC_POP_STRUCT_{year}.zip")
            yield {year: cube(shared_data, year) for year in ("2009", "2015")}
            transaction.set_rollback(True)


def figure(profile, indicator: str, period: str, key=None) -> pd.Series:
    key = key or profile.focus
    rows = profile.results
    row = rows[(rows["level"] == key[0]) & (rows["code"] == key[1]) & (rows["vintage"] == key[2])
               & (rows["indicator"] == indicator) & (rows["period"] == period)]
    assert len(row) == 1, (indicator, period, key)
    return row.iloc[0]


def test_balen_2015_four_coefficients_from_the_files_own_lines(flanders):
    expected = bands(flanders["2015"][flanders["2015"]["municipality"] == "13003"])
    assert (expected["total"], expected["65+"], expected["80+"]) == (21969, 4040, 1074)  # checked by hand
    profile = profile_for("13003", periods=["2015"])
    assert profile.focus == ("municipality", "13003", "2025")
    assert figure(profile, "population", "2015")["value"] == 21969
    checks = {"grijze_druk": 100 * expected["65+"] / expected["20-64"],
              "groene_druk": 100 * expected["0-19"] / expected["20-64"],
              "interne_vergrijzing": 100 * expected["80+"] / expected["65+"],
              "mantelzorgratio": expected["40-79"] / expected["80+"]}
    for indicator, value in checks.items():
        row = figure(profile, indicator, "2015")
        assert row["status"] == "ok", (indicator, row["reason_code"])
        assert row["value"] == pytest.approx(value), indicator
    assert figure(profile, "grijze_druk", "2015")["value"] == pytest.approx(30.44, abs=0.01)
    # every Flemish area is loaded: no comparison area is flagged as partly loaded
    assert not any("som van de geladen gemeenten" in note for note in profile.notes)


def test_ravels_2015_fully_computed_although_the_cube_leaves_out_zero_cells(flanders):
    ravels = flanders["2015"][flanders["2015"]["municipality"] == "13035"]
    assert ravels["age"].max() < 100  # no one aged 100+: those lines are absent from the cube
    expected = bands(ravels)
    profile = profile_for("13035", periods=["2015"])
    assert figure(profile, "share_65plus", "2015")["value"] == pytest.approx(100 * expected["65+"] / expected["total"])
    for indicator in ("grijze_druk", "groene_druk", "interne_vergrijzing", "mantelzorgratio", "share_80plus"):
        assert figure(profile, indicator, "2015")["status"] == "ok", indicator


def test_care_zone_province_and_flanders_are_sums_of_their_municipalities(flanders):
    cube2015 = flanders["2015"]
    profile = profile_for("13003", periods=["2015"])
    references = {key[0]: key for key in profile.references}
    assert references["carezone"] == ("carezone", "elz3", "2025")
    baldemore = cube2015[cube2015["municipality"].isin(["13003", "13006", "13025", "13036"])]
    assert figure(profile, "population", "2015", references["carezone"])["value"] == baldemore["persons"].sum() == 78034
    share = figure(profile, "share_65plus", "2015", references["carezone"])
    # the sum of counts divided once, not a mean of the four municipalities' percentages
    assert share["numerator"] == bands(baldemore)["65+"]
    assert share["value"] == pytest.approx(100 * bands(baldemore)["65+"] / 78034)
    flemish = cube2015[cube2015["region"] == "2000"]
    assert figure(profile, "population", "2015", references["region"])["value"] == flemish["persons"].sum() == 6444127
    assert figure(profile, "grijze_druk", "2015", references["region"])["value"] == pytest.approx(
        100 * bands(flemish)["65+"] / bands(flemish)["20-64"])
    # The province of 2025 lost Zwijndrecht (11056) to East Flanders; the file has the old province.
    antwerp_2015 = cube2015[cube2015["province"] == "10000"]
    assert references["province"] == ("province", "10000", "2025")
    assert figure(profile, "population", "2015", references["province"])["value"] == (
        antwerp_2015["persons"].sum() - cube2015.loc[cube2015["municipality"] == "11056", "persons"].sum())
    old_province = area_profile(_area("province", "10000", "2024"), periods=["2015"])
    assert figure(old_province, "population", "2015")["value"] == antwerp_2015["persons"].sum()


def _area(level, code, vintage):
    from zorgzaam.areas.models import Area

    return Area.objects.get(level=level, code=code, vintage=vintage)


def test_merged_municipalities_are_the_sum_of_their_former_parts(flanders):
    cube2015 = flanders["2015"]
    persons = cube2015.groupby("municipality")["persons"].sum()
    deinze = profile_for("44083", periods=["2015"])  # Deinze + Nevele since 2019
    assert figure(deinze, "population", "2015")["value"] == persons["44011"] + persons["44049"] == 42419
    tongeren = profile_for("73111", periods=["2015"])  # Tongeren + Borgloon since 2025
    assert figure(tongeren, "population", "2015")["value"] == persons["73083"] + persons["73009"]
    beveren = profile_for("46030", periods=["2015"])  # Beveren + Kruibeke + Zwijndrecht since 2025
    assert figure(beveren, "population", "2015")["value"] == persons[["46003", "46013", "11056"]].sum()
    # the former municipality itself, on the sectors it had
    old_deinze = profile_for("44011", periods=["2015"])
    assert old_deinze.focus == ("municipality", "44011", "2018")
    assert figure(old_deinze, "population", "2015")["value"] == persons["44011"] == 30380


def test_balen_series_2009_to_2015_is_complete(flanders):
    profile = profile_for("13003", periods=YEARS)
    series = [figure(profile, "population", year) for year in YEARS]
    assert all(row["status"] == "ok" for row in series)
    assert series[0]["value"] == flanders["2009"].loc[flanders["2009"]["municipality"] == "13003", "persons"].sum()
    assert [int(row["value"]) for row in series] == [20811, 21022, 21303, 21570, 21772, 21817, 21969]
    change = profile.change
    assert len(change[change["indicator"] == "population"]) >= 1


def test_a_neighbourhood_is_told_why_municipal_figures_do_not_apply(flanders):
    from zorgzaam.messages import render

    sectors = ["13003A00-", "13003A011", "13003A02-"]
    profile = build_profile(("neighbourhood", "Centrum", ""), "Centrum", sectors, "2025", periods=["2015"])
    row = figure(profile, "population", "2015")
    assert row["status"] == "not_computable"
    assert row["reason_code"] == "profile_municipal_partial"
    text = render(row["reason_code"], row["reason_params"], lang="nl")
    assert "Balen (13003)" in text and "gedeeltelijk" in text
    # the whole of Balen drawn as a neighbourhood of its 2025 sectors does get the municipal figure
    whole = profile_for("13003").sectors
    everything = build_profile(("neighbourhood", "Heel Balen", ""), "Heel Balen", whole, "2025", periods=["2015"])
    assert figure(everything, "population", "2015")["value"] == 21969
