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
