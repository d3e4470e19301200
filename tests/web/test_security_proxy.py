"""Issue 11 item 7: the survey's rate limit lives in the shared cache (one count for every process) and keys
on the real client address, read from X-Forwarded-For only when the peer is a trusted proxy."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.test import RequestFactory, override_settings

from zorgzaam.workspaces.security import ProxyMiddleware, real_client


def _meta(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return meta


@override_settings(ZORGZAAM_TRUSTED_PROXIES=["10.0.0.0/8", "127.0.0.1"])
def test_forwarded_for_is_honoured_only_from_a_trusted_proxy():
    assert real_client(_meta("10.1.2.3", "203.0.113.5")) == "203.0.113.5"
    assert real_client(_meta("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.9.9.9")) == "203.0.113.5"  # spoofed left part
    assert real_client(_meta("198.51.100.1", "203.0.113.5")) == "198.51.100.1"  # untrusted peer
    assert real_client(_meta("10.1.2.3", "not-an-address")) == "10.1.2.3"
    seen = {}

    def view(request):
        seen.update(addr=request.META["REMOTE_ADDR"], secure=request.META.get("HTTP_X_FORWARDED_PROTO"))

    ProxyMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="1.2.3.4",
                                               HTTP_X_FORWARDED_PROTO="https"))
    assert seen == {"addr": "198.51.100.1", "secure": None}
    ProxyMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4",
                                               HTTP_X_FORWARDED_PROTO="https"))
    assert seen == {"addr": "1.2.3.4", "secure": "https"}


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


COUNT = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "zorgzaam.web.settings"
django.setup()
from zorgzaam.workspaces.security import hit
print(sum(not hit(os.environ["KEY"], 30, 60) for _ in range(100)))
"""


@pytest.mark.skipif(not _redis_up(), reason="needs Redis at 127.0.0.1:6379")
def test_the_limit_is_shared_by_processes_through_redis(tmp_path):
    key = f"test-{uuid.uuid4().hex}"  # a private key on db 15: nothing else is touched
    env = {**os.environ, "ZORGZAAM_DATA_DIR": str(tmp_path), "ZORGZAAM_REDIS_URL": "redis://127.0.0.1:6379/15",
           "KEY": key}
    processes = [subprocess.Popen([sys.executable, "-c", COUNT], env=env, stdout=subprocess.PIPE, text=True)
                 for _ in range(3)]
    allowed = [int(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in processes]
    assert sum(allowed) == 30, allowed  # three processes, 300 starts, one limit of 30


@override_settings(ZORGZAAM_TRUSTED_PROXIES=["127.0.0.1"])
def test_survey_starts_counted_per_real_client_behind_the_proxy(client, db, monkeypatch):
    from tests.voices.conftest import SMALL_ITEMS

    from zorgzaam.voices import services
    from zorgzaam.voices.bank import build_questionnaire
    from zorgzaam.workspaces.models import Workspace

    monkeypatch.setenv("ZORGZAAM_SURVEY_STARTS_PER_10MIN", "2")
    workspace = Workspace.objects.create(name="P", slug="proxy-test")
    spec = build_questionnaire(SMALL_ITEMS, title_nl="T", title_en="T")
    survey = services.create_survey(workspace, services.create_questionnaire(workspace, spec, source="t"), "T")
    from django.core.cache import cache

    cache.clear()
    url = f"/stem/{survey.token}/"

    def start(resident):
        return client.post(url, {"start": uuid.uuid4().hex, "start_key": uuid.uuid4().hex},
                           REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=resident).status_code

    first = [start("203.0.113.1") for _ in range(3)]
    other = start("203.0.113.2")
    assert first[-1] == 429 and first[0] != 429 and other != 429, (first, other)
