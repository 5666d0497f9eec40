"""Turn pytest-benchmark JSON into the report: ratio table, growth exponents, charts, regressions.

    python -m benchmarks.report results/benchmarks.json [--markdown FILE] [--charts DIR]
                                [--baseline OLD.json [--threshold 1.5]]

One row per (pair, loop, size): the median time of each implementation and the ratio
NumPy / framework on the CPU (torch-cpu or sklearn; below 1: NumPy is faster), and
NumPy / torch-cuda where CUDA ran. The growth exponent k fits time ~ size^k over the sizes of
each (pair, loop, implementation), with size = N x D: k near 1 is linear in the data, k well
below 1 means fixed overheads still dominate. A pair timed both ways per generated token
(forward: the whole context again, as generation without a KV cache runs; next_token: one
token after a cache of D - 1 positions) gets the cache's speed-up, forward / next_token, per
implementation.
"""

import argparse
import json
import math
from collections import defaultdict
from pathlib import Path

IMPLEMENTATION_ORDER = ("numpy", "torch-cpu", "sklearn", "tiktoken", "torch-cuda")
CPU_LIBRARIES = ("sklearn", "tiktoken")         # a framework column other than torch-cpu


def load(path):
    """(machine_info, {(pair, loop, N, D): {implementation: median seconds}})."""
    document = json.loads(Path(path).read_text())
    rows = defaultdict(dict)
    for bench in document["benchmarks"]:
        info = bench["extra_info"]
        key = (info["pair"], info["loop"], info["N"], info["D"])
        rows[key][info["implementation"]] = bench["stats"]["median"]
    return document.get("machine_info", {}), dict(rows)


def format_time(seconds):
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def ratio(numerator, denominator):
    return "-" if numerator is None or denominator is None else f"{numerator / denominator:.2f}"


def framework_of(times):
    return next((library for library in CPU_LIBRARIES if library in times), "torch-cpu")


def table(rows):
    lines = ["| pair | loop | N x D | numpy | framework (CPU) | numpy / framework | "
             "torch-cuda | numpy / torch-cuda |",
             "|---|---|---|---|---|---|---|---|"]
    for (pair, loop, N, D), times in sorted(rows.items()):
        framework = framework_of(times)
        numpy_time, cpu, cuda = (times.get(k) for k in ("numpy", framework, "torch-cuda"))
        lines.append(f"| {pair} | {loop} | {N} x {D} | {format_time(numpy_time)} | "
                     f"{format_time(cpu)} {framework} | {ratio(numpy_time, cpu)} | "
                     f"{format_time(cuda)} | {ratio(numpy_time, cuda)} |")
    return "\n".join(lines)


def series(rows):
    """{(pair, loop): {implementation: [(size, seconds), ...] sorted by size}}."""
    grouped = defaultdict(lambda: defaultdict(list))
    for (pair, loop, N, D), times in rows.items():
        for implementation, seconds in times.items():
            grouped[(pair, loop)][implementation].append((N * D, seconds))
    return {key: {impl: sorted(points) for impl, points in impls.items()}
            for key, impls in grouped.items()}


def growth_exponent(points):
    """Least-squares slope of log(time) against log(size); None with fewer than 2 sizes."""
    if len(points) < 2:
        return None
    xs = [math.log(size) for size, _ in points]
    ys = [math.log(seconds) for _, seconds in points]
    x_mean, y_mean = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - x_mean) ** 2 for x in xs)
    if spread == 0:
        return None
    return sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)) / spread


