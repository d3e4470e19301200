"""The demo's summary table, filled: the signals of every demo neighbourhood collected (figures,
environment, residents), with a few decisions a team might have taken in its first meeting, so a first
visit shows a table to work with. Called by ``web.demo.install_demo(findings=True)`` (what ``zorgzaam
demo`` does); idempotent: collecting again keeps decisions, and the decisions are set again."""

from __future__ import annotations

from zorgzaam.plan.demo_plan import install_demo_plan
from zorgzaam.plan.demo_priorities import install_demo_priorities
from zorgzaam.plan.findings import apply_decisions, refresh_neighbourhood, relate
from zorgzaam.plan.models import Finding

# neighbourhood name -> decisions: (source, key or words in the statement, status, note)
DECISIONS: dict[str, list[tuple[str, str, str, str]]] = {
    "Centrum en omgeving": [
        ("environment", "older_no_bus_stop", "accepted",
         "Herkend in de focusgroep. Navragen bij de vervoersmaatschappij of een halte aan het plein kan (fictief)."),
        ("voices", "Weinig plekken om elkaar", "accepted",
         "Eerste prioriteit volgens de stuurgroep: een vaste koffiemoment in het dienstencentrum uitproberen."),
        ("profile", "share_owners:lower", "rejected", "Zegt hetzelfde als het aandeel huurders; die bevinding houden we."),
    ],
    "Wijk Kapelhoek": [
        ("voices", "Smalle en kapotte voetpaden", "accepted",
         "Meenemen naar het overleg met de dienst openbare werken, met de route van het wandelinterview."),
        ("profile", "share_non_belgian_origin:lower", "rejected", "Geen aandachtspunt voor dit buurtplan."),
    ],
    "Rond de kerk (getekend)": [
        ("voices", "Taal is een drempel", "accepted",
         "Samen met de school en het ziekenfonds bekijken hoe brieven in eenvoudige taal kunnen."),
        ("environment", "alone_no_meeting_place", "accepted", ""),
    ],
}
# a residents' finding that confirms a figure: (neighbourhood, words in the voices statement, key of the figure)
LINKS = [("Centrum en omgeving", "Weinig plekken om elkaar", "alone_no_meeting_place"),
         ("Rond de kerk (getekend)", "Geen plek waar jongeren", "alone_no_meeting_place")]


def _find(neighbourhood, source: str, what: str) -> Finding | None:
    found = Finding.objects.filter(neighbourhood=neighbourhood, source=source)
    return found.filter(key=what).first() or found.filter(statement_nl__contains=what).first()


def install_demo_findings(workspace) -> str:
    from zorgzaam.areas.models import Neighbourhood

    neighbourhoods = list(Neighbourhood.objects.filter(workspace=workspace).order_by("name"))
    for neighbourhood in neighbourhoods:
        refresh_neighbourhood(neighbourhood)
    # the demo's notes and quotes are made anew on every build: their old findings are gone, not 'no longer found'
    Finding.objects.filter(workspace=workspace, is_current=False).delete()
    changes = {}
    for neighbourhood in neighbourhoods:
        for source, what, status, note in DECISIONS.get(neighbourhood.name, []):
            finding = _find(neighbourhood, source, what)
            if finding is not None:
                changes[finding.pk] = {"status": status, "note": note}
    decided = apply_decisions(workspace, changes, user="demo") if changes else 0
    by_name = {n.name: n for n in neighbourhoods}
    linked = 0
    for name, words, figure_key in LINKS:
        neighbourhood = by_name.get(name)
        voice = _find(neighbourhood, "voices", words) if neighbourhood else None
        figure = Finding.objects.filter(neighbourhood=neighbourhood, key=figure_key).first() if neighbourhood else None
        if voice is not None and figure is not None:
            relate(voice, figure, "confirms")
            linked += 1
    total = Finding.objects.filter(workspace=workspace).count()
    return (f"  samenvatting: {total} bevindingen in {len(neighbourhoods)} buurten, waarvan {len(changes)} al "
            f"beslist ({decided} nu gewijzigd) en {linked} gekoppeld") + "\n" + install_demo_priorities(workspace) \
        + "\n" + install_demo_plan(workspace)
