"""The bug zoo of vae: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("the KL with sigma where log sigma^2 is meant",
           "return -np.sum(1 + logvar - mu**2 - np.exp(logvar)) / 2",
           "return -np.sum(1 + np.exp(logvar / 2) - mu**2 - np.exp(logvar)) / 2",
           GRADIENT_CHECKS),
    Mutant("the noise scaled by the variance instead of the standard deviation",
           "sigma = np.exp(logvar / 2)                              # (N, L)",
           "sigma = np.exp(logvar)                                  # (N, L)",
           GRADIENT_CHECKS),
    Mutant("the reparameterization's gradient forgets eps",
           "dlogvar = (dz * eps * sigma / 2", "dlogvar = (dz * sigma / 2", GRADIENT_CHECKS),
    Mutant("the KL's pull on mu with the wrong sign",
           "dmu = dz + mu / N", "dmu = dz - mu / N", GRADIENT_CHECKS),
    Mutant("the encoder's gradient skips the log-variance head",
           "dA_e = dmu @ p[\"W_mu\"].T + dlogvar @ p[\"W_logvar\"].T",
           "dA_e = dmu @ p[\"W_mu\"].T", GRADIENT_CHECKS),
]
