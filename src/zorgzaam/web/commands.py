"""Commands of the web app: ``zorgzaam demo``, ``zorgzaam serve`` (production WSGI server),
``zorgzaam worker`` (runs the background jobs queued in the database, or on Redis when
$ZORGZAAM_REDIS_URL is set, for a deployment with separate workers) and ``zorgzaam admin grant|revoke USER`` /
``zorgzaam admin list`` (instance administrators: the people who may change the area levels and official
data shared by every workspace, also through the web) and ``zorgzaam admin unlock USER`` (lift a login lockout)."""

from __future__ import annotations

import argparse
import os

from zorgzaam.messages import gettext


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="start the web app on the fictional demo municipality Overbos")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--no-serve", action="store_true", help="only build the demo data, do not start")
    demo.set_defaults(handler=run_demo)

    serve = subparsers.add_parser("serve", help="serve the web app with a production WSGI server (waitress, or "
                                                "gunicorn with several processes)")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--host", default=os.environ.get("ZORGZAAM_HOST", "127.0.0.1"))
    serve.add_argument("--threads", type=int, default=int(os.environ.get("ZORGZAAM_THREADS", "0")) or None,
                       help="threads per process (default: 8 for one process; 2 per gunicorn process, which on "
                            "2 cores served the public form 165 submissions/s against 107/s with 4)")
    serve.add_argument("--processes", type=int, default=int(os.environ.get("ZORGZAAM_PROCESSES", "1")),
                       help="more than 1: that many gunicorn worker processes (each with --threads threads), so "
                            "the app uses several CPU cores; set ZORGZAAM_REDIS_URL to share the cache between them")
    serve.add_argument("--insecure-http", action="store_true",
                       help="plain HTTP without a TLS proxy (an intranet test): no Secure cookies, no HSTS "
                            "(same as ZORGZAAM_SECURE_COOKIES=0)")
    serve.add_argument("--warm-up", type=float, default=float(os.environ.get("ZORGZAAM_WARM_UP", "10")),
                       metavar="SECONDS", help="each process prepares the profile page before it takes requests "
                                               "(at most this long; 0: not at all). Default 10")
    serve.add_argument("--no-chart-helper", action="store_true",
                       default=os.environ.get("ZORGZAAM_CHART_HELPER", "1") == "0",
                       help="draw charts in the web process itself (ZORGZAAM_CHART_HELPER=0); by default each "
                            "process has a helper process of lower priority draw them, so pages go first when "
                            "the server is busy")
    serve.set_defaults(handler=run_serve)

    worker = subparsers.add_parser("worker", help="run the queued background jobs (database queue; Redis with $ZORGZAAM_REDIS_URL)")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.set_defaults(handler=run_worker)

    admin = subparsers.add_parser("admin", help="instance administrators: who may change shared data (areas, "
                                                "official datasets) / beheerders van de installatie")
    admin_sub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    for name, text in (("grant", "make USER an instance administrator"),
                       ("revoke", "take the instance administrator right away from USER")):
        action = admin_sub.add_parser(name, help=text)
        action.add_argument("username")
        action.add_argument("--json", action="store_true", help="print JSON for scripts")
        action.set_defaults(handler=run_admin)
    unlock = admin_sub.add_parser("unlock", help="lift the login lockout of USER (too many failed logins) / "
                                                 "blokkering na te veel mislukte aanmeldingen opheffen")
    unlock.add_argument("username")
    unlock.add_argument("--json", action="store_true", help="print JSON for scripts")
    unlock.set_defaults(handler=run_admin)
    listing = admin_sub.add_parser("list", help="the instance administrators")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(handler=run_admin)


def run_demo(args: argparse.Namespace) -> int:
    from zorgzaam.console import setup_django

    _say_migrated(setup_django(migrate=True))
    from zorgzaam.web.demo import install_demo

    summary = install_demo(findings=True)  # the summary table filled, as a first visit should see it
    print(summary)
    if args.no_serve:
        return 0
    print(f"Zorgzaam draait op http://{args.host}:{args.port}/  (Ctrl+C om te stoppen)")
    print("Meld je aan met de gebruikersnaam en het wachtwoord hierboven.")
    _serve(args.host, args.port, threads=4)
    return 0


