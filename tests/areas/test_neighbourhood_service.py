"""Neighbourhoods in the database and through ``zorgzaam buurt``, on the installed demo."""

import json

import pytest

from zorgzaam.areas import neighbourhood_service as service
from zorgzaam.areas.models import Neighbourhood
from zorgzaam.cli import main
from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.demo import MUNICIPALITY, NEIGHBOUR, demo_drawn_area, generate_demo
from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_db():
    install_demo()
    return generate_demo()


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_installs_example_neighbourhoods_and_is_idempotent(demo_db):
    from zorgzaam.sources.models import Dataset

    workspace = service.get_workspace(WORKSPACE_SLUG)
    assert workspace.is_demo
    names = set(Neighbourhood.objects.filter(workspace=workspace).values_list("name", flat=True))
    assert len(names) == 3
    datasets = Dataset.objects.filter(is_fictional=True)
    assert datasets.filter(workspace__isnull=True).count() == 1
    assert datasets.filter(workspace=workspace).count() == 1
    summary = install_demo()
    assert "Overbos" in summary
    assert Neighbourhood.objects.filter(workspace=workspace).count() == 3
    assert Dataset.objects.filter(is_fictional=True).count() == 2
    drawn = Neighbourhood.objects.get(workspace=workspace, name="Rond de kerk (getekend)").current
    assert drawn.rule == "polygon-area" and drawn.polygon_geojson


def test_create_from_sectors_via_cli_prints_sectors_rule_and_warnings(demo_db, capsys):
    a = demo_db.sector_codes(MUNICIPALITY, locatable_only=True)[0]
    b = demo_db.sector_codes(NEIGHBOUR, locatable_only=True)[-1]
    code, out, _ = run(capsys, "buurt", "create", "Twee gemeenten", "--sectors", f"{a},{b}",
                       "--workspace", WORKSPACE_SLUG)
    assert code == 0
    assert a in out and b in out and "Regel (sectors)" in out
    assert "meer dan één gemeente" in out
    stored = Neighbourhood.objects.get(name="Twee gemeenten").current
    assert "selection_two_municipalities" in [w["code"] for w in stored.warnings]


