"""Scaled dot-product attention and multi-head self-attention, forward and backward by hand.

Shapes: B sequences, H heads, T positions, d features per head, E = H d model features.

    scores     S = Q K^T / sqrt(d)                      Q, K, V (B, H, T, d), S (B, H, T, T)
    masks      S_ts = -inf where key s may not be seen from query t:
                   causal   s > t          (no position looks ahead; with fewer queries than
                                            keys, as under a KV cache, the queries are the
                                            last positions: query t sits at S - T + t)
                   padding  key s is padding in its sequence (key_padding_mask (B, T), True
                            = padding, nn.MultiheadAttention's convention)
    weights    A = softmax(S) over the keys (the last axis): each query's row sums to 1
    output     O = A V                                  (B, H, T, d)
    backward   dV = A^T dO                              O = A V, through V
               dA = dO V^T                              O = A V, through A
               dS = A * (dA - sum_s dA * A)             softmax's Jacobian, row by row; the sum is
                                                        dO_t . O_t, T d work instead of T^2
               dQ = dS K / sqrt(d),  dK = dS^T Q / sqrt(d)
               a masked score has A = 0, so dS = 0 there: nothing flows through a mask

Multi-head self-attention of X (B, T, E), with nn.MultiheadAttention's parameters:

    projection [Q K V] = X W_in^T + b_in                W_in (3E, E), b_in (3E,)
    heads      Q (B, T, E) -> (B, T, H, d) -> (B, H, T, d), the same for K and V
    attention  O = attention(Q, K, V) as above, its heads merged back to (B, T, E)
    output     Y = O W_out^T + b_out                    W_out (E, E), b_out (E,)
    backward   dW_out = sum over B, T of dY^T O,  db_out = sum dY,  dO = dY W_out
               dQ, dK, dV from the attention backward, merged into d[Q K V] (B, T, 3E)
               dW_in = sum over B, T of d[Q K V]^T X,  db_in = sum d[Q K V]
               dX = d[Q K V] W_in

Grouped-query attention (GQA) shares each key and value head among a group of query heads:

    groups     Q (B, H, T, d), K and V (B, G, T, d), H = G r: query head h reads key and
               value head h // r (each repeated r times, head by head), then attention as above
    backward   dK, dV of the repeated heads summed over each group (a copy's gradient adds)

Rotary position embeddings (RoPE; Su et al., LLaMA's), on Q or K (B, H, T, d), d even:

    rotate     each pair of features (x_2i, x_2i+1) at position t turns by the angle
               t theta_i, theta_i = base^(-2i/d): [x_2i, x_2i+1] <- R(t theta_i) [x_2i, x_2i+1]
               so that (R_m q) . (R_n k) depends on m - n only: scores see relative positions.
               The rows are positions start, start + 1, ... (start > 0: the new tokens of a
               KV cache)
    backward   dX = R^T dY, the same turn backwards (a rotation's inverse is its transpose)

The file opens with the textbook form, `attention` and `attention_backward`: the T x T scores
whole, a few lines each way. The fast form follows, checked equal to it: blocks of queries (as
FlashAttention computes it), the scores of BLOCK queries at a time, so that the T x T matrix
never exists whole and each block's passes (mask, softmax, products) run on memory that stays
in cache; Q is divided by sqrt(d) before the products (T d work, not T^2); a causal block
stops at its last query's key, skipping the masked half of the work. The backward pass
recomputes each block's weights from Q and K (the functions here keep no state between
forward and backward, as torch's autograd would).

A query whose every key is masked would divide 0 by 0: each sequence keeps at least one key,
and a causal query always sees its own position.
"""

import math

import numpy as np

from algorithms._model_checks import check_heads
from algorithms.activations.scratch import softmax, softmax_backward

# --- the idea: the textbook form ------------------------------------------------------------

def _masked_scores(Q, K, key_padding_mask, causal):
    """S = Q K^T / sqrt(d) (B, H, Tq, Tk), -inf where a key may not be seen."""
    Tq, Tk = Q.shape[-2], K.shape[-2]
    S = Q @ np.swapaxes(K, -1, -2) / math.sqrt(Q.shape[-1])
    if causal:                                      # query t at position Tk - Tq + t
        ahead = np.triu(np.ones((Tq, Tk), dtype=bool), k=1 + Tk - Tq)  # key s > its position
        S = np.where(ahead, -np.inf, S)
    if key_padding_mask is not None:
        S = np.where(key_padding_mask[:, None, None, :], -np.inf, S)  # (B, 1, 1, T): padding
    return S


def attention(Q, K, V, key_padding_mask, causal):
    """O = softmax(Q K^T / sqrt(d) + mask) V (B, H, T, d)."""
    return softmax(_masked_scores(Q, K, key_padding_mask, causal)) @ V


