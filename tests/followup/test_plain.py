"""The plain modules of follow-up: self-assessment scores, comparison, trend and routes; the signal register's
statuses, checks and yearly share; personal data in public text; the poster's type size."""

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import translation

from zorgzaam.followup import assessment as am
from zorgzaam.followup import privacy
from zorgzaam.followup import signals as sg
from zorgzaam.messages import ZorgzaamError
from zorgzaam.workspaces.building_blocks import BUILDING_BLOCKS

D = dt.date
ALL_THREE = dict.fromkeys(BUILDING_BLOCKS, 3)


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, "vijf", True])
def test_scores_outside_one_to_five_are_refused_naming_the_block(value):
    with pytest.raises(ZorgzaamError) as error:
        am.check_scores({**ALL_THREE, "detection": value})
    assert error.value.problem.code == "assessment_score_out_of_range"
    assert "Detectie" in error.value.render("nl") and "1 tot 5" in error.value.render("nl")
    with translation.override("en"), pytest.raises(ZorgzaamError) as error:
        am.check_scores({**ALL_THREE, "detection": value})
    assert "'Detection'" in str(error.value) and "1 to 5" in str(error.value)


def test_not_assessed_and_unknown_blocks():
    scores = am.check_scores({"detection": "4", "inclusion": "", "referral": None})
    assert scores["detection"] == 4 and scores["inclusion"] is None and scores["referral"] is None
    assert list(scores) == list(BUILDING_BLOCKS) and scores["communication"] is None
    with pytest.raises(ZorgzaamError) as error:
        am.check_scores({"happiness": 3})
    assert error.value.problem.code == "assessment_unknown_block"


def test_two_perspectives_compared_and_flagged():
    practice = {**ALL_THREE, "detection": 4, "partnerships": 2, "inclusion": None}
    policy = {**ALL_THREE, "detection": 2, "partnerships": 3, "inclusion": 4}
    rows = {r.block: r for r in am.compare(practice, policy)}
    assert rows["detection"].difference == -2 and rows["detection"].flagged
    assert rows["partnerships"].difference == 1 and not rows["partnerships"].flagged
    assert rows["inclusion"].difference is None and not rows["inclusion"].flagged
    assert [r.block for r in rows.values() if r.flagged] == ["detection"]


def test_trend_over_dates_in_date_order():
    dates, rows = am.trend([(D(2026, 10, 1), {**ALL_THREE, "communication": 4}),
                            (D(2026, 3, 1), {**ALL_THREE, "communication": 2, "public_space": None})])
    assert dates == [D(2026, 3, 1), D(2026, 10, 1)]
    by = {r.block: r for r in rows}
    assert by["communication"].scores == (2, 4) and by["communication"].change == 2
    assert by["public_space"].scores == (None, 3) and by["public_space"].change is None


def test_routes_grouped_as_the_method_groups_them():
    grouped = am.routes({**ALL_THREE, "detection": 5, "analysis_plan": 1, "public_space": None}, "en")
    assert list(grouped) == ["practice", "policy", "cyclical"]
    by = {r.block: r for routes in grouped.values() for r in routes}
    assert by["detection"].route == am.THRESHOLDS and "obstacles" in by["detection"].prompts[0]
    assert by["analysis_plan"].route == am.STRENGTHEN and by["analysis_plan"].part == "policy"
    assert by["analysis_plan"].prompts and by["public_space"].route == am.NOT_ASSESSED
    assert {r.block for r in grouped["cyclical"]} == {"communication", "partnerships", "public_space"}


def test_radar_svg_draws_every_block_and_both_series():
    text = am.radar_svg({"praktijkwerker": {**ALL_THREE, "inclusion": None}, "beleidsmedewerker": ALL_THREE},
                        "Zelfevaluatie", "nl")
    assert text.startswith("<?xml") and "Sociale netwerken" in text and "praktijkwerker" in text
    assert text == am.radar_svg({"praktijkwerker": {**ALL_THREE, "inclusion": None},
                                 "beleidsmedewerker": ALL_THREE}, "Zelfevaluatie", "nl")


# ------------------------------------------------------------------------------------------------- signals

def test_result_date_before_send_date_is_refused():
    with pytest.raises(ZorgzaamError) as error:
        sg.check_signal(description="Bankkantoren dicht", kind="collective", source="walk_in", status="result",
                        collected=D(2026, 1, 5), sent=D(2026, 2, 1), result_date=D(2026, 1, 20),
                        result_text="Banken gecontacteerd")
    assert error.value.problem.code == "signal_result_before_sent"
    assert "2026-01-20" in str(error.value)


def test_partial_answers_suggest_the_intermediate_status():
    assert sg.suggest_status("Een (mobiele) sociale kruidenier wordt onderzocht.") == sg.PARTIAL
    assert sg.suggest_status("Banken gecontacteerd; opvolging volgend jaar.") == sg.PARTIAL
    assert sg.suggest_status("KBM organiseerde een bewonersvergadering.") == sg.RESULT
    assert sg.suggest_status("") == sg.ANSWERED


