"""The summary table on screen with every part of the chain: the evidence behind each finding, and a
residents' finding marked as confirming or contradicting a figure."""

import io
import re

import openpyxl
import pytest

from zorgzaam.plan.findings import refresh_neighbourhood
from zorgzaam.plan.models import Finding
from zorgzaam.voices.models import QualitativeSession
from zorgzaam.workspaces.models import Membership, Role

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
    client.cookies["django_language"] = lang  # the language button's choice (never Accept-Language)
    return client.get(url).content.decode()


def test_evidence_and_quotes_are_shown_under_each_finding(client, neighbourhood):
    client.force_login(make_user("lezer", neighbourhood.workspace, Role.READER))
    text = page(client, neighbourhood)
    theme = Finding.objects.get(neighbourhood=neighbourhood, key="theme:ontmoeting")
    assert theme.statement_nl in text.replace("&#x27;", "'").replace("&quot;", '"')
    assert "Waarop steunt dit?" in text
    for quote in theme.evidence["quotes"]:
        assert quote["text"].replace("'", "&#x27;") in text
    assert "/koppelen/" not in text and 'name="kies"' not in text  # a reader cannot link or decide
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
    url = f"/plan/{workspace.slug}/samenvatting/{voice.pk}/koppelen/"
    assert f'href="{url}?terug=' in page(client, neighbourhood)  # one click from the table
    choosing = client.get(url).content.decode()
    assert f'name="related" value="{figure.pk}"' in choosing  # offered as a link target, in full words
    assert figure.statement_nl.replace("'", "&#x27;") in choosing
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


def rows_of(html: str) -> list[str]:
    """The finding ids of the table's rows, in order."""
    return re.findall(r'<tr class="status-[a-z]+[^"]*" id="f(\d+)"', html)


def test_one_row_per_finding_filtered_and_sorted_by_the_url(client, neighbourhood):
    workspace = neighbourhood.workspace
    client.force_login(make_user("lezer", workspace, Role.READER))
    base = f"/plan/{workspace.slug}/samenvatting/"
    mine = Finding.objects.filter(neighbourhood=neighbourhood)
    assert len(rows_of(page(client, neighbourhood))) == mine.count() > 20
    environment = client.get(base, {"buurt": neighbourhood.pk, "bron": "environment"}).content.decode()
    assert sorted(rows_of(environment)) == sorted(str(f.pk) for f in mine.filter(source="environment"))
    blocks = client.get(base, {"bouwsteen": "public_space"}).content.decode()
    assert set(rows_of(blocks)) == {str(f.pk) for f in Finding.objects.filter(building_block="public_space")}
    theme = client.get(base, {"buurt": neighbourhood.pk, "thema": "mobility"}).content.decode()
    assert set(rows_of(theme)) == {str(f.pk) for f in mine.filter(theme="mobility")} != set()
    by_status = client.get(base, {"buurt": neighbourhood.pk, "sorteer": "-bevinding"}).content.decode()
    statements = [Finding.objects.get(pk=pk).statement_nl.casefold() for pk in rows_of(by_status)]
    assert statements == sorted(statements, reverse=True)
    assert 'aria-sort="descending"' in by_status
    assert "Geen bevindingen met deze filters." in client.get(base, {"status": "rejected"}).content.decode()


