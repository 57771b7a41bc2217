"""PROMETHEE II: net outranking flows with per-criterion preference functions.

The flows are computed from each criterion's sorted distinct values (the
:class:`~clientel.scoring.kernels.Marginals` fitted once, mergeable across
chunks) instead of from every pair of alternatives: the number of
alternatives an alternative beats by more than a threshold is a binary search
in the sorted values, and the linear part of a preference function is a
difference of prefix sums. That is O(m log m) instead of O(m**2), and the
flows of any chunk can be computed from the merged marginals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._method import Method, known_options, linear_sampled
from clientel.scoring.kernels._scorer import Scorer, fitted
from clientel.scoring.kernels._stats import Marginals, column_exponent, fit_marginals

__all__ = ["METHOD", "PREFERENCE_FUNCTIONS", "PrometheeResult", "promethee_ii"]

Float = NDArray[np.float64]
Index = NDArray[np.intp]
#: The preference functions PROMETHEE II accepts, per criterion (Brans and Vincke 1985).
PREFERENCE_FUNCTIONS = ("usual", "linear", "v-shape", "level")
_BLOCK = 8192


@attrs.frozen(kw_only=True, eq=False, repr=False)
class PrometheeResult:
    """Flows of PROMETHEE II (higher net flow is better).

    Attributes
    ----------
    net, positive, negative : ndarray, shape (m,)
        ``phi = phi+ - phi-``.
    criterion_flows : ndarray, shape (m, n)
        Each criterion's weighted net flow; rows sum to ``net``.
    """

    __repr__ = short_repr

    net: Float
    positive: Float
    negative: Float
    criterion_flows: Float


def _options(given: Mapping[str, Any], n: int, names: Sequence[str] | None) -> dict[str, Any]:
    known_options(given, "promethee_ii", ("preference", "q", "p"))
    preference = given.get("preference", "usual")
    kinds = [preference] * n if isinstance(preference, str) else list(preference)
    if len(kinds) != n:
        raise InvalidInputError(f"expected {n} preference functions", field="preference")
    q, p = given.get("q"), given.get("p")
    try:
        qs = np.zeros(n) if q is None else np.asarray(q, dtype=np.float64)
        ps = np.zeros(n) if p is None else np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"expected {n} numbers", field="q/p") from exc
    if qs.shape != (n,) or ps.shape != (n,):
        raise InvalidInputError(f"expected {n} thresholds", field="q/p")
    for j, kind in enumerate(kinds):
        where = criterion_label(j, names)
        if kind not in PREFERENCE_FUNCTIONS:
            msg = f"unknown preference function; expected one of {PREFERENCE_FUNCTIONS}"
            raise InvalidInputError(msg, field=where, value=kind)
        if kind in {"v-shape", "linear", "level"} and not (0 <= qs[j] < ps[j]):
            msg = f"{kind} needs thresholds 0 <= q < p"
            raise InvalidInputError(msg, field=where, value=(float(qs[j]), float(ps[j])))
    return {"preference": tuple(str(k) for k in kinds), "q": tuple(qs.tolist()),
            "p": tuple(ps.tolist())}  # fmt: skip


def _fit(X: Float, scorer: Scorer) -> Marginals:
    return fit_marginals(X)


def _empty(scorer: Scorer, k: int) -> Marginals:
    return Marginals.empty(k)


def _finalise(scorer: Scorer, marginals: Any) -> Marginals:
    if not isinstance(marginals, Marginals) or marginals.columns != scorer.criteria:
        raise InvalidInputError("expected Marginals of every criterion", field="stats")
    if marginals.n < 2:
        msg = f"expected at least 2 alternatives, got {marginals.n}"
        raise InvalidInputError(msg, field="matrix")
    return marginals


def _below(v: Float, x: Float, t: float) -> Index:
    """For each x, how many of the ascending values v satisfy ``x - v > t`` (as computed).

    ``fl(x - v)`` falls as v rises, so those values are a prefix of v; a binary
    search finds it and a correction step makes the count exact for the
    rounded differences (as a pairwise comparison would see them).
    """
    u = v.size
    k = np.searchsorted(v, x - t, side="left")
    while True:
        dec = (k > 0) & ~(x - v[np.maximum(k - 1, 0)] > t)
        inc = (k < u) & (x - v[np.minimum(k, u - 1)] > t)
        if not (dec.any() or inc.any()):
            return k
        k = k - dec + inc


def _above(v: Float, x: Float, t: float) -> Index:
    """For each x, the first index of the ascending values v with ``v - x > t`` (as computed)."""
    u = v.size
    j = np.searchsorted(v, x + t, side="right")
    while True:
        dec = (j > 0) & (v[np.maximum(j - 1, 0)] - x > t)
        inc = (j < u) & ~(v[np.minimum(j, u - 1)] - x > t)
        if not (dec.any() or inc.any()):
            return j
        j = j - dec + inc


class _Column:
    """One criterion's sorted values with prefix counts and centred prefix sums."""

    def __init__(self, values: Float, counts: NDArray[np.int64], c: float) -> None:
        self.v = values * c
        self.c = c
        self.v0 = float(self.v[0])
        self.count = np.concatenate(([0.0], np.cumsum(counts, dtype=np.float64)))
        self.total = float(self.count[-1])
        self.z = np.concatenate(([0.0], np.cumsum(counts * (self.v - self.v0))))

    def preference(self, x: Float, kind: str, q: float, p: float) -> tuple[Float, Float]:
        """Sums over all alternatives b of ``P(x - x_b)`` and of ``P(x_b - x)``."""
        if kind == "usual":
            return self.count[_below(self.v, x, 0.0)], self.total - self.count[
                _above(self.v, x, 0.0)
            ]
        q = 0.0 if kind == "v-shape" else q
        kp, kq = _below(self.v, x, p), _below(self.v, x, q)
        jq, jp = _above(self.v, x, q), _above(self.v, x, p)
        far_for, far_against = self.count[kp], self.total - self.count[jp]
        if kind == "level":
            half_for = 0.5 * (self.count[kq] - far_for)
            half_against = 0.5 * (self.total - self.count[jq] - far_against)
            return far_for + half_for, far_against + half_against
        near_for = self.count[kq] - self.count[kp]
        near_against = self.count[jp] - self.count[jq]
        lin_for = (near_for * (x - self.v0 - q) - (self.z[kq] - self.z[kp])) / (p - q)
        lin_against = ((self.z[jp] - self.z[jq]) - near_against * (x - self.v0 + q)) / (p - q)
        return far_for + lin_for, far_against + lin_against


