"""Door-to-door visits (issue 11, item 9): addresses with their outcome are seen only by the roles that do the
visits (those that may edit content); a lezer sees the counts per neighbourhood, never an address."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from zorgzaam.voices import services
from zorgzaam.workspaces.models import Role

from .test_staff_screens import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def visited(survey):
    for number in range(1, 8):
        services.record_visit(survey, street="Geheimstraat", house_number=str(number), status="not_home",
                              visited_on=datetime.date(2026, 3, 2), visitor="x", note="hond in de tuin")
    return survey


def campaign_page(client, workspace, survey, role):
    client.force_login(make_user(f"u-{role}", workspace, role))
    response = client.get(reverse("voices_staff:survey-campaign", args=[workspace.slug, survey.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_lezer_sees_counts_but_no_visit_address(client, workspace, visited):
    page = campaign_page(client, workspace, visited, Role.READER)
    assert "Geheimstraat" not in page and "hond in de tuin" not in page
    assert "Respons per buurt" in page and ">7<" in page  # the count is there
    assert "Adressen van bezoeken zie je alleen" in page


@pytest.mark.parametrize("role", [Role.PRACTICE, Role.FACILITATOR, Role.POLICY, Role.ADMIN])
def test_the_roles_that_do_the_visits_see_the_addresses(client, workspace, visited, role):
    page = campaign_page(client, workspace, visited, role)
    assert "Geheimstraat 7" in page
