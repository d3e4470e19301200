"""Figures over time on the screens: one chosen indicator per page (a GET parameter, no script), its chart
and its table; all neighbourhoods side by side over time (the fictional demo, 2020–2025)."""

import re

import pytest

from zorgzaam.web.demo import install_demo
from zorgzaam.workspaces.models import Role, Workspace

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspace():
    from zorgzaam.web.demo import WORKSPACE_SLUG

    install_demo(extensions=False)
    return Workspace.objects.get(slug=WORKSPACE_SLUG)


@pytest.fixture
def reader(client, workspace):
    user = make_user("u-reader", workspace, Role.READER)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _section(text: str) -> str:
    start = text.index('id="over-time"')
    return text[start:text.index("</section>", start)]


def _charts(section: str) -> list[str]:
    """The text alternative of each chart in the section (an inline SVG's aria-label or an image's alt)."""
    return re.findall(r'<svg role="img" aria-label="([^"]*)"', section) + re.findall(r'<img [^>]*alt="([^"]*)"', section)


def test_the_profile_page_shows_one_figure_over_time_with_its_table(reader, workspace):
    centrum = workspace.neighbourhoods.get(name="Centrum en omgeving")
    text = reader.get(f"/profiel/{workspace.slug}/buurten/{centrum.pk}/").content.decode()
    section = _section(text)
    assert "Over de jaren heen" in section
    assert '<option value="share_65plus" selected>' in section  # the first headline figure with a series
    charts = _charts(section)
    assert len(charts) == 1 and charts[0].startswith("Lijngrafiek van aandeel 65-plussers")
    rows = re.findall(r'<th scope="row">(\d{4})', section)
    assert rows == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert "Verandering 2020–2025" in section and "procentpunt" in section
    assert "Overbos (fictief) (gemeente)" in section and "Demogewest (fictief) (gewest)" in section


def test_the_chooser_is_a_get_parameter_and_an_unknown_one_falls_back(reader, workspace):
    centrum = workspace.neighbourhoods.get(name="Centrum en omgeving")
    url = f"/profiel/{workspace.slug}/buurten/{centrum.pk}/"
    section = _section(reader.get(url + "?reeks=ocmw_support_per_100").content.decode())
    assert '<option value="ocmw_support_per_100" selected>' in section
    assert "OCMW" in section.split("<caption", 1)[1][:200]
    section = _section(reader.get(url + "?reeks=<script>").content.decode())
    assert '<option value="share_65plus" selected>' in section and "<script>" not in section


def test_in_english_the_series_speaks_english(reader, workspace):
    reader.post("/i18n/setlang/", {"language": "en", "next": "/"})
    centrum = workspace.neighbourhoods.get(name="Centrum en omgeving")
    section = _section(reader.get(f"/profiel/{workspace.slug}/buurten/{centrum.pk}/").content.decode())
    assert "Over the years" in section and "percentage points" in section
    assert _charts(section)[0].startswith("Line chart of share")


def test_all_neighbourhoods_side_by_side_over_time(reader, workspace):
    page = reader.get(f"/profiel/{workspace.slug}/buurten/?reeks=share_80plus").content.decode()
    section = _section(page)
    assert '<option value="share_80plus" selected>' in section and len(_charts(section)) == 1
    header = section.split("<thead>", 1)[1].split("</thead>", 1)[0]
    for name in ("Centrum en omgeving", "Wijk Kapelhoek", "Rond de kerk (getekend)", "Overbos (fictief) (gemeente)"):
        assert name in header
    assert re.findall(r'<th scope="row">(\d{4})', section)[0] == "2020"


def test_without_two_years_the_page_says_so_and_points_to_the_coverage(reader, workspace, monkeypatch):
    from django.core.cache import cache

    from zorgzaam.profile import views

    monkeypatch.setattr(views, "series_indicators", lambda profile, keys=None: [])
    # a profile kept in this process by an earlier page keeps its over-time choices: start from none
    monkeypatch.setattr(views, "_profiles", type(views._profiles)())
    cache.clear()
    centrum = workspace.neighbourhoods.get(name="Centrum en omgeving")
    section = _section(reader.get(f"/profiel/{workspace.slug}/buurten/{centrum.pk}/").content.decode())
    cache.clear()
    assert "nog geen cijfers voor twee of meer jaren" in section and not _charts(section)
    assert f'href="/profiel/{workspace.slug}/gegevens/"' in section
