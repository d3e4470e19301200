"""Follow-up in the database: self-assessment rounds, partners, steering and working groups, meetings and
consultations, signals to policy with their dossiers and status history, outcome harvests on the plan's
actions, and "you said, we did" pages for residents.

Rows that two people may edit at once carry a ``version``: an edit names the version it started from and a
stale one is refused by the service layer (:mod:`zorgzaam.followup.services`), nothing overwritten."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.followup import signals as sg


def _token() -> str:
    return secrets.token_urlsafe(24)


class SelfAssessment(models.Model):
    """One round of scoring the nine building blocks: by the team together or by one person."""

    TEAM, PERSON = "team", "person"
    SCOPES = [(TEAM, _("team samen")), (PERSON, _("één persoon"))]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="self_assessments")
    date = models.DateField(_("datum"))
    scope = models.CharField(_("wie scoorde"), max_length=10, choices=SCOPES, default=TEAM)
    person = models.CharField(_("persoon of perspectief"), max_length=150, blank=True,
                              help_text="e.g. 'praktijkwerker' or a first name; empty for the team")
    scores = models.JSONField(default=dict, help_text="building block code -> 1..5 or null (not assessed)")
    reflections = models.JSONField(default=dict, blank=True, help_text="part -> list of answers, one per question")
    notes = models.TextField(_("notities"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["date", "scope", "person", "id"]

    @property
    def perspective(self) -> str:
        return self.person or "team"


class Partner(models.Model):
    """An organisation (or informal group) the team works with. A contact person's private details are kept
    only when their consent is recorded."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="partners")
    organisation = models.CharField(_("organisatie"), max_length=200)
    contact_role = models.CharField(_("rol van de contactpersoon"), max_length=200, blank=True)
    contact_details = models.TextField(_("contactgegevens"), blank=True)
    consent_recorded = models.BooleanField(_("toestemming vastgelegd"), default=False)
    domain = models.CharField(_("domein"), max_length=200, blank=True)
    formal = models.BooleanField(_("formele partner"), default=True)
    purpose = models.TextField(_("doel van de samenwerking"), blank=True)
    multi_year_plan = models.CharField(_("link met het meerjarenplan"), max_length=300, blank=True)
    actor = models.OneToOneField("plan.Actor", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="partner", help_text="the plan's RASCI actor kept in step with it")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["organisation"]
        constraints = [models.UniqueConstraint(fields=["workspace", "organisation"], name="followup_partner_unique")]

    def __str__(self) -> str:
        return self.organisation


class Body(models.Model):
    """The steering group or a working group, with its members."""

    STEERING, WORKING = "steering_group", "working_group"
    KINDS = [(STEERING, _("stuurgroep")), (WORKING, _("werkgroep"))]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(max_length=20, choices=KINDS)
    name = models.CharField(_("naam"), max_length=200)
    members = models.ManyToManyField(Partner, blank=True, related_name="bodies")

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="followup_body_unique")]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A meeting or consultation: who was consulted, who came, what was on the agenda and decided."""

    CONSULTED = [
        ("steering_group", _("stuurgroep")), ("working_group", _("werkgroep")), ("residents", _("bewoners")),
        ("senior_associations", _("lokale ouderenverenigingen")), ("senior_council", _("seniorenadviesraad")),
        ("first_line", _("eerstelijnsactoren")), ("policy_domains", _("andere beleidsdomeinen")),
        ("other", _("andere")),
    ]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("datum"))
    consulted = models.CharField(_("wie werd geraadpleegd"), max_length=30, choices=CONSULTED)
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    title = models.CharField(_("titel"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("aantal aanwezigen"), null=True, blank=True)
    partners_present = models.ManyToManyField(Partner, blank=True, related_name="meetings")
    agenda = models.TextField(_("agenda"), blank=True)
    decisions = models.TextField(_("beslissingen"), blank=True)
    actions = models.ManyToManyField("plan.Action", blank=True, related_name="meetings")
    version = models.PositiveIntegerField(default=1)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-date", "id"]


class PolicyDossier(models.Model):
    """Several signals bundled into one dossier or advice to policy, with its own status."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="policy_dossiers")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    status = models.CharField(max_length=20, choices=[(k, v) for k, v in sg.STATUSES.items()],
                              default=sg.BUNDLED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.title


