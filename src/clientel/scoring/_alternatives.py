"""The typed entry point: score entities' attributes against criteria into a columnar Ranking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.scoring._criteria import Criterion, criteria_weights
from clientel.scoring._ranking import Ranking
from clientel.scoring.kernels._method import MethodName, lookup
from clientel.scoring.kernels._missing import rank_intervals, score_missing
from clientel.scoring.kernels._ranks import check_tol, ranks, text_codes, tie_tolerance
from clientel.scoring.kernels._scorer import Scorer

__all__ = ["score_alternatives"]

Float = NDArray[np.float64]


def _id_list(ids: Sequence[Any] | NDArray[Any]) -> list[str]:
    values: list[Any]
    if isinstance(ids, np.ndarray):
        values = ids.tolist()
    else:  # read, never changed: a list needs no copy
        values = ids if type(ids) is list else list(ids)
    if list(map(type, values)).count(str) == len(values):  # exactly str (not a subclass)
        return values
    return [str(v) for v in values]  # ids are text: 7 -> "7"


def _unique(names: list[str]) -> NDArray[np.int64]:
    """Integer codes in id order (equal ids, equal codes); raises naming duplicate ids."""
    codes = text_codes(names)
    ordered = np.sort(codes)
    if (ordered[1:] == ordered[:-1]).any():
        seen: set[str] = set()
        dup = sorted({i for i in names if i in seen or seen.add(i)})  # type: ignore[func-returns-value]
        raise InvalidInputError("ids must be unique", field="ids", value=dup)
    return codes


def _array_matrix(
    values: ArrayLike, ids: Sequence[str] | None, criteria: Sequence[Criterion]
) -> tuple[list[str], Float, NDArray[np.int64] | None]:
    try:
        X = np.array(values, dtype=np.float64)  # our own copy: gaps are filled in place
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
    names = _id_list(ids)
    return names, X, _unique(names)


def _matrix(
    alternatives: Mapping[str, Mapping[str, float | None]] | ArrayLike,
    ids: Sequence[str] | None,
    criteria: Sequence[Criterion],
) -> tuple[list[str], Float, NDArray[np.int64] | None]:
    """Ids, the values (our own copy) and, for an array, the ids' order codes."""
    if not isinstance(alternatives, Mapping):
        return _array_matrix(alternatives, ids, criteria)
    if ids is not None:
        msg = "ids= is only for a 2-D array; a mapping's keys are the ids"
        raise InvalidInputError(msg, field="ids")
    keys = list(alternatives)
    X = np.empty((len(keys), len(criteria)))
    for i, key in enumerate(keys):  # entities' attribute mappings: one row each
        row = alternatives[key]
        for j, c in enumerate(criteria):
            if c.name not in row:
                msg = "no value for this criterion (give None to mark it missing)"
                raise UnknownReferenceError(msg, field=f"{key!r}.{c.name}")
            v = row[c.name]
            X[i, j] = np.nan if v is None else float(v)
    return keys, X, None


def _param_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | np.ndarray):
        return ",".join(_param_text(v) for v in value)
    if isinstance(value, bool | np.bool_ | int | np.integer):
        return str(value)
    return repr(float(value))


def _bounds(crit: list[Criterion], X: Float) -> Float | None:
    if all(c.bounds is None for c in crit):
        return None
    with np.errstate(all="ignore"):
        lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
    out: Float = np.array(
        [c.bounds if c.bounds is not None else (lo[j], hi[j]) for j, c in enumerate(crit)]
    )
    return out


