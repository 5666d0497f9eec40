"""Runner: expand pairs into cases (pair x variant x check x dtype x device) and run each to a
Result. The pair's kind says what its variants are, how a case's problem is drawn and which
function runs each check."""

import time
import traceback
from dataclasses import dataclass

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

    @property
    def label(self):
        """The pair's name, with the variant after a slash: mlp/tanh."""
        return f"{self.pair.name}/{self.variant}" if self.variant else self.pair.name

    @property
    def id(self):
        return f"{self.label}-{self.check}-{self.dtype}-{self.device}"

    @property
    def rerun(self):
        return rerun_command(self.pair.name, self.check, self.dtype, self.device, self.seed,
                             self.variant)


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


def cases(pairs, checks=None, dtypes=None, devices=None, seed=DEFAULT_SEED, variants=None):
    """Every case the pairs' specs declare, filtered by checks, dtypes, devices and variants.

    A check in the kind's float64_only runs in float64 alone; one in its scratch_only runs
    NumPy alone, so once, on the CPU."""
    for base in pairs:
        kind = base.kind
        for variant in kind.variants(base.spec):
            if variants and variant not in variants:
                continue
            pair = kind.with_variant(base, variant)
            spec = pair.spec
            for check in spec.checks:
                for dtype in spec.dtypes:
                    for device in spec.devices:
                        if ((checks and check not in checks)
                                or (dtypes and dtype not in dtypes)
                                or (devices and device not in devices)
                                or (check in kind.float64_only and dtype != "float64")
                                or (check in kind.scratch_only and device != "cpu")):
                            continue
                        yield Case(pair, check, dtype, device, seed, variant)


def run_case(case):
    """Run one case; a failure or an exception becomes a Result that says how to re-run it."""
    start = time.perf_counter()
    tolerance = None
    kind = case.pair.kind
    try:
        seed_everything(case.seed)
        tolerance = tolerance_for(case.check, case.dtype, case.pair.spec.tolerances)
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
