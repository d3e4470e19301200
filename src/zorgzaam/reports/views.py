"""The reports screen (/rapporten/<workspace>/): choose neighbourhoods, sections and format, see the decree
checklist with links to its evidence, start the report as a background job, follow its progress, and download
this or any earlier version again (audited). Thin: the work is in ``reports.buurtanalyse`` and ``reports.jobs``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zorgzaam.messages import gettext
from zorgzaam.reports.buurtanalyse import FORMATS, SECTION_TITLES, SECTIONS
from zorgzaam.reports.models import ReportExport
from zorgzaam.sources.report import worded
from zorgzaam.workspaces import jobs
from zorgzaam.workspaces.audit import record_download
from zorgzaam.workspaces.lang import ui_lang
from zorgzaam.workspaces.models import Job
from zorgzaam.workspaces.permissions import Action, object_in, workspace_for

CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@login_required
def reports(request, slug):
    from zorgzaam.reports.collect import checklist_for, neighbourhoods_of

    workspace = workspace_for(request, slug, needs=Action.VIEW)
    lang = ui_lang()
    neighbourhoods = neighbourhoods_of(workspace)
    chosen_names = request.GET.getlist("buurt") or [n.name for n in neighbourhoods]
    chosen = [n for n in neighbourhoods if n.name in chosen_names]
    checklist = checklist_for(workspace, chosen).as_dict(lang) if chosen else None
    return render(request, "reports/reports.html", {
        "nav": "reports", "neighbourhoods": neighbourhoods, "chosen": {n.name for n in chosen},
        "sections": [(code, gettext(SECTION_TITLES[code], lang)) for code in SECTIONS], "formats": FORMATS,
        "page_kinds": [(code, label) for code, label in ReportExport.KINDS if code != "buurtanalyse"],
        "checklist": checklist, "exports": ReportExport.objects.filter(workspace=workspace).select_related(
            "created_by")[:50]})


@login_required
@require_POST
def report_start(request, slug):
    from zorgzaam.reports.jobs import start_report

    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    names = request.POST.getlist("buurt")
    sections = [s for s in request.POST.getlist("section") if s in SECTIONS] or list(SECTIONS)
    fmt = request.POST.get("format", "docx")
    if fmt not in FORMATS or not names:
        return redirect(reverse("reports", args=[slug]) + "?fout=1")
    job = start_report(workspace, request.user, names=names, fmt=fmt, sections=sections, lang=ui_lang(),
                       base_url=request.build_absolute_uri("/").rstrip("/"))
    return redirect("report-job", slug=slug, pk=job.pk)


@login_required
@require_POST
def page_start(request, slug):
    """The one-page profile or the residents' version of one neighbourhood, made as a background job and kept
    as a new version (the direct downloads stay for a quick look)."""
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.reports.jobs import start_page
    from zorgzaam.reports.one_page import FORMATS as PAGE_FORMATS
    from zorgzaam.reports.versions import PAGE_KINDS

    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    kind, fmt = request.POST.get("kind", ""), request.POST.get("format", "pdf")
    pk = request.POST.get("buurt", "")
    if kind not in PAGE_KINDS or fmt not in PAGE_FORMATS or not pk.isdigit():
        return redirect(reverse("reports", args=[slug]) + "?fout=1")
    neighbourhood = object_in(workspace, Neighbourhood, int(pk))
    job = start_page(workspace, request.user, kind=kind, name=neighbourhood.name, fmt=fmt, lang=ui_lang())
    return redirect("report-job", slug=slug, pk=job.pk)


@login_required
def report_job(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.VIEW)
    job = object_in(workspace, Job, pk)
    if job.kind != "report":
        raise Http404
    lang = ui_lang()
    state = jobs.job_state(job, lang)
    if request.GET.get("format") == "json":
        return JsonResponse(state)
    result = worded(job.report, lang)
    export = ReportExport.objects.filter(workspace=workspace, pk=result["export_id"]).first() if result else None
    return render(request, "reports/job.html", {"nav": "reports", "job": job, "state": state, "export": export})


@login_required
def report_download(request, slug, pk):
    workspace = workspace_for(request, slug, needs=Action.EXPORT)
    export = object_in(workspace, ReportExport, pk)
    path = Path(settings.DATA_DIR) / export.file
    if not path.is_file():
        raise Http404
    record_download(request, workspace, "report_export", fmt=export.format, target=export.file_name, obj=export,
                    version=export.version, again=True)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=export.file_name,
                            content_type=CONTENT_TYPES[export.format])
    return response