def test_several_findings_decided_at_once_with_notes_inline(client, neighbourhood):
    workspace = neighbourhood.workspace
    client.force_login(make_user("praktijk", workspace, Role.PRACTICE))
    findings = list(Finding.objects.filter(neighbourhood=neighbourhood).order_by("pk"))
    first, second, third, untouched = findings[:4]
    untouched.note = "Door een collega intussen bewaard"
    untouched.save()
    back = f"/plan/{workspace.slug}/samenvatting/?buurt={neighbourhood.pk}&bron=profile"
    form = {"terug": back, "rij": [f.pk for f in findings[:4]], "kies": [first.pk, second.pk], "bulk": "accepted",
            f"note-{third.pk}": "Bespreken op de stuurgroep", f"was-note-{third.pk}": "",
            f"theme-{third.pk}": "loneliness", f"was-theme-{third.pk}": third.theme,
            f"note-{untouched.pk}": "", f"was-note-{untouched.pk}": ""}  # the page showed it empty: untouched
    response = client.post(f"/plan/{workspace.slug}/samenvatting/bewaren/", form)
    assert response.status_code == 302 and response["Location"] == back
    statuses = dict(Finding.objects.filter(pk__in=[f.pk for f in findings[:4]]).values_list("pk", "status"))
    assert statuses == {first.pk: "accepted", second.pk: "accepted", third.pk: "open", untouched.pk: "open"}
    third.refresh_from_db()
    untouched.refresh_from_db()
    assert (third.note, third.theme, third.classified_by) == ("Bespreken op de stuurgroep", "loneliness", "praktijk")
    assert untouched.note == "Door een collega intussen bewaard"
    text = client.get(back).content.decode()
    assert "2 bevindingen bewaard." not in text  # the message was shown once, after the save
    # a refused value saves nothing of the same submit
    client.post(f"/plan/{workspace.slug}/samenvatting/bewaren/",
                {"rij": [first.pk, second.pk], f"status-{first.pk}": "open", f"was-status-{first.pk}": "accepted",
                 f"block-{second.pk}": "pizza", f"was-block-{second.pk}": second.building_block})
    assert Finding.objects.get(pk=first.pk).status == "accepted"
    # a reader may not, and another workspace's findings cannot be touched
    client.force_login(make_user("lezer2", workspace, Role.READER))
    assert client.post(f"/plan/{workspace.slug}/samenvatting/bewaren/",
                       {"rij": [third.pk], "kies": [third.pk], "bulk": "rejected"}).status_code == 403
    assert Finding.objects.get(pk=third.pk).status == "open"


def test_first_visit_collects_every_neighbourhood_at_once(client, demo):
    Finding.objects.filter(workspace=demo).delete()
    client.force_login(make_user("praktijk", demo, Role.PRACTICE))
    text = client.get(f"/plan/{demo.slug}/samenvatting/").content.decode()
    assert f'action="/plan/{demo.slug}/samenvatting/verzamelen/"' in text  # without choosing a neighbourhood
    assert "Nog geen bevindingen." in text
    response = client.post(f"/plan/{demo.slug}/samenvatting/verzamelen/", {"buurt": ""}, follow=True)
    assert "Signalen verzameld voor alle buurten" in response.content.decode()
    from zorgzaam.areas.models import Neighbourhood

    for n in Neighbourhood.objects.filter(workspace=demo):
        assert Finding.objects.filter(neighbourhood=n).exists(), n.name


def test_first_visit_of_the_demo(client, demo):
    """The public survey is open, the strengths page says what its buttons do, and /favicon.ico exists."""
    from zorgzaam.voices.models import Survey

    survey = Survey.objects.get(workspace=demo)
    assert client.get(f"/stem/{survey.token}/").status_code == 200
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    client.force_login(make_user("praktijk", demo, Role.PRACTICE))
    strengths = client.get(f"/stemmen/{demo.slug}/sterktes-en-uitdagingen/").content.decode()
    assert ">×<" not in strengths and ">Verwijderen</button>" in strengths


def test_a_large_table_is_saved_in_one_form(client, neighbourhood):
    """Hundreds of rows (a few fields each) stay within what the server accepts in one form."""
    workspace = neighbourhood.workspace
    client.force_login(make_user("praktijk", workspace, Role.PRACTICE))
    finding = Finding.objects.filter(neighbourhood=neighbourhood).first()
    form = {"rij": [finding.pk] * 400, "kies": [finding.pk], "bulk": "rejected"}
    for field in ("status", "note", "theme", "block"):
        form.update({f"{field}-{n}": "" for n in range(1_000_000, 1_000_400)})
    response = client.post(f"/plan/{workspace.slug}/samenvatting/bewaren/", form)
    assert response.status_code == 302
    assert Finding.objects.get(pk=finding.pk).status == "rejected"
