"""Facilities and reach through the database and the CLI, on the fictional demo and the real files."""

from __future__ import annotations

import json

import pytest

from zorgzaam.cli import main


@pytest.fixture
def demo(db):
    from zorgzaam.web.demo import install_demo

    return install_demo()


def test_demo_installs_facilities_and_network(demo):
    from zorgzaam.environment.models import Facility, StreetNetwork

    assert "fictieve voorzieningen" in demo
    assert Facility.objects.filter(is_fictional=True).count() >= 40
    assert StreetNetwork.objects.filter(is_fictional=True).count() == 1


def test_reach_command_on_the_demo(demo, capsys):
    assert main(["reach", "99001", "--category", "bus_stop", "--category", "huisarts", "--threshold", "400",
                 "--threshold", "800", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["distance_method"] == "network" and result["location_method"] == ["buildings"]
    shares = {(r["category"], r["threshold_m"], r["group"]): r["share"] for r in result["shares"]}
    assert 0 < shares[("bus_stop", 400, "all")] <= shares[("bus_stop", 800, "all")] <= 1
    assert ("gp", 800, "age_080_999") in shares


def test_walkability_and_mismatch_commands(demo, capsys):
    assert main(["walkability", "99001", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert "warning" in result and result["cells"] > 100
    assert main(["mismatch", "99001", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "signals" in out


@pytest.mark.realdata
def test_facility_import_and_list(db, shared_data, capsys, tmp_path):
    path = shared_data / "balen_ravels" / "pharmacies_afmps_2022.geojson"
    assert main(["facilities", "import", "afmps", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["placed"] == 85 and report["refused"] == 1
    assert main(["facilities", "list", "--category", "pharmacy", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 85
    own = tmp_path / "eigen.csv"
    own.write_text("naam,categorie,x,y\nApotheek Cobra Rosselaar,apotheek,,\n", encoding="utf-8")
    assert main(["facilities", "import", "list", str(own), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["placed"] == 0 and report["problems"][0]["line"] == 2


def test_manual_add_correct_retire(db):
    from zorgzaam.environment import service

    facility = service.add_facility(None, created_by="test", name="Zitbank", category="bench", x=1.0, y=2.0)
    service.correct_facility(facility.id, edited_by="test", name="Zitbank aan de kerk")
    service.retire_facility(facility.id, edited_by="test", note="weggehaald")
    frame = service.facilities_frame()
    assert facility.id not in frame["id"].tolist()
    assert service.facilities_frame(include_retired=True).set_index("id").loc[facility.id, "name"] == "Zitbank aan de kerk"


def test_environment_section_of_a_demo_neighbourhood(demo):
    import shapely

    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.environment import service
    from zorgzaam.workspaces.models import Workspace

    workspace = Workspace.objects.get(is_demo=True)
    name = "Centrum en omgeving"
    section = service.environment_section(name, workspace, categories=["bus_stop", "gp", "bench"],
                                          thresholds=[400, 800])
    assert section["target"] == name and section["is_fictional"]
    assert section["methods"]["distance"] == "network" and section["methods"]["locations"] == ["buildings"]
    # the same shares as the reach command, which computes only the neighbourhood's own locations
    alone = service.reach_for(name, ["bus_stop", "gp"], [400, 800], workspace=workspace)
    expected = {(r["category"], r["threshold_m"], r["group"]): r["share"] for r in alone["shares"]}
    for row in section["reach"]:
        for threshold, share in zip(section["thresholds_m"], row["shares"], strict=True):
            if row["category"] != "bench":
                assert share == pytest.approx(expected[(row["category"], threshold, row["group"])])
    groups = {r["group"] for r in section["reach"]}
    assert {"all", "age_080_999", "age_065_999"} <= groups
    # facilities inside: counted again with shapely from the neighbourhood's sectors
    codes = Neighbourhood.objects.get(workspace=workspace, name=name).current.sector_codes
    outline = shapely.union_all([shapely.geometry.shape(s["geometry"]) for s in section["sectors"]
                                 if s["code"] in codes])
    frame = service.facilities_frame(category="bus_stop", workspace=workspace)
    inside = int(shapely.contains_xy(outline, frame["x"], frame["y"]).sum())
    counted = {c["category"]: c for c in section["facility_counts"]}
    assert counted["bus_stop"]["inside"] == inside
    assert len(section["locations"]) == section["methods"]["location_count"] == \
        len(section["location_distances"]["bus_stop"])
    # GP supply: compared across the workspace's neighbourhoods; population-weighted mean of the
    # municipality equals the total capacity over the total population only when everyone reaches a GP,
    # so check the defining identity instead: Σ_j R_j · population served = number of practices reached
    supply = section["supply"]
    served = [p for p in supply["points"] if p["population_served"] > 0]
    assert sum(p["ratio_per_1000"] / 1000 * p["population_served"] for p in served) == pytest.approx(len(served))
    assert {n["name"] for n in supply["by_neighbourhood"]} >= {name, "Wijk Kapelhoek"}
    walk = section["walkability"]
    assert walk["target"]["score"] is not None and "relatief" in walk["warning"] and len(walk["cells"]) > 100
    assert len(section["signals"]) >= 3
    for signal in section["signals"]:
        assert signal["evidence"]["share_within"] < signal["evidence"]["share_below"]
        assert "%" in signal["evidence_text"]
    json.dumps(section)  # the screens and the CLI serialise it as it is


def test_the_network_is_the_workspace_own_or_one_that_covers_the_target(demo, tmp_path):
    """Another team's newer network of another place never replaces the one that covers this target."""
    import numpy as np

    from zorgzaam.environment.models import StreetNetwork
    from zorgzaam.environment.network import build_network
    from zorgzaam.environment.service import network_for, save_network
    from zorgzaam.workspaces.models import Workspace

    workspace = Workspace.objects.get(slug="demo-overbos")
    demo_network = StreetNetwork.objects.get(is_fictional=True)
    codes = list(workspace.neighbourhoods.first().current.sector_codes)
    elsewhere = Workspace.objects.create(name="Elders", slug="elders")
    far = build_network(np.array([[500_000.0, 500_000.0], [500_100.0, 500_000.0]]), np.array([[0, 1]]))
    other = save_network(far, "ver weg", workspace=elsewhere)
    assert other.created_at >= demo_network.created_at
    assert network_for(workspace, codes=codes) == demo_network  # the other team's is not even a candidate
    assert network_for(elsewhere) == other  # its own first when there is no target
    assert network_for(elsewhere, codes=codes) == demo_network  # covers the target; its own one does not
    assert network_for(elsewhere, point=(500_050.0, 500_000.0)) == other
    assert network_for(workspace, point=(500_050.0, 500_000.0)) is None  # nothing stored covers that point


def test_reach_never_counts_another_team_s_private_figures(demo):
    """Population per sector comes from shared datasets and the workspace's own, never another team's."""
    import pandas as pd

    from zorgzaam.environment.service import sector_population
    from zorgzaam.sources.store import save_dataset
    from zorgzaam.workspaces.models import Workspace

    demo_workspace = Workspace.objects.get(slug="demo-overbos")
    code = list(demo_workspace.neighbourhoods.first().current.sector_codes)[0]
    shared, _ = sector_population([code])
    other = Workspace.objects.create(name="Ander team", slug="ander-team")
    period = "2999"  # newer than any shared period: it would win if it were read
    save_dataset(pd.DataFrame({"area_level": ["sector"], "area_code": [code], "area_vintage": ["2025"],
                               "period": [period], "measure": ["population"], "value": [123456.0]}),
                 name="Eigen telling", format="long", source="team", file_name="eigen.csv", report={}, workspace=other)
    assert sector_population([code], demo_workspace)[0].equals(shared)
    assert sector_population([code])[0].equals(shared)
    assert float(sector_population([code], other)[0]["population"].iloc[0]) == 123456.0


def test_signals_left_out_say_so_in_the_readers_language(demo):
    from zorgzaam.environment import service
    from zorgzaam.workspaces.models import Workspace

    workspace = Workspace.objects.get(is_demo=True)
    for lang, words in (("nl", "(niet berekend)"), ("en", "(not computed)")):
        section = service.environment_section("Centrum en omgeving", workspace, categories=["gp"], thresholds=[400],
                                              lang=lang, parts=(), streets=False)
        assert section["signals"] == [] and section["signal_message"] == words
