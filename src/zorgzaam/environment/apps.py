from django.apps import AppConfig


class EnvironmentConfig(AppConfig):
    name = "zorgzaam.environment"
    label = "environment"
    default_auto_field = "django.db.models.BigAutoField"
