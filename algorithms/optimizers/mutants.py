"""The bug zoo of optimizers: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # each optimizer setting is a variant
    Mutant("Adam without bias correction of the first moment",
           "m_hat = m / (1 - self.beta1**self.t)", "m_hat = m", frozenset({"trajectory"})),
    Mutant("AdamW decay coupled into the gradient, as L2",
           "            p *= 1 - self.lr * self.weight_decay                    # decoupled decay\n"
           "            self._update(name, p, grads[name])",
           "            self._update(name, p, grads[name] + self.weight_decay * p)",
           frozenset({"trajectory"})),
    Mutant("Adagrad's squared gradients averaged, not summed (RMSprop's)",
           "self.sums[name] += g * g", "self.sums[name] = 0.9 * self.sums[name] + 0.1 * g * g",
           frozenset({"trajectory"})),
    Mutant("Adadelta without the RMS of past steps: RMSprop at lr 1",
           "np.sqrt(u + self.eps) / np.sqrt(v + self.eps) * g", "g / np.sqrt(v + self.eps)",
           frozenset({"trajectory"})),
    Mutant("Adamax's infinity norm without beta2's decay",
           "np.maximum(self.beta2 * u,", "np.maximum(u,", frozenset({"trajectory"})),
    Mutant("NAdam's look-ahead with this step's mu, not the next one's",
           "0.96 ** ((self.t + 1) * self.momentum_decay)",
           "0.96 ** (self.t * self.momentum_decay)", frozenset({"trajectory"})),
    Mutant("RAdam without its rectifier r_t",
           "(np.sqrt(v) + self.eps)) * rect", "(np.sqrt(v) + self.eps))",
           frozenset({"trajectory"})),
    Mutant("Nesterov without the gradient term",
           "g = g + self.momentum * b if self.nesterov else b",
           "g = self.momentum * b if self.nesterov else b", frozenset({"trajectory"})),
    Mutant("RMSprop eps inside the square root",
           "denominator = np.sqrt(v) + self.eps", "denominator = np.sqrt(v + self.eps)",
           frozenset({"trajectory"})),
    Mutant("momentum buffer dampened on its first step",
           "b = g.copy() if b is None else", "b = (1 - self.dampening) * g if b is None else",
           frozenset({"trajectory"})),
    Mutant("weight decay with the wrong sign",
           "g = grads[name] + self.weight_decay * p                 # L2",
           "g = grads[name] - self.weight_decay * p                 # L2",
           frozenset({"trajectory"})),
]