def _say_migrated(applied: list[str]) -> None:
    if applied:
        print(f"Databank bijgewerkt: {len(applied)} migratie(s) toegepast.", flush=True)


def default_threads(processes: int) -> int:
    """Threads per process when none are asked: one waitress process needs several for waiting requests;
    with several gunicorn processes (one per core) more than 2 threads each only fight over Python's lock
    (benchmarks/bench_form_load.py on 2 cores: 2 × 2 threads 165 submissions/s, 2 × 4 threads 107/s)."""
    return 8 if processes <= 1 else 2


def warm_up(seconds: float, chart_helper: bool = False) -> None:
    """Prepare this process before it takes requests (see ``profile.warmup``): a fresh server's first visitors
    would otherwise pay for what every later page reuses; then start its chart helper (``graphics.drawing``).
    A failure here only costs that head start: charts are then drawn in the process itself."""
    import logging

    from django.db import connections

    from zorgzaam.graphics import drawing
    from zorgzaam.profile.warmup import warm_up as prepare_profiles

    try:
        if seconds > 0:
            prepare_profiles(seconds)
        if chart_helper:
            drawing.start()
    except Exception as error:  # noqa: BLE001  (the server must start; the pages say what is wrong)
        logging.getLogger("zorgzaam").warning("warm-up stopped: %s", type(error).__name__)
    finally:
        connections.close_all()  # the request threads open their own


def _serve(host: str, port: int, threads: int, warm: float = 0.0, chart_helper: bool = False) -> None:
    import waitress

    from zorgzaam.web.wsgi import application

    warm_up(warm, chart_helper)

    # X-Forwarded-* reach the app untouched: zorgzaam.workspaces.security.ProxyMiddleware honours them from
    # ZORGZAAM_TRUSTED_PROXIES only and drops them from anyone else.
    waitress.serve(application, host=host, port=port, threads=threads, ident="zorgzaam",
                   max_request_body_size=1024 * 1024 * 1024, clear_untrusted_proxy_headers=False)


