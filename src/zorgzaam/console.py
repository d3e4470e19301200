"""The shared layer of the ``zorgzaam`` command, used by every app's ``commands.py`` (a plain module on the
ground floor, so no app imports the top-level ``zorgzaam.cli``): Django set-up, the migration rule, the
``--json`` flag and printing.

The migration rule: ``serve``, ``demo`` and ``migrate`` bring the database up to date (and say so); every
other command only *checks*, and refuses with a clear message when migrations are pending — a read-only
command never changes the schema behind a running server's back."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from zorgzaam.messages import ZorgzaamError, gettext_noop, register

register({
    "migrations_pending": gettext_noop(
        "De databank in {data_dir} is niet bijgewerkt voor deze versie van Zorgzaam ({count} migratie(s) te "
        "doen). Voer eerst 'zorgzaam migrate' uit (of start 'zorgzaam serve', dat doet het zelf)."),
})


def setup_django(migrate: bool = False, check: bool = True) -> list[str]:
    """Configure Django for command-line use (once per process). With ``migrate``, apply pending migrations
    and return their names; without, refuse (``migrations_pending``) when any are pending (unless ``check``
    is off: commands that only look at the migrations or open the database's own shell)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.web.settings")
    import django
    from django.apps import apps

    if not apps.ready:  # set up once: a second setup would re-bind the log handlers to whatever stderr is now
        django.setup()
    from zorgzaam.messages import activate

    activate(None)  # the command's language (--lang, else $ZORGZAAM_LANG) becomes Django's active language
    if not (migrate or check):
        return []
    pending = pending_migrations()
    if pending and migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    elif pending:
        from django.conf import settings

        raise ZorgzaamError("migrations_pending", count=len(pending), data_dir=str(settings.DATA_DIR))
    return pending


def pending_migrations() -> list[str]:
    """The migrations not yet applied to the default database (``app.name``)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON when --json was given, else ``text`` (or a readable form of data)."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text if text is not None else json.dumps(data, ensure_ascii=False, indent=2, default=str))
