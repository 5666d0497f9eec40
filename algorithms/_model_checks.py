"""Checks of a model's hyperparameters against each other and against the data: what one
declared constraint per hyperparameter (algorithms/_params.py) cannot say alone.

NumPy and the standard library only, so that `scratch.py` files may import it.
"""

import math

import numpy as np

from algorithms._inputs import check_sample_weight, check_X, check_X_y, float_dtype
from algorithms._params import InvalidHyperparameterError


def check_image_shape(n_features, image_shape, n_pools):
    """(C, H, W) of the images whose pixels are the n_features columns of X.

    image_shape None means one channel of a square image. Each of the n_pools 2 x 2 poolings
    halves H and W (rounding down), so both must be at least 2**n_pools.
    """
    if image_shape is None:
        side = math.isqrt(n_features)
        if side * side != n_features:
            raise InvalidHyperparameterError(
                f"n_features must be a square number of pixels when image_shape is None; "
                f"got {n_features}")
        image_shape = (1, side, side)
    image_shape = tuple(image_shape)
    if math.prod(image_shape) != n_features:
        raise InvalidHyperparameterError(f"image_shape {image_shape} has "
                                         f"{math.prod(image_shape)} pixels, n_features is "
                                         f"{n_features}")
    if min(image_shape[1:]) < 2**n_pools:
        raise InvalidHyperparameterError(
            f"image of {image_shape[1]} x {image_shape[2]} pixels is too small for {n_pools} "
            f"2 x 2 poolings (each halves it): it needs at least {2**n_pools} x {2**n_pools}")
    return image_shape


def check_sequence(n_features, seq_len):
    """(T, D): a row of X holds a sequence of seq_len steps of D features each, step after
    step (n_features = T D)."""
    if n_features % seq_len:
        raise InvalidHyperparameterError(
            f"n_features={n_features} is not a multiple of seq_len={seq_len}: each row must "
            f"hold seq_len steps of equal size")
    return seq_len, n_features // seq_len


def check_heads(n_features, n_heads):
    """Attention heads split the features evenly: n_heads must divide them."""
    if n_heads < 1 or n_features % n_heads:
        raise ValueError(f"n_heads={n_heads} must divide the {n_features} features of X")


