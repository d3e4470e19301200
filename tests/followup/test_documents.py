"""The follow-up's Word and XLSX exports: seed 002's beweegtoestellen harvest entered through the service layer
and read back from the Word file (python-docx) with its real content; the self-assessment, signals and
meetings in the same document; text typed by the team never becomes a live formula in the workbook."""

import datetime as dt
import io

import docx
import openpyxl
import pytest

from zorgzaam.followup import documents, services
from zorgzaam.plan import plan_service
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS

pytestmark = pytest.mark.django_db
D = dt.date


def beweegtoestellen(ws):
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen in de buurt")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen op het plein", parent=goal)
    services.add_harvest(
        ws, action.pk, date=D(2026, 6, 15), what_happened="De gemeente plaatste beweegtoestellen op het plein.",
        target_group="ouderen die te weinig bewegen",
        results="2 ouderen komen bewegen en 4 jongeren gebruiken het als een plaats ter ontmoeting/ontspanning.",
        unintended="Jongeren houden ouderen soms van de toestellen.", reached="2 ouderen en 4 jongeren",
        missed="ouderen die niet met de fiets tot op het plein raken",
        change="Namelijk sporten en/of hangen (ontspannen). Voordien konden ze dit niet.",
        factors=[{"code": "nearby", "checked": True}, {"code": "low_threshold", "checked": False},
                 {"text": "de gemeente plaatste de toestellen", "checked": True}],
        evidence=[{"kind": "observation"}, {"kind": "interviews"}], interviews=6, conclusion="adjust",
        conclusion_text="Jongeren en ouderen verbinden? Jongeren een plekje geven na de schooluren?",
        effect="large", effort="small", proposed_norms="Elke week komen minstens 2 ouderen bewegen.", user="sara")
    return action


