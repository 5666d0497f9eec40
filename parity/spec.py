"""What a pair's `spec.py` declares: data, shared initial parameters, checks and tolerances.

A spec is data, not code paths: the harness reads it and runs its kind's generic checks, so
adding a pair needs no edit outside its own folder. One spec class per kind of pair (see
parity.kinds, where each is defined beside the checks it feeds).
"""

from parity.kinds import (
    DataParallelSpec,
    EstimatorSpec,
    FunctionSpec,
    GradientSpec,
    MetricCase,
    MetricSpec,
    OptimizerSpec,
    Spec,
    Textbook,
)

__all__ = ["DataParallelSpec", "EstimatorSpec", "FunctionSpec",
           "GradientSpec", "MetricCase", "MetricSpec", "OptimizerSpec", "Spec", "Textbook"]
