"""The GeoPackage for QGIS (issue 12, item 6): neighbourhoods and sectors of the demo workspace with their
indicator values, downloaded from the profile screen and written by the CLI, read back with pyogrio and
geopandas; the values are the profile service's."""

from __future__ import annotations

import math

import geopandas as gpd
import pyogrio
import pytest

from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db

NAME = "Centrum en omgeving"


@pytest.fixture
def downloaded(client, demo, members, tmp_path):
    client.force_login(members[Role.POLICY.value])
    response = client.get(f"/profiel/{demo.slug}/geopackage.gpkg")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert 'filename="buurten_demo-overbos.gpkg"' in response["Content-Disposition"]
    path = tmp_path / "buurten.gpkg"
    path.write_bytes(response.content)
    return path


def test_read_back_layers_crs_rows_values_and_reasons(demo, downloaded):
    """One download read back three ways (the demo is installed once for all three checks)."""
    _layers_crs_and_rows(demo, downloaded)
    _values_are_the_profile_services(demo, downloaded)
    _figures_that_cannot_be_computed_carry_their_reason(downloaded)


def _layers_crs_and_rows(demo, downloaded):
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.profile.gpkg import municipalities_of

    layers = {name: kind for name, kind in pyogrio.list_layers(downloaded)}
    assert layers == {"buurten": "MultiPolygon", "sectoren": "MultiPolygon", "cijfers": None, "indicatoren": None}
    import sqlite3  # what QGIS reads first: the GeoPackage's own tables

    with sqlite3.connect(downloaded) as db:
        contents = {name: (kind, srs) for name, kind, srs in db.execute(
            "select table_name, data_type, srs_id from gpkg_contents")}
        assert contents == {"buurten": ("features", 31370), "sectoren": ("features", 31370),
                            "cijfers": ("attributes", 0), "indicatoren": ("attributes", 0)}
        assert db.execute("select organization, organization_coordsys_id from gpkg_spatial_ref_sys "
                          "where srs_id = 31370").fetchone() == ("EPSG", 31370)
        indexed = {row[0] for row in db.execute("select table_name from gpkg_extensions "
                                                "where extension_name = 'gpkg_rtree_index'")}
        assert indexed == {"buurten", "sectoren"}  # spatial index: QGIS draws and selects quickly
    buurten = gpd.read_file(downloaded, layer="buurten", engine="pyogrio")
    sectoren = gpd.read_file(downloaded, layer="sectoren", engine="pyogrio")
    assert buurten.crs.to_epsg() == 31370 and sectoren.crs.to_epsg() == 31370
    neighbourhoods = Neighbourhood.objects.filter(workspace=demo)
    assert sorted(buurten["naam"]) == sorted(n.name for n in neighbourhoods)
    assert buurten.geometry.notna().all() and buurten.geometry.is_valid.all()
    # Lambert 72 metres in Flanders, not degrees
    minx, miny, maxx, maxy = buurten.total_bounds
    assert 20_000 < minx < maxx < 300_000 and 140_000 < miny < maxy < 250_000
    municipalities = municipalities_of(demo)
    assert [m.name for m in municipalities] == ["Overbos (fictief)", "Heidebeek (fictief)"]
    from zorgzaam.areas.models import Area

    in_municipality = Area.objects.filter(level="sector", parent_links__parent__in=municipalities).values_list(
        "code", flat=True)
    assert len(sectoren) == len(set(in_municipality)) > len(buurten)
    assert set(sectoren["gemeente"]) == {m.name for m in municipalities}
    own = [c for n in neighbourhoods for c in n.current.sector_codes]
    assert set(sectoren.loc[sectoren["buurt"] != "", "code"]) == set(own)
    for neighbourhood in neighbourhoods:  # a neighbourhood's outline is the union of its sectors
        shape = buurten.loc[buurten["naam"] == neighbourhood.name].geometry.iloc[0]
        parts = sectoren[sectoren["code"].isin(neighbourhood.current.sector_codes)].geometry
        assert shape.area == pytest.approx(parts.union_all().area, rel=1e-6)


