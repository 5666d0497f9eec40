"""Every registered pair x check x dtype x device is one test: `pytest -k logistic_regression`."""

import pytest

from parity.registry import discover
from parity.runner import cases, run_case

PAIRS = discover()


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        seed = metafunc.config.getoption("--seed")
        params = [pytest.param(case, id=case.id,
                               marks=[pytest.mark.cuda] if case.device == "cuda" else [])
                  for case in cases(PAIRS, seed=seed)]
        metafunc.parametrize("case", params)


def test_parity(case):
    result = run_case(case)
    assert result.passed, result.message


def test_every_pair_declares_checks_on_cpu():
    assert PAIRS, "no pair registered under algorithms/"
    for pair in PAIRS:
        ids = [case.id for case in cases([pair], devices=["cpu"])]
        assert len(ids) >= 2, f"{pair.name} declares almost nothing to check: {ids}"
