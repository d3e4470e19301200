"""Follow-up screens with the Django test client: every member sees, a lezer never changes (403), another
team's workspace or object is a 404, and the residents' public page needs no login, shows no member's name,
is not cached and stops answering once withdrawn."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from zorgzaam.followup import services
from zorgzaam.followup.models import FeedbackPage, PolicySignal, SelfAssessment
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS
from zorgzaam.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db
D = dt.date
THREES = dict.fromkeys(BUILDING_BLOCKS, 3)


def member(client, workspace, role, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=workspace, role=role)
    client.force_login(user)
    return user


def test_assessment_screen_shows_radar_table_and_difference(client, team):
    ws = team["workspace"]
    member(client, ws, Role.PRACTICE, "sara")
    url = f"/opvolging/{ws.slug}/zelfevaluatie/"
    for day in ("2026-02-10", "2026-10-06"):
        for person, detection in (("praktijkwerker", "5"), ("beleidsmedewerker", "2")):
            data = {"date": day, "scope": "person", "person": person,
                    **{f"score_{c}": "3" for c in BUILDING_BLOCKS}, "score_detection": detection}
            assert client.post(url, data).status_code == 302
    assert SelfAssessment.objects.filter(workspace=ws).count() == 4
    page = client.get(url).content.decode()
    assert "<svg" in page and "Detectie" in page and "bespreek dit" in page
    assert "Twee perspectieven op 6 oktober 2026: beleidsmedewerker en praktijkwerker" in page
    bad = client.post(url, {"date": "2026-11-01", "score_detection": "6"})
    assert bad.status_code == 200 and "1 tot 5" in bad.content.decode()
    assert SelfAssessment.objects.filter(workspace=ws).count() == 4


def test_the_workspace_menu_links_to_follow_up(client, team):
    ws = team["workspace"]
    member(client, ws, Role.READER, "lies")
    link = f'<a href="/opvolging/{ws.slug}/" aria-current="page">Opvolging</a>'
    assert link in client.get(f"/opvolging/{ws.slug}/signalen/").content.decode()
    page = client.get(f"/w/{ws.slug}/").content.decode()
    assert f'<a href="/opvolging/{ws.slug}/" >Opvolging</a>' in page and link not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert f'<a href="/opvolging/{ws.slug}/" >Follow-up</a>' in client.get(f"/w/{ws.slug}/").content.decode()


def test_a_lezer_sees_but_never_changes_and_strangers_get_404(client, team):
    ws, other = team["workspace"], team["other"]
    signal = services.add_signal(ws, date=D(2026, 3, 1), theme="wonen", description="Wachtlijsten.")
    page = services.add_page(ws, neighbourhood=team["centrum"], title="T", decided="We doen iets.", user="sara")
    member(client, ws, Role.READER, "lezer")
    for path in ("", "zelfevaluatie/", "signalen/", f"signalen/{signal.pk}/", "overleg/", "partners/",
                 "bewonersfeedback/", f"bewonersfeedback/{page.pk}/"):
        assert client.get(f"/opvolging/{ws.slug}/{path}").status_code == 200, path
    assert client.post(f"/opvolging/{ws.slug}/signalen/", {"theme": "x", "description": "y"}).status_code == 403
    assert client.post(f"/opvolging/{ws.slug}/signalen/{signal.pk}/", {"version": 1}).status_code == 403
    assert client.post(f"/opvolging/{ws.slug}/bewonersfeedback/{page.pk}/goedkeuren/",
                       {"version": 1}).status_code == 403
    assert client.post(f"/opvolging/{ws.slug}/zelfevaluatie/", {"score_detection": "3"}).status_code == 403
    assert PolicySignal.objects.count() == 1 and not SelfAssessment.objects.exists()
    # a member of another workspace
    member(client, other, Role.ADMIN, "vreemde")
    assert client.get(f"/opvolging/{ws.slug}/signalen/").status_code == 404
    assert client.get(f"/opvolging/{other.slug}/signalen/{signal.pk}/").status_code == 404
    assert client.get(f"/opvolging/{other.slug}/bewonersfeedback/{page.pk}/").status_code == 404


def test_signal_register_filters_and_yearly_share(client, team):
    ws = team["workspace"]
    services.add_signal(ws, date=D(2025, 4, 1), theme="wonen", description="a", addressees=["OCMW"],
                        sent_date=D(2025, 4, 2), status="result", result_text="Opgelost.", result_date=D(2025, 5, 1))
    services.add_signal(ws, date=D(2025, 6, 1), theme="mobiliteit", description="b", addressees=["Stad"])
    services.add_signal(ws, date=D(2025, 7, 1), theme="wonen", description="c", addressees=["OCMW"])
    member(client, ws, Role.POLICY, "beleid")
    page = client.get(f"/opvolging/{ws.slug}/signalen/").content.decode()
    assert "33,3 %" in page and "Register (3 van 3)" in page
    page = client.get(f"/opvolging/{ws.slug}/signalen/?theme=wonen").content.decode()
    assert "Register (2 van 3)" in page
    response = client.post(f"/opvolging/{ws.slug}/signalen/", {
        "date": "2026-01-05", "theme": "eenzaamheid", "description": "Mevrouw op 0470 12 34 56 is eenzaam.",
        "source": "home_visit", "kind": "individual"}, follow=True)
    assert "persoonsgegevens" in response.content.decode()
    signal = PolicySignal.objects.get(theme="mobiliteit")
    response = client.post(f"/opvolging/{ws.slug}/signalen/{signal.pk}/", {
        "version": signal.version, "status": "result", "sent_date": "2025-06-10", "result_text": "Bus rijdt.",
        "result_date": "2025-06-01"})
    assert response.status_code == 200 and "vóór" in response.content.decode()


def test_feedback_page_from_draft_to_public_and_back(client, team):
    ws = team["workspace"]
    writer = member(client, ws, Role.PRACTICE, "sara")
    client.post(f"/opvolging/{ws.slug}/bewonersfeedback/", {
        "neighbourhood": team["centrum"].pk, "date": "2026-05-01", "title": "Wat deden we met jullie ideeën?",
        "decided": "Er komt een zitbank. Vragen: bel 014 12 34 56.", "not_done": "Geen eenrichtingsverkeer."})
    page = FeedbackPage.objects.get()
    body = client.get(f"/opvolging/{ws.slug}/bewonersfeedback/{page.pk}/").content.decode()
    assert "014 12 34 56" in body and "telefoonnummer" in body and "Namen van personen" in body
    assert client.post(f"/opvolging/{ws.slug}/bewonersfeedback/{page.pk}/publiceren/",
                       {"version": page.version}).status_code == 403  # a praktijkwerker does not publish
    client.post(f"/opvolging/{ws.slug}/bewonersfeedback/{page.pk}/", {
        "version": page.version, "title": page.title, "decided": "Er komt een zitbank aan het plein.",
        "not_done": "Geen eenrichtingsverkeer: de bus moet door de straat."})
    page.refresh_from_db()
    member(client, ws, Role.ADMIN, "an")
    response = client.post(f"/opvolging/{ws.slug}/bewonersfeedback/{page.pk}/publiceren/", {"version": page.version},
                           follow=True)
    assert "tweede lid" in response.content.decode()
    client.post(f"/opvolging/{ws.slug}/bewonersfeedback/{page.pk}/goedkeuren/", {"version": page.version})
    page.refresh_from_db()
    assert page.approved_by == "an"
    client.post(f"/opvolging/{ws.slug}/bewonersfeedback/{page.pk}/publiceren/", {"version": page.version})
    page.refresh_from_db()
    assert page.status == FeedbackPage.PUBLISHED

    client.logout()
    public = client.get(f"/opvolging/terugkoppeling/{page.token}/")
    text = public.content.decode()
    assert public.status_code == 200 and "zitbank" in text and "eenrichtingsverkeer" in text
    assert "no-store" in public["Cache-Control"] and "<svg" in text  # the QR code
    for name in (writer.username, "an", "sara@example.org"):
        assert f">{name}<" not in text and f" {name} " not in text and name + "@" not in text
    assert "Afmelden" not in text

    member(client, ws, Role.FACILITATOR, "jonas")
    client.post(f"/opvolging/{ws.slug}/bewonersfeedback/{page.pk}/intrekken/")
    client.logout()
    assert client.get(f"/opvolging/terugkoppeling/{page.token}/").status_code == 404


def test_a_draft_is_not_public(client, team):
    page = services.add_page(team["workspace"], neighbourhood=team["heide"], title="T", decided="D", user="x")
    assert client.get(f"/opvolging/terugkoppeling/{page.token}/").status_code == 404


def test_the_beweegtoestellen_harvest_read_back_on_screen(client, team):
    from zorgzaam.messages import ZorgzaamError
    from zorgzaam.plan import plan_service

    ws = team["workspace"]
    goal = plan_service.add_node(ws, "strategic", "Meer bewegen in de buurt")
    action = plan_service.add_node(ws, "action", "Beweegtoestellen op het plein", parent=goal)
    services.add_harvest(
        ws, action.pk, date=D(2026, 6, 15), what_happened="De gemeente plaatste beweegtoestellen op het plein.",
        target_group="ouderen", results="2 ouderen komen wekelijks bewegen; 4 jongeren spreken er na school af.",
        reached="2 ouderen en 4 jongeren", unintended="Jongeren houden ouderen soms van de toestellen.",
        change="Ze konden voordien nergens in hun buurt sporten of samen zijn.",
        factors=[{"code": "nearby", "checked": True}, {"code": "low_threshold", "checked": False}],
        evidence=[{"kind": "observation"}, {"kind": "interviews"}], interviews=6, conclusion="adjust",
        conclusion_text="Jongeren en ouderen verbinden? Jongeren een eigen plek geven na school?",
        effect="large", effort="small", user="sara")
    with pytest.raises(ZorgzaamError):
        services.add_harvest(ws, action.pk, date=D(2026, 6, 15), what_happened="x", effect="enorm")
    member(client, ws, Role.READER, "lezer")
    page = client.get(f"/opvolging/{ws.slug}/oogst/").content.decode()
    assert "Beweegtoestellen op het plein" in page and "2 ouderen en 4 jongeren" in page
    assert "dicht bij huis werken — nagegaan" in page and "laagdrempelig — nog niet nagegaan" in page
    assert "een paar gesprekken" in page and "zeker verder op inzetten" in page
    assert "Nieuwe oogst" not in page  # a lezer gets no form


def test_signals_bundled_into_a_dossier_from_the_register(client, team):
    ws = team["workspace"]
    first = services.add_signal(ws, date=D(2026, 3, 1), theme="wonen", description="Wachtlijsten.")
    second = services.add_signal(ws, date=D(2026, 3, 8), theme="wonen", description="Vocht in huurwoningen.")
    other = services.add_signal(team["other"], date=D(2026, 3, 8), theme="x", description="y")
    member(client, ws, Role.PRACTICE, "sara")
    url = f"/opvolging/{ws.slug}/signalen/dossier/"
    assert client.post(url, {"signals": [first.pk, other.pk], "title": "Wonen"}).status_code == 404
    client.post(url, {"signals": [first.pk, second.pk], "title": "Wonen in Overbos"})
    first.refresh_from_db()
    assert first.dossier.title == "Wonen in Overbos" and first.status == "bundled"
    page = client.get(f"/opvolging/{ws.slug}/signalen/").content.decode()
    assert "Wonen in Overbos" in page and "gebundeld" in page


def test_garbled_input_gets_a_message_not_an_error_page(client, team):
    ws = team["workspace"]
    signal = services.add_signal(ws, date=D(2026, 3, 1), theme="wonen", description="Wachtlijsten.")
    member(client, ws, Role.PRACTICE, "sara")
    response = client.post(f"/opvolging/{ws.slug}/signalen/{signal.pk}/", {"version": "abc", "status": "sent"})
    assert response.status_code == 200 and "niets overschreven" in response.content.decode()
    response = client.post(f"/opvolging/{ws.slug}/oogst/", {"action": "", "what_happened": "x"})
    assert response.status_code == 200 and "hoort niet bij het plan" in response.content.decode()
    response = client.post(f"/opvolging/{ws.slug}/zelfevaluatie/", {"date": "gisteren"})
    assert response.status_code == 200 and "gisteren" in response.content.decode()


def test_a_meeting_decision_lands_on_an_action_of_the_plan(client, team):
    from zorgzaam.plan import plan_service

    ws = team["workspace"]
    goal = plan_service.add_node(ws, "strategic", "Meer ontmoeting")
    action = plan_service.add_node(ws, "action", "Wekelijkse koffieklets", parent=goal)
    other_goal = plan_service.add_node(team["other"], "strategic", "Elders")
    other_action = plan_service.add_node(team["other"], "action", "Niet van ons", parent=other_goal)
    member(client, ws, Role.POLICY, "beleid")
    url = f"/opvolging/{ws.slug}/overleg/"
    refused = client.post(url, {"date": "2026-04-01", "consulted": "steering_group", "actions": [other_action.pk]})
    assert refused.status_code == 200 and "bestaat niet" in refused.content.decode()
    client.post(url, {"date": "2026-04-01", "consulted": "senior_council", "attendance": "11",
                      "decisions": "De raad steunt de koffieklets.", "actions": [action.pk]})
    page = client.get(url).content.decode()
    assert "seniorenadviesraad" in page and "Acties: Wekelijkse koffieklets" in page


def test_the_public_page_lists_earlier_pages_of_the_neighbourhood(client, team):
    ws = team["workspace"]
    made = []
    for day, title in ((D(2025, 11, 1), "Na de bevraging"), (D(2026, 5, 1), "Na de beslissing over het verkeer")):
        page = services.add_page(ws, neighbourhood=team["centrum"], title=title, decided="Tekst.", date=day,
                                 user="sara")
        page = services.approve_page(ws, page.pk, version=page.version, user="jonas")
        made.append(services.publish_page(ws, page.pk, version=page.version, user="an", role=Role.ADMIN))
    draft = services.add_page(ws, neighbourhood=team["centrum"], title="Nog een ontwerp", decided="x", user="sara")
    text = client.get(f"/opvolging/terugkoppeling/{made[1].token}/").content.decode()
    assert "Eerder in deze buurt" in text and "Na de bevraging" in text and draft.title not in text


def test_the_poster_of_a_public_page(client, team):
    """A3 by default, A4 on request, the QR code pointing at the page (not at the poster); a draft or a
    withdrawn page has no poster either."""
    ws = team["workspace"]
    page = services.add_page(ws, neighbourhood=team["centrum"], title="Er komt een zitbank", user="sara",
                             decided="Aan het plein, voor de zomer.", not_done="Geen eenrichtingsverkeer.")
    assert client.get(f"/opvolging/terugkoppeling/{page.token}/affiche/").status_code == 404
    page = services.approve_page(ws, page.pk, version=page.version, user="jonas")
    page = services.publish_page(ws, page.pk, version=page.version, user="an", role=Role.ADMIN)
    poster = client.get(f"/opvolging/terugkoppeling/{page.token}/affiche/")
    text = poster.content.decode()
    assert poster.status_code == 200 and "no-store" in poster["Cache-Control"]
    assert 'class="poster poster-a3"' in text and "Er komt een zitbank" in text
    assert "Geen eenrichtingsverkeer." in text and "Buurt Centrum" in text
    page_url = f"http://testserver/opvolging/terugkoppeling/{page.token}/"
    assert f"<title>{page_url}</title>" in text  # the QR code's own title: the page's address
    a4 = client.get(f"/opvolging/terugkoppeling/{page.token}/affiche/?formaat=a4").content.decode()
    assert 'class="poster poster-a4"' in a4
    assert f'href="/opvolging/terugkoppeling/{page.token}/affiche/"' in client.get(page_url).content.decode()
    services.withdraw_page(ws, page.pk, user="an", role=Role.ADMIN)
    assert client.get(f"/opvolging/terugkoppeling/{page.token}/affiche/").status_code == 404
