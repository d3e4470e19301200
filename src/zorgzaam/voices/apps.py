from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "zorgzaam.voices"
    label = "voices"
    default_auto_field = "django.db.models.BigAutoField"
