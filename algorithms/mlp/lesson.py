"""What a hidden layer buys: XOR, two moons and handwritten digits, trained on both sides.

    python -m algorithms.mlp.lesson [--plot PATH] [--mnist [FOLDER]] [--tensorboard DIR]

Each model is trained twice from the same initial weights and batches: once by the NumPy
scratch side, once by the PyTorch side. The table gives both accuracies and the largest
difference between their trained parameters; the plot (default results/mlp_digits_loss.png)
shows the digits training loss of both sides and the gap between them, step by step.

--mnist adds a row for MNIST (60,000 training and 10,000 test images of 28x28), read from the
IDX files in FOLDER, or from the cache or a verified download without one (data.download).
--tensorboard logs the digits model's training on both sides into DIR (parity.tensorboard):
`tensorboard --logdir DIR`.
"""

import argparse
from pathlib import Path

import numpy as np

import data
from algorithms.logistic_regression import scratch as logistic
from algorithms.mlp import framework, scratch
from parity import tensorboard


def fit_both(X, y, **hyperparams):
    """Scratch and framework MLPs trained identically: the same initial weights and batches."""
    ours = scratch.MLP(X.shape[1], **hyperparams)
    theirs = framework.MLP(X.shape[1], **hyperparams)
    theirs.load_state_dict(ours.state_dict())                    # the same initial weights
    return ours.fit(X, y), theirs.fit(X, y)


def train_both(X, y, X_test, y_test, **hyperparams):
    """Both sides' test accuracies and the largest gap between their trained parameters."""
    ours, theirs = fit_both(X, y, **hyperparams)
    gap = max(float(np.max(np.abs(ours.state_dict()[k] - theirs.state_dict()[k].numpy())))
              for k in ours.state_dict())
    return (np.mean(ours.predict(X_test) == y_test), np.mean(theirs.predict(X_test) == y_test),
            gap)


def plot_losses(ours, theirs, epochs, path, title="MLP 64-64-10 on digits, batch 32"):
    """Training loss of both sides (per step, faint, and per epoch), and |numpy - torch| per
    step on a log scale below it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    steps = np.arange(1, len(ours.loss_history_) + 1)
    gap = np.abs(np.subtract(ours.loss_history_, theirs.loss_history_))
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(6, 5), sharex=True, dpi=110,
                                         height_ratios=(2, 1))
    per_epoch = len(steps) // epochs
    ends = steps[per_epoch - 1::per_epoch]
    top.plot(steps, ours.loss_history_, color="lightgray", linewidth=0.6, label="numpy, per step")
    for side, label, style in ((ours, "numpy (scratch), epoch mean", "-"),
                               (theirs, "torch (framework), epoch mean", "--")):
        epoch_means = np.reshape(side.loss_history_, (epochs, per_epoch)).mean(axis=1)
        top.plot(ends, epoch_means, linestyle=style, linewidth=2, label=label)
    top.set(ylabel="cross-entropy", yscale="log", title=title)
    top.legend()
    bottom.plot(steps, np.maximum(gap, 1e-17), color="gray", linewidth=0.8)
    bottom.set(xlabel="step", ylabel="|numpy - torch|", yscale="log", ylim=(1e-17, 1e-12))
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)


def linear_accuracy(X, y, X_test, y_test, epochs):
    model = logistic.LogisticRegression(X.shape[1], lr=0.5, epochs=epochs).fit(X, y)
    return np.mean(model.predict(X_test) == y_test)


MNIST_MLP = {"hidden": (128,), "n_classes": 10, "lr": 0.1, "epochs": 2, "batch_size": 64}


def mnist_row(X_train, y_train, X_test, y_test):
    """The MNIST row: an MLP 784-128-10 trained on both sides (2 epochs, batch 64)."""
    return ("MNIST 28x28 (test)", "MLP 784-128-10 relu",
            *train_both(X_train, y_train, X_test, y_test, **MNIST_MLP))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", default="results/mlp_digits_loss.png",
                        help="where to write the loss curves (PNG)")
    parser.add_argument("--mnist", nargs="?", const="", metavar="FOLDER",
                        help="also train on MNIST (IDX files in FOLDER, else cache/download)")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log the digits model's training, both sides, for TensorBoard")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    rows = []

    X, y = data.xor()
    rows.append(("XOR (4 points)", "logistic regression", linear_accuracy(X, y, X, y, 2000),
                 None, None))
    rows.append(("XOR (4 points)", "MLP 2-4-2 tanh", *train_both(
        X, y, X, y, hidden=(4,), activation="tanh", lr=0.5, epochs=2000, seed=1)))

    X, y = data.moons(rng, 1000, noise=0.2)
    X_train, X_test, y_train, y_test = data.train_test_split(rng, X, y)
    rows.append(("moons, noise 0.2 (test)", "logistic regression",
                 linear_accuracy(X_train, y_train, X_test, y_test, 2000), None, None))
    rows.append(("moons, noise 0.2 (test)", "MLP 2-32-32-2 relu", *train_both(
        X_train, y_train, X_test, y_test, hidden=(32, 32), lr=0.1, epochs=200, batch_size=32)))

    X, y = data.digits()
    X_train, X_test, y_train, y_test = data.train_test_split(rng, X, y)
    digits = {"hidden": (64,), "n_classes": 10, "lr": 0.1, "epochs": 30, "batch_size": 32}
    rows.append(("digits 8x8 (test)", "MLP 64-64-10 relu",
                 *train_both(X_train, y_train, X_test, y_test, **digits)))
    plot_losses(*fit_both(X_train, y_train, **digits), digits["epochs"], args.plot)
    if args.tensorboard:
        from parity.tensorboard import train_both_logged

        train_both_logged(args.tensorboard, scratch.MLP, framework.MLP, X_train, y_train,
                          X_test, y_test, **digits)
    if args.mnist is not None:
        from data.download import mnist

        folder = args.mnist or None
        rows.append(mnist_row(*mnist("train", folder), *mnist("test", folder)))

    print(f"{'data':<26}{'model':<22}{'numpy':>8}{'torch':>8}{'max |param gap|':>18}")
    for name, model, ours, theirs, gap in rows:
        theirs_text = "-" if theirs is None else f"{theirs:.1%}"
        gap_text = "-" if gap is None else f"{gap:.1e}"
        print(f"{name:<26}{model:<22}{ours:>8.1%}{theirs_text:>8}{gap_text:>18}")
    print("\nA line can classify at most 3 of XOR's 4 points (75%); trained logistic regression "
          "stays at the symmetric optimum, w = 0, and gets 50%.")
    print(f"loss curves: {args.plot}")


if __name__ == "__main__":
    main()
