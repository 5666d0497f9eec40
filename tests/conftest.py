"""Shared test settings: the parity seed option, hypothesis profiles, the cuda marker."""

import os

import pytest
import torch
from hypothesis import HealthCheck, settings

from parity.seeding import DEFAULT_SEED

# deadline=None: torch's lazy initialisation makes a first example slower than hypothesis's
# 200 ms default. The CI profile is derandomized so a CI failure reproduces locally.
settings.register_profile("dev", deadline=None, max_examples=60)
settings.register_profile("ci", deadline=None, max_examples=60, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE",
                                                                      "dev"))


# Under pytest-xdist every worker is a process of its own: one thread each keeps W workers
# from fighting over the cores with W x (cores) torch threads.
if os.environ.get("PYTEST_XDIST_WORKER"):
    torch.set_num_threads(1)


def pytest_addoption(parser):
    parser.addoption("--seed", type=int, default=DEFAULT_SEED,
                     help="the seed of the parity cases (default %(default)s)")


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs CUDA: torch.cuda.is_available() is false")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)
