"""python -m parity: list, check (table, exit code, re-run command) and new (the scaffold)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parity.cli import main
from parity.registry import ALGORITHMS_DIR, discover, pair_names
from parity.runner import cases, run_case
from parity.scaffold import KINDS


def test_list_names_every_pair(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in pair_names():
        assert name in out


def test_check_prints_a_line_per_pair_or_variant_and_passes(capsys):
    code = main(["check", "linear_regression", "mlp", "--check", "gradients", "--device", "cpu"])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    for column in ("pair", "cases", "worst err/tol", "status", "time"):
        assert column in lines[1]
    rows = [line.split() for line in lines[3:] if line and not line.startswith("8 passed")]
    assert [row[0] for row in rows] == ["linear_regression", "mlp/relu", "mlp/tanh",
                                        "mlp/sigmoid"]
    assert all(row[1] == "2/2" and row[3] == "PASS" for row in rows)
    assert "8 passed, 0 failed" in out


def test_check_verbose_prints_every_case(capsys):
    code = main(["check", "linear_regression", "--check", "gradients", "--device", "cpu",
                 "--verbose"])
    out = capsys.readouterr().out
    assert code == 0
    for column in ("pair", "check", "max abs", "max rel", "tolerance", "status", "time"):
        assert column in out
    assert out.count("linear_regression ") == 2                   # float64 and float32
    assert "2 passed, 0 failed" in out


def test_a_failure_is_printed_in_full_under_the_summary_line(capsys, tmp_path):
    """The per-pair line says FAIL; the failure itself, with its re-run command, follows."""
    from parity.mutation import Mutant, mutate

    (pair,) = discover(names=["linear_regression"])
    broken = mutate(pair, Mutant("no 1/N", "dy_hat = (2 / N) * (y_hat - y)",
                                 "dy_hat = 2 * (y_hat - y)", frozenset()))
    from parity import report

    results = [run_case(case) for case in cases([broken], checks=["gradients"],
                                                devices=["cpu"])]
    assert "FAIL" in report.group(results)
    text = report.summary(results, 1.0)
    assert "0 passed, 2 failed" in text
    assert text.count("re-run: python -m parity check linear_regression --check gradients") == 2


def test_seeds_reports_each_pairs_worst_over_the_sweep(capsys, tmp_path, monkeypatch):
    """Three seeds of two pairs' gradient cases: one row per pair with its worst err/tol and the
    seed it came at; with a pair broken at one seed only, the sweep fails and says which."""
    table = tmp_path / "seeds.md"
    assert main(["seeds", "linear_regression", "mlp", "--seeds", "3", "--first", "4",
                 "--check", "gradients", "--markdown", str(table)]) == 0
    out = capsys.readouterr().out
    rows = [line for line in table.read_text().splitlines() if line.startswith("| ")][1:]
    assert [row.split(" | ")[0] for row in rows] == ["| linear_regression", "| mlp"]
    assert {int(row.split(" | ")[2]) for row in rows} <= {4, 5, 6}
    assert "0 failed" in out

    from parity import cli

    real = cli.run_case

    def fails_at_seed_5(case):
        result = real(case)
        if case.seed == 5:
            result.status, result.message = "fail", "planted"
        return result

    monkeypatch.setattr(cli, "run_case", fails_at_seed_5)
    assert main(["seeds", "linear_regression", "--seeds", "2", "--first", "4",
                 "--check", "gradients"]) == 1
    assert "failed (seed 5)" in capsys.readouterr().out


def test_battery_counts_what_passes(capsys):
    assert main(["battery", "naive_bayes"]) == 0
    out = capsys.readouterr().out
    assert "naive_bayes" in out
    assert "one_sample" in out          # its opt-out is listed
    assert "0 failed" in out


def test_unknown_pair_is_a_clear_error(capsys):
    assert main(["check", "no_such_pair"]) == 2
    assert "no pair named no_such_pair" in capsys.readouterr().err


def test_scaffold_lints_clean_and_fails_parity(tmp_path, capsys):
    for kind in KINDS:
        name = f"a_rather_long_new_{kind}_pair_name"
        assert main(["new", name, "--kind", kind, "--root", str(tmp_path)]) == 0
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == [
            "__init__.py", "framework.py", "mutants.py", "scratch.py", "spec.py"]
        (pair,) = discover(tmp_path, [name])
        results = [run_case(case) for case in cases([pair], devices=["cpu"])]
        assert results
        assert not any(result.passed for result in results), "a scaffold passed a check"
        assert main(["check", name, "--root", str(tmp_path)]) == 1
        out = capsys.readouterr().out
        assert "re-run: python -m parity check" in out
        assert main(["battery", name, "--root", str(tmp_path)]) == 1
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    # The longest names make the longest lines: lint against the project's own settings.
    config = Path(__file__).parents[1] / "pyproject.toml"
    lint = subprocess.run([ruff, "check", "--config", str(config), str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout


def test_scaffold_refuses_bad_names_and_existing_folders(tmp_path, capsys):
    assert main(["new", "Bad-Name", "--kind", "gradient", "--root", str(tmp_path)]) == 2
    assert main(["new", "twice_pair", "--kind", "gradient", "--root", str(tmp_path)]) == 0
    assert main(["new", "twice_pair", "--kind", "gradient", "--root", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["check", "linear_regression", "--seed", "-1"],
    ["check", "linear_regression", "--seed", "1.5"],
    ["check", "linear_regression", "--seed", str(2**32)],
])
def test_a_seed_outside_the_rule_is_refused_before_any_case_runs(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "a seed is an integer in [0, 2^32 - 1]" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["list"], ["check"], ["battery"],
                                     ["new", "some_pair", "--kind", "gradient"]])
def test_a_root_that_is_no_folder_is_refused_and_nothing_is_created(command, tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "dir"
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--root", str(missing)])
    assert exit_.value.code == 2
    assert f"{missing} is not a folder" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()


def test_a_missing_baseline_is_an_error_before_the_benchmarks_run(tmp_path, capsys):
    output = tmp_path / "results"
    assert main(["bench", "linear_regression", "--smoke", "--output", str(output),
                 "--baseline", str(tmp_path / "missing.json")]) == 2
    assert "the baseline" in capsys.readouterr().err
    assert not output.exists()                                   # nothing ran


def test_module_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "parity", "list"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "linear_regression" in done.stdout


def test_the_readme_is_short():
    """A newcomer reads it in minutes; the full tables are generated files it links to."""
    readme = (ALGORITHMS_DIR.parent / "README.md").read_text()
    assert len(readme.splitlines()) <= 300
    for header in ("| numpy |", "| pair | check |", "| pair | cases |"):    # copied tables
        assert header not in readme


def test_the_cuda_command_without_a_gpu_says_so_and_writes_nothing(tmp_path, capsys,
                                                                  monkeypatch):
    import torch

    from parity import cuda

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(cuda, "gpu_present", lambda: False)
    assert main(["cuda", "--output", str(tmp_path / "cuda")]) == 0
    out = capsys.readouterr().out
    assert f"torch {torch.__version__}" in out
    assert "no CUDA device" in out
    assert not (tmp_path / "cuda").exists()


def test_the_cuda_command_names_the_build_to_install_beside_a_gpu_it_cannot_use(
        tmp_path, capsys, monkeypatch):
    import torch

    from parity import cuda

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.version, "cuda", None)
    monkeypatch.setattr(cuda, "gpu_present", lambda: True)
    assert main(["cuda", "--output", str(tmp_path / "cuda")]) == 2
    error = capsys.readouterr().err
    assert "this torch is a CPU build" in error
    assert f"pip install --force-reinstall torch=={torch.__version__.split('+')[0]}" in error
    assert not (tmp_path / "cuda").exists()


def test_the_cuda_command_on_a_gpu_checks_every_cuda_case_and_times_the_torch_pairs(
        tmp_path, capsys, monkeypatch):
    """The GPU path's wiring, with the long runs replaced by recorders (no GPU here)."""
    import torch

    import benchmarks.run
    import parity.cli
    from parity import cuda

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index: "a test GPU")
    asked = {}
    monkeypatch.setattr(parity.cli, "command_check", lambda args: asked.update(check=args) or 0)
    monkeypatch.setattr(benchmarks.run, "run", lambda args: asked.update(bench=args) or 0)
    monkeypatch.setattr(cuda, "flake_check", lambda pairs, path: asked.update(flake=path) or "")
    assert main(["cuda", "--output", str(tmp_path / "cuda"), "--max-sizes", "2"]) == 0
    assert "GPU: a test GPU" in capsys.readouterr().out
    assert asked["check"].device == ["cuda"]
    assert asked["check"].markdown == str(tmp_path / "cuda" / "parity.md")
    assert asked["bench"].device == ["cpu", "cuda"]
    assert asked["bench"].max_sizes == 2
    assert asked["flake"] == tmp_path / "cuda" / "flake.md"
    timed = set(asked["bench"].names)
    assert {"transformer", "mlp", "attention", "optimizers"} <= timed
    assert not timed & {"kmeans", "svm", "metrics"}               # scikit-learn pairs: no GPU


