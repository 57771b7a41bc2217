"""Smoothed naive-Bayes log-likelihood ratios of one categorical field (steps 2.3.5, 2.5.2)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["naive_bayes"]


def naive_bayes(
    codes: NDArray[np.int64], won: NDArray[np.bool_], n_codes: int, alpha: float
) -> NDArray[np.float64]:
    """Smoothed log-likelihood ratio ``log P(code | won) - log P(code | lost)`` per code.

    Parameters
    ----------
    codes : ndarray of int, shape (m,)
        Category code of each record (``-1`` = missing, ignored).
    won : ndarray of bool, shape (m,)
        Outcome of each record.
    n_codes : int
        Number of known categories; code ``n_codes`` stands for a value never
        seen in training.
    alpha : float
        Additive (Laplace) smoothing, > 0.

    Returns
    -------
    ndarray, shape (n_codes + 1,)
        The ratio for codes ``0..n_codes``.

    Examples
    --------
    >>> import numpy as np
    >>> llr = naive_bayes(np.array([0, 0, 1]), np.array([True, False, False]), 2, 1.0)
    >>> llr.round(4).tolist()  # (1+1)/(1+3) over (1+1)/(2+3), then 1/4 over 2/5, 1/4 over 1/5
    [0.2231, -0.47, 0.2231]
    """
    seen = codes >= 0
    k = n_codes + 1
    w = np.bincount(codes[seen & won], minlength=k).astype(np.float64)
    lost = np.bincount(codes[seen & ~won], minlength=k).astype(np.float64)
    out: NDArray[np.float64] = np.log((w + alpha) / (w.sum() + alpha * k)) - np.log(
        (lost + alpha) / (lost.sum() + alpha * k)
    )
    return out
