"""Gradient boosting in NumPy: each small tree fits what the ensemble so far gets wrong.

Shapes: N samples, D features, M stages; raw predictions F (N,): the prediction itself for
regression, the log-odds of class 1 for binary classification.

    init       regression: F_0 = mean(y);  classification: F_0 = log(p / (1 - p)), p the
               share of class 1
    stage m    r = -dL/dF at F_{m-1}: the negative gradient ("pseudo-residual")
                   squared error L = (y - F)^2 / 2:  r = y - F
                   log loss, p = sigmoid(F):         r = y - p
               a regression tree h_m (max_depth 3 by default) fits r by squared error
               classification re-fits each leaf by one Newton step on the log loss:
                   value = sum_leaf r / sum_leaf p (1 - p)
               F_m = F_{m-1} + learning_rate * h_m(x)
    predict    regression: F_M;  classification: P(class 1) = sigmoid(F_M), class = F_M > 0
    score      train_score_[m] = the training loss after stage m, as deviance: the mean
               squared error, or twice the mean log loss

The trees draw their feature order from one RandomState(random_state) that all stages share,
as scikit-learn's do, so equal seeds grow equal trees on both sides.
"""

import numpy as np

from algorithms._inputs import TrainingDiverged, check_is_fitted, check_X, check_X_y
from algorithms._params import SEED, Integer, Real, check_hyperparameters
from algorithms.activations.scratch import sigmoid
from algorithms.decision_tree.scratch import DecisionTreeRegressor


class _GradientBoosting:
    """Stage-wise fitting shared by the regressor and the classifier."""

    hyperparameters = {"n_estimators": Integer(low=1), "learning_rate": Real(low=0, low_open=True),
                       "max_depth": Integer(low=1), "min_samples_leaf": Integer(low=1),
                       "random_state": SEED}

    def __init__(self, n_estimators=100, learning_rate=0.1, max_depth=3, min_samples_leaf=1,
                 random_state=0):
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.max_depth = max_depth
        self.min_samples_leaf = min_samples_leaf
        self.random_state = random_state

    def _boost(self, X, y, F):
        """Fit n_estimators stages from raw predictions F (N,); returns nothing."""
        shared = np.random.RandomState(self.random_state)              # one for all trees
        X32 = X.astype(np.float32)                                     # as the trees see X
        self.estimators_ = []
        self.train_score_ = np.zeros(self.n_estimators)
        for m in range(self.n_estimators):
            residual = self._negative_gradient(y, F)                   # r = -dL/dF
            tree = DecisionTreeRegressor(max_depth=self.max_depth,
                                         min_samples_leaf=self.min_samples_leaf,
                                         random_state=shared).fit(X, residual)
            leaves = tree.tree_.apply(X32)
            self._refit_leaves(tree.tree_, leaves, y, residual)
            F = F + self.learning_rate * tree.tree_.value[leaves, 0, 0]  # F_m = F + lr h_m
            self.estimators_.append(tree)
            self.train_score_[m] = self._deviance(y, F)
            if not np.isfinite(self.train_score_[m]):
                raise TrainingDiverged(m + 1, self.n_estimators, "stage")
        importances = [t.tree_.importances for t in self.estimators_ if t.tree_.node_count > 1]
        mean = np.mean(importances, axis=0) if importances else np.zeros(X.shape[1])
        self.feature_importances_ = mean / mean.sum() if mean.sum() > 0 else mean
        self.n_features_in_ = X.shape[1]

    def _refit_leaves(self, tree, leaves, y, residual):
        """Regression keeps each leaf's mean residual."""

    def _steps(self, X):
        """lr h_m(x) (M, N): every stage's step for the rows of X."""
        check_is_fitted(self, "estimators_")
        X = check_X(X, dtype=np.float64, n_features=self.n_features_in_,
                       within_float32=True)
        X = X.astype(np.float32)                                       # once, for all trees
        return np.array([self.learning_rate * tree.tree_.value[tree.tree_.apply(X), 0, 0]
                         for tree in self.estimators_])

    def _raw_predict(self, X):
        """F_M (N,) for the rows of X."""
        steps = self._steps(X)                                         # (M, N)
        return self.init_raw_ + steps.sum(axis=0)

    def _staged_raw_predict(self, X):
        """F_1, ..., F_M (M, N): the raw predictions after every stage."""
        steps = self._steps(X)                                         # (M, N)
        return self.init_raw_ + np.cumsum(steps, axis=0)


