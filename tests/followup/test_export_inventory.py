"""The follow-up export's inventory, partners and "you said, we did" parts (issue 15 item 7): read back from
the Word file (python-docx) and the workbook (openpyxl). The matrix in both is the inventory's own
(:func:`services.inventory`), the partners' phone numbers and e-mail addresses are nowhere in either file,
and text typed by the team stays text in the new sheets."""

import datetime as dt
import io

import docx
import openpyxl
import pytest

from zorgzaam.followup import documents, services
from zorgzaam.plan import plan_service
from zorgzaam.workspaces.building_blocks import block_label
from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db
D = dt.date
PHONE, MAIL = "0470 12 34 56", "an.peeters@voorbeeld.be"


@pytest.fixture
def filled(team):
    ws, centrum, heide = team["workspace"], team["centrum"], team["heide"]
    services.add_initiative(ws, "Buurtkoffie", runner="Buurtwerk", for_whom="alleenwonende ouderen",
                            neighbourhoods=[centrum], blocks=["social_networks", "detection"])
    services.add_initiative(ws, "Wijkrestaurant", runner="=1+1", for_whom="iedereen", neighbourhoods=[centrum],
                            blocks=["social_networks"])
    services.add_initiative(ws, "Infolijn", runner="OCMW", blocks=["referral"])  # the whole municipality
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen op het plein", parent=goal)
    action.building_blocks = ["public_space", "social_networks"]
    action.save()
    action.neighbourhoods.set([heide])
    services.add_partner(ws, "Wijkgezondheidscentrum De Brug", contact_role="coördinator",
                         contact_details=f"{PHONE}, {MAIL}", consent_recorded=True, domain="zorg", formal=True,
                         multi_year_plan="Actie 3.2 Gezond ouder worden")
    services.add_partner(ws, "Buurtcomité Heide", contact_role="voorzitter", domain="buurt", formal=False)
    page = services.add_page(ws, neighbourhood=heide, title="Bankjes op het plein",
                             decided="We zetten twee bankjes bij de toestellen, omdat ouderen willen rusten.",
                             not_done="Geen overdekte zitplek: daar is geen budget voor.", date=D(2026, 9, 1),
                             user="sara")
    page = services.approve_page(ws, page.pk, version=page.version, user="tom")
    services.publish_page(ws, page.pk, version=page.version, user="tom", role=Role.ADMIN)
    services.add_page(ws, neighbourhood=centrum, title="Koffie ook op zaterdag", decided="=1+1", date=D(2026, 10, 2),
                      user="sara")
    return team


