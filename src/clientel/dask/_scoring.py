"""Scoring over dask arrays and DataFrames: fit statistics, fit, score, ranks and tiers (2.3.3).

Every fit stage is one pass: each block's partial statistics
(:meth:`~clientel.scoring.kernels.Scorer.fit_partial`) come back to the
caller and merge there; the fitted :class:`~clientel.scoring.kernels.Scorer`
scores every block on its own. Ranks sort each block on its worker
(:func:`~clientel.scoring.kernels.sort_run`), then merge the sorted runs and
rank them in one task.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_matrix, as_weights
from clientel.dask._blocks import (
    at_row,
    blocks,
    by_row,
    combine,
    matrix,
    offsets,
    one_pass,
    vector,
)
from clientel.dask._require import da, dask
from clientel.errors import InvalidInputError
from clientel.scoring.kernels import (
    ColumnStats,
    Scorer,
    SortedRun,
    fit_stats,
    merge_runs,
    rank_run,
    sort_run,
    tie_tolerance,
    tiers_by_counts,
    tiers_by_quantiles,
    tiers_by_thresholds,
)

__all__ = ["fit", "fit_statistics", "rank", "score", "tiers"]


def fit_statistics(data: Any, *, columns: Sequence[str] | None = None) -> ColumnStats:
    """Column statistics of a dask matrix in one pass (:func:`~clientel.scoring.kernels.fit_stats`).

    Parameters
    ----------
    data : dask array or dask DataFrame
        Rows x criteria (a DataFrame's ``columns`` in order).
    columns : sequence of str, optional
        The criteria columns of a DataFrame.

    Returns
    -------
    ColumnStats
        Minima, maxima and counts (exact), sums and sums of squares (double-double).

    Examples
    --------
    >>> import dask.array as da
    >>> X = da.from_array(np.array([[1.0, 10.0], [3.0, 20.0], [2.0, 40.0]]), chunks=(2, 2))
    >>> fit_statistics(X).max.tolist()
    [3.0, 40.0]
    """
    X = matrix(data, columns)
    return combine(one_pass(fit_stats, blocks(X)), ColumnStats.empty(X.shape[1]))  # type: ignore[no-any-return]


def fit(
    data: Any,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    method: str = "topsis",
    columns: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
    **options: Any,
) -> Scorer:
    """A :class:`~clientel.scoring.kernels.Scorer` fitted on a dask matrix, one pass per stage.

    Parameters
    ----------
    data : dask array or dask DataFrame
        Alternatives x criteria; a DataFrame's ``columns`` in the order of ``weights``.
    weights, directions : array_like
        As for :func:`clientel.scoring.kernels.score_matrix`.
    method : str
        A registered method (:data:`clientel.scoring.kernels.METHODS`); TOPSIS
        by default, as :func:`clientel.scoring.kernels.score_matrix`.
    columns : sequence of str, optional
        The criteria columns of a DataFrame (also the names in error messages).
    names : sequence of str, optional
        Criterion names for error messages (default: ``columns``).
    **options
        The method's options (``normalisation="vector"``, ``v=0.5``, ...).

    Returns
    -------
    Scorer
        Fitted; small and picklable, its ``score`` runs on any block.

    Raises
    ------
    InvalidInputError
        As the single-process kernels: weights that do not match the columns,
        a NaN or infinite cell (named by criterion), too few rows for the method.

    Examples
    --------
    >>> import dask.array as da
    >>> from clientel.scoring.kernels import score_matrix
    >>> X = np.random.default_rng(1).uniform(1, 9, size=(1_000, 3))
    >>> scorer = fit(da.from_array(X, chunks=(300, 3)), [0.5, 0.3, 0.2], method="topsis")
    >>> whole = score_matrix(X, [0.5, 0.3, 0.2], method="topsis")
    >>> bool(np.abs(score(scorer, X).compute() - whole).max() <= 1e-14)
    True
    """
    X = matrix(data, columns)
    names = names if names is not None else columns
    n, k = X.shape
    as_weights(weights, k, names=names)  # the weights' own errors first, as single-process
    scorer = Scorer(method=method, weights=weights, directions=directions, options=options,
                    names=names)  # fmt: skip
    if n < scorer.record.min_rows:
        as_matrix(np.zeros((n, k)), names=names, min_rows=scorer.record.min_rows)
    parts, starts = blocks(X), offsets(X)
    while not scorer.fitted:  # one pass per stage
        partials = one_pass(_fit_block, parts, starts, scorer=scorer)
        scorer = scorer.finalise(combine(partials, scorer.empty()))
    return scorer


def _fit_block(block: NDArray[np.float64], start: int, scorer: Scorer) -> Any:
    try:
        return scorer.fit_partial(block)
    except InvalidInputError as exc:  # name the row of the whole data
        raise at_row(exc, start) from None


def _score_block(block: NDArray[np.float64], start: int, scorer: Scorer) -> Any:
    try:
        return scorer.score(block)
    except InvalidInputError as exc:
        raise at_row(exc, start) from None


def score(scorer: Scorer, data: Any, *, columns: Sequence[str] | None = None) -> Any:
    """Scores of every row, lazily: a 1-D dask array chunked as the rows of ``data``.

    Each block is scored on its own by the fitted scorer (a pure function of
    the block), so the scores are those of the single-process kernel.
    """
    if not scorer.fitted:
        raise InvalidInputError("fit the scorer first", field="scorer")
    X = matrix(data, columns)
    return by_row(_score_block, X, scorer)


def _ids(ids: Any, chunks: Any) -> list[Any]:
    """Per-block tie keys: ``None``, a dask array/Series (its blocks), or values sliced here."""
    if ids is None:
        return [None] * len(chunks)
    if isinstance(ids, da.Array) or hasattr(ids, "to_dask_array"):
        return blocks(vector(ids, "ids", chunks))
    values = np.asarray(ids, dtype=object)
    if values.shape != (sum(chunks),):
        raise InvalidInputError(f"expected {sum(chunks)} ids, one per row", field="ids",
                                value=values.shape)  # fmt: skip
    bounds = np.cumsum((0, *chunks))
    return [values[a:b] for a, b in itertools.pairwise(bounds)]


def _sort_block(scores: NDArray[np.float64], ids: Any, start: int, high: bool) -> SortedRun:
    rows = np.arange(start, start + scores.shape[0], dtype=np.int64)
    return sort_run(scores, ids, rows, higher_is_better=high)


def _by_row(run: SortedRun, tol: float | None) -> NDArray[np.int64]:
    """``[order, rank by row]`` of the merged run, as one (2, n) array."""
    if tol is None:  # scaled to the largest score, which only the merged run knows
        tol = tie_tolerance(run.key)
    order, rank = rank_run(run, tol=tol)
    out = np.empty((2, order.size), dtype=np.int64)
    out[0] = order
    out[1, order] = rank
    return out


def _runs(scores: Any, ids: Any, higher_is_better: bool) -> Any:
    s = vector(scores, "scores")
    keys = _ids(ids, s.chunks[0])
    task = dask.delayed(_sort_block, pure=True)
    runs = [task(b, i, a, higher_is_better)
            for b, i, a in zip(blocks(s), keys, offsets(s), strict=True)]  # fmt: skip
    return s, dask.delayed(merge_runs, pure=True)(runs)


def _rows_of(full: Any, s: Any, dtype: Any) -> Any:
    """A delayed whole-data array cut into lazy blocks chunked as ``s``."""
    parts = [da.from_delayed(full[a : a + n], shape=(n,), dtype=dtype)
             for a, n in zip(offsets(s), s.chunks[0], strict=True)]  # fmt: skip
    return da.concatenate(parts) if parts else da.zeros(0, dtype=dtype)


def rank(
    scores: Any,
    ids: Any = None,
    *,
    higher_is_better: bool = True,
    tol: float | None = None,
) -> tuple[Any, Any]:
    """Order and competition ranks of dask scores, as :func:`clientel.scoring.score_alternatives`
    ranks them (:func:`clientel.scoring.kernels.ranks` with its default tolerance), step 2.3.3.

    Parameters
    ----------
    scores : dask array or dask Series
        Finite scores, one per row.
    ids : dask array, dask Series or sequence, optional
        Tie keys (ids), one per row: tied rows are ordered by id, then row.
    higher_is_better : bool
        False where lower scores rank first (VIKOR's Q).
    tol : float, optional
        Scores within ``tol * max(1, |score|)`` of their sorted neighbour tie.
        By default the tolerance of :func:`clientel.scoring.score_alternatives`,
        ``1e-9 * min(1, max |score|)`` (:func:`clientel.scoring.kernels.tie_tolerance`)
        over all the blocks, so that a notebook's ranking and a cluster's agree.

    Returns
    -------
    order, rank : dask arrays of int64
        Rows best first, and each row's rank (1 = best) in input order; the
        numbers of the single-process ``ranks`` with the same tolerance, ties
        across block boundaries included.

    Notes
    -----
    Each block is sorted where it lives; the sorted runs are merged and ranked
    in one task (O(n) memory on one worker: 24 bytes per row, more with ids).

    Examples
    --------
    >>> import dask.array as da
    >>> order, r = rank(da.from_array(np.array([0.5, 0.9, 0.5, 0.1]), chunks=2),
    ...                 ids=["c", "b", "a", "d"])
    >>> order.compute().tolist(), r.compute().tolist()
    ([1, 2, 0, 3], [2, 1, 2, 4])
    """
    s, merged = _runs(scores, ids, higher_is_better)
    both = dask.delayed(_by_row, pure=True)(merged, tol)
    n = s.shape[0]
    order = da.from_delayed(both[0], shape=(n,), dtype=np.int64)
    return order, _rows_of(both[1], s, np.int64)


def _tiers_of(run: SortedRun, edges: NDArray[np.intp]) -> NDArray[np.intp]:
    """Tier of each row from its position in the merged run (ties by row, as single-process)."""
    out = np.empty(len(run), dtype=np.intp)
    out[run.rows] = np.searchsorted(edges, np.arange(len(run)), side="right")
    return out


def _threshold_block(s: NDArray[np.float64], t: NDArray[np.float64], inclusive: bool) -> Any:
    if s.size == 0:
        return np.zeros(0, dtype=np.intp)
    return tiers_by_thresholds(s, t, inclusive=inclusive)


def tiers(
    scores: Any,
    *,
    thresholds: ArrayLike | None = None,
    inclusive: bool = True,
    counts: ArrayLike | None = None,
    fractions: ArrayLike | None = None,
) -> Any:
    """Tier of every row (0 = top), lazily, as the single-process ``tiers_by_*`` kernels.

    Give one of ``thresholds`` (each block on its own), ``counts`` or
    ``fractions`` (by position in the merged sorted run: ties keep row order).
    A capacity split is a split by ``counts``.

    Examples
    --------
    >>> import dask.array as da
    >>> s = da.from_array(np.array([0.2, 0.9, 0.5, 0.7]), chunks=3)
    >>> tiers(s, counts=[1, 2]).compute().tolist()
    [2, 0, 1, 1]
    >>> tiers(s, thresholds=[0.7, 0.4]).compute().tolist()
    [2, 0, 1, 0]
    """
    given = [v is not None for v in (thresholds, counts, fractions)]
    if sum(given) != 1:
        msg = "give exactly one of thresholds, counts or fractions"
        raise InvalidInputError(msg, field="tiers")
    s = vector(scores, "scores")
    n = int(s.shape[0])
    probe = np.zeros(max(n, 1))  # the kernel's own checks of the split, before any work
    if thresholds is not None:
        tiers_by_thresholds(probe, thresholds)
        t = np.asarray(thresholds, dtype=np.float64)
        if n == 0:
            tiers_by_thresholds(np.zeros(0), t)
        return s.map_blocks(
            _threshold_block, t, inclusive, dtype=np.intp, meta=np.empty(0, np.intp)
        )
    if counts is not None:
        tiers_by_counts(probe, counts)
        edges = np.cumsum(np.asarray(counts, dtype=np.int64)).astype(np.intp)
    else:
        tiers_by_quantiles(probe, fractions if fractions is not None else [])
        f = np.asarray(fractions, dtype=np.float64)
        edges = np.floor(np.cumsum(f) * n + 0.5).astype(np.intp)
    if n == 0:
        tiers_by_counts(np.zeros(0), [0])
    _, merged = _runs(s, None, True)
    full = dask.delayed(_tiers_of, pure=True)(merged, edges)
    return _rows_of(full, s, np.intp)
