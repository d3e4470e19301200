from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "zorgzaam.profile"
    label = "profile"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from zorgzaam.profile import signals  # noqa: F401  the signals' message codes and parameter kinds
