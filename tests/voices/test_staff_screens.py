"""The staff screens for residents' voices (/stemmen/<slug>/…): who may see and do what, the report on
screen with suppression, audited downloads, paper entry, the import mapping, respondent export/erasure,
qualitative records and kits."""

from __future__ import annotations

import io
import json
import re
import tomllib

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from zorgzaam.voices import services
from zorgzaam.voices.models import PaperEntry, Persona, QualitativeSession, Quote, Respondent
from zorgzaam.workspaces.models import AuditEntry, Membership, Role, Workspace

PASSWORD = "een-lang-wachtwoord-42"
MARITAL = ["married"] * 20 + ["single"] * 15 + ["widowed"] * 3 + ["divorced"] * 2
OPEN_TEXT = "Meer bankjes aan het plein, alstublieft"


def make_user(name, workspace=None, role=None):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD)
    if workspace is not None:
        Membership.objects.create(user=user, workspace=workspace, role=role)
    return user


@pytest.fixture
def people(workspace):
    users = {role.value: make_user(f"u-{role.value}", workspace, role.value) for role in Role}
    other = Workspace.objects.create(name="Ander", slug="ander")
    users["outsider"] = make_user("buitenstaander", other, Role.ADMIN)
    return users


@pytest.fixture
def filled(survey):
    """40 completed responses: satisfaction 4 for even i, 5 for odd i; marital status as MARITAL."""
    for i, marital in enumerate(MARITAL):
        respondent = services.start_response(survey, start_key=f"k{i}")
        answers = {"satisfaction_neighbourhood": str(4 if i % 2 == 0 else 5), "marital_status": marital,
                   "sex": "female" if i % 3 else "male"}
        if i == 0:
            answers["needs_open"] = OPEN_TEXT
        services.save_answers(respondent, answers)
        services.complete_response(respondent)
    return survey


def client_for(client, user):
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"voices_staff:{name}", args=args)


def test_non_members_get_404_everywhere(client, people, filled, workspace):
    session = QualitativeSession.objects.create(workspace=workspace, kind="focus_group", title="Gesprek")
    c = client_for(client, people["outsider"])
    slug, pk = workspace.slug, filled.pk
    for target in [url("surveys", slug), url("survey", slug, pk), url("survey-report", slug, pk),
                   url("survey-download", slug, pk, "xlsx"), url("paper-entry", slug, pk), url("paper", slug, pk),
                   url("quotes", slug), url("personas", slug), url("persona-cards", slug), url("sessions", slug),
                   url("session", slug, session.pk), url("kit", slug, "denksessie"), url("strengths", slug),
                   url("import-responses", slug, pk)]:
        assert c.get(target).status_code == 404, target
    # a member of this workspace asking for the other workspace's survey id through this slug: 404 too
    other_survey = services.create_survey(Workspace.objects.get(slug="ander"), filled.questionnaire, "Andere")
    c = client_for(client, people[Role.ADMIN])
    assert c.get(url("survey", slug, other_survey.pk)).status_code == 404
    assert c.get(url("survey-report", slug, other_survey.pk)).status_code == 404