def growth_table(rows):
    grouped = series(rows)
    implementations = [i for i in IMPLEMENTATION_ORDER
                       if any(i in impls for impls in grouped.values())]
    lines = ["| pair | loop | " + " | ".join(f"k {i}" for i in implementations) + " |",
             "|---|---|" + "---|" * len(implementations)]
    for (pair, loop), impls in sorted(grouped.items()):
        cells = []
        for implementation in implementations:
            k = growth_exponent(impls.get(implementation, []))
            cells.append("-" if k is None else f"{k:.2f}")
        lines.append(f"| {pair} | {loop} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def charts(rows, directory):
    """One log-log chart per (pair, loop): time against N x D, a line per implementation."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for (pair, loop), impls in sorted(series(rows).items()):
        figure, axes = plt.subplots(figsize=(5, 3.6), dpi=110)
        for implementation in IMPLEMENTATION_ORDER:
            if implementation in impls:
                sizes, seconds = zip(*impls[implementation], strict=True)
                axes.plot(sizes, seconds, marker="o", label=implementation)
        axes.set(xscale="log", yscale="log", xlabel="N x D", ylabel="median time (s)",
                 title=f"{pair}: {loop}")
        axes.grid(True, which="both", alpha=0.3)
        axes.legend()
        figure.tight_layout()
        path = directory / f"{pair}-{loop}.png"
        figure.savefig(path)
        plt.close(figure)
        written.append(path)
    return written


def regressions(rows, baseline_rows, threshold):
    """Lines naming every (row, implementation) whose median grew by more than threshold x."""
    found = []
    for key, times in sorted(rows.items()):
        for implementation, seconds in sorted(times.items()):
            before = baseline_rows.get(key, {}).get(implementation)
            if before and seconds > threshold * before:
                pair, loop, N, D = key
                found.append(f"REGRESSION {pair}.{loop} N={N} D={D} [{implementation}]: "
                             f"{format_time(before)} -> {format_time(seconds)} "
                             f"({seconds / before:.2f}x slower; threshold {threshold:.2f}x)")
    return found


def cache_table(rows):
    """Per-token speed-up of a KV cache, forward / next_token, for the pairs timed both ways."""
    lines = []
    for (pair, loop, N, D), times in sorted(rows.items()):
        cached = rows.get((pair, "next_token", N, D)) if loop == "forward" else None
        if cached:
            cells = [f"{times[i] / cached[i]:.1f}x" if i in times and i in cached else "-"
                     for i in IMPLEMENTATION_ORDER if i not in CPU_LIBRARIES]
            lines.append(f"| {pair} | {N} x {D} | " + " | ".join(cells) + " |")
    if not lines:
        return ""
    columns = [i for i in IMPLEMENTATION_ORDER if i not in CPU_LIBRARIES]
    header = [f"| pair | N x T | {' | '.join(columns)} |",
              "|---|---|---|---|---|"]
    return ("\n\nKV cache: time per generated token without a cache (the whole context again) "
            "over the time with one (the new token alone):\n\n" + "\n".join(header + lines))


def machine_line(machine):
    cpu = machine.get("cpu", {}).get("brand_raw", "unknown CPU")
    blas = ", ".join(sorted({f"{b.get('internal_api')} {b.get('version')} "
                             f"({b.get('num_threads')} threads)"
                             for b in machine.get("blas", []) if b.get("version")}))
    return (f"Machine: {cpu}, {machine.get('cores')} cores; {machine.get('threads')} threads on "
            f"both sides; BLAS: {blas}; numpy {machine.get('numpy')}, torch "
            f"{machine.get('torch')}; GPU: {machine.get('cuda') or 'none'}. Medians of each "
            "benchmark's rounds; torch pairs in float32, estimators in float64.")


CUDA_LATENCY = ("At the smallest sizes a torch-cuda time is mostly the latency of launching "
                "kernels and synchronizing (tens of microseconds), not arithmetic: compare the "
                "columns at the largest size.")


def render(machine, rows):
    cuda = any("torch-cuda" in times for times in rows.values())
    return (f"{table(rows)}\n\nGrowth exponent k (time ~ (N x D)^k):\n\n{growth_table(rows)}"
            f"{cache_table(rows)}\n\n{machine_line(machine)}"
            f"{' ' + CUDA_LATENCY if cuda else ''}\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", help="pytest-benchmark --benchmark-json output")
    parser.add_argument("--markdown", help="also write the report to this file")
    parser.add_argument("--charts", help="write one PNG chart per pair and loop to this folder")
    parser.add_argument("--baseline", help="an earlier JSON file to compare against")
    parser.add_argument("--threshold", type=float, default=1.5,
                        help="flag medians slower than threshold x the baseline (default 1.5: "
                             "small machines swing by 30%%)")
    args = parser.parse_args(argv)
    machine, rows = load(args.json)
    text = render(machine, rows)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)
    if args.charts:
        for path in charts(rows, args.charts):
            print(f"chart: {path}")
    if args.baseline:
        found = regressions(rows, load(args.baseline)[1], args.threshold)
        print("\n".join(found) if found else
              f"no regression beyond {args.threshold:.2f}x against {args.baseline}")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
