"""Turn a pytest-benchmark JSON file into the markdown ratio table.

    python -m benchmarks.report results/benchmarks.json [--markdown results/benchmarks.md]

One row per (pair, loop, size): the median time of each implementation and the ratio
NumPy / framework on the CPU (torch-cpu or sklearn; below 1: NumPy is faster), and
NumPy / torch-cuda where CUDA ran.
"""

import argparse
import json
from collections import defaultdict
from pathlib import Path


def load(path):
    document = json.loads(Path(path).read_text())
    rows = defaultdict(dict)
    for bench in document["benchmarks"]:
        info = bench["extra_info"]
        key = (info["pair"], info["loop"], info["N"], info["D"])
        rows[key][info["implementation"]] = bench["stats"]["median"]
    return document.get("machine_info", {}), rows


def _time(seconds):
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _ratio(numerator, denominator):
    return "-" if numerator is None or denominator is None else f"{numerator / denominator:.2f}"


def table(rows):
    lines = ["| pair | loop | N x D | numpy | framework (CPU) | numpy / framework | "
             "torch-cuda | numpy / torch-cuda |",
             "|---|---|---|---|---|---|---|---|"]
    for (pair, loop, N, D), times in sorted(rows.items()):
        framework = "sklearn" if "sklearn" in times else "torch-cpu"
        numpy_time, cpu, cuda = (times.get(k) for k in ("numpy", framework, "torch-cuda"))
        lines.append(f"| {pair} | {loop} | {N} x {D} | {_time(numpy_time)} | "
                     f"{_time(cpu)} {framework} | {_ratio(numpy_time, cpu)} | {_time(cuda)} | "
                     f"{_ratio(numpy_time, cuda)} |")
    return "\n".join(lines)


def machine_line(machine):
    cpu = machine.get("cpu", {}).get("brand_raw", "unknown CPU")
    blas = ", ".join(f"{b.get('internal_api')} {b.get('version')}" for b in machine.get("blas", []))
    return (f"Machine: {cpu}, {machine.get('threads')} threads on both sides; BLAS: {blas}; "
            f"torch {machine.get('torch')}; CUDA: {machine.get('cuda') or 'none'}; "
            "medians of 15 rounds; torch pairs in float32, estimators in float64.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", help="pytest-benchmark --benchmark-json output")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args(argv)
    machine, rows = load(args.json)
    text = f"{table(rows)}\n\n{machine_line(machine)}\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)


if __name__ == "__main__":
    main()
