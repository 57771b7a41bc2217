"""Whole-data statistics a method fits once and merges across chunks (the fit step).

Two kinds of partial statistics, both with an empty value (the identity of
``merge``), both merged order-independently, so a partitioned engine can reduce
them in any tree shape:

* :class:`ColumnStats` per column: rows, observed cells, min and max (merged
  exactly), sums of values, squares and inverses (compensated double-double
  sums, see :mod:`clientel._internal.sums`);
* :class:`Marginals`: each column's distinct values with their counts (merged
  exactly), the statistics PROMETHEE II needs.

Columns whose magnitude passes ``2**500`` (or is below ``2**-500``) are
handled on a scaled copy (``x * 2**-exponent``): every method scales before it
subtracts, so the results equal those on the scaled inputs and nothing
overflows (see :func:`column_exponent`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import (
    as_floats,
    frozen_floats,
    frozen_int64,
    frozen_intp,
    frozen_optional_floats,
)
from clientel._internal.display import short_repr
from clientel._internal.sums import dd_add
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._blocked import FOLD

__all__ = [
    "ColumnStats",
    "Marginals",
    "column_exponent",
    "fit_marginals",
    "fit_stats",
    "stage_stats",
]

Float = NDArray[np.float64]
Int = NDArray[np.int64]
#: An elementwise function of a block of rows (see :func:`fit_stats`).
Transform = Callable[[Float], ArrayLike]
_LARGE = 2.0**500
_SMALL = 2.0**-500


def column_exponent(low: Float, high: Float) -> Int:
    """The power of two each column is scaled by before it is normalised.

    0 for ordinary magnitudes; for a column whose largest magnitude is at least
    ``2**500`` or below ``2**-500`` (but not zero), the exponent ``e`` with
    ``max |x| = f * 2**e``, ``0.5 <= f < 1``, so ``x * 2**-e`` lies in (-1, 1)
    (for subnormal columns ``e`` stops at -1022, where ``2**-e`` is still a
    finite float). Scaling by a power of two is exact, so scores equal those on
    scaled inputs.

    Parameters
    ----------
    low, high : numpy.ndarray, shape (n,)
        Each column's smallest and largest value.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        The exponent per column (0 for ordinary magnitudes).

    Examples
    --------
    >>> import numpy as np
    >>> column_exponent(np.array([1.0, 2.0**600]), np.array([3.0, 2.0**601])).tolist()
    [0, 602]
    """
    with np.errstate(invalid="ignore"):
        mag = np.fmax(np.abs(low), np.abs(high))
    extreme = np.isfinite(mag) & (mag > 0) & ((mag >= _LARGE) | (mag < _SMALL))
    e = np.frexp(np.where(extreme, mag, 1.0))[1]
    # at least -1022, so that the factor 2**-e is a finite float (subnormal columns: 2**1022)
    out: Int = np.where(extreme, np.maximum(e, -1022), 0).astype(np.int64)
    return out


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ColumnStats:
    """Whole-column statistics a method needs, computed once and mergeable (fit step).

    Attributes
    ----------
    n : int
        Rows seen.
    count : ndarray of int
        Observed (non-NaN) cells per column.
    min, max : ndarray
        Per-column minimum and maximum of the observed values (NaN where a
        column has none); merged exactly.
    sum, sumsq : ndarray
        Sums of the values and of their squares, of the values scaled by
        ``2**-exponent`` (``exponent`` is 0 but for extreme magnitudes).
    sum_inv : ndarray or None
        Sum of ``1/x`` (inf where a column holds a zero; None unless fitted
        with ``inverse=True``).
    sum_low, sumsq_low, sum_inv_low : ndarray or None
        The low-order parts of the three sums: each sum is carried as a
        double-double (``sum + sum_low``), so merging partial statistics in any
        order gives the same rounded sums.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 10.0], [3.0, 20.0], [2.0, 40.0]])
    >>> parts = [fit_stats(X[:1]), fit_stats(X[1:]), ColumnStats.empty(2)]
    >>> merged = parts[2].merge(parts[1]).merge(parts[0])
    >>> merged.n, merged.max.tolist(), merged.sumsq.tolist()
    (3, [3.0, 40.0], [14.0, 2100.0])
    """

    __repr__ = short_repr

    n: int
    count: Int = attrs.field(converter=frozen_int64)
    min: Float = attrs.field(converter=frozen_floats)
    max: Float = attrs.field(converter=frozen_floats)
    sum: Float = attrs.field(converter=frozen_floats)
    sumsq: Float = attrs.field(converter=frozen_floats)
    sum_inv: Float | None = attrs.field(default=None, converter=frozen_optional_floats)
    sum_low: Float | None = attrs.field(default=None, converter=frozen_optional_floats)
    sumsq_low: Float | None = attrs.field(default=None, converter=frozen_optional_floats)
    sum_inv_low: Float | None = attrs.field(default=None, converter=frozen_optional_floats)

    def __attrs_post_init__(self) -> None:
        k = self.min.shape
        shapes = [self.count.shape, self.max.shape, self.sum.shape, self.sumsq.shape]
        shapes += [a.shape for a in (self.sum_inv, self.sum_low, self.sumsq_low,
                                     self.sum_inv_low) if a is not None]  # fmt: skip
        if len(k) != 1 or any(s != k for s in shapes) or self.n < 0:
            raise InvalidInputError("statistics of mismatched shapes", field="stats")

    @classmethod
    def empty(cls, columns: int, *, inverse: bool = False) -> ColumnStats:
        """Statistics of no rows: the identity of :meth:`merge`."""
        zero = np.zeros(columns)
        none = np.full(columns, np.nan)
        return cls(n=0, count=np.zeros(columns, dtype=np.int64), min=none, max=none,
                   sum=zero, sumsq=zero, sum_inv=zero if inverse else None)  # fmt: skip

    @property
    def missing(self) -> int:
        """Number of NaN cells seen."""
        return int(self.n * self.count.size - self.count.sum())

    @property
    def exponent(self) -> Int:
        """Per-column power of two the sums are scaled by (see :func:`column_exponent`)."""
        return column_exponent(self.min, self.max)

    @property
    def norm(self) -> Float:
        """Euclidean column norms (inf only where the true norm exceeds the float range)."""
        with np.errstate(over="ignore"):
            out: Float = np.ldexp(np.sqrt(self.sumsq), self.exponent)
        return out

    @property
    def mean(self) -> Float:
        """Mean of the observed values per column (NaN where none)."""
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            out: Float = np.ldexp(self.sum / self.count, self.exponent)
        return out

    def merge(self, other: ColumnStats) -> ColumnStats:
        """Statistics of the union of both chunks (associative and commutative).

        Min, max and counts merge exactly; the sums are added as double-doubles,
        so the rounded sums do not depend on the order of the merges.
        """
        if self.min.shape != other.min.shape:
            raise InvalidInputError("statistics of different criteria", field="stats")
        lo, hi = np.fmin(self.min, other.min), np.fmax(self.max, other.max)
        target = column_exponent(lo, hi)
        a = self._scaled(target)
        b = other._scaled(target)
        total = dd_add(a[0], _low(self.sum_low, a[0]), b[0], _low(other.sum_low, b[0]))
        squares = dd_add(a[1], _low(self.sumsq_low, a[1]), b[1], _low(other.sumsq_low, b[1]))
        inv: tuple[Float, Float] | None = None
        if self.sum_inv is not None and other.sum_inv is not None:
            inv = dd_add(self.sum_inv, _low(self.sum_inv_low, self.sum_inv),
                         other.sum_inv, _low(other.sum_inv_low, other.sum_inv))  # fmt: skip
        return ColumnStats(
            n=self.n + other.n,
            count=self.count + other.count,
            min=lo,
            max=hi,
            sum=total[0],
            sumsq=squares[0],
            sum_inv=None if inv is None else inv[0],
            sum_low=total[1],
            sumsq_low=squares[1],
            sum_inv_low=None if inv is None else inv[1],
        )

    def _scaled(self, target: Int) -> tuple[Float, Float]:
        """Sum and sum of squares rescaled from this partial's exponent to ``target``."""
        shift = self.exponent - target  # <= 0: the merged range is wider
        if not shift.any():
            return self.sum, self.sumsq
        return np.ldexp(self.sum, shift), np.ldexp(self.sumsq, 2 * shift)


