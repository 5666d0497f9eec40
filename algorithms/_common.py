"""Input checks and mini-batch order shared by both sides of every pair.

NumPy and the standard library only, so that `scratch.py` files may import it. Both sides of a
pair call the same checks, so bad input raises the same exception with the same message whether
it reaches the NumPy model or the framework model.
"""

import math
import numbers

import numpy as np


def check_hyperparameter(name, value, *, low=None, high=None, integer=False, low_inclusive=False):
    """Return `value` if it is a finite number in (low, high]; else raise ValueError naming it."""
    kind = "an integer" if integer else "a number"
    valid_type = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, valid_type):
        raise ValueError(f"{name} must be {kind}; got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value!r}")
    if low is not None and (value < low or (value == low and not low_inclusive)):
        bound = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be {bound} {low}; got {value!r}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}; got {value!r}")
    return value


def check_training(n_features, lr, epochs, batch_size):
    """The hyperparameters every gradient-trained model shares, checked and returned:
    n_features >= 1, lr > 0, epochs >= 0 (integers), batch_size None or an integer >= 1."""
    check_hyperparameter("n_features", n_features, low=1, low_inclusive=True, integer=True)
    check_hyperparameter("lr", lr, low=0)
    check_hyperparameter("epochs", epochs, low=0, low_inclusive=True, integer=True)
    if batch_size is not None:
        check_hyperparameter("batch_size", batch_size, low=1, low_inclusive=True, integer=True)
    return n_features, lr, epochs, batch_size


def check_image_shape(n_features, image_shape, n_pools):
    """(C, H, W) of the images whose pixels are the n_features columns of X.

    image_shape None means one channel of a square image. Each of the n_pools 2 x 2 poolings
    halves H and W (rounding down), so both must be at least 2**n_pools.
    """
    if image_shape is None:
        side = math.isqrt(n_features)
        if side * side != n_features:
            raise ValueError(f"n_features must be a square number of pixels when image_shape "
                             f"is None; got {n_features}")
        image_shape = (1, side, side)
    if not isinstance(image_shape, tuple | list) or len(image_shape) != 3:
        raise ValueError(f"image_shape must be (channels, height, width); got {image_shape!r}")
    image_shape = tuple(check_hyperparameter("image_shape entry", size, low=1,
                                             low_inclusive=True, integer=True)
                        for size in image_shape)
    if math.prod(image_shape) != n_features:
        raise ValueError(f"image_shape {image_shape} has {math.prod(image_shape)} pixels, "
                         f"n_features is {n_features}")
    if min(image_shape[1:]) < 2**n_pools:
        raise ValueError(f"image of {image_shape[1]} x {image_shape[2]} pixels is too small for "
                         f"{n_pools} 2 x 2 poolings (each halves it): it needs at least "
                         f"{2**n_pools} x {2**n_pools}")
    return image_shape


def check_sequence(n_features, seq_len):
    """(T, D): a row of X holds a sequence of seq_len steps of D features each, step after
    step (n_features = T D)."""
    check_hyperparameter("seq_len", seq_len, low=1, low_inclusive=True, integer=True)
    if n_features % seq_len:
        raise ValueError(f"n_features={n_features} is not a multiple of seq_len={seq_len}: "
                         f"each row must hold seq_len steps of equal size")
    return seq_len, n_features // seq_len


def check_heads(n_features, n_heads):
    """Attention heads split the features evenly: n_heads must divide them."""
    if n_heads < 1 or n_features % n_heads:
        raise ValueError(f"n_heads={n_heads} must divide the {n_features} features of X")


def check_width(d_model, n_heads):
    """A transformer's width: even (sin and cos positions in pairs) and split by the heads."""
    if d_model % n_heads or d_model % 2:
        raise ValueError(f"d_model={d_model} must be even and a multiple of n_heads={n_heads}")


def check_n_components(n_components, n_samples, n_features):
    """None, an integer in 1..min(N, D) or a fraction in (0, 1) of the variance (PCA)."""
    if n_components is None:
        return
    if isinstance(n_components, bool) or not isinstance(n_components, numbers.Real) or not (
            isinstance(n_components, numbers.Integral) or 0 < n_components < 1):
        raise ValueError(f"n_components must be None, an integer >= 1 or a fraction in (0, 1); "
                         f"got {n_components!r}")
    r = min(n_samples, n_features)
    if isinstance(n_components, numbers.Integral) and not 1 <= n_components <= r:
        raise ValueError(f"n_components={n_components} must be between 1 and "
                         f"min(n_samples, n_features)={r}")


