"""The one audit log: every export and every view of personal data, by any app, goes through
:func:`record` (or :func:`record_download` from a view). The purpose is filled in from the action — nobody
types it — so a data-protection officer reads why each export happened."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from zorgzaam.workspaces.models import AuditEntry

# action → its purpose in words (Dutch msgid; shown translated). An app adds its own with register_actions.
PURPOSES: dict[str, str] = {
    "profile_export": gettext_noop("buurtprofiel downloaden"),
    "summary_table_export": gettext_noop("samenvattende tabel downloaden"),
    "environment_export": gettext_noop("omgeving (voorzieningen, bereik, loopbaarheid) downloaden"),
    "report": gettext_noop("rapport van een bevraging maken"),
    "responses": gettext_noop("antwoorden van een bevraging downloaden"),
    "respondent_export": gettext_noop("inzageverzoek: de gegevens van één deelnemer uitvoeren"),
    "erasure": gettext_noop("wisverzoek: de gegevens van één deelnemer wissen"),
    "purge": gettext_noop("bewaartermijn verstreken: contactgegevens wissen"),
    "merge": gettext_noop("antwoordcategorieën samenvoegen (kleine aantallen)"),
    "merge_removed": gettext_noop("samenvoeging van antwoordcategorieën ongedaan maken"),
    "addresses_view": gettext_noop("adressen van het deur-aan-deurbezoek bekijken"),
}


def register_actions(purposes: dict[str, str]) -> None:
    PURPOSES.update(purposes)


def record(*, actor: str, action: str, workspace=None, obj=None, fmt: str = "", target: str = "",
           detail: dict | None = None) -> AuditEntry:
    """Write one audit line. ``obj`` is the model instance concerned (its workspace is used when
    ``workspace`` is not given); ``detail`` holds ids and counts, never names or answers."""
    if workspace is None and obj is not None:
        workspace = getattr(obj, "workspace", None)
    return AuditEntry.objects.create(
        actor=actor or "onbekend", action=action, purpose=PURPOSES.get(action, action), workspace=workspace,
        object_kind=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "", fmt=fmt[:10], target=target[:300], detail=detail or {})


def record_download(request, workspace, action: str, *, fmt: str, target: str, obj=None, **detail) -> AuditEntry:
    """Audit a download (or a view of personal data) by the signed-in member of a web request."""
    return record(actor=request.user.get_username(), action=action, workspace=workspace, obj=obj, fmt=fmt,
                  target=target, detail=detail)
