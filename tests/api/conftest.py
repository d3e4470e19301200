"""Fixtures for the API tests: the demo workspace, a member per role with a personal key, and a second
workspace with its own neighbourhood and survey (nothing of it may be read with a key of the demo)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zorgzaam.workspaces.models import Membership, Role, Workspace

PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def demo(db):
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo

    install_demo()
    return Workspace.objects.get(slug=WORKSPACE_SLUG)


def make_member(name: str, workspace: Workspace, role: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD)
    Membership.objects.create(user=user, workspace=workspace, role=role)
    return user


@pytest.fixture
def keys(demo) -> dict:
    """role -> (user, key) in the demo workspace."""
    from zorgzaam.api.tokens import create_token

    found = {}
    for role in Role:
        user = make_member(f"api-{role.value}", demo, role.value)
        found[role.value] = (user, create_token(demo, user, f"sleutel {role.value}").key)
    return found


@pytest.fixture
def other(demo) -> dict:
    """A second workspace with a neighbourhood, a survey and a key of its own beheerder."""
    from zorgzaam.api.tokens import create_token
    from zorgzaam.areas import neighbourhood_service as service
    from zorgzaam.voices.models import Survey

    workspace = Workspace.objects.create(name="Andere werkruimte", slug="andere")
    owner = make_member("andere-beheerder", workspace, Role.ADMIN)
    codes = list(demo.neighbourhoods.first().current.sector_codes)
    version = service.create_neighbourhood("Geheime buurt", workspace=workspace, sectors=codes, created_by="x")
    demo_survey = Survey.objects.filter(workspace=demo).first()
    survey = Survey.objects.create(workspace=workspace, questionnaire=demo_survey.questionnaire,
                                   name="Geheime bevraging")
    return {"workspace": workspace, "owner": owner, "neighbourhood": version.neighbourhood, "survey": survey,
            "key": create_token(workspace, owner, "andere sleutel").key}


def api_client(key: str | None) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}") if key else Client()
