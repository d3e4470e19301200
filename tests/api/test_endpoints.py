"""What the API answers on the demo: the same figures as the services the screens use, machine output
(decimal point, ISO dates, stable codes with a Dutch or English label), GeoJSON in WGS84, pages, survey
aggregates with every small cell hidden and each read audited, and never an open answer or contact
detail."""

from __future__ import annotations

import json

import pytest

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.voices.models import ContactDetails, Respondent, Survey
from zorgzaam.workspaces.models import AuditEntry

from .conftest import api_client

pytestmark = pytest.mark.django_db


def in_flanders(coordinates) -> bool:
    if coordinates and isinstance(coordinates[0], int | float):
        lon, lat = coordinates[:2]
        return 2.0 < lon < 7.0 and 49.0 < lat < 52.0
    return all(in_flanders(part) for part in coordinates)


def test_profile_records_are_the_services_figures(demo, keys):
    from zorgzaam.profile.service import neighbourhood_profile

    client = api_client(keys["lezer"][1])
    neighbourhood = Neighbourhood.objects.filter(workspace=demo).order_by("name").first()
    url = f"/api/v1/workspaces/{demo.slug}/neighbourhoods/{neighbourhood.pk}/profile"
    page = client.get(url + "?indicator=share_65plus&scope=focus").json()
    assert page["focus"] == {"level": "neighbourhood", "code": neighbourhood.name, "vintage": "",
                             "name": neighbourhood.name, "is_focus": True}
    expected = [r for r in neighbourhood_profile(neighbourhood).records("nl")
                if r["indicator"] == "share_65plus" and r["area"]["level"] == "neighbourhood"
                and r["area"]["code"] == neighbourhood.name]
    assert page["count"] == len(expected) > 0
    by_period = {r["period"]: r for r in page["items"]}
    for record in expected:
        got = by_period[str(record["period"])]
        assert (got["value"], got["numerator"], got["denominator"], got["status"]) == (
            record["value"], record["numerator"], record["denominator"], record["status"])
    one = page["items"][0]
    assert one["indicator_label"] and one["unit"] and one["reliability"]
    # the period filter, the comparison areas, and the English labels with the same codes
    period = one["period"]
    everything = client.get(url + f"?period={period}&indicator=share_65plus").json()
    assert {r["area"]["level"] for r in everything["items"]} >= {"neighbourhood", "municipality"}
    assert all(r["period"] == period for r in everything["items"])
    english = client.get(url + f"?period={period}&indicator=share_65plus&lang=en").json()
    assert [r["status"] for r in english["items"]] == [r["status"] for r in everything["items"]]
    assert english["items"][0]["indicator_label"] != everything["items"][0]["indicator_label"]
    # a figure that cannot be computed says why, in words, in the chosen language
    records, following = [], url + "?limit=1000&lang=en"
    while following:
        full = client.get(following).json()
        records += full["items"]
        following = full["next"]
    assert len(records) == full["count"]
    reasons = [r for r in records if r["status"] != "ok"]
    assert reasons and all(r["reason"] and r["value"] is None for r in reasons)
    # pages: the next link gives the following records, the whole adds up
    first = client.get(url + "?limit=7").json()
    assert first["next"] and "offset=7" in first["next"] and len(first["items"]) == 7
    second = client.get(first["next"]).json()
    assert second["offset"] == 7 and second["items"][0] != first["items"][-1]
    text = client.get(url + "?limit=50").content.decode()
    assert "," not in json.dumps([r["value"] for r in json.loads(text)["items"]]).replace(", ", "")


