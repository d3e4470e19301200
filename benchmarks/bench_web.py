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
cache key. First like people: on the fresh server each user reads a page 2–8 s before asking the next and
its browser fetches the page's charts right after it (the target's case); then back to back with other
distinct pages (20 requests always in flight, a stress test); then like people again with yet other distinct
pages, on the server that has by then served a few minutes (the state a running server is in). Then every user fetches the charts of its pages, as a browser does after the page (each chart
is drawn once per content and then served from the cache). The baselines of the same run: the cached
page and a static file. The page choices are read from a first server; the measured one is started afresh
(empty per-process caches, Redis emptied); like any `zorgzaam serve`, each of its processes warms up before it takes
requests (the workspace's shared figures, each neighbourhood's own tables, templates, the chart fonts; never a
page, profile or chart a person asks), and the time until it answers is printed; and its charts are drawn by a
helper process of lower priority (`graphics.drawing`), whose CPU time is counted with the server's. Because the machine may be shared, the server's CPU time per
request (its processes' user + system time from /proc) is printed beside the wall figures."""

from __future__ import annotations

import html
import itertools
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import requests

from served import ZORGZAAM, all_users, free_port, latency_line, scratch_app, served, sign_in
from served import tree_cpu as server_cpu

USERS = 20
REQUESTS_PER_USER = 40
SECONDS = 30.0
SCRATCH = os.environ.get("ZORGZAAM_BENCH_DATABASE", "zorgzaam_bench_web")  # another name for parallel runs
DISTINCT_PER_USER = 6
THINK = (2.0, 8.0)  # seconds a person reads a page before asking the next (uniform): 5 s on average
PROPOSED_NEIGHBOURHOODS_MIN_POPULATION = "1500"


def load(sessions: list[requests.Session], url: str) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def user(i):
        session = sessions[i]
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

    return latencies, all_users(len(sessions), user), errors[0]


def summary(name: str, latencies: list[float], wall: float, errors: int, cpu: float | None = None) -> float:
    """Print one line (``cpu``: the server's CPU seconds for these requests) and return the p95 in ms."""
    text, p95 = latency_line(name, latencies, 34)
    spent = f"  server CPU {1000 * cpu / len(latencies):6.1f} ms/request" if cpu is not None else ""
    print(f"{text}  {len(latencies) / wall:6.1f} req/s  errors {errors}{spent}")
    return p95


def measured(pid: int, run, *args) -> tuple:
    """``run(*args)``'s (latencies, wall, errors) and the server's CPU seconds spent meanwhile."""
    before = server_cpu(pid)
    latencies, wall, errors, *_ = run(*args)
    return latencies, wall, errors, server_cpu(pid) - before


def chart_urls(base: str, body: str) -> list[str]:
    """The chart images a profile page's body asks the browser to fetch."""
    return [base + html.unescape(u) for u in re.findall(r'<img src="(/profiel/[^"]+\.svg)"', body)]


def load_each(sessions: list[requests.Session], urls_per_user: list[list[str]], seconds: float = 120.0,
              think: tuple[float, float] = (0.0, 0.0), charts_from: str | None = None
              ) -> tuple[list[float], float, int, list[list[str]], list[float]]:
    """Every user asks its own list of URLs once, all users at the same time (bounded by ``seconds``),
    pausing a random ``think`` (seconds, from–to) before each page as a person reads the last one ((0, 0):
    back to back). With ``charts_from`` (the base URL) each page's charts are fetched right after it, as a
    browser does. Returns the page latencies, the wall time, the errors, each response's body and the
    chart latencies."""
    latencies: list[float] = []
    chart_latencies: list[float] = []
    bodies: list[list[str]] = [[] for _ in sessions]
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def get(session, url):
        try:
            return session.get(url)
        except requests.ConnectionError:  # the server closed the idle keep-alive connection while the
            return session.get(url)        # person read: a browser opens a new one, so do we

    def user(i):
        pause = random.Random(i)
        for url in urls_per_user[i]:
            if think[1]:
                time.sleep(pause.uniform(*think))
            if time.monotonic() > stop_at:
                return
            start = time.perf_counter()
            response = get(sessions[i], url)
            elapsed = time.perf_counter() - start
            body = response.text if response.headers.get("Content-Type", "").startswith("text/html") else ""
            bodies[i].append(body)
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200:
                    errors[0] += 1
            for chart in chart_urls(charts_from, body) if charts_from else []:
                start = time.perf_counter()
                response = get(sessions[i], chart)
                with lock:
                    chart_latencies.append(time.perf_counter() - start)
                    if response.status_code != 200:
                        errors[0] += 1

    return latencies, all_users(len(sessions), user), errors[0], bodies, chart_latencies


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
        serve = ("--insecure-http", "--processes", "2")  # zorgzaam serve's own default threads (2 per process)
        with served(env, "/accounts/login/", *serve, tries=900) as (_server, base):  # only to read the page's choices
            sessions = [sign_in(base, password) for _ in range(USERS)]
            listing = sessions[0].get(f"{base}/w/demo-overbos/buurten/").text
            detail = re.search(r'href="(/w/demo-overbos/buurten/\d+/)"', listing).group(1)
            profile = detail.replace("/w/demo-overbos/buurten/", "/profiel/demo-overbos/buurten/")
            first_page = sessions[0].get(base + profile).text
            plan = [(lang, url[len(base):]) for lang, url in distinct_requests(base + profile, first_page)]
        # caches cleared before the run: a new server (empty per-process caches) and an empty Redis; the
        # sessions are in the database and their cookies hold for any port of 127.0.0.1
        if redis_url:
            import redis

            redis.Redis.from_url(redis_url).flushdb()
        started = time.perf_counter()
        with served(env, "/accounts/login/", *serve, tries=900) as (server, base):
            print(f"the measured server answered {time.perf_counter() - started:.1f} s after its start "
                  "(migrations checked, static files collected, warm-up)")
            for _ in range(4):  # both workers up and past their first request (imports), no profile asked
                sessions[0].get(f"{base}/w/demo-overbos/buurten/")
            print(f"{USERS} concurrent users; PostgreSQL; gunicorn 2 processes × 2 threads; cache: "
                  f"{'Redis' if redis_url else 'per process'}; {os.cpu_count()} cores, load average "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} "
                  "(shared: wall figures are noisy, compare within this run; server CPU per request is not)")
            for i, session in enumerate(sessions):
                session.cookies.set("django_language", "en" if i % 2 else "nl")

            def pages(offset: int) -> list[list[str]]:
                """DISTINCT_PER_USER pages per user in its language, from ``offset`` on in the shuffled plan."""
                return [[base + url for lang, url in plan if lang == ("en" if i % 2 else "nl")]
                        [offset + (i // 2) * DISTINCT_PER_USER:offset + (i // 2 + 1) * DISTINCT_PER_USER]
                        for i in range(USERS)]
            # 1. like people: distinct uncached pages on the fresh server, a pause to read each one, the
            #    browser fetching its charts right after it
            people = pages(USERS // 2 * DISTINCT_PER_USER)
            people_page_cpu = server_cpu(server.pid)
            latencies, wall, errors, _bodies, chart_seconds = load_each(
                sessions, people, 300.0, THINK, charts_from=base)
            people_cpu = server_cpu(server.pid) - people_page_cpu
            print(f"like people ({THINK[0]:g}–{THINK[1]:g} s reading before each page; server CPU below includes "
                  "the charts):")
            people_p95 = summary("profile page, distinct, uncached", latencies, wall, errors, people_cpu)
            summary("their charts, right after each page", chart_seconds, wall, 0)
            # 2. back to back: other distinct uncached pages, then their charts
            per_user = pages(0)
            asked = [url for urls in per_user for url in urls]
            neighbourhoods = {re.search(r"/buurten/(\d+)/", u).group(1) for u in asked}
            profiles = {(re.search(r"/buurten/(\d+)/", u).group(1), re.search(r"vergelijk=([^&]*)", u).group(1), i % 2)
                        for i, urls in enumerate(per_user) for u in urls}
            assert len(set(asked)) == len(asked)
            print(f"{len(asked)} distinct profile pages ({len(neighbourhoods)} neighbourhoods, {len(profiles)} distinct "
                  "neighbourhood × comparison × language profiles), none asked before, caches empty")
            before = server_cpu(server.pid)
            latencies, wall, errors, bodies, _charts = load_each(sessions, per_user)
            distinct_cpu = server_cpu(server.pid) - before
            distinct_p95 = summary("profile page, distinct, uncached", latencies, wall, errors, distinct_cpu)
            charts = [[u for body in user_bodies for u in chart_urls(base, body)] for user_bodies in bodies]
            every = [u for urls in charts for u in urls]
            chart_p95 = summary("their charts (as a browser)", *measured(server.pid, load_each, sessions, charts))
            print(f"  {len(every)} chart requests for {len(set(every))} distinct chart contents (each drawn once)")
            again_p95 = summary("the same charts again (cached)", *measured(server.pid, load_each, sessions, charts))
            # 2b. like people again, on the server that has now served for a while (as a server does after its
            #     first minutes): still pages none of them asked before, so every page and chart is computed
            seen = {u for urls in people for u in urls} | set(asked)
            warm_people = [[u for u in urls if u not in seen] for urls in pages(2 * (USERS // 2) * DISTINCT_PER_USER)]
            before = server_cpu(server.pid)
            latencies_warm, wall, errors, _bodies, chart_seconds = load_each(
                sessions, warm_people, 300.0, THINK, charts_from=base)
            print("like people again, on the server that has served the pages above (other distinct pages; "
                  "server CPU includes the charts):")
            warm_people_p95 = summary("profile page, distinct, uncached", latencies_warm, wall, errors,
                                      server_cpu(server.pid) - before)
            summary("their charts, right after each page", chart_seconds, wall, 0)
            # 3. baselines of this run
            for session in sessions:
                session.cookies.set("django_language", "nl")
                session.get(base + profile)
                session.get(base + detail)
            static = measured(server.pid, load, sessions, f"{base}/static/zorgzaam/zorgzaam.css")
            base_p95 = summary("baseline: static CSS", *static)
            cached = measured(server.pid, load, sessions, base + profile)
            cached_p95 = summary("baseline: cached profile page", *cached)
            detail_p95 = summary("neighbourhood detail page (cached)", *measured(server.pid, load, sessions, base + detail))
            per_request = 1000 * distinct_cpu / max(len(latencies), 1)
            cached_cpu = 1000 * cached[3] / max(len(cached[0]), 1)
            print(f"distinct uncached profile pages like people: p95 {people_p95:.0f} ms on the fresh server, "
                  f"{warm_people_p95:.0f} ms once it has served a while (target < 300 ms)")
            print(f"distinct uncached profile pages back to back: p95 {distinct_p95:.0f} ms (issue 10 measured "
                  f"20.4 s with the charts drawn in the page); {distinct_p95 / cached_p95:.1f}x the cached page, "
                  f"{distinct_p95 / base_p95:.1f}x a static file")
            print(f"server CPU: {per_request:.1f} ms per distinct uncached page, {cached_cpu:.1f} ms per cached page "
                  f"({per_request / max(cached_cpu, 0.01):.1f}x); on {os.cpu_count()} idle cores 20 users at once wait "
                  f"about {USERS / max(os.cpu_count() or 1, 1) * per_request:.0f} ms for the last of 20 distinct pages")
            print(f"charts: p95 {chart_p95:.0f} ms on first fetch, {again_p95:.0f} ms from the cache; "
                  f"neighbourhood detail page p95 {detail_p95:.0f} ms; load average at the end "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