def check_kmeans(model, X):
    """Validate a k-means model's hyperparameters against X (N, D); returns (init, n_init):
    init as a float64 (k, D) array or its name, n_init with "auto" resolved as scikit-learn
    does (1 run for k-means++ or given centres, 10 for random)."""
    k = check_hyperparameter("n_clusters", model.n_clusters, low=1, low_inclusive=True,
                             integer=True)
    check_hyperparameter("max_iter", model.max_iter, low=1, low_inclusive=True, integer=True)
    check_hyperparameter("tol", model.tol, low=0, low_inclusive=True)
    check_random_state(model.random_state)
    init = model.init
    if isinstance(init, str):
        check_choice("init", init, ("k-means++", "random"))
    else:
        init = check_X(init, dtype=np.float64)
        if init.shape != (k, X.shape[1]):
            raise ValueError(f"init must have shape (n_clusters, n_features) = "
                             f"{(k, X.shape[1])}; got {init.shape}")
    if model.n_init == "auto":
        n_init = 10 if isinstance(init, str) and init == "random" else 1
    else:
        n_init = check_hyperparameter("n_init", model.n_init, low=1, low_inclusive=True,
                                      integer=True)
    if len(X) < k:
        raise ValueError(f"n_samples={len(X)} should be >= n_clusters={k}.")
    return init, n_init


def check_sample_weight(sample_weight, n_samples):
    """Weights (N,) float64: ones for None; finite, >= 0 and not all 0 otherwise."""
    if sample_weight is None:
        return np.ones(n_samples)
    weights = np.asarray(sample_weight)
    if weights.shape != (n_samples,):
        raise ValueError(f"sample_weight must have shape ({n_samples},); got {weights.shape}")
    if not np.issubdtype(weights.dtype, np.number) or np.iscomplexobj(weights):
        raise ValueError(f"sample_weight must hold real numbers; got dtype {weights.dtype}")
    weights = weights.astype(np.float64)
    _check_finite("sample_weight", weights)
    if (weights < 0).any() or not weights.any():
        raise ValueError("sample_weight must be >= 0 and not all 0")
    return weights


def check_random_state(random_state):
    """A seed for NumPy's RandomState: an integer in [0, 2^32 - 1]."""
    return check_hyperparameter("random_state", random_state, low=0, low_inclusive=True,
                                high=2**32 - 1, integer=True)


def check_tree(model, criteria):
    """A decision tree's or a forest's hyperparameters: criterion, max_depth (None: no
    limit), min_samples_leaf, max_features and random_state (a seed, or the RandomState a
    boosted ensemble shares between its trees)."""
    check_choice("criterion", model.criterion, criteria)
    if model.max_depth is not None:
        check_hyperparameter("max_depth", model.max_depth, low=1, low_inclusive=True,
                             integer=True)
    check_hyperparameter("min_samples_leaf", model.min_samples_leaf, low=1,
                         low_inclusive=True, integer=True)
    check_max_features(model.max_features)
    if not isinstance(model.random_state, np.random.RandomState):
        check_random_state(model.random_state)


def check_boosting(model):
    """A gradient-boosted ensemble's hyperparameters: n_estimators, learning_rate, the depth
    and leaf size of its trees, random_state."""
    check_hyperparameter("n_estimators", model.n_estimators, low=1, low_inclusive=True,
                         integer=True)
    check_hyperparameter("learning_rate", model.learning_rate, low=0)
    check_hyperparameter("max_depth", model.max_depth, low=1, low_inclusive=True, integer=True)
    check_hyperparameter("min_samples_leaf", model.min_samples_leaf, low=1,
                         low_inclusive=True, integer=True)
    check_random_state(model.random_state)


def check_max_features(max_features):
    """None, "sqrt", "log2" or an integer >= 1: how many features a tree node searches."""
    if max_features is None or (isinstance(max_features, str)
                                and max_features in ("sqrt", "log2")):
        return
    if isinstance(max_features, bool) or not isinstance(max_features, numbers.Integral):
        raise ValueError(f"max_features must be None, 'sqrt', 'log2' or an integer >= 1; "
                         f"got {max_features!r}")
    check_hyperparameter("max_features", max_features, low=1, low_inclusive=True, integer=True)


