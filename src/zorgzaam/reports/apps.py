from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zorgzaam.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from zorgzaam.workspaces.audit import register_actions
        from zorgzaam.workspaces.jobs import register_kind

        register_kind("report", "zorgzaam.reports.jobs.run_report_job")
        register_actions({"report_export": gettext_noop("rapport (buurtanalyse) maken en downloaden")})
