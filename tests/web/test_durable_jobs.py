"""Durable jobs (issue 12, item 2): a job queued, the server killed, the server started: the job runs to its end.
The queue is django-tasks' database queue, run by a worker thread in the web process (or by `zorgzaam worker`);
a failure is logged with its traceback, without personal data.

The server tests start the real `zorgzaam serve` as a process on a data folder of their own, kill it with
SIGKILL and start it again; nothing of the queue is replaced by a stand-in."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.models import Job, Workspace

from .test_serve import free_port

# Builds the demo in a fresh data folder and queues two import jobs through the service, as the upload screen
# does, with no worker running (ZORGZAAM_JOB_WORKER=external): a large file first (it takes about a second to
# import), then a small one behind it. Prints the two job ids.
SETUP = r"""
import json, sys
from zorgzaam.console import setup_django
setup_django(migrate=True)
from django.core.files.uploadedfile import SimpleUploadedFile
from zorgzaam.areas.models import Area
from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.models import Workspace

install_demo(extensions=False)
workspace = Workspace.objects.get(slug=WORKSPACE_SLUG)
codes = sorted(Area.objects.filter(level="sector").values_list("code", flat=True))
rows = ["gebied;periode;meetwaarde;waarde"] + [
    f"{code};{year};meting_{number};{(number + year) % 50}"
    for number in range(100) for year in range(2000, 2020) for code in codes]
large = SimpleUploadedFile("groot.csv", ("\n".join(rows) + "\n").encode())
small = SimpleUploadedFile("klein.csv", b"gebied;periode;meetwaarde;waarde\n99001A00-;2024;ocmw_clients;12\n")
ids = [jobs.start_with_upload(workspace, None, upload, "import", format="long", level="sector", period="",
                              name=name, options=None).pk
       for upload, name in ((large, "Groot bestand"), (small, "Klein bestand"))]
