"""The bug zoo: classic mistakes planted into copies of a pair's code must make parity fail.

Each pair lists its mistakes in algorithms/<name>/mutants.py (parity/mutation.py says how).
Each mutant replaces one snippet of a pair's scratch.py (or framework.py, or a rung), which
must occur exactly once, and names the checks that must catch it. A check that cannot fail is
a defect; this file is where that would show.
"""

import pytest

from parity.mutation import Mutant, mutants_of, mutate
from parity.registry import discover
from parity.runner import cases, run_case

PAIRS = {pair.name: pair for pair in discover()}


MUTANTS = [mutant for pair in PAIRS.values() for mutant in mutants_of(pair)]


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.id)
def test_mutant_is_caught(mutant):
    pair = mutate(PAIRS[mutant.pair], mutant)
    wanted = list(cases([pair], checks=mutant.caught_by, devices=["cpu"]))
    declared = {case.check for case in wanted}
    assert mutant.caught_by <= declared, f"{mutant.id}: the pair does not run all of them"
    caught = set()
    for case in wanted:
        result = run_case(case)
        if not result.passed:
            caught.add(case.check)
            assert "re-run: python -m parity check" in result.message
            assert f"seed {case.seed}" in result.message
    missed = mutant.caught_by - caught
    assert not missed, f"{mutant.id} slipped past {sorted(missed)}"


def test_an_equivalent_rewrite_passes():
    """The other half of the proof: the suite does not fail on any change at all."""
    rewrite = Mutant("same gradient, other spelling",
                     "        dz = (sigmoid(z) - y) / N", "        dz = (sigmoid(z) - y) * (1 / N)",
                     frozenset())
    pair = mutate(PAIRS["logistic_regression"], rewrite)
    failed = [r.message for r in map(run_case, cases([pair], devices=["cpu"])) if not r.passed]
    assert not failed, failed


def test_relu_derivative_at_zero_is_a_convention_not_a_bug():
    """relu'(0) is 0 in torch and here; writing [Z >= 0] differs only where Z is exactly 0,
    which the parity data never hits: the suite passes it, as it should."""
    convention = Mutant("relu'(0) = 1", "return (Z > 0).astype(Z.dtype)",
                        "return (Z >= 0).astype(Z.dtype)", frozenset())
    pair = mutate(PAIRS["mlp"], convention)
    failed = [r.message for r in map(run_case, cases([pair], devices=["cpu"])) if not r.passed]
    assert not failed, failed


@pytest.mark.parametrize("pair", PAIRS.values(), ids=lambda pair: pair.name)
def test_pair_lists_its_classic_mistakes(pair):
    """Three at least, in the pair's own mutants.py: a pair whose checks were never seen to fail
    has not shown they can."""
    mutants = mutants_of(pair)
    assert len(mutants) >= 3, (
        f"{pair.directory / 'mutants.py'} lists {len(mutants)} mutants; list three or more of "
        "the pair's classic mistakes (CONTRIBUTING.md, 'Prove it can fail')")
    names = [mutant.name for mutant in mutants]
    assert len(set(names)) == len(names), "two mutants of the same name"
