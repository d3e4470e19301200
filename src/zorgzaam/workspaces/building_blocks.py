"""The nine building blocks (bouwstenen) of the referentiekader, DESIGN.md §2: plain data on the ground floor
so every app can use them (the survey coding, the plan's goal tree, the follow-up's self-assessment and
initiative inventory, the reports). Labels are Dutch msgids, their English in the workspaces catalogue."""

from __future__ import annotations

from zorgzaam.messages import gettext, gettext_noop

# code -> Dutch msgid, in the method's order
BUILDING_BLOCKS: dict[str, str] = {
    "analysis_plan": gettext_noop("Buurt: analyse en plan"),
    "vision_organisation": gettext_noop("Visie en organisatie"),
    "communication": gettext_noop("Communicatie"),
    "partnerships": gettext_noop("Partnerschappen"),
    "public_space": gettext_noop("Publieke ruimte"),
    "detection": gettext_noop("Detectie"),
    "referral": gettext_noop("Toeleiding"),
    "social_networks": gettext_noop("Sociale netwerken"),
    "inclusion": gettext_noop("Inclusie"),
}
# The two groupings of the reference framework.
BUILDING_BLOCK_GROUPS: dict[str, tuple[str, ...]] = {
    "fewer_gaps": ("detection", "referral"),  # minder mazen
    "stronger_net": ("social_networks", "inclusion"),  # meer net
}


def block_label(code: str, lang: str | None = None) -> str:
    """A building block's name in the reader's language (the code itself when it is not a block)."""
    msgid = BUILDING_BLOCKS.get(code)
    return code if msgid is None else gettext(msgid, lang)


def check_building_blocks(codes: list[str]) -> list[str]:
    """The codes that are not building blocks (empty when all are known)."""
    return [c for c in codes if c not in BUILDING_BLOCKS]
