"""The survey export audit (voices.ExportAudit) joins the one audit log: its rows are copied, with the
purpose filled in from their kind; the voices table is dropped by voices' next migration."""

from django.db import migrations

PURPOSES = {
    "report": "rapport van een bevraging maken",
    "responses": "antwoorden van een bevraging downloaden",
    "respondent_export": "inzageverzoek: de gegevens van één deelnemer uitvoeren",
    "erasure": "wisverzoek: de gegevens van één deelnemer wissen",
    "purge": "bewaartermijn verstreken: contactgegevens wissen",
    "merge": "antwoordcategorieën samenvoegen (kleine aantallen)",
    "merge_removed": "samenvoeging van antwoordcategorieën ongedaan maken",
    "profile_export": "buurtprofiel downloaden",
    "summary_table_export": "samenvattende tabel downloaden",
    "environment_export": "omgeving (voorzieningen, bereik, loopbaarheid) downloaden",
}


def copy_rows(apps, schema_editor):
    old = apps.get_model("voices", "ExportAudit")
    new = apps.get_model("workspaces", "AuditEntry")
    for row in old.objects.order_by("pk").iterator():
        entry = new.objects.create(
            workspace_id=row.workspace_id, actor=row.actor, action=row.kind,
            purpose=(row.detail or {}).get("purpose") or PURPOSES.get(row.kind, row.kind),
            object_kind="voices.survey" if row.survey_id else "", object_id=str(row.survey_id or ""),
            fmt=row.fmt, target=row.target, detail=row.detail or {})
        new.objects.filter(pk=entry.pk).update(created_at=row.created_at)  # keep the original time


class Migration(migrations.Migration):

    dependencies = [
        ("workspaces", "0002_audit_log"),
        ("voices", "0004_workspace_core"),
    ]

    operations = [migrations.RunPython(copy_rows, migrations.RunPython.noop)]
