"""The survey report in words and pictures (issue 13): merging small answer groups on the report screen
(recorded with who and when, shown, undone), the legend of the marks, a bar chart per question with alt
text, answer labels in the reference form, and the text report of the CLI."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from zorgzaam.cli import main
from zorgzaam.voices import services
from zorgzaam.voices.models import CategoryMerge
from zorgzaam.workspaces.models import AuditEntry, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(survey, workspace):
    """Kerkveld 32 and Molenhoek 20 respondents; 2 and 3 of them are very dissatisfied (too few to show per
    neighbourhood, 5 in all)."""
    from zorgzaam.areas.models import Neighbourhood

    a = Neighbourhood.objects.create(workspace=workspace, name="Kerkveld")
    b = Neighbourhood.objects.create(workspace=workspace, name="Molenhoek")
    plan = [(a, "1", 2), (a, "2", 6), (a, "3", 8), (a, "4", 10), (a, "5", 6),
            (b, "1", 3), (b, "2", 5), (b, "3", 5), (b, "4", 7)]
    for neighbourhood, answer, count in plan:
        for i in range(count):
            respondent = services.start_response(survey, neighbourhood=neighbourhood, channel="paper")
            services.save_answers(respondent, {"satisfaction_neighbourhood": answer,
                                               "talk_neighbours": "weekly" if i % 2 else "daily",
                                               "marital_status": "married"})
            services.complete_response(respondent)
    return survey


def _login(client, workspace, role="beheerder", name="an"):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=workspace, role=role)
    client.force_login(user)
    return user


def _url(name, *args):
    return reverse(f"voices_staff:{name}", args=args)


def test_report_screen_offers_a_merge_records_it_and_undoes_it(client, filled, workspace):
    _login(client, workspace)
    page = client.get(_url("survey-report", workspace.slug, filled.pk)).content.decode()
    assert "Wat betekenen de tekens?" in page and "&lt;5" in page
    assert "Niet getoond omdat er minder dan 5 antwoorden zijn: &#x27;Heel ontevreden&#x27; bij Kerkveld en Molenhoek" in page
    assert "Kleine antwoordgroepen samen tellen" in page
    response = client.post(_url("survey-merge", workspace.slug, filled.pk),
                           {"question": "satisfaction_neighbourhood", "categories": ["1", "2"], "label": ""})
    assert response.status_code == 302
    merge = CategoryMerge.objects.get(survey=filled)
    assert merge.categories == ["1", "2"] and merge.chosen_by == "an" and merge.chosen_at is not None
    assert AuditEntry.objects.filter(action="merge", object_id=str(filled.pk)).exists()
    page = client.get(_url("survey-report", workspace.slug, filled.pk)).content.decode()
    assert "Heel ontevreden of 2" in page and "gekozen door an op" in page
    report = services.survey_report(filled, actor="t")
    table = next(t for t in report["tables"] if t["question"] == "satisfaction_neighbourhood")
    assert table["categories"][0] == "1+2"
    molenhoek = next(row for row in table["rows"] if row["group"] == "Molenhoek")
    kerkveld = next(row for row in table["rows"] if row["group"] == "Kerkveld")
    assert kerkveld["cells"][0]["count"] == 8 and molenhoek["cells"][0]["count"] == 8 and not molenhoek["cells"][0]["suppressed"]
    assert molenhoek["cells"][0]["ci_low"] < molenhoek["cells"][0]["percent"] < molenhoek["cells"][0]["ci_high"]
    client.post(_url("survey-merge", workspace.slug, filled.pk), {"undo": str(merge.pk)})
    assert not CategoryMerge.objects.filter(survey=filled).exists()


def test_a_reader_cannot_merge(client, filled, workspace):
    _login(client, workspace, role="lezer", name="lezer")
    page = client.get(_url("survey-report", workspace.slug, filled.pk)).content.decode()
    assert "Kleine antwoordgroepen samen tellen" not in page
    response = client.post(_url("survey-merge", workspace.slug, filled.pk),
                           {"question": "satisfaction_neighbourhood", "categories": ["1", "2"]})
    assert response.status_code in (403, 404)
    assert not CategoryMerge.objects.exists()


def test_merging_every_answer_is_refused(filled):
    from zorgzaam.messages import ZorgzaamError

    with pytest.raises(ZorgzaamError):
        services.add_category_merge(filled, "satisfaction_neighbourhood", ["1", "2", "3", "4", "5"], chosen_by="x")
    with pytest.raises(ZorgzaamError):
        services.add_category_merge(filled, "satisfaction_neighbourhood", ["1"], chosen_by="x")


def test_each_question_has_a_bar_chart_with_alt_text(client, filled, workspace):
    _login(client, workspace)
    page = client.get(_url("survey-report", workspace.slug, filled.pk)).content.decode()
    charts = re.findall(r'<img src="([^"]+\.svg)" alt="([^"]+)"', page)
    assert len(charts) >= 3
    src, alt = next((s, a) for s, a in charts if "tevreden" in a)
    assert alt.startswith("Staafdiagram met 95%-intervallen") and "Alle respondenten:" in alt and "%" in alt
    svg = client.get(src)
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    # a chart link signed for one workspace is refused in another
    other = client.get(src.replace(f"/{workspace.slug}/", "/ander/"))
    assert other.status_code == 404


def test_interval_bars_marks_a_hidden_answer():
    from zorgzaam.graphics import charts

    spec = charts.chart("interval_bars", categories=["Ja", "Nee", "Weet niet"],
                        series=[{"name": "", "percent": [60.0, 38.0, None], "low": [50.0, 28.0, None],
                                 "high": [69.0, 48.0, None]}], title="Een vraag", lang="nl")
    svg = charts.render_svg(spec)
    assert "niet getoond" in svg and "60,0 %" in svg


def test_reference_form_shows_answer_labels_not_codes(client, filled, workspace):
    _login(client, workspace)
    page = client.get(_url("survey", workspace.slug, filled.pk)).content.decode()
    form = page[page.index('name="categories"') - 2000:]
    assert "Heel ontevreden" in form
    labels = re.findall(r'<label for="ref-[^"]+">([^<]+)</label>', page)
    assert labels and not any(re.fullmatch(r"[a-z0-9_]+", text) and not text.isdigit() for text in labels)
    assert "satisfaction_neighbourhood —" not in page


def test_cli_prints_a_text_report_and_json_on_request(filled, capsys):
    assert main(["survey", "report", str(filled.pk), "--actor", "t"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Testbevraging 2026") and "Totaal (52)" in text and "Tekens in de tabellen" in text
    assert "__total__" not in text and not text.lstrip().startswith("{")
    assert main(["survey", "report", str(filled.pk), "--json", "--actor", "t"]) == 0
    assert json.loads(capsys.readouterr().out)["respondents"] == 52
