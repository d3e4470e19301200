"""Data screens: the datasets a workspace can use, uploading a file to import (run as a background job
with its progress shown), and the import report as a readable page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zorgzaam.messages import format_number, stored_text
from zorgzaam.sources.jobs import AREAS_FORMAT
from zorgzaam.sources.models import Dataset
from zorgzaam.sources.report import worded
from zorgzaam.web.forms import ImportForm
from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.models import Job
from zorgzaam.workspaces.permissions import Action, is_instance_admin, object_in, workspace_for


def _datasets(workspace):
    return Dataset.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True))


@login_required
def dataset_list(request, slug):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    rows = [{"dataset": d, "values": format_number(d.row_count, lang)} for d in _datasets(workspace)]
    recent_jobs = Job.objects.filter(workspace=workspace).select_related("created_by")[:10]
    return render(request, "web/dataset_list.html", {"rows": rows, "jobs": recent_jobs})


def report_for_page(report: dict | None, lang: str) -> dict | None:
    """The stored import report worded in the page's language (``sources.report.worded``, which also reads an
    older row stored in both languages) with its numbers formatted, or None when no import report is stored."""
    shown = worded(report, lang)
    if not shown or not ({"records_read", "kind"} & set(shown)):  # e.g. a demo dataset's note, no report
        return None
    for key in ("rows_read", "records_read", "records_kept", "records_refused", "values_saved", "unknown_values"):
        if isinstance(shown.get(key), int | float):
            shown[key] = format_number(shown[key], lang)
    return shown


@login_required
def dataset_detail(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    dataset = object_in(workspace, Dataset, pk, shared=True)
    lang = ui_lang()
    report = dataset.report or {}
    return render(request, "web/dataset_detail.html", {
        "dataset": dataset, "report": report_for_page(report, lang),
        "note": stored_text(report.get("note") or {"nl": report.get("note_nl"), "en": report.get("note_en")}, lang),
        "values": format_number(dataset.row_count, lang),
    })


@login_required
def import_upload(request, slug):
    workspace = workspace_for(request, slug, needs=Action.IMPORT_DATA)
    admin = is_instance_admin(request.user)
    if request.method == "POST":
        if request.POST.get("format") == AREAS_FORMAT and not admin:
            return shared_data_refused(request)
        form = ImportForm(request.POST, request.FILES, allow_areas=admin)
        if form.is_valid():
            job = _queue_import(request, workspace, form)
            return redirect("web:job", slug=workspace.slug, pk=job.pk)
    else:
        form = ImportForm(allow_areas=admin)
    return render(request, "web/import_form.html", {"form": form})


def shared_data_refused(request):
    """403: shared reference data (area levels, official datasets) is changed by an instance administrator."""
    from zorgzaam.messages import render as message

    lang = ui_lang()
    return render(request, "403.html", {"reason_title": message("shared_data_title", lang=lang),
                                        "reason": message("shared_data_admin_only", lang=lang)}, status=403)


def _queue_import(request, workspace, form) -> Job:
    data = form.cleaned_data
    options = form.wide_options()
    return jobs.start_with_upload(workspace, request.user, data["file"], "import", format=data["format"],
                                  level=data["level"], period=data["period"].strip(), name=data["name"].strip(),
                                  options=options if any(options.values()) else None)


@login_required
def job_detail(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    job = object_in(workspace, Job, pk)
    lang = ui_lang()
    state = jobs.job_state(job, lang)
    if request.GET.get("format") == "json":
        state["url"] = reverse("web:job", args=[workspace.slug, job.pk])
        return JsonResponse(state)
    return render(request, "web/job_detail.html", {
        "job": job, "state": state, "report": report_for_page(job.report, lang)})
