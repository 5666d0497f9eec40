"""What a VAE learns: a two-dimensional map of the digits, and new digits decoded from it.

    python -m algorithms.vae.lesson [--plot PATH] [--epochs E] [--tensorboard DIR]

Both sides train the same VAE 64-64-2 (Bernoulli pixels, relu) on scikit-learn's 8x8 digits
from the same initial weights, batches and noise (fresh at every step, from one seed). The table
gives the negative ELBO, per image in nats, on the training and the held-out images, for each
side, and the largest gap between their trained parameters. The figure (default
results/vae_digits.png) shows where the encoder puts each held-out digit in the latent plane
(the means mu, coloured by the label the VAE never saw) and the decoder's image at each point
of a grid over that plane. --tensorboard logs both trainings into DIR (parity.tensorboard):
the loss at every step and its gap, the negative ELBOs of the table, the trained weights and
the decoded grid.
"""

import argparse
from pathlib import Path

import numpy as np
import torch

import data
from algorithms._torch import to_tensor
from algorithms.vae import framework, scratch
from parity import tensorboard

SETTINGS = {"hidden": 64, "latent": 2, "likelihood": "bernoulli", "lr": 0.02,
            "batch_size": 32}


def fit_both(X, epochs, **settings):
    """Scratch and framework VAEs trained identically: same weights, batches and noise."""
    ours = scratch.VAE(X.shape[1], epochs=epochs, **settings)
    theirs = framework.VAE(X.shape[1], epochs=epochs, **settings)
    theirs.load_state_dict(ours.state_dict())                   # the same initial weights
    return ours.fit(X), theirs.fit(X)


def negative_elbo(model, X, draws=20, seed=1):
    """The negative ELBO per image (nats), averaged over `draws` noises from one seed."""
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(draws):
        eps = rng.standard_normal((len(X), model.latent))
        if isinstance(model, framework.VAE):
            with torch.no_grad():
                losses.append(float(model.loss(to_tensor(X, "cpu"), to_tensor(eps, "cpu"))))
        else:
            losses.append(float(model.loss(X, eps)))
    return np.mean(losses)


def decoded_grid(model, side=15, extent=2.5):
    """The decoder's mean images over a side x side grid of the latent plane, z_2 from top to
    bottom, as one mosaic (side * 10, side * 10): each 8 x 8 image in a blank frame."""
    grid = np.linspace(-extent, extent, side)
    z = np.array([(z1, z2) for z2 in grid[::-1] for z1 in grid])        # (side^2, 2)
    images = model.decode(z).reshape(side, side, 8, 8)                   # (row, col, 8, 8)
    images = np.pad(images, ((0, 0), (0, 0), (1, 1), (1, 1)))           # (row, col, 10, 10)
    return images.transpose(0, 2, 1, 3).reshape(side * 10, side * 10)   # rows of pixels


def plot(model, X_test, y_test, path, extent=2.5):
    """The latent means of the held-out digits beside the decoded grid."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    mu, _ = model.encode(X_test)
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 5), dpi=110)
    points = left.scatter(mu[:, 0], mu[:, 1], c=y_test, cmap="tab10", s=8)
    figure.colorbar(points, ax=left, ticks=range(10), label="digit (never seen by the VAE)")
    left.set(title="held-out digits in the latent plane (means mu)", xlabel="z_1",
             ylabel="z_2")
    mosaic = decoded_grid(model, extent=extent)
    right.imshow(mosaic, cmap="gray_r", extent=(-extent, extent, -extent, extent),
                 interpolation="nearest")
    right.set(title="decoded grid: sigmoid(decoder(z))", xlabel="z_1", ylabel="z_2")
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)


def log(folder, ours, theirs, elbos):
    """Both trainings under folder: the loss per step and its gap, then at the last step the
    negative ELBOs, the weights and the decoded grid of each side."""
    board = tensorboard.Board(folder)
    board.step_losses(ours.loss_history_, theirs.loss_history_, first_step=1)
    last = len(ours.loss_history_)
    for index, (side, model) in enumerate((("scratch", ours), ("framework", theirs))):
        for name, pair in elbos.items():
            board.scalar(side, f"negative_elbo/{name}", pair[index], last)
        board.histograms(side, "weights", model.state_dict(), last)
        board.writer(side).add_image("decoded grid", decoded_grid(model)[None], last)
    board.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", default="results/vae_digits.png",
                        help="where to write the latent plane and decoded grid (PNG)")
    parser.add_argument("--epochs", type=int, default=100, help="passes over the digits")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log both trainings for TensorBoard")
    args = parser.parse_args(argv)
    X, y = data.digits()
    X_train, X_test, _, y_test = data.train_test_split(np.random.default_rng(0), X, y)
    ours, theirs = fit_both(X_train, args.epochs, **SETTINGS)
    gap = max(float(np.max(np.abs(value - theirs.state_dict()[name].numpy())))
              for name, value in ours.state_dict().items())
    print(f"VAE 64-{SETTINGS['hidden']}-{SETTINGS['latent']}, Bernoulli pixels, SGD lr "
          f"{SETTINGS['lr']}, batch {SETTINGS['batch_size']}, {args.epochs} epochs")
    print(f"{'negative ELBO (nats)':<24}{'numpy':>10}{'torch':>10}")
    elbos = {name: (negative_elbo(ours, images), negative_elbo(theirs, images))
             for name, images in (("train", X_train), ("held out", X_test))}
    for name, (mine, yours) in elbos.items():
        print(f"{name:<24}{mine:>10.3f}{yours:>10.3f}")
    print(f"max |param gap| {gap:.1e}")
    if args.tensorboard:
        log(args.tensorboard, ours, theirs, elbos)
    plot(ours, X_test, y_test, args.plot)
    print(f"latent plane and decoded grid: {args.plot}")


if __name__ == "__main__":
    main()
