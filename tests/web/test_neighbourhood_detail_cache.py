"""The neighbourhood detail page caches its body (as the profile page does): a new version or a change in
the population data gives a new page at once, and what differs per person stays outside the cached part."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.sources.models import Dataset
from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def detail(client, demo, neighbourhood) -> str:
    response = client.get(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def body(page: str) -> str:
    """The cached part: from the facts to the end of the history (the rest holds per-request tokens)."""
    return page[page.index('<dl class="facts">'):page.index("</ul>\n</section>", page.index("history-title"))]


def test_a_new_version_shows_at_once_after_the_page_was_cached(demo, members, login):
    client = login(members[Role.POLICY])
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    codes = list(neighbourhood.current.sector_codes)
    first = detail(client, demo, neighbourhood)
    assert "Versie 1" in first and "Versie 2" not in first
    assert body(detail(client, demo, neighbourhood)) == body(first)  # served from the cache
    client.post(f"/w/{demo.slug}/buurten/{neighbourhood.pk}/wijzigen/",
                {"sectors": codes[:-1], "version": 1, "note": "kleiner"})
    after = detail(client, demo, neighbourhood)
    assert "Versie 2" in after and f"Eraf: {codes[-1]}" in after
    assert f"<td>{codes[-1]}</td>" in first and f"<td>{codes[-1]}</td>" not in after


def test_the_population_follows_the_datasets(demo, members, login):
    client = login(members[Role.ADMIN])
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    assert "nog geen bevolkingscijfers geladen" not in detail(client, demo, neighbourhood)
    Dataset.objects.all().delete()
    assert "nog geen bevolkingscijfers geladen" in detail(client, demo, neighbourhood)


def test_the_edit_button_is_per_person_not_cached(demo, members, login, client):
    neighbourhood = Neighbourhood.objects.get(workspace=demo, name="Centrum en omgeving")
    edit = f"/w/{demo.slug}/buurten/{neighbourhood.pk}/wijzigen/"
    assert edit in detail(login(members[Role.ADMIN]), demo, neighbourhood)
    reader = detail(login(members[Role.READER]), demo, neighbourhood)  # same cached body
    assert edit not in reader and "Geschiedenis" in reader and 'id="map"' in reader
