"""The bug zoo of gan: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, UPDATE_CHECKS, Mutant

MUTANTS = [
    Mutant("the generator's loss leaking into the discriminator's gradient",
           "fake_cache, sigmoid(s_fake) / len(z))",
           "fake_cache, (2 * sigmoid(s_fake) - 1) / len(z))",
           GRADIENT_CHECKS),
    Mutant("the saturating minimax generator loss's gradient, -D(G(z)) / N",
           "(sigmoid(s_fake) - 1) / N)  # dL_G/dG(z)", "-sigmoid(s_fake) / N)  # dL_G/dG(z)",
           GRADIENT_CHECKS),
    Mutant("the fakes labelled real in the discriminator's gradient",
           'fake_cache, sigmoid(s_fake) / len(z))', 'fake_cache, (sigmoid(s_fake) - 1) / len(z))',
           GRADIENT_CHECKS),
    Mutant("the generator steps through the discriminator from before its step",
           '        loss_D, grads = self.gradients(X, z, players="D")\n'
           "        self.d_optimizer.step(grads)                            # D's step on "
           "dL_D/dtheta_D\n"
           '        loss_G, grads = self.gradients(X, z, players="G")\n',
           '        loss_G, grads_G = self.gradients(X, z, players="G")\n'
           '        loss_D, grads = self.gradients(X, z, players="D")\n'
           '        self.d_optimizer.step(grads)\n'
           '        grads = grads_G\n', UPDATE_CHECKS),
    Mutant("torch side: zero_grad forgotten, so L_G's backward leaks into D's gradient",
           "                optimizer.zero_grad()\n", "",
           frozenset({"gradients", "trajectory", "fit"}), side="framework"),
]
