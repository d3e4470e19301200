"""What data do I have? Families of measures per level, vintage and period; indicators computable where
all their counts exist (sector counts serve every level, municipal counts the levels above); what to
import to fill a gap. Plain tables first, then the demo, the CLI and a real Statbel import."""

import json

import pandas as pd
import pytest

from zorgzaam.profile.catalogue import load_catalogue
from zorgzaam.profile.coverage import DatasetInfo, coverage, family_of, has_measure


def _values(level, vintage, periods, measures, codes=("a", "b")):
    return pd.DataFrame([(level, code, vintage, period, measure) for period in periods for measure in measures
                         for code in codes], columns=["area_level", "area_code", "area_vintage", "period", "measure"])


def _single_years(prefix="population"):
    return [f"{prefix}_age_{a:03d}_{a:03d}" for a in range(100)] + [f"{prefix}_age_100_999"]


def _indicator(result, indicator_id):
    return next(i for i in result.indicators if i["id"] == indicator_id)


def _levels(row):
    return {c["level"]: c["periods"] for c in row["computable"]}


def test_measures_fall_into_families():
    assert family_of("population_age_065_069") == "population_age_sex"
    assert family_of("population_female") == "population_age_sex"
    assert family_of("population_civil_widowed") == "civil_status"
    assert family_of("population_non_belgian") == "nationality_origin"
    assert family_of("income_net_taxable_eur") == "income" and family_of("tax_returns_zero_income_count") == "income"
    assert family_of("households_single_person") == "households" and family_of("households_tenant") == "housing"
    assert family_of("income_net_taxable_median") == "published"
    assert family_of("ocmw_support_persons", team=True) == "team"


def test_age_bands_make_up_wider_bands_and_the_total():
    single = set(_single_years())
    assert has_measure("population_age_065_999", single)
    assert has_measure("population_age_040_079", single)
    assert has_measure("population", single)  # a complete set of bands is the total
    assert not has_measure("population_age_065_999", {"population_age_065_069", "population_age_080_999"})


def test_municipal_counts_serve_the_levels_above_and_sector_counts_every_level():
    municipal = DatasetInfo("statbel 2014-2015", _values("municipality", "2018", ["2013", "2015"],
                                                         ["population"] + _single_years()))
    result = coverage([municipal], load_catalogue(), "nl")
    family = next(f for f in result.families if f["id"] == "population_age_sex")
    assert [(c["level"], c["vintage"], c["periods"], c["areas"]) for c in family["coverage"]] == \
        [("municipality", "2018", ["2013", "2015"], 2)]
    grey = _levels(_indicator(result, "grijze_druk"))
    assert set(grey) == {"municipality", "carezone", "arrondissement", "province", "region"}
    assert grey["carezone"] == ["2013", "2015"]
    # the missing year inside the series, with the download name of that year
    years = next(g for g in result.gaps if g["kind"] == "years")
    assert years["years"] == ["2014"] and years["download"] == ["statbel-population-2014"]
    assert "zorgzaam data download statbel-population-2014" in years["commands"]
    assert "zorgzaam import statbel-population BESTAND" in years["commands"]
    # no sector counts: neighbourhoods cannot be computed, and the sector file is the way
    level = next(g for g in result.gaps if g["kind"] == "level")
    assert level["level"] == "sector" and level["download"] == ["statbel-sectors"]
    # a family nobody imported: what it would make computable
    households = next(g for g in result.gaps if g["kind"] == "family" and g["family"] == "households")
    assert "Alleenwonenden (huishoudens van één persoon)" in households["indicators"]

    sectors = DatasetInfo("census", _values("sector", "2024", ["2021"], ["population_age_065_999", "population"]))
    result = coverage([municipal, sectors], load_catalogue(), "en")
    share = _levels(_indicator(result, "share_65plus"))
    assert share["neighbourhood"] == ["2021"] and share["sector"] == ["2021"]
    assert share["municipality"] == ["2013", "2015", "2021"]
    via = {c["level"]: c["via"] for c in _indicator(result, "share_65plus")["computable"]}
    assert via["province"] == ["sector", "municipality"] and via["neighbourhood"] == ["sector"]


