"""What parity checks for kmeans."""

import numpy as np

from parity.kinds import EstimatorSpec, Textbook


def blobs(rng, n_samples=400, n_features=3, n_centres=4):
    """Overlapping Gaussian blobs (spread 2) around centres drawn in a box of side 10.

    Clustered with k = 5, one more than the blobs: Lloyd then needs 5 to 20 iterations and
    stops at different ones for different tol, so the iteration count tests the stopping
    rule (well separated blobs converge in 2 or 3 whatever the rule).
    """
    centres = rng.uniform(-5, 5, (n_centres, n_features))
    labels = rng.integers(0, n_centres, n_samples)
    return centres[labels] + 2 * rng.standard_normal((n_samples, n_features)), labels


def points_and_centres(rng):
    """X (N, D) and k centres near it, N large enough for several chunks of rows."""
    X, _ = blobs(rng, n_samples=int(rng.integers(1, 3000)), n_features=int(rng.integers(1, 5)))
    return X, X[rng.choice(len(X), size=min(len(X), int(rng.integers(1, 9))), replace=False)]


def points_and_labels(rng):
    """X (N, D), labels in 0..k-1 (some clusters may be empty) and k."""
    X, C = points_and_centres(rng)
    return X, rng.integers(0, len(C), len(X)).astype(np.int32), len(C) + int(rng.integers(2))


SPEC = EstimatorSpec(
    model="KMeans",
    data=blobs,
    hyperparams={"n_clusters": 5, "random_state": 0},
    variants={"kmeans++": {},
              "random_init_10_runs": {"init": "random"},
              "given_centres": {"init": np.array([[-5.0, 0, 0], [5, 0, 0], [0, 5, 0],
                                                  [0, -5, 0], [0, 0, 5]])},
              "one_iteration": {"max_iter": 1},
              "loose_tol": {"tol": 0.1}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    attributes=("cluster_centers_", "labels_", "inertia_", "n_iter_"),
    # scikit-learn's KMeans keeps float32 data in float32 (its Lloyd loop is compiled for both)
    dtypes=("float64", "float32"),
    outputs=("predict", "transform"),
    supervised=False,
    # the file opens with Lloyd's steps on the whole (N, k) distances; every case runs on them
    textbook=(Textbook("nearest_centres_chunked", "nearest_centres", inputs=points_and_centres,
                       beside="KMeans.fit",
                       not_on_ties="the textbook form measures |x - c|^2 exactly, so a point "
                                   "as far from two centres joins the first; scikit-learn (and "
                                   "the fast form) compare |c|^2 - 2 x.c, whose rounding "
                                   "breaks that tie either way"),
              Textbook("cluster_sums_chunked", "cluster_sums", inputs=points_and_labels,
                       beside="KMeans.fit")),
    # whole-number points as far from two centres to within rounding: scikit-learn compares
    # |c|^2 - 2 x.c from a BLAS product taken in chunks, whose summation order is not replayed;
    # at seed 0 the ties break alike, at seeds 1-8 (python -m parity seeds) some do not
    tie_opt_outs={"integer_X": "whole-number points as far from two centres to within "
                               "rounding join either: scikit-learn's BLAS summation order "
                               "(not replayed) decides; they part at seeds 1-8 of 0-9"},
    battery_opt_outs={
        "one_sample": "k = 5 clusters need at least 5 samples: both sides refuse fewer with the "
                      "same ValueError (the hyperparameters check, n_clusters=99)",
    },
    invalid_hyperparams=(
        ({"n_clusters": 99}, "should be >= n_clusters=99"),
        ({"init": np.zeros((2, 3))}, "init must have shape (n_clusters, n_features)"),
    ),
)
