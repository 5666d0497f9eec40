"""An encoder-decoder transformer learns to reverse (or sort) strings of digits, twice.

    python -m algorithms.seq2seq_transformer.lesson [--task reverse|sort] [--steps S]
                                                    [--length T] [--tensorboard DIR]

Both sides, NumPy by hand and nn.Transformer, start from the same weights and train on the
same batches of 64 random strings of T digits (Adam, lr 1e-3, float64), the decoder reading the
target shifted right (teacher forcing); the two losses are compared step by step (rounding
apart at first; a loss spike in a long run can grow that into a visible gap). Then each
decodes 1,000 strings it never saw, greedily (its own argmax tokens fed back one at a time),
and the table gives, per side, the share of strings decoded whole and of digits right, and
how many strings the two sides decode alike.
--tensorboard logs both trainings into DIR (parity.tensorboard): the loss at every step and
its gap, and the held-out accuracies.
"""

import argparse

import numpy as np

from algorithms._inputs import minibatches
from algorithms.seq2seq_transformer import framework, scratch
from parity import tensorboard

TASKS = {"reverse": lambda X: X[:, ::-1].copy(), "sort": lambda X: np.sort(X, axis=1)}
SETTINGS = {"vocab_size": 10, "d_model": 32, "n_heads": 4, "num_encoder_layers": 2,
            "num_decoder_layers": 2, "dim_feedforward": 64, "lr": 1e-3}
BATCH = 64


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=sorted(TASKS), default="reverse")
    parser.add_argument("--steps", type=int, default=1500, help="Adam steps on both sides")
    parser.add_argument("--length", type=int, default=8, help="digits in each string")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log both trainings and the held-out accuracies")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    X = rng.integers(0, 10, (args.steps * BATCH, args.length))           # a fresh string a row
    X_test = rng.integers(0, 10, (1000, args.length))
    y, y_test = TASKS[args.task](X), TASKS[args.task](X_test)
    batches = minibatches(len(X), BATCH, 1, args.seed)[:args.steps]
    ours = scratch.Seq2SeqTransformer(args.length, **SETTINGS, seed=args.seed)
    theirs = framework.Seq2SeqTransformer(args.length, **SETTINGS)
    theirs.load_state_dict(ours.state_dict())                            # one start
    ours.fit(X, y, batches)
    theirs.fit(X, y, batches)
    gaps = np.abs(np.subtract(ours.loss_history_, theirs.loss_history_))
    gap = float(gaps.max())
    parted = next((step for step, g in enumerate(gaps, start=1) if g > 1e-8), None)
    predicted = {"numpy": ours.predict(X_test), "torch": theirs.predict(X_test)}
    whole = {side: float(np.mean((p == y_test).all(axis=1))) for side, p in predicted.items()}
    digits = {side: float(np.mean(p == y_test)) for side, p in predicted.items()}
    alike = int((predicted["numpy"] == predicted["torch"]).all(axis=1).sum())
    print(f"{args.task} {args.length} digits: {args.steps} steps of {BATCH} strings, "
          f"d_model {SETTINGS['d_model']}, {SETTINGS['n_heads']} heads, "
          f"{SETTINGS['num_encoder_layers']} + {SETTINGS['num_decoder_layers']} layers")
    print(f"training loss: {ours.loss_history_[0]:.3f} -> {ours.loss_history_[-1]:.4f} "
          f"(numpy), {theirs.loss_history_[-1]:.4f} (torch)")
    print(f"the two losses step by step: largest gap {float(gaps[:100].max()):.1e} over the "
          f"first 100 steps, {gap:.1e} over all; "
          + (f"first apart by more than 1e-8 at step {parted}" if parted
             else "never apart by more than 1e-8"))
    print(f"{'held out (1,000 strings)':<28}{'numpy':>8}{'torch':>8}")
    print(f"{'strings decoded whole':<28}{whole['numpy']:>8.1%}{whole['torch']:>8.1%}")
    print(f"{'digits right':<28}{digits['numpy']:>8.1%}{digits['torch']:>8.1%}")
    print(f"strings the two sides decode alike: {alike} of 1000")
    print(f"for example {''.join(map(str, X_test[0]))} -> "
          f"{''.join(map(str, predicted['numpy'][0]))} (numpy), "
          f"{''.join(map(str, predicted['torch'][0]))} (torch)")
    if args.tensorboard:
        board = tensorboard.Board(args.tensorboard)
        board.step_losses(ours.loss_history_, theirs.loss_history_, first_step=1)
        for side, name in (("scratch", "numpy"), ("framework", "torch")):
            board.scalar(side, "held out/strings decoded whole", whole[name], args.steps)
            board.scalar(side, "held out/digits right", digits[name], args.steps)
        board.close()
    return whole, digits, alike, gap


if __name__ == "__main__":
    main()
