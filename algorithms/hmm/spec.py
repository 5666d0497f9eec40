"""What parity checks for hmm."""

import numpy as np

from parity.kinds import EstimatorSpec, Textbook
from parity.seeding import make_rng

STICKY = np.array([[0.90, 0.05, 0.05], [0.05, 0.90, 0.05], [0.10, 0.10, 0.80]])


def hidden_states(rng, n_samples, transmat=STICKY):
    """A state sequence z (T,) of the Markov chain `transmat`, from state 0."""
    states = [0]
    for _ in range(n_samples - 1):
        states.append(rng.choice(len(transmat), p=transmat[states[-1]]))
    return np.array(states)


def gaussian_sequence(rng, n_samples=100, n_features=3):
    """T observations in D = 3 features, each state's Gaussian around its own centre (3 apart).
    X (T, D), y the hidden states (T,)."""
    z = hidden_states(rng, n_samples)
    centres = 3 * np.eye(3, n_features)
    return centres[z] + rng.standard_normal((n_samples, n_features)), z


def symbol_sequence(rng, n_samples=150):
    """T symbols out of 6, each state preferring its own two. X (T, 1), y the states (T,)."""
    z = hidden_states(rng, n_samples)
    emissions = np.full((3, 6), 0.04)
    for state in range(3):
        emissions[state, 2 * state:2 * state + 2] = 0.42
    symbols = np.array([rng.choice(6, p=emissions[state]) for state in z])
    return symbols[:, None].astype(np.float64), z


def hmm_state(rng):
    """The forward pass's arguments: log π, log A and log b for K states over T steps,
    probabilities drawn from Dirichlet distributions (a few transitions all but impossible)."""
    K, T = int(rng.integers(1, 5)), int(rng.integers(1, 60))
    transmat = rng.dirichlet(np.ones(K), size=K)
    transmat[rng.random((K, K)) < 0.1] = 1e-12
    return (np.log(rng.dirichlet(np.ones(K))), np.log(transmat / transmat.sum(1)[:, None]),
            np.log(rng.uniform(0.05, 1.0, (T, K))))


# Symbols make near-ties between Viterbi paths common (states that emit a symbol alike): the
# two sides' last bits then pick different but equally likely paths. Decoding is compared on
# the Gaussian variants; here the likelihood and the posteriors.
# Full covariances of 0/1 features: a state's observations take a few values, its covariance
# is singular but for the 1e-7 added to its diagonal, and rounding differences grow ten
# million-fold within a few EM steps.
# The Gaussian states start from k-means' ten starts, which on whole-number or 0/1 features
# find one clustering under other names, their inertias equal but for the last bit (which
# BLAS's threads round): each side may keep the states in another order. The categorical
# variants run on 0/1 symbols.
KMEANS_ON_TIES = dict.fromkeys(("integer_X", "boolean_X"), (
    "k-means' ten starts find one clustering under other names, inertias equal but for the "
    "last bit: each side may keep the states in another order"))

CATEGORICAL = {"model": "CategoricalHMM", "data": symbol_sequence,
               "outputs": ("score", "predict_proba"),
               "tie_opt_outs": {"integer_X": "symbols are whole numbers already: the plain "
                                             "variant is this form"},
               "attributes": ("n_features_", "startprob_", "transmat_", "emissionprob_",
                              "startprob_trajectory_", "transmat_trajectory_",
                              "emissionprob_trajectory_", "log_likelihoods_", "n_iter_")}
# 2000 steps: the textbook's α underflows (p(X) ~ e^-2800), what log space is for
LONG = {"data": lambda rng: symbol_sequence(rng, n_samples=2000), "textbook": ()}