print(json.dumps(ids))
"""


def environment(data_dir: Path, **extra: str) -> dict:
    env = {**os.environ, "ZORGZAAM_DATA_DIR": str(data_dir), **extra}
    for name in ("DATABASE_URL", "ZORGZAAM_REDIS_URL", "ZORGZAAM_JOB_RUNNER", "ZORGZAAM_JOB_WORKER"):
        if name not in extra:
            env.pop(name, None)
    return env


def queue_two_jobs(data_dir: Path) -> list[int]:
    done = subprocess.run([sys.executable, "-c", SETUP], env=environment(data_dir, ZORGZAAM_JOB_WORKER="external"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def read_jobs(data_dir: Path, ids: list[int]) -> dict[int, dict]:
    with sqlite3.connect(data_dir / "zorgzaam.sqlite3", timeout=30) as database:
        database.row_factory = sqlite3.Row
        rows = database.execute(f"SELECT * FROM web_job WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
    return {row["id"]: dict(row) for row in rows}


def serve(data_dir: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "zorgzaam.cli", "serve", "--insecure-http", "--port", str(port),
                             "--threads", "2"], env=environment(data_dir), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def wait_for(condition, process: subprocess.Popen | None, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        found = condition()
        if found:
            return found
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server stopped while waiting for {what}:\n{process.stdout.read()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timeout waiting for {what}")
        time.sleep(0.02)


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_a_job_queued_and_one_running_when_the_server_is_killed_run_to_their_end_after_a_restart(tmp_path):
    large, small = queue_two_jobs(tmp_path)
    uploads = {pk: row["params"] for pk, row in read_jobs(tmp_path, [large, small]).items()}
    first = serve(tmp_path, free_port())
    try:
        # the server's worker thread takes the large job; once it is reading the file, hold the database's write
        # lock so the import cannot store anything before the kill, then kill the server outright
        wait_for(lambda: read_jobs(tmp_path, [large])[large]["step"] == "reading", first, 300, "the large job")
        lock = sqlite3.connect(tmp_path / "zorgzaam.sqlite3", timeout=30, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        lock.execute("ROLLBACK")
        lock.close()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(10)
    killed = read_jobs(tmp_path, [large, small])
    assert killed[large]["status"] == "running" and killed[large]["attempts"] == 1
    assert killed[small]["status"] == "queued" and killed[small]["attempts"] == 0
    for params in uploads.values():
        assert Path(json.loads(params)["path"]).exists()  # the uploads wait with their jobs

    second = serve(tmp_path, free_port())
    try:
        def finished():  # both jobs finished, and their uploads removed (just after the status is stored)
            rows = read_jobs(tmp_path, [large, small])
            over = all(row["status"] in ("done", "failed") for row in rows.values())
            return rows if over and not any(Path(json.loads(params)["path"]).exists() for params in uploads.values()) \
                else None

        done = wait_for(finished, second, 300, "both jobs to finish")
    finally:
        second.terminate()
        second.wait(10)
    output = second.stdout.read()
    assert done[large]["status"] == "done", (done[large]["error"], output[-3000:])
    assert done[small]["status"] == "done", (done[small]["error"], output[-3000:])
    assert done[large]["attempts"] == 2 and done[small]["attempts"] == 1  # the killed one ran again, once
    assert f"job {large} (import) was interrupted: its process is gone; queued again" in output
    with sqlite3.connect(tmp_path / "zorgzaam.sqlite3") as database:
        stored = dict(database.execute("SELECT name, id FROM sources_dataset WHERE name LIKE '% bestand'").fetchall())
    assert stored == {"Groot bestand": done[large]["dataset_id"], "Klein bestand": done[small]["dataset_id"]}


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_zorgzaam_worker_runs_the_database_queue_for_a_deployment(tmp_path):
    large, small = queue_two_jobs(tmp_path)
    worker = subprocess.run([sys.executable, "-m", "zorgzaam.cli", "worker", "--burst"],
                            env=environment(tmp_path, ZORGZAAM_JOB_WORKER="external"),
                            capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stdout[-2000:] + worker.stderr[-2000:]
    done = read_jobs(tmp_path, [large, small])
    assert [done[pk]["status"] for pk in (large, small)] == ["done", "done"], worker.stderr[-3000:]


def explode(job: Job) -> None:
    """A job kind with a bug whose message quotes a person's data from the file, and the upload's path."""
    name, address, email, phone = Path(job.params["path"]).read_text().splitlines()[1].split(";")
    raise ValueError(f"kon {email} of {phone} niet bereiken; zie {job.params['path']} en '{name}, {address}'")


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_logs_its_traceback_without_personal_data(settings, tmp_path, caplog):
    from django_tasks_db.models import DBTaskResult

    settings.DATA_DIR = tmp_path
    settings.ZORGZAAM_JOB_RUNNER = "database"
    settings.ZORGZAAM_JOB_WORKER = "external"  # this test runs the queue itself
    workspace = Workspace.objects.create(name="Fouten", slug="fouten")
    folder = jobs.upload_dir() / "f00"
    folder.mkdir(parents=True)
    (folder / "contacten.csv").write_text("naam;adres;e-mail;telefoon\n"
                                          "Jan Peeters;Kerkstraat 1;jan.peeters@example.org;+32 470 12 34 56\n")
    jobs.register_kind("explode", explode)
    try:
        job = Job.objects.create(workspace=workspace, kind="explode",
                                 params={"path": str(folder / "contacten.csv"), "file_name": "contacten.csv"})
        jobs.start(job)
        with caplog.at_level(logging.ERROR, logger="zorgzaam.workspaces.jobs"):
            jobs.run_queued_tasks()
    finally:
        jobs.JOB_KINDS.pop("explode")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "fout in het programma" in jobs.error_text(job, "nl")
    assert "error in the program" in jobs.error_text(job, "en")
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name == "zorgzaam.workspaces.jobs")
    assert "Traceback (most recent call last)" in logged and "in explode" in logged and "ValueError" in logged
    assert "[e-mail]" in logged and "[phone]" in logged and "contacten.csv" in logged
    for personal in ("jan.peeters", "example.org", "470 12 34 56", "Jan Peeters", "Kerkstraat", str(tmp_path)):
        assert personal not in logged, personal
    # the queue's own record holds no traceback either (run_job never lets the exception through)
    task = DBTaskResult.objects.get(args_kwargs__args__0=job.pk)
    assert task.status == "SUCCESSFUL" and "jan.peeters" not in task.traceback
    assert not folder.exists()  # the upload is removed


def test_scrub_takes_out_addresses_phone_numbers_and_quoted_values_but_keeps_the_rest():
    text = ("KeyError: 'format' for jan@example.be, tel. 0470/12.34.56 or 02 123 45 67 (+32 2 123 45 67), "
            "cell 'Jan Peeters' on line 12 of 2024-01-01, sector 13003A00-, 1234567 rows")
    scrubbed = jobs.scrub(text)
    assert scrubbed == ("KeyError: 'format' for [e-mail], tel. [phone] or [phone] ([phone]), "
                        "cell '…' on line 12 of 2024-01-01, sector 13003A00-, 1234567 rows")


@pytest.mark.django_db
def test_at_start_old_rows_of_finished_tasks_are_pruned(settings, tmp_path):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.DATA_DIR = tmp_path
    ages = {1: 31, 2: 1, 3: None}  # job id -> days since its task finished (None: still waiting)
    for job_id, days in ages.items():
        jobs.run_job_task.enqueue(job_id)
        if days is not None:
            DBTaskResult.objects.filter(args_kwargs__args__0=job_id).update(
                status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=days))
    jobs.recover_at_start()
    kept = {task.args_kwargs["args"][0] for task in DBTaskResult.objects.all()}
    assert kept == {2, 3}
