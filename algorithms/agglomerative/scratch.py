"""Agglomerative (hierarchical) clustering in NumPy: start from single points, merge the two
closest clusters, N - 1 times.

Shapes: N samples, D features; the merge tree children_ (N - 1, 2) with distances_ (N - 1,);
cluster ids 0..N-1 are the points, N + s the cluster made at step s.

    distances  d(a, b) between clusters, updated after each merge of i and j by the
               Lance-Williams formula, from the old distances alone (no pass over X):
               single    d(k, i+j) = min(d_ki, d_kj)
               complete  d(k, i+j) = max(d_ki, d_kj)
               average   d(k, i+j) = (n_i d_ki + n_j d_kj) / (n_i + n_j)
               ward      d(k, i+j) = sqrt(((n_k + n_i) d_ki^2 + (n_k + n_j) d_kj^2
                                           - n_k d_ij^2) / (n_i + n_j + n_k))
               (Ward's d is the increase of the within-cluster sum of squares, as a distance)
    search     the closest pair of the whole matrix (merge_tree, the textbook form the file
               opens with); the fast form after it keeps each row's nearest active cluster
               and recomputes only the rows that pointed at i or j: O(N) a step, not O(N^2)
    cut        n_clusters clusters: undo the last n_clusters - 1 merges, largest id first
               (scikit-learn's _hc_cut, whose numbering of the clusters this follows)

These four linkages never merge at a smaller distance than before, so the merges come out
sorted by distance, as scipy's linkage matrix lists them.
"""

import heapq

import numpy as np

from algorithms._inputs import check_X
from algorithms._model_checks import check_squares_fit
from algorithms._params import Integer, Options, check_hyperparameters

LINKAGES = ("ward", "complete", "average", "single")


# --- the idea: the closest pair, N - 1 times, textbook form ---------------------------------

def merge_tree(X, linkage):
    """(children (N - 1, 2), distances (N - 1,)): N - 1 times, the closest two clusters of the
    whole distance matrix merge, and their distances to the rest follow Lance-Williams."""
    N = len(X)
    D, size, cluster_id = distance_matrix(X), np.ones(N), np.arange(N)
    children, distances = np.empty((N - 1, 2), dtype=np.int64), np.empty(N - 1)
    for step in range(N - 1):
        i, j = np.unravel_index(np.argmin(D), D.shape)                 # the closest pair
        children[step], distances[step] = sorted((cluster_id[i], cluster_id[j])), D[i, j]
        _merge(D, size, cluster_id, i, j, linkage, N + step)
    return children, distances