def _low(low: Float | None, like: Float) -> Float:
    return np.zeros_like(like) if low is None else low


def fit_stats(
    matrix: ArrayLike, *, inverse: bool = False, transform: Transform | None = None
) -> ColumnStats:
    """Compute :class:`ColumnStats` of a chunk (NaN cells are ignored).

    ``inverse=True`` also sums ``1/x`` (needed only by the sum normalisation of
    cost criteria). An empty chunk gives :meth:`ColumnStats.empty`.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        A chunk of alternatives x criteria.
    inverse : bool
        Also sum ``1/x``.
    transform : callable, optional
        An elementwise function ``f`` of a block of rows (shape (r, n) in,
        the same shape out; it must not change its argument): the statistics
        are those of ``f(matrix)``, bit for bit, computed block by block
        (cache-sized row blocks), so no transformed copy of the whole chunk is
        made. ``f`` must treat every cell alone (``f(a)[i, j]`` depends only
        on ``a[i, j]`` and the column ``j``), as numpy's elementwise functions
        with per-column constants do. A fit stage that reduces a function of
        the values (MABAC's ``ln(n_ij + 1)``) passes it here (step 2.3.3).

        .. versionchanged:: 0.2.0
           ``transform`` added.

    Returns
    -------
    ColumnStats
        The chunk's column statistics; merge chunks' with ``.merge``.

    Raises
    ------
    InvalidInputError
        Not a 2-D matrix, or a ``transform`` whose result has another shape.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 10.0], [3.0, 20.0], [2.0, 40.0]])
    >>> whole = fit_stats(X)
    >>> merged = fit_stats(X[:1]).merge(fit_stats(X[1:]))
    >>> bool(np.array_equal(whole.sumsq, merged.sumsq)), whole.max.tolist()
    (True, [3.0, 40.0])
    >>> logs = fit_stats(X, transform=np.log1p)
    >>> bool(np.array_equal(logs.sum, fit_stats(np.log1p(X)).sum))
    True
    """
    X = as_floats(matrix, "matrix")
    if X.ndim != 2 or X.shape[1] == 0:
        msg = "expected a 2-D matrix with at least one criterion"
        raise InvalidInputError(msg, field="matrix", value=X.shape)
    m, k = X.shape
    if m == 0:
        return ColumnStats.empty(k, inverse=inverse)
    lo, hi, total, sumsq = _reduce_columns(X, transform)  # NaN propagates: a test for gaps
    count = np.full(k, m, dtype=np.int64)
    exponent = column_exponent(lo, hi)
    gaps = bool(np.isnan(lo).any() or np.isnan(hi).any())
    if gaps or exponent.any():  # rare: the values themselves are needed (transformed once)
        with np.errstate(over="ignore", invalid="ignore"):  # as in the blocked sweep
            Y = _transformed(transform, X)
        if gaps:
            with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: NaN stats
                lo, hi = np.nanmin(Y, axis=0), np.nanmax(Y, axis=0)
                total, sumsq = np.nansum(Y, axis=0), np.nansum(Y * Y, axis=0)
                count -= np.isnan(Y).sum(axis=0)
            exponent = column_exponent(lo, hi)
        for j in np.flatnonzero(exponent):  # extreme magnitudes: sum a scaled copy
            scaled = np.ldexp(Y[:, j], -exponent[j])
            total[j], sumsq[j] = np.nansum(scaled), np.nansum(scaled * scaled)
    return ColumnStats(n=m, count=count, min=lo, max=hi, sum=total, sumsq=sumsq,
                       sum_inv=_sum_inv(X, transform) if inverse else None)  # fmt: skip


