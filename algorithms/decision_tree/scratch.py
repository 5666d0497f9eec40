"""CART decision trees in NumPy: greedy binary splits that most reduce impurity.

Shapes: N samples, D features, K classes (a regression tree has one output); a tree of T
nodes, numbered depth first, left child before right.

    weights    a sample of weight w counts w times (a forest passes bootstrap counts);
               samples of weight 0 take no part
    impurity   Gini: 1 - sum_k p_k^2;  entropy: -sum_k p_k log2 p_k;  squared error: the
               variance of y in the node (mean of y^2 minus the squared mean)
    split      at each node, for each feature and each threshold t halfway between two
               consecutive distinct values (x <= t goes left), the children's weighted
               impurity n_L imp_L + n_R imp_R; the lowest wins (the first threshold, then
               the lowest feature, among exact ties)
    search     best_threshold, the textbook form the file opens with, tries each threshold
               of one feature in turn (best_thresholds: each feature in turn); the fast form
               after it sorts the node's values of every feature searched at once, then takes
               class counts (or sums of y and y^2) on the left of every threshold by
               cumulative sums: all (N - 1) x F candidate splits in a few vectorized passes
    stop       a node is a leaf at max_depth, below min_samples_split samples, when it is
               pure, or when no split leaves min_samples_leaf samples on both sides
    predict    follow x <= threshold to a leaf; its class shares (or mean of y)
    importance feature_importances_ = sum over a feature's splits of n imp - n_L imp_L -
               n_R imp_R, normalized to sum to 1

As scikit-learn does, the tree works on a float32 copy of X: thresholds sit halfway between
two float32 values, and values closer than 1e-7 count as equal.
"""

import itertools

import numpy as np

from algorithms._inputs import check_is_fitted, check_sample_weight, check_X, check_X_y
from algorithms._params import (
    MAX_FEATURES,
    SEED,
    Either,
    Integer,
    Optional,
    Options,
    RandomState,
    check_hyperparameters,
)

LEAF, UNDEFINED = -1, -2                     # scikit-learn's markers for "no child", "no split"
FEATURE_THRESHOLD = np.float32(1e-7)         # values closer than this count as one value
EPSILON = np.finfo(np.float64).eps


# --- the idea: one split, textbook form ------------------------------------------------------

def impurity_of(criterion, stats, n):
    """Impurity of nodes from their statistics: class counts (..., K), or (sum y, sum y^2)."""
    if criterion == "squared_error":
        mean = stats[..., 0] / n
        return stats[..., 1] / n - mean * mean                         # E[y^2] - E[y]^2
    shares = stats / n[..., None]
    if criterion == "gini":
        return 1.0 - (stats * stats).sum(axis=-1) / (n * n)            # 1 - sum_k p_k^2
    with np.errstate(divide="ignore", invalid="ignore"):               # log2 as ln / ln 2,
        terms = np.where(shares > 0, shares * (np.log(shares) / np.log(2.0)), 0.0)  # as sklearn
    return -terms.sum(axis=-1)                                         # -sum_k p_k log2 p_k


def halfway(low, high):
    """The threshold between two float32 values, in float64 (low if halfway rounds to high)."""
    threshold = float(low) / 2.0 + float(high) / 2.0
    return float(low) if threshold == high or np.isinf(threshold) else threshold


def best_threshold(x, stats_per_sample, weights, criterion, min_samples_leaf):
    """(-(w_L imp_L + w_R imp_R), t) of the best threshold t of one feature at a node, or None.

    Every t halfway between two consecutive distinct values (x <= t goes left), the children's
    impurities from their own samples; the lowest weighted sum wins, the first among equals.
    x (n,) float32; stats_per_sample (n, S): weighted one-hot classes, or (w y, w y^2);
    weights (n,); min_samples_leaf counts samples, not weight."""
    best = None
    values = np.sort(x)
    for low, high in itertools.pairwise(values):
        left = x <= low
        if high <= low + FEATURE_THRESHOLD or min(left.sum(), (~left).sum()) < min_samples_leaf:
            continue                                   # not two values, or a child too small
        cost = sum(weights[side].sum() * impurity_of(criterion, stats_per_sample[side].sum(
            axis=0), weights[side].sum()) for side in (left, ~left))   # w_L imp_L + w_R imp_R
        if best is None or cost < best[0]:
            best = (cost, halfway(low, high))
    return None if best is None else (-best[0], best[1])


def best_thresholds(X, stats_per_sample, weights, criterion, min_samples_leaf):
    """[best_threshold of each column of X (n, F)]: the features searched at a node."""
    return [best_threshold(x, stats_per_sample, weights, criterion, min_samples_leaf)
            for x in X.T]


