"""Report generation as a background job (kind ``report``, registered in ``ReportsConfig.ready``): the screen
starts it and shows its progress; the result is a new :class:`reports.models.ReportExport`."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext_noop

from zorgzaam.messages import Problem, ZorgzaamError, register
from zorgzaam.workspaces.models import Job

log = logging.getLogger(__name__)

# step codes are Dutch msgids (at most 40 characters), shown as they are by the job page
STEPS = {
    "profile": gettext_noop("Cijfers van de buurten lezen"),
    "environment": gettext_noop("Omgeving van de buurten berekenen"),
    "voices": gettext_noop("Bevragingen samenvatten"),
    "plan": gettext_noop("Samenvatting, plan en overleg lezen"),
    "render": gettext_noop("Document opmaken"),
    "saving": gettext_noop("Rapport bewaren"),
}

register({"report_failed": gettext_noop("Het rapport kon niet gemaakt worden. Probeer opnieuw of kies minder "
                                        "onderdelen.")})


def _update(job: Job, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def start_report(workspace, user, *, names: list[str], fmt: str, sections: list[str], lang: str = "nl",
                 base_url: str = "") -> Job:
    from zorgzaam.workspaces.jobs import start

    job = Job.objects.create(workspace=workspace, kind="report", created_by=user,
                             params={"kind": "buurtanalyse", "neighbourhoods": list(names), "format": fmt,
                                     "sections": list(sections), "lang": lang, "base_url": base_url,
                                     "file_name": f"buurtanalyse.{fmt}"})
    start(job)
    return job


def start_page(workspace, user, *, kind: str, name: str, fmt: str, lang: str = "nl") -> Job:
    """The one-page profile (``profile_page``) or the residents' version (``residents``) of one neighbourhood as
    a background job; the result is a new version (:func:`reports.versions.export_page`)."""
    from zorgzaam.workspaces.jobs import start

    job = Job.objects.create(workspace=workspace, kind="report", created_by=user,
                             params={"kind": kind, "neighbourhoods": [name], "format": fmt, "lang": lang,
                                     "file_name": f"{kind}.{fmt}"})
    start(job)
    return job


def run_report_job(job: Job) -> None:
    from zorgzaam.reports.buurtanalyse import export
    from zorgzaam.reports.versions import PAGE_KINDS, export_page

    params = job.params

    def progress(fraction: float, step: str) -> None:
        _update(job, progress=max(1, min(99, int(100 * fraction))), step=STEPS.get(step, step)[:40])

    try:
        if params.get("kind") in PAGE_KINDS:
            row = export_page(job.workspace, params["kind"], params["neighbourhoods"][0], params["format"],
                              lang=params.get("lang", "nl"), user=job.created_by, progress=progress)
        else:
            row = export(job.workspace, params.get("neighbourhoods") or None, params["format"],
                         sections=params.get("sections") or (), lang=params.get("lang", "nl"), user=job.created_by,
                         progress=progress, base_url=params.get("base_url", ""))
        report = {"export_id": row.pk, "version": row.version, "format": row.format, "draft": row.draft}
        _update(job, status=Job.Status.DONE, progress=100, step="done", report=report,
                finished_at=timezone.now())
    except ZorgzaamError as error:
        from zorgzaam.workspaces.jobs import failure

        _update(job, status=Job.Status.FAILED, progress=100, step="failed", error=failure(error.problem, params),
                finished_at=timezone.now())
    except Exception as error:  # a bug: tell the person, log the scrubbed traceback
        from zorgzaam.workspaces.jobs import log_failure

        log_failure(job, error)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed", finished_at=timezone.now(),
                error=Problem("report_failed").as_record())
