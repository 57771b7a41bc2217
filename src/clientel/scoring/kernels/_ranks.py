"""Scores to ranks: competition ranking (1, 1, 3) with a tolerance and a stable tie-break.

The tie rules: scores whose sorted neighbours differ by at most
``tol * max(1, |score|)`` are tied (single linkage); a tied group shares the
best rank of the group and the next group's rank skips (1, 1, 3); inside a
group alternatives are ordered by their tie key (the id), then by row.

The rules are built from sorted-run primitives that partitions can exchange,
so a partitioned engine reproduces them exactly across partition boundaries:
:func:`sort_run` sorts one partition's scores, :func:`merge_runs` merges runs
(in any order or tree shape: the result is the same), :func:`split_run` cuts a
merged run into slices only between tied groups, and :func:`rank_run` ranks a
slice given the number of rows before it. :func:`ranks` is the single-process
path: one run, one slice.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, frozen_floats, frozen_int64, frozen_objects
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError

__all__ = [
    "SortedRun",
    "merge_runs",
    "order_codes",
    "rank_run",
    "ranks",
    "sort_run",
    "split_run",
    "text_codes",
    "tie_tolerance",
]

Float = NDArray[np.float64]
Index = NDArray[np.intp]
Codes = NDArray[np.int64]
Text = NDArray[np.object_]


def _read_only(arr: NDArray[Any]) -> NDArray[Any]:
    arr.flags.writeable = False
    return arr


def _keys(value: ArrayLike | None) -> Text | None:
    return None if value is None else frozen_objects(value)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SortedRun:
    """Rows sorted best first: what partitions exchange to rank across boundaries.

    Attributes
    ----------
    key : ndarray
        Scores oriented so that smaller is better (``-score`` where higher is
        better), ascending. Rows with equal keys may come in any order; the
        tie rules order them later.
    rows : ndarray of int
        The global row number of each entry (the last tie-break).
    ids : ndarray of object, optional
        Each row's tie key (its id), compared as Python values.

    Examples
    --------
    >>> run = sort_run([0.2, 0.9, 0.5], ids=["c", "a", "b"])
    >>> run.rows.tolist(), run.ids.tolist()
    ([1, 2, 0], ['a', 'b', 'c'])
    """

    __repr__ = short_repr

    key: Float = attrs.field(converter=frozen_floats)
    rows: NDArray[np.int64] = attrs.field(converter=frozen_int64)
    ids: Text | None = attrs.field(default=None, converter=_keys)

    def __attrs_post_init__(self) -> None:
        n = self.key.shape
        if len(n) != 1 or self.rows.shape != n or (self.ids is not None and self.ids.shape != n):
            raise InvalidInputError("key, rows and ids of different lengths", field="run")

    def __len__(self) -> int:
        return int(self.key.shape[0])


def _check_scores(scores: ArrayLike) -> Float:
    s = as_floats(scores, "scores")
    if s.ndim != 1:
        raise InvalidInputError("expected a 1-D array of scores", field="scores")
    finite = np.isfinite(s)
    if not finite.all():
        i = int(np.argmin(finite))
        raise InvalidInputError("score must be finite", field=f"scores[{i}]", value=float(s[i]))
    return s


def check_tol(tol: float) -> None:
    if not (isinstance(tol, int | float) and np.isfinite(tol) and tol >= 0):
        raise InvalidInputError("tolerance must be finite and >= 0", field="tol", value=tol)


def sort_run(
    scores: ArrayLike,
    ids: Sequence[Any] | ArrayLike | None = None,
    rows: ArrayLike | None = None,
    *,
    higher_is_better: bool = True,
) -> SortedRun:
    """One partition's rows sorted best first.

    Parameters
    ----------
    scores : array_like, shape (m,)
        Finite scores.
    ids : sequence, optional
        Tie keys (ids), one per score.
    rows : array_like of int, optional
        Global row numbers (default ``0 .. m-1``; give the partition's offset
        added when ranking across partitions).
    higher_is_better : bool
        False where lower scores rank first (VIKOR's Q).

    Returns
    -------
    SortedRun
        The rows best first, with their keys and tie keys.

    Raises
    ------
    InvalidInputError
        Scores that are not finite, or ids or rows of another length.

    Examples
    --------
    >>> run = sort_run([0.5, 0.9, 0.1], ids=["c", "b", "a"])
    >>> run.rows.tolist(), run.ids.tolist()
    ([1, 0, 2], ['b', 'c', 'a'])
    """
    s = _check_scores(scores)
    m = s.shape[0]
    r = None if rows is None else np.asarray(rows, dtype=np.int64)
    if r is not None and r.shape != (m,):
        raise InvalidInputError(f"expected {m} row numbers", field="rows", value=r.shape)
    keys = _tie_keys(ids, m)
    key, order = _sort(s, higher_is_better)
    run_rows = order.astype(np.int64) if r is None else r[order]
    return SortedRun(key=_read_only(key), rows=_read_only(run_rows),
                     ids=None if keys is None else _read_only(keys[order]))  # fmt: skip


def _sort(s: Float, higher_is_better: bool) -> tuple[Float, Index]:
    """The oriented key (smaller is better) ascending, and the order that sorts it."""
    key = -s if higher_is_better else s
    order: Index = np.argsort(key)  # equal keys in any order: the tie rules order them
    return key[order], order


def merge_runs(runs: Sequence[SortedRun]) -> SortedRun:
    """Merge sorted runs into one (the same run whatever their order or grouping).

    Equal keys come out ordered by row, so the merged run is canonical.

    Parameters
    ----------
    runs : sequence of SortedRun
        Sorted runs of disjoint rows (all with tie keys, or none).

    Returns
    -------
    SortedRun
        All their rows, best first.

    Raises
    ------
    InvalidInputError
        No run, or runs with and without tie keys.

    Examples
    --------
    Two partitions sorted apart, ranked as one:

    >>> first = sort_run([0.5, 0.9], ids=["c", "b"])
    >>> second = sort_run([0.5, 0.1], ids=["a", "d"], rows=[2, 3])
    >>> rows, rank = rank_run(merge_runs([first, second]))
    >>> rows.tolist(), rank.tolist()
    ([1, 2, 0, 3], [1, 2, 2, 4])
    """
    items = list(runs)
    if not items:
        raise InvalidInputError("nothing to merge", field="runs")
    with_ids = {r.ids is not None for r in items}
    if len(with_ids) != 1:
        raise InvalidInputError("runs with and without tie keys", field="runs")
    key = np.concatenate([r.key for r in items])
    rows = np.concatenate([r.rows for r in items])
    order = np.lexsort((rows, key))
    ids = None
    if items[0].ids is not None:
        ids = np.concatenate([r.ids for r in items if r.ids is not None])[order]
    return SortedRun(key=key[order], rows=rows[order], ids=ids)


def _groups(key: Float, tol: float) -> tuple[NDArray[np.bool_], Index]:
    """Start flags and group number of each position of an ascending key (single linkage)."""
    n = key.size
    new_group = np.empty(n, dtype=bool)
    if n:
        new_group[0] = True
        gaps = np.subtract(key[1:], key[:-1])
        if max(abs(float(key[0])), abs(float(key[-1]))) <= 1.0:  # ascending: every |key| <= 1
            np.greater(gaps, tol, out=new_group[1:])  # tol * max(1, |key|) is tol
        else:
            scale = np.abs(key[1:])
            np.maximum(scale, 1.0, out=scale)
            scale *= tol
            np.greater(gaps, scale, out=new_group[1:])
    group: Index = np.cumsum(new_group, dtype=np.intp)
    group -= 1
    return new_group, group


def split_run(run: SortedRun, parts: int, *, tol: float = 1e-9) -> list[SortedRun]:
    """Cut a run into at most ``parts`` slices of about equal length, never inside a tied group.

    Each slice can then be ranked on its own with :func:`rank_run`, given the
    number of rows before it.

    Parameters
    ----------
    run : SortedRun
        A sorted run.
    parts : int
        The most slices (>= 1).
    tol : float
        Scores within this are tied.

    Returns
    -------
    list of SortedRun
        The slices, best first.

    Raises
    ------
    InvalidInputError
        ``parts`` below 1.

    Examples
    --------
    The tied 0.5s stay together:

    >>> slices = split_run(sort_run([0.9, 0.5, 0.5, 0.1]), 2)
    >>> [s.rows.tolist() for s in slices]
    [[0, 1, 2], [3]]
    >>> rank_run(slices[1], start=3)[1].tolist()
    [4]
    """
    check_tol(tol)
    if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
        raise InvalidInputError("expected an integer >= 1", field="parts", value=parts)
    n = len(run)
    starts = np.flatnonzero(_groups(run.key, tol)[0])  # where a group may begin a slice
    wanted = [round(n * k / parts) for k in range(1, parts)]
    cuts = sorted({int(starts[np.searchsorted(starts, c)]) for c in wanted
                   if np.searchsorted(starts, c) < starts.size} - {0})  # fmt: skip
    bounds = [0, *cuts, n]
    return [
        SortedRun(
            key=run.key[a:b], rows=run.rows[a:b], ids=None if run.ids is None else run.ids[a:b]
        )
        for a, b in itertools.pairwise(bounds)
    ]


def rank_run(
    run: SortedRun, *, tol: float = 1e-9, start: int = 0
) -> tuple[NDArray[np.int64], Index]:
    """Rows best to worst and their competition ranks, for a run (or a slice of one).

    ``start`` is the number of rows before the slice in the whole ranking (its
    first row's rank is at least ``start + 1``). Tied groups are ordered by tie
    key, then row.

    Parameters
    ----------
    run : SortedRun
        A run, or a slice of one from :func:`split_run`.
    tol : float
        Scores within this are tied.
    start : int
        Rows before the slice in the whole ranking.

    Returns
    -------
    rows : numpy.ndarray of int
        Row numbers, best first.
    rank : numpy.ndarray of int
        Their competition ranks (1, 2, 2, 4).

    Examples
    --------
    >>> rows, rank = rank_run(sort_run([0.5, 0.9, 0.5, 0.1], ids=["c", "b", "a", "d"]))
    >>> rows.tolist(), rank.tolist()
    ([1, 2, 0, 3], [1, 2, 2, 4])
    """
    check_tol(tol)
    ids = run.ids

    def codes(tied: Index | None) -> Codes:
        if ids is None:
            return np.zeros(len(run) if tied is None else tied.size, np.int64)
        return order_codes(ids if tied is None else ids[tied])

    return _rank(run.key, run.rows, tol, start, codes)


def _rank(
    key: Float,
    rows_in: NDArray[np.int64],
    tol: float,
    start: int,
    codes: Callable[[Index | None], Codes],
) -> tuple[NDArray[np.int64], Index]:
    """The tie rules on an ascending key: ranks, and the tied rows reordered by (code, row).

    ``codes(positions)`` gives the tie-key codes of the given run positions
    (``None``: all); it is called only when there are ties, and only for the
    tied positions.
    """
    new_group, group = _groups(key, tol)
    first = np.flatnonzero(new_group)
    rank: Index = first[group]
    rank += start + 1
    sizes = np.diff(np.append(first, key.size))
    if sizes.size and sizes.max() == 1:  # no ties
        return rows_in, rank
    rows = rows_in.copy()
    if (sizes > 1).all():  # every row is in a tied group
        rows = rows_in[_within_groups(group, codes(None), rows_in)]
        return rows, rank
    tied = np.flatnonzero(sizes[group] > 1)
    r = rows_in[tied]
    rows[tied] = r[_within_groups(group[tied], codes(tied), r)]
    return rows, rank


def _within_groups(group: Index, codes: Codes, rows: NDArray[np.int64]) -> Index:
    """Order of the tied entries by (group, code, row): one sort of a combined integer.

    Codes too wide to combine with the group number are made dense first.
    """
    groups = int(group.max()) + 1 if group.size else 1
    span = int(codes.max()) + 1 if codes.size else 1
    if groups >= 2**62 // span:
        codes = np.unique(codes, return_inverse=True)[1].astype(np.int64)
        span = int(codes.max()) + 1
    combined = group.astype(np.int64) * span + codes
    order: Index = np.argsort(combined)
    ordered = combined[order]
    if not (ordered[1:] == ordered[:-1]).any():  # distinct keys: no row tie-break needed
        return order
    out: Index = np.lexsort((rows, combined))
    return out


def ranks(
    scores: ArrayLike,
    *,
    higher_is_better: bool = True,
    tol: float = 1e-9,
    tie_key: Sequence[Any] | ArrayLike | None = None,
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Order and competition ranks of ``scores``.

    Parameters
    ----------
    scores : array_like, shape (m,)
        Finite scores.
    higher_is_better : bool
        False for methods where lower is better (VIKOR's Q).
    tol : float
        Scores whose sorted neighbours differ by at most ``tol * max(1, |score|)``
        are tied (single linkage); tied alternatives share the best rank of the
        group and the next group's rank skips (1, 1, 3).
    tie_key : sequence, optional
        Orders tied alternatives (e.g. entity ids); by default input order.

    Returns
    -------
    order : ndarray of int
        Indices from best to worst (ties ordered by ``tie_key``, then input order).
    ranks : ndarray of int
        1-based competition rank of each input position.

    Notes
    -----
    One sort of the scores; only the rows inside tied groups are ordered by
    their tie keys (strings are compared through integer codes packed from
    their bytes, see :func:`order_codes`), so many ties with string ids cost
    about one more integer sort.

    Examples
    --------
    >>> order, rank = ranks([0.5, 0.9, 0.5, 0.1], tie_key=["c", "b", "a", "d"])
    >>> order.tolist(), rank.tolist()
    ([1, 2, 0, 3], [2, 1, 2, 4])
    """
    check_tol(tol)
    s = _check_scores(scores)
    m = s.shape[0]
    keys = _tie_keys(tie_key, m)
    key, order = _sort(s, higher_is_better)

    def codes(tied: Index | None) -> Codes:
        picked = order if tied is None else order[tied]
        if keys is None:
            return np.zeros(picked.size, np.int64)
        if 4 * picked.size < m:  # few ties: code only their keys
            return order_codes(keys[picked])
        # many: code every key in input order (cache-friendly), then pick
        every = order_codes(tie_key if isinstance(tie_key, list) else keys)
        out: Codes = every[picked]
        return out

    rows, rank_sorted = _rank(key, order.astype(np.int64, copy=False), tol, 0, codes)
    rank = np.empty(m, dtype=np.intp)
    rank[rows] = rank_sorted
    return rows.astype(np.intp, copy=False), rank


def tie_tolerance(scores: ArrayLike, tol: float = 1e-9) -> float:
    """The tie tolerance scaled to the scores: ``tol * min(1, max |score|)``.

    The default of :func:`clientel.scoring.score_alternatives` (step 2.3.3).
    The tie rule compares neighbours within ``tol * max(1, |score|)``, an
    absolute ``tol`` for scores below 1; methods whose scores shrink with the
    number of alternatives (MOORA's ratio system: about ``1/sqrt(m)``) would
    then tie most of a large list. Scaled to the largest score, ``tol`` stays
    relative to the scores' own size; for scores reaching 1 or more it is
    ``tol`` unchanged.

    .. versionadded:: 0.2.0

    Parameters
    ----------
    scores : array_like, shape (m,)
        Finite scores (none: the tolerance is 0).
    tol : float
        The relative tolerance (finite, >= 0).

    Returns
    -------
    float
        The tolerance to give :func:`ranks` (and ``clientel.dask.rank``).

    Raises
    ------
    InvalidInputError
        Scores that are not finite, or a bad ``tol``.

    Examples
    --------
    >>> tie_tolerance([0.002, -0.004, 0.001])
    4e-12
    >>> tie_tolerance([0.5, 30.0])
    1e-09
    >>> order, rank = ranks([0.002, 0.002 + 1e-11, 0.001], tol=tie_tolerance([0.002, 0.001]))
    >>> rank.tolist()
    [2, 1, 3]
    """
    check_tol(tol)
    s = _check_scores(scores)
    if not s.size:
        return 0.0
    return float(tol) * min(1.0, float(np.max(np.abs(s))))


def _tie_keys(tie_key: Sequence[Any] | ArrayLike | None, m: int) -> NDArray[Any] | None:
    if tie_key is None:
        return None
    keys = tie_key if isinstance(tie_key, np.ndarray) else np.asarray(tie_key, dtype=object)
    if keys.shape != (m,):
        raise InvalidInputError(f"expected {m} tie keys", field="tie_key", value=keys.shape)
    return keys


def order_codes(keys: Sequence[Any] | ArrayLike) -> Codes:
    """Integers in the order of ``keys``: equal keys get equal codes, smaller keys smaller ones.

    Strings are ordered as Python orders them (by code point). ASCII strings
    are packed from their bytes: each byte position keeps only as many bits as
    it has distinct bytes, so ids such as ``"c-000123"`` pack into one 64-bit
    integer and order in one integer sort instead of a string sort. Numbers
    keep their order; other values are sorted as Python values.

    Parameters
    ----------
    keys : sequence or array_like, shape (n,)
        The keys, e.g. client ids.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        One code per key.

    Raises
    ------
    InvalidInputError
        Keys that are not one-dimensional.

    Examples
    --------
    >>> import numpy as np
    >>> codes = order_codes(["b", "a", "ab", "b"])
    >>> np.argsort(codes, kind="stable").tolist(), bool(codes[0] == codes[3])
    ([1, 2, 0, 3], True)
    """
    if isinstance(keys, list):
        values = keys
    else:
        arr = keys if isinstance(keys, np.ndarray) else np.asarray(keys, dtype=object)
        if arr.ndim != 1:
            msg = "expected one key per row (a 1-D list)"
            raise InvalidInputError(msg, field="keys", value=arr.shape)
        if arr.dtype.kind in "iu":
            return arr.astype(np.int64)
        if arr.dtype.kind in "fb":
            return np.unique(arr, return_inverse=True)[1].astype(np.int64)
        values = arr.tolist()
    return _codes(values, set(map(type, values)) == {str})


def text_codes(values: list[str]) -> Codes:
    """:func:`order_codes` of strings the caller has checked to be ``str``."""
    return _codes(values, True)


def _codes(values: list[Any], text: bool) -> Codes:
    """Codes of Python values; ``text`` says they are all ``str`` (checked by the caller)."""
    if text:
        packed = _packed(values)
        if packed is not None:
            return packed
    try:
        distinct = sorted(set(values))
    except TypeError as exc:
        raise InvalidInputError("tie keys must be comparable", field="tie_key") from exc
    index = {v: i for i, v in enumerate(distinct)}
    return np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values))


