"""The residents' version of the demo's "Centrum en omgeving": what we heard, what we found, what happens next;
no e-mail addresses, phone numbers or members' names, type of at least 14 pt in Word, the same text for the
same inputs; refused when personal data would be printed; the download and ``zorgzaam report residents``."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

NAME = "Centrum en omgeving"
PNG_DIR = Path("/tmp/zorgzaam-one-page")


def _demo(member: bool = True):
    from django.contrib.auth import get_user_model

    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo
    from zorgzaam.workspaces.models import Membership, Role

    install_demo(findings=True, extensions=True)
    neighbourhood = Neighbourhood.objects.get(workspace__slug=WORKSPACE_SLUG, name=NAME)
    if member:
        user = get_user_model().objects.create_user("an.peeters", "an.peeters@example.org", "een-lang-wachtwoord-42",
                                                    first_name="An", last_name="Peeters")
        Membership.objects.create(user=user, workspace=neighbourhood.workspace, role=Role.PRACTICE)
    return neighbourhood


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_the_demos_residents_version():
    from docx import Document
    from docx.shared import Pt

    from zorgzaam.followup.privacy import find_personal_data
    from zorgzaam.reports import residents_version as rv

    neighbourhood = _demo()
    data = rv.gather(neighbourhood, actor="test")
    report = rv.build_report(data)
    pdf, docx, html = (rv.render(report, fmt) for fmt in ("pdf", "docx", "html"))
    text = _pdf_text(pdf)
    for heading in ("Wat we hoorden", "Wat we vonden", "Wat gebeurt er nu?"):
        assert heading in text
    assert "160 bewoners vulden de vragenlijst in." in text  # the voices report's count for the neighbourhood
    assert "Het dienstencentrum kent veel oudere bewoners bij naam." in text  # a strength, in words
    assert "Veel 80-plussers (10,4 % tegenover 8,0 %)" in text  # the accepted finding
    assert "Elke dinsdag een open koffiemoment in het dienstencentrum. Stand: terugkerend." in text
    assert "Wat deden we met jullie ideeën in Centrum en omgeving?" in text  # the published feedback page
    assert "Stand: uitgevoerd" in text  # an action for the whole municipality

    # no personal data: no e-mail, no phone, no member's name, no quote
    assert not find_personal_data(text)
    for word in ("An Peeters", "an.peeters", "@", "Peeters"):
        assert word not in text
    assert "“" not in text and "Waarom hoor je dat pas" not in text  # the demo's quotes stay out
    assert not re.search(r"\b0\d{1,2}[ /.]\d{2,3}", text)

    # large type: no run, style or default in the Word file under 14 pt; the print stylesheet at 14 pt or more
    document = Document(io.BytesIO(docx))
    sizes = [s.font.size for s in document.styles if getattr(s, "font", None) is not None and s.font.size]
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    for section in document.sections:
        runs += [r for p in section.footer.paragraphs for r in p.runs]
    sizes += [r.font.size for r in runs if r.font.size]
    assert sizes and min(sizes) >= Pt(rv.MIN_PT)
    assert document.styles["Normal"].font.size >= Pt(14)
    assert "Inhoud" not in [p.text for p in document.paragraphs]
    font_sizes = [float(x) for x in re.findall(r"font-size:\s*([\d.]+)pt", html.decode().split("</style>")[-2])]
    assert min(font_sizes) >= 14

    # the same inputs give the same text
    again = rv.build_report(rv.gather(neighbourhood, actor="test"))
    assert _pdf_text(rv.render(again, "pdf")) == text
    assert rv.render(again, "html") == html

    if shutil.which("pdftoppm"):  # the pages as pictures, to look at
        PNG_DIR.mkdir(exist_ok=True)
        (PNG_DIR / "bewonersversie.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(PNG_DIR / "bewonersversie.pdf"),
                        str(PNG_DIR / "bewonersversie")], check=True)


def test_personal_data_is_refused():
    from zorgzaam.followup.models import FeedbackPage
    from zorgzaam.reports import residents_version as rv

    neighbourhood = _demo()
    page = FeedbackPage.objects.get(neighbourhood=neighbourhood, status=FeedbackPage.PUBLISHED)
    page.decided += " Vragen? Bel An Peeters op 0470 12 34 56 of mail an.peeters@example.org."
    page.save()
    with pytest.raises(rv.PersonalData) as refused:
        rv.build_report(rv.gather(neighbourhood, actor="test"))
    kinds = {kind for kind, _ in refused.value.found}
    assert {"telefoonnummer", "e-mailadres", "naam van een lid"} <= kinds
    assert "0470 12 34 56" in refused.value.render("nl")


def test_download_and_cli(client, tmp_path):
    from django.contrib.auth import get_user_model

    from zorgzaam.cli import main
    from zorgzaam.followup.models import FeedbackPage
    from zorgzaam.workspaces.models import AuditEntry

    neighbourhood = _demo()
    workspace = neighbourhood.workspace
    client.force_login(get_user_model().objects.get(username="an.peeters"))
    url = f"/rapporten/{workspace.slug}/bewonersversie/{neighbourhood.pk}.docx"
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert "bewonersversie-centrum-en-omgeving.docx" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="residents_export", actor="an.peeters", fmt="docx").count() == 1

    out = tmp_path / "bewoners.pdf"
    assert main(["report", "residents", NAME, "--workspace", workspace.slug, "--format", "pdf",
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="residents_export", fmt="pdf").count() == 1

    FeedbackPage.objects.filter(neighbourhood=neighbourhood).update(decided="Mail ons: info@buurt.example.org")
    refused = client.get(url)
    assert refused.status_code == 409 and "e-mailadres" in refused.content.decode()
