"""Nine-box placement (steps 2.1.1-2.1.2): level index per axis from two cut points."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats
from clientel.errors import InvalidInputError

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
    c = as_floats(cuts, "cuts")
    if c.shape != (2,) or not (np.isfinite(c).all() and c[0] <= c[1]):
        msg = "expected two finite cuts in order (low|medium, medium|high)"
        raise InvalidInputError(msg, field="cuts", value=c.tolist())
    a = np.searchsorted(c, as_floats(attractiveness, "attractiveness"), side="right")
    s = np.searchsorted(c, as_floats(strength, "strength"), side="right")
    return a.astype(np.int64), s.astype(np.int64)
