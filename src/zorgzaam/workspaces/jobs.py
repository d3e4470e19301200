"""Background jobs (imports, street networks, facility files) with a status the screen can show.

Three runners, chosen by ``settings.ZORGZAAM_JOB_RUNNER``:

* ``database`` (default; ``thread`` is its older name): the job goes to a queue in the database
  (django-tasks with its database backend, ``django_tasks_db``): it is there after a restart of every process.
  ``settings.ZORGZAAM_JOB_WORKER`` says who runs that queue: ``inprocess`` (default) a worker thread in each
  web process (:func:`start_in_web_process`; ``zorgzaam serve`` and the demo need no second process),
  ``external`` the ``zorgzaam worker`` processes (django-tasks' ``db_worker``) of a deployment.
* ``rq`` (when ``ZORGZAAM_REDIS_URL`` is set): the job id goes to the ``zorgzaam`` queue on Redis and a
  separate ``zorgzaam worker`` process runs it — web processes and workers scale apart.
* ``inline``: run at once, after the request's transaction (tests, scripts).

:func:`start` is the one way in, whatever the runner. The work itself is ``run_job(job_id)``, the same for
every runner: it takes the job (only a queued job, so a job is never run twice at once), counts the attempt
and dispatches on ``Job.kind`` through :data:`JOB_KINDS` (kind → function taking the job, or the dotted path
of one, imported when a job of that kind runs): ``import`` calls ``sources.run_import`` (which validates
everything before it stores anything; ``zorgzaam.sources.jobs``) and records the report or the error once, in
no language (codes and parameters, worded when read); ``network`` builds a street network and ``facilities`` imports a facility file
(``zorgzaam.environment.jobs``). Another part adds a kind with :func:`register_kind`. A failure is logged with
its traceback, scrubbed of personal data (:func:`log_failure`), and the person sees a message.

After a restart (:func:`recover_at_start`, called when a web process loads the app, ``wsgi.py``, and when
``zorgzaam worker`` starts):

* a queued job stays queued and runs; one the queue does not hold (a queue that lost it, a job from before
  the database queue) is queued again;
* a running job whose process is gone (a restart, a kill, out of memory; :func:`process_id` in
  ``Job.runner``) is queued again once — its work is a transaction, so nothing was half stored — and marked
  failed with a message after a second interruption (``Job.attempts``);
* upload folders no unfinished job needs are removed; a queued job keeps its upload until it has run.

A process on another machine is never judged; ``zorgzaam worker`` with rq also acts at once for a work horse
that was killed (:func:`horse_killed`)."""

from __future__ import annotations

import logging
import re
import shutil
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop
from django_tasks import task

from zorgzaam.messages import Problem, register, stored_text
from zorgzaam.workspaces.models import Job

log = logging.getLogger(__name__)
QUEUE_NAME = "zorgzaam"
MAX_ATTEMPTS = 2  # a job whose process died while running it runs once more; the second interruption fails it


ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)

register({
    "job_interrupted": gettext_noop(
        "Deze taak is afgebroken: het programma dat ze uitvoerde, is gestopt (bijvoorbeeld bij een herstart van de "
        "server). Laad het bestand opnieuw op om het nog eens te proberen."),
    "job_failed_unexpectedly": gettext_noop(
        "De taak is mislukt door een fout in het programma. Probeer het opnieuw; lukt het weer niet, meld het dan "
        "aan de beheerder van je installatie."),
    "job_unknown_kind": gettext_noop("Onbekend soort taak."),
})


def _message(code: str) -> dict:
    """A job's message as ``Job.error`` keeps it: its code (rendered in the reader's language)."""
    return Problem(code).as_record()


def failure(problem: Problem, params: dict | None = None) -> dict:
    """``Job.error`` for ``problem``: code and parameters, no server folder in them (see :func:`without_paths`)."""
    record = problem.as_record()
    record["params"] = {k: without_paths(v, params) if isinstance(v, str) else v
                        for k, v in record["params"].items()}
    if record.get("file"):
        record["file"] = without_paths(record["file"], params)
    return record


