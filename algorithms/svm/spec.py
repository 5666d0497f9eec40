"""What parity checks for svm."""

import numpy as np

import data
from parity.kinds import EstimatorSpec, Textbook
from parity.seeding import make_rng

SVC_ATTRIBUTES = ("classes_", "support_", "support_vectors_", "n_support_", "dual_coef_",
                  "intercept_", "n_iter_", "fit_status_")
IRIS = {"data": lambda rng: data.iris(),
        "targets": lambda rng, n_samples: rng.integers(0, 3, n_samples)}
LINEAR = {"attributes": (*SVC_ATTRIBUTES, "coef_")}
PRIMAL = {"model": "LinearSVM", "hyperparams": {"alpha": 1e-3},
          "attributes": ("classes_", "coef_", "intercept_", "n_iter_", "t_")}
# whole-number or 0/1 features without an intercept put points on the line f(x) = w.x = 0 to
# within rounding (a sum of weights that cancel; w's entries agree to 1e-14, not to the last
# bit): which side such a point falls is not defined (seen at seed 4 on 0/1 features)
ON_THE_LINE = ("a point with f(x) = 0 to within rounding on whole-number or 0/1 data takes "
               "either class; the weights agree to 1e-14")


def noisy_moons(rng, n_samples=200):
    """Two moons (noise 0.3) that overlap, and a third feature of small noise: no kernel
    separates them, so some support vectors sit inside the margin (a_i = C) and some on it
    (0 < a_i < C)."""
    X, y = data.moons(rng, n_samples=n_samples, noise=0.3)
    return np.column_stack([X, 0.3 * rng.standard_normal(n_samples)]), y


def overlapping_blobs(rng, n_samples=200):
    """Two Gaussian blobs in 4-D, 1.5 standard deviations apart: a linear kernel's problem."""
    return data.binary_blobs(rng, n_samples=n_samples, separation=1.5)


def labelled(rng, n_samples, n_features):
    """Benchmark data: y from the sign of a noisy linear score (a margin exists, and noise
    puts points inside it)."""
    X = rng.standard_normal((n_samples, n_features))
    return X, (X[:, 0] + 0.5 * X[:, 1] + 0.5 * rng.standard_normal(n_samples) > 0).astype(int)


def kernel_inputs(rng):
    """Two sets of rows and a kernel with its parameters, at scales from 0.1 to 3."""
    kernel = ("linear", "poly", "rbf", "sigmoid")[rng.integers(4)]
    D = int(rng.integers(1, 6))
    X = rng.standard_normal((int(rng.integers(1, 30)), D)) * rng.uniform(0.1, 3)
    Z = rng.standard_normal((int(rng.integers(1, 30)), D)) * rng.uniform(0.1, 3)
    return X, Z, kernel, float(rng.uniform(0.01, 1)), float(rng.uniform(-1, 1)), \
        int(rng.integers(0, 5))


def margins(pair, folder):
    """The scratch side's SVM on two problems: a linear kernel on blobs and an RBF kernel on
    moons. The solid line is f = 0, the dashed ones f = -1 and +1 (the margin); the ringed
    points are the support vectors, the only samples the answer depends on: the others could
    move anywhere outside the margin and change nothing (the pair's own figure)."""
    from parity.plots import _grid, _pyplot

    path = folder / "svm-margin.png"
    rng = make_rng(0)
    problems = (("linear kernel, C = 1", {"kernel": "linear"},
                 data.binary_blobs(rng, n_samples=80, n_features=2, separation=2.0)),
                ("RBF kernel, C = 1", {"kernel": "rbf"}, data.moons(rng, 150, noise=0.2)))
    plt = _pyplot()
    figure, axes = plt.subplots(1, 2, figsize=(9, 4))
    for axis, (title, hyperparams, (X, y)) in zip(axes, problems, strict=True):
        model = pair.scratch.SVC(**hyperparams).fit(X, y)
        grid, xx, yy = _grid(X)
        f = model.decision_function(grid).reshape(xx.shape)           # (G,) -> grid's shape
        axis.contourf(xx, yy, f > 0, alpha=0.2, cmap="coolwarm", levels=[-0.5, 0.5, 1.5])
        axis.contour(xx, yy, f, levels=[-1, 0, 1], colors="k", linestyles=["--", "-", "--"],
                     linewidths=1)
        axis.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=12, edgecolors="none")
        axis.scatter(*model.support_vectors_.T, s=60, facecolors="none", edgecolors="k",
                     linewidths=0.8)
        axis.set_title(f"{title}: {len(model.support_)} support vectors", fontsize=9)
        axis.set_xticks([])
        axis.set_yticks([])
    figure.suptitle("the margin f = ±1 and the support vectors (ringed)", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


SPEC = EstimatorSpec(
    model="SVC",
    data=noisy_moons,
    hyperparams={},
    variants={"rbf_on_moons": {},
              "rbf_hard_margin": {"C": 100.0, "gamma": 2.0},
              "linear": {"kernel": "linear", "spec": {**LINEAR, "data": overlapping_blobs}},
              "poly": {"kernel": "poly", "degree": 3, "gamma": "auto", "coef0": 1.0},
              # tanh is not a Mercer kernel: K_ii + K_jj - 2 K_ij <= 0 happens, SMO's TAU case
              "sigmoid": {"kernel": "sigmoid", "gamma": 0.5, "coef0": -1.0},
              "iris_ovr": {"spec": IRIS},
              "iris_ovo": {"decision_function_shape": "ovo", "spec": IRIS},
              "iris_break_ties": {"break_ties": True, "C": 0.1, "spec": IRIS},
              "iris_linear": {"kernel": "linear", "spec": {**IRIS, **LINEAR}},
              # stopped by max_iter: both warn, and both stop at the same coefficients
              "stopped_early": {"max_iter": 25},
              "primal_sgd": {"spec": PRIMAL},
              "primal_sgd_iris": {"alpha": 1e-2, "spec": {**PRIMAL, **IRIS}},
              "primal_sgd_no_intercept": {"fit_intercept": False, "tol": None, "max_iter": 20,
                                          "spec": {**PRIMAL, "data": overlapping_blobs,
                                                   "tie_opt_outs": {"integer_X": ON_THE_LINE,
                                                                    "boolean_X": ON_THE_LINE}}}},
    targets=lambda rng, n_samples: rng.integers(0, 2, n_samples),
    attributes=SVC_ATTRIBUTES,
    outputs=("decision_function", "predict"),
    invalid_hyperparams=(({"break_ties": True, "decision_function_shape": "ovo"},
                          "break_ties must be False when decision_function_shape is 'ovo'"),),
    battery_opt_outs={
        "one_sample": "one sample is one class, and an SVM needs two: both sides refuse it "
                      "with the same ValueError",
    },
    figures=(margins,),
    # the file opens with k(x, z) as the formulas read; every case also runs on it
    textbook=(Textbook("gram", "kernel_textbook", inputs=kernel_inputs, beside="SVC.fit"),
              Textbook("kernel_values", "kernel_textbook", inputs=kernel_inputs,
                       beside="SVC.decision_function")),
    # N samples of 16 features, a noisy linear boundary, the RBF kernel: fit solves an
    # (N, N) dual, so the sizes stop at 4096 (libsvm's kernel cache holds the same rows)
    bench_sizes=((256, 16), (1024, 16), (4096, 16)),
    bench_data=labelled,
)
