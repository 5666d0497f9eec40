"""AdaBoost in NumPy (SAMME, the multi-class form): small trees, each trained on the samples
its predecessors got wrong, voting with a say that grows with their accuracy.

Shapes: N samples, D features, K classes, M rounds; weights w (N,) summing to 1.

    round m    fit a tree h_m (a stump: max_depth = 1) to (X, y), each sample counting w_i
    error      err_m = sum_i w_i [h_m(x_i) != y_i] / sum_i w_i
    say        alpha_m = lr (log((1 - err_m) / err_m) + log(K - 1)): positive exactly when
               the tree beats chance, 1 - err_m > 1 / K
    reweight   w_i <- w_i exp(alpha_m [h_m(x_i) != y_i]), then w / sum w: the missed samples
               weigh more, so the next tree looks at them
    stop       err_m = 0 (a perfect tree: say 1, the last round); err_m >= 1 - 1/K (no better
               than chance: the tree is dropped, and fit fails if it is the first)
    vote       f_k(x) = sum_m alpha_m c_mk(x) / sum_m alpha_m, c_mk = 1 if h_m(x) = k else
               -1/(K-1);  two classes: f = f_1 - f_0 (> 0: the second class)
    proba      softmax(f / (K - 1));  two classes: softmax([-f, f] / 2)
    importance feature_importances_ = sum_m alpha_m (tree m's importances) / sum_m alpha_m

The randomness is scikit-learn's: a RandomState(random_state) gives each round's tree a seed,
which orders the features it searches (see the decision tree). Every weight is clipped below
at float64's epsilon before a round, as scikit-learn does; a sample given weight 0 keeps 0.
"""

import numpy as np

from algorithms._inputs import (
    TrainingDiverged,
    check_is_fitted,
    check_sample_weight,
    check_X,
    check_X_y,
    forget_fit,
)
from algorithms._params import SEED, Integer, Real, check_hyperparameters
from algorithms.decision_tree.scratch import DecisionTreeClassifier

INT32_MAX = np.iinfo(np.int32).max
EPSILON = np.finfo(np.float64).eps


# --- the idea: one round of boosting ---------------------------------------------------------

def weighted_error(missed, weights):
    """err = sum_i w_i [missed_i] / sum_i w_i, the tree's error rate under the weights."""
    return (missed * weights).sum() / weights.sum()


def say(error, n_classes, learning_rate):
    """alpha = lr (log((1 - err) / err) + log(K - 1)): 0 at chance (err = 1 - 1/K)."""
    return learning_rate * (np.log((1.0 - error) / error) + np.log(n_classes - 1.0))


def reweighted(weights, alpha, missed):
    """w_i exp(alpha [missed_i]), unnormalized: the missed samples gain weight. Computed as
    exp(log w + alpha [missed]), scikit-learn's form, so the two sides agree to the bit; a
    weight of 0 stays 0."""
    with np.errstate(divide="ignore"):                                 # log 0 = -inf
        return np.exp(np.log(weights) + alpha * missed * (weights > 0))


def votes(predicted, classes, alpha):
    """(N, K): alpha where the tree predicted class k, -alpha/(K-1) elsewhere."""
    return np.where(predicted[:, None] == classes[None, :], alpha, -1 / (len(classes) - 1) * alpha)


