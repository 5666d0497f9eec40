"""What parity checks for optimizers."""

from parity.kinds import OptimizerSpec

SPEC = OptimizerSpec(
    # parameters of 4K, 262K, 1M and 8.4M entries
    bench_sizes=((256, 16), (4096, 64), (4096, 256), (32768, 256)),
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
        "adagrad": ("Adagrad", {"lr": 0.1}),
        "adagrad_decay": ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01,
                                      "initial_accumulator_value": 0.1}),
        "adadelta": ("Adadelta", {"lr": 1.0}),
        "adadelta_weight_decay": ("Adadelta", {"lr": 0.5, "rho": 0.95, "weight_decay": 0.01}),
        "adamax": ("Adamax", {"lr": 0.02}),
        "adamax_weight_decay": ("Adamax", {"lr": 0.02, "weight_decay": 0.01}),
        "nadam": ("NAdam", {"lr": 0.02}),
        "nadam_decoupled_weight_decay": ("NAdam", {"lr": 0.02, "weight_decay": 0.1,
                                                   "decoupled_weight_decay": True}),
        # beta2 = 0.9: rho_t passes 5 at step 7, so the 100 steps take both of RAdam's branches
        # (at 0.999 they would too, at step 6); the weight decay coupled
        "radam": ("RAdam", {"lr": 0.02, "betas": (0.9, 0.9), "weight_decay": 0.01}),
        "radam_decoupled_weight_decay": ("RAdam", {"lr": 0.02, "weight_decay": 0.1,
                                                   "decoupled_weight_decay": True}),
    },
)
