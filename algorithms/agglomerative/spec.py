"""What parity checks for agglomerative."""

import numpy as np

from algorithms.kmeans.spec import blobs
from parity.kinds import EstimatorSpec, Textbook


def points_and_linkage(rng):
    """Blobs of 2 to 60 points (float64 or float32) and a linkage."""
    X, _ = blobs(rng, n_samples=int(rng.integers(2, 61)), n_features=int(rng.integers(1, 5)))
    return X.astype((np.float64, np.float32)[rng.integers(2)]), str(rng.choice(
        ["ward", "complete", "average", "single"]))


SPEC = EstimatorSpec(
    # float32 X: scikit-learn's linkage runs in float64 (distances_ float64), as here
    dtypes=("float64", "float32"),
    model="AgglomerativeClustering",
    data=lambda rng: blobs(rng, n_samples=200),
    hyperparams={"n_clusters": 4},
    variants={"ward": {"linkage": "ward"}, "complete": {"linkage": "complete"},
              "average": {"linkage": "average"}, "single": {"linkage": "single"},
              "ward_ten_clusters": {"linkage": "ward", "n_clusters": 10}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    attributes=("children_", "distances_", "n_leaves_", "labels_"),
    outputs=("fit_predict",),
    predicts="fit_predict",
    supervised=False,
    # the file opens with the whole matrix searched at each merge; every case runs on it too
    textbook=(Textbook("merge_tree_fast", "merge_tree", inputs=points_and_linkage,
                       beside="AgglomerativeClustering.fit",
                       not_on_ties="where several pairs are equally close, the textbook form "
                                   "merges the first in the matrix; scipy's chains (and the "
                                   "fast form, which follows them) may merge another first: "
                                   "a different tree, as valid"),),
    # N points of 16 features: an N x N distance matrix, N - 1 merges
    bench_sizes=((256, 16), (1024, 16), (2048, 16)),
    battery_opt_outs={
        "predict_before_fit": "there is no predict: fit_predict fits, so there is no unfitted "
                              "state to refuse",
        "n_features_mismatch": "fit_predict clusters the X it is given: no fitted number of "
                               "features to mismatch",
        "one_sample": "one point cannot be merged: both sides refuse fewer than 2 samples with "
                      "the same ValueError (the hyperparameters check, n_clusters=999)",
    },
    invalid_hyperparams=(
        ({"n_clusters": 999}, "must be >= 2 and >= n_clusters=999"),
    ),
)
