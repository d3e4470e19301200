"""The page's language for the plain modules' messages (``zorgzaam.messages`` speaks nl and en)."""

from __future__ import annotations

from django.utils import translation


def ui_lang() -> str:
    """'en' when the page is shown in English, else 'nl'."""
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"
