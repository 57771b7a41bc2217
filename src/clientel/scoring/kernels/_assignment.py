"""Client-owner assignment (step 2.3.3): maximum total fit under owner capacities."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["assignment"]


def assignment(
    fit: NDArray[np.float64], eligible: NDArray[np.bool_], capacity: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Owner index per client (``-1`` = cannot be served), maximising total fit.

    Parameters
    ----------
    fit : ndarray, shape (n, m)
        How well each of ``m`` owners suits each of ``n`` clients.
    eligible : ndarray of bool, shape (n, m)
        Whether an owner may take a client (e.g. covers its segment).
    capacity : ndarray of int, shape (m,)
        Clients each owner can take.

    Notes
    -----
    Each owner is expanded into ``capacity`` identical slots and a dummy slot
    per client absorbs clients that cannot be served at a cost larger than any
    total fit, so the number served is maximised first, then the total fit;
    solved exactly by :func:`scipy.optimize.linear_sum_assignment`.

    Examples
    --------
    >>> import numpy as np
    >>> fit = np.array([[3.0, 1.0], [2.0, 1.0]])
    >>> assignment(fit, np.ones((2, 2), bool), np.array([1, 1])).tolist()
    [0, 1]
    """
    from scipy.optimize import linear_sum_assignment

    n, m = fit.shape
    cap = np.minimum(capacity, n)
    slot_owner = np.repeat(np.arange(m), cap)
    big = 1.0 + 2.0 * float(np.abs(fit).sum())
    cost = np.where(eligible[:, slot_owner], -fit[:, slot_owner], np.inf)
    dummy = np.full((n, n), big)
    full = np.concatenate([cost, dummy], axis=1)
    rows, cols = linear_sum_assignment(full)
    out = np.full(n, -1, dtype=np.int64)
    real = cols < slot_owner.size
    out[rows[real]] = slot_owner[cols[real]]
    return out
