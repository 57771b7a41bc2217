"""Criterion weights: direct, entropy, CRITIC, rank-order centroid and rank-sum."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_matrix, as_weights, criterion_label
from clientel.errors import InvalidInputError
from clientel.scoring._normalise import normalise

__all__ = ["critic_weights", "direct_weights", "entropy_weights", "rank_sum_weights", "roc_weights"]

Float = NDArray[np.float64]


def direct_weights(weights: ArrayLike, *, names: Sequence[str] | None = None) -> Float:
    """Validate directly entered weights and normalise them to sum to 1.

    Examples
    --------
    >>> direct_weights([3, 1, 1]).tolist()
    [0.6, 0.2, 0.2]
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or w.size == 0:
        raise InvalidInputError("expected a non-empty 1-D list of weights", field="weights")
    return as_weights(w, w.shape[0], names=names)


def entropy_weights(matrix: ArrayLike, *, names: Sequence[str] | None = None) -> Float:
    """Shannon-entropy weights: criteria that discriminate more weigh more.

    Notes
    -----
    ``p_ij = x_ij / sum_i x_ij``; ``E_j = -(1/ln m) sum_i p_ij ln p_ij`` with
    ``0 ln 0 = 0``; ``w_j = (1 - E_j) / sum_k (1 - E_k)``. Values must be
    non-negative (normalise cost criteria first if they should count reversed).

    References
    ----------
    Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill;
    Hwang and Yoon (1981), pp. 52-54.

    Examples
    --------
    >>> entropy_weights([[1.0, 5.0], [1.0, 1.0]]).tolist()
    [0.0, 1.0]
    """
    X = as_matrix(matrix, names=names, min_rows=2)
    for j in range(X.shape[1]):
        if (X[:, j] < 0).any():
            raise InvalidInputError(
                "entropy weights need non-negative values", field=criterion_label(j, names)
            )
        if not X[:, j].any():
            raise InvalidInputError("all-zero column", field=criterion_label(j, names))
    P = X / X.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    E = -plogp.sum(axis=0) / np.log(X.shape[0])
    div = 1.0 - E
    if div.sum() <= 1e-15:
        raise InvalidInputError("no criterion discriminates (all columns uniform)", field="matrix")
    out: Float = np.clip(div, 0.0, None) / np.clip(div, 0.0, None).sum()
    return out


def critic_weights(
    matrix: ArrayLike, directions: ArrayLike | None = None, *, names: Sequence[str] | None = None
) -> Float:
    """CRITIC weights: contrast (standard deviation) times conflict (1 - correlation).

    Notes
    -----
    Values are min-max normalised (benefit-oriented); ``C_j = sigma_j sum_k (1 - r_jk)``
    with Pearson correlations ``r_jk``; ``w_j = C_j / sum C``.

    References
    ----------
    Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995). Determining
    objective weights in multiple criteria problems: the CRITIC method.
    *Computers & Operations Research*, 22(7), 763-770.
    """
    X = as_matrix(matrix, names=names, min_rows=3)
    N = normalise(X, directions, "minmax", names=names)
    sigma = N.std(axis=0, ddof=1)
    corr = np.corrcoef(N, rowvar=False)
    C = sigma * (1.0 - np.atleast_2d(corr)).sum(axis=0)
    out: Float = C / C.sum()
    return out


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise InvalidInputError("expected a whole number >= 1 of criteria", field="n", value=n)


def roc_weights(n: int) -> Float:
    """Rank-order centroid weights for ``n`` criteria ordered from most to least important.

    ``w_k = (1/n) sum_{i=k}^{n} 1/i`` (Barron and Barrett, 1996, Management
    Science 42(11), 1515-1523).

    Examples
    --------
    >>> roc_weights(3).round(4).tolist()
    [0.6111, 0.2778, 0.1111]
    """
    _check_count(n)
    inv = 1.0 / np.arange(1, n + 1)
    out: Float = np.cumsum(inv[::-1])[::-1] / n
    return out


def rank_sum_weights(n: int) -> Float:
    """Rank-sum weights ``w_k = 2 (n + 1 - k) / (n (n + 1))`` (Stillwell et al., 1981).

    Examples
    --------
    >>> rank_sum_weights(3).round(4).tolist()
    [0.5, 0.3333, 0.1667]
    """
    _check_count(n)
    k = np.arange(1, n + 1)
    out: Float = 2.0 * (n + 1 - k) / (n * (n + 1))
    return out
