"""The search paths of ``nearest_by_category`` — the whole network, the network with its degree-2 chains
contracted, and either of them with an independent set of low-degree nodes eliminated — against
hand-computed distances and against a brute-force reference (one Dijkstra per facility on the
uncontracted network, then the minimum). Islands stay unreachable (infinite here, ``unreachable`` in the
reach table), never 0."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.sparse.csgraph import dijkstra

from zorgzaam.environment.facilities import facility_frame
from zorgzaam.environment.network import (
    CONTRACT_FROM_SHARE,
    build_network,
    contract_chains,
    eliminate_independent,
    grid_network,
    nearest_by_category,
)
from zorgzaam.environment.reach import location_reach


def brute_force(network, nodes, access, horizon=None):
    """min over facilities of (access + network distance), one plain Dijkstra per facility."""
    if len(nodes) == 0:
        return np.full(network.node_count, np.inf)
    each = np.atleast_2d(dijkstra(network.graph(), directed=False, indices=np.asarray(nodes)))
    best = (each + np.maximum(np.asarray(access, dtype=float), 1e-6)[:, None]).min(axis=0)
    if horizon is not None:
        best[best > horizon] = np.inf
    return best


def assert_same(ours, reference):
    finite = np.isfinite(reference)
    assert np.array_equal(finite, np.isfinite(ours))
    assert np.allclose(ours[finite], reference[finite], rtol=0, atol=1e-6)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("horizon", [None, 260.0])
def test_contracted_equals_plain_on_random_grids_with_islands(seed, horizon):
    rng = np.random.default_rng(seed)
    # half of the street segments left out: many dead ends, chains and islands
    net = grid_network(int(rng.integers(300, 900)), seed=seed, drop_share=0.45)
    count, island = net.components()
    assert count > 1
    chains = net.contraction()
    inner = np.flatnonzero(chains.core_index < 0)
    assert 0 < len(inner) and len(chains.core) < net.node_count
    largest = np.bincount(island).argmax()
    sources = {
        # partly inside chains, with access distances (one exactly zero)
        "spread": (np.concatenate([rng.choice(inner, 4, replace=False), rng.choice(net.node_count, 4)]),
                   np.concatenate([[0.0], rng.uniform(0, 60, 7)])),
        # several facilities on one node: the smallest access counts
        "same_node": (np.array([inner[0], inner[0], inner[-1]]), np.array([40.0, 3.0, 12.0])),
        # only on the largest island: every other island is unreachable
        "one_island": (rng.choice(np.flatnonzero(island == largest), 2, replace=False), np.array([5.0, 0.0])),
        "none": (np.array([], dtype=np.int64), np.array([])),
    }
    plain = nearest_by_category(net, sources, horizon=horizon, contract=False, eliminate=False)
    contracted = nearest_by_category(net, sources, horizon=horizon, contract=True, eliminate=False)
    both = [nearest_by_category(net, sources, horizon=horizon, contract=c, eliminate=True) for c in (False, True)]
    assert (net.elimination(False).kept_index < 0).any() and (net.elimination(True).kept_index < 0).any()
    for name, (nodes, access) in sources.items():
        reference = brute_force(net, nodes, access, horizon)
        assert_same(plain[name], reference)
        assert_same(contracted[name], reference)
        for eliminated in both:
            assert_same(eliminated[name], reference)
    assert np.isinf(contracted["none"]).all()
    others = island != largest
    assert np.isinf(contracted["one_island"][others]).all() and np.isinf(plain["one_island"][others]).all()
    if horizon is None:
        assert np.isfinite(contracted["one_island"][~others]).all()


def street_with_island():
    """E(0,100) - A(0,0) - B(100,0) - C(200,0) - D(200,100): one street of 400 m; F-G an island of 100 m."""
    xy = np.array([[0, 0], [100, 0], [200, 0], [200, 100], [0, 100], [1000, 1000], [1100, 1000]], dtype=float)
    return build_network(xy, np.array([[0, 1], [1, 2], [2, 3], [0, 4], [5, 6]]))


def test_chain_contraction_of_a_street_hand_computed():
    net = street_with_island()
    chains = contract_chains(net.graph())
    # the dead ends D, E and the island's F, G remain; A, B, C lie inside the chain E..D
    assert sorted(chains.core.tolist()) == [3, 4, 5, 6]
    assert sorted(chains.inner.tolist()) == [0, 1, 2]
    core = chains.graph.toarray()
    d, e, f, g = (chains.core_index[i] for i in (3, 4, 5, 6))
    assert core[d, e] == pytest.approx(400.0) and core[f, g] == pytest.approx(100.0)
    sides = {int(node): sorted([float(chains.xa[i]), float(chains.xb[i])]) for i, node in enumerate(chains.inner)}
    assert sides == {0: [100.0, 300.0], 1: [200.0, 200.0], 2: [100.0, 300.0]}
    # a facility inside the chain, on B, 10 m from its node
    result = nearest_by_category(net, {"bus": (np.array([1]), np.array([10.0]))}, contract=True)["bus"]
    assert result[:5].tolist() == pytest.approx([110.0, 10.0, 110.0, 210.0, 210.0])
    assert np.isinf(result[5:]).all()
    limited = nearest_by_category(net, {"bus": (np.array([1]), np.array([10.0]))}, horizon=150, contract=True)
    assert limited["bus"][:3].tolist() == pytest.approx([110.0, 10.0, 110.0]) and np.isinf(limited["bus"][3:]).all()


def test_loop_chain_and_ring_island_hand_computed():
    # lollipop: leaf L(-100,0) - J(0,0), loop J - P(100,0) - Q(100,100) - J; ring island R0..R3 (100 m sides)
    xy = np.array([[-100, 0], [0, 0], [100, 0], [100, 100],
                   [1000, 0], [1100, 0], [1100, 100], [1000, 100]], dtype=float)
    edges = np.array([[0, 1], [1, 2], [2, 3], [3, 1], [4, 5], [5, 6], [6, 7], [7, 4]])
    net = build_network(xy, edges)
    chains = net.contraction()
    ring_core = [int(n) for n in chains.core if n >= 4]
    assert len(ring_core) == 1  # one node of the closed ring is kept as its core node
    diagonal = float(np.hypot(100, 100))
    on_p = nearest_by_category(net, {"x": (np.array([2]), np.array([0.0]))}, contract=True)["x"]
    assert on_p[:4].tolist() == pytest.approx([200.0, 100.0, 0.0, 100.0], abs=1e-5)
    assert np.isinf(on_p[4:]).all()
    on_q = nearest_by_category(net, {"x": (np.array([3]), np.array([0.0]))}, contract=True)["x"]
    assert on_q[:4].tolist() == pytest.approx([100.0 + diagonal, diagonal, 100.0, 0.0], abs=1e-5)
    # on the ring: the node opposite is 200 m either way round
    ring = nearest_by_category(net, {"x": (np.array([5]), np.array([0.0]))}, contract=True)["x"]
    assert ring[4:].tolist() == pytest.approx([100.0, 0.0, 100.0, 200.0], abs=1e-5)
    assert np.isinf(ring[:4]).all()


def test_parallel_chains_keep_the_shortest_and_serve_their_own_nodes():
    # X(0,0) and Y(200,0) (each with a stem X0, Y0) joined by a short chain X-S-Y (200 m) and a long one
    # X-L1-L2-Y (100 + 200 + 100 = 400 m); a facility on L2, 5 m from it
    xy = np.array([[0, 0], [200, 0], [100, 0], [0, 100], [200, 100], [-100, 0], [300, 0]], dtype=float)
    edges = np.array([[0, 2], [2, 1], [0, 3], [3, 4], [4, 1], [0, 5], [1, 6]])
    net = build_network(xy, edges)
    chains = net.contraction()
    x, y = chains.core_index[0], chains.core_index[1]
    assert chains.graph.toarray()[x, y] == pytest.approx(200.0)
    result = nearest_by_category(net, {"f": (np.array([4]), np.array([5.0]))}, contract=True)["f"]
    # X: 305 either way; Y 105; S 205; L1 205 along its own chain; L2 5; X0 405; Y0 205
    assert result.tolist() == pytest.approx([305.0, 105.0, 205.0, 205.0, 5.0, 405.0, 205.0])


def test_reach_table_on_a_contracted_network_reports_islands():
    net = street_with_island()
    assert net.chain_share() >= CONTRACT_FROM_SHARE  # location_reach takes the contracted path here
    facilities = facility_frame([{"name": "Halte", "category": "bus_stop", "x": 100, "y": 8}])
    locations = pd.DataFrame({"location_id": [0, 1, 2], "sector_code": "S", "x": [200.0, 0.0, 1050.0],
                              "y": [103.0, 100.0, 1000.0], "weight": 1.0, "population": 1.0,
                              "method": "buildings"})
    reach = location_reach(locations, facilities, ["bus_stop"], net).set_index("location_id")
    # 3 (access) + D-C 100 + C-B 100 + 8 (facility access) = 211; E: E-A 100 + A-B 100 + 8 = 208
    assert reach.loc[0, "distance_m"] == pytest.approx(211.0)
    assert reach.loc[1, "distance_m"] == pytest.approx(208.0)
    assert reach.loc[2, "status"] == "unreachable" and np.isnan(reach.loc[2, "distance_m"])


def unit_grid(side: int):
    """A side x side lattice with 100 m streets; node i * side + j at (100 i, 100 j)."""
    ii, jj = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    xy = np.column_stack([ii.ravel(), jj.ravel()]).astype(float) * 100
    index = np.arange(side * side).reshape(side, side)
    edges = np.vstack([np.column_stack([index[:-1, :].ravel(), index[1:, :].ravel()]),
                       np.column_stack([index[:, :-1].ravel(), index[:, 1:].ravel()])])
    return build_network(xy, edges), ii.ravel(), jj.ravel()


def test_eliminated_independent_set_keeps_grid_distances():
    net, ii, jj = unit_grid(7)
    elimination = eliminate_independent(net.graph())
    gone = elimination.eliminated
    graph = net.graph()
    # independent (no two eliminated nodes are neighbours), at most degree 4, and a real share of the grid
    assert graph[gone][:, gone].nnz == 0
    assert (np.diff(graph.indptr)[gone] <= 4).all() and len(gone) >= 49 // 5
    # from a corner (access 0) the walking distance is the Manhattan distance; from the centre with 7 m
    # access, 7 m more than the Manhattan distance to the centre
    centre = 3 * 7 + 3
    result = nearest_by_category(net, {"corner": (np.array([0]), np.array([0.0])),
                                       "centre": (np.array([centre]), np.array([7.0]))},
                                 contract=False, eliminate=True)
    assert np.allclose(result["corner"], 100.0 * (ii + jj), atol=1e-5)
    assert np.allclose(result["centre"], 7.0 + 100.0 * (np.abs(ii - 3) + np.abs(jj - 3)))
    # and when the facility sits on an eliminated node
    on_gone = int(gone[0])
    result = nearest_by_category(net, {"x": (np.array([on_gone]), np.array([5.0]))}, contract=False, eliminate=True)
    expected = 5.0 + 100.0 * (np.abs(ii - ii[on_gone]) + np.abs(jj - jj[on_gone]))
    assert np.allclose(result["x"], expected)
    limited = nearest_by_category(net, {"x": (np.array([on_gone]), np.array([5.0]))}, horizon=250,
                                  contract=False, eliminate=True)["x"]
    assert np.array_equal(np.isfinite(limited), expected <= 250)


def test_a_loaded_network_is_read_once_per_file_version(tmp_path):
    import os

    from zorgzaam.environment.network import StreetNetwork

    net, _, _ = unit_grid(5)
    path = tmp_path / "net.npz"
    net.save(path)
    first = StreetNetwork.load(path)
    nearest_by_category(first, {"x": (np.array([0]), np.array([0.0]))})
    assert StreetNetwork.load(path) is first and first._graph is not None  # built structures kept
    other, _, _ = unit_grid(4)
    other.save(path)
    os.utime(path, ns=(first_ns := os.stat(path).st_mtime_ns, first_ns + 10**9))  # a new file version
    again = StreetNetwork.load(path)
    assert again is not first and again.node_count == 16 and first.node_count == 25
    corner = {"x": (np.array([0]), np.array([0.0]))}
    assert np.allclose(nearest_by_category(again, corner)["x"], nearest_by_category(other, corner)["x"])
