"""Gradient pairs: models trained by gradients, NumPy by hand against PyTorch's autograd.

Both sides share the outline (CONTRIBUTING.md):
    Model(n_features, **hyperparams, dtype=..., [device=...])
    state_dict() -> {name: array}      load_state_dict({name: array})
    forward(X)                         gradients(X, y) -> (loss, {name: dL/dname})
                                       gradients(X, y, input_grad=True): and "X": dL/dX
    step(X, y) -> loss                 fit(X, y, batches) -> self, with loss_history_
    predict(X) -> NumPy array
forward, gradients and step take native arrays (NumPy on the scratch side, tensors on the
framework side); fit and predict take NumPy arrays and validate them. A language model
takes token ids X (N, T) and the next token at every position y (N, T); a word-embedding
model, (center, context) ids X (N, 2) and negative samples y (N, K) (class Inputs).
"""

import dataclasses
import inspect
import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from algorithms._inputs import minibatches
from algorithms._torch import to_tensor
from parity.compare import Comparison, Leaf, compare, merge
from parity.kinds.base import (
    ModelKind,
    Outcome,
    Problem,
    Spec,
    cast_data,
    central_differences,
    probed_coordinates,
    trajectory,
)
from parity.seeding import make_rng
from parity.tolerances import FINITE_DIFFERENCE_STEP, Tolerance, for_loss, tolerance_for


@dataclass(frozen=True)
class Inputs:
    """What a gradient pair's X and y hold (the spec's `inputs`), and what follows for parity.

    numbers      X real (N, D), y the spec's targets; the model's first argument is D
    tokens       a language model: X token ids (N, T), y the next token at every position
                 (N, T), both below the spec's vocab_size; the first argument is T (a
                 sequence-to-sequence model: X the source, y the target, of T tokens each)
    word_pairs   a word-embedding model: X (center, context) ids (N, 2), y the ids of K noise
                 words for each pair (N, K), K the hyperparameter n_negatives; the models'
                 first argument is the vocab_size
    """

    name: str
    input_grad: bool                     # dL/dX exists: X holds numbers, not ids
    opt_outs: dict = field(default_factory=dict)   # battery checks that cannot apply
    columns: int | None = None           # X's fixed width, where it has one
    label_words: str = "integer class labels"      # what refusing a bad id in y says

    def size(self, pair, n_columns):
        """The models' first argument for an X of n_columns columns."""
        return pair.spec.vocab_size if self.name == "word_pairs" else n_columns

    def data(self, pair, rng, n_samples, n_columns, vocab_size=None):
        """Random (X, y) of any size, ids below vocab_size (default: the spec's)."""
        V = pair.spec.vocab_size if vocab_size is None else vocab_size
        if self.name == "numbers":
            return (rng.standard_normal((n_samples, n_columns)),
                    pair.spec.targets(rng, n_samples))
        X = rng.integers(0, V, (n_samples, n_columns))
        width = n_columns if self.name == "tokens" else pair.spec.hyperparams["n_negatives"]
        return X, rng.integers(0, V, (n_samples, width))

    def bench_data(self, pair, rng, N, D):
        """(X, y) of a benchmark at size (N, D), D being the models' first argument: the
        columns of X, or the vocabulary of word pairs."""
        if self.name == "word_pairs":
            return self.data(pair, rng, N, 2, vocab_size=D)
        return self.data(pair, rng, N, D)


IDS_ARE_NO_MAGNITUDES = {
    "separable": "X holds ids, not points: it has no regions to pull apart",
    "integer_input": "X holds integer ids in every problem (float32 X: float32_input); 3 X "
                     "would leave the vocabulary",
    "extreme_values": "ids are indices, not magnitudes: scaled, they leave the vocabulary "
                      "(refused: the ndim check); extreme logits come from large weights "
                      "instead (tests/test_properties.py)",
    "huge_values": "ids are indices, not magnitudes: 1e39 is no id (refused: the ndim check)",
}
INPUTS = {
    "numbers": Inputs("numbers", input_grad=True),
    "tokens": Inputs("tokens", input_grad=False, opt_outs=IDS_ARE_NO_MAGNITUDES),
    "word_pairs": Inputs("word_pairs", input_grad=False, columns=2,
                         label_words="integer word ids", opt_outs={
        **IDS_ARE_NO_MAGNITUDES,
        "one_feature": "X's two columns are a center word and its context: one is no pair",
        "n_features_mismatch": "the model has no width of its own: X always has 2 columns, "
                               "which the ndim check's third column probes"}),
}


