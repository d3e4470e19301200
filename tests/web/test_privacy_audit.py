"""Exports are audited (issue 11, item 9): the profile (CSV, Excel, Word), the summary table and the environment
(Word/Excel document and map layers) each write an audit row through the one audit function
(``voices.services.audit``): who, when, what and the purpose — never a person's name."""

from __future__ import annotations

import pytest

from zorgzaam.workspaces.models import AuditEntry, Role

pytestmark = pytest.mark.django_db


def _centrum(demo):
    return demo.neighbourhoods.get(name="Centrum en omgeving")


def profile(demo, fmt):
    return f"/profiel/{demo.slug}/buurten/{_centrum(demo).pk}/export.{fmt}", "profile_export", f"profiel_Centrum_en_omgeving.{fmt}"


def summary_table(demo, fmt):
    return (f"/plan/{demo.slug}/samenvatting/?buurt={_centrum(demo).pk}&formaat=xlsx", "summary_table_export",
            "samenvattende_tabel.xlsx")


def environment_document(demo, fmt):
    query = f"doel=buurt:{_centrum(demo).pk}&categorie=gp&afstanden=400+800&tempo=adult"
    return f"/omgeving/{demo.slug}/document.{fmt}?{query}", "environment_export", f"omgeving_Centrum_en_omgeving.{fmt}"


def environment_layer(demo, fmt):
    return f"/omgeving/{demo.slug}/export/voorzieningen.{fmt}", "environment_export", f"voorzieningen_{demo.slug}.{fmt}"


CASES = [(profile, "csv"), (profile, "xlsx"), (profile, "docx"), (summary_table, "xlsx"),
         (environment_document, "xlsx"), (environment_document, "docx"), (environment_layer, "geojson")]


@pytest.mark.parametrize(("export", "fmt"), CASES, ids=[f"{e.__name__}-{f}" for e, f in CASES])
def test_each_export_kind_writes_an_audit_row(demo, members, login, export, fmt):
    url, kind, target = export(demo, fmt)
    client = login(members[Role.POLICY])
    before = AuditEntry.objects.count()
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.count() == before + 1
    row = AuditEntry.objects.latest("pk")
    assert (row.actor, row.action, row.workspace_id, row.fmt) == (members[Role.POLICY].username, kind, demo.pk, fmt)
    assert row.target == target and row.created_at is not None
    assert row.purpose.endswith("downloaden")  # filled in from the action, typed by nobody


def test_a_screen_that_is_no_download_writes_no_audit_row(demo, members, login):
    client = login(members[Role.READER])
    client.get(f"/plan/{demo.slug}/samenvatting/?formaat=xlsx")  # a lezer may not export: the screen, no file
    client.get(f"/profiel/{demo.slug}/buurten/{_centrum(demo).pk}/export.csv")  # 403
    assert not AuditEntry.objects.filter(action__in=["profile_export", "summary_table_export"]).exists()


def test_viewing_the_door_to_door_addresses_is_audited_and_a_lezer_sees_none(demo, members, login):
    from zorgzaam.voices.models import Survey

    survey = Survey.objects.filter(workspace=demo, visits__isnull=False).distinct().first()
    url = f"/stemmen/{demo.slug}/bevraging/{survey.pk}/huisbezoeken/"
    reader = login(members[Role.READER])
    assert reader.get(url).status_code == 200
    assert not AuditEntry.objects.filter(action="addresses_view").exists()  # counts only: nothing personal shown
    worker = login(members[Role.PRACTICE])
    assert worker.get(url).status_code == 200
    row = AuditEntry.objects.get(action="addresses_view")
    assert (row.actor, row.object_kind, row.object_id) == (members[Role.PRACTICE].username, "voices.survey",
                                                           str(survey.pk))
    assert row.purpose == "adressen van het deur-aan-deurbezoek bekijken"


def test_an_audit_line_fits_its_columns_on_every_database(demo):
    # PostgreSQL refuses a value longer than its column (SQLite does not): a long format label is cut, not fatal
    from zorgzaam.workspaces.audit import record

    row = record(actor="x" * 150, action="report", workspace=demo, fmt="buurtanalyse", target="t" * 400)
    row.refresh_from_db()
    assert (row.fmt, len(row.target)) == ("buurtanaly", 300)
