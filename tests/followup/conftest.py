import pytest

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.workspaces.models import Workspace


@pytest.fixture
def team(db):
    """A workspace with two neighbourhoods and another team's workspace."""
    workspace = Workspace.objects.create(name="Zorgzaam Overbos (test)", slug="overbos-test", is_demo=True)
    other = Workspace.objects.create(name="Andere gemeente", slug="andere")
    return {"workspace": workspace, "other": other,
            "centrum": Neighbourhood.objects.create(workspace=workspace, name="Centrum"),
            "heide": Neighbourhood.objects.create(workspace=workspace, name="Heide"),
            "elsewhere": Neighbourhood.objects.create(workspace=other, name="Elders")}
