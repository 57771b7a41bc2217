"""Smoothed naive-Bayes log-likelihood ratios of one categorical field (steps 2.3.5, 2.5.2)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["naive_bayes"]


def naive_bayes(
    codes: NDArray[np.int64],
    won: NDArray[np.bool_],
    n_codes: int,
    alpha: float,
    *,
    unseen_bucket: bool = False,
) -> NDArray[np.float64]:
    r"""Lidstone-smoothed ``log P(code | won) - log P(code | lost)`` for each category.

    Parameters
    ----------
    codes : ndarray of int, shape (m,)
        Category code ``0..n_codes - 1`` of each record (``-1`` = missing, not counted).
    won : ndarray of bool, shape (m,)
        Outcome of each record.
    n_codes : int
        Number of categories ``K`` of the field (at least the largest code + 1).
    alpha : float
        Additive smoothing, > 0: 1 is Laplace's rule, other values Lidstone's.
    unseen_bucket : bool
        Count one more category, code ``n_codes``, for values never seen in
        training (the scheme of clientel's first builds, kept for the models
        they stored); the result then has ``n_codes + 1`` entries.

    Returns
    -------
    ndarray, shape (n_codes,) (or ``n_codes + 1``)
        :math:`\log\frac{(n^W_k + \alpha) / (N^W + \alpha K)}{(n^L_k + \alpha) / (N^L + \alpha K)}`
        with :math:`n^W_k, n^L_k` the won and lost records of category
        :math:`k` and :math:`N^W, N^L` the won and lost records with a value.

    Examples
    --------
    >>> import numpy as np
    >>> llr = naive_bayes(np.array([0, 0, 1]), np.array([True, False, False]), 2, 1.0)
    >>> llr.round(4).tolist()  # (1+1)/(1+2) over (1+1)/(2+2), then 1/3 over 2/4
    [0.2877, -0.4055]
    """
    seen = codes >= 0
    k = n_codes + 1 if unseen_bucket else n_codes
    w = np.bincount(codes[seen & won], minlength=k).astype(np.float64)
    lost = np.bincount(codes[seen & ~won], minlength=k).astype(np.float64)
    out: NDArray[np.float64] = np.log((w + alpha) / (w.sum() + alpha * k)) - np.log(
        (lost + alpha) / (lost.sum() + alpha * k)
    )
    return out
