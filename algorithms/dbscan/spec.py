"""What parity checks for dbscan."""

import numpy as np

import data
from parity.kinds import EstimatorSpec, Textbook
from parity.plots import kmeans_against_dbscan


def points_and_radius(rng):
    """X of 1 to 5 features (the grid, and beyond 3 the blocks), with pairs at exactly eps."""
    n, d, eps = int(rng.integers(1, 400)), int(rng.integers(1, 6)), float(rng.uniform(0.05, 1))
    X = np.vstack([rng.standard_normal((n, d)) * 0.5, np.arange(5)[:, None] * eps * np.ones(d)])
    return X, eps


SPEC = EstimatorSpec(
    model="DBSCAN",
    # two moons: DBSCAN follows each arc, where k-means cuts across them
    data=lambda rng: data.moons(rng, 400, noise=0.08),
    hyperparams={"eps": 0.15, "min_samples": 5},
    variants={"moons": {},
              "tight_eps_much_noise": {"eps": 0.06, "min_samples": 4},
              "every_point_core": {"min_samples": 1}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    attributes=("core_sample_indices_", "components_", "labels_"),
    figures=(kmeans_against_dbscan,),
    # the file opens with the (N, N) distances whole; every case also runs on them
    textbook=(Textbook("radius_neighbours_indexed", "radius_neighbours", inputs=points_and_radius,
                       beside="DBSCAN.fit",
                       normalize=lambda neighbours: [np.sort(row) for row in neighbours]),),
    # float32 data: scikit-learn's neighbour search runs in float64, components_ stays float32
    dtypes=("float64", "float32"),
    outputs=("fit_predict",),
    predicts="fit_predict",
    supervised=False,
    # N points in the plane (the moons' scale): the radius search is the cost
    bench_sizes=((256, 2), (4096, 2), (16384, 2)),
    battery_opt_outs={
        "predict_before_fit": "DBSCAN has no predict: fit_predict fits, so there is no "
                              "unfitted state to refuse",
        "n_features_mismatch": "fit_predict clusters the X it is given: no fitted number of "
                               "features to mismatch",
    },
)
