"""Input checks and the order of training, shared by both sides of every pair.

NumPy and the standard library only, so that `scratch.py` files may import it. Both sides of
a pair call the same checks, so bad input raises the same exception with the same message
whether it reaches the NumPy model or the framework model.
"""

import numbers

import numpy as np


def check_X(X, *, dtype, n_features=None, within_float32=False, name="X"):
    """X as a finite 2-D float array of shape (n_samples, n_features), converted to `dtype`;
    with within_float32, every value also fits a float32 (what trees split on, as scikit-learn's
    do). Never modifies the caller's array: a conversion makes a copy, and no code path writes
    to X."""
    X = np.asarray(X)
    if X.dtype == object or not (
        np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.bool_)
    ):
        raise ValueError(f"{name} must hold numbers; got an array of dtype {X.dtype}")
    if np.issubdtype(X.dtype, np.complexfloating):
        raise ValueError(f"{name} must hold real numbers; got complex values")
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n_samples, n_features); got "
                         f"shape {X.shape}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has 0 samples (shape {X.shape})")
    if X.shape[1] == 0:
        raise ValueError(f"{name} has 0 features (shape {X.shape})")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name} has {X.shape[1]} features, but the model was built for {n_features}"
        )
    X = X.astype(dtype, copy=False)
    check_finite(name, X)
    if within_float32 and np.abs(X).max() > np.finfo(np.float32).max:
        raise ValueError(f"{name} contains a value too large for float32, which trees split "
                         f"on (as scikit-learn's do): {np.abs(X).max():g}")
    return X


def float_dtype(X):
    """The dtype scikit-learn keeps: float32 stays float32, anything else becomes float64."""
    return np.float32 if np.asarray(X).dtype == np.float32 else np.float64


def check_X_y(X, y, *, dtype, n_features=None, classes=None, within_float32=False,
              discrete=False):
    """Check X as `check_X` does and y as a 1-D target of matching length.

    classes: None for a real-valued target (converted to `dtype`); an int K for class labels,
    which must be integers in 0..K-1 (returned as int64). discrete: a classifier's labels of
    any whole values, refused when continuous (as scikit-learn's "Unknown label type").
    """
    X = check_X(X, dtype=dtype, n_features=n_features, within_float32=within_float32)
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
        check_finite("y", y)
        if discrete and (y != np.round(y)).any():
            raise ValueError(f"y must hold class labels, whole numbers; got continuous values "
                             f"{np.unique(y[y != np.round(y)])[:5].tolist()}")
        return X, y
    return X, check_labels(y, classes)


def check_X_noise(X, noise, *, dtype, n_features, n_latent, name="eps"):
    """X as `check_X` does, and the noise of a generative model (a VAE's reparameterization
    eps, a GAN's generator input z) as a finite 2-D float array (n_samples, n_latent) beside
    it; its errors call it `name`."""
    X = check_X(X, dtype=dtype, n_features=n_features)
    noise = as_array(name, noise)
    if not np.issubdtype(noise.dtype, np.number) or np.iscomplexobj(noise):
        raise ValueError(f"{name} must hold real numbers; got an array of dtype {noise.dtype}")
    check_beside(X, noise, name, n_latent, width_text=str(n_latent),
                 unit=f"{n_latent} latent dimensions")
    noise = noise.astype(dtype, copy=False)
    check_finite(name, noise)
    return X, noise


def check_beside(X, array, name, width, *, width_text, unit):
    """A model's second input `array` beside X: 2-D (n_samples, width), one row per sample of
    X. Its errors call it `name`, its width `width_text` in the shape and `unit` in the count
    ("the model has 5 (n_negatives)")."""
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n_samples, {width_text}); got "
                         f"shape {array.shape}")
    if array.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples, but {name} has {array.shape[0]}")
    if array.shape[1] != width:
        raise ValueError(f"{name} has {array.shape[1]} columns, but the model has {unit}")


def check_latent(z, *, dtype, n_latent, name="z"):
    """Latent points z as `check_X` does, with n_latent columns (a decoder's or generator's
    input)."""
    z = check_X(z, dtype=dtype, name=name)
    if z.shape[1] != n_latent:
        raise ValueError(f"{name} has {z.shape[1]} columns, but the model has {n_latent} latent "
                         f"dimensions")
    return z


def check_state(state, shapes):
    """A state_dict about to be loaded: every parameter of `shapes` ({name: shape}) present,
    each of exactly its shape (a transposed weight is refused, not reshaped into nonsense) and
    holding real numbers: the same ValueError on both sides."""
    missing = [name for name in shapes if name not in state]
    if missing:
        raise ValueError(f"the state_dict has no {', '.join(missing)}")
    for name, shape in shapes.items():
        if tuple(_shape(state[name])) != tuple(shape):
            raise ValueError(f"{name} has shape {tuple(_shape(state[name]))}, but the "
                             f"model's is {tuple(shape)}")
        _check_real(name, state[name])