class PolicySignal(models.Model):
    """A signal to policy. Never a person's identity: the text is checked for personal data when saved."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="policy_signals")
    date = models.DateField(_("opgevangen op"))
    source = models.CharField(_("bron"), max_length=20, choices=[(k, v) for k, v in sg.SOURCES.items()])
    neighbourhood = models.ForeignKey("areas.Neighbourhood", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="policy_signals")
    kind = models.CharField(_("individueel of collectief"), max_length=12,
                            choices=[(k, v) for k, v in sg.KINDS.items()], default="collective")
    theme = models.CharField(_("thema"), max_length=120)
    description = models.TextField(_("omschrijving"))
    evidence = models.TextField(_("onderbouwing"), blank=True)
    addressees = models.JSONField(default=list, blank=True)
    forum = models.CharField(_("overlegorgaan of kanaal"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=[(k, v) for k, v in sg.STATUSES.items()],
                              default=sg.COLLECTED)
    sent_date = models.DateField(_("bezorgd op"), null=True, blank=True)
    result_text = models.TextField(_("resultaat"), blank=True)
    result_date = models.DateField(_("datum van het resultaat"), null=True, blank=True)
    dossier = models.ForeignKey(PolicyDossier, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="signals")
    version = models.PositiveIntegerField(default=1)
    created_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["workspace", "date"], name="followup_signal_date")]


class SignalStatusChange(models.Model):
    signal = models.ForeignKey(PolicySignal, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]


class Harvest(models.Model):
    """An outcome harvest on one of the plan's actions: reasoning back from what happened to why."""

    KEEP, ADJUST = "keep", "adjust"
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="harvests")
    action = models.ForeignKey("plan.Action", on_delete=models.CASCADE, related_name="harvests")
    date = models.DateField(_("datum"))
    period = models.CharField(_("periode"), max_length=100, blank=True)
    target_group = models.TextField(_("oorspronkelijke doelgroep"), blank=True)
    what_happened = models.TextField(_("wat gebeurde er"))
    results = models.TextField(_("resultaten en effecten"), blank=True)
    unintended = models.TextField(_("onbedoelde resultaten"), blank=True)
    reached = models.TextField(_("wie werd bereikt"), blank=True)
    missed = models.TextField(_("wie werd niet bereikt"), blank=True)
    change = models.TextField(_("wat veranderde er voor wie"), blank=True)
    factors = models.JSONField(default=list, blank=True, help_text='[{"code": …, "text": …, "checked": bool}]')
    evidence = models.JSONField(default=list, blank=True, help_text='[{"kind": …, "text": …}]')
    interviews = models.PositiveIntegerField(null=True, blank=True)
    conclusion = models.CharField(max_length=10, choices=[(KEEP, _("behouden")), (ADJUST, _("bijsturen"))],
                                  blank=True)
    conclusion_text = models.TextField(blank=True)
    effect = models.CharField(max_length=10, blank=True)  # large | limited
    effort = models.CharField(max_length=10, blank=True)  # small | large
    proposed_norms = models.TextField(blank=True)
    norms = models.ManyToManyField("plan.Norm", blank=True, related_name="harvests",
                                   help_text="the plan's norms made from this harvest's proposals")
    version = models.PositiveIntegerField(default=1)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-date", "id"]


class FeedbackPage(models.Model):
    """A "you said, we did" page for one neighbourhood: what was decided and why, and what will not be done
    and why. Public (no login) only while published; withdrawing stops its link and QR code."""

    DRAFT, PUBLISHED, WITHDRAWN = "draft", "published", "withdrawn"
    STATUSES = [(DRAFT, _("ontwerp")), (PUBLISHED, _("gepubliceerd")), (WITHDRAWN, _("ingetrokken"))]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="feedback_pages")
    neighbourhood = models.ForeignKey("areas.Neighbourhood", on_delete=models.CASCADE, related_name="feedback_pages")
    date = models.DateField(_("datum"))
    title = models.CharField(_("titel"), max_length=200)
    decided = models.TextField(_("wat we beslisten en waarom"))
    not_done = models.TextField(_("wat we niet doen en waarom"), blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=DRAFT)
    token = models.CharField(max_length=64, unique=True, default=_token)
    approved_by = models.CharField(max_length=150, blank=True)
    approved_version = models.PositiveIntegerField(null=True, blank=True)
    published_by = models.CharField(max_length=150, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.CharField(max_length=150, blank=True)
    edited_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]


class StreetNames(models.Model):
    """The municipality's street names, one per line: addresses with a house number in a public text are
    found with them (besides any word ending like a street name)."""

    workspace = models.OneToOneField("workspaces.Workspace", on_delete=models.CASCADE, related_name="street_names")
    names = models.TextField(blank=True)

    def as_list(self) -> list[str]:
        return [line.strip() for line in self.names.splitlines() if line.strip()]


class Initiative(models.Model):
    """An initiative that already runs (the vision workshop's inventory): who runs it, for whom, where (one or
    more neighbourhoods, or a point on the map) and which building blocks it serves."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="initiatives")
    name = models.CharField(_("naam"), max_length=200)
    runner = models.CharField(_("wie trekt het"), max_length=200, blank=True)
    for_whom = models.CharField(_("voor wie"), max_length=300, blank=True)
    neighbourhoods = models.ManyToManyField("areas.Neighbourhood", blank=True, related_name="initiatives")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    building_blocks = models.JSONField(default=list, blank=True, help_text="codes of workspaces.building_blocks")
    version = models.PositiveIntegerField(default=1)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
