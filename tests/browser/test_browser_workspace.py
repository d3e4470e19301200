"""The workspace in a real browser: sign in, build a neighbourhood by clicking sectors on the map, switch
to English, phone width, an import with its progress and report."""

from __future__ import annotations

import pytest

from zorgzaam.areas.models import Neighbourhood

pytestmark = pytest.mark.django_db(transaction=True)

SECTORS_TO_CLICK = ["99001A00-", "99001A01-", "99001A02-"]
# every chart image inside a part of the page has arrived (charts may be inline SVG or <img>)
LOADED = "sel => [...document.querySelectorAll(sel + ' img')].every(i => i.complete && i.naturalWidth > 0)"


def click_sector(page, code: str) -> None:
    """Click inside the sector's shape on the map, as a person would."""
    x, y = page.evaluate("""code => {
        const map = window.zorgzaamMap;
        let point = null;
        map.eachLayer(layer => {
            if (layer.feature && layer.feature.properties.code === code && layer.feature.properties.point) {
                const [lon, lat] = layer.feature.properties.point;
                point = map.latLngToContainerPoint([lat, lon]);
            }
        });
        const box = map.getContainer().getBoundingClientRect();
        return [box.left + point.x, box.top + point.y];
    }""", code)
    page.mouse.click(x, y)


def test_build_a_neighbourhood_on_the_map_and_see_it_listed(demo_site, page, shoot, sign_in):
    base, user, password = demo_site
    sign_in(page, base, user, password)
    page.get_by_role("link", name="Demo Overbos (fictief)").click()
    shoot(page, "01-dashboard")
    page.get_by_role("link", name="Nieuwe buurt op de kaart").first.click()
    page.wait_for_selector('#map[data-ready="1"]')
    page.get_by_label("Naam van de buurt").fill("Rond de school")
    for code in SECTORS_TO_CLICK:
        click_sector(page, code)
    for code in SECTORS_TO_CLICK:
        assert page.locator(f'input[value="{code}"]').is_checked(), code
    assert page.locator("#chosen-count").inner_text() == "3 sectoren gekozen"
    click_sector(page, SECTORS_TO_CLICK[-1])  # a second click leaves it out again
    assert not page.locator(f'input[value="{SECTORS_TO_CLICK[-1]}"]').is_checked()
    click_sector(page, SECTORS_TO_CLICK[-1])
    shoot(page, "02-map-editor")
    page.get_by_role("button", name="Buurt bewaren").click()
    page.wait_for_selector("h1:has-text('Rond de school')")
    page.wait_for_selector('#map[data-ready="1"]')
    assert "De buurt is bewaard (versie 1)" in page.content()
    shoot(page, "03-neighbourhood-detail")
    saved = Neighbourhood.objects.get(name="Rond de school")
    assert sorted(saved.current.sector_codes) == SECTORS_TO_CLICK
    with page.expect_navigation():
        page.get_by_role("link", name="Buurten", exact=True).first.click()
    assert page.get_by_role("link", name="Rond de school").is_visible()


