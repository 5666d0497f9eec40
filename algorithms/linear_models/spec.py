"""What parity checks for linear_models."""

import numpy as np

from parity.kinds import EstimatorSpec, Textbook
from parity.seeding import make_rng
from parity.tolerances import Tolerance


def sparse_regression(rng, n_samples=200, n_features=10):
    """Features in correlated pairs (x_2k+1 = x_2k + noise) and y from 3 of them: the lasso
    must choose within a pair, which is where solvers part ways if they can."""
    X = rng.standard_normal((n_samples, n_features)) * rng.uniform(0.5, 2, n_features)
    X[:, 1::2] = X[:, 0::2][:, :n_features // 2] + 0.3 * rng.standard_normal(
        (n_samples, n_features // 2))
    w = np.zeros(n_features)
    chosen = rng.choice(n_features, min(3, n_features), replace=False)
    w[chosen] = rng.uniform(1, 3, len(chosen)) * rng.choice([-1, 1], len(chosen))
    return X, X @ w + 1.5 + 0.5 * rng.standard_normal(n_samples)


def wide(rng):
    """More features than samples (30 x 60): ridge solves the (N, N) kernel system."""
    return sparse_regression(rng, n_samples=30, n_features=60)


def descent_inputs(rng):
    """A centred problem, a warm start (zeros or random) and penalties from none to all-zero."""
    X, y = sparse_regression(rng, int(rng.integers(2, 120)), int(rng.integers(1, 12)))
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha_max = np.abs(Xc.T @ yc).max() / len(yc)
    l1 = float(len(yc) * alpha_max * rng.uniform(0, 1.2))
    l2 = float(len(yc) * rng.choice([0.0, 0.1, 1.0]))
    w = rng.standard_normal(X.shape[1]) * rng.choice([0.0, 1.0])
    return Xc, yc, w, l1, l2, int(rng.integers(1, 300)), float(rng.choice([1e-4, 1e-8]))


def lasso_path_figure(pair, folder):
    """Each coefficient along the lasso path on both sides, against log α: the features enter
    one by one as α shrinks, at the same α on both (the pair's own figure)."""
    from parity.plots import _pyplot

    path = folder / "linear_models-lasso-path.png"
    X, y = sparse_regression(make_rng(0))
    fits = {side: module.ElasticNetPath(eps=1e-3, n_alphas=60).fit(X, y)
            for side, module in (("scratch", pair.scratch), ("framework", pair.framework))}
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(7, 4.2))
    for j, (ours, theirs) in enumerate(zip(fits["scratch"].coef_path_,
                                           fits["framework"].coef_path_, strict=True)):
        line, = axis.plot(fits["scratch"].alphas_, ours, lw=2, alpha=0.6)
        axis.plot(fits["framework"].alphas_, theirs, "k:", lw=1)
        entry = fits["scratch"].entries_[j]
        if entry < len(ours):
            axis.plot(fits["scratch"].alphas_[entry], 0, "o", color=line.get_color(), ms=4)
    axis.set_xscale("log")
    axis.invert_xaxis()
    axis.set_xlabel("α (log scale, shrinking to the right)")
    axis.set_ylabel("coefficient")
    axis.set_title("the lasso path: scratch (colour) and scikit-learn (dotted); dots: where "
                   "a feature enters", fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


LASSO_ATTRIBUTES = ("coef_", "intercept_", "n_iter_", "dual_gap_")
# float32: scikit-learn keeps float32 data in float32, and so does the scratch side; but the
# two round their dot products differently (scipy's BLAS and NumPy's), so where a stopping
# test falls near its threshold one side takes a pass more. Both stop within the solver's
# tolerance: the coefficients agree to it, not to float32's last digits, and the pass counts
# and gaps are compared in float64 only. Ridge solves by Cholesky there, by LU here: in float32
# the two differ by the condition number times float32's epsilon.
FLOAT32 = {"dtypes": ("float32",), "attributes": ("coef_", "intercept_"), "tolerances": {
    (check, "float32"): Tolerance(rtol=1e-4, atol=1e-4, reason=(
        "float32: the two sides' BLAS round alike only to float32's epsilon; coordinate "
        "descent's stop then falls a pass apart, within the solver's tol of 1e-4 (seen: "
        "1.6e-5 at worst over seeds 0-9)"))
    for check in ("fitted", "predict")}}
RIDGE = {"model": "Ridge", "hyperparams": {"alpha": 1.0}, "attributes": ("coef_", "intercept_")}
PATH = {"model": "ElasticNetPath", "hyperparams": {"n_alphas": 30},
        "attributes": ("alphas_", "coef_path_", "intercept_path_", "dual_gaps_", "n_iters_",
                       "entries_")}

SPEC = EstimatorSpec(
    model="Lasso",
    data=sparse_regression,
    hyperparams={"alpha": 0.05},
    variants={"lasso": {},
              "lasso_weak": {"alpha": 0.002},          # every feature in: many passes
              "lasso_strong": {"alpha": 1.0},          # most features out
              "elastic_net": {"spec": {"model": "ElasticNet",
                                       "hyperparams": {"alpha": 0.1, "l1_ratio": 0.5}}},
              "lasso_tight_tol": {"tol": 1e-10},
              "ridge": {"spec": RIDGE},
              "ridge_wide": {"spec": {**RIDGE, "data": wide}},
              "lasso_path": {"spec": PATH},
              "elastic_net_path": {"l1_ratio": 0.5, "spec": PATH},
              "lasso_float32": {"spec": {**FLOAT32, "tie_opt_outs": {"boolean_X": (
                  "on 0/1 features float32 coordinate descent stopped a pass apart with "
                  "predictions 4e-4 apart (seed 2 of 0-9, python -m parity seeds), beyond "
                  "the 1e-4 both reach on continuous features")}}},
              "elastic_net_float32": {"spec": {**FLOAT32, "model": "ElasticNet",
                                               "hyperparams": {"alpha": 0.1, "l1_ratio": 0.5}}},
              "ridge_float32": {"spec": {**RIDGE, **FLOAT32}}},
    targets=lambda rng, n_samples: rng.standard_normal(n_samples),
    attributes=LASSO_ATTRIBUTES,
    # float64 here; the float32 variants above say why they compare to the solver's tolerance
    dtypes=("float64",),
    tolerances={("extreme_values", "float64"): Tolerance(rtol=1e-6, atol=1e-7, reason=(
        "the battery's features scaled by 1e6: the coefficients shrink to ~1e-6 and the "
        "duality gap, a difference of terms ~|y|^2 / N, is known to ~1e-7 of itself; the "
        "dot products of scikit-learn's Cython (scipy's BLAS) and of NumPy part it by 3.6e-7 "
        "(numpy 2.4.6, scipy 1.17.1)"))},
    figures=(lasso_path_figure,),
    # the file opens with the residual recomputed for each coordinate; every case runs on it
    textbook=(Textbook("coordinate_descent_fast", "coordinate_descent", inputs=descent_inputs,
                       beside="ElasticNet.fit"),),
    # N samples of 16 features, y from 3 of them: coordinate descent at alpha 0.05
    bench_sizes=((256, 16), (4096, 16), (32768, 16)),
    bench_data=lambda rng, n_samples, n_features: sparse_regression(rng, n_samples,
                                                                    n_features),
    diverging={},
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "ElasticNetPath": {
            **dict.fromkeys(("check_fit_score_takes_y", "check_pipeline_consistency",
                             "check_regressors_train"),
                            "a path predicts one column per α, (N, A), not a regressor's (N,)"),
            "check_non_transformer_estimators_n_iter": "the passes are counted per α, n_iters_ "
                                                       "(A,), not as one n_iter_",
        },
    },
)
