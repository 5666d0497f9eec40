"""Training you can watch: the TensorBoard event files, read back with tensorboard's own
reader, hold exactly the numbers the run computed."""

import importlib
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

import algorithms
import data
from algorithms.mlp import framework, scratch
from parity.tensorboard import Board, train_both_logged

event_accumulator = pytest.importorskip(
    "tensorboard.backend.event_processing.event_accumulator")


def read(run):
    """Every scalar, histogram and tensor of one run folder."""
    accumulator = event_accumulator.EventAccumulator(
        str(run), size_guidance={"scalars": 0, "histograms": 0, "tensors": 0})
    accumulator.Reload()
    return accumulator


def scalars(accumulator, tag):
    return [(event.step, event.value) for event in accumulator.Scalars(tag)]


def test_both_sides_every_step_and_epoch_are_logged_as_computed(tmp_path):
    X, y = data.digits()
    X_train, X_test, y_train, y_test = data.train_test_split(np.random.default_rng(0), X, y)
    logged = train_both_logged(tmp_path, scratch.MLP, framework.MLP, X_train[:400],
                               y_train[:400], X_test, y_test, epochs=3, batch_size=64,
                               hidden=(16,), n_classes=10, lr=0.1)
    steps = len(logged["scratch"]["train"])
    assert steps == 3 * 7                                       # 400 samples, batches of 64
    runs = {side: read(tmp_path / side) for side in ("scratch", "framework", "difference")}
    for side in ("scratch", "framework"):
        ours = logged[side]
        assert scalars(runs[side], "loss/train") == [
            (step, float(np.float32(loss))) for step, loss in enumerate(ours["train"], 1)]
        assert scalars(runs[side], "validation/loss") == [        # at each epoch's last step
            (7 * epoch, float(np.float32(loss)))
            for epoch, loss in enumerate(ours["validation_loss"], 1)]
        assert scalars(runs[side], "validation/accuracy") == [
            (7 * epoch, float(np.float32(accuracy)))
            for epoch, accuracy in enumerate(ours["validation_accuracy"], 1)]
        tags = runs[side].Tags()
        for name in ("W1", "b1", "W2", "b2"):
            assert f"weights/{name}" in tags["histograms"]
            assert f"gradients/{name}" in tags["histograms"]
        assert {f"pr_curve/class {k}" for k in range(10)} <= set(tags["tensors"])
    differences = np.abs(np.subtract(logged["scratch"]["train"], logged["framework"]["train"]))
    assert scalars(runs["difference"], "loss/train") == [
        (step, float(np.float32(gap))) for step, gap in enumerate(differences, 1)]
    assert max(differences) < 1e-12                             # the two sides agree


SCRIPTS = sorted(f"algorithms.{path.parent.name}.{path.stem}"
                 for pattern in ("*/lesson.py", "char_lm/train.py")
                 for path in Path(algorithms.__file__).parent.glob(pattern))


@pytest.mark.parametrize("module", SCRIPTS)
def test_every_training_script_takes_tensorboard(module, capsys):
    script = importlib.import_module(module)
    with pytest.raises(SystemExit):
        script.main(["--help"])
    assert "--tensorboard DIR" in capsys.readouterr().out


@pytest.mark.parametrize(("module", "run", "tag", "steps"), [
    ("algorithms.polynomial_regression.lesson", "scratch", "test/r2", 6),
    ("algorithms.perceptron.lesson", "XOR/framework", "train/accuracy", 20),
    ("algorithms.initialization.lesson", "relu_Kaiming_relu/framework", "activations/std", 20),
])
def test_the_other_lessons_log_what_they_print(module, run, tag, steps, tmp_path, capsys):
    script = importlib.import_module(module)
    arguments = ["--tensorboard", str(tmp_path)]
    if module.endswith("initialization.lesson"):
        arguments += ["--out", str(tmp_path / "figures")]
    script.main(arguments)
    capsys.readouterr()
    assert [step for step, _ in scalars(read(tmp_path / run), tag)] == list(range(1, steps + 1))


def test_the_linear_regression_lesson_logs_its_run(tmp_path, capsys):
    from algorithms.linear_regression import lesson

    lesson.main(["--tensorboard", str(tmp_path)])
    capsys.readouterr()
    losses = scalars(read(tmp_path / "scratch"), "loss/train")
    assert [step for step, _ in losses] == list(range(1, 101))   # 100 full-batch epochs
    assert losses[-1][1] < losses[0][1]
    assert "validation/accuracy" not in read(tmp_path / "scratch").Tags()["scalars"]


def test_the_optimizers_lesson_logs_each_setting(tmp_path, capsys):
    from algorithms.optimizers import lesson

    lesson.main(["--tensorboard", str(tmp_path)])
    capsys.readouterr()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "Adam_lr_0.5", "SGD_lr_0.1", "SGD_lr_0.1_momentum_0.5"]
    x = scalars(read(tmp_path / "SGD_lr_0.1" / "scratch"), "x")
    assert len(x) == 50
    assert x[9][1] == float(np.float32(3 + 7 * 0.8**10))        # the closed form, at step 10


