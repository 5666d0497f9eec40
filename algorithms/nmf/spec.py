"""What parity checks for nmf."""

import numpy as np

import data
from parity.kinds import EstimatorSpec


def low_rank(rng, n_samples=120, n_features=20, rank=4):
    """X = W H + noise, every entry >= 0: rank-4 parts the factorization should find."""
    W = rng.gamma(2.0, 1.0, (n_samples, rank))
    H = rng.gamma(0.5, 1.0, (rank, n_features))
    return np.abs(W @ H + 0.05 * rng.standard_normal((n_samples, n_features))), np.zeros(
        n_samples)


def digit_parts(pair, folder):
    """The 16 components the scratch side finds in the 8x8 digits: strokes, not whole digits,
    because non-negative parts can only add (the pair's own figure)."""
    from parity.plots import _pyplot

    path = folder / "nmf-digit-parts.png"
    X, _ = data.digits()
    model = pair.scratch.NMF(n_components=16, max_iter=300, random_state=0).fit(X)
    plt = _pyplot()
    figure, axes = plt.subplots(2, 8, figsize=(8, 2.4))
    for axis, component in zip(axes.ravel(), model.components_, strict=True):
        axis.imshow(component.reshape(8, 8), cmap="gray_r")
        axis.set_xticks([])
        axis.set_yticks([])
    figure.suptitle("NMF of the digits, k = 16: parts (strokes) that add up to digits",
                    fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


SPEC = EstimatorSpec(
    model="NMF",
    data=low_rank,
    # the battery and the benchmarks: 100 iterations, no stopping test (so no warning)
    hyperparams={"n_components": 4, "tol": 0.0, "max_iter": 100},
    # tol 1e-3: the error's fall stops the updates (after 100-130 iterations on this data)
    variants={"frobenius": {"tol": 1e-3, "max_iter": 200},
              "kullback_leibler": {"beta_loss": "kullback-leibler", "tol": 1e-3,
                                   "max_iter": 200},
              "default_tol": {"tol": 1e-4, "max_iter": 200},           # runs to max_iter
              "penalized": {"alpha_W": 0.01, "l1_ratio": 0.5, "tol": 1e-3, "max_iter": 200},
              "penalized_H_apart": {"alpha_W": 0.01, "alpha_H": 0.1, "l1_ratio": 0.2,
                                    "tol": 1e-3, "max_iter": 200},
              "fixed_iterations": {},                                 # no stopping test
              "more_components_than_rank": {"n_components": 8, "tol": 1e-3,
                                            "max_iter": 200}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    attributes=("components_", "n_components_", "n_iter_", "reconstruction_err_"),
    # fit_transform refits on the data and returns W; transform fits W for it, H fixed
    outputs=("fit_transform", "transform"),
    predicts="transform",
    supervised=False,
    # scikit-learn's NMF keeps float32 data in float32, and so does the scratch side
    dtypes=("float64", "float32"),
    figures=(digit_parts,),
    # N rows of 64 features, k = 4 (random non-negative data)
    bench_sizes=((256, 64), (2048, 64), (16384, 64)),
    bench_data=lambda rng, n_samples, n_features: low_rank(rng, n_samples, n_features),
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "NMF": {"check_positive_only_tag_during_fit": "message wording: 'X must be "
                                                      "non-negative for NMF'"},
    },
    positive_only=True,                 # scikit-learn's tag: X >= 0
)