def score_alternatives(
    alternatives: Mapping[str, Mapping[str, float | None]] | ArrayLike,
    criteria: Sequence[Criterion],
    *,
    ids: Sequence[str] | None = None,
    method: MethodName = "topsis",
    weights: Sequence[float] | None = None,
    tie_key: Mapping[str, str] | None = None,
    tol: float | None = None,
    **options: Any,
) -> Ranking:
    """Score and rank alternatives (clients, opportunities, options) against criteria.

    Parameters
    ----------
    alternatives : mapping of id to mapping of criterion name to value, or 2-D array
        E.g. ``{c.id: c.attributes for c in clients}``; ``None`` marks a
        missing value, handled by each criterion's :class:`MissingPolicy`.
        Or a float array (alternatives x criteria, columns in the order of
        ``criteria``, NaN = missing) together with ``ids`` (the fast path
        for many rows).
    criteria : sequence of Criterion
        Names, directions, weights and missing-data policies.
    ids : sequence of str, optional
        Row ids when ``alternatives`` is a 2-D array (required then, unique).
    method : str
        A registered score method (:data:`clientel.scoring.kernels.METHODS`):
        ``"topsis"`` (default), ``"weighted_sum"``, ``"weighted_product"``,
        ``"vikor"``, ``"promethee_ii"``, ``"moora"``, ``"copras"``, ``"edas"``,
        ``"mabac"``, ``"spotis"`` or one registered by the caller; extra
        keyword ``options`` go to it (e.g. ``v`` for VIKOR, ``bounds`` for
        SPOTIS).
    weights : sequence of float, optional
        Overrides the criteria's own weights (e.g. from
        :func:`clientel.scoring.kernels.ahp_weights`).
    tie_key : mapping of id to str, optional
        Orders tied alternatives; by default the id.
    tol : float, optional
        Scores whose sorted neighbours differ by at most ``tol * max(1, |score|)``
        are ties, ordered by ``tie_key``. By default ``1e-9 * min(1, max |score|)``
        (:func:`clientel.scoring.kernels.tie_tolerance`): relative to the
        largest score, so that methods whose scores shrink with the number of
        alternatives (MOORA) do not tie most of a long list.

        .. versionchanged:: 0.2.0
           The default was ``1e-9``, absolute for scores below 1.
    **options
        Keyword options of the method, e.g. ``v`` for VIKOR or SPOTIS's stated
        ``bounds`` (each criterion's own ``bounds`` is the plausible range of
        its missing values, within the stated ones).

    Returns
    -------
    Ranking
        Columns of scores, ranks, score/rank intervals from missing data and
        per-criterion contributions; items are built when read.

    Raises
    ------
    InvalidInputError
        An unknown method or option, bad weights, ids or values (named).
    MissingDataError
        A missing value of a criterion whose policy is RAISE.

    Notes
    -----
    The method is fitted and applied once (the scores and contributions in one
    pass), the rows are sorted once, and only rows tied within the tolerance
    are ordered by id (step 2.3.3).

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
    row_ids, X, codes = _matrix(alternatives, ids, crit)
    d = np.array([c.direction.sign for c in crit], dtype=np.int8)
    if tol is not None:
        check_tol(tol)  # before any work, as the rank kernel would after it
    scorer = Scorer(method=method, weights=w, directions=d, options=options, names=names)
    policies = [c.missing for c in crit]
    found = score_missing(X, scorer, policies, bounds=_bounds(crit, X), row_names=row_ids,
                          contributions=True)  # fmt: skip
    if tol is None:  # relative to the largest score (MOORA's shrink as 1/sqrt(m))
        tol = tie_tolerance(found.scores)
    kept = found.kept
    all_kept = bool(kept.all())
    kept_ids = np.fromiter(row_ids, dtype=object, count=len(row_ids))
    excluded: tuple[str, ...] = ()
    if not all_kept:
        excluded = tuple(kept_ids[~kept].tolist())
        kept_ids = kept_ids[kept]
    keys: Any = row_ids if all_kept else kept_ids
    if codes is not None:  # the ids' order, already known from the uniqueness check
        keys = codes if all_kept else codes[kept]
    if tie_key:
        keys = [tie_key.get(i, i) for i in kept_ids.tolist()]
    order, rank = ranks(found.scores, higher_is_better=rec.higher_is_better, tol=tol, tie_key=keys)
    intervals = rank_intervals(found, tol, order)
    best, worst = (rank, rank) if intervals is None else intervals
    assert found.contributions is not None
    for arr in (found.scores, found.low, found.high, found.contributions, found.values, rank,
                best, worst, order, kept_ids):  # fmt: skip
        arr.flags.writeable = False  # ours: the ranking keeps them without a copy
    return Ranking(
        scorer=found.scorer,
        row_ids=kept_ids,
        order=order,
        scores=found.scores,
        ranks=rank,
        low=found.low,
        high=found.high,
        best_ranks=best,
        worst_ranks=worst,
        contributions=found.contributions,
        values=found.values,
        excluded=excluded,
        missing=policies,
        fill=found.fill,
        plausible=found.bounds,
        tol=float(tol),
        parameters={"tol": _param_text(tol), **{k: _param_text(v) for k, v in options.items()}},
    )
