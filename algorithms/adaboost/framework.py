"""AdaBoost with scikit-learn: AdaBoostClassifier (SAMME) on small decision trees.

Shapes: N samples, D features, K classes, M rounds; weights w (N,).

    fit        sklearn.ensemble.AdaBoostClassifier(DecisionTreeClassifier(max_depth),
               n_estimators, learning_rate, random_state).fit(X, y, sample_weight): per round
               a tree on the weighted samples, its error, its say alpha, the samples it
               missed reweighted by exp(alpha)
    weights    the weights each round's tree was fitted with, as scikit-learn passed them
               (a tree that keeps them: scikit-learn stores only the trees)
    vote       decision_function, predict_proba, predict, and their staged_ forms after
               every round

Both sides check their input with the same function before scikit-learn sees it.
"""

import warnings

import numpy as np
from sklearn import ensemble, tree

from algorithms._inputs import (
    TrainingDiverged,
    check_is_fitted,
    check_sample_weight,
    check_X,
    check_X_y,
    forget_fit,
)
from algorithms._params import SEED, Integer, Real, check_hyperparameters


class _TreeThatKeepsItsWeights(tree.DecisionTreeClassifier):
    """scikit-learn's tree, keeping the sample weights it was fitted with."""

    def fit(self, X, y, sample_weight=None, check_input=True):
        self.sample_weight_ = np.array(sample_weight, dtype=np.float64)
        return super().fit(X, y, sample_weight=sample_weight, check_input=check_input)


class AdaBoostClassifier:
    """AdaBoost (SAMME) on small decision trees: scikit-learn's AdaBoostClassifier.

    Parameters
    ----------
    n_estimators : int >= 1, the most rounds M.
    learning_rate : float > 0, scales every tree's say.
    max_depth : int >= 1, the depth of each tree (1: stumps, scikit-learn's default tree).
    random_state : int, seeds the trees' feature order.
    """

    hyperparameters = {"n_estimators": Integer(low=1),
                       "learning_rate": Real(low=0, low_open=True),
                       "max_depth": Integer(low=1), "random_state": SEED}

    def __init__(self, n_estimators=50, learning_rate=1.0, max_depth=1, random_state=0):
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.max_depth = max_depth
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Boost up to n_estimators trees on X (N, D) and class labels y (N,), the samples
        starting from sample_weight (default: equal)."""
        check_hyperparameters(self)
        forget_fit(self)
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True, discrete=True)
        if len(np.unique(y)) < 2:
            raise ValueError("y must hold at least 2 classes; got 1 class")
        weights = check_sample_weight(sample_weight, len(X))
        estimator = ensemble.AdaBoostClassifier(
            _TreeThatKeepsItsWeights(max_depth=self.max_depth),
            n_estimators=self.n_estimators, learning_rate=self.learning_rate,
            random_state=self.random_state)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            estimator.fit(X, y, sample_weight=weights)
        overflowed = [w for w in caught if "reached infinite values" in str(w.message)]
        if overflowed:                                 # scikit-learn stops there with a warning
            raise TrainingDiverged(len(estimator.estimators_), self.n_estimators, "round")
        for warning in caught:                         # any other warning goes on to the user
            warnings.warn_explicit(warning.message, warning.category, warning.filename,
                                   warning.lineno)
        self.estimator_ = estimator                    # only once fit has succeeded
        for name in ("estimators_", "estimator_weights_", "estimator_errors_", "classes_",
                     "n_classes_", "feature_importances_", "n_features_in_"):
            setattr(self, name, getattr(self.estimator_, name))
        self.sample_weights_ = np.array([t.sample_weight_ for t in self.estimators_])
        return self

    def _checked(self, X):
        check_is_fitted(self, "estimator_")
        return check_X(X, dtype=np.float64, n_features=self.n_features_in_,
                       within_float32=True)

    def decision_function(self, X):
        """f (N,) for two classes (> 0: the second), else (N, K)."""
        X = self._checked(X)
        return self.estimator_.decision_function(X)

    def staged_decision_function(self, X):
        """The vote after every round (rounds, N) or (rounds, N, K)."""
        X = self._checked(X)
        return np.array(list(self.estimator_.staged_decision_function(X)))

    def predict_proba(self, X):
        """softmax(f / (K - 1)) (N, K)."""
        X = self._checked(X)
        return self.estimator_.predict_proba(X)

    def staged_predict_proba(self, X):
        """The class probabilities after every round (rounds, N, K)."""
        X = self._checked(X)
        return np.array(list(self.estimator_.staged_predict_proba(X)))

    def predict(self, X):
        """The class (N,) with the largest vote (two classes: the second where f > 0)."""
        X = self._checked(X)
        return self.estimator_.predict(X)

    def staged_predict(self, X):
        """The predicted classes after every round (rounds, N)."""
        X = self._checked(X)
        return np.array(list(self.estimator_.staged_predict(X)))
