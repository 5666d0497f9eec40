"""The parity table: by default one line per pair or variant as its cases finish, with
--verbose one line per case; then a summary that prints every failure in full."""

import itertools
import math

COLUMNS = (("pair", 36), ("check", 18), ("dtype", 7), ("device", 6), ("max abs", 9),
           ("max rel", 9), ("err/tol", 8), ("tolerance", 23), ("status", 6), ("time", 7))
GROUP_COLUMNS = (("pair", 42), ("cases", 9), ("worst err/tol", 14), ("status", 6), ("time", 7))


def number(value):
    """A float in three digits ("1.2e-05"), "0" for zero, "-" where there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return "0" if value == 0 else f"{value:.1e}"


def _line(cells, columns):
    return "  ".join(str(cell).ljust(width) for cell, (_, width) in zip(cells, columns,
                                                                        strict=True)).rstrip()


def header(verbose=False):
    columns = COLUMNS if verbose else GROUP_COLUMNS
    names = _line([name for name, _ in columns], columns)
    return f"{names}\n{'-' * len(names)}"


def row(result):
    """One case: its errors, tolerance, status and time."""
    case = result.case
    return _line((case.label, case.check, case.dtype, case.device, number(result.max_abs),
                  number(result.max_rel), number(result.ratio),
                  str(result.tolerance) if result.tolerance else "-", result.status.upper(),
                  f"{result.seconds:.2f}s"), COLUMNS)


def group(results):
    """One pair or variant in one form (every check, dtype and device; ":textbook" marks the
    textbook form's line): its cases passed, the worst error as a share of its tolerance,
    status and time."""
    label = results[0].case.label
    passed = sum(r.passed for r in results)
    worst = max((r.ratio for r in results if not math.isnan(r.ratio)), default=None)
    return _line((label, f"{passed}/{len(results)}", number(worst),
                  "PASS" if passed == len(results) else "FAIL",
                  f"{sum(r.seconds for r in results):.2f}s"), GROUP_COLUMNS)


def by_pair_or_variant(results):
    """Consecutive results of one pair, variant and form, as the runner yields them."""
    for _, grouped in itertools.groupby(results, key=lambda r: r.case.label):
        yield list(grouped)


def summary(results, seconds, skipped=()):
    failed = [r for r in results if not r.passed]
    lines = [f"{len(results) - len(failed)} passed, {len(failed)} failed in {seconds:.1f}s"
             + (f" ({len(skipped)} cuda cases skipped: no CUDA device)" if skipped else "")]
    for result in failed:
        lines += ["", result.message]
    return "\n".join(lines)


def markdown(results, seed, skipped=()):
    """The per-pair table as markdown, with what made it: for a file that is generated, never
    copied by hand (benchmarks/results/cpu/parity.md)."""
    import platform

    import numpy
    import sklearn
    import torch

    passed = sum(r.passed for r in results)
    lines = ["# Parity, generated", "",
             f"`python -m parity check --markdown FILE`: seed {seed}, {passed} of {len(results)} "
             f"cases pass on the CPU"
             + (f" ({len(skipped)} CUDA cases not run: no GPU)" if skipped else "") + "; "
             f"Python {platform.python_version()}, NumPy {numpy.__version__}, torch "
             f"{torch.__version__}, scikit-learn {sklearn.__version__}. err/tol is the worst "
             "error over a pair's cases as a share of its tolerance: a case fails above 1.", "",
             "| pair | cases | worst err/tol | status |", "|---|---|---|---|"]
    for grouped in by_pair_or_variant(results):
        label, cases, worst, status, _ = group(grouped).split()
        lines.append(f"| {label} | {cases} | {worst} | {status} |")
    return "\n".join(lines) + "\n"


def as_json(results):
    """The results as plain data, for files and for the reader pages."""
    return [{"pair": r.case.pair.name, "variant": r.case.variant, "form": r.case.form,
             "check": r.case.check, "dtype": r.case.dtype, "device": r.case.device,
             "seed": r.case.seed, "status": r.status,
             "max_abs": r.max_abs, "max_rel": r.max_rel, "err_over_tol": r.ratio,
             "rtol": r.tolerance.rtol if r.tolerance else None,
             "atol": r.tolerance.atol if r.tolerance else None,
             "seconds": r.seconds, "message": r.message} for r in results]
