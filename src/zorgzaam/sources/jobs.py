"""The ``import`` job: a measure file (or, for an instance administrator, area levels) read, checked and
stored in the background; the report or the error kept once, in no language (codes and parameters, worded
when read: ``sources.report.worded``, ``messages.stored_text``). Registered in
:class:`zorgzaam.sources.apps.SourcesConfig`."""

from __future__ import annotations

import logging

from django.utils import timezone

from zorgzaam.messages import Problem, ZorgzaamError, gettext_noop, register
from zorgzaam.workspaces.jobs import _update, failure, log_failure, remove_upload
from zorgzaam.workspaces.models import Job

log = logging.getLogger(__name__)
AREAS_FORMAT = "areas"  # the upload screen's choice for area files (not a measure importer)

register({
    "shared_data_title": gettext_noop("Alleen voor de beheerder van deze installatie"),
    "shared_data_admin_only": gettext_noop(
        "Gebiedsindelingen worden gedeeld door alle werkruimtes van deze installatie. Alleen een beheerder van de "
        "installatie mag ze laden of wijzigen (met zorgzaam admin grant krijgt iemand dat recht). Je eigen cijfers "
        "kun je wel importeren: die blijven in je werkruimte."),
    "job_file_unreadable": gettext_noop(
        "Het bestand kon niet gelezen worden. Controleer het soort bestand en probeer opnieuw."),
})  # "job_interrupted" is the job core's own (zorgzaam.workspaces.jobs)


def run_import_job(job: Job) -> None:
    _update(job, status=Job.Status.RUNNING, progress=10, step="reading")
    params = job.params
    try:
        if params["format"] == AREAS_FORMAT:  # area levels: shared by every workspace, no dataset
            from zorgzaam.workspaces.permissions import is_instance_admin

            if not is_instance_admin(job.created_by):  # the upload screen refuses it too
                raise ZorgzaamError("shared_data_admin_only")
            from zorgzaam.areas.levels import LEVEL_LABELS, Level
            from zorgzaam.areas.loading import unpack_upload
            from zorgzaam.areas.store import load_and_save_areas

            loaded = dict(load_and_save_areas([unpack_upload(params["path"])]), kind="areas",
                          file=params.get("file_name", ""))
            # stored once: each level as its msgid ({"msgid": …}, messages.param_text), named when read
            report = dict(loaded, counts=[dict(row, level={"msgid": LEVEL_LABELS[Level(row["level"])]})
                                          for row in loaded["counts"]])
            _update(job, status=Job.Status.DONE, progress=100, step="done", report=report, finished_at=timezone.now())
            return
        from zorgzaam.sources.generic import WideOptions
        from zorgzaam.sources.importing import run_import

        options = WideOptions(**params["options"]) if params.get("options") else None
        result, dataset = run_import(params["format"], params["path"], period=params.get("period") or None,
                                     level=params.get("level") or None, name=params.get("name") or None,
                                     workspace=job.workspace, options=options)
        _update(job, status=Job.Status.DONE, progress=100, step="done", dataset=dataset,
                report=result.report.as_record(), finished_at=timezone.now())
    except ZorgzaamError as error:
        report = getattr(error, "report", None)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed",
                error=failure(error.problem, params),
                report=report.as_record() if report is not None else None,
                finished_at=timezone.now())
    except Exception as error:  # a bug or a file no reader expected: tell the person, log the scrubbed traceback
        log_failure(job, error)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed",
                error=Problem("job_file_unreadable").as_record(),
                finished_at=timezone.now())
    finally:
        remove_upload(params.get("path"))
