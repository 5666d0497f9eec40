"""The comparison must find every kind of disagreement and say where it is."""

import warnings

import numpy as np
import pytest
import torch

from parity.compare import compare, flatten, merge
from parity.tolerances import DEFAULT, Tolerance, tolerance_for

TIGHT = Tolerance(rtol=1e-7, atol=1e-7)


def test_equal_trees_pass_with_zero_error():
    tree = {"W": np.arange(6.0).reshape(2, 3), "b": np.ones(3)}
    result = compare(tree, {k: v.copy() for k, v in tree.items()}, TIGHT)
    assert result.ok
    assert result.max_abs == 0.0


def test_tensor_and_array_compare_by_value():
    a = np.linspace(0, 1, 5)
    assert compare({"x": a}, {"x": torch.from_numpy(a.copy())}, TIGHT).ok


def test_mismatch_reports_count_errors_and_worst_index():
    expected = np.zeros((3, 4))
    actual = expected.copy()
    actual[2, 1] = 1e-3
    actual[0, 0] = 1e-11                   # within atol (scaled to 1e-10): not a mismatch
    result = compare({"W": actual}, {"W": expected}, TIGHT)
    assert not result.ok
    (leaf,) = result.failures()
    assert leaf.mismatched == 1
    assert leaf.total == 12
    assert leaf.worst_index == (2, 1)
    assert leaf.max_abs == pytest.approx(1e-3)
    assert "1/12 elements mismatch" in result.describe()


def test_relative_part_of_the_tolerance_scales_with_the_value():
    expected = np.array([1e6])
    assert compare({"x": expected * (1 + 5e-8)}, {"x": expected}, TIGHT).ok
    assert not compare({"x": expected * (1 + 5e-7)}, {"x": expected}, TIGHT).ok


def test_shape_dtype_and_missing_keys_fail():
    W = np.ones((2, 3))
    assert "shape" in compare({"W": W.T}, {"W": W}, TIGHT).describe()
    assert "dtype" in compare({"W": W.astype(np.float32)}, {"W": W}, TIGHT).describe()
    missing = compare({"W": W}, {"W": W, "b": np.ones(3)}, TIGHT)
    assert not missing.ok
    assert "b: missing on the scratch side" in missing.describe()
    extra = compare({"W": W, "X": W}, {"W": W}, TIGHT)
    assert "X: missing on the framework side" in extra.describe()


def test_nan_never_matches_even_nan():
    x = np.array([1.0, np.nan])
    result = compare({"x": x}, {"x": x.copy()}, TIGHT)
    assert not result.ok
    assert "non-finite" in result.describe()


def test_integer_leaves_compare_exactly():
    labels = np.array([0, 1, 2])
    assert compare({"y": labels}, {"y": labels.copy()}, TIGHT).ok
    assert not compare({"y": np.array([0, 1, 1])}, {"y": labels}, Tolerance(1.0, 1.0)).ok


def test_flatten_names_nested_leaves():
    assert list(flatten({"a": {"b": 1}, "c": [2, 3]})) == ["a.b", "c.0", "c.1"]


def test_merge_keeps_the_worst_step_per_leaf():
    base = np.zeros(2)
    steps = [compare({"W": base + d}, {"W": base}, TIGHT) for d in (0.0, 1e-3, 1e-5)]
    merged = merge(steps)
    (leaf,) = merged.leaves
    assert leaf.max_abs == pytest.approx(1e-3)
    assert leaf.mismatched == 4
    assert not merged.ok


def test_tolerance_table_and_overrides():
    assert tolerance_for("gradients", "float64", {}) == DEFAULT["float64"]
    assert tolerance_for("gradients", "float32", {}).rtol == 1.3e-6
    assert tolerance_for("gradients", "float64", {}).scale_atol
    assert not tolerance_for("gradients", "float32", {}).scale_atol
    assert not tolerance_for("finite_differences", "float64", {}).scale_atol
    loose = Tolerance(1e-3, 1e-3, reason="error grows with steps")
    assert tolerance_for("trajectory", "float32", {("trajectory", "float32"): loose}) is loose
    with pytest.raises(ValueError, match="must state a reason"):
        tolerance_for("trajectory", "float32", {("trajectory", "float32"): Tolerance(1, 1)})


