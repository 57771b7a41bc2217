"""Fit, merge, apply: a method's whole-data statistics fitted chunk by chunk.

A :class:`Scorer` is a method with its weights, directions and options. Its
statistics are fitted in stages (one for most methods, two for VIKOR, none for
the weighted product): each stage maps every chunk to a partial
(:meth:`Scorer.fit_partial`), merges the partials in any order
(``partial.merge``), and finalises them (:meth:`Scorer.finalise`). The fitted
scorer is small, picklable and serialises with :func:`clientel.models.dumps`;
its :meth:`Scorer.score` is a pure function of a chunk. Every single-process
kernel (``topsis``, ``weighted_sum``, ``vikor``, ``promethee_ii``, ...) runs
the same steps on the whole matrix, so whole and partitioned scores agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import reduce
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import (
    as_directions,
    as_floats,
    as_matrix,
    as_weights,
    check_stats_finite,
    criterion_label,
)
from clientel._internal.display import short_repr
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._method import Method, lookup
from clientel.scoring.kernels._stats import ColumnStats, Marginals

__all__ = ["Scorer", "fitted", "merge_partials"]

Float = NDArray[np.float64]
Partial = ColumnStats | Marginals


def _names(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(str(v) for v in value)


def _state(value: Iterable[Partial]) -> tuple[Partial, ...]:
    return tuple(value)


def _floats(value: ArrayLike) -> Float:
    return as_floats(value, "weights")


def _signs(value: ArrayLike | None) -> NDArray[np.int8] | None:
    if value is None:
        return None
    try:
        return np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged
        raise InvalidInputError("expected one +1 or -1 per criterion", field="directions") from exc


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Scorer:
    """A scoring method with its weights, directions and options; fitted in mergeable stages.

    Parameters
    ----------
    method : str
        A registered method (see :data:`clientel.scoring.kernels.METHODS`).
    weights : array_like
        One non-negative weight per criterion, kept as given; ``w`` holds them
        normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    options : mapping
        The method's options (e.g. ``{"normalisation": "minmax"}``); checked
        once, defaults filled in.
    names : sequence of str, optional
        Criterion names for error messages.
    state : tuple
        Finalised statistics of the stages fitted so far (built by
        :meth:`finalise`).

    Examples
    --------
    Fit on two partitions, merge, and score any chunk with the result:

    >>> import numpy as np
    >>> from clientel.scoring.kernels import Scorer, topsis
    >>> X = np.random.default_rng(7).uniform(1, 9, size=(1000, 3))
    >>> scorer = Scorer(method="topsis", weights=[0.5, 0.3, 0.2])
    >>> merged = scorer.fit_partial(X[:400]).merge(scorer.fit_partial(X[400:]))
    >>> fitted = scorer.finalise(merged)
    >>> whole = topsis(X, [0.5, 0.3, 0.2]).closeness
    >>> bool(np.abs(fitted.score(X[:10]) - whole[:10]).max() < 1e-14)
    True
    >>> import pickle
    >>> pickle.loads(pickle.dumps(fitted)).fitted
    True
    """

    __repr__ = short_repr

    method: str
    weights: Float = attrs.field(converter=_floats)
    directions: NDArray[np.int8] | None = attrs.field(default=None, converter=_signs)
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)
    names: tuple[str, ...] | None = attrs.field(default=None, converter=_names)
    state: tuple[Partial, ...] = attrs.field(default=(), converter=_state)
    w: Float = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        rec = lookup(self.method)
        if rec.kind != "score":
            msg = f"{rec.name} gives an outranking relation, not a score per alternative"
            raise InvalidInputError(msg, field="method", value=rec.name)
        raw = self.weights
        n = len(self.names) if self.names is not None else raw.shape[0] if raw.ndim == 1 else -1
        w = as_weights(raw, n, names=self.names)
        d = as_directions(self.directions, n)
        if not rec.cost_criteria and (d < 0).any():
            msg = f"{rec.name} takes benefit criteria only (direction +1)"
            where = criterion_label(int(np.argmax(d < 0)), self.names)
            raise InvalidInputError(msg, field=where, value=-1)
        raw = np.array(raw)  # the weights as given (a document keeps them as given)
        for arr in (raw, w, d):
            arr.flags.writeable = False
        object.__setattr__(self, "weights", raw)
        object.__setattr__(self, "w", w)
        object.__setattr__(self, "directions", d)
        object.__setattr__(
            self, "options", frozen_mapping(rec.options(self.options, n, self.names))
        )
        if len(self.state) > rec.stages:
            raise InvalidInputError(f"{rec.name} has {rec.stages} fit stage(s)", field="state")

    @property
    def record(self) -> Method:
        """The registry record of the method."""
        return lookup(self.method)

    @property
    def criteria(self) -> int:
        """Number of criteria."""
        return int(self.weights.shape[0])

    @property
    def fitted(self) -> bool:
        """Whether every fit stage is done (``score`` may be called)."""
        return len(self.state) == self.record.stages

    @property
    def d(self) -> NDArray[np.int8]:
        """The directions (+1/-1) as an array."""
        out: NDArray[np.int8] = np.asarray(self.directions, dtype=np.int8)
        return out

    def check(self, block: ArrayLike, *, finite: bool = False) -> Float:
        """``block`` as a float matrix, one column per criterion (values scanned if ``finite``)."""
        X = as_matrix(block, names=self.names, check_finite=finite, min_rows=0)
        if X.shape[1] != self.criteria:
            msg = f"expected {self.criteria} columns, one per criterion"
            raise InvalidInputError(msg, field="matrix", value=X.shape)
        return X

    def fit_partial(self, block: ArrayLike) -> Partial:
        """Partial statistics of the next fit stage over ``block`` (merge them, then finalise)."""
        if self.fitted:
            raise InvalidInputError("the scorer is already fitted", field="scorer")
        X = self.check(block)
        partial: Partial = self.record.fit(X, self)
        if isinstance(partial, ColumnStats) and len(self.state) == 0:
            check_stats_finite(X, partial, self.names)  # names the first NaN/inf cell
        elif not isinstance(partial, ColumnStats):
            self.check(X, finite=True)
        return partial

    def empty(self) -> Partial:
        """The empty partial of the next stage (the identity of ``merge``)."""
        rec = self.record
        if self.fitted or rec.empty is None:
            raise InvalidInputError("the scorer is already fitted", field="scorer")
        out: Partial = rec.empty(self, self.criteria)
        return out

    def finalise(self, partial: Partial) -> Scorer:
        """A scorer with one more stage fitted from the merged partial statistics."""
        rec = self.record
        if self.fitted or rec.finalise is None:
            raise InvalidInputError("the scorer is already fitted", field="scorer")
        state = rec.finalise(self, partial)
        return attrs.evolve(self, state=(*self.state, state))

    def fit(self, matrix: ArrayLike) -> Scorer:
        """Every stage fitted on one matrix (the single-process path)."""
        X = self.check(matrix)
        scorer = self
        while not scorer.fitted:
            scorer = scorer.finalise(scorer.fit_partial(X))
        return scorer

    def _ready(self, block: ArrayLike) -> Float:
        if not self.fitted:
            msg = "fit the scorer first (fit_partial, merge, finalise)"
            raise InvalidInputError(msg, field="scorer")
        X = self.check(block)
        # One cheap pass: a block scored after fitting on others may hold a NaN/inf cell that
        # some methods would turn into a finite score (bounded preferences, ratios). The sum is
        # non-finite if a cell is (or if finite cells overflow it: then nothing is named here).
        with np.errstate(over="ignore", invalid="ignore"):
            total = X.sum()
        if not np.isfinite(total):
            self.check(X, finite=True)  # names the first NaN/inf cell
        return X

    def score(self, block: ArrayLike) -> Float:
        """Scores of the rows of ``block`` (a pure function of the block and the scorer)."""
        X = self._ready(block)
        with np.errstate(all="ignore"):  # a NaN/inf cell is named by _check_result, not warned
            out = self.record.score(X, self)
        self._check_result(X, out)
        return out

    def contributions(self, block: ArrayLike) -> tuple[Float, Float]:
        """Scores and per-criterion contributions of ``block``, in one pass."""
        return self._contributions(self._ready(block))

    def _contributions(self, X: Float) -> tuple[Float, Float]:
        """:meth:`contributions` of a float matrix whose cells are known to be finite."""
        with np.errstate(all="ignore"):  # as in score
            scores, contrib = self.record.contributions(X, self)
        self._check_result(X, scores)
        return scores, contrib

    def _check_result(self, X: Float, out: Float) -> None:
        if not np.isfinite(out).all():  # a NaN/inf cell propagates: find and name it
            self.check(X, finite=True)
            raise InvalidInputError("score overflows a float; rescale the criteria", field="matrix")


def merge_partials(partials: Iterable[Partial], empty: Partial | None = None) -> Partial:
    """Merge partial statistics (any order; ``empty`` when there are none).

    Parameters
    ----------
    partials : iterable of ColumnStats or Marginals
        Partial statistics of chunks, all of one kind.
    empty : ColumnStats or Marginals, optional
        The result when ``partials`` is empty.

    Returns
    -------
    ColumnStats or Marginals
        The statistics of all the chunks together.

    Raises
    ------
    InvalidInputError
        Nothing to merge and no ``empty``.

    Examples
    --------
    >>> import numpy as np
    >>> from clientel.scoring.kernels import fit_stats, merge_partials
    >>> parts = [fit_stats(np.array([[1.0], [4.0]])), fit_stats(np.array([[2.0]]))]
    >>> merge_partials(parts).max.tolist()
    [4.0]
    """
    items = list(partials)
    if not items:
        if empty is None:
            raise InvalidInputError("nothing to merge", field="partials")
        return empty
    merged: Partial = reduce(lambda a, b: a.merge(b), items)  # type: ignore[arg-type]
    return merged


def fitted(
    method: str,
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    names: Sequence[str] | None = None,
    stats: Partial | None = None,
    **options: Any,
) -> tuple[Scorer, Float]:
    """A scorer for ``method`` fitted on ``matrix`` (or finalised from ``stats``), and the matrix.

    The single-process path of every kernel: the matrix is checked first (its
    shape, then the weights against its columns); its values are scanned once,
    by the statistics (or, with ``stats`` fitted elsewhere, by the check).
    """
    rows = lookup(method).min_rows
    X = as_matrix(matrix, names=names, check_finite=stats is not None, min_rows=rows)
    as_weights(weights, X.shape[1], names=names)  # the weights' own errors first
    scorer = Scorer(method=method, weights=weights, directions=directions, options=options,
                    names=names)  # fmt: skip
    if stats is None:
        return scorer.fit(X), X
    return scorer.finalise(stats), X
