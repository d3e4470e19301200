"""The words for the two resident counts of a neighbourhood, used by every screen and document that shows
one: the profile's sum of the sectors' population (``census``) and the environment's residents placed on
the map (``placed``). Plain module."""

from __future__ import annotations

from zorgzaam.messages import gettext, gettext_noop

# The two resident counts of a neighbourhood. They differ when a sector has no place on the map (no
# outline, no centre) or no population figure, so every screen and document names the one it shows.
RESIDENT_WORDS = {
    "census": gettext_noop("inwoners volgens de sectortelling"),
    "placed": gettext_noop("inwoners die op de kaart geplaatst konden worden"),
}
RESIDENT_EXPLANATION = {
    "census": gettext_noop("de som van de bevolking van de statistische sectoren van het gebied (zoals in het profiel)"),
    "placed": gettext_noop("de inwoners die verdeeld zijn over de woongebouwen of het middelpunt van hun sector; wie in een "
               "sector zonder plaats op de kaart woont, telt hier niet mee"),
}


def resident_words(kind: str, lang: str = "nl", capital: bool = False) -> str:
    """The plain words for one of the two resident counts (``census`` or ``placed``)."""
    text = gettext(RESIDENT_WORDS[kind], lang)
    return text[:1].upper() + text[1:] if capital else text
