"""`python -m parity bench`: the benchmarks run in a child process, then report.py writes the
table and the charts."""

import os
import subprocess
import sys
from pathlib import Path

from benchmarks import report

# glibc returns freed memory to the OS eagerly by default; torch's CPU allocations then pay for
# fresh pages on every call and timings swing by up to 4x. glibc reads these at start-up, so
# the benchmarks run in a child process that gets them in its environment.
MALLOC = {"MALLOC_MMAP_THRESHOLD_": "10000000000", "MALLOC_TRIM_THRESHOLD_": "10000000000"}
PROJECT = Path(__file__).resolve().parents[1]


def run(args):
    """Time the hot loops in a child pytest (with the malloc settings), then write the JSON,
    the markdown table and the charts; with a baseline, flag the regressions. The baseline
    is read first: a missing or broken one is an error before, not after, the long run."""
    import torch

    if args.baseline:
        try:
            report.load(args.baseline)
        except (OSError, ValueError, KeyError) as error:
            raise ValueError(f"the baseline {args.baseline} cannot be read: {error}") from error
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    devices = args.device or (["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"])
    command = [sys.executable, "-m", "pytest", str(PROJECT / "benchmarks"), "-q",
               "-p", "no:cacheprovider", "--progress", "--devices", ",".join(devices),
               "--benchmark-json", str(output / "benchmarks.json")]
    if args.names:
        command += ["--pairs", ",".join(args.names)]
    if args.max_sizes:
        command += ["--max-sizes", str(args.max_sizes)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    if args.smoke:
        command.append("--smoke")
    log = output / "pytest.log"
    print(f"benchmarks on {', '.join(devices)} (log: {log})", flush=True)
    with log.open("w") as stream:
        done = subprocess.run(command, stdout=stream, cwd=PROJECT, check=False,
                              env={**os.environ, **MALLOC})
    if done.returncode != 0:                          # report what ran, then say what failed
        failed = [line for line in log.read_text().splitlines()
                  if line.startswith(("FAILED", "ERROR"))]
        print(f"error: the benchmarks failed (exit {done.returncode}); see {log}",
              file=sys.stderr)
        for line in failed:
            print(f"  {line}", file=sys.stderr)
    if not (output / "benchmarks.json").exists():
        return done.returncode or 1
    argv = [str(output / "benchmarks.json"), "--markdown", str(output / "benchmarks.md"),
            "--charts", str(output / "charts")]
    if args.baseline:
        argv += ["--baseline", args.baseline, "--threshold", str(args.threshold)]
    written = report.main(argv)
    return done.returncode or written


def add_arguments(bench):
    """The options of `python -m parity bench`."""
    bench.add_argument("names", nargs="*", help="pairs (default: all)")
    bench.add_argument("--device", action="append", choices=["cpu", "cuda"],
                       help="default: cpu, and cuda when available")
    bench.add_argument("--max-sizes", type=int, help="only each pair's first K sizes")
    bench.add_argument("--threads", type=int,
                       help="threads for NumPy's BLAS and torch alike (default: all cores)")
    bench.add_argument("--smoke", action="store_true",
                       help="smallest size, one round: checks the benchmarks run, times nothing")
    bench.add_argument("--baseline", help="an earlier benchmarks.json: flag regressions")
    bench.add_argument("--threshold", type=float, default=1.5,
                       help="a median slower than this times the baseline is a regression")
    bench.add_argument("--output", default="results", help="folder for JSON, table, charts")
    bench.set_defaults(run=run)
