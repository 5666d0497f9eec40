"""Every kind of battery check fails on a deliberately broken pair.

Each mutant breaks one robustness property of a real pair (a forgotten input check, a squeeze
that drops the feature axis at D = 1, an unseeded shuffle, an attribute that cannot be pickled,
an in-place edit of the caller's array...) and names the battery checks that must catch it.
Together the mutants cover every check in the battery.
"""

import pytest

from parity.battery import BATTERY, opt_outs, run_battery
from parity.mutation import Mutant, mutate
from parity.registry import discover

PAIRS = {pair.name: pair for pair in discover()}

LINEAR_FIT_CHECK = "X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features)"
NB_FIT_CHECK = ("        X, y = check_X_y(X, y, dtype=float_dtype(X), discrete=True)"
                "  # float32 stays float32\n")


def caught(*checks):
    return frozenset(checks)


def broken(pair, name, find, replace, caught_by):
    """A mistake planted into `pair` that the battery checks `caught_by` must catch."""
    return Mutant(name, find, replace, caught_by, pair=pair)


TOKENS_FIT_CHECK = ("X, y = check_tokens_targets(X, y, vocab_size=self.vocab_size,\n"
                    "                                    n_positions=self.context_length)")

MUTANTS = [
    broken("transformer", "token ids cast to integers, never checked", TOKENS_FIT_CHECK,
           "X, y = np.asarray(X).astype(np.int64), np.asarray(y)", caught("ndim")),
    broken("char_lm", "next tokens taken as given: their shape unchecked", TOKENS_FIT_CHECK,
           "X, y = check_tokens(X, vocab_size=self.vocab_size, "
           "n_positions=self.context_length), "
           "np.asarray(y)", caught("ndim")),
    broken("linear_regression", "fit skips the input checks", LINEAR_FIT_CHECK,
           "X, y = np.asarray(X, self.dtype), np.asarray(y, self.dtype)",
           caught("nan", "inf", "empty")),
    broken("naive_bayes", "infinities replaced by zeros", NB_FIT_CHECK,
           "        X, y = check_X_y(np.nan_to_num(X, nan=np.nan, posinf=0.0, neginf=0.0), y, "
           "dtype=float_dtype(X), discrete=True)\n", caught("inf")),
    broken("linear_regression", "X flattened to 2-D whatever its ndim", LINEAR_FIT_CHECK,
           "X, y = check_X_y(np.reshape(X, (len(X), -1)), y, dtype=self.dtype, "
           "n_features=self.n_features)", caught("ndim")),
    broken("naive_bayes", "complex X quietly made real", NB_FIT_CHECK,
           "        X, y = check_X_y(np.real(X), y, dtype=float_dtype(X), discrete=True)\n",
           caught("wrong_type")),
    broken("linear_regression", "X truncated to the length of y", LINEAR_FIT_CHECK,
           "X, y = check_X_y(X[:len(y)], y, dtype=self.dtype, n_features=self.n_features)",
           caught("length_mismatch")),
    broken("linear_regression", "predict lets an empty X through",
           "        X = check_X(X, dtype=self.dtype, n_features=self.n_features)\n"
           "        return self.forward(X)",
           "        if len(X) == 0:\n            return np.zeros(0)\n"
           "        X = check_X(X, dtype=self.dtype, n_features=self.n_features)\n"
           "        return self.forward(X)", caught("empty")),
    broken("linear_regression", "a model of zero features is allowed",
           '"n_features": Integer(low=1)', '"n_features": Integer(low=0)',
           caught("hyperparameters")),
    broken("perceptron", "fit_intercept declared as a number: 0 and 1 go by truthiness",
           '"fit_intercept": Flag()', '"fit_intercept": Integer(low=0, high=1)',
           caught("hyperparameters")),
    broken("knn", "more neighbours than training points: an IndexError deep inside",
           "        if self.n_neighbors > len(X):\n", "        if False:\n",
           caught("hyperparameter_combinations")),
    broken("naive_bayes", "an X without columns skips the input checks", NB_FIT_CHECK,
           "        X, y = ((np.asarray(X, float), np.asarray(y)) if np.shape(X)[1:] == (0,) "
           "else check_X_y(X, y, dtype=float_dtype(X), discrete=True))\n", caught("zero_features")),
    broken("softmax_regression", "labels not checked against the classes",
           "                         classes=self.n_classes)", "                         )",
           caught("bad_labels")),
    broken("naive_bayes", "var_smoothing never checked",
           '        check_hyperparameters(self)\n', "", caught("hyperparameters")),
    broken("naive_bayes", "predict does not ask whether fit ran",
           '        check_is_fitted(self, "theta_")\n', "", caught("predict_before_fit")),
    broken("naive_bayes", "predict does not check the number of features",
           "X = check_X(X, dtype=self.theta_.dtype, n_features=self.n_features_in_)",
           "X = check_X(X, dtype=self.theta_.dtype)", caught("n_features_mismatch")),
    broken("linear_regression", "squeeze turns one prediction into a scalar",
           "return (X @ self.W + self.b)[:, 0]", "return (X @ self.W + self.b).squeeze()",
           caught("one_sample")),
    broken("naive_bayes", "squeeze drops the feature axis when D = 1", NB_FIT_CHECK,
           NB_FIT_CHECK + "        X = X.squeeze()\n", caught("one_feature")),
    broken("naive_bayes", "smoothing from the smallest variance",
           "np.var(X, axis=0).max()", "np.var(X, axis=0).min()", caught("constant_feature")),
    broken("linear_regression", "N counts distinct rows", "        N = X.shape[0]\n",
           "        N = len(np.unique(X, axis=0))\n", caught("duplicate_rows")),
    broken("logistic_regression", "cross-entropy from probabilities: log(0) once separable",
           "        loss = np.mean(softplus(z) - y * z)",
           "        loss = -np.mean(y * np.log(sigmoid(z)) + (1 - y) * np.log(1 - sigmoid(z)))",
           caught("separable", "extreme_values")),
    broken("linear_regression", "trains in the input's dtype", LINEAR_FIT_CHECK,
           "X, y = check_X_y(X, y, dtype=np.asarray(X).dtype, n_features=self.n_features)\n"
           "        self.W, self.b = self.W.astype(X.dtype), self.b.astype(X.dtype)",
           caught("float32_input", "integer_input")),
    broken("naive_bayes", "centres X in place", NB_FIT_CHECK,
           NB_FIT_CHECK + "        X -= 0.0\n", caught("noncontiguous_readonly")),
    broken("linear_regression", "the batch order is not seeded",
           "minibatches(len(X), self.batch_size, self.epochs, self.seed)",
           "minibatches(len(X), self.batch_size, self.epochs, None)", caught("same_seed")),
    broken("naive_bayes", "fit accumulates counts across calls",
           "self.class_count_ = Y.sum(axis=0) ",
           'self.class_count_ = Y.sum(axis=0) + getattr(self, "class_count_", 0) ',
           caught("idempotent_fit")),
    broken("linear_regression", "fit stores a lambda",
           "        self.loss_history_ = train(self.step, X, y, batches)\n",
           "        self.loss_history_ = train(self.step, X, y, batches)\n"
           "        self.callback = lambda: None\n", caught("pickle")),
    broken("linear_regression", "fit centres the caller's X in place", LINEAR_FIT_CHECK,
           LINEAR_FIT_CHECK + "\n        X -= X.mean(axis=0)", caught("inputs_unchanged")),
    broken("decision_tree", "values beyond float32 become inf in the tree's float32 copy",
           "X, y = check_X_y(X, y, dtype=np.float64, within_float32=True, discrete=True)",
           "X, y = check_X_y(X, y, dtype=np.float64, discrete=True)", caught("huge_values")),
    broken("naive_bayes", "continuous y read as one class per distinct value",
           NB_FIT_CHECK, NB_FIT_CHECK.replace(", discrete=True", ""), caught("bad_labels")),
    broken("linear_regression", "batches taken as given",
           "        batches = check_batches(batches, len(X))\n", "", caught("bad_batches")),
    broken("linear_regression", "training runs on past a loss of inf",
           "        self.loss_history_ = train(self.step, X, y, batches)\n",
           "        self.loss_history_ = [float(self.step(X[idx], y[idx])) for idx in batches]\n",
           caught("divergence")),
    # function and optimizer pairs get the checks that apply to them
    broken("activations", "relu writes into its input",
           "def relu(Z):\n    return np.maximum(Z, 0)",
           "def relu(Z):\n    return np.maximum(Z, 0, out=Z)",
           caught("inputs_unchanged", "noncontiguous_readonly")),
    broken("activations", "tanh with a random jitter", "def tanh(Z):\n    return np.tanh(Z)",
           "def tanh(Z):\n    return np.tanh(Z) + 1e-12 * np.random.default_rng().random()",
           caught("same_seed")),
    broken("optimizers", "SGD keeps the caller's arrays and steps them in place",
           'dampening 0")\n'
           "        self.params = {name: np.array(value) for name, value in params.items()}",
           'dampening 0")\n        self.params = dict(params)',
           caught("inputs_unchanged", "noncontiguous_readonly")),
]


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.id)
def test_battery_catches_mutant(mutant):
    pair = mutate(PAIRS[mutant.pair], mutant)
    missed = [check for check in mutant.caught_by if run_battery(pair, check) is None]
    assert not missed, f"{mutant.id} slipped past battery checks {missed}"


@pytest.mark.parametrize("pair", PAIRS.values(), ids=lambda p: p.name)
def test_unbroken_pairs_pass_what_the_mutants_break(pair):
    """The other half: the same checks pass on the unbroken pair (unless it opts out)."""
    for mutant in MUTANTS:
        if mutant.pair != pair.name:
            continue
        for check in mutant.caught_by - set(opt_outs(pair)):
            assert run_battery(pair, check) is None, (mutant.id, check)


def test_every_battery_check_is_seen_to_fail():
    covered = set().union(*(mutant.caught_by for mutant in MUTANTS))
    assert covered == set(BATTERY), f"never seen to fail: {sorted(set(BATTERY) - covered)}"
