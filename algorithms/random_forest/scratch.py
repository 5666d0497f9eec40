"""A random forest classifier in NumPy: bootstrap samples, random features, averaged votes.

Shapes: N samples, D features, K classes, T trees.

    bagging    tree t learns from a bootstrap sample: N draws with replacement, passed to the
               tree as counts (a sample drawn 3 times weighs 3; one never drawn weighs 0)
    features   each node of each tree searches only max_features of the D features
               ("sqrt": sqrt(D)), drawn afresh per node: the trees differ more, and their
               errors cancel more in the average
    predict    P(k | x) = mean over trees of the tree's leaf class shares;  predict = argmax
    importance feature_importances_ = mean over the trees of their normalized importances,
               normalized again

The randomness is scikit-learn's, draw for draw: a RandomState(random_state) gives each tree
a seed, each seed gives that tree's bootstrap (RandomState(seed).randint) and its feature
order (see the decision tree), so equal seeds grow the same forest on both sides.
"""

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, check_X_y
from algorithms._params import (
    MAX_FEATURES,
    SEED,
    Flag,
    Integer,
    Optional,
    Options,
    check_hyperparameters,
)
from algorithms.decision_tree.scratch import DecisionTreeClassifier

INT32_MAX = np.iinfo(np.int32).max


class RandomForestClassifier:
    """A random forest with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    n_estimators : int >= 1, the number of trees T.
    criterion : "gini", "entropy" or "log_loss", as for one tree.
    max_depth : int >= 1 or None.
    min_samples_leaf : int >= 1.
    max_features : "sqrt", "log2", an int or None (all D: plain bagging).
    bootstrap : bool, whether each tree sees a bootstrap sample (else all samples).
    random_state : int, seeds every tree's bootstrap and feature draws.
    """

    hyperparameters = {
        "n_estimators": Integer(low=1),
        "criterion": Options("gini", "entropy", "log_loss"),
        "max_depth": Optional(Integer(low=1)),
        "min_samples_leaf": Integer(low=1),
        "max_features": MAX_FEATURES,
        "bootstrap": Flag(),
        "random_state": SEED,
    }

    def __init__(self, n_estimators=100, criterion="gini", max_depth=None, min_samples_leaf=1,
                 max_features="sqrt", bootstrap=True, random_state=0):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.random_state = random_state

    def fit(self, X, y):
        """Grow n_estimators trees on bootstrap samples of X (N, D), y (N,)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True, discrete=True)
        self.classes_ = np.unique(y)
        self.n_features_in_ = X.shape[1]
        seeds = np.random.RandomState(self.random_state)
        self.estimators_ = []
        for _ in range(self.n_estimators):
            seed = seeds.randint(INT32_MAX)                            # this tree's seed
            counts = None
            if self.bootstrap:
                drawn = np.random.RandomState(seed).randint(0, len(X), len(X))
                counts = np.bincount(drawn, minlength=len(X))          # bootstrap as weights
            tree = DecisionTreeClassifier(self.criterion, max_depth=self.max_depth,
                                          min_samples_leaf=self.min_samples_leaf,
                                          max_features=self.max_features, random_state=seed)
            self.estimators_.append(tree.fit(X, y, sample_weight=counts))
        grown = [t.feature_importances_ for t in self.estimators_ if t.tree_.node_count > 1]
        importances = np.mean(grown, axis=0) if grown else np.zeros(X.shape[1])
        total = importances.sum()
        self.feature_importances_ = importances / total if total > 0 else importances
        return self

    def _checked(self, X):
        """X checked once for all trees, as the float32 copy the trees compare."""
        check_is_fitted(self, "estimators_")
        return check_X(X, dtype=np.float64, n_features=self.n_features_in_,
                       within_float32=True).astype(np.float32)

    def apply(self, X):
        """The leaf (N, T) each row lands in, in every tree."""
        X = self._checked(X)
        return np.stack([tree.tree_.apply(X) for tree in self.estimators_], axis=1)

    def predict_proba(self, X):
        """P(k | x) (N, K): the trees' leaf class shares, averaged."""
        X = self._checked(X)
        return sum(tree.tree_.value[tree.tree_.apply(X), 0]
                   for tree in self.estimators_) / len(self.estimators_)

    def predict(self, X):
        """The class with the highest mean share (N,)."""
        probabilities = self.predict_proba(X)
        return self.classes_[probabilities.argmax(axis=1)]
