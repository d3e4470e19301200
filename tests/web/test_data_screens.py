"""Uploading a file to import, the background job and its report, upload limits."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from zorgzaam.sources.models import Dataset
from zorgzaam.workspaces.models import Job, Role

GOOD = (b"gebied;periode;meetwaarde;waarde\n"
        b"99001A00-;2024;ocmw_clients;12\n"
        b"99001A01-;2024;ocmw_clients;x\n"
        b"99001A02-;2024;ocmw_clients;7\n"
        b"99999Z99-;2024;ocmw_clients;3\n")


def upload(client, demo, content=GOOD, file_name="eigen.csv", **fields):
    data = {"file": SimpleUploadedFile(file_name, content, content_type="text/csv"), "format": "long",
            "level": "sector", "period": "", "name": "OCMW-klanten 2024"}
    data.update(fields)
    return client.post(f"/w/{demo.slug}/gegevens/importeren/", data)


@pytest.mark.django_db
@override_settings(ZORGZAAM_JOB_RUNNER="inline")
def test_upload_runs_the_import_and_shows_a_readable_report(demo, members, login, django_capture_on_commit_callbacks):
    client = login(members[Role.POLICY])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, demo)
    job = Job.objects.get(workspace=demo)
    assert response.status_code == 302 and response["Location"].endswith(f"/taken/{job.pk}/")
    assert job.status == Job.Status.DONE and job.progress == 100
    dataset = Dataset.objects.get(name="OCMW-klanten 2024")
    assert dataset.workspace == demo and job.dataset == dataset
    page = client.get(response["Location"]).content.decode()
    assert "De import is gelukt" in page and "Importverslag" in page
    assert "Waarden geweigerd" in page and "99999Z99-" in page  # the refused unknown sector, with its code
    assert client.get(f"/w/{demo.slug}/taken/{job.pk}/?format=json").json()["finished"] is True
    report_page = client.get(f"/w/{demo.slug}/gegevens/{dataset.pk}/").content.decode()
    assert "Importverslag" in report_page and "eigen cijfers van deze werkruimte" in report_page
    listing = client.get(f"/w/{demo.slug}/gegevens/").content.decode()
    assert "OCMW-klanten 2024" in listing
    assert not Path(job.params["path"]).exists()  # the uploaded copy is removed after the import
    # stored once, in no language: the refusals as codes and parameters, worded when read
    for stored in (job.report, dataset.report):
        assert not {"nl", "en"} & set(stored) and stored["records_refused"] == 1
        (group,) = stored["refusals"]
        assert group["code"] == "unknown_area" and group["count"] == 1 and "reason" not in group
        assert group["examples"][0]["code"] == "unknown_area" and "message" not in group["examples"][0]
    assert "niet geladen" not in json.dumps(job.report) and "niet geladen" not in json.dumps(dataset.report)
    # the import made in Dutch, read in English afterwards: English words
    client.cookies["django_language"] = "en"
    for url in (response["Location"], f"/w/{demo.slug}/gegevens/{dataset.pk}/"):
        english = client.get(url).content.decode()
        assert "Import report" in english and "Values refused" in english
        assert "area not loaded or unknown" in english and "99999Z99-" in english
        assert "gebied niet geladen" not in english


@pytest.mark.django_db
@override_settings(ZORGZAAM_JOB_RUNNER="inline")
def test_an_import_made_in_english_reads_in_dutch(demo, members, login, django_capture_on_commit_callbacks):
    client = login(members[Role.POLICY])
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, demo)
    assert "area not loaded or unknown" in client.get(response["Location"]).content.decode()
    client.cookies["django_language"] = "nl"
    dutch = client.get(response["Location"]).content.decode()
    assert "Importverslag" in dutch and "gebied niet geladen of onbekend" in dutch and "99999Z99-" in dutch
    assert "area not loaded" not in dutch


@pytest.mark.django_db
def test_a_report_stored_in_both_languages_still_reads(demo, members, login):
    """A row from before reports were records ({"nl": …, "en": …}) shows its part in the page's language."""
    client = login(members[Role.POLICY])
    old = {lang: {"file": "oud.csv", "format": "long", "rows_read": 1200, "records_read": 1200, "records_kept": 1199,
                  "records_refused": 1, "values_saved": 1199, "unknown_values": 0, "warnings": [],
                  "refusals": [{"code": "unknown_area", "count": 1, "distinct": 1, "reason": reason,
                                "examples": [{"code": "unknown_area", "message": example}]}]}
           for lang, reason, example in (("nl", "gebied niet geladen of onbekend", "Oude regel 4"),
                                         ("en", "area not loaded or unknown", "Old line 4"))}
    dataset = Dataset.objects.create(workspace=demo, name="Oud", format="long", report=old)
    page = client.get(f"/w/{demo.slug}/gegevens/{dataset.pk}/").content.decode()
    assert "gebied niet geladen of onbekend" in page and "Oude regel 4" in page and "1.200" in page
    client.cookies["django_language"] = "en"
    page = client.get(f"/w/{demo.slug}/gegevens/{dataset.pk}/").content.decode()
    assert "area not loaded or unknown" in page and "Old line 4" in page and "1,200" in page
    assert "Oude regel" not in page


