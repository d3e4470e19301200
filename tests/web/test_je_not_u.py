"""The product speaks to its users with *je*, never with the formal *u*/*uw* (issue 13: the interface mixed
both). The survey's validated questions from the item bank keep their wording, and so does the text
around them that a resident reads on the same page (the public form, the paper questionnaire, its
poster and invitation codes): a resident is addressed one way, as the validated questions do."""

from __future__ import annotations

import re
from pathlib import Path

import polib

import zorgzaam.web

PACKAGE = Path(zorgzaam.web.__file__).parent.parent
FORMAL = re.compile(r"(?<![\w-])(u|uw|uzelf)(?![\w-])", re.IGNORECASE)

# What a resident reads beside the item bank's questions (which say "u"): one voice on one page.
RESIDENT_FACING = {
    "voices/templates/voices/_question.html", "voices/templates/voices/contact.html",
    "voices/templates/voices/finish.html", "voices/templates/voices/page.html",
    "voices/templates/voices/print.html", "voices/templates/voices/start.html",
    "voices/templates/voices/staff/survey_codes.html", "voices/templates/voices/staff/survey_poster.html",
    "voices/views.py",
    "voices/services.py",  # the public form's notices (survey closed, invitation code needed)
}
# Still to change by the engineers who own these screens (the neighbourhood and environment screens);
# each must still contain a formal form, so this list can only shrink.
NOT_YET: set[str] = set()


def _dutch_msgids():
    for catalogue in sorted(PACKAGE.glob("*/locale/en/LC_MESSAGES/django.po")):
        app = catalogue.parents[3].name
        for entry in polib.pofile(str(catalogue)):
            for path, _line in entry.occurrences:
                yield f"{app}/{path}", entry.msgid


def _template_texts():
    """The words of every template: tags, variables, comments and HTML markup removed."""
    for template in sorted(PACKAGE.glob("*/templates/**/*.html")):
        text = template.read_text()
        text = re.sub(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", text, flags=re.S)
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]*>", " ", text, flags=re.S)
        yield str(template.relative_to(PACKAGE)), text


def _formal(source):
    return [(where, text.strip()[:90]) for where, text in source
            if FORMAL.search(text) and where not in RESIDENT_FACING | NOT_YET]


def test_the_catalogues_dutch_texts_say_je():
    assert _formal(_dutch_msgids()) == []


def test_the_templates_say_je():
    assert _formal(_template_texts()) == []


def test_the_plain_modules_say_je():
    """Dutch messages outside the catalogues (the nl/en message tables of the plain modules)."""
    found = []
    for module in sorted(PACKAGE.glob("*/*.py")):
        where = str(module.relative_to(PACKAGE))
        if where in RESIDENT_FACING | NOT_YET:
            continue
        for string in re.findall(r'"((?:[^"\\\n]|\\.)*)"', module.read_text()):
            if " " in string and FORMAL.search(string) and re.search(r"\b(de|het|een|je|niet)\b", string):
                found.append((where, string[:90]))
    assert found == []


def test_the_not_yet_list_only_shrinks():
    for where in NOT_YET:
        assert FORMAL.search((PACKAGE / where).read_text()), f"{where} says je now: take it off NOT_YET"
