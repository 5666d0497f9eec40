"""What parity checks for gaussian_mixture."""

import warnings

import numpy as np

from parity.kinds import EstimatorSpec, Textbook
from parity.seeding import make_rng
from parity.tolerances import Tolerance

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")


def stretched_blobs(rng, n_samples=300, n_features=3, n_blobs=3):
    """Gaussian blobs, each stretched along its own axes (standard deviations 0.3 to 1.5)
    and turned by a random rotation, so that full covariances differ from diagonal ones.
    X (N, D), y the blob (N,)."""
    y = rng.integers(0, n_blobs, n_samples)
    centres = 4 * rng.standard_normal((n_blobs, n_features))
    rotations = np.linalg.qr(rng.standard_normal((n_blobs, n_features, n_features)))[0]
    scales = rng.uniform(0.3, 1.5, (n_blobs, n_features, 1))
    shapes = scales * rotations.transpose(0, 2, 1)                     # diag(s) Qᵀ (B, D, D)
    noise = rng.standard_normal((n_samples, n_features))
    return centres[y] + np.einsum("nd,nde->ne", noise, shapes[y]), y


def mixture_state(rng):
    """The E-step's arguments: samples, weights, means and precision factors of a random
    covariance type, the samples within a few standard deviations of the components."""
    covariance_type = COVARIANCE_TYPES[rng.integers(4)]
    K, D = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    X = rng.standard_normal((int(rng.integers(1, 40)), D)) * 2
    weights = rng.dirichlet(np.ones(K))
    means = rng.standard_normal((K, D))
    triangular = np.tril(rng.standard_normal((K, D, D)) * 0.3, -1)
    full = triangular + np.eye(D) * rng.uniform(0.5, 1.5, (K, 1, D))
    L = {"full": full, "tied": full[0], "diag": rng.uniform(0.5, 1.5, (K, D)),
         "spherical": rng.uniform(0.5, 1.5, K)}[covariance_type]
    return X, weights, means, L, covariance_type


