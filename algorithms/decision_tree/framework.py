"""CART decision trees with scikit-learn: DecisionTreeClassifier and DecisionTreeRegressor.

Shapes: N samples, D features, K classes; tree_ holds T nodes, numbered depth first.

    fit        sklearn.tree.DecisionTreeClassifier(criterion, max_depth, min_samples_split,
               min_samples_leaf).fit(X, y): the same greedy search in compiled code, the
               node's samples sorted per feature, candidate thresholds scanned in order
               with running class counts (or sums of y and y^2)
    tree_      children_left, children_right, feature, threshold, value, impurity,
               n_node_samples: one entry per node
    predict    the class shares (or mean) of the leaf each row lands in

scikit-learn visits the features in an order drawn from random_state, which decides
between features whose best splits tie exactly; the scratch side replays that order.
Both sides check their input with the same function before scikit-learn sees it.
"""

import numpy as np
from sklearn import tree

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


class _DecisionTree:
    """The checks around scikit-learn's tree, shared by the classifier and the regressor."""

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

    def _fit(self, estimator_class, X, y, sample_weight, discrete=False):
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True, discrete=discrete)
        weights = check_sample_weight(sample_weight, len(X))
        self.estimator_ = estimator_class(
            criterion=self.criterion, max_depth=self.max_depth,
            min_samples_split=self.min_samples_split, min_samples_leaf=self.min_samples_leaf,
            max_features=self.max_features, random_state=self.random_state,
        ).fit(X, y, sample_weight=weights)
        for name in ("tree_", "feature_importances_", "n_features_in_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def _checked_X(self, X):
        check_is_fitted(self, "tree_")
        return check_X(X, dtype=np.float64, n_features=self.n_features_in_,
                       within_float32=True)

    def apply(self, X):
        """The index (N,) of the leaf each row of X lands in."""
        X = self._checked_X(X)
        return self.estimator_.apply(X)

    def predict(self, X):
        """The prediction (N,) of each row's leaf."""
        X = self._checked_X(X)
        return self.estimator_.predict(X)


class DecisionTreeClassifier(_DecisionTree):
    """A CART classification tree: scikit-learn's DecisionTreeClassifier.

    Parameters
    ----------
    criterion : "gini", "entropy" or "log_loss" (the same as "entropy").
    max_depth : int >= 1 or None (grow until the leaves are pure or too small).
    min_samples_split : int >= 2, the fewest samples a node needs to be split.
    min_samples_leaf : int >= 1, the fewest samples each child must keep.
    max_features : None (every feature), an int, "sqrt" or "log2": how many features each
        node searches, drawn at random (the random forest's decorrelation).
    random_state : int, seeds the order in which features are searched (it decides between
        features whose best splits tie exactly).
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
        self._fit(tree.DecisionTreeClassifier, X, y, sample_weight, discrete=True)
        self.classes_, self.n_classes_ = self.estimator_.classes_, self.estimator_.n_classes_
        return self

    def predict_proba(self, X):
        """Class shares (N, K) of the leaf each row lands in."""
        X = self._checked_X(X)
        return self.estimator_.predict_proba(X)


class DecisionTreeRegressor(_DecisionTree):
    """A CART regression tree: scikit-learn's DecisionTreeRegressor.

    Parameters
    ----------
    criterion : "squared_error".
    max_depth : int >= 1 or None (grow until the leaves are pure or too small).
    min_samples_split : int >= 2, the fewest samples a node needs to be split.
    min_samples_leaf : int >= 1, the fewest samples each child must keep.
    max_features : None (every feature), an int, "sqrt" or "log2": how many features each
        node searches, drawn at random (the random forest's decorrelation).
    random_state : int, seeds the order in which features are searched (it decides between
        features whose best splits tie exactly).
    """

    hyperparameters = {**_DecisionTree.hyperparameters, "criterion": Options("squared_error")}

    def __init__(self, criterion="squared_error", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features=None, random_state=0):
        super().__init__(criterion, max_depth, min_samples_split, min_samples_leaf,
                         max_features, random_state)

    def fit(self, X, y, sample_weight=None):
        """Grow the tree on X (N, D) and real targets y (N,), each sample counting with its
        weight (default 1)."""
        return self._fit(tree.DecisionTreeRegressor, X, y, sample_weight)