def test_switch_to_english_without_losing_the_page(demo_site, page, shoot, sign_in):
    base, user, password = demo_site
    sign_in(page, base, user, password)
    page.goto(f"{base}/w/demo-overbos/buurten/")
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("h1:has-text('Neighbourhoods')")
    assert page.url.endswith("/w/demo-overbos/buurten/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()
    shoot(page, "04-english-list")


def test_import_a_file_with_progress_and_report(demo_site, page, shoot, tmp_path, settings, sign_in):
    # The job runs in the request here: the test database is in-memory SQLite with a shared cache, where a
    # third thread (the worker) and the live server's thread hit table locks that a real database file
    # does not have. The worker thread itself is tested in tests/web/test_data_screens.py.
    settings.ZORGZAAM_JOB_RUNNER = "inline"
    base, user, password = demo_site
    sign_in(page, base, user, password)
    upload = tmp_path / "ocmw.csv"
    upload.write_text("gebied;periode;meetwaarde;waarde\n99001A00-;2024;ocmw_clients;12\n"
                      "99001A01-;2024;ocmw_clients;x\n99999Z99-;2024;ocmw_clients;3\n")
    page.goto(f"{base}/w/demo-overbos/gegevens/importeren/")
    shoot(page, "05-import-form")
    page.locator("#id_file").set_input_files(str(upload))
    page.get_by_label("Soort bestand").select_option("long")
    page.get_by_label("Gebiedsniveau").select_option("sector")
    page.get_by_label("Naam van de gegevens").fill("OCMW-klanten (test)")
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_selector("text=De import is gelukt.", timeout=60_000)
    assert "Importverslag" in page.content() and "99999Z99-" in page.content()
    shoot(page, "06-import-report")


def test_profile_and_summary_table_as_a_person_sees_them(demo_site, page, shoot, sign_in):
    base, user, password = demo_site
    sign_in(page, base, user, password)
    nb = Neighbourhood.objects.get(name="Centrum en omgeving").pk
    page.goto(f"{base}/profiel/demo-overbos/buurten/{nb}/")
    assert page.get_by_role("heading", name="Wie woont er in Centrum en omgeving?").is_visible()
    page.wait_for_selector('#choropleth[data-ready="1"]')
    page.select_option("#choropleth-indicator", "share_tenants")
    page.wait_for_function("() => document.querySelector('#choropleth-table tbody tr')")
    shoot(page, "09-profile")
    # a figure over time: chosen without a script (a GET form), chart and table
    page.select_option("#reeks", "share_80plus")
    page.locator("#over-time").get_by_role("button", name="Toon").click()
    page.wait_for_url("**reeks=share_80plus*")
    over_time = page.locator("#over-time")
    chart = over_time.get_by_role("img").first
    assert (chart.get_attribute("aria-label") or chart.get_attribute("alt")).startswith("Lijngrafiek van aandeel 80")
    assert over_time.locator("tbody tr").count() == 7  # 2020–2025 and the change since 2020
    over_time.scroll_into_view_if_needed()
    page.wait_for_function(LOADED, arg="#over-time")
    over_time.screenshot(path=str(shoot(page, "09b-profile-over-time", full_page=False)))  # the section only
    page.goto(f"{base}/profiel/demo-overbos/buurten/?reeks=share_living_alone_75plus")
    page.wait_for_function(LOADED, arg="#over-time")
    page.locator("#over-time").screenshot(path=str(shoot(page, "09c-neighbourhoods-over-time", full_page=False)))
    page.goto(f"{base}/profiel/demo-overbos/gegevens/")
    assert page.get_by_role("heading", name="Welke gegevens heb je?").is_visible()
    shoot(page, "09d-data-coverage")
    page.goto(f"{base}/profiel/demo-overbos/buurten/{nb}/")
    page.get_by_role("link", name="Naar de samenvattende tabel").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Signalen uit cijfers, omgeving en bewoners verzamelen").click()
    page.locator("select.status-select").first.select_option("accepted")
    page.locator("textarea[id^=note-]").first.fill("Herkend door het buurtteam")
    with page.expect_navigation():
        page.locator("button[name=bewaar]").click()
    assert page.locator("textarea[id^=note-]").first.input_value() == "Herkend door het buurtteam"
    assert page.locator("select.status-select").first.input_value() == "accepted"
    shoot(page, "11-summary-table")


def test_draw_a_neighbourhood_on_the_map(demo_site, page, shoot, sign_in):
    base, user, password = demo_site
    sign_in(page, base, user, password)
    page.goto(f"{base}/w/demo-overbos/buurten/nieuw/")
    page.wait_for_selector('#map[data-ready="1"]')
    page.get_by_label("Naam van de buurt").fill("Rond het plein")
    page.get_by_role("button", name="Begin met tekenen").click()
    box = page.locator("#map").bounding_box()
    cx, cy = box["width"] / 2, box["height"] / 2
    for dx, dy in ((-90, -70), (90, -70), (90, 70), (-90, 70)):  # corners around the middle of the map
        page.locator("#map").click(position={"x": cx + dx, "y": cy + dy})
    page.get_by_role("button", name="Klaar").click()
    page.wait_for_function("() => document.getElementById('draw-result').textContent.length > 0")
    assert page.locator('input[name="sectors"]:checked').count() >= 1
    shoot(page, "12-drawn-neighbourhood", full_page=False)
    page.get_by_role("button", name="Buurt bewaren").click()
    page.wait_for_url("**/buurten/*/")
    version = Neighbourhood.objects.get(name="Rond het plein").current
    assert version.rule.startswith("polygon") and version.sector_codes


def test_phone_width_has_no_sideways_scrolling(demo_site, browser, shoot, sign_in):
    base, user, password = demo_site
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="nl-BE")
    page = context.new_page()
    try:
        sign_in(page, base, user, password)
        nb = Neighbourhood.objects.get(name="Centrum en omgeving").pk
        for name, path in [("07-phone-dashboard", "/w/demo-overbos/"),
                           ("08-phone-editor", f"/w/demo-overbos/buurten/{nb}/wijzigen/"),
                           ("10-phone-profile", f"/profiel/demo-overbos/buurten/{nb}/"),
                           ("10b-phone-coverage", "/profiel/demo-overbos/gegevens/")]:
            page.goto(base + path)
            if page.locator("#map").count():
                page.wait_for_selector('#map[data-ready="1"]')
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 376, f"{path} is {width}px wide at 375px"
            shoot(page, name)
    finally:
        context.close()
