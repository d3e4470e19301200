"""One translation system (issue 12 item 3): gettext everywhere, the plain modules included.

With English active, a CLI error, a generated signal and a job's failure message hold no Dutch; no code
branches on ``lang == "nl"`` and no message table keeps (Dutch, English) pairs; every msgid the code uses
has its English in a catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

import zorgzaam
from zorgzaam.messages import CATALOGUE, Problem, current_language, gettext, render, stored_text

PACKAGE = Path(zorgzaam.__file__).parent

# Common Dutch words that do not occur in English sentences.
DUTCH_WORDS = {"de", "het", "een", "niet", "van", "voor", "je", "jij", "jouw", "werkruimte", "buurt", "buurten",
               "gebied", "gebieden", "bestand", "taak", "fout", "opnieuw", "geen", "ligt", "dan", "naar", "bij",
               "wat", "dit", "deze", "dat", "zijn", "wordt", "kan", "ook", "hoger", "lager", "als", "zo",
               "gemeente", "eerstelijnszone", "bewoners", "toets", "gesprekken", "eenzaamheid", "mislukt",
               "programma", "probeer", "beheerder", "installatie", "onbekend", "soort", "afgebroken", "en"}


def dutch_words_in(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-zà-ÿ]+", text.lower()) if word in DUTCH_WORDS}


@pytest.fixture
def english():
    translation.activate("en")
    yield
    translation.deactivate()


# ------------------------------------------------------------------------------------------ English everywhere

@pytest.mark.django_db
def test_a_cli_error_in_english_holds_no_dutch(capsys, monkeypatch):
    from zorgzaam.cli import main
    from zorgzaam.workspaces.models import Workspace

    monkeypatch.setenv("ZORGZAAM_LANG", "nl")  # --lang wins over the environment
    Workspace.objects.create(name="Team", slug="team")
    assert main(["--lang", "en", "profile", "Xyzzy", "--workspace", "team"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Error: ") and "Xyzzy" in error
    assert not dutch_words_in(error.replace("Xyzzy", "")), error
    assert current_language() == "en"  # the environment keeps --lang for the process, as before
    monkeypatch.setenv("ZORGZAAM_LANG", "nl")
    assert translation.get_language() != "en"  # but Django's active language ends with the command


@pytest.mark.django_db
def test_the_same_cli_error_in_dutch(capsys, monkeypatch):
    from zorgzaam.cli import main
    from zorgzaam.workspaces.models import Workspace

    monkeypatch.setenv("ZORGZAAM_LANG", "nl")
    Workspace.objects.create(name="Team", slug="team")
    assert main(["--lang", "nl", "profile", "Xyzzy", "--workspace", "team"]) == 1
    assert capsys.readouterr().err.startswith("Fout: 'Xyzzy' is geen buurt van deze werkruimte")


def test_a_generated_signal_read_in_english_holds_no_dutch(english):
    import numpy as np
    import pandas as pd

    from zorgzaam.profile.catalogue import load_catalogue
    from zorgzaam.profile.compare import compare
    from zorgzaam.profile.signals import find_signals

    focus, municipality, carezone = ("neighbourhood", "Xa", ""), ("municipality", "13003", "2025"), \
        ("carezone", "elz3", "2025")
    rows = [(*focus, "2024", "share_80plus", 16.0, 160, 1000, "ok", ""),
            (*municipality, "2024", "share_80plus", 8.0, 1800, 22500, "ok", ""),
            (*carezone, "2024", "share_80plus", 7.5, 9000, 120000, "ok", ""),
            (*focus, "2024", "population", 1000, 1000, np.nan, "ok", "")]
    table = pd.DataFrame(rows, columns=["level", "code", "vintage", "period", "indicator", "value", "numerator",
                                        "denominator", "status", "reliability"]).assign(reason_code="")
    names = {focus: "Xa", municipality: "Xb", carezone: "Xc"}
    signal = find_signals(table, compare(table, focus, [municipality, carezone]), load_catalogue(), focus, names,
                          focus_name="Xa")[0]
    lang = current_language()
    assert lang == "en"
    text = f"{signal.statement[lang]} {signal.question[lang]}"
    assert "about twice as high as" in text and "the municipality Xb" in text
    assert not dutch_words_in(text), text


@pytest.mark.django_db
def test_a_job_failure_read_in_english_holds_no_dutch(english):
    from zorgzaam.workspaces import jobs
    from zorgzaam.workspaces.models import Job, Workspace

    workspace = Workspace.objects.create(name="Team", slug="team")
    job = Job.objects.create(workspace=workspace, kind="no such kind", runner=jobs.process_id(), params={})
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == {"code": "job_unknown_kind", "params": {}}  # stored without a language
    for code in ("job_unknown_kind", "job_failed_unexpectedly", "job_interrupted"):
        job.error = Problem(code).as_record()
        shown = jobs.job_state(job, "en")["error"]
        assert shown and shown == jobs.error_text(job) and not dutch_words_in(shown), shown
        assert jobs.error_text(job, "nl") == render(code, lang="nl") != shown


def test_an_old_job_error_stored_in_both_languages_stays_readable():
    old = {"nl": "Het bestand is leeg.", "en": "The file is empty."}
    assert stored_text(old, "en") == "The file is empty." and stored_text(old, "nl") == "Het bestand is leeg."
    assert stored_text({"code": "file_empty", "params": {}}, "en") == "The file is empty."


# ------------------------------------------------------------------------------------------ one system

def _python_files():
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


# Words that mark a sentence as Dutch or as English ("of" is Dutch "or", so it only marks English when no
# Dutch word is there; "in" and "is" are both).
DUTCH_MARKERS = {"de", "het", "een", "niet", "van", "voor", "je", "jouw", "zijn", "wordt", "geen", "naar", "bij",
                 "wat", "dit", "deze", "dat", "ook", "als", "en", "er", "op", "met", "om", "te", "dan", "kan", "uit",
                 "nog", "wie", "hoe", "waar", "hier", "worden", "heeft"}
ENGLISH_MARKERS = {"the", "and", "of", "to", "with", "for", "not", "this", "that", "your", "you", "from", "which",
                   "there", "their", "has", "have", "been", "be", "by", "or", "an", "at", "it", "its", "than", "will",
                   "no", "who", "how", "where", "here", "are", "were"}
_TAG = re.compile(r"[a-z]{2}([-_][A-Za-z]{2})?")  # a language tag ("nl", "en-GB") is not text


def _marker_words(text: str) -> set[str]:
    return set(re.findall(r"[a-zà-ÿ']+", text.lower()))


def _reads_dutch(text: str) -> bool:
    words = _marker_words(text)
    return bool(words & DUTCH_MARKERS) and not words & (ENGLISH_MARKERS - DUTCH_MARKERS - {"of"})


def _reads_english(text: str) -> bool:
    words = _marker_words(text)
    return bool(words & ENGLISH_MARKERS) and not words & DUTCH_MARKERS


def _literal_text(node) -> str | None:
    """A string literal, also one marked as a msgid (``gettext_noop("…")``, ``_("…")``); else None."""
    if isinstance(node, ast.Call) and node.args and getattr(node.func, "id", getattr(node.func, "attr", "")) in \
            ("gettext_noop", "gettext", "gettext_lazy", "_", "pgettext"):
        node = node.args[-1]
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_text(node) -> bool:
    text = _literal_text(node)
    return bool(text and re.search(r"[A-Za-z]", text) and not _TAG.fullmatch(text))


def _holds_text(node) -> bool:
    """A text, or a literal table (dict, list, tuple) with a text in it."""
    if isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
        return any(_holds_text(child) for child in ast.iter_child_nodes(node))
    return _is_text(node)


def _per_language(name: str) -> bool:
    return name in ("nl", "en") or name.endswith(("_nl", "_en"))


def _bound_names(target) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Attribute):
        return [target.attr]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _bound_names(element)]
    return []


def _is_translation_pair(node) -> bool:
    """("Dutch words", "English words"): two texts side by side, one reads Dutch, the other English."""
    if not (isinstance(node, ast.Tuple) and len(node.elts) == 2):
        return False
    first, second = (_literal_text(e) for e in node.elts)
    if not (first and second) or first == second or any(re.fullmatch(r"[a-z0-9]+_[a-z0-9_]+", t)
                                                         for t in (first, second)):  # codes
        return False
    return (_reads_dutch(first) and _reads_english(second)) or (_reads_english(first) and _reads_dutch(second))


def _is_register_pair(node) -> bool:
    """Any two different texts as one message of register() or a CATALOGUE/MESSAGES/TEXT table."""
    if not (isinstance(node, ast.Tuple) and len(node.elts) == 2):
        return False
    values = [_literal_text(e) for e in node.elts]
    return all(v and re.search(r"[a-z]{2}", v) for v in values) and values[0] != values[1]


def two_language_code(source: str) -> list[tuple[int, str]]:
    """(line, what) of every place in ``source`` that keeps text per language in code or picks it by language:

    - ``branch``: a comparison with "nl" or "en" (``lang == "en"``, ``x[lang == "en"]``, ``… if lang != "nl"``);
    - ``pair``: a tuple of a Dutch and an English text (told apart by their small words: de/het/een/niet…
      against the/of/to/with…), literal or marked as msgids;
    - ``message pair``: two texts as one message handed to ``register()`` or kept in a ``*CATALOGUE``,
      ``*MESSAGES`` or ``*TEXT`` table;
    - ``unpacked pair``: names for both languages bound at once (``for nl, en, … in WORDS``,
      ``kind_nl, kind_en = …``);
    - ``text per language``: a text literal (or a literal table of texts) bound to a name, keyword or dict
      key for one language (``nl``/``en``/``*_nl``/``*_en``: ``{"nl": "Vragen", "en": "Questions"}``,
      ``WORDS = {"nl": {…}, "en": {…}}``, ``title_en="…"``).

    Single words without small words (``("Mannen", "Men")``) are not recognised as a pair; the other rules
    catch the tables they usually sit in."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value in ("nl", "en")
                                                 for c in [node.left, *node.comparators]):
            found.add((node.lineno, "branch"))
        elif _is_translation_pair(node):
            found.add((node.lineno, "pair"))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "register", "register_messages") and node.args and isinstance(node.args[0], ast.Dict):
            found |= {(v.lineno, "message pair") for v in node.args[0].values if _is_register_pair(v)}
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.For, ast.comprehension)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [name for target in targets for name in _bound_names(target)]
            line = getattr(node, "lineno", None) or node.target.lineno
            if {name.rsplit("_", 1)[-1] for name in names if _per_language(name)} == {"nl", "en"}:
                found.add((line, "unpacked pair"))
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                if any(_per_language(name) for name in names) and _is_text(node.value):
                    found.add((line, "text per language"))
                if any(name.endswith(("CATALOGUE", "MESSAGES", "TEXT")) for name in names) and \
                        isinstance(node.value, ast.Dict):
                    found |= {(v.lineno, "message pair") for v in node.value.values if _is_register_pair(v)}
        elif isinstance(node, ast.keyword) and node.arg and _per_language(node.arg) and _is_text(node.value):
            found.add((node.value.lineno, "text per language"))
        elif isinstance(node, ast.Dict):
            found |= {(key.lineno, "text per language") for key, value in zip(node.keys, node.values, strict=True)
                      if isinstance(key, ast.Constant) and isinstance(key.value, str) and _per_language(key.value)
                      and _holds_text(value)}
    return sorted(found)


