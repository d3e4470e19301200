"""Neighbourhoods, plain core (no database), on the fictional demo municipality Overbos."""

import json

import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import mapping

from zorgzaam.areas import neighbourhoods as nb
from zorgzaam.messages import ZorgzaamError
from zorgzaam.sources.demo import MUNICIPALITY, NEIGHBOUR, generate_demo


@pytest.fixture(scope="module")
def demo():
    return generate_demo()


@pytest.fixture(scope="module")
def sectors(demo):
    """The sector table: sectors with their municipality through the hierarchy links."""
    areas = demo.areas[demo.areas.level == "sector"].copy()
    links = demo.links[(demo.links.child_level == "sector") & (demo.links.parent_level == "municipality")]
    municipality = dict(zip(links.child_code, links.parent_code, strict=True))
    areas["municipality"] = areas["code"].map(municipality)
    return areas.reset_index(drop=True)


def _geom(sectors, code):
    return sectors.set_index("code").at[code, "geometry"]


def _population(demo, period="2025"):
    values = demo.official
    rows = values[(values.measure == "population") & (values.period == period) & (values.area_level == "sector")]
    return rows.set_index("area_code")["value"]


def test_from_three_sectors_prints_rule(demo, sectors):
    codes = [c for c in demo.sector_codes(locatable_only=True)][:3]
    selection = nb.select_sectors(list(reversed(codes)), sectors, "2025")
    assert selection.sector_codes == sorted(codes)
    assert selection.rule == "sectors"
    assert "3" in selection.rule_description("nl") and "hand" in selection.rule_description("en")


def test_from_a_wijk_takes_its_sectors_from_the_links(demo, sectors):
    links = demo.links[(demo.links.child_level == "sector") & (demo.links.parent_level == "district")]
    wijk = sorted(links.parent_code.unique())[0]
    members = links.loc[links.parent_code == wijk, "child_code"].tolist()
    selection = nb.select_area({"code": wijk, "name": "W", "level": "district"}, members, sectors, "2025",
                               lang_level="wijk")
    assert selection.sector_codes == sorted(members)
    assert selection.source_area_code == wijk
    assert selection.warnings == []  # a wijk is contiguous and in one municipality
    assert f"wijk {wijk}" in selection.rule_description("nl")


def test_two_municipalities_and_separate_parts_are_warned(demo, sectors):
    overbos = demo.sector_codes(MUNICIPALITY, locatable_only=True)
    heidebeek = demo.sector_codes(NEIGHBOUR, locatable_only=True)
    geoms = dict(zip(sectors.code, sectors.geometry, strict=True))
    adjacency = nb.sector_adjacency({c: geoms[c] for c in overbos + heidebeek})
    # a pair of sectors that do not touch
    far = next((a, b) for a in overbos for b in overbos if a < b and b not in adjacency[a])
    selection = nb.select_sectors([far[0], far[1], heidebeek[0]], sectors, "2025")
    codes = [w.code for w in selection.warnings]
    assert "selection_two_municipalities" in codes
    assert "selection_not_contiguous" in codes
    split = next(w for w in selection.warnings if w.code == "selection_not_contiguous")
    assert split.params["parts"] >= 2
    assert sorted(sum(split.params["group_codes"], [])) == sorted([far[0], far[1], heidebeek[0]])
    assert "99001" in next(w for w in selection.warnings if w.code == "selection_two_municipalities").render("en")
    # neighbours across the municipal border: contiguous, but two municipalities
    border = next((a, b) for a in overbos for b in heidebeek if b in adjacency[a])
    codes = [w.code for w in nb.select_sectors(list(border), sectors, "2025").warnings]
    assert codes == ["selection_two_municipalities"]


def test_empty_and_unknown_selections_are_errors(sectors):
    with pytest.raises(ZorgzaamError) as empty:
        nb.select_sectors([" ", ""], sectors, "2025")
    assert empty.value.problem.code == "selection_empty"
    known = pd.DataFrame({"code": list(sectors.code) + ["13003A00-"], "vintage": ["2025"] * len(sectors) + ["2024"]})
    with pytest.raises(ZorgzaamError) as elsewhere:
        nb.select_sectors(["99001A00-", "13003A00-"], sectors, "2025", known=known)
    assert elsewhere.value.problem.code == "sector_unknown_other_vintage"
    assert "13003A00-" in elsewhere.value.render("en") and "2024" in elsewhere.value.render("en")
    with pytest.raises(ZorgzaamError) as unknown:
        nb.select_sectors(["99001Q77-"], sectors, "2025", known=known)
    assert unknown.value.problem.code == "sector_unknown" and "99001Q77-" in str(unknown.value)


def test_the_not_locatable_sector_may_be_listed_but_is_warned(sectors):
    selection = nb.select_sectors(["99001A00-", "99001ZZZZ"], sectors, "2025")
    assert "99001ZZZZ" in selection.sector_codes
    assert "selection_without_location" in [w.code for w in selection.warnings]
    with pytest.raises(ZorgzaamError):
        nb.check_polygon_selection(selection.sector_codes)


@pytest.fixture(scope="module")
def designed_polygon(demo, sectors):
    """A shape on which the two rules disagree: the whole of sector A (both rules take it), a small disk
    around B's centre point (only the centroid rule takes B) and C minus a disk around its centre point
    (≥ 50 % of C, so only the area rule takes C)."""
    codes = demo.sector_codes(MUNICIPALITY, locatable_only=True)
    a, b, c = codes[0], codes[5], codes[10]
    geom_a, geom_b, geom_c = (_geom(sectors, x) for x in (a, b, c))
    disk_b = nb._centre_point(geom_b).buffer(200)
    hole_c = nb._centre_point(geom_c).buffer(250)
    shape = shapely.union_all([geom_a, disk_b, geom_c.difference(hole_c)])
    assert disk_b.area / geom_b.area < 0.5 and geom_c.difference(hole_c).area / geom_c.area > 0.6
    return shape, (a, b, c)


