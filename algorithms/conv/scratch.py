"""1-D and 2-D convolution and pooling, forward and backward by hand, in NumPy.

Shapes: X (N, C, H, W) images, K (F, C, KH, KW) kernels, b (F,), Y and dY (N, F, OH, OW) with
OH = (H + 2 pad - dil (KH - 1) - 1) // stride + 1 (and OW alike). As torch does, "convolution"
here is cross-correlation: the kernel is not flipped. conv1d is the same with one spatial axis:
X (N, C, L), K (F, C, KL), Y (N, F, OL).

    forward    Y[n, f, i, j] = b[f] + sum_{c, p, q} K[f, c, p, q] X[n, c, i s + p d, j s + q d]
               (X zero-padded by pad on each side)
    backward   each output sends dY[n, f, i, j] back through the window it read:
               dK[f] += dY[n, f, i, j] window,  dX[window] += dY[n, f, i, j] K[f],
               dL/db[f] = sum_{n, i, j} dY[n, f, i, j]; then the padding is cropped
    max pool   Y = max over each k x k window (stride k): dX = dY at the window's first
               maximum, 0 elsewhere (as torch routes it)
    avg pool   Y = mean over each window: dX = dY / k^2 spread over the window

The file opens with conv2d_loops and its backward, these definitions made executable: loops
over every output position. The fast form follows, checked equal to them.

The fast form is im2col: every window a row of cols (N OH OW, C KH KW), so that
Y = cols K^T + b is one matrix product. Here that matrix is built one kernel offset (p, q) at
a time: the columns of cols that hold offset (p, q) are the shifted view

    X_pq = Xp[:, :, p d : ... : s, q d : ... : s]                 (N, C, OH, OW)

(the pixel under kernel tap (p, q) for every output position), and each offset is a small
product summed over the KH KW offsets. Nothing of size N OH OW C KH KW is ever stored:

    forward    Y = b + sum_{p, q} K[:, :, p, q] X_pq              (F, C) @ (N, C, OH OW)
    backward   dL/dK[:, :, p, q] = sum_n dY_n X_pq,n^T            (F, OH OW) @ (OH OW, C)
               dL/dX_pq += K[:, :, p, q]^T dY                     (C, F) @ (N, F, OH OW)
               (col2im: each offset's gradient is added back where X_pq read X; windows
               overlap, so contributions add)
"""

import numpy as np

# --- the idea: the definition, textbook form ------------------------------------------------

def conv2d_loops(X, K, b, stride=1, padding=0, dilation=1):
    """Y[n, f, i, j] = b[f] + sum of K[f] times the window of Xp[n] under output (i, j)."""
    N, _, H, W = X.shape
    F, _, KH, KW = K.shape
    Xp = _pad(X, padding)
    OH = _out_size(H, KH, stride, padding, dilation)
    OW = _out_size(W, KW, stride, padding, dilation)
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
    """dX, dK, db: each output's gradient sent back through the window it read."""
    N, _, H, W = X.shape
    F, _, KH, KW = K.shape
    Xp = _pad(X, padding)
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


