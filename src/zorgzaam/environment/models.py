"""Persistence for the environment analysis: facilities and stored street networks.

Computations live in the plain modules (taxonomy, osm, network, reach, supply, walkability, mismatch);
these models only keep what a team imported or entered."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Facility(models.Model):
    """A voorziening: a point (EPSG:31370, ``x``/``y`` in metres) of one category of the taxonomy.

    ``workspace`` empty = shared official data (registers, OpenStreetMap); otherwise the team's own.
    Retired facilities are kept (``is_retired``) so the history of a correction stays visible."""

    workspace = models.ForeignKey("workspaces.Workspace", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="facilities")
    name = models.CharField(_("naam"), max_length=300, blank=True)
    category = models.CharField(_("categorie"), max_length=40, db_index=True)
    x = models.FloatField()
    y = models.FloatField()
    address = models.CharField(_("adres"), max_length=300, blank=True)
    opening_hours = models.CharField(_("openingsuren"), max_length=300, blank=True)
    target_group = models.CharField(_("doelgroep"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    source_date = models.CharField(_("datum van de bron"), max_length=20, blank=True)
    source_ref = models.CharField(max_length=200, blank=True, help_text="id in the source, e.g. node/123")
    is_retired = models.BooleanField(_("niet meer actief"), default=False)
    is_fictional = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    edited_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "name"]
        indexes = [models.Index(fields=["workspace", "category"])]
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")

    def __str__(self) -> str:
        return f"{self.name} ({self.category})"


class StreetNetwork(models.Model):
    """A pedestrian network (and the residential buildings read with it) saved as a ``.npz`` file in the
    data directory; ``network.StreetNetwork.load`` reads it."""

    workspace = models.ForeignKey("workspaces.Workspace", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="street_networks")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)
    network_file = models.CharField(max_length=300)
    buildings_file = models.CharField(max_length=300, blank=True)
    node_count = models.PositiveIntegerField(default=0)
    edge_count = models.PositiveIntegerField(default=0)
    building_count = models.PositiveIntegerField(default=0)
    bounds = models.JSONField(default=list)
    is_fictional = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
