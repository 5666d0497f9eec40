"""Why initialization matters: the spread of activations through 20 layers, on both sides.

    python -m algorithms.initialization.lesson [--out DIR] [--tensorboard DIR]

A batch of 512 standard-normal inputs goes through 20 linear layers of width 256 (no biases),
each followed by tanh or ReLU. With weights of variance v, a layer multiplies the variance of
its input by about fan_in v (times 1/2 after a ReLU, which zeroes half its inputs), so over 20
layers any factor away from 1 compounds: 20 layers at 1/2 a layer leave 1e-6 of the variance,
at 2 a layer 1e6. Xavier's v = 1 / fan_in (here fan_in = fan_out) keeps tanh's activations
alive, better with tanh's gain 5/3; ReLU needs He's (Kaiming's) v = 2 / fan_in. Each side
draws its own weights with its own initializer (NumPy's generator, torch's), so the columns
agree by distribution, not digit. --tensorboard logs each setting's spread layer by layer
(the layer as the step), both sides, into DIR/<activation>_<weights> (parity.tensorboard).
"""

import argparse
import re
from pathlib import Path

import numpy as np
import torch

from algorithms.initialization import framework, scratch
from parity import tensorboard

WIDTH, DEPTH, BATCH = 256, 20, 512
SCHEMES = {          # name: (initializer, keywords); N(0, 1) as Xavier with gain sqrt(fan)
    "N(0, 1)": ("xavier_normal", {"gain": float(np.sqrt(WIDTH))}),
    "N(0, 0.01^2)": ("xavier_normal", {"gain": 0.01 * float(np.sqrt(WIDTH))}),
    "Xavier (gain 1)": ("xavier_normal", {}),
    "Xavier (gain 5/3)": ("xavier_normal", {"gain": 5 / 3}),       # tanh's, calculate_gain
    "Kaiming (relu)": ("kaiming_normal", {"nonlinearity": "relu"}),
}
ACTIVATIONS = {"tanh": (np.tanh, torch.tanh), "relu": (lambda Z: np.maximum(Z, 0), torch.relu)}


def spreads(side, scheme, activation, seed=0):
    """The standard deviation of the activations after each of the DEPTH layers."""
    function, keywords = SCHEMES[scheme]
    numpy_side = side == "scratch"
    module = scratch if numpy_side else framework
    generator = np.random.default_rng(seed) if numpy_side else torch.Generator().manual_seed(seed)
    act = ACTIVATIONS[activation][0 if numpy_side else 1]
    A = np.random.default_rng(1000 + seed).standard_normal((BATCH, WIDTH))  # the same inputs
    A = A if numpy_side else torch.from_numpy(A)
    found = []
    for _ in range(DEPTH):
        W = getattr(module, function)((WIDTH, WIDTH), **keywords, generator=generator)
        A = act(A @ W.T)                                       # (BATCH, WIDTH), as nn.Linear
        found.append(float(A.std() if numpy_side else A.std(correction=0)))  # both ddof 0
    return found


def plot(path, results):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for axis, activation in zip(axes, ACTIVATIONS, strict=True):
        for number, scheme in enumerate(SCHEMES):
            color = f"C{number}"
            ours, theirs = results[activation, scheme]
            layers = np.arange(1, DEPTH + 1)
            axis.semilogy(layers, ours, color=color, linewidth=2.5, alpha=0.5, label=scheme)
            axis.semilogy(layers, theirs, "--", color=color, linewidth=1)
        axis.set_title(f"{activation}: solid NumPy (scratch), dashed torch")
        axis.set_xlabel("layer")
        axis.set_xticks([1, 5, 10, 15, 20])
    axes[0].set_ylabel("std of the activations")
    axes[0].legend()
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="algorithms/initialization/results")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log each setting's spread per layer, both sides, for TensorBoard")
    args = parser.parse_args(argv)
    results = {(activation, scheme): (spreads("scratch", scheme, activation),
                                      spreads("framework", scheme, activation))
               for activation in ACTIVATIONS for scheme in SCHEMES}
    shown = (1, 5, 10, 20)
    print(f"{'activation':<11}{'weights':<17}" + "".join(f"{f'layer {t}':>20}" for t in shown))
    for (activation, scheme), (ours, theirs) in results.items():
        print(f"{activation:<11}{scheme:<17}" + "".join(
            f"{ours[t - 1]:>10.3g} /{theirs[t - 1]:>8.3g}" for t in shown))
    if args.tensorboard:
        from parity.tensorboard import Board

        for (activation, scheme), (ours, theirs) in results.items():
            name = re.sub(r"[^\w.]+", "_", f"{activation}_{scheme}").strip("_")
            board = Board(Path(args.tensorboard) / name)
            for side, spread in (("scratch", ours), ("framework", theirs)):
                for layer, value in enumerate(spread, 1):
                    board.scalar(side, "activations/std", value, layer)
            board.close()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plot(out / "spread.png", results)
    print(f"(NumPy / torch) figure: {out / 'spread.png'}")
    return results


if __name__ == "__main__":
    main()
