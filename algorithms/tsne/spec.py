"""What parity checks for tsne."""

import numpy as np

import data
from parity.kinds import EstimatorSpec, Textbook


def some_digits(rng, n_samples=100):
    """A random 100 of the 8x8 digits (64 features), their labels as y."""
    X, y = data.digits()
    rows = rng.choice(len(X), size=n_samples, replace=False)
    return X[rows], y[rows]


def distances_to_search(rng):
    """A row search's input: squared distances of a few random points (float32, 0 on the
    diagonal) and a perplexity below their number."""
    n = int(rng.integers(3, 40))
    X = rng.standard_normal((n, int(rng.integers(1, 6)))) * rng.uniform(0.1, 5)
    distances = ((X[:, None] - X[None]) ** 2).sum(axis=-1).astype(np.float32)
    return distances, float(rng.uniform(1.0, n - 1))


def digits_embedded(pair, folder):
    """All 1797 digits embedded in the plane by both sides from one random start, coloured
    by their label: ten islands, the same on both sides (the pair's own figure)."""
    from parity.plots import _pyplot

    path = folder / "tsne-digits.png"
    X, y = data.digits()
    plt = _pyplot()
    figure, axes = plt.subplots(1, 2, figsize=(8, 4))
    for axis, side in zip(axes, ("scratch", "framework"), strict=True):
        model = getattr(pair, side).TSNE(init="random", max_iter=500, random_state=0)
        Y = model.fit_transform(X)
        axis.scatter(Y[:, 0], Y[:, 1], s=3, c=y, cmap="tab10")
        axis.set_title(f"{side}: KL {model.kl_divergence_:.4f} after 500 iterations",
                       fontsize=9)
        axis.set_xticks([])
        axis.set_yticks([])
    figure.suptitle("t-SNE of the 8x8 digits (perplexity 30): scratch and scikit-learn",
                    fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


# Tied distances reach the embedding only through P's sums, which the forms add in one order;
# each tie form runs on the other variants, and this long one is spared them.
TIES_ONCE = dict.fromkeys(("integer_X", "boolean_X"), "run on the other variants, whose "
                          "fits are shorter (ties reach t-SNE only through P's sums)")

SPEC = EstimatorSpec(
    model="TSNE",
    data=some_digits,
    # the battery's problems have 12 samples: a perplexity below that, the fewest iterations
    hyperparams={"perplexity": 5.0, "max_iter": 250, "random_state": 0},
    variants={"random_start": {"init": "random", "max_iter": 400, "perplexity": 30.0},
              "pca_start": {"max_iter": 400, "perplexity": 20.0},
              "three_dimensions": {"n_components": 3, "init": "random", "max_iter": 300,
                                   "perplexity": 10.0},
              "fixed_rate_mild_exaggeration": {"learning_rate": 100.0,
                                               "early_exaggeration": 4.0, "max_iter": 400,
                                               "init": "random"},
              "stops_early": {"n_iter_without_progress": 50, "min_grad_norm": 1e-3,
                              "max_iter": 1000, "init": "random", "perplexity": 30.0,
                              "spec": {"tie_opt_outs": TIES_ONCE}}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    # P, the KL divergence at every 50th iteration and at the end, the final embedding
    attributes=("joint_probabilities_", "kl_divergences_", "kl_divergence_", "n_iter_",
                "learning_rate_", "embedding_"),
    outputs=("fit_transform",),
    predicts="fit_transform",
    supervised=False,
    # the file opens with the binary search one row at a time; every case also runs on it
    textbook=(Textbook("conditional_probabilities", "conditional_probabilities_by_row",
                       inputs=distances_to_search, beside="TSNE.fit_transform"),),
    figures=(digits_embedded,),
    battery_opt_outs={
        **dict.fromkeys(("predict_before_fit", "n_features_mismatch"), (
            "t-SNE has no transform: fit_transform embeds the very data it fits, so there is "
            "nothing to ask before fit, nor of data of other features")),
        "one_feature": "the PCA start needs n_components = 2 axes: both sides refuse one "
                       "feature with the same ValueError (init='random' takes it)",
        "one_sample": "a perplexity needs more samples than itself: both sides refuse one "
                      "sample with the same ValueError ('perplexity (5.0) must be less than "
                      "n_samples (1)')",
    },
    # N of the digits' 64 features (pixels), 250 iterations: the O(N²) gradient dominates
    bench_sizes=((128, 64), (512, 64), (1024, 64)),
    bench_data=lambda rng, n_samples, n_features: some_digits(rng, n_samples),
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "TSNE": {
            **dict.fromkeys(
                ("check_fit_score_takes_y", "check_estimators_overwrite_params",
                 "check_dont_overwrite_parameters", "check_estimators_fit_returns_self",
                 "check_readonly_memmap_input", "check_n_features_in_after_fitting",
                 "check_estimators_dtypes", "check_pipeline_consistency",
                 "check_estimators_nan_inf", "check_estimators_pickle",
                 "check_f_contiguous_array_estimator", "check_methods_sample_order_invariance",
                 "check_methods_subset_invariance", "check_dict_unchanged",
                 "check_fit2d_predict1d"),
                "the default perplexity of 30 needs more than 30 samples, and these checks fit "
                "10 to 30: 'perplexity (30.0) must be less than n_samples (20)'"),
            "check_fit2d_1sample": "message wording: 'perplexity (30.0) must be less than "
                                   "n_samples (1)'",
            "check_fit2d_1feature": "message wording: the perplexity (as above)",
        },
    },
)
