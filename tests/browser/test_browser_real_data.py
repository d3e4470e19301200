"""The real-data path as a person sees it: the Balen–Ravels area pack and Statbel's real population cubes
2009–2015, Balen as a neighbourhood, its profile over time beside its care zone, province and Flanders."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

YEARS = [str(year) for year in range(2009, 2016)]


@pytest.fixture
def real_site(transactional_db, live_server, settings, shared_data):
    settings.ZORGZAAM_JOB_RUNNER = "thread"
    from django.contrib.auth import get_user_model

    from zorgzaam.areas.neighbourhood_service import create_neighbourhood
    from zorgzaam.areas.store import load_and_save_areas
    from zorgzaam.sources.importing import run_import
    from zorgzaam.workspaces.models import Membership, Role, Workspace

    load_and_save_areas([shared_data / "balen_ravels"])
    for year in YEARS:
        run_import("statbel-population", shared_data / "statbel_open" / f"TF_SOC_POP_STRUCT_{year}.zip")
    workspace = Workspace.objects.create(name="Balen – echte cijfers", slug="balen-echte-cijfers")
    user = get_user_model().objects.create_user("tine", password="een-lang-wachtwoord-42")
    Membership.objects.create(user=user, workspace=workspace, role=Role.ADMIN)
    version = create_neighbourhood("Heel Balen", from_area="13003", workspace=workspace)
    return live_server.url, version.neighbourhood.pk


def test_balen_over_time_with_its_care_zone_from_the_real_cubes(real_site, page, shoot, sign_in):
    base, pk = real_site
    sign_in(page, base, "tine", "een-lang-wachtwoord-42")
    page.goto(f"{base}/profiel/balen-echte-cijfers/buurten/{pk}/?reeks=share_65plus", timeout=120_000)
    over_time = page.locator("section", has=page.get_by_role("heading", name=re.compile("Over de jaren heen")))
    chart = over_time.locator("img").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle(),
                           timeout=120_000)
    assert "65-plussers" in chart.get_attribute("alt")
    table = over_time.locator("table").first
    text = table.inner_text()
    # Balen's own figures, from the file's lines: 16,7 % in 2009 and 18,4 % in 2015 (3,466 of 20,811 and 4,040 of 21,969)
    assert "2009" in text and "2015" in text and "16,7 %" in text and "18,4 %" in text
    assert "Baldemore" in text  # the care zone, summed from its four municipalities
    shoot(page, "real-data-balen-over-time")
