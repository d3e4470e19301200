"""SQLite under a large write (issue 11, item 5): the database runs in WAL mode, so a reader (the public
survey page) reads at once while another connection holds a long write transaction (an area save)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from zorgzaam.workspaces.models import Job, Workspace

pytestmark = pytest.mark.django_db(transaction=True)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 10_000


def test_a_reader_does_not_wait_for_a_long_write_transaction():
    workspace = Workspace.objects.create(name="Lezen tijdens schrijven", slug="lezen")
    written, release, failed = threading.Event(), threading.Event(), []

    def writer():  # its own connection, as a background import has
        try:
            with transaction.atomic():
                # ~24 MB: more than SQLite's page cache, so without WAL it would take the exclusive lock
                Job.objects.bulk_create([Job(workspace=workspace, params={"blob": "x" * 100_000})
                                         for _ in range(240)], batch_size=20)
                written.set()
                release.wait(20)
        except Exception as error:  # seen by the main thread
            failed.append(error)
            written.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert written.wait(60) and not failed, failed
        start = time.perf_counter()
        seen = Workspace.objects.filter(slug="lezen").count()  # the survey page reads like this
        jobs = Job.objects.filter(workspace=workspace).count()
        waited = time.perf_counter() - start
    finally:
        release.set()
        thread.join(60)
    assert seen == 1 and jobs == 0  # the reader sees the last committed state, not the half-written one
    assert waited < 2.0, f"the reader waited {waited:.1f} s for the writer"
    assert not failed, failed
    assert Job.objects.filter(workspace=workspace).count() == 240  # and the writer's work is all there
