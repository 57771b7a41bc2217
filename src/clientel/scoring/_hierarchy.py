"""Across the steps: hierarchical criteria, tier boundaries with hysteresis, change explained.

Used by client ranking (2.3.1-2.3.3), opportunity priorities (2.4.5) and the
bid scorecard (2.5.2) when criteria are organised factor -> group -> axis -> total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal import tuples
from clientel._internal.bands import check_bands
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.scoring.kernels._tree import tree_scores

__all__ = [
    "ChangeExplanation",
    "CriteriaTree",
    "TierBand",
    "TierScheme",
    "explain_change",
]


@attrs.frozen(kw_only=True)
class CriteriaTree:
    """Factor -> group -> axis -> total, with a weight at each level.

    ``factors`` maps factor to (group, weight), ``groups`` group to (axis,
    weight) and ``axes`` axis to weight. Weights are normalised among siblings.
    """

    factors: Mapping[str, tuple[str, float]] = attrs.field(converter=frozen_mapping)
    groups: Mapping[str, tuple[str, float]] = attrs.field(converter=frozen_mapping)
    axes: Mapping[str, float] = attrs.field(converter=frozen_mapping)

    def __attrs_post_init__(self) -> None:
        for f, (g, w) in self.factors.items():
            if g not in self.groups:
                raise UnknownReferenceError("unknown group", field=f"factors[{f!r}]", value=g)
            if not (math.isfinite(w) and w >= 0):
                raise InvalidInputError("weight must be >= 0", field=f"factors[{f!r}]", value=w)
        for g, (a, w) in self.groups.items():
            if a not in self.axes:
                raise UnknownReferenceError("unknown axis", field=f"groups[{g!r}]", value=a)
            if not (math.isfinite(w) and w >= 0):
                raise InvalidInputError("weight must be >= 0", field=f"groups[{g!r}]", value=w)
        for a, w in self.axes.items():
            if not (math.isfinite(w) and w >= 0):
                raise InvalidInputError("weight must be >= 0", field=f"axes[{a!r}]", value=w)

    def matrices(
        self,
    ) -> tuple[
        list[str],
        NDArray[np.float64],
        NDArray[np.float64],
        NDArray[np.float64],
        NDArray[np.float64],
        NDArray[np.float64],
    ]:
        """Sorted factor names, factor weights, factor->group and group->axis
        membership matrices, group weights, axis weights."""
        fn = sorted(self.factors)
        gn = sorted(self.groups)
        an = sorted(self.axes)
        wf = np.array([self.factors[f][1] for f in fn], dtype=np.float64)
        FG = np.array([[self.factors[f][0] == g for g in gn] for f in fn], dtype=np.float64)
        GA = np.array([[self.groups[g][0] == a for a in an] for g in gn], dtype=np.float64)
        wg = np.array([self.groups[g][1] for g in gn], dtype=np.float64)
        wa = np.array([self.axes[a] for a in an], dtype=np.float64)
        return fn, wf, FG.reshape(len(fn), len(gn)), GA.reshape(len(gn), len(an)), wg, wa

    def scores(self, X: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Total scores and effective factor weights of rows x factors (NaN = missing).

        Columns are the tree's factors in sorted order; missing factors are
        left out and their siblings' weights renormalised (see
        :func:`clientel.scoring.kernels.tree_scores`).

        Examples
        --------
        >>> import numpy as np
        >>> tree = CriteriaTree(factors={"potential": ("g", 3), "relationship": ("g", 1)},
        ...                     groups={"g": ("axis", 1)}, axes={"axis": 1})
        >>> total, eff = tree.scores(np.array([[4.0, 2.0], [4.0, np.nan]]))
        >>> total.tolist(), eff.tolist()
        ([3.5, 4.0], [[0.75, 0.25], [1.0, 0.0]])
        """
        fn, *arrays = self.matrices()
        if X.ndim != 2 or X.shape[1] != len(fn):
            msg = f"expected rows x {len(fn)} factors in sorted order {fn}"
            raise InvalidInputError(msg, field="X", value=X.shape)
        return tree_scores(X, *arrays)


