"""TOPSIS: closeness to the ideal solution (Hwang and Yoon, 1981), cache-blocked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._method import Method, known_options
from clientel.scoring.kernels._normalise import affine, check_stats, prescale
from clientel.scoring.kernels._scorer import Scorer, fitted
from clientel.scoring.kernels._stats import ColumnStats, fit_stats

__all__ = ["METHOD", "TopsisResult", "topsis", "topsis_components"]

Float = NDArray[np.float64]
_BLOCK = 8192
_NORMALISATIONS = ("vector", "minmax", "max")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class TopsisResult:
    """Closeness coefficients and the distances they are built from."""

    __repr__ = short_repr

    closeness: Float
    d_ideal: Float
    d_anti: Float


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "topsis", ("normalisation",))
    norm = given.get("normalisation", "vector")
    if norm not in _NORMALISATIONS:
        msg = "TOPSIS supports 'vector', 'minmax' and 'max' normalisation"
        raise InvalidInputError(msg, field="normalisation", value=norm)
    return {"normalisation": norm}


def _plan(scorer: Scorer, w: Float | None = None) -> tuple[Float, Float, Float, Float, Float]:
    """Per-column prescale, scale and shift turning raw x into weighted normalised
    ``v = (x c) scale + shift``, and the ideal and anti-ideal points in that space."""
    stats: ColumnStats = scorer.state[0]  # type: ignore[assignment]
    w = scorer.w if w is None else w
    d, norm = scorer.d, scorer.options["normalisation"]
    if norm == "vector":  # TOPSIS's own: no reversal, the ideal points take direction
        cost = d < 0
        c, lo, hi = prescale(stats)
        scale = w / np.sqrt(stats.sumsq)
        shift = np.zeros_like(w)
        top, bottom = hi * scale, lo * scale
        return c, scale, shift, np.where(cost, bottom, top), np.where(cost, top, bottom)
    c, scale, shift = affine(stats, w, d, norm)
    a = prescale(stats)[1] * scale + shift
    b = prescale(stats)[2] * scale + shift
    return c, scale, shift, np.maximum(a, b), np.minimum(a, b)


def _fit(X: Float, scorer: Scorer) -> ColumnStats:
    return fit_stats(X)


def _empty(scorer: Scorer, k: int) -> ColumnStats:
    return ColumnStats.empty(k)


def _finalise(scorer: Scorer, stats: Any) -> ColumnStats:
    if not isinstance(stats, ColumnStats) or stats.min.shape != (scorer.criteria,):
        raise InvalidInputError("expected ColumnStats of every criterion", field="stats")
    check_stats(stats, scorer.options["normalisation"], scorer.names)
    _, _, _, ideal, anti = _plan(attrs.evolve(scorer, state=(stats,)))
    if np.array_equal(ideal, anti):
        raise InvalidInputError("every criterion is constant: TOPSIS is undefined", field="matrix")
    return stats


def _apply(
    X: Float, scorer: Scorer, out: Float | None, size: int = _BLOCK, *, distances: bool = False
) -> tuple[Float, Float | None, Float | None]:
    """Closeness, and both distances if asked; ``d-_ij**2 - d+_ij**2`` written into ``out``
    if given. Each block's distances live only in block-sized buffers unless asked for,
    so scoring allocates nothing of the input's size beyond the closeness."""
    c, scale, shift, ideal, anti = _plan(scorer)
    m, n = X.shape
    closeness = np.empty(m)
    d_pos = np.empty(m) if distances else None
    d_neg = np.empty(m) if distances else None
    size = max(1, int(size))
    buf_v = np.empty((min(size, m), n))
    buf_d = np.empty_like(buf_v)
    buf_p, buf_n, buf_t = (np.empty(min(size, m)) for _ in range(3))
    has_shift = bool(shift.any())
    prescaled = bool((c != 1.0).any())
    for start in range(0, m, size):  # blocks of rows that stay in cache
        stop = min(start + size, m)
        v = buf_v[: stop - start]
        diff = buf_d[: stop - start]
        dp, dn, total = (b[: stop - start] for b in (buf_p, buf_n, buf_t))
        if prescaled:
            np.multiply(X[start:stop], c, out=v)
            v *= scale
        else:
            np.multiply(X[start:stop], scale, out=v)
        if has_shift:
            v += shift
        np.subtract(v, ideal, out=diff)
        np.einsum("ij,ij->i", diff, diff, out=dp)
        if out is not None:
            np.multiply(diff, diff, out=out[start:stop])
        np.subtract(v, anti, out=diff)
        np.einsum("ij,ij->i", diff, diff, out=dn)
        if out is not None:
            np.multiply(diff, diff, out=diff)
            np.subtract(diff, out[start:stop], out=out[start:stop])
        np.sqrt(dp, out=dp)
        np.sqrt(dn, out=dn)
        if d_pos is not None and d_neg is not None:
            d_pos[start:stop], d_neg[start:stop] = dp, dn
        np.add(dp, dn, out=total)
        part = closeness[start:stop]
        part.fill(0.5)
        np.divide(dn, total, out=part, where=total > 0)
    return closeness, d_pos, d_neg


