"""Train a character-level language model on tiny shakespeare, both sides, then PyTorch alone.

    python -m algorithms.char_lm.train --model rnn       # the char_lm pair's CharRNN (tanh)
    python -m algorithms.char_lm.train --model lstm      # ... with cell="lstm"
    python -m algorithms.char_lm.train --model gru       # ... with cell="gru"
    python -m algorithms.char_lm.train --model gpt       # the transformer pair's GPT
    python -m algorithms.char_lm.train --model gpt --tokens bpe   # ... on BPE tokens

1. parity: the NumPy and the PyTorch model from one start, on the same batches, for
   --parity-steps steps: their losses, step by step (float64 by default, as in parity).
2. PyTorch alone for --steps steps (float32), the validation loss (the last 10% of the text)
   every --eval-every steps, a progress bar on the terminal.
3. a sample of --sample tokens from the trained model.

The tokens are characters, or with --tokens bpe the tokens of the bpe pair's byte-pair encoding
(NumPy side), --bpe-vocab of them learned from the first 90% of the text; the losses are then
per token, and the validation loss is also given per character (times the tokens per character
of the validation text), the unit that compares it with the character models'.

Into --out: <model>-loss.png (both curves), <model>-sample.txt and <model>.json (the numbers),
<model>-bpe-... with --tokens bpe.
--tensorboard DIR logs it all for TensorBoard (parity.tensorboard): the parity steps of both
sides and their difference, then PyTorch alone (run framework_alone): its loss at every step,
the validation loss, weight and gradient histograms at each evaluation, and at the end the
precision-recall curves of the ten most frequent characters as the next character.
The text: --text, else data.download.tiny_shakespeare() (local copy, cache, or download).
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

from algorithms.bpe import scratch as bpe_scratch
from algorithms.char_lm import framework as char_lm_framework
from algorithms.char_lm import scratch as char_lm_scratch
from algorithms.transformer import framework as transformer_framework
from algorithms.transformer import scratch as transformer_scratch
from data import download, text
from parity import tensorboard

# About 100,000 parameters each: the hidden width that puts each cell at that budget
ALONE = "framework_alone"                 # the TensorBoard run of PyTorch training alone
MODELS = {
    "rnn": (char_lm_scratch.CharRNN, char_lm_framework.CharRNN, {"hidden": 256, "cell": "rnn"}),
    "lstm": (char_lm_scratch.CharRNN, char_lm_framework.CharRNN, {"hidden": 122, "cell": "lstm"}),
    "gru": (char_lm_scratch.CharRNN, char_lm_framework.CharRNN, {"hidden": 143, "cell": "gru"}),
    "gpt": (transformer_scratch.GPT, transformer_framework.GPT,
            {"d_model": 64, "n_heads": 4, "n_layers": 2}),
}


def tokenize(corpus, tokens, bpe_vocab):
    """(vocabulary, training ids, validation ids): the first 90% of the text and the last 10%,
    as characters or as the tokens of a BPE learned from the first 90%."""
    if tokens == "chars":
        vocab = text.CharVocabulary(corpus)
        return (vocab, *text.split(vocab.encode(corpus), 0.1))
    cut = int(0.9 * len(corpus))
    bpe = bpe_scratch.BPE(bpe_vocab).fit(corpus[:cut])
    return bpe, bpe.encode(corpus[:cut]), bpe.encode(corpus[cut:])


def progress(step, total, started, **metrics):
    """A one-line progress bar, redrawn in place on a terminal; every tenth on a log."""
    terminal = sys.stderr.isatty()
    if not terminal and step % max(1, total // 10) and step != total:
        return
    done = int(30 * step / total)
    rate = step / max(time.perf_counter() - started, 1e-9)
    said = " ".join(f"{name} {value:.4f}" for name, value in metrics.items() if value is not None)
    line = f"[{'#' * done}{'.' * (30 - done)}] {step}/{total} {said} {rate:.1f} steps/s"
    print(("\r" if terminal else "") + line, end="" if terminal and step < total else "\n",
          file=sys.stderr, flush=True)


def mean_loss(model, X, y, batch_size=64):
    """The mean next-character loss over (X, y), in batches, without gradients."""
    with torch.no_grad():
        losses = [float(model.loss(torch.as_tensor(X[i:i + batch_size]),
                                   torch.as_tensor(y[i:i + batch_size])))
                  * len(X[i:i + batch_size]) for i in range(0, len(X), batch_size)]
    return sum(losses) / len(X)


def parity_run(scratch_class, framework_class, settings, ids, steps, batch_size, T, dtype, rng):
    """Both sides from the scratch side's start, on the same random windows: their losses."""
    scratch = scratch_class(T, **settings, dtype=dtype)
    framework = framework_class(T, **settings, dtype=dtype)
    framework.load_state_dict(scratch.state_dict())
    ours, theirs = [], []
    for _ in range(steps):
        X, y = text.random_windows(ids, T, batch_size, rng)
        ours.append(float(scratch.step(X, y)))
        theirs.append(float(framework.step(torch.as_tensor(X), torch.as_tensor(y))))
    return ours, theirs


