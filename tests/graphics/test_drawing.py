"""Charts drawn by a helper process of lower priority (zorgzaam serve): the same SVG as drawn in the web
process, and when the helper dies the chart is drawn in the web process instead of being lost."""

import os
import signal
from pathlib import Path

import pytest

from zorgzaam.graphics import charts, drawing

SPEC = charts.chart("grouped_bars", categories=["Centrum", "Kapelhoek"], series={"65+": [21.5, 18.25]},
                    title="Aandeel 65-plussers")


@pytest.fixture
def helper():
    drawing.start()
    yield
    drawing.stop()


def _nice(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def test_the_helper_draws_the_same_svg_at_a_lower_priority(helper):
    pid = drawing.helper_pid()
    assert pid and pid != os.getpid()
    assert _nice(pid) >= _nice(os.getpid()) + drawing.NICENESS or _nice(pid) == 19
    drawn_here = charts.RENDERED["svg"]
    assert drawing.render_svg(SPEC) == charts.render_svg(SPEC)
    assert charts.RENDERED["svg"] == drawn_here + 1  # only the comparison was drawn in this process
    assert "Kapelhoek" in drawing.render_svg(SPEC)


def test_a_helper_that_died_leaves_the_drawing_to_the_web_process(helper):
    os.kill(drawing.helper_pid(), signal.SIGKILL)
    assert drawing.render_svg(SPEC) == charts.render_svg(SPEC)
    assert drawing.helper_pid() is None  # not asked again
    assert drawing.render_svg(SPEC) == charts.render_svg(SPEC)


def test_the_helper_ends_with_its_web_process():
    """It holds none of the server's output (a test reading a server's output to its end is not kept waiting)
    and ends when its web process ends."""
    import subprocess
    import sys
    import time

    code = ("import time; from zorgzaam.graphics import drawing; drawing.start(); print(drawing.helper_pid(), "
            "flush=True); time.sleep(60)")
    web = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    pid = int(web.stdout.readline())
    web.kill()
    assert web.stdout.read() == ""  # the output ends with the web process: the helper does not hold it
    web.wait()
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists() or " Z " in Path(f"/proc/{pid}/stat").read_text():
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the helper outlived its web process")


def test_without_a_helper_the_chart_is_drawn_here():
    assert drawing.helper_pid() is None
    before = charts.RENDERED["svg"]
    assert "Centrum" in drawing.render_svg(SPEC)
    assert charts.RENDERED["svg"] == before + 1
