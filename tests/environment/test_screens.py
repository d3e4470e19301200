"""The environment screens on the demo: permissions, facilities by hand, the network job, reach, isochrones,
walkability, the (mis)match signals and the GeoJSON / GeoPackage exports."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from pyproj import Transformer

from zorgzaam.environment.models import Facility, StreetNetwork
from zorgzaam.messages import stored_text
from zorgzaam.plan.models import Finding
from zorgzaam.workspaces.models import Job, Membership, Role, Workspace

pytestmark = pytest.mark.django_db
PASSWORD = "een-lang-wachtwoord-42"
TO_LAMBERT = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)


@pytest.fixture
def demo():
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo

    install_demo()
    return Workspace.objects.get(slug=WORKSPACE_SLUG)


def member(client, workspace, role, name=None):
    user = get_user_model().objects.create_user(name or f"u-{role}", "x@example.org", PASSWORD)
    if workspace is not None:
        Membership.objects.create(user=user, workspace=workspace, role=role)
    client.force_login(user)
    return user


def base(demo):
    return f"/omgeving/{demo.slug}"


def test_outsiders_get_404_and_readers_cannot_edit_or_export(client, demo):
    outsider_ws = Workspace.objects.create(name="Ander", slug="ander")
    member(client, outsider_ws, Role.ADMIN, "buitenstaander")
    for url in ("/", "/bereik/", "/loopbaarheid/", "/signalen/", "/voorzieningen.geojson", "/voorzieningen/nieuw/",
                "/export/voorzieningen.geojson", "/netwerk/"):
        assert client.get(base(demo) + url).status_code == 404, url
    member(client, demo, Role.READER)
    page = client.get(base(demo) + "/").content.decode()
    assert "Wat is er in de buurt?" in page and "Voorziening toevoegen" not in page and "GeoPackage" not in page
    assert client.get(base(demo) + "/voorzieningen/nieuw/").status_code == 403
    assert client.post(base(demo) + "/voorzieningen/nieuw/", {"name": "x"}).status_code == 403
    assert client.get(base(demo) + "/export/voorzieningen.geojson").status_code == 403
    assert client.get(base(demo) + "/netwerk/").status_code == 403
    shared = Facility.objects.first()
    assert client.post(base(demo) + f"/voorzieningen/{shared.pk}/niet-meer-actief/", {"note": "weg"}).status_code == 403


def test_overview_counts_every_category_and_lists_the_networks(client, demo):
    member(client, demo, Role.READER)
    page = client.get(base(demo) + "/").content.decode()
    active = Facility.objects.filter(is_retired=False).count()
    assert f"{active} actieve voorzieningen op de kaart." in page
    assert f'{Facility.objects.filter(category="bus_stop").count()}</td>' in page
    network = StreetNetwork.objects.get()
    assert network.name in page and "ja, het nieuwste" in page
    only_gp = client.get(base(demo) + "/?categorie=gp").content.decode()
    table = only_gp.split('id="list-title"')[1]
    assert table.count("Huisartsenpraktijk") == Facility.objects.filter(category="gp").count()
    assert "Apotheek " not in table
    data = client.get(base(demo) + "/voorzieningen.geojson").json()
    assert len(data["features"]) == active
    first = Facility.objects.get(pk=data["features"][0]["properties"]["id"])
    lon, lat = TO_WGS84.transform(first.x, first.y)
    assert data["features"][0]["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-5)


def test_add_correct_and_retire_a_facility_keeps_source_and_history(client, demo):
    user = member(client, demo, Role.PRACTICE)
    lat, lon = 51.0123, 4.4567
    response = client.post(base(demo) + "/voorzieningen/nieuw/", {
        "name": "Buurtwinkel De Hoek", "category": "local_shop", "lat": lat, "lon": lon, "address": "Hoek 1",
        "source": "Eigen waarneming", "source_date": "2026-03-01", "note": "gezien bij huisbezoek"})
    assert response.status_code == 302
    shop = Facility.objects.get(name="Buurtwinkel De Hoek")
    x, y = TO_LAMBERT.transform(lon, lat)
    assert (shop.workspace, shop.created_by) == (demo, user.username)
    assert shop.x == pytest.approx(x, abs=0.01) and shop.y == pytest.approx(y, abs=0.01)
    assert (shop.source, shop.source_date) == ("Eigen waarneming", "2026-03-01")
    # a correction: new name and place, the old values stay in the history
    response = client.post(base(demo) + f"/voorzieningen/{shop.pk}/", {
        "name": "Buurtwinkel De Nieuwe Hoek", "category": "local_shop", "lat": lat + 0.001, "lon": lon,
        "source": "Eigen waarneming", "source_date": "2026-04", "note": "nieuwe uitbater"})
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.name == "Buurtwinkel De Nieuwe Hoek" and shop.edited_by == user.username
    assert "nieuwe uitbater" in shop.note and "Buurtwinkel De Hoek" in shop.note
    assert shop.y == pytest.approx(TO_LAMBERT.transform(lon, lat + 0.001)[1], abs=0.01)
    # bad input: the date and the place are refused with a message, nothing changes
    page = client.post(base(demo) + f"/voorzieningen/{shop.pk}/", {
        "name": "X", "category": "local_shop", "lat": 40.0, "lon": lon, "source": "s", "source_date": "maart"})
    assert page.status_code == 200 and "jaar-maand-dag" in page.content.decode()
    shop.refresh_from_db()
    assert shop.name == "Buurtwinkel De Nieuwe Hoek"
    # retire: kept, marked, gone from the map
    assert client.post(base(demo) + f"/voorzieningen/{shop.pk}/niet-meer-actief/", {"note": "gesloten"}).status_code == 302
    shop.refresh_from_db()
    assert shop.is_retired and "gesloten" in shop.note
    ids = {f["properties"]["id"] for f in client.get(base(demo) + "/voorzieningen.geojson").json()["features"]}
    assert shop.pk not in ids
    assert "Buurtwinkel De Nieuwe Hoek" in client.get(base(demo) + "/?ook_inactief=1").content.decode()


def test_shared_official_facilities_are_not_edited_from_one_workspace(client, demo):
    member(client, demo, Role.ADMIN)
    official = Facility.objects.create(name="Apotheek Officieel", category="pharmacy", x=1.0, y=2.0, source="FAGG")
    response = client.post(base(demo) + f"/voorzieningen/{official.pk}/niet-meer-actief/", {"note": "x"})
    assert response.status_code == 404
    response = client.get(base(demo) + f"/voorzieningen/{official.pk}/")
    assert response.status_code == 302
    official.refresh_from_db()
    assert not official.is_retired


def test_import_a_team_list_reports_refused_rows_with_line_and_field(client, demo, settings):
    """The import runs as a background job; its page shows the report in the reader's language."""
    from pathlib import Path

    settings.ZORGZAAM_JOB_RUNNER = "inline"
    member(client, demo, Role.PRACTICE)
    text = ("naam;categorie;lat;lon\nLDC De Kring;lokaal dienstencentrum;51.01;4.45\n;apotheek;51.0;4.4\n"
            "Iets;ruimteschip;51.0;4.4\nVer weg;apotheek;50.5;5.9\n")
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "lijst.csv"
    with TestCase.captureOnCommitCallbacks(execute=True):  # the inline runner starts the job on commit
        response = client.post(base(demo) + "/voorzieningen/importeren/", {"format": "list", "file": upload})
    job = Job.objects.get(kind="facilities")
    assert response.status_code == 302 and response["Location"].endswith(f"/voorzieningen/importeren/?taak={job.pk}")
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert not Path(job.params["path"]).parent.exists()  # the upload is removed afterwards
    state = client.get(response["Location"] + "&format=json").json()
    assert state["finished"] is True and state["progress"] == 100
    page = client.get(response["Location"]).content.decode()
    assert Facility.objects.filter(workspace=demo, name__in=["LDC De Kring", "Ver weg"]).count() == 2
    # stored once, in no language: codes and parameters, worded when the page is read
    assert job.report["refused"] == 2 and not {"nl", "en"} & set(job.report)
    assert [(p["code"], p["line"]) for p in job.report["problems"]] == [("facility_no_name", 3),
                                                                         ("facility_unknown_category", 4)]
    assert "message" not in job.report["problems"][0] and "Rij zonder naam" not in json.dumps(job.report)
    assert job.report["per_category"] == [{"category": "ldc", "name": {"facility_category": "ldc"}, "count": 1},
                                          {"category": "pharmacy", "name": {"facility_category": "pharmacy"},
                                           "count": 1}]
    assert "Rijen gelezen" in page and "<td>lijst.csv</td><td class=\"num\">3</td><td>name</td>" in page
    assert "Rij zonder naam." in page and "Lokaal dienstencentrum: 1" in page
    assert "<td class=\"num\">4</td><td>category</td>" in page and "ruimteschip" in page
    assert "Ver weg" in page.split("Buiten de gemeente")[1]  # 50.5 / 5.9 lies far outside Overbos
    # the same import read in English afterwards: English words throughout
    client.cookies["django_language"] = "en"
    english = client.get(response["Location"]).content.decode()
    assert "Rows read" in english and "Row without a name." in english
    assert "Local service centre (LDC): 1" in english
    assert "Rij zonder naam" not in english and "Lokaal dienstencentrum" not in english


