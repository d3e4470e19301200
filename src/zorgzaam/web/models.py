"""Workspaces: an organisation's project owns everything a team makes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Workspace(models.Model):
    """A team's project (werkruimte), e.g. 'Zorgzaam Balen 2026'."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    is_demo = models.BooleanField(_("fictieve demo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("werkruimte")
        verbose_name_plural = _("werkruimtes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
