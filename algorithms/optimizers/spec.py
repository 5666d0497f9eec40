"""What parity checks for optimizers."""

from parity.kinds import OptimizerSpec

SPEC = OptimizerSpec(
    optimizers={
        "sgd": ("SGD", {"lr": 0.1}),
        "sgd_momentum": ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1}),
        "sgd_nesterov": ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
        "sgd_weight_decay": ("SGD", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.01}),
        "rmsprop": ("RMSprop", {"lr": 0.01}),
        # eps = 1e-3 makes where eps sits (outside the square root, as torch has it) visible;
        # at 1e-8 it moves the step by ~1e-8 relative, under the float64 tolerance.
        "rmsprop_large_eps": ("RMSprop", {"lr": 0.01, "eps": 1e-3}),
        "rmsprop_centered_momentum": ("RMSprop", {"lr": 0.01, "momentum": 0.5,
                                                  "centered": True, "weight_decay": 0.01}),
        "adam": ("Adam", {"lr": 0.05}),
        "adam_amsgrad_weight_decay": ("Adam", {"lr": 0.05, "amsgrad": True,
                                               "weight_decay": 0.01}),
        "adamw": ("AdamW", {"lr": 0.05, "weight_decay": 0.1}),
    },
)
