"""The walkthrough: a pair of each kind added as CONTRIBUTING.md tells a newcomer to.

In a temporary copy of the repository, `python -m parity new NAME --kind KIND` writes each pair;
the edits below fill in a small but correct algorithm and its mutants, inside the pair's folder
only; then `pytest tests -k NAME` (parity, the battery, the contract, the bug zoo, the test for
leftover TODOs) passes for every one of them, and every file outside the new folders is byte
for byte what it was.
"""

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from parity.scaffold import KINDS

ROOT = Path(__file__).parents[1]
CACHES = ("__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".benchmarks")
IGNORED = shutil.ignore_patterns(".git", ".nox", ".venv", "*.egg-info", "site", "plots",
                                 *CACHES)

# {pair: (kind, {file: [(snippet of the scaffold, what the contributor writes), ...]})}
FILLS = {
    "ridge_regression": ("gradient", {           # CONTRIBUTING.md's running example
        "scratch.py": [
            ('    hyperparameters = {"n_features": Integer(low=1), **TRAINING}\n\n'
             "    def __init__(self, n_features, lr=0.1,",
             '    hyperparameters = {"n_features": Integer(low=1), "alpha": Real(low=0), '
             "**TRAINING}\n\n    def __init__(self, n_features, alpha=1.0, lr=0.1,"),
            ("import TRAINING, Integer,", "import TRAINING, Integer, Real,"),
            ('        raise NotImplementedError("ridge_regression scratch: forward")',
             "        return (X @ self.W + self.b)[:, 0]                     # (N,)"),
            ('        raise NotImplementedError("ridge_regression scratch: loss")',
             "        return np.mean((self.forward(X) - y) ** 2) + self.alpha * np.sum(self.W**2)"),
            ('        raise NotImplementedError("ridge_regression scratch: gradients")',
             "        N = len(X)\n"
             "        y_hat = self.forward(X)\n"
             "        dy_hat = (2 / N) * (y_hat - y)                         # dL/dy_hat (N,)\n"
             '        grads = {"W": X.T @ dy_hat[:, None] + 2 * self.alpha * self.W,\n'
             '                 "b": dy_hat.sum(keepdims=True)}               # sum over batch\n'
             "        if input_grad:\n"
             '            grads["X"] = dy_hat[:, None] * self.W.T            # dL/dy_hat W^T\n'
             "        loss = np.mean((y_hat - y) ** 2) + self.alpha * np.sum(self.W**2)\n"
             "        return loss, grads"),
        ],
        "framework.py": [
            ('    hyperparameters = {"n_features": Integer(low=1), **TRAINING}\n\n'
             "    def __init__(self, n_features, lr=0.1,",
             '    hyperparameters = {"n_features": Integer(low=1), "alpha": Real(low=0), '
             "**TRAINING}\n\n    def __init__(self, n_features, alpha=1.0, lr=0.1,"),
            ("import TRAINING, Integer,", "import TRAINING, Integer, Real,"),
            ('        raise NotImplementedError("ridge_regression framework: forward")',
             "        return self.linear(X)[:, 0]"),
            ('        raise NotImplementedError("ridge_regression framework: loss")',
             "        return (nn.functional.mse_loss(self.forward(X), y)\n"
             "                + self.alpha * (self.linear.weight**2).sum())"),
        ],
        "spec.py": [   # the spec CONTRIBUTING.md shows
            ("import data\n", "import numpy as np\nfrom sklearn.linear_model import Ridge\n\n"
             "import data\n"),
            ("SPEC = GradientSpec(", 'def closed_form(X, y):\n'
             "    ridge = Ridge(alpha=0.1 * len(X)).fit(X, y)\n"
             '    return {"W": ridge.coef_[:, None], "b": np.atleast_1d(ridge.intercept_)}\n\n\n'
             "SPEC = GradientSpec("),
            ('    hyperparams={"lr": 0.05},', '    hyperparams={"lr": 0.05, "alpha": 0.1},\n'
             "    reference=closed_form,\n"
             '    reference_fit={"lr": 0.1, "epochs": 500},'),
            ('"trajectory", "fit"),', '"trajectory", "fit", "optimum"),'),
        ],
        "mutants.py": [
            ("from parity.mutation import Mutant",
             "from parity.mutation import GRADIENT_CHECKS, UPDATE_CHECKS, Mutant"),
            ("MUTANTS: list[Mutant] = []", """MUTANTS = [
    Mutant("missing 1/N", "dy_hat = (2 / N) * (y_hat - y)", "dy_hat = 2 * (y_hat - y)",
           GRADIENT_CHECKS),
    Mutant("the penalty's gradient without its 2", "+ 2 * self.alpha * self.W",
           "+ self.alpha * self.W", GRADIENT_CHECKS | {"optimum"}),
    Mutant("update climbs the gradient", 'self.W -= self.lr * grads["W"]',
           'self.W += self.lr * grads["W"]', UPDATE_CHECKS),
]"""),
        ],
    }),
    "mean_regressor": ("estimator", {
        "scratch.py": [
            ('    hyperparameters = {"alpha": Real(low=0)}\n\n    def __init__(self, alpha=1.0):\n'
             "        self.alpha = alpha",
             '    hyperparameters = {"strategy": Options("mean", "median")}\n\n'
             '    def __init__(self, strategy="mean"):\n        self.strategy = strategy'),
            ("from algorithms._params import Real,", "import numpy as np\n\n"
             "from algorithms._params import Options,"),
            ('        raise NotImplementedError("mean_regressor scratch: fit")',
             '        average = np.mean if self.strategy == "mean" else np.median\n'
             "        self.constant_ = np.reshape(average(y, axis=0), (1, -1))   # (1, 1)\n"
             "        return self"),
            ('        raise NotImplementedError("mean_regressor scratch: predict")',
             "        return np.full(len(X), self.constant_[0, 0])"),
        ],
        "framework.py": [
            ('    hyperparameters = {"alpha": Real(low=0)}\n\n    def __init__(self, alpha=1.0):\n'
             "        self.alpha = alpha",
             '    hyperparameters = {"strategy": Options("mean", "median")}\n\n'
             '    def __init__(self, strategy="mean"):\n        self.strategy = strategy'),
            ("from algorithms._params import Real,", "from sklearn.dummy import DummyRegressor\n\n"
             "from algorithms._params import Options,"),
            ('        raise NotImplementedError("mean_regressor framework: fit")',
             "        self.estimator_ = DummyRegressor(strategy=self.strategy).fit(X, y)\n"
             "        self.constant_ = self.estimator_.constant_\n"
             "        return self"),
            ('        raise NotImplementedError("mean_regressor framework: predict")',
             "        return self.estimator_.predict(X)"),
        ],
        "spec.py": [('attributes=("coef_",)', 'attributes=("constant_",)'),
                    ("    invalid_hyperparams=(),\n",
                     '    variants={"mean": {}, "median": {"strategy": "median"}},\n'
                     '    check_estimator_opt_outs={"MeanRegressor": {\n'
                     '        "check_regressors_train": "a constant scores below the R^2 the '
                     'check asks for"}},\n')],
        "mutants.py": [("MUTANTS: list[Mutant] = []", """MUTANTS = [
    Mutant("the median where the mean is meant", 'np.mean if self.strategy == "mean"',
           'np.median if self.strategy == "mean"', frozenset({"fitted", "predict"})),
    Mutant("the mean of X, not of y", "average(y, axis=0)", "average(X, axis=0)",
           frozenset({"fitted", "predict"})),
    Mutant("predict forgets the constant", "np.full(len(X), self.constant_[0, 0])",
           "np.zeros(len(X))", frozenset({"predict"})),
]""")],
    }),
    "square": ("function", {
        "scratch.py": [
            ('    raise NotImplementedError("scratch: the function")', "    return Z**2"),
            ('    raise NotImplementedError("scratch: its backward pass")',
             "    return 2 * Z * dA                                        # (Z^2)' = 2 Z"),
        ],
        "framework.py": [('    raise NotImplementedError("framework: the function")',
                          "    return Z**2")],
        "mutants.py": [
            ("from parity.mutation import Mutant",
             "from parity.mutation import FUNCTION_GRADIENT_CHECKS, VALUES, Mutant"),
            ("MUTANTS: list[Mutant] = []", """MUTANTS = [
    Mutant("derivative without the 2", "return 2 * Z * dA", "return Z * dA",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("derivative of 2 Z, not of Z^2", "return 2 * Z * dA", "return 2 * dA",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("twice Z, not its square", "return Z**2", "return 2 * Z", VALUES),
]"""),
        ],
    }),
    "mean_absolute_error": ("metric", {
        "scratch.py": [
            ("from algorithms._metric_inputs",
             "import numpy as np\n\nfrom algorithms._metric_inputs"),
            ('    raise NotImplementedError("scratch: the metric")',
             "    return float(np.average(np.abs(y_pred - y_true), weights=sample_weight))"),
        ],
        "framework.py": [
            ("from algorithms._metric_inputs", "from sklearn import metrics\n\n"
             "from algorithms._metric_inputs"),
            ('    raise NotImplementedError("framework: the metric")',
             "    return metrics.mean_absolute_error(y_true, y_pred, sample_weight=sample_weight)"),
        ],
        "mutants.py": [("MUTANTS: list[Mutant] = []", """MUTANTS = [
    Mutant("the error without its absolute value", "np.abs(y_pred - y_true)", "(y_pred - y_true)",
           frozenset({"values"})),
    Mutant("the weights ignored", "weights=sample_weight", "weights=None", frozenset({"values"})),
    Mutant("the squared error", "np.abs(y_pred - y_true)", "(y_pred - y_true) ** 2",
           frozenset({"values"})),
]""")],
    }),
    "plain_sgd": ("optimizer", {
        "scratch.py": [('        raise NotImplementedError("plain_sgd scratch: step")',
                        "        for name, p in self.params.items():\n"
                        "            p -= self.lr * grads[name]                 # p <- p - lr g")],
        "framework.py": [
            ("from algorithms._params", "import torch\n\nfrom algorithms._params"),
            ("self.optimizer = None ",
             "self.optimizer = torch.optim.SGD(self.params.values(), lr=lr)"),
        ],
        "mutants.py": [("MUTANTS: list[Mutant] = []", """MUTANTS = [
    Mutant("the step climbs the gradient", "p -= self.lr", "p += self.lr",
           frozenset({"trajectory"})),
    Mutant("the rate squared", "p -= self.lr * grads", "p -= self.lr**2 * grads",
           frozenset({"trajectory"})),
    Mutant("the first parameter only", "for name, p in self.params.items():",
           "for name, p in list(self.params.items())[:1]:", frozenset({"trajectory"})),
]""")],
    }),
    "lecun_normal": ("initializer", {
        "scratch.py": [
            ("import numpy as np\n", "import math\n\nimport numpy as np\n"),
            ('    raise NotImplementedError(f"scratch: the draw of {shape}, fans {fans(shape)}")',
             "    fan_in, fan_out = fans(shape)\n"
             "    rng = np.random.default_rng() if generator is None else generator\n"
             "    return rng.normal(0.0, 1 / math.sqrt(fan_in), shape).astype(dtype)"),
        ],
        "framework.py": [
            ("import numpy as np\n", "import math\n\nimport numpy as np\n"),
            ("    raise NotImplementedError("
             'f"framework: the draw of {W.shape}, fans {fans(shape)}")',
             "    return torch.nn.init.normal_(W, 0.0, 1 / math.sqrt(fans(shape)[0]),\n"
             "                                 generator=generator)"),
        ],
        "mutants.py": [("MUTANTS: list[Mutant] = []", """MUTANTS = [
    Mutant("fan_out where fan_in is meant", "1 / math.sqrt(fan_in)", "1 / math.sqrt(fan_out)",
           frozenset({"scale"})),
    Mutant("the variance where the deviation is meant", "1 / math.sqrt(fan_in)",
           "1 / fan_in", frozenset({"scale"})),
    Mutant("uniform draws", "rng.normal(0.0, 1 / math.sqrt(fan_in), shape)",
           "rng.uniform(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), shape)",
           frozenset({"scale", "distribution"})),
]""")],
    }),
}


def documented_runs():
    """The `python -m parity` lines of CONTRIBUTING.md's "Run it" block (the pytest line is
    the run below, over all the new pairs)."""
    text = (ROOT / "CONTRIBUTING.md").read_text()
    block = text.split("## 4. Run it")[1].split("```bash\n")[1].split("```")[0]
    commands = [re.sub(r"\s+#.*", "", line).strip() for line in block.splitlines()]
    runs = [command for command in commands if command.startswith("python -m parity")]
    assert len(runs) >= 3, block
    assert all(shlex.split(command)[4] == "ridge_regression" for command in runs), runs
    return runs


def fingerprint(root):
    """{path: sha256} of every file under root, caches aside."""
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*"))
            if path.is_file() and not set(path.relative_to(root).parts) & set(CACHES)}


