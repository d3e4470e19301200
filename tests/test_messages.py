from zorgzaam.messages import CATALOGUE, Problem, ZorgzaamError, render


def test_every_message_has_dutch_and_english():
    for code, (nl, en) in CATALOGUE.items():
        assert nl and en and nl != en, code


def test_problem_names_file_line_and_field_in_both_languages():
    problem = Problem("not_a_number", {"value": "12,5x"}, file="bev.csv", line=7, column="MS_POPULATION")
    assert problem.render("nl") == "bestand bev.csv, regel 7, veld 'MS_POPULATION': '12,5x' is geen getal."
    assert problem.render("en") == "file bev.csv, line 7, field 'MS_POPULATION': '12,5x' is not a number."


def test_error_carries_problem():
    error = ZorgzaamError("area_not_found", code="99999")
    assert error.problem.params == {"code": "99999"}
    assert render("area_not_found", {"code": "X"}, lang="en") == "Area 'X' not found."
