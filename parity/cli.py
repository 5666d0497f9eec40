"""python -m parity: list the pairs, check them, scaffold a new one.

    python -m parity list
    python -m parity check [NAME ...] [--check C] [--dtype D] [--device cpu|cuda] [--seed N]
                           [--variant V] [--form fast|textbook] [--verbose] [--json FILE]
                           [--markdown FILE]
    python -m parity battery [NAME ...]
    python -m parity bench [NAME ...] [--device cpu|cuda] [--max-sizes K] [--threads N]
                           [--smoke] [--baseline OLD.json] [--output DIR]
    python -m parity cuda [--output DIR] [--max-sizes K]
    python -m parity diff NAME [--width N] [--rung K | --ladder]
    python -m parity plot [NAME ...] [--out DIR]
    python -m parity site [NAME ...] [--out DIR] [--parity RESULTS.json] [--plots]
    python -m parity evaluate [NAME ...] [--out DIR]
    python -m parity new NAME --kind gradient|estimator|function|metric|optimizer|initializer
"""

import argparse
import itertools
import json
import math
import sys
import time
from pathlib import Path

from parity import registry, report
from parity.runner import cases, run_case
from parity.scaffold import KINDS, scaffold
from parity.seeding import DEFAULT_SEED


def seed(text):
    """--seed: the project's one rule for seeds, an integer in [0, 2^32 - 1]."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 2**32 - 1:
        raise argparse.ArgumentTypeError(f"a seed is an integer in [0, 2^32 - 1]; got {text!r}")
    return value


def folder(text):
    """--root: a folder that exists (nothing is created under a mistyped path)."""
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return Path(text)


def cuda_available():
    import torch

    return torch.cuda.is_available()


def command_list(args):
    pairs = registry.discover(args.root)
    width = max((len(p.name) for p in pairs), default=4)
    print(f"{'pair'.ljust(width)}  {'framework':9}  checks")
    for pair in pairs:
        print(f"{pair.name.ljust(width)}  {pair.spec.framework:9}  {', '.join(pair.spec.checks)}")
        print(f"{''.ljust(width)}  {'':9}  {pair.summary}")
    return 0


def command_check(args):
    pairs = registry.discover(args.root, args.names)
    have_cuda = cuda_available()
    if args.device and "cuda" in args.device and not have_cuda:
        print("error: --device cuda asked for, but torch.cuda.is_available() is false",
              file=sys.stderr)
        return 2
    forms = None if args.form is None else [{"fast": ""}.get(form, form) for form in args.form]
    selected = list(cases(pairs, args.check, args.dtype, args.device, args.seed, args.variant,
                          forms))
    runnable = [c for c in selected if c.device != "cuda" or have_cuda]
    skipped = [c for c in selected if c.device == "cuda" and not have_cuda]
    if not runnable:
        print("error: no parity case matches the selection", file=sys.stderr)
        return 2
    print(header_line(len(runnable), args.seed))
    print(report.header(args.verbose))
    start, results = time.perf_counter(), []
    for _, group in itertools.groupby(runnable, key=lambda case: case.label):
        finished = []
        for case in group:
            finished.append(run_case(case))
            if args.verbose:
                print(report.row(finished[-1]), flush=True)
        if not args.verbose:
            print(report.group(finished), flush=True)
        results += finished
    print()
    print(report.summary(results, time.perf_counter() - start, skipped))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report.as_json(results), indent=1))
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(report.markdown(results, args.seed, skipped))
    return 0 if all(r.passed for r in results) else 1


def command_seeds(args):
    """Every selected CPU case at each seed of the sweep; per pair, the worst err/tol over all
    seeds and the seed it came at. A tolerance is a claim about every seed, not seed 0's."""
    pairs = registry.discover(args.root, args.names)
    sweep = range(args.first, args.first + args.seeds)
    worst, failures, start = {}, [], time.perf_counter()
    print(f"twice seed sweep: seeds {sweep.start}-{sweep.stop - 1}, CPU")
    for seed_value in sweep:
        for case in cases(pairs, args.check, args.dtype, ["cpu"], seed_value, None, None):
            result = run_case(case)
            if not result.passed:
                failures.append(result)
            ratio = math.inf if not result.passed and math.isnan(result.ratio) else result.ratio
            if math.isnan(ratio):
                continue
            name = case.pair.name
            if name not in worst or ratio > worst[name][0]:
                worst[name] = (ratio, seed_value, case.id)
        print(f"seed {seed_value}: {len(failures)} failed so far "
              f"({time.perf_counter() - start:.0f}s)", flush=True)
    lines = ["| pair | worst err/tol | at seed | case |", "|---|---|---|---|"]
    lines += [f"| {name} | {ratio:.2g} | {at} | {case_id} |"
              for name, (ratio, at, case_id) in sorted(worst.items())]
    table = "\n".join(lines)
    print(f"\n{table}\n\n{len(failures)} failed")
    for result in failures:
        print(f"\n{result.case.id} failed (seed {result.case.seed})\n{result.message}")
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(
            f"# Parity over seeds {sweep.start}-{sweep.stop - 1}\n\nThe worst error of each "
            f"pair's CPU cases as a share of its tolerance, over every seed of the sweep "
            f"(`python -m parity seeds`).\n\n{table}\n")
    return 1 if failures else 0