def error_text(job: Job, lang: str | None = None) -> str:
    """A job's error in ``lang`` (default: the active language), as a person may read it."""
    return without_paths(stored_text(job.error, lang), job.params) or ""
ORPHAN_AGE_S = 15 * 60  # an upload folder no unfinished job needs is removed once it is this old
VOICES_STASH_AGE_S = 24 * 3600  # a survey-answer upload waiting for its "import" click is kept this long


def upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def remove_upload(path: str | Path | None) -> None:
    """Remove an uploaded file with its own folder (when that folder sits in :func:`upload_dir`)."""
    if not path:
        return
    path = Path(path)
    if path.parent.parent == upload_dir():
        shutil.rmtree(path.parent, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# How a job's step reads on screen: these codes, or a Dutch msgid set by the job itself (translated
# through the catalogue of its part, e.g. the environment's network steps).
STEP_NAMES = {
    "": gettext_noop("In de wachtrij"),
    "reading": gettext_noop("Bestand lezen, controleren en bewaren"),
    "done": gettext_noop("Klaar"),
    "failed": gettext_noop("Mislukt"),
}


def job_state(job: Job, lang: str) -> dict:
    """What a job page and its poller (job.js) show: status, progress, finished, the step in words, the
    error in the reader's language."""
    from django.utils.translation import gettext

    return {"status": job.status, "progress": job.progress, "finished": job.is_finished,
            "step": gettext(STEP_NAMES.get(job.step, job.step)),
            "error": without_paths(stored_text(job.error, lang), job.params) or None}


def without_paths(text: str | None, params: dict | None = None) -> str | None:
    """A job's message as a person may read it: the server's folders never shown (an error from a library can
    quote the upload's absolute path): the upload's path becomes the file's own name, any other path under
    the data folder its last part."""
    if not text:
        return text
    params = params or {}
    path = params.get("path")
    if path:
        name = params.get("file_name") or Path(path).name
        text = text.replace(str(path), name)
    folders = sorted({str(Path(settings.DATA_DIR)), str(Path(settings.DATA_DIR).resolve()), str(upload_dir())},
                     key=len, reverse=True)
    for folder in folders:
        text = re.sub(re.escape(folder) + r"[/\\]?((?:[^/\\\s'\"]+[/\\])*)([^/\\\s'\"]*)",
                      lambda found: found.group(2) or "", text)
    return text


# ------------------------------------------------------------------------------ failures in the log

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a run of digits with spaces, dots, slashes, dashes or brackets between them and a + or 00 in front: a phone
# number when it holds 9 to 15 digits (a date or a sector code holds fewer, or letters)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d ./()-]{6,22}\d(?![\w])")
# a quoted value with a space in it, or a long one: a cell, a name or an address quoted from a file
_QUOTED = re.compile(r"""(b?)(['"])(.*?)\2""")


def scrub(text: str) -> str:
    """A message with what may be personal data taken out, for the log: e-mail addresses, phone numbers, and
    quoted values with a space in them or longer than 40 characters (a file's cell, a name, an address)."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _PHONE.sub(lambda found: "[phone]" if 9 <= sum(c.isdigit() for c in found.group()) <= 15
                      else found.group(), text)
    return _QUOTED.sub(lambda found: f"{found.group(1)}{found.group(2)}…{found.group(2)}"
                       if len(found.group(3)) > 40 or re.search(r"\s", found.group(3)) else found.group(), text)


def scrubbed_traceback(error: BaseException, params: dict | None = None) -> str:
    """The traceback of ``error`` (with its causes) as Python prints it, but each exception's message
    :func:`scrub`-bed and paths under the data folder reduced to their last part (:func:`without_paths`). The
    stack lines name only the program's own files; local variables (a file's content) are never shown."""
    import traceback

    current: traceback.TracebackException | None = traceback.TracebackException.from_exception(error)
    blocks: list[str] = []
    while current is not None:
        lines = ["Traceback (most recent call last):\n", *current.stack.format()] if current.stack else []
        lines += [scrub(line) for line in current.format_exception_only()]
        blocks.append("".join(lines))
        if current.__cause__ is not None:
            blocks.append("\nThe above exception was the direct cause of the following exception:\n\n")
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            blocks.append("\nDuring handling of the above exception, another exception occurred:\n\n")
            current = current.__context__
        else:
            current = None
    return without_paths("".join(reversed(blocks)), params).rstrip("\n")


def log_failure(job: Job, error: BaseException) -> None:
    """Log that ``job`` failed on ``error`` (a bug, a file no reader expected) with its scrubbed traceback
    (:func:`scrubbed_traceback`): enough to find the cause, nothing of the person's data."""
    log.error("%s job %s failed:\n%s", job.kind, job.pk, scrubbed_traceback(error, job.params))


