"""Benchmark: importing the seven real Statbel population files against a bare pandas.read_csv of them.

Reads ``../shared/data/statbel_open/TF_SOC_POP_STRUCT_2009.zip`` … ``_2015.zip`` (the published zips,
pipe-delimited text inside, ~450,000 lines each). Outside the timing, the Flemish municipalities of the
files are stored as areas (vintage 2018, valid until 2018-12-31, as the area loader gives them). Then,
in the same process, it times (baseline) ``pandas.read_csv(zip, sep='|')`` of each zip, and the full
import of each (read, check, fill the sparse cube, resolve the areas, aggregate, save the dataset).
Prints seconds and the ratio for the seven files together; the target is ≤ 3×.

Run: .venv/bin/python benchmarks/run.py import
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

YEARS = range(2009, 2016)


def best_of(function, repeat=2):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "src"))
    from zorgzaam.paths import shared_data_dir

    folder = Path(shared_data_dir()) / "statbel_open"
    files = [folder / f"TF_SOC_POP_STRUCT_{year}.zip" for year in YEARS]
    if not all(f.exists() for f in files):
        print(f"skipped: the Statbel files are not in {folder}")
        return 0
    with tempfile.TemporaryDirectory(prefix="zorgzaam-bench-") as data:
        os.environ["ZORGZAAM_DATA_DIR"] = data
        from zorgzaam.console import setup_django

        setup_django(migrate=True)
        from zorgzaam.areas.store import save_areas
        from zorgzaam.sources.importing import run_import

        names = pd.read_csv(files[-1], sep="|", dtype=str,
                            usecols=["CD_MUNTY_REFNIS", "CD_RGN_REFNIS", "TX_MUNTY_DESCR_NL"])
        flemish = names[names["CD_RGN_REFNIS"] == "2000"].drop_duplicates("CD_MUNTY_REFNIS")
        save_areas(pd.DataFrame({"level": "municipality", "code": flemish["CD_MUNTY_REFNIS"], "vintage": "2018",
                                 "name": flemish["TX_MUNTY_DESCR_NL"], "valid_from": None,
                                 "valid_to": pd.Timestamp("2018-12-31").date()}))

        rows = {}

        def baseline():
            for path in files:
                rows[path.name] = len(pd.read_csv(path, sep="|"))

        results = {}

        def full():
            for path in files:
                results[path.name] = run_import("statbel-population", path, name="bench")

        base = best_of(baseline)
        ours = best_of(full)
        values = sum(len(r.values) for r, _ in results.values())
        zeros = sum(next((w.params["count"] for w in r.report.warnings if w.code == "src_cube_zeros"), 0)
                    for r, _ in results.values())
        ratio = ours / base
        print(f"files:                                   {len(files)} ({', '.join(str(y) for y in YEARS)})")
        print(f"lines in the files:                      {sum(rows.values()):,}")
        print(f"baseline pandas.read_csv(zip, sep='|'):  {base:.3f} s")
        print(f"full import (7 zips → 7 datasets):       {ours:.3f} s   ({values:,} values, {zeros:,} cube cells 0)")
        print(f"ratio:                                   {ratio:.2f}×  (target ≤ 3×) "
              f"{'OK' if ratio <= 3 else 'TOO SLOW'}")
        return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
