"""The bug zoo of linear_regression: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, LADDER, UPDATE_CHECKS, Mutant

MUTANTS = [
    Mutant("missing 1/N",
           "dy_hat = (2 / N) * (y_hat - y)", "dy_hat = 2 * (y_hat - y)", GRADIENT_CHECKS),
    Mutant("sign flip in the gradient",
           "dy_hat = (2 / N) * (y_hat - y)", "dy_hat = (2 / N) * (y - y_hat)", GRADIENT_CHECKS),
    Mutant("MSE gradient without the factor 2",
           "dy_hat = (2 / N) * (y_hat - y)", "dy_hat = (y_hat - y) / N", GRADIENT_CHECKS),
    Mutant("bias left out of the forward pass",
           "return (X @ self.W + self.b)[:, 0]", "return (X @ self.W)[:, 0]",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("update climbs the gradient",
           'self.W -= self.lr * grads["W"]', 'self.W += self.lr * grads["W"]', UPDATE_CHECKS),
    Mutant("bias gradient not summed over the batch",
           "db = dy_hat.sum(keepdims=True)", "db = dy_hat[:1].copy()", GRADIENT_CHECKS),
    # its ladder: each rung must follow both ends
    Mutant("rung 2: .grad never cleared, so gradients pile up",
           "        self.W.grad, self.b.grad = None, None                   # backward() adds",
           "        pass                                                    # backward() adds",
           LADDER, side="rung_2_autograd"),
    Mutant("rung 2: the hand update climbs the gradient",
           'self.W -= self.lr * grads["W"]                      # W <- W - lr dL/dW',
           'self.W += self.lr * grads["W"]                      # W <- W - lr dL/dW',
           LADDER, side="rung_2_autograd"),
    Mutant("rung 3: MSELoss summed instead of averaged",
           "self.loss_fn = nn.MSELoss()", 'self.loss_fn = nn.MSELoss(reduction="sum")',
           LADDER, side="rung_3_loss_optim"),
]
