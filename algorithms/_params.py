"""Hyperparameters declared as data: each class states its constraints once, one call checks them.

    class LogisticRegression:
        hyperparameters = {"n_features": Integer(low=1), **TRAINING}

        def __init__(self, n_features, lr=0.1, epochs=100, batch_size=None, seed=0,
                     dtype=np.float64):
            set_hyperparameters(self, locals())      # checks every declared one, stores it

scikit-learn's `_parameter_constraints` in miniature. An estimator whose `__init__` only
stores its arguments (scikit-learn's contract) calls `check_hyperparameters(self)` at the top
of `fit` instead. Both sides of a pair declare the same table (a test compares them), so a bad
value raises the same InvalidHyperparameterError with the same message on both; and the
battery reads the table and tries every constraint's `probes()` on both sides.

A message always reads "NAME must be DESCRIPTION; got VALUE". Booleans are True or False, not
truthy: bool is a subclass of int in Python, so True is refused where a number is wanted.

NumPy and the standard library only: scratch.py files import it.
"""

import math
import numbers
from dataclasses import dataclass

import numpy as np


class InvalidHyperparameterError(ValueError, TypeError):
    """A hyperparameter outside its declared constraint (a ValueError and a TypeError, as
    scikit-learn's InvalidParameterError is)."""


def _refuse(name, description, value):
    raise InvalidHyperparameterError(f"{name} must be {description}; got {value!r}")


def _is_number(value, integer=False):
    kind = numbers.Integral if integer else numbers.Real
    return isinstance(value, kind) and not isinstance(value, (bool, np.bool_))


