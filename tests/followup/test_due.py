"""The follow-up's moments in the overview's "what's due" (plan.due.register_due_source): a meeting coming up,
a feedback page still in draft, and telling residents what a meeting decided, until a page is published."""

import datetime as dt

import pytest

from zorgzaam.followup import services
from zorgzaam.followup.models import FeedbackPage
from zorgzaam.plan.plan_service import workspace_due

pytestmark = pytest.mark.django_db
D = dt.date


def test_meetings_and_feedback_moments_are_due(team):
    ws = team["workspace"]
    services.add_meeting(ws, date=D(2026, 5, 4), consulted="residents", title="Bewonersavond Heide",
                         decisions="Geen eenrichtingsstraat: de bus moet er door.")
    services.add_meeting(ws, date=D(2026, 6, 20), consulted="steering_group", title="Stuurgroep juni")
    services.add_meeting(ws, date=D(2026, 9, 1), consulted="working_group", title="Te ver weg")
    draft = services.add_page(ws, neighbourhood=team["heide"], title="Wat we met jullie voorstel deden",
                              decided="We passen de oversteek aan.", date=D(2026, 6, 10), user="sara")
    rows = [(r["date"], r["kind"], r["title"], r["late"]) for r in workspace_due(ws, today=D(2026, 6, 8), days=30)]
    assert rows == [(D(2026, 6, 3), "feedback", "Vertel bewoners wat er beslist werd: Bewonersavond Heide", True),
                    (D(2026, 6, 10), "feedback", "Wat we met jullie voorstel deden", False),
                    (D(2026, 6, 20), "meeting", "Stuurgroep juni", False)]
    FeedbackPage.objects.filter(pk=draft.pk).update(status=FeedbackPage.PUBLISHED)  # told: both moments gone
    rows = [(r["kind"], r["title"]) for r in workspace_due(ws, today=D(2026, 6, 8), days=30)]
    assert rows == [("meeting", "Stuurgroep juni")]
    assert workspace_due(team["other"], today=D(2026, 6, 8), days=30) == []


def test_the_moments_show_on_the_workspace_overview(client, team):
    from django.contrib.auth import get_user_model

    from zorgzaam.workspaces.models import Membership, Role

    ws = team["workspace"]
    today = dt.date.today()
    services.add_meeting(ws, date=today + dt.timedelta(days=3), consulted="steering_group", title="Stuurgroep")
    user = get_user_model().objects.create_user("lies", "lies@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=ws, role=Role.READER)
    client.force_login(user)
    page = client.get(f"/w/{ws.slug}/").content.decode()
    assert "overleg:" in page and f'<a href="/opvolging/{ws.slug}/overleg/">Stuurgroep</a>' in page