def header_line(count, seed):
    return f"twice parity: {count} cases, seed {seed}"


def command_battery(args):
    from parity.battery import BATTERY, battery_cases, run_battery

    pairs = registry.discover(args.root, args.names)
    width = max(len(p.name) for p in pairs)
    print(f"{'pair'.ljust(width)}  passed  opted out  of {len(BATTERY)} battery checks")
    failures, start = [], time.perf_counter()
    for pair in pairs:
        passed, opted_out = 0, []
        for _, check, reason in battery_cases([pair]):
            if reason:
                opted_out.append(check)
                continue
            failure = run_battery(pair, check)
            if failure is None:
                passed += 1
            else:
                failures.append(f"{pair.name} {check}: {failure}")
        kept = [c for c in BATTERY if c not in opted_out]
        kind = f"(the {pair.kind.name} kind)"
        listed = (", ".join(opted_out) if len(opted_out) <= len(BATTERY) // 2
                  else f"all but {', '.join(kept)} {kind}" if kept else f"all {kind}")
        print(f"{pair.name.ljust(width)}  {passed:>6}  {len(opted_out):>9}  {listed}",
              flush=True)
    print(f"\n{len(failures)} failed in {time.perf_counter() - start:.1f}s")
    for failure in failures:
        print(f"\n{failure}")
    return 1 if failures else 0


def command_diff(args):
    from parity.diff import diff_pair

    (pair,) = registry.discover(args.root, [args.name])
    try:
        diff_pair(pair, width=args.width, rung=args.rung, every_rung=args.ladder)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def command_site(args):
    from parity.site import build

    pairs = registry.discover(args.root, args.names)
    start = time.perf_counter()
    written = build(args.out, pairs, parity_json=args.parity, plots=args.plots)
    print(f"wrote {len(written)} pages in {time.perf_counter() - start:.1f}s; open "
          f"{Path(args.out, 'index.html').resolve()}")
    return 0


def command_plot(args):
    from parity.plots import plot_pair

    for pair in registry.discover(args.root, args.names):
        for path in plot_pair(pair, args.out):
            print(path)
    return 0


def command_evaluate(args):
    from parity.evaluate import classifier_pairs, evaluate, write

    every = classifier_pairs(registry.discover(args.root))
    pairs = [pair for pair in every if not args.names or pair.name.split("/")[0] in args.names]
    missing = sorted(set(args.names) - {pair.name.split("/")[0] for pair in pairs})
    if missing:
        registry.discover(args.root, missing)                  # an unknown name: its own error
        print(f"error: not a classifier pair: {', '.join(missing)}; the classifier pairs: "
              f"{', '.join(pair.name.split('/')[0] for pair in every)}", file=sys.stderr)
        return 2
    if Path(args.out).exists() and not Path(args.out).is_dir():
        print(f"error: --out {args.out} is a file, not a folder", file=sys.stderr)
        return 2
    failed = 0
    for pair in pairs:
        result = evaluate(pair)
        paths = write(result, Path(args.out) / pair.name.replace("/", "-"))
        for side, outcome in result["sides"].items():
            differs = outcome["differs_from_sklearn"]
            failed += differs is not None
            report = outcome["report"]
            print(f"{pair.name:28s} {side:9s}  accuracy {report['accuracy']:.3f}  balanced "
                  f"{report['balanced_accuracy']:.3f}  MCC {report['matthews_corrcoef']:.3f}  "
                  + ("equal to scikit-learn" if differs is None else f"DIFFERS at {differs}"))
        print(f"  {paths[0]}")
    return 1 if failed else 0


def command_new(args):
    created = scaffold(args.name, args.kind, args.root)
    for path in created:
        print(f"created {path}")
    print(f"next: fill in the TODOs (CONTRIBUTING.md), then "
          f"`pytest tests -k {args.name} -p no:benchmark`")
    return 0


