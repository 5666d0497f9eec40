"""Synchronous data-parallel SGD with torch.distributed: DistributedDataParallel on gloo.

Shapes: B samples in the global batch, W processes (ranks), each with a shard of B / W samples.

    replicas    every rank builds the mlp pair's torch MLP from the same parameters and wraps
                it: DistributedDataParallel(model), which also checks that they start equal
    shard       rank w takes rows w B/W .. (w + 1) B/W - 1 of the global batch
    gradient    loss.backward() on the shard; DDP's hooks all-reduce the gradients bucket by
                bucket while the backward pass still runs, and divide by W
    update      optimizer.step() on every rank: the same averaged gradient, the same step

The W ranks are real processes: torch.multiprocessing starts them on this host, and they meet
through a file store in a fresh temporary folder (nothing listens on a port) and form a gloo
process group (nccl would be the backend on GPUs). Each run is bounded by `timeout`; on expiry
or error every rank is terminated. On several hosts the same `_worker` runs under torchrun,
which sets RANK and WORLD_SIZE and a rendezvous for init_process_group instead of the file:

    torchrun --nnodes 2 --nproc-per-node 4 --rdzv-backend c10d \\
             --rdzv-endpoint HOST:29400 --rdzv-id twice train.py
"""

import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from algorithms._inputs import check_global_batches, check_X, check_X_y
from algorithms._params import (
    SEED,
    TRAINING,
    Dtype,
    Integer,
    Options,
    Real,
    Sizes,
    check_hyperparameter,
    set_hyperparameters,
)
from algorithms._torch import to_tensor
from algorithms.mlp.framework import MLP


