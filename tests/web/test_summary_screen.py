"""The summary table on screen with every part of the chain: the evidence behind each finding, and a
residents' finding marked as confirming or contradicting a figure."""

import io

import openpyxl
import pytest

from zorgzaam.plan.findings import refresh_neighbourhood
from zorgzaam.plan.models import Finding
from zorgzaam.voices.models import QualitativeSession
from zorgzaam.web.models import Membership, Role

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbourhood(demo):
    """The neighbourhood of the demo's focus group, with all its findings recorded."""
    chosen = QualitativeSession.objects.get(workspace=demo, kind="focus_group").neighbourhood
    refresh_neighbourhood(chosen)
    return chosen


def page(client, neighbourhood, lang="nl"):
    url = f"/plan/{neighbourhood.workspace.slug}/samenvatting/?buurt={neighbourhood.pk}"
    return client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()


def test_evidence_and_quotes_are_shown_under_each_finding(client, neighbourhood):
    client.force_login(make_user("lezer", neighbourhood.workspace, Role.READER))
    text = page(client, neighbourhood)
    theme = Finding.objects.get(neighbourhood=neighbourhood, key="theme:ontmoeting")
    assert theme.statement_nl in text.replace("&#x27;", "'").replace("&quot;", '"')
    assert "Waarop steunt dit?" in text
    for quote in theme.evidence["quotes"]:
        assert quote["text"].replace("'", "&#x27;") in text
    assert "Bevestigt of spreekt dit iets anders tegen?" not in text  # a reader cannot link
    # each finding links to the analysis behind it, and the link opens for this reader
    slug = neighbourhood.workspace.slug
    survey = Finding.objects.filter(neighbourhood=neighbourhood, key__startswith="survey").first()
    links = [f"/stemmen/{slug}/citaten/?thema=ontmoeting", f"/profiel/{slug}/buurten/{neighbourhood.pk}/",
             f"/omgeving/{slug}/signalen/?doel=buurt:{neighbourhood.pk}"]
    if survey is not None:
        links.append(f"/stemmen/{slug}/bevraging/{survey.evidence['survey']}/rapport/")
    for link in links:
        assert f'href="{link}"' in text, link
        assert client.get(link).status_code == 200, link


def test_a_voices_finding_confirms_a_figure_and_the_link_shows_both_ways(client, neighbourhood):
    workspace = neighbourhood.workspace
    client.force_login(make_user("praktijk", workspace, Role.PRACTICE))
    voice = Finding.objects.get(neighbourhood=neighbourhood, key="theme:ontmoeting")
    figure = Finding.objects.filter(neighbourhood=neighbourhood, source__in=["profile", "environment"]).first()
    assert f'value="{figure.pk}"' in page(client, neighbourhood)  # offered as a link target
    url = f"/plan/{workspace.slug}/samenvatting/{voice.pk}/koppelen/"
    assert client.post(url, {"relation": "confirms", "related": figure.pk}).status_code == 302
    voice.refresh_from_db()
    assert (voice.relation, voice.related_id) == ("confirms", figure.pk)
    text = page(client, neighbourhood)
    assert "Hierover (bevestigt):" in text  # under the figure
    rows = openpyxl.load_workbook(io.BytesIO(client.get(
        f"/plan/{workspace.slug}/samenvatting/?buurt={neighbourhood.pk}&formaat=xlsx").content)).active
    header = [c.value for c in rows[1]]
    exported = {row[header.index("key")]: row for row in rows.iter_rows(min_row=2, values_only=True)}
    assert exported["theme:ontmoeting"][header.index("related")] == figure.pk
    assert theme_quote(voice) in exported["theme:ontmoeting"][header.index("quotes")]
    # a bad relation is refused with a message, the link stays
    client.post(url, {"relation": "maybe", "related": figure.pk})
    voice.refresh_from_db()
    assert voice.relation == "confirms"
    # clearing the link
    client.post(url, {"relation": "", "related": ""})
    voice.refresh_from_db()
    assert (voice.relation, voice.related_id) == ("", None)


def theme_quote(finding):
    return finding.evidence["quotes"][0]["text"]


def test_linking_needs_edit_rights_and_the_workspace(client, neighbourhood, other):
    workspace = neighbourhood.workspace
    voice = Finding.objects.get(neighbourhood=neighbourhood, key="theme:ontmoeting")
    figure = Finding.objects.filter(neighbourhood=neighbourhood, source="profile").first()
    url = f"/plan/{workspace.slug}/samenvatting/{voice.pk}/koppelen/"
    reader = make_user("alleen-lezen", workspace, Role.READER)
    client.force_login(reader)
    assert client.post(url, {"relation": "confirms", "related": figure.pk}).status_code == 403
    Membership.objects.filter(user=reader).delete()
    client.force_login(other["owner"])  # a member of another workspace only
    assert client.post(url, {"relation": "confirms", "related": figure.pk}).status_code == 404
    voice.refresh_from_db()
    assert voice.related_id is None
