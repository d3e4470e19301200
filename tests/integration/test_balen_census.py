"""From the real files to a figure: load the Balen–Ravels area pack, import the Census 2021 sector
counts as published, and sum them over areas through the hierarchy (never a code prefix)."""

import pandas as pd
import pytest

from zorgzaam.areas.loading import load_area_files, validate
from zorgzaam.areas.store import links_frame, save_areas
from zorgzaam.profile.aggregate import aggregate, measure_matrix, membership_from_links
from zorgzaam.sources.generic import WideOptions
from zorgzaam.sources.importing import run_import
from zorgzaam.sources.store import dataset_values

pytestmark = pytest.mark.django_db

AGE_65_PLUS = "population_age_065_999"
AGE_UNDER_65 = "population_age_000_064"


@pytest.fixture
def balen_census(shared_data):
    load = load_area_files([shared_data / "balen_ravels"])
    validate(load)
    save_areas(load.areas, load.links, load.crosswalk)
    options = WideOptions(mapping={"x65": AGE_65_PLUS, "rest": AGE_UNDER_65}, skip=["prop_65plussers"])
    result, dataset = run_import("wide", shared_data / "belgium_sectors" / "Leeftijdgegevens_per_StatS.csv",
                                 period="2021", level="sector", options=options)
    values = dataset_values(dataset)
    units = pd.Index(sorted(values["area_code"].unique()))
    links = links_frame(child_level="sector")
    links = links[links["child_vintage"] == "2024"]
    sums = aggregate(membership_from_links(links, units), measure_matrix(values, units)).frame()
    table = sums.pivot_table(index=["level", "code", "vintage"], columns="measure", values="value")
    table["population"] = table[AGE_65_PLUS] + table[AGE_UNDER_65]
    return result, table


def test_balen_65plus_summed_over_its_sectors_including_not_locatable(balen_census):
    result, table = balen_census
    for vintage in ("2024", "2025"):  # the 2024 sectors roll up to Balen before and after the mergers
        balen = table.loc[("municipality", "13003", vintage)]
        assert balen[AGE_65_PLUS] == 4485
        assert balen["population"] == 22853  # includes 13003ZZZZ with one resident
    ravels = table.loc[("municipality", "13035", "2025")]
    assert (ravels[AGE_65_PLUS], ravels["population"]) == (3034, 15104)
    # Every sector of Belgium was read; the ones outside the loaded pack are refused, not lost silently.
    report = result.report.as_dict("en")
    assert report["rows_read"] == 19786
    assert report["records_refused"] > 0
    assert report["refusals"][0]["code"] == "unknown_area"


# Every wijk of Balen and Ravels (2024 codes): population and 65+ from Census 2021, as tabulated in
# shared/research/data.md §6 (computed there from the same sector counts by another route).
WIJKEN_2024 = [
    ("1300301", 4230, 896), ("1300303", 3792, 708), ("1300309", 3788, 726), ("1300305", 2400, 432),
    ("1300302", 2236, 441), ("1300208", 1946, 415), ("1300307", 1855, 309), ("1300304", 1339, 231),
    ("1300306", 1266, 327),
    ("1303507", 4532, 875), ("1303512", 2301, 463), ("1303503", 1976, 486), ("1303502", 1704, 395),
    ("1303510", 1444, 257), ("1303513", 1113, 194), ("1303509", 1041, 152), ("1303508", 369, 80),
    ("1303504", 309, 73), ("1303505", 211, 39), ("1303501", 52, 16), ("1303511", 18, 0), ("1303506", 16, 2),
]


def test_65plus_share_of_every_balen_and_ravels_wijk(balen_census):
    _, table = balen_census
    found = {}
    for wijk, _, _ in WIJKEN_2024:
        row = table.loc[("district", wijk, "2024")]
        found[wijk] = (int(row["population"]), int(row[AGE_65_PLUS]))
    assert found == {wijk: (population, older) for wijk, population, older in WIJKEN_2024}
    shares = {wijk: round(100 * older / population, 1) for wijk, (population, older) in found.items()}
    assert shares["1300306"] == 25.8 and shares["1303501"] == 30.8 and shares["1303511"] == 0.0
