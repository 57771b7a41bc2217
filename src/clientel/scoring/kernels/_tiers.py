"""Tiers: split ranked alternatives by thresholds, quantiles, counts, natural breaks, capacity.

Every function returns the tier index of each alternative (0 = top tier), so the
caller maps indices to labels such as A/B/C (step 2.3.3).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, as_ints
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
_MAX_BREAKS_N = 50_000_000


def _scores(scores: ArrayLike) -> Float:
    s = as_floats(scores, "scores")
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
    scores : array_like, shape (m,)
        Higher is better.
    thresholds : array_like
        Strictly decreasing lower bounds; alternatives below the last one form
        the last tier (``len(thresholds)``).
    inclusive : bool
        Whether a score equal to a bound belongs to the upper tier (``>=``, the
        default) or the lower one (``>``).

    Returns
    -------
    numpy.ndarray of int, shape (m,)
        Each alternative's tier, 0 the best (step 2.3.3).

    Raises
    ------
    InvalidInputError
        Thresholds that are not finite or not strictly decreasing, or scores that
        are not a non-empty 1-D array of finite numbers.

    Examples
    --------
    >>> tiers_by_thresholds([0.9, 0.7, 0.4, 0.1], [0.7, 0.4]).tolist()
    [0, 0, 1, 2]
    >>> tiers_by_thresholds([0.9, 0.7, 0.4, 0.1], [0.7, 0.4], inclusive=False).tolist()
    [0, 1, 2, 2]
    """
    s = _scores(scores)
    t = as_floats(thresholds, "thresholds")
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

    Parameters
    ----------
    scores : array_like, shape (m,)
        Higher is better.
    counts : array_like of int
        How many alternatives go in each tier but the last.

    Returns
    -------
    numpy.ndarray of int, shape (m,)
        Each alternative's tier, 0 the best (step 2.3.3).

    Raises
    ------
    InvalidInputError
        Counts that are not non-negative whole numbers, or scores that
        are not a non-empty 1-D array of finite numbers.

    Examples
    --------
    >>> tiers_by_counts([0.2, 0.9, 0.5, 0.7], [1, 2]).tolist()
    [2, 0, 1, 1]
    """
    s = _scores(scores)
    c = as_ints(counts, "counts")
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

    Parameters
    ----------
    scores : array_like, shape (m,)
        Higher is better.
    fractions : array_like
        The share of alternatives in each tier but the last (summing to at most 1).

    Returns
    -------
    numpy.ndarray of int, shape (m,)
        Each alternative's tier, 0 the best (step 2.3.3).

    Raises
    ------
    InvalidInputError
        Fractions that are negative or sum to more than 1, or scores that
        are not a non-empty 1-D array of finite numbers.

    Examples
    --------
    >>> tiers_by_quantiles([0.1, 0.2, 0.3, 0.4, 0.5], [0.2, 0.4]).tolist()
    [2, 2, 1, 1, 0]
    """
    s = _scores(scores)
    f = as_floats(fractions, "fractions")
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

    Parameters
    ----------
    scores : array_like, shape (m,)
        Higher is better.
    capacities : array_like of int
        How many alternatives each tier but the last can take.

    Returns
    -------
    numpy.ndarray of int, shape (m,)
        Each alternative's tier, 0 the best (step 2.3.3).

    Raises
    ------
    InvalidInputError
        Capacities that are not non-negative whole numbers, or scores that
        are not a non-empty 1-D array of finite numbers.

    Examples
    --------
    The unit serves one A-client and two B-clients:

    >>> tiers_by_capacity([0.2, 0.9, 0.5, 0.7], [1, 2]).tolist()
    [2, 0, 1, 1]
    """
    return tiers_by_counts(scores, capacities)


def _best_splits(E: Float, c1: Float, c2: Float, first: int, low: int) -> tuple[Float, Int]:
    """One layer of the natural-breaks recursion, by divide and conquer over the columns.

    For every end ``j`` in ``[first, m]`` (``m = c1.size - 1``) finds the leftmost
    ``i`` in ``[low, j)`` minimising ``E[i] - (c1[j] - c1[i])**2 / (j - i)`` and
    returns ``D[j] = that minimum + c2[j]`` with the argmin. The argmin is
    nondecreasing in ``j`` (the squared-error cost satisfies the quadrangle
    inequality), so each column's search is confined between the argmins of its
    neighbours already found; all the columns of one level of the recursion are
    searched together in flat arrays, which cost O(m) per level and O(m log m) in
    all, with O(m) memory.
    """
    m1 = c1.size
    D = np.full(m1, np.inf)
    arg = np.zeros(m1, dtype=np.intp)
    a = np.array([first], dtype=np.intp)  # column interval [a, b] of each open node
    b = np.array([m1 - 1], dtype=np.intp)
    lo = np.array([low], dtype=np.intp)  # candidate interval [lo, hi] of each node
    hi = np.array([m1 - 2], dtype=np.intp)
    while a.size:
        mid = (a + b) >> 1
        cnt = np.minimum(hi, mid - 1) - lo + 1  # >= 1: lo < a <= mid throughout
        ends = np.cumsum(cnt)
        starts = ends - cnt
        i = np.arange(ends[-1], dtype=np.intp) - np.repeat(starts - lo, cnt)
        s1 = np.repeat(c1[mid], cnt) - c1[i]
        cost = E[i] - s1 * s1 / (np.repeat(mid, cnt) - i)
        low_cost = np.minimum.reduceat(cost, starts)
        hits = np.flatnonzero(cost == np.repeat(low_cost, cnt))
        best = i[hits[np.searchsorted(hits, starts)]]  # leftmost minimum of each node
        D[mid] = low_cost + c2[mid]
        arg[mid] = best
        left, right = a < mid, mid < b
        a, b, lo, hi = (
            np.concatenate((a[left], mid[right] + 1)),
            np.concatenate((mid[left] - 1, b[right])),
            np.concatenate((lo[left], best[right])),
            np.concatenate((best[left], hi[right])),
        )
    return D, arg


def natural_breaks(values: ArrayLike, classes: int) -> tuple[Int, Float]:
    """Optimal 1-D classification (Fisher-Jenks): minimum within-class sum of squares.

    Parameters
    ----------
    values : array_like, shape (m,)
        Scores to split; at most 50,000,000 of them.
    classes : int
        Number of classes ``k`` (1 <= k <= number of distinct values).

    Returns
    -------
    tiers : ndarray of int
        Class of each value, 0 for the class of the largest values.
    breaks : ndarray
        The ``k - 1`` lower bounds of classes 0..k-2 (descending).

    Raises
    ------
    InvalidInputError
        Values not finite or more than the limit; ``classes`` not a whole number
        between 1 and the number of distinct values.

    Notes
    -----
    Exact dynamic programming over the sorted values ``x`` with prefix sums
    (Wang and Song 2011): ``D[c][j] = min_i D[c-1][i] + SSE(x[i:j])``. The
    optimal split ``i`` of a prefix is nondecreasing in ``j`` because the
    squared-error cost obeys the quadrangle inequality, so each layer is solved
    by divide and conquer over ``j`` (each level of the recursion vectorised in
    numpy): O(k m log m) time and O(k m) memory (the split indices of each
    layer, about ``8 (k + 6)`` bytes per value), where the former version needed
    O(m^2) memory. Values are shifted by their median before the prefix sums,
    which keeps the sums of squares accurate (values beyond 2**500 in size are first
    scaled by a power of two, which changes no split). Ties between equal optima take the
    smallest split index (the leftmost minimum is monotone too, so the
    restricted search finds the same one as a full scan), so the result is
    deterministic.

    References
    ----------
    Fisher, W. D. (1958). On grouping for maximum homogeneity. *JASA* 53(284), 789-798.
    Jenks, G. F. (1967). The data model concept in statistical mapping.
    *International Yearbook of Cartography* 7, 186-190.
    Wang, H. and Song, M. (2011). Ckmeans.1d.dp: optimal k-means clustering in one
    dimension by dynamic programming. *The R Journal* 3(2), 29-33.

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
    if m > _MAX_BREAKS_N:
        msg = f"at most {_MAX_BREAKS_N} values for natural breaks (use quantiles)"
        raise InvalidInputError(msg, field="values", value=m)
    order = np.argsort(s, kind="stable")
    x = s[order]
    distinct = 1 + int(np.count_nonzero(x[1:] != x[:-1]))
    if classes > distinct:
        msg = f"cannot make {classes} classes from {distinct} distinct values"
        raise InvalidInputError(msg, field="classes")
    top = max(abs(float(x[0])), abs(float(x[-1])))
    # beyond 2**500, scale by a power of two (exact): differences and squares stay finite
    x_scaled = x * 2.0 ** -int(np.frexp(top)[1]) if top > 2.0**500 else x
    z = x_scaled - x_scaled[m // 2]  # the squared errors do not change; the sums stay small
    c1 = np.concatenate(([0.0], np.cumsum(z)))
    c2 = np.concatenate(([0.0], np.cumsum(z * z)))
    with np.errstate(divide="ignore", invalid="ignore"):
        D = c2 - c1 * c1 / np.arange(m + 1)  # one class over x[0:j]
    D[0] = np.inf
    back = []
    for c in range(1, classes):  # c classes over x[0:i], the next one over x[i:j]
        first = m if c == classes - 1 else c + 1  # the last layer needs only j = m
        D, arg = _best_splits(D - c2, c1, c2, first, c)
        back.append(arg)
    bounds = [m]
    for arg in reversed(back):
        bounds.append(int(arg[bounds[-1]]))
    starts = sorted(bounds[1:])  # start index of classes 1..k-1 in ascending order
    cls_sorted = np.searchsorted(np.asarray(starts, dtype=np.intp), np.arange(m), side="right")
    tiers = np.empty(m, dtype=np.intp)
    tiers[order] = (classes - 1) - cls_sorted
    breaks = np.asarray([x[b] for b in reversed(starts)], dtype=np.float64)
    return tiers, breaks
