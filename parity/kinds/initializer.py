"""Initializer pairs: functions f(shape, ..., generator, dtype) -> a weight drawn as
torch.nn.init draws it.

The two sides draw from different generators (NumPy's and torch's), so their values cannot
agree; what must agree is everything else:

    scale         the numbers that decide the distribution, to the bit: the fans, the gain,
                  and the (low, high) or (mean, std) each side hands its generator, recorded
                  as the draw is made (NumPy's Generator through a recording wrapper, torch's
                  Tensor.uniform_ / normal_ through a recording patch); for orthogonal, each
                  side's W W^T (or W^T W) equal to gain^2 I
    distribution  the draws of each side follow the distribution those numbers name, by a
                  Kolmogorov-Smirnov test at significance alpha (scipy.stats.kstest), and the
                  two sides' draws follow one distribution (ks_2samp). A test of a correct
                  sampler fails with probability alpha: 1e-6 per test (about 1e-4 over a
                  sweep of ten seeds), while the 73,728 to 131,072 draws of a case make a
                  uniform bound 3% off or a normal std 5% off fail with p below 1e-8; the
                  seeds are fixed, so a passing case passes on every run. For orthogonal,
                  each entry x of a uniformly drawn orthonormal row or column of n entries
                  has x^2 ~ Beta(1/2, (n - 1)/2) and a random sign: all entries, and the
                  diagonal alone (where a QR without the sign correction leaves most of them
                  negative)
Both checks also hold the weights themselves to their shape and dtype, and to finite values.
"""

import contextlib
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from parity.compare import Comparison, Leaf, compare, merge, to_numpy
from parity.kinds.base import Kind, Outcome, Spec, all_but
from parity.seeding import make_rng
from parity.tolerances import EXACT


@dataclass
class InitializerProblem:
    function: str
    shape: tuple
    keywords: dict
    seed: int


class Recording:
    """A NumPy Generator that notes each draw's distribution and parameters."""

    def __init__(self, generator):
        self.generator, self.draws = generator, []

    def uniform(self, low, high, size):
        self.draws.append(("uniform", float(low), float(high)))
        return self.generator.uniform(low, high, size)

    def normal(self, loc, scale, size):
        self.draws.append(("normal", float(loc), float(scale)))
        return self.generator.normal(loc, scale, size)


def as_drawn(W):
    """What a weight must be besides its values: its shape, dtype and finiteness."""
    W = to_numpy(W)
    return {"shape": np.array(W.shape), "dtype": str(W.dtype),
            "finite": bool(np.isfinite(W).all())}


@contextlib.contextmanager
def recording_torch_draws():
    """torch.Tensor.uniform_ and normal_ noting their arguments, for the block's duration."""
    import torch

    draws, originals = [], {name: getattr(torch.Tensor, name) for name in ("uniform_", "normal_")}

    def recorder(name, parameters):
        def draw(tensor, *args, **kwargs):
            given = dict(zip(parameters, args, strict=False)) | {
                key: value for key, value in kwargs.items() if key in parameters}
            draws.append((name.rstrip("_"), *(float(given.get(key, default))
                                              for key, default in parameters.items())))
            return originals[name](tensor, *args, **kwargs)
        return draw

    torch.Tensor.uniform_ = recorder("uniform_", {"from": 0.0, "to": 1.0})
    torch.Tensor.normal_ = recorder("normal_", {"mean": 0.0, "std": 1.0})
    try:
        yield draws
    finally:
        for name, method in originals.items():
            setattr(torch.Tensor, name, method)


