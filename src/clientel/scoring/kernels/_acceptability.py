"""Rank acceptability (SMAA): how often each alternative holds each rank under uncertain weights.

Weight vectors are drawn in fixed blocks of 1,024 (block ``b`` from
``default_rng([seed, b])``), so sample ``s`` is the same vector however the
samples are split. Each range of samples gives an :class:`AcceptabilityCounts`
(rank counts, exact integers, and the weights under which each alternative
ranks first, compensated sums); counts of disjoint ranges merge in any order,
and the merged counts give the same :class:`RankAcceptability` as one pass
over all samples. The scores of a block of samples come from the method's
weight-free form (:attr:`Method.unit`, :attr:`Method.sampled`): for the
weighted sum one matrix product per block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import (
    as_directions,
    as_matrix,
    as_number,
    as_weights,
    frozen_floats,
    frozen_int64,
)
from clientel._internal.display import TableDisplay, short_repr
from clientel._internal.limits import (
    MAX_ACCEPTABILITY_CELLS,
    MAX_SAMPLES,
    check_count,
    check_seed,
)
from clientel._internal.sums import dd_add
from clientel.errors import InvalidInputError, LimitExceededError, UnknownReferenceError
from clientel.scoring.kernels._scorer import Scorer

__all__ = [
    "SAMPLE_BLOCK",
    "AcceptabilityCounts",
    "Cells",
    "RankAcceptability",
    "acceptability",
    "acceptability_counts",
    "check_sampling",
    "sample_counts",
    "sample_orders",
]

Float = NDArray[np.float64]
Counts = NDArray[np.int64]
SAMPLE_BLOCK = 1024  #: weight vectors per random-number block (the unit of reproducibility)
_TRANSPOSE_ROWS = 16  # alternatives per step of the transposed copy (2.5x faster than one step)


def _ids(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class RankAcceptability(TableDisplay):
    """SMAA rank acceptability indices.

    Attributes
    ----------
    acceptability : ndarray, shape (m, k)
        ``acceptability[i, r]`` = share of sampled weight vectors under which
        alternative i holds rank r + 1 (ranks beyond ``k`` are not kept).
    central_weights : ndarray, shape (m, n)
        Mean weight vector of the samples that make each alternative first
        (NaN rows for alternatives that are never first).
    samples : int
        Number of weight vectors drawn.
    ids : tuple of str
        The alternatives' ids in the rows' order (empty from the array kernel:
        rows are then in input order).

    Examples
    --------
    >>> r = acceptability([[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]], [0.5, 0.5], seed=1)
    >>> r.at_most(1).round(2).tolist() == r.acceptability[:, 0].round(2).tolist()
    True
    """

    acceptability: Float = attrs.field(converter=frozen_floats)
    central_weights: Float = attrs.field(converter=frozen_floats)
    samples: int
    ids: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    _display_title = "Rank acceptability"

    def __repr__(self) -> str:
        return short_repr(self)

    def at_most(self, k: int) -> Float:
        """P(rank <= k) of every alternative (``k`` from 1 to the ranks kept)."""
        kept = self.acceptability.shape[1]
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= kept:
            raise InvalidInputError(f"expected a rank from 1 to {kept}", field="k", value=k)
        out: Float = self.acceptability[:, :k].sum(axis=1)
        return out

    def probability(self, id: str, k: int = 1) -> float:  # noqa: A002 - ids are called id
        """P(rank <= k) of the alternative ``id``."""
        if id not in self.ids:
            raise UnknownReferenceError("not in this ranking", field="id", value=id)
        return float(self.at_most(k)[self.ids.index(id)])

    def to_records(self) -> list[dict[str, Any]]:
        """One row per alternative: P(rank = r) of the first ranks and P(rank <= 3)."""
        shown = min(5, self.acceptability.shape[1])
        names = self.ids or tuple(str(i) for i in range(self.acceptability.shape[0]))
        top = self.at_most(min(3, self.acceptability.shape[1])).tolist()
        rows = []
        for i, (name, row) in enumerate(zip(names, self.acceptability.tolist(), strict=True)):
            shares = {f"rank {r + 1}": float(row[r]) for r in range(shown)}
            rows.append({"id": name, **shares, "rank <= 3": top[i]})
        return rows


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AcceptabilityCounts:
    """A range of samples' rank counts: merge disjoint ranges, then :meth:`result`.

    Attributes
    ----------
    seed, concentration : int, float
        The sampling they come from (ranges of different samplings do not merge).
    samples : int
        Weight vectors counted.
    counts : ndarray of int, shape (m, k)
        ``counts[i, r]``: samples under which alternative i holds rank r + 1.
    first, first_low : ndarray, shape (m, n)
        Sum of the weight vectors under which each alternative ranks first:
        summed in sample order within a range, then merged across ranges as a
        double-double (``first + first_low``), so merges in any order agree.
    """

    __repr__ = short_repr

    seed: int
    concentration: float
    samples: int
    counts: Counts = attrs.field(converter=frozen_int64)
    first: Float = attrs.field(converter=frozen_floats)
    first_low: Float = attrs.field(converter=frozen_floats)

    def merge(self, other: AcceptabilityCounts) -> AcceptabilityCounts:
        """Counts of both ranges (disjoint ranges of the same sampling)."""
        same = (self.seed, self.concentration, self.counts.shape, self.first.shape)
        if same != (other.seed, other.concentration, other.counts.shape, other.first.shape):
            raise InvalidInputError("counts of different samplings", field="counts")
        first, low = dd_add(self.first, self.first_low, other.first, other.first_low)
        counts = self.counts + other.counts
        for arr in (counts, first, low):
            arr.flags.writeable = False
        return AcceptabilityCounts(seed=self.seed, concentration=self.concentration,
                                   samples=self.samples + other.samples,
                                   counts=counts, first=first, first_low=low)  # fmt: skip

    def result(
        self, ids: Sequence[str] = (), rows: NDArray[np.intp] | None = None
    ) -> RankAcceptability:
        """Shares of the counted samples and the central weights (of ``rows``, in that order)."""
        pick = slice(None) if rows is None else rows
        counts = self.counts[pick]
        firsts = counts[:, 0:1]
        with np.errstate(invalid="ignore", divide="ignore"):
            central = (self.first[pick] + self.first_low[pick]) / firsts
            central[firsts[:, 0] == 0] = np.nan
        shares = counts / max(self.samples, 1)
        shares.flags.writeable = central.flags.writeable = False  # ours: kept without a copy
        return RankAcceptability(acceptability=shares, central_weights=central,
                                 samples=self.samples, ids=ids)  # fmt: skip


@attrs.frozen(kw_only=True, eq=False)
class Cells:
    """Missing cells drawn uniformly between their worst and best plausible values."""

    rows: NDArray[np.intp]
    cols: NDArray[np.intp]
    low: Float
    high: Float


def _draw(seed: int, block: int, n: int, center: Float | None, concentration: float) -> Float:
    rng = np.random.default_rng([seed, block])
    alpha = np.ones(n) if center is None else np.maximum(center * concentration, 1e-9)
    out: Float = rng.dirichlet(alpha, size=SAMPLE_BLOCK)
    return out


def _scores(X: Float, scorer: Scorer, unit: Any, W: Float) -> Float:
    """Scores (alternatives x samples) of every weight vector in ``W``."""
    rec = scorer.record
    if rec.sampled is not None and unit is not None:
        out: Float = rec.sampled(unit, W)
        return out
    cols = []
    for w in W:  # samples, not rows: a method without a batched form refits per vector
        moved = attrs.evolve(scorer, weights=w, state=())
        cols.append(rec.score(X, moved.fit(X)))
    return np.column_stack(cols)


def _drawn_cells(
    X: Float, scorer: Scorer, cells: Cells, seed: int, block: int, W: Float, lo: int, S: Float
) -> None:
    """Rescore the rows with missing cells, each sample with its own drawn values (in place)."""
    rng = np.random.default_rng([seed, block, 1])
    u = rng.random((SAMPLE_BLOCK, cells.rows.size))[lo : lo + W.shape[0]]
    values = cells.low + (cells.high - cells.low) * u
    rows, where = np.unique(cells.rows, return_inverse=True)
    base = X[rows]
    rec = scorer.record
    for t in range(W.shape[0]):  # samples, not rows: each is one small vectorised rescoring
        filled = base.copy()
        filled[where, cells.cols] = values[t]
        unit = rec.unit(filled, scorer) if rec.unit is not None else None
        S[rows, t] = _scores(filled, scorer, unit, W[t : t + 1])[:, 0]


def sample_orders(S: Float, *, higher_is_better: bool) -> NDArray[np.intp]:
    """Every sample's alternatives from first to last: row ``t`` of the result orders column
    ``t`` of the scores ``S`` (alternatives x samples), ties to the earlier alternative.

    The same as ``np.argsort(-S or S, axis=0, kind="stable").T``, about five times faster:
    the keys are laid out one sample per row (contiguous) and sorted by numpy's
    unstable argsort (SIMD where the CPU has it); a permutation sorting distinct keys is
    unique, so only runs of equal keys can differ from the stable order, and those runs
    (found on the sorted keys) are put back in index order. Keys with a NaN take the
    stable sort.
    """
    K = np.empty(S.shape[::-1])
    for a in range(0, S.shape[0], _TRANSPOSE_ROWS):  # blocks of alternatives: cache-sized
        part, into = S[a : a + _TRANSPOSE_ROWS].T, K[:, a : a + _TRANSPOSE_ROWS]
        if higher_is_better:
            np.negative(part, out=into)  # the transposed copy and the sign in one pass
        else:
            np.copyto(into, part)
    order = np.argsort(K, axis=1)
    K.sort(axis=1)  # the sorted keys, to find the runs of equal keys
    if np.isnan(K[:, -1]).any():  # NaN sorts last; runs of NaN are not found by ==
        stable: NDArray[np.intp] = np.argsort(-S.T if higher_is_better else S.T, axis=1,
                                              kind="stable")  # fmt: skip
        return stable
    tie = K[:, 1:] == K[:, :-1]
    if tie.any():
        _index_order_in_ties(order, tie)
    return order


def _index_order_in_ties(order: NDArray[np.intp], tie: NDArray[np.bool_]) -> None:
    """Sort every run of tied keys by index (in place); ``tie[t, i]``: key i + 1 equals key i."""
    s, m = order.shape
    member = np.zeros((s, m), dtype=bool)
    member[:, 1:] = tie
    member[:, :-1] |= tie
    start = member.copy()
    start[:, 1:] &= ~tie  # a member not tied to its left neighbour opens a run
    at = np.flatnonzero(member)
    run = np.cumsum(start.reshape(-1)[at]) * m  # runs are contiguous and numbered in order
    flat = order.reshape(-1)
    keyed = run + flat[at]
    keyed.sort()  # by run, then by index within the run
    flat[at] = keyed - run


def sample_counts(
    X: Float,
    scorer: Scorer,
    center: Float | None,
    *,
    seed: int,
    start: int,
    stop: int,
    concentration: float,
    ranks: int,
    cells: Cells | None = None,
) -> AcceptabilityCounts:
    """The unchecked core: rank counts of samples ``start`` to ``stop - 1`` for a fitted scorer.

    Rows must come in their tie order (ties in a sample go to the earlier row).
    """
    rec = scorer.record
    m, n = X.shape
    unit = rec.unit(X, scorer) if rec.unit is not None else None
    counts = np.zeros(ranks * m, dtype=np.int64)  # rank-major while counting (fewer misses)
    first, first_low = np.zeros((m, n)), np.zeros((m, n))  # low parts: from merges only
    slot = np.arange(ranks, dtype=np.int64) * m
    for block in range(start // SAMPLE_BLOCK, -(-stop // SAMPLE_BLOCK)):  # blocks of samples
        lo = max(start - block * SAMPLE_BLOCK, 0)
        hi = min(stop - block * SAMPLE_BLOCK, SAMPLE_BLOCK)
        W = _draw(seed, block, n, center, concentration)[lo:hi]
        S = _scores(X, scorer, unit, W)
        if cells is not None and cells.rows.size:
            _drawn_cells(X, scorer, cells, seed, block, W, lo, S)
        order = sample_orders(S, higher_is_better=rec.higher_is_better)[:, :ranks]
        counts += np.bincount((order + slot).ravel(), minlength=ranks * m)
        winners = order[:, 0]
        for j in range(n):  # criteria, not rows: one weighted count each
            first[:, j] += np.bincount(winners, weights=W[:, j], minlength=m)
    counts = np.ascontiguousarray(counts.reshape(ranks, m).T)
    for arr in (counts, first, first_low):
        arr.flags.writeable = False  # ours: the record keeps them without a copy
    return AcceptabilityCounts(seed=seed, concentration=concentration, samples=stop - start,
                               counts=counts, first=first, first_low=first_low)  # fmt: skip


def _problem(
    matrix: ArrayLike,
    weights: ArrayLike | None,
    directions: ArrayLike | None,
    method: str,
    names: Sequence[str] | None,
    options: dict[str, Any],
) -> tuple[Float, Scorer, Float | None]:
    X = as_matrix(matrix, names=names, min_rows=2)
    n = X.shape[1]
    center = None if weights is None else as_weights(weights, n, names=names)
    d = as_directions(directions, n)
    base = np.full(n, 1.0 / n) if center is None else center
    scorer = Scorer(method=method, weights=base, directions=d, options=options, names=names)
    fitted = scorer.fit(X)
    fitted.score(X)  # checks the values the method needs (e.g. positive for the product)
    return X, fitted, center


def check_sampling(
    seed: int, concentration: float, ranks: int | None, m: int, start: int = 0, stop: int = 0
) -> int:
    """Check a sampling's settings (and a range of samples); the number of ranks to keep."""
    if isinstance(start, bool) or not isinstance(start, int) or not 0 <= start <= stop:
        raise InvalidInputError("expected integers 0 <= start <= stop", field="start", value=start)
    check_seed(seed)
    if as_number(concentration, "concentration") <= 0:
        msg = "expected a finite number > 0"
        raise InvalidInputError(msg, field="concentration", value=concentration)
    k = m if ranks is None else ranks
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= m:
        raise InvalidInputError(f"expected 1 to {m} ranks", field="ranks", value=ranks)
    if m * k > MAX_ACCEPTABILITY_CELLS:  # the counts are an alternatives x ranks table
        msg = (
            f"at most MAX_ACCEPTABILITY_CELLS = {MAX_ACCEPTABILITY_CELLS:,} alternatives x "
            f"ranks ({m:,} x {k:,}); keep fewer ranks"
        )
        raise LimitExceededError(msg, limit="MAX_ACCEPTABILITY_CELLS",
                                 maximum=MAX_ACCEPTABILITY_CELLS, field="ranks")  # fmt: skip
    return k


