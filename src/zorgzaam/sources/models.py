"""Imported datasets. The measure values of a dataset live in one Parquet file in the data directory
(columns area_level, area_code, area_vintage, period, measure, value); the database holds what it is,
where it came from and its import report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dataset(models.Model):
    """One successful import. ``workspace`` is empty for official data shared by every workspace."""

    workspace = models.ForeignKey("workspaces.Workspace", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="datasets")
    name = models.CharField(_("naam"), max_length=300)
    format = models.CharField(max_length=40)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    file_name = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64, blank=True)
    values_file = models.CharField(max_length=300, help_text="Parquet file, relative to the data dir")
    levels = models.JSONField(default=list)
    periods = models.JSONField(default=list)
    measures = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict)
    is_fictional = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.name
