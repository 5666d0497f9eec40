"""Benchmark settings: smoke mode, device selection, equal thread counts, machine info.

Run through `nox -s bench` (which pins glibc's malloc thresholds before Python starts: without
them torch CPU timings swing by up to 4x on small machines). Never under pytest-xdist, which
silently disables pytest-benchmark.
"""

import os

import pytest
import torch
from threadpoolctl import threadpool_info, threadpool_limits


def pytest_addoption(parser):
    group = parser.getgroup("twice benchmarks")
    group.addoption("--smoke", action="store_true",
                    help="smallest size only, one round: proves the benchmarks run, times nothing")
    group.addoption("--threads", type=int, default=None,
                    help="threads for both NumPy's BLAS and torch (default: all cores)")


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist") and config.getoption("numprocesses", None):
        raise pytest.UsageError("benchmarks must not run under pytest-xdist (-n)")


@pytest.fixture(scope="session", autouse=True)
def equal_threads(pytestconfig):
    """The same number of threads on both sides, or the ratio measures the thread count."""
    threads = pytestconfig.getoption("--threads") or os.cpu_count()
    torch.set_num_threads(threads)
    with threadpool_limits(limits=threads):
        yield threads


def pytest_benchmark_update_machine_info(config, machine_info):
    machine_info["threads"] = config.getoption("--threads") or os.cpu_count()
    machine_info["blas"] = [
        {key: info.get(key) for key in ("internal_api", "version", "num_threads",
                                         "threading_layer", "architecture")}
        for info in threadpool_info()
    ]
    machine_info["torch"] = torch.__version__
    machine_info["torch_threads"] = torch.get_num_threads()
    machine_info["cuda"] = (torch.cuda.get_device_name(0) if torch.cuda.is_available()
                            else None)
    machine_info["malloc"] = {name: os.environ.get(name) for name in
                              ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")}