def decoded_states(pair, folder):
    """A Gaussian sequence's hidden states, and the scratch side's Viterbi path and
    posteriors after Baum-Welch (the best of five starts: EM finds local optima): the path
    follows the true states up to their names (the pair's own figure)."""
    from parity.plots import _pyplot

    path = folder / "hmm-decoded-states.png"
    X, z = gaussian_sequence(make_rng(0), n_samples=150)
    model = max((pair.scratch.GaussianHMM(3, n_iter=50, random_state=seed).fit(X)
                 for seed in range(5)), key=lambda fitted: fitted.score(X))
    plt = _pyplot()
    figure, axes = plt.subplots(3, 1, figsize=(8, 4.5), sharex=True)
    axes[0].plot(X, linewidth=0.8)
    axes[0].set_title("observations (3 features)", fontsize=9)
    axes[1].step(range(len(z)), z, where="mid", label="hidden", color="k")
    axes[1].step(range(len(z)), model.predict(X), where="mid", label="Viterbi", alpha=0.7)
    axes[1].legend(fontsize=7, loc="upper right")
    axes[1].set_title("the hidden states and the decoded path (states named by EM)",
                      fontsize=9)
    axes[2].stackplot(range(len(z)), model.predict_proba(X).T)
    axes[2].set_title("posteriors γ_t: each state's probability at each step", fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


SPEC = EstimatorSpec(
    model="GaussianHMM",
    data=gaussian_sequence,
    hyperparams={"n_components": 3, "n_iter": 20, "random_state": 0},
    variants={"gaussian_diag": {},
              "gaussian_full": {"covariance_type": "full"},
              "gaussian_tied": {"covariance_type": "tied", "random_state": 3},
              "gaussian_priors": {"means_prior": 1.0, "means_weight": 5.0,
                                  "covars_prior": 0.5, "covars_weight": 4.0,
                                  "covariance_type": "full", "startprob_prior": 2.0,
                                  "transmat_prior": 3.0},
              "map_decoding": {"algorithm": "map"},
              "categorical": {"spec": CATEGORICAL},
              "categorical_priors": {"emissionprob_prior": 2.0, "transmat_prior": 2.0,
                                     "n_features": 8, "spec": CATEGORICAL},
              "categorical_long": {"n_iter": 5, "spec": {**CATEGORICAL, **LONG}}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    # the parameters after every EM step, and log p(X) before each
    attributes=("startprob_", "transmat_", "means_", "covars_", "startprob_trajectory_",
                "transmat_trajectory_", "means_trajectory_", "covars_trajectory_",
                "log_likelihoods_", "n_iter_"),
    outputs=("score", "predict_proba", "predict"),
    supervised=False,
    # the file opens with the forward pass in probabilities; every case also runs on it
    textbook=(Textbook("forward", "forward_textbook", inputs=hmm_state,
                       beside="_HMM.fit"),),
    figures=(decoded_states,),
    tie_opt_outs=KMEANS_ON_TIES,
    battery_opt_outs={
        "one_sample": "three states' k-means start needs three observations: both sides "
                      "refuse one with the same ValueError",
    },
    # T steps of 16 features, 3 states, 20 EM steps
    bench_sizes=((256, 16), (2048, 16), (8192, 16)),
    bench_data=lambda rng, n_samples, n_features: gaussian_sequence(rng, n_samples,
                                                                    n_features),
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "CategoricalHMM": {
            **dict.fromkeys(
                ("check_fit_score_takes_y", "check_estimators_overwrite_params",
                 "check_dont_overwrite_parameters", "check_estimators_fit_returns_self",
                 "check_readonly_memmap_input", "check_estimators_dtypes",
                 "check_pipeline_consistency", "check_estimators_nan_inf",
                 "check_estimators_pickle", "check_f_contiguous_array_estimator",
                 "check_methods_sample_order_invariance", "check_methods_subset_invariance",
                 "check_dict_unchanged", "check_fit_idempotent", "check_fit_check_is_fitted",
                 "check_n_features_in"),
                "one symbol per row, (T, 1): the check's X of several columns is refused ('X must "
                "hold one symbol per row')"),
            "check_fit2d_1sample": "message wording: one symbol per row (as above)",
            "check_fit2d_1feature": "the check's one column holds fractions: 'symbols must be "
                                    "whole numbers >= 0'",
            "check_positive_only_tag_during_fit": "symbols are whole numbers >= 0: the check's "
                                                  "fractions are refused as symbols",
        },
    },
)
