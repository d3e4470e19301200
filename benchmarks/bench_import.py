"""Benchmark: the full Statbel population import against a bare pandas.read_csv of the same text.

Generates a TF_SOC_POP_STRUCT file of 600,000 lines in the published layout (zip with a pipe-delimited
txt) in a temporary folder, creates the needed municipality areas (outside the timing), then times in
the same process: (baseline) ``pandas.read_csv(zip, sep='|')`` of the published zip, and the import (read, validate against
the areas in the database, aggregate, save). Prints seconds and the ratio; the target is ≤ 3×.

Run: .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

ROWS = 600_000


def generate(folder: Path, rows: int = ROWS, seed: int = 1) -> tuple[Path, Path, list[str]]:
    rng = np.random.default_rng(seed)
    codes = [f"{p}{n:03d}" for p in (11, 12, 13, 21, 23, 24, 31, 32, 33, 34, 35, 36, 37, 38, 41, 42, 43, 44, 45, 46,
                                     71, 72, 73) for n in range(1, 27)]
    area = rng.integers(0, len(codes), rows)
    frame = pd.DataFrame({
        "CD_REFNIS": np.array(codes)[area],
        "TX_DESCR_NL": "Gemeente", "TX_DESCR_FR": "Commune", "CD_DSTR_REFNIS": "13000",
        "TX_ADM_DSTR_DESCR_NL": "Arrondissement Turnhout", "TX_ADM_DSTR_DESCR_FR": "Arrondissement de Turnhout",
        "CD_PROV_REFNIS": "10000", "TX_PROV_DESCR_NL": "Provincie Antwerpen", "TX_PROV_DESCR_FR": "Province d'Anvers",
        "CD_RGN_REFNIS": "2000", "TX_RGN_DESCR_NL": "Vlaams Gewest", "TX_RGN_DESCR_FR": "Région flamande",
        "CD_SEX": np.where(rng.random(rows) < 0.5, "M", "F"),
        "CD_NATLTY": np.where(rng.random(rows) < 0.9, "BEL", "ETR"),
        "TX_NATLTY_FR": "Belges", "TX_NATLTY_NL": "Belgen",
        "CD_CIV_STS": rng.choice(["10", "20", "30", "40"], rows),
        "TX_CIV_STS_FR": "Marié", "TX_CIV_STS_NL": "Gehuwd",
        "CD_AGE": rng.integers(0, 101, rows),
        "MS_POPULATION": rng.integers(1, 60, rows),
    })
    # unique keys, as in the published file
    frame = frame.drop_duplicates(["CD_REFNIS", "CD_SEX", "CD_NATLTY", "CD_CIV_STS", "CD_AGE"])
    while len(frame) < rows:  # top up with fresh combinations
        extra = frame.sample(rows - len(frame), replace=True, random_state=seed).copy()
        extra["CD_AGE"] = rng.integers(0, 101, len(extra))
        extra["CD_REFNIS"] = np.array(codes)[rng.integers(0, len(codes), len(extra))]
        frame = pd.concat([frame, extra]).drop_duplicates(["CD_REFNIS", "CD_SEX", "CD_NATLTY", "CD_CIV_STS", "CD_AGE"])
        if len(frame) >= rows:
            frame = frame.head(rows)
    txt = folder / "TF_SOC_POP_STRUCT_2024.txt"
    frame.to_csv(txt, sep="|", index=False)
    archive = folder / "TF_SOC_POP_STRUCT_2024.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(txt, txt.name)
    return txt, archive, codes


def best_of(function, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="zorgzaam-bench-") as folder:
        folder = Path(folder)
        os.environ["ZORGZAAM_DATA_DIR"] = str(folder / "data")
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        from zorgzaam.cli import setup_django

        setup_django()
        from zorgzaam.areas.store import save_areas
        from zorgzaam.sources.importing import run_import

        txt, archive, codes = generate(folder)
        save_areas(pd.DataFrame({"level": "municipality", "code": codes, "vintage": "2025"}))
        rows = sum(1 for _ in open(txt)) - 1

        # The published file is the zip; pandas reads it directly. The bare text file is compared too.
        baseline_zip = best_of(lambda: pd.read_csv(archive, sep="|"))
        baseline_txt = best_of(lambda: pd.read_csv(txt, sep="|"))
        result_holder = {}

        def full(path):
            def run():
                result_holder["r"] = run_import("statbel-population", path, name="bench")
            return run

        full_zip = best_of(full(archive))
        full_txt = best_of(full(txt))
        result, dataset = result_holder["r"]
        ratio = full_zip / baseline_zip
        print(f"rows in file:                         {rows:,}")
        print(f"baseline pandas.read_csv(zip):        {baseline_zip:.3f} s")
        print(f"full import (zip → dataset):          {full_zip:.3f} s   ({len(result.values):,} values)")
        print(f"ratio, the published zip:             {ratio:.2f}×  (target ≤ 3×) {'OK' if ratio <= 3 else 'TOO SLOW'}")
        print(f"baseline pandas.read_csv(txt):        {baseline_txt:.3f} s")
        print(f"full import (txt → dataset):          {full_txt:.3f} s")
        print(f"ratio, the bare text file:            {full_txt / baseline_txt:.2f}×")
        return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
