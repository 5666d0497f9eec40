"""The contract between a pair and the harness, checked by reading the source of every pair."""

import ast
import inspect
import re
import sys

import pytest

from parity.registry import ALGORITHMS_DIR, discover

PAIRS = discover()
# The shared modules a scratch side may import (input checks, declared hyperparameters,
# model checks, text sampling, the metrics' input checks): NumPy-only themselves, checked below.
SHARED = sorted(path.stem for path in ALGORITHMS_DIR.glob("_*.py")
                if path.stem not in ("__init__", "_torch"))
# regex splits a text into the pieces a tokenizer merges within (GPT-2's and GPT-4's patterns
# use Unicode classes such as \p{L}, which the standard library's re lacks): a tool to read
# the text with, as the standard library is, not a part of the algorithm.
ALLOWED_IN_SCRATCH = {"numpy", "regex", *(f"algorithms.{name}" for name in SHARED)}
# A scratch side may build on other pairs' scratch sides (the MLP reuses the stable sigmoid
# and log-softmax): composition stays NumPy-only, since each of those is checked too.
SCRATCH_MODULE = re.compile(r"algorithms\.[a-z_][a-z0-9_]*\.scratch")
FRAMEWORK_ONLY_PARAMETERS = {"device", "timeout"}  # where and how long the framework runs


def _signature(function):
    return (function.name, tuple(a.arg for a in function.args.args + function.args.kwonlyargs
                                 if a.arg not in FRAMEWORK_ONLY_PARAMETERS))


def _is_public(function):
    return not function.name.startswith("_") or function.name == "__init__"


def outline(path):
    """[(class, [(method, (params...)), ...]), ...] for the public classes a file defines, in
    order, with their public methods and __init__ (private helpers may differ between sides).

    A method named backward or ending in _backward (a part's hand-derived backward pass, as
    the transformer's Block has) is left out: the framework side's twin of it is autograd, not
    a method.
    A class whose base is defined in the same file lists what it inherits from there too,
    sorted by name: the two sides may share code in different ways (a torch base class that
    calls optimizer.step() for all its subclasses) as long as each class offers the same."""
    tree = ast.parse(path.read_text())
    defined = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}

    def methods(node):
        own = [f for f in node.body if isinstance(f, ast.FunctionDef) and _is_public(f)
               and f.name != "backward" and not f.name.endswith("_backward")]  # autograd's
        local_bases = [defined[b.id] for b in node.bases
                       if isinstance(b, ast.Name) and b.id in defined]
        if not local_bases:
            return [_signature(f) for f in own]
        available = {}
        for base in local_bases:
            available.update(dict(methods(base)))
        available.update(dict(_signature(f) for f in own))
        return sorted(available.items())

    return [(name, methods(node)) for name, node in defined.items() if not name.startswith("_")]


