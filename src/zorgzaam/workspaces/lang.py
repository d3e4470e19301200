"""The page's language: the person's own choice, Dutch first.

The language buttons in the header (Django's ``set_language`` view) and the public form's ``?lang=``
store the choice in the language cookie; a page follows that cookie and nothing else. The browser's
Accept-Language header is never read: Zorgzaam is Dutch unless someone asks for English, whatever the
browser of a library computer or a borrowed phone happens to say.

``ui_lang`` gives the plain modules' messages (``zorgzaam.messages`` speaks nl and en) that language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def ui_lang() -> str:
    """'en' when the page is shown in English, else 'nl'."""
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


def chosen_language(request) -> str:
    """The language the person chose with the language button (its cookie), else Dutch."""
    offered = {code for code, _name in settings.LANGUAGES}
    asked = (request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or "").strip().lower()
    for candidate in (asked, asked.split("-")[0]):
        if candidate in offered:
            return candidate
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """In place of Django's LocaleMiddleware (which falls back on Accept-Language): activate the chosen
    language for the request. Responses vary on the cookie, never on Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
