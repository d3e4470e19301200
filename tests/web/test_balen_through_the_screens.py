"""Issue #4's real-data path, as a new user would take it through the screens: make a workspace, upload
the Balen–Ravels area pack and the Census 2021 sector counts, build a neighbourhood of Balen sectors,
read its profile beside Balen, and export it. Runs on the real files in ../shared/data."""

import io
import zipfile

import pandas as pd
import pytest
from django.test import override_settings
from docx import Document

from zorgzaam.areas.models import Area, Neighbourhood
from zorgzaam.workspaces.models import Job, Membership, Role, Workspace

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def zip_folder(folder, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


@override_settings(ZORGZAAM_JOB_RUNNER="inline")
def test_balen_from_upload_to_profile(client, shared_data, tmp_path, django_capture_on_commit_callbacks):
    user = make_user("lisa")
    user.is_staff = True  # the area levels are shared: only an instance administrator loads them (zorgzaam admin grant)
    user.save()
    assert client.login(username=user.username, password=PASSWORD)

    response = client.post("/werkruimte/nieuw/", {"name": "Zorgzaam Balen 2026", "organisation": "OCMW Balen",
                                                  "municipality": ""})
    workspace = Workspace.objects.get(name="Zorgzaam Balen 2026")
    assert response.status_code == 302
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.ADMIN
    base = f"/w/{workspace.slug}"

    pack = zip_folder(shared_data / "balen_ravels", tmp_path / "balen_ravels.zip")
    with django_capture_on_commit_callbacks(execute=True), pack.open("rb") as handle:
        client.post(f"{base}/gegevens/importeren/", {"file": handle, "format": "areas"})
    job = Job.objects.get(workspace=workspace, params__format="areas")
    assert job.status == Job.Status.DONE, job.error
    page = client.get(f"{base}/taken/{job.pk}/").content.decode()
    assert "gebieden geladen" in page and "wijk" in page
    assert Area.objects.filter(level="district", code="13003W01").exists()

    census = shared_data / "belgium_sectors" / "Leeftijdgegevens_per_StatS.csv"
    with django_capture_on_commit_callbacks(execute=True), census.open("rb") as handle:
        client.post(f"{base}/gegevens/importeren/", {
            "file": handle, "format": "wide", "level": "sector", "period": "2021",
            "mapping": "x65=population_age_065_999\nrest=population_age_000_064", "skip": "prop_65plussers"})
    job = Job.objects.filter(workspace=workspace, params__format="wide").get()
    assert job.status == Job.Status.DONE, job.error

    sectors = ["13003A00-", "13003A011", "13003A02-"]  # the same codes in 2024 and 2025
    response = client.post(f"{base}/buurten/nieuw/?gemeente=13003", {"name": "Balen-Centrum", "sectors": sectors})
    assert response.status_code == 302, response.content.decode()[:500]
    neighbourhood = Neighbourhood.objects.get(workspace=workspace, name="Balen-Centrum")

    page = client.get(f"/profiel/{workspace.slug}/buurten/{neighbourhood.pk}/").content.decode()
    counts = pd.read_csv(census).set_index("cd_sector").loc[sectors]
    share = 100 * counts["x65"].sum() / (counts["x65"].sum() + counts["rest"].sum())
    shown = f"{share:.1f}".replace(".", ",") + " %"
    assert "Aandeel 65-plussers" in page and shown in page
    assert "19,6 %" in page  # Balen as a whole: 4,485 of 22,853 (the municipality column)

    word = client.get(f"/profiel/{workspace.slug}/buurten/{neighbourhood.pk}/export.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "Buurtprofiel: Balen-Centrum" in text and "Fictief" not in text
    excel = client.get(f"/profiel/{workspace.slug}/buurten/{neighbourhood.pk}/export.xlsx")
    assert excel.status_code == 200 and excel.content[:2] == b"PK"
