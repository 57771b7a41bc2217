"""How far two rankings agree, and the alternatives no other one dominates.

Rank correlations (Spearman's rho and Kendall's tau-b, both with ties), the WS
rank similarity coefficient of Salabun and Urbaniak (2020), the overlap of two
top-k lists, and the Pareto (non-dominated) filter of a decision matrix. A
ranking here is a vector of rank numbers, 1 for the first, tied alternatives
sharing a number (what :func:`ranks` gives).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_count, as_directions, as_floats, as_matrix
from clientel.errors import InvalidInputError

__all__ = ["kendall_tau_b", "pareto_front", "spearman_rho", "top_k_overlap", "ws_similarity"]

Float = NDArray[np.float64]
Int = NDArray[np.int64]


def _pair(x: ArrayLike, y: ArrayLike, fields: tuple[str, str] = ("x", "y")) -> tuple[Float, Float]:
    a, b = as_floats(x, fields[0]), as_floats(y, fields[1])
    for v, f in ((a, fields[0]), (b, fields[1])):
        if v.ndim != 1 or v.size < 2:
            raise InvalidInputError("expected a ranking of at least 2 alternatives", field=f)
        if not np.isfinite(v).all():
            i = int(np.argmax(~np.isfinite(v)))
            raise InvalidInputError("expected finite rank numbers", field=f"{f}[{i}]")
    if a.shape != b.shape:
        msg = f"rankings of different lengths ({a.size} and {b.size})"
        raise InvalidInputError(msg, field=fields[1], value=b.size)
    return a, b


def _constant(v: Float, field: str, what: str) -> None:
    if v.min() == v.max():
        msg = f"every alternative is tied: {what} is undefined"
        raise InvalidInputError(msg, field=field)


def spearman_rho(x: ArrayLike, y: ArrayLike) -> float:
    """Spearman's rank correlation of two rankings, ties given their average rank.

    .. versionadded:: 0.2.0

    The Pearson correlation of the average ranks (what ``scipy.stats.spearmanr``
    computes), in [-1, 1]; used to compare the rankings of two methods
    (step 2.3.3).

    Parameters
    ----------
    x, y : array_like, shape (m,)
        Rank numbers (1 = first; ties share a number), or any scores ordered
        the same way in both.

    Returns
    -------
    float

    Raises
    ------
    InvalidInputError
        Fewer than 2 alternatives, lengths that differ, a NaN (named), or a
        ranking that ties every alternative (the correlation is 0 / 0).

    Examples
    --------
    >>> spearman_rho([1, 2, 3, 4], [2, 1, 3, 4])
    0.8
    """
    a, b = _pair(x, y)
    _constant(a, "x", "the rank correlation")
    _constant(b, "y", "the rank correlation")
    from scipy.stats import rankdata  # scipy.stats takes seconds to import: on first use

    ra, rb = rankdata(a) - (a.size + 1) / 2.0, rankdata(b) - (a.size + 1) / 2.0
    out = float(ra @ rb / np.sqrt((ra @ ra) * (rb @ rb)))
    return min(1.0, max(-1.0, out))


def _inversions(a: Int) -> int:
    """Pairs ``i < j`` with ``a[i] > a[j]``: bottom-up merge sort, each pass vectorised.

    Pass k merges neighbouring sorted runs of length ``2**k``; for every
    element of a right run, the left-run elements above it are counted with a
    binary search in the concatenated left runs (keyed by block, so one
    ``searchsorted`` serves every block).
    """
    m = a.size
    span = int(a.max()) + 1 if m else 1
    idx = np.arange(m, dtype=np.int64)
    total, width = 0, 1
    while width < m:
        block = idx // (2 * width)
        right = (idx // width) % 2 == 1
        key = block * span + a
        left_keys = key[~right]
        ends = np.searchsorted(left_keys, (block[right] + 1) * span, side="left")
        total += int((ends - np.searchsorted(left_keys, key[right], side="right")).sum())
        a = np.sort(key, kind="stable") - block * span
        width *= 2
    return total


def _tied_pairs(codes: Int) -> int:
    counts = np.bincount(codes).astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def kendall_tau_b(x: ArrayLike, y: ArrayLike) -> float:
    """Kendall's tau-b of two rankings, corrected for ties, in ``O(m log**2 m)``.

    .. versionadded:: 0.2.0

    ``tau_b = (n_c - n_d) / sqrt((n_0 - n_1)(n_0 - n_2))`` with ``n_0 = m(m-1)/2``
    pairs, ``n_c`` concordant and ``n_d`` discordant ones, and ``n_1``, ``n_2``
    the pairs tied in x and in y (Kendall, 1945); used to compare the
    rankings of two methods (step 2.3.3).

    Parameters
    ----------
    x, y : array_like, shape (m,)
        Rank numbers (1 = first; ties share a number), or any scores ordered
        the same way in both.

    Returns
    -------
    float

    Raises
    ------
    InvalidInputError
        Fewer than 2 alternatives, lengths that differ, a NaN (named), or a
        ranking that ties every alternative (tau-b is 0 / 0).

    Notes
    -----
    The alternatives are sorted by (x, y); the discordant pairs are then the
    inversions of y, counted by a bottom-up merge sort. Equals
    ``scipy.stats.kendalltau(x, y)`` (variant "b").

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems.
    *Biometrika*, 33(3), 239-251.

    Examples
    --------
    >>> round(kendall_tau_b([1, 2, 3, 4], [2, 1, 3, 4]), 4)
    0.6667
    >>> round(kendall_tau_b([1, 1, 3, 4], [1, 2, 3, 4]), 4)
    0.9129
    """
    a, b = _pair(x, y)
    _constant(a, "x", "tau-b")
    _constant(b, "y", "tau-b")
    xa = np.unique(a, return_inverse=True)[1].astype(np.int64).ravel()
    yb = np.unique(b, return_inverse=True)[1].astype(np.int64).ravel()
    m = a.size
    n0 = m * (m - 1) // 2
    n1, n2 = _tied_pairs(xa), _tied_pairs(yb)
    n3 = _tied_pairs(np.unique(xa * (int(yb.max()) + 1) + yb, return_inverse=True)[1].ravel())
    discordant = _inversions(yb[np.lexsort((yb, xa))])
    out = (n0 - n1 - n2 + n3 - 2 * discordant) / np.sqrt(float(n0 - n1) * float(n0 - n2))
    return min(1.0, max(-1.0, float(out)))


def ws_similarity(reference: ArrayLike, other: ArrayLike) -> float:
    """WS rank similarity coefficient of ``other`` to a ``reference`` ranking.

    .. versionadded:: 0.2.0

    ``WS = 1 - sum_i 2**(-x_i) |x_i - y_i| / max(|x_i - 1|, |x_i - N|)``, with
    ``x`` the reference ranking, ``y`` the other and ``N`` the number of
    alternatives (Salabun and Urbaniak, 2020). A difference near the top of
    the reference weighs more than one near the bottom; WS is 1 for equal
    rankings and lies in (0, 1]. It is not symmetric: the reference comes
    first. Used to compare a method with a reference one (step 2.3.3).

    Parameters
    ----------
    reference, other : array_like, shape (m,)
        Rank numbers from 1 to m (ties share a number).

    Returns
    -------
    float

    Raises
    ------
    InvalidInputError
        Fewer than 2 alternatives, lengths that differ, or a rank number
        outside 1..m (named).

    References
    ----------
    Salabun, W. and Urbaniak, K. (2020). A new coefficient of rankings
    similarity in decision-making problems. *Computational Science - ICCS
    2020*, LNCS 12138, Springer, 632-645.

    Examples
    --------
    Swapping the first two of five matters more than swapping the last two:

    >>> round(ws_similarity([1, 2, 3, 4, 5], [2, 1, 3, 4, 5]), 4)
    0.7917
    >>> round(ws_similarity([1, 2, 3, 4, 5], [1, 2, 3, 5, 4]), 4)
    0.9714
    """
    x, y = _pair(reference, other, ("reference", "other"))
    n = x.size
    for v, f in ((x, "reference"), (y, "other")):
        bad = (v < 1) | (v > n)
        if bad.any():
            i = int(np.argmax(bad))
            msg = f"rank numbers run from 1 to {n}"
            raise InvalidInputError(msg, field=f"{f}[{i}]", value=float(v[i]))
    spread = np.maximum(np.abs(x - 1.0), np.abs(x - n))
    return float(1.0 - (np.exp2(-x) * np.abs(x - y) / spread).sum())


def top_k_overlap(x: ArrayLike, y: ArrayLike, k: int) -> float:
    """Share of the top-k of two rankings they have in common, in [0, 1].

    .. versionadded:: 0.2.0

    ``|A & B| / max(|A|, |B|)`` where ``A`` holds the alternatives x ranks k
    or better (more than k when a tie straddles rank k) and ``B`` those of y:
    whether two methods would put the same alternatives on a short list of
    k (step 2.3.4).

    Parameters
    ----------
    x, y : array_like, shape (m,)
        Rank numbers (1 = first; ties share a number).
    k : int
        Length of the short list, 1 <= k <= m.

    Returns
    -------
    float
        The share of the larger top set both rankings hold.

    Raises
    ------
    InvalidInputError
        Fewer than 2 alternatives, lengths that differ, a NaN (named), or k
        outside 1..m.

    Examples
    --------
    >>> top_k_overlap([1, 2, 3, 4, 5], [3, 1, 2, 4, 5], 2)
    0.5
    """
    a, b = _pair(x, y)
    kk = as_count(k, "k", low=1)
    if kk > a.size:
        raise InvalidInputError(f"at most {a.size} (the alternatives)", field="k", value=k)
    top_a, top_b = a <= kk, b <= kk
    size = max(int(top_a.sum()), int(top_b.sum()))
    return float((top_a & top_b).sum()) / size if size else 0.0


def pareto_front(
    matrix: ArrayLike, directions: ArrayLike | None = None, *, names: Sequence[str] | None = None
) -> NDArray[np.bool_]:
    """Which alternatives no other one dominates (the Pareto front), as a mask.

    .. versionadded:: 0.2.0

    b dominates a when b is at least as good on every criterion and better on
    one (with the directions). Alternatives off the front can be dropped
    before any weighted method is run: no weights would rank them first
    (step 2.3.3). Equal rows do not dominate each other.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    names : sequence of str, optional
        Criterion names for error messages.

    Returns
    -------
    ndarray of bool, shape (m,)
        True for the non-dominated alternatives.

    Notes
    -----
    The rows are visited by decreasing sum of their (direction-signed)
    values: the first is on the front (no row with a smaller or equal sum
    can dominate it), and every row it dominates is dropped at once, so the
    work is ``O(m f n)`` for a front of f rows, each step vectorised over
    the remaining rows.

    Examples
    --------
    >>> pareto_front([[5.0, 3.0], [3.0, 1.0], [1.0, 2.0], [5.0, 3.0]], [1, -1]).tolist()
    [True, True, False, True]
    """
    X = as_matrix(matrix, names=names)
    d = as_directions(directions, X.shape[1])
    P = X * d
    order = np.lexsort((np.arange(P.shape[0]), -P.sum(axis=1)))
    rows, P = order, P[order]
    front = np.zeros(X.shape[0], dtype=bool)
    while rows.size:  # one pass per member of the front
        p = P[0]
        front[rows[0]] = True
        keep = ~((p >= P).all(axis=1) & (p > P).any(axis=1))
        keep[0] = False
        rows, P = rows[keep], P[keep]
    return front