def draw_both(pair, problem, dtype, device, record=False):
    """(scratch's weight, its recorded draws, torch's weight, its recorded draws)."""
    import torch

    ours = Recording(np.random.default_rng(problem.seed))
    W = getattr(pair.scratch, problem.function)(problem.shape, **problem.keywords,
                                                 generator=ours, dtype=dtype)
    generator = torch.Generator(device=device).manual_seed(problem.seed)
    with recording_torch_draws() if record else contextlib.nullcontext([]) as theirs:
        W_t = getattr(pair.framework, problem.function)(problem.shape, **problem.keywords,
                                                         generator=generator, dtype=dtype,
                                                         device=device)
    return W, ours.draws, to_numpy(W_t), list(theirs)


def gram(W):
    """W W^T for wide W (rows <= cols), W^T W for tall, W flattened to 2-D."""
    W = W.reshape(W.shape[0], -1).astype(np.float64)
    return W @ W.T if W.shape[0] <= W.shape[1] else W.T @ W


def check_scale(pair, problem, tolerance, dtype, device):
    """The fans, gain and draw parameters equal to the bit; orthogonal: W W^T = gain^2 I."""
    W, ours, W_t, theirs = draw_both(pair, problem, dtype, device, record=True)
    numbers = compare({"fans": pair.scratch.fans(problem.shape), "draws": ours,
                       "weight": as_drawn(W)},
                      {"fans": pair.framework.fans(problem.shape), "draws": theirs,
                       "weight": as_drawn(W_t)}, EXACT)
    if problem.function != "orthogonal":
        return Outcome(numbers, f"{problem.function} draws {ours}")
    expected = problem.keywords.get("gain", 1.0) ** 2 * np.eye(len(gram(W)))
    return Outcome(merge([numbers, compare({"scratch W W^T": gram(W), "torch W W^T": gram(W_t)},
                                           {"scratch W W^T": expected, "torch W W^T": expected},
                                           tolerance)]))


def ks_leaf(name, p_value, alpha):
    """A Leaf that fails when a Kolmogorov-Smirnov p-value falls below alpha (ratio alpha / p:
    the share of the significance level used)."""
    if not np.isfinite(p_value):                     # NaN among the draws: scipy says nan
        return Leaf(name, ratio=np.inf, total=1, problem="KS p-value is nan: a draw is not "
                                                          "finite")
    ratio = alpha / max(p_value, 1e-300)
    problem = (f"KS p-value {p_value:.2e} below alpha {alpha:g}: the draws do not follow it"
               if p_value < alpha else "")
    return Leaf(name, ratio=ratio, total=1, problem=problem)


def check_distribution(pair, problem, tolerance, dtype, device):
    """Each side's draws against the distribution scratch's numbers name, and against each
    other (Kolmogorov-Smirnov at the spec's alpha)."""
    from scipy import stats

    alpha = pair.spec.significance
    W, ours, W_t, _ = draw_both(pair, problem, dtype, device)
    if problem.function == "orthogonal":
        gain = problem.keywords.get("gain", 1.0)
        n = max(W.shape[0], int(np.prod(W.shape[1:])))                # length of unit vectors
        entry = marginal(n)
        flat = [np.asarray(A, dtype=np.float64).reshape(A.shape[0], -1) / gain
                for A in (W, W_t)]
        leaves = [ks_leaf(f"{side} entries ~ sign * sqrt(Beta(1/2, {(n - 1) / 2:g}))",
                          stats.kstest(A.ravel(), entry).pvalue, alpha)
                  for side, A in zip(("scratch", "torch"), flat, strict=True)]
        leaves += [ks_leaf(f"{side} diagonal, the same", stats.kstest(np.diag(A), entry).pvalue,
                           alpha) for side, A in zip(("scratch", "torch"), flat, strict=True)]
    else:
        kind, first, second = ours[0]
        cdf = (stats.uniform(first, second - first).cdf if kind == "uniform"
               else stats.norm(first, second).cdf)
        named = f"U({first:.4g}, {second:.4g})" if kind == "uniform" else (
            f"N({first:g}, {second:.4g}^2)")
        leaves = [ks_leaf(f"{side} ~ {named}", stats.kstest(np.ravel(A).astype(np.float64),
                                                             cdf).pvalue, alpha)
                  for side, A in (("scratch", W), ("torch", W_t))]
    leaves.append(ks_leaf("scratch and torch from one distribution",
                          stats.ks_2samp(np.ravel(W), np.ravel(W_t)).pvalue, alpha))
    drawn = compare({"weight": as_drawn(W)}, {"weight": as_drawn(W_t)}, EXACT)
    return Outcome(merge([Comparison(leaves), drawn]),
                   f"{W.size} draws a side, alpha {alpha:g} per test")


