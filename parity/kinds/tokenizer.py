"""Tokenizer pairs: a vocabulary learned from text, and the ids it gives, compared exactly.

A case fits both sides on a seeded text and compares the vocabularies, token by token in id
order; encodes a held-out text (characters the training text never had among them) and
compares the ids; decodes them, which must give the held-out text back on both sides, and
decodes each id alone, where a character cut in two must read alike. The errors check feeds
both sides the same bad calls and compares what they raise, word for word.
"""

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from parity.compare import Comparison, Leaf, compare
from parity.kinds.base import ModelKind, Outcome, Spec, all_but
from parity.seeding import make_rng
from parity.tolerances import EXACT


@dataclass
class TokenizerProblem:
    """A training text and a held-out one."""

    text: str
    held_out: str


def fitted(pair, side, text):
    return pair.kind.make(pair, side).fit(text)


def first_difference(name, ours, theirs):
    """A Leaf for two sequences of tokens (bytes): where they first part, or nothing."""
    for i, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        if a != b:
            return Leaf(name, total=len(theirs),
                        problem=f"token {i}: {a!r} (scratch) != {b!r} (framework)")
    if len(ours) != len(theirs):
        return Leaf(name, problem=f"{len(ours)} tokens (scratch) != {len(theirs)} (framework)")
    return Leaf(name, total=len(theirs))


def check_same_vocabulary(pair, problem, tolerance, dtype, device):
    """The same tokens, in the same order: every merge and its place."""
    ours = fitted(pair, "scratch", problem.text).state_dict()["tokens"]
    theirs = fitted(pair, "framework", problem.text).state_dict()["tokens"]
    return Outcome(Comparison([first_difference("tokens", ours, theirs)]),
                   f"{len(theirs)} tokens")


def check_encode(pair, problem, tolerance, dtype, device):
    """The same ids for the held-out text; decoding gives it back on both sides; each id
    decoded alone reads alike (U+FFFD for a piece of a character)."""
    said, decoded = {}, {}
    for side in ("scratch", "framework"):
        model = fitted(pair, side, problem.text)
        ids = model.encode(problem.held_out)
        decoded[side] = model.decode(ids)
        said[side] = {"ids": ids, "decoded": code_points(decoded[side]),
                      "each": [code_points(model.decode(ids[i:i + 1]))
                               for i in range(len(ids))]}
    comparison = compare(said["scratch"], said["framework"], tolerance)
    for side in said:
        if decoded[side] != problem.held_out:
            comparison.leaves.append(Leaf(f"{side} round trip", problem=(
                f"decode(encode(text)) != text on the {side} side")))
    if not set(problem.held_out) - set(problem.text):
        comparison.leaves.append(Leaf("held-out text", problem=(
            "holds no character the training text lacks: nothing unseen is encoded")))
    return Outcome(comparison, f"{len(said['framework']['ids'])} ids")


def code_points(text):
    """text as an int64 array of its code points: compared exactly, NUL included (NumPy's
    string arrays drop trailing NULs)."""
    return np.array([ord(char) for char in text], dtype=np.int64)


def check_errors(pair, problem, tolerance, dtype, device):
    """Each bad call of the kind's list raises on both sides, the same type and message."""
    comparison = Comparison()
    for description, call in pair.kind.bad_calls(pair, problem):
        said, unclear = {}, []
        for side in ("scratch", "framework"):
            try:
                call(side)
                said[side] = "accepted"
            except Exception as error:  # what is raised is what is compared
                said[side] = f"{type(error).__name__}: {error}"
                if not isinstance(error, ValueError):    # a clear refusal, not a crash
                    unclear.append(side)
        leaf = compare({description: said["scratch"]}, {description: said["framework"]},
                       tolerance).leaves[0]
        if "accepted" in said.values():
            leaf.problem = f"accepted: {said}"
        elif unclear:
            leaf.problem = f"not a ValueError on the {' and '.join(unclear)} side: {said}"
        comparison.leaves.append(leaf)
    return Outcome(comparison)


BIG = 4096              # a vocabulary no two-word text can fill