def test_drawn_shape_centroid_rule_and_area_rule_differ(sectors, designed_polygon):
    shape, (a, b, c) = designed_polygon
    by_centre = nb.select_by_polygon(shape, sectors, "2025", rule="centroid")
    by_area = nb.select_by_polygon(shape, sectors, "2025", rule="area", min_share=0.5)
    assert set(by_centre.sector_codes) == {a, b}
    assert set(by_area.sector_codes) == {a, c}
    assert by_centre.rule == "polygon-centroid" and "middelpunt" in by_centre.rule_description("nl")
    assert by_area.rule == "polygon-area" and "50 %" in by_area.rule_description("nl")
    # a stricter share drops C, a looser one keeps it
    assert set(nb.select_by_polygon(shape, sectors, "2025", rule="area", min_share=0.99).sector_codes) == {a}
    assert "ZZZZ" not in "".join(by_area.sector_codes)


def test_polygon_file_in_wgs84_and_lambert_give_the_same_sectors(tmp_path, sectors, designed_polygon):
    shape, _ = designed_polygon
    lambert = tmp_path / "lambert.geojson"
    lambert.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": mapping(shape)}))
    to_wgs84 = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)
    wgs84 = tmp_path / "wgs84.geojson"
    wgs84.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": mapping(shapely.transform(shape, to_wgs84.transform, interleaved=False))}]}))
    shape_l, _, crs_l = nb.read_polygon(lambert)
    shape_w, _, crs_w = nb.read_polygon(wgs84)
    assert crs_l == "EPSG:31370" and crs_w == "EPSG:4326"
    for rule in ("centroid", "area"):
        assert nb.select_by_polygon(shape_l, sectors, "2025", rule=rule).sector_codes == \
            nb.select_by_polygon(shape_w, sectors, "2025", rule=rule).sector_codes


@pytest.mark.parametrize("content, code", [
    ("{not json", "polygon_unreadable"),
    ('{"type": "FeatureCollection", "features": []}', "polygon_empty"),
    ('{"type": "Point", "coordinates": [5.1, 51.2]}', "polygon_empty"),
    ('{"type": "Polygon", "coordinates": [[[5.0, 51.0], [5.1, 51.1], [5.1, 51.0], [5.0, 51.1], [5.0, 51.0]]]}',
     "polygon_invalid"),
    ('{"type": "Polygon", "coordinates": [[[1], [2]]]}', "polygon_unreadable"),
    ('{"type": "Polygon", "coordinates": [[[900000, 9000000], [900100, 9000000], [900100, 9000100], '
     '[900000, 9000000]]]}', "polygon_crs_unknown"),
])
def test_broken_polygon_files_name_the_file(tmp_path, content, code):
    path = tmp_path / "drawn.geojson"
    path.write_text(content)
    with pytest.raises(ZorgzaamError) as error:
        nb.read_polygon(path)
    assert error.value.problem.code == code
    assert "drawn.geojson" in error.value.render("nl")


def test_a_shape_outside_every_sector_selects_nothing(sectors):
    far_away = shapely.box(100000, 100000, 101000, 101000)
    with pytest.raises(ZorgzaamError) as error:
        nb.select_by_polygon(far_away, sectors, "2025", rule="area")
    assert error.value.problem.code == "polygon_selects_nothing"


def test_edit_codes():
    new, added, removed = nb.edit_codes(["A", "B"], add=["C"])
    assert new == ["A", "B", "C"] and added == ["C"] and removed == []
    with pytest.raises(ZorgzaamError):
        nb.edit_codes(["A"], remove=["A"])
    with pytest.raises(ZorgzaamError):
        nb.edit_codes(["A"], remove=["X"])


def test_proposed_split_of_the_demo_municipality(demo, sectors):
    overbos = sectors[sectors.municipality == MUNICIPALITY]
    population = _population(demo)
    proposal = nb.propose_split(overbos, population, 2500, municipality=MUNICIPALITY, seed=3)
    located = set(demo.sector_codes(MUNICIPALITY, locatable_only=True))
    placed = [c for g in proposal.groups for c in g.sector_codes]
    assert sorted(placed) == sorted(located)  # every sector once, the not-locatable one left out
    assert proposal.left_out == [f"{MUNICIPALITY}ZZZZ"]
    geoms = dict(zip(sectors.code, sectors.geometry, strict=True))
    adjacency = nb.sector_adjacency({c: geoms[c] for c in located})
    for group in proposal.groups:
        assert group.population >= 2500
        assert group.population == pytest.approx(population[group.sector_codes].sum())
        assert len(nb.connected_groups(group.sector_codes, adjacency)) == 1
    assert len(proposal.groups) >= 4
    again = nb.propose_split(overbos, population, 2500, municipality=MUNICIPALITY, seed=3)
    assert [g.sector_codes for g in again.groups] == [g.sector_codes for g in proposal.groups]
    assert "2500" in proposal.rule_description("nl")


def test_proposed_split_refuses_impossible_minimum_and_missing_shapes(demo, sectors):
    overbos = sectors[sectors.municipality == MUNICIPALITY]
    with pytest.raises(ZorgzaamError) as too_small:
        nb.propose_split(overbos, _population(demo), 1_000_000)
    assert too_small.value.problem.code == "split_too_small"
    points = overbos.copy()
    points["geometry"] = [g.centroid if g is not None else None for g in points.geometry]
    with pytest.raises(ZorgzaamError) as no_shape:
        nb.propose_split(points, _population(demo), 2000)
    assert no_shape.value.problem.code == "split_no_geometry"
