"""Benchmark: distance from every network node to the nearest facility of each of 10 categories.

On generated street grids of about 10k, 100k and 1M nodes (jittered lattice, 8 % of segments left out)
and on the real OpenStreetMap extract (../shared/data/osm/wechel.osm.pbf), with per category one facility
per ~500 nodes. Prints seconds and peak traced memory of ``environment.network.nearest_by_category`` and,
in the same run on the same graph, the ratio against:

  (a) networkx ``multi_source_dijkstra_path_length`` per category (skipped at 1M nodes: minutes);
  (b) pandana ``nearest_pois`` with a 3 km horizon (set_pois + nearest_pois per category; the contraction
      hierarchy built by ``pandana.Network`` is excluded, in pandana's favour);
  (c) scipy ``csgraph.dijkstra(min_only=True)`` per category.

Also: a neighbourhood's full reach table on the real extract (every residential building × every
category, with shares within 400/800/1200 m), end to end after reading the file.

    .venv/bin/python benchmarks/bench_reach.py [--quick]
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402
from scipy.sparse.csgraph import dijkstra  # noqa: E402

from zorgzaam.environment.network import grid_network, nearest_by_category, network_from_osm  # noqa: E402
from zorgzaam.paths import shared_data_dir  # noqa: E402

CATEGORIES = 10


def timed(function, *args, **kwargs):
    tracemalloc.start()
    start = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def make_sources(network, seed: int = 7):
    rng = np.random.default_rng(seed)
    per = max(2, network.node_count // 500)
    return {f"cat{c}": (rng.choice(network.node_count, per, replace=False), np.zeros(per)) for c in range(CATEGORIES)}


def scipy_min_only(network, sources):
    graph = network.graph()
    return {name: dijkstra(graph, directed=False, indices=nodes, min_only=True) for name, (nodes, _) in sources.items()}


def networkx_baseline(network, sources):
    import networkx as nx

    g = nx.Graph()
    g.add_weighted_edges_from(zip(network.u.tolist(), network.v.tolist(), network.length.tolist(), strict=True))
    start = time.perf_counter()
    for _, (nodes, _) in sources.items():
        nx.multi_source_dijkstra_path_length(g, set(nodes.tolist()), weight="weight")
    return time.perf_counter() - start


def pandana_baseline(network, sources):
    try:
        import pandana
        import pandas as pd
    except ImportError:
        return None
    nodes = pd.DataFrame({"x": network.xy[:, 0], "y": network.xy[:, 1]})
    edges = pd.DataFrame({"from": network.u, "to": network.v, "weight": network.length})
    net = pandana.Network(nodes["x"], nodes["y"], edges["from"], edges["to"], edges[["weight"]], twoway=True)
    start = time.perf_counter()
    for name, (idx, _) in sources.items():
        net.set_pois(category=name, maxdist=3000, maxitems=1, x_col=pd.Series(network.xy[idx, 0]),
                     y_col=pd.Series(network.xy[idx, 1]))
        net.nearest_pois(3000, name, num_pois=1)
    return time.perf_counter() - start


def run_size(label: str, network, with_networkx: bool = True, with_pandana: bool = True) -> None:
    sources = make_sources(network)
    network.graph()  # the CSR matrix is built once per network and shared by every method
    ours, t_ours, peak = timed(nearest_by_category, network, sources)
    _, t_h, _ = timed(nearest_by_category, network, sources, horizon=3000.0)
    base, t_c, _ = timed(scipy_min_only, network, sources)
    same = all(np.allclose(np.where(np.isfinite(base[k]), base[k], -1), np.where(np.isfinite(ours[k]), ours[k], -1),
                           atol=1e-4) for k in sources)
    line = (f"{label:>16}: {network.node_count:>9,} nodes  ours {t_ours:7.3f} s (peak {peak / 2**20:6.1f} MiB; "
            f"3 km horizon {t_h:6.3f} s)  (c) scipy min_only {t_c:7.3f} s  ours/(c) = {t_ours / t_c:4.2f}"
            f"  same={same}")
    print(line, flush=True)
    if with_networkx:
        t_a = networkx_baseline(network, sources)
        print(f"{'':>16}  (a) networkx {t_a:8.3f} s  -> ours is {t_a / t_ours:6.1f}x faster", flush=True)
    else:
        print(f"{'':>16}  (a) networkx skipped at this size (minutes per run)", flush=True)
    if with_pandana:
        t_b = pandana_baseline(network, sources)
        if t_b is None:
            print(f"{'':>16}  (b) pandana not installed", flush=True)
        else:
            print(f"{'':>16}  (b) pandana nearest_pois 3 km {t_b:8.3f} s  -> ours is {t_b / t_ours:6.1f}x faster "
                  f"(with horizon {t_b / t_h:6.1f}x)", flush=True)


def neighbourhood_table(path: Path) -> None:
    from zorgzaam.environment.facilities import import_osm
    from zorgzaam.environment.osm import read_osm
    from zorgzaam.environment.reach import location_reach, share_within
    from zorgzaam.environment.residents import building_locations, group_weights
    from zorgzaam.environment.taxonomy import category_ids

    start = time.perf_counter()
    extract = read_osm(path)
    network = network_from_osm(extract)
    facilities = import_osm(path, extract).facilities
    read = time.perf_counter() - start
    start = time.perf_counter()
    locations = building_locations(extract.buildings)
    reach = location_reach(locations, facilities, category_ids(), network)
    shares = share_within(reach, group_weights(locations))
    seconds = time.perf_counter() - start
    print(f"real extract: read + network + facilities {read:.3f} s; full reach table "
          f"({len(locations)} locations x {len(category_ids())} categories, {len(shares)} share rows) "
          f"{seconds:.3f} s", flush=True)
    run_size("real extract", network)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    shared = shared_data_dir()
    if shared is not None:
        neighbourhood_table(shared / "osm" / "wechel.osm.pbf")
    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    for size in sizes:
        network = grid_network(size, seed=size)
        run_size(f"grid {size:,}", network, with_networkx=size < 1_000_000)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