def inputs(pair):
    """The pair's Inputs: what its X and y hold."""
    return INPUTS[pair.spec.inputs]


def model_size(pair, X):
    """The models' first argument for the data X: its columns, or a vocabulary's size."""
    return inputs(pair).size(pair, np.shape(X)[1])


def all_gradients(pair, model, X, y):
    """model.gradients(X, y), with dL/dX asked for too where X is numbers, not ids: parity
    checks the input gradient, which training (step, fit) never builds."""
    if inputs(pair).input_grad:
        return model.gradients(X, y, input_grad=True)
    return model.gradients(X, y)


def build_scratch(pair, n_features, dtype, init=None, **overrides):
    """The scratch model, with the initial parameters `init` loaded if given."""
    model = getattr(pair.scratch, pair.spec.model)(
        n_features, **{**pair.spec.hyperparams, **overrides}, dtype=dtype)
    if init is not None:
        model.load_state_dict(init)
    return model


def build_framework(pair, n_features, dtype, device, init=None, **overrides):
    """The framework model on `device`, with the initial parameters `init` loaded if given."""
    model = getattr(pair.framework, pair.spec.model)(
        n_features, **{**pair.spec.hyperparams, **overrides}, dtype=dtype, device=device)
    if init is not None:
        model.load_state_dict(init)
    return model


def both(pair, problem, dtype, device):
    D = model_size(pair, problem.X)
    return (build_scratch(pair, D, dtype, problem.init),
            build_framework(pair, D, dtype, device, problem.init))


def make_problem(pair, dtype, seed):
    """Draw data, initial parameters and batches from one generator, in that order."""
    spec = pair.spec
    rng = make_rng(seed)
    X, y = cast_data(*spec.data(rng), dtype, ids=not inputs(pair).input_grad)
    D = model_size(pair, X)
    shapes = {name: value.shape for name, value in build_scratch(pair, D, dtype)
              .state_dict().items()}
    if spec.init == "scratch":
        seed_for_init = int(rng.integers(2**31))
        init = build_scratch(pair, D, dtype, seed=seed_for_init).state_dict()
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


def first_argument(pair):
    """The name of the models' first argument: n_features (the columns of X), a language
    model's context length, or a word-embedding model's vocab_size."""
    init = getattr(pair.scratch, pair.spec.model).__init__
    return list(inspect.signature(init).parameters)[1]


# --- the checks -------------------------------------------------------------------------------

def check_forward(pair, problem, tolerance, dtype, device):
    """forward(X) and predict(X) agree from the same parameters."""
    scratch, framework = both(pair, problem, dtype, device)
    X = problem.X
    ours = {"forward": scratch.forward(X), "predict": scratch.predict(X)}
    theirs = {"forward": framework.forward(to_tensor(X, device)),
              "predict": framework.predict(X)}
    return Outcome(compare(ours, theirs, tolerance))


def check_gradients(pair, problem, tolerance, dtype, device):
    """The loss and hand gradients (every parameter and the input) agree with autograd."""
    scratch, framework = both(pair, problem, dtype, device)
    X, y = problem.X, problem.y
    loss, grads = all_gradients(pair, scratch, X, y)
    loss_t, grads_t = all_gradients(pair, framework, to_tensor(X, device), to_tensor(y, device))
    return Outcome(compare({"loss": loss, **grads}, {"loss": loss_t, **grads_t}, tolerance))


def loss_of(pair, model, name):
    """The loss whose gradient `name` is: the model's loss, or, in a game of several players
    (a GAN), the loss of the player that owns the parameter (the spec's player_losses)."""
    for prefix, method in pair.spec.player_losses.items():
        if name.startswith(prefix):
            return getattr(model, method)
    return model.loss