def parser():
    main = argparse.ArgumentParser(prog="python -m parity", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=folder, default=registry.ALGORITHMS_DIR,
                        help="the folder that holds the pairs (default: the algorithms package)")
    commands = main.add_subparsers(dest="command", required=True)

    commands.add_parser("list", parents=[common], help="list the registered pairs").set_defaults(
        run=command_list)

    check = commands.add_parser("check", parents=[common],
                                help="run parity checks and print the table")
    check.add_argument("names", nargs="*", help="pairs to check (default: all)")
    check.add_argument("--check", action="append", help="only this check (repeatable)")
    check.add_argument("--dtype", action="append", choices=["float64", "float32"])
    check.add_argument("--device", action="append", choices=["cpu", "cuda"],
                       help="default: cpu, and cuda when available")
    check.add_argument("--seed", type=seed, default=DEFAULT_SEED,
                       help="an integer in [0, 2^32 - 1] (default: %(default)s)")
    check.add_argument("--variant", action="append",
                       help="only this variant of pairs that have variants (repeatable)")
    check.add_argument("--form", action="append", choices=["fast", "textbook"],
                       help="pairs whose scratch side opens with a textbook form: only the "
                            "fast form, or only the textbook form (default: both)")
    check.add_argument("--json", help="also write the results to this JSON file")
    check.add_argument("--markdown", help="also write the per-pair table to this markdown file")
    check.add_argument("--verbose", "-v", action="store_true",
                       help="one line per case (default: one per pair or variant)")
    check.set_defaults(run=command_check)

    seeds = commands.add_parser("seeds", parents=[common],
                                help="the CPU parity cases over a sweep of seeds: the worst "
                                     "err/tol of each pair over all of them")
    seeds.add_argument("names", nargs="*", help="pairs to check (default: all)")
    seeds.add_argument("--seeds", type=int, default=10, help="how many (default: %(default)s)")
    seeds.add_argument("--first", type=seed, default=0, help="the first seed (default: 0)")
    seeds.add_argument("--check", action="append", help="only this check (repeatable)")
    seeds.add_argument("--dtype", action="append", choices=["float64", "float32"])
    seeds.add_argument("--markdown", help="also write the per-pair table to this file")
    seeds.set_defaults(run=command_seeds)

    battery = commands.add_parser("battery", parents=[common],
                                  help="run the robustness battery and count what passes")
    battery.add_argument("names", nargs="*", help="pairs (default: all)")
    battery.set_defaults(run=command_battery)

    from benchmarks.run import add_arguments

    add_arguments(commands.add_parser("bench", parents=[common],
                                      help="time the hot loops and print the ratio table"))

    from parity.cuda import add_arguments as add_cuda_arguments

    add_cuda_arguments(commands.add_parser(
        "cuda", parents=[common], help="on a GPU machine: every CUDA parity case and the "
                                       "torch-cuda benchmarks, into benchmarks/results/cuda"))

    diff = commands.add_parser("diff", parents=[common],
                               help="scratch.py beside framework.py, aligned by outline")
    diff.add_argument("name", help="the pair")
    diff.add_argument("--width", type=int, help="total width (default: the terminal's)")
    steps = diff.add_mutually_exclusive_group()
    steps.add_argument("--rung", type=int, metavar="K",
                       help="a pair with a ladder: rung K - 1 beside rung K (1 is scratch.py)")
    steps.add_argument("--ladder", action="store_true",
                       help="every step of the ladder, scratch.py to framework.py")
    diff.set_defaults(run=command_diff)

    site = commands.add_parser("site", parents=[common],
                               help="the reader: static HTML pages, the two files side by side")
    site.add_argument("names", nargs="*", help="pairs (default: all)")
    site.add_argument("--out", default="site", help="folder for the pages (default: site)")
    site.add_argument("--parity", help="results of `parity check --json FILE` (default: run "
                                       "the CPU cases now)")
    site.add_argument("--plots", action="store_true",
                      help="draw each pair's figures too (loss curves, decision boundaries, "
                           "clusters)")
    site.set_defaults(run=command_site)

    plot = commands.add_parser("plot", parents=[common],
                               help="each pair's figures: loss curves, decision regions, "
                                    "clusters (PNG)")
    plot.add_argument("names", nargs="*", help="pairs (default: all)")
    plot.add_argument("--out", default="plots", help="folder for the PNGs (default: plots)")
    plot.set_defaults(run=command_plot)

    evaluate = commands.add_parser(
        "evaluate", parents=[common],
        help="fit both sides of each classifier pair and report beyond accuracy: confusion, "
             "per-class precision/recall/F1, PR and ROC curves, reliability (checked against "
             "scikit-learn)")
    evaluate.add_argument("names", nargs="*", help="pairs (default: every classifier pair)")
    evaluate.add_argument("--out", default="evaluation",
                          help="folder for the reports (default: evaluation)")
    evaluate.set_defaults(run=command_evaluate)

    new = commands.add_parser("new", parents=[common],
                              help="scaffold a new pair (fails parity until filled in)")
    new.add_argument("name", help="folder name, a Python identifier such as ridge_regression")
    new.add_argument("--kind", choices=KINDS, required=True,
                     help="gradient: a model trained by hand-derived gradients (PyTorch); "
                          "estimator: a scikit-learn estimator; function: differentiable "
                          "functions (PyTorch); metric: sklearn.metrics functions; optimizer: "
                          "torch.optim; initializer: torch.nn.init")
    new.set_defaults(run=command_new)
    return main


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (KeyError, FileExistsError, ValueError) as error:
        print(f"error: {error.args[0] if error.args else error}", file=sys.stderr)
        return 2
