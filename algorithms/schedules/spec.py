"""What parity checks for schedules."""

import numpy as np

from parity.kinds import OptimizerSpec

SHOWN = ("step_lr", "exponential_lr", "cosine_annealing_lr", "linear_warmup", "one_cycle",
         "one_cycle_linear_three_phase")


def rates(pair, folder):
    """The learning rate each schedule sets at every step, the scratch side's closed forms as
    lines and torch's recursions as dots on them, and one-cycle's momentum going the other way
    (the pair's own figure)."""
    from parity.plots import _pyplot

    path = folder / "schedules-rates.png"
    plt = _pyplot()
    figure, (axis, momentum_axis) = plt.subplots(1, 2, figsize=(10, 3.8))
    params, grads = {"w": np.zeros(3)}, {"w": np.ones(3)}
    for variant in SHOWN:
        class_name, hyperparams = pair.spec.optimizers[variant]
        steps = min(100, hyperparams.get("total_steps", 100))
        sides = [getattr(module, class_name)(params, **hyperparams)
                 for module in (pair.scratch, pair.framework)]
        said = []                                                      # (side, step, lr, mu)
        for side in sides:
            trace = [(float(side.scheduled["lr"]), float(side.scheduled["momentum"]))]
            for _ in range(steps - 1):
                side.step(grads)
                trace.append((float(side.scheduled["lr"]), float(side.scheduled["momentum"])))
            said.append(np.array(trace))                               # (steps, 2)
        line, = axis.plot(said[0][:, 0], lw=2, alpha=0.7, label=variant)
        axis.plot(said[1][:, 0], ".", ms=2.5, color="k")
        if variant == "one_cycle":
            momentum_axis.plot(said[0][:, 1], lw=2, color=line.get_color(), alpha=0.7)
            momentum_axis.plot(said[1][:, 1], ".", ms=2.5, color="k")
    axis.set_xlabel("step t")
    axis.set_ylabel("learning rate lr_t")
    axis.legend(fontsize=7)
    axis.set_title("each schedule: NumPy's closed form (line), torch (dots)", fontsize=9)
    momentum_axis.set_xlabel("step t")
    momentum_axis.set_ylabel("momentum")
    momentum_axis.set_title("one-cycle: the momentum falls while the rate rises", fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


SPEC = OptimizerSpec(
    # 100 steps each (the trajectory): every schedule changes the rate within them, and the
    # learning rate and momentum each side set for the next step are compared after every step
    optimizers={
        "step_lr": ("StepLR", {"lr": 0.1, "step_size": 20, "gamma": 0.5}),
        "step_lr_momentum_clip_norm": ("StepLR", {"lr": 0.1, "step_size": 30, "gamma": 0.3,
                                                  "momentum": 0.9, "max_norm": 1.0}),
        "exponential_lr": ("ExponentialLR", {"lr": 0.2, "gamma": 0.97}),
        "exponential_lr_clip_value": ("ExponentialLR", {"lr": 0.2, "gamma": 0.97,
                                                        "clip_value": 0.5}),
        # T_max = 40: past it the cosine climbs back, which torch's recursion follows too
        "cosine_annealing_lr": ("CosineAnnealingLR", {"lr": 0.2, "T_max": 40,
                                                      "eta_min": 0.01}),
        "linear_warmup": ("LinearLR", {"lr": 0.2, "start_factor": 0.1, "total_iters": 25}),
        "linear_decay": ("LinearLR", {"lr": 0.2, "start_factor": 1.0, "end_factor": 0.1,
                                      "total_iters": 60, "momentum": 0.5}),
        "one_cycle": ("OneCycleLR", {"max_lr": 0.3, "total_steps": 100}),
        "one_cycle_linear_three_phase": ("OneCycleLR", {
            "max_lr": 0.3, "total_steps": 120, "anneal_strategy": "linear", "three_phase": True,
            "max_norm": 2.0}),
        "one_cycle_without_momentum": ("OneCycleLR", {"max_lr": 0.3, "total_steps": 100,
                                                      "cycle_momentum": False,
                                                      "momentum": 0.5}),
    },
    # a one-cycle schedule ends after total_steps, which a benchmark's rounds would pass
    bench=("step_lr", "step_lr_momentum_clip_norm", "exponential_lr_clip_value"),
    figures=(rates,),
)