def acceptability_counts(
    matrix: ArrayLike,
    weights: ArrayLike | None = None,
    directions: ArrayLike | None = None,
    *,
    start: int,
    stop: int,
    method: str = "weighted_sum",
    seed: int = 0,
    concentration: float = 50.0,
    ranks: int | None = None,
    names: Sequence[str] | None = None,
    **options: Any,
) -> AcceptabilityCounts:
    """Rank counts of the samples ``start`` to ``stop - 1`` (one partition's share of the draws).

    Merge the counts of disjoint ranges (:meth:`AcceptabilityCounts.merge`) and
    call :meth:`AcceptabilityCounts.result`: the same numbers as
    :func:`acceptability` over all of them.

    Parameters
    ----------
    matrix, weights, directions, method, seed, concentration, ranks, names, **options
        As for :func:`acceptability`; the same in every range.
    start, stop : int
        The samples of this range, ``0 <= start < stop``.

    Returns
    -------
    AcceptabilityCounts
        The rank counts of the range, to merge with the other ranges'.

    Raises
    ------
    InvalidInputError
        A matrix that is not 2-D and finite, or weights or directions of the
        wrong length or sign (named).

    Examples
    --------
    >>> X = [[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]]
    >>> parts = [acceptability_counts(X, [0.5, 0.5], start=a, stop=b, seed=7)
    ...          for a, b in [(0, 700), (700, 3000)]]
    >>> merged = parts[1].merge(parts[0]).result()
    >>> bool((merged.acceptability == acceptability(X, [0.5, 0.5], samples=3000,
    ...                                                seed=7).acceptability).all())
    True
    """
    X, scorer, center = _problem(matrix, weights, directions, method, names, options)
    k = check_sampling(seed, concentration, ranks, X.shape[0], start, stop)
    return sample_counts(X, scorer, center, seed=seed, start=start, stop=stop,
                         concentration=float(concentration), ranks=k)  # fmt: skip


