"""Prioritisation in a real browser: a participant votes on a phone (390 px) through the round's link and
changes the vote, the facilitator (1280 px and on a phone) sees the result with the divergence marked and
drawn, types a paper ballot and closes the link; every screen checked by axe (screenshots in
test-output/screenshots/priorities-*)."""

from __future__ import annotations

import pytest
from tests.browser.conftest import DESK, PASSWORD, PHONE, fictional_workspace

from zorgzaam.plan import priority_service as service
from zorgzaam.plan.demo_priorities import install_demo_priorities
from zorgzaam.plan.priority_models import PriorityBallot, PriorityRound
from zorgzaam.workspaces.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def round_site(live_server):
    workspace = fictional_workspace("begeleider", Role.FACILITATOR)
    install_demo_priorities(workspace)
    return live_server.url, workspace, PriorityRound.objects.get(workspace=workspace)


def test_vote_on_a_phone_and_see_the_divergence_as_facilitator(round_site, open_page, shoot, sign_in, axe_problems):
    base, workspace, round_ = round_site
    link = f"{base}/plan/kies/{service.link_token(round_)}/"
    problems = []

    # the participant, on a phone, without an account
    page = open_page(PHONE, phone=True)
    page.goto(link)
    assert page.get_by_role("heading", name=round_.title).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems += axe_problems(page, "phone: vote")
    shoot(page, "priorities-01-phone-vote")
    page.get_by_role("radio", name="Bewoners").check()
    page.get_by_label("Veilige, brede voetpaden in de Kapelhoek", exact=True).fill("4")
    page.get_by_label("Een bushalte dichter bij de oudere bewoners", exact=True).fill("2")
    page.get_by_role("button", name="Stem versturen").click()
    assert page.get_by_role("alert").inner_text().startswith("Je verdeelde 6 stippen")  # one too many
    problems += axe_problems(page, "phone: a ballot that cannot count")
    shoot(page, "priorities-02-phone-too-many-dots")
    page.get_by_label("Een bushalte dichter bij de oudere bewoners", exact=True).fill("1")
    page.get_by_role("button", name="Stem versturen").click()
    page.wait_for_url("**?bewaard=1")
    assert page.get_by_text("Je stem is bewaard").is_visible()
    shoot(page, "priorities-03-phone-saved")
    before = PriorityBallot.objects.filter(round=round_).count()
    page.get_by_label("Een bushalte dichter bij de oudere bewoners", exact=True).fill("0")
    page.get_by_label("Een vaste plek om elkaar te ontmoeten in het centrum", exact=True).fill("1")
    page.get_by_role("button", name="Mijn stem aanpassen").click()
    page.wait_for_url("**?bewaard=1")
    assert PriorityBallot.objects.filter(round=round_).count() == before  # changed, not added

    # the facilitator at the desk
    staff = open_page(DESK)
    sign_in(staff, base, "begeleider", PASSWORD)
    staff.goto(f"{base}/plan/{workspace.slug}/prioriteiten/{round_.pk}/")
    assert staff.locator("tr.diverges").count() == 2
    assert staff.locator("tr.diverges .diverge-badge").first.is_visible()
    chart = staff.locator("figure.priority-chart img")
    chart.scroll_into_view_if_needed()
    staff.wait_for_function("() => { const i = document.querySelector('figure.priority-chart img');"
                            " return i && i.complete && i.naturalWidth > 0; }")
    assert "Veilige, brede voetpaden in de Kapelhoek (Bewoners 1, Professionals 5, Stuurgroep 4)" in \
        chart.get_attribute("alt")
    problems += axe_problems(staff, "facilitator: round")
    shoot(staff, "priorities-04-facilitator-round")
    # a paper ballot for the steering group
    staff.get_by_label("Groep", exact=True).select_option(label="Stuurgroep")
    staff.locator("#p-stippen-" + str(round_.items.get(position=4).pk)).fill("5")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Stembriefje bewaren").click()
    assert staff.get_by_text("Het stembriefje is bewaard.").is_visible()
    assert PriorityBallot.objects.filter(round=round_, device_hash="").count() == 12
    # close the link: the phone is told kindly
    with staff.expect_navigation():
        staff.get_by_role("button", name="Link sluiten").click()
    assert staff.get_by_text("De link is gesloten").first.is_visible()
    page.goto(link)
    assert page.get_by_role("heading", name="Stemmen is afgelopen").is_visible()
    problems += axe_problems(page, "phone: closed")
    shoot(page, "priorities-05-phone-closed")

    # the facilitator's page on a phone
    mobile = open_page(PHONE, phone=True, timeout=None, storage_state=staff.context.storage_state())
    mobile.goto(f"{base}/plan/{workspace.slug}/prioriteiten/{round_.pk}/")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # wide tables scroll inside
    problems += axe_problems(mobile, "facilitator on a phone")
    shoot(mobile, "priorities-06-facilitator-phone")
    # the new round form
    staff.goto(f"{base}/plan/{workspace.slug}/prioriteiten/nieuw/")
    problems += axe_problems(staff, "facilitator: new round")
    shoot(staff, "priorities-07-new-round")
    assert not problems, "\n".join(problems)
