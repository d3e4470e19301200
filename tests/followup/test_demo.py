"""The demo Overbos has a year of follow-up, made again the same way when the demo is rebuilt."""

import pytest

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.followup import services
from zorgzaam.followup import signals as sg
from zorgzaam.followup.models import FeedbackPage, Harvest, Meeting, PolicySignal, SelfAssessment
from zorgzaam.web.demo import install_demo

pytestmark = pytest.mark.django_db


def test_a_year_of_follow_up_in_the_demo(client):
    summary = install_demo(findings=True)
    assert "opvolging:" in summary
    install_demo(findings=True)  # again: the same follow-up, made anew
    workspace = Neighbourhood.objects.get(name="Centrum en omgeving").workspace
    assert SelfAssessment.objects.filter(workspace=workspace, scope="team").count() == 2
    assert Meeting.objects.filter(workspace=workspace, body__kind="steering_group").count() == 4
    facts = services.signal_facts(workspace)
    assert len(facts) == 8 and sum(f.status == sg.RESULT for f in facts) == 3
    assert Harvest.objects.filter(workspace=workspace).count() == 3
    assert all("text" not in f for h in Harvest.objects.filter(workspace=workspace) for f in h.factors)  # worded when read
    assert workspace.initiatives.count() == 3 and "3 initiatieven" in summary
    pages = FeedbackPage.objects.filter(workspace=workspace, status=FeedbackPage.PUBLISHED)
    hoods = Neighbourhood.objects.filter(workspace=workspace)
    assert sorted(p.neighbourhood_id for p in pages) == sorted(h.pk for h in hoods)
    assert PolicySignal.objects.filter(workspace=workspace, dossier__isnull=False).count() == 2
    page = pages.first()
    assert client.get(f"/opvolging/terugkoppeling/{page.token}/").status_code == 200
    overview = services.assessment_overview(workspace)
    assert overview["comparison"]["first"] == "beleidsmedewerker"
    assert any(r.flagged for r in overview["comparison"]["rows"])
