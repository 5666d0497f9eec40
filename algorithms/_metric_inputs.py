"""Input checks of the metrics pair, shared by both sides: targets, scores and options.

NumPy and the standard library only, so that `scratch.py` files may import it. The messages
are scikit-learn's where the framework side would otherwise let scikit-learn answer.
"""

import math
import numbers

import numpy as np

from algorithms._inputs import as_array, check_finite, check_sample_weight


def check_choice(name, value, choices):
    """Return `value` if it is one of `choices`; else raise ValueError listing them."""
    if value not in choices:
        listed = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value


def check_flag(name, value):
    """A boolean option: True or False (NumPy booleans too), nothing else."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def check_class_targets(y_true, y_pred, sample_weight=None):
    """Class labels y_true and y_pred (N,) as int64 (N >= 1), and the weights (N,) or None."""
    y_true, y_pred = _class_vector("y_true", y_true), _class_vector("y_pred", y_pred)
    _check_same_length(y_true, "y_pred", y_pred)
    return y_true, y_pred, _metric_weights(sample_weight, len(y_true))


def check_score_targets(y_true, y_score, sample_weight=None, binary=False, ndims=(1,)):
    """Labels y_true (N,) as int64 (at most two classes if binary) and real scores y_score (N,)
    (or (N, K) where ndims allows) as float64."""
    y_true = _class_vector("y_true", y_true)
    classes = np.unique(y_true)
    if binary and len(classes) > 2:
        raise ValueError(f"y_true must hold at most two classes (the scores rank the larger); "
                         f"got {len(classes)}: {classes.tolist()[:5]}")
    y_score = _real_array("y_score", y_score, ndims=ndims)
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


def check_class_list(labels, nonempty=False):
    """The `labels` option of a metric: None, or distinct integer labels as an int64 vector
    (at least one where `nonempty`)."""
    if labels is None:
        return None
    labels = as_array("labels", labels)
    if nonempty and labels.size == 0:
        raise ValueError("labels must hold at least one label; got []")
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


def check_target_names(target_names):
    """The names a report gives the labels: None, or a list of strings."""
    if target_names is None:
        return None
    if isinstance(target_names, str) or not all(isinstance(n, str) for n in target_names):
        raise ValueError(f"target_names must be a list of strings; got {target_names!r}")
    return list(target_names)


def check_undefined_value(name, value):
    """What a metric becomes where it is undefined: NaN, or a number in [-1, 1]."""
    if not (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and (math.isnan(value) or -1 <= value <= 1)):
        raise ValueError(f"{name} must be nan or a number in [-1, 1]; got {value!r}")
    return value


def check_zero_division(zero_division):
    """What an undefined precision, recall or F-score becomes: "warn" (0 and a warning), 0, 1
    or NaN."""
    if not (isinstance(zero_division, str) and zero_division == "warn") and not (
        isinstance(zero_division, numbers.Real) and not isinstance(zero_division, bool)
        and (zero_division in (0, 1) or math.isnan(zero_division))
    ):
        raise ValueError(f"zero_division must be 'warn', 0, 1 or nan; got {zero_division!r}")
    return zero_division


def _class_vector(name, y):
    y = as_array(name, y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class labels; got shape {y.shape}")
    if y.size == 0:
        raise ValueError(f"{name} is empty: a metric needs at least one sample")
    if np.issubdtype(y.dtype, np.bool_) or np.issubdtype(y.dtype, np.integer):
        return y.astype(np.int64)
    if not np.issubdtype(y.dtype, np.floating):
        raise ValueError(f"{name} must hold integer class labels; got an array of dtype {y.dtype}")
    check_finite(name, y)
    if (y != np.round(y)).any():
        wrong = np.unique(y[y != np.round(y)])[:5]
        raise ValueError(f"{name} must hold integer class labels; got {wrong.tolist()}")
    return y.astype(np.int64)


def _real_array(name, values, ndims):
    values = as_array(name, values)
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
    check_finite(name, values)
    return values


def _check_same_length(y_true, name, other):
    if len(other) != len(y_true):
        raise ValueError(f"y_true has {len(y_true)} samples, but {name} has {len(other)}")


def _metric_weights(sample_weight, n_samples):
    return None if sample_weight is None else check_sample_weight(sample_weight, n_samples)
