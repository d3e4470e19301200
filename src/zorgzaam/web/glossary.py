"""The words of the method and of the indicator catalogue, explained in Dutch and English for the
glossary page (``/woordenlijst/``). Plain module: no Django."""

from __future__ import annotations

# The method's words live beside the plain-language check that uses them (reports.plain_words): a
# document below the web floor explains them too.
from zorgzaam.reports.plain_words import METHOD_WORDS  # noqa: F401  (re-exported for the page and its tests)


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