def test_areas_neighbourhoods_and_facilities_as_geojson(demo, keys):
    client = api_client(keys["lezer"][1])
    levels = {row["level"]: row for row in client.get("/api/v1/areas/levels").json()}
    assert levels["sector"]["label"] == "statistische sector" and levels["sector"]["vintages"]
    sectors = client.get("/api/v1/areas?level=sector&parent=99001&limit=5").json()
    assert sectors["count"] > 5 and sectors["next"]
    first = sectors["items"][0]
    assert {"level": "municipality", "code": "99001"}.items() <= {
        k: v for p in first["parents"] if p["level"] == "municipality" for k, v in p.items()}.items()
    assert client.get("/api/v1/areas?level=sector&lang=en&limit=1").json()["items"][0]["level_label"] == \
        "statistical sector"
    geo = client.get("/api/v1/areas/geojson?level=district&parent=99001").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    assert all(in_flanders(f["geometry"]["coordinates"]) for f in geo["features"])
    assert {f["properties"]["code"] for f in geo["features"]} <= {a["code"] for a in client.get(
        "/api/v1/areas?level=district&limit=1000").json()["items"]}
    mine = client.get(f"/api/v1/workspaces/{demo.slug}/neighbourhoods/geojson").json()
    names = {n.name for n in Neighbourhood.objects.filter(workspace=demo)}
    assert {f["properties"]["name"] for f in mine["features"]} == names
    for feature in mine["features"]:
        assert in_flanders(feature["geometry"]["coordinates"])
        assert feature["properties"]["version"] >= 1 and feature["properties"]["vintage"]
        assert feature["properties"]["version_created_at"][:4].isdigit()  # an ISO date
    facilities = client.get(f"/api/v1/workspaces/{demo.slug}/facilities?category=gp").json()
    assert facilities["count"] > 0 and all(f["category"] == "gp" for f in facilities["items"])
    assert "contact" not in facilities["items"][0]
    points = client.get(f"/api/v1/workspaces/{demo.slug}/facilities/geojson?category=gp&lang=en").json()
    assert len(points["features"]) == facilities["count"]
    assert points["features"][0]["properties"]["category_label"] != facilities["items"][0]["category_label"]


def test_a_neighbourhood_has_one_outline_in_the_api_the_plan_map_and_the_survey_map(demo, keys):
    """The API's neighbourhood GeoJSON, the plan's map of actions and a survey's "where" map draw the same
    outline of each neighbourhood: the areas app's outline of its current version."""
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from zorgzaam.areas.neighbourhood_service import outlines_geojson
    from zorgzaam.voices.views import _point_map

    cache.clear()
    hoods = list(Neighbourhood.objects.filter(workspace=demo).order_by("name", "pk"))
    expected = {h.name: json.loads(json.dumps(g)) for h, g in zip(
        hoods, outlines_geojson([h.current for h in hoods]), strict=True)}
    assert len(expected) == 3 and all(g["type"] in ("Polygon", "MultiPolygon") for g in expected.values())
    api = api_client(keys["lezer"][1]).get(f"/api/v1/workspaces/{demo.slug}/neighbourhoods/geojson").json()
    assert {f["properties"]["name"]: f["geometry"] for f in api["features"]} == expected
    screens = Client()
    screens.force_login(keys["lezer"][0])
    plan = screens.get(reverse("plan-map-geojson", args=[demo.slug])).json()
    assert {f["properties"]["name"]: f["geometry"] for f in plan["features"]} == expected
    survey = Survey.objects.filter(workspace=demo).first()
    survey.neighbourhoods.set(hoods)
    outline = _point_map(survey)["outline"]
    assert {f["properties"]["name"]: json.loads(json.dumps(f["geometry"])) for f in outline["features"]} == expected


def test_reach_is_the_environment_service_result(demo, keys):
    from zorgzaam.environment.service import reach_for

    neighbourhood = Neighbourhood.objects.filter(workspace=demo).order_by("name").first()
    url = f"/api/v1/workspaces/{demo.slug}/neighbourhoods/{neighbourhood.pk}/reach?category=gp&threshold=400&threshold=800"
    result = api_client(keys["lezer"][1]).get(url).json()
    expected = reach_for(neighbourhood.name, ["gp"], [400, 800], workspace=demo)
    assert result["thresholds_m"] == [400.0, 800.0] and result["distance_method"] == expected["distance_method"]
    assert result["locations"] == expected["locations"]
    everyone = {(s["group"], s["threshold_m"]): s["share"] for s in result["shares"]}
    for row in expected["shares"]:
        assert everyone[(row["group"], row["threshold_m"])] == pytest.approx(row["share"], abs=1e-4)
    assert api_client(keys["lezer"][1]).get(url.replace("category=gp", "category=geen-soort")).status_code == 422
    too_many = "".join(f"&threshold={m}" for m in range(100, 800, 100))
    assert api_client(keys["lezer"][1]).get(url + too_many).status_code == 422


