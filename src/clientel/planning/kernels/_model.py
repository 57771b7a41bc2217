"""A vectorised cash-flow model: its checked evaluation and the one-at-a-time grid of a tornado.

A model maps driver arrays (name -> one value per case) to margin cash flows,
one row per case (cases x periods). Simulation, scenarios and tornado evaluate
it through :func:`evaluate`, which checks the shape and that every flow is finite.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError

__all__ = ["Model", "evaluate", "one_at_a_time"]

Float = NDArray[np.float64]
Model = Callable[[Mapping[str, Float]], ArrayLike]


def evaluate(model: Model, values: Mapping[str, Float], n: int) -> Float:
    """The model's flows for ``n`` cases: finite, shape (n, periods), else an error naming it."""
    flows = np.asarray(model(values), dtype=np.float64)
    if flows.ndim != 2 or flows.shape[0] != n or not np.isfinite(flows).all():
        msg = f"model must return finite flows of shape ({n}, periods)"
        raise InvalidInputError(msg, field="model", value=flows.shape)
    return flows


def one_at_a_time(base: Float, low: Float, high: Float) -> Float:
    """Cases (1 + 2k) x k: the base, then each driver at its low and at its high value.

    Row ``1 + 2j`` moves driver ``j`` to ``low[j]``, row ``2 + 2j`` to ``high[j]``;
    every other driver stays at its base value.
    """
    k = base.size
    grid = np.tile(base, (1 + 2 * k, 1))
    idx = np.arange(k)
    grid[1 + 2 * idx, idx] = low
    grid[2 + 2 * idx, idx] = high
    return grid
