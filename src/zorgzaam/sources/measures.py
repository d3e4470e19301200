"""The measure vocabulary: how measure ids are written (plain module, no Django).

A measure id is lower-case ASCII: letters, digits and underscores, starting with a letter.
Every importer writes ids in this vocabulary so the profile engine can read them back.

Population (persons on the reference date), from Statbel population files and Census tables::

    population                          all residents
    population_male / population_female
    population_age_AAA_BBB              residents aged AAA..BBB years inclusive (3 digits each)
    population_male_age_AAA_BBB         the same, men only (female: population_female_age_...)
    population_belgian / population_non_belgian
    population_civil_never_married | _married | _widowed | _divorced | _separated

Age bands always carry both bounds, zero-padded to three digits. A single year of age is a band of
one year (``population_age_053_053``); the open-ended top band uses 999 as its upper bound
(``population_age_100_999`` = 100 years and older; ``population_age_065_999`` = 65+). Statbel's
population structure files give single years 0..99 and 100+, so an importer writes 101 bands per
area; any wider band (65–69, 80+, 40–79) is the sum of the single-year bands inside it, which
:func:`bands_within` lists.

Fiscal income (TF_PSNL_INC_TAX_MUNTY): sums in euro end in ``_eur``; the matching counts of tax
returns end in ``_count``. Averages are never stored: they are rebuilt as sum / count after
summing both over the areas wanted (see :data:`STATBEL_INCOME`).

Suffixes that tell what a value is (:func:`measure_kind`):

    _pct     a published percentage (0..100). Not a count: never summed over areas.
    _rate    another published ratio (per 1,000, a coefficient). Never summed.
    _avg / _median   a published average or median. Never summed.
    _eur     an amount in euro (summable).
    anything else    a count of persons, households, returns, services ... (summable, never negative)

A team's own measures (generic CSV/XLSX) get their id from the column name or from a mapping, made
valid by :func:`slug`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

MEASURE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
OPEN_END = 999
TOP_SINGLE_AGE = 100  # Statbel's last age class is "100 and older"

SEXES = {"M": "male", "F": "female"}
NATIONALITIES = {"BEL": "belgian", "ETR": "non_belgian"}
CIVIL_STATUSES = {
    "10": "never_married",
    "20": "married",
    "30": "widowed",
    "40": "divorced",
    "50": "separated",
}
# Civil-status codes of every published Statbel layout -> the codes above (see sources.statbel):
# the older files use 10..40, the current layout (CD_REFNIS header) 1..4 for the same states.
CIVIL_STATUS_CODES = {**{code: code for code in CIVIL_STATUSES}, "1": "10", "2": "20", "3": "30", "4": "40"}

NOT_SUMMABLE_SUFFIXES = ("_pct", "_rate", "_avg", "_median")

_BAND_RE = re.compile(r"^(?P<prefix>[a-z][a-z0-9_]*?)_age_(?P<low>\d{3})_(?P<high>\d{3})$")

# Fiscal income by municipality: Statbel column -> measure id. Sums in euro (_eur), counts (_count).
STATBEL_INCOME: dict[str, str] = {
    "MS_NBR_NON_ZERO_INC": "tax_returns_nonzero_income_count",
    "MS_NBR_ZERO_INC": "tax_returns_zero_income_count",
    "MS_TOT_NET_TAXABLE_INC": "income_net_taxable_eur",
    "MS_TOT_NET_INC": "income_net_total_eur",
    "MS_NBR_TOT_NET_INC": "income_net_total_count",
    "MS_REAL_ESTATE_NET_INC": "income_real_estate_eur",
    "MS_NBR_REAL_ESTATE_NET_INC": "income_real_estate_count",
    "MS_TOT_NET_MOV_ASS_INC": "income_movable_assets_eur",
    "MS_NBR_NET_MOV_ASS_INC": "income_movable_assets_count",
    "MS_TOT_NET_VARIOUS_INC": "income_various_eur",
    "MS_NBR_NET_VARIOUS_INC": "income_various_count",
    "MS_TOT_NET_PROF_INC": "income_professional_eur",
    "MS_NBR_NET_PROF_INC": "income_professional_count",
    "MS_SEP_TAXABLE_INC": "income_separately_taxed_eur",
    "MS_NBR_SEP_TAXABLE_INC": "income_separately_taxed_count",
    "MS_JOINT_TAXABLE_INC": "income_jointly_taxed_eur",
    "MS_NBR_JOINT_TAXABLE_INC": "income_jointly_taxed_count",
    "MS_TOT_DEDUCT_SPEND": "deductible_spending_eur",
    "MS_NBR_DEDUCT_SPEND": "deductible_spending_count",
    "MS_TOT_STATE_TAXES": "tax_state_eur",
    "MS_NBR_STATE_TAXES": "tax_state_count",
    "MS_TOT_MUNICIP_TAXES": "tax_municipal_eur",
    "MS_NBR_MUNICIP_TAXES": "tax_municipal_count",
    "MS_TOT_SUBURBS_TAXES": "tax_agglomeration_eur",
    "MS_NBR_SUBURBS_TAXES": "tax_agglomeration_count",
    "MS_TOT_TAXES": "tax_total_eur",
    "MS_NBR_TOT_TAXES": "tax_total_count",
    "MS_TOT_RESIDENTS": "residents_tax_statistics",
}


@dataclass(frozen=True)
class AgeBand:
    """An age band of a measure id: ``prefix`` (e.g. 'population', 'population_male'), bounds inclusive;
    ``high`` is None for an open-ended band."""

    prefix: str
    low: int
    high: int | None

    @property
    def measure(self) -> str:
        return age_measure(self.low, self.high, self.prefix)

    def contains(self, other: AgeBand) -> bool:
        top = self.high if self.high is not None else OPEN_END
        other_top = other.high if other.high is not None else OPEN_END
        return self.prefix == other.prefix and self.low <= other.low and other_top <= top


def age_measure(low: int, high: int | None = None, prefix: str = "population") -> str:
    """``age_measure(65, 69)`` → 'population_age_065_069'; ``high=None`` gives the open band (…_999)."""
    top = OPEN_END if high is None else high
    if not (0 <= low <= top <= OPEN_END):
        raise ValueError(f"invalid age band {low}..{high}")
    return f"{prefix}_age_{low:03d}_{top:03d}"


def single_age_measure(age: int, prefix: str = "population") -> str:
    """The band of one year of age; ages from 100 up fall in the open band 100+."""
    if age >= TOP_SINGLE_AGE:
        return age_measure(TOP_SINGLE_AGE, None, prefix)
    return age_measure(age, age, prefix)


@functools.lru_cache(maxsize=65536)
def parse_age_band(measure: str) -> AgeBand | None:
    """'population_male_age_065_069' → AgeBand('population_male', 65, 69); None when it is no band."""
    match = _BAND_RE.match(measure)
    if not match:
        return None
    low, high = int(match["low"]), int(match["high"])
    if high < low:
        return None
    return AgeBand(match["prefix"], low, None if high == OPEN_END else high)


def bands_within(measures: list[str], low: int, high: int | None, prefix: str = "population") -> list[str]:
    """The age-band measures of ``measures`` (same prefix) lying wholly in low..high (None: open)."""
    wanted = AgeBand(prefix, low, high)
    out = []
    for measure in measures:
        band = parse_age_band(measure)
        if band is not None and wanted.contains(band):
            out.append(measure)
    return out


def measure_kind(measure: str) -> str:
    """'pct', 'rate', 'avg', 'median', 'eur' or 'count' (see the module docstring)."""
    for suffix in NOT_SUMMABLE_SUFFIXES + ("_eur",):
        if measure.endswith(suffix):
            return suffix[1:]
    return "count"


def is_summable(measure: str) -> bool:
    """Counts and euro sums add up over areas; percentages, ratios, averages and medians do not."""
    return not measure.endswith(NOT_SUMMABLE_SUFFIXES)


def may_be_negative(measure: str) -> bool:
    """Counts (and euro sums of income) cannot be negative; published ratios may (e.g. a change)."""
    return measure.endswith(NOT_SUMMABLE_SUFFIXES)


def is_valid_measure(measure: str) -> bool:
    return bool(MEASURE_RE.match(measure))


def slug(text: str) -> str:
    """A valid measure id from a column header: 'Inwoners Buurtgroen (%)' → 'inwoners_buurtgroen'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text:
        return "measure"
    if not text[0].isalpha():
        text = "m_" + text
    return text


def looks_like_percentage(header: str) -> bool:
    """Does a column header announce a percentage or ratio rather than a count?"""
    lowered = str(header).lower()
    return ("%" in lowered or lowered.startswith(("prop_", "pct_", "perc_", "ratio", "aandeel"))
            or any(word in lowered for word in ("percent", "procent", "aandeel", "ratio", "gemiddeld",
                                                "mediaan", "average", "median")))


def rate_measure(measure: str, header: str = "") -> str:
    """Give a measure id the suffix that marks it as not summable (keeps an existing one)."""
    if measure.endswith(NOT_SUMMABLE_SUFFIXES):
        return measure
    lowered = header.lower()
    if "mediaan" in lowered or "median" in lowered:
        return measure + "_median"
    if "gemiddeld" in lowered or "average" in lowered:
        return measure + "_avg"
    if "%" in lowered or "percent" in lowered or "procent" in lowered or lowered.startswith(("prop_", "pct")):
        return measure + "_pct"
    return measure + "_rate"
