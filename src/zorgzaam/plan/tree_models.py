"""The neighbourhood plan in the database: vision, challenges, actors, the goal tree with its actions
(RASCI roles, status history, progress notes, counts), norms and measurements.

The tree is one table (:class:`GoalNode`): a long-term goal, strategic goals, sub-goals and actions are
nodes; an action's own fields live in :class:`Action`, whose primary key *is* the node's id. Ids come from
the database sequence, so they never change and are never handed out twice; the outline number people
read (``S1.O2 A7``) is computed by :mod:`zorgzaam.plan.goal_tree` from the place in the tree. A norm's
status is never stored: :mod:`zorgzaam.plan.norms` computes it from the measurements."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Vision", "PlanSettings", "Challenge", "Actor", "GoalNode", "Action", "ActionStatusChange",
           "RasciRole", "ProgressNote", "ActionCount", "Norm", "Measurement"]


class Vision(models.Model):
    """The shared definition of a caring neighbourhood: the touchstone shown above the plan."""

    workspace = models.OneToOneField("workspaces.Workspace", on_delete=models.CASCADE, related_name="plan_vision")
    text = models.TextField(_("visie"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("visie")
        verbose_name_plural = _("visies")


class PlanSettings(models.Model):
    """How a team keeps its plan: numbering per plan or per working group, its own words for the statuses
    (the meaning stays) and its own colours for the terms."""

    workspace = models.OneToOneField("workspaces.Workspace", on_delete=models.CASCADE, related_name="plan_settings")
    numbering = models.CharField(max_length=20, default="plan", choices=[("plan", _("doorlopend")),
                                                                          ("working_group", _("per werkgroep"))])
    status_names = models.JSONField(default=dict, blank=True, help_text='{"ongoing": {"nl": …, "en": …}}')
    term_colours = models.JSONField(default=dict, blank=True, help_text='{"KT": "#1b7a3a", …}')


class Challenge(models.Model):
    """An uitdaging: a broad description of the change wanted, for one or more neighbourhoods or a target
    group, made from findings of the summary table and/or written by hand."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    neighbourhoods = models.ManyToManyField("areas.Neighbourhood", blank=True, related_name="challenges")
    target_group = models.CharField(_("doelgroep"), max_length=300, blank=True)
    findings = models.ManyToManyField("plan.Finding", blank=True, related_name="challenges")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("uitdaging")
        verbose_name_plural = _("uitdagingen")

    def __str__(self) -> str:
        return self.title


class Actor(models.Model):
    """A person or organisation that takes a role in the plan (one list per workspace)."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    role = models.CharField(_("rol"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "organisation"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name", "organisation"], name="plan_actor_unique")]
        verbose_name = _("actor")
        verbose_name_plural = _("actoren")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class GoalNode(models.Model):
    LONG, STRATEGIC, OPERATIONAL, ACTION = "long", "strategic", "operational", "action"
    KINDS = [(LONG, _("doel op lange termijn")), (STRATEGIC, _("strategisch doel")),
             (OPERATIONAL, _("tussendoel")), (ACTION, _("actie"))]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="goal_nodes")
    kind = models.CharField(max_length=12, choices=KINDS)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveIntegerField(default=0)
    working_group = models.CharField(_("werkgroep"), max_length=100, blank=True)
    horizon_years = models.PositiveSmallIntegerField(_("termijn (jaren)"), null=True, blank=True)
    building_blocks = models.JSONField(default=list, blank=True, help_text="codes of voices.codes.BUILDING_BLOCKS")
    multi_year_plan_item = models.CharField(_("meerjarenplan"), max_length=200, blank=True)
    sdg = models.PositiveSmallIntegerField(_("SDG"), null=True, blank=True)
    challenges = models.ManyToManyField(Challenge, blank=True, related_name="goal_nodes")
    neighbourhoods = models.ManyToManyField("areas.Neighbourhood", blank=True, related_name="goal_nodes")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["parent_id", "position", "id"]
        indexes = [models.Index(fields=["workspace", "parent", "position"], name="plan_node_place")]
        verbose_name = _("onderdeel van het plan")
        verbose_name_plural = _("onderdelen van het plan")

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """An action's own fields. Its id is its node's id."""

    KT, MLT, LT = "KT", "MLT", "LT"
    TERMS = [(KT, _("korte termijn")), (MLT, _("middellange termijn")), (LT, _("lange termijn"))]
    STATUSES = [("not_started", _("niet gestart")), ("under_study", _("in onderzoek")), ("ongoing", _("lopend")),
                ("done", _("uitgevoerd")), ("recurring", _("terugkerend")),
                ("not_undertaken", _("niet ondernomen")), ("rejected", _("afgewezen of stopgezet"))]

    node = models.OneToOneField(GoalNode, primary_key=True, on_delete=models.CASCADE, related_name="action")
    term = models.CharField(_("termijn"), max_length=3, choices=TERMS, default=KT)
    target_group = models.TextField(_("doelgroep"), blank=True)
    owner = models.CharField(_("trekker"), max_length=200, blank=True)
    first_steps = models.TextField(_("eerste stappen en wie ze zet"), blank=True)
    agreements = models.TextField(_("afspraken en taakverdeling"), blank=True)
    next_evaluation = models.DateField(_("volgende evaluatie"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default="not_started")
    status_reason = models.TextField(_("reden"), blank=True)
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), null=True, blank=True,
                                                help_text="0-100, as published in Decidim's accountability")
    version = models.PositiveIntegerField(default=1, help_text="raised by every save; an edit names the version "
                                                               "it started from")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")


class ActionStatusChange(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=20, choices=Action.STATUSES)
    reason = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]


class RasciRole(models.Model):
    LETTERS = [("R", "Responsible"), ("A", "Accountable"), ("S", "Supportable"), ("C", "Consultable"),
               ("I", "Informable")]

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rasci")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="rasci_roles")
    letter = models.CharField(max_length=1, choices=LETTERS)

    class Meta:
        ordering = ["action", "letter", "actor__name"]
        constraints = [models.UniqueConstraint(fields=["action", "actor"], name="plan_rasci_one_letter")]


class ProgressNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("datum"))
    text = models.TextField(_("wat er gebeurde"))
    attachment = models.FileField(_("bijlage"), upload_to="plan/notes/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-date", "-id"]


class ActionCount(models.Model):
    """A count entered on an action for a date (e.g. families on the sign-in list); a counts-based norm
    divides it by a population figure. The registration module will feed the same rows."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="counts")
    date = models.DateField(_("datum"))
    label = models.CharField(_("wat geteld"), max_length=100)
    count = models.PositiveIntegerField(_("aantal"))
    note = models.TextField(blank=True)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=["action", "date", "label"], name="plan_count_unique")]


