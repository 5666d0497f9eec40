"""Hidden Markov models: forward-backward, Viterbi and Baum-Welch."""
