"""Training you can watch: both sides of a pair logged to TensorBoard as they train.

    python -m algorithms.mlp.lesson --tensorboard runs/mlp
    tensorboard --logdir runs

Under the folder given, one run per side, so that TensorBoard draws the two on one chart:

    scratch/, framework/   loss/train            the training loss at every step
                           validation/loss       after each epoch (cross-entropy, or the MSE
                           validation/accuracy   of a regressor), and a classifier's accuracy
                           weights/<name>        histograms of each parameter after each epoch,
                           gradients/<name>      and of its gradient on the training set
                           pr_curve/class <k>    per class of a classifier, at the end
    difference/            loss/train            |scratch - framework| at every step

Every series shares one step axis, the optimizer step: an epoch's values sit at its last
step. It writes through torch.utils.tensorboard.SummaryWriter: the tensorboard package is an
optional extra (pip install -e ".[tensorboard]"), asked for when the flag is parsed
(`folder`), not after the training.
"""

import argparse
import importlib.util
from pathlib import Path

import numpy as np

from algorithms._inputs import minibatches
from parity.compare import to_numpy

SIDES = ("scratch", "framework", "difference")
MISSING = "--tensorboard needs the tensorboard package: pip install -e \".[tensorboard]\""


def folder(value):
    """The argparse type of --tensorboard: the folder, once tensorboard is known to be there
    (so a missing package stops the script before it trains, not after)."""
    if importlib.util.find_spec("tensorboard") is None:
        raise argparse.ArgumentTypeError(MISSING)
    return value


def summary_writer(folder):
    """A SummaryWriter into folder, or a clear error where tensorboard is not installed."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as error:                       # torch says tensorboard is missing
        raise SystemExit(MISSING) from error
    return SummaryWriter(str(folder))


class Board:
    """The three runs of one training (scratch, framework, difference) under a folder."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.writers = {side: summary_writer(self.folder / side) for side in SIDES}

    def writer(self, side):
        """The run of a side (another run, such as framework_alone, made when first asked)."""
        if side not in self.writers:
            self.writers[side] = summary_writer(self.folder / side)
        return self.writers[side]

    def step_losses(self, ours, theirs, first_step, tag="loss/train"):
        """Both sides' training loss and their difference, from step first_step on."""
        for step, (a, b) in enumerate(zip(ours, theirs, strict=True), start=first_step):
            self.writers["scratch"].add_scalar(tag, float(a), step)
            self.writers["framework"].add_scalar(tag, float(b), step)
            self.writers["difference"].add_scalar(tag, abs(float(a) - float(b)), step)

    def scalar(self, side, tag, value, step):
        self.writer(side).add_scalar(tag, float(value), step)

    def histograms(self, side, prefix, arrays, step):
        """One histogram per named array (weights or gradients of each layer)."""
        for name, value in arrays.items():
            self.writer(side).add_histogram(f"{prefix}/{name}", to_numpy(value), step)

    def pr_curves(self, side, y_true, probabilities, classes, step):
        """Per class, one against the rest: the precision-recall curve of its probability."""
        for k, label in enumerate(classes):
            self.writer(side).add_pr_curve(f"pr_curve/class {label}", y_true == label,
                                           probabilities[:, k], step)

    def close(self):
        for writer in self.writers.values():
            writer.close()


def train_both_logged(folder, scratch_class, framework_class, X, y, X_val, y_val, *, epochs,
                      batch_size, classifier=True, **hyperparams):
    """A lesson's model built on both sides from the scratch side's initial weights, then
    trained and logged by train_logged."""
    ours = scratch_class(X.shape[1], batch_size=batch_size, **hyperparams)
    theirs = framework_class(X.shape[1], batch_size=batch_size, **hyperparams)
    theirs.load_state_dict(ours.state_dict())                    # the same initial weights
    classes = np.unique(y) if classifier else None
    return train_logged(folder, ours, theirs, X, y, epochs, batch_size, ours.seed, X_val,
                        y_val, classes)


def train_logged(folder, ours, theirs, X, y, epochs, batch_size, seed, X_val, y_val,
                 classes=None):
    """Both sides (from the same weights) trained epoch by epoch on the same batches, each
    step and epoch logged under folder. classes: the labels of a classifier (None: a
    regressor). Returns what was logged: {side: {"train": [...], "validation_loss": [...],
    "validation_accuracy": [...]}}, for the run's own report and for tests."""
    from algorithms._torch import to_tensor
    from algorithms.metrics import scratch as metrics

    board = Board(folder)
    logged = {side: {"train": [], "validation_loss": [], "validation_accuracy": []}
              for side in ("scratch", "framework")}
    batches = minibatches(len(X), batch_size, epochs, seed)
    per_epoch = len(batches) // epochs
    models = {"scratch": ours, "framework": theirs}
    for epoch in range(1, epochs + 1):
        for side, model in models.items():
            model.fit(X, y, batches[(epoch - 1) * per_epoch:epoch * per_epoch])
            logged[side]["train"] += [float(loss) for loss in model.loss_history_]
        board.step_losses(ours.loss_history_, theirs.loss_history_,
                          first_step=(epoch - 1) * per_epoch + 1)
        step = epoch * per_epoch                                # the epoch's last step
        for side, model in models.items():
            if classes is None:
                loss, accuracy = metrics.mean_squared_error(y_val, model.predict(X_val)), None
            else:
                probabilities = np.asarray(model.predict_proba(X_val), dtype=np.float64)
                loss = metrics.log_loss(y_val, probabilities, labels=list(classes))
                accuracy = metrics.accuracy_score(y_val, model.predict(X_val))
                board.scalar(side, "validation/accuracy", accuracy, step)
                logged[side]["validation_accuracy"].append(accuracy)
            board.scalar(side, "validation/loss", loss, step)
            logged[side]["validation_loss"].append(loss)
            board.histograms(side, "weights", model.state_dict(), step)
            native = (X, y) if side == "scratch" else (to_tensor(X, "cpu"), to_tensor(y, "cpu"))
            board.histograms(side, "gradients", model.gradients(*native)[1], step)
    if classes is not None:
        for side, model in models.items():
            board.pr_curves(side, y_val, np.asarray(model.predict_proba(X_val)), classes,
                            epochs * per_epoch)
    board.close()
    return logged