def fill(directory, edits):
    """The contributor's edits: each snippet of the scaffold, found once, replaced; then the
    TODO markers of the docstrings and comments, which now describe what is there."""
    for file, replacements in edits.items():
        path = directory / file
        text = path.read_text()
        for find, replace in replacements:
            assert text.count(find) == 1, f"{path}: {find!r} occurs {text.count(find)} times"
            text = text.replace(find, replace)
        path.write_text(text)
    for path in directory.glob("*.py"):
        path.write_text(re.sub(r"TODO:? ?", "", path.read_text()))


def run(copy, *command):
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run([sys.executable, *command], cwd=copy, env=env, capture_output=True,
                          text=True, check=False)


def test_every_kind_has_a_walkthrough_pair():
    assert sorted(kind for kind, _ in FILLS.values()) == sorted(KINDS)


@pytest.mark.slow
def test_a_pair_of_each_kind_passes_with_no_edit_outside_its_folder(tmp_path):
    copy = tmp_path / "twice"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    before = fingerprint(copy)
    for name, (kind, edits) in FILLS.items():
        done = run(copy, "-m", "parity", "new", name, "--kind", kind)
        assert done.returncode == 0, done.stderr
        fill(copy / "algorithms" / name, edits)
    for command in documented_runs():               # CONTRIBUTING.md's "Run it", as written
        done = run(copy, "-m", *shlex.split(command)[2:])
        assert done.returncode == 0, (command, done.stdout[-3000:], done.stderr[-2000:])
    report = tmp_path / "report.xml"
    # (test_docs aside: it asks that the pair CONTRIBUTING.md scaffolds does not exist yet)
    selected = f"({' or '.join(FILLS)}) and not test_docs"
    tests = run(copy, "-m", "pytest", "tests", "-k", selected, "-p", "no:benchmark",
                "-p", "no:cacheprovider", "-q", "-x", "-rfE", f"--junitxml={report}")
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-2000:]
    ran = [(case.get("classname"), case.get("name"))
           for case in ElementTree.parse(report).iter("testcase") if case.find("skipped") is None]
    for name in FILLS:                  # each pair went through each kind of test
        files = {module.rsplit(".", 1)[-1] for module, test in ran if name in test}
        assert {"test_parity", "test_battery", "test_contract", "test_bug_zoo"} <= files, (
            name, sorted(files))
    imported = run(copy, "-c", "import algorithms; print(algorithms.__file__)").stdout
    assert imported.startswith(str(copy)), f"the copy's tests imported {imported}"
    after = fingerprint(copy)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    outside = sorted(path for path in changed if Path(path).parts[:2] not in
                     {("algorithms", name) for name in FILLS})
    assert not outside, f"the walkthrough changed files outside the new pairs: {outside[:10]}"
    summary = tests.stdout.strip().splitlines()[-1]
    assert " passed" in summary, summary
    assert "failed" not in summary, summary
