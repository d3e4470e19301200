"""Thin views of the workspace screens: they check the role (``web.permissions``), call the services of
``areas`` and ``sources``, and render. Neighbourhood, data and member screens are in their own modules."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.text import slugify

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.sources.models import Dataset
from zorgzaam.web.forms import WorkspaceForm
from zorgzaam.workspaces.models import Job, Membership, Role, Workspace
from zorgzaam.workspaces.permissions import Action, workspace_for


def home(request):
    """Signed in: the person's workspaces. Otherwise: what Zorgzaam is and a way to sign in."""
    memberships = []
    if request.user.is_authenticated:
        memberships = list(Membership.objects.filter(user=request.user).select_related("workspace")
                           .order_by("workspace__name"))
    return render(request, "web/home.html", {"memberships": memberships,
                                             "workspace_form": WorkspaceForm() if request.user.is_authenticated else None})


@login_required
def workspace_create(request):
    """A new workspace, with the person who makes it as beheerder."""
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        base = slugify(data["name"]) or "werkruimte"
        slug, number = base, 2
        while Workspace.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        with transaction.atomic():
            workspace = Workspace.objects.create(name=data["name"], slug=slug, organisation=data["organisation"],
                                                 municipality=data["municipality"])
            Membership.objects.create(user=request.user, workspace=workspace, role=Role.ADMIN)
        return redirect("web:dashboard", slug=workspace.slug)
    return render(request, "web/workspace_form.html", {"form": form})


@login_required
def dashboard(request, slug):
    from zorgzaam.plan import plan_service

    workspace = workspace_for(request, slug, needs=Action.VIEW)
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace).prefetch_related("versions"))
    for neighbourhood in neighbourhoods:
        versions = sorted(neighbourhood.versions.all(), key=lambda v: v.number)
        neighbourhood.latest = versions[-1] if versions else None
    datasets = Dataset.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True))
    context = {
        "neighbourhoods": neighbourhoods,
        "datasets": datasets[:5],
        "dataset_count": datasets.count(),
        "running_jobs": Job.objects.filter(workspace=workspace, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]),
        "member_count": workspace.memberships.count(),
        **_chain_counts(workspace),
        "plan_due": plan_service.workspace_due(workspace),
    }
    return render(request, "web/dashboard.html", context)


def _chain_counts(workspace) -> dict:
    """What the environment, voices and summary parts hold for this workspace (for the overview)."""
    from zorgzaam.environment.models import Facility, StreetNetwork
    from zorgzaam.plan.models import Finding
    from zorgzaam.voices.models import QualitativeSession, Quote, Respondent, Survey

    shared_or_own = Q(workspace__isnull=True) | Q(workspace=workspace)
    return {
        "facility_count": Facility.objects.filter(shared_or_own, is_retired=False).count(),
        "network_count": StreetNetwork.objects.filter(shared_or_own).count(),
        "survey_count": Survey.objects.filter(workspace=workspace).count(),
        "response_count": Respondent.objects.filter(survey__workspace=workspace, completed_at__isnull=False).count(),
        "session_count": QualitativeSession.objects.filter(workspace=workspace).count(),
        "quote_count": Quote.objects.filter(workspace=workspace).count(),
        "open_finding_count": Finding.objects.filter(workspace=workspace, status="open", is_current=True).count(),
    }


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


FAVICON = Path(__file__).with_name("static") / "zorgzaam" / "favicon.ico"


def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the small Zorgzaam icon (shipped, offline)."""
    from django.http import FileResponse

    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def glossary(request):
    """/woordenlijst/: the method's words and the indicator catalogue's terms, in Dutch and English."""
    from zorgzaam.profile.catalogue import load_catalogue
    from zorgzaam.web.glossary import catalogue_terms, method_words

    return render(request, "web/glossary.html", {"method_words": method_words(),
                                                 "catalogue_groups": catalogue_terms(load_catalogue())})
