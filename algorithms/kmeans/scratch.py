"""k-means in NumPy: Lloyd's algorithm from k-means++ (or random, or given) centres.

Shapes: N samples, D features, k clusters; centres C (k, D), labels (N,) in 0..k-1.

    objective  inertia = sum_i |x_i - C_label(i)|^2, the within-cluster sum of squares
    E-step     label(i) = argmin_j |x_i - C_j|^2                    (nearest_centres)
    M-step     C_j = mean of the x_i labelled j                     (cluster_sums)
    empty      a cluster left with no point takes the point farthest from its own centre
               (scikit-learn's rule), so k clusters stay k
    stop       when no label changes ("strict convergence"), or when the centres moved by
               sum_j |C_j,new - C_j,old|^2 <= tol x mean_d var(X[:, d]); after a tol stop the
               labels are recomputed from the final centres
    k-means++  first centre: a point drawn uniformly; each next one: 2 + ln k candidates drawn
               with probability proportional to D(x)^2 (the squared distance to the nearest
               centre so far), keeping the candidate that lowers the total D(x)^2 most
               ("greedy" k-means++)

The file opens with the two steps in textbook form; the fast form that follows takes the
distances as |C|^2 - 2 x . C in chunks of rows and is checked equal to it.
X is centred (its mean subtracted) before all of this, which keeps |C|^2 - 2 x . C accurate,
and the mean is added back to the centres at the end. The random draws use NumPy's legacy
RandomState(random_state) in the order scikit-learn makes them, so that the same seed picks
the same initial centres on both sides. The k-means++ totals are summed as scikit-learn sums
them (products with a vector of ones): two candidates can tie exactly (it happens on small
data), and then the last bit of each total decides.

float32 data stays float32 in Lloyd's iterations and the centres, as in scikit-learn; k-means++
and transform take their distances in float64 and round them to float32, as scikit-learn's
euclidean_distances does.
"""

import warnings

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, float_dtype
from algorithms._model_checks import check_kmeans, check_squares_fit
from algorithms._params import (
    SEED,
    AnArray,
    Either,
    Integer,
    Options,
    RandomState,
    Real,
    check_hyperparameters,
)

# --- the idea: Lloyd's two steps, textbook form -----------------------------------------------

def nearest_centres(X, C):
    """E-step: labels (N,), label(i) = argmin_j |x_i - C_j|^2, the (N, k) distances whole."""
    distances = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)     # (N, k)
    return distances.argmin(axis=1).astype(np.int32)                  # the first of equals


def cluster_sums(X, labels, k):
    """M-step's totals: (sums (k, D), counts (k,)) of the points of each cluster; the new
    centre C_j is sums_j / counts_j."""
    sums = np.array([X[labels == j].sum(axis=0) for j in range(k)])   # (k, D)
    return sums, np.bincount(labels, minlength=k).astype(X.dtype)


# --- the fast form: chunks of rows, an unrolled argmin --------------------------------------
# The same two steps without an (N, k, D) or (N, k) array: the distances as |C|^2 - 2 x.C (one
# (k, D) @ (D, B) product per chunk of B rows; |x|^2 is the same for every centre), the argmin
# unrolled over the k centres, and the sums as a one-hot product per chunk.

BLOCK = 2**20                                  # floats in one (rows, k) block of distances


