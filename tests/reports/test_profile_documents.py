"""The profile as Word and spreadsheet: readable, labelled fictional, hidden counts never shown."""

import io

import numpy as np
import openpyxl
import pytest
from docx import Document

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.profile.documents import profile_docx, profile_xlsx, shown_value
from zorgzaam.profile.service import neighbourhood_profile
from zorgzaam.web.demo import install_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    install_demo(extensions=False)
    return neighbourhood_profile(Neighbourhood.objects.get(name="Centrum en omgeving"))


def test_word_section_has_tables_charts_signals_and_the_fictional_label(profile):
    document = Document(io.BytesIO(profile_docx(profile, None, "nl")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Buurtprofiel: Centrum en omgeving" in text
    assert "Fictief voorbeeld" in text
    assert profile.signals[0].statement["nl"] in text
    assert len(document.inline_shapes) >= 3  # pyramid, age bands, time series
    first = document.tables[0]
    assert first.rows[0].cells[2].text == "Centrum en omgeving"
    population = next(row for row in first.rows if row.cells[0].text == "Aantal inwoners")
    assert population.cells[2].text == profile.catalogue["population"].format(
        profile.focus_results().query("indicator == 'population' and period == '2025'")["value"].iloc[0])


def test_spreadsheet_has_a_sheet_per_theme_with_definitions(profile, tmp_path):
    path = profile_xlsx(profile, tmp_path / "profiel.xlsx", "en")
    book = openpyxl.load_workbook(path)
    assert {"Overview", "Age", "Households", "Definitions and sources", "Signals"} <= set(book.sheetnames)
    assert book["Overview"]["A1"].value.startswith("Fictional example")
    ids = [row[0] for row in book["Definitions and sources"].iter_rows(min_row=2, values_only=True)]
    assert "mantelzorgratio" in ids


def test_a_hidden_count_is_printed_as_below_the_minimum(profile):
    indicator = profile.catalogue["share_80plus"]
    row = {"status": "suppressed", "value": np.nan, "reason_params": {"min_count": 5}, "reliability": ""}
    assert shown_value(row, indicator, "nl") == "< 5"
    assert shown_value({"status": "unknown", "value": np.nan, "reason_params": {}, "reliability": ""},
                       indicator, "nl") == "–"
