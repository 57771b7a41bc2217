"""Weighted product model (WPM): the product of raw values raised to their weights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import criterion_label
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._method import Method, known_options, linear_sampled
from clientel.scoring.kernels._scorer import Scorer, fitted

__all__ = ["METHOD", "weighted_product", "weighted_product_contributions"]

Float = NDArray[np.float64]
_BLOCK = 8192  # rows per cache-sized block


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "weighted_product", ())
    return {}


def _refuse(X: Float, start: int, stop: int, scorer: Scorer) -> None:
    scorer.check(X, finite=True)  # NaN or inf: the usual error, naming the row
    rows, names = X[start:stop], scorer.names
    bad = ~(rows > 0)
    i, j = (int(v) for v in np.argwhere(bad)[0])
    msg = "the weighted product needs positive values"
    raise InvalidInputError(msg, field=f"row {start + i}, {criterion_label(j, names)}",
                            value=float(rows[i, j]))  # fmt: skip


def _apply(X: Float, scorer: Scorer, out: Float | None) -> Float:
    """Scores ``exp(sum_j d_j w_j ln x_ij)``, writing the log contributions into ``out``."""
    wd = scorer.w * scorer.d
    m, k = X.shape
    logs = np.empty(m)
    buf = np.empty((min(_BLOCK, m), k)) if out is None else None
    with np.errstate(divide="ignore", invalid="ignore"):
        for start in range(0, m, _BLOCK):  # blocks of rows that stay in cache
            stop = min(start + _BLOCK, m)
            v = out[start:stop] if out is not None else buf[: stop - start]  # type: ignore[index]
            np.log(X[start:stop], out=v)
            v *= wd
            np.add.reduce(v, axis=1, out=logs[start:stop])
            if not np.isfinite(logs[start:stop]).all():  # ln of x <= 0 (or NaN) propagates
                _refuse(X, start, stop, scorer)
    out_scores: Float = np.exp(logs)
    return out_scores


def _score(X: Float, scorer: Scorer) -> Float:
    return _apply(X, scorer, None)


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    out = np.empty(X.shape)
    return _apply(X, scorer, out), out


def _unit(X: Float, scorer: Scorer) -> Float:
    """Log contributions at unit weights: log scores of any weights ``W`` are ``unit @ W.T``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out: Float = np.log(X) * scorer.d
    return out


METHOD = Method(
    name="weighted_product",
    title="weighted product (WPM)",
    reference=(
        "Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: "
        "A Comparative Study, Kluwer, chapter 2."
    ),
    monotone=True,
    linear=True,
    additive=True,
    contribution_kind="d_j w_j ln x_ij; sums to ln(score)",
    stages=0,
    options=_options,
    score=_score,
    contributions=_contributions,
    unit=_unit,
    sampled=linear_sampled,
)


def weighted_product(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    names: Sequence[str] | None = None,
) -> Float:
    """Weighted product model (WPM): ``P_i = prod_j x_ij ** (d_j w_j)``.

    Raw positive values are used (the method is invariant to the unit of each
    criterion, so no normalisation is needed); cost criteria get negative
    exponents. Ratios ``P_a / P_b`` compare two alternatives. The score is
    ``exp`` of the row sum of the log contributions
    (:func:`weighted_product_contributions`), computed in the same pass.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite and positive.
    weights : array_like, shape (n,)
        Non-negative criterion weights (normalised to sum to 1).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    numpy.ndarray, shape (m,)
        The products ``P_i`` (higher is better).

    Raises
    ------
    InvalidInputError
        A value that is not positive and finite, or bad weights or directions.

    References
    ----------
    Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A
    Comparative Study*, Kluwer, chapter 2 (WPM).

    Examples
    --------
    >>> p = weighted_product([[25.0, 20.0], [10.0, 30.0]], [0.5, 0.5])
    >>> float(round(p[0] / p[1], 4))  # sqrt(25/10) * sqrt(20/30)
    1.291
    """
    scorer, X = fitted("weighted_product", matrix, weights, directions, names=names)
    return _score(X, scorer)


def weighted_product_contributions(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    names: Sequence[str] | None = None,
) -> Float:
    """Per-criterion log contributions ``d_j w_j ln x_ij``; each row sums to ``ln P_i``.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite and positive.
    weights : array_like, shape (n,)
        Non-negative criterion weights (normalised to sum to 1).
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        The log contributions.

    Raises
    ------
    InvalidInputError
        A value that is not positive and finite, or bad weights or directions.

    Examples
    --------
    >>> weighted_product_contributions([[1.0, 4.0]], [0.5, 0.5], [1, -1]).round(4).tolist()
    [[0.0, -0.6931]]
    """
    scorer, X = fitted("weighted_product", matrix, weights, directions, names=names)
    return _contributions(X, scorer)[1]
