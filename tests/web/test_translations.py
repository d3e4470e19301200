"""Dutch first, English switchable: every string of the web app is translated and the shipped .mo is
the compiled .po; the language switch works without JavaScript."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest

import zorgzaam.web

LOCALE = Path(zorgzaam.web.__file__).parent / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(zorgzaam.web.__file__).parent / "templates"


def test_every_string_has_an_english_translation():
    po = polib.pofile(str(PO))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries()


def test_the_shipped_mo_is_the_compiled_po():
    po = polib.pofile(str(PO))
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1], entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_template_strings_are_in_the_catalogue():
    """A {% translate "…" %} added to a template without re-running makemessages is caught here."""
    known = {e.msgid.replace("%%", "%") for e in polib.pofile(str(PO))}
    missing = []
    for template in TEMPLATES.rglob("*.html"):
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