def _score(X: Float, scorer: Scorer) -> Float:
    return _apply(X, scorer, None)[0]


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    out = np.empty(X.shape)
    return _apply(X, scorer, out)[0], out


def _unit(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    """Squared distances per criterion at unit weights: ``d+**2 = unit[0] @ (w**2)``."""
    c, scale, shift, ideal, anti = _plan(scorer, np.ones(scorer.criteria))
    v = (X * c) * scale + shift
    return (v - ideal) ** 2, (v - anti) ** 2


def _sampled(unit: tuple[Float, Float], W: Float) -> Float:
    W2 = (W * W).T
    dp = np.sqrt(unit[0] @ W2)
    dn = np.sqrt(unit[1] @ W2)
    total = dp + dn
    out: Float = np.divide(dn, total, out=np.full_like(dp, 0.5), where=total > 0)
    return out


METHOD = Method(
    name="topsis",
    title="TOPSIS",
    reference=(
        "Hwang, C.-L. and Yoon, K. (1981). Multiple Attribute Decision Making: "
        "Methods and Applications. Springer, pp. 128-140."
    ),
    monotone=True,
    contribution_kind="d-_ij**2 - d+_ij**2: pull towards the ideal on each criterion",
    defaults={"normalisation": "vector"},
    options=_options,
    fit=_fit,
    empty=_empty,
    finalise=_finalise,
    score=_score,
    contributions=_contributions,
    unit=_unit,
    sampled=_sampled,
)


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
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.
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
    scorer, X = fitted("topsis", matrix, weights, directions, names=names, stats=stats,
                       normalisation=normalisation)  # fmt: skip
    closeness, d_pos, d_neg = _apply(X, scorer, None, block_size, distances=True)
    assert d_pos is not None
    assert d_neg is not None
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

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite.
    weights : array_like, shape (n,)
        Non-negative criterion weights (normalised to sum to 1).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    normalisation : {"vector", "minmax", "max"}
        As for :func:`topsis`.
    stats : ColumnStats, optional
        Statistics fitted on the whole data.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    d_ideal2, d_anti2 : numpy.ndarray, shape (m, n)
        Squared distances per criterion to the ideal and anti-ideal points.

    Examples
    --------
    >>> dp2, dn2 = topsis_components([[7.0, 9.0], [9.0, 6.0]], [0.5, 0.5])
    >>> dp2.sum(axis=1).round(4).tolist(), dn2.sum(axis=1).round(4).tolist()
    ([0.0077, 0.0192], [0.0192, 0.0077])
    """
    scorer, X = fitted("topsis", matrix, weights, directions, names=names, stats=stats,
                       normalisation=normalisation)  # fmt: skip
    c, scale, shift, ideal, anti = _plan(scorer)
    v = (X * c) * scale + shift
    return (v - ideal) ** 2, (v - anti) ** 2
