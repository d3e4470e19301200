"""Benchmark: load all Flemish areas (boundaries, both hierarchy tables, 2024 centroids, approximate
sector cells, crosswalk) from ../shared/data into a fresh SQLite database in a temporary data dir.

Prints seconds per phase, peak memory, and ratios against a baseline measured in the same run: the
bare read of the same files (pyogrio for the vector files, pandas + calamine for the xlsx tables).

    .venv/bin/python benchmarks/bench_areas.py
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ["ZORGZAAM_DATA_DIR"] = tempfile.mkdtemp(prefix="zorgzaam-bench-areas-")
os.environ.pop("DATABASE_URL", None)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pandas as pd  # noqa: E402
import pyogrio  # noqa: E402

from zorgzaam.paths import shared_data_dir  # noqa: E402


def baseline_read(flanders: Path, centroids: Path) -> float:
    """Read every input file once, with no processing at all."""
    start = time.perf_counter()
    for shp in sorted((flanders / "shp").glob("*.shp")):
        pyogrio.read_dataframe(shp)
    for table in ("verzamelbestanden_statsec_als_basis.xlsx", "verzamelbestanden_statsec2024_als_basis.xlsx"):
        pd.read_excel(flanders / "tables" / table, engine="calamine")
    pyogrio.read_dataframe(centroids)
    return time.perf_counter() - start


def main() -> int:
    data = shared_data_dir()
    if data is None:
        print("../shared/data not found")
        return 1
    flanders = data / "flanders_areas"
    centroids = data / "belgium_sectors" / "centroids_sites.gpkg"

    baseline = baseline_read(flanders, centroids)

    from zorgzaam.areas.loading import load_area_files
    from zorgzaam.console import setup_django

    start = time.perf_counter()
    load = load_area_files([flanders, centroids])
    read_and_derive = time.perf_counter() - start

    setup_django(migrate=True)
    from zorgzaam.areas.store import save_areas

    start = time.perf_counter()
    summary = save_areas(load.areas, load.links, load.crosswalk)
    save = time.perf_counter() - start
    total = read_and_derive + save
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print("Zorgzaam areas benchmark: all of Flanders + Brussels into fresh SQLite")
    print(f"  saved: {summary.areas} areas, {summary.links} links, {summary.crosswalk} crosswalk rows")
    print("  phases (s):")
    for phase, seconds in load.seconds.items():
        print(f"    {phase:<14} {seconds:7.2f}")
    print(f"    {'save (SQLite)':<14} {save:7.2f}")
    print(f"  baseline: bare read of the same files   {baseline:7.2f} s")
    print(f"  read + derive (load_area_files)         {read_and_derive:7.2f} s  = {read_and_derive / baseline:5.1f}× baseline")
    print(f"  total incl. save                        {total:7.2f} s  = {total / baseline:5.1f}× baseline")
    print(f"  peak memory (maxrss)                    {peak_mb:7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
