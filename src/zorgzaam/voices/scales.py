"""Scale scores (no Django). The loneliness short scale of De Jong Gierveld & Van Tilburg (2006).

Six items, answered yes / more or less / no: three *emotional* items (``dj_e1..3``, worded as a lack)
and three *social* items (``dj_s1..3``, worded positively). Published dichotomous scoring:

* emotional item: "yes" or "more or less" scores 1, "no" scores 0;
* social item: "no" or "more or less" scores 1, "yes" scores 0.

Emotional and social sub-scores (0–3) need all three items of the sub-scale; the total (0–6) is the
number of scoring answers and needs at least five of the six items (one missing item is allowed, as in
the authors' manual). Usual categories of the total: 0–1 not lonely, 2–4 moderately lonely, 5–6
severely lonely; a sub-score of 1 or more counts as emotionally/socially lonely.

The item ids are those of the item bank; a team that uses other codes passes its own mapping.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zorgzaam.messages import gettext_noop

EMOTIONAL = ("dj_e1", "dj_e2", "dj_e3")
SOCIAL = ("dj_s1", "dj_s2", "dj_s3")
SCORING_ANSWERS = {"emotional": ("yes", "more_or_less"), "social": ("no", "more_or_less")}
TOTAL_CATEGORIES = (("not_lonely", 0, 1), ("moderate", 2, 4), ("severe", 5, 6))
CATEGORY_LABELS = {
    "not_lonely": gettext_noop("Niet eenzaam (0–1)"),
    "moderate": gettext_noop("Matig eenzaam (2–4)"),
    "severe": gettext_noop("Ernstig eenzaam (5–6)"),
    "lonely": gettext_noop("Eenzaam (1–3)"),
    "not": gettext_noop("Niet eenzaam (0)"),
}


@dataclass(frozen=True)
class DJGItems:
    emotional: tuple[str, str, str] = EMOTIONAL
    social: tuple[str, str, str] = SOCIAL


def _item_scores(values: pd.Series, scoring: tuple[str, ...]) -> np.ndarray:
    """1.0 / 0.0 per answer, NaN when missing or not one of yes / more_or_less / no."""
    text = values.astype("object")
    known = text.isin(["yes", "more_or_less", "no"]).to_numpy()
    scores = text.isin(list(scoring)).to_numpy().astype(float)
    scores[~known] = np.nan
    return scores


def djg_scores(frame: pd.DataFrame, items: DJGItems | None = None) -> pd.DataFrame:
    """Per respondent (same index as ``frame``): ``djg_emotional`` (0–3), ``djg_social`` (0–3),
    ``djg_total`` (0–6) as nullable integers, and the categories ``djg_total_cat`` (not_lonely /
    moderate / severe), ``djg_emotional_cat`` and ``djg_social_cat`` (not / lonely)."""
    items = items or DJGItems()
    emo = np.column_stack([_item_scores(frame[c] if c in frame else pd.Series(index=frame.index, dtype=object),
                                        SCORING_ANSWERS["emotional"]) for c in items.emotional])
    soc = np.column_stack([_item_scores(frame[c] if c in frame else pd.Series(index=frame.index, dtype=object),
                                        SCORING_ANSWERS["social"]) for c in items.social])
    both = np.hstack([emo, soc])
    emo_score = np.where(np.isnan(emo).any(axis=1), np.nan, np.nansum(emo, axis=1))
    soc_score = np.where(np.isnan(soc).any(axis=1), np.nan, np.nansum(soc, axis=1))
    total = np.where(np.isnan(both).sum(axis=1) > 1, np.nan, np.nansum(both, axis=1))
    out = pd.DataFrame({
        "djg_emotional": pd.array(emo_score, dtype="Int64"),
        "djg_social": pd.array(soc_score, dtype="Int64"),
        "djg_total": pd.array(total, dtype="Int64"),
    }, index=frame.index)
    out["djg_total_cat"] = [total_category(v) for v in total]
    out["djg_emotional_cat"] = [_sub_category(v) for v in emo_score]
    out["djg_social_cat"] = [_sub_category(v) for v in soc_score]
    return out


def total_category(total: float) -> str | None:
    if total is None or (isinstance(total, float) and np.isnan(total)):
        return None
    for name, low, high in TOTAL_CATEGORIES:
        if low <= total <= high:
            return name
    return None


def _sub_category(value: float) -> str | None:
    if value is None or np.isnan(value):
        return None
    return "lonely" if value >= 1 else "not"


def score_one(answers: dict[str, str], items: DJGItems | None = None) -> dict:
    """The scores of one respondent, e.g. for the respondent's own export."""
    frame = pd.DataFrame([answers])
    row = djg_scores(frame, items).iloc[0]
    return {k: (None if pd.isna(v) else (int(v) if not isinstance(v, str) else v)) for k, v in row.items()}