def function_outline(path):
    """[(function, (params...)), ...] for the public module-level functions, in order (the
    framework's device and timeout aside, as for methods)."""
    tree = ast.parse(path.read_text())
    return [_signature(node) for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield ("." * node.level) + (node.module or "")


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_both_sides_share_one_outline(pair):
    """Same classes, same methods in the same order, same parameters (framework adds device),
    so that `diff -y scratch.py framework.py` lines up."""
    shape = function_outline if pair.kind.outline == "functions" else outline
    textbook = {form.textbook for form in pair.spec.textbook}      # scratch's own lesson
    scratch = [item for item in shape(pair.directory / "scratch.py") if item[0] not in textbook]
    framework = shape(pair.directory / "framework.py")
    assert scratch, f"{pair.name}/scratch.py defines nothing public"
    assert scratch == framework


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_scratch_imports_only_numpy_and_the_standard_library(pair):
    for module in imported_modules(pair.directory / "scratch.py"):
        top = module.split(".")[0]
        assert (module in ALLOWED_IN_SCRATCH or top == "numpy" or top in sys.stdlib_module_names
                or SCRATCH_MODULE.fullmatch(module)), f"{pair.name}/scratch.py imports {module}"


@pytest.mark.parametrize("name", SHARED)
def test_the_shared_scratch_helpers_import_only_numpy_and_the_standard_library(name):
    for module in imported_modules(ALGORITHMS_DIR / f"{name}.py"):
        top = module.split(".")[0]
        assert (top == "numpy" or top in sys.stdlib_module_names
                or module in ALLOWED_IN_SCRATCH), f"{name} imports {module}"


def test_the_shared_modules_are_found():
    assert {"_inputs", "_params", "_model_checks", "_text", "_metric_inputs"} <= set(SHARED)


# Constructor arguments that are not hyperparameters of the model: where the framework runs
# and for how long, and the parameters an optimizer is given.
NOT_DECLARED = {"self", "device", "timeout", "params"}


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_both_sides_declare_the_same_hyperparameters_and_nothing_goes_undeclared(pair):
    """Each class states its hyperparameters once, as data (algorithms/_params.py): the two
    sides' tables are equal, and every argument of the constructor is in them."""
    for scratch_class, framework_class in pair.kind.classes(pair):
        declared = scratch_class.hyperparameters
        assert declared == framework_class.hyperparameters, scratch_class.__name__
        for cls in (scratch_class, framework_class):
            arguments = set(inspect.signature(cls.__init__).parameters) - NOT_DECLARED
            assert arguments == set(declared), (cls.__module__, cls.__name__)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_pair_folder_is_complete_and_documented(pair):
    assert pair.summary, f"{pair.name}/__init__.py needs a one-line docstring"
    for side in (pair.scratch, pair.framework):
        doc = side.__doc__ or ""
        assert len(doc.strip().splitlines()) >= 3, f"{side.__name__}: docstring with the math"
    for name in pair.kind.public_names(pair):
        assert hasattr(pair.scratch, name), f"{pair.name}/scratch.py lacks {name}"
        assert hasattr(pair.framework, name), f"{pair.name}/framework.py lacks {name}"


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_no_todo_is_left_in_the_pair(pair):
    """The scaffold marks what is left to write with TODO; a pair keeps none of them."""
    left = [f"{path.name}:{number}: {line.strip()}"
            for path in sorted(pair.directory.rglob("*.py"))
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if "TODO" in line]
    assert not left, f"{pair.name} still has TODOs:\n" + "\n".join(left)


def test_inherited_methods_count_in_the_outline(tmp_path):
    one = tmp_path / "one.py"
    two = tmp_path / "two.py"
    one.write_text("class _Base:\n    def step(self, g): ...\n"
                   "class A(_Base):\n    def __init__(self, p): ...\n")
    two.write_text("class A:\n    def __init__(self, p, device): ...\n")
    assert outline(one) == [("A", [("__init__", ("self", "p")), ("step", ("self", "g"))])]
    assert outline(one) != outline(two)          # two's A cannot step
    two.write_text("class _Shared:\n    def step(self, g): ...\n"
                   "class A(_Shared):\n    def __init__(self, p, device): ...\n")
    assert outline(one) == outline(two)          # bases may differ in name


def test_outline_check_can_fail(tmp_path):
    one = tmp_path / "one.py"
    two = tmp_path / "two.py"
    one.write_text("class M:\n    def fit(self, X, y): ...\n    def predict(self, X): ...\n")
    two.write_text("class M:\n    def predict(self, X): ...\n    def fit(self, X, y): ...\n")
    assert outline(one) != outline(two)
    two.write_text("class M:\n    def fit(self, X, y, device): ...\n"
                   "    def predict(self, X): ...\n")
    assert outline(one) == outline(two)


LADDERS = [pair for pair in PAIRS if pair.rungs]


def test_the_ladders_exist():
    assert {pair.name for pair in LADDERS} >= {"linear_regression", "mlp"}


@pytest.mark.parametrize("pair", LADDERS, ids=lambda p: p.name)
def test_every_rung_keeps_the_outline_of_its_neighbours(pair):
    """Rung k diffed against rung k+1 lines up method by method, as scratch against framework."""
    framework = outline(pair.directory / "framework.py")
    assert outline(pair.directory / "scratch.py") == framework
    for name, _ in pair.rungs:
        assert outline(pair.directory / f"{name}.py") == framework, f"{pair.name}/{name}.py"


@pytest.mark.parametrize("pair", LADDERS, ids=lambda p: p.name)
def test_every_rung_says_where_it_stands_and_the_readme_walks_the_ladder(pair):
    total = len(pair.rungs) + 2
    files = ["scratch.py", *(f"{name}.py" for name, _ in pair.rungs), "framework.py"]
    for k, (name, module) in enumerate(pair.rungs, start=2):
        assert f"rung {k} of {total}" in module.__doc__.splitlines()[0], name
    readme = (pair.directory / "README.md").read_text()
    assert "## The ladder" in readme, f"{pair.name}/README.md needs a section on its ladder"
    readme = readme[readme.index("## The ladder"):]
    positions = [readme.find(f"`{file}`") for file in files]
    assert -1 not in positions, f"{pair.name}/README.md must name {files}"
    assert positions == sorted(positions), "the README walks the rungs in order"
