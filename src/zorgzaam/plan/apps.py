from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "zorgzaam.plan"
    label = "plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the findings' statement and question codes are registered when this module is imported; a
        # process that reads stored findings without building any (a report, a job worker) needs them too
        from zorgzaam.plan import findings  # noqa: F401
