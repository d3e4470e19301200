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
kind with :func:`register_kind`."""

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

from zorgzaam.messages import ZorgzaamError
from zorgzaam.web.models import Job

log = logging.getLogger(__name__)
QUEUE_NAME = "zorgzaam"
_executor: ThreadPoolExecutor | None = None
AREAS_FORMAT = "areas"  # the upload screen's choice for area files (not a measure importer)


def upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


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
            "error": (job.error or {}).get(lang) or (job.error or {}).get("nl")}


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
    with transaction.atomic():
        job = Job.objects.create(workspace=workspace, kind=kind, created_by=user,
                                 params=dict(params, path=str(path), file_name=path.name))
        start(job)
    return job


def start(job: Job) -> None:
    """Queue the job once the surrounding transaction has committed (the worker must see the row)."""
    runner = settings.ZORGZAAM_JOB_RUNNER
    if runner == "inline":
        transaction.on_commit(lambda: run_job(job.pk))
    elif runner == "rq":
        transaction.on_commit(lambda: queue().enqueue(run_job, job.pk, job_timeout=6 * 3600))
    else:
        transaction.on_commit(lambda: _thread_pool().submit(_run_in_thread, job.pk))


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
                error={"nl": error.render("nl"), "en": error.render("en")},
                report={"nl": report.as_dict("nl"), "en": report.as_dict("en")} if report is not None else None,
                finished_at=timezone.now())
    except Exception as error:  # a bug or a file no reader expected: tell the person, log the type only
        log.error("import job %s failed: %s", job.pk, type(error).__name__)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed",
                error={"nl": "Het bestand kon niet gelezen worden. Controleer het soort bestand en probeer opnieuw.",
                       "en": "The file could not be read. Check the kind of file and try again."},
                finished_at=timezone.now())
    finally:
        folder = Path(params.get("path", "")).parent
        if folder.parent == upload_dir():
            shutil.rmtree(folder, ignore_errors=True)


# kind → runner(job); a string is imported when the first job of that kind runs (no import cycles)
JOB_KINDS: dict = {
    "import": _run_import,
    "network": "zorgzaam.environment.jobs.run_network_job",
    "facilities": "zorgzaam.environment.jobs.run_facilities_job",
}
