"""What byte-pair encoding learns from tiny shakespeare, and what a bigger vocabulary buys.

    python -m algorithms.bpe.lesson [--text PATH] [--vocab-size V] [--tensorboard DIR]

Both sides learn --vocab-size tokens (default 512: the 256 bytes and 256 merges) from the first
90% of the text, with GPT-2's split: the NumPy side by hand, the framework side with tiktoken's
educational trainer; the vocabularies must be the same, token for token. Both then encode the
last 10%, which training never saw, with every prefix of the vocabulary (the first k merges of
a BPE vocabulary are the vocabulary BPE learns with k merges): the table gives the characters
per token at each size on both sides, and whether their ids are the same and decode back to the
text. Then the first merges, and the longest tokens learned. The text: --text, else
data.download.tiny_shakespeare() (local copy, cache, or download). --tensorboard logs the
characters per token at each vocabulary size, per side, into DIR (parity.tensorboard).
"""

import argparse
import time
from pathlib import Path

from algorithms.bpe import framework, scratch
from data import download
from parity import tensorboard

SIZES = (256, 260, 288, 320, 384, 448, 512, 768, 1024)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", help="a text file (default: tiny shakespeare)")
    parser.add_argument("--vocab-size", type=int, default=512, help="tokens to learn (>= 256)")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log the characters per token at each vocabulary size")
    args = parser.parse_args(argv)
    corpus = (Path(args.text).read_text(encoding="utf-8") if args.text
              else download.tiny_shakespeare())
    cut = int(0.9 * len(corpus))
    train, held_out = corpus[:cut], corpus[cut:]
    models, seconds = {}, {}
    for side, module in (("numpy", scratch), ("tiktoken", framework)):
        started = time.perf_counter()
        models[side] = module.BPE(args.vocab_size).fit(train)
        seconds[side] = time.perf_counter() - started
    tokens = {side: model.state_dict()["tokens"] for side, model in models.items()}
    same = tokens["numpy"] == tokens["tiktoken"]
    print(f"{len(train):,} characters to learn from, {len(held_out):,} held out; "
          f"{args.vocab_size} tokens learned in {seconds['numpy']:.1f} s (numpy) and "
          f"{seconds['tiktoken']:.1f} s (tiktoken's educational trainer): "
          f"{'the same' if same else 'NOT the same'} on both sides")
    print(f"{'tokens':>8}{'chars/token numpy':>20}{'tiktoken':>10}   same ids, lossless")
    board = tensorboard.Board(args.tensorboard) if args.tensorboard else None
    rows = []
    for size in [size for size in SIZES if size <= args.vocab_size]:
        said = {}
        for side, module in (("numpy", scratch), ("tiktoken", framework)):
            model = module.BPE(size).load_state_dict({"tokens": tokens[side][:size]})
            ids = model.encode(held_out)
            said[side] = (ids, len(held_out) / len(ids), model.decode(ids) == held_out)
            if board:
                board.scalar(side, "held out/characters per token", said[side][1], size)
        agree = (said["numpy"][0].tolist() == said["tiktoken"][0].tolist()
                 and said["numpy"][2] and said["tiktoken"][2])
        rows.append((size, said["numpy"][1], said["tiktoken"][1], agree))
        print(f"{size:>8}{said['numpy'][1]:>20.3f}{said['tiktoken'][1]:>10.3f}   "
              f"{'yes' if agree else 'NO'}")
    if board:
        board.close()
    learned = tokens["numpy"][256:]
    print("the first merges: " + ", ".join(repr(token.decode("utf-8", "replace"))
                                         for token in learned[:12]))
    print("the longest tokens: " + ", ".join(
        repr(token.decode("utf-8", "replace"))
        for token in sorted(learned, key=len, reverse=True)[:8]))
    return same, rows


if __name__ == "__main__":
    main()
