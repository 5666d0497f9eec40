"""The bug zoo of optimizers: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # each optimizer setting is a variant
    Mutant("Adam without bias correction of the first moment",
           "step = np.multiply(m, self.lr / correction1)", "step = np.multiply(m, self.lr)",
           frozenset({"trajectory"})),
    Mutant("AdamW decay coupled into the gradient, as L2",
           "p *= 1 - self.lr * self.weight_decay                           # decoupled decay\n"
           "        self._adam(p, g, m, v, v_max)",
           "self._adam(p, g + self.weight_decay * p, m, v, v_max)",
           frozenset({"trajectory"})),
    Mutant("Adagrad's squared gradients averaged, not summed (RMSprop's)",
           "s += work ", "s *= 0.9\n        s += 0.1 * work ",
           frozenset({"trajectory"})),
    Mutant("Adadelta without the RMS of past steps: RMSprop at lr 1",
           "delta = np.add(u, self.eps)\n        np.sqrt(delta, out=delta)",
           "delta = np.ones_like(u)",
           frozenset({"trajectory"})),
    Mutant("Adamax's infinity norm without beta2's decay",
           "u *= self.beta2\n", "\n", frozenset({"trajectory"})),
    Mutant("NAdam's look-ahead with this step's mu, not the next one's",
           "0.96 ** ((t + 1) * self.momentum_decay)",
           "0.96 ** (t * self.momentum_decay)", frozenset({"trajectory"})),
    Mutant("RAdam without its rectifier r_t",
           "step *= rect", "pass",
           frozenset({"trajectory"})),
    Mutant("Nesterov without the gradient term",
           "step += g\n", "\n",
           frozenset({"trajectory"})),
    Mutant("RMSprop eps inside the square root",
           "np.sqrt(v, out=denominator)",
           "np.sqrt(v + self.eps, out=denominator)\n            denominator -= self.eps",
           frozenset({"trajectory"})),
    Mutant("momentum buffer dampened on its first step",
           "np.copyto(b, g)", "np.copyto(b, (1 - self.dampening) * g)",
           frozenset({"trajectory"})),
    Mutant("weight decay with the wrong sign",
           "decayed += g ", "decayed -= g\n    decayed *= -1 ",
           frozenset({"trajectory"})),
]