def check_width(d_model, n_heads, n_kv_heads=None, rotary=False):
    """A transformer's width: even (sin and cos positions in pairs) and split by the heads;
    the query heads in groups of equal size around the key and value heads (n_kv_heads); with
    rotary positions, each head's features even (they turn in pairs)."""
    if d_model % n_heads or d_model % 2:
        raise InvalidHyperparameterError(f"d_model={d_model} must be even and a multiple of "
                                         f"n_heads={n_heads}")
    if n_kv_heads is not None and n_heads % n_kv_heads:
        raise InvalidHyperparameterError(f"n_heads={n_heads} must be a multiple of "
                                         f"n_kv_heads={n_kv_heads}")
    if rotary and (d_model // n_heads) % 2:
        raise InvalidHyperparameterError(f"rotary positions turn features in pairs: "
                                         f"d_model / n_heads = {d_model // n_heads} must be even")


def check_cache_room(cached, new, context_length, cache=True):
    """A KV cache holds positions 0 .. cached - 1: `new` more must fit in the context. Without
    a cache, the `new` positions alone must."""
    if not cache and new > context_length:
        raise ValueError(f"X has {new} positions, more than context_length={context_length}")
    if cached + new > context_length:
        raise ValueError(f"the KV cache holds {cached} positions and {new} more would pass "
                         f"context_length={context_length}: start a new cache from the last "
                         f"{context_length} tokens or fewer")


def check_n_components(n_components, n_samples, n_features):
    """An integer n_components must be at most min(N, D) (PCA)."""
    r = min(n_samples, n_features)
    if isinstance(n_components, int) and n_components > r:
        raise InvalidHyperparameterError(f"n_components={n_components} must be between 1 and "
                                         f"min(n_samples, n_features)={r}")


def check_priors(priors, labels, n_classes):
    """The class priors: each class's share of the labels (0..K-1) when None; else K
    non-negative numbers, not all 0, scaled to sum to 1."""
    if priors is None:
        return np.bincount(labels, minlength=n_classes) / len(labels)
    priors = np.asarray(priors, dtype=np.float64)
    if priors.shape != (n_classes,) or (priors < 0).any() or not priors.any():
        raise InvalidHyperparameterError(
            f"priors must be {n_classes} non-negative numbers, one per class, not all 0; "
            f"got {priors.tolist()}")
    return priors / priors.sum()


def check_non_negative(X, n_features=None):
    """X for NMF: float32 stays float32, no entry below 0, squares that fit (the Frobenius
    error sums them)."""
    X = check_X(X, dtype=float_dtype(X), n_features=n_features)
    if (X < 0).any():
        raise ValueError(f"X must be non-negative for NMF; its smallest entry is {X.min():g}")
    check_squares_fit(X, centred=False)
    return X


def check_classes(X, y, priors):
    """(X, y, classes, labels 0..K-1, priors) for discriminant analysis: float32 stays
    float32, at least 2 classes, and more samples than classes."""
    X, y = check_X_y(X, y, dtype=float_dtype(X), discrete=True)
    check_squares_fit(X)
    classes, labels = np.unique(y, return_inverse=True)
    if len(classes) < 2:
        raise ValueError("y must hold at least 2 classes; got 1 class")
    if len(X) == len(classes):
        raise ValueError("The number of samples must be more than the number of classes.")
    return X, y, classes, labels, check_priors(priors, labels, len(classes))


def check_squares_fit(X, centred=True, name="X"):
    """The squares of X's values must be finite in float64, or the distances, variances or
    scores made of them overflow (where scikit-learn would return inf or NaN, or scipy refuse).
    For an algorithm that centres X first (k-means, PCA, a linkage), each feature's range
    bounds them; otherwise its largest |x|."""
    spread = np.ptp(X, axis=0) if centred else np.abs(X).max(axis=0)
    with np.errstate(over="ignore"):
        bound = (spread.astype(np.float64) ** 2).sum()
    if not np.isfinite(bound):
        raise ValueError(f"{name}'s values are too large for float64: their squares overflow "
                         f"(the largest {'range' if centred else '|x|'} is {spread.max():g})")


def check_mixture_data(X, n_components):
    """X for a mixture's fit: float32 stays float32, its squares fit float64, and at least 2
    samples and n_components of them."""
    X = check_X(X, dtype=float_dtype(X))
    check_squares_fit(X, centred=False)                # covariances sum squares of X
    if len(X) < max(2, n_components):
        raise ValueError(f"a mixture of {n_components} components needs at least "
                         f"{max(2, n_components)} samples; X has {len(X)} "
                         f"sample{'s' if len(X) > 1 else ''}")
    return X


def check_tsne_data(X, perplexity, n_components, init):
    """X (N, D) for t-SNE, as float64: squares that fit, more samples than the perplexity;
    for the PCA start, at least n_components features and projections that fit the float32
    embedding (|projection| <= 2 sqrt(D) max |x|)."""
    X = check_X(X, dtype=np.float64)
    check_squares_fit(X)
    if perplexity >= len(X):
        raise ValueError(f"perplexity ({perplexity}) must be less than n_samples ({len(X)})")
    if isinstance(init, str) and init == "pca":
        if X.shape[1] < n_components:
            raise ValueError(f"init='pca' needs n_components={n_components} principal axes; "
                             f"X has {X.shape[1]} feature{'s' if X.shape[1] > 1 else ''}")
        if np.ptp(X, axis=0).max() == 0:
            raise ValueError("init='pca' needs rows that differ: every row of X is the same, "
                             "so there is no principal axis to start along (init='random' "
                             "takes it)")
        bound = np.finfo(np.float32).max / (2 * math.sqrt(X.shape[1]))
        if np.abs(X).max() > bound:
            raise ValueError(f"init='pca' projects X into the float32 embedding: its values "
                             f"must be at most {bound:.3g}; got {np.abs(X).max():g}")
    return X


def check_start(init, n_samples, n_components):
    """A given starting embedding: finite, (n_samples, n_components); as float32."""
    init = check_X(init, dtype=np.float64, name="init")
    if init.shape != (n_samples, n_components):
        raise ValueError(f"init must have shape ({n_samples}, {n_components}); got "
                         f"{init.shape}")
    return init.astype(np.float32)


def check_symbols(X, n_symbols=None):
    """A categorical HMM's observations: (T, 1) whole numbers >= 0, below n_symbols if given;
    returned as int64."""
    X = check_X(X, dtype=np.float64)
    if X.shape[1] != 1:
        raise ValueError(f"X must hold one symbol per row, shape (n_samples, 1); got shape "
                         f"{X.shape}")
    wrong = (np.round(X) != X) | (X < 0)
    if wrong.any():
        raise ValueError(f"symbols must be whole numbers >= 0; got {X[wrong][:5].tolist()}")
    if n_symbols is not None and X.max() >= n_symbols:
        raise ValueError(f"Largest symbol is {int(X.max())} but the model only emits symbols "
                         f"up to {n_symbols - 1}")
    return X.astype(np.int64)


def check_observations(X, n_components, n_features=None):
    """A Gaussian HMM's observations (T, D) as float64: squares that fit (its covariances sum
    them) and, for fit, at least one per state (its k-means start)."""
    X = check_X(X, dtype=np.float64, n_features=n_features)
    if n_features is None:
        check_squares_fit(X)
        if len(X) < max(2, n_components):
            raise ValueError(f"a GaussianHMM of {n_components} states needs at least "
                             f"{max(2, n_components)} observations for its k-means start and "
                             f"its covariance; X has {len(X)} "
                             f"observation{'s' if len(X) > 1 else ''} (n_samples = {len(X)})")
    return X


def check_lengths(lengths, n_samples):
    """The lengths of the sequences X holds end to end: None (one sequence), or positive
    integers summing to n_samples; as a list of ints."""
    if lengths is None:
        return [n_samples]
    array = np.asarray(lengths)
    if (array.ndim != 1 or not np.issubdtype(array.dtype, np.integer) or (array < 1).any()
            or array.sum() != n_samples):
        raise ValueError(f"lengths must be positive integers summing to the {n_samples} "
                         f"samples of X; got {np.asarray(lengths).tolist()}")
    return array.tolist()


def check_powers_fit(X, degree):
    """Every monomial of X up to `degree` must be finite in X's precision: the largest |x| to
    the power degree bounds them all."""
    with np.errstate(over="ignore"):
        largest = np.abs(X).max() ** degree
    if not np.isfinite(largest):
        raise ValueError(f"X's monomials of degree {degree} overflow {X.dtype}: the largest "
                         f"|x| is {float(np.abs(X).max()):g}")
    return X


def check_kmeans(model, X):
    """A k-means model's given centres and cluster count against X (N, D); returns (init,
    n_init): init as a float64 (k, D) array or its name, n_init with "auto" resolved as
    scikit-learn does (1 run for k-means++ or given centres, 10 for random)."""
    k, init = model.n_clusters, model.init
    if not isinstance(init, str):
        init = check_X(init, dtype=np.float64, name="init")
        if init.shape != (k, X.shape[1]):
            raise InvalidHyperparameterError(
                f"init must have shape (n_clusters, n_features) = {(k, X.shape[1])}; got "
                f"{init.shape}")
    n_init = model.n_init
    if n_init == "auto":
        n_init = 10 if isinstance(init, str) and init == "random" else 1
    if len(X) < k:
        raise InvalidHyperparameterError(f"n_samples={len(X)} should be >= n_clusters={k}.")
    return init, n_init


def check_svm_data(X, y, sample_weight):
    """(X float64, y, weights, classes, labels 0..K-1) for an SVM's fit: squares that fit
    float64 (kernels sum them), at least 2 classes, and in every class a sample of positive
    weight (libsvm leaves the samples of weight 0 out before it solves)."""
    X, y = check_X_y(X, y, dtype=np.float64, discrete=True)
    check_squares_fit(X, centred=False)
    weights = check_sample_weight(sample_weight, len(X))
    classes, labels = np.unique(y, return_inverse=True)
    if len(classes) < 2:
        raise ValueError("The number of classes has to be greater than one; got 1 class")
    weighed = np.bincount(labels, weights=weights > 0, minlength=len(classes))
    if not weighed.all():
        raise ValueError(f"every class needs a sample of positive weight; class "
                         f"{classes[np.argmin(weighed)]:g} has none")
    return X, y, weights, classes, labels


def check_break_ties(break_ties, decision_function_shape):
    """break_ties picks the largest of the K per-class scores, which "ovo" does not give."""
    if break_ties and decision_function_shape == "ovo":
        raise ValueError("break_ties must be False when decision_function_shape is 'ovo'")


def check_bernoulli_data(X, likelihood):
    """Under a Bernoulli likelihood X holds probabilities (pixel intensities in [0, 1]): the
    cross-entropy -x log p - (1 - x) log(1 - p) has no minimum for x outside them, so training
    would run off to infinite logits rather than fail."""
    if likelihood == "bernoulli" and ((X < 0).any() or (X > 1).any()):
        raise ValueError(f"X must lie in [0, 1] under likelihood='bernoulli' (pixel "
                         f"intensities); got values from {X.min():g} to {X.max():g} "
                         f"(likelihood='gaussian' takes any real X)")


def check_one_cycle(total_steps, pct_start, three_phase):
    """Every phase of a one-cycle schedule longer than no steps. torch divides by a phase's
    length at each step within it: where pct_start * total_steps is 1, or the last phase starts
    at the last step, it raises ZeroDivisionError from inside (at the start, or at the end)."""
    rise = float(pct_start * total_steps) - 1                          # the step lr peaks at
    last_start = 2 * rise if three_phase else rise                     # where the last phase starts
    if rise == 0 or last_start == total_steps - 1:
        raise InvalidHyperparameterError(
            f"pct_start={pct_start} with total_steps={total_steps}"
            f"{' and three_phase' if three_phase else ''} leaves a phase of the one-cycle "
            f"schedule no steps (it would divide by zero)")