def check_finite_differences(pair, problem, tolerance, dtype, device):
    """Hand gradients agree with central differences of the scratch loss (float64, no torch);
    in a game (a GAN), each parameter's with its own player's loss (the spec's player_losses).

    At most 64 coordinates of each parameter and of X are probed, chosen by the seeded rng
    (where X holds ids, not numbers: parameters only). ReLU and max-pool have kinks,
    where a central difference is no derivative: a coordinate that disagrees is probed once
    more with its entry moved by 3h, which leaves a kink that lay within h at least 2h away,
    while a wrong hand gradient disagrees at both points.
    """
    scratch = build_scratch(pair, model_size(pair, problem.X), dtype, problem.init)
    batch = problem.batches[0]
    X, y = problem.X[batch], problem.y[batch]
    params = scratch.state_dict()
    loss, grads = all_gradients(pair, scratch, X, y)
    wanted = {*params, "X"} if inputs(pair).input_grad else set(params)
    missing = sorted(wanted - set(grads))
    if missing:
        leaves = [Leaf(name, problem="gradients() returned no gradient") for name in missing]
        return Outcome(Comparison(leaves))

    def probe(name, base, coords):
        """(hand, numeric) dL/d(name) at the flat indices coords, with `base` as its value."""
        objective = loss_of(pair, scratch, name)

        def loss_at(value):
            if name == "X":
                return objective(value, y)
            scratch.load_state_dict({**params, name: value})
            return objective(X, y)

        scratch.load_state_dict(params if name == "X" else {**params, name: base})
        hand = all_gradients(pair, scratch, base if name == "X" else X, y)[1][name]
        return (np.asarray(hand).reshape(-1)[coords],
                central_differences(loss_at, base, coords))

    tolerance = for_loss(tolerance, loss)
    analytic, numeric, moved = {}, {}, 0
    for name in grads:
        base = X if name == "X" else params[name]
        coords = probed_coordinates(problem.rng, base.size)
        analytic[name], numeric[name] = probe(name, base, coords)
        apart = np.abs(analytic[name] - numeric[name]) > (
            tolerance.atol + tolerance.rtol * np.abs(numeric[name]))
        for j in np.flatnonzero(apart):
            shifted = base.copy()
            shifted.flat[coords[j]] += 3 * FINITE_DIFFERENCE_STEP * max(1.0, abs(
                shifted.flat[coords[j]]))
            (analytic[name][j],), (numeric[name][j],) = probe(name, shifted, [coords[j]])
            moved += 1
    scratch.load_state_dict(params)
    note = "scratch gradients vs central differences of scratch.loss"
    if moved:
        note += f" ({moved} coordinates probed again 3h away: a kink within h)"
    return Outcome(compare(analytic, numeric, tolerance), note)


def check_trajectory(pair, problem, tolerance, dtype, device):
    """Parameters agree after every one of `steps` optimizer steps on the same batches."""
    scratch, framework = both(pair, problem, dtype, device)
    X, y = problem.X, problem.y
    X_t, y_t = to_tensor(X, device), to_tensor(y, device)
    per_step = []
    for batch in problem.batches:
        loss = scratch.step(X[batch], y[batch])
        loss_t = framework.step(X_t[batch], y_t[batch])
        per_step.append(compare({"loss": loss, **scratch.state_dict()},
                                {"loss": loss_t, **framework.state_dict()}, tolerance))
    return trajectory(per_step)