def _columns(scorer: Scorer) -> list[_Column]:
    marginals: Marginals = scorer.state[0]  # type: ignore[assignment]
    cols = []
    for j in range(scorer.criteria):  # criteria, not rows
        values, counts = marginals.column(j)
        e = column_exponent(values[:1], values[-1:])[0]
        cols.append(_Column(values, counts, float(np.ldexp(1.0, -e))))
    return cols


def _apply(X: Float, scorer: Scorer, out: Float | None) -> tuple[Float, Float]:
    """Net and positive flows of every row; criterion flows written into ``out`` if given."""
    marginals: Marginals = scorer.state[0]  # type: ignore[assignment]
    cols = _columns(scorer)
    w, d = scorer.w, scorer.d
    kinds, qs, ps = scorer.options["preference"], scorer.options["q"], scorer.options["p"]
    m, n = X.shape
    denominator = marginals.n - 1
    net, positive = np.empty(m), np.zeros(m)
    buf = np.empty((min(_BLOCK, m), n)) if out is None else None
    for start in range(0, m, _BLOCK):  # blocks of rows; criteria, not rows, inside
        stop = min(start + _BLOCK, m)
        flows = out[start:stop] if out is not None else buf[: stop - start]  # type: ignore[index]
        for j, col in enumerate(cols):
            x = X[start:stop, j] * col.c
            raw_for, raw_against = col.preference(x, kinds[j], qs[j] * col.c, ps[j] * col.c)
            pref_for, pref_against = (raw_for, raw_against) if d[j] > 0 else (raw_against, raw_for)
            flows[:, j] = w[j] * (pref_for - pref_against)
            positive[start:stop] += w[j] * pref_for
        flows /= denominator
        np.add.reduce(flows, axis=1, out=net[start:stop])
    positive /= denominator
    return net, positive