def test_a_published_median_serves_only_the_areas_it_was_published_for():
    published = DatasetInfo("swing", _values("municipality", "2025", ["2022"], ["income_net_taxable_median"]))
    median = _levels(_indicator(coverage([published], load_catalogue()), "median_net_taxable_income"))
    assert median == {"municipality": ["2022"]}


def test_nothing_imported_yet():
    result = coverage([], load_catalogue(), "nl")
    assert result.families == [] and not any(i["computable"] for i in result.indicators)


# ---------------------------------------------------------------------------------- demo and CLI

@pytest.mark.django_db
def test_demo_coverage_with_and_without_the_team_s_own_counts():
    from zorgzaam.profile.coverage_service import workspace_coverage
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
    from zorgzaam.workspaces.models import Workspace

    install_demo(extensions=False)
    workspace = Workspace.objects.get(slug=WORKSPACE_SLUG)
    result = workspace_coverage(workspace, "nl")
    population = next(f for f in result.families if f["id"] == "population_age_sex")
    sector = next(c for c in population["coverage"] if c["level"] == "sector")
    assert sector["vintage"] == "2025" and sector["periods"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    team = next(f for f in result.families if f["id"] == "team")
    assert team["coverage"][0]["periods"] == ["2020", "2021", "2022", "2023", "2024"]
    assert _levels(_indicator(result, "ocmw_support_per_100"))["neighbourhood"] == \
        ["2020", "2021", "2022", "2023", "2024"]
    shared_only = workspace_coverage(None, "nl")
    assert not _indicator(shared_only, "ocmw_support_per_100")["computable"]
    assert "team" not in {f["id"] for f in shared_only.families}


@pytest.mark.django_db
def test_the_coverage_screen(client):
    from tests.web.conftest import PASSWORD, make_user

    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
    from zorgzaam.workspaces.models import Role, Workspace

    install_demo(extensions=False)
    workspace = Workspace.objects.get(slug=WORKSPACE_SLUG)
    user = make_user("u-cov", workspace, Role.READER)
    assert client.login(username=user.username, password=PASSWORD)
    assert "Welke gegevens heb je?" in client.get(f"/w/{workspace.slug}/gegevens/").content.decode()
    page = client.get(f"/profiel/{workspace.slug}/gegevens/").content.decode()
    assert "Bevolking naar leeftijd en geslacht" in page and "2020–2025" in page
    assert "Mantelzorgratio" in page and "elk niveau, van sector tot gewest" in page
    assert "Bestand importeren" not in page  # a reader may not import
    outsider = make_user("u-out")
    client.logout()
    assert client.login(username=outsider.username, password=PASSWORD)
    assert client.get(f"/profiel/{workspace.slug}/gegevens/").status_code == 404


@pytest.mark.realdata
@pytest.mark.django_db
def test_a_real_statbel_import_gives_2015_at_the_2018_municipalities(shared_data, capsys):
    from zorgzaam.cli import main

    assert main(["areas", "load", str(shared_data / "balen_ravels")]) == 0
    if main(["import", "statbel-population", str(shared_data / "statbel_open" / "TF_SOC_POP_STRUCT_2015.zip")]):
        pytest.fail("the Statbel import failed: " + capsys.readouterr().err[-500:])
    capsys.readouterr()
    assert main(["data", "coverage", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    population = next(f for f in data["families"] if f["id"] == "population_age_sex")
    assert [(c["level"], c["vintage"], c["periods"], c["areas"]) for c in population["coverage"]] == \
        [("municipality", "2018", ["2015"], 13)]
    assert {f["id"] for f in data["families"]} >= {"population_age_sex", "civil_status", "nationality_origin"}
    grey = next(i for i in data["indicators"] if i["id"] == "grijze_druk")
    assert {c["level"]: c["periods"] for c in grey["computable"]} == {
        level: ["2015"] for level in ("municipality", "carezone", "arrondissement", "province", "region")}
    sector_gap = next(g for g in data["gaps"] if g["kind"] == "level")
    assert sector_gap["commands"][0] == "zorgzaam data download statbel-sectors"
    assert main(["data", "coverage"]) == 0
    text = capsys.readouterr().out
    assert "gemeente versie 2018: 2015 (13 gebieden)" in text
