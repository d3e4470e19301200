"""The core app's models. Workspaces (an organisation's project owns everything a team makes), who may do what in them,
invitations by link, and background jobs (imports) with their progress."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Workspace(models.Model):
    """A team's project (werkruimte), e.g. 'Zorgzaam Balen 2026'."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    municipality = models.CharField(
        _("gemeente (NIS-code)"), max_length=20, blank=True,
        help_text=_("De gemeente waarvan de kaart de sectoren en wijken toont."))
    is_demo = models.BooleanField(_("fictieve demo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "web_workspace"  # the table this model had when it lived in the web app
        verbose_name = _("werkruimte")
        verbose_name_plural = _("werkruimtes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """A member's role in one workspace. What each role may do is in ``web.permissions``."""

    ADMIN = "beheerder", _("beheerder")
    POLICY = "beleidsmedewerker", _("beleidsmedewerker")
    PRACTICE = "praktijkwerker", _("praktijkwerker")
    FACILITATOR = "procesbegeleider", _("procesbegeleider")
    READER = "lezer", _("lezer")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.READER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "web_membership"  # the table this model had when it lived in the web app
        constraints = [models.UniqueConstraint(fields=["user", "workspace"], name="membership_unique")]
        ordering = ["workspace", "user__username"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} — {self.workspace} ({self.role})"


def _token() -> str:
    return secrets.token_urlsafe(32)


INVITATION_DAYS = 14


def _expiry():
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    """A link that lets one person join a workspace with a role, until it expires or is used."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.READER)
    email = models.EmailField(_("e-mailadres"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_expiry)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "web_invitation"  # the table this model had when it lived in the web app
        ordering = ["-created_at"]

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class Job(models.Model):
    """Long work (an import) run in the background; the screen polls its status and progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("wacht")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=40, default="import")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0 … 100
    step = models.CharField(max_length=40, blank=True)  # a code, shown translated
    params = models.JSONField(default=dict)
    error = models.JSONField(null=True, blank=True)  # {"nl": …, "en": …}
    report = models.JSONField(null=True, blank=True)  # a record in no language (older rows: {"nl": …, "en": …})
    dataset = models.ForeignKey("sources.Dataset", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # the process running the job (host|boot|pid|start; workspaces.jobs.process_id); a running job whose process is
    # gone is queued again at start-up (once: see attempts)
    runner = models.CharField(max_length=200, blank=True, default="")
    # how often a worker started it: a job whose process died while running it runs once more, then fails
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "web_job"  # the table this model had when it lived in the web app
        ordering = ["-created_at"]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class AuditEntry(models.Model):
    """One line of the audit log: every export and every view of personal data — who (``actor``), when,
    what (``object_kind``/``object_id``, ``target``: a file name or a pseudonym, never a person's name) and
    the action, whose purpose in words is filled in from the action (:mod:`zorgzaam.workspaces.audit`);
    nobody types it. Holds no answers and no names."""

    workspace = models.ForeignKey(Workspace, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="audit_entries")
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    purpose = models.CharField(max_length=200)
    object_kind = models.CharField(max_length=60, blank=True, help_text="app_label.model, e.g. voices.survey")
    object_id = models.CharField(max_length=64, blank=True)
    fmt = models.CharField(max_length=10, blank=True)
    target = models.CharField(max_length=300, blank=True, help_text="file name or pseudonym, never a name")
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="audit_workspace_time")]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
