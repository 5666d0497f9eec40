"""Planting a mistake into a copy of a pair's source, for the bug zoo and the battery's tests."""

import dataclasses
import sys
import types
from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    pair: str
    name: str
    find: str
    replace: str
    caught_by: frozenset
    side: str = "scratch"

    @property
    def id(self):
        return f"{self.pair}:{self.name.replace(' ', '_')}"


def mutate(pair, mutant):
    """A copy of the pair whose `mutant.side` module (scratch, framework or a rung of its
    ladder) runs the mutated source.

    The snippet must occur exactly once, so that a mutant cannot silently turn into a no-op
    when the code it targets changes.
    """
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
