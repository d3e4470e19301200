"""The summary table in a real browser on the demo (its table filled as ``zorgzaam demo`` fills it): filter
by the form (GET, no script needed), tick rows with the keyboard and decide them at once, a note typed
inline, the evidence opened, the linking page, the print view on A4 landscape, and a phone, each checked by
axe (screenshots in test-output/screenshots/)."""

from __future__ import annotations

import re

import pytest

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.plan.models import Finding
from zorgzaam.workspaces.models import Workspace

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def filled(demo_site):
    from zorgzaam.plan.demo import install_demo_findings

    workspace = Workspace.objects.get(slug="demo-overbos")
    install_demo_findings(workspace)
    return demo_site, workspace


def test_summary_table_filter_bulk_decide_print_and_phone(filled, browser, shoot, sign_in, axe_problems):
    (base, username, password), workspace = filled
    centrum = Neighbourhood.objects.get(workspace=workspace, name="Centrum en omgeving")
    url = f"{base}/plan/{workspace.slug}/samenvatting/"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, base, username, password)
    page.goto(url)
    total = Finding.objects.filter(workspace=workspace).count()
    assert page.locator("table.summary tbody tr").count() == total
    assert page.get_by_role("button", name="Signalen uit cijfers, omgeving en bewoners verzamelen").is_visible()
    problems = axe_problems(page, "summary table")
    shoot(page, "summary-01-all", full_page=False)

    # filter with the form: one neighbourhood, the residents' findings
    page.get_by_label("Buurt", exact=True).select_option(label="Centrum en omgeving")
    page.get_by_label("Bron", exact=True).select_option(label="bewoners")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"buurt=\d+&bron=voices"))
    voices = Finding.objects.filter(neighbourhood=centrum, source="voices")
    assert page.locator("table.summary tbody tr").count() == voices.count() > 3
    shoot(page, "summary-02-filtered")

    # the evidence is one click away
    first_row = page.locator("table.summary tbody tr").first
    first_row.get_by_text("Waarop steunt dit?").click()
    assert first_row.locator("details.evidence blockquote, details.evidence li").first.is_visible()

    # tick two open rows with the keyboard, type a note inline, decide both with one button
    open_rows = page.locator("table.summary tbody tr.status-open")
    ids = [open_rows.nth(i).get_attribute("id")[1:] for i in range(2)]
    for pk in ids:
        page.locator(f"#pick-{pk}").focus()
        page.keyboard.press("Space")
    assert page.locator("[data-picked]").inner_text() == "(2)"
    page.locator(f"#note-{ids[0]}").fill("Samen met de focusgroep bekijken")
    problems += axe_problems(page, "summary table, rows ticked")
    shoot(page, "summary-03-ticked", full_page=False)
    page.get_by_role("button", name="Aanvaarden").click()
    page.wait_for_selector("text=2 bevindingen bewaard.")
    decided = {str(f.pk): f for f in Finding.objects.filter(pk__in=ids)}
    assert {f.status for f in decided.values()} == {"accepted"}
    assert decided[ids[0]].note == "Samen met de focusgroep bekijken"
    assert "bron=voices" in page.url  # back to the same filtered table
    shoot(page, "summary-04-decided")

    # all rows at once with the (scripted) select-all box, then back to 'te bekijken'
    page.locator("#pick-all").check()
    assert page.locator("[data-picked]").inner_text() == f"({voices.count()})"
    reopened = voices.exclude(status="open").count()  # only what changes is counted
    page.get_by_role("button", name="Op 'te bekijken' zetten").click()
    page.wait_for_selector(f"text={reopened} bevindingen bewaard.")
    assert set(Finding.objects.filter(neighbourhood=centrum, source="voices").values_list("status", flat=True)) \
        == {"open"}

    # sort by a column header, keyboard: the link says what it does
    page.get_by_role("link", name="Thema", exact=True).click()
    page.wait_for_url(re.compile(r"sorteer=thema"))
    assert page.locator("th[aria-sort='ascending']").count() == 1

    # the linking page shows whole statements
    row_id = page.locator("table.summary tbody tr").first.get_attribute("id")[1:]
    page.locator(f"#f{row_id} details.evidence summary").click()
    page.locator(f"#f{row_id}").get_by_role("link", name="Koppelen aan een bevinding").click()
    page.wait_for_selector("fieldset.relate-what")
    figure = Finding.objects.filter(neighbourhood=centrum, source="profile").first()
    assert figure.statement_nl in page.locator("fieldset.relate-what").inner_text()
    problems += axe_problems(page, "linking page")
    shoot(page, "summary-05-relate")

    # print: A4 landscape, no controls, decisions and notes as text
    page.goto(f"{url}?buurt={centrum.pk}")
    page.emulate_media(media="print")
    assert page.locator(".bulk-bar").is_hidden() and page.locator("form.table-filters").is_hidden()
    assert page.locator("table.summary select").first.is_hidden()
    assert page.locator("table.summary .status-word").first.is_visible()
    assert page.locator("table.summary tbody tr").count() == Finding.objects.filter(neighbourhood=centrum).count()
    shoot(page, "summary-06-print")
    pdf = page.pdf(prefer_css_page_size=True)
    size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert size and float(size.group(1)) > float(size.group(2)) > 590  # landscape A4: 842 × 595 pt
    page.emulate_media(media="screen")
    context.close()

    # a phone: cards, no sideways scrolling, the same actions
    phone = browser.new_context(viewport=PHONE, locale="nl-BE", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, base, username, password)
    page.goto(f"{url}?buurt={centrum.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems += axe_problems(page, "summary table on a phone")
    shoot(page, "summary-07-phone", full_page=False)
    page.locator("table.summary tbody tr").nth(1).scroll_into_view_if_needed()
    shoot(page, "summary-08-phone-cards", full_page=False)
    phone.close()
    assert not problems, "\n".join(problems)
