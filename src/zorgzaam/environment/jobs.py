"""Background jobs of the environment part, registered in ``EnvironmentConfig.ready`` and run by
``workspaces.jobs.run_job`` (any runner: the database queue, rq or inline).

* ``network``: build a street network from an uploaded OpenStreetMap extract. Steps: read the extract,
  build the walkable network, keep the residential buildings, save both (``service.save_network``). The
  report gives nodes, edges, network islands (connected parts) and buildings.
* ``facilities``: import a facility file (``service.import_facilities``, one transaction). The report
  gives the rows read, kept and refused (file, line, field), possible duplicates from another source, and
  the new facilities lying more than 1 km outside the workspace's municipality.

Reports are stored once, in no language (codes and parameters), and worded when read
(``sources.report.worded``).

The uploaded file is removed afterwards."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext_noop

from zorgzaam.messages import Problem, ZorgzaamError, register
from zorgzaam.workspaces.models import Job

log = logging.getLogger(__name__)

# Step codes are Dutch msgids (translated on screen through the environment catalogue), at most 40 chars.
STEP_READING = gettext_noop("OpenStreetMap-bestand lezen")
STEP_BUILDING = gettext_noop("Stratennetwerk bouwen")
STEP_HOMES = gettext_noop("Woongebouwen en eilanden tellen")
STEP_SAVING = gettext_noop("Netwerk bewaren")
STEP_FACILITIES = gettext_noop("Voorzieningen inlezen")
STEP_CHECKING = gettext_noop("Ligging nakijken")


def _update(job: Job, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def network_summary(network, buildings) -> dict:
    """Nodes, edges, islands (connected parts), the share of nodes on the largest island, buildings."""
    import numpy as np

    from zorgzaam.environment.residents import residential_buildings

    count, labels = network.components()
    sizes = np.bincount(labels) if len(labels) else np.zeros(1, dtype=int)
    return {"nodes": int(network.node_count), "edges": int(network.edge_count), "islands": int(count),
            "largest_island_share": float(sizes.max() / max(network.node_count, 1)),
            "length_km": float(network.length.sum() / 1000.0),
            "buildings": 0 if buildings is None else int(len(buildings)),
            "homes": 0 if buildings is None else int(len(residential_buildings(buildings)))}


register({
    "env_osm_unreadable": gettext_noop(
        "Het bestand kon niet gelezen worden als OpenStreetMap-uittreksel (.osm of .osm.pbf)."),
    "env_file_unreadable": gettext_noop(
        "Het bestand kon niet gelezen worden. Controleer het soort bestand en probeer opnieuw."),
})


def _run(job: Job, work, unreadable: str) -> None:
    """Run ``work()`` (which returns the report, a record in no language) and record its outcome: done with
    the report, or failed with the message as a record; the uploaded file is removed either way."""
    try:
        report = work()
        _update(job, status=Job.Status.DONE, progress=100, step="done", report=report, finished_at=timezone.now())
    except ZorgzaamError as error:
        from zorgzaam.workspaces.jobs import failure

        _update(job, status=Job.Status.FAILED, progress=100, step="failed",
                error=failure(error.problem, job.params), finished_at=timezone.now())
    except Exception as error:  # a file no reader expected, a bug: tell the person, log the scrubbed traceback
        from zorgzaam.workspaces.jobs import log_failure

        log_failure(job, error)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed", finished_at=timezone.now(),
                error=Problem(unreadable).as_record())
    finally:
        _remove_upload(job.params)


def run_network_job(job: Job) -> None:
    from zorgzaam.environment.network import network_from_osm
    from zorgzaam.environment.osm import read_osm
    from zorgzaam.environment.service import save_network

    params = job.params

    def work() -> dict:
        _update(job, status=Job.Status.RUNNING, progress=5, step=STEP_READING)
        extract = read_osm(params["path"])
        _update(job, progress=45, step=STEP_BUILDING)
        network = network_from_osm(extract)
        network.source = params.get("file_name") or network.source
        _update(job, progress=70, step=STEP_HOMES)
        summary = network_summary(network, extract.buildings)
        _update(job, progress=85, step=STEP_SAVING)
        record = save_network(network, params.get("name") or params.get("file_name", "netwerk"), extract.buildings,
                              workspace=job.workspace)
        report = dict(summary, network_id=record.pk, name=record.name, file=params.get("file_name", ""),
                      kind="network")
        return report

    _run(job, work, "env_osm_unreadable")


def _remove_upload(params: dict) -> None:
    from zorgzaam.workspaces.jobs import remove_upload

    remove_upload(params.get("path"))


def facilities_outside(workspace, facility_ids: list[int], margin: float = 1000.0) -> list[str]:
    """Names of these facilities that lie more than ``margin`` metres outside the workspace's municipality."""
    import pandas as pd
    import shapely

    from zorgzaam.areas.geo import municipality
    from zorgzaam.environment.facilities import outside_area
    from zorgzaam.environment.models import Facility

    area = municipality(workspace.municipality) if workspace.municipality else None
    if area is None or area.geometry is None or not facility_ids:
        return []
    frame = pd.DataFrame(list(Facility.objects.filter(pk__in=facility_ids).values("name", "x", "y")),
                         columns=["name", "x", "y"])
    mask = outside_area(frame, shapely.from_wkb(bytes(area.geometry)), margin=margin)
    return [n or "?" for n in frame.loc[mask, "name"]]


def run_facilities_job(job: Job) -> None:
    from zorgzaam.environment.service import import_facilities

    params = job.params

    def work() -> dict:
        _update(job, status=Job.Status.RUNNING, progress=10, step=STEP_FACILITIES)
        record = import_facilities(params["format"], params["path"], workspace=job.workspace,
                                   created_by=params.get("created_by", ""))
        _update(job, progress=80, step=STEP_CHECKING)
        outside = facilities_outside(job.workspace, record.pop("created_ids"))
        return dict(record, kind="facilities", file=params.get("file_name", ""), outside=outside)

    _run(job, work, "env_file_unreadable")
