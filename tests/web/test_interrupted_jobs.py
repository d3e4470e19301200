"""Jobs whose process died (issue 11, item 3; issue 12, item 2): after a restart a queued job stays queued (or is
queued again when its queue lost it), a job that was running in a killed process is queued again once, and
failed with a message (its upload removed) after a second interruption; XLSForm uploads leave no folder behind.
A job held by a live process, or by a process on another machine, is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import types

import openpyxl
import pytest
from django.test import override_settings

from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.models import Job, Role, Workspace

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_uploads(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # clean_uploads must never touch another test's uploads


@pytest.fixture
def workspace(db):
    return Workspace.objects.create(name="Taken", slug="taken")


def killed_process_id() -> str:
    """The process id of a process that ran and was killed (kill -9), as a killed web process leaves it."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        time.sleep(0.2)
        holder = jobs.process_id(child.pid)
    finally:
        child.kill()
        child.wait()
    return holder


def upload(name: str = "bevolking.csv") -> str:
    folder = jobs.upload_dir() / f"test{time.time_ns()}"
    folder.mkdir(parents=True)
    path = folder / name
    path.write_text("sector;waarde\n13003A00-;12\n")
    return str(path)


def job_with(workspace, status, runner, path=None, attempts=None) -> Job:
    if attempts is None:
        attempts = 1 if status == Job.Status.RUNNING else 0  # a running job was taken once by a worker
    return Job.objects.create(workspace=workspace, status=status, runner=runner, progress=40, step="reading",
                              attempts=attempts,
                              params={"format": "long", "path": path or upload(), "file_name": "bevolking.csv"})


@pytest.mark.django_db(transaction=True)  # the queue's worker runs as in production: own transactions
def test_at_start_a_job_of_a_killed_process_is_queued_again_once_then_failed(client, workspace):
    dead = killed_process_id()
    assert jobs.process_alive(dead) is False
    running = job_with(workspace, Job.Status.RUNNING, dead)  # its first attempt was killed
    queued = job_with(workspace, Job.Status.QUEUED, dead)  # waiting, but no queue holds it (an older version)
    waiting = job_with(workspace, Job.Status.QUEUED, "")
    jobs.run_job_task.enqueue(waiting.pk)  # in the database queue: it waits there over the restart
    older = job_with(workspace, Job.Status.RUNNING, "")  # from before jobs recorded their process
    twice = job_with(workspace, Job.Status.RUNNING, dead, attempts=2)  # its second attempt was killed too
    alive = job_with(workspace, Job.Status.RUNNING, jobs.process_id())  # this process: still running it
    elsewhere = job_with(workspace, Job.Status.RUNNING, "een-andere-machine|x|1234|99")

    result = jobs.recover_at_start()

    assert sorted(result["requeued"]) == sorted([running.pk, queued.pk, older.pk])
    assert result["failed"] == [twice.pk]
    for job in (running, queued, older, waiting):
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED and job.runner == ""
        assert job.progress == 0 or job is waiting  # a job queued again starts from the beginning
        assert jobs.in_queue(job) and os.path.exists(job.params["path"])  # its upload waits with it
    twice.refresh_from_db()
    assert twice.status == Job.Status.FAILED and twice.finished_at is not None
    assert "afgebroken" in jobs.error_text(twice, "nl") and "interrupted" in jobs.error_text(twice, "en")
    assert not os.path.exists(twice.params["path"]) and not os.path.exists(os.path.dirname(twice.params["path"]))
    assert jobs.upload_dir().name not in jobs.error_text(twice, "nl")  # no server path in the message
    for job in (alive, elsewhere):
        job.refresh_from_db()
        assert job.status == Job.Status.RUNNING and os.path.exists(job.params["path"])
    # the job page says so, not "bezig"
    client.force_login(make_user("beheerder", workspace, Role.ADMIN))
    state = client.get(f"/w/{workspace.slug}/taken/{twice.pk}/?format=json").json()
    assert state["status"] == "failed" and state["finished"] and "afgebroken" in state["error"]
    state = client.get(f"/w/{workspace.slug}/taken/{running.pk}/?format=json").json()
    assert state["status"] == "queued" and not state["finished"]
    # a second start changes nothing more
    assert jobs.recover_at_start() == {"failed": [], "requeued": [], "removed": []}
    # the worker runs each queued job once, to its end (this small file is refused: the job fails, not hangs)
    jobs.run_queued_tasks()
    for job in (running, queued, older, waiting):
        job.refresh_from_db()
        assert job.is_finished and job.attempts == (2 if job in (running, older) else 1), job.error
        assert not os.path.exists(job.params["path"])


@pytest.mark.django_db(transaction=True)  # the queue's worker runs as in production: own transactions
def test_a_job_is_run_once_even_when_queued_twice(workspace):
    job = job_with(workspace, Job.Status.QUEUED, "")
    jobs.run_job_task.enqueue(job.pk)
    jobs.run_job_task.enqueue(job.pk)  # e.g. two web processes queued it again at the same start
    jobs.run_queued_tasks()
    job.refresh_from_db()
    assert job.is_finished and job.attempts == 1


def test_a_reused_process_number_is_not_taken_for_the_old_process():
    host, boot, pid, start = jobs.process_id().split("|")
    assert jobs.process_alive(f"{host}|{boot}|{pid}|{start}") is True
    assert jobs.process_alive(f"{host}|{boot}|{pid}|{int(start or 0) + 1}") is False  # same number, later process
    assert jobs.process_alive(f"{host}|een-vorige-opstart|{pid}|{start}") is False  # before a reboot
    assert jobs.process_alive(f"elders|{boot}|{pid}|{start}") is None  # another machine: cannot tell


