"""`zorgzaam serve`: a real WSGI server (waitress, or gunicorn with several processes) with static files
through whitenoise."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.sqlite_only
@pytest.mark.slow
@pytest.mark.parametrize("processes", [1, 2])
def test_serve_answers_pages_and_static_files(tmp_path, processes):
    port = free_port()
    env = {**os.environ, "ZORGZAAM_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "zorgzaam.cli", "serve", "--port", str(port),
                                "--processes", str(processes)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode() if process.poll() is not None
                                         else "timeout") from None
                time.sleep(0.3)
        assert page.status == 200 and "Aanmelden" in page.read().decode()
        if processes == 1:
            assert page.headers["Server"] == "zorgzaam"  # waitress
        else:  # gunicorn: a master with one worker process per --processes
            deadline = time.monotonic() + 30
            children = []
            while len(children) < processes and time.monotonic() < deadline:
                children = open(f"/proc/{process.pid}/task/{process.pid}/children").read().split()
                time.sleep(0.2)
            assert len(children) == processes
        static = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/leaflet/leaflet.js", timeout=5)
        assert static.status == 200 and b"Leaflet" in static.read(300)
        assert "max-age" in static.headers.get("Cache-Control", "")
    finally:
        process.terminate()
        process.wait(timeout=10)
    # no --threads: 8 threads in one waitress process, 2 per gunicorn process (more only fight over the GIL)
    banner = process.stdout.read().decode()
    assert ("(8 threads;" if processes == 1 else "(2 processen × 2 threads;") in banner
