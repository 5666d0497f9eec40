"""The bug zoo of mlp: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, LADDER, UPDATE_CHECKS, Mutant

MUTANTS = [
    # each variant is checked: relu, tanh, sigmoid
    Mutant("sigmoid derivative written as s instead of s(1-s)",
           "else A * (1 - A)", "else A", GRADIENT_CHECKS),
    Mutant("tanh derivative without the square",
           "return 1 - A**2 if", "return 1 - A if", GRADIENT_CHECKS),
    Mutant("backpropagation skips the activation",
           "dZ = dA * activation_grad(self.activation, Z_prev, A_prev)", "dZ = dA",
           GRADIENT_CHECKS),
    Mutant("weight gradient from the layer's output instead of its input",
           'grads[f"W{l}"] = A_prev.T @ dZ', 'grads[f"W{l}"] = cache[l][1].T @ dZ',
           GRADIENT_CHECKS),
    Mutant("the update skips the biases",
           "        for name in self.params:\n            self.params[name] -=",
           '        for name in [n for n in self.params if n.startswith("W")]:\n'
           "            self.params[name] -=", UPDATE_CHECKS),
    # its ladder
    Mutant("rung 2: log-softmax normalized over the batch instead of the classes",
           "torch.logsumexp(Z, dim=1, keepdim=True)", "torch.logsumexp(Z, dim=0, keepdim=True)",
           LADDER, side="rung_2_autograd"),
    Mutant("rung 2: the activation skipped in the hidden layers",
           'A = self.f(A @ self.params[f"W{l}"] + self.params[f"b{l}"])',
           'A = A @ self.params[f"W{l}"] + self.params[f"b{l}"]', LADDER, side="rung_2_autograd"),
    Mutant("rung 3: zero_grad forgotten, so gradients pile up",
           "        self.optimizer.zero_grad()\n", "", LADDER, side="rung_3_loss_optim"),
]