def test_a_killed_rq_work_horse_queues_its_job_again_then_fails_it(workspace):
    job = job_with(workspace, Job.Status.RUNNING, "")
    jobs.horse_killed(types.SimpleNamespace(args=(job.pk,)), 4321, 9, None)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and os.path.exists(job.params["path"])
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=2)  # its second attempt
    jobs.horse_killed(types.SimpleNamespace(args=(job.pk,)), 4322, 9, None)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "afgebroken" in jobs.error_text(job, "nl")
    assert not os.path.exists(job.params["path"])


def test_a_new_job_waits_in_the_database_queue_with_its_upload(workspace):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = make_user("maker", workspace, Role.ADMIN)
    with override_settings(ZORGZAAM_JOB_RUNNER="database"):
        job = jobs.start_with_upload(workspace, user, SimpleUploadedFile("a.csv", b"x;y\n"), "import", format="long")
        assert job.status == Job.Status.QUEUED and job.runner == "" and jobs.in_queue(job)
    assert os.path.exists(job.params["path"])
    jobs.remove_upload(job.params["path"])


def test_upload_folders_nothing_needs_are_removed(workspace):
    root = jobs.upload_dir()
    empty_voices = root / "voices-leeg"
    empty_voices.mkdir(parents=True)
    waiting_voices = root / "voices-wacht"
    waiting_voices.mkdir()
    (waiting_voices / "antwoorden.csv").write_text("a\n")
    old_orphan = os.path.dirname(upload())
    fresh_orphan = os.path.dirname(upload())
    needed = job_with(workspace, Job.Status.QUEUED, jobs.process_id())
    hour_ago = time.time() - 3600
    for folder in (old_orphan, os.path.dirname(needed.params["path"]), empty_voices):
        os.utime(folder, (hour_ago, hour_ago))
    removed = jobs.clean_uploads()
    assert "voices-leeg" in removed and os.path.basename(old_orphan) in removed
    assert waiting_voices.exists() and os.path.exists(fresh_orphan) and os.path.exists(needed.params["path"])


def _xlsform(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label::Dutch (nl)", "label::English (en)"])
    sheet.append(["select_one yn", "graag", "Woont u hier graag?", "Do you like living here?"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Dutch (nl)", "label::English (en)"])
    choices.append(["yn", "yes", "Ja", "Yes"])
    choices.append(["yn", "no", "Nee", "No"])
    book.save(path)
    return path


def test_xlsform_uploads_leave_no_folder(client, workspace, tmp_path):
    client.force_login(make_user("beleid", workspace, Role.POLICY))
    url = f"/stemmen/{workspace.slug}/vragenlijst-importeren/"
    before = set(jobs.upload_dir().glob("voices-*")) if jobs.upload_dir().exists() else set()
    with _xlsform(tmp_path / "formulier.xlsx").open("rb") as good:
        assert client.post(url, {"file": good, "survey_name": "Goed"}).status_code == 200
    bad = tmp_path / "kapot.xlsx"
    bad.write_bytes(b"dit is geen spreadsheet")
    with bad.open("rb") as handle:
        assert client.post(url, {"file": handle, "survey_name": "Kapot"}).status_code == 200
    assert set(jobs.upload_dir().glob("voices-*")) == before


@pytest.fixture
def redis_url(tmp_path):
    import shutil
    import socket

    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        from redis import Redis

        for _ in range(50):
            try:
                Redis(port=port).ping()
                break
            except Exception:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def test_with_rq_a_job_the_queue_lost_or_failed_is_queued_again_and_a_queued_one_kept(workspace, redis_url):
    from rq.job import Job as RqJob

    with override_settings(ZORGZAAM_JOB_RUNNER="rq", ZORGZAAM_REDIS_URL=redis_url):
        waiting = job_with(workspace, Job.Status.QUEUED, "")  # still in the queue: a worker will take it
        jobs.queue().enqueue(jobs.run_job, waiting.pk, job_id=jobs.rq_job_id(waiting.pk))
        lost = job_with(workspace, Job.Status.QUEUED, "")  # Redis lost it (restarted without saving)
        broken = job_with(workspace, Job.Status.RUNNING, "een-andere-machine|x|1|2")  # its horse died elsewhere
        rq_job = jobs.queue().enqueue(jobs.run_job, broken.pk, job_id=jobs.rq_job_id(broken.pk))
        RqJob.fetch(rq_job.id, connection=jobs.queue().connection).set_status("failed")
        twice = job_with(workspace, Job.Status.RUNNING, "een-andere-machine|x|1|2", attempts=2)
        rq_job = jobs.queue().enqueue(jobs.run_job, twice.pk, job_id=jobs.rq_job_id(twice.pk, 1))
        RqJob.fetch(rq_job.id, connection=jobs.queue().connection).set_status("failed")
        assert jobs.recover_dead_jobs() == {"requeued": sorted([lost.pk, broken.pk]), "failed": [twice.pk]}
        queued_ids = set(jobs.queue().job_ids)
        assert {jobs.rq_job_id(lost.pk), jobs.rq_job_id(broken.pk, 1)} <= queued_ids  # in the queue again
    waiting.refresh_from_db()
    assert waiting.status == Job.Status.QUEUED and os.path.exists(waiting.params["path"])
