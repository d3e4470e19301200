"""Dutch first, English switchable: every string of the web app is translated and the shipped .mo is
the compiled .po; the language switch works without JavaScript."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest

import zorgzaam.web

PACKAGE = Path(zorgzaam.web.__file__).parent.parent
CATALOGUES = sorted(PACKAGE.glob("*/locale/en/LC_MESSAGES/django.po"))  # one per app with screens
PO = PACKAGE / "web" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_app_with_templates_has_a_catalogue():
    apps_with_templates = {t.parent.name for t in PACKAGE.glob("*/templates")}
    assert apps_with_templates <= {c.parents[3].name for c in CATALOGUES}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_every_string_has_an_english_translation(catalogue):
    po = polib.pofile(str(catalogue))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries()


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_the_shipped_mo_is_the_compiled_po(catalogue):
    po = polib.pofile(str(catalogue))
    with catalogue.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1], entry.msgid
        elif entry.msgctxt:  # the same Dutch words, translated differently in another context
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, (entry.msgctxt, entry.msgid)
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_template_strings_are_in_the_catalogue(catalogue):
    """A {% translate "…" %} added to a template without re-running makemessages is caught here."""
    known = {e.msgid.replace("%%", "%") for e in polib.pofile(str(catalogue))}
    missing = []
    for template in (catalogue.parents[3] / "templates").rglob("*.html"):
        for text in re.findall(r'{% translate "([^"]+)"', template.read_text()):
            if text not in known:
                missing.append((template.name, text))
    assert not missing


@pytest.mark.django_db
def test_language_switch_without_javascript(demo, members, login):
    client = login(members["lezer"])
    page = client.get(f"/w/{demo.slug}/").content.decode()
    assert 'lang="nl"' in page and "Buurten" in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": f"/w/{demo.slug}/"})
    assert response.status_code == 302 and response["Location"] == f"/w/{demo.slug}/"
    page = client.get(f"/w/{demo.slug}/").content.decode()
    assert 'lang="en"' in page and "Neighbourhoods" in page and "Your role:" in page
    assert "made up" in page  # the fictional label in English too
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Buurten" in client.get(f"/w/{demo.slug}/").content.decode()


@pytest.mark.django_db
def test_messages_of_the_plain_modules_follow_the_page_language(demo, members, login):
    client = login(members["beheerder"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.post(f"/w/{demo.slug}/buurten/nieuw/", {"name": "Centrum en omgeving",
                                                         "sectors": ["99001A00-"]}).content.decode()
    assert "already exists in this workspace" in page


@pytest.mark.django_db
def test_the_page_follows_the_persons_choice_never_the_browser(demo, members, login):
    """Dutch first: an English browser still gets Dutch until the person presses English; a Dutch
    browser gets English once chosen. The response varies on the cookie, not on Accept-Language."""
    client = login(members["lezer"])
    url = f"/w/{demo.slug}/"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert 'lang="nl"' in response.content.decode() and response["Content-Language"] == "nl"
    assert "Accept-Language" not in response.get("Vary", "")
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9")
    assert 'lang="en"' in response.content.decode() and "Neighbourhoods" in response.content.decode()
    assert "Cookie" in response["Vary"]
    client.post("/i18n/setlang/", {"language": "nl", "next": url})
    assert 'lang="nl"' in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies["django_language"] = "fr"
    assert 'lang="nl"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "en-GB"
    assert 'lang="en"' in client.get("/").content.decode()
