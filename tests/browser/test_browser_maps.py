"""The neighbourhood maps in a real browser on the demo, at desktop and phone width (issue 13): the team's
streets drawn light under the sectors with a line in the legend, the scale bar, and the wijk names never
on top of each other or cut off at the map's edge (a phone has room for few: the others wait until
zooming in makes room). axe-core finds no serious problem. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from zorgzaam.areas.models import Neighbourhood

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

LABELS = """([map, label]) => {
    const frame = document.querySelector(map).getBoundingClientRect();
    return [...document.querySelectorAll(map + ' ' + label)].filter(e => e.style.visibility !== 'hidden')
        .map(e => { const r = e.getBoundingClientRect();
                    return {text: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                            inside: r.left >= frame.left && r.right <= frame.right && r.top >= frame.top
                                    && r.bottom <= frame.bottom}; });
}"""


def visible_labels(page, map_selector: str = "#map", label: str = ".district-label") -> list[dict]:
    """The labels shown on a map; none cut off at its edge, none touching another."""
    labels = page.evaluate(LABELS, [map_selector, label])
    for i, a in enumerate(labels):
        assert a["inside"], f"{a['text']} is cut off at the map's edge"
        for b in labels[i + 1:]:
            apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] \
                or b["bottom"] <= a["top"]
            assert apart, f"{a['text']} overlaps {b['text']}"
    return labels


@pytest.mark.parametrize("size", list(WIDTHS))
def test_neighbourhood_maps_have_streets_a_scale_and_labels_that_do_not_overlap(demo_site, browser, shoot, sign_in,
                                                                                axe_problems, size):
    from zorgzaam.plan import plan_service
    from zorgzaam.workspaces.models import Workspace

    base, user, password = demo_site
    workspace = Workspace.objects.get(slug="demo-overbos")
    goal = plan_service.add_node(workspace, "strategic", "Buren kennen elkaar")
    for hood in Neighbourhood.objects.filter(workspace=workspace):  # an action in each, for the actions map
        plan_service.add_node(workspace, "action", f"Straatfeest in {hood.name}", parent=goal, term="KT",
                              neighbourhoods=[hood])
    context = browser.new_context(viewport=WIDTHS[size], locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, base, user, password)
        centrum = Neighbourhood.objects.get(name="Centrum en omgeving")
        problems = []
        for name, url in (("detail", f"/w/demo-overbos/buurten/{centrum.pk}/"),
                          ("edit", f"/w/demo-overbos/buurten/{centrum.pk}/wijzigen/")):
            page.goto(base + url)
            page.wait_for_selector('#map[data-ready="1"]')
            # the demo's own street network under the sectors (no tile server), and its line in the legend
            page.wait_for_selector("#map[data-streets]")
            assert page.locator("#map .leaflet-streets-pane canvas").count() == 1
            assert page.locator(".map-streets-key").is_visible()
            assert page.locator("#map .leaflet-control-scale-line").is_visible()
            labels = visible_labels(page)
            assert labels, "at least one wijk keeps its name on the map"
            total = page.locator("#map .district-label").count()
            assert total == 4  # the demo municipality's four wijken
            if size == "desktop" and name == "edit":
                assert len(labels) == total  # the whole municipality at desktop width: room for every name
            # zooming in gives the names room; they still never overlap
            page.evaluate("window.zorgzaamMap.zoomIn(1, {animate: false})")
            page.wait_for_timeout(300)
            visible_labels(page)
            page.evaluate("window.zorgzaamMap.zoomOut(1, {animate: false})")
            page.locator("#map").scroll_into_view_if_needed()
            shoot(page, f"maps-neighbourhood-{name}-{size}")
            page.locator("#map").screenshot(path=str(SCREENSHOTS / f"maps-neighbourhood-{name}-{size}-map.png"))
            problems += axe_problems(page, f"{name} {size}")
        # the proposal preview: streets and a scale bar under the proposed neighbourhoods' numbers
        page.goto(f"{base}/w/demo-overbos/buurten/")
        page.locator("#min_population").fill("1000")
        page.get_by_role("button", name="Stel buurten voor").click()
        page.wait_for_selector('#proposal-map[data-ready="1"]')
        page.wait_for_selector("#proposal-map[data-streets]")
        assert page.locator("#proposal-map .leaflet-control-scale-line").is_visible()
        assert page.locator(".map-streets-key").is_visible()
        page.locator("#proposal-map").screenshot(path=str(SCREENSHOTS / f"maps-proposal-{size}-map.png"))
        problems += axe_problems(page, f"proposal {size}")
        # the plan's actions per neighbourhood: every neighbourhood keeps its label (it carries the count),
        # moved where two would overlap ("Rond de kerk" lies over "Centrum") or stick out on a phone
        page.goto(f"{base}/plan/demo-overbos/plan/")
        page.wait_for_selector('#actions-map[data-ready="1"]')
        page.locator("#actions-map").scroll_into_view_if_needed()
        labels = visible_labels(page, "#actions-map", ".map-count-label")
        assert len(labels) == page.locator("#actions-map .map-count-label").count() == 3
        page.locator("#actions-map").screenshot(path=str(SCREENSHOTS / f"maps-actions-{size}-map.png"))
        # the environment map: facilities with distinct symbols, the scale bar and the streets
        page.goto(f"{base}/omgeving/demo-overbos/")
        page.wait_for_selector('#env-facilities-map[data-ready="1"]')
        page.wait_for_selector("#env-facilities-map[data-streets]")
        assert page.locator("#env-facilities-map .leaflet-control-scale-line").is_visible()
        problems += axe_problems(page, f"environment overview {size}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
