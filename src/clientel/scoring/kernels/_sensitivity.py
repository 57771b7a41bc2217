"""Sensitivity of a ranking to its weights: weight-stability intervals.

Rank acceptability (SMAA) is in :mod:`clientel.scoring.kernels._acceptability`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_directions, as_matrix, as_weights
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._method import lookup
from clientel.scoring.kernels._scorer import Scorer

__all__ = ["WeightInterval", "weight_stability"]

Float = NDArray[np.float64]


@attrs.frozen(kw_only=True)
class WeightInterval:
    """How far one criterion's weight can move (others rescaled) before the result changes.

    ``low`` and ``high`` bound the weight (0..1) within which the top-k set stays
    the same as at the given weights; ``current`` is the given weight.
    """

    criterion: str
    current: float
    low: float
    high: float


def _top_set(scores: Float, k: int, higher: bool) -> frozenset[int]:
    key = -scores if higher else scores
    order = np.lexsort((np.arange(scores.size), key))
    return frozenset(int(i) for i in order[:k])


_PAIR_BLOCK = 1 << 20  # at most this many (inside, outside) pairs at a time


def _exact_interval(U: Float, w: Float, j: int, top_k: int) -> tuple[float, float]:
    """Exact interval for a linear method: every score is ``b_i + t * s_i`` in ``t = w_j``."""
    m, n = U.shape
    rest = 1.0 - w[j]
    # with all weight on j, the others share 1 - t equally (as in the grid search)
    b = (U @ w - w[j] * U[:, j]) / rest if rest > 0 else (U.sum(axis=1) - U[:, j]) / max(n - 1, 1)
    slope = U[:, j] - b
    top = np.lexsort((np.arange(m), -(b + w[j] * slope)))[:top_k]
    inside = np.zeros(m, dtype=bool)
    inside[top] = True
    b_in, s_in = b[inside], slope[inside]
    b_out, s_out = b[~inside], slope[~inside]
    low, high = 0.0, 1.0
    step = max(1, _PAIR_BLOCK // max(b_out.size, 1))
    for start in range(0, b_in.size, step):  # blocks of inside alternatives, not rows
        alpha = b_in[start : start + step, None] - b_out[None, :]
        beta = s_in[start : start + step, None] - s_out[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = -alpha / beta
        rising, falling = beta > 0, beta < 0
        if rising.any():
            low = max(low, float(np.minimum(cross[rising], w[j]).max()))
        if falling.any():
            high = min(high, float(np.maximum(cross[falling], w[j]).min()))
    return low, high


def _grid_edge(
    top_at: Callable[[float], frozenset[int]], current: float, steps: Float, end: float, tol: float
) -> float:
    """The last weight, walking ``steps`` away from ``current``, with the top set unchanged.

    The first grid step that changes the set is refined by bisection to ``tol``;
    ``end`` (0 or 1) when no step changes it.
    """
    base = top_at(current)
    inside = current
    for t in steps:
        outside = float(t)
        if top_at(outside) != base:
            while abs(outside - inside) > tol:
                mid = 0.5 * (inside + outside)
                if top_at(mid) == base:
                    inside = mid
                else:
                    outside = mid
            return inside
        inside = outside
    return end


def weight_stability(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    method: str = "weighted_sum",
    *,
    top_k: int = 1,
    names: Sequence[str] | None = None,
    grid: int = 200,
    tol: float = 1e-6,
    **options: Any,
) -> tuple[WeightInterval, ...]:
    """For each criterion, the weight interval over which the top-``k`` set is unchanged.

    The weight of criterion j is set to ``t`` and the others are rescaled to
    share ``1 - t`` in their original proportions (step 2.3.3: how robust is the
    priority list to the weights agreed in the workshop?).

    .. versionchanged:: 0.2.0
       Takes the method's options; exact for a linear method where lower is
       better (SPOTIS).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite.
    weights : array_like, shape (n,)
        Non-negative criterion weights (normalised to sum to 1).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    method : str
        A registered method (weighted sum by default).
    top_k : int
        The size of the top set that must not change (1 <= top_k < m).
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.
    grid : int
        Grid steps for the methods not linear in the weights.
    tol : float
        Bisection tolerance for those methods.
    **options
        The method's options (e.g. SPOTIS's ``bounds``, PROMETHEE II's
        ``preference``).

    Returns
    -------
    tuple of WeightInterval
        One per criterion: the lowest and highest weight keeping the top set.

    Raises
    ------
    InvalidInputError
        ``top_k`` outside [1, m), or bad inputs (named).

    Notes
    -----
    For the weighted sum, the weighted product (log score) and PROMETHEE II the
    score is linear in the weights, ``score_i(t) = b_i + t s_i``, so the interval
    is exact: its ends are the weights at which an alternative outside the
    top-k set ties one inside (``t* = -(b_a - b_b) / (s_a - s_b)``), computed
    for all such pairs at once. For TOPSIS and VIKOR (not linear in the
    weights) the interval containing the current weight is found on a grid of
    ``grid`` steps and refined by bisection to ``tol`` (rounded to 6 decimals);
    a change and change back between two grid points can be missed there.

    Examples
    --------
    Three clients, strong on one criterion or balanced; the balanced one stays
    first while either weight lies between 3/7 and 4/7:

    >>> X = [[9.0, 2.0], [6.0, 6.0], [2.0, 9.0]]
    >>> [(round(iv.low, 9), round(iv.high, 9)) for iv in weight_stability(X, [0.5, 0.5])]
    [(0.428571429, 0.571428571), (0.428571429, 0.571428571)]
    """
    X = as_matrix(matrix, names=names, min_rows=2)
    n = X.shape[1]
    w = as_weights(weights, n, names=names)
    d = as_directions(directions, n)
    if not 1 <= top_k < X.shape[0]:
        raise InvalidInputError("expected 1 <= top_k < alternatives", field="top_k", value=top_k)
    rec = lookup(method)
    scorer = Scorer(method=method, weights=w, directions=d, options=options, names=names).fit(X)
    labels = list(names) if names is not None else [str(j) for j in range(n)]

    def top_at(j: int, t: float) -> frozenset[int]:
        rest = 1.0 - w[j]
        others = w * ((1.0 - t) / rest) if rest > 0 else np.full(n, (1.0 - t) / max(n - 1, 1))
        wt = others.copy()
        wt[j] = t
        if wt.sum() <= 0:
            wt = np.full(n, 1.0 / n)
        moved = Scorer(method=method, weights=wt, directions=d, options=options, names=names)
        moved = attrs.evolve(moved, state=scorer.state) if rec.stages <= 1 else moved.fit(X)
        return _top_set(rec.score(X, moved), top_k, rec.higher_is_better)

    out = []
    if rec.linear and rec.unit is not None:
        U = rec.unit(X, scorer)
        if not rec.higher_is_better:  # lower is better (SPOTIS): negated, higher is better
            U = -U
        for j in range(n):
            low, high = _exact_interval(U, w, j, top_k)
            out.append(WeightInterval(criterion=labels[j], current=float(w[j]), low=low, high=high))
        return tuple(out)
    ts = np.linspace(0.0, 1.0, grid + 1)
    for j in range(n):
        at_j = functools.partial(top_at, j)
        low = _grid_edge(at_j, float(w[j]), ts[ts < w[j]][::-1], 0.0, tol)
        high = _grid_edge(at_j, float(w[j]), ts[ts > w[j]], 1.0, tol)
        out.append(
            WeightInterval(
                criterion=labels[j], current=float(w[j]), low=round(low, 6), high=round(high, 6)
            )
        )
    return tuple(out)
