"""The profile document's sector map with the street network (issue 13): the streets drawn onto the
caller's map, cut at the municipality's edge, and the map rasterised once: the same PNG in Word and PDF."""

import io
import zipfile

import pytest
from matplotlib.collections import LineCollection

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.graphics.document import Figure, render_docx, render_html
from zorgzaam.profile.documents import profile_report
from zorgzaam.profile.service import neighbourhood_profile, sector_map
from zorgzaam.web.demo import install_demo

pytestmark = pytest.mark.django_db


def test_the_profile_map_gets_the_street_layer_and_one_png_for_word_and_pdf():
    install_demo(extensions=False)
    neighbourhood = Neighbourhood.objects.get(name="Centrum en omgeving")
    profile = neighbourhood_profile(neighbourhood)
    title, drawn = sector_map(neighbourhood, "share_65plus", "nl")
    x0, x1 = drawn.axes[0].get_xlim()
    y0, y1 = drawn.axes[0].get_ylim()
    streets = [[[x0, (y0 + y1) / 2], [x1, (y0 + y1) / 2]], [[(x0 + x1) / 2, y0], [(x0 + x1) / 2, y1]]]
    report = profile_report(profile, "nl", maps=[(title, drawn)], streets=streets)
    [figure] = [b for s in report.sections for b in s.blocks if isinstance(b, Figure) and b.caption == title]
    assert figure.png[:8] == b"\x89PNG\r\n\x1a\n" and figure.svg is None and figure.render is None
    [lines] = [c for c in drawn.axes[0].collections if isinstance(c, LineCollection)]
    assert len(lines.get_segments()) == 2 and lines.get_clip_path() is not None
    assert [t.get_text() for t in drawn.axes[0].get_legend().get_texts()][-1] == "straat"
    page = render_html(report)
    assert '<img alt="Kaart van de statistische sectoren' in page and 'aria-label="Kaart van' not in page
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as word:
        assert figure.png in {word.read(n) for n in word.namelist() if n.startswith("word/media/")}


def test_without_streets_the_profile_map_has_no_street_line_nor_legend_entry():
    install_demo(extensions=False)
    neighbourhood = Neighbourhood.objects.get(name="Centrum en omgeving")
    title, drawn = sector_map(neighbourhood, "share_65plus", "nl")
    profile_report(neighbourhood_profile(neighbourhood), "nl", maps=[(title, drawn)])
    assert not [c for c in drawn.axes[0].collections if isinstance(c, LineCollection)]
    assert "straat" not in [t.get_text() for t in drawn.axes[0].get_legend().get_texts()]