@pytest.mark.slow
def test_the_char_lm_training_script_logs_both_phases(tmp_path, capsys):
    from algorithms.char_lm import train

    text = tmp_path / "text.txt"
    text.write_text(data.text.OPENING * 20)
    results = train.main(["--model", "gru", "--text", str(text), "--steps", "4",
                          "--parity-steps", "3", "--eval-every", "2", "--sample", "5",
                          "--prompt", "F",
                          "--context", "16", "--out", str(tmp_path / "out"),
                          "--tensorboard", str(tmp_path / "runs")])
    capsys.readouterr()
    runs = tmp_path / "runs"
    parity = results["parity_losses"]
    assert scalars(read(runs / "scratch"), "loss/train") == [
        (step, float(np.float32(loss))) for step, loss in enumerate(parity["scratch"], 1)]
    alone = read(runs / train.ALONE)
    assert scalars(alone, "validation/loss") == [
        (step, float(np.float32(loss))) for step, loss in results["validation"]]
    assert len(scalars(alone, "loss/train")) == 4
    assert len([tag for tag in alone.Tags()["tensors"] if tag.startswith("pr_curve/")]) == 10


def test_without_tensorboard_the_flag_says_what_to_install(tmp_path, monkeypatch, capsys):
    """Before any training: the flag's own parsing stops the script."""
    from algorithms.mlp import lesson

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(SystemExit) as stopped:
        lesson.main(["--tensorboard", str(tmp_path)])
    assert stopped.value.code == 2
    assert "needs the tensorboard package: pip install" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)    # import fails
    with pytest.raises(SystemExit, match=r"needs the tensorboard package: pip install"):
        Board(tmp_path)


def test_the_vae_lesson_logs_its_run(tmp_path, capsys):
    from algorithms.vae import lesson

    lesson.main(["--epochs", "1", "--plot", str(tmp_path / "vae.png"),
                 "--tensorboard", str(tmp_path / "runs")])
    printed = capsys.readouterr().out
    runs = {side: read(tmp_path / "runs" / side) for side in ("scratch", "framework")}
    steps = [step for step, _ in scalars(runs["scratch"], "loss/train")]
    assert steps == list(range(1, len(steps) + 1))
    assert len(steps) == 45                                       # 1437 training images / 32
    for side, run in runs.items():
        (step, held_out), = scalars(run, "negative_elbo/held out")
        assert step == 45
        column = 1 if side == "scratch" else 2
        row = next(line for line in printed.splitlines() if line.startswith("held out"))
        assert f"{held_out:.3f}" == row.split()[column + 1]
        assert "decoded grid" in run.Tags()["images"]


def test_the_gan_lesson_logs_its_runs(tmp_path, capsys):
    from algorithms.gan import lesson

    lesson.main(["--epochs", "1", "--plot", str(tmp_path / "gan.png"),
                 "--tensorboard", str(tmp_path / "runs")])
    printed = capsys.readouterr().out
    runs = {side: read(tmp_path / "runs" / side) for side in ("scratch", "framework")}
    for run_name in ("SGD", "Adam"):
        steps = [step for step, _ in scalars(runs["scratch"], f"{run_name}/loss")]
        assert steps == list(range(1, 33))                        # 2048 points / 64
        for side, label in (("scratch", "numpy"), ("framework", "torch")):
            (step, modes), = scalars(runs[side], f"{run_name}/modes")
            row = next(line for line in printed.splitlines()
                       if line.startswith(run_name) and f", {label}" in line)
            assert step == 32
            assert int(modes) == int(row.split()[-2])


def test_the_word2vec_lesson_logs_its_run(tmp_path, capsys):
    from algorithms.word2vec import lesson
    from data import text

    corpus = tmp_path / "corpus.txt"
    corpus.write_text(" ".join([text.OPENING] * 20))
    losses = lesson.main(["--text", str(corpus), "--epochs", "1",
                          "--tensorboard", str(tmp_path / "runs")])
    printed = capsys.readouterr().out
    pairs = int(printed.split(" pairs within")[0].split()[-1])
    runs = {side: read(tmp_path / "runs" / side) for side in ("scratch", "framework")}
    steps = [step for step, _ in scalars(runs["scratch"], "loss/train")]
    assert steps == list(range(1, -(-pairs // 256) + 1))        # one epoch of batches of 256
    for run, loss in zip(runs.values(), losses, strict=True):
        (step, held_out), = scalars(run, "loss/held out")
        assert step == steps[-1]
        assert held_out == pytest.approx(loss, rel=1e-6)          # logged as float32
        assert "vectors/W_in" in run.Tags()["histograms"]
