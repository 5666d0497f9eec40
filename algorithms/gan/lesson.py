"""A GAN on a ring of eight Gaussians: SGD collapses onto a mode, Adam finds all eight.

    python -m algorithms.gan.lesson [--plot PATH] [--epochs E] [--tensorboard DIR]

Both sides train the same GAN (generator 2-128-2, discriminator 2-128-1, relu) on 2,048 points
of a ring of eight Gaussians (radius 2, standard deviation 0.1) from the same initial weights,
batches and noise (fresh at every step, from one seed), once with SGD and once with Adam
(betas 0.5, 0.999, as DCGAN). For 2,000 generated points the table gives the share within
three standard deviations of a mode, how many of the eight modes hold at least 2% of them, and
the largest gap between the two sides' trained parameters. The figure (default
results/gan_ring.png) draws the ring and each run's samples, NumPy's and torch's on top of each
other. --tensorboard logs every run into DIR (parity.tensorboard): the loss at every step and
its gap, and the table's numbers.
"""

import argparse
from pathlib import Path

import numpy as np

from algorithms.gan import framework, scratch
from algorithms.gan.spec import ring
from parity import tensorboard

MODES, RADIUS, STD = 8, 2.0, 0.1
CENTRES = RADIUS * np.stack([np.cos(2 * np.pi * np.arange(MODES) / MODES),
                             np.sin(2 * np.pi * np.arange(MODES) / MODES)], axis=1)  # (8, 2)
RUNS = {"SGD": {"optimizer": "sgd", "lr": 0.05}, "Adam": {"optimizer": "adam", "lr": 0.001}}
SETTINGS = {"hidden": 128, "latent": 2, "batch_size": 64}


def fit_both(X, epochs, **settings):
    """Scratch and framework GANs trained identically: same weights, batches and noise."""
    ours = scratch.GAN(X.shape[1], epochs=epochs, **settings)
    theirs = framework.GAN(X.shape[1], epochs=epochs, **settings)
    theirs.load_state_dict(ours.state_dict())                   # the same initial weights
    return ours.fit(X), theirs.fit(X)


def quality(samples):
    """(share of samples within 3 std of a mode, number of modes holding 2% or more of them)."""
    distances = np.linalg.norm(samples[:, None] - CENTRES[None], axis=2)     # (n, 8)
    near = distances.min(axis=1) < 3 * STD
    held = np.bincount(distances.argmin(axis=1)[near], minlength=MODES) / len(samples)
    return near.mean(), int((held >= 0.02).sum())


def plot(X, samples, path):
    """The ring, then each run's samples of both sides."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(1, 1 + len(samples), figsize=(4 * (1 + len(samples)), 4.2),
                                dpi=110, sharex=True, sharey=True)
    axes[0].scatter(X[:, 0], X[:, 1], s=2, color="black")
    axes[0].set(title="data: a ring of 8 Gaussians")
    for axis, (name, (ours, theirs)) in zip(axes[1:], samples.items(), strict=True):
        axis.scatter(CENTRES[:, 0], CENTRES[:, 1], s=300, facecolors="none",
                     edgecolors="lightgray")
        axis.scatter(ours[:, 0], ours[:, 1], s=6, label="numpy (scratch)")
        axis.scatter(theirs[:, 0], theirs[:, 1], s=12, marker="x", linewidths=0.5,
                     label="torch (framework)")
        axis.set(title=f"generated, {name}")
        axis.legend(loc="lower right", fontsize=8)
    for axis in axes:
        axis.set(xlim=(-3, 3), ylim=(-3, 3), aspect="equal")
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)


def log(board, name, ours, theirs, samples):
    """One run under the board: both sides' loss per step and its gap, then at the last step
    the share near a mode and the modes held, per side."""
    board.step_losses(ours.loss_history_, theirs.loss_history_, first_step=1,
                      tag=f"{name}/loss")
    last = len(ours.loss_history_)
    for side, generated in zip(("scratch", "framework"), samples, strict=True):
        near, modes = quality(generated)
        board.scalar(side, f"{name}/within 3 std", near, last)
        board.scalar(side, f"{name}/modes", modes, last)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", default="results/gan_ring.png",
                        help="where to write the ring and the generated samples (PNG)")
    parser.add_argument("--epochs", type=int, default=300, help="passes over the ring")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log every run, both sides, for TensorBoard")
    args = parser.parse_args(argv)
    X = ring(np.random.default_rng(0), 2048, MODES, RADIUS, STD)
    H = SETTINGS["hidden"]
    print(f"GAN 2-{H}-2 / 2-{H}-1 relu on a ring of {MODES} Gaussians, batch "
          f"{SETTINGS['batch_size']}, {args.epochs} epochs")
    print(f"{'optimizer':<22}{'within 3 std':>14}{'modes':>8}{'max |param gap|':>18}")
    samples = {}
    board = tensorboard.Board(args.tensorboard) if args.tensorboard else None
    for name, run in RUNS.items():
        ours, theirs = fit_both(X, args.epochs, **SETTINGS, **run)
        samples[name] = (ours.sample(2000, seed=1), theirs.sample(2000, seed=1))
        gap = max(float(np.max(np.abs(value - theirs.state_dict()[key].numpy())))
                  for key, value in ours.state_dict().items())
        for side, generated in zip(("numpy", "torch"), samples[name], strict=True):
            near, modes = quality(generated)
            label = f"{name} lr {run['lr']:g}, {side}"
            print(f"{label:<22}{near:>14.1%}{modes:>8}{gap:>18.1e}")
        if board:
            log(board, name, ours, theirs, samples[name])
    if board:
        board.close()
    plot(X, samples, args.plot)
    print(f"ring and samples: {args.plot}")


if __name__ == "__main__":
    main()
