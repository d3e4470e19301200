"""Figures over time: the series of a profile, its chart with the breaks marked, the Word section and
the 'Tijdreeks' sheet (the fictional demo has 2020–2025 for most measures)."""

import io

import numpy as np
import openpyxl
import pytest
from docx import Document

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.graphics import charts
from zorgzaam.profile.documents import profile_docx, profile_xlsx
from zorgzaam.profile.series import alt_text, indicator_series, series_indicators
from zorgzaam.profile.series_documents import series_chart
from zorgzaam.profile.service import neighbourhood_profile
from zorgzaam.web.demo import install_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    install_demo(extensions=False)
    return neighbourhood_profile(Neighbourhood.objects.get(name="Centrum en omgeving"))


def _value(profile, key, indicator, period):
    r = profile.results
    rows = r[(r["level"] == key[0]) & (r["code"] == key[1]) & (r["vintage"] == key[2])
             & (r["indicator"] == indicator) & (r["period"] == period)]
    return float(rows["value"].iloc[0])


def test_the_indicators_with_a_series_are_the_catalogue_s_own(profile):
    ids = series_indicators(profile)
    assert {"population", "share_65plus", "mantelzorgratio", "ocmw_support_per_100"} <= set(ids)
    assert not [i for i in ids if i.startswith("age_share_")]  # the generated age bands stay out


def test_a_series_has_every_period_the_focus_first_and_the_change_since_the_base_year(profile):
    series = indicator_series(profile, "share_65plus", "nl")
    assert series.periods == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert series.areas[0] == (profile.focus, "Centrum en omgeving")
    assert [key for key, _ in series.areas[1:]] == profile.references
    first = _value(profile, profile.focus, "share_65plus", "2020")
    last = _value(profile, profile.focus, "share_65plus", "2025")
    cell = series.cells[(profile.focus, "2020")]
    assert cell.text == profile.catalogue["share_65plus"].format(first, "nl") and cell.status == "ok"
    change = series.change[profile.focus]
    assert change.base_period == "2020" and change.period == "2025"
    assert change.difference == pytest.approx(last - first)
    sign = "+" if last > first else "−"
    assert series.change_row()[0] == f"{sign}{abs(last - first):.1f} procentpunt".replace(".", ",")
    # a count gets its growth in % beside the difference
    population = indicator_series(profile, "population", "en").change[profile.focus]
    assert "%" in population.text and population.growth_pct == pytest.approx(
        100 * population.difference / _value(profile, profile.focus, "population", "2020"))


def test_a_figure_that_is_not_ok_shows_its_reason_not_a_blank(profile):
    results = profile.results
    at = results.index[(results["code"] == profile.focus[1]) & (results["indicator"] == "share_65plus")
                       & (results["period"] == "2022")][0]
    results.loc[at, ["value", "status", "reason_code"]] = [np.nan, "unknown", "indicator_unknown_members"]
    results.at[at, "reason_params"] = {"count": 2, "members": 9}
    series = indicator_series(profile, "share_65plus", "nl")
    cell = series.cells[(profile.focus, "2022")]
    assert cell.text == "onbekend" and cell.note == 1
    assert series.notes == ["Onbekend voor 2 van de 9 sectoren (afgeschermd of ontbrekend)."]
    assert np.isnan(series.values(profile.focus)[2])  # a gap in the line, not a zero


def test_a_break_inside_the_series_is_marked_on_the_chart_and_in_words(profile):
    profile.breaks = [{"period": "2023", "kind": "merger", "label": "fusie met Heidedorp"},
                      {"period": "2020", "kind": "sectors", "label": "buiten de reeks"}]  # the first year: no break
    series = indicator_series(profile, "share_80plus", "nl")
    assert [b["period"] for b in series.breaks] == ["2023"]
    assert [r["break"] for r in series.rows()] == ["", "", "", "fusie met Heidedorp", "", ""]
    svg = charts.svg(series_chart(series, "nl"))
    assert "fusie met Heidedorp" in svg and "buiten de reeks" not in svg
    assert "stroke-dasharray" in svg  # the dashed marker (and the dashed comparison lines)
    assert "Breuk in de reeks in 2023: fusie met Heidedorp." in alt_text(series, "nl")
    assert "Centrum en omgeving" in svg and "Overbos (fictief) (gemeente)" in svg  # the legend in words


def test_the_spreadsheet_has_a_time_series_sheet(profile, tmp_path):
    book = openpyxl.load_workbook(profile_xlsx(profile, tmp_path / "p.xlsx", "nl"))
    assert "Tijdreeks" in book.sheetnames
    rows = list(book["Tijdreeks"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Indicator", "Gebied", "Jaar", "Waarde") and "Verandering sinds basisjaar" in rows[0]
    label = profile.catalogue["share_65plus"].label("nl")
    mine = [r for r in rows[1:] if r[0] == label and r[1] == "Centrum en omgeving"]
    assert [r[2] for r in mine] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    change = rows[0].index("Verandering sinds basisjaar")
    assert mine[-1][change] == pytest.approx(round(_value(profile, profile.focus, "share_65plus", "2025")
                                                   - _value(profile, profile.focus, "share_65plus", "2020"), 2),
                                             abs=0.011)
    english = openpyxl.load_workbook(profile_xlsx(profile, tmp_path / "e.xlsx", "en"))
    assert "Time series" in english.sheetnames


def test_word_has_a_chart_and_a_compact_table_per_series(profile):
    profile.breaks = [{"period": "2023", "kind": "merger", "label": "fusie met Heidedorp"}]
    document = Document(io.BytesIO(profile_docx(profile, None, "nl")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Over de jaren heen" in text and "* Breuk in de reeks 2023: fusie met Heidedorp" in text
    count = len(series_indicators(profile))
    assert len(document.inline_shapes) >= count + 2  # pyramid, age bands, one chart per series
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Jaar"
              and t.rows[-1].cells[0].text.startswith("Verandering ")]
    assert len(tables) == count
    share = next(t for t in tables if t.rows[-1].cells[0].text == "Verandering 2020–2025")
    assert [r.cells[0].text for r in share.rows[1:-1]] == ["2020", "2021", "2022", "2023 *", "2024", "2025"]
    descriptions = document.element.body.xpath(".//wp:docPr/@descr")
    assert any(d.startswith("Lijngrafiek van aantal inwoners") for d in descriptions)


def test_counts_of_areas_of_every_size_are_drawn_as_an_index_and_an_area_is_one_line(profile):
    profile.references = [profile.focus] + list(profile.references)  # the focus named again: still one line
    series = indicator_series(profile, "population", "nl")
    assert [key for key, _ in series.areas].count(profile.focus) == 1
    svg = charts.svg(series_chart(series, "nl"))
    assert "index (2020 = 100)" in svg  # the neighbourhood beside the region: growth, not size
    assert series.cells[(profile.focus, "2020")].text == profile.catalogue["population"].format(
        _value(profile, profile.focus, "population", "2020"), "nl")  # the table keeps the counts


def test_a_change_that_rounds_to_nothing_is_plus_minus_zero(profile):
    from zorgzaam.profile.series import change_text

    share = profile.catalogue["share_male"]
    assert change_text(share, 49.90, 49.88, "nl")[2] == "±0,0 procentpunt"
    assert change_text(profile.catalogue["population"], 1000, 1000.2, "en")[2] == "±0 (±0.0 %)"
    assert change_text(profile.catalogue["population"], 1000, 1100, "nl")[2] == "+100 (+10,0 %)"
