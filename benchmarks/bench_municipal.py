"""Benchmark: profiles from Statbel's real municipal population cubes, for every level at once.

Set-up (not timed): the Flemish areas (``../shared/data/flanders_areas``) and the seven cubes
``TF_SOC_POP_STRUCT_2009..2015.zip`` are loaded into a scratch data directory, as a team would.
Then, timed, the whole indicator catalogue for the seven periods for every Flemish municipality of
2025, every care zone, the five provinces and Flanders — from counts stored on the municipalities of
before the 2019 mergers, so merged municipalities are sums of their former parts — beside two
baselines over the same already-loaded counts, measured in the same run:

    (a) a plain pandas ``groupby(["area", "measure", "period"]).sum()`` of the integer-keyed counts
        (the counts only, no targets: less work than ours)
    (b) one bare sparse product of the municipalities × (measure, period) matrix to every target

Targets: the whole profile faster than (a), and the engine within 10× of (b). Like (a), the whole profile
starts from the loaded counts with integer keys (``KeyedValues``: the service makes them once per loaded set
of datasets and keeps them); the time to make them is printed beside it, and added in a second ratio.

    .venv/bin/python benchmarks/bench_municipal.py
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared" / "data"
YEARS = [str(year) for year in range(2009, 2016)]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best(function, repeat: int = 5):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    if not (SHARED / "statbel_open").is_dir():
        print(f"skipped: {SHARED} is not beside the repository")
        return 0
    os.environ["ZORGZAAM_DATA_DIR"] = tempfile.mkdtemp(prefix="zorgzaam-bench-municipal-")
    os.environ.pop("DATABASE_URL", None)
    from zorgzaam.console import setup_django

    setup_django(migrate=True)
    from zorgzaam.areas.models import Area
    from zorgzaam.areas.store import load_and_save_areas
    from zorgzaam.profile.aggregate import KeyedValues, aggregate, measure_matrix
    from zorgzaam.profile.catalogue import load_catalogue
    from zorgzaam.profile.service import municipal_results
    from zorgzaam.sources.importing import run_import
    from zorgzaam.sources.models import Dataset
    from zorgzaam.sources.store import load_values

    start = time.perf_counter()
    load_and_save_areas([SHARED / "flanders_areas"])
    for year in YEARS:
        run_import("statbel-population", SHARED / "statbel_open" / f"TF_SOC_POP_STRUCT_{year}.zip")
    print(f"set-up (areas + seven imports, not timed): {time.perf_counter() - start:.1f} s")

    flemish = set(Area.objects.filter(level="region", code="2000").values_list("id", flat=True))
    provinces = Area.objects.filter(level="province", vintage="2025", parent_links__parent_id__in=flemish)
    keys = ([("municipality", c, "2025") for c in Area.objects.filter(level="municipality", vintage="2025",
                                                                       parent_links__parent_id__in=flemish)
             .values_list("code", flat=True)]
            + [("carezone", c, "2025") for c in Area.objects.filter(level="carezone", parent_links__parent_id__in=flemish)
               .values_list("code", flat=True).distinct()]
            + [("province", c, "2025") for c in provinces.values_list("code", flat=True).distinct()]
            + [("region", "2000", "2025")])
    keys = list(dict.fromkeys(keys))
    sets = {key: [] for key in keys}
    catalogue = load_catalogue()
    values = load_values(Dataset.objects.all())
    counts_tidy = values[values["area_level"] == "municipality"]
    print(f"targets: {len(keys)} ({sum(k[0] == 'municipality' for k in keys)} municipalities, "
          f"{sum(k[0] == 'carezone' for k in keys)} care zones, {sum(k[0] == 'province' for k in keys)} provinces, "
          f"Flanders); stored counts: {len(counts_tidy):,} rows; indicators {len(catalogue)}; periods {len(YEARS)}")
    memory_before = peak_mb()

    integer = pd.DataFrame({"area": pd.factorize(counts_tidy["area_code"])[0].astype(np.int32),
                            "measure": pd.factorize(counts_tidy["measure"])[0].astype(np.int32),
                            "period": pd.factorize(counts_tidy["period"])[0].astype(np.int16),
                            "value": counts_tidy["value"].to_numpy()})
    grouped, _ = best(lambda: integer.groupby(["area", "measure", "period"])["value"].sum())

    cold, _ = best(lambda: municipal_results(counts_tidy, sets, "2025", catalogue, periods=YEARS), repeat=1)
    keying, keyed = best(lambda: KeyedValues.from_frame(counts_tidy))
    whole, (results, members) = best(lambda: municipal_results(keyed, sets, "2025", catalogue, periods=YEARS))
    # the bare product over the same membership (the municipalities wholly inside each target)
    from zorgzaam.profile.aggregate import membership_from_atoms
    from zorgzaam.profile.service import _all_sectors, _area_atoms, _areas_signature, _unit_atoms

    signature = _areas_signature()
    sectors = _all_sectors(signature)
    atom_vintage, unit_atoms = _unit_atoms("municipality", "2018", sectors, signature)
    coverage = membership_from_atoms(_area_atoms(keys, atom_vintage, sectors, signature), unit_atoms)
    counts = measure_matrix(counts_tidy, coverage.membership.units)
    product, _ = best(lambda: aggregate(coverage.membership, counts))
    from zorgzaam.profile.engine import compute_result

    engine, _ = best(lambda: compute_result(catalogue, counts, coverage.membership, periods=YEARS))

    computed = results[results["status"] == "ok"]
    flanders = results[(results["level"] == "region") & (results["indicator"] == "population")]
    print(f"(a) pandas groupby().sum() of the integer-keyed counts:      {grouped:7.3f} s")
    print(f"(b) one sparse product to every target:                      {product:7.4f} s")
    print(f"    engine, whole catalogue × 7 periods × every target:      {engine:7.3f} s")
    print(f"    whole profile from the integer-keyed counts (matrix, engine, reasons, long table): {whole:7.3f} s   "
          f"({len(results):,} figures, {len(computed):,} computed)")
    print(f"    integer keys for the loaded counts (once per load, kept by the service):   {keying:7.3f} s")
    print(f"    the same, first run in the process (keys made, area look-ups not cached):  {cold:7.3f} s")
    print(f"    Flanders' population 2009 → 2015: {int(flanders.sort_values('period')['value'].iloc[0]):,} → "
          f"{int(flanders.sort_values('period')['value'].iloc[-1]):,}")
    print(f"ratio whole / (a): {whole / grouped:5.2f}  (target < 1)   ratio engine / (b): {engine / product:5.1f}"
          f"  (target ≤ 10)   (whole + keys) / (a): {(whole + keying) / grouped:5.2f}")
    print(f"peak memory: {peak_mb():,.0f} MB (before the runs: {memory_before:,.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
