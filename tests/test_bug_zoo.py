"""The bug zoo: classic mistakes planted into copies of scratch code must make parity fail.

Each mutant replaces one snippet of a pair's scratch.py (which must occur exactly once, so a
mutant cannot silently turn into a no-op when the code changes) and names the checks that must
catch it. A check that cannot fail is a defect; this file is where that would show.
"""

import pytest

from parity.registry import discover
from parity.runner import cases, run_case
from tests.mutation import Mutant, mutate

PAIRS = {pair.name: pair for pair in discover()}


GRADIENT_CHECKS = frozenset({"gradients", "finite_differences", "trajectory", "fit"})
UPDATE_CHECKS = frozenset({"trajectory", "fit"})
FUNCTION_GRADIENT_CHECKS = frozenset({"gradients", "finite_differences"})
VALUES = frozenset({"values"})
LADDER = frozenset({"ladder"})

MUTANTS = [
    # linear_regression
    Mutant("linear_regression", "missing 1/N",
           "dy_hat = (2 / N) * (y_hat - y)", "dy_hat = 2 * (y_hat - y)", GRADIENT_CHECKS),
    Mutant("linear_regression", "sign flip in the gradient",
           "dy_hat = (2 / N) * (y_hat - y)", "dy_hat = (2 / N) * (y - y_hat)", GRADIENT_CHECKS),
    Mutant("linear_regression", "MSE gradient without the factor 2",
           "dy_hat = (2 / N) * (y_hat - y)", "dy_hat = (y_hat - y) / N", GRADIENT_CHECKS),
    Mutant("linear_regression", "bias left out of the forward pass",
           "return (X @ self.W + self.b)[:, 0]", "return (X @ self.W)[:, 0]",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("linear_regression", "update climbs the gradient",
           'self.W -= self.lr * grads["W"]', 'self.W += self.lr * grads["W"]', UPDATE_CHECKS),
    Mutant("linear_regression", "bias gradient not summed over the batch",
           "db = dy_hat.sum(keepdims=True)", "db = dy_hat[:1].copy()", GRADIENT_CHECKS),
    # linear_regression's ladder: each rung must follow both ends
    Mutant("linear_regression", "rung 2: .grad never cleared, so gradients pile up",
           "        self.W.grad, self.b.grad = None, None                   # backward() adds",
           "        pass                                                    # backward() adds",
           LADDER, side="rung_2_autograd"),
    Mutant("linear_regression", "rung 2: the hand update climbs the gradient",
           'self.W -= self.lr * grads["W"]                      # W <- W - lr dL/dW',
           'self.W += self.lr * grads["W"]                      # W <- W - lr dL/dW',
           LADDER, side="rung_2_autograd"),
    Mutant("linear_regression", "rung 3: MSELoss summed instead of averaged",
           "self.loss_fn = nn.MSELoss()", 'self.loss_fn = nn.MSELoss(reduction="sum")',
           LADDER, side="rung_3_loss_optim"),
    # logistic_regression
    Mutant("logistic_regression", "sign flip in the gradient",
           "        dz = (sigmoid(z) - y) / N", "        dz = (y - sigmoid(z)) / N",
           GRADIENT_CHECKS),
    Mutant("logistic_regression", "sigmoid derivative written as s instead of s(1-s)",
           "        dz = (sigmoid(z) - y) / N",
           # dL/dp = (p - y) / (p (1 - p) N), times the wrong dp/dz = p instead of p (1 - p)
           "        dz = (sigmoid(z) - y) / (sigmoid(z) * (1 - sigmoid(z)) * N) * sigmoid(z)",
           GRADIENT_CHECKS),
    Mutant("logistic_regression", "input gradient with the wrong transpose",
           "dX = dz[:, None] * self.W.T", "dX = self.W @ dz[None, :]",
           frozenset({"gradients", "finite_differences"})),
    Mutant("logistic_regression", "labels not cast: float32 runs quietly in float64",
           "        y = y.astype(z.dtype)                                  # labels as numbers, "
           "like z\n        loss = np.mean",
           "        loss = np.mean", frozenset({"gradients"})),
    # softmax_regression
    Mutant("softmax_regression", "softmax gradient without subtracting the one-hot",
           "dZ[np.arange(N), y] -= 1", "pass", GRADIENT_CHECKS),
    Mutant("softmax_regression", "missing 1/N",
           "dZ /= N ", "dZ /= 1 ", GRADIENT_CHECKS),
    Mutant("softmax_regression", "weight gradient with the wrong transpose",
           "dW = X.T @ dZ ", "dW = dZ.T @ X ", GRADIENT_CHECKS),
    Mutant("softmax_regression", "fit ignores the given batch order",
           "self.loss_history_ = [float(self.step(X[idx], y[idx])) for idx in batches]",
           "self.loss_history_ = [float(self.step(X[idx], y[idx])) for idx in batches[::-1]]",
           frozenset({"fit"})),
    # activations (each function is a variant of the pair)
    Mutant("activations", "sigmoid derivative written as s instead of s(1-s)",
           "return dA * A * (1 - A)  ", "return dA * A  ", FUNCTION_GRADIENT_CHECKS),
    Mutant("activations", "tanh derivative without the square",
           "return dA * (1 - A**2)", "return dA * (1 - A)", FUNCTION_GRADIENT_CHECKS),
    Mutant("activations", "softmax gradient without the Jacobian",
           "return A * (dA - (dA * A).sum(axis=-1, keepdims=True))", "return dA * A * (1 - A)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("activations", "log-softmax normalized over the batch axis",
           "np.log(np.exp(shifted).sum(axis=-1, keepdims=True))",
           "np.log(np.exp(shifted).sum(axis=0, keepdims=True))",
           # the backward uses softmax, which is right: finite differences of the wrong
           # forward are what disagree with it
           frozenset({"values", "finite_differences"})),
    Mutant("activations", "GELU derivative without the product rule's second term",
           "return dA * (0.5 * (1 + t) + 0.5 * Z * (1 - t**2) * du_dZ)",
           "return dA * (0.5 * (1 + t))", FUNCTION_GRADIENT_CHECKS),
    Mutant("activations", "leaky ReLU backward with a zero slope",
           "(Z > 0).astype(Z.dtype) * (1 - LEAKY_SLOPE) + LEAKY_SLOPE",
           "(Z > 0).astype(Z.dtype)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("activations", "naive sigmoid overflows",
           "    return 0.5 * (1 + np.tanh(0.5 * Z))",
           "    return 1 / (1 + np.exp(-Z))", frozenset({"extremes"})),
    Mutant("activations", "softmax without subtracting the max",
           "shifted = Z - Z.max(axis=-1, keepdims=True)", "shifted = Z", frozenset({"extremes"})),
    # losses (each function is a variant of the pair)
    Mutant("losses", "MSE gradient without the factor 2",
           "dL * (2 / Y_hat.size) * (Y_hat - Y)", "dL * (1 / Y_hat.size) * (Y_hat - Y)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("losses", "BCE gradient averaged over rows instead of elements",
           "(sigmoid(Z) - Y) / Z.size", "(sigmoid(Z) - Y) / Z.shape[0]",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("losses", "cross-entropy gradient without subtracting the one-hot",
           "    dZ[np.arange(N), y] -= dL / N", "    pass", FUNCTION_GRADIENT_CHECKS),
    Mutant("losses", "soft-target gradient that assumes rows of P sum to 1",
           "softmax(Z) * P.sum(axis=1, keepdims=True) - P", "softmax(Z) - P",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("losses", "hinge counts the true class's own margin",
           "    margins[np.arange(N), y] = 0                                   # j != y_i only\n",
           # a constant 1/K per row: the value is wrong, the gradient of a constant is not
           "", frozenset({"values"})),
    Mutant("losses", "hinge gradient of the true class with the wrong sign",
           "dZ[np.arange(N), y] = -active.sum(axis=1)", "dZ[np.arange(N), y] = active.sum(axis=1)",
           FUNCTION_GRADIENT_CHECKS),
    # optimizers (each optimizer setting is a variant)
    Mutant("optimizers", "Adam without bias correction of the first moment",
           "m_hat = m / (1 - self.beta1**self.t)", "m_hat = m", frozenset({"trajectory"})),
    Mutant("optimizers", "AdamW decay coupled into the gradient, as L2",
           "            p *= 1 - self.lr * self.weight_decay                    # decoupled decay\n"
           "            self._update(name, p, grads[name])",
           "            self._update(name, p, grads[name] + self.weight_decay * p)",
           frozenset({"trajectory"})),
    Mutant("optimizers", "Nesterov without the gradient term",
           "g = g + self.momentum * b if self.nesterov else b",
           "g = self.momentum * b if self.nesterov else b", frozenset({"trajectory"})),
    Mutant("optimizers", "RMSprop eps inside the square root",
           "denominator = np.sqrt(v) + self.eps", "denominator = np.sqrt(v + self.eps)",
           frozenset({"trajectory"})),
    Mutant("optimizers", "momentum buffer dampened on its first step",
           "b = g.copy() if b is None else", "b = (1 - self.dampening) * g if b is None else",
           frozenset({"trajectory"})),
    Mutant("optimizers", "weight decay with the wrong sign",
           "g = grads[name] + self.weight_decay * p                 # L2",
           "g = grads[name] - self.weight_decay * p                 # L2",
           frozenset({"trajectory"})),
    # normalization (each layer is a variant)
    Mutant("normalization", "normalized by the unbiased variance",
           "inv_std = 1 / np.sqrt(((X - mu) ** 2).mean(axis=axis, keepdims=True) + EPS)",
           "inv_std = 1 / np.sqrt(X.var(axis=axis, ddof=1, keepdims=True) + EPS)",
           frozenset({"values", "gradients"})),
    Mutant("normalization", "backward treats the mean and variance as constants",
           "return (dX_hat - mean_dX_hat - X_hat * mean_dX_hat_X_hat) * inv_std",
           "return dX_hat * inv_std", FUNCTION_GRADIENT_CHECKS),
    Mutant("normalization", "layer norm over the batch axis",
           "    X_hat, _ = _normalize(X, axis=1)  ", "    X_hat, _ = _normalize(X, axis=0)  ",
           frozenset({"values", "finite_differences"})),
    Mutant("normalization", "dropout without the 1 / (1 - p) rescaling",
           "def dropout(X, keep, p=0.5):\n    return X * keep / (1 - p)",
           "def dropout(X, keep, p=0.5):\n    return X * keep",
           frozenset({"values", "finite_differences"})),
    Mutant("normalization", "batch norm at inference with the batch's statistics",
           "    return gamma * (X - running_mean) / np.sqrt(running_var + EPS) + beta",
           "    return batch_norm_train(X, gamma, beta)", frozenset({"values"})),
    # conv (each function and setting is a variant)
    Mutant("conv", "col2im overwrites where overlapping windows should add",
           "dXp[:, :, rows, columns] += (K[:, :, p, q].T",
           "dXp[:, :, rows, columns] = (K[:, :, p, q].T",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("conv", "kernel gradient flipped (convolution where the forward correlates)",
           "dK[:, :, p, q] = (dY_flat @ X_pq.transpose(0, 2, 1)).sum(axis=0)",
           "dK[:, :, KH - 1 - p, KW - 1 - q] = (dY_flat @ X_pq.transpose(0, 2, 1)).sum(axis=0)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("conv", "input gradient without the kernel transpose",
           "dXp[:, :, taps] += K[:, :, p].T @ dY",
           "dXp[:, :, taps] += K[:, :, p].reshape(-1, K.shape[0]) @ dY",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("conv", "loop backward flips the kernel (convolution, not correlation)",
           "dXp[n, :, rows, columns] += dY[n, f, i, j] * K[f]",
           "dXp[n, :, rows, columns] += dY[n, f, i, j] * K[f, :, ::-1, ::-1]",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("conv", "padding cropped from the wrong side",
           "dX = dXp[:, :, padding:padding + H, padding:padding + W]", "dX = dXp[:, :, :H, :W]",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("conv", "max pooling routes the gradient to every position of the window",
           "at = (X_pq == Y) & unrouted", "at = np.ones_like(unrouted)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("conv", "off-by-one in the loop version's window",
           "window = Xp[n, :, i * stride:i * stride + dilation * (KH - 1) + 1:dilation,",
           "window = Xp[n, :, i * stride + 1:i * stride + dilation * (KH - 1) + 2:dilation,",
           frozenset({"values", "finite_differences"})),
    # cnn
    Mutant("cnn", "backward unflattens channels-last where the forward flattened channels-first",
           "dA = dA.reshape(A.shape)                                   # unflatten at s = S",
           "dA = dA.reshape(A.shape[0], *A.shape[2:], A.shape[1]).transpose(0, 3, 1, 2)",
           GRADIENT_CHECKS),
    Mutant("cnn", "max pooling's gradient spread over the whole window",
           "dR = max_pool2d_backward(R, dA, 2)",
           "dR = np.repeat(np.repeat(dA, 2, axis=2), 2, axis=3)", GRADIENT_CHECKS),
    Mutant("cnn", "conv stage backpropagates through the relu as if it were the identity",
           "dZ = dR * (Z > 0)", "dZ = dR", GRADIENT_CHECKS),
    Mutant("cnn", "the update leaves the kernels frozen",
           "        for name in self.params:\n            self.params[name] -=",
           '        for name in [n for n in self.params if not n.startswith("K")]:\n'
           "            self.params[name] -=", UPDATE_CHECKS),
    # mlp (each variant is checked: relu, tanh, sigmoid)
    Mutant("mlp", "sigmoid derivative written as s instead of s(1-s)",
           "else A * (1 - A)", "else A", GRADIENT_CHECKS),
    Mutant("mlp", "tanh derivative without the square",
           "return 1 - A**2 if", "return 1 - A if", GRADIENT_CHECKS),
    Mutant("mlp", "backpropagation skips the activation",
           "dZ = dA * activation_grad(self.activation, Z_prev, A_prev)", "dZ = dA",
           GRADIENT_CHECKS),
    Mutant("mlp", "weight gradient from the layer's output instead of its input",
           'grads[f"W{l}"] = A_prev.T @ dZ', 'grads[f"W{l}"] = cache[l][1].T @ dZ',
           GRADIENT_CHECKS),
    Mutant("mlp", "the update skips the biases",
           "        for name in self.params:\n            self.params[name] -=",
           '        for name in [n for n in self.params if n.startswith("W")]:\n'
           "            self.params[name] -=", UPDATE_CHECKS),
    # polynomial_regression
    Mutant("polynomial_regression", "intercept without the centring correction",
           "self.intercept_ = y_mean - Phi_mean @ self.coef_", "self.intercept_ = y_mean",
           frozenset({"fitted", "predict"})),
    Mutant("polynomial_regression", "least squares on uncentred monomials",
           "np.linalg.lstsq(Phi - Phi_mean, y - y_mean", "np.linalg.lstsq(Phi, y - y_mean",
           frozenset({"fitted", "predict"})),
    Mutant("polynomial_regression", "pure powers only: the interaction terms forgotten",
           "for combination in combinations_with_replacement(range(n_features), d)]",
           "for combination in combinations_with_replacement(range(n_features), d)\n"
           "            if len(set(combination)) == 1]", frozenset({"fitted", "predict"})),
    Mutant("polynomial_regression", "monomials of the same degree in reverse order",
           "for combination in combinations_with_replacement(range(n_features), d)]",
           "for combination in reversed(list(\n"
           "                combinations_with_replacement(range(n_features), d)))]",
           frozenset({"fitted"})),
    # pca (each variant: all axes, three, covariance eigenvectors, a share of the variance)
    Mutant("pca", "variance divided by N where the sample variance divides by N - 1",
           "variance = S**2 / (N - 1)", "variance = S**2 / N", frozenset({"fitted"})),
    Mutant("pca", "axes of the uncentred data", "Xc = X - self.mean_  ", "Xc = X  ",
           frozenset({"fitted", "predict"})),
    Mutant("pca", "no sign convention: an axis or its negative, whichever LAPACK returns",
           "Vt = Vt * np.sign(Vt[np.arange(len(Vt)), largest])[:, None]", "Vt = Vt + 0",
           frozenset({"fitted", "predict"})),
    Mutant("pca", "transform forgets to subtract the mean",
           "return (X - self.mean_) @ self.components_.T", "return X @ self.components_.T",
           frozenset({"predict"})),
    # kmeans (variants: k-means++, random with 10 runs, given centres, one iteration, loose tol)
    Mutant("kmeans", "distances without the |C|^2 term",
           "partial = -2 * (C @ X[rows].T) + C_squared[:, None]", "partial = -2 * (C @ X[rows].T)",
           frozenset({"fitted", "predict"})),
    Mutant("kmeans", "tol not scaled by the data's variance",
           "tol = self.tol * np.var(X, axis=0).mean()", "tol = self.tol", frozenset({"fitted"})),
    Mutant("kmeans", "labels left from the last E-step after a tol stop",
           "    if not strict:\n        labels = nearest_centres(X, C)",
           "    if False:\n        labels = nearest_centres(X, C)", frozenset({"fitted"})),
    Mutant("kmeans", "k-means++ keeps the worst candidate",
           "best = np.argmin(potentials)", "best = np.argmax(potentials)",
           frozenset({"fitted", "predict"})),
    Mutant("kmeans", "centres divided by N instead of the cluster size",
           "sums / np.maximum(counts, 1)[:, None]", "sums / len(X)",
           frozenset({"fitted", "predict"})),
    # knn (variants: classifier and regressor, uniform and distance weights)
    Mutant("knn", "inverse squared distance where 1 / distance was asked for",
           "weights = 1 / distances", "weights = 1 / distances**2", frozenset({"predict"})),
    Mutant("knn", "a taken neighbour not marked taken: the nearest one k times",
           "        partial[rows, chosen[:, j]] = np.inf", "        pass",
           frozenset({"predict"})),
    Mutant("knn", "class probabilities divided by k instead of the total weight",
           "return votes / votes.sum(axis=1, keepdims=True)",
           "return votes / self.n_neighbors", frozenset({"predict"})),
    Mutant("knn", "regression divides by k instead of the total weight",
           "/ weights.sum(axis=1)", "/ self.n_neighbors", frozenset({"predict"})),
    # perceptron (variants: binary, small steps without bias, iris one-vs-rest)
    Mutant("perceptron", "a point on the boundary counted as right (< where <= belongs)",
           "mistakes = np.flatnonzero(y[i:i + block] * scores <= 0)",
           "mistakes = np.flatnonzero(y[i:i + block] * scores < 0)",
           frozenset({"fitted", "predict"})),
    Mutant("perceptron", "the update subtracts where it should add",
           "w += eta0 * y[j] * X[j]", "w -= eta0 * y[j] * X[j]",
           frozenset({"fitted", "predict"})),
    Mutant("perceptron", "the scan jumps past the sample after a mistake",
           "i, block = j + 1, max(8, block // 2)", "i, block = j + 2, max(8, block // 2)",
           frozenset({"fitted"})),
    Mutant("perceptron", "labels as 0/1 instead of -1/+1",
           "y_k = np.where(y == target, 1.0, -1.0)", "y_k = np.where(y == target, 1.0, 0.0)",
           frozenset({"fitted", "predict"})),
    # decision_tree (variants: gini grown out, entropy depth 3, leaves of 5, iris, regressors)
    Mutant("decision_tree", "threshold at the lower value instead of halfway",
           "threshold = low / 2.0 + high / 2.0", "threshold = low", frozenset({"fitted"})),
    Mutant("decision_tree", "children's impurities not weighted by their sizes",
           "proxy = (-w_right * impurity_of(criterion, right, w_right)\n"
           "                 - w_left * impurity_of(criterion, left, w_left))",
           "proxy = (-impurity_of(criterion, right, w_right)\n"
           "                 - impurity_of(criterion, left, w_left))",
           frozenset({"fitted", "predict"})),
    Mutant("decision_tree", "entropy in nats where scikit-learn counts bits",
           "shares * (np.log(shares) / np.log(2.0))", "shares * np.log(shares)",
           frozenset({"fitted"})),
    Mutant("decision_tree", "min_samples_leaf enforced on the left child only",
           "& (n_left >= min_samples_leaf) & (n - n_left >= min_samples_leaf))",
           "& (n_left >= min_samples_leaf))", frozenset({"fitted", "predict"})),
    Mutant("decision_tree", "regression split ranked by the sums, not their squares",
           "proxy = left[:, 0] ** 2 / w_left + right[:, 0] ** 2 / w_right",
           "proxy = left[:, 0] / w_left + right[:, 0] / w_right", frozenset({"fitted"})),
    # random_forest (variants: sqrt features, bagging only, entropy depth 4, no bootstrap, iris)
    Mutant("random_forest", "bootstrap drawn from the forest's generator, not the tree's seed",
           "drawn = np.random.RandomState(seed).randint(0, len(X), len(X))",
           "drawn = seeds.randint(0, len(X), len(X))", frozenset({"fitted", "predict"})),
    Mutant("random_forest", "bootstrap counts as presence: a sample drawn twice weighs 1",
           "counts = np.bincount(drawn, minlength=len(X))",
           "counts = np.bincount(drawn, minlength=len(X)) > 0", frozenset({"fitted", "predict"})),
    Mutant("random_forest", "votes of the trees' hard predictions instead of their shares",
           "return sum(tree.tree_.value[tree.tree_.apply(X), 0]\n",
           "return sum(np.eye(len(self.classes_))[tree.tree_.value[tree.tree_.apply(X), 0]\n"
           "                   .argmax(axis=1)]\n",
           frozenset({"predict"})),
    # gradient_boosting (variants: regressors, classifiers)
    Mutant("gradient_boosting", "log-loss leaves keep the mean residual: no Newton step",
           "        p = y - residual\n", "        return\n",
           frozenset({"fitted", "predict"})),
    Mutant("gradient_boosting", "each tree added at full size, without the learning rate",
           "F = F + self.learning_rate * tree.tree_.value[leaves, 0, 0]",
           "F = F + tree.tree_.value[leaves, 0, 0]", frozenset({"fitted", "predict"})),
    Mutant("gradient_boosting", "boosting starts from 0 instead of the mean",
           "self.init_raw_ = y.mean()", "self.init_raw_ = 0.0",
           frozenset({"fitted", "predict"})),
    Mutant("gradient_boosting", "log-loss gradient with the wrong sign",
           "return y - sigmoid(F)", "return sigmoid(F) - y", frozenset({"fitted", "predict"})),
    Mutant("gradient_boosting", "training score as half the squared error",
           "return np.mean((y - F) ** 2)", "return 0.5 * np.mean((y - F) ** 2)",
           frozenset({"fitted"})),
    # dbscan (variants: moons, tight eps with much noise, every point core)
    Mutant("dbscan", "a point not counted in its own neighbourhood",
           "pairs_i, pairs_j = [np.arange(N)], [np.arange(N)]",
           "pairs_i, pairs_j = [], []", frozenset({"fitted", "predict"})),
    Mutant("dbscan", "grid cells half as wide as eps: neighbours two cells away missed",
           "np.floor(X / (eps * (1 + 1e-6)))", "np.floor(X / (eps * 0.5))",
           frozenset({"fitted", "predict"})),
    Mutant("dbscan", "pairs measured once but not mirrored",
           "        pairs_i += [i[within], j[within]]\n        pairs_j += [j[within], i[within]]",
           "        pairs_i += [i[within]]\n        pairs_j += [j[within]]",
           frozenset({"fitted", "predict"})),
    Mutant("dbscan", "border points grow the cluster as if they were core",
           "frontier.extend(new[core[new]])", "frontier.extend(new)",
           frozenset({"fitted", "predict"})),
    Mutant("dbscan", "core needs more than min_samples neighbours",
           "core = np.array([len(n) >= self.min_samples for n in neighbours])",
           "core = np.array([len(n) > self.min_samples for n in neighbours])",
           frozenset({"fitted", "predict"})),
    # agglomerative (variants: ward, complete, average, single, ward into 10 clusters)
    Mutant("agglomerative", "average linkage without the cluster sizes",
           "merged = (n_i * d_ki + n_j * d_kj) / (n_i + n_j)", "merged = (d_ki + d_kj) / 2",
           frozenset({"fitted", "predict"})),
    Mutant("agglomerative", "Ward's update forgets the merged pair's own distance",
           "- size * d_ij**2)", "- 0 * d_ij**2)", frozenset({"fitted", "predict"})),
    Mutant("agglomerative", "rows that pointed at the merged clusters keep a stale neighbour",
           "nearest[stale] = D[stale].argmin(axis=1)",
           "nearest[i] = D[i].argmin()", frozenset({"fitted", "predict"})),
    Mutant("agglomerative", "the cut splits the smallest cluster id first",
           "nodes = [-(max(children[-1]) + 1)]", "nodes = [-(min(children[-1]) + 1)]",
           frozenset({"predict"})),
    # collaborative_filtering (variants: every user votes, the ten nearest)
    Mutant("collaborative_filtering", "similarity not divided by the query user's norm",
           "A_unit = A / np.where(norms_A > 0, norms_A, 1)[:, None]", "A_unit = A",
           frozenset({"predict"})),
    Mutant("collaborative_filtering", "the weights normalized over every voter, rated or not",
           "denominator = np.abs(S) @ rated", "denominator = np.abs(S).sum(axis=1, keepdims=True)",
           frozenset({"predict"})),
    Mutant("collaborative_filtering", "the k least similar users vote",
           "outside = np.argpartition(-S, k - 1, axis=1)[:, k:]",
           "outside = np.argpartition(S, k - 1, axis=1)[:, k:]", frozenset({"predict"})),
    # mlp's ladder
    Mutant("mlp", "rung 2: log-softmax normalized over the batch instead of the classes",
           "torch.logsumexp(Z, dim=1, keepdim=True)", "torch.logsumexp(Z, dim=0, keepdim=True)",
           LADDER, side="rung_2_autograd"),
    Mutant("mlp", "rung 2: the activation skipped in the hidden layers",
           'A = self.f(A @ self.params[f"W{l}"] + self.params[f"b{l}"])',
           'A = A @ self.params[f"W{l}"] + self.params[f"b{l}"]', LADDER, side="rung_2_autograd"),
    Mutant("mlp", "rung 3: zero_grad forgotten, so gradients pile up",
           "        self.optimizer.zero_grad()\n", "", LADDER, side="rung_3_loss_optim"),
    # data_parallel (one worker cannot tell a sum from a mean: two and four workers must)
    Mutant("data_parallel", "gradients summed across workers instead of averaged",
           "g = total / W ", "g = total ", frozenset({"trajectory"})),
    # rnn
    Mutant("rnn", "backpropagation through time stopped after the last step",
           "dh = da @ W_hh.T", "dh = 0 * da @ W_hh.T",
           GRADIENT_CHECKS),
    Mutant("rnn", "the recurrent weight gradient from h_t instead of h_{t-1}",
           "np.stack(states[:-1], axis=1)", "np.stack(states[1:], axis=1)", GRADIENT_CHECKS),
    Mutant("rnn", "tanh' taken as 1 - h_{t-1}^2", "da = dh * (1 - states[t] ** 2)",
           "da = dh * (1 - states[t - 1] ** 2)", GRADIENT_CHECKS),
    Mutant("rnn", "the logits read from the first state instead of the last",
           "return states, states[-1] @ p[\"W_hy\"] + p[\"b_y\"]",
           "return states, states[1] @ p[\"W_hy\"] + p[\"b_y\"]",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    # lstm
    Mutant("lstm", "gate order i, f swapped (PyTorch's is i, f, g, o)",
           "i, f = sigmoid(A[:, :H]), sigmoid(A[:, H:2 * H])",
           "f, i = sigmoid(A[:, :H]), sigmoid(A[:, H:2 * H])",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("lstm", "the forget gate's gradient without c_{t-1}",
           "dc * c_prev * f * (1 - f)", "dc * f * (1 - f)", GRADIENT_CHECKS),
    Mutant("lstm", "the cell gradient not carried back through the forget gate",
           "dc_next = dc * f ", "dc_next = dc ", GRADIENT_CHECKS),
    # attention
    Mutant("attention", "the causal mask left out",
           "np.copyto(S[..., start:], -np.inf, where=np.triu(np.ones((q, q), dtype=bool), k=1))",
           # consistent in forward and backward: finite differences agree with it
           "pass", frozenset({"values", "gradients"})),
    Mutant("attention", "softmax over the queries (axis -2), not the keys",
           "A /= A.sum(axis=-1, keepdims=True)", "A /= A.sum(axis=-2, keepdims=True)",
           FUNCTION_GRADIENT_CHECKS | VALUES),
    Mutant("attention", "scores not scaled by 1/sqrt(d)",
           "return Q / math.sqrt(Q.shape[-1]), ", "return Q, ",
           FUNCTION_GRADIENT_CHECKS | VALUES),
    Mutant("attention", "padding masks the queries instead of the keys",
           "where=key_padding_mask[:, None, None, :keys]",
           "where=key_padding_mask[:, None, start:end, None]", FUNCTION_GRADIENT_CHECKS | VALUES),
    Mutant("attention", "dK without the 1/sqrt(d) of the scores",
           "np.swapaxes(dS, -1, -2) @ Q_block ",
           "np.swapaxes(dS, -1, -2) @ Q_block * math.sqrt(d) ",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("attention", "softmax differentiated elementwise (its row-sum term left out)",
           "dS -= (dO_block * O_block).sum(axis=-1, keepdims=True)", "pass",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("attention", "dV overwritten by each block of queries instead of summed",
           "dV[..., :keys, :] += ", "dV[..., :keys, :] = ", FUNCTION_GRADIENT_CHECKS),
    # char_lm
    Mutant("char_lm", "the lookup's gradient assigned, not summed, over repeated characters",
           'np.add.at(grads["W_xh"], X, dU)', 'grads["W_xh"][X] = dU', GRADIENT_CHECKS),
    Mutant("char_lm", "the head's gradient sent into the last state only (a classifier's)",
           'dU, grads["W_hh"] = recurrence_backward(states, dH, p["W_hh"])',
           'dH[:, :-1] = 0\n        dU, grads["W_hh"] = recurrence_backward(states, dH, p["W_hh"])',
           GRADIENT_CHECKS),
    Mutant("char_lm", "each step predicted from the state before it read its character",
           "H = np.stack(states[1:], axis=1)                               # h_1..h_T",
           "H = np.stack(states[:-1], axis=1)                              # h_1..h_T",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    # transformer
    Mutant("transformer", "the causal mask left out of the forward pass",
           "p[b + \"self_attn.out_proj.weight\"], p[b + \"self_attn.out_proj.bias\"], None,\n"
           "                n_heads=H, causal=True)                                # (N, T, C)",
           "p[b + \"self_attn.out_proj.weight\"], p[b + \"self_attn.out_proj.bias\"], None,\n"
           "                n_heads=H, causal=False)                               # (N, T, C)",
           frozenset({"forward", "gradients", "finite_differences", "trajectory", "fit"})),
    Mutant("transformer", "the residual path skipped in the backward pass",
           "dx = d_middle + d_x.reshape(N, T, C)", "dx = d_x.reshape(N, T, C)", GRADIENT_CHECKS),
    Mutant("transformer", "embedding gradient assigned, not summed, over repeated tokens",
           'np.add.at(grads["embedding.weight"], X, dx)', 'grads["embedding.weight"][X] = dx',
           GRADIENT_CHECKS),
    Mutant("transformer", "sin and cos swapped in the positional encoding",
           "P[:, 0::2], P[:, 1::2] = np.sin(angle), np.cos(angle)",
           "P[:, 0::2], P[:, 1::2] = np.cos(angle), np.sin(angle)",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("transformer", "the MLP's GELU derivative taken at its output",
           "d_hidden = gelu_backward(hidden, d_mlp_out",
           "d_hidden = gelu_backward(activated, d_mlp_out",
           GRADIENT_CHECKS),
    # metrics (one check, "values": each mutant must fail some of the metric cases)
    Mutant("metrics", "macro average weighted by support",
           'weights = true_sum if average == "weighted" else None',
           'weights = true_sum if average in ("weighted", "macro") else None', VALUES),
    Mutant("metrics", "micro average taken as the mean of per-label scores",
           'if average == "micro":                                              # pool',
           'if average == "never":                                              # pool',
           VALUES),
    Mutant("metrics", "confusion matrix transposed (rows are predictions)",
           "cell = true_index[kept] * K + pred_index[kept]",
           "cell = pred_index[kept] * K + true_index[kept]", VALUES),
    Mutant("metrics", "an undefined F-score warns about precision and recall too",
           'if zero_division == "warn" and metric in warn_for:',
           'if zero_division == "warn":', VALUES),
    Mutant("metrics", "tied scores not grouped into one threshold",
           "last_of_each_score = np.append(np.flatnonzero(np.diff(y_score)), len(y_score) - 1)",
           "last_of_each_score = np.arange(len(y_score))", VALUES),
    Mutant("metrics", "ROC points dropped where only one count bends",
           "bends = np.diff(fps, 2).astype(bool) | np.diff(tps, 2).astype(bool)",
           "bends = np.diff(fps, 2).astype(bool) & np.diff(tps, 2).astype(bool)", VALUES),
    Mutant("metrics", "AUC by right rectangles instead of trapezoids (ties not halved)",
           "np.sum(dx * (y[1:] + y[:-1]) / 2.0)", "np.sum(dx * y[1:])", VALUES),
    Mutant("metrics", "log loss without clipping: certain and wrong gives inf",
           "    y_proba = np.clip(y_proba, eps, 1 - eps)", "    y_proba = y_proba", VALUES),
    Mutant("metrics", "R^2 about the unweighted mean",
           "(y_true - _average(y_true, sample_weight))", "(y_true - _average(y_true))", VALUES),
    Mutant("metrics", "R^2 of a constant target left at -inf",
           "scores[(residual != 0) & (total == 0)] = 0.0",
           "scores[(residual != 0) & (total == 0)] = -np.inf", VALUES),
    # naive_bayes
    Mutant("naive_bayes", "unbiased variance (ddof=1) where scikit-learn uses ddof=0",
           "(Y.T @ deviations**2) / self.class_count_[:, None]",
           "(Y.T @ deviations**2) / (self.class_count_[:, None] - 1)",
           frozenset({"fitted", "predict"})),
    Mutant("naive_bayes", "variance smoothing forgotten",
           " + self.epsilon_  # (K, D)", "  # (K, D)", frozenset({"fitted"})),
    Mutant("naive_bayes", "class prior left out of the joint likelihood",
           "return np.log(self.class_prior_) + log_norm", "return log_norm",
           frozenset({"predict"})),
    Mutant("naive_bayes", "log normalizer summed over classes instead of features",
           "np.log(2 * np.pi * self.var_).sum(axis=1)", "np.log(2 * np.pi * self.var_).sum(axis=0)",
           frozenset({"predict"})),
]


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.id)
def test_mutant_is_caught(mutant):
    pair = mutate(PAIRS[mutant.pair], mutant)
    wanted = list(cases([pair], checks=mutant.caught_by, devices=["cpu"]))
    declared = {case.check for case in wanted}
    assert mutant.caught_by <= declared, f"{mutant.id}: the pair does not run all of them"
    caught = set()
    for case in wanted:
        result = run_case(case)
        if not result.passed:
            caught.add(case.check)
            assert "re-run: python -m parity check" in result.message
            assert f"seed {case.seed}" in result.message
    missed = mutant.caught_by - caught
    assert not missed, f"{mutant.id} slipped past {sorted(missed)}"


def test_an_equivalent_rewrite_passes():
    """The other half of the proof: the suite does not fail on any change at all."""
    rewrite = Mutant("logistic_regression", "same gradient, other spelling",
                     "        dz = (sigmoid(z) - y) / N", "        dz = (sigmoid(z) - y) * (1 / N)",
                     frozenset())
    pair = mutate(PAIRS["logistic_regression"], rewrite)
    failed = [r.message for r in map(run_case, cases([pair], devices=["cpu"])) if not r.passed]
    assert not failed, failed


def test_relu_derivative_at_zero_is_a_convention_not_a_bug():
    """relu'(0) is 0 in torch and here; writing [Z >= 0] differs only where Z is exactly 0,
    which the parity data never hits: the suite passes it, as it should."""
    convention = Mutant("mlp", "relu'(0) = 1", "return (Z > 0).astype(Z.dtype)",
                        "return (Z >= 0).astype(Z.dtype)", frozenset())
    pair = mutate(PAIRS["mlp"], convention)
    failed = [r.message for r in map(run_case, cases([pair], devices=["cpu"])) if not r.passed]
    assert not failed, failed


def test_every_pair_has_mutants():
    assert set(PAIRS) <= {m.pair for m in MUTANTS}, "a pair without bug-zoo entries"
