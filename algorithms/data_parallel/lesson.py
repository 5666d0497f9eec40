"""What data parallelism costs and buys on one machine: the time of a synchronous step.

    python -m algorithms.data_parallel.lesson [--batch 1024] [--hidden 256] [--steps 20]
                                              [--tensorboard DIR]

Each row trains the same MLP on the same global batches of digits: one process on the whole
batch (the mlp pair's torch model, one thread), then DistributedDataParallel over W processes
(gloo, one thread each), then the scratch side's W simulated workers. Each row is the median
time of a step after two warm-up steps, measured inside the training loop (on rank 0 for DDP),
so starting the processes (seconds: each imports torch) is left out: what remains is the
compute on a shard plus the all-reduce. --tensorboard logs both sides' loss at every step
and their difference, per world size, into DIR/world_size_<W> (parity.tensorboard).
"""

import argparse
import time

import numpy as np
import torch

import data
from algorithms.data_parallel import framework, scratch
from algorithms.mlp.framework import MLP
from parity import tensorboard
from parity.seeding import make_rng


def batches(n_samples, batch, steps, rng):
    return [rng.choice(n_samples, batch, replace=False) for _ in range(steps)]


def median_step(seconds, warmup=2):
    """The median time of the steps after the first `warmup` (lazy set-up, first buckets)."""
    return float(np.median(seconds[warmup:]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1024, help="the global batch (default 1024)")
    parser.add_argument("--hidden", type=int, default=256, help="hidden units (default 256)")
    parser.add_argument("--steps", type=int, default=20, help="timed steps (default 20)")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log both sides' loss at every step, per world size")
    args = parser.parse_args(argv)
    X, y = data.digits()
    plan = batches(len(X), args.batch, args.steps + 2, make_rng(0))
    settings = {"hidden": (args.hidden,), "n_classes": 10, "lr": 0.1}
    torch.set_num_threads(1)

    model = MLP(X.shape[1], **settings)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    seconds = []
    for idx in plan:
        start = time.perf_counter()
        model.step(X_t[idx], y_t[idx])
        seconds.append(time.perf_counter() - start)
    base = median_step(seconds)
    print(f"global batch {args.batch}, hidden {args.hidden}, median of {args.steps} steps")
    print(f"{'':>28} {'ms / step':>10} {'vs one process':>15}")
    print(f"{'one process (torch)':>28} {1e3 * base:>10.2f} {1.0:>15.2f}")
    for W in (1, 2, 4):
        losses = {}
        start = scratch.DataParallelSGD(X.shape[1], world_size=W, **settings).state_dict()
        for name, side in (("DDP, gloo", framework), ("scratch, simulated", scratch)):
            model = side.DataParallelSGD(X.shape[1], world_size=W, **settings)
            model.load_state_dict(start)                        # both from the same weights
            model.fit(X, y, plan)
            step = median_step(model.step_seconds_)
            losses[side] = model.loss_history_
            print(f"{f'{name}, W = {W}':>28} {1e3 * step:>10.2f} {step / base:>15.2f}")
        if args.tensorboard:
            from parity.tensorboard import Board

            board = Board(f"{args.tensorboard}/world_size_{W}")
            board.step_losses(losses[scratch], losses[framework], first_step=1)
            board.close()

if __name__ == "__main__":
    main()