def _transformed(transform: Transform | None, block: Float) -> Float:
    """``transform(block)`` as floats of the block's shape (the block itself without one)."""
    if transform is None:
        return block
    out = np.asarray(transform(block), dtype=np.float64)
    if out.shape != block.shape:
        msg = f"the transform gave shape {out.shape} for a block of shape {block.shape}"
        raise InvalidInputError(msg, field="transform", value=out.shape)
    return out


_FOLD = FOLD  # rows folded side by side so reductions run over long contiguous rows
_BLOCK_ROWS = 4096  # a block of 4096 x 10 float64 (320 KiB) stays in cache for four passes


_GROUP_CELLS = 1 << 17  # narrow matrices: blocks reduced together, about 1 MiB at a time


def _reduce_columns(
    X: Float, transform: Transform | None = None
) -> tuple[Float, Float, Float, Float]:
    """Column min, max, sum and sum of squares in one sweep of cache-sized row blocks.

    A tall matrix with few columns reduces slowly along axis 0 (short inner
    loops); folding ``_FOLD`` rows into one long row and reducing that is about
    three times faster. The summation order is fixed by the block layout, so the
    result is deterministic. ``transform`` is applied to each block first (the
    reductions of ``transform(X)``, the same blocks in the same order).

    A matrix of at most four columns has its full blocks reduced a group at a
    time (:func:`_reduce_blocks`): the same partials per block, accumulated in
    the same order, with a few numpy calls per group rather than per block.
    """
    m, k = X.shape
    acc = (np.full(k, np.inf), np.full(k, -np.inf), np.zeros(k), np.zeros(k))
    group = _GROUP_CELLS // (_BLOCK_ROWS * k) if k <= 4 else 1
    grouped = (m // _BLOCK_ROWS) * _BLOCK_ROWS if group > 1 else 0
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, grouped, group * _BLOCK_ROWS):
            stop = min(start + group * _BLOCK_ROWS, grouped)
            acc = _reduce_blocks(_transformed(transform, X[start:stop]), acc)
        for start in range(grouped, m, _BLOCK_ROWS):
            acc = _reduce_block(_transformed(transform, X[start : start + _BLOCK_ROWS]), acc)
    return acc