# What may stay, per file: a piece of each allowed line's text (lines move; the text stays), with why.
ALLOWED: dict[str, dict[str, str]] = {
    # Not product text: what a team typed for its questionnaire or survey in each language (the English may be
    # empty, then the Dutch is shown). What people type stays as typed (issue 12 item 3).
    "voices/spec.py": {
        '(self.en or self.nl) if lang == "en"': "a choice's label as typed",
        '(self.text_en or self.text_nl) if lang == "en"': "a question as typed",
    },
    "voices/views.py": {
        'survey.questionnaire.title_en or survey.questionnaire.title_nl) if lang == "en"': "title as typed",
        '(survey.intro_en or survey.intro_nl) if lang == "en"': "the survey's introduction as typed",
        '(q.help_en or q.help_nl) if lang == "en"': "a question's help as typed",
        'heading = sections[section].get("en") if lang == "en"': "a section heading as typed",
        '"heading": head.get("en") if lang == "en"': "a section heading as typed",
    },
    "voices/xlsform.py": {"_LABEL_COLUMN_NAMES = {": "the names of an XLSForm's label columns per language"},
    "voices/bank.py": {"nl, en = bank.themes.get(theme": "the item bank's themes become typed section names"},
    "voices/demo.py": {  # the fictional demo survey, as a team would type it in both languages
        'title_nl="Wonen in Overbos (fictief)", title_en=': "the demo questionnaire's title",
        "survey.intro_nl = (": "the demo survey's introduction",
        "survey.intro_en = ": "the demo survey's introduction",
    },
    "plan/norm_views.py": {
        'q.text_en if lang == "en" and q.text_en': "a survey question as typed",
        'q.questionnaire.title_en if lang == "en"': "a questionnaire title as typed",
    },
}