def attention_backward(Q, K, V, key_padding_mask, dO, causal, output=False):
    """dQ, dK, dV (and O first, with output=True) through O = A V, A = softmax(S)."""
    S = _masked_scores(Q, K, key_padding_mask, causal)
    A = softmax(S)                                                 # (B, H, T, T)
    dV = np.swapaxes(A, -1, -2) @ dO                               # O = A V, through V
    dS = softmax_backward(S, dO @ np.swapaxes(V, -1, -2))          # dA = dO V^T, softmax'
    dQ = dS @ K / math.sqrt(Q.shape[-1])                           # S = Q K^T / sqrt(d)
    dK = np.swapaxes(dS, -1, -2) @ Q / math.sqrt(Q.shape[-1])
    return (A @ V, dQ, dK, dV) if output else (dQ, dK, dV)


# --- the fast form: blocks of queries -------------------------------------------------------
# The same arithmetic a block of BLOCK queries at a time: the T x T scores never exist whole,
# each block's mask, softmax and products stay in cache, and a causal block skips the keys
# after its last query (half the work).

BLOCK = 128                # queries per block: their (B, H, 128, T) scores stay in cache


def _blocks(T, n_keys, causal):
    """(start, end, keys) of each block of queries start..end-1 among T: the keys 0..keys-1 it
    can see, all n_keys of them, or up to its last query's position when causal (later keys are
    never computed; the queries are the last T of n_keys positions)."""
    for start in range(0, T, BLOCK):
        end = min(start + BLOCK, T)
        yield start, end, n_keys - T + end if causal else n_keys


def _scaled(Q, K):
    """Q / sqrt(d) (B, H, T, d) and K^T (B, H, d, T), contiguous for the block products."""
    return Q / math.sqrt(Q.shape[-1]), np.ascontiguousarray(np.swapaxes(K, -1, -2))


def _weights(Q_block, K_T, keys, key_padding_mask, causal):
    """A (B, H, q, keys): softmax over the keys of one block's masked scores."""
    S = Q_block @ K_T[..., :keys]                                  # (B, H, q, keys)
    if causal:                                  # the block's last q keys face its q queries
        q = S.shape[-2]
        np.copyto(S[..., keys - q:], -np.inf, where=np.triu(np.ones((q, q), dtype=bool), k=1))
    if key_padding_mask is not None:
        np.copyto(S, -np.inf, where=key_padding_mask[:, None, None, :keys])  # (B, 1, 1, keys)
    # softmax over the keys, in place: the scores are the array worth not copying
    S -= S.max(axis=-1, keepdims=True)                            # every exponent <= 0
    A = np.exp(S, out=S)
    A /= A.sum(axis=-1, keepdims=True)
    return A


def _attention(Q, K, V, key_padding_mask, causal):
    """O = A V (B, H, T, d), a block of queries at a time."""
    Q, K_T = _scaled(Q, K)
    O = np.empty_like(Q)
    for start, end, keys in _blocks(Q.shape[-2], K.shape[-2], causal):
        Q_block = np.ascontiguousarray(Q[..., start:end, :])          # (B, H, q, d)
        A = _weights(Q_block, K_T, keys, key_padding_mask, causal)
        O[..., start:end, :] = A @ V[..., :keys, :]
    return O


def _attention_backward(Q, K, V, key_padding_mask, dO, causal, output=False):
    """dQ, dK, dV, a block of queries at a time: each block's weights are recomputed, used and
    dropped, and its share of dK and dV added in. output=True: (O, dQ, dK, dV), the output it
    recomputes on the way (multi-head attention needs it too)."""
    d = Q.shape[-1]
    Q, K_T = _scaled(Q, K)
    V_T = np.ascontiguousarray(np.swapaxes(V, -1, -2))              # (B, H, d, T)
    O, dQ, dK, dV = np.empty_like(Q), np.empty_like(Q), np.zeros_like(K), np.zeros_like(V)
    for start, end, keys in _blocks(Q.shape[-2], K.shape[-2], causal):
        Q_block = np.ascontiguousarray(Q[..., start:end, :])          # (B, H, q, d)
        dO_block = np.ascontiguousarray(dO[..., start:end, :])
        A = _weights(Q_block, K_T, keys, key_padding_mask, causal)
        O_block = O[..., start:end, :] = A @ V[..., :keys, :]
        dV[..., :keys, :] += np.swapaxes(A, -1, -2) @ dO_block       # dV = A^T dO
        dS = dO_block @ V_T[..., :keys]                              # dA = dO V^T
        # softmax' row by row, dS = A * (dA - sum_s dA * A), where
        # sum_s dA_ts A_ts = sum_s (dO_t . V_s) A_ts = dO_t . O_t: q d work instead of q T
        dS -= (dO_block * O_block).sum(axis=-1, keepdims=True)
        dS *= A
        dQ[..., start:end, :] = dS @ K[..., :keys, :] / math.sqrt(d)  # S = Q K^T / sqrt(d)
        dK[..., :keys, :] += np.swapaxes(dS, -1, -2) @ Q_block       # Q_block holds Q/sqrt(d)
    return (O, dQ, dK, dV) if output else (dQ, dK, dV)


