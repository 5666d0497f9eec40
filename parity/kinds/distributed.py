"""Data-parallel pairs: the scratch side's W workers (a hand-written all-reduce) against the
framework's W processes (DistributedDataParallel), and both against one process training on
the whole global batch.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from algorithms._torch import to_tensor
from parity.compare import compare, merge
from parity.kinds.base import Kind, Outcome, Spec
from parity.kinds.gradient import build_framework, build_scratch, make_problem


def check_trajectory(pair, problem, tolerance, dtype, device):
    """Scratch workers, framework processes and one process on the whole global batch follow
    the same trajectory: the loss and the parameters after every step."""
    X, y, D = problem.X, problem.y, problem.X.shape[1]
    scratch = build_scratch(pair, D, dtype, problem.init).fit(X, y, problem.batches)
    framework = build_framework(pair, D, dtype, device, problem.init).fit(X, y, problem.batches)
    one = pair.spec.reference(D, pair.spec.hyperparams, dtype, problem.init)
    X_t, y_t = to_tensor(X, "cpu"), to_tensor(y, "cpu")
    per_step = []
    for step, idx in enumerate(problem.batches):
        loss = one.step(X_t[idx], y_t[idx])
        runs = {"scratch": (scratch.loss_history_[step], scratch.params_history_[step]),
                "framework": (framework.loss_history_[step], framework.params_history_[step]),
                "one process": (float(loss), one.state_dict())}
        for a, b in (("scratch", "framework"), ("framework", "one process"),
                     ("scratch", "one process")):
            per_step.append(compare({f"{a} vs {b}": {"loss": runs[a][0], **runs[a][1]}},
                                    {f"{a} vs {b}": {"loss": runs[b][0], **runs[b][1]}},
                                    tolerance))
    world_size = pair.spec.hyperparams.get("world_size")
    return Outcome(merge(per_step), f"{world_size} workers, {len(problem.batches)} steps")


class DistributedKind(Kind):
    name = "distributed"
    checks: ClassVar[dict] = {"trajectory": check_trajectory}

    def opt_outs(self, pair, checks):
        return dict.fromkeys(checks, (
            "the workers train the mlp pair's model, whose battery runs in full; each fit here "
            "starts W processes, and its own bad input (batches that do not split evenly, bad "
            "labels) is refused alike by both sides before any starts "
            "(tests/test_pair_details.py)"))

    def problem(self, pair, dtype, seed, variant):
        return make_problem(pair, dtype, seed)


DISTRIBUTED = DistributedKind()


@dataclass(frozen=True, kw_only=True)
class DataParallelSpec(Spec):
    """Data-parallel training, one variant per world size (CONTRIBUTING.md): Model(n_features,
    world_size=W, **hyperparams, dtype=...) with fit(X, y, batches) recording loss_history_
    and params_history_."""

    kind: ClassVar[object] = DISTRIBUTED

    model: str
    data: Callable                      # rng -> (X, y) in float64, labels as integers
    targets: Callable
    reference: Callable                 # (n_features, hyperparams, dtype, init) -> one process
    hyperparams: dict = field(default_factory=dict)
    init: Callable | str | None = "scratch"   # as GradientSpec's
    init_scale: float = 0.1
    steps: int = 10                     # synchronous steps compared
    batch_size: int = 48                # the global batch: a multiple of every world size
    inputs = "numbers"                  # for make_problem: X holds numbers
    checks: tuple = ("trajectory",)
    dtypes: tuple = ("float64",)
    devices: tuple = ("cpu", "cuda")    # cuda: a GPU per rank on nccl, or shared on gloo
    bench_sizes: tuple = ()
