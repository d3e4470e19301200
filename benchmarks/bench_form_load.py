"""Benchmark: the public survey form under load — concurrent respondents on loopback against the real app
(`zorgzaam serve`: gunicorn processes or waitress, + whitenoise) on PostgreSQL, then a count of what was stored.

Each client thread is one respondent after another, as a phone would do it: open the start page, start
(POST with the CSRF token), for every page GET it and POST the answers, then send (POST) the response —
and send it a second time, as an impatient double tap would. Bounded: CLIENTS threads for SECONDS, or
MAX_RESPONSES completed responses, whichever comes first. Every answer to the open question carries the
client's own tag, so afterwards the database shows whether every response the server confirmed is stored
exactly once with all its answers (zero lost, zero duplicated).

A *submission* is one form POST (start, a page, send); a *response* is one respondent's completed
questionnaire (8 submissions and 8 page views). Each respondent also goes back once to change the first
answer (an update, which must not add a second answer) and sends twice; those two extra POSTs are not
counted as submissions. The issue's target is ≥ 100 submissions/s on PostgreSQL. Baseline of the same run: a static
file from the same server (the cost of the HTTP round trip itself), and the ratio to it.

    .venv/bin/python benchmarks/bench_form_load.py           # PostgreSQL at $ZORGZAAM_BENCH_POSTGRES_URL
    ZORGZAAM_BENCH_REPEAT=3 .venv/bin/python benchmarks/bench_form_load.py   # medians of 3 runs
    ZORGZAAM_BENCH_PYSPY=/tmp/form.txt …   # also record the server with py-spy (collapsed stacks)

The clients are plain ``http.client`` connections kept alive (one per respondent, with its own cookies), not
requests' Session: they run on the same cores as the server they measure, and requests cost about as much
CPU per request as a third of the server's work. They send the same requests and make the same checks.
Before the measured part every server process has answered a few start pages (warm-up, not counted): the
first request of a process imports the app's views (seconds of CPU) and is not what a respondent costs. The
CPU time per request of the server's processes and of PostgreSQL's backends (from /proc) is printed too: on
a machine busy with other work it holds where the wall figures do not.

A scratch database ``zorgzaam_bench_form`` is created next to the given one and dropped afterwards. The
per-address rate limits of the form are raised for the server of this run (every client is 127.0.0.1);
they are still checked on every POST.
"""

from __future__ import annotations

import http.client
import os
import re
import select
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import psycopg

from served import CpuMeter, scratch_app, served
from zorgzaam.web.commands import default_threads

CLIENTS = int(os.environ.get("ZORGZAAM_BENCH_CLIENTS", "16"))
SECONDS = float(os.environ.get("ZORGZAAM_BENCH_SECONDS", "20"))
MAX_RESPONSES = int(os.environ.get("ZORGZAAM_BENCH_MAX_RESPONSES", "5000"))
REPEAT = int(os.environ.get("ZORGZAAM_BENCH_REPEAT", "1"))
THREADS = int(os.environ.get("ZORGZAAM_BENCH_SERVER_THREADS", "0")) or None  # default below
# server processes: one per core by default (`zorgzaam serve --processes`, gunicorn); 1 = waitress alone
PROCESSES = int(os.environ.get("ZORGZAAM_BENCH_SERVER_PROCESSES", str(os.cpu_count() or 1)))
THREADS = THREADS or default_threads(PROCESSES)  # what `zorgzaam serve` uses when none are asked
SCRATCH = "zorgzaam_bench_form"


def server_kind() -> str:
    return (f"gunicorn {PROCESSES} processes × {THREADS} threads" if PROCESSES > 1
            else f"waitress {THREADS} threads")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
IDEM = re.compile(r'name="idem" value="([^"]+)"')

# the small questionnaire of the form tests: six pages, answers per page (the open text gets a tag)
ITEMS = ["satisfaction_neighbourhood", "talk_neighbours", "service_needed_not_used", "service_barriers",
         "needs_open", "age_band", "sex", "marital_status", "involvement_optin"]
PAGES = [
    {"satisfaction_neighbourhood": "4"},
    {"talk_neighbours": "weekly"},
    {"service_needed_not_used": "yes", "service_barriers": ["cost", "paperwork"]},
    {"needs_open": None},  # the tag
    {"age_band": "75_84", "sex": "female", "marital_status": "widowed"},
    {"involvement_optin": "no"},
]
ANSWERS_PER_RESPONSE = sum(len(p) for p in PAGES)
CHANGED = "3"  # every respondent changes the first answer from 4 to 3 before going on

