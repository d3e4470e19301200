"""The fictional demo municipality Overbos: a seeded, deterministic generator (plain module, no Django).

Nothing here is real. Overbos (NIS-like code ``99001``) and its neighbour Heidebeek (``99002``) do not
exist; every code starts with ``99`` or ``elz99`` so it cannot clash with a real NIS code, every area
and dataset carries ``source = "Fictief (Zorgzaam demo)"`` and ``is_fictional = True``, and the
larger areas carry "(fictief)" in their name.

What is generated (``generate_demo(seed)`` → :class:`DemoData`):

* Areas (``areas.frames`` shapes, EPSG:31370, vintage ``2025``), placed in the Kempen:
  Overbos with about 20 statistical sectors (Voronoi cells of seeded points clipped to a seeded
  outline, so they tile the municipality without gaps or overlaps), 4 wijken and 2 deelgemeenten
  (unions of whole sectors), the neighbour Heidebeek (7 sectors, 2 wijken, 1 deelgemeente), the care
  zone "Zorgzone Overbos-Heide" holding both, a fictional arrondissement, province (Demoprovincie) and
  region (Demogewest), and per municipality the not-locatable pseudo-sector ``…ZZZZ`` (no geometry).
  Links are flat: every sector has a row for each level above it.
* Official-like counts per sector, with ids in the vocabulary of ``sources.measures`` (``official``, shared by all workspaces) plus the same measures for
  the province and region as a whole (they also hold municipalities the demo does not draw):

  ======================================  ==================================================  =========
  measure                                 meaning                                              periods
  ======================================  ==================================================  =========
  population                              residents on 1 January                               2020–2025
  population_male / population_female     by sex                                               2020–2025
  population_age_LLL_HHH                  by 5-year age band 000_004 … 095_099, 100_999 (100+) 2020–2025
  population_{male,female}_age_LLL_HHH    by sex × age band                                    2020–2025
  households_total                        private households                                   2020–2025
  households_single_person                one-person households                                2020–2025
  households_couple_no_children           couples without children                             2020–2025
  households_couple_with_children         couples with child(ren)                              2020–2025
  households_single_parent                single parent with at least one minor child          2020–2025
  households_other                        other household types                                2020–2025
  living_alone_age_018_064                persons aged 18–64 living alone                      2020–2025
  living_alone_age_075_999                persons aged 75+ living alone                        2020–2025
  households_tenant / households_owner    households renting / owning their home               2020–2025
  dwellings_social_rental                 social rental dwellings                              2020–2025
  tax_returns_nonzero_income_count        tax declarations with income (income year)           2018–2022
  tax_returns_zero_income_count           tax declarations with zero income                    2018–2022
  income_net_taxable_eur                  sum of net taxable income, euro (average = eur /     2018–2022
                                          all declarations, rebuilt after summing)
  income_net_taxable_median               median net taxable income, euro — NOT aggregable     2018–2022
  population_origin_belgian               Belgian nationality at birth                         2020–2025
  population_origin_non_belgian           non-Belgian nationality at birth                     2020–2025
  increased_reimbursement_age_020_064     persons 20–64 with increased reimbursement (BIM)     2020–2025
  population_age_018_064                  residents aged 18–64 (denominator of living alone)   2020–2025
  moves_in / moves_out                    persons who moved in / out during the year           2020–2025
  population_same_address_as_last_year    residents at the same address as a year before       2020–2025
  insured, insured_age_065_999            people in the health insurance (IMA-like)            2020–2025
  insured_chronic_condition               insured with a chronic condition status              2020–2025
  insured_antidepressants                 insured with an antidepressant prescription          2020–2025
  replacement_income_age_065_999          65+ with income guarantee / living wage              2020–2025
  pupils_primary(_low_educated_mother)    primary pupils (with a low-educated mother)          2020–2025
  population_background_non_belgian       residents of non-Belgian origin                      2020–2025
  ======================================  ==================================================  =========

  Municipality and care-zone totals are published as well (summed before small sectors are hidden), as
  a statistics office publishes figures for whole areas.

* The team's own administrative counts (``team``, stored in the demo workspace):
  ``ocmw_support_persons`` — persons the OCMW supported during the year, per sector, 2020–2024.

Sector profiles give realistic variation: a centre, villages, an older sector with a care home, a
young new-housing sector, a low-income sector, rural sectors and an industrial zone with a handful of
residents (small cells there are suppressed: NaN, never zero). The not-locatable sector holds a few
residents, with only population by sex known. Populations grow over the years (fast in the
new-housing sector) and age slowly.

To extend the demo (facilities, surveys, plans), add a function that takes the :class:`DemoData` (its
``sectors`` table holds each sector's profile, geometry and seeded position) and returns its own frames;
keep it seeded from ``DemoData.seed`` so the demo stays deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
import shapely.geometry
import shapely.ops
from shapely.geometry import MultiPoint, Polygon
from shapely.ops import unary_union

from zorgzaam.areas.frames import area_frame, link_frame
from zorgzaam.areas.levels import Level
from zorgzaam.messages import Problem, gettext_noop, register
from zorgzaam.sources.frames import value_frame

register({"demo_data_note": gettext_noop(
    "Fictieve gemeente Overbos en buurgemeente Heidebeek; alle cijfers zijn verzonnen.")})

SOURCE = "Fictief (Zorgzaam demo)"
VINTAGE = "2025"
DEFAULT_SEED = 20250101
YEARS = [str(y) for y in range(2020, 2026)]
INCOME_YEARS = [str(y) for y in range(2018, 2023)]
TEAM_YEARS = [str(y) for y in range(2020, 2025)]

MUNICIPALITY = "99001"
NEIGHBOUR = "99002"
CARE_ZONE = "elz9901"
ARRONDISSEMENT = "99000"
PROVINCE = "99100"
REGION = "9900"

# 5-year age bands, the last one open (hi = 999)
AGE_BANDS: list[tuple[int, int]] = [(lo, lo + 4) for lo in range(0, 100, 5)] + [(100, 999)]


def band_id(lo: int, hi: int) -> str:
    return f"{lo:03d}_{hi:03d}"


def age_measure(lo: int, hi: int, sex: str | None = None) -> str:
    """``population_age_065_069`` or ``population_female_age_065_069``."""
    return f"population_{sex}_age_{band_id(lo, hi)}" if sex else f"population_age_{band_id(lo, hi)}"


# A Flemish-like age pyramid (share per band) to start from; profiles bend it.
_BASE_AGE = np.array([5.0, 5.3, 5.6, 5.5, 5.6, 6.0, 6.3, 6.4, 6.4, 6.6, 7.0, 7.1, 6.7, 6.0, 5.3,
                      4.4, 3.2, 2.3, 1.3, 0.45, 0.05])
# share of women per band (rises with age)
_FEMALE_SHARE = np.array([0.488, 0.488, 0.488, 0.49, 0.49, 0.495, 0.497, 0.497, 0.498, 0.499, 0.5, 0.5,
                          0.505, 0.51, 0.52, 0.535, 0.56, 0.6, 0.66, 0.74, 0.82])


@dataclass(frozen=True)
class Profile:
    """How a kind of sector differs from the average."""

    name: str
    young: float = 1.0  # weight on 0–14 and 30–44
    old: float = 1.0  # weight on 65+
    growth: float = 0.004  # yearly population growth
    care_home_beds: int = 0
    income: float = 1.0  # relative income level
    tenants: float = 0.25  # share of households renting
    social_rental: float = 0.05  # social rental dwellings per household
    non_belgian: float = 0.08  # share with non-Belgian nationality at birth
    single_person: float = 0.31
    single_parent: float = 0.07


PROFILES = {
    "centre": Profile("centre", young=0.95, old=1.15, tenants=0.38, social_rental=0.09, non_belgian=0.13,
                      single_person=0.40, single_parent=0.08),
    "village": Profile("village", tenants=0.18, social_rental=0.03, non_belgian=0.06, single_person=0.27),
    "older_care_home": Profile("older_care_home", young=0.7, old=1.8, growth=0.002, care_home_beds=96,
                               income=0.95, tenants=0.22, social_rental=0.04, non_belgian=0.05,
                               single_person=0.36, single_parent=0.05),
    "new_housing": Profile("new_housing", young=1.6, old=0.45, growth=0.045, income=1.2, tenants=0.22,
                           social_rental=0.02, non_belgian=0.09, single_person=0.22, single_parent=0.06),
    "low_income": Profile("low_income", young=1.2, old=0.9, growth=0.006, income=0.72, tenants=0.55,
                          social_rental=0.28, non_belgian=0.27, single_person=0.38, single_parent=0.14),
    "rural": Profile("rural", young=0.9, old=1.1, growth=-0.002, income=1.05, tenants=0.1,
                     social_rental=0.0, non_belgian=0.04, single_person=0.24, single_parent=0.04),
    "industrial": Profile("industrial", young=0.8, old=0.8, growth=0.0, income=0.9, tenants=0.5,
                          social_rental=0.0, non_belgian=0.15, single_person=0.5, single_parent=0.05),
    "average": Profile("average", tenants=0.28, social_rental=0.06, non_belgian=0.12, single_person=0.33),
}

# Fictional names, in the order the sectors are coded.
_OVERBOS_NAMES = ["Overbos-Centrum", "Kerkveld", "Molenhoek", "Heikant", "Bosrand", "Nieuwe Velden",
                  "Zandberg", "Vennestraat", "Rooierheide", "Brulen", "Hoogbuul", "Leemputten",
                  "Witte Bergen", "Schuurhoven", "Dorpsakker", "Ekelstraat", "Sluisveld", "Meerhoven",
                  "Broekzijde", "Kapelhoek-Kern", "Kapelhoek-Heide", "Bedrijvenzone De Vaart"]
_HEIDEBEEK_NAMES = ["Heidebeek-Centrum", "Beekstraat", "Lindehoek", "Galgenberg", "Vossenhol", "Hazenpad",
                    "Ooievaarsnest"]


@dataclass
class DemoData:
    """Everything the demo generator makes. ``sectors`` is a working table (code, municipality, name,
    profile, geometry, district, submunicipality, base_population) for generators that build on it."""

    seed: int
    areas: pd.DataFrame
    links: pd.DataFrame
    official: pd.DataFrame
    team: pd.DataFrame
    sectors: pd.DataFrame
    notes: dict = field(default_factory=dict)

    def sector_codes(self, municipality: str = MUNICIPALITY, locatable_only: bool = False) -> list[str]:
        rows = self.sectors[self.sectors["municipality"] == municipality]
        if locatable_only:
            rows = rows[rows["geometry"].notna()]
        return rows["code"].tolist()


# ---------------------------------------------------------------------------------------------- geometry

def _blob(rng: np.random.Generator, cx: float, cy: float, rx: float, ry: float, points: int = 28,
          wobble: float = 0.07) -> Polygon:
    """A smooth irregular outline around (cx, cy)."""
    angles = np.linspace(0, 2 * np.pi, points, endpoint=False)
    phase = rng.uniform(0, 2 * np.pi, 3)
    radius = 1 + wobble * (np.sin(2 * angles + phase[0]) + 0.6 * np.sin(3 * angles + phase[1])
                           + 0.4 * np.sin(5 * angles + phase[2]))
    xs = cx + rx * radius * np.cos(angles)
    ys = cy + ry * radius * np.sin(angles)
    return shapely.set_precision(Polygon(zip(xs, ys, strict=True)), 0.01)


def _seed_points(rng: np.random.Generator, outline: Polygon, count: int, min_gap: float) -> list:
    """Seeded points inside ``outline``, at least ``min_gap`` apart (simple dart throwing)."""
    minx, miny, maxx, maxy = outline.bounds
    inner = outline.buffer(-min_gap * 0.35)
    points: list = []
    tries = 0
    while len(points) < count:
        tries += 1
        if tries > 50000:
            raise RuntimeError("could not place demo sector points")
        p = shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if inner.contains(p) and all(p.distance(q) >= min_gap for q in points):
            points.append(p)
    return points


def _cells(outline: Polygon, points: list) -> list[Polygon]:
    """Voronoi cells of ``points`` clipped to ``outline``; stray fragments join their longest neighbour,
    so the result tiles the outline with one polygon per point."""
    envelope = outline.buffer(5000).envelope
    voronoi = shapely.voronoi_polygons(MultiPoint(points), extend_to=envelope)
    raw = list(voronoi.geoms)
    cells: list = [None] * len(points)
    for cell in raw:
        for i, p in enumerate(points):
            if cells[i] is None and cell.contains(p):
                cells[i] = cell
                break
    clipped = [shapely.intersection(c, outline, grid_size=0.01) for c in cells]
    fragments = []
    for i, geom in enumerate(clipped):
        if geom.geom_type == "MultiPolygon":
            parts = sorted(geom.geoms, key=lambda g: g.area, reverse=True)
            clipped[i] = parts[0]
            fragments += parts[1:]
    for fragment in fragments:
        best = max(range(len(clipped)), key=lambda j: clipped[j].boundary.intersection(fragment.boundary).length)
        clipped[best] = shapely.union(clipped[best], fragment, grid_size=0.01)
    return clipped


def _adjacency(geoms: list) -> dict[int, set[int]]:
    neighbours: dict[int, set[int]] = {i: set() for i in range(len(geoms))}
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            if geoms[i].boundary.intersection(geoms[j].boundary).length > 1.0:
                neighbours[i].add(j)
                neighbours[j].add(i)
    return neighbours


def _grow_regions(neighbours: dict[int, set[int]], seeds: list[int], sizes: list[int] | None = None) -> list[int]:
    """Contiguous regions grown breadth-first, in turns, from ``seeds``; returns a label per unit."""
    label = {s: k for k, s in enumerate(seeds)}
    frontier = [[s] for s in seeds]
    count = [1] * len(seeds)
    while len(label) < len(neighbours):
        grown = False
        for k in range(len(seeds)):
            if sizes and count[k] >= sizes[k] and any(f for j, f in enumerate(frontier) if j != k):
                continue
            candidates = sorted({n for u in frontier[k] for n in neighbours[u] if n not in label})
            if candidates:
                unit = candidates[0]
                label[unit] = k
                frontier[k].append(unit)
                count[k] += 1
                grown = True
        if not grown:
            # units not reachable from any seed go to their first labelled neighbour (cannot happen for a tiling)
            rest = [u for u in neighbours if u not in label]
            for u in rest:
                label[u] = next((label[n] for n in neighbours[u] if n in label), 0)
    return [label[i] for i in range(len(neighbours))]


# ----------------------------------------------------------------------------------------------- areas

def _build_areas(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # One outline tiled by Voronoi cells; the two municipalities are contiguous groups of whole cells, so
    # they share their boundary exactly.
    whole = _blob(rng, 212000.0, 214000.0, 9000.0, 4200.0, wobble=0.05)
    n_overbos, n_heidebeek = len(_OVERBOS_NAMES), len(_HEIDEBEEK_NAMES)
    points = _seed_points(rng, whole, n_overbos + n_heidebeek, 1150.0)
    points.sort(key=lambda p: (round(p.x / 2500), p.y))  # west → east, so codes read naturally
    all_cells = _cells(whole, points)
    all_neighbours = _adjacency(all_cells)
    west = min(range(len(points)), key=lambda i: points[i].x)
    east = max(range(len(points)), key=lambda i: points[i].x)
    municipality_of = _grow_regions(all_neighbours, [east, west], sizes=[n_heidebeek, n_overbos])
    overbos = shapely.union_all([c for c, m in zip(all_cells, municipality_of, strict=True) if m == 1],
                                grid_size=0.01)
    heidebeek = shapely.union_all([c for c, m in zip(all_cells, municipality_of, strict=True) if m == 0],
                                  grid_size=0.01)

    rows = []
    for code, label in ((MUNICIPALITY, 1), (NEIGHBOUR, 0)):
        cells = [c for c, m in zip(all_cells, municipality_of, strict=True) if m == label]
        neighbours = _adjacency(cells)
        if code == MUNICIPALITY:
            n_districts, n_subs = 4, 2
        else:
            n_districts, n_subs = 2, 1
        district_seeds = _spread_seeds(cells, n_districts)
        district = _grow_regions(neighbours, district_seeds)
        # sub-municipalities: unions of whole wijken (grown over the wijk adjacency)
        wijk_geoms = [unary_union([c for c, d in zip(cells, district, strict=True) if d == k])
                      for k in range(n_districts)]
        wijk_sub = _grow_regions(_adjacency(wijk_geoms), _spread_seeds(wijk_geoms, n_subs)) if n_subs > 1 \
            else [0] * n_districts
        for i, cell in enumerate(cells):
            rows.append({"municipality": code, "index": i, "geometry": cell,
                         "district": district[i], "submunicipality": wijk_sub[district[i]]})
    sectors = pd.DataFrame(rows)
    sectors["profile"] = _assign_profiles(sectors)
    _name_and_code(sectors)
    sectors = sectors.sort_values("code").reset_index(drop=True)
    return sectors, overbos, heidebeek


def _spread_seeds(geoms: list, k: int) -> list[int]:
    """k units far apart (farthest-point order from the westernmost unit)."""
    centres = [g.centroid for g in geoms]
    chosen = [min(range(len(geoms)), key=lambda i: centres[i].x)]
    while len(chosen) < k:
        chosen.append(max(range(len(geoms)), key=lambda i: min(centres[i].distance(centres[c]) for c in chosen)))
    return chosen


_SUB_NAMES = {f"{MUNICIPALITY}A": "Overbos", f"{MUNICIPALITY}B": "Kapelhoek", f"{NEIGHBOUR}A": "Heidebeek"}


def _compass(point, centre) -> str:
    dx, dy = point.x - centre.x, point.y - centre.y
    if abs(dx) >= abs(dy):
        return "Oost" if dx > 0 else "West"
    return "Noord" if dy > 0 else "Zuid"


def _name_and_code(sectors: pd.DataFrame) -> None:
    """Codes and names once profiles are known: the deelgemeente holding the centre gets letter A, the
    wijk holding it W01 ('…-Dorp'); sector codes are NIS5 + deelgemeente letter + running number + '-'."""
    sectors["code"] = ""
    sectors["name"] = ""
    sectors["district_code"] = ""
    sectors["district_name"] = ""
    sectors["submunicipality_code"] = ""
    for mun, group in sectors.groupby("municipality", sort=False):
        centre_row = group[group.profile == "centre"].iloc[0]
        subs = [centre_row.submunicipality] + sorted(set(group.submunicipality) - {centre_row.submunicipality})
        letter = {s: "AB"[k] for k, s in enumerate(subs)}
        outline_centre = unary_union(group.geometry.tolist()).centroid
        districts = [centre_row.district] + sorted(set(group.district) - {centre_row.district})
        used: set[str] = set()
        for number, district in enumerate(districts, start=1):
            members = group[group.district == district]
            sub_letter = letter[members.submunicipality.iloc[0]]
            base = _SUB_NAMES[f"{mun}{sub_letter}"]
            if district == centre_row.district:
                name = f"{base}-Dorp"
            else:
                name = f"{base}-{_compass(unary_union(members.geometry.tolist()).centroid, outline_centre)}"
                if name in used or (sub_letter == "B" and f"{base}" not in used):
                    name = base if base not in used else f"{name} {number}"
            used.add(name)
            sectors.loc[members.index, "district_code"] = f"{mun}W{number:02d}"
            sectors.loc[members.index, "district_name"] = name
        names = iter(_OVERBOS_NAMES[1:-1] if mun == MUNICIPALITY else _HEIDEBEEK_NAMES[1:])
        running = dict.fromkeys(letter.values(), 0)
        order = sorted(group.index, key=lambda i: (letter[group.at[i, "submunicipality"]],
                                                   group.at[i, "profile"] != "centre", i))
        for i in order:
            sub_letter = letter[group.at[i, "submunicipality"]]
            sectors.at[i, "code"] = f"{mun}{sub_letter}{running[sub_letter]:02d}-"
            running[sub_letter] += 1
            sectors.at[i, "submunicipality_code"] = f"{mun}{sub_letter}"
            profile = group.at[i, "profile"]
            if profile == "centre":
                sectors.at[i, "name"] = _OVERBOS_NAMES[0] if mun == MUNICIPALITY else _HEIDEBEEK_NAMES[0]
            elif profile == "industrial":
                sectors.at[i, "name"] = _OVERBOS_NAMES[-1]
            else:
                sectors.at[i, "name"] = next(names)


def _assign_profiles(sectors: pd.DataFrame) -> list[str]:
    """One profile per sector, placed by position: centre first, then the special sectors."""
    profiles = []
    for _mun, group in sectors.groupby("municipality", sort=False):
        outline = unary_union(group["geometry"].tolist())
        centre = outline.centroid
        distance = {i: g.centroid.distance(centre) for i, g in zip(group.index, group.geometry, strict=True)}
        order = sorted(group.index, key=lambda i: distance[i])
        kinds = {}
        if _mun == MUNICIPALITY:
            specials = ["centre", "older_care_home", "low_income", "village", "new_housing", "village"]
            for i, kind in zip(order, specials, strict=False):
                kinds[i] = kind
            outer = order[len(specials):]
            kinds[outer[-1]] = "industrial"
            for k, i in enumerate(outer[:-1]):
                kinds[i] = "rural" if k % 2 == 1 and distance[i] > np.median(list(distance.values())) \
                    else "village"
        else:
            kinds[order[0]] = "centre"
            for i in order[1:]:
                kinds[i] = "village" if distance[i] < np.median(list(distance.values())) else "rural"
        profiles += [kinds[i] for i in group.index]
    return profiles


_BASE_POPULATION = {"centre": 1500, "village": 900, "older_care_home": 1100, "new_housing": 650,
                    "low_income": 1300, "rural": 420, "industrial": 14}


def _area_rows(sectors: pd.DataFrame, overbos, heidebeek) -> tuple[pd.DataFrame, pd.DataFrame]:
    common = {"vintage": VINTAGE, "source": SOURCE, "is_fictional": True, "valid_from": None, "valid_to": None}
    rows = []
    links = []

    def add(level, code, name, geometry, kind="polygon", locatable=True):
        rows.append({**common, "level": level.value, "code": code, "name": name, "geometry": geometry,
                     "geometry_kind": kind if geometry is not None else "", "is_locatable": locatable})

    def link(child_level, child_code, parents):
        for level, code in parents:
            links.append({"child_level": child_level.value, "child_code": child_code, "child_vintage": VINTAGE,
                          "parent_level": level.value, "parent_code": code, "parent_vintage": VINTAGE})

    municipality_names = {MUNICIPALITY: "Overbos (fictief)", NEIGHBOUR: "Heidebeek (fictief)"}
    upper = [(Level.CARE_ZONE, CARE_ZONE), (Level.ARRONDISSEMENT, ARRONDISSEMENT), (Level.PROVINCE, PROVINCE),
             (Level.REGION, REGION)]
    for row in sectors.itertuples():
        add(Level.SECTOR, row.code, row.name, row.geometry)
        link(Level.SECTOR, row.code, [(Level.DISTRICT, row.district_code),
                                      (Level.SUB_MUNICIPALITY, row.submunicipality_code),
                                      (Level.MUNICIPALITY, row.municipality)] + upper)
    for code, group in sectors.groupby("district_code", sort=True):
        mun = group["municipality"].iloc[0]
        name = group["district_name"].iloc[0]
        add(Level.DISTRICT, code, name, shapely.union_all(group.geometry.tolist(), grid_size=0.01))
        link(Level.DISTRICT, code, [(Level.MUNICIPALITY, mun)] + upper)
    for code, group in sectors.groupby("submunicipality_code", sort=True):
        mun = group["municipality"].iloc[0]
        add(Level.SUB_MUNICIPALITY, code, f"{_SUB_NAMES[code]} (Dg.)",
            shapely.union_all(group.geometry.tolist(), grid_size=0.01))
        link(Level.SUB_MUNICIPALITY, code, [(Level.MUNICIPALITY, mun)] + upper)
    for code in (MUNICIPALITY, NEIGHBOUR):
        geoms = sectors.loc[sectors.municipality == code, "geometry"].tolist()
        add(Level.MUNICIPALITY, code, municipality_names[code], shapely.union_all(geoms, grid_size=0.01))
        link(Level.MUNICIPALITY, code, upper)
        # the not-locatable remainder sector: residents without a known address; no geometry
        zzzz = f"{code}ZZZZ"
        add(Level.SECTOR, zzzz, f"{municipality_names[code].split(' (')[0]} - niet te lokaliseren", None,
            locatable=False)
        link(Level.SECTOR, zzzz, [(Level.SUB_MUNICIPALITY, f"{code}A"), (Level.MUNICIPALITY, code)] + upper)
    both = shapely.union_all(sectors.geometry.tolist(), grid_size=0.01)
    add(Level.CARE_ZONE, CARE_ZONE, "Zorgzone Overbos-Heide (fictief)", both)
    link(Level.CARE_ZONE, CARE_ZONE, upper[1:])
    # the arrondissement, province and region also hold municipalities the demo does not draw
    add(Level.ARRONDISSEMENT, ARRONDISSEMENT, "Arrondissement Demo (fictief)", None)
    link(Level.ARRONDISSEMENT, ARRONDISSEMENT, upper[2:])
    add(Level.PROVINCE, PROVINCE, "Demoprovincie (fictief)", None)
    link(Level.PROVINCE, PROVINCE, upper[3:])
    add(Level.REGION, REGION, "Demogewest (fictief)", None)
    return area_frame(rows), link_frame(pd.DataFrame(links))


# ---------------------------------------------------------------------------------------------- counts

def _age_weights(profile: Profile, year_index: int) -> np.ndarray:
    weights = _BASE_AGE.copy()
    bands = np.arange(len(AGE_BANDS))
    young = (bands <= 2) | ((bands >= 6) & (bands <= 8))
    old = bands >= 13
    weights[young] *= profile.young
    weights[old] *= profile.old
    # slow ageing: older bands gain about 1.5 % a year relative to the rest
    weights[old] *= 1 + 0.015 * year_index
    return weights / weights.sum()


def _split(rng: np.random.Generator, total: int, shares: np.ndarray) -> np.ndarray:
    return rng.multinomial(int(total), shares / shares.sum())


def _sector_values(rng: np.random.Generator, code: str, profile: Profile, base: int,
                   level: str = Level.SECTOR.value, noise: float = 0.12) -> list[dict]:
    """All measures for one area over the years."""
    out: list[dict] = []
    level_factor = rng.normal(1.0, noise / 2)
    own_income = rng.normal(1.0, noise / 3)

    def put(period, measure, value):
        out.append({"area_level": level, "area_code": code, "area_vintage": VINTAGE if level == "sector" else "",
                    "period": period, "measure": measure, "value": float(value)})

    population = base * max(level_factor, 0.5)
    for y, year in enumerate(YEARS):
        if y:
            population *= 1 + profile.growth + rng.normal(0, 0.004)
        total = int(round(population))
        ages = _split(rng, total - profile.care_home_beds, _age_weights(profile, y))
        female = rng.binomial(ages, _FEMALE_SHARE)
        if profile.care_home_beds:
            # care home residents: mostly 80+, mostly women
            home = _split(rng, profile.care_home_beds, np.array([0] * 14 + [1, 2, 5, 9, 10, 6, 1.0]))
            home_female = rng.binomial(home, 0.72)
            ages = ages + home
            female = female + home_female
        male = ages - female
        put(year, "population", ages.sum())
        put(year, "population_male", male.sum())
        put(year, "population_female", female.sum())
        for (lo, hi), n, m, f in zip(AGE_BANDS, ages, male, female, strict=True):
            put(year, age_measure(lo, hi), n)
            put(year, age_measure(lo, hi, "male"), m)
            put(year, age_measure(lo, hi, "female"), f)
        adults_18_64 = ages[4:13].sum() + round(ages[3] * 0.4)  # 18–64 (part of 15–19)
        aged_75 = ages[15:].sum()
        aged_20_64 = ages[4:13].sum()
        home_residents = profile.care_home_beds
        persons_in_households = max(int(ages.sum()) - home_residents, 0)
        households = int(round(persons_in_households / rng.normal(2.35 / (1 + (profile.single_person - 0.31)), 0.05)))
        single = int(round(households * profile.single_person * rng.normal(1, 0.04)))
        single_parent = int(round(households * profile.single_parent * rng.normal(1, 0.08)))
        rest = max(households - single - single_parent, 0)
        couple_kids, couple_no, other = _split(rng, rest, np.array([0.44 * profile.young, 0.5, 0.06]))
        put(year, "households_total", households)
        put(year, "households_single_person", single)
        put(year, "households_couple_no_children", couple_no)
        put(year, "households_couple_with_children", couple_kids)
        put(year, "households_single_parent", single_parent)
        put(year, "households_other", other)
        alone_75 = min(int(round(single * aged_75 / max(ages[4:].sum(), 1) * 1.6)), aged_75)
        alone_18_64 = max(min(single - alone_75 - int(round(single * 0.12)), int(adults_18_64)), 0)
        put(year, "population_age_018_064", adults_18_64)
        put(year, "living_alone_age_018_064", alone_18_64)
        put(year, "living_alone_age_075_999", alone_75)
        tenants = int(round(households * min(profile.tenants * rng.normal(1, 0.05), 0.95)))
        put(year, "households_tenant", tenants)
        put(year, "households_owner", households - tenants)
        put(year, "dwellings_social_rental", int(round(households * profile.social_rental * rng.normal(1, 0.05))))
        non_belgian = rng.binomial(int(ages.sum()), min(profile.non_belgian * (1 + 0.03 * y), 0.9))
        put(year, "population_origin_belgian", ages.sum() - non_belgian)
        put(year, "population_origin_non_belgian", non_belgian)
        # moves during the year and residents at the same address as a year before
        movers = rng.binomial(int(ages.sum()), min(0.075 * (1 + 4 * max(profile.growth, 0)) / profile.old ** 0.3, 0.5))
        moved_in = rng.binomial(movers, 0.55 + min(profile.growth * 3, 0.3))
        put(year, "moves_in", moved_in)
        put(year, "moves_out", rng.binomial(movers, 0.45))
        put(year, "population_same_address_as_last_year", int(ages.sum()) - movers)
        # health-insurance figures (IMA-like): the insured, chronic condition status, antidepressants
        insured = int(round(ages.sum() * 0.985))
        put(year, "insured", insured)
        chronic_rate = 0.16 * (ages[13:].sum() / max(ages.sum(), 1) / 0.2) ** 0.8 / profile.income ** 0.5
        put(year, "insured_chronic_condition", rng.binomial(insured, min(chronic_rate, 0.6)))
        put(year, "insured_antidepressants", rng.binomial(insured, min(0.11 * profile.single_person / 0.31 /
                                                                           profile.income ** 0.6, 0.4)))
        insured_65 = int(round(ages[13:].sum() * 0.985))
        put(year, "insured_age_065_999", insured_65)
        put(year, "replacement_income_age_065_999", rng.binomial(insured_65, min(0.05 / profile.income ** 3, 0.5)))
        pupils = int(round(ages[1:3].sum() * 0.6))
        put(year, "pupils_primary", pupils)
        put(year, "pupils_primary_low_educated_mother",
            rng.binomial(pupils, min(0.12 / profile.income ** 3 * (1 + profile.non_belgian), 0.8)))
        put(year, "population_background_non_belgian",
            rng.binomial(int(ages.sum()), min(profile.non_belgian * 1.6 * (1 + 0.03 * y), 0.95)))
        bim_share = 0.085 / profile.income ** 2.2
        put(year, "increased_reimbursement_age_020_064", rng.binomial(int(aged_20_64), min(bim_share, 0.6)))
        if y < len(INCOME_YEARS):
            income_year = INCOME_YEARS[y]
            declarations = int(round(ages[4:].sum() * 0.56 * rng.normal(1, 0.02)))
            median = 24500 * profile.income * own_income * (1.025 ** y)
            average = median * rng.normal(1.24, 0.03)
            zero = int(rng.binomial(declarations, 0.03))
            put(income_year, "tax_returns_nonzero_income_count", declarations - zero)
            put(income_year, "tax_returns_zero_income_count", zero)
            put(income_year, "income_net_taxable_eur", round(declarations * average))
            put(income_year, "income_net_taxable_median", round(median))
    return out


_SUPPRESSED_WHEN_SMALL = ["households_", "living_alone_", "dwellings_", "population_origin_",
                          "increased_reimbursement_", "income_", "tax_returns_", "moves_", "insured",
                          "replacement_income_", "pupils_", "population_background_", "population_same_address"]


def _suppress_small(values: pd.DataFrame) -> pd.DataFrame:
    """Statbel-like hiding: in sectors under 50 residents, household, housing, origin, benefit and income
    figures are unknown (NaN). Population by sex and age stays known."""
    population = values[values.measure == "population"].groupby(["area_code", "period"])["value"].first()
    small_codes = set(population[population < 50].index.get_level_values(0))
    mask = values["area_code"].isin(small_codes) & values["measure"].str.startswith(tuple(_SUPPRESSED_WHEN_SMALL))
    values.loc[mask, "value"] = np.nan
    return values


def _published_totals(values: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Municipality and care-zone totals, as the statistics office publishes them for whole areas (summed
    before small sectors are hidden, so they stay known). Medians are not summable and are left out."""
    sectors = values[(values["area_level"] == Level.SECTOR.value) & ~values["measure"].str.endswith("_median")]
    out = []
    for level in (Level.MUNICIPALITY.value, Level.CARE_ZONE.value):
        parent = links[(links["child_level"] == Level.SECTOR.value) & (links["parent_level"] == level)]
        merged = sectors.merge(parent[["child_code", "parent_code"]], left_on="area_code", right_on="child_code")
        totals = merged.groupby(["parent_code", "period", "measure"], as_index=False)["value"].sum(min_count=1)
        out.append(totals.rename(columns={"parent_code": "area_code"}).assign(area_level=level, area_vintage=""))
    return value_frame(pd.concat(out, ignore_index=True))