class Norm(models.Model):
    """When do we call an action or a goal a success: target, comparison, unit, deadline, baseline, and the
    indicator it is measured with (one of four sources)."""

    CATALOGUE, SURVEY, COUNTS, TYPED = "catalogue", "survey", "counts", "typed"
    SOURCES = [(CATALOGUE, _("cijfer uit het buurtprofiel")), (SURVEY, _("vraag uit een bevraging")),
               (COUNTS, _("tellingen bij de actie")), (TYPED, _("ingevoerde waarde met bewijs"))]
    COMPARISONS = [(">=", "≥"), ("<=", "≤"), ("=", "=")]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="norms")
    node = models.ForeignKey(GoalNode, on_delete=models.CASCADE, related_name="norms")
    description = models.TextField(_("norm"))
    source_kind = models.CharField(_("bron"), max_length=12, choices=SOURCES)
    neighbourhood = models.ForeignKey("areas.Neighbourhood", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="plan_norms")
    indicator_id = models.CharField(_("indicator"), max_length=80, blank=True, help_text="catalogue indicator")
    question = models.ForeignKey("voices.Question", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="plan_norms")
    question_code = models.CharField(max_length=80, blank=True, help_text="kept when the question is deleted")
    answers = models.JSONField(default=list, blank=True, help_text="answer codes counted as 'yes'")
    count_label = models.CharField(max_length=100, blank=True, help_text="which counts of the action")
    denominator_indicator = models.CharField(max_length=80, blank=True,
                                             help_text="catalogue indicator giving the population figure")
    denominator_part = models.CharField(max_length=12, blank=True, default="value",
                                        help_text="value, numerator or denominator of that indicator")
    denominator_value = models.FloatField(null=True, blank=True, help_text="a population figure typed by the team")
    how_measured = models.TextField(_("hoe gemeten"), blank=True)
    target = models.FloatField(_("doelwaarde"))
    comparison = models.CharField(max_length=2, choices=COMPARISONS, default=">=")
    unit = models.CharField(_("eenheid"), max_length=20, default="%", blank=True)
    tolerance = models.FloatField(default=0)
    deadline = models.DateField(_("tegen"), null=True, blank=True)
    every_months = models.PositiveSmallIntegerField(_("meten om de … maanden"), null=True, blank=True)
    baseline_value = models.FloatField(_("beginwaarde"), null=True, blank=True)
    baseline_date = models.DateField(_("datum beginwaarde"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["node_id", "id"]
        verbose_name = _("norm")
        verbose_name_plural = _("normen")

    def __str__(self) -> str:
        return self.description


class Measurement(models.Model):
    TYPED, COMPUTED = "typed", "computed"

    norm = models.ForeignKey(Norm, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("datum"))
    value = models.FloatField(_("waarde"))
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    shown = models.BooleanField(default=True, help_text="False: under the minimum cell size")
    reliability = models.CharField(max_length=40, blank=True)
    source_note = models.TextField(_("bron en bewijs"), blank=True)
    origin = models.CharField(max_length=10, default=TYPED, choices=[(TYPED, _("ingevoerd")),
                                                                      (COMPUTED, _("berekend"))])
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["norm_id", "date"]
        constraints = [models.UniqueConstraint(fields=["norm", "date"], name="plan_measurement_one_per_day")]