def test_counts_by_addressee_count_each_addressee_once_per_signal():
    facts = [sg.SignalFacts(D(2026, 1, 1), "wonen", sg.SENT, ("OCMW", "Dienst Wonen", "OCMW")),
             sg.SignalFacts(D(2026, 2, 1), "wonen", sg.RESULT, ("OCMW",)),
             sg.SignalFacts(D(2026, 3, 1), "mobiliteit", sg.PARTIAL, ("Stad",))]
    assert sg.count_by(facts, "addressee") == [("OCMW", 2), ("Dienst Wonen", 1), ("Stad", 1)]
    assert sg.count_by(facts, "theme") == [("wonen", 2), ("mobiliteit", 1)]
    share = sg.yearly_share(facts)
    assert [(y.year, y.signals, y.with_result, y.partial) for y in share] == [(2026, 3, 1, 1)]
    assert share[0].share == Fraction(1, 3) and share[0].percent == 33.3


# ------------------------------------------------------------------------------------------------- privacy

@pytest.mark.parametrize("text,kind", [
    ("Bel me op 014 12 34 56.", "phone"), ("gsm 0470/12.34.56", "phone"), ("+32 470 12 34 56", "phone"),
    ("tel. 03 123 45 67", "phone"), ("0032 14 123456", "phone"), ("(014) 12 34 56", "phone"),
    ("mail an.peeters@ocmw-overbos.be", "email"),
    ("rijksregisternummer 85.07.30-033.28", "national_number"), ("85073003328", "national_number"),
    ("Ze woont in de Kerkstraat 12 bus 3.", "address"), ("aan de Hoge Dreef 5a", "address"),
])
def test_personal_data_is_found_with_its_kind_and_place(text, kind):
    found = privacy.find_personal_data(text, ["Kerkstraat", "Hoge Dreef"])
    assert [f.kind for f in found] == [kind]
    assert text[found[0].start:found[0].end] == found[0].text


@pytest.mark.parametrize("text", [
    "Op 03/12/2026 om 14.30 uur in zaal De Linde.", "0,4 VTE vrijgemaakt in 2021 en 2022",
    "85073003329", "We kozen voor de Kerkstraat, niet voor het plein.", "12 bewoners kwamen langs",
    "Budget: 11.362.256 euro",
])
def test_ordinary_text_is_not_flagged(text):
    assert privacy.find_personal_data(text, ["Kerkstraat"]) == []


def test_national_number_born_after_2000():
    base = 50312123  # born 2005-03-12, serial 123
    check = 97 - (2_000_000_000 + base) % 97
    digits = f"{base:09d}{check:02d}"
    assert privacy.national_number_valid(digits)
    assert [f.kind for f in privacy.find_personal_data(f"nr {digits[:2]}.{digits[2:4]}.{digits[4:6]}-"
                                                       f"{digits[6:9]}.{digits[9:]}")] == ["national_number"]


POSTER_TITLE = "Wat deden we met jullie ideeën?"
BENCH = ("Er komt een zitbank met schaduw aan het plein, voor de zomer. De stoep aan de Kerkstraat wordt verlaagd "
         "bij het zebrapad. ")


def test_a_short_poster_text_gets_big_type_and_a_long_one_smaller():
    from zorgzaam.followup import poster

    sizes = [poster.fit(POSTER_TITLE, BENCH * n, "Geen eenrichtingsverkeer: de bus moet er door.").text_pt
             for n in (1, 3, 8, 20)]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4, sizes
    assert sizes[0] >= 30 and poster.MIN_PT < sizes[-1] < 16, sizes
    assert poster.fit(POSTER_TITLE, "Koffie op dinsdag.").text_pt == poster.MAX_PT  # never bigger
    for n in (1, 3, 8, 20):  # each the largest size that fits: a quarter point more does not
        fitted = poster.fit(POSTER_TITLE, BENCH * n)
        assert poster.height_mm(fitted.text_pt, POSTER_TITLE, BENCH * n, "") <= poster.room_mm()
        if fitted.text_pt < poster.MAX_PT:
            assert poster.height_mm(fitted.text_pt + 0.25, POSTER_TITLE, BENCH * n, "") > poster.room_mm()
        assert not fitted.shortened and fitted.decided == BENCH * n


def test_a_poster_text_too_long_for_the_smallest_type_is_cut_at_a_word():
    from zorgzaam.followup import poster

    decided = BENCH * 60
    fitted = poster.fit(POSTER_TITLE, decided, "Geen eenrichtingsverkeer in de Molenstraat.")
    assert fitted.shortened and fitted.text_pt == poster.MIN_PT
    kept = fitted.decided.removesuffix(" …")
    assert fitted.decided.endswith(" …") and decided.startswith(kept)
    assert decided[len(kept)] in " .,"  # cut after a whole word
    assert fitted.not_done == "Geen eenrichtingsverkeer in de Molenstraat."  # the shorter text kept whole
    assert poster.height_mm(fitted.text_pt, POSTER_TITLE, fitted.decided, fitted.not_done) <= poster.room_mm()
    assert len(fitted.decided) > len(decided) / 4  # cut to what fits, not to nothing


def test_poster_lines_wrap_at_words():
    from zorgzaam.followup.poster import _lines

    assert _lines("aaaa bbbb cccc", 9) == 2  # "aaaa bbbb" | "cccc"
    assert _lines("aaaa bbbb cccc", 8) == 3
    assert _lines("aaaa\n\nbbbb", 9) == 2.6  # an empty line between paragraphs
    assert _lines("a" * 20, 8) == 3  # a word longer than a line breaks in it
