"""The words of the method and of the indicator catalogue, explained in Dutch and English for the
glossary page (``/woordenlijst/``). Plain module: no Django."""

from __future__ import annotations

# (Dutch term, English term, Dutch explanation, English explanation), in the order a team meets them.
METHOD_WORDS = (
    ("buurt", "neighbourhood",
     "Het gebied waarvoor je team werkt: een naam en een reeks hele statistische sectoren, met een geschiedenis "
     "van elke wijziging.",
     "The area your team works for: a name and a set of whole statistical sectors, with a history of every "
     "change."),
    ("statistische sector", "statistical sector",
     "Het kleinste gebied waarvoor Statbel cijfers publiceert, met een code zoals 13003A00-. Buurten bestaan "
     "uit hele sectoren.",
     "The smallest area Statbel publishes figures for, with a code like 13003A00-. Neighbourhoods are made "
     "of whole sectors."),
    ("wijk", "district",
     "Een groep sectoren binnen een gemeente, zoals de provincies ze indelen.",
     "A group of sectors within a municipality, as the provinces define it."),
    ("deelgemeente", "sub-municipality",
     "Een vroegere gemeente die nu deel is van een grotere gemeente.",
     "A former municipality that is now part of a larger one."),
    ("eerstelijnszone", "primary care zone",
     "De regio waarin huisartsen, apotheken, welzijn en het lokaal bestuur samen de eerstelijnszorg regelen.",
     "The region in which GPs, pharmacies, welfare services and the local government organise primary care "
     "together."),
    ("indicator", "indicator",
     "Een cijfer dat Zorgzaam berekent uit tellingen: een teller gedeeld door een noemer, zoals het aandeel "
     "80-plussers.",
     "A figure Zorgzaam computes from counts: a numerator divided by a denominator, such as the share of "
     "residents aged 80+."),
    ("signaal", "signal",
     "Een cijfer dat opvalt tegenover de gemeente en andere gebieden. Het is een vraag om na te gaan met "
     "bewoners en partners, geen besluit.",
     "A figure that stands out against the municipality and other areas. It is a question to check with "
     "residents and partners, not a conclusion."),
    ("voorziening", "facility",
     "Een plek waar mensen terechtkunnen: huisarts, apotheek, winkel, bushalte, dienstencentrum, bank om te "
     "rusten …",
     "A place people can go to: GP, pharmacy, shop, bus stop, service centre, bench to rest …"),
    ("bevraging", "survey",
     "Een vragenlijst voor bewoners, op papier, aan de deur of online. We tonen nooit aantallen kleiner dan vijf.",
     "A questionnaire for residents, on paper, at the door or online. We never show counts smaller than five."),
    ("bevinding", "finding",
     "Een rij in de samenvattende tabel: wat de cijfers, de omgeving, de bevraging of de gesprekken toonden, "
     "met het bewijs erbij.",
     "A row of the summary table: what the figures, the environment, the survey or the conversations showed, "
     "with the evidence."),
    ("uitdaging", "challenge",
     "Een bevinding die het team aanvaardt als iets om aan te werken.",
     "A finding the team accepts as something to work on."),
    ("bouwsteen", "building block",
     "Een van de negen onderdelen van het referentiekader voor zorgzame buurten, zoals detectie, toeleiding, "
     "sociale netwerken en inclusie.",
     "One of the nine parts of the reference framework for caring neighbourhoods, such as detection, "
     "referral, social networks and inclusion."),
    ("werkruimte", "workspace",
     "Het project van een team in Zorgzaam: zijn buurten, gegevens, bevragingen en plan.",
     "A team's project in Zorgzaam: its neighbourhoods, data, surveys and plan."),
)


def catalogue_terms(catalogue) -> list[dict]:
    """The catalogue's indicators that carry an explanation, grouped by theme, in catalogue order."""
    groups: dict[str, dict] = {}
    for indicator in catalogue:
        if not indicator.explanation.get("nl"):
            continue
        theme = catalogue.themes.get(indicator.theme, {"nl": indicator.theme, "en": indicator.theme})
        group = groups.setdefault(indicator.theme, {"theme": theme, "terms": []})
        group["terms"].append({"id": indicator.id, "nl": indicator.name.get("nl", indicator.id),
                               "en": indicator.name.get("en", ""), "explanation_nl": indicator.explanation["nl"],
                               "explanation_en": indicator.explanation.get("en", "")})
    return list(groups.values())


def method_words() -> list[dict]:
    return [{"nl": nl, "en": en, "explanation_nl": e_nl, "explanation_en": e_en}
            for nl, en, e_nl, e_en in METHOD_WORDS]
