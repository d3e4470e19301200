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
* :func:`snap` — nearest network node of arbitrary points (a KD-tree) and the straight access distance.
* :func:`isochrone` — the area reachable within a distance from a point: the reachable parts of the
  street edges, buffered.

Walking time is distance / speed; :data:`WALKING_SPEEDS` gives defaults (slower for older people)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from zorgzaam.messages import ZorgzaamError, register

register({
    "network_empty": (
        "Het stratennetwerk is leeg (geen wegen).",
        "The street network is empty (no ways).",
    ),
    "network_file_bad": (
        "Het bestand is geen opgeslagen stratennetwerk: {detail}",
        "The file is not a saved street network: {detail}",
    ),
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

    @property
    def node_count(self) -> int:
        return len(self.xy)

    @property
    def edge_count(self) -> int:
        return len(self.u)

    def graph(self) -> sp.csr_matrix:
        """The symmetric CSR adjacency matrix (shortest of parallel edges)."""
        if self._graph is None:
            n = self.node_count
            rows = np.concatenate([self.u, self.v])
            cols = np.concatenate([self.v, self.u])
            data = np.concatenate([self.length, self.length])
            # duplicates: keep the minimum (coo -> csr would sum them)
            order = np.lexsort((data, cols, rows))
            rows, cols, data = rows[order], cols[order], data[order]
            first = np.ones(len(rows), dtype=bool)
            first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
            self._graph = sp.csr_matrix((data[first], (rows[first], cols[first])), shape=(n, n))
        return self._graph

    def tree(self) -> cKDTree:
        if self._tree is None:
            self._tree = cKDTree(self.xy)
        return self._tree

    def degree(self) -> np.ndarray:
        return np.diff(self.graph().indptr)

    def components(self) -> tuple[int, np.ndarray]:
        return connected_components(self.graph(), directed=False)

    def bounds(self) -> tuple[float, float, float, float]:
        return (float(self.xy[:, 0].min()), float(self.xy[:, 1].min()),
                float(self.xy[:, 0].max()), float(self.xy[:, 1].max()))

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, xy=self.xy, u=self.u, v=self.v, length=self.length,
                            meta=np.array([self.source, "1" if self.is_fictional else "0"]))

    @classmethod
    def load(cls, path: str | Path) -> StreetNetwork:
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = data["meta"]
                return cls(xy=data["xy"], u=data["u"], v=data["v"], length=data["length"],
                           source=str(meta[0]), is_fictional=str(meta[1]) == "1")
        except (OSError, KeyError, ValueError) as error:
            raise ZorgzaamError("network_file_bad", detail=str(error), file=str(path)) from error


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


def nearest_by_category(network: StreetNetwork, sources: dict[str, tuple[np.ndarray, np.ndarray]],
                        horizon: float | None = None) -> dict[str, np.ndarray]:
    """For every node, the walking distance to the nearest source of each category.

    ``sources`` maps a category to (node indices, access distances in metres) of its facilities.
    Returns category → array of node distances; ``inf`` where no facility of the category can be reached
    (another network island) or none lies within ``horizon``. Callers turn ``inf`` into an explicit
    status (:mod:`zorgzaam.environment.reach`)."""
    graph = network.graph()
    n = network.node_count
    names = [name for name, (nodes, _) in sources.items() if len(nodes)]
    result = {name: np.full(n, np.inf) for name in sources}
    if not names:
        return result
    k = len(names)
    # one-way edges from virtual node n+c to the category's nodes; a zero access distance becomes a
    # tiny positive weight (explicit zeros are not edges for csgraph)
    v_rows, v_cols, v_data = [], [], []
    for c, name in enumerate(names):
        nodes, access = sources[name]
        nodes = np.asarray(nodes, dtype=np.int64)
        access = np.maximum(np.asarray(access, dtype=float), 1e-6)
        # several facilities on one node: the smallest access distance
        order = np.lexsort((access, nodes))
        nodes, access = nodes[order], access[order]
        first = np.ones(len(nodes), dtype=bool)
        first[1:] = nodes[1:] != nodes[:-1]
        v_rows.append(np.full(first.sum(), n + c))
        v_cols.append(nodes[first])
        v_data.append(access[first])
    virtual = sp.csr_matrix((np.concatenate(v_data), (np.concatenate(v_rows), np.concatenate(v_cols))),
                            shape=(n + k, n + k))
    padded = sp.csr_matrix((graph.data, graph.indices, np.concatenate([graph.indptr, np.full(k, graph.indptr[-1])])),
                           shape=(n + k, n + k))
    augmented = (padded + virtual).tocsr()
    distances = dijkstra(augmented, directed=True, indices=np.arange(n, n + k),
                         limit=np.inf if horizon is None else float(horizon))
    for c, name in enumerate(names):
        result[name] = distances[c, :n]
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


def isochrone(network: StreetNetwork, point_xy: tuple[float, float], distance: float,
              buffer: float = 25.0) -> tuple[shapely.Geometry, dict]:
    """The area within ``distance`` metres walking of a point (EPSG:31370), and facts about it.

    The point walks straight to its nearest node (that access distance counts); from there every edge is
    followed as far as the remaining distance allows, partly where the end lies beyond it. The reachable
    pieces are buffered by ``buffer`` metres (the street and the plots along it)."""
    node, access = snap(network, np.asarray([point_xy]))
    budget = float(distance) - float(access[0])
    if budget <= 0:
        empty = shapely.Point(point_xy).buffer(max(float(distance), 0.0))
        return empty, {"access_m": float(access[0]), "nodes": 0, "method": "straight_line_only"}
    d = dijkstra(network.graph(), directed=False, indices=int(node[0]), limit=budget)
    u, v, length, xy = network.u, network.v, network.length, network.xy
    du, dv = d[u], d[v]
    pieces = []
    full = (du + length <= budget) | (dv + length <= budget) | ((du <= budget) & (dv <= budget) & (du + dv + length <= 2 * budget))
    for a, b in zip(u[full], v[full], strict=True):
        pieces.append(shapely.LineString([xy[a], xy[b]]))
    partial = ~full & (np.isfinite(du) | np.isfinite(dv))
    for a, b, la, lb, ln in zip(u[partial], v[partial], du[partial], dv[partial], length[partial], strict=True):
        for start, end, reached in ((a, b, la), (b, a, lb)):
            if np.isfinite(reached) and reached < budget:
                share = min(1.0, (budget - reached) / ln)
                tip = xy[start] + share * (xy[end] - xy[start])
                pieces.append(shapely.LineString([xy[start], tip]))
    reachable = int(np.isfinite(d).sum())
    if not pieces:
        shape = shapely.Point(xy[node[0]]).buffer(buffer)
    else:
        shape = shapely.union_all(shapely.buffer(np.array(pieces, dtype=object), buffer, quad_segs=4))
    return shape, {"access_m": float(access[0]), "nodes": reachable, "method": "network"}