# ------------------------------------------------------------------------------ starting a job

def runner_kind() -> str:
    """database | rq | inline (``settings.ZORGZAAM_JOB_RUNNER``; ``thread`` is the database queue's older name)."""
    runner = settings.ZORGZAAM_JOB_RUNNER
    return "database" if runner in ("thread", "database", "") else runner


def start_with_upload(workspace, user, upload, kind: str, **params) -> Job:
    """Save an uploaded file in its own folder under :func:`upload_dir` (removed when the job is done, kept
    while it waits) and queue a job of ``kind`` for it; ``params`` gain ``path`` and ``file_name``."""
    import uuid

    from django.utils.text import get_valid_filename

    folder = upload_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / (get_valid_filename(Path(upload.name).name) or "upload")
    with path.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    with transaction.atomic():
        job = Job.objects.create(workspace=workspace, kind=kind, created_by=user,
                                 params=dict(params, path=str(path), file_name=path.name))
        start(job)
    return job


def start(job: Job) -> None:
    """Queue the job. In the database queue the task row is written in the surrounding transaction (the job
    and its task are stored together or not at all); rq and inline start once that transaction has
    committed (the worker must see the row)."""
    runner = runner_kind()
    if runner == "inline":
        transaction.on_commit(lambda: run_job(job.pk))
    elif runner == "rq":
        transaction.on_commit(lambda: _enqueue_rq(job.pk))
    else:
        run_job_task.enqueue(job.pk)
        if settings.ZORGZAAM_JOB_WORKER != "external":
            transaction.on_commit(wake_worker)


def rq_job_id(pk: int, attempts: int = 0) -> str:
    """The rq job id of a job queued after ``attempts`` started attempts (a job queued again gets a new id: the
    worker may still be filing the killed attempt under the old one)."""
    return f"zorgzaam-job-{pk}" + (f"-{attempts}" if attempts else "")


def queue():
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(settings.ZORGZAAM_REDIS_URL))


def _enqueue_rq(pk: int, attempts: int = 0) -> None:
    queue().enqueue(run_job, pk, job_timeout=6 * 3600, job_id=rq_job_id(pk, attempts))


def _update(job: Job, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def run_job(job_id: int) -> None:
    """Run a queued job (what every runner calls). Only the caller that moves it from queued to running runs
    it: a second task for the same job (a queue that held it twice) does nothing. Never raises: a failure is
    logged (:func:`log_failure`) and shown to the person."""
    taken = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, runner=process_id(), attempts=F("attempts") + 1)
    if not taken:
        log.info("job %s is not waiting (finished, or taken by another worker): nothing to do", job_id)
        return
    job = Job.objects.select_related("workspace").get(pk=job_id)
    try:
        runner = JOB_KINDS.get(job.kind)
        if runner is None:
            log.error("job %s has an unknown kind %s", job.pk, job.kind)
            _update(job, status=Job.Status.FAILED, progress=100, step="failed", finished_at=timezone.now(),
                    error=_message("job_unknown_kind"))
            return
        if isinstance(runner, str):
            runner = import_string(runner)
        runner(job)
    except Exception as error:  # the kinds catch their own; this is a bug outside them: never lose it unseen
        log_failure(job, error)
        Job.objects.filter(pk=job_id, status__in=ACTIVE).update(
            status=Job.Status.FAILED, step="failed", progress=100, finished_at=timezone.now(),
            error=_message("job_failed_unexpectedly"))
        remove_upload(job.params.get("path"))


