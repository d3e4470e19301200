"""Background jobs (imports) with a status the screen can show.

Three runners, chosen by ``settings.ZORGZAAM_JOB_RUNNER``:

* ``thread`` (default): one in-process worker thread; jobs run one after the other.
* ``rq`` (when ``ZORGZAAM_REDIS_URL`` is set): the job id goes to the ``zorgzaam`` queue on Redis and a
  separate ``zorgzaam worker`` process runs it — web processes and workers scale apart.
* ``inline``: run at once in the request (tests, scripts).

The work itself is ``run_job(job_id)``, the same for every runner. It dispatches on ``Job.kind``
through :data:`JOB_KINDS` (kind → function taking the job, or the dotted path of one, imported when a
job of that kind runs): ``import`` calls ``sources.run_import`` (which validates everything before it
stores anything) and records the report or the error in both languages; ``network`` builds a street
network and ``facilities`` imports a facility file (``zorgzaam.environment.jobs``). Another part adds a
kind with :func:`register_kind`.

A job whose process died (a restart, a kill, out of memory) would otherwise say "running" forever. Each job
records the process that holds it (``Job.runner``, :func:`process_id`): the web process whose worker thread
will run it, then the process running it (with rq: the work horse). :func:`recover_at_start` — called when a
web process loads the app (``wsgi.py``) and when ``zorgzaam worker`` starts — marks a queued or running job
failed, with a message, when that process is gone (on this machine; with rq also when the queue lost or
failed the job), removes its upload, and removes upload folders no unfinished job needs. ``zorgzaam worker``
also does this at once for a work horse that was killed. A process on another machine is never judged."""

from __future__ import annotations

import logging
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from zorgzaam.messages import ZorgzaamError, register, render
from zorgzaam.web.models import Job

log = logging.getLogger(__name__)
QUEUE_NAME = "zorgzaam"
_executor: ThreadPoolExecutor | None = None
AREAS_FORMAT = "areas"  # the upload screen's choice for area files (not a measure importer)


register({
    "shared_data_title": ("Alleen voor de beheerder van deze installatie",
                          "Only for the administrator of this installation"),
    "shared_data_admin_only": (
        "Gebiedsindelingen worden gedeeld door alle werkruimtes van deze installatie. Alleen een beheerder van de "
        "installatie mag ze laden of wijzigen (met zorgzaam admin grant krijgt iemand dat recht). Je eigen cijfers "
        "kun je wel importeren: die blijven in je werkruimte.",
        "Area levels are shared by every workspace of this installation. Only an administrator of the "
        "installation may load or change them (zorgzaam admin grant gives someone that right). You can import "
        "your own figures: they stay in your workspace."),
    "job_interrupted": (
        "Deze taak is afgebroken: het programma dat ze uitvoerde, is gestopt (bijvoorbeeld bij een herstart van de "
        "server). Laad het bestand opnieuw op om het nog eens te proberen.",
        "This job was interrupted: the program running it stopped (for example when the server restarted). "
        "Upload the file again to try once more."),
})
ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)
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
            "error": without_paths((job.error or {}).get(lang) or (job.error or {}).get("nl"), job.params)}


def without_paths(text: str | None, params: dict | None = None) -> str | None:
    """A job's message as a person may read it: the server's folders never shown (an error from a library can
    quote the upload's absolute path): the upload's path becomes the file's own name, any other path under
    the data folder its last part."""
    import re

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


def start_with_upload(workspace, user, upload, kind: str, **params) -> Job:
    """Save an uploaded file in its own folder under :func:`upload_dir` (removed when the job is done) and
    queue a job of ``kind`` for it; ``params`` gain ``path`` and ``file_name``."""
    import uuid

    from django.utils.text import get_valid_filename

    folder = upload_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / (get_valid_filename(Path(upload.name).name) or "upload")
    with path.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    holder = process_id() if settings.ZORGZAAM_JOB_RUNNER != "rq" else ""  # with rq the queue holds it
    with transaction.atomic():
        job = Job.objects.create(workspace=workspace, kind=kind, created_by=user, runner=holder,
                                 params=dict(params, path=str(path), file_name=path.name))
        start(job)
    return job


def start(job: Job) -> None:
    """Queue the job once the surrounding transaction has committed (the worker must see the row)."""
    runner = settings.ZORGZAAM_JOB_RUNNER
    if runner == "inline":
        transaction.on_commit(lambda: run_job(job.pk))
    elif runner == "rq":
        transaction.on_commit(lambda: queue().enqueue(run_job, job.pk, job_timeout=6 * 3600,
                                                      job_id=rq_job_id(job.pk)))
    else:
        transaction.on_commit(lambda: _thread_pool().submit(_run_in_thread, job.pk))


def rq_job_id(pk: int) -> str:
    return f"zorgzaam-job-{pk}"


def queue():
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(settings.ZORGZAAM_REDIS_URL))


def _thread_pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zorgzaam-job")
    return _executor


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_job(job_id)
    except Exception as error:  # never lose a failure inside the pool unseen
        log.error("background job %s could not run: %s", job_id, type(error).__name__)
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED, step="failed", progress=100,
            error={"nl": "De taak kon niet starten. Probeer het opnieuw.", "en": "The job could not start. Try again."})
    finally:
        connection.close()


def _update(job: Job, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def run_job(job_id: int) -> None:
    job = Job.objects.select_related("workspace").get(pk=job_id)
    if job.is_finished:
        return
    job.runner = process_id()  # this process (with rq: the work horse) now holds the job
    job.save(update_fields=["runner"])
    runner = JOB_KINDS.get(job.kind)
    if runner is None:
        log.error("job %s has an unknown kind %s", job.pk, job.kind)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed", finished_at=timezone.now(),
                error={"nl": "Onbekend soort taak.", "en": "Unknown kind of job."})
        return
    if isinstance(runner, str):
        runner = import_string(runner)
    runner(job)


