"""Sessions: `nox -s parity` (the main job), `nox -s tests`, `nox -s bench`, `nox -s lint`,
`nox -s site` (the reader pages), `nox -s seeds` (parity over seeds 0-9), `nox -s cuda` (on a
GPU machine: the CUDA parity cases and benchmarks).

Every session installs the project with constraints.txt, which pins torch==2.13.0 (on the
project's machines, its CPU build from a local wheel: an unpinned torch would pull a multi-GB
CUDA build). Arguments after `--` reach the command.
"""

import nox

nox.options.sessions = ["lint", "tests", "parity"]
nox.options.reuse_existing_virtualenvs = True

CONSTRAINTS = ("-c", "constraints.txt")


@nox.session(reuse_venv=True)
def parity(session):
    """Check every registered pair on embedded data and print the table."""
    session.install(*CONSTRAINTS, "-e", ".")
    session.run("python", "-m", "parity", "check", *session.posargs)


@nox.session(reuse_venv=True)
def seeds(session):
    """Every CPU parity case over seeds 0-9: each pair's worst err/tol over all of them
    (`-- --first 3 --seeds 1 --dtype float32` for a slice)."""
    session.install(*CONSTRAINTS, "-e", ".")
    session.run("python", "-m", "parity", "seeds", *session.posargs)


@nox.session(reuse_venv=True)
def tests(session):
    """Run the test suite: parity cases, bug zoo, contract, inputs, properties, CLI."""
    session.install(*CONSTRAINTS, "-e", ".[test]")
    # -n auto: one pytest-xdist worker per core, each test file on one worker (its module
    # fixtures, like the reader site, are built once); pytest-benchmark, if installed, would
    # refuse to run under xdist, and no test here needs it
    session.run("pytest", "tests", "-n", "auto", "--dist", "loadfile", "-p", "no:benchmark",
                *session.posargs)


@nox.session(reuse_venv=True)
def bench(session):
    """Time the hot loops (numpy vs torch-cpu/cuda vs sklearn) into results/; `-- --smoke`."""
    session.install(*CONSTRAINTS, "-e", ".[bench]")
    session.run("python", "-m", "parity", "bench", *session.posargs)


@nox.session(reuse_venv=True)
def lint(session):
    """ruff over the whole project."""
    session.install(*CONSTRAINTS, "ruff>=0.6")
    session.run("ruff", "check", ".")


@nox.session(reuse_venv=True)
def site(session):
    """Build the reader: static HTML pages with figures into site/; open site/index.html."""
    session.install(*CONSTRAINTS, "-e", ".[test]")
    session.run("python", "-m", "parity", "site", "--plots", *session.posargs)


@nox.session(venv_backend="none")
def cuda(session):
    """On a GPU machine: every CUDA parity case and the torch-cuda benchmarks, into
    benchmarks/results/cuda. It runs in the environment it is started from, which needs a
    CUDA build of torch (the other sessions' environments hold the CPU build; the command
    names the build to install when it finds a GPU that its torch cannot use).
    Without a GPU it says so and exits 0."""
    session.run("python", "-m", "parity", "cuda", *session.posargs)
