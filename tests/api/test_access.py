"""Who may read what through the API: no key or a bad, revoked or expired key → 401; a key of another
workspace → 404 like the screens; a former member's key stops; a key follows its owner's current role; a
lezer reads but nothing writes; only a hash of a key is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from zorgzaam.api.models import ApiToken
from zorgzaam.api.tokens import create_token, hash_key, revoke
from zorgzaam.areas.models import Neighbourhood
from zorgzaam.voices.models import Survey
from zorgzaam.workspaces.models import Membership

from .conftest import api_client

pytestmark = pytest.mark.django_db


def workspace_urls(slug: str, neighbourhood: int, survey: int) -> list[str]:
    base = f"/api/v1/workspaces/{slug}"
    return [f"{base}/neighbourhoods", f"{base}/neighbourhoods/geojson", f"{base}/neighbourhoods/{neighbourhood}/profile",
            f"{base}/areas/municipality/99001/profile", f"{base}/facilities", f"{base}/facilities/geojson",
            f"{base}/neighbourhoods/{neighbourhood}/reach", f"{base}/surveys", f"{base}/surveys/{survey}/aggregates",
            f"{base}/findings"]


def every_url(demo) -> list[str]:
    neighbourhood = Neighbourhood.objects.filter(workspace=demo).first().pk
    survey = Survey.objects.filter(workspace=demo).first().pk
    return ["/api/v1/me", "/api/v1/areas/levels", "/api/v1/areas", "/api/v1/areas/geojson?level=district",
            *workspace_urls(demo.slug, neighbourhood, survey)]


def test_without_a_valid_key_everything_is_401(demo, keys):
    user, key = keys["lezer"]
    for url in every_url(demo):
        assert api_client(None).get(url).status_code == 401, url
        assert api_client("zz_" + "x" * 43).get(url).status_code == 401, url
        assert api_client(key[:-1]).get(url).status_code == 401, url
    assert api_client(None).get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    # a revoked key, an expired key and the key of someone no longer a member stop at once
    token = ApiToken.objects.get(key_hash=hash_key(key))
    client = api_client(key)
    assert client.get("/api/v1/me").status_code == 200
    revoke(token)
    assert client.get("/api/v1/me").status_code == 401
    _, expiring = keys["praktijkwerker"]
    ApiToken.objects.filter(key_hash=hash_key(expiring)).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_client(expiring).get("/api/v1/me").status_code == 401
    leaver, leaving = keys["procesbegeleider"]
    assert api_client(leaving).get("/api/v1/areas").status_code == 200
    Membership.objects.filter(user=leaver, workspace=demo).delete()
    assert api_client(leaving).get("/api/v1/areas").status_code == 401


def test_a_key_of_one_workspace_reads_nothing_of_another(demo, keys, other):
    _, demo_key = keys["beheerder"]
    secret_survey = other["survey"].pk
    for url in workspace_urls(other["workspace"].slug, other["neighbourhood"].pk, secret_survey):
        assert api_client(demo_key).get(url).status_code == 404, url
    assert api_client(other["key"]).get(f"/api/v1/workspaces/andere/surveys/{secret_survey}/aggregates").status_code == 200
    # the other workspace's objects under the demo's own slug are not found either
    base = f"/api/v1/workspaces/{demo.slug}"
    for url in (f"{base}/neighbourhoods/{other['neighbourhood'].pk}/profile",
                f"{base}/neighbourhoods/{other['neighbourhood'].pk}/reach",
                f"{base}/findings?neighbourhood={other['neighbourhood'].pk}",
                f"{base}/surveys/{secret_survey}/aggregates"):
        assert api_client(demo_key).get(url).status_code == 404, url
    # a workspace that does not exist looks the same as one that is not yours
    assert api_client(demo_key).get("/api/v1/workspaces/bestaat-niet/surveys").status_code == 404
    listed = api_client(demo_key).get(f"/api/v1/workspaces/{demo.slug}/neighbourhoods").json()
    assert "Geheime buurt" not in {n["name"] for n in listed["items"]}
    surveys = api_client(demo_key).get(f"/api/v1/workspaces/{demo.slug}/surveys").json()
    assert "Geheime bevraging" not in {s["name"] for s in surveys["items"]}


def test_a_reader_reads_and_nothing_writes(demo, keys):
    user, key = keys["lezer"]
    client = api_client(key)
    me = client.get("/api/v1/me").json()
    assert (me["slug"], me["role"], me["role_label"]) == (demo.slug, "lezer", "lezer")
    assert client.get("/api/v1/me?lang=en").json()["role_label"] == "reader"
    neighbourhoods = Neighbourhood.objects.filter(workspace=demo).count()
    for url in every_url(demo)[4:]:
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data={}, content_type="application/json")
            assert response.status_code == 405, (method, url, response.status_code)
    assert Neighbourhood.objects.filter(workspace=demo).count() == neighbourhoods
    # the key follows its owner's current role
    Membership.objects.filter(user=user, workspace=demo).update(role="beleidsmedewerker")
    assert client.get("/api/v1/me").json()["role"] == "beleidsmedewerker"


def test_only_a_hash_is_stored_and_last_use_is_recorded(demo, keys):
    user, key = keys["lezer"]
    token = ApiToken.objects.get(owner=user)
    assert token.key_hash == hash_key(key) and key not in (token.key_hash, token.prefix, token.name)
    assert key.startswith(token.prefix) and len(token.prefix) == 10
    assert token.last_used_at is None
    api_client(key).get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at is not None
    other_user, _ = keys["beheerder"]
    assert create_token(demo, other_user, "tweede").key != key
