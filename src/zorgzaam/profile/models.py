"""A team's own indicators, over its own counts. Results are computed, never stored as truth."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamIndicator(models.Model):
    """An indicator a team defines over measures it imported (e.g. persons with OCMW support per 100
    residents). It joins the catalogue in that workspace's profiles, with the same machinery."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="team_indicators")
    indicator_id = models.SlugField(max_length=80)
    name_nl = models.CharField(_("naam"), max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    explanation_nl = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    numerator = models.JSONField(default=list)
    denominator = models.JSONField(default=list, blank=True)
    scale = models.FloatField(default=100.0)
    unit = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "indicator_id"], name="team_indicator_unique")]
        ordering = ["indicator_id"]
        verbose_name = _("eigen indicator")
        verbose_name_plural = _("eigen indicatoren")

    def as_indicator(self):
        from zorgzaam.profile.catalogue import team_indicator

        return team_indicator(self.indicator_id, self.name_nl, list(self.numerator), list(self.denominator),
                              scale=self.scale, unit=self.unit, name_en=self.name_en,
                              explanation_nl=self.explanation_nl, explanation_en=self.explanation_en)
