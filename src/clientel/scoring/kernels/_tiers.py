"""Tiers: split ranked alternatives by thresholds, quantiles, counts, natural breaks, capacity.

Every function returns the tier index of each alternative (0 = top tier), so the
caller maps indices to labels such as A/B/C (step 2.3.3).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError

__all__ = [
    "natural_breaks",
    "tiers_by_capacity",
    "tiers_by_counts",
    "tiers_by_quantiles",
    "tiers_by_thresholds",
]

Int = NDArray[np.intp]
Float = NDArray[np.float64]
_MAX_BREAKS_N = 4_000


def _scores(scores: ArrayLike) -> Float:
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim != 1 or s.size == 0:
        raise InvalidInputError("expected a non-empty 1-D array of scores", field="scores")
    if not np.isfinite(s).all():
        raise InvalidInputError("scores must be finite", field="scores")
    return s


def _order(s: Float) -> Int:
    out: Int = np.lexsort((np.arange(s.size), -s)).astype(np.intp)
    return out


def tiers_by_thresholds(scores: ArrayLike, thresholds: ArrayLike, *, inclusive: bool = True) -> Int:
    """Tier by descending lower bounds: tier 0 if ``score >= t[0]``, tier 1 if ``>= t[1]``, ...

    Parameters
    ----------
    thresholds : array_like
        Strictly decreasing lower bounds; alternatives below the last one form
        the last tier (``len(thresholds)``).
    inclusive : bool
        Whether a score equal to a bound belongs to the upper tier (``>=``, the
        default) or the lower one (``>``).

    Examples
    --------
    >>> tiers_by_thresholds([0.9, 0.7, 0.4, 0.1], [0.7, 0.4]).tolist()
    [0, 0, 1, 2]
    >>> tiers_by_thresholds([0.9, 0.7, 0.4, 0.1], [0.7, 0.4], inclusive=False).tolist()
    [0, 1, 2, 2]
    """
    s = _scores(scores)
    t = np.asarray(thresholds, dtype=np.float64)
    if t.ndim != 1 or t.size == 0 or not np.isfinite(t).all():
        raise InvalidInputError("expected finite thresholds", field="thresholds")
    if (np.diff(t) >= 0).any():
        raise InvalidInputError(
            "thresholds must be strictly decreasing", field="thresholds", value=t.tolist()
        )
    asc = t[::-1]
    # how many bounds each score reaches
    passed = np.searchsorted(asc, s, side="right" if inclusive else "left")
    out: Int = (t.size - passed).astype(np.intp)
    return out


def tiers_by_counts(scores: ArrayLike, counts: ArrayLike) -> Int:
    """Top ``counts[0]`` alternatives in tier 0, the next ``counts[1]`` in tier 1, rest last.

    Ties in score keep input order, so the split is deterministic.

    Examples
    --------
    >>> tiers_by_counts([0.2, 0.9, 0.5, 0.7], [1, 2]).tolist()
    [2, 0, 1, 1]
    """
    s = _scores(scores)
    c = np.asarray(counts)
    if c.ndim != 1 or (c < 0).any() or not np.issubdtype(c.dtype, np.integer):
        raise InvalidInputError("expected non-negative whole counts", field="counts")
    edges = np.cumsum(c)
    position = np.empty(s.size, dtype=np.intp)
    position[_order(s)] = np.arange(s.size)
    out: Int = np.searchsorted(edges, position, side="right").astype(np.intp)
    return out


def tiers_by_quantiles(scores: ArrayLike, fractions: ArrayLike) -> Int:
    """Top ``fractions[0]`` share in tier 0, the next share in tier 1, the rest last.

    Counts are ``floor(cumulative fraction * m + 0.5)`` differences, so they sum to at most m.

    Examples
    --------
    >>> tiers_by_quantiles([0.1, 0.2, 0.3, 0.4, 0.5], [0.2, 0.4]).tolist()
    [2, 2, 1, 1, 0]
    """
    s = _scores(scores)
    f = np.asarray(fractions, dtype=np.float64)
    if f.ndim != 1 or (f < 0).any() or f.sum() > 1 + 1e-12:
        raise InvalidInputError(
            "expected non-negative fractions summing to <= 1", field="fractions"
        )
    edges = np.floor(np.cumsum(f) * s.size + 0.5).astype(np.intp)
    counts = np.diff(np.concatenate(([0], edges)))
    return tiers_by_counts(s, counts)


def tiers_by_capacity(scores: ArrayLike, capacities: ArrayLike) -> Int:
    """Fill tiers in rank order up to each tier's capacity; the rest go to the last tier.

    The same as :func:`tiers_by_counts` with capacities as counts; named for the
    service capacity of each tier (e.g. at most 20 A-clients the unit can serve).
    """
    return tiers_by_counts(scores, capacities)


def natural_breaks(values: ArrayLike, classes: int) -> tuple[Int, Float]:
    """Optimal 1-D classification (Fisher-Jenks): minimum within-class sum of squares.

    Parameters
    ----------
    values : array_like, shape (m,)
        Scores to split.
    classes : int
        Number of classes ``k`` (1 <= k <= number of distinct values).

    Returns
    -------
    tiers : ndarray of int
        Class of each value, 0 for the class of the largest values.
    breaks : ndarray
        The ``k - 1`` lower bounds of classes 0..k-2 (descending).

    Notes
    -----
    Exact dynamic programming over the sorted values with prefix sums:
    ``D[c][j] = min_i D[c-1][i] + SSE(i, j)``, vectorised over ``i`` and ``j``
    for each class (memory O(m^2)); ties between equal optima take the
    smallest split index, so the result is deterministic.

    References
    ----------
    Fisher, W. D. (1958). On grouping for maximum homogeneity. *JASA* 53(284), 789-798.
    Jenks, G. F. (1967). The data model concept in statistical mapping.
    *International Yearbook of Cartography* 7, 186-190.

    Examples
    --------
    >>> tiers, breaks = natural_breaks([1, 2, 3, 10, 11, 12, 30], 3)
    >>> tiers.tolist(), breaks.tolist()
    ([2, 2, 2, 1, 1, 1, 0], [30.0, 10.0])
    """
    s = _scores(values)
    m = s.size
    if isinstance(classes, bool) or not isinstance(classes, int | np.integer) or classes < 1:
        raise InvalidInputError("expected a whole number >= 1", field="classes", value=classes)
    if classes > np.unique(s).size:
        msg = f"cannot make {classes} classes from {np.unique(s).size} distinct values"
        raise InvalidInputError(msg, field="classes")
    if m > _MAX_BREAKS_N:
        msg = f"exact natural breaks is O(m^2); at most {_MAX_BREAKS_N} values (use quantiles)"
        raise InvalidInputError(msg, field="values", value=m)
    order = np.argsort(s, kind="stable")
    x = s[order]
    c1 = np.concatenate(([0.0], np.cumsum(x)))
    c2 = np.concatenate(([0.0], np.cumsum(x * x)))
    i = np.arange(m + 1)[:, None]  # start (exclusive prefix index)
    j = np.arange(m + 1)[None, :]  # end
    count = (j - i).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        sse = (c2[j] - c2[i]) - (c1[j] - c1[i]) ** 2 / count
    sse = np.where(j > i, np.maximum(sse, 0.0), np.inf)
    D = sse[0].copy()  # one class over x[0:j]
    back = []
    for _ in range(1, classes):
        total = D[:, None] + sse  # split at i: previous classes over [0, i), new class [i, j)
        arg = np.argmin(total, axis=0)
        D = total[arg, np.arange(m + 1)]
        back.append(arg)
    bounds = [m]
    for arg in reversed(back):
        bounds.append(int(arg[bounds[-1]]))
    starts = sorted(bounds[1:])  # start index of classes 1..k-1 in ascending order
    cls_sorted = np.searchsorted(np.asarray(starts), np.arange(m), side="right")
    tiers = np.empty(m, dtype=np.intp)
    tiers[order] = (classes - 1) - cls_sorted
    breaks = np.asarray([x[b] for b in reversed(starts)], dtype=np.float64)
    return tiers, breaks