def docx_text(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_the_beweegtoestellen_harvest_read_back_from_the_word_export(team):
    ws = team["workspace"]
    beweegtoestellen(ws)
    paragraphs, tables = docx_text(documents.followup_docx(services.export_data(ws)))
    assert "Beweegtoestellen op het plein — 15-06-2026" in paragraphs
    harvest = next(t for t in tables if t[0] == ["Vraag", "Antwoord"])
    answers = dict(harvest[1:])
    assert len(answers) == 6  # the six questions of the method
    assert answers["Wat is de actie? Wanneer vond ze plaats, en voor wie was ze bedoeld?"] == (
        "Beweegtoestellen op het plein (15-06-2026). De gemeente plaatste beweegtoestellen op het plein. "
        "Bedoeld voor: ouderen die te weinig bewegen.")
    assert answers["Wat was het resultaat, en welk effect had het (ook onbedoeld)?"].startswith(
        "2 ouderen komen bewegen en 4 jongeren gebruiken het als een plaats ter ontmoeting/ontspanning.")
    assert answers["Wie bereikten jullie, en wie niet?"] == (
        "Bereikt: 2 ouderen en 4 jongeren. Niet bereikt: ouderen die niet met de fiets tot op het plein raken.")
    assert answers["Wat veranderde er, en voor wie?"] == (
        "Namelijk sporten en/of hangen (ontspannen). Voordien konden ze dit niet.")
    assert answers["Wat maakte het verschil? Welke factoren speelden mee?"] == (
        "dicht bij huis werken — nagegaan; laagdrempelig — nog niet nagegaan; "
        "de gemeente plaatste de toestellen — nagegaan")
    assert answers["Besluit: wat behouden jullie, wat stuur je bij?"] == (
        "Bijsturen. Jongeren en ouderen verbinden? Jongeren een plekje geven na de schooluren? "
        "Veel effect voor weinig inzet: zeker verder op inzetten.")
    assert "Onderbouwing: observaties; gesprekken of interviews" in paragraphs
    assert "Inzet tegenover effect: Effect: groot; inzet: klein. Veel effect voor weinig inzet: zeker verder op " \
           "inzetten." in paragraphs
    assert "Voorgestelde normen: Elke week komen minstens 2 ouderen bewegen." in paragraphs
    assert "Let op: Dit steunt op een paar gesprekken: het zijn ervaringen van personen, geen besluit dat voor " \
           "iedereen geldt. Daarvoor heb je meer mensen nodig." in paragraphs  # only 6 conversations


def test_the_word_export_in_english(team):
    ws = team["workspace"]
    beweegtoestellen(ws)
    paragraphs, tables = docx_text(documents.followup_docx(services.export_data(ws, "en"), lang="en"))
    harvest = next(t for t in tables if t[0] == ["Question", "Answer"])
    assert dict(harvest[1:])["What made the difference? Which factors played a part?"].startswith(
        "working close to where people live — checked; easy to walk in — not checked yet")
    assert "Evidence: observations; conversations or interviews" in paragraphs


def test_assessment_signals_and_meetings_in_the_word_and_xlsx_exports(team):
    ws = team["workspace"]
    for day in (D(2026, 2, 10), D(2026, 10, 6)):
        services.add_assessment(ws, date=day, scope="person", person="praktijkwerker",
                                scores={**dict.fromkeys(BUILDING_BLOCKS, 3), "detection": 5})
        services.add_assessment(ws, date=day, scope="person", person="beleidsmedewerker",
                                scores={**dict.fromkeys(BUILDING_BLOCKS, 3), "detection": 2})
    services.add_signal(ws, date=D(2025, 3, 1), theme="mobiliteit", description="Geen bus meer naar het OCMW.",
                        addressees="schepen van mobiliteit", status="result", sent_date=D(2025, 4, 1),
                        result_text="Een belbus rijdt sinds september.", result_date=D(2025, 9, 1))
    services.add_signal(ws, date=D(2025, 5, 2), theme="wonen", description="=HYPERLINK(\"http://x\")")
    services.add_meeting(ws, date=D(2026, 3, 12), consulted="senior_council", title="Advies buurtplan",
                         attendance=14, decisions="Het plan gaat naar de gemeenteraad.")
    data = services.export_data(ws)
    paragraphs, tables = docx_text(documents.followup_docx(data))
    assert "Zelfevaluatie op de bouwstenen" in paragraphs and "Signalen naar beleid" in paragraphs
    difference = next(t for t in tables if t[0][:3] == ["Bouwsteen", "praktijkwerker", "beleidsmedewerker"]
                      or t[0][:3] == ["Bouwsteen", "beleidsmedewerker", "praktijkwerker"])
    detection = next(r for r in difference if r[0] == "Detectie")
    assert sorted(detection[1:3]) == ["2", "5"] and detection[4] == "bespreek dit"
    share = next(t for t in tables if t[0] == ["Jaar", "Aantal", "Met resultaat", "Gedeeltelijk",
                                                "Aandeel met resultaat"])
    assert share[1] == ["2025", "2", "1", "0", "50,0 %"]
    meeting = next(t for t in tables if t[0][0] == "Datum" and "Geraadpleegd" in t[0])
    assert meeting[1][:4] == ["12-03-2026", "seniorenadviesraad", "Advies buurtplan", "14"]

    book = openpyxl.load_workbook(io.BytesIO(documents.followup_xlsx(data)))
    assert book.sheetnames == ["Zelfevaluatie op de bouwstenen", "Oogst", "Signalen naar beleid",
                               "Resultaat per jaar", "Overleg en inspraak", "Bouwstenen x buurten", "Initiatieven",
                               "Partners", "Terugkoppeling"]
    rows = list(book["Signalen naar beleid"].values)
    assert rows[2][5] == "'=HYPERLINK(\"http://x\")"  # text, never a live formula
    assert all(cell.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)
    scores = list(book["Zelfevaluatie op de bouwstenen"].values)
    assert len(scores) == 1 + 4 * 9 and scores[0] == ("Datum", "Perspectief", "Bouwsteen", "Score", "Betekenis")


def test_download_buttons_and_the_audited_downloads(client, team):
    from django.contrib.auth import get_user_model

    from zorgzaam.workspaces.models import AuditEntry, Membership, Role

    ws = team["workspace"]
    beweegtoestellen(ws)
    user = get_user_model().objects.create_user("sara", "sara@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=ws, role=Role.PRACTICE)
    client.force_login(user)
    page = client.get(f"/opvolging/{ws.slug}/oogst/").content.decode()
    assert f'href="/opvolging/{ws.slug}/opvolging.docx"' in page and f'/opvolging/{ws.slug}/opvolging.xlsx' in page
    response = client.get(f"/opvolging/{ws.slug}/opvolging.docx")
    assert response.status_code == 200 and response["Cache-Control"].startswith("no-store")
    paragraphs, _ = docx_text(response.content)
    assert "Beweegtoestellen op het plein — 15-06-2026" in paragraphs
    assert client.get(f"/opvolging/{ws.slug}/opvolging.pdf").content.startswith(b"%PDF")
    assert client.get(f"/opvolging/{ws.slug}/opvolging.xlsx").content.startswith(b"PK")
    assert client.get(f"/opvolging/{ws.slug}/opvolging.exe").status_code == 404
    audited = list(AuditEntry.objects.filter(workspace=ws, action="followup_export").values_list("fmt", "target"))
    assert sorted(audited) == [("docx", "opvolging-overbos-test.docx"), ("pdf", "opvolging-overbos-test.pdf"),
                               ("xlsx", "opvolging-overbos-test.xlsx")]
    reader = get_user_model().objects.create_user("lies", "lies@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=reader, workspace=ws, role=Role.READER)
    client.force_login(reader)
    assert client.get(f"/opvolging/{ws.slug}/opvolging.docx").status_code == 403
    assert "opvolging.docx" not in client.get(f"/opvolging/{ws.slug}/oogst/").content.decode()