@task(queue_name=QUEUE_NAME)
def run_job_task(job_id: int) -> None:
    """The database queue's task: :func:`run_job`."""
    run_job(job_id)


def register_kind(kind: str, runner) -> None:
    """Let jobs of ``kind`` run through ``runner(job)`` (a function or its dotted path)."""
    JOB_KINDS[kind] = runner


# kind → runner(job) or its dotted path (imported when the first job of that kind runs). Each app adds its
# own kinds in its AppConfig.ready() with register_kind: this core app knows none of them.
JOB_KINDS: dict = {}


# ------------------------------------------------------------------------------ the in-process worker

WORKER_IDLE_S = 60  # a worker thread started for a job (not at start-up) stops after this long without work
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None
_wake = threading.Event()


def run_queued_tasks(worker_id: str = "") -> None:
    """Run the database queue's tasks until none is waiting (django-tasks' own worker, in batch mode)."""
    import os

    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=[QUEUE_NAME], interval=0.5, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, excluded_queue_names=[],
           worker_id=worker_id or f"{os.getpid()}-{threading.get_ident()}-{get_random_string(8)}"[:64]).run()


def _worker_loop(stay: bool) -> None:
    global _worker
    idle_since = timezone.now()
    while True:
        _wake.clear()
        try:
            run_queued_tasks()
        except Exception as error:  # e.g. the database briefly unreachable: try again on the next wake-up
            log.error("the job worker thread could not take a job:\n%s", scrubbed_traceback(error))
        finally:
            connection.close()  # no connection held while waiting (this thread's own)
        if _wake.wait(5 if stay else WORKER_IDLE_S):
            idle_since = timezone.now()
            continue
        if not stay and (timezone.now() - idle_since).total_seconds() >= WORKER_IDLE_S:
            with _worker_lock:
                if not _wake.is_set():
                    _worker = None
                    return


def _ensure_worker(stay: bool) -> None:
    global _worker
    with _worker_lock:
        _wake.set()
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_worker_loop, args=(stay,), name="zorgzaam-job-worker", daemon=True)
            _worker.start()


def wake_worker() -> None:
    """A job was queued in this process: run it in this process's worker thread (started if need be; it
    stops again after :data:`WORKER_IDLE_S` without work)."""
    _ensure_worker(stay=False)


def worker_in_process() -> bool:
    return runner_kind() == "database" and settings.ZORGZAAM_JOB_WORKER != "external"


def start_in_web_process() -> None:
    """When a web process loads the app: recover the jobs of processes that died (:func:`recover_at_start`)
    and, unless ``zorgzaam worker`` processes run the queue, start this process's worker thread, which runs
    the queued jobs (also those queued before a restart) and then looks for new ones every few seconds."""
    recover_at_start()
    if worker_in_process():
        _ensure_worker(stay=True)


# ------------------------------------------------------------------------------ jobs whose process died

def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), or None (no such process, or no
    /proc on this system)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def process_id(pid: int | None = None) -> str:
    """host|boot|pid|start of a process: the start time (Linux) tells it from a later process that got the
    same number, the boot id tells a number from before a reboot."""
    import os
    import socket

    pid = pid or os.getpid()
    stat = _proc_stat(pid)
    return f"{socket.gethostname()}|{_boot_id()}|{pid}|{stat[19] if stat else ''}"[:200]