def test_reader_sees_no_free_text_and_cannot_enter_paper(client, people, filled, workspace):
    c = client_for(client, people[Role.READER])
    page = c.get(url("survey-report", workspace.slug, filled.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert OPEN_TEXT not in html
    assert "alleen zichtbaar voor wie inhoud mag bewerken" in html
    assert c.get(url("paper-entry", workspace.slug, filled.pk)).status_code == 403
    before = Respondent.objects.count()
    response = c.post(url("paper-entry", workspace.slug, filled.pk), {"q-satisfaction_neighbourhood": "3"})
    assert response.status_code == 403 and Respondent.objects.count() == before
    assert c.get(url("survey-download", workspace.slug, filled.pk, "xlsx")).status_code == 403
    assert not AuditEntry.objects.exists()
    # a practice worker edits content and therefore sees the open answers
    c = client_for(client, people[Role.PRACTICE])
    assert OPEN_TEXT in c.get(url("survey-report", workspace.slug, filled.pk)).content.decode()


def test_download_is_audited(client, people, filled, workspace):
    c = client_for(client, people[Role.PRACTICE])
    response = c.get(url("survey-download", workspace.slug, filled.pk, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    from openpyxl import load_workbook

    load_workbook(io.BytesIO(response.content))  # a real workbook
    audit = AuditEntry.objects.get()
    assert (audit.action, audit.fmt, audit.actor, audit.object_id) == ("report", "xlsx", "u-praktijkwerker", str(filled.pk))
    assert audit.detail["respondents"] == len(MARITAL)
    response = c.get(url("survey-download", workspace.slug, filled.pk, "docx"))
    assert response.status_code == 200 and AuditEntry.objects.count() == 2
    response = c.get(url("survey-download", workspace.slug, filled.pk, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Overzicht" in text and "Respons" in text and "Tabellen" in text
    assert [a.fmt for a in AuditEntry.objects.order_by("pk")] == ["xlsx", "docx", "pdf"]


def _row(html: str, label: str) -> str:
    start = html.index(f'<th scope="row">{label}</th>')
    return html[start:html.index("</tr>", start)]


def test_small_breakdown_is_suppressed_on_screen_and_explained(client, people, filled, workspace):
    c = client_for(client, people[Role.READER])
    html = c.get(url("survey-report", workspace.slug, filled.pk),
                 {"uitkomst": "satisfaction_neighbourhood", "naar": "marital_status"}).content.decode()
    section = html[html.index('id="assoc-h"'):html.index('id="freq-h"')]
    # married: 20 people; satisfaction 4 for even positions among indices 0..19 -> 10, 5 -> 10
    married_fours = sum(1 for i, m in enumerate(MARITAL) if m == "married" and i % 2 == 0)
    row = _row(section, "Gehuwd of wettelijk samenwonend")
    assert f"<strong>{100 * married_fours / 20:.1f}".replace(".", ",") in row
    assert f"{married_fours} · " in row
    # widowed (3) and divorced (2) are groups under the minimum: no number at all, and the reason is given
    for label, count in (("Weduwe of weduwnaar", 3), ("Gescheiden", 2)):
        row = _row(section, label)
        assert "<strong>" not in row and f">{count}<" not in row
    assert "Niet alles wordt getoond." in section
    assert "groep met minder dan 5 antwoorden" in section


def test_paper_entry_through_the_screen(client, people, filled, workspace):
    c = client_for(client, people[Role.PRACTICE])
    target = url("paper-entry", workspace.slug, filled.pk)
    page = c.get(target).content.decode()
    assert 'name="q-satisfaction_neighbourhood"' in page and "staff.js" in page
    bad = c.post(target, {"q-satisfaction_neighbourhood": "8", "q-talk_neighbours": "2"})
    assert bad.status_code == 400
    assert "moet tussen 1 en 5 liggen" in bad.content.decode()
    assert not PaperEntry.objects.exists()
    good = c.post(target, {"q-satisfaction_neighbourhood": "3", "q-talk_neighbours": "2", "sheet": "A-12"})
    assert good.status_code == 302
    entry = PaperEntry.objects.get()
    assert entry.sheet == "A-12" and entry.first_by == "u-praktijkwerker"
    assert services.current_answers(entry.respondent) == {"satisfaction_neighbourhood": 3, "talk_neighbours": "weekly"}
    # the supervisor screen is for beheerder / beleidsmedewerker
    entry.needs_second = True
    entry.save()
    from zorgzaam.voices import paper_store

    paper_store.enter_second(entry, {"satisfaction_neighbourhood": "3", "talk_neighbours": "1"}, actor="x")
    assert c.get(url("paper-resolve", workspace.slug, filled.pk, entry.pk)).status_code == 403
    c = client_for(client, people[Role.POLICY])
    page = c.get(url("paper-resolve", workspace.slug, filled.pk, entry.pk)).content.decode()
    assert "2 — Elke week" in page and "1 — (Bijna) elke dag" in page
    overview = c.get(url("paper", workspace.slug, filled.pk)).content.decode()
    assert "50,0 %" in overview  # 2 answers compared, 1 difference


def test_import_mapping_shows_the_unmatched_column_before_storing(client, people, filled, workspace):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (b"_uuid,satisfaction_neighbourhood,talk_neighbours,favourite_colour\n"
           b"u1,4,daily,blauw\nu2,2,weekly,rood\n")
    c = client_for(client, people[Role.POLICY])
    before = Respondent.objects.filter(survey=filled).count()
    page = c.post(url("import-responses", workspace.slug, filled.pk),
                  {"format": "kobo", "file": SimpleUploadedFile("kobo.csv", csv, content_type="text/csv")})
    html = page.content.decode()
    unmatched = html[html.index('id="unmatched"'):]
    assert "<code>favourite_colour</code>" in unmatched[:unmatched.index("</p>")]
    assert "<code>satisfaction_neighbourhood</code>" in html
    assert Respondent.objects.filter(survey=filled).count() == before  # nothing stored yet
    done = c.post(url("import-responses", workspace.slug, filled.pk), {"step": "commit"})
    assert done.status_code == 302
    imported = Respondent.objects.filter(survey=filled, channel="import")
    assert sorted(imported.values_list("external_id", flat=True)) == ["u1", "u2"]
    # a practice worker may not import
    c = client_for(client, people[Role.PRACTICE])
    assert c.get(url("import-responses", workspace.slug, filled.pk)).status_code == 403


def test_respondent_export_and_erasure_are_for_the_beheerder_and_audited(client, people, filled, workspace):
    respondent = Respondent.objects.filter(survey=filled).first()
    target = url("survey-privacy", workspace.slug, filled.pk)
    c = client_for(client, people[Role.PRACTICE])
    assert c.post(target, {"pseudonym": respondent.pseudonym, "action": "export"}).status_code == 403
    c = client_for(client, people[Role.ADMIN])
    response = c.post(target, {"pseudonym": respondent.pseudonym, "action": "export"})
    data = json.loads(response.content)
    assert data["respondent"] == respondent.pseudonym
    assert {a["question"] for a in data["answers"]} == set(services.current_answers(respondent))
    assert AuditEntry.objects.filter(action="respondent_export", target=respondent.pseudonym).count() == 1
    # erasing needs the confirmation tick
    c.post(target, {"pseudonym": respondent.pseudonym, "action": "erase"})
    assert Respondent.objects.filter(pk=respondent.pk).exists()
    c.post(target, {"pseudonym": respondent.pseudonym, "action": "erase", "confirm": "on"})
    assert not Respondent.objects.filter(pk=respondent.pk).exists()
    assert AuditEntry.objects.filter(action="erasure", target=respondent.pseudonym).count() == 1


def test_survey_page_has_link_and_qr_code_and_codes_print(client, people, filled, workspace):
    c = client_for(client, people[Role.PRACTICE])
    page = c.get(url("survey", workspace.slug, filled.pk)).content.decode()
    public = f"/stem/{filled.token}/"
    assert public in page and "<svg" in page
    svg = c.get(url("survey-qr", workspace.slug, filled.pk))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    c.post(url("survey-codes", workspace.slug, filled.pk), {"count": 3, "neighbourhood": ""})
    codes = list(filled.invitation_codes.values_list("code", flat=True))
    assert len(codes) == 3
    slips = c.get(url("survey-codes", workspace.slug, filled.pk)).content.decode()
    assert all(code in slips for code in codes)
    c.post(url("survey-status", workspace.slug, filled.pk), {"status": "close"})
    filled.refresh_from_db()
    assert filled.status == "closed" and filled.closed_at


def test_quotes_filter_and_speaker_only_for_editors(client, people, workspace):
    Quote.objects.create(workspace=workspace, text="Het plein is te donker.", speaker_kind="older_resident",
                         themes=["veiligheid"], building_blocks=["public_space"])
    Quote.objects.create(workspace=workspace, text="Niemand weet wat het dienstencentrum doet.",
                         speaker_kind="professional", themes=["informatie"], building_blocks=["communication"])
    c = client_for(client, people[Role.READER])
    html = c.get(url("quotes", workspace.slug), {"bouwsteen": "public_space"}).content.decode()
    assert "Het plein is te donker." in html and "dienstencentrum doet" not in html
    assert "Oudere bewoners" not in html  # speaker kind hidden from readers
    c = client_for(client, people[Role.FACILITATOR])
    html = c.get(url("quotes", workspace.slug), {"thema": "informatie"}).content.decode()
    assert "dienstencentrum doet" in html and "Professionals" in html and "te donker" not in html


def test_session_with_photo_and_persona_cards_and_kit(client, people, workspace):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    c = client_for(client, people[Role.FACILITATOR])
    response = c.post(url("session-create", workspace.slug), {
        "kind": "observation", "title": "Observatie plein", "held_on": "2025-04-11", "place": "Plein",
        "participant_count": 3, "kind_resident": 2, "kind_professional": 1, "obs_who": "Vooral ouderen",
        "notes": "Rustig", "agenda_text": "Kijken\nNoteren",
        "photo": SimpleUploadedFile("plein.png", buffer.getvalue(), content_type="image/png"),
        "photo_caption": "Het plein"})
    assert response.status_code == 302, response.content.decode()[:2000]
    session = QualitativeSession.objects.get(title="Observatie plein")
    assert session.participant_kinds == {"resident": 2, "professional": 1}
    assert session.observation == {"who": "Vooral ouderen"} and session.agenda == ["Kijken", "Noteren"]
    photo = session.photos.get()
    served = c.get(url("session-photo", workspace.slug, session.pk, photo.pk))
    assert served["Content-Type"] == "image/png" and served.content == buffer.getvalue()
    outsider = client_for(client, people["outsider"])
    assert outsider.get(url("session-photo", workspace.slug, session.pk, photo.pk)).status_code == 404

    Persona.objects.create(workspace=workspace, name="Georgette", age="84 jaar", quote="De dagen zijn lang.")
    c = client_for(client, people[Role.READER])
    cards = c.get(url("persona-cards", workspace.slug)).content.decode()
    assert "Georgette" in cards and "De dagen zijn lang." in cards and 'class="persona-card"' in cards

    from zorgzaam.voices.kits import KITS_FILE

    kit = next(k for k in tomllib.loads(KITS_FILE.read_text(encoding="utf-8"))["kits"] if k["id"] == "denksessie")
    html = c.get(url("kit", workspace.slug, "denksessie"), {"start": "14:00"}).content.decode()
    minutes = kit["agenda"][0]["minutes"]
    assert re.search(rf"<td>14:{minutes:02d}</td>\s*<td class=\"num\">{kit['agenda'][1]['minutes']}</td>", html)
    assert all(card["nl"] in html for card in kit["cards"])
    assert c.get(url("kit", workspace.slug, "bestaat-niet")).status_code == 404
