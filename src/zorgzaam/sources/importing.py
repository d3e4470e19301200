"""The Django side of importing: areas from the database, then one save (Parquet + Dataset row).

``run_import`` validates everything first (``sources.importers``); only when that succeeded does it
call ``save_dataset``. A failed import therefore leaves the database and the data directory exactly as
they were (``save_dataset`` itself removes its Parquet file if the database write fails)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from zorgzaam.areas.models import Area, Neighbourhood
from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.generic import WideOptions
from zorgzaam.sources.importers import ImportResult, import_file
from zorgzaam.sources.store import file_sha256, save_dataset
from zorgzaam.sources.validation import NEIGHBOURHOOD


def area_lookup(workspace=None):
    """level -> frame(code, vintage, name, valid_from, valid_to) from the database (cached per level)."""
    cache: dict[str, pd.DataFrame] = {}

    def lookup(level: str) -> pd.DataFrame:
        if level not in cache:
            if level == NEIGHBOURHOOD:
                if workspace is None:
                    raise ZorgzaamError("src_need_workspace")
                names = list(Neighbourhood.objects.filter(workspace=workspace).values_list("name", flat=True))
                cache[level] = pd.DataFrame({"code": names, "vintage": "", "name": names, "valid_from": None,
                                             "valid_to": None})
            else:
                rows = Area.objects.filter(level=level).values_list("code", "vintage", "name", "valid_from",
                                                                    "valid_to")
                cache[level] = pd.DataFrame(list(rows), columns=["code", "vintage", "name", "valid_from",
                                                                 "valid_to"])
        return cache[level]

    return lookup


def find_workspace(slug: str | None):
    if not slug:
        return None
    from zorgzaam.workspaces.models import Workspace

    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise ZorgzaamError("src_workspace_not_found", slug=slug)
    return workspace


def run_import(format_name: str, path: str | Path, *, period: str | None = None, level: str | None = None,
               name: str | None = None, workspace=None, options: WideOptions | None = None,
               save: bool = True, lang: str | None = None, force_period: bool = False):
    """Import one file. Returns (ImportResult, Dataset or None when ``save`` is False)."""
    if isinstance(workspace, str):
        workspace = find_workspace(workspace)
    result: ImportResult = import_file(format_name, path, areas=area_lookup(workspace), period=period,
                                       level=level, options=options,
                                       workspace=workspace.slug if workspace is not None else None,
                                       force_period=force_period)
    if not save:
        return result, None
    path = Path(path)
    report = result.report.as_record()  # stored once, in no language; sources.report.worded words it
    dataset = save_dataset(
        result.values, name=name or f"{result.format.name}: {path.name}", format=result.format.name,
        source=result.format.source, file_name=path.name, file_sha256=file_sha256(path), report=report,
        workspace=workspace,
    )
    return result, dataset