def process_alive(runner: str) -> bool | None:
    """Whether the process ``runner`` (:func:`process_id`) still runs; None when it ran on another machine."""
    import os
    import socket

    host, boot, pid, start = (runner.split("|") + ["", "", "", ""])[:4]
    if host != socket.gethostname():
        return None
    if boot and boot != _boot_id():
        return False  # the machine restarted since
    try:
        number = int(pid)
    except ValueError:
        return False
    stat = _proc_stat(number)
    if start:
        return stat is not None and stat[19] == start and stat[0] not in ("Z", "X")
    try:
        os.kill(number, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lost_by_queue(job: Job) -> bool:
    """With rq: the queue no longer has the job, or says it failed or was stopped (its work horse died)."""
    try:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RqJob
        from rq.job import JobStatus

        started = job.attempts - 1 if job.status == Job.Status.RUNNING else job.attempts  # when it was queued
        try:
            found = RqJob.fetch(rq_job_id(job.pk, max(started, 0)), connection=queue().connection)
        except NoSuchJobError:
            return True
        return found.get_status() in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)
    except Exception as error:  # Redis unreachable: judge nothing
        log.warning("could not ask the job queue about job %s: %s", job.pk, type(error).__name__)
        return False


def _tasks_of(job_id: int):
    """The database queue's task rows for a job."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=run_job_task.module_path, args_kwargs__args__0=job_id)


def in_queue(job: Job) -> bool:
    """Whether the queue holds this queued job (and a worker will take it)."""
    runner = runner_kind()
    if runner == "rq":
        return not _lost_by_queue(job)
    if runner == "database":
        from django_tasks_db.compat import TaskResultStatus

        return _tasks_of(job.pk).filter(status=TaskResultStatus.READY).exists()
    return False  # inline: nothing holds a job between requests


def is_orphaned(job: Job) -> bool:
    """A running job that no process will finish: its process is gone (on this machine; with rq also when the
    queue lost or failed it)."""
    if job.runner:
        alive = process_alive(job.runner)
        if alive is not None:
            return not alive
        return runner_kind() == "rq" and _lost_by_queue(job)  # on another machine: only the queue can tell
    if runner_kind() == "rq":
        return _lost_by_queue(job)
    return True  # a worker always records its process; a running row without one is from an older version


def _enqueue(job_id: int, attempts: int = 0) -> None:
    runner = runner_kind()
    if runner == "rq":
        _enqueue_rq(job_id, attempts)
    elif runner == "inline":
        run_job(job_id)
    else:
        run_job_task.enqueue(job_id)


def fail_interrupted(job_id: int) -> bool:
    """Mark a queued or running job failed as interrupted and remove its upload; False when it had finished."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return False
    changed = Job.objects.filter(pk=job_id, status__in=ACTIVE).update(
        status=Job.Status.FAILED, step="failed", progress=100, finished_at=timezone.now(),
        error=_message("job_interrupted"))
    if changed:
        log.warning("job %s (%s) was interrupted %s times: its process is gone; failed", job_id, job.kind,
                    job.attempts)
        remove_upload(job.params.get("path"))
    return bool(changed)


def requeue(job: Job) -> bool:
    """Queue a job again (its upload kept): a queued one its queue lost, or a running one whose process died
    (then it starts from the beginning). Only one process does it (the row must still be as read)."""
    changed = Job.objects.filter(pk=job.pk, status=job.status, runner=job.runner, attempts=job.attempts).update(
        status=Job.Status.QUEUED, progress=0, step="", runner="")
    if not changed:
        return False
    if runner_kind() == "database":  # the dead worker's task row would say "running" for ever
        from django_tasks_db.compat import TaskResultStatus

        _tasks_of(job.pk).filter(status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now(), exception_class_path="",
            traceback="interrupted: the worker's process is gone")
    _enqueue(job.pk, job.attempts)
    return True


