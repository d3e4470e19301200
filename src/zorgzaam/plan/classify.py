"""A theme and a building block for every finding of the summary table (plain module, no Django).

The summary table gathers findings from four places that each have their own vocabulary: the indicator
catalogue (``profile/catalogue/indicators.toml``: every indicator has a ``theme``), the (mis)match rules
(``environment/data/mismatch_rules.toml``: every rule has a ``theme`` and a ``building_block``), the
survey item bank (``voices/data/item_bank.toml``: every question has a ``theme``) and the team's own
qualitative notes (free theme words and building blocks chosen per quote, strength or challenge). So a
steering group can filter one table, :func:`classify` maps each definition onto one short list of
themes (:data:`THEMES`) and onto the nine building blocks of the referentiekader
(``workspaces.building_blocks.BUILDING_BLOCKS``). A qualitative theme word that is not known here is kept as it is:
the team's own words stay theirs. The team can change both per finding.
"""

from __future__ import annotations

from collections.abc import Callable

from zorgzaam.messages import gettext, gettext_noop
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS

# The summary table's themes: code -> Dutch msgid (English in the plan catalogue). Plain words a steering
# group uses.
THEMES: dict[str, str] = {
    "population": gettext_noop("Bevolking en leeftijd"),
    "households": gettext_noop("Gezinnen en alleen wonen"),
    "children": gettext_noop("Kinderen en jonge gezinnen"),
    "income": gettext_noop("Inkomen en rondkomen"),
    "housing": gettext_noop("Wonen"),
    "origin": gettext_noop("Herkomst en taal"),
    "health": gettext_noop("Gezondheid en zorg"),
    "help": gettext_noop("Hulp en informatie"),
    "meeting": gettext_noop("Ontmoeting en buren"),
    "loneliness": gettext_noop("Eenzaamheid en welzijn"),
    "mobility": gettext_noop("Verkeer en bereikbaarheid"),
    "public_space": gettext_noop("Publieke ruimte en veiligheid"),
}

# The building block a theme belongs to when its definition names none.
THEME_BLOCK: dict[str, str] = {
    "population": "analysis_plan", "households": "social_networks", "children": "social_networks",
    "income": "detection", "housing": "analysis_plan", "origin": "inclusion", "health": "referral",
    "help": "referral", "meeting": "social_networks", "loneliness": "social_networks",
    "mobility": "public_space", "public_space": "public_space",
}

# Indicator catalogue themes -> (summary theme, building block).
CATALOGUE_THEMES: dict[str, tuple[str, str]] = {
    "population": ("population", "analysis_plan"),
    "age": ("population", "analysis_plan"),
    "coefficients": ("population", "analysis_plan"),
    "mobility": ("housing", "social_networks"),  # moves and residential stability
    "households": ("households", "social_networks"),
    "socioeconomic": ("income", "detection"),
    "housing": ("housing", "analysis_plan"),
    "origin": ("origin", "inclusion"),
    "health": ("health", "referral"),
    "team": ("help", "referral"),  # the team's own counts: OCMW support, partner services
}
# A few indicators say more than their catalogue theme.
INDICATOR_THEMES: dict[str, tuple[str, str]] = {
    "groene_druk": ("children", "social_networks"),
    "mantelzorgratio": ("health", "social_networks"),
    "share_living_alone_75plus": ("loneliness", "detection"),
    "share_living_alone_18_64": ("households", "social_networks"),
    "share_single_parent_households": ("children", "detection"),
    "share_pupils_low_educated_mother": ("children", "detection"),
}

# Survey item bank themes -> (summary theme, building block).
SURVEY_THEMES: dict[str, tuple[str, str]] = {
    "living": ("housing", "public_space"),
    "contact": ("meeting", "social_networks"),
    "wellbeing": ("loneliness", "social_networks"),
    "money": ("income", "detection"),
    "services": ("help", "referral"),
    "care": ("health", "referral"),
    "safety": ("public_space", "public_space"),
    "needs": ("meeting", "analysis_plan"),
    "background": ("population", "analysis_plan"),
    "involvement": ("meeting", "vision_organisation"),
}

