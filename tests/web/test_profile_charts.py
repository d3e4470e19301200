"""The profile page sends its figures first and lets the charts follow: each chart is an <img> whose URL
carries the chart's data (signed for the workspace); the chart is drawn once per content and then served
from the cache, whichever page asked for it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from zorgzaam.graphics.charts import RENDERED
from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
from zorgzaam.workspaces.models import Role, Workspace

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def workspace():
    install_demo(extensions=False)
    return Workspace.objects.get(slug=WORKSPACE_SLUG)


@pytest.fixture
def reader(client, workspace):
    user = make_user("lezer", workspace, Role.READER)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def chart_urls(text: str) -> list[str]:
    return [url.replace("&amp;", "&") for url in re.findall(r'<img src="([^"]+\.svg)" alt="[^"]+"', text)]


def test_the_page_draws_no_chart_and_each_chart_url_is_drawn_once(reader, workspace):
    centrum = workspace.neighbourhoods.get(name="Centrum en omgeving")
    before = RENDERED["svg"]
    page = reader.get(f"/profiel/{workspace.slug}/buurten/{centrum.pk}/")
    assert page.status_code == 200
    assert RENDERED["svg"] == before  # the page does not wait for matplotlib
    urls = chart_urls(page.content.decode())
    assert len(urls) >= 3  # pyramid, age bands, one figure over time
    first = reader.get(urls[0])
    assert first.status_code == 200 and first["Content-Type"].startswith("image/svg+xml")
    assert first.content.lstrip().startswith(b"<svg") and b"<?xml" not in first.content
    assert RENDERED["svg"] == before + 1
    again = reader.get(urls[0])
    assert again.content == first.content and RENDERED["svg"] == before + 1  # from the cache
    assert "immutable" in again["Cache-Control"]


def test_two_pages_that_need_the_same_chart_share_one_drawing(reader, workspace):
    centrum = workspace.neighbourhoods.get(name="Centrum en omgeving")
    url = f"/profiel/{workspace.slug}/buurten/{centrum.pk}/"
    default = chart_urls(reader.get(url).content.decode())
    other_year = chart_urls(reader.get(url + "?jaar=2024").content.decode())  # another page, the same charts
    assert default == other_year
    before = RENDERED["svg"]
    for chart in default + other_year:
        assert reader.get(chart).status_code == 200
    assert RENDERED["svg"] == before + len(default)  # each content drawn once


def test_a_changed_or_foreign_chart_url_is_refused(client, reader, workspace):
    centrum = workspace.neighbourhoods.get(name="Centrum en omgeving")
    chart = chart_urls(reader.get(f"/profiel/{workspace.slug}/buurten/{centrum.pk}/").content.decode())[0]
    token = chart.rsplit("/", 1)[1][:-4]
    assert reader.get(chart.replace(token, "x" + token[1:])).status_code == 404  # not signed by us
    elsewhere = Workspace.objects.create(name="Elders", slug="elders")
    user = make_user("elders", elsewhere, Role.ADMIN)
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    assert client.get(chart).status_code == 404  # not a member of the chart's workspace
    assert client.get(chart.replace(f"/{workspace.slug}/", "/elders/")).status_code == 404  # signed for the other


def test_the_word_export_draws_the_same_charts(reader, workspace):
    from zorgzaam.graphics import charts
    from zorgzaam.profile.documents import profile_chart_specs, profile_charts
    from zorgzaam.profile.service import neighbourhood_profile

    profile = neighbourhood_profile(workspace.neighbourhoods.get(name="Centrum en omgeving"))
    specs = profile_chart_specs(profile, "nl")
    assert [title for title, _ in profile_charts(profile, "nl")] == [title for title, _ in specs]
    title, spec = specs[0]
    again = charts.Chart.from_data(spec.as_data())  # what the chart URL carries
    assert again.key == spec.key and title.split(" — ")[0] in charts.render_svg(again)
