"""The robustness battery, run on every registered pair: `pytest -k "naive_bayes and nan"`.

Opt-outs show as skips with the spec's reason (`pytest -ra` lists them).
"""

import pytest

from parity.battery import battery_cases, run_battery
from parity.registry import discover

CASES = [pytest.param(pair, check, reason, id=f"{pair.name}-{check}")
         for pair, check, reason in battery_cases(discover())]


@pytest.mark.parametrize(("pair", "check", "opt_out"), CASES)
def test_battery(pair, check, opt_out):
    if opt_out:
        pytest.skip(f"{pair.name} opts out of {check}: {opt_out}")
    failure = run_battery(pair, check)
    assert failure is None, f"{pair.name} fails battery check {check}:\n{failure}"
