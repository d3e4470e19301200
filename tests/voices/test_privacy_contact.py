"""The respondent's contact details (issue 11, item 9): the e-mail address is checked, and input longer than a
field holds is refused with a clear message — nothing is cut without telling; what was typed stays in the form."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from zorgzaam.voices.models import ContactDetails

from .test_public_form import _fill_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def contact_page(survey):
    client = Client()
    response = _fill_all(client, survey, opt_in="yes")
    assert response.url.endswith("/contact/")
    return client, response.url


def test_a_wrong_email_address_is_refused_and_kept_on_screen(contact_page):
    client, url = contact_page
    response = client.post(url, {"name": "Mia Peeters", "email": "mia-at-example"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dit lijkt geen e-mailadres" in page and "niet bewaard" in page
    assert 'value="mia-at-example"' in page and 'value="Mia Peeters"' in page
    assert 'aria-invalid="true"' in page
    assert not ContactDetails.objects.exists()


def test_too_long_input_is_refused_with_a_message_not_cut(contact_page):
    client, url = contact_page
    long_address = "Kerkstraat 1, " + "x" * 400
    response = client.post(url, {"name": "Mia", "address": long_address})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dit is te lang: hier passen hoogstens 300 tekens, je typte er 414" in page
    assert "maxlength" not in page  # the browser does not cut silently either
    assert not ContactDetails.objects.exists()


def test_correct_details_are_saved_whole(contact_page):
    client, url = contact_page
    response = client.post(url, {"name": " Mia Peeters ", "email": "mia@example.org", "phone": "014 12 34 56",
                                 "address": "Kerkstraat 1, 2490 Balen"})
    assert response.status_code == 302 and response.url.endswith("/bedankt/") or response.status_code == 302
    contact = ContactDetails.objects.get()
    assert (contact.name, contact.email, contact.phone) == ("Mia Peeters", "mia@example.org", "014 12 34 56")


def test_skipping_saves_nothing_even_with_wrong_input(contact_page):
    client, url = contact_page
    response = client.post(url, {"email": "fout", "skip": "1"})
    assert response.status_code == 302 and not ContactDetails.objects.exists()


def test_the_message_follows_the_questionnaire_language(survey):
    from zorgzaam.voices.forms import check_contact

    _, errors = check_contact({"email": "nope", "phone": "1" * 41}, "en")
    assert errors["email"].startswith("This does not look like an e-mail address")
    assert errors["phone"].startswith("This is too long: at most 40 characters fit here, you typed 41")