def check_dtype(dtype):
    """The floating dtype a model computes in: float32 or float64."""
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64; got {dtype}")
    return dtype


def check_X(X, *, dtype, n_features=None):
    """X as a finite 2-D float array of shape (n_samples, n_features), converted to `dtype`.

    Never modifies the caller's array: a conversion makes a copy, and no code path writes to X.
    """
    X = np.asarray(X)
    if X.dtype == object or not (
        np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.bool_)
    ):
        raise ValueError(f"X must hold numbers; got an array of dtype {X.dtype}")
    if np.issubdtype(X.dtype, np.complexfloating):
        raise ValueError("X must hold real numbers; got complex values")
    if X.ndim != 2:
        raise ValueError(
            f"X must be a 2-D array of shape (n_samples, n_features); got shape {X.shape}"
        )
    if X.shape[0] == 0:
        raise ValueError(f"X is empty: it has 0 samples (shape {X.shape})")
    if X.shape[1] == 0:
        raise ValueError(f"X has 0 features (shape {X.shape})")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"X has {X.shape[1]} features, but the model was built for {n_features}"
        )
    X = X.astype(dtype, copy=False)
    _check_finite("X", X)
    return X


def float_dtype(X):
    """The dtype scikit-learn keeps: float32 stays float32, anything else becomes float64."""
    return np.float32 if np.asarray(X).dtype == np.float32 else np.float64


def check_X_y(X, y, *, dtype, n_features=None, classes=None):
    """Check X as `check_X` does and y as a 1-D target of matching length.

    classes: None for a real-valued target (converted to `dtype`); an int K for class labels,
    which must be integers in 0..K-1 (returned as int64).
    """
    X = check_X(X, dtype=dtype, n_features=n_features)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of shape (n_samples,); got shape {y.shape}")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples, but y has {y.shape[0]}")
    if classes is None:
        if not (np.issubdtype(y.dtype, np.number) or np.issubdtype(y.dtype, np.bool_)) or (
            np.issubdtype(y.dtype, np.complexfloating)
        ):
            raise ValueError(f"y must hold real numbers; got an array of dtype {y.dtype}")
        y = y.astype(dtype, copy=False)
        _check_finite("y", y)
        return X, y
    return X, check_labels(y, classes)


def check_tokens(X, *, vocab, n_positions=None):
    """X as int64 token ids (n_samples, n_positions) in 0..vocab-1; the checks of `check_X`
    first (numbers, 2-D, not empty, finite), then whole ids in range (floats only when whole)."""
    X = np.asarray(X)
    values = check_X(X, dtype=np.float64, n_features=n_positions)
    tokens = values.astype(np.int64)
    bad = (tokens != values) | (tokens < 0) | (tokens >= vocab)
    if bad.any():
        wrong = np.unique(values[bad])[:5]
        raise ValueError(f"X must hold integer token ids 0..{vocab - 1}; got {wrong.tolist()}")
    return tokens


def check_tokens_targets(X, y, *, vocab, n_positions=None):
    """X as `check_tokens` and y as the next token at every position: (n_samples, n_positions)
    ids in 0..vocab-1."""
    X = check_tokens(X, vocab=vocab, n_positions=n_positions)
    y = np.asarray(y)
    if y.ndim != 2:
        raise ValueError(
            f"y must be a 2-D array of shape (n_samples, n_positions); got shape {y.shape}")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples, but y has {y.shape[0]}")
    if y.shape[1] != X.shape[1]:
        raise ValueError(f"y has {y.shape[1]} positions, but X has {X.shape[1]}")
    return X, check_labels(y, vocab)


def sample_tokens(next_logits, prompt, n_tokens, *, vocab, context, temperature=1.0, seed=0):
    """prompt (1-D token ids) followed by n_tokens drawn one at a time from softmax(z / t),
    z = next_logits(ids) the logits (V,) after the last of the ids given, at most `context` of
    them. NumPy's generator draws, so two models with equal logits write the same text."""
    tokens = list(check_tokens(np.atleast_2d(prompt), vocab=vocab)[0])
    check_hyperparameter("temperature", temperature, low=0)
    check_hyperparameter("n_tokens", n_tokens, low=0, low_inclusive=True, integer=True)
    rng = np.random.default_rng(seed)
    for _ in range(n_tokens):
        z = np.asarray(next_logits(np.array([tokens[-context:]])), dtype=np.float64)
        z = (z - z.max()) / temperature                                # exponents <= 0
        p = np.exp(z)
        tokens.append(int(rng.choice(vocab, p=p / p.sum())))
    return np.array(tokens)