def distance_matrix(X):
    """|x_i - x_j| (N, N) from the differences, as scipy's pdist takes them (a duplicated point
    is at exactly 0), a block of rows at a time; inf on the diagonal: no point merges with
    itself."""
    D = np.empty((len(X), len(X)))
    step = max(1, 2**20 // X.size)
    for start in range(0, len(X), step):
        rows = slice(start, start + step)
        D[rows] = np.sqrt(((X[rows, None, :] - X[None, :, :]) ** 2).sum(axis=2))  # (B, N)
    np.fill_diagonal(D, np.inf)
    return D


def lance_williams(linkage, d_ki, d_kj, d_ij, n_k, n_i, n_j):
    """d(k, i+j) for every cluster k, from its distances to i and j alone."""
    if linkage == "single":
        return np.minimum(d_ki, d_kj)
    if linkage == "complete":
        return np.maximum(d_ki, d_kj)
    if linkage == "average":
        return (n_i * d_ki + n_j * d_kj) / (n_i + n_j)
    t = 1 / (n_i + n_j + n_k)                      # ward, rounded as scipy's _ward rounds it
    with np.errstate(invalid="ignore"):                                # inf - inf at dead rows
        return np.sqrt((n_k + n_i) * t * d_ki * d_ki + (n_k + n_j) * t * d_kj * d_kj
                       - n_k * t * d_ij * d_ij)


def _merge(D, size, cluster_id, i, j, linkage, new_id):
    """Merge slot j into slot i (in place): i's row and column become the new cluster's."""
    merged = lance_williams(linkage, D[i], D[j], D[i, j], size, size[i], size[j])
    merged[[i, j]] = np.inf
    D[i], D[:, i] = merged, merged                                     # slot i: the new one
    D[j], D[:, j] = np.inf, np.inf                                     # slot j: gone
    size[i], cluster_id[i] = size[i] + size[j], new_id
    return merged


# --- the fast form: chains of nearest neighbours, and the spanning tree --------------------
# The same tree without searching the whole matrix at each merge. For ward, complete and
# average linkage, two clusters that are each other's nearest can merge at once (merging never
# brings a third cluster closer to them): follow a chain of nearest neighbours until its last
# two point at each other, merge them, and go on from the rest of the chain, O(N) a step. For
# single linkage, the merges are the edges of the minimum spanning tree, grown one point at a
# time (Prim). Either way the merges come out of order: a stable sort by distance puts them in
# order and `relabel` names the clusters. Among equal distances this is the order scipy's
# nn_chain and scikit-learn's mst_linkage_core give (which nearest a scan keeps, the first
# found), so the trees agree on tied data too, where the textbook form may pick another of the
# equally close pairs.

def merge_tree_fast(X, linkage):
    """merge_tree, by nearest-neighbour chains (or the spanning tree for single linkage)."""
    D = distance_matrix(X)
    merges = minimum_spanning_tree(D) if linkage == "single" else nearest_neighbour_chain(
        D, linkage)
    merges = merges[np.argsort(merges[:, 2], kind="stable")]           # (N - 1, 3) by distance
    return relabel(merges[:, :2].astype(np.int64), len(X)), merges[:, 2]


def nearest_neighbour_chain(D, linkage):
    """(N - 1, 3) merges (slot x, slot y, distance) in the order the chain finds them; D is
    used up. The merged cluster takes the larger slot y."""
    N = len(D)
    size, chain, merges = np.ones(N), [], np.empty((N - 1, 3))
    for step in range(N - 1):
        if not chain:
            chain = [int(np.argmax(size > 0))]                         # the first cluster left
        while True:
            x = chain[-1]
            y = int(np.argmin(D[x]))                                   # the first of the nearest
            if len(chain) > 1 and D[x, y] >= D[x, chain[-2]]:          # ... but the one before
                y = chain[-2]                                          # in the chain wins ties
                break
            chain.append(y)
        chain = chain[:-2]
        x, y = sorted((x, y))
        merges[step] = x, y, D[x, y]
        merged = lance_williams(linkage, D[x], D[y], D[x, y], size, size[x], size[y])
        size[y], size[x] = size[x] + size[y], 0
        merged[(size == 0) | (np.arange(N) == y)] = np.inf             # no distance to itself
        D[y], D[:, y] = merged, merged                                 # slot y: the new one
        D[x], D[:, x] = np.inf, np.inf                                 # slot x: gone
    return merges


def minimum_spanning_tree(D):
    """(N - 1, 3) edges (from, to, length) of the minimum spanning tree, in the order Prim's
    algorithm adds them from point 0: each step joins the point nearest the tree."""
    N = len(D)
    in_tree, to_tree = np.zeros(N, dtype=bool), np.full(N, np.inf)
    edges, current = np.empty((N - 1, 3)), 0
    for step in range(N - 1):
        in_tree[current] = True
        np.minimum(to_tree, D[current], out=to_tree)                   # via the newest point
        to_tree[in_tree] = np.inf
        nearest = int(np.argmin(to_tree))                              # the first of the nearest
        edges[step] = current, nearest, to_tree[nearest]
        current = nearest
    return edges


def relabel(pairs, N):
    """children (N - 1, 2): each merge of two points' clusters (pairs sorted by distance) as
    the ids of those clusters, the one made at step s being N + s (a union-find)."""
    parent = np.arange(2 * N - 1)

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]                        # halve the path
            node = parent[node]
        return node

    children = np.empty_like(pairs)
    for step, (a, b) in enumerate(pairs):
        children[step] = sorted((root(a), root(b)))
        parent[children[step]] = N + step
    return children


def cut(children, n_leaves, n_clusters):
    """labels (N,): the clusters left after undoing the last n_clusters - 1 merges."""
    nodes = [-(max(children[-1]) + 1)]                                 # the root, negated
    for _ in range(n_clusters - 1):                                    # split the largest id
        left, right = children[-nodes[0] - n_leaves]
        heapq.heappush(nodes, -left)
        heapq.heappushpop(nodes, -right)
    labels = np.empty(n_leaves, dtype=np.int64)
    for label, node in enumerate(nodes):
        stack = [-node]
        while stack:                                                   # every leaf below it
            node_id = stack.pop()
            if node_id < n_leaves:
                labels[node_id] = label
            else:
                stack.extend(children[node_id - n_leaves])
    return labels


class AgglomerativeClustering:
    """Hierarchical clustering with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    n_clusters : int >= 1, the clusters left when the merging stops.
    linkage : "ward", "complete", "average" or "single": the distance between clusters.
    """

    hyperparameters = {"n_clusters": Integer(low=1), "linkage": Options(*LINKAGES)}

    def __init__(self, n_clusters=2, linkage="ward"):
        self.n_clusters = n_clusters
        self.linkage = linkage

    def fit(self, X, y=None):
        """Merge the rows of X (N, D) bottom up; y is ignored."""
        check_hyperparameters(self)
        X = check_X(X, dtype=np.float64)
        check_squares_fit(X)
        if len(X) < max(2, self.n_clusters):
            raise ValueError(f"n_samples={len(X)} must be >= 2 and >= n_clusters="
                             f"{self.n_clusters}")
        self.children_, self.distances_ = merge_tree_fast(X, self.linkage)
        self.n_leaves_, self.n_features_in_ = len(X), X.shape[1]
        self.labels_ = cut(self.children_, len(X), self.n_clusters)
        return self

    def fit_predict(self, X, y=None):
        """Cluster X and return the labels (N,)."""
        return self.fit(X).labels_
