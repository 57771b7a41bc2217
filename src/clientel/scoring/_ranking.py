"""A columnar ranking that explains itself: arrays inside, items built on access."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.arrays import frozen_floats, frozen_intp, frozen_objects
from clientel._internal.dataframes import frame_of_columns
from clientel._internal.display import TableDisplay, html_table
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.scoring.kernels._acceptability import (
    AcceptabilityCounts,
    Cells,
    RankAcceptability,
    check_sampling,
    sample_counts,
)
from clientel.scoring.kernels._missing import MissingPolicy
from clientel.scoring.kernels._ranks import order_codes
from clientel.scoring.kernels._scorer import Scorer

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["RankedItem", "Ranking"]

Float = NDArray[np.float64]
Ranks = NDArray[np.intp]
_NOISE = 1e-12  # effects within this (relative) distance of zero are rounding, not a factor
_SHOWN = 20  # rows in the notebook table


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


def _str_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _policies(value: Any) -> tuple[MissingPolicy, ...]:
    return tuple(MissingPolicy(v) for v in value)


class RankedItems(Sequence[RankedItem]):
    """The items of a :class:`Ranking` in rank order, each built when it is read."""

    __slots__ = ("_ranking",)

    def __init__(self, ranking: Ranking) -> None:
        self._ranking = ranking

    def __len__(self) -> int:
        return len(self._ranking)

    @overload
    def __getitem__(self, i: int) -> RankedItem: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[RankedItem, ...]: ...

    def __getitem__(self, i: int | slice) -> RankedItem | tuple[RankedItem, ...]:
        order = self._ranking.order
        if isinstance(i, slice):
            return tuple(self._ranking.row_item(int(r)) for r in order[i])
        return self._ranking.row_item(int(order[i]))

    def __iter__(self) -> Iterator[RankedItem]:
        for r in self._ranking.order.tolist():  # items are built as they are read
            yield self._ranking.row_item(r)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} ranked items>"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Ranking(TableDisplay):
    """A ranking that can explain itself, held as columns.

    Every per-alternative array is in input order (the kept rows) and
    ``order`` lists the rows best to worst; items are built when they are read,
    so ``ids``, ``item(id)`` and ``explain(id)`` cost O(1) (after a first call
    that indexes the ids), and ``to_frame()`` builds its columns without a
    loop over the rows.

    Attributes
    ----------
    scorer : Scorer
        The fitted method: name, weights, directions, options and statistics.
    row_ids : ndarray of str
        The ids of the ranked (kept) rows, in input order.
    order : ndarray of int
        Rows best to worst; ties broken by ``tie_key`` (default: id).
    scores, ranks, low, high, best_ranks, worst_ranks : ndarray
        Per row: score, competition rank, and the score and rank intervals
        caused by missing values (equal to the point values where none).
    contributions : ndarray, shape (rows, criteria)
        Per-criterion contributions (see ``contribution_kind``).
    values : ndarray, shape (rows, criteria)
        The values scored, NaN where missing.
    excluded : tuple of str
        Ids dropped by an EXCLUDE missing-data policy.
    missing : tuple of MissingPolicy
        Each criterion's missing-data policy.
    fill, plausible : ndarray
        The value a missing cell takes in the point score (the observed mean)
        and the (worst, best) plausible values of a BOUNDS cell, per criterion.
    tol : float
        The tie tolerance.
    parameters : mapping of str to str
        The tie tolerance and the method options given (e.g. ``v`` for VIKOR,
        ``normalisation`` for TOPSIS), as text; sequences comma-separated.
    """

    scorer: Scorer
    row_ids: NDArray[np.object_] = attrs.field(converter=frozen_objects)
    order: Ranks = attrs.field(converter=frozen_intp)
    scores: Float = attrs.field(converter=frozen_floats)
    ranks: Ranks = attrs.field(converter=frozen_intp)
    low: Float = attrs.field(converter=frozen_floats)
    high: Float = attrs.field(converter=frozen_floats)
    best_ranks: Ranks = attrs.field(converter=frozen_intp)
    worst_ranks: Ranks = attrs.field(converter=frozen_intp)
    contributions: Float = attrs.field(converter=frozen_floats)
    values: Float = attrs.field(converter=frozen_floats)
    excluded: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    missing: tuple[MissingPolicy, ...] = attrs.field(default=(), converter=_policies)
    fill: Float = attrs.field(converter=frozen_floats)
    plausible: Float = attrs.field(converter=frozen_floats)
    tol: float = 1e-9
    parameters: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False)
    _display_title = "Ranking"

    # -- the method -------------------------------------------------------------------------
    @property
    def method(self) -> str:
        """The MCDA method (a key of :data:`clientel.scoring.kernels.METHODS`)."""
        return self.scorer.method

    @property
    def higher_is_better(self) -> bool:
        """False where a lower score ranks first (VIKOR's Q)."""
        return self.scorer.record.higher_is_better

    @property
    def criteria(self) -> tuple[str, ...]:
        """Criterion names."""
        return self.scorer.names or tuple(str(j) for j in range(self.scorer.criteria))

    @property
    def weights(self) -> tuple[float, ...]:
        """The criteria's weights, normalised to sum to 1."""
        return tuple(self.scorer.w.tolist())

    @property
    def contribution_kind(self) -> str:
        """What ``RankedItem.contributions`` mean for this method."""
        return self.scorer.record.contribution_kind

    # -- rows and ids -----------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.order.shape[0])

    @property
    def ids(self) -> tuple[str, ...]:
        """Ids in rank order."""
        if "ids" not in self._cache:
            # scattered into rank order, not gathered: the ids are read in input order, where
            # they usually lie in memory, and each one is written to its place
            place = np.empty(len(self), dtype=np.intp)
            place[self.order] = np.arange(len(self))
            ids = np.empty(len(self), dtype=object)
            ids[place] = self.row_ids
            self._cache["ids"] = tuple(ids.tolist())
        out: tuple[str, ...] = self._cache["ids"]
        return out

    @property
    def items(self) -> RankedItems:
        """The ranked items in rank order (a sequence; each item is built when read)."""
        return RankedItems(self)

    def row(self, id: str) -> int:  # noqa: A002 - ids are called id everywhere
        """The row (input position among the kept rows) of ``id``."""
        index = self._cache.get("index")
        if index is None:
            index = self._cache["index"] = dict(
                zip(self.row_ids.tolist(), range(len(self)), strict=True)
            )
        try:
            return int(index[id])
        except (KeyError, TypeError):
            raise UnknownReferenceError("not in this ranking", field="id", value=id) from None

    def row_item(self, row: int) -> RankedItem:
        """The ranked item of row ``row`` (input position among the kept rows)."""
        names = self.criteria
        contrib = self.contributions[row].tolist()
        values = self.values[row].tolist()
        return RankedItem(
            id=str(self.row_ids[row]),
            rank=int(self.ranks[row]),
            score=float(self.scores[row]),
            low=float(self.low[row]),
            high=float(self.high[row]),
            best_rank=int(self.best_ranks[row]),
            worst_rank=int(self.worst_ranks[row]),
            contributions=dict(zip(names, contrib, strict=True)),
            values={n: (None if v != v else v) for n, v in zip(names, values, strict=True)},
        )

    def item(self, id: str) -> RankedItem:  # noqa: A002 - ids are called id everywhere
        """The ranked item for ``id``."""
        return self.row_item(self.row(id))

    # -- explanations -----------------------------------------------------------------------
    def _means(self) -> Float:
        if "means" not in self._cache:
            self._cache["means"] = self.contributions.mean(axis=0)
        out: Float = self._cache["means"]
        return out

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """Every criterion's effect on ``id``: its contribution minus the average one.

        Effects sum to the alternative's contribution total minus the average
        total (for the weighted sum: its score minus the mean score); an effect
        within 1e-12 (relative) of zero is rounding and shows as 0 (a missing
        value filled with the mean has no effect). Factors run from most
        positive to most negative, ties by criterion name; each carries the
        alternative's value (None when missing). The summary gives the rank and
        score, and the rank range when missing values leave it open.

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
        means = self._means().tolist()
        noise = _NOISE * max([1.0, *(abs(v) for v in means)])
        factors = [
            Factor(
                criterion=c,
                effect=_effect(it.contributions[c] - mean, noise),
                value=it.values.get(c),
            )
            for c, mean in zip(self.criteria, means, strict=True)
        ]
        summary = f"rank {it.rank} of {len(self)}, score {it.score:.4g}"
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

    # -- rank acceptability ------------------------------------------------------------------
    def _sampling(self) -> tuple[Float, Cells, NDArray[np.intp]]:
        """The values in id order (missing cells at their fill), the BOUNDS cells to draw,
        and the permutation from id order to rows."""
        if "sampling" not in self._cache:
            by_id = np.argsort(order_codes(self.row_ids), kind="stable").astype(np.intp)
            X = self.values[by_id]
            rows, cols = np.nonzero(np.isnan(X))
            X[rows, cols] = self.fill[cols]
            bounded = np.array([self.missing[j] is MissingPolicy.BOUNDS for j in cols.tolist()],
                               dtype=bool)  # fmt: skip
            ends = self.plausible[cols[bounded]]
            cells = Cells(rows=rows[bounded], cols=cols[bounded], low=ends.min(axis=1),
                          high=ends.max(axis=1))  # fmt: skip
            self._cache["sampling"] = (X, cells, by_id)
        out: tuple[Float, Cells, NDArray[np.intp]] = self._cache["sampling"]
        return out

    def acceptability_counts(
        self,
        start: int,
        stop: int,
        *,
        seed: int = 0,
        concentration: float = 50.0,
        ranks: int | None = None,
    ) -> AcceptabilityCounts:
        """Rank counts of the samples ``start`` to ``stop - 1`` (a partition's share).

        Rows are in id order; merge the counts of disjoint ranges and read them
        with :meth:`acceptability_of`.
        """
        X, cells, _ = self._sampling()
        k = check_sampling(seed, concentration, ranks, len(self), start, stop)
        return sample_counts(X, self.scorer, self.scorer.w, seed=seed, start=start, stop=stop,
                             concentration=float(concentration), ranks=k, cells=cells)  # fmt: skip

    def acceptability_of(self, counts: AcceptabilityCounts) -> RankAcceptability:
        """Merged counts as shares, rows in rank order with their ids."""
        _, _, by_id = self._sampling()
        at = np.empty(len(self), dtype=np.intp)
        at[by_id] = np.arange(len(self))  # row -> position in id order
        return counts.result(self.ids, at[self.order])

    def acceptability(
        self,
        samples: int = 10_000,
        seed: int = 0,
        *,
        concentration: float = 50.0,
        ranks: int | None = None,
    ) -> RankAcceptability:
        """How often each alternative holds each rank when the weights are uncertain (SMAA).

        Weight vectors are drawn around this ranking's weights (Dirichlet with
        parameters ``concentration * weights``) and every one is scored by this
        ranking's own method, options and fitted statistics. Missing values
        follow the criteria's policies: excluded rows stay out, NEUTRAL cells
        keep the observed mean, and each BOUNDS cell is drawn uniformly between
        its worst and best plausible value in every sample. Ties in a sample go
        to the smaller id. Samples are drawn and ranked a block of 1,024 at a
        time (memory flat in ``samples``), and sample ``s`` is the same however
        the samples are split into ranges (:meth:`acceptability_counts`).

        Parameters
        ----------
        samples, seed : int
            Weight vectors to draw, and the seed (same seed, same numbers).
        concentration : float
            How tightly the weights gather around this ranking's (larger: tighter).
        ranks : int, optional
            Ranks to keep (all by default): the result is alternatives x ranks.

        Returns
        -------
        RankAcceptability
            Rows in rank order with their ``ids``; ``at_most(k)`` gives
            P(rank <= k) and ``probability(id, k)`` one alternative's.

        Examples
        --------
        >>> from clientel.scoring import Criterion, score_alternatives
        >>> r = score_alternatives({"a": {"x": 9, "y": 2}, "b": {"x": 6, "y": 6},
        ...                         "c": {"x": 2, "y": 9}},
        ...                        [Criterion(name="x"), Criterion(name="y")],
        ...                        method="weighted_sum")
        >>> acc = r.acceptability(samples=20_000, seed=7)
        >>> acc.ids, round(acc.probability("b", k=1), 2)
        (('b', 'a', 'c'), 0.69)
        """
        if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
            raise InvalidInputError("expected a number of samples >= 1", field="samples",
                                    value=samples)  # fmt: skip
        counts = self.acceptability_counts(
            0, samples, seed=seed, concentration=concentration, ranks=ranks
        )
        return self.acceptability_of(counts)

    # -- tables -----------------------------------------------------------------------------
    def _columns(self, rows: slice | None = None) -> dict[str, NDArray[Any]]:
        """The table's columns in rank order (all rows, or a slice of the ranking)."""
        order = self.order if rows is None else self.order[rows]
        contrib = self.contributions[order]
        columns: dict[str, NDArray[Any]] = {
            "id": self.row_ids[order],
            "rank": self.ranks[order],
            "score": self.scores[order],
            "low": self.low[order],
            "high": self.high[order],
            "best_rank": self.best_ranks[order],
            "worst_rank": self.worst_ranks[order],
        }
        for j, c in enumerate(self.criteria):
            columns[f"contribution.{c}"] = contrib[:, j]
        return columns

    def _records(self, rows: slice | None = None) -> list[dict[str, Any]]:
        columns = {k: v.tolist() for k, v in self._columns(rows).items()}
        return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]

    def to_records(self) -> list[dict[str, Any]]:
        """One row per alternative in rank order: id, rank, score, intervals, contributions."""
        return self._records()

    @overload
    def to_frame(self, *, backend: Literal["pandas"] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, *, backend: Literal["polars"]) -> pl.DataFrame: ...

    def to_frame(self, *, backend: str = "pandas") -> Any:
        """The rows in rank order as a DataFrame, built column by column (no loop over rows).

        ``backend="pandas"`` (default) or ``"polars"``; needs that extra.
        """
        return frame_of_columns(self._columns(), backend)

    def _repr_html_(self) -> str:
        table = html_table(self._records(slice(0, _SHOWN)), title=self._display_title)
        more = len(self) - _SHOWN
        return (
            table if more <= 0 else table.replace("</table>", f"</table><p>… {more} more rows</p>")
        )

    def __repr__(self) -> str:
        top = ", ".join(f"{self.row_ids[r]} ({self.scores[r]:.3g})" for r in self.order[:3])
        more = f", … {len(self) - 3} more" if len(self) > 3 else ""
        return f"<Ranking {self.method}: {top}{more}>"

    # -- equality ---------------------------------------------------------------------------
    def _canonical(self) -> tuple[Any, ...]:
        sc = self.scorer
        head: tuple[Any, ...] = (sc.method, tuple(sc.w.tolist()), self.criteria)
        head += (tuple(sc.d.tolist()), dict(sc.options), self.excluded, self.missing, self.tol)
        head += (dict(self.parameters),)
        columns = self._columns()
        columns["values"] = self.values[self.order]
        return head, columns

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ranking):
            return NotImplemented
        a, b = self._canonical(), other._canonical()
        if a[0] != b[0] or a[1].keys() != b[1].keys():
            return False
        return all(_same(a[1][k], b[1][k]) for k in a[1])

    __hash__ = None  # type: ignore[assignment]


def _same(a: NDArray[Any], b: NDArray[Any]) -> bool:
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))
