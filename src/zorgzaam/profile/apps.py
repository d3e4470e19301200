from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "zorgzaam.profile"
    label = "profile"
    default_auto_field = "django.db.models.BigAutoField"
