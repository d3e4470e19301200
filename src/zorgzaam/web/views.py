"""Thin views: they fetch, call the plain modules, and render."""

from django.shortcuts import render

from zorgzaam.areas.models import Area, Neighbourhood
from zorgzaam.sources.models import Dataset
from zorgzaam.web.models import Workspace


def home(request):
    workspaces = Workspace.objects.all()
    context = {
        "workspaces": workspaces,
        "has_demo": workspaces.filter(is_demo=True).exists(),
        "neighbourhoods": Neighbourhood.objects.select_related("workspace").all()[:50],
        "datasets": Dataset.objects.all()[:20],
        "area_count": Area.objects.count(),
    }
    return render(request, "web/home.html", context)