def test_create_from_a_wijk_uses_the_hierarchy(demo_db, capsys):
    links = demo_db.links[(demo_db.links.child_level == "sector") & (demo_db.links.parent_level == "district")]
    wijk = sorted(links.parent_code.unique())[1]
    expected = sorted(links.loc[links.parent_code == wijk, "child_code"])
    code, out, _ = run(capsys, "buurt", "create", "Wijkbuurt", "--from-area", wijk, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["sectors"] == expected and data["rule"] == "area" and data["source_area_code"] == wijk
    assert "wijk" in data["rule_description"]


def test_create_from_a_drawn_polygon_both_rules(demo_db, capsys, tmp_path):
    path = tmp_path / "getekend.geojson"
    path.write_text(json.dumps(demo_drawn_area(demo_db, radius=1800)))
    code, out, _ = run(capsys, "buurt", "create", "Getekend C", "--polygon", str(path), "--json")
    assert code == 0
    by_centre = json.loads(out)
    code, out, _ = run(capsys, "buurt", "create", "Getekend A", "--polygon", str(path), "--rule", "area",
                       "--min-share", "0.25")
    assert code == 0 and "25 %" in out and "Regel (polygon-area)" in out
    by_area = Neighbourhood.objects.get(name="Getekend A").current
    assert by_centre["rule"] == "polygon-centroid"
    assert by_centre["sectors"] and set(by_centre["sectors"]) <= set(by_area.sector_codes)
    assert not any(c.endswith("ZZZZ") for c in by_area.sector_codes)


def test_edit_adds_versions_and_keeps_history(demo_db, capsys):
    codes = demo_db.sector_codes(MUNICIPALITY, locatable_only=True)
    service.create_neighbourhood("Historiek", sectors=codes[:2])
    service.edit_neighbourhood("Historiek", add=[codes[2]], note="uitbreiding")
    service.edit_neighbourhood("Historiek", remove=[codes[0]])
    code, out, _ = run(capsys, "buurt", "show", "Historiek", "--history", "--json")
    history = json.loads(out)["history"]
    assert [v["number"] for v in history] == [1, 2, 3]
    assert history[0]["sectors"] == sorted(codes[:2])
    assert history[1]["sectors"] == sorted(codes[:3]) and history[1]["note"] == "uitbreiding"
    assert history[2]["sectors"] == sorted(codes[1:3]) and history[2]["rule"] == "edit"
    code, out, _ = run(capsys, "buurt", "edit", "Historiek", "--sectors", codes[5])
    assert code == 0 and "Versie 4" in out
    code, out, _ = run(capsys, "buurt", "list")
    assert "Historiek" in out and "4 versie(s)" in out


def test_errors_are_clear_in_dutch_and_english(demo_db, capsys, tmp_path):
    code, _, err = run(capsys, "buurt", "create", "Leeg", "--sectors", " , ")
    assert code == 1 and "geen enkele statistische sector" in err
    code, _, err = run(capsys, "--lang", "en", "buurt", "create", "Onbekend", "--sectors", "99001X99-")
    assert code == 1 and "Unknown sector '99001X99-'" in err
    broken = tmp_path / "kapot.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    code, _, err = run(capsys, "--lang", "nl", "buurt", "create", "Kapot", "--polygon", str(broken))
    assert code == 1 and "kapot.geojson" in err
    code, _, err = run(capsys, "buurt", "show", "Bestaat niet")
    assert code == 1 and "niet gevonden" in err
    service.create_neighbourhood("Dubbel", sectors=[demo_db.sector_codes()[0]])
    with pytest.raises(ZorgzaamError) as exists:
        service.create_neighbourhood("Dubbel", sectors=[demo_db.sector_codes()[1]])
    assert exists.value.problem.code == "neighbourhood_exists"
    assert not Neighbourhood.objects.filter(name__in=["Leeg", "Onbekend", "Kapot"]).exists()


def test_propose_uses_stored_population_and_saves(demo_db, capsys):
    code, out, _ = run(capsys, "buurt", "propose", MUNICIPALITY, "--min-population", "3000", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["groups"] and all(g["population"] >= 3000 and g["contiguous"] for g in data["groups"])
    assert "population, 2025" in data["rule_description"]
    placed = sorted(c for g in data["groups"] for c in g["sectors"])
    assert placed == sorted(demo_db.sector_codes(MUNICIPALITY, locatable_only=True))
    # an older period and a summed pair of measures
    code, out, _ = run(capsys, "buurt", "propose", MUNICIPALITY, "--min-population", "1500", "--measure",
                       "population_male+population_female", "--period", "2020", "--save", "--prefix", "Deel")
    assert code == 0 and "Bewaard als buurten" in out
    saved = Neighbourhood.objects.filter(name__startswith="Deel ")
    assert saved.count() >= 5
    assert all(n.current.rule == "split" for n in saved)
    code, _, err = run(capsys, "buurt", "propose", MUNICIPALITY, "--min-population", "3000", "--measure", "bestaat_niet")
    assert code == 1 and "bevolkingscijfers" in err


def test_default_workspace_is_created_when_none_exists():
    workspace = service.get_workspace()
    assert workspace.name == "Standaard"
    assert service.get_workspace().id == workspace.id


def test_archive_and_restore_through_the_cli_keep_the_history(demo_db, capsys):
    codes = demo_db.sector_codes(MUNICIPALITY, locatable_only=True)
    service.create_neighbourhood("Oud", sectors=codes[:2])
    service.edit_neighbourhood("Oud", add=[codes[2]])
    code, out, _ = run(capsys, "buurt", "archive", "Oud")
    assert code == 0 and "gearchiveerd" in out
    assert not Neighbourhood.objects.filter(name="Oud").exists()  # hidden from every list and choice
    archived = Neighbourhood.all_objects.get(name="Oud")
    assert archived.archived_at is not None and archived.versions.count() == 2
    code, out, _ = run(capsys, "buurt", "list")
    assert "Oud" not in out
    code, out, _ = run(capsys, "buurt", "list", "--archived", "--json")
    assert [row["name"] for row in json.loads(out)] == ["Oud"]
    code, _, err = run(capsys, "buurt", "archive", "Oud")
    assert code == 1 and "al gearchiveerd" in err
    with pytest.raises(ZorgzaamError) as taken:
        service.create_neighbourhood("Oud", sectors=codes[:1])
    assert taken.value.problem.code == "neighbourhood_exists_archived"
    code, out, _ = run(capsys, "--lang", "en", "buurt", "restore", "Oud")
    assert code == 0 and "restored (2 version(s))" in out
    restored = Neighbourhood.objects.get(name="Oud")
    assert restored.pk == archived.pk and [v.number for v in restored.versions.order_by("number")] == [1, 2]
    code, _, err = run(capsys, "--lang", "nl", "buurt", "restore", "Oud")
    assert code == 1 and "niet gearchiveerd" in err


def test_save_proposal_keeps_the_chosen_groups_under_their_names_all_or_nothing(demo_db):
    proposal = service.propose(MUNICIPALITY, 3000)
    first, second = proposal.groups[0].number, proposal.groups[1].number
    before = Neighbourhood.all_objects.count()
    with pytest.raises(ZorgzaamError) as repeated:
        service.save_proposal(proposal, names={first: "Zelfde", second: "zelfde"})
    assert repeated.value.problem.code == "proposal_names_repeat" and Neighbourhood.all_objects.count() == before
    with pytest.raises(ZorgzaamError):
        service.save_proposal(proposal, names={})
    versions = service.save_proposal(proposal, names={first: "Noord", second: "Zuid"}, created_by="team")
    assert [v.neighbourhood.name for v in versions] == ["Noord", "Zuid"]
    assert all(v.rule == "split" and v.created_by == "team" for v in versions)
    assert versions[0].sector_codes == proposal.groups[0].sector_codes
    again = type(proposal).from_dict(proposal.as_dict())
    assert [g.sector_codes for g in again.groups] == [g.sector_codes for g in proposal.groups]
    assert again.rule_description() == proposal.rule_description()
