"""What parity checks for initialization.

Each variant draws one weight: a linear layer's (512, 256) or a convolution's (128, 64, 3, 3),
73,728 to 131,072 draws a side (orthogonal: 16,384 to 65,536), enough for a Kolmogorov-Smirnov
test at alpha 1e-6 to see a uniform bound 3% off or a normal std 5% off (the numbers themselves
are held to the bit by the scale check: the test is for how the draws are made).
"""

import math

from parity.kinds import InitializerSpec

LINEAR, CONV = (512, 256), (128, 64, 3, 3)

SPEC = InitializerSpec(
    initializers={
        "xavier_uniform": ("xavier_uniform", LINEAR, {}),
        "xavier_uniform_tanh": ("xavier_uniform", LINEAR, {"gain": 5 / 3}),
        "xavier_normal_conv": ("xavier_normal", CONV, {}),
        "kaiming_uniform_torch_default": ("kaiming_uniform", LINEAR, {"a": math.sqrt(5)}),
        "kaiming_uniform_relu_fan_out_conv": ("kaiming_uniform", CONV,
                                              {"mode": "fan_out", "nonlinearity": "relu"}),
        "kaiming_normal_relu": ("kaiming_normal", LINEAR, {"nonlinearity": "relu"}),
        "kaiming_normal_leaky_fan_out_conv": ("kaiming_normal", CONV,
                                              {"a": 0.2, "mode": "fan_out"}),
        "orthogonal_square": ("orthogonal", (256, 256), {}),
        "orthogonal_wide_relu_gain": ("orthogonal", (128, 512), {"gain": math.sqrt(2)}),
        "orthogonal_tall_conv": ("orthogonal", (256, 32, 2, 2), {"gain": 0.5}),  # 256 x 128
    },
    gains=(("linear",), ("conv2d",), ("conv_transpose3d",), ("sigmoid",), ("tanh",), ("relu",),
           ("leaky_relu",), ("leaky_relu", 0.2), ("leaky_relu", 1), ("selu",)),
    fan_shapes=((3, 5), (64, 32, 3, 3), (8, 4, 5), (16, 8, 2, 3, 4), (1, 1)),
)
