"""2-D convolution and pooling, forward and backward by hand, in NumPy.

Shapes: X (N, C, H, W) images, K (F, C, KH, KW) kernels, b (F,), Y and dY (N, F, OH, OW) with
OH = (H + 2 pad - dil (KH - 1) - 1) // stride + 1 (and OW alike). As torch does, "convolution"
here is cross-correlation: the kernel is not flipped.

    forward    Y[n, f, i, j] = b[f] + sum_{c, p, q} K[f, c, p, q] X[n, c, i s + p d, j s + q d]
               (X zero-padded by pad on each side)
    im2col     every window becomes a row: cols (N OH OW, C KH KW), so Y = cols K^T + b,
               one matrix product
    backward   dL/db = sum_{n, i, j} dY                            (F,)
               dL/dK = dY^T cols                                   (F, C KH KW)
               dL/dcols = dY K                                     (N OH OW, C KH KW)
               dL/dX = col2im(dL/dcols): each window's gradient added back where the window
               read X; windows overlap, so contributions add (a loop over the KH KW kernel
               offsets, each a whole-array slice)
    max pool   Y = max over each k x k window (stride k): dX = dY at the window's first
               maximum, 0 elsewhere (as torch routes it)
    avg pool   Y = mean over each window: dX = dY / k^2 spread over the window

conv2d_loops computes the same forward and backward with explicit loops over every output
position: the definition made executable, for teaching and for small inputs only.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _windows(X, KH, KW, stride, padding, dilation):
    """X's receptive fields: (N, C, OH, OW, KH, KW), a view of the padded X."""
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    span_h, span_w = dilation * (KH - 1) + 1, dilation * (KW - 1) + 1
    view = sliding_window_view(Xp, (span_h, span_w), axis=(2, 3))  # (N, C, H', W', sh, sw)
    return view[:, :, ::stride, ::stride, ::dilation, ::dilation]


def _im2col(X, KH, KW, stride, padding, dilation):
    windows = _windows(X, KH, KW, stride, padding, dilation)       # (N, C, OH, OW, KH, KW)
    N, C, OH, OW = windows.shape[:4]
    cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(N * OH * OW, C * KH * KW)
    return cols, OH, OW


def conv2d(X, K, b, stride=1, padding=0, dilation=1):
    N, F = X.shape[0], K.shape[0]
    cols, OH, OW = _im2col(X, *K.shape[2:], stride, padding, dilation)
    Y = cols @ K.reshape(F, -1).T + b                              # (N OH OW, F)
    return Y.reshape(N, OH, OW, F).transpose(0, 3, 1, 2)           # (N, F, OH, OW)


def conv2d_backward(X, K, b, dY, stride=1, padding=0, dilation=1):
    N, C, H, W = X.shape
    F, _, KH, KW = K.shape
    cols, OH, OW = _im2col(X, KH, KW, stride, padding, dilation)
    dY_rows = dY.transpose(0, 2, 3, 1).reshape(-1, F)              # (N OH OW, F)
    db = dY_rows.sum(axis=0)                                       # dL/db = sum dY
    dK = (dY_rows.T @ cols).reshape(K.shape)                       # dL/dK = dY^T cols
    dcols = (dY_rows @ K.reshape(F, -1)).reshape(N, OH, OW, C, KH, KW)  # dL/dcols = dY K
    dXp = np.zeros((N, C, H + 2 * padding, W + 2 * padding), dtype=X.dtype)
    for p in range(KH):                                            # col2im: add each offset
        for q in range(KW):
            rows = slice(p * dilation, p * dilation + stride * (OH - 1) + 1, stride)
            columns = slice(q * dilation, q * dilation + stride * (OW - 1) + 1, stride)
            dXp[:, :, rows, columns] += dcols[:, :, :, :, p, q].transpose(0, 3, 1, 2)
    dX = dXp[:, :, padding:padding + H, padding:padding + W]        # drop the padding
    return dX, dK, db


def conv2d_loops(X, K, b, stride=1, padding=0, dilation=1):
    N, _, H, W = X.shape
    F, _, KH, KW = K.shape
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    OH = (H + 2 * padding - dilation * (KH - 1) - 1) // stride + 1
    OW = (W + 2 * padding - dilation * (KW - 1) - 1) // stride + 1
    Y = np.zeros((N, F, OH, OW), dtype=X.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    window = Xp[n, :, i * stride:i * stride + dilation * (KH - 1) + 1:dilation,
                                j * stride:j * stride + dilation * (KW - 1) + 1:dilation]
                    Y[n, f, i, j] = np.sum(window * K[f]) + b[f]
    return Y


def conv2d_loops_backward(X, K, b, dY, stride=1, padding=0, dilation=1):
    N, _, H, W = X.shape
    F, _, KH, KW = K.shape
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dXp, dK = np.zeros_like(Xp), np.zeros_like(K)
    db = dY.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(F):
            for i in range(dY.shape[2]):
                for j in range(dY.shape[3]):
                    rows = slice(i * stride, i * stride + dilation * (KH - 1) + 1, dilation)
                    columns = slice(j * stride, j * stride + dilation * (KW - 1) + 1, dilation)
                    dK[f] += dY[n, f, i, j] * Xp[n, :, rows, columns]   # Y += K . window
                    dXp[n, :, rows, columns] += dY[n, f, i, j] * K[f]
    return dXp[:, :, padding:padding + H, padding:padding + W], dK, db


def max_pool2d(X, kernel=2):
    windows = _windows(X, kernel, kernel, kernel, 0, 1)           # (N, C, OH, OW, k, k)
    return windows.max(axis=(4, 5))


def max_pool2d_backward(X, dY, kernel=2):
    windows = _windows(X, kernel, kernel, kernel, 0, 1)
    N, C, OH, OW = windows.shape[:4]
    first_max = windows.reshape(N, C, OH, OW, -1).argmax(axis=-1)   # first maximum, as torch
    dX = np.zeros_like(X)
    for p in range(kernel):
        for q in range(kernel):
            at = first_max == p * kernel + q                        # windows whose max is here
            dX[:, :, p:p + kernel * OH:kernel, q:q + kernel * OW:kernel] += dY * at
    return dX


def avg_pool2d(X, kernel=2):
    windows = _windows(X, kernel, kernel, kernel, 0, 1)
    return windows.mean(axis=(4, 5))


def avg_pool2d_backward(X, dY, kernel=2):
    dX = np.zeros_like(X)
    OH, OW = dY.shape[2:]
    for p in range(kernel):
        for q in range(kernel):
            dX[:, :, p:p + kernel * OH:kernel, q:q + kernel * OW:kernel] += dY / kernel**2
    return dX
