"""Behaviour of single pairs that the generic checks cannot state."""

import numpy as np
import pytest

from algorithms.naive_bayes import framework, scratch


@pytest.mark.parametrize("X", [np.ones((5, 3)), np.array([[1.0, 2.0]])],
                         ids=["constant features", "one sample"])
def test_naive_bayes_refuses_data_without_variance_on_both_sides(X):
    y = np.zeros(len(X))
    messages = []
    for side in (scratch, framework):
        with pytest.raises(ValueError, match="every feature of X is constant") as info:
            side.GaussianNB().fit(X, y)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_gradient_descent_on_a_parabola_follows_the_closed_form():
    """(x - 3)^2 from x = 10 at lr 0.1: x_t = 3 + 7 * 0.8^t, worked out by hand."""
    from algorithms.optimizers import framework as torch_side
    from algorithms.optimizers import scratch as numpy_side
    from algorithms.optimizers.lesson import descend

    expected = [3 + 7 * 0.8**t for t in range(1, 31)]
    for side in (numpy_side, torch_side):
        np.testing.assert_allclose(descend(side, "SGD", 30, lr=0.1), expected, rtol=1e-12)