def ellipses_over_iterations(pair, folder):
    """Three stretched blobs and the scratch side's components after 1, 3, 10 and 30 EM steps
    from k-means' start: the ellipses (two standard deviations) turn and stretch to the
    clusters' shapes, which k-means' round clusters cannot (the pair's own figure)."""
    from parity.plots import _pyplot

    path = folder / "gaussian_mixture-ellipses.png"
    X, _ = stretched_blobs(make_rng(3), n_samples=400, n_features=2)
    steps = (1, 3, 10, 30)
    plt = _pyplot()
    figure, axes = plt.subplots(1, len(steps), figsize=(3.2 * len(steps), 3.2))
    angles = np.linspace(0, 2 * np.pi, 100)
    circle = np.stack([np.cos(angles), np.sin(angles)])                # (2, 100)
    for axis, step in zip(axes, steps, strict=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")                            # stopped early on purpose
            model = pair.scratch.GaussianMixture(3, tol=0.0, max_iter=step,
                                                 random_state=0).fit(X)
        axis.scatter(X[:, 0], X[:, 1], s=4, c=model.predict(X), cmap="viridis", alpha=0.6)
        for mean, covariance in zip(model.means_, model.covariances_, strict=True):
            values, vectors = np.linalg.eigh(covariance)
            outline = mean[:, None] + 2 * vectors @ (np.sqrt(values)[:, None] * circle)
            axis.plot(outline[0], outline[1], "k", linewidth=1)
        axis.set_title(f"after {step} EM step{'s' if step > 1 else ''}, "
                       f"bound {model.lower_bound_:.3f}", fontsize=9)
        axis.set_xticks([])
        axis.set_yticks([])
    figure.suptitle("EM on a mixture of three Gaussians: components at 2 standard deviations",
                    fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


# float32: scikit-learn keeps float32 data in float32 throughout, as the scratch side does; the
# two sides' sums round apart by float32's epsilon at every step, and EM carries those
# differences along (a step moves the parameters by far more than it rounds): they agree to
# 1e-4, not to float32's last digits. On whole-number or 0/1 features a component can collapse
# onto repeated points, where float32's rounding decides how far: float64 only there.
FLOAT32 = {"dtypes": ("float32",), "tolerances": {
    (check, "float32"): Tolerance(rtol=1e-4, atol=1e-4, reason=(
        "float32 EM: each step's rounding (float32's epsilon) is carried into the next "
        "parameters; after 5-20 steps the two sides agree to 1e-4"))
    for check in ("fitted", "predict")},
    "tie_opt_outs": dict.fromkeys(("integer_X", "boolean_X"), (
        "float64 only: a component collapsed onto repeated points has a covariance of "
        "reg_covar, whose float32 rounding the two sides do not share"))}

# Several k-means starts often find one clustering under other names, and EM from each reaches
# one optimum by one path: their bounds then differ in the last bit only, which the Cholesky
# factor's triangular solve rounds (LAPACK's here, scipy's there), and either side may keep any
# of them: the same mixture, its components in another order. Compared is what the order does
# not change: the bounds, each sample's log-likelihood, BIC and AIC.
ANY_OF_TIED_STARTS = {"attributes": ("converged_", "n_iter_", "lower_bound_", "lower_bounds_"),
                      "outputs": ("score_samples", "score", "bic", "aic")}

# Five components on whole-number or 0/1 features: some collapse onto one repeated point, with
# covariance reg_covar (precision 1e6); the bound then moves by 1e6 times a rounding
# difference, and the two sides' EM paths part within a few steps.
FIVE_ON_TIES = dict.fromkeys(("integer_X", "boolean_X"), (
    "five components collapse onto single repeated points (precision 1e6): rounding "
    "differences grow a million-fold, and the EM paths part"))

SPEC = EstimatorSpec(
    model="GaussianMixture",
    data=stretched_blobs,
    hyperparams={"n_components": 3, "random_state": 0},
    variants={"full": {},
              "tied": {"covariance_type": "tied"},
              "diag": {"covariance_type": "diag"},
              "spherical": {"covariance_type": "spherical"},
              "full_tight_tol": {"tol": 1e-8, "max_iter": 500},
              "random_start": {"init_params": "random", "random_state": 2},
              # single samples start with covariance reg_covar: far from them every density
              # underflows to 0 in probability space, what the log-space form is for
              "starts_from_data": {"init_params": "random_from_data", "n_init": 3,
                                   "covariance_type": "diag", "spec": {"textbook": ()}},
              "three_kmeans_starts": {"n_init": 3, "random_state": 7, "spec": ANY_OF_TIED_STARTS},
              "five_components": {"n_components": 5, "covariance_type": "full",
                                  "spec": {"tie_opt_outs": FIVE_ON_TIES}},
              **{f"{kind}_float32": {"covariance_type": kind, "spec": FLOAT32}
                 for kind in COVARIANCE_TYPES},
              # no EM step: the last start's parameters, and no bound (-inf) to compare
              "start_only": {"max_iter": 0, "n_init": 2,
                             "spec": {"attributes": ("weights_", "means_", "covariances_",
                                                     "precisions_", "n_iter_",
                                                     "lower_bounds_")}}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    # the parameters, and the bound after every EM step of the start that won
    attributes=("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_",
                "converged_", "n_iter_", "lower_bound_", "lower_bounds_"),
    outputs=("fit_predict", "predict_proba", "predict", "score_samples", "score", "bic",
             "aic"),
    supervised=False,
    # float64 here; the float32 variants above say why they compare to 1e-4
    dtypes=("float64",),
    # the file opens with the E-step in probability space; every case also runs on it
    textbook=(Textbook("e_step", "e_step_textbook", inputs=mixture_state,
                       beside="GaussianMixture.fit_predict",
                       not_on_ties="on whole-number features several starts can reach one "
                                   "optimum, their bounds equal but for the last bit, and the "
                                   "textbook's sums round otherwise: it may keep another "
                                   "start, the same mixture in another order"),),
    figures=(ellipses_over_iterations,),
    battery_opt_outs={
        "one_sample": "a covariance needs two samples: both sides refuse one with the same "
                      "ValueError ('needs at least 3 samples; X has 1 sample')",
        "float32_input": "the battery's 12 samples in 3 components of 3 features leave each "
                          "covariance near singular (precisions ~1e4), where float32's "
                          "rounding moves the fit by 1e-2: float32 is compared on 300 samples "
                          "in the *_float32 variants, to 1e-4",
    },
    # N samples of D features in 3 stretched blobs, 3 full-covariance components
    bench_sizes=((256, 4), (4096, 8), (32768, 16)),
    bench_data=lambda rng, n_samples, n_features: stretched_blobs(rng, n_samples, n_features),
)