def _values_are_the_profile_services(demo, downloaded):
    from zorgzaam.profile.service import neighbourhood_profile, sector_figures

    buurten = gpd.read_file(downloaded, layer="buurten", engine="pyogrio")
    sectoren = gpd.read_file(downloaded, layer="sectoren", engine="pyogrio")
    indicatoren = pyogrio.read_dataframe(downloaded, layer="indicatoren").set_index("indicator")
    cijfers = pyogrio.read_dataframe(downloaded, layer="cijfers")
    compared = 0
    for neighbourhood in demo.neighbourhoods.all():
        own = neighbourhood_profile(neighbourhood).focus_results()
        row = buurten[buurten["naam"] == neighbourhood.name].iloc[0]
        for indicator in ("population", "share_65plus", "share_80plus", "mantelzorgratio",
                          "share_living_alone_75plus"):
            period = indicatoren.loc[indicator, "periode_buurten"]
            figure = own[(own["indicator"] == indicator) & (own["period"] == period)].iloc[0]
            if figure["status"] == "ok":
                assert row[indicator] == pytest.approx(float(figure["value"]), rel=1e-12)
                compared += 1
            else:
                assert row[indicator] is None or math.isnan(row[indicator])
    assert compared >= 10
    # every period of a neighbourhood is in the table, with the service's status
    centrum = demo.neighbourhoods.get(name=NAME)
    own = neighbourhood_profile(centrum).focus_results()
    in_table = cijfers[(cijfers["laag"] == "buurten") & (cijfers["gebied"] == NAME)]
    shown = own[own["indicator"].isin(set(indicatoren.index))]
    assert len(in_table) == len(shown)
    assert (in_table["status"].value_counts().sort_index() == shown["status"].value_counts().sort_index()).all()

    from zorgzaam.profile.gpkg import municipalities_of

    municipalities = municipalities_of(demo)
    compared = 0
    for indicator in ("share_65plus", "population", "share_single_person_households", "median_net_taxable_income"):
        for municipality in municipalities:
            table, period = sector_figures(municipality, indicator, demo)
            merged = table.merge(sectoren[["code", indicator]], on="code")
            assert len(merged) == len(table) == (sectoren["gemeente"] == municipality.name).sum()
            ok = merged["status"] == "ok"
            if ok.any():  # the column's period is listed; a municipality without any figure adds none
                assert period in indicatoren.loc[indicator, "periode_sectoren"].split(", ")
            assert merged.loc[ok, indicator].to_numpy() == pytest.approx(
                merged.loc[ok, "value"].astype(float).to_numpy(), rel=1e-12)
            assert merged.loc[~ok, indicator].isna().all()
            compared += int(ok.sum())
    assert compared > 50


def _figures_that_cannot_be_computed_carry_their_reason(downloaded):
    cijfers = pyogrio.read_dataframe(downloaded, layer="cijfers")
    missing = cijfers[cijfers["status"] != "ok"]
    assert len(missing) and missing["waarde"].isna().all()
    assert (missing["reden"].fillna("") != "").mean() > 0.9  # a reason in words, in Dutch
    assert cijfers.loc[cijfers["status"] == "ok", "waarde"].notna().all()


def test_reader_may_not_download_and_outsider_gets_404(client, demo, members, new_user):
    client.force_login(members[Role.READER.value])
    assert client.get(f"/profiel/{demo.slug}/geopackage.gpkg").status_code == 403
    client.force_login(new_user("buitenstaander"))
    assert client.get(f"/profiel/{demo.slug}/geopackage.gpkg").status_code == 404


def test_the_link_is_on_the_profile_screen(client, demo, members):
    client.force_login(members[Role.POLICY.value])
    neighbourhood = demo.neighbourhoods.get(name=NAME)
    page = client.get(f"/profiel/{demo.slug}/buurten/{neighbourhood.pk}/").content.decode()
    assert f"/profiel/{demo.slug}/geopackage.gpkg" in page
    compare = client.get(f"/profiel/{demo.slug}/buurten/").content.decode()
    assert f"/profiel/{demo.slug}/geopackage.gpkg" in compare


