import re

from zorgzaam.messages import CATALOGUE, Problem, ZorgzaamError, gettext, render


def test_every_message_has_dutch_and_english():
    for code, nl in CATALOGUE.items():
        en = gettext(nl, "en")
        words = re.sub(r"{[^}]*}", "", nl)  # "{place} ({value})" reads the same in every language
        assert nl and en and gettext(nl, "nl") == nl and (en != nl or not re.search("[a-z]", words)), code


def test_problem_names_file_line_and_field_in_both_languages():
    problem = Problem("not_a_number", {"value": "12,5x"}, file="bev.csv", line=7, column="MS_POPULATION")
    assert problem.render("nl") == "bestand bev.csv, regel 7, veld 'MS_POPULATION': '12,5x' is geen getal."
    assert problem.render("en") == "file bev.csv, line 7, field 'MS_POPULATION': '12,5x' is not a number."


def test_error_carries_problem():
    error = ZorgzaamError("area_not_found", code="99999")
    assert error.problem.params == {"code": "99999"}
    assert render("area_not_found", {"code": "X"}, lang="en") == "Area 'X' not found."


def test_numbers_are_formatted_the_way_each_language_reads_them():
    from zorgzaam.messages import format_number

    assert format_number(22853, "nl") == "22.853"
    assert format_number(22853, "en") == "22,853"
    assert format_number(19.626, "nl", 1) == "19,6"
    assert format_number(1234567.5, "en", 1) == "1,234,567.5"
