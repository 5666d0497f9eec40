"""Gradient boosting with scikit-learn: GradientBoostingRegressor and GradientBoostingClassifier.

Shapes: N samples, D features, M stages; raw predictions F (N,).

    fit        sklearn.ensemble.GradientBoosting*(n_estimators, learning_rate, max_depth,
               min_samples_leaf, random_state).fit(X, y): the initial estimate, then per
               stage a regression tree on the negative gradient (and, for the log loss, a
               Newton step per leaf), grown in compiled code
    staged     staged_predict / staged_predict_proba: the predictions after every stage
    predict    predict, decision_function, predict_proba

Both sides check their input with the same function before scikit-learn sees it.
"""

import numpy as np
from sklearn import ensemble

from algorithms._inputs import TrainingDiverged, check_is_fitted, check_X, check_X_y
from algorithms._params import SEED, Integer, Real, check_hyperparameters


class _GradientBoosting:
    """The checks around scikit-learn's estimator, shared by regressor and classifier."""

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

    def _fit(self, estimator_class, X, y):
        check_hyperparameters(self)
        self.estimator_ = estimator_class(
            n_estimators=self.n_estimators, learning_rate=self.learning_rate,
            max_depth=self.max_depth, min_samples_leaf=self.min_samples_leaf,
            random_state=self.random_state).fit(X, y)
        diverged = np.flatnonzero(~np.isfinite(self.estimator_.train_score_))
        if len(diverged):                              # scikit-learn would go on with NaN
            raise TrainingDiverged(diverged[0] + 1, self.n_estimators, "stage")
        for name in ("train_score_", "feature_importances_", "n_features_in_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def _checked(self, X):
        check_is_fitted(self, "estimator_")
        return check_X(X, dtype=np.float64, n_features=self.n_features_in_,
                       within_float32=True)


class GradientBoostingRegressor(_GradientBoosting):
    """Gradient boosting on squared error: scikit-learn's GradientBoostingRegressor.

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
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True)
        return self._fit(ensemble.GradientBoostingRegressor, X, y)

    def predict(self, X):
        """F_M (N,)."""
        X = self._checked(X)
        return self.estimator_.predict(X)

    def staged_predict(self, X):
        """The predictions after every stage (M, N)."""
        X = self._checked(X)
        return np.array(list(self.estimator_.staged_predict(X)))


class GradientBoostingClassifier(_GradientBoosting):
    """Gradient boosting on the log loss, two classes: scikit-learn's classifier.

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
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True,
                         discrete=True)
        classes = np.unique(y)
        if len(classes) != 2:
            raise ValueError(f"GradientBoostingClassifier here handles 2 classes; y holds "
                             f"{len(classes)}")
        self._fit(ensemble.GradientBoostingClassifier, X, y)
        self.classes_ = self.estimator_.classes_
        return self

    def decision_function(self, X):
        """F_M (N,): the log-odds of the second class."""
        X = self._checked(X)
        return self.estimator_.decision_function(X)

    def predict_proba(self, X):
        """(N, 2): the probabilities of the two classes."""
        X = self._checked(X)
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        """The more probable class (N,)."""
        X = self._checked(X)
        return self.estimator_.predict(X)

    def staged_predict_proba(self, X):
        """P(second class) after every stage (M, N)."""
        X = self._checked(X)
        return np.array([p[:, 1] for p in self.estimator_.staged_predict_proba(X)])
