"""The profile's charts lay themselves out once (no tight cropping): every word inside the drawing."""

import re

import pytest

from zorgzaam.graphics import charts

LONG = "Sint-Amandsberg-Noord en Oostakker-Dorp (eerstelijnszone)"
BANDS = [f"{a}-{a + 4}" for a in range(0, 100, 5)] + ["100+"]


def _specs():
    return {
        "population_pyramid": charts.chart(
            "population_pyramid", bands=BANDS, male=[100 - 4 * i for i in range(21)],
            female=[90 - 4 * i for i in range(21)], title=f"Bevolkingspiramide — {LONG}, 2024",
            labels=("Mannen", "Vrouwen"), unit="inwoners"),
        "grouped_bars": charts.chart(
            "grouped_bars", categories=["0-9", "10-19", "80+"], title="Leeftijdsopbouw, 2024",
            series={LONG: [10, 12, 9], "Gent (gemeente)": [11, 13, 8], "Vlaams Gewest (gewest)": [9, 14, 10]}),
        "time_series": charts.chart(
            "time_series", periods=[str(y) for y in range(2010, 2025)], title="Verloop: alleenwonende 75-plussers",
            series={LONG: [40 + i / 3 for i in range(15)], "Gent (gemeente)": [41 + i / 4 for i in range(15)]},
            breaks=[("2024", "fusie Deinze–Nevele")], unit="%", value_format=("nl", 1)),
    }


def _texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)]


@pytest.mark.parametrize("kind", ["population_pyramid", "grouped_bars", "time_series"])
def test_svg_has_a_size_and_every_label(kind):
    spec = _specs()[kind]
    svg = charts.render_svg(spec)
    width, height = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    assert f'viewBox="0 0 {width} {height}"' in svg
    assert float(width) == {"population_pyramid": 432, "grouped_bars": 504, "time_series": 460.8}[kind]  # 6, 7, 6.4 in
    words = " ".join(_texts(svg))
    params = spec.params
    for label in params.get("bands", []) + params.get("categories", []) + params.get("periods", []):
        assert label in _texts(svg), label
    for name in list(params.get("series", {})) + list(params.get("labels", [])):
        assert name in words
    assert params["title"].split()[0] in words


@pytest.mark.parametrize("kind", ["population_pyramid", "grouped_bars", "time_series"])
def test_every_word_inside_the_drawing(kind):
    """Measured by matplotlib itself after drawing: no text (long legend names, slanted years, the break's
    label at the last year, a wrapped title) reaches past the figure's edge."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = _specs()[kind].figure()
    assert figure.zorgzaam_laid_out
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    drawn = figure.get_tightbbox(canvas.get_renderer())  # what "tight" cropping would keep, in inches
    width, height = figure.get_size_inches()
    assert drawn.x0 >= 0 and drawn.y0 >= 0 and drawn.x1 <= width and drawn.y1 <= height, (drawn, width, height)
    # and not much white either: the drawing reaches within a quarter inch of every edge
    assert drawn.x0 < 0.25 and drawn.y0 < 0.25 and drawn.x1 > width - 0.25 and drawn.y1 > height - 0.25


def test_a_title_too_long_for_the_width_wraps_between_words():
    svg = charts.render_svg(_specs()["population_pyramid"])
    title = [t for t in _texts(svg) if t.startswith("Bevolkingspiramide")][0]
    assert "\n" not in title  # the first line; the rest is a second text line
    assert any(t.endswith("2024") for t in _texts(svg))


def test_bars_are_one_shape_per_series_with_its_hatch():
    figure = _specs()["grouped_bars"].figure()
    shapes = figure.axes[0].collections
    assert [s.get_hatch() for s in shapes] == [None, "//", ".."]
    assert figure.axes[0].get_ylim()[0] == 0  # bars stand on the axis, as with matplotlib's bar


def test_other_figures_are_still_cropped_tight():
    from matplotlib.figure import Figure

    assert charts._bounds(Figure()) == "tight"
    assert charts._bounds(_specs()["time_series"].figure()) is None


def test_text_width_matches_matplotlib():
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    measured = text_to_path.get_text_width_height_descent(LONG, FontProperties(family="DejaVu Sans", size=9),
                                                          ismath=False)[0]
    assert measured <= charts.text_width(LONG, 9) <= measured * 1.01  # kerning aside: never less
