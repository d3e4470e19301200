"""The words of the method and of the indicator catalogue, explained in Dutch and English for the
glossary page (``/woordenlijst/``). Plain module: no Django."""

from __future__ import annotations

# The method's words live beside the plain-language check that uses them (reports.plain_words): a
# document below the web floor explains them too.
from zorgzaam.reports.plain_words import METHOD_WORDS, method_word  # METHOD_WORDS re-exported for its tests


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
    """The method's words with the Dutch and the English term (the page shows both) and their explanation."""
    return [{"nl": method_word(term, "nl"), "en": method_word(term, "en"),
             "explanation_nl": method_word(explanation, "nl"), "explanation_en": method_word(explanation, "en")}
            for term, explanation in METHOD_WORDS]
