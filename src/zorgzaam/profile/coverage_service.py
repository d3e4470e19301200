"""The coverage view fed from the database: the datasets a workspace can see (the shared official data
and its own), read once each, handed to the plain :mod:`zorgzaam.profile.coverage`."""

from __future__ import annotations

from django.db.models import Q

from zorgzaam.profile.coverage import Coverage, DatasetInfo, coverage
from zorgzaam.sources.models import Dataset
from zorgzaam.sources.store import load_values

COLUMNS = ["area_level", "area_code", "area_vintage", "period", "measure"]


def visible_datasets(workspace=None):
    query = Q(workspace__isnull=True)
    if workspace is not None:
        query |= Q(workspace=workspace)
    return Dataset.objects.filter(query).order_by("id")


def workspace_coverage(workspace=None, lang: str = "nl") -> Coverage:
    """Coverage of the shared datasets and (with ``workspace``) the workspace's own, against the
    workspace's catalogue (its own indicators included)."""
    from zorgzaam.profile.service import workspace_catalogue

    infos = []
    for dataset in visible_datasets(workspace):
        values = load_values([dataset])
        infos.append(DatasetInfo(dataset.name, values[[c for c in COLUMNS if c in values.columns]],
                                 is_team=dataset.workspace_id is not None, id=dataset.id))
    return coverage(infos, workspace_catalogue(workspace), lang)