def check_labels(y, n_classes):
    """y as int64 class labels in 0..n_classes-1; floats are accepted only when integral."""
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.floating)):
        raise ValueError(
            f"y must hold integer class labels 0..{n_classes - 1}; got an array of dtype {y.dtype}"
        )
    finite = np.isfinite(y) if np.issubdtype(y.dtype, np.floating) else np.ones(y.shape, bool)
    labels = np.where(finite, y, -1).astype(np.int64)  # non-finite values become -1: invalid
    bad = (labels != np.where(finite, y, -1)) | (labels < 0) | (labels >= n_classes)
    if bad.any():
        wrong = np.unique(y[bad])[:5]
        raise ValueError(
            f"y must hold integer class labels 0..{n_classes - 1}; got {wrong.tolist()}"
        )
    return labels


def _check_finite(name, array):
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinity")


def check_global_batches(batches, n_samples, world_size):
    """Data-parallel training: every global batch holds indices 0..n_samples-1 and splits
    evenly over the world_size workers (unequal shards would weight samples unequally)."""
    for idx in batches:
        idx = np.asarray(idx)
        if idx.ndim != 1 or len(idx) == 0 or len(idx) % world_size:
            raise ValueError(f"every global batch must hold a multiple of world_size="
                             f"{world_size} samples; got {len(idx)}")
        if not np.issubdtype(idx.dtype, np.integer) or idx.min() < 0 or idx.max() >= n_samples:
            raise ValueError(f"batches must hold indices 0..{n_samples - 1}")
    return batches


