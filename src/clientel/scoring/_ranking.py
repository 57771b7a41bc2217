"""The typed entry point: score entities' attributes against criteria and explain the ranking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.scoring._criteria import Criterion, criteria_weights
from clientel.scoring._views import by_id
from clientel.scoring.kernels._method import lookup
from clientel.scoring.kernels._missing import score_missing
from clientel.scoring.kernels._ranks import ranks
from clientel.scoring.kernels._scorer import Scorer

__all__ = ["RankedItem", "Ranking", "score_alternatives"]


_NOISE = 1e-12  # effects within this (relative) distance of zero are rounding, not a factor


def _effect(value: float, noise: float) -> float:
    """``value``, or 0.0 where it is rounding noise (a missing cell filled with the mean)."""
    return 0.0 if abs(value) <= noise else value


@attrs.frozen(kw_only=True)
class RankedItem:
    """One alternative's place in a ranking.

    ``low``/``high`` and ``best_rank``/``worst_rank`` are the score and rank
    intervals caused by missing values (equal to the point values when none).
    """

    id: str
    rank: int
    score: float
    low: float
    high: float
    best_rank: int
    worst_rank: int
    contributions: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    values: Mapping[str, float | None] = attrs.field(converter=frozen_mapping)


@attrs.frozen(kw_only=True, repr=False)
class Ranking(TableDisplay):
    """A ranking that can explain itself.

    Attributes
    ----------
    method : str
        The MCDA method (one of :data:`clientel.scoring.kernels.METHODS`);
        ``higher_is_better`` is False for VIKOR.
    criteria, weights : tuple
        Criterion names and their normalised weights.
    items : tuple of RankedItem
        In rank order; ties broken by ``tie_key`` (default: id).
    excluded : tuple of str
        Ids dropped by an EXCLUDE missing-data policy.
    contribution_kind : str
        What ``RankedItem.contributions`` mean for this method.
    parameters : mapping of str to str
        The tie tolerance and the method options given (e.g. ``v`` for VIKOR,
        ``normalisation`` for TOPSIS), as text; sequences comma-separated.
    """

    method: str
    higher_is_better: bool
    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    items: tuple[RankedItem, ...]
    excluded: tuple[str, ...] = ()
    contribution_kind: str = ""
    parameters: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    _display_title = "Ranking"

    def __repr__(self) -> str:
        top = ", ".join(f"{it.id} ({it.score:.3g})" for it in self.items[:3])
        more = f", … {len(self.items) - 3} more" if len(self.items) > 3 else ""
        return f"<Ranking {self.method}: {top}{more}>"

    def __len__(self) -> int:
        return len(self.items)

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids in rank order."""
        return tuple(it.id for it in self.items)

    def item(self, id: str) -> RankedItem:  # noqa: A002 - ids are called id everywhere
        """The ranked item for ``id``."""
        return by_id(self.items, id, "ranking")

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Every criterion's effect on ``id``: its contribution minus the average one.

        Effects sum to the alternative's contribution total minus the average
        total (for the weighted sum: its score minus the mean score); an effect
        within 1e-12 (relative) of zero is rounding and shows as 0 (a missing
        value filled with the mean has no effect). Factors
        run from most positive to most negative, ties by criterion name; each
        carries the alternative's value (None when missing). The summary gives
        the rank and score, and the rank range when missing values leave it open.

        Examples
        --------
        >>> from clientel.scoring import Criterion, score_alternatives
        >>> r = score_alternatives({"a": {"x": 1, "y": 4}, "b": {"x": 3, "y": 2}},
        ...                        [Criterion(name="x", weight=1), Criterion(name="y", weight=3)],
        ...                        method="weighted_sum")
        >>> print(r.explain("a"))
        a: rank 1 of 2, score 0.75
          y  +0.375  (value 4)
          x  -0.125  (value 1)
        """
        it = self.item(id)
        mean = {c: float(np.mean([x.contributions[c] for x in self.items])) for c in self.criteria}
        noise = _NOISE * max([1.0, *(abs(v) for v in mean.values())])
        factors = [
            Factor(
                criterion=c,
                effect=_effect(it.contributions[c] - mean[c], noise),
                value=it.values.get(c),
            )
            for c in self.criteria
        ]
        summary = f"rank {it.rank} of {len(self.items)}, score {it.score:.4g}"
        if (it.best_rank, it.worst_rank) != (it.rank, it.rank):
            summary += f" (rank {it.best_rank} to {it.worst_rank} as missing values fall)"
        return Explanation(
            subject=id,
            summary=summary,
            factors=sorted(factors, key=lambda f: (-f.effect, f.criterion)),
            effect_kind=f"contribution minus the average ({self.contribution_kind})",
        )

    def top_factors(self, id: str, k: int = 3) -> tuple[tuple[Factor, ...], tuple[Factor, ...]]:  # noqa: A002
        """The ``k`` most positive and the ``k`` most negative factors of ``id``."""
        factors = self.explain(id).factors
        positive = tuple(f for f in factors if f.effect > 0)[:k]
        negative = tuple(f for f in reversed(factors) if f.effect < 0)[:k]
        return positive, negative

    def to_records(self) -> list[dict[str, Any]]:
        """One row per alternative: id, rank, score, intervals, contributions."""
        return [
            {
                "id": it.id,
                "rank": it.rank,
                "score": it.score,
                "low": it.low,
                "high": it.high,
                "best_rank": it.best_rank,
                "worst_rank": it.worst_rank,
                **{f"contribution.{c}": it.contributions[c] for c in self.criteria},
            }
            for it in self.items
        ]


def _array_matrix(
    values: ArrayLike, ids: Sequence[str] | None, criteria: Sequence[Criterion]
) -> tuple[list[str], NDArray[np.float64]]:
    try:
        X = np.array(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            "expected a 2-D array of numbers (NaN = missing)", field="alternatives"
        ) from exc
    if X.ndim != 2 or X.shape[1] != len(criteria):
        msg = f"expected a 2-D array with one column per criterion ({len(criteria)})"
        raise InvalidInputError(msg, field="alternatives", value=X.shape)
    if ids is None or len(ids) != X.shape[0]:
        msg = f"a 2-D array needs ids=, one per row ({X.shape[0]})"
        raise InvalidInputError(msg, field="ids", value=None if ids is None else len(ids))
    names = [str(i) for i in ids]
    if len(set(names)) != len(names):
        dup = sorted({i for i in names if names.count(i) > 1})
        raise InvalidInputError("ids must be unique", field="ids", value=dup)
    return names, X


def _matrix(
    alternatives: Mapping[str, Mapping[str, float | None]] | ArrayLike,
    ids: Sequence[str] | None,
    criteria: Sequence[Criterion],
) -> tuple[list[str], NDArray[np.float64]]:
    if not isinstance(alternatives, Mapping):
        return _array_matrix(alternatives, ids, criteria)
    if ids is not None:
        msg = "ids= is only for a 2-D array; a mapping's keys are the ids"
        raise InvalidInputError(msg, field="ids")
    keys = list(alternatives)
    X = np.empty((len(keys), len(criteria)))
    for i, key in enumerate(keys):
        row = alternatives[key]
        for j, c in enumerate(criteria):
            if c.name not in row:
                msg = "no value for this criterion (give None to mark it missing)"
                raise UnknownReferenceError(msg, field=f"{key!r}.{c.name}")
            v = row[c.name]
            X[i, j] = np.nan if v is None else float(v)
    return keys, X


def _param_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return ",".join(_param_text(v) for v in value)
    if isinstance(value, (bool, np.bool_, int, np.integer)):
        return str(value)
    return repr(float(value))


def score_alternatives(
    alternatives: Mapping[str, Mapping[str, float | None]] | ArrayLike,
    criteria: Sequence[Criterion],
    *,
    ids: Sequence[str] | None = None,
    method: str = "topsis",
    weights: Sequence[float] | None = None,
    tie_key: Mapping[str, str] | None = None,
    tol: float = 1e-9,
    **options: Any,
) -> Ranking:
    """Score and rank alternatives (clients, opportunities, options) against criteria.

    Parameters
    ----------
    alternatives : mapping of id to mapping of criterion name to value, or 2-D array
        E.g. ``{c.id: c.attributes for c in clients}``; ``None`` marks a
        missing value, handled by each criterion's :class:`MissingPolicy`.
        Or a float array (alternatives x criteria, columns in the order of
        ``criteria``, NaN = missing) together with ``ids``.
    criteria : sequence of Criterion
        Names, directions, weights and missing-data policies.
    method : {"weighted_sum", "weighted_product", "topsis", "vikor", "promethee_ii"}
        The MCDA method; extra keyword ``options`` go to it (e.g. ``v`` for VIKOR).
    weights : sequence of float, optional
        Overrides the criteria's own weights (e.g. from
        :func:`clientel.scoring.kernels.ahp_weights`).
    ids : sequence of str, optional
        Row ids when ``alternatives`` is a 2-D array (required then, unique).
    tie_key : mapping of id to str, optional
        Orders tied alternatives; by default the id.

    Returns
    -------
    Ranking
        Items in rank order, with score/rank intervals from missing data and
        per-criterion contributions for :meth:`Ranking.explain`.

    Examples
    --------
    Three prospects ranked on revenue potential and relationship strength,
    with one relationship unknown:

    >>> from clientel.scoring import Criterion, MissingPolicy, score_alternatives
    >>> crit = [Criterion(name="potential", weight=2),
    ...         Criterion(name="relationship", weight=1, missing=MissingPolicy.BOUNDS)]
    >>> r = score_alternatives({"nordbank": {"potential": 9, "relationship": 2},
    ...                         "vista": {"potential": 5, "relationship": 5},
    ...                         "civic": {"potential": 7, "relationship": None}},
    ...                        crit, method="weighted_sum")
    >>> [(it.id, it.rank, it.best_rank, it.worst_rank) for it in r.items]
    [('nordbank', 1, 1, 1), ('civic', 2, 1, 2), ('vista', 3, 2, 3)]
    >>> [f.criterion for f in r.top_factors("vista")[1]]
    ['potential']

    The same prospects as an array (NaN marks the unknown relationship):

    >>> import numpy as np
    >>> X = np.array([[9, 2], [5, 5], [7, np.nan]])
    >>> score_alternatives(X, crit, ids=["nordbank", "vista", "civic"],
    ...                    method="weighted_sum").ids
    ('nordbank', 'civic', 'vista')
    """
    rec = lookup(method)
    crit = list(criteria)
    w = criteria_weights(crit, weights)
    names = [c.name for c in crit]
    row_ids, X = _matrix(alternatives, ids, crit)
    d = np.array([c.direction.sign for c in crit], dtype=np.int8)
    bounds = None
    if any(c.bounds is not None for c in crit):
        with np.errstate(all="ignore"):
            lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
        bounds = np.array(
            [c.bounds if c.bounds is not None else (lo[j], hi[j]) for j, c in enumerate(crit)]
        )
    if tol < 0 or not np.isfinite(tol):
        raise InvalidInputError("tolerance must be finite and >= 0", field="tol", value=tol)
    scorer = Scorer(method=method, weights=w, directions=d, options=options, names=names)
    found = score_missing(X, scorer, [c.missing for c in crit], bounds=bounds,
                          row_names=row_ids, tol=tol, contributions=True)  # fmt: skip
    higher = rec.higher_is_better
    kept = found.kept
    kept_ids = [i for i, k in zip(row_ids, kept, strict=True) if k]
    Xk = X[kept]
    scores, low, high = found.scores, found.low, found.high
    best, worst = found.best_rank, found.worst_rank
    contrib = found.contributions
    assert contrib is not None
    keys = [tie_key.get(i, i) if tie_key else i for i in kept_ids]
    order, rank = ranks(scores, higher_is_better=higher, tol=tol, tie_key=keys)
    items = tuple(
        RankedItem(
            id=kept_ids[i],
            rank=int(rank[i]),
            score=float(scores[i]),
            low=float(low[i]),
            high=float(high[i]),
            best_rank=int(best[i]) if best is not None else int(rank[i]),
            worst_rank=int(worst[i]) if worst is not None else int(rank[i]),
            contributions={n: float(contrib[i, j]) for j, n in enumerate(names)},
            values={
                n: (None if np.isnan(Xk[i, j]) else float(Xk[i, j])) for j, n in enumerate(names)
            },
        )
        for i in order
    )
    excluded = tuple(i for i, k in zip(row_ids, kept, strict=True) if not k)
    return Ranking(
        method=method,
        higher_is_better=higher,
        criteria=tuple(names),
        weights=tuple(float(x) for x in w),
        items=items,
        excluded=excluded,
        contribution_kind=rec.contribution_kind,
        parameters={"tol": _param_text(tol), **{k: _param_text(v) for k, v in options.items()}},
    )
