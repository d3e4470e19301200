"""The demo's prioritisation round (fictional Overbos): six themes from the summary table put to residents,
professionals and the steering group with dot voting, where residents and professionals clearly disagree
about the footpaths, and the team's decision about it with its reason. Called at the end of
``plan.demo.install_demo_findings``; idempotent (the demo round is made anew on every build)."""

from __future__ import annotations

from zorgzaam.plan import priority_service as service
from zorgzaam.plan.models import Finding
from zorgzaam.plan.priority_models import PriorityRound

TITLE = "Waar beginnen we in Overbos? (fictief)"
QUESTION = ("Je krijgt 5 stippen. Zet ze bij wat jij het dringendst vindt in je buurt. Meer stippen op één "
            "onderwerp mag. (Dit is een verzonnen demoronde.)")
# title, words of the summary-table finding it comes from ('' = written by hand)
THEMES = [
    ("Een vaste plek om elkaar te ontmoeten in het centrum", "Weinig plekken om elkaar"),
    ("Een bushalte dichter bij de oudere bewoners", ""),
    ("Veilige, brede voetpaden in de Kapelhoek", "Smalle en kapotte voetpaden"),
    ("Brieven en uitleg in eenvoudige taal", "Taal is een drempel"),
    ("80-plussers die alleen wonen vaker bezoeken", ""),
    ("Een plek voor jongeren rond de kerk", "Geen plek waar jongeren"),
]
# dots per theme (in the order above), times how many people voted so
BALLOTS = {  # residents: footpaths first, 80-plus visits fourth; professionals: visits first, footpaths fifth
    "residents": [((0, 1, 3, 0, 1, 0), 6), ((2, 1, 2, 0, 0, 0), 4), ((1, 2, 1, 1, 0, 0), 2), ((1, 1, 1, 1, 0, 1), 2)],
    "professionals": [((1, 1, 0, 0, 3, 0), 3), ((2, 1, 0, 1, 1, 0), 2), ((1, 0, 1, 1, 2, 0), 1),
                      ((1, 1, 1, 1, 0, 1), 1)],
    "steering": [((2, 1, 0, 0, 2, 0), 2), ((1, 1, 1, 0, 2, 0), 1), ((1, 1, 1, 1, 1, 0), 1)],
}
GROUPS = [("residents", "Bewoners"), ("professionals", "Professionals"), ("steering", "Stuurgroep")]
DECISION = ("Opnemen in het plan: de bewoners zetten de voetpaden duidelijk bovenaan, de professionals onderaan "
            "omdat zij er zelf weinig aan kunnen doen. We nodigen de dienst openbare werken uit in een werkgroep "
            "en koppelen terug naar de bewoners. (Fictief.)")


def install_demo_priorities(workspace) -> str:
    PriorityRound.objects.filter(workspace=workspace, is_fictional=True).delete()
    items = []
    for title, words in THEMES:
        finding = Finding.objects.filter(workspace=workspace, statement_nl__contains=words).first() if words else None
        items.append({"title": title, "finding": finding,
                      "description": finding.statement_nl if finding is not None else "", "theme": ""})
    round_ = service.create_round(workspace, title=TITLE, question=QUESTION, method="dots", dots=5, items=items,
                                  groups=GROUPS, created_by="demo", fictional=True)
    keys = [str(i.pk) for i in round_.items.all()]
    count = 0
    for group, patterns in BALLOTS.items():
        for dots, people in patterns:
            for _person in range(people):
                marks = {key: n for key, n in zip(keys, dots, strict=True) if n}
                if group == "residents":  # residents voted on their phones, the others on paper
                    service.cast_ballot(round_, group, marks, device=f"demo-phone-{count}")
                else:
                    service.cast_ballot(round_, group, marks, entered_by="demo")
                count += 1
    result = service.round_result(round_)
    footpaths = keys[2]
    service.record_decision(round_, int(footpaths), "take_up", DECISION, user="demo")
    gaps = ", ".join(next(i.title for i in result.items if i.key == d.item) for d in result.divergences)
    return f"  prioriteiten: 1 ronde, {count} stemmen in 3 groepen; groepen ver uit elkaar bij: {gaps}"
