from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "zorgzaam.followup"
    label = "followup"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from zorgzaam.followup.services import due_moments
        from zorgzaam.plan.due import register_due_source

        register_due_source(due_moments)  # meetings and feedback moments in the overview's "what's due"
