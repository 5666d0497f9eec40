"""Linear and quadratic discriminant analysis with scikit-learn.

Shapes: N samples, D features, K classes; X (N, D), labels y (N,); class means M (K, D).

    LDA        sklearn.discriminant_analysis.LinearDiscriminantAnalysis(solver, shrinkage,
               priors, tol): means_, priors_, coef_ (K, D) or (1, D), intercept_; svd:
               scalings_, xbar_, explained_variance_ratio_; lsqr and eigen: covariance_
    QDA        sklearn.discriminant_analysis.QuadraticDiscriminantAnalysis(priors, reg_param,
               tol): means_, priors_, and per class scalings_ and rotations_
    predict    decision_function, predict_proba and predict of the fitted estimator;
               LDA's transform projects on its discriminant axes

Both sides check their input, the priors and the solver's options with the same functions
before scikit-learn sees them.
"""

from sklearn import discriminant_analysis

from algorithms._inputs import check_is_fitted, check_X
from algorithms._model_checks import check_classes
from algorithms._params import AnArray, Either, Optional, Options, Real, check_hyperparameters


class LinearDiscriminantAnalysis:
    """A Gaussian per class with one shared covariance: scikit-learn's
    LinearDiscriminantAnalysis behind the checks.

    Parameters
    ----------
    solver : "svd" (two SVDs, no covariance formed), "lsqr" (solve Σ coefᵀ = Mᵀ) or "eigen"
        (generalized eigenvectors).
    shrinkage : None, a λ in [0, 1], or "auto" (Ledoit-Wolf); lsqr and eigen only.
    priors : None (each class's share of y) or one probability per class.
    tol : float >= 0, the singular values that count towards the rank (svd).
    """

    hyperparameters = {"solver": Options("svd", "lsqr", "eigen"),
                       "shrinkage": Optional(Either((Options("auto"), Real(low=0, high=1)))),
                       "priors": Optional(AnArray()), "tol": Real(low=0)}

    def __init__(self, solver="svd", shrinkage=None, priors=None, tol=1e-4):
        self.solver = solver
        self.shrinkage = shrinkage
        self.priors = priors
        self.tol = tol

    def fit(self, X, y):
        """means_ (K, D), priors_ (K,), coef_, intercept_ and the solver's own attributes from
        X (N, D) and labels y (N,)."""
        check_hyperparameters(self)
        if self.shrinkage is not None and self.solver == "svd":
            raise ValueError(f"shrinkage={self.shrinkage!r} needs solver 'lsqr' or 'eigen': "
                             "the svd solver never forms the covariance it would shrink")
        X, y, _, _, priors = check_classes(X, y, self.priors)
        self.estimator_ = discriminant_analysis.LinearDiscriminantAnalysis(
            solver=self.solver, shrinkage=self.shrinkage, priors=priors, tol=self.tol).fit(X, y)
        for name in ("classes_", "priors_", "means_", "coef_", "intercept_", "scalings_",
                     "xbar_", "explained_variance_ratio_", "covariance_", "n_features_in_"):
            if hasattr(self.estimator_, name):
                setattr(self, name, getattr(self.estimator_, name))
        return self

    def decision_function(self, X):
        """The log posterior up to a constant: X coef_ᵀ + intercept_ (N, K), or (N,) for two
        classes."""
        check_is_fitted(self, "coef_")
        return self.estimator_.decision_function(
            check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_))

    def predict_proba(self, X):
        """P(class | x) (N, K)."""
        check_is_fitted(self, "coef_")
        return self.estimator_.predict_proba(
            check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_))

    def predict(self, X):
        """The most probable class of each row (N,)."""
        check_is_fitted(self, "coef_")
        return self.estimator_.predict(
            check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_))

    def transform(self, X):
        """X projected on the discriminant axes (N, min(K - 1, D)); svd and eigen only."""
        check_is_fitted(self, "coef_")
        if self.solver == "lsqr":
            raise ValueError("transform needs solver 'svd' or 'eigen': lsqr finds no axes")
        return self.estimator_.transform(
            check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_))


class QuadraticDiscriminantAnalysis:
    """A Gaussian per class with a covariance of its own: scikit-learn's
    QuadraticDiscriminantAnalysis behind the checks.

    Parameters
    ----------
    priors : None (each class's share of y) or one probability per class.
    reg_param : r in [0, 1]: each class's variances s_k become (1 - r) s_k + r.
    tol : float >= 0, the variances that count towards a class's rank (one below it in every
        direction is refused: that class's covariance cannot be inverted).
    """

    hyperparameters = {"priors": Optional(AnArray()), "reg_param": Real(low=0, high=1),
                       "tol": Real(low=0)}

    def __init__(self, priors=None, reg_param=0.0, tol=1e-4):
        self.priors = priors
        self.reg_param = reg_param
        self.tol = tol

    def fit(self, X, y):
        """means_ (K, D), priors_, and each class's scalings_ (D,) and rotations_ (D, D): the
        eigenvalues and eigenvectors of its covariance, from the SVD of its centred rows."""
        check_hyperparameters(self)
        X, y, _, _, priors = check_classes(X, y, self.priors)
        self.estimator_ = discriminant_analysis.QuadraticDiscriminantAnalysis(
            priors=priors, reg_param=self.reg_param, tol=self.tol).fit(X, y)
        for name in ("classes_", "priors_", "means_", "scalings_", "rotations_",
                     "n_features_in_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def decision_function(self, X):
        """The log posterior up to a constant (N, K), or class 1's less class 0's for two."""
        check_is_fitted(self, "means_")
        return self.estimator_.decision_function(
            check_X(X, dtype=self.means_.dtype, n_features=self.n_features_in_))

    def predict_proba(self, X):
        """P(class | x) (N, K)."""
        check_is_fitted(self, "means_")
        return self.estimator_.predict_proba(
            check_X(X, dtype=self.means_.dtype, n_features=self.n_features_in_))

    def predict(self, X):
        """The most probable class of each row (N,)."""
        check_is_fitted(self, "means_")
        return self.estimator_.predict(
            check_X(X, dtype=self.means_.dtype, n_features=self.n_features_in_))
