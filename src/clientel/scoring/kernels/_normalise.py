"""Normalisations (apply step) from fitted column statistics, overflow-safe.

Every normalisation returns benefit-oriented values (larger is better) so that
methods can treat all criteria alike. The cost-criterion formula of each method
is stated below and follows pymcdm's conventions where the literature varies.

========  ================================  ====================================
method    benefit criterion                 cost criterion
========  ================================  ====================================
minmax    (x - min) / (max - min)           (max - x) / (max - min)
vector    x / sqrt(sum x**2)                1 - x / sqrt(sum x**2)
max       x / max                           1 - x / max
sum       x / sum x                         (1 / x) / sum (1 / x)
========  ================================  ====================================

A column of extreme magnitude (beyond ``2**500``) is scaled by a power of two
before anything is subtracted (:func:`clientel.scoring.kernels.column_exponent`):
the scaling is exact, so the result equals the normalisation of the scaled
column and never overflows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_directions, as_matrix, criterion_label
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._stats import ColumnStats, fit_stats

__all__ = ["NORMALISATIONS", "affine", "check_stats", "normalise", "prescale", "reference"]

Float = NDArray[np.float64]
#: The normalisations a decision matrix accepts, column by column.
NORMALISATIONS = ("minmax", "vector", "max", "sum")


def check_stats(stats: ColumnStats, method: str, names: Sequence[str] | None = None) -> None:
    """Reject statistics that would make a normalisation divide by zero."""
    if method not in NORMALISATIONS:
        msg = f"unknown normalisation; expected one of {NORMALISATIONS}"
        raise InvalidInputError(msg, field="normalisation", value=method)
    for j in range(stats.min.shape[0]):
        where = criterion_label(j, names)
        if stats.count[j] == 0:
            raise InvalidInputError("no observed value in this column", field=where)
        if method == "minmax" and not stats.max[j] > stats.min[j]:
            msg = "constant column (min = max): min-max normalisation is undefined; drop it"
            raise InvalidInputError(msg, field=where, value=float(stats.min[j]))
        if method in {"vector", "max", "sum"} and stats.sumsq[j] == 0:
            raise InvalidInputError("all-zero column", field=where)
        if method in {"max", "sum"} and stats.min[j] < 0:
            msg = f"{method} normalisation needs non-negative values"
            raise InvalidInputError(msg, field=where, value=float(stats.min[j]))
        if method == "max" and stats.max[j] <= 0:
            raise InvalidInputError("max normalisation needs a positive maximum", field=where)
        if method == "sum" and not np.isfinite(stats.sum[j]):
            raise InvalidInputError("column sum overflows a float; rescale it", field=where)


def prescale(stats: ColumnStats) -> tuple[Float, Float, Float]:
    """Per-column power-of-two factor ``c`` and the scaled ``min * c`` and ``max * c``."""
    c = np.ldexp(1.0, -stats.exponent)
    return c, stats.min * c, stats.max * c


def _denominator(stats: ColumnStats, normalisation: str, c: Float) -> Float:
    """The scaled column norm, maximum or sum the scaled values are divided by."""
    if normalisation == "vector":
        out: Float = np.sqrt(stats.sumsq)  # sums are kept on the scaled values
    elif normalisation == "max":
        out = stats.max * c
    else:
        out = stats.sum
    return out


def affine(
    stats: ColumnStats, w: Float, d: NDArray[np.int8], normalisation: str
) -> tuple[Float, Float, Float]:
    """Per-column ``(c, scale, shift)`` with ``w_j r_ij = (x_ij c_j) scale_j + shift_j``.

    For the "minmax", "max" and "vector" normalisations, cost criteria
    reversed as in the module table; ``c`` is the exact power-of-two prescale
    (1 for ordinary magnitudes).
    """
    cost = d < 0
    c, lo, hi = prescale(stats)
    if normalisation == "minmax":
        span = hi - lo
        scale = np.where(cost, -w / span, w / span)
        shift = np.where(cost, w * hi / span, -w * lo / span)
    elif normalisation in {"vector", "max"}:
        den = _denominator(stats, normalisation, c)
        scale = np.where(cost, -w / den, w / den)
        shift = np.where(cost, w, 0.0)
    else:  # pragma: no cover - guarded by the callers
        raise AssertionError(normalisation)
    return c, scale, shift


def reference(
    stats: ColumnStats, w: Float, d: NDArray[np.int8], normalisation: str
) -> tuple[Float, Float, Float]:
    """Per-column ``(c, ref, g)`` with ``w_j r_ij = (x_ij c_j - ref_j) g_j``.

    A cost criterion under the "sum" normalisation uses ``1/x`` instead.

    The value a contribution is measured from (``ref``) is subtracted first, so a
    contribution is exactly 0 at the column's worst value and never negative
    for values inside the fitted range.
    """
    cost = d < 0
    c, lo, hi = prescale(stats)
    if normalisation == "minmax":
        span = hi - lo
        return c, np.where(cost, hi, lo), np.where(cost, -w / span, w / span)
    den = _denominator(stats, normalisation, c)
    reverse = cost & (normalisation != "sum")  # a "sum" cost criterion uses 1/x instead
    ref = np.where(reverse, den, 0.0)
    return c, ref, np.where(reverse, -w / den, w / den)


def normalise(
    matrix: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "minmax",
    *,
    stats: ColumnStats | None = None,
    names: Sequence[str] | None = None,
) -> Float:
    """Normalise a decision matrix column by column, benefit-oriented (see module table).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria.
    directions : array_like of +1/-1, optional
        +1 benefit (default), -1 cost.
    method : {"minmax", "vector", "max", "sum"}
        The normalisation.
    stats : ColumnStats, optional
        Pre-computed (e.g. merged over chunks) statistics; by default fitted on ``matrix``.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        The normalised matrix; larger is better in every column.

    Raises
    ------
    InvalidInputError
        A matrix that is not 2-D and finite, an unknown method, a column the
        method cannot normalise (named), or ``stats`` of another shape.

    Examples
    --------
    >>> normalise([[1.0, 30.0], [3.0, 10.0]], [1, -1]).tolist()
    [[0.0, 0.0], [1.0, 1.0]]
    """
    X = as_matrix(matrix, names=names)
    d = as_directions(directions, X.shape[1])
    st = fit_stats(X, inverse=method == "sum") if stats is None else stats
    check_stats(st, method, names)
    cost = d < 0
    c, lo, hi = prescale(st)
    scaled = X * c if st.exponent.any() else X
    if method == "minmax":
        out = (scaled - lo) / (hi - lo)
        out[:, cost] = 1.0 - out[:, cost]
    elif method in {"vector", "max"}:
        out = scaled / _denominator(st, method, c)
        out[:, cost] = 1.0 - out[:, cost]
    else:
        out = scaled / st.sum
        if cost.any():
            if (X[:, cost] <= 0).any():
                msg = "sum normalisation of a cost criterion needs positive values"
                raise InvalidInputError(msg, field="matrix")
            if st.sum_inv is None:
                msg = "statistics fitted without inverse=True; sum normalisation needs them"
                raise InvalidInputError(msg, field="stats")
            out[:, cost] = (1.0 / X[:, cost]) / st.sum_inv[cost]
    result: Float = out
    return result
