"""Fixtures for the web tests: the demo workspace with one member per role, an outsider, and a second
workspace with its own neighbourhood, dataset and job (its URLs must be 404 for members of the first)."""

from __future__ import annotations

import pandas as pd
import pytest
from django.contrib.auth import get_user_model

from zorgzaam.workspaces.models import Job, Membership, Role, Workspace

PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def demo(db):
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo

    install_demo()
    return Workspace.objects.get(slug=WORKSPACE_SLUG)


def make_user(name: str, workspace: Workspace | None = None, role: str | None = None):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD)
    if workspace is not None:
        Membership.objects.create(user=user, workspace=workspace, role=role)
    return user


@pytest.fixture
def members(demo) -> dict:
    """role -> user, each a member of the demo workspace with that role."""
    return {role.value: make_user(f"user-{role.value}", demo, role.value) for role in Role}


@pytest.fixture
def other(demo) -> dict:
    """A second workspace with its own neighbourhood, dataset and job, and its own beheerder."""
    from zorgzaam.areas import neighbourhood_service as service
    from zorgzaam.sources.store import save_dataset

    workspace = Workspace.objects.create(name="Andere werkruimte", slug="andere")
    owner = make_user("andere-beheerder", workspace, Role.ADMIN)
    codes = list(demo.neighbourhoods.first().current.sector_codes)
    version = service.create_neighbourhood("Geheime buurt", workspace=workspace, sectors=codes, created_by="x")
    values = pd.DataFrame({"area_level": ["sector"], "area_code": [codes[0]], "area_vintage": [version.vintage],
                           "period": ["2024"], "measure": ["ocmw_clients"], "value": [12.0]})
    dataset = save_dataset(values, name="Eigen telling andere", format="long", source="team",
                           file_name="andere.csv", report={}, workspace=workspace)
    job = Job.objects.create(workspace=workspace, params={"file_name": "andere.csv"}, created_by=owner)
    return {"workspace": workspace, "owner": owner, "neighbourhood": version.neighbourhood, "dataset": dataset,
            "job": job}


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client
    return as_user


@pytest.fixture
def new_user(db):
    return make_user
