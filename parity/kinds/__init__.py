"""The kinds of pair, registered here and nowhere else.

    gradient     models trained by gradients: NumPy by hand against PyTorch's autograd
    estimator    scikit-learn style estimators: fitted attributes and predictions
    function     libraries of differentiable functions (activations, losses, convolution)
    optimizer    torch.optim's update rules on a noisy quadratic
    metric       sklearn.metrics: values, warnings and errors, bit for bit
    distributed  data-parallel training: W workers against one process
    initializer  torch.nn.init: fans, gains and bounds to the bit, the draws by distribution
    tokenizer    tokenizers learned from text (tiktoken's BPE): vocabularies and ids, exactly

A new kind is one module here, with its Kind subclass and its Spec, added to KINDS.
"""

from parity.kinds.base import Kind, Outcome, Spec, Textbook
from parity.kinds.distributed import DISTRIBUTED, DataParallelSpec
from parity.kinds.estimator import ESTIMATOR, EstimatorSpec
from parity.kinds.function import FUNCTION, FunctionSpec
from parity.kinds.gradient import GRADIENT, GradientSpec
from parity.kinds.initializer import INITIALIZER, InitializerSpec
from parity.kinds.metric import METRIC, MetricCase, MetricSpec
from parity.kinds.optimizer import OPTIMIZER, OptimizerSpec
from parity.kinds.tokenizer import TOKENIZER, TokenizerSpec

KINDS = {kind.name: kind for kind in (GRADIENT, ESTIMATOR, FUNCTION, OPTIMIZER, METRIC,
                                      DISTRIBUTED, INITIALIZER, TOKENIZER)}


def of_kind(pairs, name):
    """The pairs of one kind, for tests that hold only that kind to a property."""
    return [pair for pair in pairs if pair.kind is KINDS[name]]


__all__ = ["KINDS", "DataParallelSpec", "EstimatorSpec", "FunctionSpec", "GradientSpec",
           "InitializerSpec", "Kind", "MetricCase", "MetricSpec", "OptimizerSpec", "Outcome",
           "Spec", "Textbook", "TokenizerSpec", "of_kind"]
