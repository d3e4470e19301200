"""Benchmark: the neighbourhood detail page under load — 20 concurrent signed-in users, PostgreSQL,
`zorgzaam serve` (waitress + whitenoise) in a second process, everything on loopback.

Bounded: each user makes at most REQUESTS_PER_USER requests and stops after SECONDS. Prints p50/p95
latency and throughput, and the same for a static file served by the same process (the baseline of
this run: the cost of the HTTP round trip itself).

    .venv/bin/python benchmarks/bench_web.py          # PostgreSQL at $ZORGZAAM_BENCH_POSTGRES_URL
                                                      # (default postgres://root@127.0.0.1:5432/test)

A scratch database ``zorgzaam_bench_web`` is created next to the given one and dropped afterwards.
The profile page and the neighbourhood detail page (target for both: p95 < 300 ms) cache their rendered
body; each is measured after its first, uncached view, whose time is printed too.

Distinct uncached profile pages (issue 10; target p95 < 300 ms): the demo workspace gets more
neighbourhoods (`zorgzaam buurt propose --save`); then 20 users, served by `zorgzaam serve --processes 2`
(gunicorn), each ask DISTINCT_PER_USER pages that differ like real people's — neighbourhood, comparison
area, year, figure over time and language drawn without repetition, so no two requests share a page
cache key. Then every user fetches the charts of its pages, as a browser does after the page (each chart
is drawn once per content and then served from the cache). The baselines of the same run: the cached
page and a static file."""

from __future__ import annotations

import html
import itertools
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import requests

from served import ZORGZAAM, free_port, scratch_app, served

USERS = 20
REQUESTS_PER_USER = 40
SECONDS = 30.0
SCRATCH = os.environ.get("ZORGZAAM_BENCH_DATABASE", "zorgzaam_bench_web")  # another name for parallel runs
DISTINCT_PER_USER = 6
PROPOSED_NEIGHBOURHOODS_MIN_POPULATION = "1500"


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
    print(f"{name:<34} {len(latencies):>5} requests  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
          f"max {1000 * max(latencies):7.1f} ms  {len(latencies) / wall:6.1f} req/s  errors {errors}")
    return p95


def load_each(sessions: list[requests.Session], urls_per_user: list[list[str]], seconds: float = 120.0
              ) -> tuple[list[float], float, int, list[list[str]]]:
    """Every user asks its own list of URLs once, all users at the same time (bounded by ``seconds``);
    returns the latencies, the wall time, the errors and each response's body."""
    latencies: list[float] = []
    bodies: list[list[str]] = [[] for _ in sessions]
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(i):
        for url in urls_per_user[i]:
            if time.monotonic() > stop_at:
                return
            start = time.perf_counter()
            response = sessions[i].get(url)
            elapsed = time.perf_counter() - start
            bodies[i].append(response.text if response.headers.get("Content-Type", "").startswith("text/html")
                             else "")
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200:
                    errors[0] += 1

    threads = [threading.Thread(target=user, args=(i,)) for i in range(len(sessions))]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began, errors[0], bodies


@contextmanager
def private_redis():
    """A throw-away redis-server on a free loopback port (the cache two web processes share, as in a
    deployment), or None when redis-server is not installed."""
    if shutil.which("redis-server") is None:
        yield None
        return
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def distinct_requests(base: str, page: str, seed: int = 10) -> list[tuple[str, str]]:
    """(language, URL) of every profile page a person could ask: each neighbourhood × comparison × year ×
    figure over time × language, read from the page's own choosers, shuffled (no two the same)."""
    options = lambda name: re.findall(r'<option value="([^"]*)"', page.split(f'name="{name}"', 1)[1].split("</select>")[0])  # noqa: E731
    neighbourhoods = sorted(set(re.findall(r'value="buurt:(\d+)"', page)) | {re.search(r"/buurten/(\d+)/", base).group(1)})
    comparisons = [c for c in options("vergelijk") if not c.startswith("buurt:")]
    years, series = options("jaar"), options("reeks")
    prefix = base.rsplit("/buurten/", 1)[0]
    combos = list(itertools.product(neighbourhoods, comparisons + ["buurt:"], years, series, ["nl", "en"]))
    random.Random(seed).shuffle(combos)
    requests_ = []
    for pk, comparison, year, figure, lang in combos:
        if comparison == "buurt:":  # another neighbourhood as the comparison
            comparison = "buurt:" + next(n for n in neighbourhoods if n != pk)
        requests_.append((lang, f"{prefix}/buurten/{pk}/?vergelijk={comparison}&jaar={year}&reeks={figure}"))
    return requests_