def _bound(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Interval:
    """A finite number (or an integer) between low and high; either end may be open or None."""

    integer: bool = False
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def describe(self):
        kind = "an integer" if self.integer else "a finite number"
        low = None if self.low is None else f"{'>' if self.low_open else '>='} {_bound(self.low)}"
        high = (None if self.high is None
                else f"{'<' if self.high_open else '<='} {_bound(self.high)}")
        return " ".join([kind, *filter(None, [low, high and (f"and {high}" if low else high)])])

    def accepts(self, value):
        if not _is_number(value, self.integer) or not math.isfinite(value):
            return False
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return self.high is None or (value < self.high or (not self.high_open
                                                           and value == self.high))

    def probes(self):
        """Values that break the constraint: a string, a bool, a fraction or a NaN, and a
        value past each end."""
        bad = ["1", True, 0.5 if self.integer else math.nan]
        if self.low is not None:
            bad.append(self.low if self.low_open else self.low - 1)
        if self.high is not None:
            bad.append(self.high if self.high_open else self.high + 1)
        return [value for value in bad if not self.accepts(value)]


def Integer(low=None, high=None):
    """An integer in [low, high] (an end of None: unbounded)."""
    return Interval(integer=True, low=low, high=high)


def Real(low=None, high=None, low_open=False, high_open=False):
    """A finite number in the interval, its ends open or closed."""
    return Interval(low=low, high=high, low_open=low_open, high_open=high_open)


@dataclass(frozen=True)
class Choice:
    """One of a few strings, as scikit-learn's criterion or solver (see Options)."""

    choices: tuple

    def describe(self):
        if len(self.choices) == 1:
            return repr(self.choices[0])
        return "one of " + ", ".join(repr(choice) for choice in self.choices)

    def accepts(self, value):
        return isinstance(value, str) and value in self.choices

    def probes(self):
        return ["unknown", 1]


@dataclass(frozen=True)
class Flag:
    """True or False (NumPy booleans too): not "no", not 0."""

    def describe(self):
        return "True or False"

    def accepts(self, value):
        return isinstance(value, (bool, np.bool_))

    def probes(self):
        return ["no", 0, None]


@dataclass(frozen=True)
class Dtype:
    """The precision a model computes in: float32 or float64 (a NumPy dtype or its name)."""

    def describe(self):
        return "float32 or float64"

    def accepts(self, value):
        try:
            return np.dtype(value) in (np.float32, np.float64)
        except TypeError:
            return False

    def probes(self):
        return ["int64", "float16", "double precision"]


@dataclass(frozen=True)
class Sizes:
    """A tuple or list of integers >= 1 (layer widths, channel counts), of a given length."""

    length: int | None = None
    min_length: int = 1

    def describe(self):
        if self.length is not None:
            return f"a tuple of {self.length} integers >= 1"
        if self.min_length == 1:
            return "a non-empty tuple of integers >= 1"
        count = f"at least {self.min_length} " if self.min_length else ""
        return f"a tuple of {count}integers >= 1"

    def accepts(self, value):
        return (isinstance(value, (tuple, list))
                and (len(value) == self.length if self.length is not None
                     else len(value) >= self.min_length)
                and all(_is_number(size, integer=True) and size >= 1 for size in value))

    def probes(self):
        """Not a tuple, a size of 0, a fractional or a text size, and one size too few."""
        n = max(self.length or self.min_length, 1)
        bad = [32, (0,) * n, (2.5,) * n, ("8",) * n, (1,) * (n - 1)]
        return [value for value in bad if not self.accepts(value)]


@dataclass(frozen=True)
class Pair:
    """Two values, each under the same constraint (Adam's betas)."""

    each: object

    def describe(self):
        return f"a pair of values, each {self.each.describe()}"

    def accepts(self, value):
        return (isinstance(value, (tuple, list)) and len(value) == 2
                and all(self.each.accepts(item) for item in value))

    def probes(self):
        """Not a pair, one value alone, and a pair with one value of each's probes."""
        good = 0.5
        return [good, (good,)] + [(good, bad) for bad in self.each.probes()]


@dataclass(frozen=True)
class AnArray:
    """An array-like of numbers (given initial centres); its shape is checked against X."""

    def describe(self):
        return "an array of numbers"

    def accepts(self, value):
        if isinstance(value, (str, bytes, numbers.Number)) or value is None:
            return False
        array = np.asarray(value)
        return array.ndim > 0 and np.issubdtype(array.dtype, np.number)

    def probes(self):
        return [None, 3]


@dataclass(frozen=True)
class RandomState:
    """A NumPy RandomState that several models share (a boosted ensemble's trees)."""

    def describe(self):
        return "a numpy.random.RandomState"

    def accepts(self, value):
        return isinstance(value, np.random.RandomState)

    def probes(self):
        return []


@dataclass(frozen=True)
class Either:
    """Any one of several constraints: None or an integer, "sqrt" or an integer..."""

    alternatives: tuple

    def describe(self):
        return " or ".join(alternative.describe() for alternative in self.alternatives)

    def accepts(self, value):
        return any(alternative.accepts(value) for alternative in self.alternatives)

    def probes(self):
        """The probes of each alternative that no other alternative accepts."""
        return [value for alternative in self.alternatives for value in alternative.probes()
                if not self.accepts(value)]


@dataclass(frozen=True)
class NoneValue:
    """None itself: with Either, an optional value (batch_size None is full batch)."""

    def describe(self):
        return "None"

    def accepts(self, value):
        return value is None

    def probes(self):
        return []


def Options(*choices):
    """One of these strings."""
    return Choice(tuple(choices))


def Optional(constraint):
    """None, or a value under `constraint`."""
    return Either((NoneValue(), constraint))


# Seeds: one rule everywhere, a non-negative integer that NumPy's RandomState also takes.
SEED = Integer(low=0, high=2**32 - 1)

# How many features a tree node searches: all (None), "sqrt" or "log2" of them, or a count.
MAX_FEATURES = Either((NoneValue(), Options("sqrt", "log2"), Integer(low=1)))

# How every model trained by gradients is trained, after what its architecture declares.
TRAINING = {
    "lr": Real(low=0, low_open=True),
    "epochs": Integer(low=0),
    "batch_size": Optional(Integer(low=1)),
    "seed": SEED,
    "dtype": Dtype(),
}


def check_hyperparameter(name, value, constraint):
    """`value` if `constraint` accepts it, else InvalidHyperparameterError naming it."""
    if not constraint.accepts(value):
        _refuse(name, constraint.describe(), value)
    return value


def check_hyperparameters(model):
    """Check every hyperparameter `type(model).hyperparameters` declares, read from the model's
    attributes (an estimator checks them in fit, after __init__ has only stored them)."""
    for name, constraint in type(model).hyperparameters.items():
        check_hyperparameter(name, getattr(model, name), constraint)


def set_hyperparameters(model, given):
    """Check each declared hyperparameter's value in `given` (the constructor's locals()) and
    store it on the model; a dtype is stored as a NumPy dtype. Arguments the class does not
    declare (self, device) are left to the constructor."""
    for name, constraint in type(model).hyperparameters.items():
        value = check_hyperparameter(name, given[name], constraint)
        setattr(model, name, np.dtype(value) if isinstance(constraint, Dtype) else value)
