"""Shared reference data (issue 11, item 4): the area levels every workspace reads are changed only by an
instance administrator (``zorgzaam admin grant``), never by a workspace's beheerder through the web."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from zorgzaam.areas.models import Area
from zorgzaam.cli import main
from zorgzaam.sources.jobs import AREAS_FORMAT
from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.models import Job, Role, Workspace

from .conftest import make_user

pytestmark = pytest.mark.django_db



def a_pack(tmp_path):
    """A ZIP as an attacker uploads it (refused before it is read)."""
    target = tmp_path / "gebieden.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("verzamelbestanden_statsec_als_basis.csv", "statsec;gemeente;gemeente_naam\n"
                                                                    "13003A00-;13003;GEHACKT\n")
    return target


def zip_folder(folder, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


@pytest.fixture
def municipality(db):
    return Area.objects.create(level="municipality", code="13003", vintage="2025", name="Balen")


@pytest.fixture
def team(db):
    return Workspace.objects.create(name="Een team", slug="een-team")


@override_settings(ZORGZAAM_JOB_RUNNER="inline")
def test_a_workspace_beheerder_cannot_change_the_shared_areas(client, municipality, tmp_path,
                                                              django_capture_on_commit_callbacks):
    before = municipality.name
    other = Workspace.objects.create(name="Een ander team", slug="ander-team")
    client.force_login(make_user("beheerder-ander", other, Role.ADMIN))
    page = client.get(f"/w/{other.slug}/gegevens/importeren/").content.decode()
    assert f'value="{AREAS_FORMAT}"' not in page  # the option is not offered
    pack = a_pack(tmp_path)
    with django_capture_on_commit_callbacks(execute=True), pack.open("rb") as handle:
        response = client.post(f"/w/{other.slug}/gegevens/importeren/", {"file": handle, "format": "areas"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Alleen een beheerder van de installatie" in text and "zorgzaam admin grant" in text
    assert not Job.objects.filter(workspace=other).exists()
    municipality.refresh_from_db()
    assert municipality.name == before


@override_settings(ZORGZAAM_JOB_RUNNER="inline")
def test_a_job_for_shared_areas_started_by_a_beheerder_is_refused(team, municipality, tmp_path):
    owner = make_user("beheerder-taak", team, Role.ADMIN)
    folder = jobs.upload_dir() / "test-gebieden"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "gebieden.zip"
    path.write_bytes(a_pack(tmp_path).read_bytes())
    job = Job.objects.create(workspace=team, created_by=owner, params={"format": "areas", "path": str(path)})
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "beheerder van de" in jobs.error_text(job, "nl")
    assert Area.objects.get(pk=municipality.pk).name == municipality.name


@override_settings(ZORGZAAM_JOB_RUNNER="inline")
def test_an_instance_administrator_may(client, team, shared_data, tmp_path, django_capture_on_commit_callbacks,
                                       capsys):
    user = make_user("installatiebeheer", team, Role.ADMIN)
    assert main(["admin", "grant", user.username, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"username": user.username, "instance_admin": True}
    client.force_login(user)
    assert f'value="{AREAS_FORMAT}"' in client.get(f"/w/{team.slug}/gegevens/importeren/").content.decode()
    pack = zip_folder(shared_data / "balen_ravels", tmp_path / "balen_ravels.zip")
    with django_capture_on_commit_callbacks(execute=True), pack.open("rb") as handle:
        response = client.post(f"/w/{team.slug}/gegevens/importeren/", {"file": handle, "format": "areas"})
    assert response.status_code == 302
    job = Job.objects.get(workspace=team, params__format="areas")
    assert job.status == Job.Status.DONE, job.error
    assert Area.objects.filter(level="municipality", code="13003").exclude(name="").exists()
    # the report is stored once, each level as its msgid, and named in the reader's language
    assert {"msgid": "gemeente"} in [row["level"] for row in job.report["counts"]] and "nl" not in job.report
    assert "<td>gemeente</td>" in client.get(f"/w/{team.slug}/taken/{job.pk}/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(f"/w/{team.slug}/taken/{job.pk}/").content.decode()
    assert "<td>municipality</td>" in english and "<td>gemeente</td>" not in english
    client.cookies["django_language"] = "nl"

    assert main(["admin", "list", "--json"]) == 0
    assert user.username in json.loads(capsys.readouterr().out)["instance_admins"]
    assert main(["admin", "revoke", user.username]) == 0
    capsys.readouterr()
    assert not get_user_model().objects.get(pk=user.pk).is_staff
    assert main(["admin", "grant", "niemand-zo", "--json"]) == 1
    assert "niemand-zo" in capsys.readouterr().out


def test_the_refusal_reads_in_english_too(client, team):
    client.force_login(make_user("beheerder-en", team, Role.ADMIN))
    client.cookies["django_language"] = "en"  # the language button's choice
    response = client.post(f"/w/{team.slug}/gegevens/importeren/", {"format": "areas",
                                                                    "file": io.BytesIO(b"PK")})
    assert response.status_code == 403
    assert "Only an administrator of the installation" in response.content.decode()
