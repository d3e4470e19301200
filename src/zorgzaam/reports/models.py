"""Exported reports: every export is kept as a new version (teams edit their Word copies, so an earlier
export is never overwritten), with who made it, when, from which inputs, and the file's checksum."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportExport(models.Model):
    KINDS = [("buurtanalyse", _("buurtanalyse")), ("profile_page", _("buurtprofiel op één blad")),
             ("residents", _("bewonersversie"))]
    FILE_PREFIXES = {"buurtanalyse": "buurtanalyse", "profile_page": "buurtprofiel", "residents": "bewonersversie"}
    FORMATS = [("docx", "Word"), ("pdf", "PDF"), ("html", "HTML")]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="report_exports")
    kind = models.CharField(max_length=30, choices=KINDS, default="buurtanalyse")
    format = models.CharField(max_length=10, choices=FORMATS)
    version = models.PositiveIntegerField(help_text="1, 2, … per workspace and kind")
    title = models.CharField(max_length=300, blank=True)
    draft = models.BooleanField(default=True, help_text="made while the checklist still had to-dos")
    inputs = models.JSONField(default=dict, help_text="dataset ids, neighbourhood versions, survey states, sections")
    file = models.CharField(max_length=300, help_text="relative to the data directory")
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "kind", "version"],
                                               name="report_export_version_unique")]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")

    @property
    def file_name(self) -> str:
        return f"{self.FILE_PREFIXES.get(self.kind, self.kind)}-v{self.version}.{self.format}"
