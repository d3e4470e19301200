"""Areas (sectors and every level above them), the code crosswalk between vintages, and
neighbourhoods (named, versioned sets of whole sectors)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.areas.levels import Level

LEVEL_CHOICES = [(level.value, level.value) for level in Level]


class Area(models.Model):
    """One area of one level in one vintage (the set of codes valid from ``valid_from``).

    Geometry is WKB in EPSG:31370. ``geometry_kind`` says what it is: ``polygon`` (official,
    possibly simplified), ``approximate`` (derived, e.g. Voronoi cells of sector centroids clipped
    to their wijk), ``point`` (only a centroid is known) or empty (no location, e.g. ZZZZ)."""

    level = models.CharField(max_length=20, choices=LEVEL_CHOICES, db_index=True)
    code = models.CharField(max_length=20, db_index=True)
    vintage = models.CharField(max_length=10, help_text="e.g. 2025, 2024, 2018")
    name = models.CharField(max_length=200, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    geometry = models.BinaryField(null=True, blank=True)
    geometry_kind = models.CharField(max_length=12, blank=True, default="")
    centroid_x = models.FloatField(null=True, blank=True)
    centroid_y = models.FloatField(null=True, blank=True)
    is_locatable = models.BooleanField(default=True)
    source = models.CharField(max_length=200, blank=True)
    is_fictional = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "vintage"], name="area_unique_level_code_vintage"),
        ]
        indexes = [models.Index(fields=["level", "vintage"])]
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.level} {self.vintage})"


class AreaLink(models.Model):
    """``child`` lies wholly in ``parent``. Stored flat: a sector has one row for every level above it,
    so the areas of any level are a join away (never inferred from a code's prefix)."""

    child = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="child_links")
    parent_level = models.CharField(max_length=20, choices=LEVEL_CHOICES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "parent"], name="arealink_unique")]
        indexes = [models.Index(fields=["parent", "child"]), models.Index(fields=["child", "parent_level"])]


class SectorCrosswalk(models.Model):
    """A sector code of one vintage and the code(s) it became in another. ``share`` is the part of the
    old sector that went to the new one (1.0 for an unchanged or renamed sector)."""

    code_from = models.CharField(max_length=20, db_index=True)
    vintage_from = models.CharField(max_length=10)
    code_to = models.CharField(max_length=20, db_index=True)
    vintage_to = models.CharField(max_length=10)
    share = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code_from", "vintage_from", "code_to", "vintage_to"],
                                    name="crosswalk_unique"),
        ]


class ActiveNeighbourhoods(models.Manager):
    """The default manager: neighbourhoods that are not archived. Every list, profile and choice of every
    app reads ``Neighbourhood.objects`` (or ``workspace.neighbourhoods``), so an archived neighbourhood
    disappears from all of them at once; ``Neighbourhood.all_objects`` still finds it (to show it under
    "Gearchiveerd" and to restore it). Relations (a version's neighbourhood, a finding's) use the plain
    base manager, so nothing that points at an archived neighbourhood breaks."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class Neighbourhood(models.Model):
    """A buurt: a named set of whole sectors belonging to a workspace. Its content lives in versions;
    editing adds a version, so the history is kept. Archiving hides it without deleting anything; restoring
    brings it back with all its versions."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="neighbourhoods")
    name = models.CharField(_("naam"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.CharField(max_length=150, blank=True)

    objects = ActiveNeighbourhoods()
    all_objects = models.Manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="neighbourhood_unique_name")]
        ordering = ["name"]
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> "NeighbourhoodVersion | None":
        return self.versions.order_by("-number").first()


class NeighbourhoodVersion(models.Model):
    """One version of a neighbourhood: the sector codes (of one vintage) and the rule that chose them."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    vintage = models.CharField(max_length=10)
    sector_codes = models.JSONField(default=list)
    rule = models.CharField(max_length=40, help_text="sectors | area | polygon-centroid | polygon-area | split")
    rule_description = models.TextField(blank=True)
    source_area_code = models.CharField(max_length=20, blank=True)
    polygon_geojson = models.JSONField(null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["neighbourhood", "number"], name="nbh_version_unique")]
        ordering = ["neighbourhood", "number"]