def test_the_scanner_finds_planted_pairs_and_branches():
    planted = '''
WORDS = {"nl": {"group": "Groep"}, "en": {"group": "Group"}}
label = WORDS[lang]["group"] if lang != "nl" else "Groep"
title = ("Over deze buurt", "About the neighbourhood")[lang == "en"]
FACTORS = {"time": (gettext_noop("Er is niet genoeg tijd"), gettext_noop("There is not enough time"))}
register({"x": ("Geen antwoord", "No answer")})
for nl, en in FACTORS.values():
    pass
kind_nl, kind_en = ("mediaan", "median")
section = {"nl": "Vragen", "en": "Questions", "_loose": True}
build(title_nl=name, title_en="Living in Overbos")
'''
    found = two_language_code(planted)
    assert found == [(2, "text per language"), (3, "branch"), (4, "branch"), (4, "pair"), (5, "pair"),
                     (6, "message pair"), (6, "pair"), (7, "unpacked pair"), (9, "unpacked pair"),
                     (10, "text per language"), (11, "text per language")], found
    clean = '''
WORDS = {"group": gettext_noop("Groep"), "pair": (gettext_noop("Mannen"), gettext_noop("Vrouwen"))}
STATUSES = [("not_started", _("niet gestart")), ("neighbourhood", _("buurt van deze werkruimte"))]
TAGS = {"nl": "nl-BE", "en": "en-GB"}
MARKS = {"nl": (".", ","), "en": (",", ".")}
COLUMNS = ("naam", "name")
text = pgettext("survey document", WORDS["group"], lang)
title = gettext("Het aandeel ligt hoger dan {label}", lang)
name_en = ""
'''
    assert two_language_code(clean) == []


