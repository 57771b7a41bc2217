"""TOPSIS: closeness to the ideal solution (Hwang and Yoon, 1981), cache-blocked."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._normalise import ColumnStats, affine, prepare

__all__ = ["TopsisResult", "topsis", "topsis_components"]

Float = NDArray[np.float64]
_BLOCK = 8192


@attrs.frozen(kw_only=True, eq=False, repr=False)
class TopsisResult:
    """Closeness coefficients and the distances they are built from."""

    __repr__ = short_repr

    closeness: Float
    d_ideal: Float
    d_anti: Float


def _plan(
    stats: ColumnStats, w: Float, d: NDArray[np.int8], normalisation: str
) -> tuple[Float, Float, Float, Float]:
    """Per-column scale/shift turning raw x into weighted normalised v = x*scale + shift,
    and the ideal and anti-ideal points in that space."""
    if normalisation == "vector":  # TOPSIS's own: no reversal, the ideal points take direction
        cost = d < 0
        scale = w / stats.norm
        shift = np.zeros_like(w)
        hi, lo = stats.max * scale, stats.min * scale
        ideal = np.where(cost, lo, hi)
        anti = np.where(cost, hi, lo)
        return scale, shift, ideal, anti
    if normalisation not in {"minmax", "max"}:
        msg = "TOPSIS supports 'vector', 'minmax' and 'max' normalisation"
        raise InvalidInputError(msg, field="normalisation", value=normalisation)
    scale, shift = affine(stats, w, d, normalisation)
    a = stats.min * scale + shift
    b = stats.max * scale + shift
    return scale, shift, np.maximum(a, b), np.minimum(a, b)


def topsis(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    normalisation: str = "vector",
    stats: ColumnStats | None = None,
    names: Sequence[str] | None = None,
    block_size: int = _BLOCK,
) -> TopsisResult:
    """TOPSIS closeness coefficient ``C_i = d_i^- / (d_i^+ + d_i^-)``, in [0, 1].

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    normalisation : {"vector", "minmax", "max"}
        Vector normalisation is TOPSIS's published default (Hwang and Yoon,
        1981); pymcdm defaults to min-max and can pick a different winner.
    stats : ColumnStats, optional
        Statistics fitted on the whole data (fit step); give them when scoring
        in chunks so that every chunk uses the same ideal points.
    block_size : int
        Rows per cache-sized block (results do not depend on it).

    Returns
    -------
    TopsisResult
        ``closeness`` (higher is better) and the Euclidean distances to the
        ideal (``d_ideal``) and anti-ideal (``d_anti``) solutions.

    Raises
    ------
    InvalidInputError
        Bad shapes or weights, an all-zero column (vector), a constant column
        (min-max), or an alternative equidistant at zero from both ideals
        (every criterion constant).

    Notes
    -----
    ``v_ij = w_j x_ij / ||x_j||``; ``A+_j = max_i v_ij`` for benefit criteria
    and ``min_i v_ij`` for cost criteria (``A-`` the reverse);
    ``d_i^± = ||v_i - A±||``. The statistics are computed once (fit) and the
    rows are then processed in blocks that stay in cache (apply), so the
    result is the same for any block size.

    References
    ----------
    Hwang, C.-L. and Yoon, K. (1981). *Multiple Attribute Decision Making:
    Methods and Applications*. Springer, pp. 128-140.

    Examples
    --------
    >>> r = topsis([[7.0, 9.0], [8.0, 7.0], [9.0, 6.0]], [0.5, 0.5], [1, 1])
    >>> r.closeness.round(4).tolist()
    [0.6186, 0.382, 0.3814]
    """
    X, w, d, st = prepare(matrix, weights, directions, normalisation, stats=stats, names=names)
    scale, shift, ideal, anti = _plan(st, w, d, normalisation)
    if np.array_equal(ideal, anti):
        raise InvalidInputError("every criterion is constant: TOPSIS is undefined", field="matrix")
    m, n = X.shape
    d_pos = np.empty(m)
    d_neg = np.empty(m)
    size = max(1, int(block_size))
    buf_v = np.empty((min(size, m), n))
    buf_d = np.empty_like(buf_v)
    has_shift = bool(shift.any())
    for start in range(0, m, size):
        stop = min(start + size, m)
        v = buf_v[: stop - start]
        diff = buf_d[: stop - start]
        np.multiply(X[start:stop], scale, out=v)
        if has_shift:
            v += shift
        np.subtract(v, ideal, out=diff)
        d_pos[start:stop] = np.einsum("ij,ij->i", diff, diff)
        np.subtract(v, anti, out=diff)
        d_neg[start:stop] = np.einsum("ij,ij->i", diff, diff)
    np.sqrt(d_pos, out=d_pos)
    np.sqrt(d_neg, out=d_neg)
    total = d_pos + d_neg
    closeness = np.divide(d_neg, total, out=np.full(m, 0.5), where=total > 0)
    return TopsisResult(closeness=closeness, d_ideal=d_pos, d_anti=d_neg)


def topsis_components(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    normalisation: str = "vector",
    stats: ColumnStats | None = None,
    names: Sequence[str] | None = None,
) -> tuple[Float, Float]:
    """Per-criterion squared distances to the ideal and anti-ideal points.

    Row sums are ``d_ideal**2`` and ``d_anti**2``: the components TOPSIS is built from.
    """
    X, w, d, st = prepare(matrix, weights, directions, normalisation, stats=stats, names=names)
    scale, shift, ideal, anti = _plan(st, w, d, normalisation)
    v = X * scale + shift
    return (v - ideal) ** 2, (v - anti) ** 2