def test_a_facility_report_stored_in_both_languages_still_reads(client, demo):
    """A job row from before reports were records ({"nl": …, "en": …}) shows its part in the page's language."""
    user = member(client, demo, Role.PRACTICE)
    old = {lang: {"kind": "facilities", "file": "oud.csv", "source": "lijst", "rows_read": 7, "placed": 6,
                  "refused": 1, "per_category": [{"name": name, "count": 6}], "duplicates": [], "outside": [],
                  "problems": [{"code": "facility_no_name", "file": "oud.csv", "line": 5, "column": "name",
                                "message": message}]}
           for lang, name, message in (("nl", "Apotheek", "Rij zonder naam."),
                                       ("en", "Pharmacy", "Row without a name."))}
    job = Job.objects.create(workspace=demo, created_by=user, kind="facilities", status="done", progress=100,
                             report=old)
    page = client.get(base(demo) + f"/voorzieningen/importeren/?taak={job.pk}").content.decode()
    assert "Apotheek: 6" in page and "<td>Rij zonder naam.</td>" in page
    client.cookies["django_language"] = "en"
    page = client.get(base(demo) + f"/voorzieningen/importeren/?taak={job.pk}").content.decode()
    assert "Pharmacy: 6" in page and "<td>Row without a name.</td>" in page and "Apotheek" not in page


OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="51.0000" lon="4.4000"/><node id="2" lat="51.0010" lon="4.4000"/>
  <node id="3" lat="51.0020" lon="4.4000"/><node id="4" lat="51.0100" lon="4.4100"/>
  <node id="5" lat="51.0100" lon="4.4120"/>
  <node id="11" lat="51.0005" lon="4.4003"/><node id="12" lat="51.0005" lon="4.4005"/>
  <node id="13" lat="51.0007" lon="4.4005"/><node id="14" lat="51.0007" lon="4.4003"/>
  <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="101"><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
  <way id="102"><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="11"/><tag k="building" v="house"/></way>
</osm>
"""


def test_network_job_builds_and_reports_nodes_edges_and_islands(client, demo, settings):
    settings.ZORGZAAM_JOB_RUNNER = "inline"
    member(client, demo, Role.POLICY)
    upload = io.BytesIO(OSM.encode())
    upload.name = "klein.osm"
    with TestCase.captureOnCommitCallbacks(execute=True):  # the inline runner starts the job on commit
        response = client.post(base(demo) + "/netwerk/", {"file": upload, "name": "Testnet"})
    job = Job.objects.get(kind="network")
    assert response.status_code == 302 and response["Location"].endswith(f"/netwerk/taken/{job.pk}/")
    job.refresh_from_db()
    assert job.status == "done", job.error
    report = job.report  # stored once: figures in no language
    # two separate ways: 5 nodes, 2 + 1 segments, two islands; one house
    assert (report["nodes"], report["edges"], report["islands"], report["homes"]) == (5, 3, 2, 1)
    assert report["largest_island_share"] == pytest.approx(3 / 5)
    saved = StreetNetwork.objects.get(name="Testnet")
    assert (saved.node_count, saved.edge_count, saved.building_count, saved.workspace) == (5, 3, 1, demo)
    page = client.get(base(demo) + f"/netwerk/taken/{job.pk}/").content.decode()
    assert "Eilanden" in page and "<dd>2 " in page
    assert client.get(base(demo) + f"/netwerk/taken/{job.pk}/?format=json").json()["finished"] is True


def test_network_job_with_a_broken_file_fails_with_a_message(client, demo, settings):
    settings.ZORGZAAM_JOB_RUNNER = "inline"
    member(client, demo, Role.ADMIN)
    upload = io.BytesIO(b"dit is geen osm")
    upload.name = "kapot.osm"
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(base(demo) + "/netwerk/", {"file": upload})
    job = Job.objects.get(kind="network")
    assert job.status == "failed" and job.error["code"] == "osm_unreadable"  # stored as a code, worded when read
    assert StreetNetwork.objects.count() == 1  # only the demo's


def test_reach_table_agrees_with_the_map_layer(client, demo):
    member(client, demo, Role.READER)
    centrum = demo.neighbourhoods.get(name="Centrum en omgeving")
    query = f"doel=buurt:{centrum.pk}&categorie=bus_stop&categorie=gp&afstanden=400+800&tempo=older"
    page = client.get(f"{base(demo)}/bereik/?{query}").content.decode()
    assert "over het stratennetwerk" in page and "3,2 km per uur" in page
    layer = client.get(f"{base(demo)}/bereik/woonplaatsen.geojson?{query}&kaart=bus_stop").json()
    props = [f["properties"] for f in layer["locations"]["features"]]
    population = np.array([p["population"] for p in props])
    distance = np.array([np.inf if p["distance_m"] is None else p["distance_m"] for p in props])
    share = 100 * population[distance <= 400].sum() / population.sum()
    table = page.split('id="cat-bus_stop"')[1].split("</table>")[0]
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    shown = first_row.split("<strong>")[1].split(" %")[0]
    assert "Alle inwoners" in first_row and int(shown) == round(share)
    assert layer["outline"]["features"]  # the neighbourhood's outline for the map
    assert client.get(f"{base(demo)}/bereik/?doel=buurt:999999").status_code == 200  # an unknown choice: the form says so


def test_isochrones_grow_with_the_minutes(client, demo):
    member(client, demo, Role.READER)
    facility = Facility.objects.filter(category="ldc").first()
    data = client.get(f"{base(demo)}/bereik/isochroon.geojson?voorziening={facility.pk}&tempo=adult").json()
    minutes = [f["properties"]["minutes"] for f in data["features"]]
    assert minutes == [15, 10, 5]  # largest first: the smallest is drawn on top
    distances = [f["properties"]["distance_m"] for f in data["features"]]
    assert distances == pytest.approx([15 * 60 * 1.33, 10 * 60 * 1.33, 5 * 60 * 1.33], abs=0.5)
    areas = [f["properties"]["area_m2"] for f in data["features"]]
    assert areas[0] > areas[1] > areas[2] > 0


def test_walkability_page_and_grid(client, demo):
    member(client, demo, Role.PRACTICE)
    centrum = demo.neighbourhoods.get(name="Centrum en omgeving")
    page = client.get(f"{base(demo)}/loopbaarheid/?doel=buurt:{centrum.pk}").content.decode()
    assert "Vlaamse stadskern" in page  # the warning that the local best may still be poor
    assert all(n.name in page for n in demo.neighbourhoods.all())
    grid = client.get(f"{base(demo)}/loopbaarheid/cellen.json?doel=buurt:{centrum.pk}").json()["grid"]
    scores = np.array([c[4] for c in grid["cells"]])
    classes = np.array([c[8] for c in grid["cells"]])
    from zorgzaam.environment.service import walkability_of

    cells = walkability_of(centrum.name, demo)["cells"]
    assert len(scores) == len(cells) > 100
    assert abs(cells.loc[cells["in_reference"], "score"].mean()) < 0.01  # z-scores within the municipality: mean 0
    # classes follow the breaks (scores in the grid are rounded to 0.01, so stay clear of a break)
    assert set(classes[scores >= 3.01]) <= {4} and set(classes[scores < -3.01]) <= {0}
    exported = gpd.read_file(io.BytesIO(client.get(f"{base(demo)}/export/loopbaarheid.gpkg?doel=buurt:{centrum.pk}").content))
    assert exported.crs.to_epsg() == 31370 and len(exported) == len(scores)
    assert exported.geometry.area.round().eq(10_000).all()
    assert np.allclose(np.sort(exported["score"]), np.sort(scores), atol=0.006)


def test_mismatch_signals_and_recording_them_in_the_summary(client, demo):
    member(client, demo, Role.PRACTICE)
    centrum = demo.neighbourhoods.get(name="Centrum en omgeving")
    page = client.get(f"{base(demo)}/signalen/?doel=buurt:{centrum.pk}").content.decode()
    from zorgzaam.environment.service import mismatch_for

    expected = mismatch_for(centrum.name, workspace=demo)["signals"]
    assert len(expected) >= 3
    assert page.count("<details><summary>Waarop steunt dit?") == len(expected)
    for signal in expected:
        assert stored_text(signal["statement_record"], "nl") in page
    assert f"/plan/{demo.slug}/samenvatting/buurt/{centrum.pk}/vernieuwen/" in page
    client.post(f"/plan/{demo.slug}/samenvatting/buurt/{centrum.pk}/vernieuwen/")
    recorded = set(Finding.objects.filter(neighbourhood=centrum, source="environment").values_list("key", flat=True))
    assert recorded == {s["rule_id"] for s in expected}


def test_geojson_and_geopackage_exports_hold_the_same_facilities(client, demo):
    member(client, demo, Role.PRACTICE)
    geojson = client.get(base(demo) + "/export/voorzieningen.geojson")
    assert geojson.status_code == 200 and "attachment" in geojson["Content-Disposition"]
    data = json.loads(geojson.content)
    active = {f.pk: f for f in Facility.objects.filter(is_retired=False)}
    assert {f["properties"]["id"] for f in data["features"]} == set(active)
    one = data["features"][0]
    lon, lat = TO_WGS84.transform(active[one["properties"]["id"]].x, active[one["properties"]["id"]].y)
    assert one["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-6)
    package = gpd.read_file(io.BytesIO(client.get(base(demo) + "/export/voorzieningen.gpkg").content))
    assert package.crs.to_epsg() == 31370 and len(package) == len(active)
    row = package.set_index("id").loc[one["properties"]["id"]]
    assert (row.geometry.x, row.geometry.y) == pytest.approx((active[one["properties"]["id"]].x,
                                                             active[one["properties"]["id"]].y), abs=0.01)
    centrum = demo.neighbourhoods.get(name="Centrum en omgeving")
    homes = gpd.read_file(io.BytesIO(client.get(
        f"{base(demo)}/export/woonplaatsen.gpkg?doel=buurt:{centrum.pk}&categorie=gp&afstanden=400&tempo=adult").content))
    assert set(homes["category"]) == {"gp"} and (homes["status"] == "ok").all()
    layer = client.get(f"{base(demo)}/bereik/woonplaatsen.geojson?doel=buurt:{centrum.pk}&categorie=gp"
                       "&afstanden=400").json()["locations"]["features"]
    assert len(homes) == len(layer)
    assert homes["population"].sum() == pytest.approx(sum(f["properties"]["population"] for f in layer), rel=1e-3)


def test_word_and_excel_section_for_a_neighbourhood(client, demo):
    import openpyxl
    from docx import Document

    member(client, demo, Role.POLICY)
    centrum = demo.neighbourhoods.get(name="Centrum en omgeving")
    query = f"doel=buurt:{centrum.pk}&categorie=bus_stop&afstanden=400+800&tempo=adult"
    word = client.get(f"{base(demo)}/document.docx?{query}")
    assert word.status_code == 200 and word["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "Centrum en omgeving" in text
    excel = client.get(f"{base(demo)}/document.xlsx?{query}")
    book = openpyxl.load_workbook(io.BytesIO(excel.content))
    assert len(book.sheetnames) >= 2
    member(client, demo, Role.READER, "lezer2")
    assert client.get(f"{base(demo)}/document.docx?{query}").status_code == 403
