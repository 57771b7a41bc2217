"""Hierarchical criteria (factor -> group -> axis -> total) with missing values left out."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError, MissingDataError

__all__ = ["tree_scores"]

Float = NDArray[np.float64]


def _level(
    x: Float, present: NDArray[np.bool_], w: Float, M: Float
) -> tuple[Float, NDArray[np.bool_], Float]:
    """Weighted mean of present children per parent; (values, present, eff weights)."""
    wp = np.where(present, w[None, :], 0.0)
    den = wp @ M
    num = np.where(present, x, 0.0) * wp @ M
    ok = den > 0
    val = np.where(ok, num / np.where(ok, den, 1.0), 0.0)
    den_child = den @ M.T
    share = np.where(den_child > 0, wp / np.where(den_child > 0, den_child, 1.0), 0.0)
    return val, ok, share


def tree_scores(
    X: Float,
    factor_weights: Float,
    factor_group: Float,
    group_axis: Float,
    group_weights: Float,
    axis_weights: Float,
) -> tuple[Float, Float]:
    r"""Total scores and effective factor weights, rows x factors (NaN = missing).

    Parameters
    ----------
    X : ndarray, shape (m, f)
        Factor values of each row.
    factor_weights : ndarray, shape (f,)
        Weight of each factor within its group.
    factor_group : ndarray, shape (f, g)
        1 where the factor belongs to the group.
    group_axis : ndarray, shape (g, a)
        1 where the group belongs to the axis.
    group_weights, axis_weights : ndarray, shapes (g,) and (a,)
        Weight of each group within its axis and of each axis in the total.
        (:meth:`clientel.scoring.CriteriaTree.matrices` gives all five arrays.)

    Returns
    -------
    (ndarray, ndarray)
        Total per row, shape (m,), and the effective weight of each factor in
        each row, shape (m, f).

    Notes
    -----
    A missing factor is left out and its siblings' weights renormalised within
    the group; a group with no value is left out at its axis the same way, and
    an axis with none at the total. A row with no value at all raises
    :class:`~clientel.errors.MissingDataError`. The effective weight of a
    present factor is the product of its normalised weights at each level; the
    total is :math:`\sum_j W_{ij} x_{ij}`.

    Examples
    --------
    Two factors in one group, one axis; the second row misses a factor:

    >>> import numpy as np
    >>> one = np.ones((1, 1))
    >>> total, eff = tree_scores(np.array([[4.0, 2.0], [4.0, np.nan]]), np.array([3.0, 1.0]),
    ...                          np.ones((2, 1)), one, np.ones(1), np.ones(1))
    >>> total.tolist(), eff.tolist()
    ([3.5, 4.0], [[0.75, 0.25], [1.0, 0.0]])
    """
    f = factor_weights.size
    if X.ndim != 2 or X.shape[1] != f:
        raise InvalidInputError(f"expected rows x {f} factors", field="X", value=X.shape)
    present = ~np.isnan(X)
    g_val, g_ok, f_share = _level(X, present, factor_weights, factor_group)
    a_val, a_ok, g_share = _level(g_val, g_ok, group_weights, group_axis)
    t_val, t_ok, a_share = _level(a_val, a_ok, axis_weights, np.ones((axis_weights.size, 1)))
    if not t_ok.all():
        row = int(np.flatnonzero(~t_ok[:, 0])[0])
        raise MissingDataError("no factor value at all", field=f"rows[{row}]")
    eff_g = g_share * (a_share @ group_axis.T)
    eff_f: Float = f_share * (eff_g @ factor_group.T)
    return t_val[:, 0], eff_f
