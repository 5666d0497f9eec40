"""Runner: expand pairs into cases (pair x check x dtype x device) and run each to a Result."""

import dataclasses
import time
import traceback
from dataclasses import dataclass

from parity import checks as checks_module
from parity.seeding import DEFAULT_SEED, rerun_command, seed_everything
from parity.spec import FLOAT64_ONLY, SCRATCH_ONLY
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


def with_variant(pair, variant):
    """The pair with one variant's hyperparameters merged into its spec.

    A variant may also replace spec fields under the key "spec": the regressor variant of a
    classifier pair names its own model, data, targets and outputs.
    """
    spec = pair.spec
    overrides = dict(spec.variants[variant])
    fields = overrides.pop("spec", {})
    hyperparams = {**spec.hyperparams, **overrides}
    return dataclasses.replace(pair, spec=dataclasses.replace(spec, hyperparams=hyperparams,
                                                              **fields))


def cases(pairs, checks=None, dtypes=None, devices=None, seed=DEFAULT_SEED, variants=None):
    """Every case the pairs' specs declare, filtered by checks, dtypes, devices and variants."""
    for base in pairs:
        names = {"function": getattr(base.spec, "functions", None),
                 "optimizer": getattr(base.spec, "optimizers", None),
                 "metric": getattr(base.spec, "cases", None)}.get(base.kind, base.spec.variants)
        for variant in names or [""]:
            if variants and variant not in variants:
                continue
            pair = with_variant(base, variant) if variant and base.spec.variants else base
            yield from _pair_cases(pair, variant, checks, dtypes, devices, seed)


def _pair_cases(pair, variant, checks, dtypes, devices, seed):
    spec = pair.spec
    ladder = ("ladder",) if getattr(spec, "ladder", ()) and "ladder" not in spec.checks else ()
    for check in (*spec.checks, *ladder):
        if checks and check not in checks:
            continue
        for dtype in spec.dtypes:
            if (dtypes and dtype not in dtypes) or (
                check in FLOAT64_ONLY and dtype != "float64"
            ):
                continue
            for device in spec.devices:
                if (devices and device not in devices) or (
                    check in SCRATCH_ONLY and device != "cpu"
                ):
                    continue
                yield Case(pair, check, dtype, device, seed, variant)


def run_case(case):
    """Run one case; a failure or an exception becomes a Result that says how to re-run it."""
    start = time.perf_counter()
    tolerance = None
    try:
        seed_everything(case.seed)
        tolerance = tolerance_for(case.check, case.dtype, case.pair.spec.tolerances)
        problem = checks_module.make_any_problem(case)
        check = checks_module.CHECKS[case.pair.kind][case.check]
        outcome = check(case.pair, problem, tolerance, case.dtype, case.device)
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
