"""Missing data (barrier of step 2.3): per-criterion policies, score and rank intervals."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_matrix, criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError, MissingDataError
from clientel.scoring.kernels._scorer import Scorer
from clientel.scoring.kernels._stats import ColumnStats, fit_stats

__all__ = ["Missing", "MissingPolicy", "MissingResult", "score_missing", "score_with_missing"]

Float = NDArray[np.float64]
Ranks = NDArray[np.intp]


class MissingPolicy(enum.Enum):
    """What to do with a missing value of a criterion.

    RAISE (default) refuses; EXCLUDE drops the alternative; NEUTRAL fills the
    mean of the observed values; BOUNDS scores the alternative at the worst and
    at the best plausible value, giving a score interval and a rank interval.
    """

    RAISE = "raise"
    EXCLUDE = "exclude"
    NEUTRAL = "neutral"
    BOUNDS = "bounds"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class MissingResult:
    """Scores with missing data handled.

    Attributes
    ----------
    kept : ndarray of bool
        Alternatives scored (False: excluded by an EXCLUDE policy).
    score, low, high : ndarray
        Point score (missing BOUNDS cells at the observed mean) and the scores
        with every missing BOUNDS cell at its worst and at its best value
        (equal to ``score`` where nothing is missing). Excluded rows hold NaN.
    best_rank, worst_rank : ndarray of int
        The best and worst rank each kept alternative can take, whatever the
        missing values turn out to be (0 for excluded rows).
    """

    __repr__ = short_repr

    kept: NDArray[np.bool_]
    score: Float
    low: Float
    high: Float
    best_rank: Ranks
    worst_rank: Ranks


def _policies(policies: MissingPolicy | Sequence[MissingPolicy], n: int) -> list[MissingPolicy]:
    out = [policies] * n if isinstance(policies, MissingPolicy) else list(policies)
    if len(out) != n or not all(isinstance(p, MissingPolicy) for p in out):
        raise InvalidInputError(f"expected {n} MissingPolicy values", field="policies")
    return out


@attrs.frozen(kw_only=True, eq=False)
class Missing:
    """What :func:`score_missing` found: kept rows, the fitted scorer, scores and intervals.

    ``values`` (NaN where missing), ``scores``, ``low``, ``high``,
    ``best_rank``, ``worst_rank`` and ``contributions`` are of the kept rows;
    ``fill`` is the value a missing cell takes in the point score (the
    observed column mean) and ``bounds`` the (worst, best) plausible raw
    values per criterion (NaN where nothing is missing).
    """

    kept: NDArray[np.bool_]
    values: Float
    scorer: Scorer
    scores: Float
    low: Float
    high: Float
    best_rank: Ranks | None
    worst_rank: Ranks | None
    contributions: Float | None
    fill: Float
    bounds: Float


def _kept_rows(
    X: Float, pol: list[MissingPolicy], names: Sequence[str] | None, row_names: Sequence[str] | None
) -> NDArray[np.bool_]:
    with np.errstate(invalid="ignore", over="ignore"):
        if not np.isnan(np.add.reduce(X, axis=0)).any():  # a NaN cell makes its column sum NaN
            return np.ones(X.shape[0], dtype=bool)
    missing_cols = np.flatnonzero(np.isnan(X).any(axis=0))
    kept = np.ones(X.shape[0], dtype=bool)
    for j in missing_cols.tolist():  # criteria with gaps, not rows
        col = np.isnan(X[:, j])
        if pol[j] is MissingPolicy.RAISE:
            i = int(np.argmax(col))
            row = repr(row_names[i]) if row_names is not None else f"row {i}"
            msg = "missing value and the criterion's policy is RAISE"
            raise MissingDataError(msg, field=f"{row}, {criterion_label(j, names)}")
        if pol[j] is MissingPolicy.EXCLUDE:
            kept &= ~col
    if not kept.any():
        raise InvalidInputError("every alternative was excluded for missing data", field="matrix")
    return kept


def _bounds(stats: Any, bounds: ArrayLike | None, d: NDArray[np.int8], n: int) -> Float:
    lo_b, hi_b = stats.min, stats.max
    if bounds is not None:
        b = np.asarray(bounds, dtype=np.float64)
        if b.shape != (n, 2) or not np.isfinite(b).all() or (b[:, 0] > b[:, 1]).any():
            raise InvalidInputError("expected (n, 2) finite (low, high) bounds", field="bounds")
        lo_b, hi_b = b[:, 0], b[:, 1]
    out: Float = np.column_stack((np.where(d > 0, lo_b, hi_b), np.where(d > 0, hi_b, lo_b)))
    return out


def score_missing(
    X: Float,
    scorer: Scorer,
    policies: MissingPolicy | Sequence[MissingPolicy],
    *,
    bounds: ArrayLike | None = None,
    row_names: Sequence[str] | None = None,
    tol: float = 1e-9,
    contributions: bool = False,
) -> Missing:
    """Fit ``scorer`` and score the rows of ``X`` (NaN = missing) under the policies.

    ``X`` is the caller's own matrix: its missing cells are filled in place
    while scoring and are NaN again on return (no full-size copy is made).

    The statistics (min, max, norms) of a one-stage monotone method are fitted
    on the matrix filled both ways (every complete row counted twice, each row
    with gaps once at the worst and once at the best values), so the low and
    high scores share one scale; other methods fit on the point matrix
    (observed means in the gaps). An alternative's best rank counts the
    others whose *low* score beats its *high* score; its worst rank counts
    those whose *high* score beats its *low* score.
    """
    rec = scorer.record
    names = scorer.names
    n = X.shape[1]
    pol = _policies(policies, n)
    kept = _kept_rows(X, pol, names, row_names)
    P = X if kept.all() else X[kept]
    with np.errstate(invalid="ignore", over="ignore"):
        if not np.isnan(np.add.reduce(P, axis=0)).any():
            return _complete(P, scorer, kept, contributions)
    miss = np.isnan(P)
    gaps = np.flatnonzero(miss.any(axis=1))
    if not gaps.size:
        return _complete(P, scorer, kept, contributions)
    complete = np.ones(P.shape[0], dtype=bool)
    complete[gaps] = False
    rows = P[gaps]  # the rows with gaps (a copy, NaN kept)
    whole = P[complete]  # the complete rows (a copy, fitted once)
    bounded = np.array([p is MissingPolicy.BOUNDS for p in pol]) & miss[gaps].any(axis=0)
    both_ways = bool(bounded.any()) and rec.stages == 1
    base = scorer.fit_partial(whole) if both_ways else fit_stats(whole)
    seen = base if isinstance(base, ColumnStats) else fit_stats(whole)
    stats = seen.merge(fit_stats(rows))  # of the observed cells
    for j in np.flatnonzero(stats.count == 0).tolist():
        raise MissingDataError("no observed value to fill from", field=criterion_label(j, names))
    fill = stats.mean
    ends = _bounds(stats, bounds, scorer.d, n)
    if bounded.any() and not rec.monotone:
        monotone = tuple(sorted(k for k, m in _registry().items() if m.monotone))
        msg = f"BOUNDS intervals need a monotone method, one of {monotone}"
        raise InvalidInputError(msg, field="method", value=rec.name)
    gap = np.isnan(rows)
    low_fill = np.where(gap, np.where(bounded, ends[:, 0], fill), rows)
    high_fill = np.where(gap, np.where(bounded, ends[:, 1], fill), rows)
    cells = np.nonzero(miss)
    P[cells] = fill[cells[1]]
    try:
        if both_ways:  # low and high scores share one scale
            both = base.merge(base).merge(scorer.fit_partial(low_fill))  # type: ignore[arg-type]
            fitted = scorer.finalise(both.merge(scorer.fit_partial(high_fill)))  # type: ignore[arg-type]
        else:
            fitted = scorer.fit(P)
        if contributions:
            scores, contrib = fitted.contributions(P)
        else:
            scores, contrib = fitted.score(P), None
    finally:
        P[cells] = np.nan
    low, high = scores, scores
    if bounded.any():
        low, high = scores.copy(), scores.copy()
        low[gaps], high[gaps] = fitted.score(low_fill), fitted.score(high_fill)
        if not rec.higher_is_better:  # lower is better: express bounds as better/worse scores
            low, high = high, low
    best, worst = _rank_bounds(low, high, tol)
    return Missing(kept=kept, values=P, scorer=fitted, scores=scores, low=low, high=high,
                   best_rank=best, worst_rank=worst, contributions=contrib, fill=fill,
                   bounds=ends)  # fmt: skip


def _complete(
    P: Float,
    scorer: Scorer,
    kept: NDArray[np.bool_],
    contributions: bool,
) -> Missing:
    """No gaps among the kept rows: a plain fit and score."""
    fitted = scorer.fit(P)
    if contributions:
        scores, contrib = fitted.contributions(P)
    else:
        scores, contrib = fitted.score(P), None
    n = P.shape[1]
    return Missing(kept=kept, values=P, scorer=fitted, scores=scores, low=scores, high=scores,
                   best_rank=None, worst_rank=None, contributions=contrib,
                   fill=np.full(n, np.nan), bounds=np.full((n, 2), np.nan))  # fmt: skip


def _registry() -> Any:
    from clientel.scoring.kernels._method import REGISTRY

    return REGISTRY


def _count_above(sorted_values: Float, queries: Float) -> NDArray[np.intp]:
    """For each query, how many values exceed it (queries sorted first: cache-friendly)."""
    order = np.argsort(queries)
    out = np.empty(queries.size, dtype=np.intp)
    out[order] = sorted_values.size - np.searchsorted(sorted_values, queries[order], side="right")
    return out


def _rank_bounds(low: Float, high: Float, tol: float) -> tuple[Ranks, Ranks]:
    scale = tol * np.maximum(1.0, np.abs(high))
    beats_best = _count_above(np.sort(low), high + scale)
    beats_worst = _count_above(np.sort(high), low + scale)
    self_in_worst = (high > low + scale).astype(np.intp)
    return (1 + beats_best).astype(np.intp), (1 + beats_worst - self_in_worst).astype(np.intp)


def score_with_missing(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "weighted_sum",
    *,
    policies: MissingPolicy | Sequence[MissingPolicy] = MissingPolicy.RAISE,
    bounds: ArrayLike | None = None,
    names: Sequence[str] | None = None,
    row_names: Sequence[str] | None = None,
    tol: float = 1e-9,
    **options: Any,
) -> MissingResult:
    """Score a matrix with NaN cells under per-criterion missing-data policies.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        NaN marks a missing value.
    policies : MissingPolicy or sequence of MissingPolicy
        One per criterion (or one for all).
    bounds : array_like, shape (n, 2), optional
        Plausible (low, high) raw value per criterion for BOUNDS; by default the
        observed minimum and maximum of the column.
    method : str
        Any registered method for RAISE, EXCLUDE and NEUTRAL; BOUNDS needs one
        that is monotone in each criterion once fitted (weighted sum, weighted
        product, TOPSIS), so the worst and best fills give exact score bounds.
        Its ``options`` follow.

    Notes
    -----
    See :func:`score_missing`: the statistics of the weighted sum and TOPSIS
    are fitted on the matrix filled both ways, so the low and high scores
    share one scale.

    Examples
    --------
    Two clients known on both criteria, one with an unknown IT budget:

    >>> r = score_with_missing([[0.9, 5.0], [0.2, 1.0], [0.5, float("nan")]],
    ...                        [0.5, 0.5], policies=MissingPolicy.BOUNDS)
    >>> r.low.round(3).tolist(), r.high.round(3).tolist()
    ([1.0, 0.0, 0.214], [1.0, 0.0, 0.714])
    >>> r.best_rank.tolist(), r.worst_rank.tolist()
    ([1, 3, 2], [1, 3, 2])
    """
    X = np.array(as_matrix(matrix, names=names, allow_nan=True))  # our copy: filled in place
    scorer = Scorer(method=method, weights=weights, directions=directions, options=options,
                    names=names)  # fmt: skip
    if tol < 0 or not np.isfinite(tol):
        raise InvalidInputError("tolerance must be finite and >= 0", field="tol", value=tol)
    found = score_missing(X, scorer, policies, bounds=bounds, row_names=row_names, tol=tol)
    m = X.shape[0]
    kept = found.kept
    full = np.full(m, np.nan)
    score, low, high = full.copy(), full.copy(), full.copy()
    score[kept], low[kept], high[kept] = found.scores, found.low, found.high
    best, worst = found.best_rank, found.worst_rank
    if best is None or worst is None:
        best, worst = _rank_bounds(found.low, found.high, tol)
    br = np.zeros(m, dtype=np.intp)
    wr = np.zeros(m, dtype=np.intp)
    br[kept], wr[kept] = best, worst
    return MissingResult(kept=kept, score=score, low=low, high=high, best_rank=br, worst_rank=wr)