def minibatches(n_samples, batch_size, epochs, seed):
    """The order of training: a list of index arrays, one per optimizer step.

    Each epoch is a fresh permutation of 0..n_samples-1 cut into batches of `batch_size`
    (the last one may be smaller); batch_size None means one full batch per epoch, in order.
    One seed gives one order, so both sides of a pair train on the same batches.
    """
    if batch_size is None:
        return [np.arange(n_samples) for _ in range(epochs)]
    rng = np.random.default_rng(seed)
    batches = []
    for _ in range(epochs):
        order = rng.permutation(n_samples)
        batches += [order[start : start + batch_size] for start in range(0, n_samples, batch_size)]
    return batches


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before `fit` (a ValueError and an AttributeError, as in
    scikit-learn)."""


def check_is_fitted(model, attribute):
    """Raise NotFittedError unless `fit` has set `attribute` on `model`."""
    if not hasattr(model, attribute):
        raise NotFittedError(
            f"this {type(model).__name__} is not fitted yet: call fit(X, y) before using it"
        )


def check_choice(name, value, choices):
    """Return `value` if it is one of `choices`; else raise ValueError listing them."""
    if value not in choices:
        listed = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value


# --- metrics: targets, scores and options ----------------------------------------------------

def check_class_targets(y_true, y_pred, sample_weight=None):
    """Class labels y_true and y_pred (N,) as int64 (N >= 1), and the weights (N,) or None."""
    y_true, y_pred = _class_vector("y_true", y_true), _class_vector("y_pred", y_pred)
    _check_same_length(y_true, "y_pred", y_pred)
    return y_true, y_pred, _metric_weights(sample_weight, len(y_true))


def check_score_targets(y_true, y_score, sample_weight=None, binary=False):
    """Labels y_true (N,) as int64 (at most two classes if binary) and real scores y_score (N,)
    as float64."""
    y_true = _class_vector("y_true", y_true)
    classes = np.unique(y_true)
    if binary and len(classes) > 2:
        raise ValueError(f"y_true must hold at most two classes (the scores rank the larger); "
                         f"got {len(classes)}: {classes.tolist()[:5]}")
    y_score = _real_array("y_score", y_score, ndims=(1,))
    _check_same_length(y_true, "y_score", y_score)
    return y_true, y_score, _metric_weights(sample_weight, len(y_true))


def check_probability_targets(y_true, y_proba, sample_weight=None):
    """Labels y_true (N,) as int64 and probabilities y_proba (N,) or (N, K) as float64."""
    y_true = _class_vector("y_true", y_true)
    y_proba = _real_array("y_proba", y_proba, ndims=(1, 2))
    _check_same_length(y_true, "y_proba", y_proba)
    return y_true, y_proba, _metric_weights(sample_weight, len(y_true))


def check_regression_targets(y_true, y_pred, sample_weight=None):
    """Real targets and predictions of one shape, (N,) or (N, K), as float64 (N >= 1)."""
    y_true = _real_array("y_true", y_true, ndims=(1, 2))
    y_pred = _real_array("y_pred", y_pred, ndims=(1, 2))
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape; got {y_true.shape} "
                         f"and {y_pred.shape}")
    return y_true, y_pred, _metric_weights(sample_weight, len(y_true))


def check_class_list(labels):
    """The `labels` option of a metric: None, or distinct integer labels as an int64 vector."""
    if labels is None:
        return None
    labels = np.asarray(labels)
    if labels.ndim != 1 or not (labels.size == 0 or np.issubdtype(labels.dtype, np.integer)):
        raise ValueError(f"labels must be a 1-D list of integer class labels; got {labels!r}")
    if len(np.unique(labels)) != len(labels):
        raise ValueError(f"labels must not repeat; got {labels.tolist()}")
    return labels.astype(np.int64)


def check_pos_label(pos_label, allow_none=False):
    """The positive class: an integer label (or None where the labels say which it is)."""
    if pos_label is None and allow_none:
        return None
    if isinstance(pos_label, (bool, np.bool_)) or not isinstance(pos_label, numbers.Integral):
        raise ValueError(f"pos_label must be an integer class label; got {pos_label!r}")
    return int(pos_label)


def check_zero_division(zero_division):
    """What an undefined precision, recall or F-score becomes: "warn" (0 and a warning), 0, 1
    or NaN."""
    if not (isinstance(zero_division, str) and zero_division == "warn") and not (
        isinstance(zero_division, numbers.Real) and not isinstance(zero_division, bool)
        and (zero_division in (0, 1) or math.isnan(zero_division))
    ):
        raise ValueError(f"zero_division must be 'warn', 0, 1 or nan; got {zero_division!r}")
    return zero_division


def check_flag(name, value):
    """A boolean option: True or False (NumPy booleans too), nothing else."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def _class_vector(name, y):
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class labels; got shape {y.shape}")
    if y.size == 0:
        raise ValueError(f"{name} is empty: a metric needs at least one sample")
    if np.issubdtype(y.dtype, np.bool_) or np.issubdtype(y.dtype, np.integer):
        return y.astype(np.int64)
    if not np.issubdtype(y.dtype, np.floating):
        raise ValueError(f"{name} must hold integer class labels; got an array of dtype {y.dtype}")
    _check_finite(name, y)
    if (y != np.round(y)).any():
        wrong = np.unique(y[y != np.round(y)])[:5]
        raise ValueError(f"{name} must hold integer class labels; got {wrong.tolist()}")
    return y.astype(np.int64)


def _real_array(name, values, ndims):
    values = np.asarray(values)
    if values.dtype == object or not (
        np.issubdtype(values.dtype, np.number) or np.issubdtype(values.dtype, np.bool_)
    ) or np.issubdtype(values.dtype, np.complexfloating):
        raise ValueError(f"{name} must hold real numbers; got an array of dtype {values.dtype}")
    if values.ndim not in ndims:
        shapes = " or ".join(("(n_samples,)", "(n_samples, n_outputs)")[:max(ndims)])
        raise ValueError(f"{name} must have shape {shapes}; got shape {values.shape}")
    if values.shape[0] == 0 or values.size == 0:
        raise ValueError(f"{name} is empty: a metric needs at least one sample (shape "
                         f"{values.shape})")
    values = values.astype(np.float64)
    _check_finite(name, values)
    return values


def _check_same_length(y_true, name, other):
    if len(other) != len(y_true):
        raise ValueError(f"y_true has {len(y_true)} samples, but {name} has {len(other)}")


def _metric_weights(sample_weight, n_samples):
    return None if sample_weight is None else check_sample_weight(sample_weight, n_samples)