class TokenizerKind(ModelKind):
    name = "tokenizer"
    checks: ClassVar[dict] = {"vocabulary": check_same_vocabulary, "encode": check_encode,
                              "errors": check_errors}
    implementations = ("numpy", "tiktoken")

    def make(self, pair, side, n_features=None, **overrides):
        module = pair.scratch if side == "scratch" else pair.framework
        return getattr(module, pair.spec.model)(**{**pair.spec.hyperparams, **overrides})

    def problem(self, pair, dtype, seed, variant):
        return TokenizerProblem(*pair.spec.text(make_rng(seed)))

    def small_problem(self, pair, n_samples, n_features=None, seed=0):
        text, _ = pair.spec.text(make_rng(seed))
        return text, None

    def outputs(self, pair, model, X):
        return {"tokens": [token.hex() for token in model.state_dict()["tokens"]],
                "ids": model.encode(X)}

    def answer(self, pair, model, X):
        return model.encode(X)

    def supervised(self, pair):
        return False

    def opt_outs(self, pair, checks):
        return all_but(checks, ("hyperparameters", "predict_before_fit", "same_seed",
                                "idempotent_fit", "pickle"), (
            "a tokenizer reads text, not arrays of numbers: NaN, shapes, dtypes and memory "
            "layouts do not apply, and a str cannot change; its bad inputs (not a str, empty, "
            "too short for the vocabulary, bad ids, a bad state) are parity cases, the "
            "errors check"))

    def bad_calls(self, pair, problem):
        """[(description, call(side))]: calls that both sides must refuse alike."""
        text, V = problem.text, pair.spec.hyperparams["vocab_size"]

        def fit(value, **overrides):
            return lambda side: self.make(pair, side, **overrides).fit(value)

        def after_fit(method, *args):
            return lambda side: getattr(fitted(pair, side, text), method)(*args)

        def unfitted(method, *args):
            return lambda side: getattr(self.make(pair, side), method)(*args)

        return [
            ("fit on bytes", fit(text.encode())),
            ("fit on None", fit(None)),
            ("fit on an empty text", fit("")),
            ("fit on a text with a lone surrogate", fit(text[:20] + "\ud800" + text[20:])),
            ("fit on a text too short for the vocabulary", fit("ab ab", vocab_size=BIG)),
            ("encode bytes", after_fit("encode", b"abc")),
            ("encode a lone surrogate", after_fit("encode", "a\udc80b")),
            ("decode an id past the vocabulary", after_fit("decode", [1, V])),
            ("decode a negative id", after_fit("decode", [-1])),
            ("decode a fractional id", after_fit("decode", [1.5])),
            ("decode ids in a 2-D array", after_fit("decode", [[1, 2]])),
            ("decode strings", after_fit("decode", ["a"])),
            ("decode a str", after_fit("decode", "abc")),
            ("decode NaN", after_fit("decode", [float("nan")])),
            ("encode before fit", unfitted("encode", text)),
            ("decode before fit", unfitted("decode", [1])),
            ("load a state of the wrong size", unfitted(
                "load_state_dict", {"tokens": [bytes([i]) for i in range(255)]})),
            ("load a state whose token is no merge", unfitted(
                "load_state_dict", {"tokens": [bytes([i]) for i in range(256)]
                                    + [b"abc"] * (V - 256)})),
            ("load a state with a repeated token", unfitted(
                "load_state_dict", {"tokens": [bytes([i]) for i in range(256)]
                                    + [b"ab"] * (V - 256)})),
        ]

    def bench_loops(self, pair):
        return ("fit", "encode")

    def bench_run(self, pair, loop, implementation, N, D, rng):
        """fit on N characters of the spec's text to D tokens, or encode them once fitted."""
        text = pair.spec.bench_text(rng, N)
        side = "scratch" if implementation == "numpy" else "framework"
        model = self.make(pair, side, vocab_size=D)
        if loop == "fit":
            return lambda: model.fit(text)
        model.fit(text)
        return lambda: model.encode(text)


TOKENIZER = TokenizerKind()


@dataclass(frozen=True, kw_only=True)
class TokenizerSpec(Spec):
    """A tokenizer class, the same name and hyperparameters on both sides: fit(text),
    encode(text) -> ids, decode(ids) -> text, state_dict() -> {"tokens": [bytes, ...]}."""

    kind: ClassVar[object] = TOKENIZER

    model: str
    hyperparams: dict
    text: object                        # rng -> (training text, held-out text)
    bench_text: object                  # (rng, n_characters) -> text
    checks: tuple = ("vocabulary", "encode", "errors")
    dtypes: tuple = ("int64",)
    devices: tuple = ("cpu",)
    tolerances: dict = None
    bench_sizes: tuple = ((4_000, 320), (16_000, 320), (64_000, 320))
    framework: str = "tiktoken"

    def __post_init__(self):
        super().__post_init__()
        if self.tolerances is None:     # ids and text: equal or not
            object.__setattr__(self, "tolerances", {(check, "int64"): EXACT
                                                    for check in self.checks})