@attrs.frozen(kw_only=True, repr=False)
class ChangeExplanation(TableDisplay):
    """A score change between two reviews split exactly into input and weight parts."""

    before: float
    after: float
    input_part: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    weight_part: Mapping[str, float] = attrs.field(converter=frozen_mapping)

    def explain(self, k: int = 3) -> Explanation:
        """The ``k`` largest parts of the change by absolute size (ties by name)."""
        parts = [(f"{f} (input)", v) for f, v in self.input_part.items()]
        parts += [(f"{f} (weight)", v) for f, v in self.weight_part.items()]
        parts.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
        return Explanation(
            subject="score change",
            summary=f"{self.before:.4g} -> {self.after:.4g} ({self.after - self.before:+.4g})",
            factors=[Factor(criterion=n, effect=v) for n, v in parts[:k]],
            effect_kind="part of the change from a factor's input or weight (Shapley split)",
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per factor."""
        return [
            {"factor": f, "input": v, "weight": self.weight_part[f]}
            for f, v in sorted(self.input_part.items())
        ]


def explain_change(
    before: Mapping[str, float],
    after: Mapping[str, float],
    tree_before: CriteriaTree,
    tree_after: CriteriaTree | None = None,
) -> ChangeExplanation:
    r"""Split a score change between two reviews into changed inputs and changed weights.

    Parameters
    ----------
    before, after : mapping of factor to value
        The item's factor values at the two reviews (complete: no missing values).
    tree_before : CriteriaTree
        Weights at the first review.
    tree_after : CriteriaTree, optional
        Weights at the second review (same factors); the same by default.

    Returns
    -------
    ChangeExplanation
        Per factor the input part and the weight part; together they add up
        to ``after - before`` exactly (up to rounding).

    Raises
    ------
    MissingDataError
        A factor without a value at either review (named).
    InvalidInputError
        Trees with different factors.

    Notes
    -----
    With effective weights :math:`w` and values :math:`x`, the score is
    :math:`S = \sum_j w_j x_j`. The symmetric (Shapley) split of
    :math:`\Delta S` over the two "players" inputs and weights is, per factor,

    .. math:: \Delta^{x}_j = \tfrac{w_j^0 + w_j^1}{2}(x_j^1 - x_j^0),\qquad
              \Delta^{w}_j = \tfrac{x_j^0 + x_j^1}{2}(w_j^1 - w_j^0),

    and :math:`\sum_j (\Delta^{x}_j + \Delta^{w}_j) = S^1 - S^0` exactly because
    each term is bilinear. It does not depend on which change is applied first.

    Examples
    --------
    A client's relationship improved from 2 to 4 while the unit moved weight
    from potential to relationship:

    >>> t0 = CriteriaTree(factors={"potential": ("g", 3), "relationship": ("g", 1)},
    ...                   groups={"g": ("axis", 1)}, axes={"axis": 1})
    >>> t1 = CriteriaTree(factors={"potential": ("g", 1), "relationship": ("g", 1)},
    ...                   groups={"g": ("axis", 1)}, axes={"axis": 1})
    >>> ch = explain_change({"potential": 4, "relationship": 2},
    ...                     {"potential": 4, "relationship": 4}, t0, t1)
    >>> ch.before, ch.after
    (3.5, 4.0)
    >>> dict(ch.input_part), dict(ch.weight_part)
    ({'potential': 0.0, 'relationship': 0.75}, {'potential': -1.0, 'relationship': 0.75})
    """
    t1 = tree_before if tree_after is None else tree_after
    names = sorted(tree_before.factors)
    if names != sorted(t1.factors):
        raise InvalidInputError("the two trees must have the same factors", field="tree_after")
    rows = np.empty((2, len(names)))
    for r, (label, vals) in enumerate((("before", before), ("after", after))):
        for j, n in enumerate(names):
            v = vals.get(n)
            if v is None:
                raise MissingDataError("value needed at both reviews", field=f"{label}[{n!r}]")
            rows[r, j] = float(v)
    s0, w0 = tree_before.scores(rows[:1])
    s1, w1 = t1.scores(rows[1:])
    dx = (w0[0] + w1[0]) / 2 * (rows[1] - rows[0])
    dw = (rows[0] + rows[1]) / 2 * (w1[0] - w0[0])
    return ChangeExplanation(
        before=float(s0[0]),
        after=float(s1[0]),
        input_part={n: float(v) for n, v in zip(names, dx, strict=True)},
        weight_part={n: float(v) for n, v in zip(names, dw, strict=True)},
    )


@attrs.frozen(kw_only=True)
class TierBand:
    """A tier between ``lower`` and ``upper`` with explicit inclusive/exclusive ends."""

    name: str
    lower: float
    upper: float
    lower_inclusive: bool = True
    upper_inclusive: bool = False

    def contains(self, x: float, margin: float = 0.0) -> bool:
        """True if ``x`` is in the band widened by ``margin`` on both sides."""
        lo, hi = self.lower - margin, self.upper + margin
        above = x >= lo if (self.lower_inclusive or margin > 0) else x > lo
        below = x <= hi if (self.upper_inclusive or margin > 0) else x < hi
        return bool(above and below)


@attrs.frozen(kw_only=True)
class TierScheme:
    """Tier bands covering ``[bands[0].lower, bands[-1].upper]`` without gaps or overlaps.

    Examples
    --------
    >>> s = TierScheme(bands=[TierBand(name="C", lower=0, upper=0.4),
    ...                       TierBand(name="B", lower=0.4, upper=0.7),
    ...                       TierBand(name="A", lower=0.7, upper=1, upper_inclusive=True)],
    ...                hysteresis=0.05)
    >>> s.assign(0.7), s.assign(0.68), s.assign(0.68, previous="A"), s.assign(0.6, previous="A")
    ('A', 'B', 'A', 'B')
    """

    bands: tuple[TierBand, ...] = attrs.field(converter=tuples.bands)
    hysteresis: float = 0.0

    def __attrs_post_init__(self) -> None:
        check_bands(self.bands)
        if not (math.isfinite(self.hysteresis) and self.hysteresis >= 0):
            raise InvalidInputError("expected >= 0", field="hysteresis", value=self.hysteresis)

    def assign(self, score: float, previous: str | None = None) -> str:
        """The tier of ``score``; with hysteresis, stay in ``previous`` while within margin."""
        if previous is not None:
            band = next((b for b in self.bands if b.name == previous), None)
            if band is None:
                raise UnknownReferenceError("unknown tier", field="previous", value=previous)
            if self.hysteresis > 0 and band.contains(score, self.hysteresis):
                return previous
        for b in self.bands:
            if b.contains(score):
                return b.name
        raise InvalidInputError("score outside every tier", field="score", value=score)
