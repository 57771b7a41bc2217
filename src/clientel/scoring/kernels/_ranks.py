"""Scores to ranks: competition ranking (1, 1, 3) with a tolerance and a stable tie-break."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError

__all__ = ["ranks"]


def ranks(
    scores: ArrayLike,
    *,
    higher_is_better: bool = True,
    tol: float = 1e-9,
    tie_key: Sequence[str] | ArrayLike | None = None,
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Order and competition ranks of ``scores``.

    Parameters
    ----------
    scores : array_like, shape (m,)
        Finite scores.
    higher_is_better : bool
        False for methods where lower is better (VIKOR's Q).
    tol : float
        Scores whose sorted neighbours differ by at most ``tol * max(1, |score|)``
        are tied (single linkage); tied alternatives share the best rank of the
        group and the next group's rank skips (1, 1, 3).
    tie_key : sequence, optional
        Orders tied alternatives (e.g. entity ids); by default input order.

    Returns
    -------
    order : ndarray of int
        Indices from best to worst (ties ordered by ``tie_key``, then input order).
    ranks : ndarray of int
        1-based competition rank of each input position.

    Examples
    --------
    >>> order, rank = ranks([0.5, 0.9, 0.5, 0.1], tie_key=["c", "b", "a", "d"])
    >>> order.tolist(), rank.tolist()
    ([1, 2, 0, 3], [2, 1, 2, 4])
    """
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim != 1:
        raise InvalidInputError("expected a 1-D array of scores", field="scores")
    if not np.isfinite(s).all():
        i = int(np.argmin(np.isfinite(s)))
        raise InvalidInputError("score must be finite", field=f"scores[{i}]", value=float(s[i]))
    if tol < 0 or not np.isfinite(tol):
        raise InvalidInputError("tolerance must be finite and >= 0", field="tol", value=tol)
    m = s.shape[0]
    key = s if higher_is_better else -s
    positions = np.arange(m)
    if tie_key is None:
        order_key = positions
    else:
        tk = np.asarray(tie_key)
        if tk.shape != (m,):
            raise InvalidInputError(f"expected {m} tie keys", field="tie_key", value=tk.shape)
        _, order_key = np.unique(tk, return_inverse=True)
    # First sort by score alone to find tie groups, then order within groups by the key.
    by_score = np.lexsort((positions, -key))
    sorted_key = key[by_score]
    gaps = -np.diff(sorted_key)
    scale = np.maximum(1.0, np.abs(sorted_key[1:]))
    new_group = np.concatenate(([True], gaps > tol * scale))
    group_of_sorted = np.cumsum(new_group) - 1
    group = np.empty(m, dtype=np.intp)
    group[by_score] = group_of_sorted
    order = np.lexsort((positions, order_key, group))
    first_index = np.flatnonzero(new_group)
    rank = (first_index[group] + 1).astype(np.intp)
    return order.astype(np.intp), rank
