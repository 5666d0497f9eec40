"""Tolerances: one table per dtype, and overrides that must say why.

A value `actual` matches `expected` when |actual - expected| <= atol * s + rtol * |expected|:
the criterion of `torch.testing.assert_close`, whose float defaults the table uses, with one
change in float64: s = min(1, max(max |expected|, 1e-3)) over the whole array. atol exists
for entries near zero in an array of order one; an array that is small as a whole (the input
gradient of a mean over 1797 samples is ~1e-5) would otherwise pass with any error below atol.
The floor of 1e-3 keeps an array of exact zeros from demanding bit-equality. float32 and
finite differences keep s = 1: float32 sums that cancel carry errors of the size of their
terms, and the error of a finite difference is set by the loss, eps |L| / h, not by the
gradient's size: its atol is scaled by max(1, |L|) instead (for_loss).
"""

from dataclasses import dataclass, replace

MIN_ATOL_SCALE = 1e-3


@dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float
    reason: str = ""
    scale_atol: bool = True
    # the largest s may grow to: inf makes atol relative to the array's largest entry (for
    # products of several large inputs, whose rounding errors grow with their terms)
    scale_cap: float = 1.0

    def __str__(self):
        return f"rtol {self.rtol:.1e} atol {self.atol:.1e}"


# Two implementations of the same float arithmetic, summed in different orders.
DEFAULT = {
    "float64": Tolerance(rtol=1e-7, atol=1e-7, reason="float64 default (torch.testing)"),
    # float32 keeps a fixed atol: a sum that cancels to a small result carries an error of
    # eps32 times its terms, which can be ~1e-5 of the result (hypothesis found such a case).
    "float32": Tolerance(rtol=1.3e-6, atol=1e-5, reason="float32 default (torch.testing)",
                         scale_atol=False),
}

# Two implementations of the same arithmetic in the same order (the metrics): equal to the bit.
EXACT = Tolerance(rtol=0.0, atol=0.0, reason="the same sums in the same order: bit-equal")

# Central differences with step h in float64 carry a truncation error O(h^2 |f'''|) and a
# rounding error O(eps |L| / h); at h = 1e-6 both sit near 1e-10 for losses of order one.
FINITE_DIFFERENCE_STEP = 1e-6
FINITE_DIFFERENCES = Tolerance(
    rtol=1e-6, atol=1e-8, reason="central differences, h=1e-6: truncation + rounding error",
    scale_atol=False,
)


def adam_float32(lr):
    """float32 trajectories under Adam: a tenth of a step of size lr.

    Adam's first steps are lr g / (|g| + eps), eps = 1e-8: an entry whose gradient is within a
    few eps of zero takes a step that its last digits decide. Among tens of thousands of
    weights some gradients are ~1e-8 by chance (or exactly 0 in exact arithmetic, as a key
    projection's bias, which softmax ignores), and each side rounds such a sum of terms ~1e-3
    to ~1e-9 its own way: the two steps part by a share of lr. float64's rounding (~1e-17)
    stays far below eps, and keeps the default tolerance."""
    return Tolerance(rtol=1.3e-6, atol=lr / 10, scale_atol=False, reason=(
        f"Adam turns float32 rounding in gradients within a few eps of zero into steps that "
        f"part by a share of lr = {lr:g}: compared to a tenth of a step (tolerances.adam_float32)"))


def for_loss(tolerance, loss):
    """A finite-difference tolerance for a loss of size |L|: the rounding error of each of
    the two losses differenced grows with |L|, so atol does too (a loss of 10 on 1797 samples
    rounds to about 1e-8 after division by 2h)."""
    return replace(tolerance, atol=tolerance.atol * max(1.0, abs(float(loss))))


def tolerance_for(check, dtype, overrides):
    """The tolerance for `check` in `dtype`: a pair's override if it has one, else the table.

    overrides maps (check, dtype) to a Tolerance; an override without a reason is refused.
    """
    override = overrides.get((check, dtype))
    if override is not None:
        if not override.reason.strip():
            raise ValueError(f"tolerance override for ({check}, {dtype}) must state a reason")
        return override
    if check == "finite_differences":
        return FINITE_DIFFERENCES
    return DEFAULT[dtype]
