"""Prioritisation rounds (imported by ``plan.models``): a list of challenges or themes put to several groups
— residents, professionals, the steering group or the team's own — by ranking, top-3 or dot voting, on
paper (entered by a facilitator) or on the participant's phone through the round's link (no account).

- ``PriorityRound``: the round, its method, its link (``link_key``: the secret behind the signed link; a
  new key makes every old link useless) and whether the link takes votes (``status``).
- ``PriorityItem`` / ``PriorityGroup``: what is voted on (a challenge of the plan, a finding of the summary
  table or a theme typed in; the title is kept, so the round stays readable when its source changes), and
  who votes (with the group's weight in the
  combined ranking: equal by default, the team's choice otherwise).
- ``PriorityBallot``: one ballot, anonymous: a phone ballot carries a keyed hash of the device's own
  random token (one ballot per device; voting again replaces it), a paper ballot the facilitator who typed
  it. Its marks are the plain module's normal form (``plan.priorities``).
- ``PriorityDecision``: what the team decided about an item, with its reason (e.g. taking a theme up at
  the residents' request although another group ranked it low).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PriorityBallot", "PriorityDecision", "PriorityGroup", "PriorityItem", "PriorityRound"]


def new_link_key() -> str:
    return secrets.token_urlsafe(12)


class PriorityRound(models.Model):
    METHODS = [("ranking", _("rangschikken")), ("top3", _("top 3 kiezen")), ("dots", _("stippen verdelen"))]
    STATUSES = [("open", _("open")), ("closed", _("gesloten"))]

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="priority_rounds")
    title = models.CharField(_("titel"), max_length=200)
    question = models.TextField(_("uitleg voor wie stemt"), blank=True)
    method = models.CharField(_("manier van stemmen"), max_length=10, choices=METHODS, default="ranking")
    dots = models.PositiveSmallIntegerField(_("stippen per deelnemer"), default=5)
    threshold = models.PositiveSmallIntegerField(_("verschil in plaatsen dat opvalt"), default=2)
    status = models.CharField(_("link"), max_length=10, choices=STATUSES, default="open")
    link_key = models.CharField(max_length=40, unique=True, default=new_link_key,
                                help_text="the secret behind the signed link; renewed, every old link stops")
    is_fictional = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("prioriteringsronde")
        verbose_name_plural = _("prioriteringsrondes")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class PriorityItem(models.Model):
    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("uitdaging of thema"), max_length=300)
    description = models.TextField(_("toelichting"), blank=True, help_text="the finding or theme behind it")
    theme = models.CharField(max_length=60, blank=True)
    finding = models.ForeignKey("plan.Finding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    challenge = models.ForeignKey("plan.Challenge", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="priority_items")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class PriorityGroup(models.Model):
    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="groups")
    key = models.SlugField(max_length=60)
    name = models.CharField(_("groep"), max_length=120)
    weight = models.DecimalField(_("gewicht"), max_digits=6, decimal_places=2, default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="priority_group_key_unique")]

    def __str__(self) -> str:
        return self.name


class PriorityBallot(models.Model):
    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="ballots")
    group = models.ForeignKey(PriorityGroup, on_delete=models.CASCADE, related_name="ballots")
    device_hash = models.CharField(max_length=64, blank=True,
                                   help_text="keyed hash of the phone's own token; empty for a paper ballot")
    entered_by = models.CharField(max_length=150, blank=True, help_text="the facilitator who typed a paper ballot")
    marks = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["round", "device_hash"], condition=~models.Q(device_hash=""),
                                               name="priority_ballot_one_per_device")]

    @property
    def on_paper(self) -> bool:
        return not self.device_hash


class PriorityDecision(models.Model):
    CHOICES = [("take_up", _("opnemen in het plan")), ("later", _("later bekijken")),
               ("not_taken", _("niet opnemen"))]

    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(PriorityItem, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("beslissing"), max_length=12, choices=CHOICES)
    reason = models.TextField(_("reden"))
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
