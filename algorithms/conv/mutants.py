"""The bug zoo of conv: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import FUNCTION_GRADIENT_CHECKS, Mutant

MUTANTS = [
    # each function and setting is a variant
    Mutant("col2im overwrites where overlapping windows should add",
           "dXp[:, :, rows, columns] += (K[:, :, p, q].T",
           "dXp[:, :, rows, columns] = (K[:, :, p, q].T",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("kernel gradient flipped (convolution where the forward correlates)",
           "dK[:, :, p, q] = (dY_flat @ X_pq.transpose(0, 2, 1)).sum(axis=0)",
           "dK[:, :, KH - 1 - p, KW - 1 - q] = (dY_flat @ X_pq.transpose(0, 2, 1)).sum(axis=0)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("input gradient without the kernel transpose",
           "dXp[:, :, taps] += K[:, :, p].T @ dY",
           "dXp[:, :, taps] += K[:, :, p].reshape(-1, K.shape[0]) @ dY",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("loop backward flips the kernel (convolution, not correlation)",
           "dXp[n, :, rows, columns] += dY[n, f, i, j] * K[f]",
           "dXp[n, :, rows, columns] += dY[n, f, i, j] * K[f, :, ::-1, ::-1]",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("padding cropped from the wrong side",
           "dX = dXp[:, :, padding:padding + H, padding:padding + W]", "dX = dXp[:, :, :H, :W]",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("max pooling routes the gradient to every position of the window",
           "at = (X_pq == Y) & unrouted", "at = np.ones_like(unrouted)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("off-by-one in the loop version's window",
           "window = Xp[n, :, i * stride:i * stride + dilation * (KH - 1) + 1:dilation,",
           "window = Xp[n, :, i * stride + 1:i * stride + dilation * (KH - 1) + 2:dilation,",
           frozenset({"values", "finite_differences"})),
]
