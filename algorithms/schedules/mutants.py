"""The bug zoo of schedules: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: step, exponential, cosine, linear warm-up and decay, one-cycle
    Mutant("StepLR without the floor: a fractional power every step",
           "self.gamma ** (t // self.step_size)", "self.gamma ** (t / self.step_size)",
           frozenset({"trajectory"})),
    Mutant("the schedule one step ahead: step t at lr_{t+1}",
           "        self.optimizer.lr = self._rate(self.t)\n",
           "        self.optimizer.lr = self._rate(self.t + 1)\n",
           frozenset({"trajectory"})),
    Mutant("clip_grad_norm_ per parameter, not over all of them together",
           "grads = {name: g * scale for name, g in grads.items()}",
           "grads = {name: g * min(max_norm / (norm + 1e-6), 1.0) "
           "for (name, g), norm in zip(grads.items(), norms, strict=True)}",
           frozenset({"trajectory"})),
    Mutant("the cosine upside down: from eta_min up to lr",
           "(1 + math.cos(math.pi * t / self.T_max))", "(1 - math.cos(math.pi * t / self.T_max))",
           frozenset({"trajectory"})),
    Mutant("the warm-up never stops: no min(t, total_iters)",
           "min(t, self.total_iters) / self.total_iters", "t / self.total_iters",
           frozenset({"trajectory"})),
    Mutant("one-cycle's momentum left alone",
           "self.optimizer.momentum = self._anneal(momentum_from, momentum_to, fraction)",
           "pass", frozenset({"trajectory"})),
]