def train(model_class, settings, train_ids, X_val, y_val, steps, batch_size, T, eval_every,
          rng, board=None):
    """PyTorch alone: the training loss of every step, the validation loss every eval_every
    (each logged on the board, with the weight and gradient histograms, where one is given)."""
    model = model_class(T, **settings, dtype=np.float32)
    history, validation, started = [], [], time.perf_counter()
    for step in range(1, steps + 1):
        X, y = text.random_windows(train_ids, T, batch_size, rng)
        history.append(float(model.step(torch.as_tensor(X), torch.as_tensor(y))))
        val = None
        if board:
            board.scalar(ALONE, "loss/train", history[-1], step)
        if step % eval_every == 0 or step == steps:
            val = mean_loss(model, X_val, y_val)
            validation.append((step, val))
            if board:
                board.scalar(ALONE, "validation/loss", val, step)
                board.histograms(ALONE, "weights", model.state_dict(), step)
                board.histograms(ALONE, "gradients", model.gradients(
                    torch.as_tensor(X), torch.as_tensor(y))[1], step)
        progress(step, steps, started, loss=float(np.mean(history[-20:])), val=val)
    return model, history, validation, time.perf_counter() - started


def next_character_pr_curves(board, model, X_val, y_val, step, classes=10):
    """The precision-recall curve of each of the most frequent characters as the next one."""
    with torch.no_grad():
        logits = model.forward(torch.as_tensor(X_val[:256]))            # (N, T, V)
        probabilities = torch.softmax(logits, dim=-1).reshape(-1, logits.shape[-1]).numpy()
    truth = y_val[:256].reshape(-1)
    frequent = np.argsort(-np.bincount(truth, minlength=probabilities.shape[1]),
                          kind="stable")[:classes]
    board.pr_curves(ALONE, truth, probabilities[:, frequent], frequent, step)


