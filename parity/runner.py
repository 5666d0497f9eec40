"""Runner: expand pairs into cases (pair x variant x check x dtype x device) and run each to a
Result. The pair's kind says what its variants are, how a case's problem is drawn and which
function runs each check."""

import contextlib
import time
import traceback
import warnings
from dataclasses import dataclass

from parity.kinds.base import textbook_form
from parity.seeding import DEFAULT_SEED, rerun_command, seed_everything
from parity.tolerances import tolerance_for


@dataclass(frozen=True)
class Case:
    pair: object
    check: str
    dtype: str
    device: str
    seed: int = DEFAULT_SEED
    variant: str = ""
    form: str = ""               # "textbook": the scratch side runs its textbook forms

    @property
    def label(self):
        """The pair's name, the variant after a slash, the form after a colon:
        mlp/tanh, attention/attention_causal:textbook."""
        label = f"{self.pair.name}/{self.variant}" if self.variant else self.pair.name
        return f"{label}:{self.form}" if self.form else label

    @property
    def id(self):
        return f"{self.label}-{self.check}-{self.dtype}-{self.device}"

    @property
    def rerun(self):
        form = self.form or ("fast" if self.pair.spec.textbook else "")
        return rerun_command(self.pair.name, self.check, self.dtype, self.device, self.seed,
                             self.variant, form)


@dataclass
class Result:
    case: Case
    status: str                 # "pass", "fail" or "error"
    seconds: float
    tolerance: object = None
    max_abs: float = float("nan")
    max_rel: float = float("nan")
    ratio: float = float("nan")  # greatest error as a fraction of the tolerance: fails above 1
    message: str = ""

    @property
    def passed(self):
        return self.status == "pass"


def cases(pairs, checks=None, dtypes=None, devices=None, seed=DEFAULT_SEED, variants=None,
          forms=None):
    """Every case the pairs' specs declare, filtered by checks, dtypes, devices, variants and
    forms ("" the fast form, "textbook" for a pair whose spec declares textbook forms).

    A check in the kind's float64_only runs in float64 alone; one in its scratch_only runs
    NumPy alone, so once, on the CPU."""
    for base in pairs:
        kind = base.kind
        for variant in kind.variants(base.spec):
            if variants and variant not in variants:
                continue
            pair = kind.with_variant(base, variant)
            spec = pair.spec
            forms_here = ("", "textbook") if spec.textbook else ("",)
            for form, check in ((form, check) for form in forms_here for check in spec.checks):
                if forms is not None and form not in forms:
                    continue
                for dtype in spec.dtypes:
                    for device in spec.devices:
                        if ((checks and check not in checks)
                                or (dtypes and dtype not in dtypes)
                                or (devices and device not in devices)
                                or (check in kind.float64_only and dtype != "float64")
                                or (check in kind.scratch_only and device != "cpu")):
                            continue
                        yield Case(pair, check, dtype, device, seed, variant, form)


def run_case(case):
    """Run one case; a failure or an exception becomes a Result that says how to re-run it."""
    start = time.perf_counter()
    tolerance = None
    kind = case.pair.kind
    form = textbook_form(case.pair) if case.form else contextlib.nullcontext()
    try:
        seed_everything(case.seed, case.device)
        tolerance = tolerance_for(case.check, case.dtype, case.pair.spec.tolerances)
        with form, warnings.catch_warnings():
            # a model's own warnings, which both sides give alike (k-means finding fewer
            # distinct clusters than asked on tied data), are not what parity compares;
            # NumPy's RuntimeWarnings (overflow, invalid values) still surface
            warnings.simplefilter("ignore", UserWarning)
            problem = kind.problem(case.pair, case.dtype, case.seed, case.variant)
            outcome = kind.checks[case.check](case.pair, problem, tolerance, case.dtype,
                                              case.device)
    except Exception as error:  # any exception is a reported failure, never a crash
        frames = traceback.format_exception(error)
        return Result(case, "error", time.perf_counter() - start, tolerance,
                      message=_failure_message(case, "".join(frames[-6:]).rstrip()))
    comparison = outcome.comparison
    status = "pass" if comparison.ok else "fail"
    message = "" if comparison.ok else _failure_message(
        case, "\n".join(part for part in (outcome.note, comparison.describe()) if part))
    return Result(case, status, time.perf_counter() - start, tolerance, comparison.max_abs,
                  comparison.max_rel, comparison.ratio, message)


def _failure_message(case, details):
    return (f"{case.id} failed (seed {case.seed})\n{details}\n"
            f"re-run: {case.rerun}")
