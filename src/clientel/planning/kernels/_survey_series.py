"""NPS and top-box shares with their intervals for many groups x periods at once (step 2.7.2).

The survey answers of a year, binned by client (or segment) and period, are
count arrays with one slot per answer point; every function here works on a
whole array of such counts in one pass. The scalar :func:`clientel.planning.nps`
and :func:`clientel.planning.csat` summarise one survey.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_count, as_floats, as_ints
from clientel._internal.limits import MAX_TABLE_CELLS, check_count
from clientel.errors import InvalidInputError
from clientel.planning.kernels._surveys import _PSEUDO, _z

__all__ = ["answer_counts", "nps_intervals", "top_box_intervals"]

Float = NDArray[np.float64]
Counts = NDArray[np.int64]


def answer_counts(
    groups: ArrayLike,
    periods: ArrayLike,
    answers: ArrayLike,
    shape: tuple[int, int],
    scale: tuple[int, int],
) -> Counts:
    """How many answers each (group, period) has at each point of the scale.

    Parameters
    ----------
    groups, periods : array_like of int, shape (N,)
        Each answer's group (``0 .. G-1``) and period (``0 .. P-1``).
    answers : array_like of int, shape (N,)
        The answers, whole points of ``scale``.
    shape : (int, int)
        ``(G, P)``.
    scale : (int, int)
        Lowest and highest point, e.g. ``(0, 10)`` for "would you recommend us".

    Returns
    -------
    ndarray of int, shape (G, P, high - low + 1)

    Raises
    ------
    InvalidInputError
        An answer off the scale or not whole, a group or period code out of
        range (the first one named by position).

    Examples
    --------
    >>> answer_counts([0, 0, 1], [0, 1, 1], [5, 4, 5], (2, 2), (1, 5))[:, :, -2:].tolist()
    [[[0, 1], [1, 0]], [[0, 0], [0, 1]]]
    """
    g, p = as_ints(groups, "groups"), as_ints(periods, "periods")
    a = as_floats(answers, "answers")
    if a.ndim != 1:
        raise InvalidInputError("expected one answer per row", field="answers", value=a.shape)
    n_groups, n_periods = _pair(shape, "shape", low=1)
    lo, hi = _pair(scale, "scale", low=None)
    if hi <= lo:
        raise InvalidInputError("expected a scale (low, high) with low < high", field="scale")
    k = hi - lo + 1
    check_count(n_groups * n_periods * k, "shape", limit="MAX_TABLE_CELLS", maximum=MAX_TABLE_CELLS)
    bad = (~np.isfinite(a)) | (a < lo) | (a > hi) | (a != np.round(a))
    if bad.any():
        i = int(np.argmax(bad))
        raise InvalidInputError(f"expected whole answers {lo}..{hi}", field=f"answers[{i}]",
                                value=float(a[i]))  # fmt: skip
    for name, codes, size in (("groups", g, n_groups), ("periods", p, n_periods)):
        if codes.shape != a.shape or ((codes < 0) | (codes >= size)).any():
            raise InvalidInputError(f"expected one code 0..{size - 1} per answer", field=name)
    flat = (g.astype(np.int64) * n_periods + p) * k + (a.astype(np.int64) - lo)
    counts = np.bincount(flat, minlength=n_groups * n_periods * k)
    out: Counts = counts.reshape(n_groups, n_periods, k)
    return out


def nps_intervals(
    counts: ArrayLike, confidence: float = 0.95
) -> tuple[Float, Float, Float, Float, Float]:
    """Net Promoter Score and its adjusted-Wald interval from 0-10 answer counts.

    Parameters
    ----------
    counts : array_like of int, shape (..., 11)
        How many answered 0, 1, ..., 10.
    confidence : float
        Level of the interval (0.95 by default).

    Returns
    -------
    score, adjusted, standard_error, low, high : ndarray, shape (...)
        In points (-100..100), as :func:`clientel.planning.nps` computes them
        for one survey (Rocks 2016: 3/4 added to promoters and detractors, 3/2
        to passives). Where there is no answer every value is NaN: no score,
        not a score of 0.

    Raises
    ------
    InvalidInputError
        Counts without 11 slots, negative or not whole; a confidence outside (0, 1).

    Examples
    --------
    >>> c = [[0, 0, 0, 1, 0, 0, 1, 1, 2, 3, 2], [0] * 11]
    >>> score, adjusted, se, low, high = nps_intervals(c)
    >>> score.tolist()[0], round(float(se[0]), 2), round(float(low[0]), 1), bool(np.isnan(score[1]))
    (30.0, 21.49, -19.1, True)
    """
    z = _z(confidence)
    c = _counts(counts, 11)
    n = c.sum(axis=-1).astype(np.float64)
    det, pro = c[..., :7].sum(axis=-1), c[..., 9:].sum(axis=-1)
    a_det, a_pas, a_pro = _PSEUDO
    m = n + a_det + a_pas + a_pro
    p, d = (pro + a_pro) / m, (det + a_det) / m
    centre = p - d
    se = np.sqrt((p + d - centre**2) / m)
    none = n == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(none, np.nan, 100.0 * (pro - det) / n)
    low = np.where(none, np.nan, np.maximum(-100.0, 100.0 * (centre - z * se)))
    high = np.where(none, np.nan, np.minimum(100.0, 100.0 * (centre + z * se)))
    nan = np.where(none, np.nan, 1.0)
    return score, 100.0 * centre * nan, 100.0 * se * nan, low, high


def top_box_intervals(
    counts: ArrayLike, boxes: int = 2, confidence: float = 0.95
) -> tuple[Float, Float, Float, Float]:
    """Top-box share, mean answer index and the Wilson score interval of the share.

    Parameters
    ----------
    counts : array_like of int, shape (..., K)
        How many gave each point of a K-point scale, lowest first.
    boxes : int
        How many of the highest points count as satisfied (2: top-two box).
    confidence : float
        Level of the interval (0.95 by default).

    Returns
    -------
    share, mean_point, low, high : ndarray, shape (...)
        ``share = x / n`` with ``x`` the answers in the top ``boxes`` points;
        ``mean_point`` the mean answer as a position 0..K-1 on the scale (add
        the scale's lowest point for the mean answer); ``low``, ``high`` the
        Wilson score interval

        .. math::
            \\frac{\\hat p + z^2 / 2n \\pm z \\sqrt{\\hat p (1 - \\hat p) / n + z^2 / 4n^2}}
                 {1 + z^2 / n}

        which stays inside [0, 1] and has positive width even when every
        answer is in the top box. NaN where there is no answer.

    References
    ----------
    E. B. Wilson, "Probable inference, the law of succession, and statistical
    inference", *JASA* 22 (1927), 209-212; L. D. Brown, T. T. Cai and A.
    DasGupta, "Interval estimation for a binomial proportion", *Statistical
    Science* 16 (2001), 101-133 (who recommend it for small samples).

    Examples
    --------
    >>> share, mean, low, high = top_box_intervals([[1, 0, 2, 4, 5]])
    >>> round(float(share[0]), 4), round(float(low[0]), 4), round(float(high[0]), 4)
    (0.75, 0.4677, 0.9111)
    """
    z = _z(confidence)
    c = _counts(counts, None)
    k = c.shape[-1]
    if isinstance(boxes, bool) or not isinstance(boxes, int | np.integer) or not 1 <= boxes <= k:
        raise InvalidInputError(f"expected a whole number of top boxes 1..{k}", field="boxes",
                                value=boxes)  # fmt: skip
    n = c.sum(axis=-1).astype(np.float64)
    x = c[..., k - boxes :].sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = x / n
        mean = c @ np.arange(k, dtype=np.float64) / n
        z2n = z * z / n
        centre = (share + z2n / 2) / (1 + z2n)
        half = z / (1 + z2n) * np.sqrt(share * (1 - share) / n + z2n / (4 * n))
    return share, mean, np.maximum(centre - half, 0.0), np.minimum(centre + half, 1.0)


def _pair(value: object, field: str, *, low: int | None) -> tuple[int, int]:
    """Two whole numbers (``>= low`` when given), as a tuple, or an error naming ``field``."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise InvalidInputError("expected two whole numbers", field=field)
    out = [as_count(v, field, low=low) if low is not None else _whole(v, field) for v in value]
    return out[0], out[1]


def _whole(value: Any, field: str) -> int:
    whole = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if not whole or abs(int(value)) > 2**31:
        raise InvalidInputError("expected a whole number (at most 2**31 in size)", field=field)
    return int(value)


def _counts(counts: ArrayLike, slots: int | None) -> Counts:
    c = as_ints(counts, "counts")
    if c.ndim == 0 or (slots is not None and c.shape[-1] != slots) or c.shape[-1] < 2:
        want = f"{slots} slots" if slots is not None else "at least 2 slots"
        raise InvalidInputError(f"expected counts with {want} on the last axis", field="counts",
                                value=c.shape)  # fmt: skip
    if not (np.issubdtype(c.dtype, np.integer) and not np.issubdtype(c.dtype, np.bool_)):
        raise InvalidInputError("expected whole counts", field="counts", value=str(c.dtype))
    if (c < 0).any():
        raise InvalidInputError("expected counts >= 0", field="counts")
    return c.astype(np.int64)
