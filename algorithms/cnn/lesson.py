"""What convolution buys: LeNet against an MLP of the same size on the 8x8 digits, both sides.

    python -m algorithms.cnn.lesson [--plot PATH] [--epochs E] [--tensorboard DIR]

Each model is trained twice from the same initial weights and batches, once by the NumPy
scratch side and once by the PyTorch side, on 80% of scikit-learn's digits. The table gives
both sides' accuracy on the held-out digits, then on the same digits moved by one pixel (the
mean over right, left, down and up), and the largest difference between the two sides'
trained parameters. On centred 8x8 digits both models do about as well; moved by one pixel,
the MLP, whose weights are tied to pixel positions, falls further than the CNN, whose kernels
slide. The plot (default results/cnn_digits_loss.png) shows the CNN's training loss on both
sides and the gap between them, step by step; --tensorboard logs the LeNet's training on
both sides into DIR (parity.tensorboard): `tensorboard --logdir DIR`.
"""

import argparse

import numpy as np

import data
from algorithms.cnn import framework as cnn_framework
from algorithms.cnn import scratch as cnn_scratch
from algorithms.mlp import framework as mlp_framework
from algorithms.mlp import scratch as mlp_scratch
from algorithms.mlp.lesson import plot_losses
from parity import tensorboard

SGD = {"n_classes": 10, "lr": 0.05, "batch_size": 32}
MODELS = (
    # (name, scratch class, framework class, hyperparameters)
    ("MLP 64-120-84-10", mlp_scratch.MLP, mlp_framework.MLP, {"hidden": (120, 84), **SGD}),
    ("LeNet conv6-conv16-120-84-10", cnn_scratch.CNN, cnn_framework.CNN,
     {"channels": (6, 16), "kernel_size": 3, "hidden": (120, 84), **SGD}),
)
ONE_PIXEL = ((1, 0), (-1, 0), (0, 1), (0, -1))


def shift(X, dx, dy, side=8):
    """Square images (rows of X) moved dx pixels right and dy down; the emptied edge is 0."""
    images = X.reshape(len(X), side, side)
    moved = np.zeros_like(images)
    moved[:, max(dy, 0):side + min(dy, 0), max(dx, 0):side + min(dx, 0)] = \
        images[:, max(-dy, 0):side + min(-dy, 0), max(-dx, 0):side + min(-dx, 0)]
    return moved.reshape(len(X), side * side)


def train_both(scratch_class, framework_class, X, y, **hyperparams):
    """Both sides trained identically: the same initial weights and batches."""
    ours = scratch_class(X.shape[1], **hyperparams)
    theirs = framework_class(X.shape[1], **hyperparams)
    theirs.load_state_dict(ours.state_dict())                    # the same initial weights
    return ours.fit(X, y), theirs.fit(X, y)


def accuracy(model, X, y):
    return float(np.mean(model.predict(X) == y))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", default="results/cnn_digits_loss.png",
                        help="where to write the loss curves (PNG)")
    parser.add_argument("--epochs", type=int, default=40, help="passes over the training set")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log the LeNet's training, both sides, for TensorBoard")
    args = parser.parse_args(argv)
    X, y = data.digits()
    X_train, X_test, y_train, y_test = data.train_test_split(np.random.default_rng(0), X, y)

    print(f"digits 8x8: {len(X_train)} training and {len(X_test)} test images, "
          f"{args.epochs} epochs of SGD at lr {SGD['lr']}, batch {SGD['batch_size']}\n")
    print(f"{'model':<30}{'params':>8}{'test numpy / torch':>20}{'moved 1 px numpy / torch':>27}"
          f"{'max |param gap|':>17}")
    for name, scratch_class, framework_class, hyperparams in MODELS:
        ours, theirs = train_both(scratch_class, framework_class, X_train, y_train,
                                  **hyperparams, epochs=args.epochs)
        test = [accuracy(model, X_test, y_test) for model in (ours, theirs)]
        moved = [np.mean([accuracy(model, shift(X_test, dx, dy), y_test)
                          for dx, dy in ONE_PIXEL]) for model in (ours, theirs)]
        theirs_params = theirs.state_dict()
        gap = max(float(np.max(np.abs(value - theirs_params[key].numpy())))
                  for key, value in ours.state_dict().items())
        size = sum(value.size for value in ours.state_dict().values())
        print(f"{name:<30}{size:>8}{test[0]:>12.1%} / {test[1]:.1%}"
              f"{moved[0]:>19.1%} / {moved[1]:.1%}{gap:>17.1e}")
    if args.tensorboard:
        from parity.tensorboard import train_both_logged

        name, scratch_class, framework_class, hyperparams = MODELS[-1]
        train_both_logged(args.tensorboard, scratch_class, framework_class, X_train, y_train,
                          X_test, y_test, epochs=args.epochs, **hyperparams)
    plot_losses(ours, theirs, args.epochs, args.plot,
                title="LeNet (3x3 conv 6, 16; dense 120, 84) on digits, batch 32")
    print(f"\nloss curves (LeNet): {args.plot}")


if __name__ == "__main__":
    main()
