"""Making and revoking keys on the screen /w/<werkruimte>/api-sleutels/ (shown once; Dutch with 'je', English
through the catalogue) and with ``zorgzaam api token create|list|revoke``."""

from __future__ import annotations

import json

import pytest

from zorgzaam.api.models import ApiToken
from zorgzaam.cli import main

from .conftest import api_client, make_member

pytestmark = pytest.mark.django_db


def test_a_member_makes_sees_once_and_revokes_a_key(client, demo):
    reader = make_member("lezer-scherm", demo, "lezer")
    client.force_login(reader)
    url = f"/w/{demo.slug}/api-sleutels/"
    page = client.get(url)
    assert page.status_code == 200 and "Nieuwe sleutel maken" in page.content.decode()
    made = client.post(url, {"name": "Power BI", "days": "30"})
    text = made.content.decode()
    assert made["Cache-Control"] == "no-store" and "Kopieer hem nu: je ziet hem hierna nooit meer." in text
    token = ApiToken.objects.get(owner=reader)
    key = text.split('id="new-key" class="link-box" type="text" readonly value="')[1].split('"')[0]
    assert key.startswith(token.prefix) and token.name == "Power BI"
    assert api_client(key).get("/api/v1/me").json()["role"] == "lezer"
    assert key not in client.get(url).content.decode()  # never shown again
    # someone else cannot revoke it (not found), its owner can
    other = make_member("ander-lid", demo, "praktijkwerker")
    client.force_login(other)
    assert token.prefix not in client.get(url).content.decode()
    assert client.post(f"{url}{token.pk}/intrekken/").status_code == 404
    client.force_login(reader)
    assert client.post(f"{url}{token.pk}/intrekken/").status_code == 302
    assert api_client(key).get("/api/v1/me").status_code == 401
    assert "ingetrokken" in client.get(url).content.decode()
    # a beheerder sees every key of the workspace; an outsider gets 404; English through the catalogue
    admin = make_member("beheerder-scherm", demo, "beheerder")
    client.force_login(admin)
    assert "Power BI" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"  # the language button's choice
    english = client.get(url).content.decode()
    client.cookies["django_language"] = "nl"
    assert "Make a new key" in english and "All keys of this workspace" in english
    from zorgzaam.workspaces.models import Workspace

    stranger = make_member("buitenstaander", Workspace.objects.create(name="Elders", slug="elders"), "beheerder")
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_the_cli_makes_lists_and_revokes_keys(demo, capsys):
    make_member("analist", demo, "beleidsmedewerker")
    assert main(["api", "token", "create", "--workspace", demo.slug, "--user", "analist", "--name", "QGIS",
                 "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["state"] == "active" and made["owner"] == "analist" and made["expires_at"]
    assert api_client(made["key"]).get(f"/api/v1/workspaces/{demo.slug}/neighbourhoods").status_code == 200
    assert main(["api", "token", "list", "--workspace", demo.slug, "--json"]) == 0
    listed = capsys.readouterr().out
    assert made["prefix"] in listed and made["key"] not in listed
    assert main(["api", "token", "revoke", made["prefix"], "--workspace", demo.slug, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "revoked"
    assert api_client(made["key"]).get("/api/v1/me").status_code == 401
    # someone who is not a member gets no key, with a plain message
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("geen-lid", "x@example.org", "een-lang-wachtwoord-42")
    assert main(["api", "token", "create", "--workspace", demo.slug, "--user", "geen-lid"]) == 1
    assert "geen lid van de werkruimte" in capsys.readouterr().err
