"""Commands of the web app: ``zorgzaam demo``."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="start the web app on the fictional demo municipality Overbos")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--no-serve", action="store_true", help="only build the demo data, do not start")
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from zorgzaam.cli import setup_django

    setup_django()
    from zorgzaam.web.demo import install_demo

    summary = install_demo()
    print(summary)
    if args.no_serve:
        return 0
    from django.core.management import call_command

    print(f"Zorgzaam draait op http://{args.host}:{args.port}/  (Ctrl+C om te stoppen)")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, insecure_serving=True)
    return 0