def acceptability(
    matrix: ArrayLike,
    weights: ArrayLike | None = None,
    directions: ArrayLike | None = None,
    *,
    method: str = "weighted_sum",
    samples: int = 10_000,
    seed: int = 0,
    concentration: float = 50.0,
    chunk_size: int = 8 * SAMPLE_BLOCK,
    ranks: int | None = None,
    names: Sequence[str] | None = None,
    **options: Any,
) -> RankAcceptability:
    """Probability of each alternative holding each rank when weights are uncertain.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite.
    weights : array_like, optional
        Centre of the weight distribution: Dirichlet with parameters
        ``concentration * weights``. ``None`` samples uniformly on the simplex.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    method : str
        Any registered method (its ``options`` follow); the weighted sum
        (min-max normalised) by default.
    samples : int
        Weight vectors to draw.
    seed : int
        Seed; sample ``s`` comes from block ``s // 1024`` drawn with
        ``default_rng([seed, block])``, so the numbers do not depend on
        ``chunk_size`` (nor on how :func:`acceptability_counts` splits them).
    concentration : float
        How tightly the sampled weights gather around ``weights`` (larger: closer).
    chunk_size : int
        Samples scored at once; only memory depends on it.
    ranks : int, optional
        Ranks to keep (all by default; the matrix is alternatives x ranks).
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.
    **options
        Keyword options of the method, e.g. ``v`` for VIKOR.

    Returns
    -------
    RankAcceptability
        Per alternative, the share of samples in which it holds each rank, and
        the central weights of its first ranks (step 2.3.3).

    Raises
    ------
    InvalidInputError
        A matrix that is not 2-D and finite, or weights or directions of the
        wrong length or sign (named).

    Notes
    -----
    A sample's ranks are positions: ties go to the earlier row.

    References
    ----------
    Lahdelma, R., Hokkanen, J. and Salminen, P. (1998). SMAA - Stochastic
    multiobjective acceptability analysis. *EJOR* 106(1), 137-143.

    Examples
    --------
    >>> r = acceptability([[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]], [0.5, 0.5], seed=1)
    >>> r.acceptability.sum(axis=0).round(6).tolist()
    [1.0, 1.0, 1.0]
    """
    X, scorer, center = _problem(matrix, weights, directions, method, names, options)
    k = check_sampling(seed, concentration, ranks, X.shape[0])
    check_count(samples, "samples", limit="MAX_SAMPLES", maximum=MAX_SAMPLES)
    check_count(chunk_size, "chunk_size", limit="MAX_SAMPLES", maximum=MAX_SAMPLES)
    step = max(SAMPLE_BLOCK, chunk_size // SAMPLE_BLOCK * SAMPLE_BLOCK)
    total: AcceptabilityCounts | None = None
    for start in range(0, samples, step):
        part = sample_counts(X, scorer, center, seed=seed, start=start,
                             stop=min(start + step, samples), concentration=float(concentration),
                             ranks=k)  # fmt: skip
        total = part if total is None else total.merge(part)
    assert total is not None
    return total.result()
