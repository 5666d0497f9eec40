"""What parity checks for discriminant_analysis."""

import numpy as np

from parity.kinds import EstimatorSpec
from parity.tolerances import Tolerance


def gaussian_classes(rng, n_samples=300, n_features=4, n_classes=3, shared=True):
    """Classes drawn from Gaussians around random means, with one tilted covariance for all
    (LDA's model) or one of its own per class (QDA's)."""
    means = 2 * rng.standard_normal((n_classes, n_features))
    y = rng.integers(0, n_classes, n_samples)
    mixings = [rng.standard_normal((n_features, n_features)) * 0.6
               for _ in range(1 if shared else n_classes)]
    noise = rng.standard_normal((n_samples, n_features))
    X = means[y] + np.stack([noise[i] @ mixings[0 if shared else y[i]]
                             for i in range(n_samples)])
    return X, y


def two_classes(rng):
    return gaussian_classes(rng, n_classes=2)


def own_covariances(rng):
    return gaussian_classes(rng, shared=False)


LDA = ("classes_", "priors_", "means_", "coef_", "intercept_")
QDA = {"model": "QuadraticDiscriminantAnalysis", "hyperparams": {}, "data": own_covariances,
       # rotations_ come from np.linalg.svd on both sides: the same LAPACK routine, so the
       # same signs (an eigen solver would not promise that)
       "attributes": ("classes_", "priors_", "means_", "scalings_", "rotations_"),
       "outputs": ("decision_function", "predict_proba", "predict"),
       # 0/1 features leave some class constant along a feature: its covariance cannot be
       # inverted, and both sides refuse the fit alike (LinAlgError); with reg_param they run
       "tie_opt_outs": {"boolean_X": "a class constant along a 0/1 feature has a singular "
                                     "covariance: refused alike; qda_regularized runs on it"}}

# float32: scikit-learn's svd solver and QDA keep float32 (LAPACK's single-precision SVD), its
# lsqr and eigen solvers form the covariance in float64 and return float64; so does the
# scratch side. The float32 SVD's errors grow with the whitening's condition number, and
# its signs are each LAPACK build's own (NumPy's and scipy's differ there): the float32
# variants compare what does not depend on signs, to float32's SVD accuracy.
FLOAT32 = {"dtypes": ("float32",), "tolerances": {
    (check, "float32"): Tolerance(rtol=2e-5, atol=2e-4, reason=(
        "float32 SVD through a whitening of condition ~1e2: relative errors ~1e-6 of "
        "decision values of ~1e3 (seen: 0.28 of this tolerance at worst, seeds 0-9)"))
    for check in ("fitted", "predict")}}

SPEC = EstimatorSpec(
    model="LinearDiscriminantAnalysis",
    data=gaussian_classes,
    hyperparams={},
    variants={
        "lda_svd": {"spec": {"attributes": (*LDA, "scalings_", "xbar_",
                                            "explained_variance_ratio_"),
                             "outputs": ("decision_function", "predict_proba", "predict",
                                         "transform")}},
        "lda_svd_two_classes": {"spec": {"data": two_classes}},
        "lda_svd_priors": {"priors": [0.2, 0.3, 0.5]},
        "lda_lsqr": {"solver": "lsqr", "spec": {"attributes": (*LDA, "covariance_")}},
        "lda_lsqr_ledoit_wolf": {"solver": "lsqr", "shrinkage": "auto",
                                 "spec": {"attributes": (*LDA, "covariance_")}},
        # the generalized eigenvectors' signs are LAPACK's choice (scipy's eigh and NumPy's
        # differ): scalings_ and transform are left out, coef_ = M V Vᵀ does not depend on them
        "lda_eigen": {"solver": "eigen", "spec": {
            "attributes": (*LDA, "covariance_", "explained_variance_ratio_")}},
        "lda_eigen_shrunk": {"solver": "eigen", "shrinkage": 0.3},
        "qda": {"spec": QDA},
        "qda_regularized": {"reg_param": 0.3, "spec": {**QDA, "tie_opt_outs": {}}},
        "qda_priors": {"priors": [0.6, 0.3, 0.1], "spec": QDA},
        "lda_svd_float32": {"spec": FLOAT32},
        "lda_lsqr_float32": {"solver": "lsqr", "spec": FLOAT32},
        "qda_float32": {"spec": {**QDA, **FLOAT32,
                                 "attributes": ("classes_", "priors_", "means_", "scalings_")}},
    },
    targets=lambda rng, n_samples: rng.integers(0, 3, n_samples),
    attributes=LDA,
    outputs=("decision_function", "predict_proba", "predict"),
    # N samples of 16 features in 3 classes
    bench_sizes=((256, 16), (4096, 16), (32768, 16)),
    bench_data=lambda rng, n_samples, n_features: gaussian_classes(rng, n_samples, n_features),
    battery_opt_outs={
        "one_sample": "one sample is one class, and both sides need at least 2 classes and "
                      "more samples than classes: refused alike (the same ValueError)",
    },
    invalid_hyperparams=(
        ({"shrinkage": 0.5}, "needs solver 'lsqr' or 'eigen'"),
        ({"priors": [0.5, 0.5, 0.5, 0.5]}, "priors must be 3 non-negative numbers"),
    ),
)
