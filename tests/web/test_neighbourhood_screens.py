"""Building and editing neighbourhoods through the screens (the no-JavaScript form path), the map data,
and the refusal of a concurrent edit."""

from __future__ import annotations

import pytest
from django.test import override_settings

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.workspaces.models import Role

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
    from zorgzaam.workspaces.models import Workspace

    workspace = Workspace.objects.create(name="Nieuw", slug="nieuw")
    user = new_user("nieuw-beheerder", workspace, Role.ADMIN)
    client = login(user)
    page = client.get("/w/nieuw/buurten/nieuw/").content.decode()
    assert "Kies de gemeente" in page and 'value="99001"' in page
    page = client.get("/w/nieuw/buurten/nieuw/?gemeente=99001").content.decode()
    assert 'name="sectors"' in page


# ------------------------------------------------------------------------ proposal preview (issue 13)

def _propose_field(page: str) -> dict:
    import re

    tag = re.search(r'<input[^>]*name="min_population"[^>]*>', page).group(0)
    return dict(re.findall(r'(\w+)="([^"]*)"', tag))


def test_the_proposal_field_accepts_its_own_default(demo, members, login):
    """The browser refuses a value off the step counted from the minimum: the default must lie on it."""
    client = login(members[Role.POLICY])
    attrs = _propose_field(client.get(f"/w/{demo.slug}/buurten/").content.decode())
    value, low, step = int(attrs["value"]), int(attrs["min"]), int(attrs["step"])
    assert value >= low and (value - low) % step == 0
    response = client.post(f"/w/{demo.slug}/buurten/voorstel/?gemeente=99001", {"min_population": attrs["value"]})
    assert response.status_code == 302 and response["Location"].endswith("/buurten/voorstel/")
    page = client.get(response["Location"]).content.decode()
    assert "Nog niets bewaard" in page and 'name="keep"' in page


def _proposal(client, demo, minimum="3000"):
    response = client.post(f"/w/{demo.slug}/buurten/voorstel/?gemeente=99001", {"min_population": minimum})
    assert response.status_code == 302
    return client.get(f"/w/{demo.slug}/buurten/voorstel/").content.decode()


def test_a_proposal_is_a_preview_and_saves_nothing_until_accepted(demo, members, login):
    import re

    client = login(members[Role.PRACTICE])
    before = set(Neighbourhood.all_objects.values_list("pk", flat=True))
    page = _proposal(client, demo)
    numbers = re.findall(r'name="keep" value="(\d+)"', page)
    assert len(numbers) >= 2
    assert "Voorstel 1" in page and "inwoners" in page and "99001" in page  # population and sectors per group
    assert 'id="proposal-map"' in page
    assert set(Neighbourhood.all_objects.values_list("pk", flat=True)) == before  # nothing saved yet
    data = client.get(f"/w/{demo.slug}/buurten/voorstel/kaart.geojson").json()
    groups = {f["properties"]["group"] for f in data["features"]} - {None}
    assert groups == {int(n) for n in numbers}
    # keep the first two, one renamed; drop the rest
    response = client.post(f"/w/{demo.slug}/buurten/voorstel/bewaren/", {
        "keep": numbers[:2], f"name_{numbers[0]}": "Rond de molen", f"name_{numbers[1]}": "Voorstel 2"})
    assert response.status_code == 302
    saved = Neighbourhood.objects.filter(workspace=demo).exclude(pk__in=before)
    assert sorted(saved.values_list("name", flat=True)) == ["Rond de molen", "Voorstel 2"]
    for neighbourhood in saved:
        version = neighbourhood.current
        assert version.rule == "split" and "3000" in version.rule_description  # the rule is recorded
        assert version.created_by == members[Role.PRACTICE].username
    # the proposal is gone from the session once accepted
    assert client.get(f"/w/{demo.slug}/buurten/voorstel/").status_code == 302


def test_accepting_with_a_clashing_name_saves_none_of_them(demo, members, login):
    import re

    client = login(members[Role.POLICY])
    page = _proposal(client, demo)
    numbers = re.findall(r'name="keep" value="(\d+)"', page)
    count = Neighbourhood.all_objects.count()
    response = client.post(f"/w/{demo.slug}/buurten/voorstel/bewaren/", {
        "keep": numbers[:2], f"name_{numbers[0]}": "Nieuw", f"name_{numbers[1]}": "Centrum en omgeving"})
    assert response.status_code == 400 and "bestaat al een buurt" in response.content.decode()
    assert Neighbourhood.all_objects.count() == count  # all or nothing
    response = client.post(f"/w/{demo.slug}/buurten/voorstel/bewaren/", {})
    assert response.status_code == 400 and "Kies minstens één" in response.content.decode()
    assert Neighbourhood.all_objects.count() == count


