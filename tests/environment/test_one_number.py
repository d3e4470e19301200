"""One quantity, one number (issue 13): every resident count and every walkability score of a demo
neighbourhood is the same on each screen (walkability, reach, the profile's side-by-side page), in Word,
Excel, GeoJSON and the CLI. The screens are rendered with the test client and their numbers parsed."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zorgzaam.cli import main
from zorgzaam.profile.residents import resident_words
from zorgzaam.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db
PLACED = resident_words("placed", "nl", capital=True)
CENSUS = resident_words("census", "nl", capital=True)


@pytest.fixture
def demo():
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo

    install_demo()
    return Workspace.objects.get(slug=WORKSPACE_SLUG)


def number(text) -> float | None:
    """A Dutch-formatted figure ("6.629", "−0,2", "1,95") as a float; None for "–"."""
    if isinstance(text, (int, float)):
        return float(text)
    text = html.unescape(str(text)).strip().replace("\u2212", "-").replace("\xa0", "").replace(" ", "")
    if text in ("", "–", "-", "None"):
        return None
    return float(text.replace(".", "").replace(",", "."))


def same(figures: dict, decimals: int, what: str) -> None:
    """Every source shows the same figure at ``decimals`` (the screens round; the exports do not)."""
    rounded = {source: None if value is None else round(value + 1e-9, decimals) for source, value in figures.items()}
    assert len(set(rounded.values())) == 1, f"{what}: {rounded}"


def screen_walkability(client, slug, pk) -> dict:
    page = client.get(f"/omgeving/{slug}/loopbaarheid/?doel=buurt:{pk}").content.decode()
    rows = {}
    for match in re.finditer(r'<tr[^>]*data-area="([^"]+)" data-score="([^"]*)">(.*?)</tr>', page, re.S):
        name, score, body = html.unescape(match.group(1)), match.group(2), match.group(3)
        placed = re.search(r'data-residents="placed">([^<]*)<', body).group(1)
        census = re.search(r'data-residents="census">([^<]*)<', body).group(1)
        rows[name] = {"score": number(score), "placed": number(placed), "census": number(census)}
    assert PLACED in page and CENSUS in page and "referentiegebied" in page
    return rows


def word_walkability(content: bytes) -> tuple[dict, str]:
    from docx import Document

    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == ["Gebied", "Score"]:
            rows = {}
            for row in table.rows[1:]:
                cells = [c.text for c in row.cells]
                rows[re.sub(r" \(referentiegebied\)$", "", cells[0])] = {
                    "score": number(cells[1]), "placed": number(cells[header.index(PLACED)]),
                    "census": number(cells[header.index(CENSUS)])}
            return rows, text
    raise AssertionError("no walkability table in Word")


def test_every_resident_count_and_walkability_score_is_one_number_everywhere(demo, capsys):
    import openpyxl

    user = get_user_model().objects.create_user("beleid", "x@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=demo, role=Role.POLICY)
    client = Client()
    client.force_login(user)
    slug = demo.slug
    neighbourhoods = list(demo.neighbourhoods.all())
    assert {n.name for n in neighbourhoods} >= {"Rond de kerk (getekend)", "Centrum en omgeving", "Wijk Kapelhoek"}

    # the side-by-side page: the sector count, named as such
    compare = client.get(f"/profiel/{slug}/buurten/").content.decode()
    header = re.search(r"<thead>(.*?)</thead>", compare, re.S).group(1)
    columns = [html.unescape(c) for c in re.findall(r'<th scope="col" class="num">([^<]*)</th>', header)]
    row = re.search(r'<th scope="row">' + re.escape(CENSUS) + r"</th><td>[^<]*</td>(.*?)</tr>", compare, re.S)
    assert row, "the side-by-side page names the sector count"
    side_by_side = dict(zip(columns, [number(c) for c in re.findall(r'<td class="num">([^<]*)</td>', row.group(1))],
                            strict=True))

    reference_name = None
    for neighbourhood in neighbourhoods:
        name = neighbourhood.name
        walk_screen = screen_walkability(client, slug, neighbourhood.pk)
        reference_name = next(n for n in walk_screen if n not in {x.name for x in neighbourhoods})
        query = f"doel=buurt:{neighbourhood.pk}&categorie=bus_stop&afstanden=400+800&tempo=adult"
        reach_page = client.get(f"/omgeving/{slug}/bereik/?{query}").content.decode()
        reach_placed = number(re.search(r'class="env-residents-placed">[^<]*<strong>([^<]*)</strong>', reach_page).group(1))
        reach_census = number(re.search(r'class="env-residents-census">[^<]*<strong>([^<]*)</strong>', reach_page).group(1))
        word_rows, word_text = word_walkability(client.get(f"/omgeving/{slug}/document.docx?{query}").content)
        assert reference_name in word_rows, "Word names and shows the reference area"
        assert "km per uur" in word_text and "m/s" not in word_text
        assert "Two-step" not in word_text and "2SFCA" not in word_text and "z(" not in word_text
        book = openpyxl.load_workbook(io.BytesIO(client.get(f"/omgeving/{slug}/document.xlsx?{query}").content))
        sheet = list(book["Wandelvriendelijkheid"].values)
        excel = {re.sub(r" \(referentiegebied\)$", "", r[0]): dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]}
        geo = client.get(f"/omgeving/{slug}/export/buurten.geojson?doel=buurt:{neighbourhood.pk}").json()
        geojson = {f["properties"]["name"]: f["properties"] for f in geo["features"]}
        assert main(["walkability", name, "--workspace", slug, "--json"]) == 0
        cli_walk = json.loads(capsys.readouterr().out)
        cli_areas = {a["name"]: a for a in cli_walk["areas"]}
        assert main(["reach", name, "--category", "bus_stop", "--workspace", slug, "--json"]) == 0
        cli_reach = json.loads(capsys.readouterr().out)
        assert cli_walk["reference"]["name"] == reference_name

        # the neighbourhood itself, as the target of every view
        same({"walkability screen": walk_screen[name]["score"], "Word": word_rows[name]["score"],
              "Excel": excel[name]["Score"], "GeoJSON": geojson[name]["score"], "CLI": cli_walk["score"]},
             1, f"walkability score of {name}")
        same({"walkability screen": walk_screen[name]["placed"], "reach screen": reach_placed,
              "Word": word_rows[name]["placed"], "Excel": excel[name][PLACED],
              "GeoJSON": geojson[name]["residents_placed"], "CLI walkability": cli_walk["residents_placed"],
              "CLI reach": cli_reach["residents_placed"]}, 0, f"residents placed on the map in {name}")
        same({"walkability screen": walk_screen[name]["census"], "reach screen": reach_census,
              "side-by-side": side_by_side[name], "Word": word_rows[name]["census"], "Excel": excel[name][CENSUS],
              "GeoJSON": geojson[name]["residents_census"], "CLI walkability": cli_walk["residents_census"],
              "CLI reach": cli_reach["residents_census"]}, 0, f"residents by the sector count in {name}")
        # every other neighbourhood and the reference area, as shown beside it
        for other in [n.name for n in neighbourhoods] + [reference_name]:
            for key, excel_key, geo_key in (("score", "Score", "score"), ("placed", PLACED, "residents_placed"),
                                            ("census", CENSUS, "residents_census")):
                cli_key = {"score": "score", "placed": "residents_placed", "census": "residents_census"}[key]
                same({"walkability screen": walk_screen[other][key], "Word": word_rows[other][key],
                      "Excel": excel[other][excel_key], "GeoJSON": geojson[other][geo_key],
                      "CLI": cli_areas[other][cli_key]}, 1 if key == "score" else 0, f"{key} of {other} beside {name}")

    # the drawn neighbourhood crosses the municipal border: its sector count and placed residents agree
    kerk = screen_walkability(client, slug, demo.neighbourhoods.get(name="Rond de kerk (getekend)").pk)
    assert kerk["Rond de kerk (getekend)"]["placed"] == kerk["Rond de kerk (getekend)"]["census"] == 6629
    # the reference area: 0 is its average square, its population-weighted score is stated, not 0
    assert kerk[reference_name]["census"] > kerk[reference_name]["placed"]  # a sector without a place on the map
