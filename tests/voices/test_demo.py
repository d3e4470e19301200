"""The fictional demo survey: installed with the demo, idempotent, plausible, and its report exports."""

from __future__ import annotations

import pytest

from zorgzaam.voices.report import small_cell_violations

pytestmark = pytest.mark.django_db


def test_demo_voices_installed_twice_and_reportable(tmp_path):
    from zorgzaam.voices import services
    from zorgzaam.voices.documents import write_docx, write_xlsx
    from zorgzaam.voices.models import Persona, QualitativeSession, Quote, Respondent, Survey
    from zorgzaam.web.demo import install_demo

    summary = install_demo()
    assert "stem:" in summary and "fictieve bevraging" in summary
    first = Respondent.objects.count()
    install_demo()
    assert Respondent.objects.count() == first and Survey.objects.count() == 1
    assert 200 <= first <= 600
    survey = Survey.objects.get()
    assert survey.is_fictional
    assert QualitativeSession.objects.filter(kind="focus_group").count() >= 1
    assert Quote.objects.count() >= 5 and Persona.objects.count() == 4
    quote = Quote.objects.first()
    assert quote.building_blocks and all(b in __import__("zorgzaam.workspaces.building_blocks", fromlist=["x"]).BUILDING_BLOCKS
                                         for b in quote.building_blocks)
    report = services.survey_report(survey, actor="test")
    assert small_cell_violations(report) == [] and report["fictional"]
    assert report["campaign"] and report["comparisons"]
    lonely = next(t for t in report["scales"] if "0–6" in t["title"])
    assert lonely["rows"][0]["n"] > 200
    # the headline: the loneliness result shows for everyone and for every neighbourhood with 5+ answers,
    # after the demo team's recorded merge of 'matig' and 'ernstig' (one neighbourhood has under 5 severe)
    for row in lonely["rows"]:
        if row["n"] is not None and row["n"] >= 5:
            assert all(not cell["suppressed"] for cell in row["cells"]), row
    assert lonely["categories"] == ["not_lonely", "moderate+severe"]
    assert "demo" in lonely["merged_text"][0] and "Matig of ernstig eenzaam" in lonely["merged_text"][0]
    merged = lonely["rows"][0]["cells"][1]
    assert merged["ci_low"] < merged["percent"] < merged["ci_high"]
    # severe loneliness is realistic: at least 5 in all, about 5 in 100, yet under 5 in one neighbourhood
    from zorgzaam.voices import analysis
    from zorgzaam.voices.report import add_derived

    data = add_derived(services.response_data(survey))
    raw = analysis.frequency_table(data, "djg_total_cat", categories=["not_lonely", "moderate", "severe"])
    assert raw.counts[0, 2] >= 5 and 0.03 <= raw.counts[0, 2] / raw.n[0] <= 0.08
    assert (raw.counts[1:, 2] < 5).any()
    # older respondents are lonelier and use more home care in the generated data (profile-driven)
    assoc = {(a["outcome"], a["by"]): a for a in report["associations"]}
    assert assoc[("djg_total_cat", "marital_status")]["p_value"] < 0.05
    write_xlsx(report, tmp_path / "demo.xlsx")
    write_docx(report, tmp_path / "demo.docx")
    assert (tmp_path / "demo.docx").stat().st_size > 20000
    # the Word report speaks the reader's words: no internal labels, 'p < 0,001', charts with alt text
    import docx

    document = docx.Document(tmp_path / "demo.docx")
    text = "\n".join([p.text for p in document.paragraphs]
                     + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
    for internal in ("__total__", "djg_total_cat", "p = <", "p = > "):
        assert internal not in text
    assert "Totaal" in text and "Eenzaamheid (korte schaal van De Jong Gierveld" in text
    assert "Tekens in de tabellen" in text
    assert len(document.inline_shapes) >= len(report["tables"])
    assert all(shape._inline.docPr.get("descr") for shape in document.inline_shapes)
