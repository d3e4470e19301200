"""The population a survey speaks for, from the profile's counts (no Django): residents per age band and
sex in the survey's sectors, in the categories of the item bank's background questions. Used for the
representativeness statement and, as an option, for weighting (raking) the answers.

Counts come as a tidy table (``measure``, ``value``) of Statbel five-year bands
``population_<sex>_age_<low>_<high>``; the bank's youngest band starts at 16, so four fifths of the
15–19 band are counted (the same assumption as the demo's number of eligible residents)."""

from __future__ import annotations

import re

import pandas as pd

# item-bank age band -> (low, high) in years, inclusive
AGE_BANDS = {"16_24": (16, 24), "25_44": (25, 44), "45_64": (45, 64), "65_74": (65, 74), "75_84": (75, 84),
             "85plus": (85, 999)}
SEXES = {"female": "female", "male": "male"}
_MEASURE = re.compile(r"^population_(female|male)_age_(\d{3})_(\d{3})$")


def _overlap(low: int, high: int, band_low: int, band_high: int) -> float:
    """Share of the five-year band low–high that falls in band_low–band_high (years as whole units)."""
    if high >= 999:  # the open top band (e.g. 100+) lies entirely in the band that holds its start
        return 1.0 if band_low <= low <= band_high else 0.0
    inside = max(0, min(high, band_high) - max(low, band_low) + 1)
    return inside / (high - low + 1)


def population_margins(values: pd.DataFrame) -> dict[str, dict[str, float]]:
    """``{"age_band": {...}, "sex": {...}}`` counts of residents aged 16+ from sex × age band counts.
    Empty dict when the counts are missing."""
    if values is None or values.empty:
        return {}
    ages = dict.fromkeys(AGE_BANDS, 0.0)
    sexes = dict.fromkeys(SEXES, 0.0)
    found = False
    for measure, value in zip(values["measure"], values["value"], strict=True):
        match = _MEASURE.match(str(measure))
        if not match or value != value:
            continue
        sex, low, high = match.group(1), int(match.group(2)), int(match.group(3))
        for band, (band_low, band_high) in AGE_BANDS.items():
            share = _overlap(low, high, band_low, band_high)
            if share:
                ages[band] += share * float(value)
                sexes[sex] += share * float(value)
                found = True
    if not found:
        return {}
    return {"age_band": ages, "sex": sexes}
