"""Saving and reading datasets (the Django side of the measure tables).

``save_dataset`` is the one way measure values get stored, for every importer and the demo
generator: the values go to one Parquet file in the data directory, the metadata and import report
to a ``Dataset`` row. If saving fails, neither remains."""

from __future__ import annotations

import functools
import hashlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from django.db import transaction

from zorgzaam.paths import data_dir, measures_dir
from zorgzaam.sources.frames import value_frame
from zorgzaam.sources.models import Dataset

if TYPE_CHECKING:
    from zorgzaam.areas.neighbourhood_service import PopulationChoice


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_dataset(values: pd.DataFrame, *, name: str, format: str, source: str = "", file_name: str = "",
                 file_sha256: str = "", report: dict | None = None, workspace=None,
                 is_fictional: bool = False) -> Dataset:
    frame = value_frame(values)
    relative = Path("measures") / f"{uuid.uuid4().hex}.parquet"
    measures_dir()
    target = data_dir() / relative
    frame.to_parquet(target, index=False)
    try:
        with transaction.atomic():
            dataset = Dataset.objects.create(
                workspace=workspace, name=name, format=format, source=source, file_name=file_name,
                file_sha256=file_sha256, values_file=str(relative),
                levels=sorted(frame["area_level"].unique().tolist()),
                periods=sorted(frame["period"].unique().tolist()),
                measures=sorted(frame["measure"].unique().tolist()),
                row_count=len(frame), report=report or {}, is_fictional=is_fictional,
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return dataset


def dataset_values(dataset: Dataset) -> pd.DataFrame:
    """The measure table of one dataset."""
    return pd.read_parquet(data_dir() / dataset.values_file)


def delete_dataset(dataset: Dataset) -> None:
    path = data_dir() / dataset.values_file
    with transaction.atomic():
        dataset.delete()
    path.unlink(missing_ok=True)


@functools.lru_cache(maxsize=64)
def _read_values(path: str, measures: tuple[str, ...], levels: tuple[str, ...]) -> pd.DataFrame:
    """One dataset's values, read once per process: a dataset's Parquet file never changes (a new
    import writes a new file under a new name; deleting a dataset deletes its file)."""
    filters = []
    if measures:
        filters.append(("measure", "in", list(measures)))
    if levels:
        filters.append(("area_level", "in", list(levels)))
    return pd.read_parquet(path, filters=filters or None)


def load_values(datasets=None, measures: list[str] | None = None, levels: list[str] | None = None) -> pd.DataFrame:
    """Measure values of several datasets in one table, with a ``dataset_id`` column.

    ``datasets`` defaults to every dataset. Filters on measures and levels are applied while reading."""
    if datasets is None:
        datasets = Dataset.objects.all()
    parts = []
    for dataset in datasets:
        part = _read_values(str(data_dir() / dataset.values_file), tuple(sorted(measures or ())),
                            tuple(sorted(levels or ())))
        parts.append(part.assign(dataset_id=dataset.id))
    if not parts:
        return pd.DataFrame(columns=["area_level", "area_code", "area_vintage", "period", "measure", "value",
                                     "dataset_id"])
    return pd.concat(parts, ignore_index=True)


def sector_population(codes: list[str], vintage: str, measure: str = "population", period: str | None = None,
                      workspace=None) -> PopulationChoice:
    """Population per sector from stored measure values (shared datasets and the workspace's own).
    ``measure`` may name several measures joined by '+', which are summed (e.g. Census 65+ and under 65).
    ``period`` defaults to the latest period that has values for these sectors."""
    from django.db.models import Q

    from zorgzaam.areas.levels import Level
    from zorgzaam.areas.neighbourhood_service import PopulationChoice

    measures = [m.strip() for m in measure.replace(",", "+").split("+") if m.strip()]
    datasets = Dataset.objects.filter(Q(workspace__isnull=True) | Q(workspace=workspace))
    values = load_values(datasets, measures=measures, levels=[Level.SECTOR.value])
    values = values[values["area_code"].isin(codes) & values["area_vintage"].isin([vintage, ""])]
    if period:
        values = values[values["period"] == str(period)]
    elif not values.empty:
        period = sorted(values["period"].unique())[-1]
        values = values[values["period"] == period]
    if values.empty:
        return PopulationChoice(pd.Series(dtype=float), "+".join(measures), period or "")
    table = values.pivot_table(index="area_code", columns="measure", values="value", aggfunc="first",
                               dropna=False)
    table = table.reindex(columns=measures)
    total = table.sum(axis=1, min_count=len(measures))  # a missing part leaves the total unknown
    return PopulationChoice(total, "+".join(measures), str(period))
