"""The bug zoo's machinery: a classic mistake planted into a copy of a pair's source.

Each pair lists its mistakes in `algorithms/<name>/mutants.py`:

    MUTANTS = [
        Mutant("missing 1/N",                                   # what the mistake is
               "dy_hat = (2 / N) * (y_hat - y)",                # a snippet of scratch.py...
               "dy_hat = 2 * (y_hat - y)",                      # ...and its replacement
               GRADIENT_CHECKS),                                # the checks that must fail
    ]

`tests/test_bug_zoo.py` plants each one (`mutate`) and runs the checks named: every one of
them must fail, or the harness has a blind spot. The snippet must occur exactly once, so that
a mutant cannot silently turn into a no-op when the code it targets changes.
"""

import dataclasses
import sys
import types
from dataclasses import dataclass

from parity.registry import import_pair_module

GRADIENT_CHECKS = frozenset({"gradients", "finite_differences", "trajectory", "fit"})
UPDATE_CHECKS = frozenset({"trajectory", "fit"})
FUNCTION_GRADIENT_CHECKS = frozenset({"gradients", "finite_differences"})
VALUES = frozenset({"values"})
LADDER = frozenset({"ladder"})


@dataclass(frozen=True)
class Mutant:
    name: str                   # the mistake, in words
    find: str                   # a snippet of the module, which must occur exactly once
    replace: str                # what the mistake writes instead
    caught_by: frozenset        # the checks that must fail
    side: str = "scratch"       # the module: scratch, framework or a rung of the ladder
    pair: str = ""              # filled in from the folder the mutant is listed in

    @property
    def id(self):
        return f"{self.pair}:{self.name.replace(' ', '_')}"


def mutants_of(pair):
    """The mutants listed in the pair's mutants.py ([] where it has none)."""
    if not (pair.directory / "mutants.py").exists():
        return []
    listed = getattr(import_pair_module(pair.directory, "mutants"), "MUTANTS", None)
    if not isinstance(listed, list) or not all(isinstance(m, Mutant) for m in listed):
        raise TypeError(f"{pair.directory / 'mutants.py'}: MUTANTS must be a list of Mutant")
    return [dataclasses.replace(mutant, pair=pair.name) for mutant in listed]


def mutate(pair, mutant):
    """A copy of the pair whose `mutant.side` module (scratch, framework or a rung of its
    ladder) runs the mutated source."""
    mutant = dataclasses.replace(mutant, pair=pair.name)
    path = pair.directory / f"{mutant.side}.py"
    source = path.read_text()
    count = source.count(mutant.find)
    assert count == 1, f"{mutant.id}: the snippet occurs {count} times in {path}, not once"
    name = f"_mutant_{pair.name}_{mutant.side}_{abs(hash(mutant.id))}"
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    exec(compile(source.replace(mutant.find, mutant.replace), str(path), "exec"), module.__dict__)
    if mutant.side in ("scratch", "framework"):
        return dataclasses.replace(pair, **{mutant.side: module})
    rungs = tuple((name, module if name == mutant.side else rung) for name, rung in pair.rungs)
    assert rungs != pair.rungs, f"{mutant.id}: {pair.name} has no rung {mutant.side}"
    return dataclasses.replace(pair, rungs=rungs)
