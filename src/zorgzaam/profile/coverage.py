"""What data do I have? Coverage of the stored measures, the indicators they make computable, and
what to import to fill a gap.

Plain module: no Django. Input is a list of :class:`DatasetInfo` (what a ``sources.models.Dataset`` row
says: name, whether it is a team's own, its values as a table with area_level, area_code, area_vintage,
period, measure) and the indicator catalogue. Output is a :class:`Coverage`:

* per **measure family** (population by age and sex, nationality, civil status, income, households …):
  which periods exist at which level and vintage, and for how many areas;
* per **indicator**: at which level it can be computed for which periods. An indicator is computable
  where all its measures exist (an age band also when the stored bands make it up exactly). Sector
  counts make every level computable (every area is a set of sectors); municipal counts also make the
  care zone, arrondissement, province and region computable (sums of their municipalities); counts
  stored for another level serve that level only; a published percentage, average or median serves
  only the areas it was published for;
* **gaps**: what is missing and what to import, with the ``zorgzaam data download`` name when the file
  can be downloaded (``statbel-population-2016``) and the ``zorgzaam import`` format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from zorgzaam.messages import gettext, gettext_noop
from zorgzaam.sources.measures import OPEN_END, is_summable, parse_age_band

# Levels a profile can be asked for, small to large.
TARGET_LEVELS = ("sector", "neighbourhood", "district", "submunicipality", "municipality", "carezone",
                 "arrondissement", "province", "region")
# Which target levels counts stored at a level can serve (sum of members, then divide).
SERVES = {
    "sector": TARGET_LEVELS,
    "municipality": ("municipality", "carezone", "arrondissement", "province", "region"),
}
LEVEL_WORDS = {
    "sector": gettext_noop("statistische sector"), "neighbourhood": gettext_noop("buurt"),
    "district": gettext_noop("wijk"), "submunicipality": gettext_noop("deelgemeente"),
    "municipality": gettext_noop("gemeente"), "carezone": gettext_noop("eerstelijnszone"),
    "arrondissement": gettext_noop("arrondissement"), "province": gettext_noop("provincie"),
    "region": gettext_noop("gewest"), "country": gettext_noop("land"),
}


@dataclass(frozen=True)
class Source:
    """Where a family's counts come from at one level: the import format, and the download name when
    the file can be fetched with ``zorgzaam data download`` (``{year}`` is filled in)."""

    level: str
    format: str
    download: str | None
    text: tuple[str, str]


@dataclass(frozen=True)
class Family:
    id: str
    label: tuple[str, str]
    sources: tuple[Source, ...] = ()

    def source_for(self, level: str) -> Source | None:
        return next((s for s in self.sources if s.level == level), None)


_STATBEL_POP = Source("municipality", "statbel-population", "statbel-population-{year}",
                      gettext_noop("het Statbel-bevolkingsbestand per gemeente (TF_SOC_POP_STRUCT)"))
_STATBEL_SECTORS = Source("sector", "statbel-sectors", "statbel-sectors-{year}",
                          gettext_noop("de Statbel-bevolking per statistische sector (OPENDATA_SECTOREN)"))
_SWING_SECTOR = Source("sector", "swing-upload", None,
                       gettext_noop("een export van Provincies in Cijfers per statistische sector"))
_SWING_MUNICIPALITY = Source("municipality", "swing-table", None,
                             gettext_noop("een export van Provincies in Cijfers per gemeente"))

FAMILIES: tuple[Family, ...] = (
    Family("population_age_sex", gettext_noop("Bevolking naar leeftijd en geslacht"),
           (_STATBEL_SECTORS, _STATBEL_POP)),
    Family("nationality_origin", gettext_noop("Nationaliteit en herkomst"),
           (_SWING_SECTOR, _STATBEL_POP)),  # origin at birth is not in the Statbel population file
    Family("civil_status", gettext_noop("Burgerlijke staat"), (_STATBEL_POP,)),
    Family("mobility", gettext_noop("Verhuizen en woonstabiliteit"),
           (_SWING_SECTOR, _SWING_MUNICIPALITY)),
    Family("households", gettext_noop("Huishoudens en alleenwonenden"),
           (_SWING_SECTOR, _SWING_MUNICIPALITY)),
    Family("housing", gettext_noop("Wonen (huren, eigendom, sociale woningen)"),
           (_SWING_SECTOR, _SWING_MUNICIPALITY)),
    Family("income", gettext_noop("Inkomen (fiscaal)"),
           (Source("municipality", "statbel-income", "statbel-income",
                   gettext_noop("het Statbel-bestand fiscale inkomens per gemeente")),
            _SWING_SECTOR)),
    Family("health_social", gettext_noop("Gezondheid en sociale bescherming (IMA)"),
           (Source("municipality", "ima", None, gettext_noop("een export van de IMA-atlas per gemeente")), _SWING_SECTOR)),
    Family("education", gettext_noop("Onderwijs"), (_SWING_SECTOR, _SWING_MUNICIPALITY)),
    Family("published", gettext_noop("Gepubliceerde percentages, gemiddelden en medianen"), (_SWING_MUNICIPALITY,)),
    Family("team", gettext_noop("Eigen tellingen van het team"),
           (Source("sector", "long", None, gettext_noop("je eigen tellingen per sector of buurt (CSV of Excel)")),)),
    Family("other", gettext_noop("Andere meetwaarden")),
)
FAMILY = {f.id: f for f in FAMILIES}

_RULES = (
    ("civil_status", re.compile(r"^population_civil_")),
    ("nationality_origin", re.compile(r"^population_(belgian|non_belgian|origin_|background_|nationality)")),
    ("mobility", re.compile(r"^(moves_|population_same_address)")),
    ("population_age_sex", re.compile(r"^population($|_male|_female|_age_)")),
    ("households", re.compile(r"^(households_(?!tenant|owner)|living_alone)")),
    ("housing", re.compile(r"^(households_(tenant|owner)|dwellings_)")),
    ("income", re.compile(r"^(income_|tax_returns_)|_eur$")),
    ("health_social", re.compile(r"^(insured|increased_reimbursement|replacement_income|antidepress)")),
    ("education", re.compile(r"^pupils_")),
)


def family_of(measure: str, team: bool = False) -> str:
    """The family of a measure id (a measure only a team's own datasets hold is the team's)."""
    if not is_summable(measure):
        return "published"
    for family, pattern in _RULES:
        if pattern.search(measure):
            return family
    return "team" if team else "other"


@dataclass
class DatasetInfo:
    name: str
    values: pd.DataFrame  # area_level, area_code, area_vintage, period, measure (value not needed)
    is_team: bool = False
    id: int | None = None


@dataclass
class Coverage:
    families: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    gaps: list[dict] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"periods": self.periods, "families": self.families, "indicators": self.indicators,
                "gaps": self.gaps}


# ------------------------------------------------------------------------------------------ helpers

def _bands(available: set[str]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for measure in available:
        band = parse_age_band(measure)
        if band is not None:
            out.setdefault(band.prefix, []).append((band.low, band.high if band.high is not None else OPEN_END))
    return out


def _tiles(bands: list[tuple[int, int]], low: int, high: int) -> bool:
    """Do some of ``bands`` cover low..high exactly, without overlap or gap?"""
    ends = {}
    for a, b in bands:
        if a >= low and b <= high:
            ends.setdefault(a, set()).add(b + 1)
    reached, frontier = set(), [low]
    while frontier:
        position = frontier.pop()
        if position == high + 1:
            return True
        if position in reached:
            continue
        reached.add(position)
        frontier.extend(ends.get(position, ()))
    return False


def has_measure(measure: str, available: set[str], bands: dict | None = None) -> bool:
    """``measure`` is stored, or made up exactly by stored age bands of its prefix (``population`` by a
    complete set of bands)."""
    if measure in available:
        return True
    bands = bands if bands is not None else _bands(available)
    band = parse_age_band(measure)
    if band is not None:
        return _tiles(bands.get(band.prefix, []), band.low, band.high if band.high is not None else OPEN_END)
    return _tiles(bands.get(measure, []), 0, OPEN_END)


def _word(msgid: str, lang: str) -> str:
    return gettext(msgid, lang)


def _ranges(periods: list[str]) -> str:
    """'2009–2015, 2018' for a list of years (other periods as they are)."""
    years = sorted({int(p) for p in periods if str(p).isdigit()})
    others = sorted(p for p in periods if not str(p).isdigit())
    parts, start, previous = [], None, None
    for year in years:
        if start is None:
            start = previous = year
        elif year == previous + 1:
            previous = year
        else:
            parts.append(f"{start}" if start == previous else f"{start}–{previous}")
            start = previous = year
    if start is not None:
        parts.append(f"{start}" if start == previous else f"{start}–{previous}")
    return ", ".join(parts + others)


def _missing_years(periods: list[str]) -> list[str]:
    years = sorted({int(p) for p in periods if str(p).isdigit()})
    if len(years) < 2:
        return []
    return [str(y) for y in range(years[0], years[-1] + 1) if y not in years]


# ------------------------------------------------------------------------------------------- the view

def coverage(datasets: list[DatasetInfo], catalogue, lang: str = "nl") -> Coverage:
    """The coverage of ``datasets`` (see the module text)."""
    parts = []
    for dataset in datasets:
        frame = dataset.values
        if frame is None or frame.empty:
            continue
        grouped = (frame.groupby(["area_level", "area_vintage", "period", "measure"], observed=True)["area_code"]
                   .nunique().reset_index(name="areas"))
        parts.append(grouped.assign(team=dataset.is_team, dataset=dataset.name))
    if not parts:
        table = pd.DataFrame(columns=["area_level", "area_vintage", "period", "measure", "areas", "team", "dataset"])
    else:
        table = pd.concat(parts, ignore_index=True)
    table = table.astype({"period": str, "area_vintage": str, "area_level": str, "measure": str})
    shared = set(table.loc[~table["team"].astype(bool), "measure"])
    table["family"] = [family_of(m, team=m not in shared) for m in table["measure"]]
    result = Coverage(periods=sorted(table["period"].unique().tolist()))

    # families: periods per level and vintage
    level_rank = {level: i for i, level in enumerate(TARGET_LEVELS + ("country",))}
    for family in FAMILIES:
        rows = table[table["family"] == family.id]
        if rows.empty:
            continue
        cells = []
        for (level, vintage), part in rows.groupby(["area_level", "area_vintage"]):
            periods = sorted(part["period"].unique().tolist())
            cells.append({"level": level, "level_label": _word(LEVEL_WORDS.get(level, level), lang),
                          "vintage": vintage, "periods": periods, "periods_text": _ranges(periods),
                          "areas": int(part.groupby("period")["areas"].max().max()),
                          "missing_years": _missing_years(periods)})
        cells.sort(key=lambda c: (level_rank.get(c["level"], 99), c["vintage"]))
        version = gettext("versie", lang)
        levels_text = ", ".join(f"{c['level_label']} ({version} {c['vintage']})" if c["vintage"] else c["level_label"]
                                for c in cells)
        result.families.append({
            "id": family.id, "label": _word(family.label, lang), "measures": int(rows["measure"].nunique()),
            "periods_text": _ranges(sorted(rows["period"].unique().tolist())), "levels_text": levels_text,
            "datasets": sorted(rows["dataset"].unique().tolist()), "coverage": cells})

    # what each level can use, per period: the measures of each source level
    by_source: dict[tuple[str, str], set[str]] = {}
    for (level, period), part in table.groupby(["area_level", "period"]):
        by_source[(level, period)] = set(part["measure"])
    bands_cache = {key: _bands(measures) for key, measures in by_source.items()}
    periods = result.periods

    def sources_for(target: str) -> list[str]:
        levels = {level for level, _ in by_source}
        return [s for s in ("sector", "municipality") if s in levels and target in SERVES[s]] + \
            ([target] if target in levels and target not in ("sector", "municipality") else [])

    for indicator in catalogue:
        if indicator.group:
            continue
        measures = sorted(indicator.measures())
        computable = []
        for target in TARGET_LEVELS:
            found: dict[str, list[str]] = {}
            candidates = [target] if not indicator.aggregable else sources_for(target)
            for source in candidates:
                for period in periods:
                    available = by_source.get((source, period))
                    if available and all(has_measure(m, available, bands_cache[(source, period)])
                                         for m in measures):
                        found.setdefault(period, []).append(source)
            if found:
                via = sorted({s for sources in found.values() for s in sources}, key=lambda s: level_rank.get(s, 99))
                computable.append({"level": target, "level_label": _word(LEVEL_WORDS[target], lang),
                                   "periods": sorted(found), "periods_text": _ranges(sorted(found)), "via": via})
        missing = sorted({m for m in measures if not any(
            has_measure(m, available, bands_cache[key]) for key, available in by_source.items())})
        summary: dict[str, list[str]] = {}  # the levels that share the same years, in words
        for cell in computable:
            summary.setdefault(cell["periods_text"], []).append(cell["level_label"])
        result.indicators.append({
            "id": indicator.id, "label": indicator.label(lang), "theme": indicator.theme,
            "measures": measures, "computable": computable, "missing_measures": missing,
            "summary": [{"levels": levels if len(levels) < len(TARGET_LEVELS) else
                         [gettext("elk niveau, van sector tot gewest", lang)],
                         "periods_text": text} for text, levels in summary.items()],
            "missing_families": sorted({family_of(m, team=indicator.is_team or indicator.theme == "team")
                                        for m in missing})})

    result.gaps = _gaps(result, lang)
    return result


def _suggestion(family: Family, level: str, years: list[str], lang: str) -> dict:
    source = family.source_for(level) or (family.sources[0] if family.sources else None)
    downloads = []
    if source is not None and source.download:
        downloads = ([source.download.format(year=y) for y in years] if "{year}" in source.download and years
                     else [source.download.replace("-{year}", "")])
    return {"format": source.format if source else None, "download": downloads,
            "level": source.level if source else level,
            "source": _word(source.text, lang) if source else "",
            "commands": ([f"zorgzaam data download {' '.join(downloads)}"] if downloads else []) +
                        ([gettext("zorgzaam import {format} BESTAND", lang).format(format=source.format)] if source else [])}


def _gaps(result: Coverage, lang: str) -> list[dict]:
    """What to import: missing years inside a family's series, a family without sector or municipal
    counts, and the families that no indicator can do without."""
    gaps = []
    present = {f["id"]: f for f in result.families}
    for family_row in result.families:
        family = FAMILY[family_row["id"]]
        for cell in family_row["coverage"]:
            if cell["missing_years"]:
                years = cell["missing_years"]
                item = _suggestion(family, cell["level"], years, lang)
                text = (gettext("{label}: de jaren {years} ontbreken op het niveau {level_label} "
                                "(versie {value}); importeer {source} van die jaren.", lang).format(label=family_row['label'], years=_ranges(years), level_label=cell['level_label'], value=cell['vintage'] or '–', source=item['source']))
                gaps.append({**item, "kind": "years", "family": family.id, "level": cell["level"], "years": years,
                             "text": text})
    if "population_age_sex" in present:
        levels = {c["level"] for c in present["population_age_sex"]["coverage"]}
        if "sector" not in levels:
            family = FAMILY["population_age_sex"]
            item = _suggestion(family, "sector", [], lang)
            text = (gettext("Er zijn geen bevolkingscijfers per statistische sector: buurten en "
                            "wijken kunnen niet berekend worden. Importeer {source}.", lang).format(source=item['source']))
            gaps.append({**item, "kind": "level", "family": family.id, "level": "sector", "years": [], "text": text})
    needed: dict[str, list[str]] = {}
    measures: dict[str, set[str]] = {}
    for indicator in result.indicators:
        if indicator["computable"]:
            continue
        for family_id in indicator["missing_families"]:
            needed.setdefault(family_id, []).append(indicator["label"])
            measures.setdefault(family_id, set()).update(
                m for m in indicator["missing_measures"] if family_of(m, team=family_id == "team") == family_id)
    for family_id, labels in needed.items():
        family = FAMILY.get(family_id, FAMILY["other"])
        source = family.sources[0] if family.sources else None  # the first source is the one to prefer
        item = _suggestion(family, source.level if source else "municipality", [], lang)
        shown = ", ".join(labels[:4]) + (" …" if len(labels) > 4 else "")
        missing = ", ".join(sorted(measures.get(family_id, ()))[:4])
        what = _word(family.label, lang)
        state = (gettext("nog geen gegevens", lang) if family_id not in present else
                 gettext("de meetwaarde(n) {missing} ontbreken", lang).format(missing=missing))
        text = gettext("{what}: {state}; daardoor kan je {count} cijfer(s) nog niet berekenen ({shown}). "
                       "Importeer {source}.", lang).format(
            what=what, state=state, count=len(labels), shown=shown,
            source=item["source"] or gettext("een bestand met deze tellingen", lang))
        gaps.append({"kind": "family", "family": family.id, "level": item["level"], "years": [], "text": text,
                     "indicators": labels, "measures": sorted(measures.get(family_id, ())), **item})
    return gaps