SETUP = """
from zorgzaam.console import setup_django
setup_django(migrate=True)
from zorgzaam.voices import services
from zorgzaam.voices.bank import build_questionnaire
from zorgzaam.workspaces.models import Workspace
ws = Workspace.objects.create(name="Belastingstest", slug="belastingstest")
spec = build_questionnaire({items!r}, title_nl="Belastingstest", title_en="Load test")
survey = services.create_survey(ws, services.create_questionnaire(ws, spec), "Belastingstest")
print("TOKEN", survey.token)
"""


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.post_latencies: list[float] = []
        self.get_latencies: list[float] = []
        self.repeat_latencies: list[float] = []  # the second send of each response (not counted as a submission)
        self.confirmed: set[str] = set()  # tags of responses whose sending the server confirmed
        self.started = 0
        self.errors: list[str] = []


class Browser:
    """One respondent's browser: one HTTP/1.1 connection kept alive and the cookies the server set (sent back
    as set; the app's cookies all cover /stem/<token>/). No redirect is followed."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.base, self.host, self.port = base, parts.hostname, parts.port
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, data: dict | None = None, headers: dict | None = None):
        """(status, Location header, body text)."""
        if self.conn is not None and self.conn.sock is not None and select.select([self.conn.sock], [], [], 0)[0]:
            self.conn.close()  # the server closed the idle connection: a new one, as requests would open
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        head = dict(headers or {})
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            head["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, url.removeprefix(self.base), body=body, headers=head)
        response = self.conn.getresponse()
        text = response.read().decode()
        for header in response.msg.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value
        return response.status, response.getheader("Location"), text

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def respondent(base: str, token: str, tag: str, tally: Tally) -> None:
    """One person fills in the whole form. Raises on anything unexpected."""
    s = Browser(base)
    start_url = f"{base}/stem/{token}/"

    def get(url):
        t0 = time.perf_counter()
        status, _location, text = s.request("GET", url)
        with tally.lock:
            tally.get_latencies.append(time.perf_counter() - t0)
        if status != 200:
            raise RuntimeError(f"GET {url}: {status}")
        return text

    def post(url, data, repeat=False):
        t0 = time.perf_counter()
        status, location, text = s.request("POST", url, data, headers={"Referer": url})
        if status != 302:  # a refused POST (403, 429, 500 …) is an error, not a submission
            raise RuntimeError(f"POST {url}: {status} {text[:200]!r}")
        with tally.lock:
            (tally.repeat_latencies if repeat else tally.post_latencies).append(time.perf_counter() - t0)
        return base + location if location.startswith("/") else location

    html = get(start_url)
    with tally.lock:
        tally.started += 1
    url = post(start_url, {"csrfmiddlewaretoken": CSRF.search(html).group(1), "start_key": uuid.uuid4().hex})
    first_page = url
    for answers in PAGES:
        html = get(url)
        data = {"csrfmiddlewaretoken": CSRF.search(html).group(1), "idem": IDEM.search(html).group(1)}
        data.update({k: (tag if v is None else v) for k, v in answers.items()})
        url = post(url, data)
        if first_page:  # back to page 1 to change the answer (4 → 3): an update, not a second answer
            html = get(first_page)
            post(first_page, {"csrfmiddlewaretoken": CSRF.search(html).group(1), "idem": IDEM.search(html).group(1),
                              "satisfaction_neighbourhood": CHANGED}, repeat=True)
            first_page = None
    if not url.endswith("/versturen/"):
        raise RuntimeError(f"expected the send page, got {url}")
    html = get(url)
    token_value = CSRF.search(html).group(1)
    done = post(url, {"csrfmiddlewaretoken": token_value})
    if not done.endswith("/bedankt/"):
        raise RuntimeError(f"expected thanks, got {done}")
    with tally.lock:
        tally.confirmed.add(tag)
    again = post(url, {"csrfmiddlewaretoken": token_value}, repeat=True)  # the double tap: must change nothing
    if not again.endswith("/bedankt/"):
        raise RuntimeError(f"second send: expected thanks, got {again}")
    s.close()


def drive(base: str, token: str) -> tuple[Tally, float]:
    tally = Tally()
    stop_at = time.monotonic() + SECONDS
    counter = iter(range(10**9))
    counter_lock = threading.Lock()

    def client(number: int) -> None:
        while time.monotonic() < stop_at:
            with tally.lock:
                if len(tally.confirmed) >= MAX_RESPONSES:
                    return
            with counter_lock:
                tag = f"bench-{number}-{next(counter)}"
            try:
                respondent(base, token, tag, tally)
            except Exception as exc:  # noqa: BLE001 — counted and reported, the run goes on
                with tally.lock:
                    tally.errors.append(f"{tag}: {exc}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.perf_counter() - began


def baseline(base: str, url: str) -> float:
    """Requests per second for a static file, same clients, same server."""
    count = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + min(SECONDS, 8.0)

    def client():
        s = Browser(base)
        while time.monotonic() < stop_at:
            status, _location, _text = s.request("GET", url)
            if status != 200:
                raise RuntimeError(f"GET {url}: {status}")
            with lock:
                count[0] += 1
        s.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return count[0] / (time.perf_counter() - began)


def warm_up(base: str, token: str, most_seconds: float = 120.0) -> None:
    """Every server process answers start pages before the measured part: a process imports the app's views
    on its first request (seconds of CPU). Rounds of CLIENTS start pages, each on a new connection (so the
    processes share them), until a whole round is quick (no process left to warm), at least two rounds."""
    give_up = time.monotonic() + most_seconds
    rounds = 0

    def client(times: list[float]):
        s = Browser(base)
        t0 = time.perf_counter()
        status, _location, _text = s.request("GET", f"{base}/stem/{token}/")
        s.close()
        if status != 200:
            raise RuntimeError(f"warm-up: {status}")
        times.append(time.perf_counter() - t0)

    while True:
        times: list[float] = []
        threads = [threading.Thread(target=client, args=(times,)) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rounds += 1
        if (rounds >= 2 and len(times) == CLIENTS and max(times) < 1.5) or time.monotonic() > give_up:
            return


def stored(url: str, survey_token: str) -> dict:
    """What the database holds after the run, counted with SQL."""
    with psycopg.connect(url) as conn:
        survey = conn.execute("SELECT id FROM voices_survey WHERE token = %s", (survey_token,)).fetchone()[0]
        respondents = conn.execute(
            "SELECT count(*), count(completed_at) FROM voices_respondent WHERE survey_id = %s", (survey,)).fetchone()
        tags = conn.execute(
            """SELECT a.value #>> '{}' FROM voices_answer a JOIN voices_question q ON q.id = a.question_id
               JOIN voices_respondent r ON r.id = a.respondent_id
               WHERE r.survey_id = %s AND r.completed_at IS NOT NULL AND q.code = 'needs_open'""",
            (survey,)).fetchall()
        per_respondent = conn.execute(
            """SELECT count(*) FROM voices_answer a JOIN voices_respondent r ON r.id = a.respondent_id
               WHERE r.survey_id = %s AND r.completed_at IS NOT NULL GROUP BY a.respondent_id""",
            (survey,)).fetchall()
        changed = conn.execute(
            """SELECT count(*) FROM voices_answer a JOIN voices_question q ON q.id = a.question_id
               JOIN voices_respondent r ON r.id = a.respondent_id
               WHERE r.survey_id = %s AND q.code = 'satisfaction_neighbourhood' AND a.value = %s::jsonb""",
            (survey, CHANGED)).fetchone()[0]
        doubled = conn.execute(
            """SELECT count(*) FROM (SELECT a.respondent_id, a.question_id FROM voices_answer a
               JOIN voices_respondent r ON r.id = a.respondent_id WHERE r.survey_id = %s
               GROUP BY a.respondent_id, a.question_id HAVING count(*) > 1) x""", (survey,)).fetchone()[0]
    return {"respondents": respondents[0], "completed": respondents[1], "tags": [t[0] for t in tags],
            "answer_counts": [c[0] for c in per_respondent], "doubled_answers": doubled, "changed": changed}


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else float("nan")


def one_run(run: int) -> dict:
    limits = {"ZORGZAAM_SURVEY_STARTS_PER_10MIN": "10000000", "ZORGZAAM_SURVEY_POSTS_PER_10MIN": "10000000"}
    with scratch_app(SCRATCH, **limits) as (env, url):
        setup = subprocess.run([sys.executable, "-c", SETUP.format(items=ITEMS)], env=env, capture_output=True,
                               text=True, check=True)
        token = re.search(r"TOKEN (\S+)", setup.stdout).group(1)
        # plain HTTP on loopback: with Secure cookies (serve's default) the CSRF cookie never comes back
        # up to 5 minutes to start (a busy 2-core machine needed 2): clients before that only count refusals
        with served(env, f"/stem/{token}/", "--insecure-http", "--threads", str(THREADS), "--processes",
                    str(PROCESSES), tries=1500) as (server, base):
            static_rate = baseline(base, f"{base}/static/voices/form.css")
            spy = None
            if os.environ.get("ZORGZAAM_BENCH_PYSPY"):  # a profile of the server while the clients run
                spy = subprocess.Popen(["py-spy", "record", "--pid", str(server.pid), "--format", "raw", "--rate",
                                        "200", "--subprocesses", "--output", os.environ["ZORGZAAM_BENCH_PYSPY"], "--duration",
                                        str(int(SECONDS))], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            warm_up(base, token)
            meter = CpuMeter(server.pid, SCRATCH)
            meter.start()
            tally, wall = drive(base, token)
            cpu = meter.stop()
            if spy is not None:
                spy.wait(timeout=60)
        db = stored(url, token)
    posts = len(tally.post_latencies)
    confirmed = tally.confirmed
    stored_tags = db["tags"]
    lost = len(confirmed - set(stored_tags))
    duplicated = (len(stored_tags) - len(set(stored_tags))) + db["doubled_answers"]
    incomplete_answers = sum(1 for c in db["answer_counts"] if c != ANSWERS_PER_RESPONSE)
    result = {
        "submissions_per_s": posts / wall, "responses_per_s": len(confirmed) / wall,
        "requests_per_s": (posts + len(tally.get_latencies) + len(tally.repeat_latencies)) / wall, "static_per_s": static_rate,
        "post_p50": pct(tally.post_latencies, 50), "post_p95": pct(tally.post_latencies, 95),
        "post_p99": pct(tally.post_latencies, 99), "get_p50": pct(tally.get_latencies, 50),
        "get_p95": pct(tally.get_latencies, 95), "confirmed": len(confirmed), "completed_in_db": db["completed"],
        "respondents_in_db": db["respondents"], "started": tally.started, "lost": lost, "duplicated": duplicated,
        "incomplete_answers": incomplete_answers, "errors": len(tally.errors), "wall": wall, "posts": posts,
        "not_changed": db["completed"] - db["changed"],
    }
    requests_done = posts + len(tally.get_latencies) + len(tally.repeat_latencies)
    result |= {f"cpu_{part}_ms": 1000 * seconds / max(requests_done, 1) for part, seconds in cpu.items()}
    result["cpu_server_ms"] = result["cpu_app_ms"] + result["cpu_db_ms"]
    print(f"run {run}: {posts} submissions ({len(confirmed)} responses) in {wall:.1f} s → "
          f"{result['submissions_per_s']:.1f} submissions/s, {result['responses_per_s']:.1f} responses/s; "
          f"POST p50 {result['post_p50']:.0f} ms p95 {result['post_p95']:.0f} ms p99 {result['post_p99']:.0f} ms; "
          f"GET p50 {result['get_p50']:.0f} ms p95 {result['get_p95']:.0f} ms; static baseline "
          f"{static_rate:.0f} req/s", flush=True)
    print(f"       stored: {db['respondents']} respondents ({db['completed']} completed) for {tally.started} "
          f"started and {len(confirmed)} confirmed; lost {lost}, duplicated {duplicated}, responses without all "
          f"{ANSWERS_PER_RESPONSE} answers {incomplete_answers}, changed answer not stored "
          f"{result['not_changed']}, client errors {len(tally.errors)}", flush=True)
    print(f"       CPU per request ({requests_done} requests): server {result['cpu_server_ms']:.2f} ms (app "
          f"{result['cpu_app_ms']:.2f} + PostgreSQL {result['cpu_db_ms']:.2f}), client {result['cpu_client_ms']:.2f} ms",
          flush=True)
    for error in tally.errors[:5]:
        print("       error:", error)
    return result


def main() -> int:
    print(f"Public form load test: {CLIENTS} concurrent respondents on loopback, {SECONDS:.0f} s or "
          f"{MAX_RESPONSES} responses; PostgreSQL; {server_kind()}; {os.cpu_count()} cores; "
          f"{REPEAT} run(s)")
    runs = [one_run(i + 1) for i in range(REPEAT)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"median of {REPEAT}: {med['submissions_per_s']:.1f} submissions/s (target ≥ 100), "
          f"{med['responses_per_s']:.1f} completed responses/s, {med['requests_per_s']:.1f} requests/s; "
          f"POST p50 {med['post_p50']:.0f} ms, p95 {med['post_p95']:.0f} ms, p99 {med['post_p99']:.0f} ms")
    print(f"CPU per request (median): server {med['cpu_server_ms']:.2f} ms (app {med['cpu_app_ms']:.2f} + PostgreSQL "
          f"{med['cpu_db_ms']:.2f}), client {med['cpu_client_ms']:.2f} ms — holds on a busy machine, wall figures do not")
    print(f"baseline static file {med['static_per_s']:.0f} req/s; ratio form requests / static: "
          f"{med['requests_per_s'] / med['static_per_s']:.2f}")
    bad = sum(r["lost"] + r["duplicated"] + r["incomplete_answers"] + r["not_changed"] for r in runs)
    bad += sum(r["completed_in_db"] != r["confirmed"] for r in runs)
    bad += sum(r["respondents_in_db"] != r["started"] and r["errors"] == 0 for r in runs)
    bad += sum(r["errors"] for r in runs)  # a client error (a refused or failed request) fails the run too
    print(f"lost {sum(r['lost'] for r in runs)}, duplicated {sum(r['duplicated'] for r in runs)} over all runs"
          + ("" if not bad else "  ← NOT OK"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