def _score(X: Float, scorer: Scorer) -> Float:
    return _apply(X, scorer, None)[0]


def _contributions(X: Float, scorer: Scorer) -> tuple[Float, Float]:
    out = np.empty(X.shape)
    return _apply(X, scorer, out)[0], out


def _unit(X: Float, scorer: Scorer) -> Float:
    """Criterion flows at unit weights: net flows of any weights ``W`` are ``unit @ W.T``."""
    ones = attrs.evolve(scorer, weights=np.ones(scorer.criteria))
    out = np.empty(X.shape)
    _apply(X, ones, out)
    unit: Float = out * scorer.criteria
    return unit


METHOD = Method(
    name="promethee_ii",
    title="PROMETHEE II",
    reference=(
        "Brans, J.-P. and Vincke, Ph. (1985). A preference ranking organisation method. "
        "Management Science 31(6), 647-656."
    ),
    linear=True,
    additive=True,
    contribution_kind="criterion net flow; sums to the net flow",
    min_rows=2,
    defaults={"preference": "usual", "q": None, "p": None},
    options=_options,
    fit=_fit,
    empty=_empty,
    finalise=_finalise,
    score=_score,
    contributions=_contributions,
    unit=_unit,
    sampled=linear_sampled,
)


def promethee_ii(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    preference: str | Sequence[str] = "usual",
    q: ArrayLike | None = None,
    p: ArrayLike | None = None,
    names: Sequence[str] | None = None,
) -> PrometheeResult:
    """PROMETHEE II net flows (Brans and Vincke, 1985).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, at least two alternatives.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1) or cost (-1).
    preference : str or sequence of str
        Per criterion: ``"usual"`` (any advantage is full preference),
        ``"v-shape"`` (linear up to ``p``), ``"linear"`` (indifference up to
        ``q``, linear to ``p``) or ``"level"`` (0 up to ``q``, 1/2 up to ``p``, 1 above).
    q, p : array_like, optional
        Indifference and preference thresholds per criterion (``0 <= q < p``
        where the function uses them).
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    PrometheeResult
        Positive, negative and net flows per alternative (higher net is better).

    Raises
    ------
    InvalidInputError
        A matrix that is not 2-D and finite, or weights or directions of the
        wrong length or sign (named).

    Notes
    -----
    ``pi(a, b) = sum_j w_j P_j(d_j (x_aj - x_bj))``; ``phi+(a) = sum_b pi(a,b)/(m-1)``,
    ``phi-(a) = sum_b pi(b,a)/(m-1)``. Instead of every pair, each criterion's
    distinct values are sorted once: the alternatives that ``a`` beats by more
    than a threshold are found by binary search (exactly as the pairwise
    differences compare), and the linear part of a preference function sums
    as a difference of prefix sums, in O(m log m) time and O(m) memory. The
    usual and level functions count, so their flows are exact; the linear and
    V-shape sums may differ from a pairwise sum in the last bits.

    References
    ----------
    Brans, J.-P. and Vincke, Ph. (1985). A preference ranking organisation
    method. *Management Science*, 31(6), 647-656.

    Examples
    --------
    >>> r = promethee_ii([[1.0, 5.0], [2.0, 3.0], [3.0, 1.0]], [0.5, 0.5], [1, -1])
    >>> r.net.tolist()
    [-1.0, 0.0, 1.0]
    """
    scorer, X = fitted("promethee_ii", matrix, weights, directions, names=names,
                       preference=preference, q=q, p=p)  # fmt: skip
    flows = np.empty(X.shape)
    net, positive = _apply(X, scorer, flows)
    return PrometheeResult(net=net, positive=positive, negative=positive - net,
                           criterion_flows=flows)  # fmt: skip
