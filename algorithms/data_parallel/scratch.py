"""Synchronous data-parallel SGD in NumPy: W workers, one all-reduce per step, written out.

Shapes: B samples in the global batch, W workers, each with a shard of B / W samples; P
numbers in all the parameters together.

    replicas    every worker holds a copy of the same MLP (the mlp pair's scratch model)
    shard       worker w takes rows w B/W .. (w + 1) B/W - 1 of the global batch
    gradient    g_w = dL_w/dθ on its shard by the MLP's hand backward, L_w the shard's mean loss
    all-reduce  every worker ends with G = sum_w g_w; here by the ring algorithm: the P numbers
                cut into W chunks, W - 1 reduce-scatter steps in which each worker passes one
                chunk to its right neighbour, who adds it to its own, then W - 1 all-gather
                steps passing the finished sums on; each worker sends 2 (W - 1) P / W numbers,
                whatever W is
    average     g = G / W: with equal shards, the mean over shards of the shard means is the
                mean over the global batch, so W workers take exactly the step that one worker
                takes on the whole batch
    update      θ <- θ - lr g on every worker, so the replicas stay identical

The workers run one after another in this process: the arithmetic and the messages are those of
W processes, without the processes (framework.py runs real ones).
"""

import time

import numpy as np

from algorithms._inputs import check_global_batches, check_X, check_X_y
from algorithms._params import SEED, TRAINING, Dtype, Integer, Options, Sizes, set_hyperparameters
from algorithms.mlp.scratch import MLP


def ring_all_reduce(buffers):
    """Every worker's copy of sum_w buffers[w], by reduce-scatter then all-gather on a ring."""
    W = len(buffers)
    chunks = [np.array_split(buffer.copy(), W) for buffer in buffers]   # W x W views
    for step in range(W - 1):                                          # reduce-scatter
        sent = [chunks[w][(w - step) % W].copy() for w in range(W)]    # all send at once
        for w in range(W):
            chunks[(w + 1) % W][(w - step) % W] += sent[w]             # right neighbour adds
    for step in range(W - 1):                                          # all-gather
        sent = [chunks[w][(w + 1 - step) % W].copy() for w in range(W)]
        for w in range(W):
            chunks[(w + 1) % W][(w + 1 - step) % W] = sent[w]          # and keeps the sum
    return [np.concatenate(worker) for worker in chunks]


class DataParallelSGD:
    """An MLP trained by synchronous data-parallel SGD over world_size workers.

    Parameters
    ----------
    n_features : int, the number of input features D.
    world_size : int, the number of workers W; every global batch must split evenly.
    hidden, n_classes, activation, lr : the MLP's (see algorithms/mlp).
    seed : int, seeds the initial weights.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"n_features": Integer(low=1), "world_size": Integer(low=1),
                       "hidden": Sizes(min_length=0), "n_classes": Integer(low=2),
                       "activation": Options("relu", "tanh", "sigmoid"), "lr": TRAINING["lr"],
                       "seed": SEED, "dtype": Dtype()}

    def __init__(self, n_features, world_size=2, hidden=(32,), n_classes=2, activation="relu",
                 lr=0.1, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        self.replicas = [MLP(n_features, hidden=hidden, n_classes=n_classes,
                             activation=activation, lr=lr, seed=seed, dtype=dtype)
                         for _ in range(world_size)]

    def state_dict(self):
        """The parameters by name (worker 0's; every worker holds the same)."""
        return self.replicas[0].state_dict()

    def load_state_dict(self, state):
        """Load the same parameters into every worker."""
        for replica in self.replicas:
            replica.load_state_dict(state)

    def _step(self, X, y):
        """One synchronous step on the global batch (X, y); returns its mean loss."""
        W = self.world_size
        shard = len(X) // W
        losses, flat = [], []
        for w, replica in enumerate(self.replicas):
            loss, grads = replica.gradients(X[w * shard:(w + 1) * shard],
                                            y[w * shard:(w + 1) * shard])
            losses.append(loss)
            flat.append(np.concatenate([grads[name].ravel() for name in replica.params]))
        for replica, total in zip(self.replicas, ring_all_reduce(flat), strict=True):
            g = total / W                                              # g = sum_w g_w / W
            offset = 0
            for value in replica.params.values():                       # in place, in order
                value -= self.lr * g[offset:offset + value.size].reshape(value.shape)
                offset += value.size
        return np.mean(losses)                                         # = the global batch's

    def fit(self, X, y, batches):
        """Train on (X, y), one synchronous step per global batch of indices in `batches`.

        Records loss_history_, params_history_ (the parameters after every step) and
        step_seconds_ (each step's time)."""
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features,
                         classes=self.n_classes)
        check_global_batches(batches, len(X), self.world_size)
        self.loss_history_, self.params_history_, self.step_seconds_ = [], [], []
        for idx in batches:
            start = time.perf_counter()
            self.loss_history_.append(float(self._step(X[idx], y[idx])))
            self.step_seconds_.append(time.perf_counter() - start)
            self.params_history_.append(self.state_dict())
        return self

    def predict(self, X):
        """Class labels (N,) from worker 0's replica."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return self.replicas[0].forward(X).argmax(axis=1)

