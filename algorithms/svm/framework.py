"""Support vector machines with scikit-learn: SVC (libsvm's SMO) and SGDClassifier(loss="hinge").

Shapes: N samples, D features, K classes; S support vectors.

    SVC        sklearn.svm.SVC(C, kernel, degree, gamma, coef0, tol, max_iter,
               decision_function_shape, break_ties, shrinking=False).fit(X, y, sample_weight):
               libsvm solves one dual per pair of classes by SMO; support_, support_vectors_,
               n_support_, dual_coef_, intercept_, n_iter_, fit_status_
    LinearSVM  sklearn.linear_model.SGDClassifier(loss="hinge", penalty="l2", alpha,
               max_iter, tol, n_iter_no_change, fit_intercept, shuffle=False): the primal
               by one subgradient step per sample, in order; coef_, intercept_, n_iter_, t_

Shrinking (libsvm sets aside the coefficients that look settled) changes the order of SMO's
work, not its answer: it is off, so that the two sides take the same steps. scikit-learn's
support_ counts only the samples of positive weight when some weigh 0; here it indexes X.
Both sides check their input with the same function before scikit-learn sees it.
"""

import numpy as np
from sklearn import linear_model, svm

from algorithms._inputs import check_is_fitted, check_X, forget_fit
from algorithms._model_checks import check_break_ties, check_svm_data
from algorithms._params import (
    Either,
    Flag,
    Integer,
    NoneValue,
    Options,
    Real,
    check_hyperparameters,
)


class SVC:
    """The kernel SVM for classification: scikit-learn's SVC.

    Parameters
    ----------
    C : float > 0, the price of a margin violation (the box 0 <= a_i <= C).
    kernel : "linear", "poly", "rbf" or "sigmoid".
    degree : int >= 0, the polynomial kernel's degree.
    gamma : "scale" (1 / (D Var(X))), "auto" (1 / D) or a float >= 0.
    coef0 : float, the constant of the polynomial and sigmoid kernels.
    tol : float > 0, SMO stops when m - M < tol.
    max_iter : int >= -1, the most SMO steps per pair of classes (-1: no limit).
    decision_function_shape : "ovr" (a score per class, from the pairs' votes) or "ovo"
        (a score per pair of classes).
    break_ties : bool, with "ovr" and K > 2: predict the largest score rather than the first
        class with the most votes.
    """

    hyperparameters = {"C": Real(low=0, low_open=True),
                       "kernel": Options("linear", "poly", "rbf", "sigmoid"),
                       "degree": Integer(low=0),
                       "gamma": Either((Options("scale", "auto"), Real(low=0))),
                       "coef0": Real(), "tol": Real(low=0, low_open=True),
                       "max_iter": Integer(low=-1),
                       "decision_function_shape": Options("ovo", "ovr"),
                       "break_ties": Flag()}

    def __init__(self, C=1.0, kernel="rbf", degree=3, gamma="scale", coef0=0.0, tol=1e-3,
                 max_iter=-1, decision_function_shape="ovr", break_ties=False):
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.tol = tol
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.break_ties = break_ties

    def fit(self, X, y, sample_weight=None):
        """libsvm's SMO, one dual per pair of classes, on X (N, D) and labels y (N,)."""
        check_hyperparameters(self)
        forget_fit(self)
        X, y, weights, _, _ = check_svm_data(X, y, sample_weight)
        check_break_ties(self.break_ties, self.decision_function_shape)
        estimator = svm.SVC(C=self.C, kernel=self.kernel, degree=self.degree, gamma=self.gamma,
                            coef0=self.coef0, tol=self.tol, max_iter=self.max_iter,
                            decision_function_shape=self.decision_function_shape,
                            break_ties=self.break_ties, shrinking=False)
        estimator.fit(X, y, sample_weight=weights)
        self.estimator_ = estimator                    # only once fit has succeeded
        for name in ("support_vectors_", "n_support_", "dual_coef_", "intercept_", "n_iter_",
                     "fit_status_", "classes_", "n_features_in_", "shape_fit_"):
            setattr(self, name, getattr(estimator, name))
        self.support_ = np.flatnonzero(weights > 0)[estimator.support_]   # indices into X
        return self

    @property
    def coef_(self):
        """w per pair of classes (K(K - 1)/2, D), read-only: a fit with the linear kernel
        only."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.coef_

    def _checked(self, X):
        """X checked; the estimator told the prediction options as they stand now (scikit-learn
        reads them at each call; the kernel stays the one fit used)."""
        check_is_fitted(self, "estimator_")
        X = check_X(X, dtype=np.float64, n_features=self.n_features_in_)
        self.estimator_.decision_function_shape = self.decision_function_shape
        self.estimator_.break_ties = self.break_ties
        return X

    def decision_function(self, X):
        """Two classes: f (N,), > 0 for classes_[1]; K classes: (N, K) or (N, K(K - 1)/2)."""
        X = self._checked(X)
        return self.estimator_.decision_function(X)

    def predict(self, X):
        """The class (N,) with the most one-vs-one votes (ties: the first such class)."""
        check_break_ties(self.break_ties, self.decision_function_shape)
        X = self._checked(X)
        return self.estimator_.predict(X)


class LinearSVM:
    """A linear SVM trained in the primal, one sample at a time: scikit-learn's
    SGDClassifier(loss="hinge", penalty="l2", shuffle=False). K classes: one against the rest.

    Parameters
    ----------
    alpha : float > 0, the weight of alpha/2 |w|^2 (alpha = 1 / (C N) in the SVM's terms).
    max_iter : int >= 1, the most epochs.
    tol : float >= 0 or None, the least fall of the mean objective that counts as progress
        (None: always run max_iter epochs).
    n_iter_no_change : int >= 1, epochs without progress before stopping.
    fit_intercept : bool, learn b (else b = 0).
    """

    hyperparameters = {"alpha": Real(low=0, low_open=True), "max_iter": Integer(low=1),
                       "tol": Either((NoneValue(), Real(low=0))),
                       "n_iter_no_change": Integer(low=1), "fit_intercept": Flag()}

    def __init__(self, alpha=1e-4, max_iter=1000, tol=1e-3, n_iter_no_change=5,
                 fit_intercept=True):
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """SGDClassifier on X (N, D) in float64 (it would keep float32 X in float32) and y."""
        check_hyperparameters(self)
        forget_fit(self)
        X, y, _, _, _ = check_svm_data(X, y, None)
        estimator = linear_model.SGDClassifier(
            loss="hinge", penalty="l2", alpha=self.alpha, max_iter=self.max_iter, tol=self.tol,
            n_iter_no_change=self.n_iter_no_change, fit_intercept=self.fit_intercept,
            shuffle=False, learning_rate="optimal", random_state=0)
        estimator.fit(X, y)
        self.estimator_ = estimator                    # only once fit has succeeded
        for name in ("coef_", "intercept_", "n_iter_", "t_", "classes_", "n_features_in_"):
            setattr(self, name, getattr(estimator, name))
        return self

    def decision_function(self, X):
        """f = X w + b: (N,) for two classes, else (N, K)."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.decision_function(
            check_X(X, dtype=np.float64, n_features=self.n_features_in_))

    def predict(self, X):
        """classes_[1] where f > 0 (two classes), else the class of the largest score."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict(
            check_X(X, dtype=np.float64, n_features=self.n_features_in_))
