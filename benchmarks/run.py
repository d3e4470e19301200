"""Run every benchmark in this folder (or the ones named) and print their reports.

    .venv/bin/python benchmarks/run.py            # all
    .venv/bin/python benchmarks/run.py areas      # benchmarks/bench_areas.py only

Each benchmark measures its own baseline in the same run and prints the ratio: these machines are
shared and noisy, so absolute seconds mean little on their own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(s.stem == f"bench_{name}" or s.stem == name for name in argv)]
    failures = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        failures += subprocess.call([sys.executable, str(script)]) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
