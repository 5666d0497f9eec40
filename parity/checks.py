"""The checks: each runs both sides of a pair on the same seeded problem and compares them.

Gradient pairs (framework: torch) share the Differentiable outline:
    Model(n_features, **hyperparams, dtype=..., [device=...])
    state_dict() -> {name: array}      load_state_dict({name: array})
    forward(X)                         gradients(X, y) -> (loss, {name: dL/dname, "X": dL/dX})
    step(X, y) -> loss                 fit(X, y, batches) -> self, with loss_history_
    predict(X) -> NumPy array
forward, gradients and step take native arrays (NumPy on the scratch side, tensors on the
framework side); fit and predict take NumPy arrays and validate them.

Estimator pairs (framework: scikit-learn) follow scikit-learn's contract: fit(X, y) -> self,
predict(X), fitted attributes ending in "_".

Function pairs define f(*inputs) and f_backward(*inputs, grad_output); optimizer pairs define
classes Name(params, **hyperparams) with step(grads) and the dict .params (see parity.spec).

Every check returns an Outcome: the comparison (max errors, per-leaf diagnostics) and a note.
"""

import dataclasses
import functools
import warnings
from dataclasses import dataclass

import numpy as np

from algorithms._common import minibatches
from parity.compare import Comparison, Leaf, compare, merge, to_numpy
from parity.seeding import make_rng
from parity.tolerances import FINITE_DIFFERENCE_STEP


@dataclass
class Outcome:
    comparison: Comparison
    note: str = ""


@dataclass
class Problem:
    """One seeded parity problem: data, shared initial parameters and batch order."""

    X: np.ndarray
    y: np.ndarray
    init: dict
    batches: list
    rng: np.random.Generator


def language_model(pair):
    """X holds token ids, y the next token at every position (N, T): the spec has a vocab."""
    return getattr(pair.spec, "vocab", None) is not None


def cast_data(X, y, dtype, tokens=False):
    """X in `dtype` (token ids stay integers); y too when it is real-valued (class labels and
    next tokens stay integers)."""
    X = np.asarray(X) if tokens else np.asarray(X, dtype=dtype)
    y = np.asarray(y)
    return X, (y.astype(dtype) if np.issubdtype(y.dtype, np.floating) else y)