def test_atol_shrinks_with_an_array_that_is_small_as_a_whole():
    """A gradient of size ~1e-5 off by 1% passes plain atol 1e-7 but not the scaled one."""
    expected = np.full(10, 1e-5)
    actual = expected * 1.001
    assert not compare({"dX": actual}, {"dX": expected}, TIGHT).ok
    plain = Tolerance(rtol=1e-7, atol=1e-7, scale_atol=False)
    assert compare({"dX": actual}, {"dX": expected}, plain).ok
    # arrays of order one keep the full atol for their near-zero entries
    assert compare({"W": np.array([1.0, 5e-8])}, {"W": np.array([1.0, 0.0])}, TIGHT).ok


def test_equal_nan_matches_nan_and_the_same_infinity_only():
    tolerance = Tolerance(rtol=0.0, atol=0.0, reason="exact")
    left = np.array([np.nan, np.inf, 1.0])
    assert compare(left, left.copy(), tolerance, equal_nan=True).ok
    assert not compare(left, left.copy(), tolerance).ok               # non-finite fails by default
    for other in ([1.0, np.inf, 1.0], [np.nan, -np.inf, 1.0], [np.nan, np.inf, np.nan]):
        assert not compare(left, np.array(other), tolerance, equal_nan=True).ok


def test_text_and_none_leaves_must_be_equal():
    tolerance = Tolerance(rtol=1e-7, atol=1e-7, reason="default")
    assert compare({"error": "", "support": None}, {"error": "", "support": None}, tolerance).ok
    result = compare({"error": "ValueError: a"}, {"error": "ValueError: b"}, tolerance)
    assert not result.ok
    assert "ValueError: a" in result.describe()
    assert not compare({"support": None}, {"support": np.array([1, 2])}, tolerance).ok


def test_atol_scale_cap_makes_atol_relative_to_the_largest_entry():
    expected = np.array([1e6, 0.0])
    actual = np.array([1e6, 0.05])                  # 5e-8 of the largest entry, where 0 is exact
    capped = Tolerance(rtol=1e-7, atol=1e-7, reason="default cap")
    uncapped = Tolerance(rtol=1e-7, atol=1e-7, scale_cap=float("inf"), reason="products")
    assert not compare(actual, expected, capped).ok
    assert compare(actual, expected, uncapped).ok


def test_a_subnormal_expected_value_fails_without_an_overflow_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = compare(np.array([1.0]), np.array([5e-324]), DEFAULT["float64"])
    assert not result.ok


def test_parity_on_cuda_runs_deterministic_kernels_and_on_cpu_leaves_them_alone():
    """A CUDA case turns on torch's deterministic algorithms and cuDNN's deterministic mode
    (and cuBLAS's fixed workspace is asked for before CUDA starts); a CPU case turns them off
    again, so that nothing of one case's setting leaks into the next."""
    import os

    from parity.seeding import seed_everything

    assert os.environ["CUBLAS_WORKSPACE_CONFIG"] == ":4096:8"
    try:
        seed_everything(0, "cuda")
        assert torch.are_deterministic_algorithms_enabled()
        assert torch.is_deterministic_algorithms_warn_only_enabled()
        assert torch.backends.cudnn.deterministic
        assert not torch.backends.cudnn.benchmark
    finally:
        seed_everything(0, "cpu")
    assert not torch.are_deterministic_algorithms_enabled()
    assert not torch.backends.cudnn.deterministic


@pytest.mark.cuda
@pytest.mark.parametrize(("pair", "check"), [("conv", "gradients"), ("attention", "gradients"),
                                             ("lstm", "gradients"), ("cnn", "trajectory")])
def test_the_same_cuda_case_twice_gives_bit_identical_results(pair, check):
    """The flake check: in deterministic mode a CUDA case reproduces itself to the bit (its
    errors against the framework side, run twice, are equal), so the re-run command a failure
    prints reproduces the failure."""
    from parity.registry import discover
    from parity.runner import cases, run_case

    selected = list(cases(discover(names=[pair]), checks=[check], dtypes=["float32"],
                          devices=["cuda"]))
    first, second = ([(r.max_abs, r.max_rel, r.status) for r in map(run_case, selected)]
                     for _ in range(2))
    assert first == second