class AdaBoostClassifier:
    """AdaBoost (SAMME) on small decision trees, with scikit-learn's names.

    Parameters
    ----------
    n_estimators : int >= 1, the most rounds M.
    learning_rate : float > 0, scales every tree's say.
    max_depth : int >= 1, the depth of each tree (1: stumps, scikit-learn's default tree).
    random_state : int, seeds the trees' feature order.
    """

    hyperparameters = {"n_estimators": Integer(low=1),
                       "learning_rate": Real(low=0, low_open=True),
                       "max_depth": Integer(low=1), "random_state": SEED}

    def __init__(self, n_estimators=50, learning_rate=1.0, max_depth=1, random_state=0):
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.max_depth = max_depth
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Boost up to n_estimators trees on X (N, D) and class labels y (N,), the samples
        starting from sample_weight (default: equal), normalized to sum to 1.

        Learns estimators_, estimator_weights_ (M,), estimator_errors_ (M,) (rounds never
        run keep weight 0 and error 1), and sample_weights_: the weights (rounds, N) each
        tree was trained with."""
        check_hyperparameters(self)
        forget_fit(self)
        X, y = check_X_y(X, y, dtype=np.float64, within_float32=True, discrete=True)
        if len(np.unique(y)) < 2:
            raise ValueError("y must hold at least 2 classes; got 1 class")
        weights = check_sample_weight(sample_weight, len(X))
        weights = weights / weights.sum()
        unweighted = weights == 0                                      # stay 0 throughout
        M = self.n_estimators
        self.estimators_, self.sample_weights_ = [], []
        self.estimator_weights_, self.estimator_errors_ = np.zeros(M), np.ones(M)
        seeds = np.random.RandomState(self.random_state)
        for m in range(M):
            weights = np.clip(weights, EPSILON, None)
            weights[unweighted] = 0.0
            tree = DecisionTreeClassifier(max_depth=self.max_depth,
                                          random_state=seeds.randint(INT32_MAX))
            missed = tree.fit(X, y, sample_weight=weights).predict(X) != y   # (N,) bool
            if m == 0:
                self.classes_, self.n_classes_ = tree.classes_, tree.n_classes_
            error = weighted_error(missed, weights)
            if error >= 1.0 - 1.0 / self.n_classes_:                   # no better than chance
                if m == 0:
                    raise ValueError("BaseClassifier in AdaBoostClassifier ensemble is worse "
                                     "than random, ensemble can not be fit.")
                break
            self.estimators_.append(tree)
            self.sample_weights_.append(weights)
            if error <= 0:                                             # a perfect tree
                self.estimator_weights_[m], self.estimator_errors_[m] = 1.0, 0.0
                break
            alpha = say(error, self.n_classes_, self.learning_rate)
            self.estimator_weights_[m], self.estimator_errors_[m] = alpha, error
            if m < M - 1:
                weights = reweighted(weights, alpha, missed)
                total = weights.sum()
                if not np.isfinite(total):
                    raise TrainingDiverged(m + 1, M, "round")
                weights = weights / total
        self.sample_weights_ = np.array(self.sample_weights_)
        self.feature_importances_ = sum(
            alpha * tree.feature_importances_ for alpha, tree in self._rounds()
        ) / self.estimator_weights_.sum()
        self.n_features_in_ = X.shape[1]
        return self

    def _checked(self, X):
        check_is_fitted(self, "estimators_")
        return check_X(X, dtype=np.float64, n_features=self.n_features_in_, within_float32=True)

    def _rounds(self):
        """(alpha, tree) of every round run (the says of rounds never run are 0)."""
        return zip(self.estimator_weights_[:len(self.estimators_)], self.estimators_,
                   strict=True)

    def _votes(self, X):
        """Every tree's votes (rounds, N, K) on X (checked)."""
        return np.array([votes(tree.predict(X), self.classes_, alpha)
                         for alpha, tree in self._rounds()])

    def _as_decision(self, f):
        """f (..., N, K) as scikit-learn returns it: f_1 - f_0 (..., N) for two classes."""
        if self.n_classes_ == 2:
            return f[..., 1] - f[..., 0]
        return f

    def decision_function(self, X):
        """f (N,) for two classes (> 0: the second), else (N, K)."""
        votes_of_rounds = self._votes(self._checked(X))                # (rounds, N, K)
        return self._as_decision(votes_of_rounds.sum(axis=0) / self.estimator_weights_.sum())

    def staged_decision_function(self, X):
        """The vote after every round (rounds, N) or (rounds, N, K)."""
        said = np.cumsum(self._votes(self._checked(X)), axis=0)        # (rounds, N, K)
        norms = np.cumsum(self.estimator_weights_[:len(said)])         # sum of alphas so far
        return self._as_decision(said / norms[:, None, None])

    def _probabilities(self, f):
        K = self.n_classes_
        f = np.stack([-f, f], axis=-1) / 2 if K == 2 else f / (K - 1)  # (..., N, K)
        exp = np.exp(f - f.max(axis=-1, keepdims=True))
        return exp / exp.sum(axis=-1, keepdims=True)

    def predict_proba(self, X):
        """softmax(f / (K - 1)) (N, K)."""
        return self._probabilities(self.decision_function(X))

    def staged_predict_proba(self, X):
        """The class probabilities after every round (rounds, N, K)."""
        return self._probabilities(self.staged_decision_function(X))

    def _classes_of(self, f):
        if self.n_classes_ == 2:
            return self.classes_[(f > 0).astype(int)]
        return self.classes_[f.argmax(axis=-1)]

    def predict(self, X):
        """The class (N,) with the largest vote (two classes: the second where f > 0)."""
        return self._classes_of(self.decision_function(X))

    def staged_predict(self, X):
        """The predicted classes after every round (rounds, N)."""
        return self._classes_of(self.staged_decision_function(X))
