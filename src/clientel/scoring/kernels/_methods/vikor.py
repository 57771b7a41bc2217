"""VIKOR: compromise ranking by group utility S, individual regret R and index Q."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._method import Method, known_options
from clientel.scoring.kernels._normalise import prescale
from clientel.scoring.kernels._scorer import Scorer, fitted
from clientel.scoring.kernels._stats import ColumnStats, fit_stats

__all__ = ["METHOD", "VikorResult", "vikor"]

Float = NDArray[np.float64]
_BLOCK = 8192


@attrs.frozen(kw_only=True, eq=False, repr=False)
class VikorResult:
    """VIKOR's measures (all lower-is-better) and the compromise conditions.

    Attributes
    ----------
    S, R, Q : ndarray
        Group utility, individual regret and the compromise index.
    regrets : ndarray, shape (m, n)
        ``w_j (f*_j - f_ij) / (f*_j - f-_j)``: S is the row sum, R the row max.
    advantage : bool
        Condition C1, acceptable advantage: ``Q(a2) - Q(a1) >= 1 / (m - 1)``.
    stability : bool
        Condition C2, acceptable stability: the Q-best is also best by S or R.
    compromise : tuple of int
        Indices of the compromise solution(s): the Q-best when C1 and C2 hold,
        the two best when only C2 fails, and all alternatives with
        ``Q - Q(a1) < 1/(m-1)`` when C1 fails.
    """

    __repr__ = short_repr

    S: Float
    R: Float
    Q: Float
    regrets: Float
    advantage: bool
    stability: bool
    compromise: tuple[int, ...]


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "vikor", ("v",))
    v = given.get("v", 0.5)
    if isinstance(v, bool) or not isinstance(v, int | float | np.floating | np.integer):
        raise InvalidInputError("expected a number between 0 and 1", field="v", value=v)
    if not 0.0 <= float(v) <= 1.0:
        raise InvalidInputError("must be between 0 and 1", field="v", value=v)
    return {"v": float(v)}


def _ends(scorer: Scorer) -> tuple[Float, Float, Float, Float]:
    """Prescale, best and worst value and their span per criterion (stage 1)."""
    stats: ColumnStats = scorer.state[0]  # type: ignore[assignment]
    c, lo, hi = prescale(stats)
    d = scorer.d
    best = np.where(d > 0, hi, lo)
    worst = np.where(d > 0, lo, hi)
    return c, best, worst, best - worst


def _regrets(X: Float, scorer: Scorer, out: Float | None) -> tuple[Float, Float]:
    """S and R of every row (weighted regrets written into ``out`` if given), blocked."""
    c, best, _, span = _ends(scorer)
    w = scorer.w
    m, n = X.shape
    S, R = np.empty(m), np.empty(m)
    buf = np.empty((min(_BLOCK, m), n)) if out is None else None
    prescaled = bool((c != 1.0).any())
    for start in range(0, m, _BLOCK):  # blocks of rows that stay in cache
        stop = min(start + _BLOCK, m)
        v = out[start:stop] if out is not None else buf[: stop - start]  # type: ignore[index]
        if prescaled:
            np.multiply(X[start:stop], c, out=v)
            np.subtract(best, v, out=v)
        else:
            np.subtract(best, X[start:stop], out=v)
        np.multiply(w, v, out=v)
        v /= span
        np.add.reduce(v, axis=1, out=S[start:stop])
        np.maximum.reduce(v, axis=1, out=R[start:stop])
    return S, R


def _fit(X: Float, scorer: Scorer) -> ColumnStats:
    if not scorer.state:
        return fit_stats(X)
    S, R = _regrets(X, scorer, None)
    return fit_stats(np.column_stack((S, R)))


def _empty(scorer: Scorer, k: int) -> ColumnStats:
    return ColumnStats.empty(k if not scorer.state else 2)


def _finalise(scorer: Scorer, stats: Any) -> ColumnStats:
    k = 2 if scorer.state else scorer.criteria
    if not isinstance(stats, ColumnStats) or stats.min.shape != (k,):
        raise InvalidInputError("expected the ColumnStats of this fit stage", field="stats")
    if scorer.state:
        return stats
    if stats.n < 2:
        raise InvalidInputError(f"expected at least 2 alternatives, got {stats.n}", field="matrix")
    span = _ends(attrs.evolve(scorer, state=(stats,)))[3]
    for j in np.flatnonzero(~(span != 0)):
        msg = "constant column (best = worst): VIKOR cannot scale it; drop the criterion"
        raise InvalidInputError(msg, field=criterion_label(int(j), scorer.names))
    return stats


def _scaled(x: Float, lo: float, hi: float) -> Float:
    if hi == lo:
        return np.zeros_like(x)  # every alternative alike on this measure: no preference
    out: Float = (x - lo) / (hi - lo)
    return out


def _q(S: Float, R: Float, scorer: Scorer) -> Float:
    ranges: ColumnStats = scorer.state[1]  # type: ignore[assignment]
    v = scorer.options["v"]
    lo, hi = ranges.min, ranges.max
    out: Float = v * _scaled(S, lo[0], hi[0]) + (1 - v) * _scaled(R, lo[1], hi[1])
    return out


def _score(X: Float, scorer: Scorer) -> Float:
    return _q(*_regrets(X, scorer, None), scorer)


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    out = np.empty(X.shape)
    q = _q(*_regrets(X, scorer, out), scorer)
    np.negative(out, out=out)
    return q, out


def _unit(X: Float, scorer: Scorer) -> tuple[Float, float]:
    """Regrets at unit weights (``w_j g_ij`` are the weighted regrets) and ``v``."""
    c, best, _, span = _ends(scorer)
    return (best - X * c) / span, float(scorer.options["v"])


def _sampled(unit: tuple[Float, float], W: Float) -> Float:
    G, v = unit
    S = G @ W.T
    R = np.zeros_like(S)
    for j in range(G.shape[1]):  # criteria, not rows: each step is an (m, s) array
        np.maximum(R, np.multiply.outer(G[:, j], W[:, j]), out=R)
    lo_s, hi_s, lo_r, hi_r = S.min(axis=0), S.max(axis=0), R.min(axis=0), R.max(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        qs = np.where(hi_s > lo_s, (S - lo_s) / (hi_s - lo_s), 0.0)
        qr = np.where(hi_r > lo_r, (R - lo_r) / (hi_r - lo_r), 0.0)
    out: Float = v * qs + (1 - v) * qr
    return out


METHOD = Method(
    name="vikor",
    title="VIKOR",
    reference=(
        "Opricovic, S. and Tzeng, G.-H. (2004). Compromise solution by MCDM methods: "
        "A comparative analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455."
    ),
    higher_is_better=False,
    contribution_kind="-(weighted regret); sums to -S",
    stages=2,
    min_rows=2,
    defaults={"v": 0.5},
    options=_options,
    fit=_fit,
    empty=_empty,
    finalise=_finalise,
    score=_score,
    contributions=_contributions,
    unit=_unit,
    sampled=_sampled,
)


def vikor(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    v: float = 0.5,
    names: Sequence[str] | None = None,
) -> VikorResult:
    """VIKOR ranking (Opricovic and Tzeng, 2004).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, at least two alternatives.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    v : float
        Weight of the strategy of maximum group utility, 0..1 (0.5 = consensus).
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    VikorResult
        S, R and Q per alternative, whether the best has an acceptable
        advantage and the compromise set.

    Raises
    ------
    InvalidInputError
        A matrix that is not 2-D and finite, or weights or directions of the
        wrong length or sign (named).

    Notes
    -----
    ``f*_j`` is the best value of criterion j (max for benefit, min for cost),
    ``f-_j`` the worst; ``S_i = sum_j w_j (f*_j - f_ij)/(f*_j - f-_j)``,
    ``R_i = max_j ...``, ``Q_i = v (S_i - S*)/(S- - S*) + (1 - v)(R_i - R*)/(R- - R*)``.
    Lower Q is better. When every alternative has the same S (or R) that term
    is 0 (no preference), not NaN. Fitting takes two passes (the column
    ranges, then the ranges of S and R), so Q can be computed chunk by chunk
    (:class:`Scorer`); the compromise conditions need every Q and are computed
    here.

    References
    ----------
    Opricovic, S. and Tzeng, G.-H. (2004). Compromise solution by MCDM methods:
    A comparative analysis of VIKOR and TOPSIS. *European Journal of
    Operational Research*, 156(2), 445-455.

    Examples
    --------
    Three offers scored on quality (benefit) and price (cost); the first
    dominates, but not by the acceptable advantage ``1/(m-1) = 0.5`` in Q:

    >>> r = vikor([[5.0, 3000.0], [3.0, 3500.0], [1.0, 4500.0]], [0.5, 0.5], [1, -1])
    >>> r.Q.round(4).tolist(), r.advantage, r.compromise
    ([0.0, 0.4583, 1.0], False, (0, 1))
    """
    scorer, X = fitted("vikor", matrix, weights, directions, names=names, v=v)
    regrets = np.empty(X.shape)
    S, R = _regrets(X, scorer, regrets)
    Q = _q(S, R, scorer)
    m = X.shape[0]
    order = np.lexsort((np.arange(m), Q))
    a1, a2 = int(order[0]), int(order[1])
    dq = 1.0 / (m - 1)
    advantage = bool(Q[a2] - Q[a1] >= dq - 1e-12)
    stability = bool(S[a1] <= S.min() + 1e-12 or R[a1] <= R.min() + 1e-12)
    if not advantage:
        compromise = tuple(order[Q[order] - Q[a1] < dq - 1e-12].tolist())
    elif not stability:
        compromise = (a1, a2)
    else:
        compromise = (a1,)
    return VikorResult(S=S, R=R, Q=Q, regrets=regrets, advantage=advantage,
                       stability=stability, compromise=compromise)  # fmt: skip
