"""Issue 11 items 9 (headers) and 10: a Content-Security-Policy on every page, no-store on personal data, and
Secure cookies with HSTS by default under `zorgzaam serve` (off with --insecure-http)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from tests.web.conftest import make_user
from tests.web.test_serve import free_port

from zorgzaam.workspaces.models import Role, Workspace


def test_every_page_carries_a_self_only_csp(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self' 'nonce-" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline'" not in policy.split("style-src-attr")[0]  # no inline <script> or <style> blocks
    # a fresh nonce per response
    assert client.get("/accounts/login/")["Content-Security-Policy"] != policy


def test_summary_table_and_its_export_are_not_stored(client, db):
    workspace = Workspace.objects.create(name="W", slug="w-sec")
    client.force_login(make_user("sec-admin", workspace, Role.ADMIN))
    for query in ("", "?formaat=xlsx"):
        response = client.get(f"/plan/{workspace.slug}/samenvatting/{query}")
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def _serve(tmp_path, *extra, env_extra=None):
    port = free_port()
    env = {**os.environ, "ZORGZAAM_DATA_DIR": str(tmp_path), **(env_extra or {})}
    env.pop("DATABASE_URL", None)
    env.pop("ZORGZAAM_SECURE_COOKIES", None)
    process = subprocess.Popen([sys.executable, "-m", "zorgzaam.cli", "serve", "--port", str(port), "--threads", "2",
                                *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
            return process, port
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError(process.stdout.read().decode() if process.poll() is not None
                                     else "timeout") from None
            time.sleep(0.3)


def _get(port, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/accounts/login/", headers=headers or {})
    return urllib.request.urlopen(request, timeout=10)


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_serve_defaults_to_secure_cookies_and_hsts_and_the_intranet_switch_turns_them_off(tmp_path):
    process, port = _serve(tmp_path / "a", env_extra={"ZORGZAAM_TRUSTED_PROXIES": "127.0.0.1",
                                                      "ZORGZAAM_PROXY_SSL_HEADER": "1"})
    try:
        page = _get(port)
        cookies = page.headers.get_all("Set-Cookie")
        assert any(c.startswith("csrftoken=") and "Secure" in c for c in cookies)
        assert page.headers["Content-Security-Policy"]
        assert "Strict-Transport-Security" not in page.headers  # plain http from this client
        behind_proxy = _get(port, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
        assert "max-age=31536000" in behind_proxy.headers["Strict-Transport-Security"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    process, port = _serve(tmp_path / "b", "--insecure-http")
    try:
        page = _get(port, {"X-Forwarded-Proto": "https"})  # not a trusted proxy: ignored anyway
        cookies = page.headers.get_all("Set-Cookie")
        assert cookies and not any("Secure" in c for c in cookies)
        assert "Strict-Transport-Security" not in page.headers
    finally:
        process.terminate()
        process.wait(timeout=10)
