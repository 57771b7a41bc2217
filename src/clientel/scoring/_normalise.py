"""Column statistics (fit, mergeable across chunks) and normalisations (apply).

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
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError
from clientel.scoring._validate import as_directions, as_matrix, criterion_label

__all__ = ["NORMALISATIONS", "ColumnStats", "fit_stats", "normalise"]

Float = NDArray[np.float64]
NORMALISATIONS = ("minmax", "vector", "max", "sum")


@attrs.frozen(eq=False)
class ColumnStats:
    """Whole-column statistics a method needs, computed once and mergeable (fit step).

    Attributes
    ----------
    n : int
        Rows seen.
    min, max, sum, sumsq, sum_inv : ndarray
        Per-column minimum, maximum, sum, sum of squares and sum of 1/x (NaN
        ignored; ``sum_inv`` is inf where a column holds a zero).
    """

    n: int
    min: Float
    max: Float
    sum: Float
    sumsq: Float
    sum_inv: Float

    def merge(self, other: ColumnStats) -> ColumnStats:
        """Statistics of the union of both chunks (associative and commutative)."""
        if self.min.shape != other.min.shape:
            raise InvalidInputError("statistics of different criteria", field="stats")
        return ColumnStats(
            n=self.n + other.n,
            min=np.fmin(self.min, other.min),
            max=np.fmax(self.max, other.max),
            sum=self.sum + other.sum,
            sumsq=self.sumsq + other.sumsq,
            sum_inv=self.sum_inv + other.sum_inv,
        )

    @property
    def norm(self) -> Float:
        """Euclidean column norms."""
        out: Float = np.sqrt(self.sumsq)
        return out


def fit_stats(matrix: ArrayLike) -> ColumnStats:
    """Compute :class:`ColumnStats` of a chunk (NaN cells are ignored).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 10.0], [3.0, 20.0], [2.0, 40.0]])
    >>> whole = fit_stats(X)
    >>> merged = fit_stats(X[:1]).merge(fit_stats(X[1:]))
    >>> bool(np.allclose(whole.sumsq, merged.sumsq)), whole.max.tolist()
    (True, [3.0, 40.0])
    """
    X = np.asarray(matrix, dtype=np.float64)
    if X.ndim != 2:
        raise InvalidInputError("expected a 2-D matrix", field="matrix", value=X.shape)
    if np.isnan(X).any():
        with np.errstate(divide="ignore", invalid="ignore"):
            return ColumnStats(
                n=X.shape[0],
                min=np.nanmin(X, axis=0) if X.shape[0] else np.full(X.shape[1], np.inf),
                max=np.nanmax(X, axis=0) if X.shape[0] else np.full(X.shape[1], -np.inf),
                sum=np.nansum(X, axis=0),
                sumsq=np.nansum(X * X, axis=0),
                sum_inv=np.nansum(1.0 / X, axis=0),
            )
    if X.shape[0] == 0:
        k = X.shape[1]
        return ColumnStats(
            0, np.full(k, np.inf), np.full(k, -np.inf), np.zeros(k), np.zeros(k), np.zeros(k)
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        sum_inv = (1.0 / X).sum(axis=0)
    return ColumnStats(
        n=X.shape[0],
        min=X.min(axis=0),
        max=X.max(axis=0),
        sum=X.sum(axis=0),
        sumsq=np.einsum("ij,ij->j", X, X),
        sum_inv=sum_inv,
    )


def check_stats(stats: ColumnStats, method: str, names: Sequence[str] | None = None) -> None:
    """Reject statistics that would make a normalisation divide by zero."""
    if method not in NORMALISATIONS:
        msg = f"unknown normalisation; expected one of {NORMALISATIONS}"
        raise InvalidInputError(msg, field="normalisation", value=method)
    for j in range(stats.min.shape[0]):
        where = criterion_label(j, names)
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

    Examples
    --------
    >>> normalise([[1.0, 30.0], [3.0, 10.0]], [1, -1]).tolist()
    [[0.0, 0.0], [1.0, 1.0]]
    """
    X = as_matrix(matrix, names=names)
    d = as_directions(directions, X.shape[1])
    st = fit_stats(X) if stats is None else stats
    check_stats(st, method, names)
    cost = d < 0
    if method == "minmax":
        out = (X - st.min) / (st.max - st.min)
        out[:, cost] = 1.0 - out[:, cost]
    elif method == "vector":
        out = X / st.norm
        out[:, cost] = 1.0 - out[:, cost]
    elif method == "max":
        out = X / st.max
        out[:, cost] = 1.0 - out[:, cost]
    else:
        out = X / st.sum
        if cost.any():
            if (X[:, cost] <= 0).any():
                msg = "sum normalisation of a cost criterion needs positive values"
                raise InvalidInputError(msg, field="matrix")
            out[:, cost] = (1.0 / X[:, cost]) / st.sum_inv[cost]
    result: Float = out
    return result
