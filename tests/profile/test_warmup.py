"""A fresh web process warms up before it takes requests (zorgzaam serve): the workspace's shared figures are
computed then, once, and no page a person could ask is stored by it."""

import pytest
from django.contrib.auth import get_user_model

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.graphics import charts
from zorgzaam.profile import service, views
from zorgzaam.profile.warmup import warm_up
from zorgzaam.web.demo import install_demo
from zorgzaam.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    install_demo(extensions=False)
    service.clear_caches()
    views._profiles.clear()
    return Workspace.objects.get(slug="demo-overbos")


def test_the_warm_up_computes_the_shared_figures_once_and_keeps_no_page(demo, client, monkeypatch):
    computed, drawn = service.FIGURES_COMPUTED[0], charts.RENDERED["svg"]
    # an empty workspace and one whose only neighbourhood has no sectors are passed over, not an error
    Workspace.objects.create(name="Leeg", slug="leeg")
    empty = Workspace.objects.create(name="Zonder sectoren", slug="zonder-sectoren")
    Neighbourhood.objects.create(workspace=empty, name="Nergens").versions.create(number=1, vintage="2024",
                                                                                  sector_codes=[], rule="sectors")
    assert warm_up() == 2  # the demo, and the one without sectors passed over
    assert service.FIGURES_COMPUTED[0] == computed + 1
    assert charts.RENDERED["svg"] == drawn + 1  # the renderer's fonts loaded; nothing kept
    assert not views._profiles  # no person's profile is kept by it
    # a process started after it (as a second web process) makes no figure or neighbourhood table again
    service.clear_caches(shared=False)
    own_tables = []
    monkeypatch.setattr(service, "change_over_time", lambda *a, **k: own_tables.append(a))
    user = get_user_model().objects.create_user("lezer", password="x" * 12)
    Membership.objects.create(workspace=demo, user=user, role=Role.PRACTICE)
    client.force_login(user)
    for hood in Neighbourhood.objects.filter(workspace=demo):
        assert client.get(f"/profiel/{demo.slug}/buurten/{hood.pk}/").status_code == 200
    assert service.FIGURES_COMPUTED[0] == computed + 1
    assert own_tables == []


def test_the_warm_up_stops_starting_workspaces_after_its_time(demo):
    computed = service.FIGURES_COMPUTED[0]
    assert warm_up(seconds=0) == 0
    assert service.FIGURES_COMPUTED[0] == computed
