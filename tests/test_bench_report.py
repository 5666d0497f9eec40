"""The benchmark report: ratios, growth exponents, regressions against a baseline, charts."""

import json

import pytest

from benchmarks import report


def fake_run(path, medians):
    """A pytest-benchmark JSON file with the given {(pair, loop, N, D, impl): median}."""
    benchmarks = [{"extra_info": {"pair": pair, "loop": loop, "N": N, "D": D,
                                  "implementation": impl},
                   "stats": {"median": median}}
                  for (pair, loop, N, D, impl), median in medians.items()]
    path.write_text(json.dumps({"machine_info": {"cpu": {"brand_raw": "Test CPU"},
                                                 "cores": 2, "threads": 2},
                                "benchmarks": benchmarks}))
    return path


def quadratic(scale=1.0):
    """numpy time grows as size^2, torch as size^1, at three sizes."""
    medians = {}
    for N in (10, 100, 1000):
        medians[("pair", "step", N, 1, "numpy")] = scale * 1e-9 * N**2
        medians[("pair", "step", N, 1, "torch-cpu")] = 1e-6 * N
    return medians


def test_growth_exponent_recovers_the_power_law():
    assert report.growth_exponent([(10, 1e-7), (100, 1e-5), (1000, 1e-3)]) == pytest.approx(2.0)
    assert report.growth_exponent([(10, 5e-3)]) is None


def test_the_kv_cache_speed_up_is_forward_over_next_token(tmp_path):
    medians = {("gpt", "forward", 8, 64, "numpy"): 6e-3,
               ("gpt", "next_token", 8, 64, "numpy"): 1e-3,
               ("gpt", "forward", 8, 64, "torch-cpu"): 2e-3,
               ("gpt", "next_token", 8, 64, "torch-cpu"): 4e-3,
               ("mlp", "forward", 8, 64, "numpy"): 1e-3}
    _, rows = report.load(fake_run(tmp_path / "run.json", medians))
    assert "| gpt | 8 x 64 | 6.0x | 0.5x | - |" in report.cache_table(rows)
    assert "mlp" not in report.cache_table(rows)
    assert report.cache_table(report.load(fake_run(tmp_path / "plain.json", quadratic()))[1]) == ""


def test_table_gives_numpy_over_framework_ratios(tmp_path):
    _, rows = report.load(fake_run(tmp_path / "run.json", quadratic()))
    text = report.table(rows)
    # at N = 1000: numpy 1e-3 s, torch 1e-3 s -> ratio 1.00; at N = 10: 1e-7 / 1e-5 = 0.01
    assert "| pair | step | 1000 x 1 | 1 ms | 1 ms torch-cpu | 1.00 |" in text
    assert "| pair | step | 10 x 1 | 100 ns | 10 µs torch-cpu | 0.01 |" in text
    growth = report.growth_table(rows)
    assert "| pair | step | 2.00 | 1.00 |" in growth


def test_regressions_are_named_with_their_factor(tmp_path):
    baseline = fake_run(tmp_path / "old.json", quadratic())
    slower = fake_run(tmp_path / "new.json", quadratic(scale=2.0))
    _, old_rows = report.load(baseline)
    _, new_rows = report.load(slower)
    found = report.regressions(new_rows, old_rows, threshold=1.5)
    assert len(found) == 3
    assert all("[numpy]" in line and "2.00x slower" in line for line in found)
    assert report.regressions(new_rows, old_rows, threshold=2.5) == []
    assert report.main([str(slower), "--baseline", str(baseline)]) == 1
    assert report.main([str(baseline), "--baseline", str(baseline)]) == 0


def test_charts_are_written(tmp_path):
    _, rows = report.load(fake_run(tmp_path / "run.json", quadratic()))
    (chart,) = report.charts(rows, tmp_path / "charts")
    assert chart.name == "pair-step.png"
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_a_failed_benchmark_still_writes_the_report_and_names_the_failure(tmp_path, monkeypatch,
                                                                          capsys):
    """One benchmark failing (a CUDA error, say) must not throw away the others' numbers: the
    table is written from what ran, the failure is listed, and the exit status says so."""
    import argparse
    import subprocess

    from benchmarks import run

    def child(command, stdout, **_):
        fake_run(tmp_path / "benchmarks.json", quadratic())
        stdout.write("FAILED benchmarks/test_hot_loops.py::test_step[pair-cuda] - RuntimeError\n")
        return subprocess.CompletedProcess(command, 1)

    monkeypatch.setattr(run.subprocess, "run", child)
    args = argparse.Namespace(baseline=None, output=str(tmp_path), device=["cpu"], names=[],
                              max_sizes=None, threads=None, smoke=False)
    assert run.run(args) == 1
    assert "| pair | step |" in (tmp_path / "benchmarks.md").read_text()
    assert "FAILED benchmarks/test_hot_loops.py::test_step[pair-cuda]" in capsys.readouterr().err


def test_a_report_with_cuda_times_says_small_sizes_measure_latency(tmp_path):
    medians = {("pair", "step", 10, 1, "numpy"): 1e-6, ("pair", "step", 10, 1, "torch-cuda"): 2e-5}
    _, rows = report.load(fake_run(tmp_path / "cuda.json", medians))
    assert report.CUDA_LATENCY in report.render({}, rows)
    _, cpu_rows = report.load(fake_run(tmp_path / "cpu.json", quadratic()))
    assert report.CUDA_LATENCY not in report.render({}, cpu_rows)
