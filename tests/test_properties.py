"""Property tests: hypothesis draws shapes (N = 1 and D = 1 included) and values (extreme but
finite ones included); both sides of every gradient pair get the same arrays and must agree,
with no NaN, no inf and no overflow warning (warnings are errors in this suite)."""

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from algorithms._torch import to_tensor as to_device
from parity.compare import compare
from parity.kinds import of_kind
from parity.kinds.function import both_sides as both_function_sides
from parity.kinds.function import cast_inputs
from parity.kinds.gradient import all_gradients, build_framework, build_scratch, model_size
from parity.mutation import Mutant, mutate
from parity.registry import discover
from parity.tolerances import DEFAULT, Tolerance

GRADIENT_PAIRS = of_kind(discover(), "gradient")
PAIRS = [pair for pair in GRADIENT_PAIRS
         if not pair.spec.image_features and pair.spec.inputs == "numbers"]
# Models of ids (language models, word vectors): hypothesis draws the ids and the weights' scale.
ID_PAIRS = [pair for pair in GRADIENT_PAIRS if pair.spec.inputs != "numbers"]
# Models of images take a fixed number of pixels: hypothesis draws N and the values only.
IMAGE_PAIRS = [pair for pair in GRADIENT_PAIRS if pair.spec.image_features]

# Hypothesis builds ill-conditioned inputs on purpose (a column at 1e4 that varies by 1e-5):
# two correct implementations then differ by far more than eps in quantities that cancel to 0,
# so these tests keep torch's plain atol rather than scaling it to the result.
EXTREME = Tolerance(rtol=1e-7, atol=1e-7, scale_atol=False,
                    reason="ill-conditioned inputs: errors follow the terms, not the result")
RELATIVE_TO_LARGEST = Tolerance(rtol=1e-7, atol=1e-7, scale_cap=float("inf"),
                                reason="products of large weights through saturated softmaxes")


@st.composite
def problems(draw, dtype, bound, image_features=None):
    """(X, seed): N x D values within +-bound; D = image_features for a model of images."""
    N = draw(st.integers(1, 40))
    D = image_features or draw(st.integers(1, 6))
    values = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=32)
    if image_features:
        # Max pooling sends each window's gradient to its largest input. Pixels of ~1e-16
        # against biases of ~1 make windows that tie but for rounding, which each side's
        # summation order decides its own way: both right, yet their input gradients differ.
        # Exact zeros tie exactly (the first maximum wins on both sides) and stay allowed.
        values = values.filter(lambda v: v == 0 or abs(v) >= 1e-6)
    X = draw(arrays(dtype, (N, D), elements=values))
    seed = draw(st.integers(0, 2**32 - 1))
    return X, seed


def agree(pair, X, seed, dtype, init_scale=1.0, y=None, tolerance=None):
    rng = np.random.default_rng(seed)
    y = pair.spec.targets(rng, len(X)) if y is None else y
    y = y.astype(dtype) if np.issubdtype(y.dtype, np.floating) else y
    D = model_size(pair, X)
    scratch, framework = build_scratch(pair, D, dtype), build_framework(pair, D, dtype, "cpu")
    init = {name: (init_scale * rng.standard_normal(value.shape)).astype(dtype)
            for name, value in scratch.state_dict().items()}
    scratch.load_state_dict(init)
    framework.load_state_dict(init)
    loss, grads = all_gradients(pair, scratch, X, y)
    loss_t, grads_t = all_gradients(pair, framework, to_device(X, "cpu"), to_device(y, "cpu"))
    ours = {"forward": scratch.forward(X), "loss": loss, **grads}
    theirs = {"forward": framework.forward(to_device(X, "cpu")), "loss": loss_t, **grads_t}
    if tolerance is None:
        tolerance = EXTREME if np.dtype(dtype) == np.float64 else DEFAULT["float32"]
    result = compare(ours, theirs, tolerance)
    assert result.ok, result.describe()
    assert np.isfinite(loss)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
@given(problem=problems(np.float64, bound=1e4))
@example(problem=(np.array([[1e4]]), 0))                     # N = 1, D = 1, extreme
@example(problem=(np.array([[-1e4, 1e4, 0.0]]), 1))          # N = 1
@example(problem=(np.linspace(-1e4, 1e4, 7)[:, None], 2))    # D = 1
def test_extreme_inputs_float64(pair, problem):
    """|x| up to 1e4 with unit-scale weights: logits of order 1e4, no overflow anywhere (but
    where the spec opts out of the battery's extreme values, for the reason it gives)."""
    if "extreme_values" in pair.spec.battery_opt_outs:
        pytest.skip(pair.spec.battery_opt_outs["extreme_values"])
    agree(pair, *problem, np.float64)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
