"""Scaled dot-product attention and multi-head self-attention in PyTorch, autograd backward.

Shapes: B sequences, H heads, T positions, d features per head, E = H d model features.

    attention  F.scaled_dot_product_attention(Q, K, V, attn_mask, is_causal): softmax(Q K^T /
               sqrt(d) + mask) V. Its boolean attn_mask says where a query MAY look (True =
               attend): a key padding mask (True = padding) enters inverted, combined with the
               causal triangle when both apply (is_causal and attn_mask do not mix)
    multi-head nn.MultiheadAttention(E, H, batch_first=True, bias=True, dropout=0) called as
               self-attention, mha(X, X, X): in_proj_weight W_in (3E, E), in_proj_bias b_in,
               out_proj.weight W_out (E, E), out_proj.bias b_out. Its boolean attn_mask says
               where a query may NOT look (True = masked), the opposite of F.sdpa's; its
               key_padding_mask is True at padding, as the scratch side's

    grouped    F.scaled_dot_product_attention(Q, K, V, is_causal, enable_gqa=True): K and V
               with fewer heads than Q, each shared by a group of query heads
    rotary     torch has no module for it: the pairs of features as complex numbers
               x_2i + i x_2i+1, multiplied by e^(i t theta_i) (torch.polar), as LLaMA's own
               code writes it

Each f_backward returns the gradients of sum(f(...) * dY) by autograd's vector-Jacobian
product: dQ, dK, dV for attention; dX and the four parameters' gradients for multi-head.
"""

import functools

import torch
import torch.nn.functional as F
from torch import nn

from algorithms._model_checks import check_heads
from algorithms._torch import vector_jacobian_products


def _allowed(Q, key_padding_mask, causal):
    """F.sdpa's boolean attn_mask (B, 1, T, T), True where a query may look at a key."""
    T = Q.shape[-2]
    allowed = ~key_padding_mask[:, None, None, :]                  # (B, 1, 1, T)
    if causal:
        allowed = allowed & torch.ones(T, T, dtype=torch.bool, device=Q.device).tril()
    return allowed


def scaled_dot_product_attention(Q, K, V, causal=False):
    return F.scaled_dot_product_attention(Q, K, V, is_causal=causal)


def scaled_dot_product_attention_backward(Q, K, V, dO, causal=False):
    return vector_jacobian_products(scaled_dot_product_attention, (Q, K, V), dO, (causal,))


def padded_attention(Q, K, V, key_padding_mask, causal=False):
    return F.scaled_dot_product_attention(Q, K, V,
                                          attn_mask=_allowed(Q, key_padding_mask, causal))


def padded_attention_backward(Q, K, V, key_padding_mask, dO, causal=False):
    return vector_jacobian_products(padded_attention, (Q, K, V), dO, (key_padding_mask, causal))


def split_heads(Z, n_heads):
    """(B, T, E) -> (B, H, T, d): the features of each position, head by head."""
    B, T, E = Z.shape
    return Z.view(B, T, n_heads, E // n_heads).transpose(1, 2)        # (B, H, T, d)


def merge_heads(Z):
    """(B, H, T, d) -> (B, T, E): split_heads undone."""
    B, H, T, d = Z.shape
    return Z.transpose(1, 2).reshape(B, T, H * d)                     # (B, T, E)


@functools.cache
def _layer(E, n_heads, dtype, device):
    """One nn.MultiheadAttention per shape, dtype and device, built once: building one draws
    its initial weights, most of a small call's time (and a benchmark would time it)."""
    return nn.MultiheadAttention(E, n_heads, batch_first=True, dtype=dtype, device=device)


def _module(X, W_in, b_in, W_out, b_out, n_heads):
    """nn.MultiheadAttention holding the given parameters (copies), its .grad cleared."""
    mha = _layer(X.shape[-1], n_heads, X.dtype, X.device)
    with torch.no_grad():
        for parameter, value in ((mha.in_proj_weight, W_in), (mha.in_proj_bias, b_in),
                                 (mha.out_proj.weight, W_out), (mha.out_proj.bias, b_out)):
            parameter.copy_(value)
            parameter.grad = None                              # backward fills a fresh one
    return mha


def _self_attention(mha, X, key_padding_mask, causal):
    T = X.shape[1]
    masked = torch.ones(T, T, dtype=torch.bool, device=X.device).triu(1) if causal else None
    Y, _ = mha(X, X, X, key_padding_mask=key_padding_mask, attn_mask=masked,
               need_weights=False, is_causal=causal)
    return Y


def multi_head_attention(X, W_in, b_in, W_out, b_out, key_padding_mask, n_heads=2,
                         causal=False):
    check_heads(X.shape[-1], n_heads)
    with torch.no_grad():
        mha = _module(X, W_in, b_in, W_out, b_out, n_heads)
        return _self_attention(mha, X, key_padding_mask, causal)


def multi_head_attention_backward(X, W_in, b_in, W_out, b_out, key_padding_mask, dY, n_heads=2,
                                  causal=False):
    check_heads(X.shape[-1], n_heads)
    mha = _module(X, W_in, b_in, W_out, b_out, n_heads)
    X = X.detach().requires_grad_()
    _self_attention(mha, X, key_padding_mask, causal).backward(dY)  # autograd
    return (X.grad, mha.in_proj_weight.grad, mha.in_proj_bias.grad, mha.out_proj.weight.grad,
            mha.out_proj.bias.grad)


def grouped_query_attention(Q, K, V, causal=False):
    return F.scaled_dot_product_attention(Q, K, V, is_causal=causal, enable_gqa=True)


def grouped_query_attention_backward(Q, K, V, dO, causal=False):
    return vector_jacobian_products(grouped_query_attention, (Q, K, V), dO, (causal,))


def rotary(X, base=10000.0, start=0):
    T, d = X.shape[-2:]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64, device=X.device) / d)
    positions = torch.arange(start, start + T, dtype=torch.float64, device=X.device)
    angles = torch.outer(positions, theta)                           # (T, d/2)
    turns = torch.polar(torch.ones_like(angles), angles)             # e^(i t theta) (T, d/2)
    pairs = torch.view_as_complex(X.contiguous().reshape(*X.shape[:-1], d // 2, 2))  # x + i y
    return torch.view_as_real(pairs * turns.to(pairs.dtype)).reshape(X.shape)


def rotary_backward(X, dY, base=10000.0, start=0):
    return vector_jacobian_products(rotary, (X,), dY, (base, start))[0]
