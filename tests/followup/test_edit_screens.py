"""Edit screens for a partner, a meeting, a self-assessment round and a harvest: a save names the version it
started from; when a colleague saved in between, it is refused and nothing of the colleague's is lost; a lezer
gets 403, another team's row 404."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from tests.followup.test_documents import beweegtoestellen

from zorgzaam.followup import services
from zorgzaam.followup.models import Harvest, Meeting, Partner, SelfAssessment
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS
from zorgzaam.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db
D = dt.date


def login(client, ws, role, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=ws, role=role)
    client.force_login(user)


def test_edits_with_their_version_and_a_colleagues_save_in_between(client, team):
    ws = team["workspace"]
    beweegtoestellen(ws)
    harvest = Harvest.objects.get(workspace=ws)
    partner = services.add_partner(ws, "OCMW", contact_role="maatschappelijk werker")
    meeting = services.add_meeting(ws, date=D(2026, 5, 1), consulted="steering_group", title="Stuurgroep")
    round_ = services.add_assessment(ws, date=D(2026, 2, 1), scores=dict.fromkeys(BUILDING_BLOCKS, 3))
    login(client, ws, Role.PRACTICE, "sara")
    base = f"/opvolging/{ws.slug}"
    assert f'href="{base}/oogst/{harvest.pk}/"' in client.get(f"{base}/oogst/").content.decode()
    assert client.post(f"{base}/partners/{partner.pk}/", {"version": "1", "organisation": "OCMW Overbos",
                                                          "contact_role": "sociaal werker", "formal": "1"}).status_code == 302
    partner.refresh_from_db()
    assert (partner.organisation, partner.contact_role, partner.formal, partner.version) == (
        "OCMW Overbos", "sociaal werker", True, 2)
    assert client.post(f"{base}/overleg/{meeting.pk}/", {"version": "1", "date": "2026-05-02", "title": "Stuurgroep mei",
                                                         "attendance": "9", "decisions": "Ja."}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.title, meeting.attendance, meeting.decisions) == (D(2026, 5, 2), "Stuurgroep mei", 9,
                                                                                    "Ja.")
    scores = {f"score_{c}": "3" for c in BUILDING_BLOCKS} | {"score_detection": "4", "score_inclusion": ""}
    assert client.post(f"{base}/zelfevaluatie/{round_.pk}/", {"version": "1", "notes": "Samen gescoord.",
                                                              **scores}).status_code == 302
    round_.refresh_from_db()
    assert (round_.scores["detection"], round_.scores["inclusion"], round_.notes, round_.date) == (
        4, None, "Samen gescoord.", D(2026, 2, 1))  # an empty date field keeps the date
    # a colleague saved the harvest in between: the stale save is refused, the colleague's text stays
    services.update_harvest(ws, harvest.pk, version=1, reached="2 ouderen, 4 jongeren en een buurman")
    stale = client.post(f"{base}/oogst/{harvest.pk}/", {"version": "1", "what_happened": "Mijn versie.",
                                                        "date": "2026-06-15"})
    assert stale.status_code == 200 and "Iemand anders bewaarde dit intussen" in stale.content.decode()
    harvest.refresh_from_db()
    assert harvest.reached == "2 ouderen, 4 jongeren en een buurman" and harvest.what_happened.startswith("De gemeente")
    bad = client.post(f"{base}/zelfevaluatie/{round_.pk}/", {"version": "2", **scores, "score_detection": "7"})
    assert bad.status_code == 200 and "1 tot 5" in bad.content.decode()
    assert SelfAssessment.objects.get(pk=round_.pk).scores["detection"] == 4


def test_a_lezer_gets_403_and_another_team_404(client, team):
    ws = team["workspace"]
    partner = services.add_partner(ws, "OCMW")
    elsewhere = services.add_partner(team["other"], "Elders")
    login(client, ws, Role.READER, "lies")
    assert client.post(f"/opvolging/{ws.slug}/partners/{partner.pk}/", {"version": "1",
                                                                         "organisation": "X"}).status_code == 403
    assert Partner.objects.get(pk=partner.pk).organisation == "OCMW"
    assert client.get(f"/opvolging/{ws.slug}/partners/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/opvolging/{ws.slug}/overleg/99999/").status_code == 404
    assert Meeting.objects.count() == 0
