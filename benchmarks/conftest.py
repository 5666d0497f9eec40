"""Benchmark settings: smoke mode, device selection, equal thread counts, machine info.

Run through `nox -s bench` (which pins glibc's malloc thresholds before Python starts: without
them torch CPU timings swing by up to 4x on small machines). Never under pytest-xdist, which
silently disables pytest-benchmark.
"""

import os
import sys

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_info, threadpool_limits

from algorithms.optimizers import scratch as optimizers


def pytest_addoption(parser):
    group = parser.getgroup("twice benchmarks")
    group.addoption("--smoke", action="store_true",
                    help="smallest size only, one round: proves the benchmarks run, times nothing")
    group.addoption("--threads", type=int, default=None,
                    help="threads for both NumPy's BLAS and torch (default: all cores)")
    group.addoption("--pairs", default=None, help="comma-separated pairs (default: all)")
    group.addoption("--devices", default="cpu,cuda",
                    help="comma-separated: cpu (numpy, torch-cpu, sklearn) and/or cuda")
    group.addoption("--max-sizes", type=int, default=None,
                    help="only the first K sizes of each pair's bench_sizes")
    group.addoption("--progress", action="store_true",
                    help="draw a progress bar on stderr (python -m parity bench uses it)")


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist") and config.getoption("numprocesses", None):
        raise pytest.UsageError("benchmarks must not run under pytest-xdist (-n)")
    if config.getoption("--progress"):
        config.pluginmanager.register(ProgressBar(), "twice-progress")


@pytest.fixture(scope="session", autouse=True)
def fair_settings(pytestconfig):
    """The same number of threads on both sides (torch, NumPy's BLAS, the scratch optimizers),
    or the ratio measures the thread count; and
    full float32 precision on CUDA (TF32 would make the GPU side compute something else)."""
    threads = pytestconfig.getoption("--threads") or os.cpu_count()
    torch.set_num_threads(threads)
    optimizers.set_num_threads(threads)             # the blocks of a large parameter's update
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    with threadpool_limits(limits=threads):
        BLAS_IN_USE[:] = threadpool_info()            # as the benchmarks see it, limits applied
        yield threads


BLAS_IN_USE = []


class ProgressBar:
    """One line on stderr, redrawn after each benchmark."""

    def __init__(self):
        self.total = self.done = 0

    def pytest_collection_finish(self, session):
        self.total = len(session.items)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.when == "setup" and report.skipped):
            self.done += 1
            filled = int(30 * self.done / max(self.total, 1))
            name = report.nodeid.split("[")[-1].rstrip("]")
            sys.__stderr__.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] "
                                 f"{self.done}/{self.total} {name[:60]:<60}")
            sys.__stderr__.flush()

    def pytest_sessionfinish(self):
        sys.__stderr__.write("\n")


def pytest_benchmark_update_machine_info(config, machine_info):
    machine_info["cores"] = os.cpu_count()
    machine_info["threads"] = config.getoption("--threads") or os.cpu_count()
    machine_info["numpy"] = np.__version__
    machine_info["blas"] = [
        {key: info.get(key) for key in ("internal_api", "version", "num_threads",
                                         "threading_layer", "architecture")}
        for info in BLAS_IN_USE or threadpool_info()
    ]
    machine_info["torch"] = torch.__version__
    machine_info["torch_threads"] = torch.get_num_threads()
    machine_info["cuda"] = (torch.cuda.get_device_name(0) if torch.cuda.is_available()
                            else None)
    machine_info["malloc"] = {name: os.environ.get(name) for name in
                              ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")}
