"""One CLI layer (issue 12 item 4): only serve, demo and migrate change the schema; a read-only command on a
database with pending migrations runs no migration and refuses clearly; Django's own commands pass through."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

pytestmark = pytest.mark.sqlite_only


def _zorgzaam(data_dir, *args, timeout=300):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["ZORGZAAM_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "zorgzaam.cli", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def _tables(data_dir) -> set[str]:
    path = data_dir / "zorgzaam.sqlite3"
    if not path.exists():
        return set()
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("select name from sqlite_master where type='table'")}


def test_a_read_only_command_runs_no_migration_and_says_what_to_do(tmp_path):
    done = _zorgzaam(tmp_path, "workspace", "list", "--json")
    assert done.returncode == 1, done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "migrations_pending" and "zorgzaam migrate" in error["message"]
    assert "web_workspace" not in _tables(tmp_path)  # nothing was created behind the person's back
    in_english = _zorgzaam(tmp_path, "--lang", "en", "workspace", "list")
    assert in_english.returncode == 1 and "Run 'zorgzaam migrate' first" in in_english.stderr
    assert "Traceback" not in in_english.stderr


def test_migrate_then_the_same_command_works_and_django_commands_pass_through(tmp_path):
    migrated = _zorgzaam(tmp_path, "migrate")
    assert migrated.returncode == 0 and "migratie(s) toegepast" in migrated.stdout
    assert {"web_workspace", "workspaces_auditentry"} & _tables(tmp_path)
    again = _zorgzaam(tmp_path, "migrate")
    assert again.returncode == 0 and "al bijgewerkt" in again.stdout
    listed = _zorgzaam(tmp_path, "workspace", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    shown = _zorgzaam(tmp_path, "showmigrations", "workspaces")
    assert shown.returncode == 0 and "[X] 0001_initial" in shown.stdout
    shell = _zorgzaam(tmp_path, "shell", "-c", "from zorgzaam.workspaces.models import Workspace; "
                                              "print('werkruimtes:', Workspace.objects.count())")
    assert shell.returncode == 0 and "werkruimtes: 0" in shell.stdout