def marginal(n):
    """The CDF of one entry of a uniformly drawn unit vector in R^n: x^2 ~ Beta(1/2, (n-1)/2),
    its sign + or - with probability 1/2."""
    from scipy import stats

    beta = stats.beta(0.5, (n - 1) / 2)
    return lambda x: 0.5 + 0.5 * np.sign(x) * beta.cdf(np.square(x))


def check_gains(pair, problem, tolerance, dtype, device):
    """calculate_gain and fans, equal to the bit over the spec's cases."""
    ours = {f"gain {args}": pair.scratch.calculate_gain(*args) for args in pair.spec.gains}
    theirs = {f"gain {args}": pair.framework.calculate_gain(*args) for args in pair.spec.gains}
    ours.update({f"fans {shape}": pair.scratch.fans(shape) for shape in pair.spec.fan_shapes})
    theirs.update({f"fans {shape}": pair.framework.fans(shape)
                   for shape in pair.spec.fan_shapes})
    return Outcome(compare(ours, theirs, EXACT))


class InitializerKind(Kind):
    name = "initializer"
    checks: ClassVar[dict] = {"scale": check_scale, "distribution": check_distribution,
                              "gains": check_gains}
    implementations = ()                # nothing to time: a draw is the generator's speed
    outline = "functions"

    def opt_outs(self, pair, checks):
        return all_but(checks, ("same_seed",),
                       "an initializer draws a new array from a shape and a generator: no "
                       "data to validate, copy or leave unchanged, no fit or predict; its bad "
                       "arguments (an unknown nonlinearity or mode, a 1-D shape) are refused "
                       "alike, tests/test_pair_details.py")

    def battery_runs(self, pair, seed=0):
        """Each setting drawn from a generator seeded alike: twice the same weights."""
        import torch

        def run(side, inputs, function, shape, keywords):
            module = pair.scratch if side == "scratch" else pair.framework
            generator = (np.random.default_rng(seed) if side == "scratch"
                         else torch.Generator().manual_seed(seed))
            return getattr(module, function)(shape, **keywords, generator=generator)

        return [(variant, [], lambda side, inputs, setting=setting: run(side, inputs, *setting))
                for variant, setting in pair.spec.initializers.items()]

    def variants(self, spec):
        return tuple(spec.initializers)

    def problem(self, pair, dtype, seed, variant):
        function, shape, keywords = pair.spec.initializers[variant]
        return InitializerProblem(function, shape, keywords,
                                  int(make_rng(seed).integers(2**31)))

    def public_names(self, pair):
        return [*(["calculate_gain"] if pair.spec.gains else []), "fans",
                *sorted({function for function, _, _ in pair.spec.initializers.values()})]


INITIALIZER = InitializerKind()


@dataclass(frozen=True, kw_only=True)
class InitializerSpec(Spec):
    """Initializers, one variant per setting: {variant: (function, shape, keywords)}."""

    kind: ClassVar[object] = INITIALIZER

    initializers: dict
    gains: tuple = ()                   # ((nonlinearity, param), ...): calculate_gain's cases
    fan_shapes: tuple = ()              # the shapes whose fans the gains check compares
    significance: float = 1e-6          # alpha of each Kolmogorov-Smirnov test
    checks: tuple = ("scale", "distribution", "gains")
    bench_sizes: tuple = ()