# --- the fast form: cumulative sums, every feature at once, and scikit-learn's feature order -
# The same search for all the features a node searches in a few vectorized passes (every
# threshold's children from cumulative sums of the sorted statistics, one column per feature).
# The tree around it visits the features in the order scikit-learn draws them: where two
# features split alike, the first visited wins, so equal seeds must visit alike.

def best_thresholds_by_cumsums(X, stats_per_sample, weights, criterion, min_samples_leaf):
    """best_thresholds in one sort per column and a few vectorized passes: the children's
    statistics of every threshold of every feature at once, as cumulative sums. Its proxy is
    -(w_L imp_L + w_R imp_R) up to a constant for squared error (scikit-learn's proxy, whose
    ties it must break alike)."""
    n, F = X.shape
    if F == 0:
        return []
    order = np.argsort(X, axis=0, kind="stable")                       # (n, F)
    x = X[order, np.arange(F)]                                         # each column sorted
    left = np.cumsum(stats_per_sample[order], axis=0)[:-1]             # (n - 1, F, S)
    right = stats_per_sample.sum(axis=0) - left
    w_left = np.cumsum(weights[order], axis=0)[:-1]                    # (n - 1, F): split after
    w_right = weights.sum() - w_left                                   # row i of the column
    n_left = np.arange(1, n)[:, None]
    valid = ((x[1:] > x[:-1] + FEATURE_THRESHOLD)                      # between two values
             & (n_left >= min_samples_leaf) & (n - n_left >= min_samples_leaf))
    if criterion == "squared_error":                                   # -(w_L var_L + w_R var_R)
        proxy = left[..., 0] ** 2 / w_left + right[..., 0] ** 2 / w_right  # up to a constant
    else:
        proxy = (-w_right * impurity_of(criterion, right, w_right)
                 - w_left * impurity_of(criterion, left, w_left))
    proxy = np.where(valid, proxy, -np.inf)
    best = proxy.argmax(axis=0)                                        # first of equal bests
    return [(proxy[i, f], halfway(x[i, f], x[i + 1, f])) if splits else None
            for f, (i, splits) in enumerate(zip(best, valid.any(axis=0), strict=True))]


class _Tree:
    """The fitted tree as arrays indexed by node, under scikit-learn's tree_ names."""

    def __init__(self):
        self.children_left, self.children_right, self.feature, self.threshold = [], [], [], []
        self.value, self.impurity, self.n_node_samples = [], [], []
        self.weighted_n_node_samples = []

    def add_node(self, value, impurity, n_samples, weighted_n_samples):
        for name, item in (("children_left", LEAF), ("children_right", LEAF),
                           ("feature", UNDEFINED), ("threshold", float(UNDEFINED)),
                           ("value", value), ("impurity", impurity),
                           ("n_node_samples", n_samples),
                           ("weighted_n_node_samples", weighted_n_samples)):
            getattr(self, name).append(item)
        return len(self.feature) - 1

    def finish(self, depth):
        """Lists to arrays; value (T, 1, K) as scikit-learn stores it."""
        for name in ("children_left", "children_right", "feature", "n_node_samples"):
            setattr(self, name, np.array(getattr(self, name), dtype=np.int64))
        self.threshold = np.array(self.threshold)
        self.impurity = np.array(self.impurity)
        self.weighted_n_node_samples = np.array(self.weighted_n_node_samples)
        self.value = np.array(self.value)[:, None, :]
        self.node_count, self.max_depth = len(self.feature), depth

    def apply(self, X):
        """The leaf (N,) each row of X (float32) lands in, all rows moving level by level."""
        node = np.zeros(len(X), dtype=np.int64)
        rows = np.arange(len(X))                                       # rows not at a leaf
        while len(rows) and self.children_left[0] != LEAF:
            at = node[rows]
            goes_left = X[rows, self.feature[at]] <= self.threshold[at]
            node[rows] = reached = np.where(goes_left, self.children_left[at],
                                            self.children_right[at])
            rows = rows[self.children_left[reached] != LEAF]
        return node