# Words teams use for qualitative themes -> summary theme (matched on the lower-case word).
THEME_WORDS: dict[str, str] = {
    "ontmoeting": "meeting", "samenhang": "meeting", "sociale samenhang": "meeting", "buren": "meeting",
    "burenhulp": "meeting", "verenigingen": "meeting", "activiteiten": "meeting", "vrijwilligers": "meeting",
    "eenzaamheid": "loneliness", "welzijn": "loneliness", "isolement": "loneliness",
    "informatie": "help", "hulp": "help", "drempels": "help", "hulpaanbod": "help", "dienstverlening": "help",
    "verkeer": "mobility", "mobiliteit": "mobility", "vervoer": "mobility", "bus": "mobility",
    "toegankelijkheid": "public_space", "publieke ruimte": "public_space", "leefbaarheid": "public_space",
    "veiligheid": "public_space", "groen": "public_space", "netheid": "public_space",
    "voorzieningen": "public_space",
    "wonen": "housing", "woning": "housing", "huisvesting": "housing",
    "armoede": "income", "geld": "income", "inkomen": "income", "rondkomen": "income",
    "gezondheid": "health", "zorg": "health", "mantelzorg": "health", "dementie": "health",
    "kinderen": "children", "jongeren": "children", "gezinnen": "children", "opvang": "children",
    "taal": "origin", "herkomst": "origin", "nieuwkomers": "origin", "diversiteit": "origin",
}


def theme_label(code: str, lang: str = "nl") -> str:
    """The words for a theme: the summary table's own, or a team's free theme word as it is."""
    msgid = THEMES.get(code)
    if msgid is None:
        return code[:1].upper() + code[1:] if code else ""
    return gettext(msgid, lang)


def theme_from_word(word: str) -> str:
    """A team's theme word as a summary theme: a known word (or one containing a known word) maps onto
    :data:`THEMES`; anything else is kept, in lower case."""
    text = (word or "").strip().lower()
    if not text:
        return ""
    if text in THEMES:
        return text
    if text in THEME_WORDS:
        return THEME_WORDS[text]
    for known, theme in THEME_WORDS.items():
        if known in text:
            return theme
    return text


def classify(source: str, key: str, evidence: dict | None, *,
             indicator_theme: Callable[[str], str | None] | None = None,
             question_theme: Callable[[str], str | None] | None = None,
             rule_class: Callable[[str], tuple[str, str] | None] | None = None) -> tuple[str, str]:
    """(theme, building block) of a finding, from the definition that produced it:

    * ``profile``: the indicator (``evidence['indicator']``) and its catalogue theme (``indicator_theme``);
    * ``environment``: the rule (``key`` is its id) and the theme and building block it declares
      (``rule_class``), else its indicator's;
    * ``voices``: a survey question (``evidence['question']``) and its item bank theme
      (``question_theme``), or the themes and building blocks the team gave the quotes and notes.

    Either part is '' when nothing says it."""
    ev = evidence or {}
    indicator_theme = indicator_theme or (lambda code: None)
    question_theme = question_theme or (lambda code: None)
    rule_class = rule_class or (lambda rule: None)

    def from_indicator(code: str) -> tuple[str, str]:
        if code in INDICATOR_THEMES:
            return INDICATOR_THEMES[code]
        return CATALOGUE_THEMES.get(indicator_theme(code) or "", ("", ""))

    if source == "profile":
        return from_indicator(ev.get("indicator", "") or key.split(":")[0])
    if source == "environment":
        declared = rule_class(key)
        if declared and declared[0]:
            theme, block = declared
            return theme, block or THEME_BLOCK.get(theme, "")
        return from_indicator(ev.get("indicator", ""))
    if source == "voices":
        blocks = [b for b in ev.get("building_blocks") or [] if b in BUILDING_BLOCKS]
        if ev.get("question"):
            question = ev["question"]
            theme, block = SURVEY_THEMES.get(question_theme(question) or "", ("", ""))
            if not theme and question.startswith("dj"):  # the loneliness scale and its scores
                theme, block = SURVEY_THEMES["wellbeing"]
            return theme, block
        words = ev.get("themes") or ([ev["theme"]] if ev.get("theme") else [])
        themes = [t for t in (theme_from_word(w) for w in words) if t]
        known = [t for t in themes if t in THEMES]
        theme = (known or themes or [""])[0]
        return theme, (blocks[0] if blocks else THEME_BLOCK.get(theme, ""))
    return "", ""
