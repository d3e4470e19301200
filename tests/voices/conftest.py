from __future__ import annotations

import pytest

from zorgzaam.voices.bank import build_questionnaire

SMALL_ITEMS = ["satisfaction_neighbourhood", "talk_neighbours", "service_needed_not_used", "service_barriers",
               "needs_open", "age_band", "sex", "marital_status", "involvement_optin"]


@pytest.fixture
def workspace(db):
    from zorgzaam.workspaces.models import Workspace

    return Workspace.objects.create(name="Testwerkruimte", slug="test")


@pytest.fixture
def survey(workspace):
    from zorgzaam.voices import services

    spec = build_questionnaire(SMALL_ITEMS, title_nl="Testbevraging", title_en="Test survey")
    questionnaire = services.create_questionnaire(workspace, spec, source="test")
    return services.create_survey(workspace, questionnaire, "Testbevraging 2026")