def make_problem(pair, dtype, seed):
    """Draw data, initial parameters and batches from one generator, in that order."""
    spec = pair.spec
    rng = make_rng(seed)
    X, y = cast_data(*spec.data(rng), dtype, tokens=language_model(pair))
    shapes = {name: value.shape for name, value in build_scratch(pair, X.shape[1], dtype)
              .state_dict().items()}
    if spec.init == "scratch":
        seed_for_init = int(rng.integers(2**31))
        init = build_scratch(pair, X.shape[1], dtype, seed=seed_for_init).state_dict()
    elif spec.init is not None:
        init = spec.init(rng, shapes)
    else:
        init = {name: spec.init_scale * rng.standard_normal(shape) for name, shape in
                shapes.items()}
    init = {name: np.asarray(value, dtype=dtype) for name, value in init.items()}
    per_epoch = -(-len(X) // spec.batch_size)
    epochs = -(-spec.steps // per_epoch)
    batches = minibatches(len(X), spec.batch_size, epochs, rng)[: spec.steps]
    return Problem(X, y, init, batches, rng)


def synthetic_data(pair, rng, n_samples, n_features):
    """Random (X, y) of any size: standard normal X and the spec's targets; for a language
    model, token ids and next tokens (n_samples, n_features) below its vocab."""
    if language_model(pair):
        vocab = pair.spec.vocab
        return (rng.integers(0, vocab, (n_samples, n_features)),
                rng.integers(0, vocab, (n_samples, n_features)))
    return rng.standard_normal((n_samples, n_features)), pair.spec.targets(rng, n_samples)


def build_scratch(pair, n_features, dtype, init=None, **overrides):
    model_class = getattr(pair.scratch, pair.spec.model)
    model = model_class(n_features, **{**pair.spec.hyperparams, **overrides}, dtype=dtype)
    if init is not None:
        model.load_state_dict(init)
    return model


def build_framework(pair, n_features, dtype, device, init=None, **overrides):
    model_class = getattr(pair.framework, pair.spec.model)
    model = model_class(n_features, **{**pair.spec.hyperparams, **overrides}, dtype=dtype,
                        device=device)
    if init is not None:
        model.load_state_dict(init)
    return model


def to_device(array, device):
    """A NumPy array as a tensor on `device` (the framework side's native input)."""
    import torch

    return torch.tensor(np.asarray(array), device=device)      # a copy; keeps 0-d arrays 0-d


def _both(pair, problem, dtype, device):
    D = problem.X.shape[1]
    return (build_scratch(pair, D, dtype, problem.init),
            build_framework(pair, D, dtype, device, problem.init))


# --- gradient pairs -------------------------------------------------------------------------

def check_forward(pair, problem, tolerance, dtype, device):
    """forward(X) and predict(X) agree from the same parameters."""
    scratch, framework = _both(pair, problem, dtype, device)
    X = problem.X
    ours = {"forward": scratch.forward(X), "predict": scratch.predict(X)}
    theirs = {"forward": framework.forward(to_device(X, device)),
              "predict": framework.predict(X)}
    return Outcome(compare(ours, theirs, tolerance))


def check_gradients(pair, problem, tolerance, dtype, device):
    """The loss and hand gradients (every parameter and the input) agree with autograd."""
    scratch, framework = _both(pair, problem, dtype, device)
    X, y = problem.X, problem.y
    loss, grads = scratch.gradients(X, y)
    loss_t, grads_t = framework.gradients(to_device(X, device), to_device(y, device))
    return Outcome(compare({"loss": loss, **grads}, {"loss": loss_t, **grads_t}, tolerance))


def check_finite_differences(pair, problem, tolerance, dtype, device):
    """Hand gradients agree with central differences of the scratch loss (float64, no torch).

    At most 64 coordinates of each parameter and of X are probed, chosen by the seeded rng
    (a language model's X holds token ids: parameters only).
    """
    scratch = build_scratch(pair, problem.X.shape[1], dtype, problem.init)
    batch = problem.batches[0]
    X, y = problem.X[batch], problem.y[batch]
    _, grads = scratch.gradients(X, y)
    params = scratch.state_dict()
    inputs = set() if language_model(pair) else {"X"}
    missing = sorted({*params, *inputs} - set(grads))
    if missing:
        leaves = [Leaf(name, problem="gradients() returned no gradient") for name in missing]
        return Outcome(Comparison(leaves))

    def loss_at(name, base, flat_index, value):
        perturbed = base.copy()
        perturbed.flat[flat_index] = value
        if name == "X":
            return float(scratch.loss(perturbed, y))
        scratch.load_state_dict({**params, name: perturbed})
        result = float(scratch.loss(X, y))
        scratch.load_state_dict(params)
        return result

    analytic, numeric = {}, {}
    for name, grad in grads.items():
        base = X if name == "X" else params[name]
        size = base.size
        coords = np.sort(problem.rng.choice(size, size=min(size, 64), replace=False))
        estimates = []
        for i in coords:
            x = base.flat[i]
            h = FINITE_DIFFERENCE_STEP * max(1.0, abs(x))
            estimates.append((loss_at(name, base, i, x + h) - loss_at(name, base, i, x - h))
                             / (2 * h))                            # dL/dx ~ (L(x+h) - L(x-h)) / 2h
        analytic[name] = np.asarray(grad).reshape(-1)[coords]
        numeric[name] = np.array(estimates)
    return Outcome(compare(analytic, numeric, tolerance),
                   "scratch gradients vs central differences of scratch.loss")


def check_trajectory(pair, problem, tolerance, dtype, device):
    """Parameters agree after every one of `steps` optimizer steps on the same batches."""
    scratch, framework = _both(pair, problem, dtype, device)
    X, y = problem.X, problem.y
    X_t, y_t = to_device(X, device), to_device(y, device)
    per_step, first_failure = [], None
    for step, batch in enumerate(problem.batches, start=1):
        loss = scratch.step(X[batch], y[batch])
        loss_t = framework.step(X_t[batch], y_t[batch])
        result = compare({"loss": loss, **scratch.state_dict()},
                         {"loss": loss_t, **framework.state_dict()}, tolerance)
        per_step.append(result)
        if first_failure is None and not result.ok:
            first_failure = (step, result)
    total = len(problem.batches)
    if first_failure is None:
        return Outcome(merge(per_step), f"{total} steps")
    step, result = first_failure
    names = ", ".join(leaf.name for leaf in result.failures())
    return Outcome(merge(per_step), f"first diverged at step {step} of {total} in {names}; "
                                    "worst over all steps:")


def check_ladder(pair, problem, tolerance, dtype, device):
    """Every rung of the pair's ladder follows the same trajectory as scratch and framework:
    the loss and parameters after each step, from the same start on the same batches."""
    scratch, framework = _both(pair, problem, dtype, device)
    X, y = problem.X, problem.y
    X_t, y_t = to_device(X, device), to_device(y, device)
    rungs = {name: build_framework(dataclasses.replace(pair, framework=module), X.shape[1],
                                   dtype, device, problem.init)
             for name, module in pair.rungs}
    per_step = []
    for batch in problem.batches:
        ends = {"scratch": (scratch.step(X[batch], y[batch]), scratch.state_dict()),
                "framework": (framework.step(X_t[batch], y_t[batch]), framework.state_dict())}
        for name, rung in rungs.items():
            loss, params = rung.step(X_t[batch], y_t[batch]), rung.state_dict()
            per_step += [compare({f"{name} vs {end}": {"loss": loss, **params}},
                                 {f"{name} vs {end}": {"loss": end_loss, **end_params}},
                                 tolerance)
                         for end, (end_loss, end_params) in ends.items()]
    return Outcome(merge(per_step), f"{len(rungs)} rungs, {len(problem.batches)} steps each")


def check_fit(pair, problem, tolerance, dtype, device):
    """The public fit(X, y, batches) gives the same loss history, parameters and predictions."""
    scratch, framework = _both(pair, problem, dtype, device)
    X, y = problem.X, problem.y
    scratch.fit(X, y, problem.batches)
    framework.fit(X, y, problem.batches)
    ours = {"loss_history": scratch.loss_history_, "params": scratch.state_dict(),
            "predict": scratch.predict(X)}
    theirs = {"loss_history": framework.loss_history_, "params": framework.state_dict(),
              "predict": framework.predict(X)}
    return Outcome(compare(ours, theirs, tolerance))


def check_optimum(pair, problem, tolerance, dtype, device):
    """Both sides, trained to convergence, reach scikit-learn's optimum."""
    X, y = problem.X, problem.y
    reference = {name: np.asarray(value, dtype=dtype)
                 for name, value in pair.spec.reference(X, y).items()}
    settings = {"batch_size": None, **pair.spec.reference_fit}
    D = X.shape[1]
    scratch = build_scratch(pair, D, dtype, **settings).fit(X, y)
    framework = build_framework(pair, D, dtype, device, **settings).fit(X, y)
    ours = {"scratch": scratch.state_dict(), "framework": framework.state_dict()}
    return Outcome(compare(ours, {"scratch": reference, "framework": reference}, tolerance),
                   f"vs scikit-learn after {settings}")


# --- data-parallel pairs --------------------------------------------------------------------

def check_data_parallel(pair, problem, tolerance, dtype, device):
    """Scratch workers, framework processes and one process on the whole global batch follow
    the same trajectory: the loss and the parameters after every step."""
    X, y, D = problem.X, problem.y, problem.X.shape[1]
    scratch = build_scratch(pair, D, dtype, problem.init).fit(X, y, problem.batches)
    framework = build_framework(pair, D, dtype, device, problem.init).fit(X, y, problem.batches)
    one = pair.spec.reference(D, pair.spec.hyperparams, dtype, problem.init)
    X_t, y_t = to_device(X, "cpu"), to_device(y, "cpu")
    per_step = []
    for step, idx in enumerate(problem.batches):
        loss = one.step(X_t[idx], y_t[idx])
        runs = {"scratch": (scratch.loss_history_[step], scratch.params_history_[step]),
                "framework": (framework.loss_history_[step], framework.params_history_[step]),
                "one process": (float(loss), one.state_dict())}
        for a, b in (("scratch", "framework"), ("framework", "one process"),
                     ("scratch", "one process")):
            per_step.append(compare({f"{a} vs {b}": {"loss": runs[a][0], **runs[a][1]}},
                                    {f"{a} vs {b}": {"loss": runs[b][0], **runs[b][1]}},
                                    tolerance))
    world_size = pair.spec.hyperparams.get("world_size")
    return Outcome(merge(per_step), f"{world_size} workers, {len(problem.batches)} steps")


# --- estimator pairs ------------------------------------------------------------------------

def _fit_estimators(pair, problem):
    spec = pair.spec
    scratch = getattr(pair.scratch, spec.model)(**spec.hyperparams).fit(problem.X, problem.y)
    framework = getattr(pair.framework, spec.model)(**spec.hyperparams).fit(problem.X, problem.y)
    return scratch, framework


def attribute(model, name):
    """A fitted attribute by name; a dotted name reaches inside one ("tree_.threshold")."""
    return functools.reduce(getattr, name.split("."), model)


def check_fitted(pair, problem, tolerance, dtype, device):
    """The fitted attributes agree one to one, by scikit-learn's names."""
    scratch, framework = _fit_estimators(pair, problem)
    names = pair.spec.attributes
    return Outcome(compare({n: attribute(scratch, n) for n in names},
                           {n: attribute(framework, n) for n in names}, tolerance))


def check_predict(pair, problem, tolerance, dtype, device):
    """The outputs of predict (and the spec's other methods) agree after fit."""
    scratch, framework = _fit_estimators(pair, problem)
    methods = pair.spec.outputs
    X = problem.X if pair.spec.queries is None else pair.spec.queries(problem.rng, problem.X)
    return Outcome(compare({m: getattr(scratch, m)(X) for m in methods},
                           {m: getattr(framework, m)(X) for m in methods}, tolerance))


def make_estimator_problem(pair, dtype, seed):
    rng = make_rng(seed)
    X, y = cast_data(*pair.spec.data(rng), dtype)
    return Problem(X, y, {}, [], rng)


# --- function pairs -------------------------------------------------------------------------

@dataclass
class FunctionProblem:
    """One seeded problem for one function: its inputs and the gradient flowing back into it."""

    name: str
    inputs: tuple
    grad_output: np.ndarray
    rng: np.random.Generator


def cast_inputs(inputs, dtype):
    """Floating inputs in `dtype`; integer ones (class indices) as they are."""
    return tuple(np.asarray(a, dtype=dtype) if np.issubdtype(np.asarray(a).dtype, np.floating)
                 else np.asarray(a) for a in inputs)


def make_function_problem(pair, dtype, seed, name):
    rng = make_rng(seed)
    inputs = cast_inputs(pair.spec.functions[name](rng, *pair.spec.size), dtype)
    output = pair.spec.function(pair.scratch, name)(*inputs)
    grad_output = rng.standard_normal(np.shape(output)).astype(dtype)
    return FunctionProblem(name, inputs, grad_output, rng)


def _value_and_gradient(spec, module, name, inputs, grad_output):
    """f(*inputs) and f_backward(*inputs, grad_output) of one side."""
    return {"value": spec.function(module, name)(*inputs),
            "gradient": spec.function(module, name, backward=True)(*inputs, grad_output)}


def both_function_sides(pair, name, inputs, grad_output, device):
    ours = _value_and_gradient(pair.spec, pair.scratch, name, inputs, grad_output)
    tensors = [to_device(a, device) for a in inputs]
    theirs = _value_and_gradient(pair.spec, pair.framework, name, tensors,
                                 to_device(grad_output, device))
    return ours, theirs


def check_values(pair, problem, tolerance, dtype, device):
    """f(*inputs) agrees."""
    ours = pair.spec.function(pair.scratch, problem.name)(*problem.inputs)
    theirs = pair.spec.function(pair.framework, problem.name)(
        *[to_device(a, device) for a in problem.inputs])
    return Outcome(compare({"value": ours}, {"value": theirs}, tolerance))


def check_function_gradients(pair, problem, tolerance, dtype, device):
    """The hand backward agrees with autograd's vector-Jacobian product."""
    ours, theirs = both_function_sides(pair, problem.name, problem.inputs, problem.grad_output,
                                       device)
    return Outcome(compare({"gradient": ours["gradient"]}, {"gradient": theirs["gradient"]},
                           tolerance))


def check_function_finite_differences(pair, problem, tolerance, dtype, device):
    """The hand backward agrees with central differences of sum(f(inputs) * grad_output), at
    most 64 coordinates of each differentiated input, in float64, without torch."""
    f = pair.spec.function(pair.scratch, problem.name)
    inputs, g = list(problem.inputs), problem.grad_output
    analytic = pair.spec.function(pair.scratch, problem.name, backward=True)(*inputs, g)
    n_wrt = pair.spec.wrt.get(problem.name, 1)
    analytic = analytic if n_wrt > 1 else (analytic,)
    ours, numeric = {}, {}
    for k in range(n_wrt):
        x = inputs[k]
        coords = np.sort(problem.rng.choice(x.size, size=min(x.size, 64), replace=False))
        estimates = []
        for i in coords:
            h = FINITE_DIFFERENCE_STEP * max(1.0, abs(x.flat[i]))
            values = []
            for shifted in (x.flat[i] + h, x.flat[i] - h):
                probe = x.copy()
                probe.flat[i] = shifted
                values.append(np.sum(f(*inputs[:k], probe, *inputs[k + 1:]) * g))
            estimates.append((values[0] - values[1]) / (2 * h))   # (L(x+h) - L(x-h)) / 2h
        ours[f"input {k}"] = np.asarray(analytic[k]).reshape(-1)[coords]
        numeric[f"input {k}"] = np.array(estimates)
    return Outcome(compare(ours, numeric, tolerance))


def check_extremes(pair, problem, tolerance, dtype, device):
    """At extreme but finite inputs: no warning, nothing non-finite, and agreement."""
    inputs = cast_inputs(pair.spec.extremes[problem.name](), dtype)
    output = pair.spec.function(pair.scratch, problem.name)(*inputs)
    grad_output = np.ones(np.shape(output), dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours, theirs = both_function_sides(pair, problem.name, inputs, grad_output, device)
    return Outcome(compare(ours, theirs, tolerance), "at extreme inputs")


# --- optimizer pairs ------------------------------------------------------------------------

@dataclass
class OptimizerProblem:
    """A noisy quadratic: grad(p) = curvature * (p - target) + noise[t], per parameter."""

    class_name: str
    hyperparams: dict
    init: dict
    curvature: dict
    target: dict
    noise: list

    def gradients(self, params, t):
        return {name: self.curvature[name] * (p - self.target[name]) + self.noise[t][name]
                for name, p in params.items()}


def make_optimizer_problem(pair, dtype, seed, variant):
    spec = pair.spec
    rng = make_rng(seed)
    class_name, hyperparams = spec.optimizers[variant]

    def draw(make):
        return {name: make(shape).astype(dtype) for name, shape in spec.shapes.items()}

    init = draw(rng.standard_normal)
    curvature = draw(lambda shape: rng.uniform(0.5, 2.0, shape))
    target = draw(rng.standard_normal)
    noise = [draw(lambda shape: 0.1 * rng.standard_normal(shape)) for _ in range(spec.steps)]
    return OptimizerProblem(class_name, hyperparams, init, curvature, target, noise)


def check_optimizer_trajectory(pair, problem, tolerance, dtype, device):
    """Parameters agree after every step, each side following its own gradients."""
    ours = getattr(pair.scratch, problem.class_name)(problem.init, **problem.hyperparams)
    theirs = getattr(pair.framework, problem.class_name)(problem.init, **problem.hyperparams,
                                                          device=device)
    per_step, first_failure = [], None
    for t in range(len(problem.noise)):
        ours.step(problem.gradients(ours.params, t))
        theirs_now = {name: to_numpy(p) for name, p in theirs.params.items()}
        theirs.step(problem.gradients(theirs_now, t))
        result = compare(ours.params, theirs.params, tolerance)
        per_step.append(result)
        if first_failure is None and not result.ok:
            first_failure = t + 1
    note = f"{len(per_step)} steps"
    if first_failure is not None:
        note = f"first diverged at step {first_failure} of {len(per_step)}; worst over all steps:"
    return Outcome(merge(per_step), note)


# --- metric pairs ---------------------------------------------------------------------------

@dataclass
class MetricProblem:
    """One seeded call of a metric: the case and its inputs."""

    case: object
    inputs: tuple


def make_metric_problem(pair, seed, name):
    case = pair.spec.cases[name]
    return MetricProblem(case, tuple(case.inputs(make_rng(seed))))


def metric_outcome(module, case, inputs):
    """What one side does with a call: {"value", "error", "warnings"}, errors and warnings as
    "Category: message" text. The caller's arrays go in as copies, never shared."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value, error = case.call(module, [np.array(a) for a in inputs]), ""
        except Exception as exception:  # the error itself is what is compared
            value, error = None, f"{type(exception).__name__}: {exception}"
    said = "\n".join(f"{w.category.__name__}: {w.message}" for w in caught)
    return {"value": value, "error": error, "warnings": said}


def check_metric_values(pair, problem, tolerance, dtype, device):
    """Value, warnings and error agree; the case reaches the behaviour its `expect` names."""
    case = problem.case
    ours = metric_outcome(pair.scratch, case, problem.inputs)
    theirs = metric_outcome(pair.framework, case, problem.inputs)
    comparison = compare(ours, theirs, tolerance, equal_nan=True)
    said = "\n".join(text for text in (theirs["error"], theirs["warnings"]) if text)
    if case.expect and case.expect not in said:
        comparison.leaves.append(Leaf("expect", problem=f"the framework side did not say "
                                                        f"{case.expect!r}; it said {said!r}"))
    elif not case.expect and said:
        comparison.leaves.append(Leaf("expect", problem=f"a plain case, but the framework "
                                                        f"side said {said!r}"))
    return Outcome(comparison)


def make_any_problem(case):
    """The seeded problem of a case, by the kind of its pair."""
    if case.pair.kind == "metric":
        return make_metric_problem(case.pair, case.seed, case.variant)
    if case.pair.kind == "optimizer":
        return make_optimizer_problem(case.pair, case.dtype, case.seed, case.variant)
    if case.pair.kind == "function":
        return make_function_problem(case.pair, case.dtype, case.seed, case.variant)
    if case.pair.kind == "estimator":
        return make_estimator_problem(case.pair, case.dtype, case.seed)
    return make_problem(case.pair, case.dtype, case.seed)


CHECKS = {
    "gradient": {
        "forward": check_forward,
        "gradients": check_gradients,
        "finite_differences": check_finite_differences,
        "trajectory": check_trajectory,
        "fit": check_fit,
        "optimum": check_optimum,
        "ladder": check_ladder,
    },
    "estimator": {"fitted": check_fitted, "predict": check_predict},
    "optimizer": {"trajectory": check_optimizer_trajectory},
    "metric": {"values": check_metric_values},
    "distributed": {"trajectory": check_data_parallel},
    "function": {
        "values": check_values,
        "gradients": check_function_gradients,
        "finite_differences": check_function_finite_differences,
        "extremes": check_extremes,
    },
}
