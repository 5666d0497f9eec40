"""A random forest classifier with scikit-learn: RandomForestClassifier.

Shapes: N samples, D features, K classes, T trees.

    fit        sklearn.ensemble.RandomForestClassifier(n_estimators, criterion, max_depth,
               min_samples_leaf, max_features, bootstrap, random_state).fit(X, y): each tree
               gets a seed from RandomState(random_state), draws its bootstrap from it
               (passed as sample counts) and grows in compiled code, on all cores
    predict    the trees' predict_proba averaged, then the most probable class

Both sides check their input with the same function before scikit-learn sees it.
"""

import numpy as np
from sklearn import ensemble

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


class RandomForestClassifier:
    """A random forest: scikit-learn's RandomForestClassifier behind the shared checks.

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
        self.estimator_ = ensemble.RandomForestClassifier(
            self.n_estimators, criterion=self.criterion, max_depth=self.max_depth,
            min_samples_leaf=self.min_samples_leaf, max_features=self.max_features,
            bootstrap=self.bootstrap, random_state=self.random_state, n_jobs=-1).fit(X, y)
        for name in ("classes_", "n_features_in_", "feature_importances_", "estimators_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def _checked(self, X):
        check_is_fitted(self, "estimators_")
        return check_X(X, dtype=np.float64, n_features=self.n_features_in_,
                       within_float32=True)

    def apply(self, X):
        """The leaf (N, T) each row lands in, in every tree."""
        X = self._checked(X)
        return self.estimator_.apply(X)

    def predict_proba(self, X):
        """P(k | x) (N, K): the trees' leaf class shares, averaged."""
        X = self._checked(X)
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        """The class with the highest mean share (N,)."""
        X = self._checked(X)
        return self.estimator_.predict(X)
