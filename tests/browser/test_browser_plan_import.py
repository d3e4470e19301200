"""Importing Balen's WG cohesie register in a real browser: upload, the mapping screen (a select per column,
the first lines), the report (the numbering warning on line 16), confirm; axe on each screen, at 1280 and
390 px (screenshots plan-import-*)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from zorgzaam.plan.tree_models import GoalNode
from zorgzaam.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "een-lang-wachtwoord-42"
REGISTER = Path(__file__).parent.parent / "plan" / "data" / "wg_cohesie_register.csv"


@pytest.mark.parametrize("name,viewport", [("desk", {"width": 1280, "height": 900}),
                                           ("phone", {"width": 390, "height": 844})])
def test_import_register_in_the_browser(live_server, browser, shoot, sign_in, axe_problems, name, viewport):
    workspace = Workspace.objects.create(name="Balen (test)", slug="balen-test")
    person = get_user_model().objects.create_user("trekker", "t@example.org", PASSWORD)
    Membership.objects.create(user=person, workspace=workspace, role=Role.PRACTICE)
    base = live_server.url
    context = browser.new_context(viewport=viewport, locale="nl-BE", is_mobile=name == "phone")
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, base, "trekker", PASSWORD)
    page.goto(f"{base}/plan/{workspace.slug}/plan/importeren/")  # (the plan's tabs link here)
    problems = axe_problems(page, f"{name} upload")
    page.get_by_label("Bestand (.xlsx, .xls, .ods of .csv)").set_input_files(str(REGISTER))
    page.get_by_role("button", name="Verder: kolommen koppelen").click()
    page.wait_for_url("**/koppeling/")
    assert page.get_by_label("Veld voor kolom Actie nr").input_value() == "number"
    assert page.get_by_text("Een rijdend infopunt in de buurt").is_visible() or name == "phone"
    problems += axe_problems(page, f"{name} mapping")
    shoot(page, f"plan-import-mapping-{name}")
    page.get_by_role("button", name="Verder: nakijken").click()
    page.wait_for_url("**/verslag/")
    assert page.get_by_text("regel 16", exact=False).first.is_visible()
    problems += axe_problems(page, f"{name} report")
    shoot(page, f"plan-import-report-{name}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"{name}: page {width} px wide"
    page.get_by_role("button", name="Importeren", exact=True).click()
    page.wait_for_url(f"**/plan/{workspace.slug}/plan/")
    assert GoalNode.objects.filter(workspace=workspace, kind="action").count() == 15
    context.close()
    assert not problems, problems