@pytest.mark.django_db
@override_settings(ZORGZAAM_JOB_RUNNER="inline")
def test_a_failed_import_says_why_and_stores_nothing(demo, members, login, django_capture_on_commit_callbacks):
    client = login(members[Role.ADMIN])
    before = Dataset.objects.count()
    bad = b"gebied;periode;meetwaarde;waarde\n99999Z99-;2024;ocmw_clients;3\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, demo, content=bad)
    job = Job.objects.get(workspace=demo)
    assert job.status == Job.Status.FAILED and Dataset.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "De import is mislukt. Er is niets bewaard." in page
    assert "99999Z99-" in page  # the reason, from the report


@pytest.mark.django_db
@override_settings(ZORGZAAM_MAX_UPLOAD_MB=1)
def test_too_large_and_wrong_type_files_are_refused_with_a_clear_message(demo, members, login):
    client = login(members[Role.ADMIN])
    big = b"gebied;periode;meetwaarde;waarde\n" + b"99001A00-;2024;ocmw_clients;1\n" * 40000
    assert len(big) > 1024 * 1024
    page = upload(client, demo, content=big).content.decode()
    assert "Dit bestand is te groot" in page and "1 MB" in page
    page = upload(client, demo, content=b"MZ\x90\x00", file_name="programma.exe").content.decode()
    assert "Dit soort bestand (.exe)" in page
    page = upload(client, demo, content=b"", file_name="leeg.csv").content.decode()
    assert "leeg" in page
    assert not Job.objects.filter(workspace=demo).exists()


@pytest.mark.django_db(transaction=True)
@override_settings(ZORGZAAM_JOB_RUNNER="thread")
def test_the_default_worker_thread_runs_the_job_in_the_background(demo, members, login):
    client = login(members[Role.ADMIN])
    response = upload(client, demo, file_name="achtergrond.csv", name="Achtergrond")
    job = Job.objects.get(workspace=demo)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = client.get(response["Location"] + "?format=json").json()
        if state["finished"]:
            break
        time.sleep(0.2)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert Dataset.objects.filter(name="Achtergrond", workspace=demo).exists()


@pytest.mark.django_db
def test_rq_runner_queues_the_job_id(demo, members, login, monkeypatch, django_capture_on_commit_callbacks):
    """With Redis configured the job goes to the rq queue; ``zorgzaam worker`` runs ``run_job`` from it."""
    from zorgzaam.workspaces import jobs

    queued = []

    class FakeQueue:
        def enqueue(self, func, *args, **kwargs):
            queued.append((func, args))

    monkeypatch.setattr(jobs, "queue", lambda: FakeQueue())
    client = login(members[Role.ADMIN])
    with override_settings(ZORGZAAM_JOB_RUNNER="rq"), django_capture_on_commit_callbacks(execute=True):
        upload(client, demo)
    job = Job.objects.get(workspace=demo)
    assert queued == [(jobs.run_job, (job.pk,))] and job.status == Job.Status.QUEUED
    jobs.run_job(job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