def test_the_flake_check_lists_a_case_whose_two_runs_differ(tmp_path, monkeypatch):
    from types import SimpleNamespace

    import parity.runner
    from parity.cuda import flake_check

    runs = iter(range(1000))

    def run_case(case):                  # every lstm case drifts between its two runs
        drift = next(runs) if case.pair.name == "lstm" else 0
        return SimpleNamespace(max_abs=1e-7 * drift, max_rel=0.0, status="pass")

    monkeypatch.setattr(parity.runner, "run_case", run_case)
    found = flake_check(discover(names=["lstm", "gru"]), tmp_path / "flake.md", seeds=(1,))
    report = (tmp_path / "flake.md").read_text()
    assert found == "2 of 4 cases differ between runs or failed to run"   # lstm: both forms
    assert "lstm-gradients-float32-cuda seed 1" in report
    assert "gru-gradients" not in report


def test_the_cuda_command_refuses_a_cuda_build_that_sees_no_gpu(tmp_path, capsys, monkeypatch):
    """A driver too old, or CUDA_VISIBLE_DEVICES="": nothing would be checked, so not exit 0."""
    import torch

    from parity import cuda

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.version, "cuda", "12.6")
    monkeypatch.setattr(cuda, "gpu_present", lambda: True)
    assert main(["cuda", "--output", str(tmp_path / "cuda")]) == 2
    assert "this CUDA build of torch sees none" in capsys.readouterr().err
