"""Benchmark: distance from every network node to the nearest facility of each of 10 categories.

On generated street grids of about 10k, 100k and 1M nodes (jittered lattice, 8 % of segments left out)
and on the real OpenStreetMap extract (../shared/data/osm/wechel.osm.pbf), with per category one facility
per ~500 nodes. Measures the product's own function, ``environment.network.nearest_by_category`` (what
``reach.location_reach`` and ``service.reach_for`` call, with its default settings: it contracts the
degree-2 chains itself where they are a fifth of the nodes or more), and in the same run on the same graph:

  (a) networkx ``multi_source_dijkstra_path_length`` per category, as an analyst would write it (building
      the networkx graph is left out of its time, in its favour; skipped at 1M nodes: minutes per run);
  (b) pandana ``nearest_pois`` with a 3 km horizon (set_pois + nearest_pois per category; the contraction
      hierarchy built by ``pandana.Network`` is left out, in pandana's favour; one run: it is far slower;
      at 1M nodes only with --pandana-1m, as building the hierarchy takes over a quarter of an hour);
  (c) scipy ``csgraph.dijkstra(min_only=True)`` per category, both as documented (``directed=False``) and
      with ``directed=True`` on the already symmetric matrix (faster); the ratio uses the faster of the two.

The CSR matrix (and our chain contraction, where used) is built once per network before timing, like
pandana's hierarchy; the first (cold) call that builds the contraction is reported too. Seconds are the
median of interleaved repeats (the machine is shared); peak memory is tracemalloc's peak in a separate run.

Also: a neighbourhood's full reach table on the real extract (every residential building × every
category, with shares within 400/800/1200 m): ``location_reach`` + ``share_within``, the plain functions
``service.reach_for`` calls after reading the database.

    .venv/bin/python benchmarks/bench_reach.py [--quick] [--size=1000000 ...] [--pandana-1m]
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402
from scipy.sparse.csgraph import dijkstra  # noqa: E402

from zorgzaam.environment.network import (  # noqa: E402
    CONTRACT_FROM_SHARE,
    grid_network,
    nearest_by_category,
    network_from_osm,
)
from zorgzaam.paths import shared_data_dir  # noqa: E402

CATEGORIES = 10


def peak_memory(function, *args, **kwargs) -> int:
    """tracemalloc's peak (bytes) during one call (numpy and scipy report their buffers to it)."""
    tracemalloc.start()
    function(*args, **kwargs)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def seconds_of(function, *args, **kwargs) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def interleaved(methods: dict, repeats: int, only_first: dict[str, int] | None = None) -> dict[str, list[float]]:
    """Seconds of each method per round, the methods run in turn ``repeats`` times, so that the load of
    the shared machine hits all of them alike; ``only_first`` limits a slow method to its first rounds."""
    only_first = only_first or {}
    times = {name: [] for name in methods}
    for round_ in range(repeats):
        for name, call in methods.items():
            if round_ < only_first.get(name, repeats):
                times[name].append(seconds_of(call))
    return times


def paired_ratio(numerator: list[float], denominator: list[float]) -> float:
    """Median over the rounds of numerator / denominator measured in the same round."""
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=False))


