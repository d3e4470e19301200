"""The profile as a plain table for the environment's (mis)match rules."""

import pytest

from zorgzaam.profile.service import profile_table
from zorgzaam.web.demo import install_demo

pytestmark = pytest.mark.django_db


def test_profile_table_gives_latest_figures_beside_the_municipality():
    install_demo(extensions=False)
    table = profile_table("Centrum en omgeving").set_index("indicator_id")
    row = table.loc["share_80plus"]
    assert row["period"] == "2025"
    assert row["value"] > row["comparison_value"] > 0
    assert table["area_code"].unique().tolist() == ["Centrum en omgeving"]
