from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "zorgzaam.followup"
    label = "followup"
    default_auto_field = "django.db.models.BigAutoField"