@given(problem=problems(np.float32, bound=10.0))
@example(problem=(np.array([[3.0]], dtype=np.float32), 0))   # N = 1, D = 1
def test_float32_inputs(pair, problem):
    agree(pair, *problem, np.float32, init_scale=0.1)


@pytest.mark.parametrize("pair", IMAGE_PAIRS, ids=lambda p: p.name)
@given(data=st.data())
def test_image_models_at_extreme_inputs_float64(pair, data):
    """Pixels up to +-1e4 with unit-scale weights through every layer: no overflow."""
    agree(pair, *data.draw(problems(np.float64, 1e4, pair.spec.image_features)), np.float64)


@pytest.mark.parametrize("pair", IMAGE_PAIRS, ids=lambda p: p.name)
@given(data=st.data())
def test_image_models_float32_inputs(pair, data):
    agree(pair, *data.draw(problems(np.float32, 10.0, pair.spec.image_features)), np.float32,
          init_scale=0.1)


@st.composite
def id_problems(draw, pair):
    """(X, y, seed) of ids below the vocabulary, N up to 6: a language model's N x T tokens and
    next tokens (T up to 8), or word pairs (N, 2) and K noise words for each."""
    N, ids = draw(st.integers(1, 6)), st.integers(0, pair.spec.vocab_size - 1)
    if pair.spec.inputs == "tokens":
        T = draw(st.integers(1, 8))
        shapes = (N, T), (N, T)
    else:
        shapes = (N, 2), (N, pair.spec.hyperparams["n_negatives"])
    return (draw(arrays(np.int64, shapes[0], elements=ids)),
            draw(arrays(np.int64, shapes[1], elements=ids)), draw(st.integers(0, 2**32 - 1)))


# The largest weights a model of ids is compared at, where it is not 30: an encoder-decoder's
# cross-attention queries reach the loss only through its softmax, and at weights of scale 10
# most of them are saturated, the rest split between two near-tied keys (0.92 / 0.08), so the
# queries' gradient (and that of the norm before them) is a difference of terms ~1e8 times
# larger, which each side rounds its own way: they part by ~1e-7 of the largest entry at scale
# 10 and by more at 30, while at 3 they agree to 1e-10.
LARGEST_SCALE = {"seq2seq_transformer": 3.0}