def test_no_text_kept_or_picked_per_language_in_code():
    """No (Dutch, English) pair, no per-language text literal and no branch on the language in the code
    (issue 12 item 3): Dutch msgids through gettext, English in the catalogues. Only ALLOWED stays."""
    left = []
    for path in _python_files():
        name = str(path.relative_to(PACKAGE))
        source = path.read_text()
        lines = source.splitlines()
        allowed = ALLOWED.get(name, {})
        for line, what in two_language_code(source):
            if not any(piece in lines[line - 1] for piece in allowed):
                left.append(f"{name}:{line}: {what}: {lines[line - 1].strip()[:100]}")
    assert not left, "text per language in code; use a Dutch msgid with gettext/pgettext:\n" + "\n".join(left)


def test_every_message_code_has_an_english_translation():
    for code, msgid in CATALOGUE.items():
        words = re.sub(r"{[^}]*}", "", msgid)  # "{place} ({value})" reads the same in every language
        assert gettext(msgid, "nl") == msgid and gettext(msgid, "en") not in ("", msgid if re.search("[a-z]", words)
                                                                          else ""), code


GETTEXT_CALLS = {"gettext": (0,), "gettext_noop": (0,), "gettext_lazy": (0,), "_": (0,), "ngettext": (0, 1),
                 "ngettext_lazy": (0, 1), "pgettext": (1,), "pgettext_lazy": (1,)}


def test_every_msgid_in_the_code_is_in_an_english_catalogue():
    translated = set()
    for po_path in PACKAGE.glob("*/locale/en/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            if entry.translated() and not entry.obsolete:
                translated |= {(entry.msgctxt, entry.msgid), (entry.msgctxt, entry.msgid_plural)}
                translated |= {("any context", entry.msgid)}  # gettext_noop marks; pgettext adds the context
    missing = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            context = "any context" if name == "gettext_noop" else None
            if name.startswith("pgettext") and node.args and isinstance(node.args[0], ast.Constant):
                context = node.args[0].value
            for i in GETTEXT_CALLS.get(name, ()):
                if len(node.args) > i and isinstance(node.args[i], ast.Constant) and isinstance(node.args[i].value, str):
                    if (context, node.args[i].value) not in translated:
                        missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.args[i].value[:60]}")
    assert not missing, missing
