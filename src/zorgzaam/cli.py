"""The ``zorgzaam`` command.

Every part of the chain registers its own sub-commands in ``<module>/commands.py`` through a
``register(subparsers)`` function, using the shared layer in :mod:`zorgzaam.console` (Django set-up, the
migration rule, ``--json``); this file only wires them together and holds the shared options:
``--data-dir`` (or $ZORGZAAM_DATA_DIR) and ``--lang``, the error handling and the exit codes (0 done,
1 refused with a message, 2 usage, 3 unexpected). Commands print readable text by default and JSON with
``--json``. Django's own ``migrate``, ``createsuperuser``, ``shell`` and ``dbshell`` pass through.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from zorgzaam.messages import ZorgzaamError, activate, deactivate, gettext

COMMAND_MODULES = (
    "zorgzaam.web.commands",
    "zorgzaam.workspaces.commands",
    "zorgzaam.areas.commands",
    "zorgzaam.areas.buurt_commands",
    "zorgzaam.sources.commands",
    "zorgzaam.profile.commands",
    "zorgzaam.profile.coverage_commands",
    "zorgzaam.environment.commands",
    "zorgzaam.voices.commands",
    "zorgzaam.plan.commands",
    "zorgzaam.followup.commands",
    "zorgzaam.api.commands",
    "zorgzaam.reports.commands",
)

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
    for name, text in DJANGO_COMMANDS.items():
        passing = subparsers.add_parser(name, help=text, add_help=False)
        passing.add_argument("rest", nargs=argparse.REMAINDER)
        passing.set_defaults(handler=run_django_command, django_command=name)
    return parser


# Django's own management commands, reachable as ``zorgzaam NAME [its options]``
DJANGO_COMMANDS = {
    "migrate": "bring the database up to date / de databank bijwerken",
    "createsuperuser": "create an administrator account / een beheerdersaccount maken",
    "shell": "a Python shell with Zorgzaam loaded",
    "dbshell": "the database's own shell (sqlite3 or psql)",
    "showmigrations": "list migrations and whether they are applied",
}


def run_django_command(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    from zorgzaam.console import setup_django

    if args.django_command == "migrate":
        applied = setup_django(migrate=True)
        print(gettext("Databank bijgewerkt: {count} migratie(s) toegepast.").format(count=len(applied)) if applied
              else gettext("De databank is al bijgewerkt."))
        return 0
    setup_django(check=args.django_command not in ("showmigrations", "dbshell"))
    execute_from_command_line(["zorgzaam", args.django_command, *args.rest])
    return 0


def _run_in_language(args: argparse.Namespace) -> int | None:
    """Run the command; the language it activated in Django ends with it (a test's next command, or the
    rest of a process that called :func:`main`, starts from its own)."""
    try:
        return args.handler(args)
    finally:
        deactivate()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and getattr(args, "handler", None) is run_django_command:  # Django's own options, e.g. shell -c
        args.rest = unknown + list(args.rest)
    elif unknown:
        parser.error("unrecognized arguments: " + " ".join(unknown))
    if args.data_dir:
        os.environ["ZORGZAAM_DATA_DIR"] = os.path.abspath(os.path.expanduser(args.data_dir))
    lang = activate(args.lang)  # the whole command speaks it (Django's active language once it is set up)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        result = _run_in_language(args)
    except ZorgzaamError as error:
        if getattr(args, "json", False):
            print(json.dumps({"error": error.problem.as_dict(lang)}, ensure_ascii=False, indent=2))
        else:
            print(gettext("Fout: {message}", lang).format(message=error.render(lang)), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the output was piped into a program that stopped reading (e.g. head)
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # never a traceback for a person; ZORGZAAM_DEBUG=1 shows it
        if os.environ.get("ZORGZAAM_DEBUG"):
            raise
        detail = f"{type(error).__name__}: {error}"
        text = gettext("Fout: dit liep onverwacht mis ({detail}). Meld dit aan wie Zorgzaam beheert; met "
                       "ZORGZAAM_DEBUG=1 zie je de technische details.", lang).format(detail=detail)
        if getattr(args, "json", False):
            print(json.dumps({"error": {"code": "unexpected", "message": text}}, ensure_ascii=False, indent=2))
        else:
            print(text, file=sys.stderr)
        return 3
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