Acc = tuple[Float, Float, Float, Float]


def _reduce_block(block: Float, acc: Acc) -> Acc:
    """``acc`` (min, max, sum, sum of squares) updated with one block of rows."""
    lo, hi, total, sumsq = acc
    k = block.shape[1]
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


def _reduce_blocks(blocks: Float, acc: Acc) -> Acc:
    """:func:`_reduce_block` of each full block of ``blocks`` in turn, in a few numpy calls.

    Each block's partials are those of the block alone (its folded rows reduced
    along the same axis, then its fold); the running values then take them
    block after block (``accumulate`` is sequential), as the loop does.
    """
    k = blocks.shape[1]
    n = blocks.shape[0] // _BLOCK_ROWS
    Y = blocks.reshape(n, _BLOCK_ROWS // _FOLD, _FOLD * k)
    parts = (
        Y.min(axis=1).reshape(n, _FOLD, k).min(axis=1),
        Y.max(axis=1).reshape(n, _FOLD, k).max(axis=1),
        Y.sum(axis=1).reshape(n, _FOLD, k).sum(axis=1),
        np.einsum("gij,gij->gj", Y, Y).reshape(n, _FOLD, k).sum(axis=1),
    )
    ops = (np.minimum, np.maximum, np.add, np.add)
    out = [
        op.accumulate(np.vstack([a, p]), axis=0)[-1]
        for op, a, p in zip(ops, acc, parts, strict=True)
    ]
    return out[0], out[1], out[2], out[3]


def _sum_inv(X: Float, transform: Transform | None = None, block: int = 65_536) -> Float:
    """Column sums of 1/x in row blocks (NaN ignored), so no full-size temporary is made.

    With ``transform``, of ``1/transform(x)``.
    """
    total = np.zeros(X.shape[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        for start in range(0, X.shape[0], block):
            part = _transformed(transform, X[start : start + block])
            total += np.nansum(np.reciprocal(part), axis=0)
    return total


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Marginals:
    """Each column's distinct values (ascending) and how often each occurs; merged exactly.

    The fit state of PROMETHEE II, whose flows depend on where an alternative's
    value falls among all others on each criterion. Its size grows with the
    number of distinct values, not of rows (a 1-5 scale keeps five per column).

    Attributes
    ----------
    n : int
        Rows seen.
    values, counts : ndarray
        Distinct values of every column, concatenated, and their counts.
    offsets : ndarray of int, shape (columns + 1,)
        Column ``j`` holds ``values[offsets[j]:offsets[j + 1]]``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 5.0], [3.0, 5.0], [1.0, 2.0]])
    >>> whole = fit_marginals(X)
    >>> parts = fit_marginals(X[2:]).merge(fit_marginals(X[:2]))
    >>> parts.column(0), bool(np.array_equal(whole.values, parts.values))
    ((array([1., 3.]), array([2, 1])), True)
    """

    __repr__ = short_repr

    n: int
    values: Float = attrs.field(converter=frozen_floats)
    counts: Int = attrs.field(converter=frozen_int64)
    offsets: NDArray[np.intp] = attrs.field(converter=frozen_intp)

    @classmethod
    def empty(cls, columns: int) -> Marginals:
        """Marginals of no rows: the identity of :meth:`merge`."""
        return cls(n=0, values=np.zeros(0), counts=np.zeros(0, dtype=np.int64),
                   offsets=np.zeros(columns + 1, dtype=np.intp))  # fmt: skip

    @property
    def columns(self) -> int:
        """Number of columns."""
        return int(self.offsets.size - 1)

    def column(self, j: int) -> tuple[Float, Int]:
        """Distinct values of column ``j`` (ascending) and their counts."""
        a, b = int(self.offsets[j]), int(self.offsets[j + 1])
        return self.values[a:b], self.counts[a:b]

    def merge(self, other: Marginals) -> Marginals:
        """Marginals of the union of both chunks (exact, associative and commutative)."""
        if self.columns != other.columns:
            raise InvalidInputError("statistics of different criteria", field="stats")
        cols = [
            _merge_column(*self.column(j), *other.column(j)) for j in range(self.columns)
        ]  # columns, not rows: each merge is one vectorised sort
        return _from_columns(self.n + other.n, cols, self.columns)


def _merge_column(va: Float, ca: Int, vb: Float, cb: Int) -> tuple[Float, Int]:
    values, inverse = np.unique(np.concatenate((va, vb)), return_inverse=True)
    weights = np.concatenate((ca, cb)).astype(np.float64)  # exact below 2**53 rows
    counts = np.bincount(inverse, weights=weights, minlength=values.size).astype(np.int64)
    return values, counts


def _from_columns(n: int, cols: list[tuple[Float, Int]], k: int) -> Marginals:
    sizes = [v.size for v, _ in cols]
    offsets = np.concatenate(([0], np.cumsum(sizes, dtype=np.intp)))
    values = np.concatenate([v for v, _ in cols]) if k else np.zeros(0)
    counts = np.concatenate([c for _, c in cols]) if k else np.zeros(0, dtype=np.int64)
    return Marginals(n=n, values=values, counts=counts, offsets=offsets)


def fit_marginals(matrix: ArrayLike) -> Marginals:
    """The distinct values of each column of a chunk and their counts.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        A chunk of alternatives x criteria (NaN cells ignored).

    Returns
    -------
    Marginals
        Per column, its distinct values and their counts; merge chunks' with
        ``.merge``.

    Raises
    ------
    InvalidInputError
        Not a 2-D matrix.

    Examples
    --------
    >>> fit_marginals([[2.0], [1.0], [2.0]]).column(0)
    (array([1., 2.]), array([1, 2]))
    """
    X = as_floats(matrix, "matrix")
    if X.ndim != 2:
        raise InvalidInputError("expected a 2-D matrix", field="matrix", value=X.shape)
    cols = []
    for j in range(X.shape[1]):  # columns, not rows: each is one vectorised sort
        values, counts = np.unique(X[:, j], return_counts=True)
        cols.append((values, counts.astype(np.int64)))
    return _from_columns(X.shape[0], cols, X.shape[1])


def stage_stats(stats: object, columns: int) -> ColumnStats:
    """``stats`` if it is the :class:`ColumnStats` of ``columns`` columns (a fit stage's merge).

    Examples
    --------
    >>> stage_stats(ColumnStats.empty(2), 2).n
    0
    """
    if not isinstance(stats, ColumnStats) or stats.min.shape != (columns,):
        raise InvalidInputError("expected the ColumnStats of this fit stage", field="stats")
    return stats