def test_cli_writes_the_same_geopackage(demo, downloaded, tmp_path):
    from zorgzaam.cli import main

    target = tmp_path / "cli.gpkg"
    assert main(["export", "gpkg", str(target), "--workspace", demo.slug, "--json"]) == 0
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"
    for layer in ("buurten", "sectoren", "cijfers", "indicatoren"):
        web = pyogrio.read_dataframe(downloaded, layer=layer)
        cli = pyogrio.read_dataframe(target, layer=layer)
        assert web.equals(cli), layer


@pytest.mark.realdata
def test_real_balen_geopackage(shared_data, tmp_path):
    """Real areas and figures: the Balen–Ravels pack and the Census 2021 sector counts, two neighbourhoods of
    Balen sectors. Sector outlines are not offline (DATA.md): the layer says which shapes are approximate."""
    from zorgzaam.areas import neighbourhood_service
    from zorgzaam.areas.loading import load_area_files, validate
    from zorgzaam.areas.store import save_areas
    from zorgzaam.profile.gpkg import workspace_gpkg
    from zorgzaam.profile.service import neighbourhood_profile, sector_figures
    from zorgzaam.sources.generic import WideOptions
    from zorgzaam.sources.importing import run_import
    from zorgzaam.workspaces.models import Workspace

    load = load_area_files([shared_data / "balen_ravels"])
    validate(load)
    save_areas(load.areas, load.links, load.crosswalk)
    options = WideOptions(mapping={"x65": "population_age_065_999", "rest": "population_age_000_064"},
                          skip=["prop_65plussers"])
    run_import("wide", shared_data / "belgium_sectors" / "Leeftijdgegevens_per_StatS.csv", period="2021",
               level="sector", options=options)
    workspace = Workspace.objects.create(name="Balen", slug="balen")
    for name, sectors in (("Balen-Centrum", ["13003A00-", "13003A011", "13003A02-"]),
                          ("Olmen", ["13003B000", "13003B01-"])):
        neighbourhood_service.create_neighbourhood(name, workspace=workspace, sectors=sectors, created_by="test")

    path = tmp_path / "balen.gpkg"
    workspace_gpkg(workspace, path)
    buurten = gpd.read_file(path, layer="buurten", engine="pyogrio")
    sectoren = gpd.read_file(path, layer="sectoren", engine="pyogrio")
    assert buurten.crs.to_epsg() == 31370 and sorted(buurten["naam"]) == ["Balen-Centrum", "Olmen"]
    for neighbourhood in workspace.neighbourhoods.all():
        own = neighbourhood_profile(neighbourhood).focus_results()
        expected = own[(own["indicator"] == "share_65plus") & (own["status"] == "ok")].sort_values("period")
        row = buurten[buurten["naam"] == neighbourhood.name].iloc[0]
        assert row["share_65plus"] == pytest.approx(float(expected["value"].iloc[-1]), rel=1e-12)
    from zorgzaam.profile.gpkg import municipalities_of

    [balen] = municipalities_of(workspace)
    assert balen.code == "13003"
    table, period = sector_figures(balen, "share_65plus", workspace)
    merged = table.merge(sectoren[["code", "share_65plus", "vorm"]], on="code")
    assert len(merged) == len(table) == len(sectoren) >= 35
    ok = merged["status"] == "ok"
    assert ok.sum() >= 30
    assert merged.loc[ok, "share_65plus"].to_numpy() == pytest.approx(merged.loc[ok, "value"].astype(float).to_numpy(),
                                                                      rel=1e-12)
    shaped = sectoren[sectoren.geometry.notna()]
    assert set(shaped["vorm"]) <= {"polygon", "approximate"}  # centroid-only sectors carry no shape
    indicatoren = pyogrio.read_dataframe(path, layer="indicatoren").set_index("indicator")
    assert indicatoren.loc["share_65plus", "periode_sectoren"] == period == "2021"
    assert indicatoren.loc["share_80plus", "periode_sectoren"] == ""  # Census 2021 has 0-64 and 65+ only
    assert sectoren["share_80plus"].isna().all()
    assert buurten.geometry.notna().all()