class _FeatureOrder:
    """scikit-learn's order of visiting the features at each node, replayed draw for draw.

    Splits of different features can tie exactly (class counts are integers: two features
    that cut off the same samples give the same impurity), and then the feature visited
    first wins. scikit-learn visits them in an order drawn by a partial Fisher-Yates shuffle
    of one feature list that lives across all nodes, driven by a xorshift generator seeded
    from RandomState(random_state), and it moves features found constant in a node to the
    front, where that node's descendants skip them. This class keeps the same list, seed and
    bookkeeping, so that equal seeds visit features alike on both sides.
    """

    def __init__(self, n_features, random_state, max_features):
        self.max_features = max_features
        self.features = list(range(n_features))
        self.constant = list(range(n_features))       # known constants, front first
        if not isinstance(random_state, np.random.RandomState):    # a seed, or a generator
            random_state = np.random.RandomState(random_state)     # shared by many trees
        self.state = int(random_state.randint(0, 2**31 - 1))

    def rand_int(self, low, high):
        """xorshift32, as scikit-learn's our_rand_r: an integer in [low, high)."""
        s = self.state or 1
        s ^= (s << 13) & 0xFFFFFFFF
        s ^= s >> 17
        s ^= (s << 5) & 0xFFFFFFFF
        self.state = s
        return low + (s % 2**31) % (high - low)

    def visit(self, n_known_constants, is_constant):
        """The features to search at a node, in scikit-learn's order: max_features of them,
        more when some drawn are constant; and how many features are known constant for the
        node's children. is_constant (D,) says which are constant in this node."""
        f, known, found, drawn = self.features, n_known_constants, 0, 0
        total, f_i, tries, visited = known, len(f), 0, []
        while f_i > total and (tries < self.max_features or tries <= found + drawn):
            tries += 1
            f_j = self.rand_int(drawn, f_i - found)
            if f_j < known:                                # a constant the parent found
                f[drawn], f[f_j] = f[f_j], f[drawn]
                drawn += 1
                continue
            f_j += found
            if is_constant[f[f_j]]:                        # newly found constant: to the front
                f[f_j], f[total] = f[total], f[f_j]
                found, total = found + 1, total + 1
                continue
            f_i -= 1
            f[f_i], f[f_j] = f[f_j], f[f_i]
            visited.append(f[f_i])
        self.features[:known] = self.constant[:known]      # scikit-learn's invariant
        self.constant[known:known + found] = self.features[known:known + found]
        return visited, total


def max_features_for(max_features, n_features):
    """How many features each node searches: all (None), an int, or "sqrt" / "log2" of D."""
    if max_features is None:
        return n_features
    if max_features == "sqrt":
        return max(1, int(np.sqrt(n_features)))
    if max_features == "log2":
        return max(1, int(np.log2(n_features)))
    return min(max_features, n_features)


class _DecisionTree:
    """Growing and walking the tree, shared by the classifier and the regressor."""

    hyperparameters = {
        "criterion": Options("gini", "entropy", "log_loss", "squared_error"),
        "max_depth": Optional(Integer(low=1)),
        "min_samples_split": Integer(low=2),
        "min_samples_leaf": Integer(low=1),
        "max_features": MAX_FEATURES,
        # a seed, or the RandomState that the trees of a boosted ensemble share
        "random_state": Either((SEED, RandomState())),
    }

    def __init__(self, criterion, max_depth=None, min_samples_split=2, min_samples_leaf=1,
                 max_features=None, random_state=0):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.random_state = random_state

    def _grow(self, X, stats_per_sample, weights, node_value):
        """Build tree_ depth first from X (N, D) float32, weighted per-sample statistics and
        the weights; samples of weight 0 take no part."""
        self.tree_ = tree = _Tree()
        criterion = "squared_error" if self.criterion == "squared_error" else (
            "gini" if self.criterion == "gini" else "entropy")
        max_depth = np.inf if self.max_depth is None else self.max_depth
        importances = np.zeros(X.shape[1])
        order = _FeatureOrder(X.shape[1], self.random_state,
                              max_features_for(self.max_features, X.shape[1]))
        deepest = 0

        def grow(rows, depth, n_known_constants):
            nonlocal deepest
            deepest = max(deepest, depth)
            stats_node, weights_node = stats_per_sample[rows], weights[rows]
            stats = stats_node.sum(axis=0)
            n = weights_node.sum()                                     # weighted sample count
            impurity = float(impurity_of(criterion, stats, n))
            node = tree.add_node(node_value(stats, n), impurity, len(rows), n)
            if (depth >= max_depth or len(rows) < self.min_samples_split
                    or len(rows) < 2 * self.min_samples_leaf or impurity <= EPSILON):
                return node
            X_node = X[rows]
            visited, n_known_constants = order.visit(  # and the constants known to children
                n_known_constants, X_node.max(axis=0) <= X_node.min(axis=0) + FEATURE_THRESHOLD)
            candidates = best_thresholds_by_cumsums(X_node[:, visited], stats_node,
                                                    weights_node, criterion,
                                                    self.min_samples_leaf)
            best, best_proxy = None, -np.inf
            for f, candidate in zip(visited, candidates, strict=True):  # in visiting order
                if candidate is not None and candidate[0] > best_proxy:  # first of equals
                    best_proxy, best = candidate[0], (f, candidate[1])
            if best is None:
                return node
            feature, threshold = best
            goes_left = X[rows, feature] <= threshold
            tree.feature[node], tree.threshold[node] = feature, threshold
            tree.children_left[node] = grow(rows[goes_left], depth + 1, n_known_constants)
            tree.children_right[node] = grow(rows[~goes_left], depth + 1, n_known_constants)
            left, right = tree.children_left[node], tree.children_right[node]
            importances[feature] += (n * impurity                        # impurity decrease
                                     - tree.weighted_n_node_samples[left] * tree.impurity[left]
                                     - tree.weighted_n_node_samples[right]
                                     * tree.impurity[right])
            return node

        grow(np.flatnonzero(weights > 0), 0, 0)
        tree.finish(deepest)
        tree.importances = importances / tree.weighted_n_node_samples[0]  # per unit weight
        total = importances.sum()
        self.feature_importances_ = importances / total if total > 0 else importances
        self.n_features_in_ = X.shape[1]

    def _checked_X(self, X):
        """X checked, as the float32 copy the tree compares with its thresholds."""
        check_is_fitted(self, "tree_")
        return check_X(X, dtype=np.float64, n_features=self.n_features_in_,
                       within_float32=True).astype(np.float32)

    def _leaf_values(self, X):
        """The value (N, K) of the leaf each row of X lands in."""
        X = self._checked_X(X)
        return self.tree_.value[self.tree_.apply(X), 0]

    def apply(self, X):
        """The index (N,) of the leaf each row of X lands in."""
        X = self._checked_X(X)
        return self.tree_.apply(X)


