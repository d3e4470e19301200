from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "zorgzaam.plan"
    label = "plan"
    default_auto_field = "django.db.models.BigAutoField"
