"""The textbook forms: every pair whose scratch side opens with one (attention's whole T x T
scores, k-means' full distance matrix, ...) has its fast form checked equal to it here, on
inputs drawn by hypothesis, while parity checks both forms against the framework."""

import ast
import copy
import inspect

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.compare import compare
from parity.diff import sections
from parity.registry import discover
from parity.tolerances import DEFAULT

FORMS = [(pair, form) for pair in discover() for form in pair.spec.textbook]


def test_the_pairs_with_a_fast_path_open_with_their_textbook_form():
    """Every pair whose scratch side is fast at the cost of plainness; each textbook function
    comes before its fast form in scratch.py."""
    named = {pair.name for pair, _ in FORMS}
    assert named >= {"attention", "kmeans", "dbscan", "decision_tree", "conv", "rnn", "lstm", "gru",
                     "knn", "perceptron", "agglomerative", "linear_models"}
    for pair, form in FORMS:
        source = inspect.getsource(pair.scratch)
        first = source.index(f"def {form.textbook}(")
        assert first < source.index(f"def {form.fast}("), f"{pair.name}: idea first"


@pytest.mark.parametrize("pair", list({pair.name: pair for pair, _ in FORMS}.values()),
                         ids=lambda pair: pair.name)
def test_nothing_but_imports_and_constants_comes_before_the_idea(pair):
    """A reader opening scratch.py meets the docstring, the imports, perhaps a constant, and
    then "# --- the idea": the helpers the textbook form calls come after it, not before."""
    source = (pair.directory / "scratch.py").read_text()
    marker = next(number for number, line in enumerate(source.splitlines(), start=1)
                  if line.startswith("# --- the idea"))
    early = [node.name for node in ast.parse(source).body if node.lineno < marker
             and isinstance(node, (ast.FunctionDef, ast.ClassDef))]
    assert not early, f"{pair.name}: {early} defined before the idea"


def test_each_textbook_form_is_shown_beside_a_framework_section_that_exists():
    for pair, form in FORMS:
        names = {name for name, _ in sections((pair.directory / "framework.py").read_text())}
        assert form.beside in names, f"{pair.name}: framework.py has no {form.beside}"


def test_a_textbook_form_is_short():
    for pair, form in FORMS:
        lines = inspect.getsource(getattr(pair.scratch, form.textbook)).splitlines()
        assert len(lines) <= 20, f"{pair.name}.{form.textbook} has {len(lines)} lines"


@pytest.mark.parametrize(("pair", "form"), FORMS,
                         ids=[f"{pair.name}-{form.textbook}" for pair, form in FORMS])
@given(seed=st.integers(0, 2**32 - 1))
def test_the_fast_form_equals_the_textbook_form(pair, form, seed):
    """The same results, and the same arrays left behind where a form writes into its
    arguments in place (the perceptron's weights); each form gets its own copy of them."""
    arguments = form.inputs(np.random.default_rng(seed))
    said = {}
    for name in (form.fast, form.textbook):
        given = copy.deepcopy(arguments)
        result = getattr(pair.scratch, name)(*given)
        result = result if form.normalize is None else form.normalize(result)
        said[name] = {"result": result, "arguments after": list(given)}
    result = compare(said[form.fast], said[form.textbook], DEFAULT["float64"])
    assert result.ok, f"{pair.name}: {form.fast} against {form.textbook}\n{result.describe()}"