class DecisionTreeClassifier(_DecisionTree):
    """A CART classification tree with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    criterion : "gini", "entropy" or "log_loss" (the same as "entropy").
    max_depth : int >= 1 or None (grow until the leaves are pure or too small).
    min_samples_split : int >= 2, the fewest samples a node needs to be split.
    min_samples_leaf : int >= 1, the fewest samples each child must keep.
    max_features : None (every feature), an int, "sqrt" or "log2": how many features each
        node searches, drawn at random (the random forest's decorrelation).
    random_state : int, seeds the order in which features are searched (it decides between
        features whose best splits tie exactly); or a RandomState that several trees share
        (a boosted ensemble's).
    """

    hyperparameters = {**_DecisionTree.hyperparameters,
                       "criterion": Options("gini", "entropy", "log_loss")}

    def __init__(self, criterion="gini", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features=None, random_state=0):
        super().__init__(criterion, max_depth, min_samples_split, min_samples_leaf,
                         max_features, random_state)

    def fit(self, X, y, sample_weight=None):
        """Grow the tree on X (N, D) and class labels y (N,), each sample counting with its
        weight (default 1; a bootstrap sample's counts for a forest)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True, discrete=True)
        weights = check_sample_weight(sample_weight, len(X))
        self.classes_, y_index = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        counts = np.zeros((len(y), self.n_classes_))
        counts[np.arange(len(y)), y_index] = weights                   # (N, K) weighted one-hot
        self._grow(X.astype(np.float32), counts, weights, lambda counts, n: counts / n)
        return self

    def predict_proba(self, X):
        """Class shares (N, K) of the leaf each row lands in."""
        return self._leaf_values(X)

    def predict(self, X):
        """The majority class (N,) of each row's leaf (the first class among equal shares)."""
        shares = self._leaf_values(X)                                  # (N, K)
        return self.classes_[shares.argmax(axis=1)]


class DecisionTreeRegressor(_DecisionTree):
    """A CART regression tree with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    criterion : "squared_error".
    max_depth : int >= 1 or None (grow until the leaves are pure or too small).
    min_samples_split : int >= 2, the fewest samples a node needs to be split.
    min_samples_leaf : int >= 1, the fewest samples each child must keep.
    max_features : None (every feature), an int, "sqrt" or "log2": how many features each
        node searches, drawn at random (the random forest's decorrelation).
    random_state : int, seeds the order in which features are searched (it decides between
        features whose best splits tie exactly); or a RandomState that several trees share
        (a boosted ensemble's).
    """

    hyperparameters = {**_DecisionTree.hyperparameters, "criterion": Options("squared_error")}

    def __init__(self, criterion="squared_error", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features=None, random_state=0):
        super().__init__(criterion, max_depth, min_samples_split, min_samples_leaf,
                         max_features, random_state)

    def fit(self, X, y, sample_weight=None):
        """Grow the tree on X (N, D) and real targets y (N,), each sample counting with its
        weight (default 1)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True)
        weights = check_sample_weight(sample_weight, len(X))
        moments = np.stack([weights * y, weights * y * y], axis=1)     # (N, 2): w y and w y^2
        self._grow(X.astype(np.float32), moments, weights, lambda sums, n: sums[:1] / n)
        return self

    def predict(self, X):
        """The mean target (N,) of each row's leaf."""
        return self._leaf_values(X)[:, 0]
