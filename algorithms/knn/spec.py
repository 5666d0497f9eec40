"""What parity checks for knn."""

import data
from parity.kinds import EstimatorSpec, Textbook
from parity.tolerances import Tolerance

REGRESSOR = {"model": "KNeighborsRegressor",
             "data": lambda rng: data.regression(rng, n_samples=300, n_features=4, noise=0.5),
             "targets": lambda rng, n_samples: rng.standard_normal(n_samples),
             "attributes": ("n_samples_fit_",),
             "outputs": ("kneighbors", "predict")}

def queries_and_points(rng):
    """Queries, training points (enough for several blocks of queries) and k, both paths of
    the selection (argmin rounds up to 16, argpartition beyond)."""
    M, D = int(rng.integers(1, 3000)), int(rng.integers(1, 5))
    X_fit = rng.standard_normal((M, D))
    k = int(rng.integers(1, min(M, 40) + 1))
    return rng.standard_normal((int(rng.integers(1, 600)), D)), X_fit, k


SPEC = EstimatorSpec(
    model="KNeighborsClassifier",
    # iris has duplicate flowers (equal distances: the order of tied neighbours is not
    # defined); Gaussian blobs are continuous: no two distances tie
    data=lambda rng: data.binary_blobs(rng, n_samples=300, n_features=4),
    hyperparams={"n_neighbors": 5},
    variants={"classifier_uniform": {"weights": "uniform"},
              "classifier_distance": {"weights": "distance"},
              "regressor_uniform": {"weights": "uniform", "spec": REGRESSOR},
              "regressor_distance": {"weights": "distance", "spec": REGRESSOR}},
    targets=lambda rng, n_samples: rng.integers(0, 3, n_samples),
    attributes=("classes_", "n_samples_fit_"),
    outputs=("kneighbors", "predict_proba", "predict"),
    # the file opens with every distance sorted; every case also runs on it
    textbook=(Textbook("nearest_neighbours_blocked", "nearest_neighbours",
                       inputs=queries_and_points, beside="_KNeighbors.kneighbors",
                       not_on_ties="where more points sit at the k-th distance than there are "
                                   "places, the textbook form keeps the first by index; "
                                   "scikit-learn's heap (and the fast form) keep others"),),
    # float32 data: scikit-learn's search runs in float64; a regressor's mean stays float32
    dtypes=("float64", "float32"),
    # new points near the training ones: on a training point itself the point alone decides
    queries=lambda rng, X: X + 0.1 * rng.standard_normal(X.shape),
    # the battery compares its fits with the "fitted" tolerance; its separable problem (points
    # of norm ~20) puts queries on training points, where scikit-learn's expansion
    # |x|^2 - 2 x.x' + |x'|^2 cancels: a distance of 0 comes out as sqrt(eps |x|^2) ~ 3e-7
    # (the scratch side takes those k distances from the differences and gets 0)
    tolerances={("fitted", "float64"): Tolerance(
        rtol=1e-7, atol=1e-6, reason="scikit-learn's expanded distances cancel for a query on "
                                     "a training point: sqrt(eps) |x|, not 0")},
    # predict on the N training points themselves: N x N distances
    bench_sizes=((256, 16), (2048, 16), (8192, 16)),
    battery_opt_outs={
        "one_sample": "k = 5 neighbours need 5 training samples: both sides refuse fewer with "
                      "the same ValueError (the hyperparameters check, n_neighbors=99)",
    },
    invalid_hyperparams=(
        ({"n_neighbors": 99}, "n_neighbors=99 must be <= the number of training samples"),
    ),
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "KNeighborsClassifier": {"check_fit2d_1sample": "message wording: 'n_neighbors=5 must "
                                                        "be <= the number of training samples'"},
        "KNeighborsRegressor": {"check_fit2d_1sample": "message wording (as the classifier)"},
    },
)
