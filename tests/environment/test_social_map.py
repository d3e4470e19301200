"""Importing a social-map export (sociale kaart): offer types to categories, placing by coordinates or
address, and every row that cannot be used reported with its line and field."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from pyproj import Transformer

from zorgzaam.cli import main
from zorgzaam.environment.facilities import (
    address_gazetteer,
    import_social_map,
    load_offer_rules,
    offer_category,
)

HEADER = "Organisatie;Naam aanbod;Soort aanbod;Straat;Nummer;Postcode;Gemeente;Telefoon;E-mail;Website;" \
         "Openingsuren;Doelgroep;Lat;Lon"
ROWS = [
    # line 2: coordinates given
    "OCMW Balen;Dienstencentrum De Zonnebloem;Lokaal dienstencentrum;Markt;1;2490;Balen;014 00 00 00;"
    "ldc@example.be;https://example.be;ma-vr 9-17;senioren;51,1685;5,1702",
    # line 3: no coordinates, an address the gazetteer knows
    "Wit-Gele Kruis;Thuisverpleging Balen;Thuisverpleging;Kerkstraat;12;2490;Balen;;;;;;;",
    # line 4: no coordinates, an unknown address
    "Buurtwerk;Buurthuis 't Hoekske;Buurthuis;Onbekende Weg;99;2490;Balen;;;;;;;",
    # line 5: an offer type without a category
    "Praktijk Smit;Tandarts Smit;Tandarts;Markt;3;2490;Balen;;;;;;51,17;5,17",
    # line 6: coordinates that are not numbers
    "Kinderopvang Rups;Kinderopvang Rups;Kinderdagverblijf;Veldstraat;4;2490;Balen;;;;;;noord;oost",
]


def _write(path, rows=ROWS, encoding="utf-8"):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
    return path


def test_offer_types_map_to_categories():
    rules = load_offer_rules()
    assert offer_category("Lokaal dienstencentrum", rules) == "ldc"
    assert offer_category("Thuisverpleging en thuiszorg", rules) == "home_care"
    assert offer_category("Woonzorgcentrum (kortverblijf)", rules) == "care_home"
    assert offer_category("Sociaal Huis – OCMW", rules) == "social_service"
    assert offer_category("apotheek", rules) == "pharmacy"
    assert offer_category("Tandarts", rules) is None
    assert offer_category("playground", rules) == "playground"  # our own category id passes as it is


def test_social_map_csv_places_reports_and_never_drops(tmp_path):
    known = pd.DataFrame({"address": ["Kerkstraat 12, 2490 Balen"], "x": [205000.0], "y": [212000.0]})
    result = import_social_map(_write(tmp_path / "sociale_kaart.csv"), geocode=address_gazetteer(known))
    assert result.rows_read == 5
    placed = result.facilities.set_index("category")
    assert sorted(placed.index) == ["home_care", "ldc"]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True).transform(5.1702, 51.1685)
    assert placed.loc["ldc", "x"] == pytest.approx(x) and placed.loc["ldc", "y"] == pytest.approx(y)
    assert placed.loc["ldc", "name"] == "Dienstencentrum De Zonnebloem (OCMW Balen)"
    assert placed.loc["ldc", "contact"] == "014 00 00 00; ldc@example.be; https://example.be"
    assert placed.loc["ldc", "opening_hours"] == "ma-vr 9-17" and placed.loc["ldc", "target_group"] == "senioren"
    assert (placed.loc["home_care", "x"], placed.loc["home_care", "y"]) == (205000.0, 212000.0)
    assert placed.loc["home_care", "address"] == "Kerkstraat 12, 2490 Balen"
    problems = {(p.line, p.column, p.code) for p in result.problems}
    assert problems == {(4, "Straat", "facility_no_place"), (5, "Soort aanbod", "social_map_unknown_offer"),
                        (6, "Lat", "facility_bad_coordinates")}
    text = {p.line: p.render("nl") for p in result.problems}
    assert "Onbekende Weg 99" in text[4] and "Tandarts" in text[5]
    assert result.rows_read == len(result.facilities) + len(result.problems)


def test_social_map_xlsx_and_latin1(tmp_path):
    frame = pd.DataFrame([r.split(";") for r in ROWS[:1]], columns=HEADER.split(";"))
    frame.to_excel(tmp_path / "kaart.xlsx", index=False)
    assert import_social_map(tmp_path / "kaart.xlsx").facilities["category"].tolist() == ["ldc"]
    latin = _write(tmp_path / "latin.csv", rows=[ROWS[0].replace("De Zonnebloem", "Dé Zonnebloem")], encoding="latin-1")
    assert import_social_map(latin).facilities["name"].iloc[0].startswith("Dienstencentrum Dé Zonnebloem")


def test_import_reports_duplicates_with_a_merge_offer(db, tmp_path, capsys):
    from zorgzaam.environment import service
    from zorgzaam.environment.models import Facility

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True).transform(5.1702, 51.1685)
    existing = service.add_facility(None, created_by="test", name="Lokaal dienstencentrum De Zonnebloem",
                                    category="ldc", x=x + 20, y=y, source="OpenStreetMap")
    assert main(["facilities", "import", "social_map", str(_write(tmp_path / "kaart.csv")), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["placed"] == 1 and report["refused"] == 4  # the Kerkstraat is unknown here
    (duplicate,) = report["duplicates"]
    assert duplicate["first_id"] == existing.pk and duplicate["distance_m"] == pytest.approx(20.0, abs=0.1)
    assert f"zorgzaam facilities merge {existing.pk} {duplicate['second_id']}" in duplicate["merge_offer"]
    assert main(["facilities", "merge", str(existing.pk), str(duplicate["second_id"]), "--json"]) == 0
    capsys.readouterr()
    kept, retired = Facility.objects.get(pk=existing.pk), Facility.objects.get(pk=duplicate["second_id"])
    assert kept.contact == "014 00 00 00; ldc@example.be; https://example.be" and kept.opening_hours == "ma-vr 9-17"
    assert retired.is_retired and f"#{existing.pk}" in retired.note
    assert existing.pk in service.facilities_frame()["id"].tolist()
    assert retired.pk not in service.facilities_frame()["id"].tolist()
