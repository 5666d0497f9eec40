"""Sessions: `nox -s parity` (the main job), `nox -s tests`, `nox -s bench`, `nox -s lint`.

Every session installs the project with constraints.txt, which pins the CPU build of torch: an
unpinned torch would pull a multi-GB CUDA build. Arguments after `--` reach the command.
"""

from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "parity"]
nox.options.reuse_existing_virtualenvs = True

CONSTRAINTS = ("-c", "constraints.txt")
# glibc returns freed memory to the OS eagerly by default; torch's CPU allocations then pay for
# fresh pages on every call and timings swing by up to 4x. Fixed thresholds make them steady.
MALLOC = {"MALLOC_MMAP_THRESHOLD_": "10000000000", "MALLOC_TRIM_THRESHOLD_": "10000000000"}


@nox.session(reuse_venv=True)
def parity(session):
    """Check every registered pair on embedded data and print the table."""
    session.install(*CONSTRAINTS, "-e", ".")
    session.run("python", "-m", "parity", "check", *session.posargs)


@nox.session(reuse_venv=True)
def tests(session):
    """Run the test suite: parity cases, bug zoo, contract, inputs, properties, CLI."""
    session.install(*CONSTRAINTS, "-e", ".[test]")
    session.run("pytest", "tests", *session.posargs)


@nox.session(reuse_venv=True)
def bench(session):
    """Time the hot loops (numpy vs torch-cpu vs torch-cuda); `-- --smoke` for a quick run."""
    session.install(*CONSTRAINTS, "-e", ".[bench]")
    Path("results").mkdir(exist_ok=True)
    session.run("pytest", "benchmarks", "--benchmark-json",
                "results/benchmarks.json", *session.posargs, env=MALLOC)
    session.run("python", "-m", "benchmarks.report", "results/benchmarks.json", "--markdown",
                "results/benchmarks.md")


@nox.session(reuse_venv=True)
def lint(session):
    """ruff over the whole project."""
    session.install(*CONSTRAINTS, "ruff>=0.6")
    session.run("ruff", "check", ".")