class DataParallelSGD:
    """An MLP trained by DistributedDataParallel over world_size processes.

    Parameters
    ----------
    n_features : int, the number of input features D.
    world_size : int, the number of processes W; every global batch must split evenly.
    hidden, n_classes, activation, lr : the MLP's (see algorithms/mlp).
    seed : int, seeds the initial weights.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : "cpu" (gloo); "cuda": one GPU per rank on nccl where there are enough, else the
        ranks share the GPUs in turn on gloo (nccl refuses two ranks on one GPU); refused
        where no GPU is visible (see `placement`).
    timeout : seconds a fit may take before its processes are terminated.
    """

    hyperparameters = {"n_features": Integer(low=1), "world_size": Integer(low=1),
                       "hidden": Sizes(min_length=0), "n_classes": Integer(low=2),
                       "activation": Options("relu", "tanh", "sigmoid"), "lr": TRAINING["lr"],
                       "seed": SEED, "dtype": Dtype()}

    def __init__(self, n_features, world_size=2, hidden=(32,), n_classes=2, activation="relu",
                 lr=0.1, seed=0, dtype=np.float64, device="cpu", timeout=300):
        set_hyperparameters(self, locals())
        self.settings = {"n_features": n_features, "hidden": hidden, "n_classes": n_classes,
                         "activation": activation, "lr": lr, "seed": seed, "dtype": dtype}
        self.model = MLP(**self.settings)                       # the parameters between fits
        self.device = device
        self.timeout = check_hyperparameter("timeout", timeout, Real(low=0, low_open=True))

    def state_dict(self):
        """The parameters by name, as the mlp pair names them."""
        return self.model.state_dict()

    def load_state_dict(self, state):
        """Load parameters by name; every rank starts from them."""
        self.model.load_state_dict(state)

    def fit(self, X, y, batches):
        """Train on (X, y) in world_size processes, one synchronous step per global batch.

        Records loss_history_, params_history_ (the parameters after every step) and
        step_seconds_ (each step's time on rank 0, process start-up left out)."""
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features,
                         classes=self.n_classes)
        check_global_batches(batches, len(X), self.world_size)
        gpus = torch.cuda.device_count() if self.device == "cuda" else 0
        placement(0, self.world_size, self.device, gpus)             # refused here, not in a rank
        batches = [np.asarray(idx) for idx in batches]
        init = {name: value.cpu().numpy() for name, value in self.state_dict().items()}
        with tempfile.TemporaryDirectory(prefix="twice-ddp-") as folder:
            job = (self.settings, init, X, y, batches, self.device, folder)
            _run(self.world_size, job, self.timeout, folder)
            history = np.load(Path(folder, "rank0.npz"), allow_pickle=False)
            names = list(init)
            self.loss_history_ = history["loss"].tolist()
            self.step_seconds_ = history["seconds"].tolist()           # rank 0's, per step
            self.params_history_ = [{name: torch.from_numpy(history[f"{name}.{step}"])
                                     for name in names} for step in range(len(batches))]
        if batches:
            self.load_state_dict(self.params_history_[-1])
        return self

    def predict(self, X):
        """Class labels (N,) from the trained parameters, in this process."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return self.model(to_tensor(X, "cpu")).argmax(dim=1).numpy()


def _run(world_size, job, timeout, folder):
    """Start the ranks, wait at most `timeout` seconds, and leave no process behind."""
    context = mp.start_processes(_worker, args=(world_size, job), nprocs=world_size,
                                 join=False, start_method="spawn")
    deadline = time.monotonic() + timeout
    try:
        while not context.join(timeout=max(0.1, deadline - time.monotonic())):
            if time.monotonic() > deadline:
                raise TimeoutError(f"data-parallel fit took over {timeout} s")
    except mp.ProcessExitedException:
        # gloo's threads can still abort a rank as its interpreter exits ("terminate called
        # without an active exception", a signal, under heavy load): harmless once every
        # rank has trained and passed the barrier, rank 0's history written before it
        if not all(Path(folder, f"trained{rank}").exists() for rank in range(world_size)):
            raise
    finally:
        for process in context.processes:
            if process.is_alive():
                process.terminate()
            process.join()


def placement(rank, world_size, device, gpus):
    """(backend, this rank's device, DistributedDataParallel's device_ids) with `gpus` GPUs
    visible. On the CPU: gloo. On CUDA with a GPU per rank: nccl, rank r on cuda:r. With
    fewer GPUs than ranks: rank r on cuda:(r mod gpus), on gloo, which all-reduces CUDA
    tensors through the host (nccl refuses two ranks on one GPU). No GPU: a ValueError."""
    if device == "cpu":
        return "gloo", "cpu", None
    if gpus == 0:
        raise ValueError(f"device={device!r} asks for GPUs, but none is visible "
                         f"(torch.cuda.device_count() is 0): use device='cpu'")
    gpu = rank % gpus
    return ("nccl" if world_size <= gpus else "gloo"), f"cuda:{gpu}", [gpu]


def _worker(rank, world_size, job):
    """One rank: join the group, train on its shards, and rank 0 writes the history."""
    settings, init, X, y, batches, device, folder = job
    torch.set_num_threads(1)                                   # W ranks share the cores
    gpus = torch.cuda.device_count() if device == "cuda" else 0
    backend, place, _ = placement(rank, world_size, device, gpus)
    if place != "cpu":
        torch.cuda.set_device(place)                           # this rank's GPU, for nccl too
    dist.init_process_group(backend, init_method=Path(folder, "store").as_uri(), rank=rank,
                            world_size=world_size)
    try:
        record = _train(rank, world_size, settings, init, X, y, batches, device)
        if rank == 0:
            np.savez(Path(folder, "rank0.npz"), **record)
        Path(folder, f"trained{rank}").touch()
        # the DDP wrapper is gone and every rank is done before the group is torn down: gloo
        # work still alive at exit aborts a rank ("terminate called without an active
        # exception", seen here in about one run in three before)
        dist.barrier()
    finally:
        dist.destroy_process_group()


def _train(rank, world_size, settings, init, X, y, batches, device):
    """DistributedDataParallel training of this rank's shards; the loss of the global batch
    and the parameters after every step, and each step's time."""
    gpus = torch.cuda.device_count() if device == "cuda" else 0
    _, place, device_ids = placement(rank, world_size, device, gpus)
    model = MLP(**settings, device=place)
    model.load_state_dict(init)
    ddp = DistributedDataParallel(model, device_ids=device_ids)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=settings["lr"])
    loss_fn = nn.CrossEntropyLoss()
    X, y = to_tensor(X, place), to_tensor(y, place)
    record = {"loss": [], "seconds": []}
    for step, idx in enumerate(batches):
        start = time.perf_counter()
        shard = len(idx) // world_size
        mine = torch.as_tensor(idx[rank * shard:(rank + 1) * shard], device=place)
        optimizer.zero_grad()
        loss = loss_fn(ddp(X[mine]), y[mine])
        loss.backward()                                        # DDP all-reduces, divides by W
        optimizer.step()
        total = loss.detach().clone()
        dist.all_reduce(total)                                 # the global batch's mean loss
        record["loss"].append(float(total) / world_size)
        record["seconds"].append(time.perf_counter() - start)
        for name, value in model.state_dict().items():
            record[f"{name}.{step}"] = value.cpu().numpy()
    return record
