"""The bug zoo of normalization: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import FUNCTION_GRADIENT_CHECKS, Mutant

MUTANTS = [
    # each layer is a variant
    Mutant("normalized by the unbiased variance",
           "inv_std = 1 / np.sqrt((centred * centred).mean(axis=axis, keepdims=True) + EPS)",
           "inv_std = 1 / np.sqrt(X.var(axis=axis, ddof=1, keepdims=True) + EPS)",
           frozenset({"values", "gradients"})),
    Mutant("backward treats the mean and variance as constants",
           "    dX -= mean_dX_hat                                            # - mean(dX^)\n"
           "    dX *= inv_std",
           "    dX = dX_hat * inv_std", FUNCTION_GRADIENT_CHECKS),
    Mutant("layer norm over the batch axis",
           "    X_hat, _ = _normalize(X, axis=1)  ", "    X_hat, _ = _normalize(X, axis=0)  ",
           frozenset({"values", "finite_differences"})),
    Mutant("dropout without the 1 / (1 - p) rescaling",
           "def dropout(X, keep, p=0.5):\n    return X * keep / (1 - p)",
           "def dropout(X, keep, p=0.5):\n    return X * keep",
           frozenset({"values", "finite_differences"})),
    Mutant("batch norm at inference with the batch's statistics",
           "    return gamma * (X - running_mean) / np.sqrt(running_var + EPS) + beta",
           "    return batch_norm_train(X, gamma, beta)", frozenset({"values"})),
    # RMS norm
    Mutant("RMSNorm subtracting the mean (layer norm without beta)",
           "return gamma * X / np.sqrt((X * X).mean(axis=1, keepdims=True) + eps)",
           "return gamma * (X - X.mean(axis=1, keepdims=True)) / np.sqrt((X * X).mean(axis=1, "
           "keepdims=True) + eps)", frozenset({"values"})),
    Mutant("RMSNorm's backward with layer norm's mean(dX^) term",
           "dX = (dX_hat - X_hat * (dX_hat * X_hat).mean(axis=1, keepdims=True)) * inv_rms",
           "dX = (dX_hat - dX_hat.mean(axis=1, keepdims=True) - X_hat * (dX_hat * X_hat).mean("
           "axis=1, keepdims=True)) * inv_rms", FUNCTION_GRADIENT_CHECKS),
]