def _out_size(size, kernel, stride, padding, dilation):
    """Outputs along one axis: (size + 2 pad - dil (kernel - 1) - 1) // stride + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _pad(X, padding):
    """X zero-padded by `padding` on both sides of every spatial axis."""
    return np.pad(X, [(0, 0), (0, 0)] + [(padding, padding)] * (X.ndim - 2))


# --- the fast form: one kernel offset at a time ---------------------------------------------
# The same sums as a few matrix products: for each of the KH KW offsets (p, q), the pixels
# under tap (p, q) for every output position are one strided view X_pq (N, C, OH, OW), and
# K[:, :, p, q] @ X_pq adds that tap's share of every output at once (im2col without the
# N OH OW x C KH KW matrix).

def _tap(p, out_size, stride, dilation):
    """The slice of the padded input that kernel tap p reads across all output positions."""
    return slice(p * dilation, p * dilation + stride * (out_size - 1) + 1, stride)


def conv2d(X, K, b, stride=1, padding=0, dilation=1):
    N, C, H, W = X.shape
    F, _, KH, KW = K.shape
    OH, OW = (_out_size(H, KH, stride, padding, dilation),
              _out_size(W, KW, stride, padding, dilation))
    Xp = _pad(X, padding)
    Y = np.zeros((N, F, OH * OW), dtype=X.dtype)
    for p in range(KH):
        for q in range(KW):
            X_pq = Xp[:, :, _tap(p, OH, stride, dilation), _tap(q, OW, stride, dilation)]
            Y += K[:, :, p, q] @ X_pq.reshape(N, C, OH * OW)       # (F, C) @ (N, C, OH OW)
    return Y.reshape(N, F, OH, OW) + b[:, None, None]              # (N, F, OH, OW)


def conv2d_backward(X, K, b, dY, stride=1, padding=0, dilation=1, input_grad=True):
    N, C, H, W = X.shape
    F, _, KH, KW = K.shape
    OH, OW = dY.shape[2:]
    Xp = _pad(X, padding)
    dY_flat = dY.reshape(N, F, OH * OW)
    db = dY.sum(axis=(0, 2, 3))                                    # dL/db = sum dY
    dK = np.empty_like(K)
    dXp = np.zeros_like(Xp) if input_grad else None               # a first layer needs none
    for p in range(KH):
        for q in range(KW):
            rows, columns = _tap(p, OH, stride, dilation), _tap(q, OW, stride, dilation)
            X_pq = Xp[:, :, rows, columns].reshape(N, C, OH * OW)
            # dL/dK_pq = sum_n dY_n X_pq,n^T: (N, F, OH OW) @ (N, OH OW, C), summed over n
            dK[:, :, p, q] = (dY_flat @ X_pq.transpose(0, 2, 1)).sum(axis=0)
            if input_grad:          # dL/dX_pq = K_pq^T dY, added where X_pq was read (col2im)
                dXp[:, :, rows, columns] += (K[:, :, p, q].T @ dY_flat).reshape(N, C, OH, OW)
    if not input_grad:
        return None, dK, db
    dX = dXp[:, :, padding:padding + H, padding:padding + W]        # drop the padding
    return dX, dK, db


def conv1d(X, K, b, stride=1, padding=0, dilation=1):
    N, _, L = X.shape
    F, _, KL = K.shape
    OL = _out_size(L, KL, stride, padding, dilation)
    Xp = _pad(X, padding)
    Y = np.zeros((N, F, OL), dtype=X.dtype)
    for p in range(KL):
        Y += K[:, :, p] @ Xp[:, :, _tap(p, OL, stride, dilation)]    # (F, C) @ (N, C, OL)
    return Y + b[:, None]                                          # (N, F, OL)


def conv1d_backward(X, K, b, dY, stride=1, padding=0, dilation=1):
    L = X.shape[2]
    KL, OL = K.shape[2], dY.shape[2]
    Xp = _pad(X, padding)
    db = dY.sum(axis=(0, 2))                                       # dL/db = sum dY
    dK = np.empty_like(K)
    dXp = np.zeros_like(Xp)
    for p in range(KL):
        taps = _tap(p, OL, stride, dilation)
        # dL/dK_p = sum_n dY_n X_p,n^T: (N, F, OL) @ (N, OL, C), summed over n
        dK[:, :, p] = (dY @ Xp[:, :, taps].transpose(0, 2, 1)).sum(axis=0)
        dXp[:, :, taps] += K[:, :, p].T @ dY                       # dL/dX_p = K_p^T dY
    return dXp[:, :, padding:padding + L], dK, db                  # drop the padding


def _pool_taps(X, kernel):
    """((p, q), X_pq) for every tap of non-overlapping k x k windows: X_pq (N, C, OH, OW)."""
    OH, OW = X.shape[2] // kernel, X.shape[3] // kernel
    for p in range(kernel):
        for q in range(kernel):
            yield (p, q), X[:, :, _tap(p, OH, kernel, 1), _tap(q, OW, kernel, 1)]


def max_pool2d(X, kernel=2):
    taps = (X_pq for _, X_pq in _pool_taps(X, kernel))
    Y = next(taps).copy()
    for X_pq in taps:
        np.maximum(Y, X_pq, out=Y)                                 # Y = max over the taps
    return Y


def max_pool2d_backward(X, dY, kernel=2):
    Y = max_pool2d(X, kernel)
    dX = np.zeros_like(X)
    unrouted = np.ones(Y.shape, dtype=bool)                        # windows yet to get dY
    for (p, q), X_pq in _pool_taps(X, kernel):                     # row-major: first max wins
        at = (X_pq == Y) & unrouted                                # this tap is the first max
        dX[:, :, _tap(p, Y.shape[2], kernel, 1), _tap(q, Y.shape[3], kernel, 1)] = dY * at
        unrouted &= ~at
    return dX


def avg_pool2d(X, kernel=2):
    taps = (X_pq for _, X_pq in _pool_taps(X, kernel))
    Y = next(taps).copy()
    for X_pq in taps:
        Y += X_pq
    return Y / kernel**2                                           # Y = mean over the taps


def avg_pool2d_backward(X, dY, kernel=2):
    dX = np.zeros_like(X)
    OH, OW = dY.shape[2:]
    for p in range(kernel):
        for q in range(kernel):
            dX[:, :, _tap(p, OH, kernel, 1), _tap(q, OW, kernel, 1)] = dY / kernel**2
    return dX