def _serve_processes(host: str, port: int, processes: int, threads: int, warm: float = 0.0,
                     chart_helper: bool = False) -> None:
    """gunicorn with ``processes`` workers of ``threads`` threads each (one Python process uses at most about
    one CPU core). Workers load the app themselves (no preload), so each opens its own database connections,
    and warm up (``warm`` seconds at most) before they take requests."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": processes, "threads": threads,
                               "worker_class": "gthread", "accesslog": None, "graceful_timeout": 10,
                               "proc_name": "zorgzaam", "limit_request_line": 8190}.items():
                self.cfg.set(key, value)

        def load(self):
            from zorgzaam.web.wsgi import application

            warm_up(warm, chart_helper)
            return application

    Server().run()


def run_serve(args: argparse.Namespace) -> int:
    """Collect the static files (served by whitenoise, compressed), then serve with waitress (one process)
    or gunicorn (``--processes`` above 1). Secure cookies and HSTS are on unless ``--insecure-http`` or
    ZORGZAAM_SECURE_COOKIES=0."""
    if args.insecure_http:
        os.environ["ZORGZAAM_SECURE_COOKIES"] = "0"
    else:
        os.environ.setdefault("ZORGZAAM_SECURE_COOKIES", "1")
    from zorgzaam.console import setup_django

    _say_migrated(setup_django(migrate=True))
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.conf import settings

    if not settings.SESSION_COOKIE_SECURE:
        print("Let op: cookies zonder Secure en geen HSTS (--insecure-http of ZORGZAAM_SECURE_COOKIES=0): alleen "
              "voor een test op een intern netwerk.", flush=True)
    if args.processes > 1 and not settings.ZORGZAAM_REDIS_URL:
        print("Let op: zonder ZORGZAAM_REDIS_URL telt elk proces de limieten van de bevraging apart; zet Redis "
              "voor een gedeelde limiet.", flush=True)
    if args.threads is None:
        args.threads = default_threads(args.processes)
    if args.processes > 1:
        print(f"Zorgzaam draait op http://{args.host}:{args.port}/  ({args.processes} processen × {args.threads} "
              "threads; Ctrl+C om te stoppen)", flush=True)
        from django.db import connections

        connections.close_all()  # workers are forked: each opens its own connections
        _serve_processes(args.host, args.port, args.processes, args.threads, args.warm_up, not args.no_chart_helper)
        return 0
    print(f"Zorgzaam draait op http://{args.host}:{args.port}/  ({args.threads} threads; Ctrl+C om te stoppen)")
    _serve(args.host, args.port, args.threads, args.warm_up, not args.no_chart_helper)
    return 0


def run_admin(args: argparse.Namespace) -> int:
    from zorgzaam.console import emit, setup_django
    from zorgzaam.messages import ZorgzaamError, gettext_noop, register

    setup_django()
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    register({"admin_user_not_found": gettext_noop("Er is geen gebruiker '{username}'.")})
    users = get_user_model().objects
    if args.admin_command == "unlock":
        from axes.utils import reset

        attempts = reset(username=args.username)
        emit(args, {"username": args.username, "unlocked": True, "attempts_removed": attempts},
             gettext("{username} kan weer aanmelden.").format(username=args.username))
        return 0
    if args.admin_command == "list":
        names = sorted(users.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True)
                       .values_list("username", flat=True))
        emit(args, {"instance_admins": names}, "\n".join(names) or (
            gettext("Nog geen beheerders van de installatie.")))
        return 0
    user = users.filter(username=args.username).first()
    if user is None:
        raise ZorgzaamError("admin_user_not_found", username=args.username)
    user.is_staff = args.admin_command == "grant"
    if not user.is_staff:
        user.is_superuser = False  # a superuser would keep the right
    user.save(update_fields=["is_staff", "is_superuser"])
    if user.is_staff:
        text = (gettext("{username} is nu beheerder van de installatie: mag gebiedsindelingen en "
                        "gedeelde gegevens wijzigen.").format(username=user.username))
    else:
        text = (gettext("{username} is geen beheerder van de installatie meer.").format(username=user.username))
    emit(args, {"username": user.username, "instance_admin": user.is_staff}, text)
    return 0


def run_worker(args: argparse.Namespace) -> int:
    from zorgzaam.console import setup_django

    setup_django()
    from django.conf import settings

    from zorgzaam.workspaces.jobs import QUEUE_NAME, recover_at_start, runner_kind

    runner = runner_kind()
    if runner == "inline":
        print("ZORGZAAM_JOB_RUNNER=inline: taken lopen meteen in het verzoek zelf; er is geen wachtrij voor een "
              "worker.")
        return 2
    recover_at_start()  # jobs whose process died before this start are queued again (or failed the second time)
    if runner == "rq":  # Redis: rq's worker, a work horse per job
        from django.db import connections
        from rq import Worker

        from zorgzaam.workspaces.jobs import horse_killed, queue

        connections.close_all()  # rq forks a work horse per job; it must open its own database connection
        job_queue = queue()
        Worker([job_queue], connection=job_queue.connection,
               work_horse_killed_handler=horse_killed).work(burst=args.burst)
        return 0
    # the queue in the database: django-tasks' own worker
    if settings.ZORGZAAM_JOB_WORKER != "external":
        print("Let op: zonder ZORGZAAM_JOB_WORKER=external voeren ook de webprocessen zelf taken uit (dat mag: "
              "elke taak loopt maar één keer).", flush=True)
    from django.core.management import call_command

    call_command("db_worker", "--queue-name", QUEUE_NAME, "--no-reload", *(["--batch"] if args.burst else []))
    return 0
