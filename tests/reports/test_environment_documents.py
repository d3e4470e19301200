"""The environment section as Word and Excel, on the fictional demo: tables, pictures and signal texts are
read back from the files and compared with the section they were made from."""

from __future__ import annotations

import json

import pytest

from zorgzaam.cli import main

NAME = "Centrum en omgeving"


@pytest.fixture
def section(db):
    from zorgzaam.environment.service import environment_section
    from zorgzaam.web.demo import install_demo
    from zorgzaam.workspaces.models import Workspace

    install_demo()
    return environment_section(NAME, Workspace.objects.get(is_demo=True))


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_word_section_has_maps_tables_and_signals_with_evidence(section, tmp_path):
    from docx import Document

    from zorgzaam.environment.documents import environment_docx
    from zorgzaam.messages import format_number

    path = environment_docx(section, tmp_path / "omgeving.docx", lang="nl")
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Wat is er in de buurt? — {NAME}" in text
    assert "Fictief voorbeeld" in text
    # a facility map, a map of walking distance (bus stop and GP) and the walkability grid
    assert len(document.inline_shapes) == 4
    assert "Voorzieningen in en rond" in text and "Wandelafstand tot bus- of tramhalte" in text
    assert "Wandelvriendelijkheid per cel van 100 m" in text
    # every map draws the demo's own street network (the one the screens draw) under the data
    assert len(section["streets"]) > 100 and text.count("straten uit het stratennetwerk van de analyse") == 4
    tables = [_cells(table) for table in document.tables]
    counts = next(t for t in tables if t[0][0] == "Soort voorziening" and t[0][1] == "In de buurt")
    expected = {c["category_name"]: [str(c["inside"]), str(c["near"]), str(c["region"])]
                for c in section["facility_counts"] if c["category"] in section["categories"]}
    assert {row[0]: row[1:] for row in counts[1:]} == expected
    reach = next(t for t in tables if t[0][:2] == ["Soort voorziening", "Groep"])
    assert reach[0][3:6] == ["≤ 400 m", "≤ 800 m", "≤ 1.200 m"]
    bus = next(r for r in section["reach"] if r["category"] == "bus_stop" and r["group"] == "age_080_999")
    row = next(r for r in reach if r[0] == "Bus- of tramhalte" and r[1] == "80-plussers")
    assert row[3:6] == [f"{format_number(100 * s, 'nl', 0)} %" for s in bus["shares"]]
    supply = next(t for t in tables if t[0] == ["Gebied", "Inwoners die op de kaart geplaatst konden worden",
                                                "Per 1.000 inwoners"])
    assert any(r[0] == f"{NAME} ◀" for r in supply[1:])
    assert len(section["signals"]) >= 3
    for signal in section["signals"]:
        assert signal["statement"] in text
        assert signal["evidence_text"] in text
    assert text.count("Onderbouwing:") == len(section["signals"])
    assert "relatief binnen het gekozen gebied" in text  # the walkability warning


def test_spreadsheet_has_one_sheet_per_table(section, tmp_path):
    from openpyxl import load_workbook

    from zorgzaam.environment.documents import environment_xlsx

    path = environment_xlsx(section, tmp_path / "omgeving.xlsx", lang="en")
    book = load_workbook(path)
    assert {"Facilities", "Walking reach", "2SFCA sectors", "2SFCA neighbourhoods", "Walkability", "Signals",
            "Method", "Cells 100 m"} <= set(book.sheetnames)
    assert book["Walking reach"].max_row == len(section["reach"]) + 1
    assert book["Signals"].max_row == len(section["signals"]) + 1
    assert book["Cells 100 m"].max_row == len(section["walkability"]["cells"]) + 1


def test_cli_report_supply_and_isochrone(section, tmp_path, capsys):
    assert main(["environment", "report", NAME, "--workspace", "demo-overbos", "--docx", str(tmp_path / "a.docx"),
                 "--xlsx", str(tmp_path / "a.xlsx"), "--png-dir", str(tmp_path / "png")]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "a.docx").stat().st_size > 50_000 and (tmp_path / "a.xlsx").exists()
    assert sorted(p.name for p in (tmp_path / "png").iterdir())[0] == "kaart_1.png"
    assert section["signals"][0]["statement"] in out
    assert main(["supply", NAME, "--workspace", "demo-overbos", "--category", "huisarts", "--json"]) == 0
    supply = json.loads(capsys.readouterr().out)
    assert supply["target_per_1000"] == pytest.approx(section["supply"]["target_per_1000"])
    ldc = next(f for f in section["facilities"] if f["category"] == "ldc")
    geojson = tmp_path / "iso.geojson"
    assert main(["isochrone", "--facility", str(ldc["id"]), "--minutes", "5", "10", "--geojson", str(geojson),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    five, ten = data["isochrones"]
    assert five["distance_m"] == pytest.approx(5 * 60 * 1.33) and five["area_m2"] < ten["area_m2"]
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["minutes"] for f in features] == [10, 5]
    assert main(["isochrone", "--point", "12,ab"]) != 0
    assert "--point" in capsys.readouterr().err
