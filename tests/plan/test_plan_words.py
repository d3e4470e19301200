"""The plan's word tables are Dutch msgids with their English in the plan's catalogue (no (nl, en) pairs)."""

from zorgzaam.plan.priorities import STANDARD_GROUPS, group_name
from zorgzaam.plan.quality import RASCI_LABELS, rasci_label


def test_rasci_labels_and_the_usual_groups_in_both_languages():
    assert rasci_label("R", "nl") == "Responsible — trekt de actie en beslist binnen het mandaat"
    assert rasci_label("R", "en") == "Responsible — leads the action and decides within the mandate"
    assert rasci_label("I", "en") == "Informable — is kept informed"
    assert all(rasci_label(letter, "en") != RASCI_LABELS[letter] for letter in "RASCI")
    assert [group_name(key, "nl") for key in STANDARD_GROUPS] == ["Bewoners", "Professionals", "Stuurgroep"]
    assert [group_name(key, "en") for key in STANDARD_GROUPS] == ["Residents", "Professionals", "Steering group"]
