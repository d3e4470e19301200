from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "zorgzaam.sources"
    label = "sources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zorgzaam.workspaces.jobs import register_kind

        register_kind("import", "zorgzaam.sources.jobs.run_import_job")

        from zorgzaam.areas.neighbourhood_service import use_population_source
        from zorgzaam.sources.store import sector_population

        use_population_source(sector_population)
