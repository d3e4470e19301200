"""The neighbourhood plan in a real browser at 1280 and 390 px: the tree, the table with a filter, an action's
page (saved from a phone, then a stale second save refused) and the norm board, each checked by axe, no page
wider than the phone (screenshots in test-output/screenshots/plan-*)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.browser.conftest import DESK, PASSWORD, PHONE, SIZES, fictional_workspace

from zorgzaam.plan import plan_service as service
from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


@pytest.fixture
def plan_site(live_server):
    workspace = fictional_workspace("trekker", Role.PRACTICE)
    service.set_vision(workspace, "In onze buurt kent iedereen iemand bij wie hij terecht kan.")
    goal = service.add_node(workspace, "strategic", "Ouderen ontmoeten elkaar dicht bij huis", working_group="Ontmoeten",
                            building_blocks=["social_networks"])
    sub = service.add_node(workspace, "operational", "Er is een vaste ontmoetingsplek", parent=goal)
    coffee = service.add_node(workspace, "action", "Elke dinsdag een open koffiemoment", parent=sub, term="KT",
                              owner="Dienstencentrum", target_group="inwoners van 75 jaar en ouder",
                              next_evaluation=D(2027, 3, 1), first_steps="Affiche bij de bakker")
    service.add_node(workspace, "action", "Zitbanken op de looproute", parent=sub, term="MLT", owner="Mobiliteit")
    service.add_node(workspace, "action", "Wandelgroep met begeleider", parent=sub, term="LT")
    actor = service.add_actor(workspace, "Dienstencentrum", organisation="OCMW")
    boss = service.add_actor(workspace, "Schepen van welzijn", organisation="Gemeente")
    service.set_rasci(workspace, coffee.pk, actor, "R")
    service.set_rasci(workspace, coffee.pk, boss, "A")
    met = service.add_norm(workspace, coffee.pk, description="Minstens 20 mensen per keer", source_kind="typed",
                           target=20, unit="mensen", baseline_value=0, baseline_date=D(2024, 1, 1))
    service.add_measurement(workspace, met.pk, date=D(2025, 5, 1), value=23)
    open_ = service.add_norm(workspace, sub.pk, description="De helft praat wekelijks met buren", source_kind="typed",
                             target=50, baseline_value=40, baseline_date=D(2024, 1, 1), deadline=D(2027, 1, 1))
    service.add_measurement(workspace, open_.pk, date=D(2025, 4, 1), value=48, low=41, high=55)
    return live_server.url, workspace, coffee


def test_the_plan_on_a_desk_and_on_a_phone(plan_site, open_page, shoot, sign_in, axe_problems):
    base, workspace, coffee = plan_site
    problems = []
    for name, viewport in SIZES:
        page = open_page(viewport, phone=name == "phone")
        sign_in(page, base, "trekker", PASSWORD)
        page.goto(f"{base}/plan/{workspace.slug}/plan/")
        assert page.get_by_role("heading", name="Buurtplan").is_visible()
        assert page.get_by_text("S1.O1 A1").first.is_visible()
        assert page.locator(".term-badge", has_text="korte termijn").first.is_visible()  # the words, not colour alone
        # no neighbourhoods yet: the map says so, and does not claim it could not load
        page.locator("#actions-map.map-failed").wait_for()
        assert page.locator("#actions-map").inner_text() == "Nog niets op de kaart: deze werkruimte heeft nog geen buurten."
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        problems += axe_problems(page, f"{name}: tree")
        shoot(page, f"plan-01-{name}-tree")
        page.goto(f"{base}/plan/{workspace.slug}/plan/?weergave=tabel")
        page.get_by_label("Termijn", exact=True).select_option("MLT")
        with page.expect_navigation():  # the next page, not the old one, is read
            page.get_by_role("button", name="Toon").click()
        assert page.get_by_role("link", name="Zitbanken op de looproute").is_visible()
        assert page.get_by_role("link", name="Elke dinsdag een open koffiemoment").count() == 0
        problems += axe_problems(page, f"{name}: table")
        shoot(page, f"plan-02-{name}-table")
        page.goto(f"{base}/plan/{workspace.slug}/plan/actie/{coffee.pk}/")
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.get_by_label("Trekker", exact=True).fill("Dienstencentrum De Linde")
            with page.expect_navigation():
                page.get_by_role("button", name="Actie bewaren").click()
            assert page.get_by_text("De actie is bewaard.").is_visible()
        problems += axe_problems(page, f"{name}: action")
        shoot(page, f"plan-03-{name}-action")
        page.goto(f"{base}/plan/{workspace.slug}/plan/normen/")
        assert page.locator(".status-chip", has_text="gehaald").first.is_visible()
        assert page.locator(".status-chip", has_text="nog niet te zeggen").first.is_visible()
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        problems += axe_problems(page, f"{name}: norm board")
        shoot(page, f"plan-04-{name}-norms")
        page.context.close()
    # two people on one action: the second save started from an old version and is refused
    a = open_page(DESK, timeout=None)
    sign_in(a, base, "trekker", PASSWORD)
    a.goto(f"{base}/plan/{workspace.slug}/plan/actie/{coffee.pk}/")
    b = a.context.new_page()
    b.goto(f"{base}/plan/{workspace.slug}/plan/actie/{coffee.pk}/")
    a.get_by_label("Trekker", exact=True).fill("Anna")
    with a.expect_navigation():
        a.get_by_role("button", name="Actie bewaren").click()
    assert a.get_by_text("De actie is bewaard.").is_visible()
    b.get_by_label("Trekker", exact=True).fill("Bart")
    with b.expect_navigation():
        b.get_by_role("button", name="Actie bewaren").click()
    assert b.locator(".message-error", has_text="niets overschreven").is_visible()
    assert b.get_by_label("Trekker", exact=True).input_value() == "Anna"
    shoot(b, "plan-05-stale-save-refused")
    assert problems == []


def test_the_norm_form_on_a_phone(plan_site, open_page, shoot, sign_in, axe_problems):
    """Add a norm from a phone: a target over 100 % is refused at its field (axe on the refused form), then
    saved; a typed measurement before the baseline is refused at the date; no page wider than the phone."""
    base, workspace, coffee = plan_site
    page = open_page(PHONE, phone=True)
    sign_in(page, base, "trekker", PASSWORD)
    page.goto(f"{base}/plan/{workspace.slug}/plan/actie/{coffee.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Norm toevoegen").click()
    assert page.get_by_role("heading", name="Norm toevoegen").is_visible()
    problems = axe_problems(page, "phone: norm form")
    page.get_by_label("Wanneer noemen we dit een succes?").fill("Een kwart van de 75-plussers komt minstens één keer")
    page.get_by_label("Ingevoerde waarde met bewijs").check()
    page.get_by_label("Doelwaarde").fill("125")
    page.get_by_label("Datum van de beginwaarde").fill("2025-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Norm bewaren").click()
    error = page.locator("#n-target-error")
    assert error.is_visible() and "125,0 % kan niet" in error.inner_text()
    assert page.get_by_label("Doelwaarde").get_attribute("aria-invalid") == "true"
    page.locator("#form-errors").get_by_role("link").first.click()  # the summary leads to the field
    assert page.evaluate("location.hash") == "#n-target"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems += axe_problems(page, "phone: norm form refused")
    shoot(page, "plan-06-phone-norm-refused")
    page.get_by_label("Doelwaarde").fill("25")
    with page.expect_navigation():
        page.get_by_role("button", name="Norm bewaren").click()
    assert page.get_by_text("De norm is bewaard.").is_visible()
    page.get_by_label("Datum", exact=True).fill("2024-06-01")
    page.get_by_label("Waarde (%)").fill("12")
    page.get_by_label("Bron en bewijs").fill("Aanwezigheidslijsten van het voorjaar")
    with page.expect_navigation():
        page.get_by_role("button", name="Meting bewaren").click()
    assert "vóór de beginmeting" in page.locator("#m-date-error").inner_text()
    page.get_by_label("Datum", exact=True).fill("2025-06-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Meting bewaren").click()
    assert page.get_by_text("De meting is bewaard.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems += axe_problems(page, "phone: norm with a measurement")
    shoot(page, "plan-07-phone-norm-saved")
    # the action's place in the tree: moving it under itself is not offered, deleting is possible
    page.goto(f"{base}/plan/{workspace.slug}/plan/actie/{coffee.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Actie verplaatsen of verwijderen").click()
    options = page.get_by_label("Hangt onder").locator("option").all_inner_texts()
    assert not any("Elke dinsdag" in o for o in options) and any("S1.O1" in o for o in options)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems += axe_problems(page, "phone: a node's place")
    shoot(page, "plan-10-phone-node")
    assert problems == []


def test_actions_map_and_whats_due_on_the_demo(demo_site, open_page, shoot, sign_in, axe_problems):
    """The plan page's map of actions per neighbourhood (each shape labelled with its number, the same numbers
    in the table beside it) and what's due on the workspace overview, at 1280 and 390 px with axe."""
    from django.urls import reverse

    from zorgzaam.areas.models import Neighbourhood
    from zorgzaam.web.demo import WORKSPACE_SLUG
    from zorgzaam.workspaces.models import Workspace as W

    base, username, password = demo_site
    workspace = W.objects.get(slug=WORKSPACE_SLUG)
    hood = Neighbourhood.objects.filter(workspace=workspace).order_by("name").first()
    goal = service.add_node(workspace, "strategic", "Buren kennen elkaar")
    action = service.add_node(workspace, "action", "Straatfeest in de zomer", parent=goal, term="KT",
                              neighbourhoods=[hood], next_evaluation=dt.date.today() + dt.timedelta(days=9))
    service.add_node(workspace, "action", "Buurtmoestuin", parent=goal, term="LT", neighbourhoods=[hood])
    problems = []
    for name, viewport in SIZES:
        page = open_page(viewport, phone=name == "phone")
        sign_in(page, base, username, password)
        page.goto(f"{base}/plan/{workspace.slug}/plan/")
        page.locator(".map-count-label", has_text=f"{hood.name}: 2 acties").wait_for()
        row = page.locator("#map-table-title").locator("xpath=..").get_by_role("row", name=hood.name)
        assert row.get_by_role("cell").nth(0).inner_text() == "1" and row.get_by_role("cell").nth(3).inner_text() == "2"
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator("#map-title").scroll_into_view_if_needed()
        problems += axe_problems(page, f"{name}: plan with map")
        shoot(page, f"plan-08-{name}-actions-map")
        page.goto(base + reverse("web:dashboard", args=[workspace.slug]))
        link = page.get_by_role("link", name="Straatfeest in de zomer")
        assert link.is_visible() and f"/plan/actie/{action.pk}/" in link.get_attribute("href")
        problems += axe_problems(page, f"{name}: overview with what's due")
        shoot(page, f"plan-09-{name}-whats-due")
        page.context.close()
    assert problems == []
