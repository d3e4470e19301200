"""Benchmark: the neighbourhood detail page under load — 20 concurrent signed-in users, PostgreSQL,
`zorgzaam serve` (waitress + whitenoise) in a second process, everything on loopback.

Bounded: each user makes at most REQUESTS_PER_USER requests and stops after SECONDS. Prints p50/p95
latency and throughput, and the same for a static file served by the same process (the baseline of
this run: the cost of the HTTP round trip itself).

    .venv/bin/python benchmarks/bench_web.py          # PostgreSQL at $ZORGZAAM_BENCH_POSTGRES_URL
                                                      # (default postgres://root@127.0.0.1:5432/test)

A scratch database ``zorgzaam_bench_web`` is created next to the given one and dropped afterwards.
The profile page and the neighbourhood detail page (target for both: p95 < 300 ms) cache their rendered
body; each is measured after its first, uncached view, whose time is printed too."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import threading
import time

import requests

from served import ZORGZAAM, scratch_app, served

USERS = 20
REQUESTS_PER_USER = 40
SECONDS = 30.0
SCRATCH = "zorgzaam_bench_web"


def sign_in(base: str, password: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/")
    session.post(f"{base}/accounts/login/", data={"username": "demo", "password": password,
                                                  "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                 headers={"Referer": f"{base}/accounts/login/"})
    return session


def load(sessions: list[requests.Session], url: str) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def user(session):
        for _ in range(REQUESTS_PER_USER):
            if time.monotonic() > stop_at:
                return
            start = time.perf_counter()
            response = session.get(url)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200:
                    errors[0] += 1

    threads = [threading.Thread(target=user, args=(s,)) for s in sessions]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began, errors[0]


def summary(name: str, latencies: list[float], wall: float, errors: int) -> float:
    cuts = statistics.quantiles(latencies, n=100)
    p50, p95 = cuts[49] * 1000, cuts[94] * 1000
    print(f"{name:<28} {len(latencies):>5} requests  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
          f"{len(latencies) / wall:6.1f} req/s  errors {errors}")
    return p95


def main() -> int:
    with scratch_app(SCRATCH) as (env, _url):
        demo = subprocess.run(ZORGZAAM + ["demo", "--no-serve"], env=env, capture_output=True, text=True, check=True)
        password = re.search(r"wachtwoord '([^']+)'", demo.stdout).group(1)
        with served(env, "/accounts/login/", "--threads", "8") as (_server, base):
            sessions = [sign_in(base, password) for _ in range(USERS)]
            listing = sessions[0].get(f"{base}/w/demo-overbos/buurten/").text
            detail = re.search(r'href="(/w/demo-overbos/buurten/\d+/)"', listing).group(1)
            profile = detail.replace("/w/demo-overbos/buurten/", "/profiel/demo-overbos/buurten/")
            started = time.perf_counter()
            sessions[0].get(base + detail)  # the first view renders the detail body (then it is cached)
            first_detail = time.perf_counter() - started
            started = time.perf_counter()
            sessions[0].get(base + profile)  # the first view computes the profile (then it is cached)
            first_profile = time.perf_counter() - started
            for session in sessions:  # warm up: connections, templates, first queries
                session.get(base + detail)
                session.get(base + profile)
            print(f"{USERS} concurrent users, at most {REQUESTS_PER_USER} requests each or {SECONDS:.0f} s; "
                  f"PostgreSQL; waitress 8 threads; {os.cpu_count()} cores")
            base_p95 = summary("baseline: static CSS", *load(sessions, f"{base}/static/zorgzaam/zorgzaam.css"))
            p95 = summary("neighbourhood detail page", *load(sessions, base + detail))
            print(f"neighbourhood detail page p95 {p95:.0f} ms (target < 300 ms); ratio to static: "
                  f"{p95 / base_p95:.1f}x; first (uncached) view: {1000 * first_detail:.0f} ms")
            print(f"profile page, first (uncached) view: {1000 * first_profile:.0f} ms")
            profile_p95 = summary("profile page with all comparisons", *load(sessions, base + profile))
            print(f"profile page p95 {profile_p95:.0f} ms (target < 300 ms); ratio to static: "
                  f"{profile_p95 / base_p95:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
