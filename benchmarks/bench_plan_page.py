"""Benchmark: the neighbourhood plan's pages under load (issue 14; target: the plan page p95 < 300 ms at 20
concurrent users on PostgreSQL) — `zorgzaam serve` (gunicorn 2 processes, its default threads) in other processes, a
scratch PostgreSQL database, everything on loopback.

Three workspaces each get the issue's plan (``big_plan.build``: 300 actions, 600 norms over 20
neighbourhoods, half of them on profile indicators and survey questions, four measurements each). 20
signed-in users then each make REQUESTS_PER_USER requests twice: first like people, reading 2–8 s before the
next click, then back to back (no pause: 20 requests always in flight, a stress test), each drawn like a
person's next click: the tree of one of
the three plans, the table with a filter (neighbourhood, term, status, working group, owner — different ones),
the map's data, an action's page (a different action each time), the norm board (all, or one status).
Prints p50/p95 per kind of page and for the plan page (tree and table together), the CPU time per request
of the app's processes and of PostgreSQL (read from /proc: it holds on a machine busy with other work,
where wall time does not), and the baseline of the same run: a static file served by the same process.

    .venv/bin/python benchmarks/bench_plan_page.py     # PostgreSQL at $ZORGZAAM_BENCH_POSTGRES_URL
                                                       # (default postgres://root@127.0.0.1:5432/test)

A scratch database ``zorgzaam_bench_plan`` is created next to the given one and dropped afterwards."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import requests

from served import ZORGZAAM, CpuMeter, all_users, latency_line, scratch_app, served, sign_in
from zorgzaam.web.commands import default_threads

USERS = 20
REQUESTS_PER_USER = 20
THINK = (2.0, 8.0)  # seconds a person reads before the next click (uniform): 5 s on average
WORKSPACES = 3
SCRATCH = os.environ.get("ZORGZAAM_BENCH_DATABASE", "zorgzaam_bench_plan")
HERE = Path(__file__).resolve().parent


def build_plans() -> dict:
    """(run inside the scratch app's environment) The large plan in WORKSPACES new workspaces, the demo
    user their beheerder; prints what the clients need to vary their requests."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from zorgzaam.console import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    import big_plan
    from zorgzaam.workspaces.models import Membership, Role, Workspace

    user = get_user_model().objects.get(username="demo")
    out = {}
    for i in range(WORKSPACES):
        workspace = Workspace.objects.create(name=f"Plan {i + 1}", slug=f"plan-{i + 1}")
        Membership.objects.create(user=user, workspace=workspace, role=Role.ADMIN)
        made = big_plan.build(workspace, seed=14 + i)
        out[workspace.slug] = {"actions": [a.pk for a in made["actions"]],
                               "neighbourhoods": [h.name for h in made["neighbourhoods"]]}
    return out


def next_click(rng: random.Random, plans: dict) -> tuple[str, str]:
    """(kind of page, path) of one person's next request."""
    import big_plan

    slug = rng.choice(sorted(plans))
    plan = plans[slug]
    base = f"/plan/{slug}/plan/"
    kind = rng.choices(["tree", "table", "map", "action", "board"], weights=[3, 4, 1, 3, 2])[0]
    if kind == "tree":
        return kind, base
    if kind == "table":
        key, value = rng.choice([("buurt", rng.choice(plan["neighbourhoods"])), ("termijn", rng.choice(["KT", "MLT", "LT"])),
                                 ("status", rng.choice(["not_started", "ongoing", "done", "under_study"])),
                                 ("werkgroep", rng.choice(big_plan.GROUPS)), ("trekker", rng.choice(big_plan.OWNERS))])
        query = {"weergave": "tabel", key: value}
        if rng.random() < 0.3:
            query["termijn"] = rng.choice(["KT", "MLT", "LT"])
        return kind, base + "?" + urlencode(query)
    if kind == "map":
        return kind, base + "kaart.geojson"
    if kind == "action":
        return kind, f"{base}actie/{rng.choice(plan['actions'])}/"
    status = rng.choice(["", "", "met", "missed", "not_decided", "overdue"])
    return kind, base + "normen/" + (f"?status={status}" if status else "")


def run(sessions: list, base: str, clicks: list[list[tuple[str, str]]], think: tuple[float, float] = (0.0, 0.0)
        ) -> tuple[dict, float, int]:
    """Every user makes its clicks, all users at once, pausing a random ``think`` (seconds, from–to) between
    two clicks as a person reads the page ((0, 0): back to back); {kind: [seconds]}, wall time, errors."""
    latencies: dict[str, list[float]] = {}
    errors = [0]
    lock = threading.Lock()

    def user(i):
        pause = random.Random(i)
        for kind, path in clicks[i]:
            if think[1]:
                time.sleep(pause.uniform(*think))
            start = time.perf_counter()
            try:
                response = sessions[i].get(base + path)
            except requests.ConnectionError:  # the server closed the idle keep-alive connection while the
                start = time.perf_counter()    # person read: a browser opens a new one, so do we
                response = sessions[i].get(base + path)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.setdefault(kind, []).append(elapsed)
                if response.status_code != 200:
                    errors[0] += 1

    return latencies, all_users(len(sessions), user), errors[0]


def line(name: str, seconds: list[float]) -> float:
    text, p95 = latency_line(name, seconds, 28)
    print(f"  {text}")
    return p95


def main() -> int:
    if sys.argv[1:] == ["--build"]:
        print(json.dumps(build_plans()))
        return 0
    with scratch_app(SCRATCH) as (env, _url):
        demo = subprocess.run(ZORGZAAM + ["demo", "--no-serve"], env=env, capture_output=True, text=True, check=True)
        password = re.search(r"wachtwoord '([^']+)'", demo.stdout).group(1)
        started = time.perf_counter()
        built = subprocess.run([sys.executable, __file__, "--build"], env=env, capture_output=True, text=True)
        if built.returncode != 0:
            print(built.stderr[-2000:])
            return 1
        plans = json.loads(built.stdout.strip().splitlines()[-1])
        print(f"{WORKSPACES} workspaces, each 300 actions and 600 norms over 20 neighbourhoods (half on profile "
              f"indicators and survey questions), built in {time.perf_counter() - started:.1f} s")
        with served(env, "/accounts/login/", "--insecure-http", "--processes", "2",
                    tries=900) as (server, base):
            sessions = [sign_in(base, password) for _ in range(USERS)]
            rng = random.Random(14)
            clicks = [[next_click(rng, plans) for _ in range(REQUESTS_PER_USER)] for _ in range(USERS)]
            for session in sessions[:3]:  # every page once before measuring (templates compiled, outlines cached)
                for path in {k: p for k, p in (next_click(rng, plans) for _ in range(40))}.values():
                    session.get(base + path)
            print(f"{USERS} concurrent users, {REQUESTS_PER_USER} requests each; PostgreSQL; gunicorn 2 processes × "
                  f"{default_threads(2)} threads; {os.cpu_count()} cores (shared with other work: compare within this run)")
            meter = CpuMeter(server.pid, SCRATCH)
            errors = 0
            for phase, think in ((f"like people: {THINK[0]:g}–{THINK[1]:g} s reading between two clicks", THINK),
                                 ("back to back (no pause: 20 requests always in flight)", (0.0, 0.0))):
                meter.start()
                latencies, wall, failed = run(sessions, base, clicks, think)
                cpu = meter.stop()
                errors += failed
                every = [s for values in latencies.values() for s in values]
                print(f"plan pages, {phase} ({len(every)} requests in {wall:.1f} s, {len(every) / wall:.1f} req/s, "
                      f"errors {failed}):")
                for kind in ("tree", "table", "map", "action", "board"):
                    if kind in latencies:
                        line(kind, latencies[kind])
                plan_p95 = line("the plan page (tree + table)", latencies.get("tree", []) + latencies.get("table", []))
                line("all of them", every)
                print(f"  CPU per request: app {1000 * cpu['app'] / len(every):.1f} ms, PostgreSQL "
                      f"{1000 * cpu['db'] / len(every):.1f} ms; the plan page p95 {plan_p95:.0f} ms (target < 300 ms: "
                      f"{'met' if plan_p95 < 300 else 'NOT met'})")
            static = [[("static", "/static/zorgzaam/zorgzaam.css")] * REQUESTS_PER_USER for _ in range(USERS)]
            meter.start()
            base_latencies, base_wall, base_errors = run(sessions, base, static)
            base_cpu = meter.stop()
            print(f"baseline, same run ({USERS} users, back to back, errors {base_errors}):")
            base_p95 = line("static CSS", base_latencies["static"])
            print(f"  CPU per request: app {1000 * base_cpu['app'] / len(base_latencies['static']):.1f} ms")
            print(f"the plan page, back to back: p95 {plan_p95:.0f} ms, {plan_p95 / base_p95:.1f}x the static file's p95 "
                  f"{base_p95:.0f} ms (the same 20 users, back to back)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