def register_kind(kind: str, runner) -> None:
    """Let jobs of ``kind`` run through ``runner(job)`` (a function or its dotted path)."""
    JOB_KINDS[kind] = runner


def _run_import(job: Job) -> None:
    _update(job, status=Job.Status.RUNNING, progress=10, step="reading")
    params = job.params
    try:
        if params["format"] == AREAS_FORMAT:  # area levels: shared by every workspace, no dataset
            from zorgzaam.web.permissions import is_instance_admin

            if not is_instance_admin(job.created_by):  # the upload screen refuses it too
                raise ZorgzaamError("shared_data_admin_only")
            from zorgzaam.areas.levels import level_label
            from zorgzaam.areas.loading import unpack_upload
            from zorgzaam.areas.store import load_and_save_areas

            loaded = dict(load_and_save_areas([unpack_upload(params["path"])]), kind="areas",
                          file=params.get("file_name", ""))
            report = {lang: dict(loaded, counts=[dict(row, level=level_label(row["level"], lang))
                                                 for row in loaded["counts"]]) for lang in ("nl", "en")}
            _update(job, status=Job.Status.DONE, progress=100, step="done", report=report, finished_at=timezone.now())
            return
        from zorgzaam.sources.generic import WideOptions
        from zorgzaam.sources.importing import run_import

        options = WideOptions(**params["options"]) if params.get("options") else None
        result, dataset = run_import(params["format"], params["path"], period=params.get("period") or None,
                                     level=params.get("level") or None, name=params.get("name") or None,
                                     workspace=job.workspace, options=options)
        report = {"nl": result.report.as_dict("nl"), "en": result.report.as_dict("en")}
        _update(job, status=Job.Status.DONE, progress=100, step="done", dataset=dataset, report=report,
                finished_at=timezone.now())
    except ZorgzaamError as error:
        report = getattr(error, "report", None)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed",
                error={lang: without_paths(error.render(lang), params) for lang in ("nl", "en")},
                report={"nl": report.as_dict("nl"), "en": report.as_dict("en")} if report is not None else None,
                finished_at=timezone.now())
    except Exception as error:  # a bug or a file no reader expected: tell the person, log the type only
        log.error("import job %s failed: %s", job.pk, type(error).__name__)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed",
                error={"nl": "Het bestand kon niet gelezen worden. Controleer het soort bestand en probeer opnieuw.",
                       "en": "The file could not be read. Check the kind of file and try again."},
                finished_at=timezone.now())
    finally:
        remove_upload(params.get("path"))


# kind → runner(job); a string is imported when the first job of that kind runs (no import cycles)
JOB_KINDS: dict = {
    "import": _run_import,
    "network": "zorgzaam.environment.jobs.run_network_job",
    "facilities": "zorgzaam.environment.jobs.run_facilities_job",
}


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

        try:
            found = RqJob.fetch(rq_job_id(job.pk), connection=queue().connection)
        except NoSuchJobError:
            return True
        return found.get_status() in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)
    except Exception as error:  # Redis unreachable: judge nothing
        log.warning("could not ask the job queue about job %s: %s", job.pk, type(error).__name__)
        return False


def is_orphaned(job: Job) -> bool:
    """A queued or running job that no process will ever finish."""
    if job.runner:
        alive = process_alive(job.runner)
        if alive is not None:
            return not alive
    if settings.ZORGZAAM_JOB_RUNNER == "rq":
        return _lost_by_queue(job)
    return not job.runner  # in-process runners always record their process; an older row without one is lost


def fail_interrupted(job_id: int) -> bool:
    """Mark a queued or running job failed as interrupted and remove its upload; False when it had finished."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return False
    changed = Job.objects.filter(pk=job_id, status__in=ACTIVE).update(
        status=Job.Status.FAILED, step="failed", progress=100, finished_at=timezone.now(),
        error={lang: render("job_interrupted", lang=lang) for lang in ("nl", "en")})
    if changed:
        log.warning("job %s (%s) was interrupted: its process is gone", job_id, job.kind)
        remove_upload(job.params.get("path"))
    return bool(changed)


def recover_dead_jobs() -> list[int]:
    """Mark every queued or running job whose process is gone failed (:func:`is_orphaned`); their ids."""
    return [job.pk for job in Job.objects.filter(status__in=ACTIVE) if is_orphaned(job) and fail_interrupted(job.pk)]


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


def recover_at_start() -> dict:
    """At the start of a web process or worker: fail the jobs whose process died and clean the uploads.
    Never stops the start: a problem is logged."""
    try:
        return {"failed": recover_dead_jobs(), "removed": clean_uploads()}
    except Exception as error:  # e.g. a database not migrated yet
        log.warning("could not check for interrupted jobs: %s", type(error).__name__)
        return {"failed": [], "removed": []}
    finally:
        if not connection.in_atomic_block:
            connection.close()  # a forking server or rq must not share this connection with its children


def horse_killed(rq_job, retpid, ret_val, rusage) -> None:
    """rq calls this in ``zorgzaam worker`` when a work horse died (killed, out of memory): fail its job now."""
    try:
        if rq_job.args:
            fail_interrupted(int(rq_job.args[0]))
    finally:
        if not connection.in_atomic_block:
            connection.close()  # the worker forks the next work horse: it must not inherit this connection