def check_ladder(pair, problem, tolerance, dtype, device):
    """Every rung of the pair's ladder follows the same trajectory as scratch and framework:
    the loss and parameters after each step, from the same start on the same batches."""
    scratch, framework = both(pair, problem, dtype, device)
    X, y = problem.X, problem.y
    X_t, y_t = to_tensor(X, device), to_tensor(y, device)
    rungs = {name: build_framework(dataclasses.replace(pair, framework=module), model_size(pair, X),
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
    scratch, framework = both(pair, problem, dtype, device)
    X, y = problem.X, problem.y
    scratch.fit(X, y, problem.batches)
    framework.fit(X, y, problem.batches)
    ours = {"loss_history": scratch.loss_history_, "params": scratch.state_dict(),
            "predict": scratch.predict(X)}
    theirs = {"loss_history": framework.loss_history_, "params": framework.state_dict(),
              "predict": framework.predict(X)}
    return Outcome(compare(ours, theirs, tolerance))


# The same arithmetic split at other places: a cache's keys come from products over fewer
# rows, which BLAS may sum in another order; float64 agrees to rounding, far inside 1e-12.
CACHE_FLOAT64 = Tolerance(rtol=1e-12, atol=1e-12, reason="cached and uncached float64 logits: "
                          "the same sums, rows split differently")


def check_kv_cache(pair, problem, tolerance, dtype, device):
    """Generation with a KV cache sees what the whole sequence's forward pass sees: the first
    half of each sequence in one call (a prefill), three tokens in the next (queries fewer than
    keys), then one token per call, give the logits of one uncached forward pass at every
    position, on each side (float64 to 1e-12, float32 to its tolerance) and across them."""
    import torch

    scratch, framework = both(pair, problem, dtype, device)
    X = problem.X[:4]
    T = X.shape[1]
    cuts = [0, T // 2, T // 2 + 3, *range(T // 2 + 4, T + 1)]        # prefill, 3, then 1s
    ours_cache, theirs_cache = scratch.new_kv_cache(), framework.new_kv_cache()
    ours, theirs = [], []
    for begin, end in itertools.pairwise(cuts):
        ours.append(scratch.forward(X[:, begin:end], ours_cache))
        with torch.no_grad():
            theirs.append(framework.forward(to_tensor(X[:, begin:end], device), theirs_cache))
    ours = np.concatenate(ours, axis=1)                               # (N, T, V)
    theirs = np.concatenate([np.asarray(z.cpu()) for z in theirs], axis=1)
    with torch.no_grad():
        theirs_whole = framework.forward(to_tensor(X, device))
    within = CACHE_FLOAT64 if dtype == "float64" else tolerance
    return Outcome(merge([
        compare({"scratch cached vs uncached": ours},
                {"scratch cached vs uncached": scratch.forward(X)}, within),
        compare({"torch cached vs uncached": theirs},
                {"torch cached vs uncached": theirs_whole}, within),
        compare({"cached, scratch vs torch": ours}, {"cached, scratch vs torch": theirs},
                tolerance)]), f"{len(cuts) - 1} calls: a prefill of {T // 2}, 3, then 1s")


def check_optimum(pair, problem, tolerance, dtype, device):
    """Both sides, trained to convergence, reach the spec's reference optimum (scikit-learn's,
    or a closed form)."""
    X, y = problem.X, problem.y
    reference = {name: np.asarray(value, dtype=dtype)
                 for name, value in pair.spec.reference(X, y).items()}
    settings = {"batch_size": None, **pair.spec.reference_fit}
    D = model_size(pair, X)
    scratch = build_scratch(pair, D, dtype, **settings).fit(X, y)
    framework = build_framework(pair, D, dtype, device, **settings).fit(X, y)
    ours = {"scratch": scratch.state_dict(), "framework": framework.state_dict()}
    return Outcome(compare(ours, {"scratch": reference, "framework": reference}, tolerance),
                   f"vs the reference optimum after {settings}")


class GradientKind(ModelKind):
    name = "gradient"
    checks: ClassVar[dict] = {"forward": check_forward, "gradients": check_gradients,
                              "finite_differences": check_finite_differences,
                              "trajectory": check_trajectory, "fit": check_fit,
                              "optimum": check_optimum, "ladder": check_ladder,
                              "kv_cache": check_kv_cache}
    float64_only = ("finite_differences", "optimum")
    scratch_only = ("finite_differences",)
    implementations = ("numpy", "torch-cpu", "torch-cuda")
    model_opt_outs: ClassVar[dict] = {
        "predict_before_fit": "the parameters exist from __init__, as in a torch module: "
                              "predict before fit is the initial model, not an error",
        "idempotent_fit": "fit continues from the current parameters, like a torch training "
                          "loop; same_seed checks that fresh models fitted alike are "
                          "bit-identical",
    }
    fit_settings: ClassVar[dict] = {"batch_size": 5, "epochs": 3, "seed": 7}
    tolerance_check = "fit"

    def problem(self, pair, dtype, seed, variant):
        return make_problem(pair, dtype, seed)

    def opt_outs(self, pair, checks):
        """The battery checks this pair skips, with their reasons."""
        return {**self.model_opt_outs, **inputs(pair).opt_outs}

    # --- battery ---------------------------------------------------------------------------

    def features(self, pair):
        """X's fixed width (2 for word pairs); the pixels of the smallest image an image model
        takes (image_features); or 3."""
        return inputs(pair).columns or pair.spec.image_features or 3

    def make(self, pair, side, n_features=None, **overrides):
        """A gradient pair's framework side starts from the scratch side's initial
        parameters, as in parity: the two initializers draw from different generators."""
        first = first_argument(pair)         # n_features, a context_length or a vocab_size
        n_features = overrides.pop(first, inputs(pair).size(
            pair, self.features(pair) if n_features is None else n_features))
        dtype = overrides.pop("dtype", "float64")
        if side == "scratch":
            return build_scratch(pair, n_features, dtype, **overrides)
        model = build_framework(pair, n_features, dtype, "cpu", **overrides)  # its own checks
        model.load_state_dict(build_scratch(pair, n_features, dtype, **overrides)
                              .state_dict())
        return model

    def small_problem(self, pair, n_samples, n_features=None, seed=0):
        n_features = self.features(pair) if n_features is None else n_features
        return inputs(pair).data(pair, np.random.default_rng(seed), n_samples, n_features)

    def outputs(self, pair, model, X):
        return {"params": model.state_dict(), "predict": model.predict(X)}

    def label_kind(self, pair):
        y = self.small_problem(pair, 12)[1]
        return "indices" if np.issubdtype(y.dtype, np.integer) else "real"

    def target_name(self, pair):
        return pair.spec.target_name

    def bad_targets(self, pair):
        y_name, y = self.target_name(pair), self.small_problem(pair, 12)[1]
        if pair.spec.inputs == "tokens":
            T, V = self.features(pair), pair.spec.vocab_size
            from parity.battery import with_value

            return [("1-D y", lambda X, y: (X, y[:, 0]), "y must be a 2-D array"),
                    ("3-D y", lambda X, y: (X, y[:, :, None]), "y must be a 2-D array"),
                    ("y with one position less than X", lambda X, y: (X, y[:, :-1]),
                     f"y has {T - 1} positions, but X has {T}"),
                    ("a token id out of the vocabulary",
                     lambda X, y: (with_value(X, V), y), "integer token ids"),
                    ("a fractional token id", lambda X, y: (with_value(X, 0.5), y),
                     "integer token ids")]
        if y.ndim == 1:
            return super().bad_targets(pair)
        L = y.shape[1]                       # noise eps (N, L), or negative samples (N, K)
        found = [(f"1-D {y_name}", lambda X, y: (X, y[:, 0]), f"{y_name} must be a 2-D array"),
                 (f"3-D {y_name}", lambda X, y: (X, y[:, :, None]),
                  f"{y_name} must be a 2-D array"),
                 (f"{y_name} with a column less", lambda X, y: (X, y[:, :-1]),
                  f"{y_name} has {L - 1} columns, but the model has {L}")]
        if pair.spec.inputs == "word_pairs":
            from parity.battery import with_value

            found += [("X with a third column", lambda X, y: (np.hstack([X, X[:, :1]]), y),
                       "X has 3 features, but the model was built for 2"),
                      ("a word id out of the vocabulary",
                       lambda X, y: (with_value(X, pair.spec.vocab_size), y),
                       "integer word ids"),
                      ("a fractional word id", lambda X, y: (with_value(X, 0.5), y),
                       "integer word ids")]
        return found

    def integer_labels(self, pair):
        return inputs(pair).label_words

    def agree_at_scale(self, pair, description, X, y):
        """Parity's forward and gradients checks from unit-scale weights, untrained (logits of
        order 1e6, far past exp's overflow), with every warning an error."""
        from parity.battery import BatteryFailure

        rng = np.random.default_rng(1)
        init = {name: rng.standard_normal(np.shape(value))
                for name, value in self.make(pair, "scratch").state_dict().items()}
        problem = Problem(X, y, init, [], rng)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                tolerance = tolerance_for("fit", "float64", pair.spec.tolerances)
                found = [check(pair, problem, tolerance, "float64", "cpu").comparison
                         for check in (check_forward, check_gradients)]
            except Exception as error:
                raise BatteryFailure(f"{description}: {type(error).__name__}: {error}") from error
        if not all(result.ok for result in found):
            raise BatteryFailure(f"{description}: "
                                 + "\n".join(result.describe() for result in found))

    # --- benchmarks and figures ---------------------------------------------------------------

    def bench_loops(self, pair):
        """step and forward; and next_token for a model with a KV cache."""
        return ("step", "forward", *(("next_token",) if "kv_cache" in pair.spec.checks else ()))

    def bench_run(self, pair, loop, implementation, N, D, rng):
        """step, forward or next_token (the last token after a KV cache of the D - 1 before
        it) in float32, with shared random parameters, inputs on the device."""
        import torch

        X, y = inputs(pair).bench_data(pair, rng, N, D)
        X = X if np.issubdtype(X.dtype, np.integer) else X.astype(np.float32)  # ids stay ints
        y = y.astype(np.float32) if np.issubdtype(y.dtype, np.floating) else y
        sized = pair.spec.bench_hyperparams
        sized = sized(N, D) if callable(sized) else sized              # those that follow D
        params = {name: (0.1 * rng.standard_normal(np.shape(value))).astype(np.float32)
                  for name, value in build_scratch(pair, D, "float32", **sized)
                  .state_dict().items()}
        device = "cpu" if implementation == "numpy" else implementation.removeprefix("torch-")
        if implementation == "numpy":
            model = build_scratch(pair, D, "float32", params, **sized)
        else:
            model = build_framework(pair, D, "float32", device, params, **sized)
            X, y = to_tensor(X, device), to_tensor(y, device)

        def step():
            model.step(X, y)

        def forward():
            with torch.no_grad():
                model.forward(X)

        if loop == "next_token":
            with torch.no_grad():
                cache = model.new_kv_cache()
                model.forward(X[:, :-1], cache)

            def next_token():
                with torch.no_grad():
                    model.forward(X[:, -1:], [layer.copy() for layer in cache])

            return next_token
        return step if loop == "step" else forward

    def figures(self, pair, folder):
        from parity import plots

        pair = plots.first_variant(pair)
        paths = [plots.loss_curves(pair, folder / f"{pair.name}-loss.png")]
        if plots.is_classifier(pair) and not pair.spec.image_features:
            paths.append(plots.decision_regions(pair, folder / f"{pair.name}-regions.png"))
        return paths

    def figure_fits(self, pair, X, y, **training):
        """Both sides fitted on (X, y) in float64 from one start: full batch, 2000 epochs at
        lr 0.5 (the figures), or the `training` given."""
        settings = {"batch_size": None, "epochs": 2000, "lr": 0.5, **training}
        ours = build_scratch(pair, model_size(pair, X), "float64", **settings)
        theirs = build_framework(pair, model_size(pair, X), "float64", "cpu", ours.state_dict(),
                                 **settings)
        return ours.fit(X, y), theirs.fit(X, y)


GRADIENT = GradientKind()

@dataclass(frozen=True, kw_only=True)
class GradientSpec(Spec):
    """A pair whose two sides share the Differentiable outline (CONTRIBUTING.md, "The spec")."""

    kind: ClassVar[object] = GRADIENT

    model: str                              # the class both scratch.py and framework.py define
    data: Callable                          # rng -> (X, y) in float64: the parity data set
    targets: Callable | None = None         # (rng, n) -> y for synthetic X (inputs numbers)
    hyperparams: dict = field(default_factory=dict)   # keywords besides n_features, dtype, device
    init: Callable | str | None = None      # (rng, shapes) -> params; None: N(0, init_scale^2);
    init_scale: float = 0.1                 # "scratch": the scratch model's own draw, seeded
    checks: tuple = ("forward", "gradients", "finite_differences", "trajectory", "fit",
                     "optimum")
    steps: int = 20                         # optimizer steps of the trajectory and fit checks
    batch_size: int = 32                    # samples per step in those
    reference: Callable | None = None       # (X, y) -> params at the optimum
    reference_fit: dict = field(default_factory=dict)  # the settings that reach it, full batch
    image_features: int | None = None       # a model of images: the pixels of the smallest one
    inputs: str = "numbers"                 # what X and y hold: numbers, tokens (a language
                                            # model) or word_pairs (class Inputs)
    vocab_size: int | None = None           # tokens, word_pairs: ids below it
    target_name: str = "y"                  # fit's second argument: y, or a generative model's
                                            # noise (N, L), 2-D
    # overrides for the benchmarks: a dict, or (N, D) -> dict where they follow the size
    bench_hyperparams: object = field(default_factory=dict)
    player_losses: dict = field(default_factory=dict)  # a game: {parameter prefix: the
                                            # method (X, y) -> the loss its player minimizes}

    def __post_init__(self):
        if self.ladder and "ladder" not in self.checks:
            object.__setattr__(self, "checks", (*self.checks, "ladder"))
        super().__post_init__()
        if self.inputs not in INPUTS:
            raise ValueError(f"inputs must be one of {sorted(INPUTS)}; got {self.inputs!r}")
        if (self.targets is None) != (self.inputs != "numbers"):
            raise ValueError("a gradient spec has targets where its inputs are numbers, and "
                             "only there")
        if (self.vocab_size is None) != (self.inputs == "numbers"):
            raise ValueError("a gradient spec of tokens or word_pairs has a vocab_size")
        if self.inputs == "word_pairs" and "n_negatives" not in self.hyperparams:
            raise ValueError("a word_pairs spec names n_negatives in its hyperparams: the "
                             "battery draws that many noise words for each pair")
        if "optimum" in self.checks and self.reference is None:
            raise ValueError("the optimum check needs a reference (X, y) -> params")
