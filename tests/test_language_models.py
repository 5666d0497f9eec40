"""The language models' text handling, sampling and training script (char_lm and transformer).

Parity of the models themselves runs in the harness (tests/test_parity.py); here: the text as
token ids, the same sample from both sides, and the training script end to end on a corpus the
test writes and on the shared copy of tiny shakespeare.
"""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from algorithms.char_lm import framework as char_lm_framework
from algorithms.char_lm import scratch as char_lm_scratch
from algorithms.char_lm import train
from algorithms.transformer import framework as transformer_framework
from algorithms.transformer import scratch as transformer_scratch
from data import text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "tinyshakespeare" / "input.txt"
CORPUS = ("First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n"
          "\nFirst Citizen:\nYou are all resolved rather to die than to famish?\n") * 3
MODELS = {
    "rnn": (char_lm_scratch.CharRNN, char_lm_framework.CharRNN, {"hidden": 16}),
    "lstm": (char_lm_scratch.CharRNN, char_lm_framework.CharRNN, {"hidden": 16, "cell": "lstm"}),
    "gru": (char_lm_scratch.CharRNN, char_lm_framework.CharRNN, {"hidden": 16, "cell": "gru"}),
    "gpt": (transformer_scratch.GPT, transformer_framework.GPT,
            {"d_model": 16, "n_heads": 2, "n_layers": 1}),
}


def test_the_vocabulary_round_trips_and_refuses_unknown_characters():
    vocab = text.CharVocabulary(CORPUS)
    assert vocab.chars == sorted(set(CORPUS))
    assert vocab.decode(vocab.encode(CORPUS)) == CORPUS
    with pytest.raises(ValueError, match="outside the vocabulary"):
        vocab.encode("Zebra")
    with pytest.raises(ValueError, match="empty"):
        text.CharVocabulary("")


def test_windows_pair_each_position_with_the_next_character():
    ids = text.CharVocabulary(CORPUS).encode(CORPUS)
    X, y = text.windows(ids, 8, np.array([0, 5, len(ids) - 9]))
    assert X.shape == y.shape == (3, 8)
    np.testing.assert_array_equal(y[:, :-1], X[:, 1:])                   # shifted by one
    np.testing.assert_array_equal(X[1], ids[5:13])
    np.testing.assert_array_equal(y[2, -1], ids[-1])                     # the last window ends
    with pytest.raises(ValueError, match="window starts must lie"):
        text.windows(ids, 8, np.array([len(ids) - 8]))
    with pytest.raises(ValueError, match="no window"):
        text.windows(ids[:5], 8, np.array([0]))


def test_split_keeps_the_order_and_the_share():
    train_ids, val_ids = text.split(np.arange(100), 0.1)
    np.testing.assert_array_equal(np.concatenate([train_ids, val_ids]), np.arange(100))
    assert len(val_ids) == 10
    with pytest.raises(ValueError, match="val_fraction"):
        text.split(np.arange(10), 1.0)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_both_sides_write_the_same_sample(name):
    scratch_class, framework_class, settings = MODELS[name]
    vocab = text.CharVocabulary(CORPUS)
    scratch = scratch_class(12, vocab_size=len(vocab), **settings, seed=3)
    framework = framework_class(12, vocab_size=len(vocab), **settings)
    framework.load_state_dict(scratch.state_dict())
    prompt = vocab.encode("First")
    ours = scratch.generate(prompt, 40, temperature=0.8, seed=5)
    theirs = framework.generate(prompt, 40, temperature=0.8, seed=5)
    assert len(ours) == len(prompt) + 40
    np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(ours[:5], prompt)
    assert not np.array_equal(ours, scratch.generate(prompt, 40, temperature=0.8, seed=6))


LLAMA = {"positions": "rotary", "norm": "rms", "mlp": "swiglu", "n_heads": 4, "n_kv_heads": 2}


@pytest.mark.parametrize("variant", [{}, LLAMA], ids=["gpt2", "llama"])
@pytest.mark.parametrize("side", ["scratch", "framework"])
def test_generation_with_a_kv_cache_draws_what_generation_without_one_draws(side, variant):
    """The cache feeds one token per call until the context is full, then starts again from
    the sliding window at every step: the same tokens as the uncached loop, on each side."""
    GPT = (transformer_scratch if side == "scratch" else transformer_framework).GPT
    model = GPT(12, vocab_size=9, d_model=16, n_layers=2, **{"n_heads": 2, **variant})
    model.load_state_dict({name: 0.5 * np.random.default_rng(1).standard_normal(value.shape)
                           for name, value in model.state_dict().items()})
    widths, forward = [], model.forward

    def counted(X, cache=None):
        widths.append((X.shape[1], cache is not None))
        return forward(X, cache)

    model.forward = counted
    cached = model.generate([1, 2, 3], 20, seed=4)
    assert widths[:10] == [(3, True)] + [(1, True)] * 9       # the prompt, then one at a time
    assert widths[10:] == [(12, True)] * 10                    # the window slides: all again
    widths.clear()
    uncached = model.generate([1, 2, 3], 20, seed=4, kv_cache=False)
    assert set(widths) == {(3, False), *((t, False) for t in range(4, 13))}
    np.testing.assert_array_equal(cached, uncached)


