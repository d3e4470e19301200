"""A team's own indicators: stored per workspace, checked, and computed like the catalogue's."""

import pytest

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.messages import ZorgzaamError
from zorgzaam.profile.models import TeamIndicator
from zorgzaam.profile.service import add_team_indicators, neighbourhood_profile, read_team_indicator_file
from zorgzaam.web.demo import install_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def centrum():
    install_demo(extensions=False)
    return Neighbourhood.objects.get(name="Centrum en omgeving")


def test_team_indicator_joins_the_workspace_profile(centrum):
    add_team_indicators(centrum.workspace, [{"id": "ocmw_per_1000", "name_nl": "OCMW-steun per 1.000 inwoners",
                                            "numerator": ["ocmw_support_persons"], "denominator": ["population"],
                                            "scale": 1000}])
    result = neighbourhood_profile(centrum).focus_results().set_index(["indicator", "period"])
    per_100 = result.loc[("ocmw_support_per_100", "2024"), "value"]
    assert result.loc[("ocmw_per_1000", "2024"), "value"] == pytest.approx(10 * per_100)


def test_bad_team_indicators_are_refused_and_nothing_is_stored(centrum):
    good = {"id": "ok_one", "name_nl": "Goed", "numerator": ["ocmw_support_persons"], "denominator": ["population"]}
    missing = {"id": "partner_visits", "name_nl": "Huisbezoeken", "numerator": ["partner_visits"],
               "denominator": ["population"]}
    with pytest.raises(ZorgzaamError) as error:
        add_team_indicators(centrum.workspace, [good, missing])
    assert error.value.problem.code == "indicator_unknown_measure"
    assert not TeamIndicator.objects.exists()  # the good one was not kept either
    with pytest.raises(ZorgzaamError) as clash:
        add_team_indicators(centrum.workspace, [dict(good, id="share_80plus")])
    assert clash.value.problem.code == "indicator_id_taken"
    with pytest.raises(ZorgzaamError) as itself:
        add_team_indicators(centrum.workspace, [dict(good, denominator=["ocmw_support_persons"])])
    assert itself.value.problem.code == "indicator_divides_by_itself"


def test_team_indicators_from_a_file(centrum, tmp_path):
    path = tmp_path / "eigen.toml"
    path.write_text('[[indicator]]\nid = "ocmw_per_household"\nname = { nl = "OCMW-steun per 100 huishoudens" }\n'
                    'numerator = ["ocmw_support_persons"]\ndenominator = ["households_total"]\nscale = 100\n',
                    encoding="utf-8")
    add_team_indicators(centrum.workspace, read_team_indicator_file(path))
    assert TeamIndicator.objects.get().as_indicator().denominator == ("households_total",)
    with pytest.raises(ZorgzaamError):
        read_team_indicator_file(tmp_path / "missing.toml")
