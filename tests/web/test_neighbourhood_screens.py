"""Building and editing neighbourhoods through the screens (the no-JavaScript form path), the map data,
and the refusal of a concurrent edit."""

from __future__ import annotations

import pytest
from django.test import override_settings

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.web.models import Role

pytestmark = pytest.mark.django_db


def test_create_from_the_sector_checklist(demo, members, login):
    client = login(members[Role.PRACTICE])
    page = client.get(f"/w/{demo.slug}/buurten/nieuw/").content.decode()
    assert 'name="sectors" value="99001A00-"' in page and "Overbos-Dorp" in page  # grouped by wijk
    response = client.post(f"/w/{demo.slug}/buurten/nieuw/",
                           {"name": "Rond het plein", "sectors": ["99001A00-", "99001A01-"], "note": "test"})
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Rond het plein")
    assert response.status_code == 302 and response["Location"].endswith(f"/buurten/{neighbourhood.pk}/")
    version = neighbourhood.current
    assert version.number == 1 and sorted(version.sector_codes) == ["99001A00-", "99001A01-"]
    assert version.created_by == members[Role.PRACTICE].username
    detail = client.get(response["Location"]).content.decode()
    assert "Rond het plein" in detail and "99001A01-" in detail and "Versie 1" in detail
    assert "Inwoners" in detail and "nog geen bevolkingscijfers" not in detail  # the demo has population


def test_create_refuses_a_duplicate_name_and_an_empty_choice_with_a_message(demo, members, login):
    client = login(members[Role.ADMIN])
    response = client.post(f"/w/{demo.slug}/buurten/nieuw/", {"name": "Centrum en omgeving",
                                                             "sectors": ["99001A00-"]})
    assert response.status_code == 200 and "bestaat al een buurt" in response.content.decode()
    response = client.post(f"/w/{demo.slug}/buurten/nieuw/", {"name": "Leeg"})
    assert "Kies minstens één sector" in response.content.decode()
    response = client.post(f"/w/{demo.slug}/buurten/nieuw/", {"name": "Vreemd", "sectors": ["12345A00-"]})
    assert response.status_code == 200 and not Neighbourhood.objects.filter(name__in=["Leeg", "Vreemd"]).exists()


def test_edit_adds_a_version_and_keeps_the_history(demo, members, login):
    client = login(members[Role.POLICY])
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    before = list(neighbourhood.current.sector_codes)
    extra = next(code for code in ["99001A00-", "99001A01-", "99001A02-", "99001A03-", "99001B00-"]
                 if code not in before)
    response = client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/wijzigen/",
                           {"sectors": before + [extra], "version": 1, "note": "uitgebreid"})
    assert response.status_code == 302
    assert neighbourhood.versions.count() == 2 and extra in neighbourhood.current.sector_codes
    detail = client.get(response["Location"]).content.decode()
    assert "Versie 2" in detail and "Versie 1" in detail and f"Erbij: {extra}" in detail


def test_a_concurrent_edit_is_refused_and_nothing_is_overwritten(demo, members, login):
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    codes = list(neighbourhood.current.sector_codes)
    first = login(members[Role.POLICY])
    first.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/wijzigen/",
               {"sectors": codes[:-1], "version": 1})
    assert neighbourhood.versions.count() == 2
    second = login(members[Role.PRACTICE])  # started from version 1 too
    response = second.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/wijzigen/",
                           {"sectors": codes + ["99001B00-"], "version": 1})
    assert response.status_code == 200
    assert "Iemand anders heeft deze buurt intussen gewijzigd" in response.content.decode()
    assert neighbourhood.versions.count() == 2
    assert sorted(neighbourhood.current.sector_codes) == sorted(codes[:-1])


def test_saving_the_same_sectors_again_is_not_a_new_version(demo, members, login):
    client = login(members[Role.ADMIN])
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    response = client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/wijzigen/",
                           {"sectors": neighbourhood.current.sector_codes, "version": 1})
    assert "Er is niets veranderd" in response.content.decode() and neighbourhood.versions.count() == 1


def test_map_geojson_is_wgs84_marks_the_neighbourhood_and_leaves_out_zzzz(demo, members, login):
    client = login(members[Role.READER])
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    vintage = neighbourhood.current.vintage
    data = client.get(f"/w/{demo.slug}/kaart/99001/{vintage}/sectoren.geojson?buurt={neighbourhood.pk}").json()
    codes = {f["properties"]["code"] for f in data["features"]}
    assert not any(code.endswith("ZZZZ") for code in codes)
    assert {f["properties"]["code"] for f in data["features"] if f["properties"]["selected"]} == set(
        neighbourhood.current.sector_codes)
    lon, lat = data["features"][0]["geometry"]["coordinates"][0][0]
    assert 2.5 < lon < 6.5 and 49.4 < lat < 51.6  # degrees in Belgium, not Lambert metres
    assert all("approximate" in f["properties"] for f in data["features"])
    wijken = client.get(f"/w/{demo.slug}/kaart/99001/{vintage}/wijken.geojson").json()
    assert wijken["features"] and all(f["properties"]["name"] for f in wijken["features"])
    assert client.get(f"/w/{demo.slug}/kaart/00000/{vintage}/wijken.geojson").status_code == 404


def test_leaflet_is_served_from_the_installed_package(demo, members, login):
    client = login(members[Role.READER])
    neighbourhood = demo.neighbourhoods.first()
    page = client.get(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/").content.decode()
    assert "/static/leaflet/leaflet.js" in page and "http" not in page.split("leaflet.js")[0].rsplit('"', 1)[-1]
    response = client.get("/static/leaflet/leaflet.js")
    assert response.status_code == 200
    assert b"Leaflet" in b"".join(response.streaming_content)[:300]


@override_settings(ZORGZAAM_TILE_URL="https://tiles.example/{z}/{x}/{y}.png")
def test_a_base_map_is_optional_configuration(demo, members, login):
    client = login(members[Role.READER])
    page = client.get(f"/w/{demo.slug}/buurten/{demo.neighbourhoods.first().pk}/").content.decode()
    assert 'data-tiles="https://tiles.example/{z}/{x}/{y}.png"' in page


def test_a_workspace_without_municipality_or_neighbourhoods_asks_which_municipality(demo, login, new_user):
    from zorgzaam.web.models import Workspace

    workspace = Workspace.objects.create(name="Nieuw", slug="nieuw")
    user = new_user("nieuw-beheerder", workspace, Role.ADMIN)
    client = login(user)
    page = client.get("/w/nieuw/buurten/nieuw/").content.decode()
    assert "Kies de gemeente" in page and 'value="99001"' in page
    page = client.get("/w/nieuw/buurten/nieuw/?gemeente=99001").content.decode()
    assert 'name="sectors"' in page
