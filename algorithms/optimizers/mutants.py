"""The bug zoo of optimizers: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # each optimizer setting is a variant
    Mutant("Adam without bias correction of the first moment",
           "p -= self.lr / correction1 * m", "p -= self.lr * m", frozenset({"trajectory"})),
    Mutant("AdamW decay coupled into the gradient, as L2",
           "p *= 1 - self.lr * self.weight_decay                           # decoupled decay\n"
           "        self._adam(p, g, m, v, v_max)",
           "self._adam(p, g + self.weight_decay * p, m, v, v_max)",
           frozenset({"trajectory"})),
    Mutant("Adagrad's squared gradients averaged, not summed (RMSprop's)",
           "s += g * g ", "s *= 0.9\n        s += 0.1 * g * g ",
           frozenset({"trajectory"})),
    Mutant("Adadelta without the RMS of past steps: RMSprop at lr 1",
           "np.sqrt(u + self.eps) / np.sqrt(v + self.eps) * g", "g / np.sqrt(v + self.eps)",
           frozenset({"trajectory"})),
    Mutant("Adamax's infinity norm without beta2's decay",
           "np.maximum(self.beta2 * u,", "np.maximum(u,", frozenset({"trajectory"})),
    Mutant("NAdam's look-ahead with this step's mu, not the next one's",
           "0.96 ** ((t + 1) * self.momentum_decay)",
           "0.96 ** (t * self.momentum_decay)", frozenset({"trajectory"})),
    Mutant("RAdam without its rectifier r_t",
           "(np.sqrt(v) + self.eps)) * rect", "(np.sqrt(v) + self.eps))",
           frozenset({"trajectory"})),
    Mutant("Nesterov without the gradient term",
           "p -= self.lr * (g + self.momentum * b)", "p -= self.lr * (self.momentum * b)",
           frozenset({"trajectory"})),
    Mutant("RMSprop eps inside the square root",
           "denominator = np.sqrt(v) + self.eps", "denominator = np.sqrt(v + self.eps)",
           frozenset({"trajectory"})),
    Mutant("momentum buffer dampened on its first step",
           "b = self.buffers[name] = g.copy()", "b = self.buffers[name] = (1 - self.dampening) * g",
           frozenset({"trajectory"})),
    Mutant("weight decay with the wrong sign",
           "return g + weight_decay * p if weight_decay else g",
           "return g - weight_decay * p if weight_decay else g",
           frozenset({"trajectory"})),
]