def chunks(n_samples, k):
    """Row slices of BLOCK / k rows (at least 256): a (rows, k) block stays within 8 MB
    unless k passes 4096."""
    step = max(256, BLOCK // k)
    return (slice(start, start + step) for start in range(0, n_samples, step))


def nearest_centres_chunked(X, C):
    """nearest_centres, in row chunks."""
    C_squared = (C**2).sum(axis=1)                                     # (k,)
    labels = np.zeros(len(X), dtype=np.int32)
    for rows in chunks(len(X), len(C)):
        partial = -2 * (C @ X[rows].T) + C_squared[:, None]           # |C|^2 - 2 x.C (k, B)
        # argmin over the k centres as k whole-row comparisons (argmin over rows of k values
        # is 3x slower); "<" keeps the first of equal distances, as argmin does
        nearest, chunk_labels = partial[0].copy(), labels[rows]        # a view into labels
        for j in range(1, len(C)):
            closer = partial[j] < nearest
            chunk_labels[closer] = j
            np.minimum(nearest, partial[j], out=nearest)
    return labels


def cluster_sums_chunked(X, labels, k):
    """cluster_sums, in row chunks."""
    sums = np.zeros((k, X.shape[1]), dtype=X.dtype)
    for rows in chunks(len(X), k):
        one_hot = np.arange(k)[:, None] == labels[rows]                # (k, B)
        sums += one_hot.astype(X.dtype) @ X[rows]                      # (k, D)
    return sums, np.bincount(labels, minlength=k).astype(X.dtype)


def squared_norms(A):
    return np.einsum("ij,ij->i", A, A)                                 # |a_i|^2 (len(A),)


def squared_distances(A, B):
    """|a_i - b_j|^2 (len(A), len(B)), as |a|^2 - 2 a.b + |b|^2, clipped at 0."""
    return np.maximum(-2 * (A @ B.T) + squared_norms(A)[:, None] + squared_norms(B), 0)


def kmeans_plusplus(X, k, random_state):
    """Greedy k-means++: k rows of X, each the best of 2 + ln k candidates."""
    n_trials = 2 + int(np.log(k))
    ones = np.ones(len(X), dtype=X.dtype)
    first = random_state.choice(len(X), p=ones / len(X))
    centres = [X[first]]
    closest = upcast_distances(X[first][None], X)[0]                   # D(x)^2 (N,)
    potential = closest @ ones
    for _ in range(1, k):
        draws = random_state.uniform(size=n_trials) * potential        # D(x)^2-weighted
        candidates = np.searchsorted(np.cumsum(closest, dtype=np.float64), draws)
        candidates = np.minimum(candidates, len(X) - 1)
        closest_if = np.minimum(closest, upcast_distances(X[candidates], X))  # (trials, N)
        potentials = (closest_if @ ones[:, None])[:, 0]                # total D(x)^2 each
        best = np.argmin(potentials)                                   # the lowest wins
        potential, closest = potentials[best], closest_if[best]
        centres.append(X[candidates[best]])
    return np.array(centres)


def upcast_distances(A, B):
    """squared_distances taken in float64 and returned in A's precision, as scikit-learn's
    euclidean_distances does for float32."""
    return squared_distances(A.astype(np.float64, copy=False),
                             B.astype(np.float64, copy=False)).astype(A.dtype, copy=False)


def relocate_empty(X, labels, C_old, sums, counts):
    """Give each empty cluster the point farthest from its own centre (in place)."""
    empty = np.flatnonzero(counts == 0)
    if len(empty) == 0:
        return
    distances = ((X - C_old[labels]) ** 2).sum(axis=1)
    if distances.max() == 0:                       # fewer distinct points than clusters
        return
    farthest = np.argpartition(distances, -len(empty))[:-len(empty) - 1:-1]
    for j, i in zip(empty, farthest, strict=True):
        sums[labels[i]] -= X[i]
        counts[labels[i]] -= 1
        sums[j], counts[j] = X[i], 1


def lloyd(X, C, max_iter, tol):
    """(labels, centres, iterations) of Lloyd's algorithm from centres C on centred X."""
    labels_old = np.full(len(X), -1)
    strict, iterations = False, 0
    while iterations < max_iter:
        iterations += 1
        labels = nearest_centres_chunked(X, C)                                 # E-step
        sums, counts = cluster_sums_chunked(X, labels, len(C))
        relocate_empty(X, labels, C, sums, counts)
        biggest = np.argmax(counts)
        C_new = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None],
                         sums[biggest] / counts[biggest])              # M-step: the means
        shift = ((C_new - C) ** 2).sum()                               # sum_j |dC_j|^2
        C = C_new
        if np.array_equal(labels, labels_old):
            strict = True
            break
        if shift <= tol:
            break
        labels_old = labels
    if not strict:
        labels = nearest_centres_chunked(X, C)                                 # match final centres
    return labels, C, iterations