@pytest.mark.parametrize("pair", ID_PAIRS, ids=lambda p: p.name)
@given(data=st.data())
def test_models_of_ids_agree_from_any_weights(pair, data):
    """Any ids (and contexts), weights of scale 0.1 to 30: at 30 a language model's logits
    reach the thousands through every block, word vectors' dot products the tens of thousands
    (the extreme inputs of models of ids), and nothing overflows. Saturated softmaxes and
    sigmoids make entries whose exact value is 0 carry rounding noise of the largest terms:
    atol is relative to each array's largest entry."""
    X, y, seed = data.draw(id_problems(pair))
    scale = data.draw(st.sampled_from([0.1, 1.0, LARGEST_SCALE.get(pair.name, 30.0)]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        agree(pair, X, seed, np.float64, init_scale=scale, y=y, tolerance=RELATIVE_TO_LARGEST)


FUNCTIONS = [(pair, name) for pair in of_kind(discover(), "function")
             for name in pair.spec.functions]


def agree_function(pair, name, Z, n=None, k=None, seed=0):
    """f and f_backward agree on both sides at Z, finite and without a warning; or both refuse
    Z with a ValueError (batch norm in training with one sample)."""
    rng = np.random.default_rng(seed)
    n, k = n or Z.shape[0], k or Z.shape[-1]
    inputs = list(cast_inputs(pair.spec.functions[name](rng, n, k), np.float64))
    assert inputs[0].shape == Z.shape, "draw Z in the shape the maker gives"
    inputs[0] = Z
    try:
        grad_output = np.ones(np.shape(pair.spec.function(pair.scratch, name)(*inputs)))
    except ValueError:
        with pytest.raises(ValueError, match="more than 1 value"):
            pair.spec.function(pair.framework, name)(*[to_device(a, "cpu") for a in inputs])
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours, theirs = both_function_sides(pair, name, inputs, grad_output, "cpu")
    # a pair whose gradients are products of several inputs declares a looser tolerance
    result = compare(ours, theirs, pair.spec.tolerances.get(("extremes", "float64"), EXTREME))
    assert result.ok, result.describe()


@pytest.mark.parametrize(("pair", "name"), FUNCTIONS, ids=[f"{p.name}-{n}" for p, n in FUNCTIONS])
@given(data=st.data())
def test_functions_agree_at_extreme_values(pair, name, data):
    """Values up to +-1e4 in the first input, of any size the pair's maker gives for (n, k)
    (N = 1 included): no NaN, no inf, no overflow warning, the same as torch."""
    n, k = data.draw(st.integers(1, 12)), data.draw(st.integers(1, 12))
    shape = np.shape(pair.spec.functions[name](np.random.default_rng(0), n, k)[0])
    values = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)
    agree_function(pair, name, data.draw(arrays(np.float64, shape, elements=values)), n, k)


@pytest.mark.parametrize("name", ["attention_padding", "grouped_query"])
def test_attention_key_gradients_that_cancel_to_zero_at_large_equal_queries(name):
    """Queries all 8043 (hypothesis found it, n = 11, k = 9): every key's gradient is exactly
    0, and what each side keeps is rounding of terms of size |Q| |dP|, up to 1e-10."""
    pair = next(pair for pair, _ in FUNCTIONS if pair.name == "attention")
    shape = np.shape(pair.spec.functions[name](np.random.default_rng(0), 11, 9)[0])
    agree_function(pair, name, np.full(shape, 8043.0), 11, 9)


UNSTABLE = [
    ("sigmoid", "naive sigmoid overflows for z << 0",
     "    return 0.5 * (1 + np.tanh(0.5 * Z))",
     "    return 1 / (1 + np.exp(-Z))"),
    ("log_softmax", "log-softmax without subtracting the max",
     "shifted = Z - Z.max(axis=-1, keepdims=True)", "shifted = Z"),
]


@pytest.mark.parametrize(("function", "name", "find", "replace"), UNSTABLE,
                         ids=[u[1] for u in UNSTABLE])
def test_unstable_rewrites_are_caught_at_extreme_inputs(function, name, find, replace):
    activations = next(p for p, _ in FUNCTIONS if p.name == "activations")
    pair = mutate(activations, Mutant(name, find, replace, frozenset()))
    with pytest.raises((RuntimeWarning, AssertionError)):
        agree_function(pair, function, np.array([[1e4, -1e4], [-1e4, 1e4], [3.0, -2.0]]))


# --- initializers: for any shape and any setting, the numbers each side draws from ---------

INITIALIZERS = of_kind(discover(), "initializer")


@pytest.mark.parametrize("pair", INITIALIZERS, ids=lambda p: p.name)
@given(shape=st.lists(st.integers(1, 9), min_size=2, max_size=5).map(tuple),
       gain=st.floats(0, 10), slope=st.floats(-3, 3), data=st.data())
def test_initializers_hand_their_generator_the_same_numbers_for_any_shape(pair, shape, gain,
                                                                          slope, data):
    """Fans, gains and the (low, high) or (mean, std) of the draw: bit-equal for any shape,
    gain, leaky slope, mode and nonlinearity (the parity cases fix ten settings)."""
    from parity.kinds.initializer import InitializerProblem, check_scale
    from parity.tolerances import DEFAULT

    function = data.draw(st.sampled_from(
        sorted({function for function, _, _ in pair.spec.initializers.values()})))
    takes = inspect.signature(getattr(pair.scratch, function)).parameters
    choices = {"gain": st.just(gain), "a": st.just(slope),
               "mode": st.sampled_from(["fan_in", "fan_out"]),
               "nonlinearity": st.sampled_from(["leaky_relu", "relu", "tanh", "linear", "conv2d",
                                                "sigmoid", "selu"])}
    keywords = {name: data.draw(strategy) for name, strategy in choices.items() if name in takes}
    problem = InitializerProblem(function, shape, keywords, seed=0)
    outcome = check_scale(pair, problem, DEFAULT["float64"], np.float64, "cpu")
    assert outcome.comparison.ok, outcome.comparison.describe()
