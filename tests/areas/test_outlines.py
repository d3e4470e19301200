"""A neighbourhood's outline: its sectors dissolved into one shape (plain ``neighbourhoods.outline``) and the
cached outline of each version (``neighbourhood_service.outlines`` / ``outlines_geojson``), which the plan's
map, the API's GeoJSON and the survey's map all draw."""

import pytest
import shapely
import shapely.affinity
import shapely.geometry
from django.core.cache import cache

from zorgzaam.areas import neighbourhood_service as service
from zorgzaam.areas import neighbourhoods as nb
from zorgzaam.areas.geo import to_wgs84
from zorgzaam.areas.models import Area, Neighbourhood
from zorgzaam.sources.demo import MUNICIPALITY, NEIGHBOUR, generate_demo
from zorgzaam.web.demo import WORKSPACE_SLUG, install_demo


@pytest.fixture(scope="module")
def demo():
    return generate_demo()


def _shapes(demo, municipality=MUNICIPALITY) -> dict:
    rows = demo.sectors[(demo.sectors["municipality"] == municipality) & demo.sectors["geometry"].notna()]
    return dict(zip(rows["code"], rows["geometry"], strict=True))


def test_the_sectors_of_a_municipality_dissolve_into_its_outline(demo):
    shapes = _shapes(demo)
    outline = nb.outline(shapes.values())
    municipality = demo.areas[(demo.areas.level == "municipality") & (demo.areas.code == MUNICIPALITY)].iloc[0]
    assert outline.geom_type == "Polygon" and outline.is_valid and len(outline.interiors) == 0
    assert outline.area == pytest.approx(sum(s.area for s in shapes.values()), rel=1e-9)
    # the same shape as the stored municipality (made by its own union, rounded to a centimetre)
    assert outline.symmetric_difference(municipality.geometry).area < 1e-4 * outline.area
    assert outline.length == pytest.approx(municipality.geometry.length, rel=1e-3)  # no inner borders left


def test_sectors_apart_give_a_multipolygon_and_order_does_not_matter(demo):
    ours, theirs = list(_shapes(demo).values()), list(_shapes(demo, NEIGHBOUR).values())
    far = [ours[0], shapely.affinity.translate(theirs[0], 50_000.0, 0.0)]
    outline = nb.outline(far)
    assert outline.geom_type == "MultiPolygon" and len(outline.geoms) == 2
    assert outline.area == pytest.approx(far[0].area + far[1].area, rel=1e-9)
    assert nb.outline(reversed(ours)).equals(nb.outline(ours))


def test_no_shape_no_outline():
    assert nb.outline([]) is None
    assert nb.outline([None, shapely.Polygon()]) is None
    square = shapely.box(0, 0, 10, 10)
    assert nb.outline([None, square]).equals(square)


@pytest.mark.django_db
def test_each_version_is_dissolved_once_and_drawn_in_wgs84(django_assert_num_queries):
    install_demo()
    workspace = service.get_workspace(WORKSPACE_SLUG)
    hoods = list(Neighbourhood.objects.filter(workspace=workspace).order_by("name"))
    versions = [hood.current for hood in hoods]
    assert len(versions) == 3 and len({v.vintage for v in versions}) == 1
    cache.clear()
    with django_assert_num_queries(1):  # the sectors of all three versions in one query
        outlines = service.outlines(versions + [None])
    assert outlines[-1] is None
    for version, outline in zip(versions, outlines, strict=False):
        stored = {code: shapely.from_wkb(bytes(g)) for code, g in Area.objects.filter(
            level="sector", vintage=version.vintage, code__in=version.sector_codes).values_list("code", "geometry")}
        assert outline.equals_exact(nb.outline(stored[c] for c in version.sector_codes), 0)
        assert outline.area == pytest.approx(sum(s.area for s in stored.values()), rel=1e-6)
    with django_assert_num_queries(0):  # cached: no query and the same shapes
        again = service.outlines(versions)
        geojson = service.outlines_geojson(versions)
    assert [a.equals_exact(b, 0) for a, b in zip(again, outlines, strict=False)] == [True] * 3
    for outline, geometry in zip(outlines, geojson, strict=False):
        assert geometry == shapely.geometry.mapping(to_wgs84(outline))
        lon, lat = shapely.get_coordinates(shapely.geometry.shape(geometry)).T
        assert 2.5 < lon.min() and lon.max() < 6.5 and 50.6 < lat.min() and lat.max() < 51.6  # Flanders


@pytest.mark.django_db
def test_a_version_whose_sectors_have_no_shape_has_no_outline():
    install_demo()
    workspace = service.get_workspace(WORKSPACE_SLUG)
    model = Neighbourhood.objects.filter(workspace=workspace).order_by("name").first().current
    hood = Neighbourhood.objects.create(workspace=workspace, name="Zonder vorm")
    version = hood.versions.create(number=1, vintage=model.vintage, sector_codes=["99999Z99-"], rule="sectors")
    cache.clear()
    assert service.outlines([version]) == [None]
    assert service.outlines_geojson([version, model])[0] is None
    assert service.outlines_geojson([version, model])[1]["type"] == "Polygon"
