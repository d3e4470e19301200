"""The plan's newer screens in a real browser at 1280 and 390 px, each checked by axe, no page wider than the
phone: the norm form shows only the chosen source's part (and the neighbourhood where that source needs
one), a prioritisation round's page with the phone link's QR code, and the round's edit screen (screenshots
in test-output/screenshots/plan-edits-*)."""

from __future__ import annotations

import pytest
from tests.browser.conftest import PASSWORD, PHONE, SIZES, fictional_workspace

from zorgzaam.plan import plan_service as service
from zorgzaam.plan import priority_service as rounds
from zorgzaam.plan.priority_models import PriorityRound
from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    workspace = fictional_workspace("begeleider", Role.FACILITATOR)
    goal = service.add_node(workspace, "strategic", "Jonge gezinnen vinden elkaar")
    action = service.add_node(workspace, "action", "Elke maand een spelnamiddag", parent=goal, term="KT")
    round_ = rounds.create_round(workspace, title="Wat pakken we eerst aan?", method="ranking",
                                 items=["Verkeer", "Overlast", "Eenzaamheid"],
                                 groups=[("residents", "Bewoners"), ("professionals", "Professionals")])
    return live_server.url, workspace, action, round_


def test_the_norm_form_shows_only_the_chosen_source(site, open_page, shoot, sign_in, axe_problems):
    base, workspace, action, _round = site
    problems = []
    for name, viewport in SIZES:
        page = open_page(viewport, phone=name == "phone")
        sign_in(page, base, "begeleider", PASSWORD)
        page.goto(f"{base}/plan/{workspace.slug}/plan/onderdeel/{action.pk}/norm/")
        profile = page.get_by_role("group", name="Cijfer uit het buurtprofiel")
        survey = page.get_by_role("group", name="Vraag uit een bevraging")
        counts = page.get_by_role("group", name="Tellingen bij de actie")
        page.get_by_label("Cijfer uit het buurtprofiel").check()
        assert profile.is_visible() and not survey.is_visible() and not counts.is_visible()
        assert page.get_by_label("Buurt", exact=True).is_visible()
        problems += axe_problems(page, f"{name}: norm form, profile figure")
        shoot(page, f"plan-edits-01-{name}-norm-profile")
        page.get_by_label("Tellingen bij de actie").check()
        assert counts.is_visible() and not profile.is_visible() and not survey.is_visible()
        page.get_by_label("Ingevoerde waarde met bewijs").check()
        assert not (profile.is_visible() or survey.is_visible() or counts.is_visible())
        assert not page.get_by_label("Buurt", exact=True).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        problems += axe_problems(page, f"{name}: norm form, typed")
        shoot(page, f"plan-edits-02-{name}-norm-typed")
        page.context.close()
    assert not problems, problems


def test_a_rounds_qr_code_and_its_edit_screen(site, open_page, shoot, sign_in, axe_problems):
    base, workspace, _action, round_ = site
    problems = []
    for name, viewport in SIZES:
        page = open_page(viewport, phone=name == "phone")
        sign_in(page, base, "begeleider", PASSWORD)
        page.goto(f"{base}/plan/{workspace.slug}/prioriteiten/{round_.pk}/")
        qr = page.locator("figure.priority-qr svg")
        qr.scroll_into_view_if_needed()
        assert qr.is_visible() and qr.bounding_box()["width"] >= 120  # large enough to scan from a screen
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        problems += axe_problems(page, f"{name}: round with QR code")
        shoot(page, f"plan-edits-03-{name}-round-qr")
        with page.expect_navigation():
            page.get_by_role("link", name="Ronde wijzigen").click()
        assert page.get_by_role("heading", name="Ronde wijzigen").is_visible()
        page.get_by_label("Titel").fill(f"Wat eerst? ({name})")
        page.get_by_label("Uitdagingen of thema's, één per regel").fill("Verkeer\nOverlast\nEenzaamheid\nGroen")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        problems += axe_problems(page, f"{name}: round edit")
        shoot(page, f"plan-edits-04-{name}-round-edit")
        with page.expect_navigation():
            page.get_by_role("button", name="Ronde bewaren").click()
        assert page.get_by_role("heading", name=f"Wat eerst? ({name})").is_visible()
        assert PriorityRound.objects.get(pk=round_.pk).items.count() == 4
        page.context.close()
    # after a ballot the edit screen offers only the title and the explanation
    rounds.cast_ballot(round_, "residents", {str(i.pk): n for n, i in enumerate(round_.items.all(), start=1)})
    page = open_page(PHONE, phone=True)
    sign_in(page, base, "begeleider", PASSWORD)
    page.goto(f"{base}/plan/{workspace.slug}/prioriteiten/{round_.pk}/wijzigen/")
    assert page.get_by_text("Er is al 1 stem uitgebracht").is_visible()
    assert page.get_by_label("Uitdagingen of thema's, één per regel").count() == 0
    problems += axe_problems(page, "phone: round edit after a ballot")
    shoot(page, "plan-edits-05-phone-round-edit-after-ballot")
    assert not problems, problems