def check_gradients(grads, params):
    """The gradients an optimizer is given: {name: array} naming exactly its parameters, each
    of its parameter's shape and holding real numbers (torch refuses another shape when it sets
    p.grad; NumPy would broadcast it, or drop a misspelled name): the same ValueError on both
    sides. `params` may hold arrays or tensors."""
    if not isinstance(grads, dict) or set(grads) != set(params):
        given = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        raise ValueError(f"grads must hold one gradient for each parameter, "
                         f"{sorted(params)}; got {given}")
    for name, p in params.items():
        if tuple(_shape(grads[name])) != tuple(p.shape):
            raise ValueError(f"the gradient of {name} has shape {tuple(_shape(grads[name]))}, "
                             f"but {name} has shape {tuple(p.shape)}")
        _check_real(f"the gradient of {name}", grads[name])


def _shape(value):
    """An array's, a tensor's (wherever it lives) or a nested list's shape."""
    return value.shape if hasattr(value, "shape") else np.shape(value)


def _check_real(name, value):
    """Refuse what holds no real numbers (strings, objects, complex); a tensor always does."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None and not isinstance(dtype, np.dtype):
        if dtype.is_complex:                                          # a torch.dtype
            raise ValueError(f"{name} must hold real numbers; got {dtype}")
        return
    dtype = np.asarray(value).dtype
    if dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold real numbers; got an array of dtype {dtype}")


def check_weight_shape(shape):
    """A weight's shape as torch.empty takes it, as a tuple: an integer, or a tuple or list of
    integers >= 0 (booleans are not integers here)."""
    dims = (shape,) if _integer(shape) else shape
    if not isinstance(dims, (tuple, list)) or not all(_integer(d) and d >= 0 for d in dims):
        raise ValueError(f"shape must be a tuple of integers >= 0; got {shape!r}")
    return tuple(int(d) for d in dims)


def check_float_dtype(dtype):
    """dtype as a NumPy float32 or float64 dtype, the two the pairs compute in."""
    try:
        checked = np.dtype(dtype)
    except TypeError:
        checked = None
    if checked not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64; got {dtype!r}")
    return checked


def _integer(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def check_tokens(X, *, vocab_size, n_positions=None):
    """X as int64 token ids (n_samples, n_positions) in 0..vocab_size-1; the checks of `check_X`
    first (numbers, 2-D, not empty, finite), then whole ids in range (floats only when whole)."""
    values = check_X(np.asarray(X), dtype=np.float64, n_features=n_positions)
    return whole_ids("X", values, vocab_size, "token ids")


def check_tokens_targets(X, y, *, vocab_size, n_positions=None):
    """X as `check_tokens` and y as the next token at every position: (n_samples, n_positions)
    ids in 0..vocab_size-1."""
    X = check_tokens(X, vocab_size=vocab_size, n_positions=n_positions)
    y = np.asarray(y)
    if y.ndim != 2:
        raise ValueError(
            f"y must be a 2-D array of shape (n_samples, n_positions); got shape {y.shape}")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples, but y has {y.shape[0]}")
    if y.shape[1] != X.shape[1]:
        raise ValueError(f"y has {y.shape[1]} positions, but X has {X.shape[1]}")
    return X, check_labels(y, vocab_size)


def check_word_pairs(X, negatives=None, *, vocab_size, n_negatives=None):
    """X as int64 (center, context) word ids (n_samples, 2) in 0..vocab_size-1, after the checks
    of `check_X`; with negatives, those too: (n_samples, n_negatives) word ids. Returns X, or
    (X, negatives)."""
    X = whole_ids("X", check_X(as_array("X", X), dtype=np.float64, n_features=2), vocab_size)
    if negatives is None:
        return X
    negatives = as_array("negatives", negatives)
    check_beside(X, negatives, "negatives", n_negatives, width_text="n_negatives",
                 unit=f"{n_negatives} (n_negatives)")
    return X, whole_ids("negatives", negatives, vocab_size)


def whole_ids(name, values, count, what="word ids"):
    """values as int64 ids 0..count-1 (class labels, token or word ids); floats only when
    whole and finite, checked before the cast, which would warn on a value past int64."""
    if not (np.issubdtype(values.dtype, np.integer) or np.issubdtype(values.dtype, np.floating)):
        raise ValueError(f"{name} must hold integer {what} 0..{count - 1}; got an array of "
                         f"dtype {values.dtype}")
    bad = (values < 0) | (values >= count)
    if np.issubdtype(values.dtype, np.floating):
        bad |= ~np.isfinite(values) | (np.floor(values) != values)
    if bad.any():
        wrong = np.unique(values[bad])[:5]
        shown = [int(v) if abs(v) < 2**53 and v == np.floor(v) else float(v)   # whole: 12
                 for v in wrong.tolist()]
        raise ValueError(f"{name} must hold integer {what} 0..{count - 1}; got {shown}")
    return values.astype(np.int64)


def check_labels(y, n_classes):
    """y as int64 class labels in 0..n_classes-1; floats are accepted only when integral."""
    return whole_ids("y", y, n_classes, "class labels")


def as_array(name, values):
    """np.asarray, with a clear error for ragged nested lists (NumPy's says 'inhomogeneous')."""
    try:
        return np.asarray(values)
    except ValueError as error:
        raise ValueError(f"{name} must be a rectangular array of numbers; got nested sequences "
                         f"of different lengths") from error


def check_sample_weight(sample_weight, n_samples):
    """Weights (N,) float64: ones for None; finite, >= 0 and not all 0 otherwise."""
    if sample_weight is None:
        return np.ones(n_samples)
    weights = as_array("sample_weight", sample_weight)
    if weights.shape != (n_samples,):
        raise ValueError(f"sample_weight must have shape ({n_samples},); got {weights.shape}")
    if not np.issubdtype(weights.dtype, np.number) or np.iscomplexobj(weights):
        raise ValueError(f"sample_weight must hold real numbers; got dtype {weights.dtype}")
    weights = weights.astype(np.float64)
    check_finite("sample_weight", weights)
    if (weights < 0).any() or not weights.any():
        raise ValueError("sample_weight must be >= 0 and not all 0")
    if not np.isfinite(weights.sum()):
        raise ValueError(f"sample_weight's sum overflows float64 (its largest is "
                         f"{weights.max():g})")
    return weights


def check_finite(name, array):
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinity")


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before `fit` (a ValueError and an AttributeError, as in
    scikit-learn)."""


def check_is_fitted(model, attribute):
    """Raise NotFittedError unless `fit` has set `attribute` on `model`."""
    if not hasattr(model, attribute):
        raise NotFittedError(
            f"this {type(model).__name__} is not fitted yet: call fit(X, y) before using it"
        )


def forget_fit(model):
    """Remove what an earlier fit learned (the attributes whose names end in "_"), so that a
    refit that fails leaves a model that says it is not fitted, not half of two fits."""
    for name in [name for name in vars(model) if name.endswith("_")]:
        delattr(model, name)


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


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped by its iteration limit before its convergence test held (as
    scikit-learn's ConvergenceWarning, also a UserWarning)."""


class TrainingDiverged(ValueError):
    """A training step whose loss is not finite: the steps after it would only spread NaN."""

    def __init__(self, step, total, unit="step"):
        super().__init__(f"the loss is not finite after {unit} {step} of {total}: training "
                         f"diverged (a smaller learning rate, or features of a smaller scale, "
                         f"keep it finite)")


class DrawnEachStep:
    """Inputs drawn afresh at every step, in place of a fixed array in `train`: inputs[idx] is
    a new draw of len(idx) rows (`draw`, of a subclass) from NumPy's generator of `seed`, on
    both sides of a pair (convert makes the framework's tensors), so that their training runs
    see the same draws."""

    def __init__(self, n_samples, seed, convert=None):
        self.n_samples = n_samples
        self.rng = np.random.default_rng(seed)
        self.convert = convert or (lambda array: array)

    def __getitem__(self, idx):
        rows = self.n_samples if isinstance(idx, slice) else len(idx)   # slice(None): all
        return self.convert(self.draw(rows))


class StandardNormal(DrawnEachStep):
    """A generative model's noise: a new standard normal draw (rows, n_columns) at every
    step."""

    def __init__(self, n_samples, n_columns, seed, dtype, convert=None):
        super().__init__(n_samples, seed, convert)
        self.n_columns, self.dtype = n_columns, dtype

    def draw(self, rows):
        return self.rng.standard_normal((rows, self.n_columns)).astype(self.dtype)


def check_batches(batches, n_samples):
    """The order of training given to fit: each batch a non-empty 1-D array of integer indices
    within 0..n_samples-1. Returned as index arrays, with a batch of every sample in order as
    slice(None), so that a full-batch step takes X itself rather than a copy."""
    checked = []
    for number, idx in enumerate(batches, start=1):
        idx = np.asarray(idx)
        if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer) or (
                idx.min() < 0 or idx.max() >= n_samples):
            raise ValueError(f"batches must be non-empty 1-D arrays of integer indices "
                             f"0..{n_samples - 1}; batch {number} is {idx.tolist()[:8]!r}")
        full = len(idx) == n_samples and (idx == np.arange(n_samples)).all()
        checked.append(slice(None) if full else idx)
    return checked


def train(step, X, y, batches):
    """The losses of step(X[idx], y[idx]), one optimizer step per batch, in order; a loss that
    is not finite stops training with TrainingDiverged, naming the step."""
    losses = []
    for number, idx in enumerate(batches, start=1):
        losses.append(float(step(X[idx], y[idx])))
        if not np.isfinite(losses[-1]):
            raise TrainingDiverged(number, len(batches))
    return losses