def test_inventory_partners_and_feedback_in_the_word_export(filled):
    ws = filled["workspace"]
    document = docx.Document(io.BytesIO(documents.followup_docx(services.export_data(ws))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"Initiatieven per bouwsteen", "Initiatieven", "Partners", "Jullie zeiden, wij deden",
            "Heide", "Centrum"} <= set(headings)
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    matrix = next(t for t in tables if t[0] == ["Bouwsteen", "Centrum", "Heide", "Heel de gemeente"])
    cells = {row[0]: row[1:] for row in matrix[1:]}
    # Centrum: Buurtkoffie and Wijkrestaurant; Heide: the action; nothing for the whole municipality
    assert cells[block_label("social_networks", "nl")] == ["2 / 0", "0 / 1", "leeg"]
    assert cells[block_label("referral", "nl")] == ["0 / 0", "0 / 0", "1 / 0"]  # Infolijn fills both via the whole
    assert cells[block_label("inclusion", "nl")] == ["leeg", "leeg", "leeg"]
    listed = next(t for t in tables if t[0] == ["Naam", "Wie trekt het?", "Voor wie?", "Waar", "Bouwstenen"])
    assert ["Buurtkoffie", "Buurtwerk", "alleenwonende ouderen", "Centrum",
            f"{block_label('social_networks', 'nl')}, {block_label('detection', 'nl')}"] in listed
    assert ["Infolijn", "OCMW", "", "heel de gemeente", block_label("referral", "nl")] in listed
    partners = next(t for t in tables if t[0][0] == "Organisatie")
    assert partners[1:] == [["Buurtcomité Heide", "voorzitter", "buurt", "informeel", ""],
                            ["Wijkgezondheidscentrum De Brug", "coördinator", "zorg", "formeel",
                             "Actie 3.2 Gezond ouder worden"]]
    feedback = [t for t in tables if t[0][:3] == ["Datum", "Titel", "Wat we beslisten en waarom"]]
    assert [row[1] for t in feedback for row in t[1:]] == ["Koffie ook op zaterdag", "Bankjes op het plein"]
    assert feedback[1][1][4].startswith("gepubliceerd (") and feedback[0][1][4] == "ontwerp"
    everything = "\n".join([p.text for p in document.paragraphs]
                           + [c for t in tables for row in t for c in row])
    assert "Telefoonnummers en e-mailadressen van contactpersonen staan niet in dit bestand" in everything
    assert PHONE not in everything and MAIL not in everything and "voorbeeld.be" not in everything


def test_inventory_partners_and_feedback_sheets(filled):
    ws = filled["workspace"]
    content = documents.followup_xlsx(services.export_data(ws))
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames[-4:] == ["Bouwstenen x buurten", "Initiatieven", "Partners", "Terugkoppeling"]
    assert all(len(name) <= 31 for name in book.sheetnames)
    matrix = list(book["Bouwstenen x buurten"].values)
    assert matrix[0] == ("Bouwsteen", "Buurt", "Initiatieven (aantal)", "Acties in het plan (aantal)", "Leeg vak",
                         "Initiatieven", "Acties in het plan")
    found = services.inventory(ws)
    hoods = [h.name for h in found["neighbourhoods"]]
    for row in found["rows"]:  # every cell of the inventory's own matrix, with its counts
        for name, cell in zip(hoods, row.cells, strict=True):
            sheet_row = next(r for r in matrix if r[:2] == (block_label(row.block, "nl"), name))
            assert sheet_row[2:5] == (len(cell.initiatives), len(cell.actions), "ja" if cell.gap else "nee")
    assert (block_label("social_networks", "nl"), "Centrum", 2, 0, "nee", "Buurtkoffie; Wijkrestaurant",
            None) in matrix
    assert len(matrix) == 1 + 9 * 3  # nine blocks × (two neighbourhoods and the whole municipality)
    initiatives = list(book["Initiatieven"].values)
    assert ("Wijkrestaurant", "'=1+1", "iedereen", "Centrum", block_label("social_networks", "nl")) in initiatives
    partners = list(book["Partners"].values)
    assert partners[0] == ("Organisatie", "Rol van de contactpersoon", "Domein", "Formeel",
                           "Link met het meerjarenplan")
    assert partners[2][0] == "Wijkgezondheidscentrum De Brug" and partners[2][3] == "formeel"
    feedback = list(book["Terugkoppeling"].values)
    assert feedback[1][:3] == ("Centrum", dt.datetime(2026, 10, 2), "Koffie ook op zaterdag")
    assert feedback[1][3] == "'=1+1" and feedback[1][5] == "ontwerp"  # text, never a live formula
    assert feedback[2][5] == "gepubliceerd" and feedback[2][6] is not None
    assert all(cell.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)
    values = "\n".join(str(v) for sheet in book.worksheets for row in sheet.values for v in row)
    assert PHONE not in values and MAIL not in values


def test_the_new_parts_in_english_and_when_empty(team):
    ws = team["workspace"]
    document = docx.Document(io.BytesIO(documents.followup_docx(services.export_data(ws, "en"), lang="en")))
    texts = [p.text for p in document.paragraphs]
    assert {"Initiatives per building block", "No initiatives yet.", "No partners yet.",
            "No feedback to residents yet."} <= set(texts)
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Building block")
    assert [c.text for c in matrix.rows[0].cells] == ["Building block", "Centrum", "Heide", "The whole municipality"]
    book = openpyxl.load_workbook(io.BytesIO(documents.followup_xlsx(services.export_data(ws, "en"), lang="en")))
    assert book.sheetnames[-4:] == ["Blocks x neighbourhoods", "Initiatives", "Partners", "Feedback"]


def test_many_neighbourhoods_split_the_matrix_over_tables(team):
    from zorgzaam.areas.models import Neighbourhood

    ws = team["workspace"]
    for number in range(1, 8):
        Neighbourhood.objects.create(workspace=ws, name=f"Wijk {number}")
    document = docx.Document(io.BytesIO(documents.followup_docx(services.export_data(ws))))
    parts = [[c.text for c in t.rows[0].cells] for t in document.tables if t.rows[0].cells[0].text == "Bouwsteen"
             and len(t.rows) == 10]
    # 9 neighbourhoods and the whole municipality: ten columns, five per table
    assert [len(p) - 1 for p in parts] == [5, 5] and parts[1][-1] == "Heel de gemeente"
    assert any(p.text.endswith("Bouwstenen tegenover buurten (2 van 2)") for p in document.paragraphs)