def make_sources(network, seed: int = 7):
    rng = np.random.default_rng(seed)
    per = max(2, network.node_count // 500)
    return {f"cat{c}": (rng.choice(network.node_count, per, replace=False), np.zeros(per)) for c in range(CATEGORIES)}


def scipy_min_only(network, sources, directed: bool = False):
    graph = network.graph()
    return {name: dijkstra(graph, directed=directed, indices=nodes, min_only=True)
            for name, (nodes, _) in sources.items()}


def networkx_graph(network):
    import networkx as nx

    g = nx.Graph()
    g.add_weighted_edges_from(zip(network.u.tolist(), network.v.tolist(), network.length.tolist(), strict=True))
    return g


def networkx_baseline(g, sources):
    import networkx as nx

    return {name: nx.multi_source_dijkstra_path_length(g, set(nodes.tolist()), weight="weight")
            for name, (nodes, _) in sources.items()}


def pandana_baseline(network, sources) -> float | None:
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


def same_distances(ours: dict, base: dict) -> bool:
    return all(np.array_equal(np.isfinite(base[k]), np.isfinite(ours[k]))
               and np.allclose(base[k][np.isfinite(base[k])], ours[k][np.isfinite(ours[k])], atol=1e-4)
               for k in base)


SUMMARY: list[dict] = []


def run_size(label: str, network, with_networkx: bool = True, with_pandana: bool = True,
             repeats: int = 7) -> None:
    sources = make_sources(network)
    network.graph()  # the CSR matrix is built once per network and shared by every method
    contracted = network.chain_share() >= CONTRACT_FROM_SHARE
    cold = seconds_of(nearest_by_category, network, sources)  # builds the chain contraction where used
    methods = {
        "ours": lambda: nearest_by_category(network, sources),
        "ours_3km": lambda: nearest_by_category(network, sources, horizon=3000.0),
        "c_undirected": lambda: scipy_min_only(network, sources, directed=False),
        "c_directed": lambda: scipy_min_only(network, sources, directed=True),
    }
    nx_rounds = max(1, min(repeats, 5 if network.node_count <= 20_000 else 3))
    if with_networkx:
        g = networkx_graph(network)
        methods["a"] = lambda: networkx_baseline(g, sources)
    times = interleaved(methods, repeats, only_first={"a": nx_rounds})
    medians = {name: statistics.median(values) for name, values in times.items()}
    peak = peak_memory(nearest_by_category, network, sources)
    peak_c = peak_memory(scipy_min_only, network, sources, True)
    same = same_distances(nearest_by_category(network, sources), scipy_min_only(network, sources))
    faster_c = min(("c_undirected", "c_directed"), key=medians.get)
    t_ours = medians["ours"]
    vs_c = paired_ratio(times["ours"], times[faster_c])
    how = (f"contracted to {len(network.contraction().core):,} junction/end nodes"
           if contracted else f"not contracted ({network.chain_share():.0%} degree-2 nodes)")
    print(f"{label:>16}: {network.node_count:>9,} nodes, {how}; median of {repeats} interleaved rounds", flush=True)
    print(f"{'':>16}  ours {t_ours:8.4f} s (cold first call {cold:7.4f} s; peak {peak / 2**20:6.1f} MiB; "
          f"3 km horizon {medians['ours_3km']:7.4f} s)  same as (c): {same}", flush=True)
    print(f"{'':>16}  (c) scipy min_only {medians['c_undirected']:8.4f} s undirected, {medians['c_directed']:8.4f} s "
          f"directed (peak {peak_c / 2**20:6.1f} MiB)  ours/(c) = {vs_c:4.2f}", flush=True)
    row = {"label": label, "nodes": network.node_count, "seconds": t_ours, "peak_mib": peak / 2**20,
           "vs_c": vs_c, "vs_a": None, "vs_b": None}
    if with_networkx:
        vs_a = paired_ratio(times["a"], times["ours"])
        row["vs_a"] = vs_a
        spread = ", ".join(f"{a / b:.1f}" for a, b in zip(times["a"], times["ours"], strict=False))
        print(f"{'':>16}  (a) networkx {medians['a']:8.3f} s  -> ours is {vs_a:6.1f}x faster "
              f"(median of {nx_rounds} paired rounds: {spread})", flush=True)
    else:
        print(f"{'':>16}  (a) networkx skipped at this size (minutes per run)", flush=True)
    if with_pandana:
        before = seconds_of(nearest_by_category, network, sources)
        t_b = pandana_baseline(network, sources)
        after = seconds_of(nearest_by_category, network, sources)
        if t_b is None:
            print(f"{'':>16}  (b) pandana is not installed: no figure", flush=True)
        else:
            row["vs_b"] = t_b / ((before + after) / 2)
            print(f"{'':>16}  (b) pandana nearest_pois 3 km {t_b:8.3f} s  -> ours is {row['vs_b']:6.1f}x faster "
                  f"(ours timed just before and after it; with the same horizon: "
                  f"{t_b / medians['ours_3km']:6.1f}x)", flush=True)
    else:
        print(f"{'':>16}  (b) pandana skipped at this size: building its contraction hierarchy alone took "
              f"over 15 minutes here (--pandana-1m runs it)", flush=True)
    SUMMARY.append(row)


def neighbourhood_table(path: Path, repeats: int = 5):
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
    locations = building_locations(extract.buildings)

    def table():
        reach = location_reach(locations, facilities, category_ids(), network)
        return share_within(reach, group_weights(locations))

    cold = seconds_of(table)
    seconds = statistics.median(interleaved({"table": table}, repeats)["table"])
    shares = table()
    print(f"real extract: read + network + facilities {read:.3f} s; full reach table "
          f"({len(locations)} locations x {len(category_ids())} categories, {len(shares)} share rows) "
          f"{seconds:.3f} s (median of {repeats}; first call {cold:.3f} s)", flush=True)
    return network


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    chosen = [int(a.split("=", 1)[1]) for a in argv if a.startswith("--size=")]
    shared = shared_data_dir()
    if chosen:
        shared = None  # only the chosen grid sizes
    if shared is not None:
        network = neighbourhood_table(shared / "osm" / "wechel.osm.pbf")
        run_size("real extract", network, repeats=15)
    else:
        print("real extract: skipped (../shared/data not found, or --size given)", flush=True)
    sizes = chosen or ([10_000, 100_000] if quick else [10_000, 100_000, 1_000_000])
    for size in sizes:
        network = grid_network(size, seed=size)
        run_size(f"grid {size:,}", network, with_networkx=size < 1_000_000,
                 with_pandana=size < 1_000_000 or "--pandana-1m" in argv,
                 repeats=15 if size <= 10_000 else (7 if size <= 100_000 else 3))
    print("\nsummary (ratios > 1: ours faster; target (a) >= 20, (b) > 1, ours/(c) <= 1.5)")
    for row in SUMMARY:
        a = f"{row['vs_a']:6.1f}x" if row["vs_a"] else "   n/a "
        b = f"{row['vs_b']:6.1f}x" if row["vs_b"] else "   n/a "
        print(f"  {row['label']:>14} {row['nodes']:>9,} nodes  {row['seconds']:8.4f} s  {row['peak_mib']:7.1f} MiB"
              f"  (a) {a}  (b) {b}  ours/(c) {row['vs_c']:4.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
