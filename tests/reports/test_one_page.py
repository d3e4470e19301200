"""The one-page neighbourhood profile of the demo's "Centrum en omgeving": at most two A4 pages, the key figures
as the profile shows them, three to five signals as questions, plain Dutch (sentences of 15 words on average
at most, every glossary term explained on the page), the same text for the same inputs; the plain-words check
itself; the download (export role, audited) and ``zorgzaam report profile-page``."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

NAME = "Centrum en omgeving"
PNG_DIR = Path("/tmp/zorgzaam-one-page")  # pages to look at


def _demo():
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo

    install_demo(findings=True, extensions=True)
    return Neighbourhood.objects.get(workspace__slug=WORKSPACE_SLUG, name=NAME)


def _pdf_pages(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def _shown(profile, indicator_id: str) -> str:
    """A figure as the profile screen shows it: the latest period with a value, formatted by its indicator."""
    own = profile.focus_results()
    rows = own[(own["indicator"] == indicator_id) & (own["status"] == "ok")]
    latest = rows[rows["period"] == rows["period"].max()].iloc[0]
    return profile.catalogue[indicator_id].format(latest["value"], "nl")


def test_the_demos_one_page_profile():
    from zorgzaam.graphics.document import Paragraph
    from zorgzaam.profile.service import neighbourhood_profile
    from zorgzaam.reports import one_page
    from zorgzaam.reports.plain_words import TARGET_WORDS, explanations_needed, is_explained, report_text

    neighbourhood = _demo()
    data = one_page.gather(neighbourhood)
    report = one_page.build_report(data)
    pdf = one_page.render(report, "pdf")
    pages = _pdf_pages(pdf)
    assert 1 <= len(pages) <= 2, len(pages)
    text = " ".join(pages)

    # the key figures are the profile's own, as its screen shows them
    profile = neighbourhood_profile(neighbourhood)
    for indicator_id in ("share_80plus", "share_65plus", "population", "mantelzorgratio"):
        assert _shown(profile, indicator_id) in text, indicator_id
    assert "Aandeel 80-plussers" in text and "10,4 %" in text  # the demo's share of 80-plussers

    # three to five signals, each a question, each one of the profile's signals
    signals = next(s for s in report.sections if s.title == "Wat valt op?")
    bullets = [b for b in signals.blocks if isinstance(b, Paragraph) and b.style == "bullet"]
    assert 3 <= len(bullets) <= 5
    assert all("?" in b.text for b in bullets)
    keys = {s.indicator for s in profile.signals}
    assert {s.indicator for s in one_page.ranked_signals(data.profile)} <= keys
    assert "Aandeel 80-plussers: 10,4 %." in text  # the strongest care signal comes first

    # strengths and challenges from the summary table, the accepted challenge first
    assert data.challenges[0][1] is True and data.challenges[0][0].startswith("Veel 80-plussers")
    assert "Het dienstencentrum kent veel oudere bewoners bij naam." in text

    # plain Dutch: short sentences on average, every glossary term the page uses explained on it
    check = one_page.plain_check(report, data)
    assert check.ok, check.as_dict()
    assert 0 < check.average_words <= TARGET_WORDS
    prose, other = report_text(report)
    everything = "\n".join(prose + other)
    needed = explanations_needed(everything, data.terms)
    assert {"signaal", "Aandeel 80-plussers", "Mantelzorgratio"} <= {t.term for t in needed}
    assert all(is_explained(t, everything) for t in needed)
    assert "Mantelzorgratio: Aantal 40- tot 79-jarigen per 80-plusser" in text  # the footnote, in the PDF

    # the same inputs give the same text; Word and HTML carry the same page without a cover or contents
    again = one_page.render(one_page.build_report(one_page.gather(neighbourhood)), "pdf")
    assert _pdf_pages(again) == pages
    html = one_page.render(report, "html").decode()
    assert html == one_page.render(one_page.build_report(one_page.gather(neighbourhood)), "html").decode()
    assert 'class="toc"' not in html and "10,4 %" in html
    from docx import Document

    document = Document(io.BytesIO(one_page.render(report, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Centrum en omgeving op één blad" and "Inhoud" not in paragraphs
    assert "TOC \\o" not in document.element.xml

    # the pages as pictures, to look at (pdftoppm from poppler-utils, when installed)
    if shutil.which("pdftoppm"):
        PNG_DIR.mkdir(exist_ok=True)
        (PNG_DIR / "buurtprofiel.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(PNG_DIR / "buurtprofiel.pdf"),
                        str(PNG_DIR / "buurtprofiel")], check=True)
        assert 1 <= len(list(PNG_DIR.glob("buurtprofiel-*.png"))) <= 2


def test_a_neighbourhood_without_figures_still_renders():
    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.reports import one_page
    from zorgzaam.workspaces.models import Workspace

    workspace = Workspace.objects.create(name="Leeg team", slug="leeg")
    neighbourhood = Neighbourhood.objects.create(workspace=workspace, name="Nergens")
    data = one_page.gather(neighbourhood)
    report = one_page.build_report(data)
    text = " ".join(_pdf_pages(one_page.render(report, "pdf")))
    assert "Er zijn nog geen cijfers voor deze buurt." in text
    assert "Het team verzamelde nog geen sterktes en uitdagingen." in text
    assert one_page.plain_check(report, data).ok


def test_the_plain_words_check():
    from zorgzaam.reports.plain_words import Term, check, glossary_terms, sentences, word_count

    assert sentences("Er wonen veel 80-plussers (10,4 %). Kan dit, bv. bij wie alleen woont, wijzen op "
                     "eenzaamheid? Ja.") == ["Er wonen veel 80-plussers (10,4 %).",
                                             "Kan dit, bv. bij wie alleen woont, wijzen op eenzaamheid?", "Ja."]
    assert word_count("Aandeel 80-plussers: 10,4 % in Centrum en omgeving.") == 7
    terms = glossary_terms()
    assert "buurt" not in {t.term for t in terms} and "signaal" in {t.term for t in terms}

    long = ("Dit is een heel lange zin met veel te veel woorden die maar blijft doorgaan zonder dat de lezer "
            "nog weet waar hij begon en waar de zin naartoe wil gaan.")
    result = check([long, "De signalen staan hieronder."], terms)
    kinds = {f.kind for f in result.findings}
    assert not result.ok and kinds == {"average", "long_sentence", "unexplained"}
    assert [f.text for f in result.findings if f.kind == "unexplained"] == ["signaal"]

    signaal = next(t for t in terms if t.term == "signaal")
    ok = check(["Er is één signaal.", f"Signaal: {signaal.explanation}"], terms)
    assert ok.ok and ok.terms == ["signaal"], ok.as_dict()
    own = check(["Wij zijn met de Bouwstenen bezig."], [Term("bouwsteen", "Een deel van het kader.")])
    assert [f.text for f in own.findings] == ["bouwsteen"]  # plural and capital found


def test_download_and_cli(client, tmp_path, capsys):
    from django.contrib.auth import get_user_model

    from zorgzaam.cli import main
    from zorgzaam.workspaces.models import AuditEntry, Membership, Role

    neighbourhood = _demo()
    workspace = neighbourhood.workspace
    user = get_user_model().objects.create_user("lezer", "l@example.org", "een-lang-wachtwoord-42")
    membership = Membership.objects.create(user=user, workspace=workspace, role=Role.READER)
    client.force_login(user)
    url = f"/rapporten/{workspace.slug}/buurtprofiel/{neighbourhood.pk}.pdf"
    assert client.get(url).status_code == 403  # a reader may not export
    membership.role = Role.PRACTICE
    membership.save()
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    assert "buurtprofiel-centrum-en-omgeving.pdf" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="profile_page_export", actor="lezer", fmt="pdf").count() == 1
    assert client.get(f"/rapporten/{workspace.slug}/buurtprofiel/{neighbourhood.pk}.exe").status_code == 404

    out = tmp_path / "blad.html"
    assert main(["report", "profile-page", NAME, "--workspace", workspace.slug, "--format", "html",
                 "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["plain_words"]["ok"] and result["format"] == "html"
    from zorgzaam.reports.models import ReportExport

    kept = ReportExport.objects.get(pk=result["export_id"])  # the CLI keeps a version too, as the screen does
    assert (kept.kind, kept.version, kept.format, kept.size) == ("profile_page", 1, "html", out.stat().st_size)
    assert "Centrum en omgeving op één blad" in out.read_text()
    assert AuditEntry.objects.filter(action="profile_page_export", fmt="html").count() == 1
    english = tmp_path / "page.html"  # the global --lang holds for the sub-command
    assert main(["--lang", "en", "report", "profile-page", NAME, "--workspace", workspace.slug, "--format", "html",
                 "--out", str(english)]) == 0
    page = english.read_text()
    assert "Centrum en omgeving on one page" in page and "What do the words mean?" in page
    assert "Kerncijfers" not in page and "Key figures" in page


def test_the_one_page_profile_and_the_residents_version_are_kept_as_versions_made_by_a_job(client, settings,
                                                                                          tmp_path):
    from django.contrib.auth import get_user_model
    from django.test import TestCase

    from zorgzaam.reports.models import ReportExport
    from zorgzaam.workspaces.models import AuditEntry, Membership, Role

    settings.DATA_DIR = tmp_path
    settings.ZORGZAAM_JOB_RUNNER = "inline"
    neighbourhood = _demo()
    workspace = neighbourhood.workspace
    user = get_user_model().objects.create_user("maker", "m@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=workspace, role=Role.POLICY)
    client.force_login(user)
    page = client.get(f"/rapporten/{workspace.slug}/").content.decode()
    assert 'id="page-form"' in page and 'value="profile_page"' in page and 'value="residents"' in page
    made = []
    for kind, fmt in (("profile_page", "pdf"), ("profile_page", "pdf"), ("residents", "html")):
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(f"/rapporten/{workspace.slug}/blad-maken/",
                                   {"buurt": neighbourhood.pk, "kind": kind, "format": fmt})
        assert response.status_code == 302 and "/taken/" in response.url
        state = client.get(response.url + "?format=json").json()
        assert state["finished"] and state["status"] == "done", state
        made.append(ReportExport.objects.filter(workspace=workspace, kind=kind).order_by("-version").first())
    first, second, residents = made
    # each export a new version, never overwriting; the same inputs give the same bytes
    assert (first.version, second.version, residents.version) == (1, 2, 1) and first.file != second.file
    assert first.sha256 == second.sha256 and (tmp_path / first.file).read_bytes().startswith(b"%PDF")
    assert first.inputs["neighbourhoods"] == {NAME: 1} and first.inputs["datasets"] and not first.draft
    assert first.file_name == "buurtprofiel-v1.pdf" and residents.file_name == "bewonersversie-v1.html"
    residents_text = (tmp_path / residents.file).read_text()
    assert residents.size == len(residents_text.encode()) and NAME in residents_text and 'lang="nl-BE"' in residents_text
    job_page = client.get(response.url).content.decode()
    assert "Versie 1 van de bewonersversie is klaar." in job_page
    listing = client.get(f"/rapporten/{workspace.slug}/").content.decode()
    assert "buurtprofiel op één blad" in listing and "bewonersversie" in listing
    assert AuditEntry.objects.filter(action="report_export", workspace=workspace).count() == 3
    bad = client.post(f"/rapporten/{workspace.slug}/blad-maken/", {"buurt": neighbourhood.pk, "kind": "x"})
    assert bad.status_code == 302 and "fout=1" in bad.url