def main() -> int:
    with private_redis() as redis_url, scratch_app(SCRATCH) as (env, _url):
        demo = subprocess.run(ZORGZAAM + ["demo", "--no-serve"], env=env, capture_output=True, text=True, check=True)
        password = re.search(r"wachtwoord '([^']+)'", demo.stdout).group(1)
        if redis_url:  # the cache both processes share (set after the demo: its jobs run in-process)
            env = {**env, "ZORGZAAM_REDIS_URL": redis_url}
        proposed = subprocess.run(ZORGZAAM + ["buurt", "propose", "99001", "--min-population",
                                              PROPOSED_NEIGHBOURHOODS_MIN_POPULATION, "--save", "--prefix", "Voorstel",
                                              "--workspace", "demo-overbos"], env=env, capture_output=True, text=True)
        if proposed.returncode != 0:
            print("(no proposed neighbourhoods:", (proposed.stderr or proposed.stdout).strip()[-200:], ")")
        # plain HTTP on loopback: without --insecure-http the Secure session cookie never comes back
        with served(env, "/accounts/login/", "--insecure-http", "--processes", "2", "--threads", "8") as (_server, base):
            sessions = [sign_in(base, password) for _ in range(USERS)]
            listing = sessions[0].get(f"{base}/w/demo-overbos/buurten/").text
            detail = re.search(r'href="(/w/demo-overbos/buurten/\d+/)"', listing).group(1)
            profile = detail.replace("/w/demo-overbos/buurten/", "/profiel/demo-overbos/buurten/")
            print(f"{USERS} concurrent users; PostgreSQL; gunicorn 2 processes × 8 threads; cache: "
                  f"{'Redis' if redis_url else 'per process'}; {os.cpu_count()} cores "
                  "(shared: figures are noisy, compare within this run)")
            # 1. distinct uncached profile pages, then their charts
            first_page = sessions[0].get(base + profile).text
            plan = distinct_requests(base + profile, first_page)
            for i, session in enumerate(sessions):
                session.cookies.set("django_language", "en" if i % 2 else "nl")
            per_user = [[url for lang, url in plan if lang == ("en" if i % 2 else "nl")]
                        [(i // 2) * DISTINCT_PER_USER:(i // 2 + 1) * DISTINCT_PER_USER] for i in range(USERS)]
            asked = [url for urls in per_user for url in urls]
            neighbourhoods = {re.search(r"/buurten/(\d+)/", u).group(1) for u in asked}
            profiles = {(re.search(r"/buurten/(\d+)/", u).group(1), re.search(r"vergelijk=([^&]*)", u).group(1), i % 2)
                        for i, urls in enumerate(per_user) for u in urls}
            assert len(set(asked)) == len(asked)
            print(f"{len(asked)} distinct profile pages ({len(neighbourhoods)} neighbourhoods, {len(profiles)} distinct "
                  "neighbourhood × comparison × language profiles), none asked before")
            latencies, wall, errors, bodies = load_each(sessions, per_user)
            distinct_p95 = summary("profile page, distinct, uncached", latencies, wall, errors)
            charts = [[base + html.unescape(u) for body in user_bodies
                       for u in re.findall(r'<img src="(/profiel/[^"]+\.svg)"', body)] for user_bodies in bodies]
            every = [u for urls in charts for u in urls]
            chart_p95 = summary("their charts (as a browser)", *load_each(sessions, charts)[:3])
            print(f"  {len(every)} chart requests for {len(set(every))} distinct chart contents (each drawn once)")
            again_p95 = summary("the same charts again (cached)", *load_each(sessions, charts)[:3])
            # 2. baselines of this run
            for session in sessions:
                session.cookies.set("django_language", "nl")
                session.get(base + profile)
                session.get(base + detail)
            base_p95 = summary("baseline: static CSS", *load(sessions, f"{base}/static/zorgzaam/zorgzaam.css"))
            cached_p95 = summary("baseline: cached profile page", *load(sessions, base + profile))
            detail_p95 = summary("neighbourhood detail page (cached)", *load(sessions, base + detail))
            print(f"distinct uncached profile pages: p95 {distinct_p95:.0f} ms (target < 300 ms; issue 10 measured "
                  f"20.4 s with the charts drawn in the page); {distinct_p95 / cached_p95:.1f}x the cached page, "
                  f"{distinct_p95 / base_p95:.1f}x a static file")
            print(f"charts: p95 {chart_p95:.0f} ms on first fetch, {again_p95:.0f} ms from the cache; "
                  f"neighbourhood detail page p95 {detail_p95:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