def test_a_cache_past_the_context_is_refused_alike():
    message = ("the KV cache holds 12 positions and 1 more would pass context_length=12: start "
               "a new cache")
    for model in (transformer_scratch.GPT(12, vocab_size=9, d_model=8, n_heads=2),
                  transformer_framework.GPT(12, vocab_size=9, d_model=8, n_heads=2)):
        native = np.asarray if isinstance(model, transformer_scratch.GPT) else torch.from_numpy
        cache = model.new_kv_cache()
        model.forward(native(np.arange(12).reshape(1, 12) % 9), cache)
        with pytest.raises(ValueError, match=message):
            model.forward(native(np.array([[1]])), cache)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_cold_sample_follows_the_most_probable_character(name):
    scratch_class, _, settings = MODELS[name]
    model = scratch_class(6, vocab_size=9, **settings, seed=1)
    tokens = model.generate([1, 2, 3], 10, temperature=1e-3)
    for t in range(3, len(tokens)):
        context = tokens[max(0, t - 6):t][None, :]
        assert tokens[t] == model.forward(context)[0, -1].argmax()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_bad_prompts_and_temperatures_are_refused_alike(name):
    scratch_class, framework_class, settings = MODELS[name]
    for bad, message in ((([1, 99], 3, 1.0), "integer token ids"),
                         (([1, 2], 3, 0.0), "temperature must be a finite number > 0"),
                         (([1, 2], -1, 1.0), "n_tokens must be an integer >= 0")):
        for model in (scratch_class(4, vocab_size=5, **settings),
                      framework_class(4, vocab_size=5, **settings)):
            with pytest.raises(ValueError, match=message):
                model.generate(bad[0], bad[1], temperature=bad[2])


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_training_script_runs_both_sides_then_torch(tmp_path, name):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(CORPUS)
    out = tmp_path / "results"
    results = train.main(["--model", name, "--text", str(corpus), "--steps", "6",
                          "--parity-steps", "4", "--eval-every", "3", "--sample", "25",
                          "--context", "8", "--batch-size", "4", "--out", str(out)])
    assert results["parity_max_loss_difference"] < 1e-12                 # float64, 4 steps
    assert len(results["parity_losses"]["scratch"]) == 4
    assert [step for step, _ in results["validation"]] == [3, 6]
    assert all(np.isfinite(loss) for _, loss in results["validation"])
    sample = (out / f"{name}-sample.txt").read_text()
    assert len(sample) == 1 + 25
    assert set(sample) <= set(CORPUS)
    assert (out / f"{name}-loss.png").stat().st_size > 10_000
    assert json.loads((out / f"{name}.json").read_text())["steps"] == 6


def test_the_training_script_trains_on_bpe_tokens(tmp_path):
    """--tokens bpe: a BPE learned from the first 90% of the text, the losses per token, the
    validation loss per character too; the sample is text BPE decodes."""
    from algorithms.bpe.scratch import BPE

    corpus = tmp_path / "corpus.txt"
    corpus.write_text(CORPUS * 3)
    out = tmp_path / "results"
    results = train.main(["--model", "gpt", "--tokens", "bpe", "--bpe-vocab", "280",
                          "--text", str(corpus), "--steps", "4", "--parity-steps", "3",
                          "--eval-every", "2", "--sample", "12", "--context", "8",
                          "--batch-size", "4", "--out", str(out)])
    assert results["parity_max_loss_difference"] < 1e-12
    assert results["settings"]["vocab_size"] == 280
    cut = int(0.9 * len(CORPUS * 3))
    held_out = (CORPUS * 3)[cut:]
    per_token = len(held_out) / len(BPE(280).fit((CORPUS * 3)[:cut]).encode(held_out))
    assert results["characters_per_token"] == pytest.approx(per_token)
    assert per_token > 1.2                                       # merges shorten the text
    assert results["validation_per_character"] == pytest.approx(
        results["validation"][-1][1] / per_token)
    assert (out / "gpt-bpe-sample.txt").exists()
    assert (out / "gpt-bpe.json").exists()


@pytest.mark.skipif(not SHARED.exists(), reason="the shared copy of tiny shakespeare is absent")
def test_tiny_shakespeare_trains_from_the_shared_copy(tmp_path):
    corpus = SHARED.read_text(encoding="utf-8")
    vocab = text.CharVocabulary(corpus)
    assert len(vocab) == 65
    train_ids, val_ids = text.split(vocab.encode(corpus), 0.1)
    assert len(val_ids) == 111_539
    assert len(train_ids) + len(val_ids) == 1_115_394
    results = train.main(["--model", "rnn", "--text", str(SHARED), "--steps", "40",
                          "--parity-steps", "2", "--eval-every", "40", "--sample", "10",
                          "--out", str(tmp_path)])
    first, last = results["parity_losses"]["framework"][0], results["validation"][-1][1]
    assert abs(first - np.log(65)) < 0.3                # an untrained model: about uniform
    assert last < first - 0.5                          # 40 steps of Adam learn the letters


def test_the_progress_bar_writes_a_tenth_at_a_time_to_a_log(capsys):
    for step in range(1, 21):
        train.progress(step, 20, 0.0, loss=1.0, val=None)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 10
    assert lines[-1].startswith("[" + "#" * 30 + "] 20/20 loss 1.0000")