class GradientBoostingRegressor(_GradientBoosting):
    """Gradient boosting on squared error, with scikit-learn's names.

    Parameters
    ----------
    n_estimators : int >= 1, the number of stages M.
    learning_rate : float > 0, the shrinkage of each tree's step.
    max_depth : int >= 1, the depth of each tree.
    min_samples_leaf : int >= 1, the fewest samples in a tree's leaf.
    random_state : int, seeds the trees' feature order.
    """

    def fit(self, X, y):
        """Boost n_estimators trees on X (N, D) and real targets y (N,)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True)
        self.init_raw_ = y.mean()                                      # F_0 = mean(y)
        self._boost(X, y, np.full(len(y), self.init_raw_))
        return self

    @staticmethod
    def _negative_gradient(y, F):
        return y - F                                                   # -d/dF (y - F)^2 / 2

    @staticmethod
    def _deviance(y, F):
        return np.mean((y - F) ** 2)

    def predict(self, X):
        """F_M (N,)."""
        return self._raw_predict(X)

    def staged_predict(self, X):
        """The predictions after every stage (M, N)."""
        return self._staged_raw_predict(X)


class GradientBoostingClassifier(_GradientBoosting):
    """Gradient boosting on the log loss, two classes, with scikit-learn's names.

    Parameters
    ----------
    n_estimators : int >= 1, the number of stages M.
    learning_rate : float > 0, the shrinkage of each tree's step.
    max_depth : int >= 1, the depth of each tree.
    min_samples_leaf : int >= 1, the fewest samples in a tree's leaf.
    random_state : int, seeds the trees' feature order.
    """

    def fit(self, X, y):
        """Boost n_estimators trees on X (N, D) and two classes y (N,)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True,
                         discrete=True)
        self.classes_, y01 = np.unique(y, return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(f"GradientBoostingClassifier here handles 2 classes; y holds "
                             f"{len(self.classes_)}")
        p = np.clip(y01.mean(), np.finfo(float).eps, 1 - np.finfo(float).eps)
        self.init_raw_ = np.log(p / (1 - p))                           # F_0 = log-odds
        self._boost(X, y01.astype(np.float64), np.full(len(y), self.init_raw_))
        return self

    @staticmethod
    def _negative_gradient(y, F):
        return y - sigmoid(F)                                          # -dL/dF = y - p

    def _refit_leaves(self, tree, leaves, y, residual):
        """One Newton step per leaf: sum r / sum p (1 - p)."""
        p = y - residual
        hessian = p * (1 - p)                                          # d^2 L / dF^2
        for leaf in np.flatnonzero(tree.children_left == -1):
            at = leaves == leaf
            numerator, denominator = residual[at].mean(), hessian[at].mean()
            tree.value[leaf, 0, 0] = 0.0 if abs(denominator) < 1e-150 else (
                numerator / denominator)

    @staticmethod
    def _deviance(y, F):
        # log loss = log(1 + e^F) - y F, stable for large |F|; deviance = twice its mean
        return 2 * np.mean(np.maximum(F, 0) + np.log1p(np.exp(-np.abs(F))) - y * F)

    def decision_function(self, X):
        """F_M (N,): the log-odds of the second class."""
        return self._raw_predict(X)

    def predict_proba(self, X):
        """(N, 2): 1 - sigmoid(F_M), sigmoid(F_M)."""
        p = sigmoid(self._raw_predict(X))
        return np.stack([1 - p, p], axis=1)

    def predict(self, X):
        """The second class where F_M >= 0 (P >= 1/2: a tie goes to the second, as in
        scikit-learn), else the first (N,)."""
        second = self._raw_predict(X) >= 0                  # checks fit ran, then classes_
        return self.classes_[second.astype(int)]

    def staged_predict_proba(self, X):
        """P(second class) after every stage (M, N)."""
        return sigmoid(self._staged_raw_predict(X))
