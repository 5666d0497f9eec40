"""Each pair's figures, drawn from both sides: what readers expect to see of an algorithm.

    python -m parity plot [NAME ...] [--out plots]

    loss curves       a gradient pair trained on its parity data from one start: the scratch
                      and framework losses step by step, and their difference
    decision regions  a classifier (gradient or estimator) on two moons and on XOR, scratch
                      beside framework
    clusters          a clustering pair on two moons, scratch beside framework; the dbscan pair
                      adds k-means against DBSCAN, the arcs it follows where k-means cuts

Pairs of functions, optimizers and metrics have no figure here. Every figure is computed
afresh from the code, so it also shows when the two sides stop agreeing.
"""

from pathlib import Path

import numpy as np

import data
from parity.kinds.gradient import build_framework, build_scratch, make_problem, model_size
from parity.seeding import make_rng

GRID = 200                      # points per side of the decision-region grid
LOSS_STEPS = 300


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def first_variant(pair):
    """The pair itself, or its first classifier variant (else its first variant)."""
    variants = [pair.kind.with_variant(pair, name) for name in pair.spec.variants]
    return next((v for v in variants if is_classifier(v)), variants[0]) if variants else pair


def is_classifier(pair):
    """Whether the pair's models predict classes of X: integer targets, learned from y."""
    if pair.spec.targets is None:                                   # X holds ids
        return False
    targets = np.asarray(pair.spec.targets(make_rng(0), 8))
    return np.issubdtype(targets.dtype, np.integer) and pair.kind.supervised(pair)


def plot_pair(pair, folder):
    """Draw the pair's figures into `folder` (its kind says which); returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return pair.kind.figures(pair, folder)


def loss_curves(pair, path):
    """Both sides trained from one start on the same batches: the loss at every step."""
    problem = make_problem(pair, "float64", seed=0)
    D = model_size(pair, problem.X)
    scratch = build_scratch(pair, D, "float64", problem.init)
    framework = build_framework(pair, D, "float64", "cpu", problem.init)
    batches = _batches(len(problem.X), pair.spec.batch_size, LOSS_STEPS)
    scratch.fit(problem.X, problem.y, batches)
    framework.fit(problem.X, problem.y, batches)
    ours, theirs = np.array(scratch.loss_history_), np.array(framework.loss_history_)
    plt = _pyplot()
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5.5), sharex=True,
                                         height_ratios=(3, 1.4))
    top.plot(ours, label="scratch (NumPy)", linewidth=2.5, alpha=0.6)
    top.plot(theirs, "--", label=f"framework ({pair.spec.framework})", color="black",
             linewidth=1)
    top.set_ylabel("training loss")
    top.set_title(f"{pair.name}: {LOSS_STEPS} steps of {pair.spec.batch_size} samples, "
                  "one start")
    top.legend()
    bottom.semilogy(np.maximum(np.abs(ours - theirs), 1e-18), color="tab:red")
    bottom.set_ylabel("|scratch - framework|")
    bottom.set_xlabel("step")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return path


def _batches(n_samples, batch_size, steps):
    rng = make_rng(1)
    order = []
    while len(order) < steps:
        permutation = rng.permutation(n_samples)
        order += [permutation[i:i + batch_size] for i in range(0, n_samples, batch_size)]
    return order[:steps]


def decision_regions(pair, path):
    """The predicted class over the plane, for two moons and for XOR, scratch and framework."""
    moons_X, moons_y = data.moons(make_rng(0), 300, noise=0.2)
    xor_X, xor_y = _noisy_xor(make_rng(0))
    plt = _pyplot()
    figure, axes = plt.subplots(2, 2, figsize=(9, 8.4))
    for row, (name, X, y) in enumerate((("two moons", moons_X, moons_y),
                                        ("XOR", xor_X, xor_y))):
        models = pair.kind.figure_fits(pair, X, y)
        grid, xx, yy = _grid(X)
        for column, (side, model) in enumerate(zip(("scratch", "framework"), models,
                                                   strict=True)):
            regions = np.asarray(model.predict(grid)).reshape(xx.shape)
            axis = axes[row, column]
            axis.contourf(xx, yy, regions, alpha=0.3, cmap="coolwarm", levels=[-0.5, 0.5, 1.5])
            axis.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=10, edgecolors="k",
                         linewidths=0.3)
            accuracy = np.mean(np.asarray(model.predict(X)) == y)
            axis.set_title(f"{name}, {side}: training accuracy {accuracy:.1%}", fontsize=10)
            axis.set_xticks([])
            axis.set_yticks([])
    figure.suptitle(f"{pair.name}: decision regions")
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


def _noisy_xor(rng, per_corner=60):
    """XOR's four corners, each a Gaussian cloud: no line separates the classes."""
    corners, labels = data.xor()
    X = np.repeat(corners, per_corner, axis=0) + 0.15 * rng.standard_normal((4 * per_corner, 2))
    return X, np.repeat(labels, per_corner)


def _grid(X):
    low, high = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], GRID), np.linspace(low[1], high[1], GRID))
    return np.column_stack([xx.ravel(), yy.ravel()]), xx, yy


def _labels(model, X):
    return model.labels_ if hasattr(model, "labels_") else model.predict(X)


def clusters(pair, path):
    """The clusters found on two moons, scratch beside framework."""
    X, _ = data.moons(make_rng(0), 400, noise=0.08)
    models = pair.kind.figure_fits(pair, X, np.zeros(len(X)))
    plt = _pyplot()
    figure, axes = plt.subplots(1, 2, figsize=(9, 4.2))
    for axis, side, model in zip(axes, ("scratch", "framework"), models, strict=True):
        labels = _labels(model, X)
        axis.scatter(X[:, 0], X[:, 1], c=labels, cmap="tab10", s=10)
        axis.set_title(f"{side}: {len(set(labels.tolist()) - {-1})} clusters", fontsize=10)
        axis.set_xticks([])
        axis.set_yticks([])
    same = np.array_equal(_labels(models[0], X), _labels(models[1], X))
    figure.suptitle(f"{pair.name} on two moons: labels {'equal' if same else 'DIFFER'}")
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


def kmeans_against_dbscan(pair, folder):
    """k-means with k = 2 cuts the moons with a straight line; DBSCAN follows each arc (the
    dbscan pair's own figure)."""
    from algorithms.kmeans.scratch import KMeans

    path = folder / "dbscan-vs-kmeans.png"
    X, y = data.moons(make_rng(0), 400, noise=0.08)
    found = {"k-means, k = 2": KMeans(n_clusters=2, random_state=0).fit(X).labels_,
             f"DBSCAN, eps {pair.spec.hyperparams['eps']}":
                 getattr(pair.scratch, pair.spec.model)(**pair.spec.hyperparams).fit(X).labels_}
    plt = _pyplot()
    figure, axes = plt.subplots(1, 2, figsize=(9, 4.2))
    for axis, (name, labels) in zip(axes, found.items(), strict=True):
        axis.scatter(X[:, 0], X[:, 1], c=labels, cmap="tab10", s=10)
        agreement = max(np.mean(labels == y), np.mean(labels == 1 - y))
        axis.set_title(f"{name}: {agreement:.0%} of points with their moon", fontsize=10)
        axis.set_xticks([])
        axis.set_yticks([])
    figure.suptitle("two moons: k-means against DBSCAN (scratch sides)")
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path