def interrupted(job: Job) -> str:
    """A running job whose process died: queued again for its second attempt, failed after that. Returns
    "requeued", "failed" or "" (another process acted first)."""
    if job.attempts >= MAX_ATTEMPTS:
        return "failed" if fail_interrupted(job.pk) else ""
    if requeue(job):
        log.warning("job %s (%s) was interrupted: its process is gone; queued again (attempt %s of %s)",
                    job.pk, job.kind, job.attempts + 1, MAX_ATTEMPTS)
        return "requeued"
    return ""


def recover_dead_jobs() -> dict:
    """Queued jobs their queue does not hold are queued again; running jobs whose process is gone are queued
    again or failed (:func:`interrupted`). The ids, by outcome."""
    outcome: dict[str, list[int]] = {"failed": [], "requeued": []}
    for job in Job.objects.filter(status__in=ACTIVE).order_by("pk"):
        if job.status == Job.Status.QUEUED:
            if not in_queue(job) and requeue(job):
                log.warning("job %s (%s) was not in the queue: queued again", job.pk, job.kind)
                outcome["requeued"].append(job.pk)
        elif is_orphaned(job):
            result = interrupted(job)
            if result:
                outcome[result].append(job.pk)
    return outcome


def clean_uploads() -> list[str]:
    """Remove upload folders nothing needs any more: those of no queued or running job (older than
    :data:`ORPHAN_AGE_S`, so a job being created keeps its folder), empty survey-import folders (after a minute), and survey
    answer files left waiting longer than :data:`VOICES_STASH_AGE_S`. Returns the removed folder names."""
    import time

    root = upload_dir()
    if not root.is_dir():
        return []
    needed = {Path(job.params.get("path", "")).parent.name
              for job in Job.objects.filter(status__in=ACTIVE).only("params")}
    removed = []
    now = time.time()
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        age = now - folder.stat().st_mtime
        if folder.name.startswith("voices-"):
            drop = (age > 60 and not any(folder.iterdir())) or age > VOICES_STASH_AGE_S
        else:
            drop = folder.name not in needed and age > ORPHAN_AGE_S
        if drop:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


TASK_ROWS_KEPT_DAYS = 30  # the database queue's rows of finished tasks (the job rows themselves stay)


def prune_finished_tasks() -> int:
    """Delete the database queue's rows of tasks finished more than :data:`TASK_ROWS_KEPT_DAYS` ago (what
    django-tasks' ``prune_db_task_results`` does); how many."""
    from datetime import timedelta

    from django_tasks_db.models import DBTaskResult

    old = timezone.now() - timedelta(days=TASK_ROWS_KEPT_DAYS)
    return DBTaskResult.objects.finished().filter(finished_at__lt=old).delete()[0]


def recover_at_start() -> dict:
    """At the start of a web process or worker: queue again or fail the jobs whose process died
    (:func:`recover_dead_jobs`), clean the uploads and prune the queue's old rows. Never stops the start: a
    problem is logged."""
    try:
        outcome = {**recover_dead_jobs(), "removed": clean_uploads()}
        prune_finished_tasks()
        return outcome
    except Exception as error:  # e.g. a database not migrated yet
        log.warning("could not check for interrupted jobs: %s", type(error).__name__)
        return {"failed": [], "requeued": [], "removed": []}
    finally:
        if not connection.in_atomic_block:
            connection.close()  # a forking server or rq must not share this connection with its children


def horse_killed(rq_job, retpid, ret_val, rusage) -> None:
    """rq calls this in ``zorgzaam worker`` when a work horse died (killed, out of memory): queue its job again,
    or fail it after a second interruption (:func:`interrupted`)."""
    try:
        if rq_job.args:
            job = Job.objects.filter(pk=int(rq_job.args[0]), status__in=ACTIVE).first()
            if job is not None:
                interrupted(job)
    finally:
        if not connection.in_atomic_block:
            connection.close()  # the worker forks the next work horse: it must not inherit this connection
