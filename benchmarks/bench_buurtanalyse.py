"""Benchmark: the full buurtanalyse of the demo municipality (all its neighbourhoods) in Word and in PDF
(issue 16; target < 10 s each), peak memory reported, against the baseline of the same run on the same data:
building today's three separate Word sections (the profile with its sector map per neighbourhood, the
environment section per neighbourhood, the survey report per survey), as the download screens make them.

    .venv/bin/python benchmarks/bench_buurtanalyse.py            # the demo's 3 neighbourhoods
    .venv/bin/python benchmarks/bench_buurtanalyse.py --forty    # and then a 40-neighbourhood report too

The demo is built into a scratch data directory (SQLite, removed afterwards). Each measurement runs in its
own process, modules imported first (as in a running server), so its peak memory (ru_maxrss) is its own.
Wall time AND CPU time are printed: on a shared machine the wall time of a CPU-bound job grows with the load,
CPU time much less. The 40-neighbourhood run adds 40 neighbourhoods of two or three adjacent sectors each to
the demo workspace (the demo municipality has 31 sectors) and times the report of all of them."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZORGZAAM = [sys.executable, "-m", "zorgzaam.cli"]
TARGET_SECONDS = 10.0


# ------------------------------------------------------------------------------------- in the child process

def _setup():
    sys.path.insert(0, str(ROOT / "src"))
    from zorgzaam.console import setup_django

    setup_django()
    # the modules a running server has loaded already: their import is not the report's time
    import docx  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import weasyprint  # noqa: F401
    from django.urls import get_resolver

    import zorgzaam.environment.documents  # noqa: F401
    import zorgzaam.environment.service  # noqa: F401
    import zorgzaam.plan.plan_service  # noqa: F401
    import zorgzaam.profile.documents  # noqa: F401
    import zorgzaam.reports.buurtanalyse  # noqa: F401
    import zorgzaam.voices.documents  # noqa: F401
    import zorgzaam.voices.services  # noqa: F401

    get_resolver().url_patterns  # noqa: B018  (the URLconf and its views: the checklist's links reverse() them)
    from zorgzaam.web.demo import WORKSPACE_SLUG
    from zorgzaam.workspaces.models import Workspace

    return Workspace.objects.get(slug=WORKSPACE_SLUG)


def _report(fmt: str, workspace) -> dict:
    from zorgzaam.reports.buurtanalyse import export

    row = export(workspace, None, fmt, actor="bench")
    return {"bytes": row.size, "neighbourhoods": len(row.inputs["neighbourhoods"]), "draft": row.draft}


def _baseline(workspace) -> dict:
    """Today's three Word sections, each as its download makes it, for every neighbourhood and survey."""
    from zorgzaam.environment.documents import environment_docx
    from zorgzaam.environment.service import environment_section
    from zorgzaam.profile.documents import profile_docx
    from zorgzaam.profile.service import neighbourhood_profile, sector_map
    from zorgzaam.reports.collect import neighbourhoods_of
    from zorgzaam.voices.documents import write_docx
    from zorgzaam.voices.models import Survey
    from zorgzaam.voices.services import survey_report

    size = documents = 0
    neighbourhoods = neighbourhoods_of(workspace)
    with tempfile.TemporaryDirectory() as folder:
        for n in neighbourhoods:
            drawn = sector_map(n, "share_65plus", "nl")
            size += len(profile_docx(neighbourhood_profile(n), None, "nl", maps=[drawn] if drawn else None))
            size += len(environment_docx(environment_section(n.name, workspace, lang="nl"), None, "nl"))
            documents += 2
        for survey in Survey.objects.filter(workspace=workspace, neighbourhoods__in=neighbourhoods).distinct():
            report = survey_report(survey, actor="bench", lang="nl", fmt="docx", target="bench.docx")
            path = Path(folder) / f"survey-{survey.pk}.docx"
            write_docx(report, path)
            size += path.stat().st_size
            documents += 1
    return {"bytes": size, "neighbourhoods": len(neighbourhoods), "documents": documents}


def _add_neighbourhoods(workspace, count: int) -> int:
    """``count`` more neighbourhoods of two or three adjacent sectors each (by code order)."""
    from zorgzaam.areas import neighbourhood_service
    from zorgzaam.areas.models import Area, Neighbourhood

    codes = sorted(Area.objects.filter(level="sector", code__startswith=workspace.municipality, is_locatable=True)
                   .values_list("code", flat=True).distinct())
    made = 0
    for i in range(count):
        size = 2 if i < len(codes) else 3
        chosen = sorted({codes[(i + k) % len(codes)] for k in range(size)})
        name = f"Bench-buurt {i + 1:02d}"
        if not Neighbourhood.objects.filter(workspace=workspace, name=name).exists():
            neighbourhood_service.create_neighbourhood(name, workspace=workspace, sectors=chosen, created_by="bench")
            made += 1
    return made


def child(mode: str) -> None:
    import resource

    workspace = _setup()
    if mode == "add40":
        print(json.dumps({"made": _add_neighbourhoods(workspace, 40)}))
        return
    wall, cpu = time.perf_counter(), time.process_time()
    result = _baseline(workspace) if mode == "baseline" else _report(mode, workspace)
    result.update(wall=time.perf_counter() - wall, cpu=time.process_time() - cpu,
                  peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


# ------------------------------------------------------------------------------------------------ the run

def measure(mode: str, env: dict) -> dict:
    # another engineer's new migration may land while this runs: the scratch database follows
    subprocess.run(ZORGZAAM + ["migrate"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, __file__, "--child", mode], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"{mode} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(name: str, r: dict, baseline: dict | None = None) -> str:
    ratio = f"  {r['wall'] / baseline['wall']:5.2f}× baseline wall, {r['cpu'] / baseline['cpu']:5.2f}× CPU" \
        if baseline else ""
    return (f"{name:<40} wall {r['wall']:6.1f} s  CPU {r['cpu']:6.1f} s  peak {r['peak_mb']:6.0f} MB  "
            f"{r['bytes'] / 1024:7.0f} kB{ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--forty", action="store_true", help="also a report of 40 neighbourhoods")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0

    folder = tempfile.mkdtemp(prefix="bench-buurtanalyse-")
    env = {**os.environ, "ZORGZAAM_DATA_DIR": folder, "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)  # SQLite in the scratch directory
    try:
        began = time.perf_counter()
        subprocess.run(ZORGZAAM + ["demo", "--no-serve"], env=env, check=True, capture_output=True, text=True)
        print(f"demo workspace built in {time.perf_counter() - began:.0f} s (not timed below)")
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        baseline = measure("baseline", env)
        print(line(f"baseline: {baseline['documents']} separate Word sections", baseline))
        results = {}
        for fmt in ("docx", "pdf"):
            results[fmt] = r = measure(fmt, env)
            print(line(f"buurtanalyse {fmt.upper()} ({r['neighbourhoods']} buurten)", r, baseline)
                  + ("" if r["wall"] < TARGET_SECONDS else f"  (target < {TARGET_SECONDS:.0f} s)"))
        if args.forty:
            made = measure("add40", env)["made"]
            for fmt in ("docx", "pdf"):
                r = measure(fmt, env)
                print(line(f"buurtanalyse {fmt.upper()} ({r['neighbourhoods']} buurten, {made} added)", r,
                           results[fmt]).replace("baseline", f"the {results[fmt]['neighbourhoods']}-buurt report"))
        print(f"load average after:  {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
