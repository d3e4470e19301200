from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    """The core every other app stands on: workspaces, membership and roles, invitations, the audit log and
    background jobs. It imports no other app of Zorgzaam."""

    name = "zorgzaam.workspaces"
    label = "workspaces"
    default_auto_field = "django.db.models.BigAutoField"
