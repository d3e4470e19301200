"""Install the fictional demo municipality into the database (placeholder until the generator lands)."""


def install_demo() -> str:
    from zorgzaam.web.models import Workspace

    Workspace.objects.get_or_create(name="Demo Overbos (fictief)", defaults={"slug": "demo-overbos", "is_demo": True})
    return "Demo klaar (fictieve gemeente Overbos)."
