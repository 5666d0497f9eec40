"""What parity checks for data_parallel."""

import data
from parity.kinds import DataParallelSpec


def one_process(n_features, hyperparams, dtype, init):
    """The mlp pair's torch model in this process, stepping on the whole global batch."""
    from algorithms.mlp.framework import MLP

    settings = {name: value for name, value in hyperparams.items() if name != "world_size"}
    model = MLP(n_features, **settings, dtype=dtype)
    model.load_state_dict(init)
    return model


SPEC = DataParallelSpec(
    model="DataParallelSGD",
    # scikit-learn's 8x8 digits; global batches of 48 split evenly over 1, 2 and 4 workers
    data=lambda rng: data.digits(),
    targets=lambda rng, n_samples: rng.integers(0, 10, n_samples),
    reference=one_process,
    hyperparams={"hidden": (32,), "n_classes": 10, "lr": 0.3},
    variants={"1_worker": {"world_size": 1}, "2_workers": {"world_size": 2},
              "4_workers": {"world_size": 4}},
    steps=10,
    batch_size=48,
)
