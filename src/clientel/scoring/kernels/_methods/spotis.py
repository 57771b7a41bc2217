"""SPOTIS: distance to the ideal point fixed by stated bounds (free of rank reversal)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import criterion_label
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._blocked import BLOCK, affine_sum
from clientel.scoring.kernels._method import Method, known_options, linear_sampled
from clientel.scoring.kernels._scorer import Scorer, fitted

__all__ = ["METHOD", "spotis"]

Float = NDArray[np.float64]


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "spotis", ("bounds",))
    raw = given.get("bounds")
    if raw is None:
        msg = "SPOTIS needs stated bounds: one (lowest, highest) pair per criterion"
        raise InvalidInputError(msg, field="bounds")
    try:
        b = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError("expected numbers", field="bounds") from exc
    if b.shape != (n, 2):
        msg = f"expected {n} (lowest, highest) pairs, one per criterion"
        raise InvalidInputError(msg, field="bounds", value=b.shape)
    for j in range(n):
        lo, hi = float(b[j, 0]), float(b[j, 1])
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi and np.isfinite(hi - lo)):
            msg = "bounds must be finite with lowest < highest"
            raise InvalidInputError(msg, field=f"bounds of {criterion_label(j, names)}",
                                    value=(lo, hi))  # fmt: skip
    return {"bounds": tuple((float(lo), float(hi)) for lo, hi in b)}


def _plan(scorer: Scorer, w: Float) -> tuple[Float, Float, Float]:
    """``(c, ref, g)`` with ``w_j |x_ij - S*_j| / (hi_j - lo_j) = (x_ij - ref_j) g_j``.

    The ideal point ``S*`` is the upper bound of a benefit criterion and the
    lower bound of a cost one; inside the bounds the distance is affine.
    """
    b = np.array(scorer.options["bounds"])
    lo, hi = b[:, 0], b[:, 1]
    span = hi - lo
    benefit = scorer.d > 0
    ideal = np.where(benefit, hi, lo)
    return np.ones_like(w), ideal, np.where(benefit, -w / span, w / span)


def _checker(X: Float, scorer: Scorer) -> Callable[[Float, int], None]:
    """A check of each block against the stated bounds (NaN is outside), naming the first
    cell outside: the row by its number in ``X``, the criterion by its name."""
    b = np.array(scorer.options["bounds"])
    lo, hi = b[:, 0], b[:, 1]
    rows = min(BLOCK, X.shape[0])
    above, below = np.empty((rows, X.shape[1]), dtype=bool), np.empty((rows, X.shape[1]), bool)

    def check(block: Float, start: int) -> None:
        k = block.shape[0]
        np.greater_equal(block, lo, out=above[:k])
        np.less_equal(block, hi, out=below[:k])
        above[:k] &= below[:k]
        if above[:k].all():
            return
        scorer.check(X, finite=True)  # NaN or inf: the usual error, naming the cell
        i, j = (int(v) for v in np.argwhere(~above[:k])[0])
        msg = f"value outside the stated bounds {tuple(b[j].tolist())}"
        raise InvalidInputError(msg, field=f"row {start + i}, {criterion_label(j, scorer.names)}",
                                value=float(block[i, j]))  # fmt: skip

    return check


def _score(X: Float, scorer: Scorer) -> Float:
    return affine_sum(X, *_plan(scorer, scorer.w), check=_checker(X, scorer))


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    """The distances and their negated terms: as VIKOR's negated regrets, a larger
    contribution is a better one, so explanations read the same way for every method."""
    out = np.empty(X.shape)
    c, ideal, g = _plan(scorer, scorer.w)
    # negating is exact: the negated terms sum to the negated score
    negated = affine_sum(X, c, ideal, -g, out=out, check=_checker(X, scorer))
    scores: Float = np.subtract(0.0, negated, out=negated)
    return scores, out


def _unit(X: Float, scorer: Scorer) -> Float:
    """Normalised distances at unit weights: scores of any weights ``W`` are ``unit @ W.T``."""
    _, ideal, g = _plan(scorer, np.ones(scorer.criteria))
    out: Float = (X - ideal) * g
    return out


METHOD = Method(
    name="spotis",
    title="SPOTIS",
    reference=(
        "Dezert, J., Tchamova, A., Han, D. and Tacnet, J.-M. (2020). The SPOTIS rank "
        "reversal free method for multi-criteria decision-making support. "
        "Proc. FUSION 2020, IEEE, 1-8."
    ),
    higher_is_better=False,
    monotone=True,
    linear=True,
    contribution_kind="-(w_j |x_ij - S*_j| / (max_j - min_j)): minus the distance to the ideal; "
    "sums to -d",
    stages=0,
    defaults={"bounds": None},
    options=_options,
    score=_score,
    contributions=_contributions,
    unit=_unit,
    sampled=linear_sampled,
)


def spotis(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    bounds: ArrayLike,
    names: Sequence[str] | None = None,
) -> Float:
    """SPOTIS distances to the ideal solution point of stated bounds (step 2.3.3).

    .. versionadded:: 0.2.0

    ``d_i = sum_j w_j |x_ij - S*_j| / (max_j - min_j)`` where ``[min_j, max_j]``
    are the stated bounds of criterion j and ``S*_j`` is ``max_j`` for a
    benefit and ``min_j`` for a cost criterion. Lower is better; the distances
    lie in [0, 1].

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, every value inside its criterion's bounds.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    bounds : array_like, shape (n, 2)
        The lowest and highest value each criterion can take, stated by the
        analyst (not taken from the data).
    names : sequence of str, optional
        Criterion names for error messages.

    Returns
    -------
    ndarray, shape (m,)
        Distances in [0, 1]; 0 is the ideal point.

    Raises
    ------
    InvalidInputError
        Missing or bad bounds (``field="bounds"`` or ``"bounds of criterion
        ..."``), a value outside its bounds (``field="row i, criterion ..."``).

    Notes
    -----
    The score of an alternative depends only on its own values, the weights
    and the bounds, never on the other alternatives: adding or removing an
    alternative cannot reverse the order of two others (Dezert et al., 2020).
    There is no fit stage, so every partition is scored on its own.

    References
    ----------
    Dezert, J., Tchamova, A., Han, D. and Tacnet, J.-M. (2020). The SPOTIS
    rank reversal free method for multi-criteria decision-making support.
    *2020 IEEE 23rd International Conference on Information Fusion (FUSION)*,
    1-8.

    Examples
    --------
    Revenue potential on a 0-10 scale (benefit) and cost to serve in 0-5
    (cost):

    >>> spotis([[8.0, 1.0], [6.0, 4.0]], [0.5, 0.5], [1, -1],
    ...        bounds=[(0, 10), (0, 5)]).round(4).tolist()
    [0.2, 0.6]
    """
    scorer, X = fitted("spotis", matrix, weights, directions, names=names, bounds=bounds)
    return _score(X, scorer)
