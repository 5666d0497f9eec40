"""Compare nested results (dicts and lists of arrays, tensors and scalars) leaf by leaf.

The diagnostics follow `torch.testing.assert_close`: for each leaf, how many elements mismatch,
the greatest absolute and relative difference and where it is. A leaf also fails when its shape
or dtype differs from the expected one: a float32 run whose scratch side quietly computes in
float64 checks nothing.
"""

from dataclasses import dataclass, field

import numpy as np

from parity.tolerances import MIN_ATOL_SCALE


def to_numpy(value):
    """A NumPy array for an array, a tensor (any device) or a scalar."""
    if hasattr(value, "detach"):  # a torch tensor
        return value.detach().cpu().numpy()
    return np.asarray(value)


def flatten(tree, prefix=""):
    """{"a": {"b": x}, "c": [y]} -> {"a.b": x, "c.0": y}; leaves keep their order."""
    if isinstance(tree, dict):
        items = tree.items()
    elif isinstance(tree, (list, tuple)):
        items = enumerate(tree)
    else:
        return {prefix: tree}
    flat = {}
    for key, value in items:
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


@dataclass
class Leaf:
    """How one named array compares."""

    name: str
    max_abs: float = 0.0
    max_rel: float = 0.0
    ratio: float = 0.0        # max over elements of |a - e| / (atol + rtol |e|): fails above 1
    mismatched: int = 0
    total: int = 0
    worst_index: tuple = ()
    problem: str = ""         # a structural failure: missing, shape, dtype, NaN

    @property
    def ok(self):
        return not self.problem and self.mismatched == 0

    def describe(self):
        if self.problem:
            return f"{self.name}: {self.problem}"
        share = 100 * self.mismatched / max(self.total, 1)
        return (f"{self.name}: {self.mismatched}/{self.total} elements mismatch ({share:.1f}%); "
                f"greatest abs diff {self.max_abs:.3e} and rel diff {self.max_rel:.3e}, "
                f"worst at index {self.worst_index}")


@dataclass
class Comparison:
    """The outcome of comparing two nested results under one tolerance."""

    leaves: list = field(default_factory=list)

    @property
    def ok(self):
        return all(leaf.ok for leaf in self.leaves)

    @property
    def max_abs(self):
        return max((leaf.max_abs for leaf in self.leaves), default=0.0)

    @property
    def max_rel(self):
        return max((leaf.max_rel for leaf in self.leaves), default=0.0)

    @property
    def ratio(self):
        return max((leaf.ratio for leaf in self.leaves), default=0.0)

    def failures(self):
        return [leaf for leaf in self.leaves if not leaf.ok]

    def describe(self):
        return "\n".join(leaf.describe() for leaf in self.failures())


def compare(actual, expected, tolerance, check_dtype=True, exact=False, equal_nan=False):
    """Compare two nested results leaf by leaf: `actual` (scratch) against `expected` (framework).

    Floating leaves match within `tolerance`; integer and boolean leaves must be equal, and so
    must every leaf when `exact` (bit-identical results; `tolerance` may then be None). Text
    and None leaves must be equal. With `equal_nan`, NaN matches NaN and an infinity the same
    infinity (a metric's defined answer where it is undefined); otherwise a non-finite value
    fails.
    """
    actual, expected = flatten(actual), flatten(expected)
    comparison = Comparison()
    for name in [*expected, *(key for key in actual if key not in expected)]:
        if name not in actual or name not in expected:
            side = "scratch" if name not in actual else "framework"
            comparison.leaves.append(Leaf(name, problem=f"missing on the {side} side"))
            continue
        comparison.leaves.append(
            compare_leaf(name, to_numpy(actual[name]), to_numpy(expected[name]), tolerance,
                         check_dtype, exact, equal_nan)
        )
    return comparison


def compare_leaf(name, a, e, tolerance, check_dtype=True, exact=False, equal_nan=False):
    """Compare one pair of arrays."""
    if a.dtype.kind in "OUS" or e.dtype.kind in "OUS":           # text, or None
        same = a.shape == e.shape and bool(np.all(a == e))
        return Leaf(name, total=a.size,
                    problem="" if same else f"{a.tolist()!r} (scratch) != {e.tolist()!r} "
                                            f"(framework)")
    if a.shape != e.shape:
        return Leaf(name, problem=f"shape {a.shape} (scratch) != {e.shape} (framework)")
    if check_dtype and a.dtype != e.dtype:
        return Leaf(name, problem=f"dtype {a.dtype} (scratch) != {e.dtype} (framework)")
    leaf = Leaf(name, total=a.size)
    exact = exact or not (np.issubdtype(e.dtype, np.floating)
                          or np.issubdtype(a.dtype, np.floating))
    a64, e64 = a.astype(np.float64), e.astype(np.float64)
    if equal_nan:
        same = (np.isnan(a64) & np.isnan(e64)) | (np.isinf(a64) & (a64 == e64))
        a64, e64 = np.where(same, 0.0, a64), np.where(same, 0.0, e64)
    nonfinite = ~np.isfinite(a64) | ~np.isfinite(e64)
    if nonfinite.any():
        where = tuple(int(i) for i in np.argwhere(nonfinite)[0])
        return Leaf(name, total=a.size, mismatched=int(nonfinite.sum()), worst_index=where,
                    max_abs=np.inf, max_rel=np.inf, ratio=np.inf,
                    problem=f"{int(nonfinite.sum())} non-finite values, first at index {where}")
    if a.size == 0:
        return leaf
    diff = np.abs(a64 - e64)
    # atol is for entries near zero in a tensor of order one; a tensor that is small as a whole
    # (gradients of a mean over many samples) gets atol scaled down towards its own size, or
    # its errors would hide under atol entirely (see parity.tolerances).
    scale = 1.0
    if tolerance and tolerance.scale_atol:
        scale = min(tolerance.scale_cap, max(float(np.abs(e64).max()), MIN_ATOL_SCALE))
    allowed = 0.0 if exact else tolerance.atol * scale + tolerance.rtol * np.abs(e64)
    # over: a difference divided by a subnormal expected value overflows to inf, rightly
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rel = np.where(diff == 0, 0.0, diff / np.abs(e64))
        ratio = np.where(diff == 0, 0.0, diff / allowed)
    worst = np.unravel_index(np.argmax(ratio), ratio.shape)
    leaf.max_abs = float(diff.max())
    leaf.max_rel = float(rel.max())
    leaf.ratio = float(ratio.max())
    leaf.mismatched = int((diff > allowed).sum())
    leaf.worst_index = tuple(int(i) for i in worst)
    return leaf


def merge(comparisons):
    """One comparison summarising several of the same leaves (e.g. one per optimizer step):
    per leaf, the worst errors, the mismatches added up, the first structural problem."""
    merged = {}
    for comparison in comparisons:
        for leaf in comparison.leaves:
            into = merged.setdefault(leaf.name, Leaf(leaf.name))
            if leaf.ratio > into.ratio or (leaf.problem and not into.problem):
                into.worst_index = leaf.worst_index
            into.max_abs = max(into.max_abs, leaf.max_abs)
            into.max_rel = max(into.max_rel, leaf.max_rel)
            into.ratio = max(into.ratio, leaf.ratio)
            into.mismatched += leaf.mismatched
            into.total += leaf.total
            into.problem = into.problem or leaf.problem
    return Comparison(list(merged.values()))
