"""Fictional facilities, street grid and houses for the demo municipality Overbos (clearly fictional).

Seeded from ``DemoData.seed`` so the demo is the same every time. Installed by ``web.demo.install_demo``
through ``install_demo_part``: shared demo facilities (``is_fictional``) and a stored street network
with fictional houses, so that reach, walkability and the (mis)match work in the demo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from zorgzaam.environment.facilities import facility_frame
from zorgzaam.environment.network import grid_network

SOURCE = "Fictief (Zorgzaam demo)"
NETWORK_NAME = "Overbos: fictief stratenrooster / fictional street grid"

# (category, name, how many, which sector profiles get them first)
_PLAN = [
    ("bus_stop", "Halte {street}", 14, ("centre", "village", "older_care_home", "low_income", "new_housing", "rural")),
    ("supermarket", "Buurtsuper {street}", 2, ("centre", "village")),
    ("bakery", "Bakkerij {street}", 3, ("centre", "village", "new_housing")),
    ("local_shop", "Kruidenier {street}", 2, ("centre", "low_income")),
    ("gp", "Huisartsenpraktijk {street}", 3, ("centre", "village")),
    ("pharmacy", "Apotheek {street}", 2, ("centre", "village")),
    ("ldc", "Lokaal dienstencentrum De Linde", 1, ("centre",)),
    ("care_home", "Woonzorgcentrum Hof ter Heide", 1, ("older_care_home",)),
    ("school", "Basisschool {street}", 3, ("centre", "new_housing", "village")),
    ("childcare", "Kinderopvang {street}", 2, ("new_housing", "centre")),
    ("playground", "Speelplein {street}", 4, ("new_housing", "low_income", "village")),
    ("park", "Park {street}", 2, ("centre", "older_care_home")),
    ("cafe", "Café {street}", 4, ("centre", "village")),
    ("place_of_worship", "Sint-Jozefkerk", 1, ("centre",)),
    ("meeting_place", "Ontmoetingscentrum {street}", 2, ("centre", "village")),
    ("social_service", "Sociaal huis Overbos", 1, ("centre",)),
    ("bench", "Zitbank {street}", 10, None),
    ("library", "Bibliotheek Overbos", 1, ("centre",)),
]
_STREETS = ["Dorpsstraat", "Kerkplein", "Molenweg", "Heidestraat", "Bosweg", "Lindelaan", "Schoolstraat",
            "Beekstraat", "Veldstraat", "Hoogstraat", "Zandweg", "Vennestraat", "Kapelstraat", "Meerweg"]


def _point_in(rng: np.random.Generator, polygon, near_centre: bool = False):
    minx, miny, maxx, maxy = polygon.bounds
    centre = polygon.representative_point()
    for _ in range(200):
        if near_centre:
            x, y = centre.x + rng.normal(0, 150), centre.y + rng.normal(0, 150)
        else:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(shapely.Point(x, y)):
            return x, y
    return centre.x, centre.y


def demo_environment(data) -> tuple[pd.DataFrame, object, pd.DataFrame]:
    """(facilities, street network, houses) for Overbos, all fictional and seeded."""
    from zorgzaam.sources.demo import MUNICIPALITY

    rng = np.random.default_rng(data.seed + 5)
    sectors = data.sectors[(data.sectors.municipality == MUNICIPALITY) & data.sectors.geometry.notna()].reset_index(drop=True)
    outline = shapely.union_all(sectors.geometry.to_numpy())
    minx, miny, maxx, maxy = outline.bounds
    spacing = 110.0
    side = int(max(maxx - minx, maxy - miny) / spacing) + 2
    grid = grid_network(side * side, spacing=spacing, seed=data.seed, origin=(minx - spacing / 2, miny - spacing / 2))
    keep = shapely.contains_xy(outline.buffer(150), grid.xy[:, 0], grid.xy[:, 1])
    from zorgzaam.environment.network import build_network

    edges = np.column_stack([grid.u, grid.v])
    edges = edges[keep[grid.u] & keep[grid.v]]
    network = build_network(grid.xy, edges, source=NETWORK_NAME, is_fictional=True)
    # remove a few streets from the rural sectors only: a less connected countryside
    rows = []
    for category, pattern, count, profiles in _PLAN:
        for i in range(count):
            if profiles:
                wanted = sectors[sectors.profile == profiles[i % len(profiles)]]
                sector = (wanted if len(wanted) else sectors).iloc[i // len(profiles) % max(len(wanted), 1)] \
                    if len(wanted) else sectors.iloc[int(rng.integers(len(sectors)))]
            else:
                sector = sectors.iloc[int(rng.integers(len(sectors)))]
            x, y = _point_in(rng, sector.geometry, near_centre=profiles is not None)
            street = _STREETS[int(rng.integers(len(_STREETS)))]
            rows.append({"name": pattern.format(street=street) + " (fictief)", "category": category, "x": x, "y": y,
                         "address": f"{street} {int(rng.integers(1, 120))}, Overbos (fictief)",
                         "source": SOURCE, "source_date": "2025", "source_ref": f"demo:{category}:{i}"})
    facilities = facility_frame(rows)
    # houses: about one per 2.3 residents, near the streets of each sector
    houses = []
    for sector in sectors.itertuples():
        count = max(3, int(sector.base_population / 2.3))
        inside = np.flatnonzero(shapely.contains_xy(sector.geometry, network.xy[:, 0], network.xy[:, 1]))
        for _ in range(count):
            if len(inside):
                node = network.xy[inside[int(rng.integers(len(inside)))]]
                x, y = node[0] + rng.normal(0, 25), node[1] + rng.normal(0, 25)
            else:
                x, y = _point_in(rng, sector.geometry)
            if sector.geometry.contains(shapely.Point(x, y)):
                houses.append((x, y, float(rng.uniform(80, 180))))
    buildings = pd.DataFrame(houses, columns=["x", "y", "area_m2"]).assign(building="house", osm_id=0, levels="")
    return facilities, network, buildings


def install_demo_part(data, workspace) -> str:
    """Replace the demo's fictional facilities and street grid (idempotent); one summary line."""
    from django.db import transaction

    from zorgzaam.environment.models import Facility, StreetNetwork
    from zorgzaam.environment.service import FIELDS, save_network

    facilities, network, buildings = demo_environment(data)
    with transaction.atomic():
        Facility.objects.filter(is_fictional=True, source=SOURCE).delete()
        Facility.objects.bulk_create([Facility(workspace=None, is_fictional=True, created_by="demo",
                                               **{k: row[k] for k in FIELDS}) for row in facilities.to_dict("records")])
        StreetNetwork.objects.filter(is_fictional=True, name=NETWORK_NAME).delete()
        save_network(network, NETWORK_NAME, buildings)
    return (f"  omgeving:    {len(facilities)} fictieve voorzieningen, stratenrooster van {network.node_count} "
            f"knooppunten, {len(buildings)} fictieve woningen")
