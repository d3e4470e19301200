"""Analysis checked against values computed here with independent formulas (no scipy)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from zorgzaam.voices import analysis
from zorgzaam.voices.analysis import ResponseData, suppress, wilson_interval
from zorgzaam.voices.bank import build_questionnaire
from zorgzaam.voices.scales import djg_scores, score_one


def wilson_by_hand(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize("k,n", [(0, 10), (1, 10), (5, 10), (10, 10), (20, 42), (37, 60), (999, 1000)])
def test_wilson_matches_formula(k, n):
    low, high = wilson_interval(k, n)
    lo2, hi2 = wilson_by_hand(k, n)
    assert float(low) == pytest.approx(max(lo2, 0), abs=1e-12)
    assert float(high) == pytest.approx(min(hi2, 1), abs=1e-12)


def test_wilson_known_value():
    # 20 of 42 (47.6 %), worked out on paper: centre 0.47819, half-width 0.14459
    low, high = wilson_interval(20, 42)
    assert (round(float(low), 4), round(float(high), 4)) == (0.3336, 0.6228)


def _data(rows: list[dict]) -> ResponseData:
    spec = build_questionnaire(["happy_past_week", "marital_status", "age_band", "sex", "services_used",
                                "dj_e1", "dj_e2", "dj_e3", "dj_s1", "dj_s2", "dj_s3"], title_nl="Test")
    frame = pd.DataFrame(rows)
    for q in spec.questions:
        if q.code not in frame:
            frame[q.code] = None
    return ResponseData(spec, frame.astype(object).where(frame.notna(), None))


def test_percentages_and_groups():
    rows = ([{"neighbourhood": "A", "happy_past_week": "always"}] * 12
            + [{"neighbourhood": "A", "happy_past_week": "often"}] * 8
            + [{"neighbourhood": "B", "happy_past_week": "always"}] * 6
            + [{"neighbourhood": "B", "happy_past_week": "often"}] * 14
            + [{"neighbourhood": "B", "happy_past_week": "sometimes"}] * 5
            + [{"neighbourhood": "B", "happy_past_week": "never"}] * 5
            + [{"neighbourhood": "B", "happy_past_week": None}] * 3)
    table = analysis.frequency_table(_data(rows), "happy_past_week", min_cell=5).to_dict()
    total, a, b = table["rows"]
    assert total["n"] == 50 and b["n"] == 30
    always = {c["category"]: c for c in total["cells"]}["always"]
    assert always["count"] == 18 and always["percent"] == 36.0
    lo, hi = wilson_by_hand(18, 50)
    assert always["ci_low"] == round(100 * lo, 1) and always["ci_high"] == round(100 * hi, 1)
    # group A: 'sometimes' and 'never' are 0 → hidden, so nothing below 5 is shown
    a_cells = {c["category"]: c for c in a["cells"]}
    assert a_cells["never"]["suppressed"] and a_cells["sometimes"]["suppressed"]
    assert a_cells["always"]["percent"] == 60.0


def test_suppression_primary_and_secondary():
    counts = np.array([[30, 12, 3, 9],   # total row
                       [20, 6, 3, 6],
                       [10, 6, 0, 3]])
    reasons = suppress(counts, 5, group_n=counts.sum(axis=1), total_row=0)
    shown = reasons == ""
    assert not shown[1, 2] and not shown[2, 2] and not shown[2, 3] and not shown[0, 2]
    # no line (row of the table, column over the groups) has exactly one hidden cell
    for g in range(3):
        assert (~shown[g]).sum() != 1
    for k in range(4):
        assert (~shown[1:, k]).sum() != 1
    # every shown count is at least 5
    assert (counts[shown] >= 5).all()


def test_suppression_small_group_hidden_entirely():
    counts = np.array([[40, 20], [38, 18], [2, 2]])
    reasons = suppress(counts, 5, group_n=counts.sum(axis=1), total_row=0)
    assert (reasons[2] == analysis.REASON_GROUP).all()
    # the total row stays; the other group's cells get secondary suppression per column
    assert (reasons[1] != "").all()


def test_multiple_choice_complement_rule():
    rows = ([{"neighbourhood": "A", "services_used": ["gp"]}] * 18
            + [{"neighbourhood": "A", "services_used": ["gp", "ldc"]}] * 2
            + [{"neighbourhood": "A", "services_used": ["ldc"]}] * 6)
    table = analysis.frequency_table(_data(rows), "services_used", by_neighbourhood=False).to_dict()
    cells = {c["category"]: c for c in table["rows"][0]["cells"]}
    assert cells["gp"]["count"] == 20 and cells["gp"]["percent"] == round(100 * 20 / 26, 1)
    assert cells["ldc"]["count"] == 8
    # 'none' chosen by 0 → hidden; all 26 answered, nobody left 'gp' out fewer than 5 times → shown
    assert cells["none"]["suppressed"]


def test_djg_scoring_by_hand():
    cases = [
        # e1,e2,e3 (yes/more_or_less score), s1,s2,s3 (no/more_or_less score) → emo, soc, total, cat
        (("no", "no", "no", "yes", "yes", "yes"), (0, 0, 0, "not_lonely")),
        (("yes", "more_or_less", "no", "yes", "more_or_less", "no"), (2, 2, 4, "moderate")),
        (("yes", "yes", "yes", "no", "no", "no"), (3, 3, 6, "severe")),
        (("no", "more_or_less", "no", "yes", "yes", "yes"), (1, 0, 1, "not_lonely")),
        (("yes", None, "yes", "no", "no", "yes"), (None, 2, 4, "moderate")),  # one missing: total allowed
        (("yes", None, None, "no", "no", "yes"), (None, 2, None, None)),  # two missing: no total
    ]
    for answers, (emo, soc, total, cat) in cases:
        row = dict(zip(["dj_e1", "dj_e2", "dj_e3", "dj_s1", "dj_s2", "dj_s3"], answers, strict=True))
        got = score_one(row)
        assert (got["djg_emotional"], got["djg_social"], got["djg_total"], got["djg_total_cat"]) == (emo, soc, total, cat)


def test_djg_vectorised_matches_one_by_one():
    rng = np.random.default_rng(3)
    opts = ["yes", "more_or_less", "no", None]
    frame = pd.DataFrame({c: rng.choice(opts, 200, p=[.3, .3, .3, .1]) for c in
                          ["dj_e1", "dj_e2", "dj_e3", "dj_s1", "dj_s2", "dj_s3"]})
    scores = djg_scores(frame)
    for i in range(0, 200, 17):
        one = score_one(frame.iloc[i].to_dict())
        assert one["djg_total"] == (None if pd.isna(scores["djg_total"].iloc[i]) else int(scores["djg_total"].iloc[i]))


def chi2_by_hand(obs):
    obs = np.asarray(obs, float)
    exp = np.outer(obs.sum(1), obs.sum(0)) / obs.sum()
    return float(((obs - exp) ** 2 / exp).sum())


def test_chi_square_against_closed_form():
    # 3×2 table → 2 degrees of freedom, where the chi-square survival function is exp(-x/2)
    obs = [[30, 10], [20, 20], [12, 28]]
    result = analysis.association_test(np.array(obs))
    x = chi2_by_hand(obs)
    assert result["test"] == "chi_square" and result["dof"] == 2
    assert result["statistic"] == pytest.approx(x)
    assert result["p_value"] == pytest.approx(math.exp(-x / 2), rel=1e-9)
    # 2×2 with large cells → 1 df, survival function erfc(sqrt(x/2)); no continuity correction
    obs2 = [[40, 20], [25, 35]]
    r2 = analysis.association_test(np.array(obs2))
    x2 = chi2_by_hand(obs2)
    assert r2["test"] == "chi_square" and r2["p_value"] == pytest.approx(math.erfc(math.sqrt(x2 / 2)), rel=1e-9)


def fisher_by_hand(table):
    (a, b), (c, d) = table
    r1, r2, c1, n = a + b, c + d, a + c, a + b + c + d
    def prob(x):
        return math.comb(r1, x) * math.comb(r2, c1 - x) / math.comb(n, c1)
    p_obs = prob(a)
    lo, hi = max(0, c1 - r2), min(r1, c1)
    return sum(prob(x) for x in range(lo, hi + 1) if prob(x) <= p_obs * (1 + 1e-7))


def test_fisher_for_small_2x2():
    table = [[8, 2], [1, 5]]
    result = analysis.association_test(np.array(table))
    assert result["test"] == "fisher_exact"
    assert result["p_value"] == pytest.approx(fisher_by_hand(table), rel=1e-9)


def test_monte_carlo_for_sparse_rxc():
    obs = np.array([[10, 1, 0], [2, 8, 1], [1, 1, 6]])
    result = analysis.association_test(obs, simulations=4000)
    assert result["test"] == "chi_square_monte_carlo"
    assert 0 < result["p_value"] < 0.01


def test_reference_comparison_z_and_verdict():
    # 20 of 42 vs 34.4 %: z = (p - p0) / sqrt(p0 (1 - p0) / n), two-sided p = erfc(|z| / sqrt 2)
    res = analysis.compare_with_reference(20, 42, 0.344, label="België")
    z = (20 / 42 - 0.344) / math.sqrt(0.344 * 0.656 / 42)
    assert res.test == "z_test"
    assert res.p_value == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), rel=1e-9)
    assert res.verdict == "no_clear_difference" and "België" in res.text("nl") and "toeval" in res.text("nl")
    big = analysis.compare_with_reference(200, 420, 0.344, label="België")
    assert big.verdict == "higher" and "hoger" in big.text("nl") and "higher" in big.text("en")
    # a count under the minimum is never compared (it would reveal the cell)
    assert analysis.compare_with_reference(3, 42, 0.02, label="België") is None


def test_exact_binomial_when_expected_small():
    res = analysis.compare_with_reference(6, 60, 0.02, label="België")
    assert res.test == "exact_binomial"
    # two-sided exact p by hand: sum of probabilities not above P(X = 6)
    pmf = [math.comb(60, x) * 0.02 ** x * 0.98 ** (60 - x) for x in range(61)]
    assert res.p_value == pytest.approx(sum(p for p in pmf if p <= pmf[6] * (1 + 1e-7)), rel=1e-6)


def test_breakdown_suppresses_and_tests():
    rows = ([{"happy_past_week": "always", "marital_status": "married"}] * 30
            + [{"happy_past_week": "never", "marital_status": "married"}] * 5
            + [{"happy_past_week": "always", "marital_status": "divorced"}] * 6
            + [{"happy_past_week": "never", "marital_status": "divorced"}] * 9
            + [{"happy_past_week": "often", "marital_status": "widowed"}] * 2)
    result = analysis.breakdown(_data(rows), "happy_past_week", "marital_status")
    table = result.to_dict()["table"]
    for row in table["rows"]:
        for cell in row["cells"]:
            assert cell["count"] is None or cell["count"] >= 5
    assert result.p_value is not None and result.n == 52


def test_raking_matches_margins_and_unweighted_kept():
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"sex": rng.choice(["female", "male"], 400, p=[.7, .3]),
                          "age_band": rng.choice(["16_24", "25_44", "65_74"], 400, p=[.2, .3, .5])})
    weights = analysis.rake(frame, {"sex": {"female": 51, "male": 49},
                                    "age_band": {"16_24": 20, "25_44": 50, "65_74": 30}})
    share_f = weights[frame.sex == "female"].sum() / weights.sum()
    share_old = weights[frame.age_band == "65_74"].sum() / weights.sum()
    assert share_f == pytest.approx(0.51, abs=1e-6) and share_old == pytest.approx(0.30, abs=1e-6)
    assert weights.mean() == pytest.approx(1.0)
    data = _data(frame.to_dict("records"))
    data.frame["weight"] = weights.to_numpy()
    weighted = analysis.frequency_table(data, "sex", weighted=True, by_neighbourhood=False).to_dict()
    plain = analysis.frequency_table(data, "sex", by_neighbourhood=False).to_dict()
    assert weighted["rows"][0]["cells"][0]["percent"] == pytest.approx(51.0, abs=0.05)
    assert plain["rows"][0]["cells"][0]["count"] == weighted["rows"][0]["cells"][0]["count"]  # counts unweighted


def test_free_text_needs_permission():
    from zorgzaam.messages import ZorgzaamError

    spec = build_questionnaire(["needs_open"], title_nl="T")
    data = ResponseData(spec, pd.DataFrame({"needs_open": ["Meer banken", None]}))
    with pytest.raises(ZorgzaamError):
        analysis.free_text_answers(data, "needs_open", can_see_free_text=False)
    assert analysis.free_text_answers(data, "needs_open", can_see_free_text=True) == ["Meer banken"]


def test_representativeness_and_campaign():
    rows = [{"age_band": "65_74"}] * 30 + [{"age_band": "25_44"}] * 10 + [{"age_band": "85plus"}] * 2
    table = analysis.compare_with_population(_data(rows), "age_band",
                                             {"25_44": 300, "65_74": 150, "85plus": 50})
    by = {r["category"]: r for r in table["rows"]}
    assert by["85plus"]["respondents"] is None and by["65_74"]["population_percent"] == 30.0
    visits = pd.DataFrame({"address": ["a", "a", "b", "c", "d", "e", "f", "g", "h", "i"],
                           "neighbourhood": ["N"] * 10,
                           "status": ["not_home", "completed", "completed", "completed", "completed", "completed",
                                      "refused", "not_home", "left_questionnaire", "completed"],
                           "date": pd.to_datetime(["2025-01-01", "2025-01-08"] + ["2025-01-02"] * 8)})
    rows = analysis.campaign_summary(visits)
    n_row = rows[0]
    assert n_row["addresses"] == 9 and n_row["completed"] == 6 and n_row["refused"] is None
    assert n_row["response_rate"] == round(6 / 9, 3)
