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


def _language_branches(path: Path, language: str = "nl") -> list[int]:
    """Lines that compare a language with "nl" (or ``language``): a branch per language."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value == language
                                                 for c in [node.left, *node.comparators]):
            found.append(node.lineno)
    return found


def _is_pair(node) -> bool:
    if not (isinstance(node, ast.Tuple) and len(node.elts) == 2):
        return False
    values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return len(values) == 2 and all(isinstance(v, str) and re.search(r"[a-z]{2}", v) for v in values) \
        and values[0] != values[1]


def _is_language_dict(node) -> bool:
    """{"nl": "…", "en": "…"}: a text written out per language in code."""
    return isinstance(node, ast.Dict) and {getattr(k, "value", None) for k in node.keys} == {"nl", "en"} and \
        len(node.keys) == 2 and all(isinstance(v, (ast.Constant, ast.JoinedStr)) for v in node.values) and \
        not all(re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", getattr(v, "value", "") or "") for v in node.values)  # tags


def _message_pairs(path: Path) -> list[int]:
    """(Dutch, English) pairs handed to register() or kept in a CATALOGUE-style table of messages, and texts
    written out per language ({"nl": …, "en": …})."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if _is_language_dict(node):
            found.append(node.lineno)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "register", "register_messages") and node.args and isinstance(node.args[0], ast.Dict):
            found += [v.lineno for v in node.args[0].values if _is_pair(v)]
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "").endswith(("CATALOGUE", "MESSAGES", "TEXT"))
                                                for t in node.targets) and isinstance(node.value, ast.Dict):
            found += [v.lineno for v in node.value.values if _is_pair(v)]
    return found


# Files not converted yet, with the number of branches / pairs left: may only shrink (issue 12 item 3).
NOT_YET_CONVERTED: dict[str, int] = {}


def test_no_language_branches_and_no_message_pairs_in_code():
    left = {}
    for path in _python_files():
        lines = _language_branches(path) + _message_pairs(path)
        if lines:
            left[str(path.relative_to(PACKAGE))] = len(lines)
    grown = {name: count for name, count in left.items() if count > NOT_YET_CONVERTED.get(name, 0)}
    assert not grown, f"a branch on the language or a (Dutch, English) pair in code; use gettext: {grown}"


# Product text picked with `lang == "en"` from a table of (Dutch, English) words: still to move to the catalogue,
# with the number of such branches left; may only shrink.
ENGLISH_BRANCHES_NOT_YET_CONVERTED: dict[str, int] = {
    "plan/tree_views.py": 1,
    "reports/plain_words.py": 1,  # the method's glossary, kept per language
    "messages.py": 1,  # the fallback for pairs registered the old way (_NOT_YET_IN_CATALOGUE, empty now)
}
# Not product text: a questionnaire's or survey's texts as the team typed them in each language (the English
# may be empty, then the Dutch is shown). What people type stays as typed (issue 12 item 3).
TYPED_PER_LANGUAGE = {"voices/spec.py": 2, "voices/views.py": 5, "plan/norm_views.py": 2}


def test_no_product_text_picked_per_language_in_code():
    left = {}
    for path in _python_files():
        lines = _language_branches(path, "en")
        if lines:
            left[str(path.relative_to(PACKAGE))] = len(lines)
    allowed = ENGLISH_BRANCHES_NOT_YET_CONVERTED | TYPED_PER_LANGUAGE
    grown = {name: count for name, count in left.items() if count > allowed.get(name, 0)}
    assert not grown, f"product text picked with lang == 'en'; use gettext: {grown}"


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