def test_survey_aggregates_hide_small_cells_carry_no_personal_data_and_are_audited(demo, keys):
    from zorgzaam.voices.services import response_data

    survey = Survey.objects.get(workspace=demo)
    respondent = Respondent.objects.filter(survey=survey).first()
    ContactDetails.objects.update_or_create(respondent=respondent, defaults={
        "name": "Mariette Vandenbroucke-Testpersoon", "email": "mariette.test@example.org", "phone": "0470 12 34 56",
        "address": "Kerkstraat 999, Overbos"})
    client = api_client(keys["lezer"][1])
    before = AuditEntry.objects.count()
    url = f"/api/v1/workspaces/{demo.slug}/surveys/{survey.pk}/aggregates"
    page = client.get(url + "?limit=1000").json()
    assert AuditEntry.objects.count() == before + 1
    row = AuditEntry.objects.order_by("-pk").first()
    assert (row.action, row.fmt, row.actor, row.object_kind, row.object_id) == ("report", "api", "api-lezer", "voices.survey", str(survey.pk))
    assert row.detail["via"] == "api" and not row.detail["free_text"]
    minimum = page["min_cell"]
    assert page["items"] and all(c["count"] is None or c["count"] >= minimum for c in page["items"])
    assert all(c["group_n"] is None or c["group_n"] >= minimum for c in page["items"])
    hidden = [c for c in page["items"] if c["suppressed"]]
    assert hidden and all(c["reason"] and c["percent"] is None for c in hidden)
    assert {c["group"] for c in page["items"]} >= {None}
    assert all(r["respondents"] is None or r["respondents"] >= minimum for r in page["response"])
    one = client.get(url + "?question=satisfaction_neighbourhood&lang=en").json()
    assert {c["question"] for c in one["items"]} == {"satisfaction_neighbourhood"}
    assert one["items"][0]["group_label"] == "Total"
    # no open answer and no contact detail anywhere in what the API sends
    data = response_data(survey)
    open_answers = [str(v) for q in data.spec.questions if q.is_free_text and q.code in data.frame
                    for v in data.frame[q.code] if isinstance(v, str) and len(v.strip()) > 8]
    assert open_answers, "the demo survey has open answers to look for"
    sent = "".join(api_client(keys["beheerder"][1]).get(u).content.decode() for u in (
        url + "?limit=1000", f"/api/v1/workspaces/{demo.slug}/findings?limit=1000",
        f"/api/v1/workspaces/{demo.slug}/surveys"))
    for text in open_answers + ["Mariette", "mariette.test@example.org", "0470 12 34 56", "Kerkstraat 999"]:
        assert json.dumps(text)[1:-1] not in sent and text not in sent, text


def test_findings_of_the_summary_table(demo, keys):
    from zorgzaam.plan.findings import refresh_neighbourhood, summary_rows

    neighbourhood = Neighbourhood.objects.filter(workspace=demo).order_by("name").first()
    refresh_neighbourhood(neighbourhood)
    client = api_client(keys["lezer"][1])
    url = f"/api/v1/workspaces/{demo.slug}/findings?neighbourhood={neighbourhood.pk}&limit=1000"
    page = client.get(url).json()
    rows = summary_rows(demo, neighbourhood, "nl")
    assert page["count"] == len(rows) > 0
    assert {f["id"] for f in page["items"]} == {r["id"] for r in rows}
    assert all("quotes" not in f for f in page["items"])
    english = client.get(url + "&lang=en&source=profile").json()
    assert english["items"] and all(f["source"] == "profile" for f in english["items"])
    assert english["items"][0]["source_label"] == "figures" and english["items"][0]["status_label"] == "to review"
