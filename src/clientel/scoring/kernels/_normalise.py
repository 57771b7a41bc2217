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

import warnings
from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import (
    as_directions,
    as_matrix,
    as_weights,
    check_stats_finite,
    criterion_label,
)
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError

__all__ = ["NORMALISATIONS", "ColumnStats", "fit_stats", "normalise"]

Float = NDArray[np.float64]
NORMALISATIONS = ("minmax", "vector", "max", "sum")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ColumnStats:
    """Whole-column statistics a method needs, computed once and mergeable (fit step).

    Attributes
    ----------
    n : int
        Rows seen.
    min, max, sum, sumsq, sum_inv : ndarray
        Per-column minimum, maximum, sum, sum of squares and sum of 1/x (NaN
        ignored; ``sum_inv`` is inf where a column holds a zero, and None
        unless fitted with ``inverse=True``).
    missing : int
        Number of NaN cells seen.
    """

    __repr__ = short_repr

    n: int
    min: Float
    max: Float
    sum: Float
    sumsq: Float
    sum_inv: Float | None = None
    missing: int = 0

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
            sum_inv=None
            if self.sum_inv is None or other.sum_inv is None
            else self.sum_inv + other.sum_inv,
            missing=self.missing + other.missing,
        )

    @property
    def norm(self) -> Float:
        """Euclidean column norms."""
        out: Float = np.sqrt(self.sumsq)
        return out


def fit_stats(matrix: ArrayLike, *, inverse: bool = False) -> ColumnStats:
    """Compute :class:`ColumnStats` of a chunk (NaN cells are ignored).

    ``inverse=True`` also sums ``1/x`` (needed only by the sum normalisation of
    cost criteria).

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
    k = X.shape[1]
    if X.shape[0] == 0:
        empty = np.full(k, np.inf)
        return ColumnStats(
            n=0,
            min=empty,
            max=-empty,
            sum=np.zeros(k),
            sumsq=np.zeros(k),
            sum_inv=np.zeros(k) if inverse else None,
        )
    lo, hi, total, sumsq = _reduce_columns(X)  # NaN propagates: a cheap test for gaps
    if np.isnan(lo).any() or np.isnan(hi).any():
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN stats
            return ColumnStats(
                n=X.shape[0],
                min=np.nanmin(X, axis=0),
                max=np.nanmax(X, axis=0),
                sum=np.nansum(X, axis=0),
                sumsq=np.nansum(X * X, axis=0),
                sum_inv=np.nansum(1.0 / X, axis=0) if inverse else None,
                missing=int(np.isnan(X).sum()),
            )
    return ColumnStats(
        n=X.shape[0],
        min=lo,
        max=hi,
        sum=total,
        sumsq=sumsq,
        sum_inv=_sum_inv(X) if inverse else None,
    )


_FOLD = 64  # rows folded side by side so reductions run over long contiguous rows
_BLOCK_ROWS = 4096  # a block of 4096 x 10 float64 (320 KiB) stays in cache for four passes


def _reduce_columns(X: Float) -> tuple[Float, Float, Float, Float]:
    """Column min, max, sum and sum of squares in one sweep of cache-sized row blocks.

    A tall matrix with few columns reduces slowly along axis 0 (short inner
    loops); folding ``_FOLD`` rows into one long row and reducing that is about
    three times faster. The summation order is fixed by the block layout, so the
    result is deterministic.
    """
    m, k = X.shape
    lo = np.full(k, np.inf)
    hi = np.full(k, -np.inf)
    total = np.zeros(k)
    sumsq = np.zeros(k)
    for start in range(0, m, _BLOCK_ROWS):
        block = X[start : start + _BLOCK_ROWS]
        rows = block.shape[0] - block.shape[0] % _FOLD
        parts = [block[rows:]] if rows < block.shape[0] else []
        if rows:
            parts.insert(0, block[:rows].reshape(-1, _FOLD * k))
        for part in parts:
            width = part.shape[1] // k
            lo = np.minimum(lo, part.min(axis=0).reshape(width, k).min(axis=0))
            hi = np.maximum(hi, part.max(axis=0).reshape(width, k).max(axis=0))
            total += part.sum(axis=0).reshape(width, k).sum(axis=0)
            sumsq += np.einsum("ij,ij->j", part, part).reshape(width, k).sum(axis=0)
    return lo, hi, total, sumsq


def _sum_inv(X: Float, block: int = 65_536) -> Float:
    """Column sums of 1/x in row blocks, so no full-size temporary is made."""
    total = np.zeros(X.shape[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        for start in range(0, X.shape[0], block):
            total += np.reciprocal(X[start : start + block]).sum(axis=0)
    return total


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


def prepare(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None,
    normalisation: str,
    *,
    stats: ColumnStats | None,
    names: Sequence[str] | None,
) -> tuple[Float, Float, NDArray[np.int8], ColumnStats]:
    """The checked matrix, weights, directions and statistics a scoring kernel starts from.

    Without ``stats`` they are fitted on the matrix, whose NaN or infinite
    cells are then found through the statistics (one pass instead of two);
    either way they are checked for ``normalisation``.
    """
    X = as_matrix(matrix, names=names, check_finite=stats is not None)
    w = as_weights(weights, X.shape[1], names=names)
    d = as_directions(directions, X.shape[1])
    if stats is None:
        stats = fit_stats(X, inverse=normalisation == "sum")
        check_stats_finite(X, stats, names)
    check_stats(stats, normalisation, names)
    return X, w, d, stats


def affine(
    stats: ColumnStats, w: Float, d: NDArray[np.int8], normalisation: str
) -> tuple[Float, Float]:
    """Per-column ``(scale, shift)`` with ``w_j r_ij = x_ij scale_j + shift_j``.

    For the "minmax", "max" and "vector" normalisations, cost criteria
    reversed as in the module table.
    """
    cost = d < 0
    if normalisation == "minmax":
        span = stats.max - stats.min
        scale = np.where(cost, -w / span, w / span)
        shift = np.where(cost, w * stats.max / span, -w * stats.min / span)
    elif normalisation in {"vector", "max"}:
        den = stats.norm if normalisation == "vector" else stats.max
        scale = np.where(cost, -w / den, w / den)
        shift = np.where(cost, w, 0.0)
    else:  # pragma: no cover - guarded by the callers
        raise AssertionError(normalisation)
    return scale, shift


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
    st = fit_stats(X, inverse=method == "sum") if stats is None else stats
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
            if st.sum_inv is None:
                msg = "statistics fitted without inverse=True; sum normalisation needs them"
                raise InvalidInputError(msg, field="stats")
            out[:, cost] = (1.0 / X[:, cost]) / st.sum_inv[cost]
    result: Float = out
    return result
