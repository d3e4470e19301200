"""The ``zorgzaam`` command.

Every part of the chain registers its own sub-commands in ``<module>/commands.py`` through a
``register(subparsers)`` function; this file only wires them together and holds the shared options:
``--data-dir`` (or $ZORGZAAM_DATA_DIR) and ``--lang``. Commands print readable text by default and
JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from typing import Any

from zorgzaam.messages import ZorgzaamError, current_language

COMMAND_MODULES = (
    "zorgzaam.web.commands",
    "zorgzaam.web.workspace_commands",
    "zorgzaam.areas.commands",
    "zorgzaam.areas.buurt_commands",
    "zorgzaam.sources.commands",
    "zorgzaam.profile.commands",
    "zorgzaam.profile.coverage_commands",
    "zorgzaam.environment.commands",
    "zorgzaam.voices.commands",
    "zorgzaam.plan.commands",
    "zorgzaam.api.commands",
)

_django_ready = False


def setup_django(migrate: bool = True) -> None:
    """Configure Django for command-line use and bring the database schema up to date."""
    global _django_ready
    if _django_ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.web.settings")
    import django
    from django.apps import apps

    if not apps.ready:  # set up once: a second setup would re-bind the log handlers to whatever stderr is now
        django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    _django_ready = True


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON when --json was given, else ``text`` (or a readable form of data)."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text if text is not None else json.dumps(data, ensure_ascii=False, indent=2, default=str))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zorgzaam",
        description="Zorgzaam — werkbank voor zorgzame buurten / workbench for caring neighbourhoods",
    )
    parser.add_argument("--data-dir", help="folder for the database and imported files ($ZORGZAAM_DATA_DIR)")
    parser.add_argument("--lang", choices=["nl", "en"], help="language of messages (default: nl)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir:
        os.environ["ZORGZAAM_DATA_DIR"] = os.path.abspath(os.path.expanduser(args.data_dir))
    if args.lang:
        os.environ["ZORGZAAM_LANG"] = args.lang
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        result = args.handler(args)
    except ZorgzaamError as error:
        lang = current_language()
        if getattr(args, "json", False):
            print(json.dumps({"error": error.problem.as_dict(lang)}, ensure_ascii=False, indent=2))
        else:
            print(("Fout: " if lang == "nl" else "Error: ") + error.render(lang), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the output was piped into a program that stopped reading (e.g. head)
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # never a traceback for a person; ZORGZAAM_DEBUG=1 shows it
        if os.environ.get("ZORGZAAM_DEBUG"):
            raise
        lang = current_language()
        detail = f"{type(error).__name__}: {error}"
        text = (f"Fout: dit liep onverwacht mis ({detail}). Meld dit aan wie "
                "Zorgzaam beheert; met ZORGZAAM_DEBUG=1 zie je de technische details." if lang == "nl" else
                f"Error: something went wrong unexpectedly ({detail}). Please report "
                "this to whoever runs Zorgzaam; ZORGZAAM_DEBUG=1 shows the technical details.")
        if getattr(args, "json", False):
            print(json.dumps({"error": {"code": "unexpected", "message": text}}, ensure_ascii=False, indent=2))
        else:
            print(text, file=sys.stderr)
        return 3
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