def plot(path, name, ours, theirs, history, validation):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.plot(ours, label="scratch (NumPy)", linewidth=2.5, alpha=0.6)
    left.plot(theirs, "--", color="black", linewidth=1, label="framework (PyTorch)")
    left.set_title(f"{name}: both sides, one start, the same batches")
    left.set_xlabel("step")
    left.set_ylabel("training loss (nats / character)")
    left.legend()
    steps = np.arange(1, len(history) + 1)
    window = min(50, len(history))
    smooth = np.convolve(history, np.ones(window) / window, mode="valid")
    right.plot(steps, history, color="tab:blue", alpha=0.25, linewidth=0.8)
    right.plot(steps[window - 1:], smooth, color="tab:blue", label="training (mean of 50)")
    right.plot(*zip(*validation, strict=True), "o-", color="tab:orange", label="validation")
    right.set_title(f"{name}: PyTorch alone on tiny shakespeare")
    right.set_xlabel("step")
    right.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="rnn")
    parser.add_argument("--text", help="a text file (default: tiny shakespeare)")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--parity-steps", type=int, default=100)
    parser.add_argument("--parity-dtype", choices=("float64", "float32"), default="float64")
    parser.add_argument("--tokens", choices=("chars", "bpe"), default="chars",
                        help="characters, or byte-pair-encoding tokens")
    parser.add_argument("--bpe-vocab", type=int, default=512,
                        help="with --tokens bpe: the tokens BPE learns (>= 256)")
    parser.add_argument("--context", type=int, default=64, help="tokens per sequence")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--eval-every", type=int, default=250)
    parser.add_argument("--sample", type=int, default=600, help="tokens to generate")
    parser.add_argument("--prompt", default="\n")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="algorithms/char_lm/results")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log both sides' parity steps and the PyTorch run for TensorBoard")
    args = parser.parse_args(argv)
    for name in ("steps", "context", "batch_size", "eval_every"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")

    corpus = Path(args.text).read_text(encoding="utf-8") if args.text else (
        download.tiny_shakespeare())
    vocab, train_ids, val_ids = tokenize(corpus, args.tokens, args.bpe_vocab)
    chars_per_token = (len(corpus) - int(0.9 * len(corpus))) / len(val_ids)
    scratch_class, framework_class, settings = MODELS[args.model]
    settings = {**settings, "vocab_size": len(vocab), "lr": args.lr}
    name = args.model if args.tokens == "chars" else f"{args.model}-bpe"
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    print(f"{name}: {len(corpus):,} characters, {len(vocab)} distinct tokens; "
          f"{args.parity_steps} steps on both sides", file=sys.stderr)
    ours, theirs = parity_run(scratch_class, framework_class, settings, train_ids,
                              args.parity_steps, args.batch_size, args.context,
                              args.parity_dtype, rng)
    board = None
    if args.tensorboard:
        from parity.tensorboard import Board

        board = Board(args.tensorboard)
        board.step_losses(ours, theirs, first_step=1)
    gap = float(np.max(np.abs(np.subtract(ours, theirs)))) if ours else 0.0
    print(f"largest loss difference over {len(ours)} steps: {gap:.3g}", file=sys.stderr)
    X_val, y_val = text.windows(val_ids, args.context,          # the last 10%, whole windows
                                np.arange(0, len(val_ids) - args.context - 1, args.context))
    model, history, validation, seconds = train(
        framework_class, settings, train_ids, X_val, y_val, args.steps, args.batch_size,
        args.context, args.eval_every, rng, board)
    sample = vocab.decode(model.generate(vocab.encode(args.prompt), args.sample,
                                         seed=args.seed))

    if board:
        next_character_pr_curves(board, model, X_val, y_val, args.steps)
        board.close()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plot(out / f"{name}-loss.png", name, ours, theirs, history, validation)
    (out / f"{name}-sample.txt").write_text(sample, encoding="utf-8")
    results = {"model": args.model, "tokens": args.tokens, "settings": settings,
               "characters_per_token": chars_per_token,
               "validation_per_character": validation[-1][1] / chars_per_token,
               "context": args.context,
               "batch_size": args.batch_size, "parity_steps": len(ours),
               "parity_dtype": args.parity_dtype, "parity_max_loss_difference": gap,
               "parity_losses": {"scratch": ours, "framework": theirs},
               "steps": args.steps, "train_seconds": round(seconds, 1),
               "final_train_loss": float(np.mean(history[-50:])), "validation": validation,
               "command": "python -m algorithms.char_lm.train " + " ".join(
                   sys.argv[1:] if argv is None else argv)}
    (out / f"{name}.json").write_text(json.dumps(results, indent=1))
    print(f"validation loss {validation[-1][1]:.4f} per token, "
          f"{validation[-1][1] / chars_per_token:.4f} per character, after {args.steps} steps "
          f"({seconds:.0f} s); wrote {out}", file=sys.stderr)
    print(sample)
    return results


if __name__ == "__main__":
    main()
