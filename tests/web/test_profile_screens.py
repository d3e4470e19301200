"""The profile screen, the side-by-side comparison, exports and the summary table, per role."""

import io
import re

import openpyxl
import pytest
from docx import Document

from zorgzaam.plan.models import Finding
from zorgzaam.web.demo import install_demo
from zorgzaam.workspaces.models import Membership, Role, Workspace

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspace():
    from zorgzaam.web.demo import WORKSPACE_SLUG

    install_demo(extensions=False)
    return Workspace.objects.get(slug=WORKSPACE_SLUG)


def login(client, workspace, role):
    user = make_user(f"u-{role}", workspace, role)
    assert client.login(username=user.username, password=PASSWORD)
    return user


def test_profile_page_shows_figures_comparisons_signals_and_charts(client, workspace):
    login(client, workspace, Role.READER)
    neighbourhood = workspace.neighbourhoods.get(name="Centrum en omgeving")
    response = client.get(f"/profiel/{workspace.slug}/buurten/{neighbourhood.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Wie woont er in Centrum en omgeving?" in text
    assert "Aandeel 80-plussers" in text and "Overbos (fictief) (gemeente)" in text
    assert "ligt duidelijk hoger dan" in text  # a signal
    charts = re.findall(r'<img src="(/profiel/demo-overbos/grafiek/[^"]+\.svg)" alt="([^"]+)"', text)
    assert len(charts) >= 3 and all(alt for _, alt in charts)  # charts follow the page, each with its alt text
    assert "profiel/demo-overbos" in text and "export.docx" not in text  # readers may not export


def test_comparison_can_be_switched_to_another_neighbourhood(client, workspace):
    login(client, workspace, Role.POLICY)
    centrum = workspace.neighbourhoods.get(name="Centrum en omgeving")
    other = workspace.neighbourhoods.get(name="Wijk Kapelhoek")
    response = client.get(f"/profiel/{workspace.slug}/buurten/{centrum.pk}/?vergelijk=buurt:{other.pk}&jaar=2024")
    text = response.content.decode()
    assert response.status_code == 200 and "Wijk Kapelhoek (buurt)" in text
    assert "Overbos (fictief) (gemeente)" not in text.split("Grafieken")[0].split("<table")[1]


def test_exports_are_real_word_excel_and_csv_files(client, workspace):
    login(client, workspace, Role.POLICY)
    pk = workspace.neighbourhoods.get(name="Centrum en omgeving").pk
    word = client.get(f"/profiel/{workspace.slug}/buurten/{pk}/export.docx")
    assert word.status_code == 200
    document = Document(io.BytesIO(word.content))
    assert "Buurtprofiel" in document.paragraphs[0].text
    assert len(document.inline_shapes) >= 4  # pyramid, age bands, time series and the static sector map
    assert any("per sector, Overbos" in p.text for p in document.paragraphs)
    excel = client.get(f"/profiel/{workspace.slug}/buurten/{pk}/export.xlsx")
    assert "Overzicht" in openpyxl.load_workbook(io.BytesIO(excel.content)).sheetnames
    csv = client.get(f"/profiel/{workspace.slug}/buurten/{pk}/export.csv")
    assert csv.content.decode("utf-8-sig").startswith("area_level;area_code")  # Dutch CSV (tests/web/test_csv_exports.py)


def test_reader_cannot_export_and_outsider_gets_404(client, workspace):
    pk = workspace.neighbourhoods.first().pk
    login(client, workspace, Role.READER)
    assert client.get(f"/profiel/{workspace.slug}/buurten/{pk}/export.xlsx").status_code == 403
    client.logout()
    outsider = Workspace.objects.create(name="Elders", slug="elders")
    user = make_user("elders", outsider, Role.ADMIN)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(f"/profiel/{workspace.slug}/buurten/{pk}/").status_code == 404
    assert client.get(f"/profiel/elders/buurten/{pk}/").status_code == 404  # not a neighbourhood of 'elders'


def test_side_by_side_view_of_all_neighbourhoods(client, workspace):
    login(client, workspace, Role.READER)
    text = client.get(f"/profiel/{workspace.slug}/buurten/").content.decode()
    assert "Centrum en omgeving" in text and "Wijk Kapelhoek" in text and "Aandeel 65-plussers" in text


def test_summary_table_refresh_decide_and_roles(client, workspace):
    pk = workspace.neighbourhoods.get(name="Centrum en omgeving").pk
    login(client, workspace, Role.PRACTICE)
    response = client.post(f"/plan/{workspace.slug}/samenvatting/buurt/{pk}/vernieuwen/")
    assert response.status_code == 302
    finding = Finding.objects.get(neighbourhood_id=pk, key="share_80plus:higher")
    client.post(f"/plan/{workspace.slug}/samenvatting/{finding.pk}/", {"status": "accepted", "note": "Klopt"})
    finding.refresh_from_db()
    assert (finding.status, finding.note) == ("accepted", "Klopt")
    page = client.get(f"/plan/{workspace.slug}/samenvatting/?buurt={pk}").content.decode()
    assert "aanvaard" in page and "Klopt" in page
    client.logout()
    reader = login(client, workspace, Role.READER)
    assert client.post(f"/plan/{workspace.slug}/samenvatting/{finding.pk}/", {"status": "rejected"}).status_code == 403
    finding.refresh_from_db()
    assert finding.status == "accepted"
    Membership.objects.filter(user=reader).delete()
    assert client.get(f"/plan/{workspace.slug}/samenvatting/").status_code == 404


def test_profile_page_follows_an_edit_of_the_neighbourhood(client, workspace):
    from zorgzaam.areas.neighbourhood_service import edit_neighbourhood

    login(client, workspace, Role.READER)
    neighbourhood = workspace.neighbourhoods.get(name="Wijk Kapelhoek")
    url = f"/profiel/{workspace.slug}/buurten/{neighbourhood.pk}/"
    before = client.get(url).content.decode()
    count = len(neighbourhood.current.sector_codes)
    assert f"Cijfers van {count} statistische sectoren" in before
    edit_neighbourhood("Wijk Kapelhoek", workspace=workspace, remove=[neighbourhood.current.sector_codes[0]])
    after = client.get(url).content.decode()  # a new version: not the cached page
    assert f"Cijfers van {count - 1} statistische sector" in after


def test_choropleth_data_colours_every_sector_of_the_municipality(client, workspace):
    login(client, workspace, Role.READER)
    neighbourhood = workspace.neighbourhoods.get(name="Centrum en omgeving")
    data = client.get(f"/profiel/{workspace.slug}/buurten/{neighbourhood.pk}/kaart/share_80plus.geojson").json()
    properties = [f["properties"] for f in data["features"]]
    assert data["indicator"] == "Aandeel 80-plussers" and data["period"] == "2025"
    assert {p["code"] for p in properties if p["selected"]} == set(neighbourhood.current.sector_codes)
    assert all(p["value"] is not None for p in properties if p["code"] in neighbourhood.current.sector_codes)
    assert not any(p["code"].endswith("ZZZZ") for p in properties)  # no location: not on a map
    assert client.get(f"/profiel/{workspace.slug}/buurten/{neighbourhood.pk}/kaart/nope.geojson").status_code == 404


def test_start_from_a_proposed_split(client, workspace):
    import re

    from zorgzaam.areas.models import Neighbourhood

    login(client, workspace, Role.POLICY)
    page = client.get(f"/w/{workspace.slug}/buurten/").content.decode()
    assert "Stel buurten voor" in page
    before = Neighbourhood.objects.filter(workspace=workspace).count()
    client.post(f"/w/{workspace.slug}/buurten/voorstel/?gemeente=99001", {"min_population": "3000"})
    assert Neighbourhood.objects.filter(workspace=workspace).count() == before  # a preview first
    page = client.get(f"/w/{workspace.slug}/buurten/voorstel/").content.decode()
    keep = re.findall(r'name="keep" value="(\d+)"', page)
    response = client.post(f"/w/{workspace.slug}/buurten/voorstel/bewaren/",
                           {"keep": keep, **{f"name_{n}": f"Voorstel {n}" for n in keep}}, follow=True)
    assert "buurten bewaard" in response.content.decode()
    proposed = Neighbourhood.objects.filter(workspace=workspace, name__startswith="Voorstel")
    assert proposed.count() >= 2 and Neighbourhood.objects.filter(workspace=workspace).count() > before
    assert all(n.current.rule == "split" for n in proposed)
    client.logout()
    login(client, workspace, Role.READER)
    assert client.post(f"/w/{workspace.slug}/buurten/voorstel/", {"min_population": "3000"}).status_code == 403


def test_a_drawn_shape_snaps_to_sectors_and_is_saved_with_its_rule(client, workspace):
    import json

    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.sources.demo import demo_drawn_area, generate_demo

    login(client, workspace, Role.POLICY)
    drawn = demo_drawn_area(generate_demo(), radius=1500.0)
    polygon = drawn["features"][0]["geometry"] if drawn.get("type") == "FeatureCollection" else drawn.get(
        "geometry", drawn)
    snapped = client.post(f"/w/{workspace.slug}/kaart/99001/2025/aanduiden/",
                          data=json.dumps({"polygon": polygon, "rule": "centroid"}), content_type="application/json")
    answer = snapped.json()
    assert snapped.status_code == 200 and answer["codes"] and "middelpunt" in answer["rule"].lower()
    response = client.post(f"/w/{workspace.slug}/buurten/nieuw/?gemeente=99001",
                           {"name": "Getekend", "sectors": answer["codes"], "polygon": json.dumps(polygon),
                            "rule": "centroid"})
    assert response.status_code == 302
    version = Neighbourhood.objects.get(workspace=workspace, name="Getekend").current
    assert version.rule == "polygon-centroid" and sorted(version.sector_codes) == sorted(answer["codes"])
    broken = client.post(f"/w/{workspace.slug}/kaart/99001/2025/aanduiden/", data="{\"polygon\": 5}",
                         content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]


def test_define_a_team_indicator_on_screen(client, workspace):
    from zorgzaam.profile.models import TeamIndicator

    login(client, workspace, Role.POLICY)
    url = f"/profiel/{workspace.slug}/indicatoren/"
    assert "ocmw_support_persons" in client.get(url).content.decode()
    response = client.post(url, {"name_nl": "OCMW-steun per 1.000", "indicator_id": "ocmw_per_1000",
                                 "numerator": ["ocmw_support_persons"], "denominator": ["population"], "scale": "1000"})
    assert response.status_code == 302
    assert TeamIndicator.objects.get(workspace=workspace).scale == 1000
    same = client.post(url, {"name_nl": "Fout", "indicator_id": "fout", "numerator": ["population"],
                             "denominator": ["population"], "scale": "100"}).content.decode()
    assert "deelt een meetwaarde door zichzelf" in same
    client.logout()
    login(client, workspace, Role.READER)
    assert client.get(url).status_code == 200
    assert client.post(url, {"name_nl": "X", "indicator_id": "x", "numerator": ["population"]}).status_code == 403
