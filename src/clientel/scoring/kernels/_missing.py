"""Missing data (barrier of step 2.3): per-criterion policies, score and rank intervals."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_matrix, criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError, MissingDataError
from clientel.scoring.kernels._scorer import Scorer
from clientel.scoring.kernels._stats import ColumnStats, fit_stats

__all__ = [
    "Missing",
    "MissingPolicy",
    "MissingResult",
    "rank_intervals",
    "score_missing",
    "score_with_missing",
]

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

    ``values`` (NaN where missing), ``scores``, ``low``, ``high`` and
    ``contributions`` are of the kept rows; ``varying`` lists the rows whose
    low and high scores differ (None when no value is missing at all, so the
    rank intervals are the ranks; see :func:`rank_intervals`);
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
    varying: NDArray[np.intp] | None
    contributions: Float | None
    fill: Float
    bounds: Float


def _kept_rows(
    X: Float,
    total: float,
    pol: list[MissingPolicy],
    names: Sequence[str] | None,
    row_names: Sequence[str] | None,
) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """Rows kept by the policies, and the criteria with gaps among them (``total``: X's sum)."""
    kept = np.ones(X.shape[0], dtype=bool)
    with np.errstate(invalid="ignore", over="ignore"):
        if not np.isnan(total):  # a NaN cell makes the sum NaN (so may inf - inf)
            return kept, np.zeros(0, dtype=np.intp)
        suspects = np.flatnonzero(np.isnan(np.add.reduce(X, axis=0)))  # by criterion
    gaps = []
    for j in suspects.tolist():  # criteria with gaps (or with inf and -inf), not rows
        col = np.isnan(X[:, j])
        if not col.any():
            continue  # inf + -inf, no gap: the method names the infinite value
        gaps.append(j)
        if pol[j] is MissingPolicy.RAISE:
            i = int(np.argmax(col))
            row = repr(row_names[i]) if row_names is not None else f"row {i}"
            msg = "missing value and the criterion's policy is RAISE"
            raise MissingDataError(msg, field=f"{row}, {criterion_label(j, names)}")
        if pol[j] is MissingPolicy.EXCLUDE:
            kept &= ~col
    if not kept.any():
        raise InvalidInputError("every alternative was excluded for missing data", field="matrix")
    left = [j for j in gaps if pol[j] is not MissingPolicy.EXCLUDE]
    return kept, np.array(left, dtype=np.intp)


def _bounds(
    stats: Any, bounds: ArrayLike | None, d: NDArray[np.int8], cols: NDArray[np.intp], n: int
) -> Float:
    """(worst, best) plausible raw values of the criteria ``cols``: given, or observed."""
    lo_b, hi_b = stats.min, stats.max
    if bounds is not None:
        b = np.asarray(bounds, dtype=np.float64)
        if b.shape != (n, 2) or not np.isfinite(b).all() or (b[:, 0] > b[:, 1]).any():
            raise InvalidInputError("expected (n, 2) finite (low, high) bounds", field="bounds")
        lo_b, hi_b = b[cols, 0], b[cols, 1]
    dc = d[cols]
    out: Float = np.column_stack((np.where(dc > 0, lo_b, hi_b), np.where(dc > 0, hi_b, lo_b)))
    return out


def _within_stated(
    P: Float,
    ends: Float,
    cols: NDArray[np.intp],
    scorer: Scorer,
    kept: NDArray[np.bool_],
    row_names: Sequence[str] | None,
) -> None:
    """Before the gaps of the criteria ``cols`` are filled, refuse an observed value of those
    criteria beyond the method's own stated bounds (SPOTIS), named by its row's name, and then
    a plausible range of their missing values (``ends``) beyond them, named by criterion: an
    out-of-bounds value explains an out-of-bounds range. The other criteria's values are
    checked by the method as it scores (its errors renamed by :func:`_name_row`)."""
    stated = scorer.options.get("bounds")
    if stated is None:
        return
    b = np.asarray(stated, dtype=np.float64)
    if b.shape != (P.shape[1], 2):  # pragma: no cover - a registered method's own option
        return
    sub = P[:, cols]
    with np.errstate(invalid="ignore"):
        outside = ((b[cols, 0] > sub) | (b[cols, 1] < sub)) & np.isfinite(sub)
    if outside.any():
        i, c = (int(v) for v in np.argwhere(outside)[0])
        j = int(cols[c])
        k = int(np.flatnonzero(kept)[i])
        row = repr(row_names[k]) if row_names is not None else f"row {k}"
        msg = f"value outside the stated bounds {tuple(b[j].tolist())}"
        raise InvalidInputError(msg, field=f"{row}, {criterion_label(j, scorer.names)}",
                                value=float(P[i, j]))  # fmt: skip
    for j in cols.tolist():
        lo, hi = float(ends[j].min()), float(ends[j].max())
        if lo < b[j, 0] or hi > b[j, 1]:
            msg = (f"the plausible range of missing values {(lo, hi)} is outside the "
                   f"method's stated bounds {tuple(b[j].tolist())}")  # fmt: skip
            raise InvalidInputError(msg, field=f"bounds of {criterion_label(j, scorer.names)}")


_ROW = re.compile(r"row (\d+)(, .*)?")


def _name_row(
    exc: InvalidInputError, kept: NDArray[np.bool_], row_names: Sequence[str] | None
) -> None:
    """Name the row of an error raised on the kept rows (``"row 3, criterion 'a'"``) by its
    row name, as the missing-data errors do; the error is changed in place, then re-raised."""
    found = _ROW.fullmatch(exc.field or "") if row_names is not None else None
    rows = np.flatnonzero(kept)
    if found is None or row_names is None or int(found.group(1)) >= rows.size:
        return
    field = repr(row_names[int(rows[int(found.group(1))])]) + (found.group(2) or "")
    text = str(exc)
    exc.args = (field + text[len(exc.field or "") :],)
    exc.field = field


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
    with np.errstate(invalid="ignore", over="ignore"):
        total = float(X.sum())
    kept, cols = _kept_rows(X, total, pol, names, row_names)
    P = X if kept.all() else X[kept]
    if not cols.size:
        try:  # a finite sum: every cell is finite, no need to look again before scoring
            return _complete(P, scorer, kept, contributions, finite=math.isfinite(total))
        except InvalidInputError as exc:
            _name_row(exc, kept, row_names)
            raise
    miss = np.isnan(P[:, cols])
    gaps = np.flatnonzero(miss.any(axis=1))
    seen = fit_stats(P[:, cols])  # observed cells of those criteria (one column each)
    for j in cols[seen.count == 0].tolist():
        raise MissingDataError("no observed value to fill from", field=criterion_label(j, names))
    fill, ends = np.full(n, np.nan), np.full((n, 2), np.nan)
    fill[cols] = seen.mean
    ends[cols] = _bounds(seen, bounds, scorer.d, cols, n)
    _within_stated(P, ends, cols, scorer, kept, row_names)
    bounded = np.array([pol[j] is MissingPolicy.BOUNDS for j in cols.tolist()])
    if bounded.any() and not rec.monotone:
        monotone = tuple(sorted(k for k, m in _registry().items() if m.monotone))
        msg = f"BOUNDS intervals need a monotone method, one of {monotone}"
        raise InvalidInputError(msg, field="method", value=rec.name)
    r, c = np.nonzero(miss)
    cells = (r, cols[c])  # the missing cells of P
    lows = np.where(bounded, ends[cols, 0], fill[cols])[c]
    highs = np.where(bounded, ends[cols, 1], fill[cols])[c]
    try:
        if bounded.any() and rec.stages == 1:  # low and high scores share one scale:
            P[cells] = lows  # fitted on the matrix filled both ways
            low_stats = scorer.fit_partial(P)
            P[cells] = highs  # only the criteria with gaps differ: fit those again
            high_stats: Any
            if isinstance(low_stats, ColumnStats):
                inverse = low_stats.sum_inv is not None
                high_stats = _splice(low_stats, cols, fit_stats(P[:, cols], inverse=inverse))
            else:  # pragma: no cover - every one-stage monotone method fits ColumnStats
                high_stats = scorer.fit_partial(P)
            fitted = scorer.finalise(low_stats.merge(high_stats))
            P[cells] = fill[cells[1]]
        else:
            P[cells] = fill[cells[1]]
            fitted = scorer.fit(P)
        if contributions:
            scores, contrib = fitted.contributions(P)
        else:
            scores, contrib = fitted.score(P), None
        low, high = scores, scores
        if bounded.any():
            rows = P[gaps]
            at = (np.searchsorted(gaps, r), cols[c])  # the cells within those rows
            rows[at] = lows
            low = scores.copy()
            low[gaps] = fitted.score(rows)
            rows[at] = highs
            high = scores.copy()
            high[gaps] = fitted.score(rows)
            if not rec.higher_is_better:  # lower is better: express bounds as better/worse
                low, high = high, low
    except InvalidInputError as exc:
        _name_row(exc, kept, row_names)  # an observed value the method refused, by row name
        raise
    finally:
        P[cells] = np.nan
    varying = gaps if bounded.any() else np.zeros(0, dtype=np.intp)
    return Missing(kept=kept, values=P, scorer=fitted, scores=scores, low=low, high=high,
                   varying=varying, contributions=contrib, fill=fill, bounds=ends)  # fmt: skip


def _complete(
    P: Float,
    scorer: Scorer,
    kept: NDArray[np.bool_],
    contributions: bool,
    *,
    finite: bool = False,
) -> Missing:
    """No gaps among the kept rows: a plain fit and score (``finite``: every cell is)."""
    fitted = scorer.fit(P)
    if contributions:
        scores, contrib = fitted._contributions(P) if finite else fitted.contributions(P)
    else:
        scores, contrib = fitted.score(P), None
    n = P.shape[1]
    return Missing(kept=kept, values=P, scorer=fitted, scores=scores, low=scores, high=scores,
                   varying=None, contributions=contrib,
                   fill=np.full(n, np.nan), bounds=np.full((n, 2), np.nan))  # fmt: skip


def _splice(stats: ColumnStats, cols: NDArray[np.intp], part: ColumnStats) -> ColumnStats:
    """``stats`` with the columns ``cols`` replaced by those of ``part`` (fitted on them alone)."""
    fields: dict[str, Any] = {"n": stats.n}
    for name in ("count", "min", "max", "sum", "sumsq", "sum_inv", "sum_low", "sumsq_low",
                 "sum_inv_low"):  # fmt: skip
        mine, theirs = getattr(stats, name), getattr(part, name)
        if mine is None or (theirs is None and name == "sum_inv"):
            fields[name] = None if name == "sum_inv" or mine is None else mine
            continue
        out = np.array(mine)
        out[cols] = 0.0 if theirs is None else theirs
        fields[name] = out
    return ColumnStats(**fields)


def _registry() -> Any:
    from clientel.scoring.kernels._method import REGISTRY

    return REGISTRY


def _above(sorted_values: Float, queries: Float, presorted: bool = False) -> NDArray[np.intp]:
    """For each query, how many values exceed it (queries sorted first: cache-friendly)."""
    if presorted:
        out: NDArray[np.intp] = sorted_values.size - np.searchsorted(
            sorted_values, queries, side="right"
        )
        return out
    order = np.argsort(queries)
    out = np.empty(queries.size, dtype=np.intp)
    out[order] = sorted_values.size - np.searchsorted(sorted_values, queries[order], side="right")
    return out


def rank_intervals(
    found: Missing, tol: float, order: NDArray[np.intp] | None = None
) -> tuple[Ranks, Ranks] | None:
    """Best and worst ranks of the kept rows as their missing values fall (None: no gaps).

    An alternative's best rank counts the others whose *low* score beats its
    *high* score by more than the tolerance; its worst rank counts those whose
    *high* score beats its *low* score. ``order`` (rows best to worst, from the
    ranking) spares a sort of the rows whose low and high scores agree.
    """
    if found.varying is None:
        return None
    return _rank_bounds(*_better(found), tol, found.varying, order)


def _better(found: Missing) -> tuple[Float, Float]:
    """The low and high scores as higher-is-better ones: negated and swapped where lower is
    better (SPOTIS), so the worst case comes first; the order, best first, is unchanged."""
    if found.scorer.record.higher_is_better:
        return found.low, found.high
    return -found.high, -found.low


def _rank_bounds(
    low: Float,
    high: Float,
    tol: float,
    varying: NDArray[np.intp],
    order: NDArray[np.intp] | None = None,
    higher_is_better: bool = True,
) -> tuple[Ranks, Ranks]:
    scale = tol * np.maximum(1.0, np.abs(high))
    same = np.ones(low.size, dtype=bool)
    same[varying] = False
    if order is None:
        rows = np.flatnonzero(same)
        ascending = rows[np.argsort(low[rows])]
    else:  # the ranking's order, reversed where higher is better, without the varying rows
        ascending = order[::-1] if higher_is_better else order
        ascending = ascending[same[ascending]]
    flat = low[ascending]  # ascending; their queries below are ascending too
    lows, highs = np.sort(low[varying]), np.sort(high[varying])
    beats_best = np.empty(low.size, dtype=np.intp)
    beats_worst = np.empty(low.size, dtype=np.intp)
    q = flat + scale[ascending]
    among_same = _above(flat, q, presorted=True)
    beats_best[ascending] = among_same + _above(lows, q, presorted=True)
    beats_worst[ascending] = among_same + _above(highs, q, presorted=True)
    qb, qw = high[varying] + scale[varying], low[varying] + scale[varying]
    beats_best[varying] = _above(flat, qb) + _above(lows, qb)
    beats_worst[varying] = _above(flat, qw) + _above(highs, qw)
    self_in_worst = (high > low + scale).astype(np.intp)
    return (1 + beats_best).astype(np.intp), (1 + beats_worst - self_in_worst).astype(np.intp)


def _method_options(
    method: str, options: Mapping[str, Any] | None, keywords: Mapping[str, Any], bounds: Any
) -> dict[str, Any]:
    """The method's options from the mapping and the keywords, each given once."""
    mapping: object = options  # checked at run time too: callers may not be type-checked
    if mapping is not None and not isinstance(mapping, Mapping):
        msg = f"expected a mapping of option names to values, got {type(mapping).__name__}"
        raise InvalidInputError(msg, field="options")
    given = dict(options or {})
    for key in sorted(keywords):
        if key in given:
            msg = "given both in options= and as a keyword"
            raise InvalidInputError(msg, field="options", value=key)
    given.update(keywords)
    rec = _registry().get(method)
    stated = rec is not None and "bounds" in rec.defaults  # SPOTIS's option of that name
    if stated and "bounds" not in given and bounds is not None:
        msg = (f"{method}'s stated bounds go in options={{'bounds': ...}}; bounds= is the "
               "plausible range of missing values")  # fmt: skip
        raise InvalidInputError(msg, field="options", value="bounds")
    return given


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
    options: Mapping[str, Any] | None = None,
    **keywords: Any,
) -> MissingResult:
    """Score a matrix with NaN cells under per-criterion missing-data policies.

    .. versionchanged:: 0.2.0
       ``options=`` passes the method's options as a mapping, so an option
       named like an argument of this function (SPOTIS's ``bounds``) reaches
       the method.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        NaN marks a missing value.
    weights : array_like, shape (n,)
        Non-negative criterion weights (normalised to sum to 1).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    method : str
        Any registered score method for RAISE, EXCLUDE and NEUTRAL; BOUNDS
        needs one that is monotone in each criterion once fitted (e.g. the
        weighted sum, weighted product, TOPSIS, SPOTIS), so the worst and best
        fills give exact score bounds.
    policies : MissingPolicy or sequence of MissingPolicy
        One per criterion (or one for all).
    bounds : array_like, shape (n, 2), optional
        Plausible (low, high) raw value per criterion for BOUNDS; by default the
        observed minimum and maximum of the column. Not the method's option of
        the same name: SPOTIS's stated bounds go in ``options``.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.
    row_names : sequence of str, optional
        Alternative names, used to name the row at fault in an error.
    tol : float
        Scores within this are tied.
    options : mapping of str to object, optional
        The method's options, e.g. ``{"bounds": [(0, 10), (0, 5)]}`` for
        SPOTIS or ``{"normalisation": "none"}`` for the weighted sum
        (the ``defaults`` of its :class:`clientel.scoring.kernels.Method`
        record list them).
    **keywords
        More options of the method, e.g. ``v=0.3`` for VIKOR (one not named
        like an argument of this function).

    Returns
    -------
    MissingResult
        Low and high scores, best and worst ranks of every alternative.

    Raises
    ------
    InvalidInputError
        A bad tolerance, bounds or inputs (named); an option given both in
        ``options`` and as a keyword, or ``bounds=`` without ``options`` for
        SPOTIS (``field="options"``); an option the method does not take.
    MissingDataError
        A missing value of a criterion whose policy is RAISE.

    Notes
    -----
    The statistics of the weighted sum and TOPSIS are fitted on the matrix
    filled both ways, so the low and high scores
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

    SPOTIS takes its stated bounds in ``options``; ``bounds=`` stays the
    plausible range of the unknown budget (here narrower than the stated one).
    The third client's distance is ``0.5 * 0.5 / 1 + 0.5 * (10 - x) / 10``:
    0.6 at the observed mean 3, from 0.45 (x = 6) to 0.65 (x = 2); lower is
    better:

    >>> r = score_with_missing([[0.9, 5.0], [0.2, 1.0], [0.5, float("nan")]],
    ...                        [0.5, 0.5], method="spotis", policies=MissingPolicy.BOUNDS,
    ...                        options={"bounds": [(0, 1), (0, 10)]},
    ...                        bounds=[(0, 1), (2, 6)])
    >>> r.score.round(3).tolist(), r.low.round(3).tolist(), r.high.round(3).tolist()
    ([0.3, 0.85, 0.6], [0.3, 0.85, 0.45], [0.3, 0.85, 0.65])
    """
    X = np.array(as_matrix(matrix, names=names, allow_nan=True))  # our copy: filled in place
    given = _method_options(method, options, keywords, bounds)
    scorer = Scorer(method=method, weights=weights, directions=directions, options=given,
                    names=names)  # fmt: skip
    if tol < 0 or not np.isfinite(tol):
        raise InvalidInputError("tolerance must be finite and >= 0", field="tol", value=tol)
    found = score_missing(X, scorer, policies, bounds=bounds, row_names=row_names, tol=tol)
    m = X.shape[0]
    kept = found.kept
    full = np.full(m, np.nan)
    score, low, high = full.copy(), full.copy(), full.copy()
    score[kept], low[kept], high[kept] = found.scores, found.low, found.high
    intervals = rank_intervals(found, tol)
    if intervals is None:
        intervals = _rank_bounds(*_better(found), tol, np.zeros(0, dtype=np.intp))
    best, worst = intervals
    br = np.zeros(m, dtype=np.intp)
    wr = np.zeros(m, dtype=np.intp)
    br[kept], wr[kept] = best, worst
    return MissingResult(kept=kept, score=score, low=low, high=high, best_rank=br, worst_rank=wr)
