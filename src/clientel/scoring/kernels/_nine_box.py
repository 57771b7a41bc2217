"""Nine-box placement (steps 2.1.1-2.1.2): level index per axis from two cut points."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["nine_box"]


def nine_box(
    attractiveness: ArrayLike, strength: ArrayLike, cuts: ArrayLike
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Level index 0 (low), 1 (medium) or 2 (high) per axis; a score equal to a cut goes up.

    Parameters
    ----------
    attractiveness, strength : array_like, shape (m,)
        Axis scores of each segment.
    cuts : array_like, shape (2,)
        The boundaries low|medium and medium|high, increasing.

    Returns
    -------
    (ndarray of int, ndarray of int)
        Attractiveness level and strength level of each segment.

    Examples
    --------
    >>> a, s = nine_box([1.5, 3.0, 4.9], [4.0, 2.0, 2.5], [7 / 3, 11 / 3])
    >>> a.tolist(), s.tolist()
    ([0, 1, 2], [2, 0, 1])
    """
    c = np.asarray(cuts, dtype=np.float64)
    a = np.searchsorted(c, np.asarray(attractiveness), side="right").astype(np.int64)
    s = np.searchsorted(c, np.asarray(strength), side="right").astype(np.int64)
    return a, s
