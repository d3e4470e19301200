"""The figures of a workspace's profiles are computed once for every neighbourhood and every comparison it
offers, and each profile takes its own targets from them: the same rows, in the same order, as a
computation for its targets alone."""

import pandas as pd
import pytest

from zorgzaam.areas.models import Neighbourhood
from zorgzaam.profile import service
from zorgzaam.profile.service import neighbourhood_profile
from zorgzaam.web.demo import install_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    install_demo(extensions=False)
    service.clear_caches()
    return Neighbourhood.objects.get(name="Centrum en omgeving")


def _computed() -> int:
    return service.FIGURES_COMPUTED[0]


def test_every_neighbourhood_and_comparison_shares_one_computation(demo):
    neighbourhoods = list(Neighbourhood.objects.filter(workspace=demo.workspace).order_by("pk"))
    assert len(neighbourhoods) >= 3
    before = _computed()
    first = neighbourhood_profile(demo)
    assert _computed() == before + 1
    municipality = first.references[0]
    for neighbourhood in neighbourhoods:
        neighbourhood_profile(neighbourhood)
        neighbourhood_profile(neighbourhood, references=[municipality])
        for other in neighbourhoods:
            if other != neighbourhood:
                neighbourhood_profile(neighbourhood, references=[("neighbourhood", other.name, "")])
    assert _computed() == before + 1  # 3 × (2 + 2) profiles more, no second computation


def test_new_own_indicator_computes_again(demo):
    neighbourhood_profile(demo)
    before = _computed()
    service.add_team_indicators(demo.workspace, [{"id": "tachtigers_per_100", "name_nl": "Tachtigers per 100",
                                                  "numerator": ["population_age_080_084"],
                                                  "denominator": ["population"]}])
    profile = neighbourhood_profile(demo)
    assert _computed() == before + 1
    assert "tachtigers_per_100" in set(profile.results["indicator"])


@pytest.mark.parametrize("choice", ["neighbourhood", "municipality", "default"])
def test_shared_figures_equal_a_computation_for_the_profiles_own_targets(demo, monkeypatch, choice):
    other = Neighbourhood.objects.filter(workspace=demo.workspace).exclude(pk=demo.pk).order_by("pk").first()
    references = {"neighbourhood": [("neighbourhood", other.name, "")], "default": None,
                  "municipality": [("municipality", "99001", "2025")]}[choice]
    neighbourhood_profile(Neighbourhood.objects.exclude(pk=demo.pk).order_by("-pk").first())  # the shared one first
    shared = neighbourhood_profile(demo, references=references)
    service.clear_caches()
    alone = service._figures
    monkeypatch.setattr(service, "_figures", lambda sets, refs, *rest, wide=None, wide_references=None:
                        alone(sets, refs, *rest[:5]))
    own = neighbourhood_profile(demo, references=references)
    pd.testing.assert_frame_equal(shared.results, own.results)
    pd.testing.assert_frame_equal(shared.comparisons, own.comparisons)
    assert [s.statement for s in shared.signals] == [s.statement for s in own.signals]
    assert shared.notes == own.notes and shared.periods == own.periods
    targets = set(zip(shared.results["level"], shared.results["code"], strict=True))
    siblings = {("neighbourhood", n.name) for n in Neighbourhood.objects.filter(workspace=demo.workspace)}
    expected = {"neighbourhood": siblings, "municipality": siblings | {("municipality", "99001")},
                "default": siblings | {("municipality", "99001"), ("carezone", "elz9901"), ("province", "99100"),
                                       ("region", "9900")}}[choice]
    assert targets == expected


def test_split_sectors_are_counted_for_the_profiles_own_sectors():
    # old sector A was split into X and Y, old sector B into Z and W; both hold values that could not move
    splits = [pd.DataFrame({"code_from": ["A", "A", "B", "B"], "code_to": ["X", "Y", "Z", "W"]})]
    assert service._lost(splits, pd.Index(["X"])) == 1
    assert service._lost(splits, pd.Index(["X", "Y", "Q"])) == 1
    assert service._lost(splits, pd.Index(["Y", "W"])) == 2
    assert service._lost(splits, pd.Index(["Q"])) == 0
    assert service._lost(splits) == 2
    assert service._lost(splits + splits, pd.Index(["X"])) == 2  # counted per old vintage


def test_taking_every_target_keeps_the_computations_own_order(demo):
    """``_for_targets`` rebuilds the order of a computation for the targets alone; given all the targets of a
    computation in their own order, it must give that computation's rows unchanged."""
    profile = neighbourhood_profile(demo)
    sets, _ = service._target_sets(profile.focus, profile.sectors, profile.references,
                                   {n.name: (n.current.sector_codes, n.current.vintage)
                                    for n in Neighbourhood.objects.filter(workspace=demo.workspace)}, profile.vintage)
    results, computed, *_ = service._compute_figures(sets, profile.references, profile.vintage, demo.workspace,
                                                     profile.catalogue, None, None, ("test", "key"))
    assert computed == list(sets) and results["_order"].nunique() == 2  # municipal and sector figures combined
    taken = service._for_targets(results, computed, sets)
    pd.testing.assert_frame_equal(taken, results.drop(columns=service._ORDER_COLUMNS).reset_index(drop=True))


def test_a_new_process_takes_the_figures_another_one_computed(demo):
    """The figures (and each neighbourhood's own derived tables) are kept in Django's cache (Redis in a
    deployment): a fresh process, without figures of its own, does not compute them again."""
    first = neighbourhood_profile(demo)
    before = _computed()
    service.clear_caches(shared=False)  # this process forgets; the shared cache keeps them
    again = neighbourhood_profile(demo)
    assert _computed() == before
    pd.testing.assert_frame_equal(first.results, again.results)
    pd.testing.assert_frame_equal(first.pyramid, again.pyramid)
    pd.testing.assert_frame_equal(first.change, again.change)
    assert len(first.pyramid) > 5 and first.pyramid["male"].sum() > 0
    service.clear_caches()  # a new generation: computed again
    neighbourhood_profile(demo)
    assert _computed() == before + 1


def test_the_shared_figures_hold_only_the_neighbourhoods_sector_values(demo):
    neighbourhood_profile(demo)
    (results, computed, sector_values, *_), = service._FIGURES_CACHE.values()
    own = {code for n in Neighbourhood.objects.filter(workspace=demo.workspace) for code in n.current.sector_codes}
    assert set(sector_values["area_code"]) == own
    assert any(key[0] == "region" for key in computed)  # the comparison areas' figures are there, not their sectors


def test_one_makes_a_shared_value_while_the_others_wait_for_it():
    import threading
    import time

    from django.core.cache import cache

    made = []

    def make():
        made.append(1)
        time.sleep(0.2)
        return "figures"

    threads = [threading.Thread(target=lambda: made.append(service._shared("test", ("k", 1), make)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made.count(1) == 1 and made.count("figures") == 4
    # another process is making it (its turn taken): this one waits and takes its value, never making it
    slot = service._shared_slot("test", ("k", 2))
    cache.add(f"{slot}:making", 1, 60)
    threading.Timer(0.1, lambda: cache.set(slot, "theirs", 60)).start()
    assert service._shared("test", ("k", 2), lambda: "mine") == "theirs"
