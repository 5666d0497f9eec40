"""What parity checks for adaboost."""

import numpy as np

import data
from parity.kinds import EstimatorSpec
from parity.seeding import make_rng

IRIS = {"data": lambda rng: data.iris(),
        "targets": lambda rng, n_samples: rng.integers(0, 3, n_samples)}
DIGITS = {"data": lambda rng: data.digits(),
          "targets": lambda rng, n_samples: rng.integers(0, 10, n_samples)}


# Deeper trees reach nodes of a few samples, where splits on two features can cut off the same
# samples: their weighted impurities then tie but for the last bit, which each tree's sums of
# the (non-integer) boosting weights round differently. The trees predict alike, and the
# weights, says and votes are compared; which feature gets the credit is not.
DEEPER_TREES = ("classes_", "n_classes_", "sample_weights_", "estimator_weights_",
                "estimator_errors_")


def noisy_moons(rng, n_samples=300):
    """Two moons (noise 0.3) and a third feature of pure noise, which the stumps learn to
    leave alone."""
    X, y = data.moons(rng, n_samples=n_samples, noise=0.3)
    return np.column_stack([X, rng.standard_normal(n_samples)]), y


def one_feature_decides(rng, n_samples=200):
    """Feature 0 alone separates the classes: the first stump is perfect, and boosting
    stops after one round (say 1, error 0)."""
    X = rng.standard_normal((n_samples, 3))
    return X, (X[:, 0] > 0.3).astype(np.int64)


def constant_features(rng, n_samples=50):
    """Features that never vary, random labels: each tree is one leaf, the weighted majority.
    Reweighting puts the first tree exactly at chance (error 1/2): boosting stops after one
    round, or the next trees get a say of about 1e-16, as the rounding of that 1/2 falls."""
    return np.ones((n_samples, 2)), rng.integers(0, 2, n_samples)


def reweighted_points(pair, folder):
    """Two moons as the scratch side's stumps see them after 1, 3, 10 and 40 rounds: each
    point drawn with the area of its weight, the vote's regions behind. The weight gathers
    on the points near the boundary, the ones the trees keep missing (the pair's own figure)."""
    from parity.plots import _grid, _pyplot

    path = folder / "adaboost-reweighted-points.png"
    X, y = data.moons(make_rng(0), n_samples=200, noise=0.25)
    rounds = (1, 3, 10, 40)
    model = pair.scratch.AdaBoostClassifier(n_estimators=max(rounds) + 1, random_state=0)
    model.fit(X, y)
    grid, xx, yy = _grid(X)
    staged = model.staged_decision_function(grid)                      # (rounds, G)
    plt = _pyplot()
    figure, axes = plt.subplots(1, len(rounds), figsize=(3.2 * len(rounds), 3.2))
    for axis, m in zip(axes, rounds, strict=True):
        axis.contourf(xx, yy, (staged[m - 1] > 0).reshape(xx.shape), alpha=0.25,
                      cmap="coolwarm", levels=[-0.5, 0.5, 1.5])
        weights = model.sample_weights_[m]                             # before round m + 1
        axis.scatter(X[:, 0], X[:, 1], s=4000 * weights, c=y, cmap="coolwarm",
                     edgecolors="k", linewidths=0.3)
        axis.set_title(f"weights before round {m + 1}, vote of {m}", fontsize=9)
        axis.set_xticks([])
        axis.set_yticks([])
    figure.suptitle("AdaBoost on stumps: the weight moves to the points the trees miss",
                    fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


SPEC = EstimatorSpec(
    model="AdaBoostClassifier",
    data=noisy_moons,
    hyperparams={"n_estimators": 30, "random_state": 0},
    variants={"stumps_on_moons": {},
              "slow_stumps": {"learning_rate": 0.3, "n_estimators": 40},
              "depth_3_trees": {"max_depth": 3, "n_estimators": 20, "random_state": 4,
                                "spec": {"attributes": DEEPER_TREES}},
              "iris_three_classes": {"spec": IRIS},
              "digits_ten_classes": {"max_depth": 2, "n_estimators": 15, "spec": DIGITS},
              "perfect_first_stump": {"spec": {"data": one_feature_decides}},
              "constant_features": {"spec": {"data": constant_features}}},
    targets=lambda rng, n_samples: rng.integers(0, 2, n_samples),
    # the weights each tree saw, the say and error of every round, and the vote after each
    attributes=("classes_", "n_classes_", "sample_weights_", "estimator_weights_",
                "estimator_errors_", "feature_importances_"),
    outputs=("staged_decision_function", "decision_function", "staged_predict_proba",
             "predict_proba", "staged_predict", "predict"),
    # float32 X is what the trees split on anyway (scikit-learn casts X to float32)
    dtypes=("float64", "float32"),
    # every tree's say scaled by 1e300: the missed samples' weights overflow in round one
    diverging={"learning_rate": 1e300},
    figures=(reweighted_points,),
    battery_opt_outs={
        "one_sample": "one sample is one class, and boosting needs two: both sides refuse it "
                      "with the same ValueError",
    },
    # N samples of 16 features, 30 stumps: fit is 30 weighted stump searches
    bench_sizes=((256, 16), (4096, 16), (32768, 16)),
)