def test_dropping_a_proposal_saves_nothing(demo, members, login):
    client = login(members[Role.FACILITATOR])
    count = Neighbourhood.all_objects.count()
    _proposal(client, demo)
    response = client.post(f"/w/{demo.slug}/buurten/voorstel/weggooien/", follow=True)
    assert "Er is niets bewaard" in response.content.decode()
    assert Neighbourhood.all_objects.count() == count
    assert client.post(f"/w/{demo.slug}/buurten/voorstel/bewaren/", {"keep": ["1"]}).status_code == 302
    assert Neighbourhood.all_objects.count() == count


def test_readers_and_outsiders_cannot_propose_or_accept(demo, members, login, new_user):
    client = login(members[Role.READER])
    page = client.get(f"/w/{demo.slug}/buurten/").content.decode()
    assert "Stel buurten voor" not in page and "Archiveren" not in page
    for url in ("voorstel/", "voorstel/bewaren/", "voorstel/weggooien/"):
        assert client.post(f"/w/{demo.slug}/buurten/{url}", {"min_population": "2000"}).status_code == 403
    client = login(new_user("buitenstaander"))
    for url in ("voorstel/", "voorstel/bewaren/", "voorstel/weggooien/"):
        assert client.post(f"/w/{demo.slug}/buurten/{url}", {"min_population": "2000"}).status_code == 404


# ------------------------------------------------------------------------ archive and restore (issue 13)

def test_archive_hides_a_neighbourhood_keeps_its_history_and_restore_brings_it_back(demo, members, login):
    client = login(members[Role.POLICY])
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    versions = list(neighbourhood.versions.values_list("pk", flat=True))
    detail = client.get(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/").content.decode()
    assert f"/buurten/{neighbourhood.pk}/archiveren/" in detail
    response = client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/archiveren/", follow=True)
    page = response.content.decode()
    assert "is gearchiveerd" in page and "Gearchiveerd" in page and "Terugzetten" in page
    assert f'href="/w/{demo.slug}/buurten/{neighbourhood.pk}/"' not in page  # not in the list any more
    archived = Neighbourhood.all_objects.get(pk=neighbourhood.pk)
    assert archived.archived_at is not None and archived.archived_by == members[Role.POLICY].username
    assert list(archived.versions.values_list("pk", flat=True)) == versions  # history kept
    assert not demo.neighbourhoods.filter(pk=neighbourhood.pk).exists()  # every app's choices skip it
    assert client.get(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/").status_code == 404
    assert client.get(f"/profiel/{demo.slug}/buurten/{neighbourhood.pk}/").status_code == 404
    # a new neighbourhood cannot take the archived one's name
    response = client.post(f"/w/{demo.slug}/buurten/nieuw/", {"name": "Centrum en omgeving",
                                                              "sectors": ["99001A00-"]})
    assert "gearchiveerde buurt" in response.content.decode()
    response = client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/terugzetten/")
    assert response.status_code == 302 and response["Location"].endswith(f"/buurten/{neighbourhood.pk}/")
    restored = Neighbourhood.objects.get(pk=neighbourhood.pk)
    assert restored.archived_at is None and list(restored.versions.values_list("pk", flat=True)) == versions
    assert client.get(response["Location"]).status_code == 200
    # restoring what is not archived is not found
    assert client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/terugzetten/").status_code == 404


def test_readers_and_outsiders_cannot_archive_or_restore(demo, members, login, new_user, other):
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    client = login(members[Role.READER])
    assert client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/archiveren/").status_code == 403
    assert Neighbourhood.objects.filter(pk=neighbourhood.pk).exists()
    from zorgzaam.areas import neighbourhood_service as service

    service.archive_neighbourhood(neighbourhood.name, workspace=demo, archived_by="x")
    page = client.get(f"/w/{demo.slug}/buurten/").content.decode()
    assert "Gearchiveerd" in page and "Terugzetten" not in page  # a reader sees it, without the button
    assert client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/terugzetten/").status_code == 403
    client = login(new_user("buitenstaander"))
    assert client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/terugzetten/").status_code == 404
    # another workspace's beheerder cannot reach this one's neighbourhoods through their own workspace
    client = login(other["owner"])
    assert client.post(f"/w/andere/buurten/{neighbourhood.pk}/terugzetten/").status_code == 404
    other_one = Neighbourhood.objects.filter(workspace=demo).first()
    assert client.post(f"/w/andere/buurten/{other_one.pk}/archiveren/").status_code == 404
    assert Neighbourhood.all_objects.get(pk=neighbourhood.pk).archived_at is not None
