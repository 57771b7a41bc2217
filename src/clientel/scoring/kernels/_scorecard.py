"""Fixed-scale scorecard points (steps 2.3.5, 2.5.2): each value placed on its own scale."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["scorecard_points"]


def scorecard_points(
    values: NDArray[np.float64],
    low: NDArray[np.float64],
    high: NDArray[np.float64],
    sign: NDArray[np.int8],
    weights: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Weighted points per criterion on fixed scales, rows x criteria.

    Each value is placed on its scale ``[low, high]`` (clipped), flipped for
    cost criteria (``sign`` -1), and multiplied by the weight; a row's score is
    the row sum, in [0, 1] when the weights sum to 1.

    Parameters
    ----------
    values : numpy.ndarray, shape (m, n)
        Rows x criteria.
    low, high : numpy.ndarray, shape (n,)
        Each criterion's scale.
    sign : numpy.ndarray of int8, shape (n,)
        +1 benefit, -1 cost.
    weights : numpy.ndarray, shape (n,)
        The criterion weights.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        The points of each row on each criterion.

    Examples
    --------
    >>> import numpy as np
    >>> pts = scorecard_points(np.array([[5.0, 3.0, 4.0]]), np.ones(3), np.full(3, 5.0),
    ...                        np.array([1, 1, -1], dtype=np.int8), np.array([3, 2, 1]) / 6)
    >>> pts.round(3).tolist()
    [[0.5, 0.167, 0.042]]
    """
    span = np.where(high > low, high - low, 1.0)
    pos = np.clip((values - low) / span, 0.0, 1.0)
    pos = np.where(sign > 0, pos, 1.0 - pos)
    out: NDArray[np.float64] = pos * weights
    return out
