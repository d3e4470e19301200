"""The pedestrian street network as a sparse graph, and shortest walking distances. Plain module.

A :class:`StreetNetwork` holds node coordinates (EPSG:31370, metres) and undirected edges with their
length in metres. Distances are computed with scipy's compiled Dijkstra on a CSR matrix:

* :func:`nearest_by_category` — for every node, the walking distance to the nearest facility of each
  category. All categories go in one call: one *virtual source node* per category is joined to the
  network nodes of that category's facilities by one-way edges weighted by each facility's straight
  access distance (facility → its nearest node). A single-source run from each virtual node then gives
  the multi-source distance *including* the access distance, which ``dijkstra(min_only=True)`` cannot
  do. The edges are one-way, so no path ever passes through a virtual node. An optional ``horizon``
  stops every search at that distance (nodes beyond it are reported as such, never as 0 or infinity).
  On a network where many nodes only continue a street (degree 2: the shape points of real OSM ways),
  the search runs on the *contracted* network (:class:`ChainContraction`): the junctions and dead ends,
  joined by one edge per chain of degree-2 nodes. The chain nodes' distances then follow exactly from
  the two chain ends (and from a facility on the chain itself). The result is identical; the search
  visits about a third of the nodes of a real extract. On larger graphs an independent set of
  low-degree nodes is also taken out of the search (:class:`Elimination`: shortcuts between their
  neighbours; about a third of a street grid), and their distances follow from their neighbours'.
* :func:`snap` — nearest network node of arbitrary points (a KD-tree) and the straight access distance.
* Isochrones (the area reachable within a walking time) are in :mod:`zorgzaam.environment.isochrones`.

Walking time is distance / speed; :data:`WALKING_SPEEDS` gives defaults (slower for older people)."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from zorgzaam.messages import ZorgzaamError, gettext_noop, register

register({
    "network_empty": gettext_noop("Het stratennetwerk is leeg (geen wegen)."),
    "network_file_bad": gettext_noop("Het bestand is geen opgeslagen stratennetwerk: {detail}"),
})

# metres per second
WALKING_SPEEDS = {
    "adult": 1.33,      # about 4.8 km/h
    "older": 0.9,       # about 3.2 km/h, older people (assumption, configurable)
    "rollator": 0.6,    # about 2.2 km/h, with a walking frame (assumption, configurable)
}


@dataclass
class StreetNetwork:
    """Nodes (``xy``, EPSG:31370) and undirected edges ``u``–``v`` of ``length`` metres."""

    xy: np.ndarray
    u: np.ndarray
    v: np.ndarray
    length: np.ndarray
    source: str = ""
    is_fictional: bool = False
    _graph: sp.csr_matrix | None = field(default=None, repr=False)
    _tree: cKDTree | None = field(default=None, repr=False)
    _components: tuple[int, np.ndarray] | None = field(default=None, repr=False)
    _contraction: ChainContraction | None = field(default=None, repr=False)
    _eliminations: dict = field(default_factory=dict, repr=False)
    _chain_share: float | None = field(default=None, repr=False)

    @property
    def node_count(self) -> int:
        return len(self.xy)

    @property
    def edge_count(self) -> int:
        return len(self.u)

    def graph(self) -> sp.csr_matrix:
        """The symmetric CSR adjacency matrix (shortest of parallel edges)."""
        if self._graph is None:
            rows = np.concatenate([self.u, self.v])
            cols = np.concatenate([self.v, self.u])
            data = np.concatenate([self.length, self.length])
            self._graph = _min_csr(rows, cols, data, self.node_count)
        return self._graph

    def tree(self) -> cKDTree:
        if self._tree is None:
            self._tree = cKDTree(self.xy)
        return self._tree

    def degree(self) -> np.ndarray:
        return np.diff(self.graph().indptr)

    def components(self) -> tuple[int, np.ndarray]:
        """(number of network islands, island label of every node); computed once per network."""
        if self._components is None:
            self._components = connected_components(self.graph(), directed=False)
        return self._components

    def chain_share(self) -> float:
        """Share of nodes that only continue a street (degree 2)."""
        if self._chain_share is None:
            self._chain_share = float(np.mean(self.degree() == 2)) if self.node_count else 0.0
        return self._chain_share

    def contraction(self) -> ChainContraction:
        """The network with its chains of degree-2 nodes contracted (computed once per network)."""
        if self._contraction is None:
            self._contraction = contract_chains(self.graph())
        return self._contraction

    def elimination(self, contracted: bool) -> Elimination:
        """An independent set of low-degree nodes eliminated from the search graph (the network's own or
        its chain-contracted core graph); computed once per network."""
        if contracted not in self._eliminations:
            graph = self.contraction().graph if contracted else self.graph()
            self._eliminations[contracted] = eliminate_independent(graph)
        return self._eliminations[contracted]

    def bounds(self) -> tuple[float, float, float, float]:
        return (float(self.xy[:, 0].min()), float(self.xy[:, 1].min()),
                float(self.xy[:, 0].max()), float(self.xy[:, 1].max()))

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, xy=self.xy, u=self.u, v=self.v, length=self.length,
                            meta=np.array([self.source, "1" if self.is_fictional else "0"]))

    @classmethod
    def load(cls, path: str | Path) -> StreetNetwork:
        """The network saved in ``path``. A file read before in this process (same path, size and
        modification time) gives the same object back, with the search structures it has already built
        (CSR matrix, islands, chain contraction, elimination): a web request or job then pays for them
        once, not on every reach table. Treat a loaded network as read-only."""
        try:
            stat = os.stat(path)
            key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
            with _LOADED_LOCK:
                if key in _LOADED:
                    _LOADED.move_to_end(key)
                    return _LOADED[key]
            with np.load(path, allow_pickle=False) as data:
                meta = data["meta"]
                network = cls(xy=data["xy"], u=data["u"], v=data["v"], length=data["length"],
                              source=str(meta[0]), is_fictional=str(meta[1]) == "1")
        except (OSError, KeyError, ValueError) as error:
            raise ZorgzaamError("network_file_bad", detail=str(error), file=str(path)) from error
        with _LOADED_LOCK:
            _LOADED[key] = network
            while len(_LOADED) > LOADED_NETWORKS:
                _LOADED.popitem(last=False)
        return network


# networks read from files, kept per process (see StreetNetwork.load)
LOADED_NETWORKS = 4
_LOADED: OrderedDict[tuple, StreetNetwork] = OrderedDict()
_LOADED_LOCK = threading.Lock()


def build_network(xy: np.ndarray, edges: np.ndarray, source: str = "", is_fictional: bool = False) -> StreetNetwork:
    """A network from node coordinates and node-index pairs; self-loops and repeated pairs are dropped."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    if len(edges) == 0 or len(xy) == 0:
        raise ZorgzaamError("network_empty")
    a, b = np.minimum(edges[:, 0], edges[:, 1]), np.maximum(edges[:, 0], edges[:, 1])
    keep = a != b
    pairs = np.unique(np.column_stack([a[keep], b[keep]]), axis=0)
    # only nodes that are on an edge
    used = np.unique(pairs)
    remap = np.full(len(xy), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    xy = xy[used]
    u, v = remap[pairs[:, 0]], remap[pairs[:, 1]]
    length = np.hypot(*(xy[u] - xy[v]).T)
    length = np.maximum(length, 0.01)  # coincident nodes: a tiny positive length keeps the edge
    return StreetNetwork(xy=xy, u=u, v=v, length=length, source=source, is_fictional=is_fictional)


def network_from_osm(extract) -> StreetNetwork:
    """The walkable network of an :class:`~zorgzaam.environment.osm.OsmExtract`."""
    if extract.walkable_ways == 0 or len(extract.edges) == 0:
        raise ZorgzaamError("osm_no_ways", file=extract.path)
    return build_network(extract.node_xy, extract.edges, source=extract.path)


def grid_network(nodes: int, spacing: float = 100.0, seed: int = 0, jitter: float = 0.15,
                 drop_share: float = 0.08, origin: tuple[float, float] = (200000.0, 200000.0)) -> StreetNetwork:
    """A generated street grid of about ``nodes`` nodes: a square lattice with jittered nodes and a share
    of the street segments left out (dead ends, blocks of different sizes). Used by the benchmark and the
    fictional demo."""
    rng = np.random.default_rng(seed)
    side = max(2, int(round(np.sqrt(nodes))))
    ii, jj = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    xy = np.column_stack([ii.ravel(), jj.ravel()]).astype(float) * spacing
    xy += rng.uniform(-jitter, jitter, xy.shape) * spacing
    xy += np.asarray(origin)
    index = np.arange(side * side).reshape(side, side)
    right = np.column_stack([index[:-1, :].ravel(), index[1:, :].ravel()])
    up = np.column_stack([index[:, :-1].ravel(), index[:, 1:].ravel()])
    edges = np.vstack([right, up])
    edges = edges[rng.random(len(edges)) >= drop_share]
    return build_network(xy, edges, source=f"generated grid ({side}x{side}, seed {seed})", is_fictional=True)


def snap(network: StreetNetwork, points_xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest network node of each point and the straight distance to it (metres)."""
    points_xy = np.asarray(points_xy, dtype=float).reshape(-1, 2)
    if len(points_xy) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    distance, node = network.tree().query(points_xy)
    return node.astype(np.int64), distance


# Contract the chains of degree-2 nodes when at least this share of the nodes is such a node (real OSM
# ways: about 70 %; a generated grid: about 4 %, where the contraction would not pay for itself).
CONTRACT_FROM_SHARE = 0.2


def _min_csr(rows: np.ndarray, cols: np.ndarray, data: np.ndarray, n: int) -> sp.csr_matrix:
    """A CSR matrix from (row, col, value) triples keeping the smallest value of repeated pairs (coo -> csr
    would add them up)."""
    order = np.lexsort((data, cols, rows))
    rows, cols, data = rows[order], cols[order], data[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    return sp.csr_matrix((data[first], (rows[first], cols[first])), shape=(n, n))


@dataclass(frozen=True)
class ChainContraction:
    """A street network with its chains of degree-2 nodes replaced by single edges.

    The *core* nodes are the junctions (degree 3+), the dead ends (degree 1) and one node of every closed
    ring of degree-2 nodes. Every other node lies inside exactly one *chain* between two core nodes ``a``
    and ``b`` (the same node for a loop), at walking distance ``xa`` from ``a`` and ``xb`` from ``b`` along
    the chain. The core graph holds one edge per chain (the shortest of parallel chains) and every direct
    core–core edge, so network distances between core nodes are unchanged."""

    graph: sp.csr_matrix      # core graph (core indices)
    core: np.ndarray          # original node of each core index
    core_index: np.ndarray    # original node -> core index, -1 inside a chain
    inner: np.ndarray         # original nodes inside chains, sorted by (chain, xa)
    inner_index: np.ndarray   # original node -> position in ``inner``, -1 for core nodes
    chain: np.ndarray         # chain id of each inner node (sorted)
    a: np.ndarray             # core index of the chain end on the ``xa`` side
    b: np.ndarray
    xa: np.ndarray            # metres along the chain to ``a``
    xb: np.ndarray


def contract_chains(graph: sp.csr_matrix) -> ChainContraction:
    """Contract the degree-2 chains of a symmetric street graph (no self-loops, no repeated pairs).

    Vectorised list ranking over the directed half-edges (CSR entries): the successor of a half-edge
    ``u -> v`` that ends inside a chain is ``v -> w``, ``w`` being ``v``'s other neighbour; pointer
    jumping gives every half-edge the core node where its walk ends and the length walked."""
    graph = graph.tocsr()
    n = graph.shape[0]
    indptr, head, length = graph.indptr.astype(np.int64), graph.indices.astype(np.int64), graph.data
    degree = np.diff(indptr)
    tail = np.repeat(np.arange(n), degree)
    interior = degree == 2
    if interior.any():
        # a closed ring of degree-2 nodes has no core node: promote one node of each ring
        inner_nodes = np.flatnonzero(interior)
        count, labels = connected_components(graph[inner_nodes][:, inner_nodes], directed=False)
        touches = interior[tail] & ~interior[head]
        has_core = np.zeros(count, dtype=bool)
        has_core[labels[np.searchsorted(inner_nodes, tail[touches])]] = True
        if not has_core.all():
            _, first = np.unique(labels, return_index=True)
            interior[inner_nodes[first[~has_core]]] = False
    # successor of every half-edge ending inside a chain
    other = indptr[head]  # first entry of the head's row
    successor = np.where(head[other] != tail, other, other + 1)
    successor = np.where(interior[head], successor, -1)
    walked = length.astype(float).copy()
    last = np.arange(len(head))
    active = np.flatnonzero(successor >= 0)
    for _ in range(64):
        if len(active) == 0:
            break
        nxt = successor[active]
        walked[active] = walked[active] + walked[nxt]
        last[active] = last[nxt]
        successor[active] = successor[nxt]
        active = active[successor[active] >= 0]
    else:  # pragma: no cover - chains longer than 2**64 nodes
        raise RuntimeError("chain contraction did not converge")
    end = head[last]
    core = np.flatnonzero(~interior)
    core_index = np.full(n, -1, dtype=np.int64)
    core_index[core] = np.arange(len(core))
    # core graph: every half-edge leaving a core node, to the core node its walk ends at (loops dropped)
    from_core = ~interior[tail] & (end != tail)
    core_graph = _min_csr(core_index[tail[from_core]], core_index[end[from_core]], walked[from_core], len(core))
    # chain nodes: their two half-edges, ordered so that the chain id (the smaller final half-edge) is ``a``
    inner = np.flatnonzero(interior)
    e1, e2 = indptr[inner], indptr[inner] + 1
    t1, t2 = last[e1], last[e2]
    swap = t2 < t1
    e1, e2 = np.where(swap, e2, e1), np.where(swap, e1, e2)
    chain = last[e1]
    xa, xb = walked[e1], walked[e2]
    order = np.lexsort((xa, chain))
    inner, chain, xa, xb, e1, e2 = inner[order], chain[order], xa[order], xb[order], e1[order], e2[order]
    inner_index = np.full(n, -1, dtype=np.int64)
    inner_index[inner] = np.arange(len(inner))
    return ChainContraction(graph=core_graph, core=core, core_index=core_index, inner=inner,
                            inner_index=inner_index, chain=chain, a=core_index[end[e1]],
                            b=core_index[end[e2]], xa=xa, xb=xb)


# Eliminate an independent set of low-degree nodes when the search graph has at least this many nodes
# (below it the fixed cost of the extra steps outweighs the smaller search).
ELIMINATE_FROM_NODES = 2000
ELIMINATE_MAX_DEGREE = 4


@dataclass(frozen=True)
class Elimination:
    """A search graph with an independent set of nodes of degree <= 4 taken out (about a third of a
    street grid). No two eliminated nodes are neighbours, so every path through an eliminated node ``b``
    enters and leaves it through kept nodes: one shortcut ``w1 -> w2`` of length ``len(w1,b) + len(b,w2)``
    per pair of its neighbours keeps all distances between kept nodes. Afterwards an eliminated node's
    distance is the smallest over its neighbours of their distance plus the edge (or a facility's access
    on the node itself)."""

    graph: sp.csr_matrix      # kept nodes with the shortcuts
    kept: np.ndarray          # node of each kept index
    kept_index: np.ndarray    # node -> kept index, -1 when eliminated
    eliminated: np.ndarray    # eliminated nodes
    position: np.ndarray      # node -> row in ``neighbour``, -1 when kept
    neighbour: np.ndarray     # (eliminated, 4) kept index of each neighbour, -1 padding
    length: np.ndarray        # (eliminated, 4) edge length to it, inf padding


def eliminate_independent(graph: sp.csr_matrix, seed: int = 0) -> Elimination:
    """Pick a maximal independent set among the nodes of degree <= 4 (a few rounds of random priorities:
    a node is taken when it beats every free neighbour) and replace it by shortcuts."""
    graph = graph.tocsr()
    n = graph.shape[0]
    indptr, head, weight = graph.indptr.astype(np.int64), graph.indices.astype(np.int64), graph.data
    degree = np.diff(indptr)
    tail = np.repeat(np.arange(n), degree)
    rng = np.random.default_rng(seed)
    taken = np.zeros(n, dtype=bool)
    blocked = degree > ELIMINATE_MAX_DEGREE
    for _ in range(8):
        free = ~taken & ~blocked
        if not free.any():
            break
        priority = np.where(free, rng.random(n), -1.0)
        best_neighbour = np.full(n, -2.0)
        np.maximum.at(best_neighbour, tail, priority[head])
        chosen = free & (priority > best_neighbour)
        taken |= chosen
        blocked |= chosen
        blocked[head[chosen[tail]]] = True
    kept = np.flatnonzero(~taken)
    kept_index = np.full(n, -1, dtype=np.int64)
    kept_index[kept] = np.arange(len(kept))
    between = ~taken[tail] & ~taken[head]
    rows, cols, data = [kept_index[tail[between]]], [kept_index[head[between]]], [weight[between]]
    eliminated = np.flatnonzero(taken)
    neighbour = np.full((len(eliminated), ELIMINATE_MAX_DEGREE), -1, dtype=np.int64)
    length = np.full((len(eliminated), ELIMINATE_MAX_DEGREE), np.inf)
    for i in range(ELIMINATE_MAX_DEGREE):
        has = degree[eliminated] > i
        entry = indptr[eliminated[has]] + i
        neighbour[has, i] = kept_index[head[entry]]
        length[has, i] = weight[entry]
    for i in range(ELIMINATE_MAX_DEGREE):
        for j in range(ELIMINATE_MAX_DEGREE):
            pair = (neighbour[:, i] >= 0) & (neighbour[:, j] >= 0) & (i != j)
            rows.append(neighbour[pair, i])
            cols.append(neighbour[pair, j])
            data.append(length[pair, i] + length[pair, j])
    core = _min_csr(np.concatenate(rows), np.concatenate(cols), np.concatenate(data), len(kept))
    position = np.full(n, -1, dtype=np.int64)
    position[eliminated] = np.arange(len(eliminated))
    return Elimination(graph=core, kept=kept, kept_index=kept_index, eliminated=eliminated,
                       position=position, neighbour=neighbour, length=length)


def _search(graph: sp.csr_matrix, elimination: Elimination | None, rows: np.ndarray, cols: np.ndarray,
            data: np.ndarray, k: int, limit: float) -> np.ndarray:
    """(k, nodes of ``graph``) distances from ``k`` virtual sources with one-way edges ``rows[i]`` ->
    ``cols[i]`` of weight ``data[i]``: one Dijkstra call, on the graph or on its elimination."""
    n = graph.shape[0]
    if elimination is None:
        found = dijkstra(_augmented(graph, rows, cols, data, k), directed=True, indices=np.arange(n, n + k),
                         limit=limit)
        return found[:, :n]
    e = elimination
    nk = len(e.kept)
    on_kept = e.kept_index[cols] >= 0
    where = e.position[cols[~on_kept]]
    # a facility on an eliminated node: to each of its (kept) neighbours
    spread_rows = np.repeat(rows[~on_kept], ELIMINATE_MAX_DEGREE)
    spread_cols = e.neighbour[where].ravel()
    spread_data = (data[~on_kept][:, None] + e.length[where]).ravel()
    real = spread_cols >= 0
    found = dijkstra(_augmented(e.graph, np.concatenate([rows[on_kept], spread_rows[real]]),
                                np.concatenate([e.kept_index[cols[on_kept]], spread_cols[real]]),
                                np.concatenate([data[on_kept], spread_data[real]]), k),
                     directed=True, indices=np.arange(nk, nk + k), limit=limit)
    result = np.empty((k, n))
    result[:, e.kept] = found[:, :nk]
    best = np.full((k, len(e.eliminated)), np.inf)
    for i in range(ELIMINATE_MAX_DEGREE):  # a missing neighbour (-1) has an infinite length
        np.minimum(best, found[:, np.maximum(e.neighbour[:, i], 0)] + e.length[:, i], out=best)
    np.minimum.at(best, (rows[~on_kept], where), data[~on_kept])
    result[:, e.eliminated] = best
    if np.isfinite(limit):
        result[result > limit] = np.inf
    return result


def _augmented(graph: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, data: np.ndarray,
               k: int) -> sp.csr_matrix:
    """``graph`` with ``k`` virtual nodes appended; virtual row ``rows[i]`` (0..k-1) has a one-way edge to
    ``cols[i]`` of weight ``data[i]``. Built by appending rows to the CSR arrays (no copy of the sparse
    structure through coo, no sort of the network's edges)."""
    n = graph.shape[0]
    # the smallest weight of repeated (virtual, node) pairs
    order = np.lexsort((data, cols, rows))
    rows, cols, data = rows[order], cols[order], data[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, data = rows[first], cols[first], data[first]
    counts = np.bincount(rows, minlength=k)
    indptr = np.concatenate([graph.indptr, graph.indptr[-1] + np.cumsum(counts)]).astype(graph.indptr.dtype)
    indices = np.concatenate([graph.indices, cols.astype(graph.indices.dtype)])
    weights = np.concatenate([graph.data, data])
    return sp.csr_matrix((weights, indices, indptr), shape=(n + k, n + k))


def nearest_by_category(network: StreetNetwork, sources: dict[str, tuple[np.ndarray, np.ndarray]],
                        horizon: float | None = None, *, contract: bool | None = None,
                        eliminate: bool | None = None) -> dict[str, np.ndarray]:
    """For every node, the walking distance to the nearest source of each category.

    ``sources`` maps a category to (node indices, access distances in metres) of its facilities.
    Returns category → array of node distances; ``inf`` where no facility of the category can be reached
    (another network island) or none lies within ``horizon``. Callers turn ``inf`` into an explicit
    status (:mod:`zorgzaam.environment.reach`). All categories share one Dijkstra call over one matrix.

    ``contract``: search the network with its degree-2 chains contracted (identical distances); ``None``
    decides by the share of degree-2 nodes (:data:`CONTRACT_FROM_SHARE`). ``eliminate``: search without
    an independent set of low-degree nodes (:class:`Elimination`, identical distances); ``None`` decides by
    the size of the graph searched (:data:`ELIMINATE_FROM_NODES`)."""
    n = network.node_count
    names = [name for name, (nodes, _) in sources.items() if len(nodes)]
    if not names:
        return {name: np.full(n, np.inf) for name in sources}
    k = len(names)
    category = np.repeat(np.arange(k), [len(sources[name][0]) for name in names])
    node = np.concatenate([np.ravel(sources[name][0]) for name in names]).astype(np.int64, copy=False)
    # a zero access distance becomes a tiny positive weight (explicit zeros are not edges for csgraph)
    alpha = np.maximum(np.concatenate([np.ravel(sources[name][1]) for name in names]).astype(float), 1e-6)
    limit = np.inf if horizon is None else float(horizon)
    if contract is None:
        contract = network.chain_share() >= CONTRACT_FROM_SHARE
    searched = len(network.contraction().core) if contract else n
    if eliminate is None:
        eliminate = searched >= ELIMINATE_FROM_NODES
    elimination = network.elimination(contract) if eliminate else None
    if not contract:
        distances = _search(network.graph(), elimination, category, node, alpha, k, limit)
    else:
        distances = _nearest_contracted(network.contraction(), elimination, n, k, category, node, alpha, limit)
    return {name: distances[names.index(name)] if name in names else np.full(n, np.inf) for name in sources}


def _nearest_contracted(chains: ChainContraction, elimination: Elimination | None, n: int, k: int,
                        category: np.ndarray, node: np.ndarray, alpha: np.ndarray, limit: float) -> np.ndarray:
    """(k, n) distances through the contracted network; see :class:`ChainContraction`."""
    on_core = chains.core_index[node] >= 0
    position = chains.inner_index[node[~on_core]]
    # a facility on a core node is joined to it; one inside a chain to both chain ends
    rows = np.concatenate([category[on_core], category[~on_core], category[~on_core]])
    cols = np.concatenate([chains.core_index[node[on_core]], chains.a[position], chains.b[position]])
    data = np.concatenate([alpha[on_core], alpha[~on_core] + chains.xa[position],
                           alpha[~on_core] + chains.xb[position]])
    core = _search(chains.graph, elimination, rows, cols, data, k, limit)
    result = np.empty((k, n))
    result[:, chains.core] = core
    result[:, chains.inner] = np.minimum(core[:, chains.a] + chains.xa, core[:, chains.b] + chains.xb)
    if len(position):
        # along the chain itself from a facility inside it
        lo = np.searchsorted(chains.chain, chains.chain[position], side="left")
        hi = np.searchsorted(chains.chain, chains.chain[position], side="right")
        size = hi - lo
        which = np.repeat(np.arange(len(position)), size)
        member = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size) + lo[which]
        along = alpha[~on_core][which] + np.abs(chains.xa[member] - chains.xa[position][which])
        np.minimum.at(result, (category[~on_core][which], chains.inner[member]), along)
    if np.isfinite(limit):
        result[result > limit] = np.inf
    return result


def distances_from(network: StreetNetwork, nodes: np.ndarray, access: np.ndarray | None = None,
                   limit: float | None = None) -> np.ndarray:
    """Walking distance from each of ``nodes`` (plus its access distance) to every node: (len(nodes), n)."""
    nodes = np.asarray(nodes, dtype=np.int64)
    result = dijkstra(network.graph(), directed=False, indices=nodes,
                      limit=np.inf if limit is None else float(limit))
    result = np.atleast_2d(result)
    if access is not None:
        result = result + np.asarray(access, dtype=float)[:, None]
    return result

