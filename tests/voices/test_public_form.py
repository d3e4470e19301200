"""The public form at /stem/<token>/ through Django's test client."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from zorgzaam.voices import services
from zorgzaam.voices.bank import build_questionnaire
from zorgzaam.voices.models import Answer, ContactDetails, Respondent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _start(client: Client, survey, **extra):
    return client.post(f"/stem/{survey.token}/", {"start_key": extra.pop("start_key", "k-" + str(id(client))),
                                                  **extra})


def _fill_all(client: Client, survey, opt_in="no"):
    r = _start(client, survey)
    assert r.status_code == 302 and r.url.endswith("/pagina/1/")
    r = client.post(r.url, {"satisfaction_neighbourhood": "4", "idem": "a1"})
    assert r.status_code == 302, r.content.decode()[:500]
    r = client.post(r.url, {"talk_neighbours": "weekly", "idem": "a2"})
    r = client.post(r.url, {"service_needed_not_used": "yes", "service_barriers": ["cost", "paperwork"], "idem": "a3"})
    r = client.post(r.url, {"needs_open": "Een bank bij de kerk", "idem": "a4"})
    r = client.post(r.url, {"age_band": "75_84", "sex": "female", "marital_status": "widowed", "idem": "a5"})
    r = client.post(r.url, {"involvement_optin": opt_in, "idem": "a6"})
    assert r.url.endswith("/versturen/")
    return client.post(r.url)


def test_start_page_is_dutch_and_accessible_basics(survey):
    r = Client().get(f"/stem/{survey.token}/")
    html = r.content.decode()
    assert r.status_code == 200 and "Begin met de vragenlijst" in html and "Testbevraging" in html
    assert 'name="viewport"' in html and "anoniem" in html



def test_language_choice_follows_the_respondent_through_the_form(survey):
    """?lang=en sets the site's language cookie and drops the parameter; every page after it is English,
    Python strings (progress, scale hint) and template strings alike; the header switch turns it back."""
    client = Client()
    r = client.get(f"/stem/{survey.token}/?lang=en&code=AB12")
    assert r.status_code == 302 and r.url == f"/stem/{survey.token}/?code=AB12"
    html = client.get(r.url).content.decode()
    assert 'lang="en"' in html and "Start the questionnaire" in html and "at least 5 people" in html
    r = _start(client, survey)
    page = client.get(r.url).content.decode()
    assert "Page 1 of 6" in page and "Choose a number from 1 to 5." in page and "Save and continue" in page
    assert "Bewaar en ga verder" not in page
    client.post("/i18n/setlang/", {"language": "nl", "next": r.url})
    page = client.get(r.url).content.decode()
    assert "Pagina 1 van 6" in page and "Kies een getal van 1 tot 5." in page


def test_fill_pages_and_submit(survey):
    client = Client()
    r = _fill_all(client, survey)
    assert r.status_code == 302 and r.url.endswith("/bedankt/")
    respondent = Respondent.objects.get(survey=survey)
    assert respondent.completed_at is not None and respondent.channel == "web"
    answers = services.current_answers(respondent)
    assert answers["satisfaction_neighbourhood"] == 4
    assert answers["service_barriers"] == ["cost", "paperwork"]
    assert answers["needs_open"] == "Een bank bij de kerk"


def test_answers_saved_per_page_and_resume(survey):
    client = Client()
    r = _start(client, survey)
    client.post(r.url, {"satisfaction_neighbourhood": "2", "idem": "x1"})
    respondent = Respondent.objects.get(survey=survey)
    assert services.current_answers(respondent) == {"satisfaction_neighbourhood": 2}
    # coming back later in the same browser: the start page offers to continue on page 2
    html = client.get(f"/stem/{survey.token}/").content.decode()
    assert "Verder invullen" in html and "/pagina/2/" in html
    # going back shows the saved answer
    page1 = client.get(f"/stem/{survey.token}/pagina/1/").content.decode()
    assert 'value="2" checked' in page1


def test_out_of_scale_refused(survey):
    client = Client()
    r = _start(client, survey)
    r = client.post(r.url, {"satisfaction_neighbourhood": "9", "idem": "o1"})
    assert r.status_code == 400
    assert "tussen 1 en 5" in r.content.decode()
    assert not Answer.objects.exists()


def test_required_question_refused_when_empty(survey):
    client = Client()
    r = _start(client, survey)
    r = client.post(r.url, {"idem": "r1"})
    assert r.status_code == 400 and "verplicht" in r.content.decode()


def test_skip_logic_clears_hidden_answer(survey):
    client = Client()
    r = _start(client, survey)
    client.post(r.url, {"satisfaction_neighbourhood": "3"})
    client.post(f"/stem/{survey.token}/pagina/3/", {"service_needed_not_used": "no", "service_barriers": ["cost"]})
    answers = services.current_answers(Respondent.objects.get(survey=survey))
    assert answers["service_needed_not_used"] == "no" and "service_barriers" not in answers


def test_closed_survey_refuses(survey):
    client = Client()
    _start(client, survey)
    services.close_survey(survey)
    r2 = client.post(f"/stem/{survey.token}/pagina/1/", {"satisfaction_neighbourhood": "4"})
    assert r2.status_code == 403 and "afgesloten" in r2.content.decode()
    assert Client().get(f"/stem/{survey.token}/").status_code == 403
    assert not Answer.objects.exists()


def test_double_submit_is_one_response(survey):
    client = Client()
    r1 = _start(client, survey, start_key="same-key")
    r2 = _start(client, survey, start_key="same-key")
    assert r1.url == r2.url and Respondent.objects.count() == 1
    _fill_all(client, survey)
    client.post(f"/stem/{survey.token}/versturen/")
    assert Respondent.objects.filter(survey=survey).count() == 1
    assert Respondent.objects.filter(completed_at__isnull=False).count() == 1


def test_another_surveys_start_key_starts_a_new_response_here(survey, workspace):
    """Start keys are unique over all surveys: a key already used in another survey (replayed or typed)
    is not an error page here, it starts this survey's own response, and the other survey's stays as it was."""
    other = services.create_survey(workspace, survey.questionnaire, "Andere bevraging 2026")
    theirs = Client()
    assert _start(theirs, other, start_key="shared-key").status_code == 302
    r = _start(Client(), survey, start_key="shared-key")
    assert r.status_code == 302 and r.url.endswith("/pagina/1/")
    assert Respondent.objects.filter(survey=other, start_key="shared-key").count() == 1
    mine = Respondent.objects.get(survey=survey)
    assert mine.start_key is None and mine.survey_id == survey.pk


def test_invitation_code_once(survey):
    code = services.make_invitation_codes(survey, 1)[0]
    first = Client()
    r = first.post(f"/stem/{survey.token}/", {"start_key": "i1", "code": code.lower()})
    assert r.status_code == 302
    # same code before finishing (e.g. on another device): resume the same response
    other = Client()
    r = other.post(f"/stem/{survey.token}/", {"start_key": "i2", "code": code})
    assert r.status_code == 302 and Respondent.objects.count() == 1
    respondent = Respondent.objects.get()
    services.save_answers(respondent, {"satisfaction_neighbourhood": 5})
    services.complete_response(respondent)
    third = Client()
    r = third.post(f"/stem/{survey.token}/", {"start_key": "i3", "code": code})
    assert r.status_code == 400 and "al ingevuld" in r.content.decode()
    assert Respondent.objects.count() == 1
    r = Client().post(f"/stem/{survey.token}/", {"start_key": "i4", "code": "NOPE1234"})
    assert r.status_code == 400 and "kennen we niet" in r.content.decode()
    r = Client().post(f"/stem/{survey.token}/", {"start_key": "i5"})
    assert r.status_code == 400 and "uitnodigingscode" in r.content.decode()


def test_contact_details_only_after_opt_in_and_kept_apart(survey):
    client = Client()
    r = _fill_all(client, survey, opt_in="yes")
    assert r.url.endswith("/contact/")
    client.post(r.url, {"name": "Mia Peeters", "email": "mia@example.org"})
    contact = ContactDetails.objects.get()
    assert contact.respondent.survey == survey
    data = services.response_data(survey)
    assert "Mia" not in data.frame.to_string()


def test_rate_limit(survey, monkeypatch):
    monkeypatch.setenv("ZORGZAAM_SURVEY_STARTS_PER_10MIN", "3")
    codes = [_start(Client(), survey, start_key=f"rl{i}").status_code for i in range(5)]
    assert codes[:3] == [302, 302, 302] and codes[3:] == [429, 429]


def test_printable_questionnaire(survey):
    html = Client().get(f"/stem/{survey.token}/afdrukken/").content.decode()
    assert "Alleen beantwoorden als" in html and "(vraag 3)" in html and 'class="box"' in html


def test_errors_name_the_question_by_its_number_on_the_form(survey):
    client = Client()
    r = _start(client, survey)
    html = client.post(r.url, {"satisfaction_neighbourhood": "", "idem": "n1"}).content.decode()
    assert "Vraag 1 is verplicht." in html and "satisfaction_neighbourhood is" not in html
    assert 'aria-describedby="satisfaction_neighbourhood-hint satisfaction_neighbourhood-error"' in html
    assert "<title>Fout:" in html


def test_a_respondent_uses_no_session_row(survey):
    """The browser's response is kept in a signed cookie scoped to the survey's link, not the session."""
    from django.contrib.sessions.models import Session

    client = Client()
    r = _start(client, survey)
    client.post(r.url, {"satisfaction_neighbourhood": "3", "idem": "s1"})
    cookie = client.cookies["zorgzaam_stem"]
    assert cookie["path"] == f"/stem/{survey.token}/" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert Respondent.objects.get().pseudonym in cookie.value  # signed, not encrypted: the pseudonym only
    assert Session.objects.count() == 0
    # a tampered cookie is no respondent: back to the start page
    client.cookies["zorgzaam_stem"] = cookie.value[:-2] + "xx"
    assert client.get(f"/stem/{survey.token}/pagina/2/").url == f"/stem/{survey.token}/"


def test_map_point_question_with_a_map_and_coordinates_that_read_back(workspace):
    spec = build_questionnaire(["uneasy_place", "needs_open"], title_nl="Kaarttest")
    survey = services.create_survey(workspace, services.create_questionnaire(workspace, spec), "Kaarttest")
    client = Client()
    r = _start(client, survey)
    page = client.get(r.url).content.decode()
    assert "leaflet/leaflet.js" in page and 'id="point-map"' in page and 'id="map-uneasy_place"' in page
    r = client.post(r.url, {"uneasy_place__lat": "51.2123", "uneasy_place__lon": "", "idem": "m1"})
    assert r.status_code == 400 and "Het antwoord op vraag 1 moet een punt op de kaart zijn" in r.content.decode()
    # the decimal comma of a Dutch phone keyboard is read as a decimal point
    r = client.post(f"/stem/{survey.token}/pagina/1/", {"uneasy_place__lat": "51,2123", "uneasy_place__lon": "5,1",
                                                        "idem": "m2"})
    assert r.status_code == 302
    assert services.current_answers(Respondent.objects.get())["uneasy_place"] == {"lat": 51.2123, "lon": 5.1}
    page = client.get(f"/stem/{survey.token}/pagina/1/").content.decode()  # Dutch page, decimal point kept
    assert 'value="51.2123"' in page and 'value="5.1"' in page
    assert "leaflet" not in client.get(f"/stem/{survey.token}/pagina/2/").content.decode()
    assert '"streets_url": null' in page  # no street network: the outline alone, as before


def test_map_streets_of_the_demo_survey(db):
    """The map question's street layer: the demo's fictional street grid within the survey's neighbourhoods
    (plus a small margin), one small GeoJSON line layer; refused while the survey is closed."""
    import json

    import shapely
    import shapely.geometry

    from zorgzaam.voices.demo import SURVEY_TOKEN
    from zorgzaam.voices.models import Survey
    from zorgzaam.web.demo import install_demo

    install_demo()
    survey = Survey.objects.get(token=SURVEY_TOKEN)
    url = f"/stem/{SURVEY_TOKEN}/kaart/straten/"
    survey.status = Survey.CLOSED
    survey.save(update_fields=["status"])
    assert not survey.is_open and Client().get(url).status_code == 403  # refused while closed
    survey.status = Survey.OPEN
    survey.save(update_fields=["status"])
    plain = Client().get(url)
    assert plain.status_code == 200 and plain["Content-Type"] == "application/geo+json"
    assert "max-age=600" in plain["Cache-Control"] and "public" in plain["Cache-Control"]
    assert len(plain.content) < 400_000  # measured: about 234 kB (38 kB gzipped) for the demo's 3 neighbourhoods
    layer = json.loads(plain.content)
    (feature,) = layer["features"]
    streets = shapely.geometry.shape(feature["geometry"])
    assert streets.geom_type == "MultiLineString" and len(streets.geoms) > 100
    assert feature["properties"] == {}  # the network has no street names
    # the same area as the outline the map draws: every street lies within it plus the margin (~150 m)
    client = Client()
    _start(client, survey)
    page = 1
    while "point-map" not in (html := client.get(f"/stem/{SURVEY_TOKEN}/pagina/{page}/").content.decode()):
        page += 1
    config = json.loads(html.split('id="point-map" type="application/json">')[1].split("</script>")[0])
    assert config["streets_url"] == url
    outline = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in config["outline"]["features"]])
    assert outline.buffer(0.003).contains(streets)  # 0.003° is about 210 m north–south, 330 m east–west
    assert streets.intersection(outline).length > 0.8 * streets.length  # mostly inside, a margin beyond
    assert not outline.buffer(-0.002).is_empty and streets.intersects(outline.buffer(-0.002))
    # a request through gzip is far smaller
    zipped = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and len(zipped.content) < len(plain.content) / 3


def test_map_streets_unknown_token_no_network_and_rate_limit(survey, monkeypatch):
    assert Client().get("/stem/no-such-survey/kaart/straten/").status_code == 404
    monkeypatch.setenv("ZORGZAAM_SURVEY_MAP_LAYERS_PER_10MIN", "2")
    url = f"/stem/{survey.token}/kaart/straten/"
    codes = [Client().get(url).status_code for _ in range(3)]
    assert codes == [404, 404, 429]  # no street network for this workspace; then too many
    assert Client().post(url).status_code == 405


def test_unsent_answers_are_kept_under_a_key_of_survey_respondent_and_page(survey):
    """form.js keeps unsent answers in sessionStorage under the key the page gives it: the survey's token
    and a hash of the respondent (never the pseudonym); the completed response's pages tell it to forget."""
    import re

    first, second = Client(), Client()
    keys = []
    for client, key in ((first, "d1"), (second, "d2")):
        r = _start(client, survey, start_key=key)
        html = client.get(r.url).content.decode()
        found = re.search(r'data-draft="(zorgzaam:draft:[^"]+)" data-page="1"', html)
        keys.append(found.group(1))
        assert 'role="status"' in html and "We hebben uw niet-bewaarde antwoorden teruggezet." in html
    pseudonyms = list(Respondent.objects.values_list("pseudonym", flat=True))
    assert keys[0] != keys[1] and all(k.startswith(f"zorgzaam:draft:{survey.token}:") for k in keys)
    assert not any(p in k for p in pseudonyms for k in keys)
    r = _fill_all(first, survey)
    thanks = first.get(r.url).content.decode()
    assert f'data-forget-drafts="zorgzaam:draft:{survey.token}:"' in thanks and "voices/form.js" in thanks
    english = Client()
    english.get(f"/stem/{survey.token}/?lang=en")
    r = _start(english, survey, start_key="d3")
    assert "We have restored the answers you had not saved yet." in english.get(r.url).content.decode()
