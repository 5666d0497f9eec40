"""The parity table: one row per case, printed as each case finishes, and a summary."""

import math

COLUMNS = (("pair", 36), ("check", 18), ("dtype", 7), ("device", 6), ("max abs", 9),
           ("max rel", 9), ("err/tol", 8), ("tolerance", 23), ("status", 6), ("time", 7))


def _number(value):
    return "-" if value is None or math.isnan(value) else f"{value:.1e}"


def header():
    names = "  ".join(name.ljust(width) for name, width in COLUMNS)
    return f"{names}\n{'-' * len(names)}"


def row(result):
    case = result.case
    cells = (case.label, case.check, case.dtype, case.device, _number(result.max_abs),
             _number(result.max_rel), _number(result.ratio),
             str(result.tolerance) if result.tolerance else "-", result.status.upper(),
             f"{result.seconds:.2f}s")
    return "  ".join(cell.ljust(width) for cell, (_, width) in zip(cells, COLUMNS, strict=True))


def summary(results, seconds, skipped=()):
    failed = [r for r in results if not r.passed]
    lines = [f"{len(results) - len(failed)} passed, {len(failed)} failed in {seconds:.1f}s"
             + (f" ({len(skipped)} cuda cases skipped: no CUDA device)" if skipped else "")]
    for result in failed:
        lines += ["", result.message]
    return "\n".join(lines)


def as_json(results):
    """The results as plain data, for files and for the reader pages."""
    return [{"pair": r.case.pair.name, "variant": r.case.variant, "check": r.case.check,
             "dtype": r.case.dtype, "device": r.case.device, "seed": r.case.seed,
             "status": r.status,
             "max_abs": r.max_abs, "max_rel": r.max_rel, "err_over_tol": r.ratio,
             "rtol": r.tolerance.rtol if r.tolerance else None,
             "atol": r.tolerance.atol if r.tolerance else None,
             "seconds": r.seconds, "message": r.message} for r in results]
