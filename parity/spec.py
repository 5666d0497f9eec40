"""What a pair's `spec.py` declares: data, shared initial parameters, checks and tolerances.

A spec is data, not code paths. The harness reads it and runs the same generic checks on every
pair, so adding a pair needs no edit outside its own folder.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from parity.tolerances import EXACT

# Checks for pairs trained by gradients (framework: torch), in the order they run.
GRADIENT_CHECKS = ("forward", "gradients", "finite_differences", "trajectory", "fit", "optimum")
# For a pair with a ladder: every intermediate rung's trajectory against both ends.
LADDER_CHECK = "ladder"
# Checks for scikit-learn style estimators.
ESTIMATOR_CHECKS = ("fitted", "predict")
# Checks for libraries of differentiable functions (activations, losses).
FUNCTION_CHECKS = ("values", "gradients", "finite_differences", "extremes")
# Checks for optimizers.
OPTIMIZER_CHECKS = ("trajectory",)
# Checks for metrics: each case's value, warnings and error.
METRIC_CHECKS = ("values",)
# These checks run in float64 only: finite differences need the precision, and an optimum is
# compared against scikit-learn, which solves in float64.
FLOAT64_ONLY = ("finite_differences", "optimum", "extremes")
# Impossible hyperparameters every gradient pair refuses, with what the message must say.
GRADIENT_INVALID_HYPERPARAMS = (
    ({"lr": -0.1}, "lr must be > 0"),
    ({"lr": 0.0}, "lr must be > 0"),
    ({"lr": float("nan")}, "lr must be finite"),
    ({"lr": "0.1"}, "lr must be a number"),
    ({"epochs": -1}, "epochs must be >= 0"),
    ({"epochs": 2.5}, "epochs must be an integer"),
    ({"batch_size": 0}, "batch_size must be >= 1"),
    ({"dtype": "int64"}, "dtype must be float32 or float64"),
)
# Battery checks that do not apply to gradient pairs, each with its reason.
GRADIENT_OPT_OUTS = {
    "predict_before_fit": "the parameters exist from __init__, as in a torch module: predict "
                          "before fit is the initial model, not an error",
    "idempotent_fit": "fit continues from the current parameters, like a torch training loop; "
                      "same_seed checks that fresh models fitted alike are bit-identical",
}
# ... and those that do not apply to language models, whose X holds token ids.
LANGUAGE_MODEL_OPT_OUTS = {
    **GRADIENT_OPT_OUTS,
    "separable": "next tokens are no classes of X to pull apart",
    "integer_input": "X holds integer token ids in every problem (float32 X: float32_input); "
                     "3 X would leave the vocabulary",
    "extreme_values": "token ids are indices, not magnitudes: scaled, they leave the "
                      "vocabulary (refused: the ndim check); extreme logits come from "
                      "large weights instead (tests/test_properties.py)",
}

# Runs NumPy alone, so it runs once, on the CPU, whatever devices are asked for.
SCRATCH_ONLY = ("finite_differences",)


@dataclass(frozen=True)
class GradientSpec:
    """A pair whose two sides share the Differentiable outline (see CONTRIBUTING.md).

    model        class name defined by both scratch.py and framework.py
    data         rng -> (X, y) in float64 (labels as integers): the parity data set
    targets      (rng, n_samples) -> y: targets for synthetic inputs of any size
                 (property tests and benchmarks draw X themselves); None for a language model
    hyperparams  keyword arguments for the class, besides n_features, dtype and device
    init         (rng, shapes) -> params; None draws every parameter from N(0, init_scale^2);
                 "scratch": the scratch model's own initialization (He, Xavier...), from a
                 seed the parity generator draws
    steps        optimizer steps compared by the trajectory and fit checks
    batch_size   samples per step in those checks
    tolerances   {(check, dtype): Tolerance(..., reason=...)}: loosen a check only with a reason
    reference    (X, y) -> params at the optimum, computed by scikit-learn (the optimum check)
    reference_fit  hyperparameters with which full-batch training reaches that optimum
    bench_sizes  (n_samples, n_features) for the benchmarks, smallest first
    variants     {name: hyperparameter overrides}: each variant is checked as a pair of its
                 own (e.g. one per activation function); empty means the hyperparams alone.
                 Under the key "spec", a variant may replace spec fields too (a regressor
                 variant of a classifier pair: its model, data, targets and outputs)
    invalid_hyperparams  ((overrides, message fragment), ...) the battery expects refused
    battery_opt_outs  {battery check: reason} for battery checks that do not apply
    image_features  None: the model takes any number of features; n: it takes images, and the
                 battery and the property tests draw their small random problems with n pixels
    vocab        None, or a language model's vocabulary V: X holds token ids (N, T) below V
                 (n_features = T, the context) and y the next token at every position (N, T);
                 synthetic problems draw both, and finite differences perturb parameters only
    ladder       module names in the pair's folder, the rungs between scratch.py (rung 1) and
                 framework.py (the last), each replacing one hand-written piece with the
                 framework's; each follows the framework side's outline, and the "ladder" check
                 runs every rung's trajectory against both ends
    """

    kind = "gradient"

    model: str
    data: Callable
    targets: Callable | None = None
    hyperparams: dict = field(default_factory=dict)
    init: Callable | str | None = None
    init_scale: float = 0.1
    checks: tuple = GRADIENT_CHECKS
    dtypes: tuple = ("float64", "float32")
    devices: tuple = ("cpu", "cuda")
    steps: int = 20
    batch_size: int = 32
    tolerances: dict = field(default_factory=dict)
    reference: Callable | None = None
    reference_fit: dict = field(default_factory=dict)
    bench_sizes: tuple = ((256, 16), (4096, 64), (32768, 256))
    variants: dict = field(default_factory=dict)
    invalid_hyperparams: tuple = GRADIENT_INVALID_HYPERPARAMS
    battery_opt_outs: dict = field(default_factory=lambda: dict(GRADIENT_OPT_OUTS))
    image_features: int | None = None
    vocab: int | None = None
    ladder: tuple = ()
    framework: str = "torch"

    def __post_init__(self):
        if (self.targets is None) == (self.vocab is None):
            raise ValueError("a gradient spec has targets, or a vocab (a language model)")
        unknown = set(self.checks) - {*GRADIENT_CHECKS, LADDER_CHECK}
        if unknown:
            raise ValueError(f"unknown checks {sorted(unknown)}; known: {GRADIENT_CHECKS}")
        if "optimum" in self.checks and self.reference is None:
            raise ValueError("the optimum check needs a reference (X, y) -> params")


@dataclass(frozen=True)
class EstimatorSpec:
    """A pair whose two sides are scikit-learn style estimators: fit(X, y) -> self, predict(X).

    model       class name defined by both scratch.py and framework.py
    data        rng -> (X, y) in float64
    hyperparams keyword arguments for both classes
    attributes  fitted attributes compared one to one (sklearn names, ending in "_"); a dotted
                name reaches inside one ("tree_.threshold")
    targets     (rng, n_samples) -> y for synthetic inputs of any size (benchmarks)
    outputs     methods whose outputs on X are compared after fit ("predict", "predict_proba")
    queries     (rng, X) -> the points where the outputs are compared; None: the training X
                (a nearest-neighbour model answers its own training points trivially)
    bench_data  (rng, N, D) -> (X, y) for the benchmarks; None: standard normal X and targets
                (ratings must be >= 0)
    predicts    the method that is the estimator's answer on X, which the battery feeds bad
                input and the benchmarks time: "predict", or "transform" for PCA
    supervised  False for clustering and decomposition: fit(X, y) ignores y (scikit-learn
                style), so the battery does not feed it bad labels
    invalid_hyperparams  ((overrides, message fragment), ...) the battery expects refused
    battery_opt_outs  {battery check: reason} for battery checks that do not apply
    """

    kind = "estimator"

    model: str
    data: Callable
    attributes: tuple
    targets: Callable
    hyperparams: dict = field(default_factory=dict)
    outputs: tuple = ("predict",)
    queries: Callable | None = None
    bench_data: Callable | None = None
    predicts: str = "predict"
    supervised: bool = True
    checks: tuple = ESTIMATOR_CHECKS
    dtypes: tuple = ("float64",)
    devices: tuple = ("cpu",)
    tolerances: dict = field(default_factory=dict)
    bench_sizes: tuple = ((256, 16), (4096, 16), (32768, 16))
    variants: dict = field(default_factory=dict)
    invalid_hyperparams: tuple = ()
    battery_opt_outs: dict = field(default_factory=dict)
    framework: str = "sklearn"

    def __post_init__(self):
        unknown = set(self.checks) - set(ESTIMATOR_CHECKS)
        if unknown:
            raise ValueError(f"unknown checks {sorted(unknown)}; known: {ESTIMATOR_CHECKS}")


@dataclass(frozen=True)
class FunctionSpec:
    """A library of differentiable functions, the same names on both sides.

    Each function f has a partner f_backward(*inputs, grad_output) that returns the gradient
    of sum(f(*inputs) * grad_output) with respect to the first input (the scratch side by hand,
    the framework side by autograd), or a tuple of gradients for the first wrt[f] inputs.
    Later inputs are targets and constants.

    functions  {name: (rng, n, k) -> inputs}: NumPy inputs for a problem of n rows and k
               columns (floats are cast to the dtype checked; integer targets stay integers)
    extremes   {name: () -> inputs} at extreme but finite values, for the extremes check
    wrt        {name: how many leading inputs are differentiated} where more than one (a layer
               norm's X, gamma and beta)
    calls      {name: (function, keyword arguments)} for cases that call a function with
               settings (a strided convolution); other cases call the function of their name
    size       (n, k) of the parity problems
    bench_sizes  (n, k) for the benchmarks of forward + backward
    not_benchmarked  cases left out of the benchmarks (a teaching version on fixed small inputs)

    The battery does not apply: functions take tensors and pass NaN through as torch does,
    with no fit or predict to validate; the extremes check and the property tests hold them
    to finite, warning-free, agreeing results instead.
    """

    kind = "function"

    functions: dict
    extremes: dict
    wrt: dict = field(default_factory=dict)
    calls: dict = field(default_factory=dict)
    checks: tuple = FUNCTION_CHECKS
    dtypes: tuple = ("float64", "float32")
    devices: tuple = ("cpu", "cuda")
    size: tuple = (64, 10)
    tolerances: dict = field(default_factory=dict)
    bench_sizes: tuple = ((256, 10), (4096, 100), (32768, 1000))
    not_benchmarked: tuple = ()
    variants: dict = field(default_factory=dict)
    framework: str = "torch"

    def __post_init__(self):
        unknown = set(self.checks) - set(FUNCTION_CHECKS)
        if unknown:
            raise ValueError(f"unknown checks {sorted(unknown)}; known: {FUNCTION_CHECKS}")
        missing = set(self.functions) - set(self.extremes)
        if "extremes" in self.checks and missing:
            raise ValueError(f"no extreme inputs for {sorted(missing)}")

    def function(self, module, case, backward=False):
        """The callable a case runs on one side: f, or f_backward, with its settings."""
        name, settings = self.calls.get(case, (case, {}))
        f = getattr(module, f"{name}_backward" if backward else name)
        return functools.partial(f, **settings) if settings else f


@dataclass(frozen=True)
class OptimizerSpec:
    """Optimizers: classes Name(params, **hyperparams) with step(grads), updating .params.

    optimizers  {variant: (class name, hyperparameters)}: each variant checked on its own
    shapes      {parameter name: shape} of the parameters optimized
    steps       steps compared by the trajectory check

    The trajectory check runs both sides on the same noisy quadratic, each side computing its
    gradients from its own current parameters, so that any difference compounds over the steps.
    The battery does not apply (no fit or predict).
    """

    kind = "optimizer"

    optimizers: dict
    shapes: dict = field(default_factory=lambda: {"W": (20, 5), "b": (5,)})
    steps: int = 100
    checks: tuple = OPTIMIZER_CHECKS
    dtypes: tuple = ("float64", "float32")
    devices: tuple = ("cpu", "cuda")
    tolerances: dict = field(default_factory=dict)
    bench_sizes: tuple = ((256, 16), (4096, 64), (32768, 256))
    variants: dict = field(default_factory=dict)
    framework: str = "torch"

    def __post_init__(self):
        unknown = set(self.checks) - set(OPTIMIZER_CHECKS)
        if unknown:
            raise ValueError(f"unknown checks {sorted(unknown)}; known: {OPTIMIZER_CHECKS}")


@dataclass(frozen=True)
class MetricCase:
    """One call compared on both sides: function(*inputs(rng), **options).

    expect    "" for a plain case, which must return a value without any warning; otherwise
              a fragment that the error raised, or one of the warnings, must contain (a case
              named for single-class data must reach scikit-learn's single-class behaviour)
    keywords  names under which the last inputs are passed ("sample_weight",)
    """

    function: str
    inputs: Callable
    options: dict = field(default_factory=dict)
    expect: str = ""
    keywords: tuple = ()

    def call(self, module, inputs):
        """The function of this name in `module`, called on the inputs and options."""
        n_positional = len(inputs) - len(self.keywords)
        keywords = dict(zip(self.keywords, inputs[n_positional:], strict=True))
        return getattr(module, self.function)(*inputs[:n_positional], **keywords,
                                              **self.options)


@dataclass(frozen=True)
class MetricSpec:
    """A library of metrics: functions of the same names on both sides, compared exactly.

    cases   {name: MetricCase}: values on seeded data, and the degenerate and bad inputs whose
            warnings and errors must be the same on both sides (the scratch side reproduces
            scikit-learn's, the shared checks refuse bad input first)
    bench   {name: MetricCase} whose inputs are (rng, N, K) -> inputs: the timed calls, on
            N samples of K classes or outputs
    tolerances  per (check, dtype); the default is bit equality: the two sides add in the same
            order, so any difference is a different formula, not rounding

    The battery's determinism and mutation checks run on the plain cases; its bad-input
    checks do not apply as such, because every bad input is a case here.
    """

    kind = "metric"

    cases: dict
    bench: dict = field(default_factory=dict)
    checks: tuple = METRIC_CHECKS
    dtypes: tuple = ("float64",)
    devices: tuple = ("cpu",)
    tolerances: dict = field(default_factory=lambda: {("values", "float64"): EXACT})
    bench_sizes: tuple = ((1_000, 3), (100_000, 3), (1_000_000, 3))
    variants: dict = field(default_factory=dict)
    framework: str = "sklearn"

    def __post_init__(self):
        unknown = set(self.checks) - set(METRIC_CHECKS)
        if unknown:
            raise ValueError(f"unknown checks {sorted(unknown)}; known: {METRIC_CHECKS}")


@dataclass(frozen=True)
class DataParallelSpec:
    """Data-parallel training: the scratch side's W workers (a hand-written all-reduce) against
    the framework's W processes (DistributedDataParallel), and both against one process
    training on the whole global batch.

    model       class name on both sides: Model(n_features, world_size=W, **hyperparams,
                dtype=...), with fit(X, y, batches) recording loss_history_ and params_history_
    data        rng -> (X, y) in float64, labels as integers
    targets     (rng, n_samples) -> y, for other sizes
    hyperparams keyword arguments for both classes
    variants    {name: overrides}, one per world size: {"2_workers": {"world_size": 2}}
    reference   (n_features, hyperparams, dtype, init) -> a one-process model with step(X, y)
                on tensors and state_dict(): the training the workers must reproduce
    init        as GradientSpec's ("scratch": the scratch model's own draw, from a seed)
    steps       synchronous steps compared; batch_size the global batch, a multiple of every
                world size
    """

    kind = "distributed"

    model: str
    data: Callable
    targets: Callable
    reference: Callable
    hyperparams: dict = field(default_factory=dict)
    variants: dict = field(default_factory=dict)
    init: Callable | str | None = "scratch"
    init_scale: float = 0.1
    steps: int = 10
    batch_size: int = 48
    checks: tuple = ("trajectory",)
    dtypes: tuple = ("float64",)
    devices: tuple = ("cpu",)
    tolerances: dict = field(default_factory=dict)
    bench_sizes: tuple = ()
    framework: str = "torch"
