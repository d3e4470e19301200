"""A comparison area that is only partly loaded says so: with only the Balen–Ravels pack, 'Vlaams Gewest'
is the sum of its 13 loaded municipalities, while Statbel's 2015 cube names 308 Flemish ones."""

import pytest

from zorgzaam.areas.store import load_and_save_areas
from zorgzaam.profile.service import profile_for
from zorgzaam.sources.importing import run_import

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]


def test_a_partly_loaded_region_and_province_get_a_note(shared_data):
    load_and_save_areas([shared_data / "balen_ravels"])
    result, dataset = run_import("statbel-population",
                                 shared_data / "statbel_open" / "TF_SOC_POP_STRUCT_2015.zip")
    parents = dataset.report["published_parents"]  # stored once, in no language
    assert len(parents["region"]["2000"]) == 308 and len(parents["province"]["10000"]) == 70
    profile = profile_for("13003", periods=["2015"])
    notes = " ".join(profile.notes)
    assert "Vlaams Gewest is hier de som van de geladen gemeenten" in notes
    assert "telt er 308, waarvan 295 niet geladen zijn" in notes
    assert "Antwerpen (Prov.)" in notes