def same_clustering(a, b):
    """Whether labels a and b split the points alike, up to renaming the clusters."""
    pairs = np.unique(np.stack([a, b]), axis=1)
    return len(np.unique(pairs[0])) == len(np.unique(pairs[1])) == pairs.shape[1]


class KMeans:
    """k-means clustering with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    n_clusters : int >= 1, the number of clusters k.
    init : "k-means++", "random" (k distinct points drawn uniformly) or an array (k, D).
    n_init : int >= 1 or "auto" (1 for k-means++ and an array, 10 for random): runs from
        different initial centres, keeping the lowest inertia.
    max_iter : int >= 1, Lloyd iterations per run at most.
    tol : float >= 0, the centre movement that counts as converged, relative to the mean
        feature variance.
    random_state : int, seeds NumPy's RandomState for the initial centres; or a RandomState
        to draw them from (a Gaussian mixture's, which goes on drawing from it).
    """

    hyperparameters = {
        "n_clusters": Integer(low=1),
        "init": Either((Options("k-means++", "random"), AnArray())),
        "n_init": Either((Options("auto"), Integer(low=1))),
        "max_iter": Integer(low=1),
        "tol": Real(low=0),
        # a seed, or the RandomState a Gaussian mixture draws its starts from
        "random_state": Either((SEED, RandomState())),
    }

    def __init__(self, n_clusters=8, init="k-means++", n_init="auto", max_iter=300, tol=1e-4,
                 random_state=0):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X, y=None):
        """Cluster X (N, D); y is ignored."""
        check_hyperparameters(self)
        X = check_X(X, dtype=float_dtype(X))
        check_squares_fit(X)
        init, n_init = check_kmeans(self, X)
        random_state = self.random_state                               # a seed or a generator
        if not isinstance(random_state, np.random.RandomState):
            random_state = np.random.RandomState(random_state)
        X_mean = X.mean(axis=0)
        X = X - X_mean                                                 # centred, a copy
        tol = self.tol * np.var(X, axis=0).mean()
        best_inertia = best_labels = None
        for _ in range(n_init):
            if isinstance(init, np.ndarray):
                C = init.astype(X.dtype) - X_mean
            elif init == "k-means++":
                C = kmeans_plusplus(X, self.n_clusters, random_state)
            else:                                                      # k distinct points
                C = X[random_state.choice(len(X), size=self.n_clusters, replace=False,
                                          p=np.ones(len(X)) / len(X))]
            labels, C, n_iter = lloyd(X, C, self.max_iter, tol)
            inertia = ((X - C[labels]) ** 2).sum()                     # within-cluster SS
            if best_inertia is None or (inertia < best_inertia
                                        and not same_clustering(labels, best_labels)):
                best_labels, best_C, best_inertia, best_n_iter = labels, C, inertia, n_iter
        if len(np.unique(best_labels)) < self.n_clusters:
            warnings.warn(f"Number of distinct clusters ({len(np.unique(best_labels))}) found "
                          f"smaller than n_clusters ({self.n_clusters}). Possibly due to "
                          "duplicate points in X.", stacklevel=2)
        self.n_features_in_ = X.shape[1]
        self.cluster_centers_ = best_C + X_mean                        # (k, D)
        self.labels_ = best_labels
        self.inertia_ = float(best_inertia)
        self.n_iter_ = best_n_iter
        return self

    def predict(self, X):
        """The nearest centre's label (N,) for each row of X."""
        check_is_fitted(self, "cluster_centers_")
        X = check_X(X, dtype=self.cluster_centers_.dtype, n_features=self.n_features_in_)
        return nearest_centres_chunked(X, self.cluster_centers_)

    def transform(self, X):
        """Euclidean distances (N, k) from each row of X to each centre."""
        check_is_fitted(self, "cluster_centers_")
        X = check_X(X, dtype=self.cluster_centers_.dtype, n_features=self.n_features_in_)
        # in float64 whatever X's precision: |x|^2 - 2 x.c + |c|^2 cancels near a centre
        return np.sqrt(upcast_distances(X, self.cluster_centers_))
