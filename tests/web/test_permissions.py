"""Every role × every kind of object: what a member may see and do, and that another workspace's
objects are 404 (never 403, which would tell they exist)."""

from __future__ import annotations

import pytest

from zorgzaam.sources.models import Dataset
from zorgzaam.workspaces.models import Job, Role
from zorgzaam.workspaces.permissions import ROLE_ACTIONS, Action, role_allows

pytestmark = pytest.mark.django_db

EDITORS = {Role.ADMIN, Role.POLICY, Role.PRACTICE, Role.FACILITATOR}
IMPORTERS = {Role.ADMIN, Role.POLICY}


def demo_dataset(demo):
    return Dataset.objects.filter(workspace=demo).first()


def demo_job(demo):
    job = Job.objects.filter(workspace=demo).first()
    return job or Job.objects.create(workspace=demo, params={"file_name": "demo.csv"})


def pages(demo) -> dict[str, tuple[str, set]]:
    """name -> (url, roles that may open it)."""
    neighbourhood = demo.neighbourhoods.order_by("id").first()
    dataset = demo_dataset(demo)
    job = demo_job(demo)
    base = f"/w/{demo.slug}"
    everyone = set(Role)
    return {
        "dashboard": (f"{base}/", everyone),
        "neighbourhood list": (f"{base}/buurten/", everyone),
        "neighbourhood": (f"{base}/buurten/{neighbourhood.pk}/", everyone),
        "neighbourhood map": (f"{base}/kaart/99001/{neighbourhood.current.vintage}/sectoren.geojson"
                              f"?buurt={neighbourhood.pk}", everyone),
        "neighbourhood edit": (f"{base}/buurten/{neighbourhood.pk}/wijzigen/", EDITORS),
        "neighbourhood create": (f"{base}/buurten/nieuw/", EDITORS),
        "dataset list": (f"{base}/gegevens/", everyone),
        "dataset": (f"{base}/gegevens/{dataset.pk}/", everyone),
        "import": (f"{base}/gegevens/importeren/", IMPORTERS),
        "job": (f"{base}/taken/{job.pk}/", everyone),
        "members": (f"{base}/leden/", {Role.ADMIN}),
    }


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_sees_what_it_may_and_is_refused_the_rest(role, demo, members, login):
    client = login(members[role])
    for name, (url, allowed) in pages(demo).items():
        status = client.get(url).status_code
        expected = 200 if role in allowed else 403
        assert status == expected, f"{role} on {name}: {status}, expected {expected}"


def test_a_non_member_gets_404_for_every_page_of_the_workspace(demo, other, login):
    client = login(other["owner"])
    for name, (url, _allowed) in pages(demo).items():
        assert client.get(url).status_code == 404, name


def test_a_workspace_that_does_not_exist_looks_the_same_as_one_you_are_not_in(demo, members, login):
    client = login(members[Role.ADMIN])
    assert client.get("/w/bestaat-niet/").status_code == 404
    assert client.get("/w/andere/").status_code == 404


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_another_workspaces_objects_are_404_through_your_own_workspace(role, demo, members, other, login):
    client = login(members[role])
    base = f"/w/{demo.slug}"
    vintage = other["neighbourhood"].current.vintage
    for url in [f"{base}/buurten/{other['neighbourhood'].pk}/",
                f"{base}/buurten/{other['neighbourhood'].pk}/wijzigen/",
                f"{base}/kaart/99001/{vintage}/sectoren.geojson?buurt={other['neighbourhood'].pk}",
                f"{base}/gegevens/{other['dataset'].pk}/",
                f"{base}/taken/{other['job'].pk}/",
                f"/w/andere/buurten/{other['neighbourhood'].pk}/",
                f"/w/andere/gegevens/{other['dataset'].pk}/"]:
        response = client.get(url)
        # The role is checked before the object: a reader asking to edit gets the same 403 for any id.
        refused_role = url.startswith(base) and url.endswith("wijzigen/") and role not in EDITORS
        assert response.status_code == (403 if refused_role else 404), url
        assert b"Geheime buurt" not in response.content and b"Eigen telling andere" not in response.content


def test_lists_show_only_the_workspaces_own_and_shared_things(demo, members, other, login):
    client = login(members[Role.READER])
    page = client.get(f"/w/{demo.slug}/buurten/").content.decode()
    assert "Centrum en omgeving" in page and "Geheime buurt" not in page
    data = client.get(f"/w/{demo.slug}/gegevens/").content.decode()
    assert "OCMW-ondersteuning" in data  # the demo's own counts
    assert "bevolking, huishoudens" in data  # shared official-like data
    assert "Eigen telling andere" not in data
    home = client.get("/").content.decode()
    assert "Demo Overbos" in home and "Andere werkruimte" not in home


def test_a_reader_cannot_change_anything_by_posting(demo, members, login):
    client = login(members[Role.READER])
    neighbourhood = demo.neighbourhoods.order_by("id").first()
    versions = neighbourhood.versions.count()
    response = client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/wijzigen/",
                           {"sectors": neighbourhood.current.sector_codes[:1], "version": versions})
    assert response.status_code == 403
    assert neighbourhood.versions.count() == versions
    response = client.post(f"/w/{demo.slug}/buurten/nieuw/", {"name": "Stiekem", "sectors": ["99001A00-"]})
    assert response.status_code == 403 and not demo.neighbourhoods.filter(name="Stiekem").exists()
    assert client.post(f"/w/{demo.slug}/gegevens/importeren/", {}).status_code == 403
    assert not Job.objects.filter(workspace=demo).exists()


def test_signed_out_visitors_are_sent_to_the_login_page(demo, client):
    response = client.get(f"/w/{demo.slug}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.get(f"/w/{demo.slug}/kaart/99001/2025/sectoren.geojson")
    assert response.status_code == 302


def test_role_table_is_what_the_members_page_promises():
    assert ROLE_ACTIONS[Role.ADMIN] == frozenset(Action)
    assert role_allows(Role.POLICY, Action.IMPORT_DATA) and not role_allows(Role.POLICY, Action.MANAGE_MEMBERS)
    assert not role_allows(Role.PRACTICE, Action.IMPORT_DATA)
    assert role_allows(Role.FACILITATOR, Action.EDIT_NEIGHBOURHOODS)
    assert ROLE_ACTIONS[Role.READER] == frozenset({Action.VIEW})
    assert not role_allows(None, Action.VIEW)
