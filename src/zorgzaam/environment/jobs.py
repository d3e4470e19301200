"""The background job that builds a street network from an uploaded OpenStreetMap extract.

Run by ``web.jobs.run_job`` for jobs of kind ``network`` (any runner: thread, rq or inline). Steps:
read the extract, build the walkable network, keep the residential buildings, save both
(``environment.service.save_network``). The report gives nodes, edges, network islands (connected
parts) and buildings, in both languages. The uploaded file is removed afterwards."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_noop

from zorgzaam.messages import ZorgzaamError
from zorgzaam.web.models import Job

log = logging.getLogger(__name__)

# Step codes are Dutch msgids (translated on screen through the environment catalogue), at most 40 chars.
STEP_READING = gettext_noop("OpenStreetMap-bestand lezen")
STEP_BUILDING = gettext_noop("Stratennetwerk bouwen")
STEP_HOMES = gettext_noop("Woongebouwen en eilanden tellen")
STEP_SAVING = gettext_noop("Netwerk bewaren")


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


def run_network_job(job: Job) -> None:
    from zorgzaam.environment.network import network_from_osm
    from zorgzaam.environment.osm import read_osm
    from zorgzaam.environment.service import save_network

    params = job.params
    try:
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
        _update(job, status=Job.Status.DONE, progress=100, step="done", report={"nl": report, "en": report},
                finished_at=timezone.now())
    except ZorgzaamError as error:
        _update(job, status=Job.Status.FAILED, progress=100, step="failed",
                error={"nl": error.render("nl"), "en": error.render("en")}, finished_at=timezone.now())
    except Exception as error:  # a file pyosmium cannot read, a bug: tell the person, log the type only
        log.error("network job %s failed: %s", job.pk, type(error).__name__)
        _update(job, status=Job.Status.FAILED, progress=100, step="failed", finished_at=timezone.now(),
                error={"nl": "Het bestand kon niet gelezen worden als OpenStreetMap-uittreksel (.osm of .osm.pbf).",
                       "en": "The file could not be read as an OpenStreetMap extract (.osm or .osm.pbf)."})
    finally:
        folder = Path(params.get("path", "")).parent
        from zorgzaam.web.jobs import upload_dir

        if folder.parent == upload_dir():
            shutil.rmtree(folder, ignore_errors=True)
