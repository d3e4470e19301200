"""Charts drawn by a helper process that yields the processor to the pages.

A profile page sends its figures first and links its charts, which the browser asks right after. Drawn
in the web process, a chart (about 50 ms of matplotlib) competes on equal terms with the next person's
page. With :func:`start` (``zorgzaam serve`` does it in each web process) charts are drawn by a helper
process started at a lower priority (``nice``): when the processor is busy the pages go first and the
charts follow; when it is idle a chart costs the same. Without it, or when the helper is gone, a chart is
drawn right here as before. The SVG is the same either way (one renderer: :mod:`zorgzaam.graphics.charts`).

The helper is ``python -m zorgzaam.graphics.drawing``: one chart's data as a JSON line on its input, its SVG
as a JSON line on its output. It holds none of the server's files (its errors go nowhere: the web process
draws a chart itself when the helper cannot) and it ends when its web process ends (its input closes).

Plain module: no Django."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading

from zorgzaam.graphics import charts

NICENESS = 10


class _Helper:
    def __init__(self, niceness: int):
        self.process = subprocess.Popen([sys.executable, "-m", "zorgzaam.graphics.drawing", str(niceness)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        close_fds=True)
        self.lock = threading.Lock()  # one chart at a time: the web process's other threads wait here
        if self.ask({"ready": True}) != {"ready": True}:
            raise OSError("the chart helper did not start")

    def ask(self, message: dict) -> dict:
        with self.lock:
            self.process.stdin.write((json.dumps(message) + "\n").encode())
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        if not answer:
            raise OSError("the chart helper ended")
        return json.loads(answer)

    def close(self) -> None:
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


_helper: _Helper | None = None
_guard = threading.Lock()


def start(niceness: int = NICENESS) -> None:
    """Start this process's helper and wait until it can draw (a second call does nothing)."""
    global _helper
    with _guard:
        if _helper is None:
            _helper = _Helper(niceness)


def stop() -> None:
    global _helper
    with _guard:
        helper, _helper = _helper, None
    if helper is not None:
        helper.close()


def helper_pid() -> int | None:
    """The running helper's process id (tests), or None."""
    helper = _helper
    return helper.process.pid if helper is not None else None


def render_svg(spec: charts.Chart) -> str:
    """The chart's SVG, drawn by the helper when one runs, else here."""
    global _helper
    helper = _helper
    if helper is not None:
        try:
            answer = helper.ask(spec.as_data())
            if "svg" in answer:
                return answer["svg"]
            # the helper could not draw it: drawing it here says why (the same renderer)
        except (OSError, ValueError) as error:
            # the helper is gone: draw here from now on (the page must not lose its chart)
            logging.getLogger("zorgzaam").warning("chart helper stopped (%s); charts are drawn in the web process",
                                                  type(error).__name__)
            with _guard:
                if _helper is helper:
                    _helper = None
            helper.process.kill()
    return charts.render_svg(spec)


def _serve_charts(niceness: int) -> None:
    """The helper's loop: lower its priority, load matplotlib and its fonts once, then draw what comes in."""
    os.nice(niceness)
    charts.load_fonts()
    for line in sys.stdin:
        message = json.loads(line)
        if message.get("ready"):
            answer = {"ready": True}
        else:
            try:
                answer = {"svg": charts.render_svg(charts.Chart.from_data(message))}
            except Exception as error:  # noqa: BLE001  (the web process draws it and reports it)
                answer = {"error": type(error).__name__}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve_charts(int(sys.argv[1]) if len(sys.argv) > 1 else NICENESS)