def _team_values(rng: np.random.Generator, sectors: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """OCMW support: persons supported during the year, per sector (the team's own count)."""
    rates = {"low_income": 0.055, "centre": 0.03, "older_care_home": 0.028, "village": 0.014,
             "new_housing": 0.008, "rural": 0.012, "industrial": 0.05, "average": 0.1}
    population = official[(official.measure == "population") & (official.area_level == "sector")]
    rows = []
    for row in sectors[sectors.municipality == MUNICIPALITY].itertuples():
        for y, year in enumerate(TEAM_YEARS):
            pop = population[(population.area_code == row.code) & (population.period == year)]["value"].iloc[0]
            count = rng.poisson(pop * rates[row.profile] * (1 + 0.04 * y))
            rows.append({"area_level": "sector", "area_code": row.code, "area_vintage": VINTAGE, "period": year,
                         "measure": "ocmw_support_persons", "value": float(count)})
    return value_frame(pd.DataFrame(rows))


def generate_demo(seed: int = DEFAULT_SEED) -> DemoData:
    """Build the whole fictional demo from ``seed``; the same seed always gives the same frames."""
    rng = np.random.default_rng(seed)
    sectors, overbos, heidebeek = _build_areas(rng)
    sectors["base_population"] = [int(round(_BASE_POPULATION[p] * rng.uniform(0.8, 1.2))) if p != "industrial"
                                  else _BASE_POPULATION[p] for p in sectors["profile"]]
    areas, links = _area_rows(sectors, overbos, heidebeek)
    values: list[dict] = []
    for row in sectors.itertuples():
        values += _sector_values(rng, row.code, PROFILES[row.profile], row.base_population)
    zzzz_rows = []
    for code in (MUNICIPALITY, NEIGHBOUR):
        zzzz = f"{code}ZZZZ"
        zzzz_rows.append({"code": zzzz, "municipality": code, "name": "niet te lokaliseren", "profile": "average",
                          "geometry": None, "base_population": 6})
        zz = _sector_values(rng, zzzz, PROFILES["average"], 6)
        # only population and sex are published for the remainder sector; the rest is unknown
        for item in zz:
            if item["measure"] not in ("population", "population_male", "population_female") \
                    and not item["measure"].startswith("population_age_") \
                    and not item["measure"].startswith(("population_male_age_", "population_female_age_")):
                item["value"] = np.nan
        values += zz
    values += _sector_values(rng, PROVINCE, PROFILES["average"], 1_900_000, level=Level.PROVINCE.value, noise=0.0)
    values += _sector_values(rng, REGION, PROFILES["average"], 6_800_000, level=Level.REGION.value, noise=0.0)
    official = value_frame(pd.DataFrame(values))
    official = pd.concat([official, _published_totals(official, links)], ignore_index=True)
    official = _suppress_small(official)
    sectors = pd.concat([sectors.sort_values("code"), pd.DataFrame(zzzz_rows)], ignore_index=True)
    team = _team_values(rng, sectors, official)
    notes = Problem("demo_data_note").as_record()  # worded when read (messages.stored_text)
    return DemoData(seed=seed, areas=areas, links=links, official=official, team=team,
                    sectors=sectors[["code", "municipality", "name", "profile", "geometry", "district_code",
                                     "submunicipality_code", "base_population"]], notes=notes)


def demo_drawn_area(data: DemoData, radius: float = 2500.0) -> dict:
    """A shape 'drawn' by the demo team: a circle of ``radius`` m around Overbos' centre, as GeoJSON in
    WGS84 (as a web map would send it)."""
    from pyproj import Transformer

    centre = data.sectors[(data.sectors.municipality == MUNICIPALITY) & (data.sectors.profile == "centre")]
    circle = centre.geometry.iloc[0].centroid.buffer(radius, quad_segs=16)
    transformer = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)
    wgs84 = shapely.transform(circle, transformer.transform, interleaved=False)
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"name": "Getekend rond het centrum (fictief)"},
                          "geometry": shapely.geometry.mapping(wgs84)}]}


def demo_sector_choice(data: DemoData) -> list[str]:
    """Three neighbouring Overbos sectors for an example neighbourhood: the centre, the care-home sector and
    the low-income sector."""
    sectors = data.sectors[data.sectors.municipality == MUNICIPALITY]
    return [sectors.loc[sectors.profile == kind, "code"].iloc[0]
            for kind in ("centre", "older_care_home", "low_income")]