def scaled_dot_product_attention(Q, K, V, causal=False):
    return _attention(Q, K, V, None, causal)


def scaled_dot_product_attention_backward(Q, K, V, dO, causal=False):
    return _attention_backward(Q, K, V, None, dO, causal)


def padded_attention(Q, K, V, key_padding_mask, causal=False):
    return _attention(Q, K, V, key_padding_mask, causal)


def padded_attention_backward(Q, K, V, key_padding_mask, dO, causal=False):
    return _attention_backward(Q, K, V, key_padding_mask, dO, causal)


def split_heads(Z, n_heads):
    """(B, T, E) -> (B, H, T, d): the features of each position, head by head."""
    B, T, E = Z.shape
    return Z.reshape(B, T, n_heads, E // n_heads).transpose(0, 2, 1, 3)  # (B, H, T, d)


def merge_heads(Z):
    """(B, H, T, d) -> (B, T, E): split_heads undone."""
    B, H, T, d = Z.shape
    return Z.transpose(0, 2, 1, 3).reshape(B, T, H * d)           # (B, T, E)


def multi_head_attention(X, W_in, b_in, W_out, b_out, key_padding_mask, n_heads=2,
                         causal=False):
    check_heads(X.shape[-1], n_heads)
    QKV = X @ W_in.T + b_in                                        # (B, T, 3E)
    Q, K, V = (split_heads(Z, n_heads) for Z in np.split(QKV, 3, axis=-1))
    O = _attention(Q, K, V, key_padding_mask, causal)           # (B, H, T, d)
    return merge_heads(O) @ W_out.T + b_out                       # (B, T, E)


def multi_head_attention_backward(X, W_in, b_in, W_out, b_out, key_padding_mask, dY, n_heads=2,
                                  causal=False):
    check_heads(X.shape[-1], n_heads)
    E = X.shape[-1]
    QKV = X @ W_in.T + b_in                                        # (B, T, 3E)
    Q, K, V = (split_heads(Z, n_heads) for Z in np.split(QKV, 3, axis=-1))
    dO = split_heads(dY @ W_out, n_heads)                         # dO = dY W_out, per head
    O, *grads = _attention_backward(Q, K, V, key_padding_mask, dO, causal, output=True)
    dY_rows = dY.reshape(-1, E)                                    # (B T, E)
    dW_out = dY_rows.T @ merge_heads(O).reshape(-1, E)            # Y = O W_out^T + b_out
    db_out = dY_rows.sum(axis=0)
    dQKV = np.concatenate([merge_heads(g) for g in grads], axis=-1)  # (B, T, 3E)
    dQKV_rows = dQKV.reshape(-1, 3 * E)                            # (B T, 3E)
    dW_in = dQKV_rows.T @ X.reshape(-1, E)                         # QKV = X W_in^T + b_in
    db_in = dQKV_rows.sum(axis=0)
    dX = dQKV @ W_in                                               # (B, T, E)
    return dX, dW_in, db_in, dW_out, db_out


def grouped_query_attention(Q, K, V, causal=False):
    repeats = Q.shape[1] // K.shape[1]                               # r query heads per group
    return _attention(Q, np.repeat(K, repeats, axis=1), np.repeat(V, repeats, axis=1), None,
                      causal)                                        # heads h -> h // r


def grouped_query_attention_backward(Q, K, V, dO, causal=False):
    B, G, T, d = K.shape
    repeats = Q.shape[1] // G
    dQ, dK, dV = _attention_backward(Q, np.repeat(K, repeats, axis=1),
                                     np.repeat(V, repeats, axis=1), None, dO, causal)
    return (dQ, dK.reshape(B, G, repeats, T, d).sum(axis=2),          # (B, H, T, d) -> groups
            dV.reshape(B, G, repeats, T, d).sum(axis=2))


def _rotations(T, d, base, start, dtype):
    """cos and sin of the angles t theta_i (T, d/2) at positions t = start .. start + T - 1,
    theta_i = base^(-2i/d)."""
    angle = np.arange(start, start + T)[:, None] * base ** (-np.arange(0, d, 2) / d)  # (T, d/2)
    return np.cos(angle).astype(dtype), np.sin(angle).astype(dtype)


def _turn(X, cos, sin):
    """Each pair (x_2i, x_2i+1) of X (..., T, d) turned by the angles whose cos and sin
    (T, d/2) are given."""
    even, odd = X[..., 0::2], X[..., 1::2]                           # (..., T, d/2) each
    Y = np.empty_like(X)
    Y[..., 0::2] = even * cos - odd * sin
    Y[..., 1::2] = even * sin + odd * cos
    return Y


def rotary(X, base=10000.0, start=0):
    cos, sin = _rotations(*X.shape[-2:], base, start, X.dtype)
    return _turn(X, cos, sin)


def rotary_backward(X, dY, base=10000.0, start=0):
    cos, sin = _rotations(*X.shape[-2:], base, start, X.dtype)
    return _turn(dY, cos, -sin)                                      # R^T: the angle -t theta
