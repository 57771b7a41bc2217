"""Channel scores per decision-maker level (step 2.2.4)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["channel_scores"]


def channel_scores(
    suitability: NDArray[np.float64], efficiency: NDArray[np.float64], efficiency_weight: float
) -> NDArray[np.float64]:
    """Channels x levels scores ``suitability * (efficiency / max efficiency) ** weight``.

    Parameters
    ----------
    suitability : ndarray, shape (channels, levels)
        How well each channel reaches each decision-maker level (0..1).
    efficiency : ndarray, shape (channels,)
        Reach per unit cost of each channel.
    efficiency_weight : float
        Exponent of the relative efficiency; 0 scores by suitability alone.

    Returns
    -------
    numpy.ndarray, shape (channels, levels)
        The score of each channel for each decision-maker level (step 2.2.4).

    Examples
    --------
    >>> import numpy as np
    >>> channel_scores(np.array([[1.0, 0.1], [0.1, 0.8]]), np.array([1.0, 4.0]), 0.5).tolist()
    [[0.5, 0.05], [0.1, 0.8]]
    """
    top = efficiency.max() if efficiency.size else 1.0
    rel = efficiency / top if top > 0 else np.ones_like(efficiency)
    out: NDArray[np.float64] = suitability * (rel**efficiency_weight)[:, None]
    return out
