"""Benchmark: the whole indicator catalogue for all of Belgium at once.

A generated measure table of realistic size — about 19,800 sectors × 64 base measures (population by
sex and 5-year age band, households, tenure, income, health counts …) × 10 periods, about 12 million
tidy rows — is computed for every sector, every higher level (wijk, municipality, care zone,
arrondissement, province, region) and 100 custom neighbourhoods, measured in the same run against
two baselines over the same values:

    (a) one pandas ``groupby().sum()`` of the tidy table to municipalities (the naive approach)
    (b) one sparse aggregation-matrix product of the sectors × (measure, period) matrix to every target
        (close to the memory-bound limit)

Target: the whole catalogue at all levels faster than (a) alone and within 10× of (b).
Also timed: one neighbourhood profile with all comparisons through the database (target < 200 ms).

    .venv/bin/python benchmarks/bench_profile.py [--sectors N] [--periods N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zorgzaam.profile.aggregate import (  # noqa: E402
    aggregate,
    measure_matrix,
    membership_from_links,
    membership_from_sets,
    stack,
)
from zorgzaam.profile.catalogue import load_catalogue  # noqa: E402
from zorgzaam.profile.engine import compute_result  # noqa: E402
from zorgzaam.sources.measures import age_measure  # noqa: E402

OTHER_MEASURES = [
    "households_total", "households_single_person", "households_single_parent", "living_alone_age_018_064",
    "living_alone_age_075_999", "households_tenant", "households_owner", "dwellings_social_rental",
    "population_origin_non_belgian", "population_background_non_belgian", "increased_reimbursement_age_020_064",
    "population_age_018_064", "moves_in", "moves_out", "population_same_address_as_last_year", "insured",
    "insured_chronic_condition", "insured_antidepressants", "insured_age_065_999",
    "replacement_income_age_065_999", "pupils_primary", "pupils_primary_low_educated_mother",
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(sectors: int, periods: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    codes = np.array([f"S{i:05d}" for i in range(sectors)])
    municipality = np.sort(rng.integers(0, 581, sectors))
    district = municipality * 10 + rng.integers(0, 5, sectors)
    care_zone = municipality // 11
    arrondissement = municipality // 14
    province = municipality // 58
    region = municipality // 230
    bands = [(low, low + 4) for low in range(0, 100, 5)] + [(100, None)]
    # as an import of Statbel's sex × age counts stores them: by sex and, summed, for both sexes
    measures = [age_measure(lo, hi, prefix) for prefix in ("population_male", "population_female", "population")
                for lo, hi in bands] + ["population"] + OTHER_MEASURES
    years = [str(2015 + i) for i in range(periods)]
    n_measures = len(measures)
    values = rng.poisson(30, size=(sectors, n_measures * periods)).astype(np.float64)
    values[rng.random(values.shape) < 0.002] = np.nan  # a few suppressed cells
    tidy = pd.DataFrame({
        "area_code": np.repeat(codes, n_measures * periods),
        "measure": np.tile(np.repeat(measures, periods), sectors),
        "period": np.tile(years, sectors * n_measures),
        "value": values.ravel(),
    })
    links = []
    for level, parent in (("district", district), ("municipality", municipality), ("carezone", care_zone),
                          ("arrondissement", arrondissement), ("province", province), ("region", region)):
        links.append(pd.DataFrame({"child_level": "sector", "child_code": codes, "child_vintage": "2025",
                                   "parent_level": level, "parent_code": [f"{level[0]}{p}" for p in parent],
                                   "parent_vintage": "2025"}))
    links = pd.concat(links, ignore_index=True)
    neighbourhoods = {}
    for i in range(100):
        start = rng.integers(0, sectors - 12)
        neighbourhoods[f"buurt {i}"] = codes[start:start + rng.integers(2, 12)].tolist()
    return tidy, links, neighbourhoods, codes, measures


def best(function, repeat: int = 2):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sectors", type=int, default=19_800)
    parser.add_argument("--periods", type=int, default=10)
    args = parser.parse_args()
    tidy, links, neighbourhoods, codes, measures = generate(args.sectors, args.periods)
    units = pd.Index(codes)
    catalogue = load_catalogue()
    print(f"sectors {args.sectors:,}, base measures {len(measures)}, periods {args.periods}, "
          f"tidy rows {len(tidy):,}, indicators {len(catalogue)}")
    memory_before = peak_mb()

    naive, grouped = best(lambda: tidy.merge(
        links[links["parent_level"] == "municipality"][["child_code", "parent_code"]],
        left_on="area_code", right_on="child_code").groupby(["parent_code", "measure", "period"])["value"].sum())
    membership = stack(membership_from_links(links, units, include_units=True),
                       membership_from_sets(neighbourhoods, units))
    pivot, counts = best(lambda: measure_matrix(tidy, units))
    product, _ = best(lambda: aggregate(membership, counts))
    engine, results = best(lambda: compute_result(catalogue, counts, membership))
    whole = pivot + engine

    print(f"targets: {len(membership.targets):,} (every sector, 6 levels, 100 neighbourhoods)")
    print(f"(a) pandas groupby().sum() to municipalities:          {naive:7.3f} s")
    print(f"(b) one sparse product to every target:                {product:7.3f} s")
    print(f"    tidy table → sector matrix:                        {pivot:7.3f} s")
    print(f"    whole catalogue at all levels (engine):            {engine:7.3f} s   "
          f"({results.value.size:,} figures, {int((results.status == 0).sum()):,} computed)")
    print(f"    whole catalogue incl. building the matrix:         {whole:7.3f} s")
    print(f"ratio whole / (a): {whole / naive:5.2f}  (target < 1)   "
          f"ratio engine / (b): {engine / product:5.1f}  (target ≤ 10)")
    print(f"peak memory: {peak_mb():,.0f} MB (before the runs: {memory_before:,.0f} MB)")
    profile_seconds = neighbourhood_profile_seconds()
    print(f"one neighbourhood profile with all comparisons (demo, database): {1000 * profile_seconds:.0f} ms "
          f"(target < 200 ms)")
    return 0


def neighbourhood_profile_seconds() -> float:
    with tempfile.TemporaryDirectory(prefix="zorgzaam-bench-") as folder:
        os.environ["ZORGZAAM_DATA_DIR"] = folder
        from zorgzaam.console import setup_django

        setup_django(migrate=True)
        from zorgzaam.areas.models import Neighbourhood
        from zorgzaam.profile.service import neighbourhood_profile
        from zorgzaam.web.demo import install_demo

        install_demo()
        neighbourhood = Neighbourhood.objects.get(name="Centrum en omgeving")
        neighbourhood_profile(neighbourhood)
        seconds, _ = best(lambda: neighbourhood_profile(neighbourhood), repeat=5)
        return seconds


if __name__ == "__main__":
    sys.exit(main())
