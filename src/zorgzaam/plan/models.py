"""The summary table (samenvattende tabel) and, later, the plan built on it.

A ``Finding`` is one row of a neighbourhood's summary table: a signal or a noteworthy figure from the
profile, the environment analysis or the residents' voices, with its evidence. The team accepts,
rejects or annotates it, and may mark that it confirms or contradicts another finding; accepted
findings are carried into challenges, goals and actions (DESIGN.md §2.5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.messages import render, stored_text


class Finding(models.Model):
    SOURCES = [("profile", _("cijfers")), ("environment", _("omgeving")), ("voices", _("bewoners")),
               ("team", _("team"))]
    STATUSES = [("open", _("te bekijken")), ("accepted", _("aanvaard")), ("rejected", _("verworpen"))]
    RELATIONS = [("", ""), ("confirms", _("bevestigt")), ("contradicts", _("spreekt tegen"))]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="findings")
    neighbourhood = models.ForeignKey("areas.Neighbourhood", null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="findings")
    area_level = models.CharField(max_length=20, blank=True)
    area_code = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=SOURCES)
    key = models.CharField(max_length=200, help_text="what it is about, e.g. share_80plus:higher")
    period = models.CharField(max_length=20, blank=True)
    statement_nl = models.TextField()
    statement_en = models.TextField(blank=True)
    question_nl = models.TextField(blank=True)
    question_en = models.TextField(blank=True)
    # A generated statement or question is kept as a message code with parameters and worded in the reader's
    # language (statement()); the texts above are then its Dutch wording, for search. Rows from before the
    # codes, and a team's own words, have no code: they read as stored.
    statement_code = models.CharField(max_length=80, blank=True, default="")
    statement_params = models.JSONField(default=dict, blank=True)
    question_code = models.CharField(max_length=80, blank=True, default="")
    question_params = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    hints = models.JSONField(default=dict, blank=True)
    pitfalls = models.JSONField(default=list, blank=True)
    theme = models.CharField(max_length=60, blank=True, help_text="plan.classify.THEMES or a team's own word")
    building_block = models.CharField(max_length=30, blank=True, help_text="one of the nine building blocks")
    classified_by = models.CharField(max_length=150, blank=True,
                                     help_text="who set theme and building block ('' = derived by the analysis)")
    status = models.CharField(max_length=10, choices=STATUSES, default="open")
    note = models.TextField(blank=True)
    relation = models.CharField(max_length=12, choices=RELATIONS, blank=True, default="")
    related = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_current = models.BooleanField(default=True, help_text="still found by the latest analysis")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "neighbourhood", "area_level", "area_code",
                                                       "source", "key"], name="finding_unique")]
        ordering = ["neighbourhood__name", "source", "key"]
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")

    def statement(self, lang: str | None = None) -> str:
        """In ``lang`` (default: the active language): worded from its code, else the stored text."""
        if self.statement_code:
            return render(self.statement_code, self.statement_params, lang=lang)
        return stored_text({"nl": self.statement_nl, "en": self.statement_en}, lang)

    def question(self, lang: str | None = None) -> str:
        if self.question_code:
            return render(self.question_code, self.question_params, lang=lang)
        return stored_text({"nl": self.question_nl, "en": self.question_en}, lang)

from zorgzaam.plan.priority_models import (  # noqa: E402,F401  prioritisation rounds
    PriorityBallot,
    PriorityDecision,
    PriorityGroup,
    PriorityItem,
    PriorityRound,
)
from zorgzaam.plan.tree_models import *  # noqa: E402,F401,F403  the plan: goal tree, actions, norms
