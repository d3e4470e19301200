"""The summary table's plain parts: a theme and a building block from the definition behind each finding
(plan.classify), and filtering, sorting and the form of the table (plan.table)."""

from zorgzaam.plan.classify import THEMES, classify, theme_from_word, theme_label
from zorgzaam.plan.table import NO_VALUE, TableQuery, changes_from_form, choices, filter_rows, sort_rows
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS


def test_each_source_is_classified_from_its_own_definition():
    catalogue = {"share_80plus": "age", "average_net_taxable_income": "socioeconomic"}.get
    assert classify("profile", "share_80plus:higher", {"indicator": "share_80plus"},
                    indicator_theme=catalogue) == ("population", "analysis_plan")
    assert classify("profile", "x", {"indicator": "average_net_taxable_income"},
                    indicator_theme=catalogue) == ("income", "detection")
    # a rule declares its theme and building block
    rules = {"older_no_bus_stop": ("mobility", "public_space")}.get
    assert classify("environment", "older_no_bus_stop", {}, rule_class=rules) == ("mobility", "public_space")
    # a rule without them falls back to its indicator's
    assert classify("environment", "new_rule", {"indicator": "share_80plus"}, indicator_theme=catalogue,
                    rule_class=rules) == ("population", "analysis_plan")
    # a survey question: the item bank's theme
    bank = {"unexpected_expense": "money"}.get
    assert classify("voices", "survey1:unexpected_expense:higher", {"question": "unexpected_expense"},
                    question_theme=bank) == ("income", "detection")
    assert classify("voices", "s", {"question": "djg_total_cat"}, question_theme=bank)[0] == "loneliness"
    # qualitative notes: the team's words and building blocks
    assert classify("voices", "challenge:3", {"themes": ["verkeer"], "building_blocks": ["public_space"]}) == \
        ("mobility", "public_space")
    assert classify("voices", "theme:taal", {"theme": "taal"}) == ("origin", "inclusion")
    assert classify("voices", "strength:1", {"themes": ["kermis"], "building_blocks": ["partnerships"]}) == \
        ("kermis", "partnerships")  # an unknown word is the team's own theme
    assert classify("team", "x", {}) == ("", "")


def test_theme_words_and_labels():
    assert theme_from_word("Sociale samenhang") == "meeting"
    assert theme_from_word("publieke ruimte") == "public_space"
    assert theme_from_word("") == ""
    assert theme_label("meeting", "nl") == "Ontmoeting en buren"
    assert theme_label("meeting", "en") == "Meeting people and neighbours"
    assert theme_label("kermis") == "Kermis"
    assert all(code in BUILDING_BLOCKS for code in __import__("zorgzaam.plan.classify", fromlist=["x"]).THEME_BLOCK
               .values())
    assert set(__import__("zorgzaam.plan.classify", fromlist=["x"]).THEME_BLOCK) == set(THEMES)


ROWS = [
    {"id": 1, "neighbourhood": "Centrum", "neighbourhood_id": 7, "source": "voices", "status": "open",
     "theme": "meeting", "theme_label": "Ontmoeting en buren", "building_block": "social_networks",
     "block_label": "Sociale netwerken", "statement": "Weinig plekken", "current": True},
    {"id": 2, "neighbourhood": "Centrum", "neighbourhood_id": 7, "source": "profile", "status": "accepted",
     "theme": "population", "theme_label": "Bevolking en leeftijd", "building_block": "analysis_plan",
     "block_label": "Buurt: analyse en plan", "statement": "Veel 80-plussers", "current": True},
    {"id": 3, "neighbourhood": "Akker", "neighbourhood_id": 8, "source": "environment", "status": "rejected",
     "theme": "", "theme_label": "", "building_block": "", "block_label": "", "statement": "Geen bushalte",
     "current": False},
]


class Form(dict):
    """A QueryDict stand-in: values are lists."""

    def get(self, key, default=None):
        values = super().get(key)
        return values[-1] if values else default

    def getlist(self, key):
        return super().get(key, [])


def test_filters_and_sorting_follow_the_url():
    query = TableQuery.from_params({"bron": "profile", "sorteer": "-thema"})
    assert [r["id"] for r in filter_rows(ROWS, query)] == [2]
    assert query.sort == "thema" and query.descending and query.aria_sort("thema") == "descending"
    assert query.sort_param("thema") == "thema" and query.sort_param("status") == "status"
    assert [r["id"] for r in filter_rows(ROWS, TableQuery.from_params({"thema": NO_VALUE}))] == [3]
    assert [r["id"] for r in filter_rows(ROWS, TableQuery.from_params({"buurt": "7", "status": "open"}))] == [1]
    assert [r["id"] for r in filter_rows(ROWS, TableQuery.from_params({"huidig": "1"}))] == [1, 2]
    # default order: neighbourhood, then figures before environment before residents
    assert [r["id"] for r in sort_rows(ROWS, TableQuery())] == [3, 2, 1]
    assert [r["id"] for r in sort_rows(ROWS, TableQuery.from_params({"sorteer": "status"}))] == [1, 2, 3]
    assert [r["id"] for r in sort_rows(ROWS, TableQuery.from_params({"sorteer": "thema"}))] == [2, 1, 3]  # empty last
    assert TableQuery.from_params({"sorteer": "evil"}).sort == ""
    assert choices(ROWS, "theme", "theme_label") == [("population", "Bevolking en leeftijd"),
                                                     ("meeting", "Ontmoeting en buren"), (NO_VALUE, "")]


def test_the_form_changes_only_what_was_touched_and_the_bulk_decision_applies_to_ticked_rows():
    form = Form({"rij": ["1", "2", "3"], "kies": ["1", "3"], "bulk": ["accepted"],
                 "status-1": ["open"], "was-status-1": ["open"],
                 "note-1": ["Herkend\r\nin de focusgroep "], "was-note-1": [""],
                 "note-2": ["Al besproken"], "was-note-2": ["Al besproken"],
                 "theme-2": ["health"], "was-theme-2": ["population"],
                 "block-3": [""], "was-block-3": [""]})
    changes, ticked = changes_from_form(form)
    assert ticked == [1, 3]
    assert changes == {1: {"note": "Herkend\nin de focusgroep", "status": "accepted"}, 2: {"theme": "health"},
                       3: {"status": "accepted"}}
    assert changes_from_form(Form({"rij": ["1"], "note-1": ["x"], "was-note-1": ["x"]})) == ({}, [])
