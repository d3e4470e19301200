from django.apps import AppConfig


class EnvironmentConfig(AppConfig):
    name = "zorgzaam.environment"
    label = "environment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zorgzaam.environment import mismatch  # noqa: F401  the rules' message codes and parameter kinds
        from zorgzaam.workspaces.jobs import register_kind

        register_kind("network", "zorgzaam.environment.jobs.run_network_job")
        register_kind("facilities", "zorgzaam.environment.jobs.run_facilities_job")