def _packed(values: list[str]) -> Codes | None:
    """Codes from the bytes of ASCII strings (None: not ASCII, or a NUL in a string).

    The strings become rows of a fixed-width byte matrix (zero padding sorts a
    shorter string first, as Python does); byte positions where every string
    has the same byte are dropped, and each other position keeps only the bits
    its range of bytes needs (digits: 4), packed into as few 64-bit words as
    possible: ``"c-000123"``-style ids become one integer.
    """
    n = len(values)
    if not n:
        return np.zeros(0, dtype=np.int64)
    joined = "\x00".join(values)  # NUL-separated: the separators give every length at once
    if not joined.isascii() or joined.count("\x00") != n - 1:  # a NUL inside a string
        return None
    raw = np.frombuffer((joined + "\x00").encode("ascii"), dtype=np.uint8)
    ends = np.flatnonzero(raw == 0)
    lengths = np.diff(ends, prepend=-1) - 1
    width = int(lengths.max())
    if not width:
        return np.zeros(n, dtype=np.int64)
    if raw.size == n * (width + 1):  # all of one length: the buffer is the matrix
        matrix = raw.reshape(n, width + 1)[:, :width]
    else:  # pad shorter strings with zeros: position j of string i is raw[start_i + j]
        at = (ends - lengths)[:, None] + np.arange(width)
        matrix = np.where(np.arange(width) < lengths[:, None], raw[np.minimum(at, raw.size - 1)], 0)
    columns = np.ascontiguousarray(matrix.T, dtype=np.uint8)
    words: list[Codes] = []
    word, bits = np.zeros(n, dtype=np.int64), 0
    for column in columns:  # byte positions, not rows: each is one pass over a column
        lo, hi = int(column.min()), int(column.max())
        if lo == hi:
            continue  # the same byte everywhere orders nothing
        need = (hi - lo).bit_length()
        if bits + need > 62:
            words.append(word)
            word, bits = np.zeros(n, dtype=np.int64), 0
        word <<= need
        word |= column - np.uint8(lo)
        bits += need
    words.append(word)
    if len(words) == 1:
        return words[0]
    order = np.lexsort(words[::-1])
    ordered = np.stack([w[order] for w in words])
    new = np.concatenate(([False], (ordered[:, 1:] != ordered[:, :-1]).any(axis=0)))
    codes = np.empty(n, dtype=np.int64)
    codes[order] = np.cumsum(new)
    return codes
