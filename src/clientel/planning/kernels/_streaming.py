"""Summaries of simulated outputs, as mergeable partial results of ranges of draws.

One pass (:func:`draw_sums`) keeps, per random-number block of draws, the sums
of each output, its squares and its negatives, and the extremes
(:class:`DrawSums`), optionally with the outputs themselves (``values``, 16
bytes a draw for the two outputs): the percentiles are then the exact sample
percentiles. Without the values a second pass (:func:`draw_counts`) fills a
65,536-bin histogram of each output between the extremes of the first
(:class:`DrawCounts`), so memory stays flat in the number of draws and each
percentile is within (max - min) / 65,536 of the sample's. Partial results are
computed over any range of draws that starts on a block boundary, merge in any
order (block sums are kept per block and summed in block order at the end;
histogram counts add exactly; a percentile does not depend on the order of the
values), and give the same numbers as one pass over all draws, whatever the split.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._internal.arrays import frozen_floats, frozen_int64, frozen_optional_floats
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError, LimitExceededError

__all__ = [
    "BINS",
    "MAX_SELECTED",
    "DrawCounts",
    "DrawSums",
    "DrawValues",
    "draw_counts",
    "draw_sums",
    "draw_values",
    "selection_bins",
    "summaries",
]

Float = NDArray[np.float64]
BINS = 1 << 16  #: histogram bins for the percentiles (memory flat in the draws)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DrawSums:
    """Pass one over a range of draws: per-block sums and the extremes of each output.

    .. versionchanged:: 0.2.0
       ``values``: the outputs themselves, when kept.

    Attributes
    ----------
    seed, block : int
        The draws' seed and the random-number block size.
    blocks : ndarray of int
        The blocks summed, ascending (disjoint across the ranges that merge).
    sums : ndarray, shape (outputs, 3, blocks)
        Per block: sum of the output, of its squares, and the number below zero.
    minimum, maximum : ndarray, shape (outputs,)
        Extremes of each output.
    draws : int
        Draws summed.
    values : ndarray, shape (outputs, draws), optional
        The outputs of every draw summed (kept on request; merged ranges are
        concatenated in the order merged): exact percentiles, no second pass.
    """

    __repr__ = short_repr

    seed: int
    block: int
    blocks: NDArray[np.int64] = attrs.field(converter=frozen_int64)
    sums: Float = attrs.field(converter=frozen_floats)
    minimum: Float = attrs.field(converter=frozen_floats)
    maximum: Float = attrs.field(converter=frozen_floats)
    draws: int
    values: Float | None = attrs.field(default=None, converter=frozen_optional_floats)

    def merge(self, other: DrawSums) -> DrawSums:
        """Sums of both ranges of draws (disjoint blocks of the same seed), in block order."""
        if (self.seed, self.block, self.sums.shape[:2]) != (
            other.seed,
            other.block,
            other.sums.shape[:2],
        ):
            raise InvalidInputError("sums of different simulations", field="sums")
        blocks = np.concatenate((self.blocks, other.blocks))
        order = np.argsort(blocks, kind="stable")
        blocks = blocks[order]
        if (blocks[1:] == blocks[:-1]).any():
            msg = "the ranges of draws overlap (a block is summed twice)"
            raise InvalidInputError(msg, field="sums")
        if (self.values is None) != (other.values is None):
            msg = "one range kept its values and the other did not (keep them in every range)"
            raise InvalidInputError(msg, field="values")
        values = None
        if self.values is not None and other.values is not None:
            values = np.concatenate((self.values, other.values), axis=1)
        sums = np.concatenate((self.sums, other.sums), axis=2)[:, :, order]
        return DrawSums(seed=self.seed, block=self.block, blocks=blocks,
                        sums=np.ascontiguousarray(sums),
                        minimum=np.fmin(self.minimum, other.minimum),
                        maximum=np.fmax(self.maximum, other.maximum),
                        draws=self.draws + other.draws, values=values)  # fmt: skip


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DrawCounts:
    """Pass two over a range of draws: histogram counts between the extremes of pass one."""

    __repr__ = short_repr

    minimum: Float = attrs.field(converter=frozen_floats)
    maximum: Float = attrs.field(converter=frozen_floats)
    counts: NDArray[np.int64] = attrs.field(converter=frozen_int64)
    draws: int

    def merge(self, other: DrawCounts) -> DrawCounts:
        """Counts of both ranges (histograms over the same extremes)."""
        if not (
            np.array_equal(self.minimum, other.minimum)
            and np.array_equal(self.maximum, other.maximum)
        ):
            raise InvalidInputError("histograms over different ranges", field="counts")
        return DrawCounts(minimum=self.minimum, maximum=self.maximum,
                          counts=self.counts + other.counts,
                          draws=self.draws + other.draws)  # fmt: skip


def draw_sums(
    x: Float, *, start: int, seed: int, block: int, keep_values: bool = False
) -> DrawSums:
    """Pass one over draws ``start .. start + n - 1`` of each output (rows of ``x``).

    ``start`` is a multiple of ``block``; only the last range of a simulation
    may end inside a block. With ``keep_values`` the record keeps ``x`` itself
    (exact percentiles, no second pass).
    """
    if start % block:
        msg = f"a range of draws starts on a block boundary (a multiple of {block})"
        raise InvalidInputError(msg, field="start", value=start)
    k, n = x.shape
    ends = np.arange(0, n, block)
    terms = np.empty((k, 3, n))  # each output, its square, and whether it is below zero
    terms[:, 0] = x
    np.multiply(x, x, out=terms[:, 1])
    np.less(x, 0, out=terms[:, 2])
    sums = np.add.reduceat(terms, ends, axis=2)
    return DrawSums(seed=seed, block=block, blocks=start // block + np.arange(ends.size),
                    sums=sums, minimum=x.min(axis=1), maximum=x.max(axis=1),
                    draws=n, values=x if keep_values else None)  # fmt: skip


def draw_counts(x: Float, sums: DrawSums) -> DrawCounts:
    """Pass two: the histogram counts of each output between the merged extremes."""
    idx = _bins(x, sums)
    counts = np.stack([np.bincount(row, minlength=BINS) for row in idx])  # outputs, not rows
    return DrawCounts(minimum=sums.minimum, maximum=sums.maximum, counts=counts,
                      draws=x.shape[1])  # fmt: skip


def _bins(x: Float, sums: DrawSums) -> NDArray[np.intp]:
    """The histogram bin of each draw of each output (rows of ``x``)."""
    width = sums.maximum - sums.minimum
    width = np.where(width > 0, width, 1.0)
    idx: NDArray[np.intp] = np.minimum(
        ((x - sums.minimum[:, None]) / width[:, None] * BINS).astype(np.intp), BINS - 1
    )
    return idx


#: Draws an exact selection may keep (the draws in the bins holding the percentiles):
#: 32 MiB of floats; an output with a point mass of more draws refuses the selection.
#: .. versionadded:: 0.2.0
MAX_SELECTED = 1 << 22


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DrawValues:
    """Pass three over a range of draws: the draws inside the bins that hold the percentiles.

    .. versionadded:: 0.2.0

    The exact percentiles of a simulation in flat memory: the histogram of
    pass two tells which bin holds each order statistic a percentile needs
    (``selection_bins``); this pass keeps the draws inside those bins (a
    few per 65,536 draws), and the order statistics are selected among them.

    Attributes
    ----------
    keys : ndarray of int64
        ``output * BINS + bin`` of each kept draw.
    values : ndarray
        The kept draws.
    draws : int
        Draws passed over.
    """

    __repr__ = short_repr

    keys: NDArray[np.int64] = attrs.field(converter=frozen_int64)
    values: Float = attrs.field(converter=frozen_floats)
    draws: int

    def merge(self, other: DrawValues) -> DrawValues:
        """The kept draws of both ranges."""
        return DrawValues(keys=np.concatenate((self.keys, other.keys)),
                          values=np.concatenate((self.values, other.values)),
                          draws=self.draws + other.draws)  # fmt: skip


def _order_ranks(n: int, qs: Sequence[float]) -> list[tuple[int, float]]:
    """``(k, t)`` per percentile: numpy's linear definition reads order statistics k, k + 1."""
    out = []
    for q in qs:
        h = q / 100.0 * (n - 1)
        k = int(np.floor(h))
        out.append((k, h - k))
    return out


def selection_bins(counts: DrawCounts, qs: Sequence[float]) -> NDArray[np.int64]:
    """Keys (``output * BINS + bin``) of the bins holding the order statistics of ``qs``.

    Raises
    ------
    LimitExceededError
        The bins hold more than :data:`MAX_SELECTED` draws (a point mass).
    """
    n = counts.draws
    wanted = sorted({j for k, _ in _order_ranks(n, qs) for j in (k, min(k + 1, n - 1))})
    keys = []
    for o in range(counts.counts.shape[0]):  # outputs, not draws
        if counts.minimum[o] == counts.maximum[o]:
            continue  # every draw is the minimum: nothing to select
        cum = np.cumsum(counts.counts[o])
        bins = np.unique(np.searchsorted(cum, np.asarray(wanted, np.int64), side="right"))
        keys.append(o * BINS + bins)
        kept = int(counts.counts[o][bins].sum())
        if kept > MAX_SELECTED:
            msg = (f"exact percentiles would keep {kept:,} draws of output {o} (a point mass); "
                   "use the histogram percentiles")  # fmt: skip
            raise LimitExceededError(msg, limit="MAX_SELECTED", maximum=MAX_SELECTED,
                                     field="exact")  # fmt: skip
    out = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    return np.asarray(out, dtype=np.int64)


def draw_values(x: Float, sums: DrawSums, keys: NDArray[np.int64]) -> DrawValues:
    """Pass three: the draws of each output (rows of ``x``) inside the bins ``keys``."""
    at = _bins(x, sums) + (np.arange(x.shape[0]) * BINS)[:, None]
    keep = np.isin(at, keys)
    return DrawValues(keys=at[keep], values=x[keep], draws=x.shape[1])


def _selected_percentiles(
    o: int, sums: DrawSums, counts: DrawCounts, selected: tuple[NDArray[np.int64], Float],
    qs: Sequence[float],
) -> dict[str, float]:  # fmt: skip
    """Percentiles of output ``o`` from the kept draws: ``np.percentile`` of all the draws."""
    n, lo = sums.draws, float(sums.minimum[o])
    cum = np.concatenate(([0], np.cumsum(counts.counts[o])))
    keys, vals = selected

    def order_stat(k: int) -> float:  # the k-th smallest draw (0-based), exactly
        if lo == float(sums.maximum[o]):
            return lo
        j = int(np.searchsorted(cum, k, side="right"))  # bin j - 1 holds it
        first = int(np.searchsorted(keys, o * BINS + j - 1, side="left"))
        return float(vals[first + k - int(cum[j - 1])])

    pct = {}
    for q, (k, t) in zip(qs, _order_ranks(n, qs), strict=True):
        a = order_stat(k)
        b = a if k + 1 >= n else order_stat(k + 1)
        diff = b - a  # numpy's _lerp, so the value is np.percentile's to the bit
        pct[f"p{q:g}"] = float(b - diff * (1.0 - t) if t >= 0.5 else a + diff * t)
    return pct


def summaries(
    sums: DrawSums,
    counts: DrawCounts | None,
    qs: Sequence[float],
    values: DrawValues | None = None,
) -> list[dict[str, Any]]:
    """Mean, sd, extremes, percentiles (``"p5"``, ...) and P(< 0) of each output.

    Percentiles follow numpy's default ("linear") definition. With the values
    kept in ``sums`` they are the exact sample percentiles (``np.percentile``
    of the values); otherwise each reads its order statistics from the
    histogram ``counts``, within (max - min) / 65536 of the exact ones, or,
    with the third pass's ``values``, selects them exactly (the same numbers
    as ``np.percentile``).
    """
    if not np.array_equal(sums.blocks, np.arange(sums.blocks.size)):
        raise InvalidInputError("draws are missing: the blocks summed are not 0, 1, 2, ...",
                                field="sums")  # fmt: skip
    if sums.values is None and counts is None:
        msg = "without the values kept in the sums, the second pass's counts are needed"
        raise InvalidInputError(msg, field="counts")
    if sums.values is None and counts is not None and counts.draws != sums.draws:
        raise InvalidInputError("both passes must cover the same draws", field="counts")
    if values is not None and values.draws != sums.draws:
        raise InvalidInputError("all three passes must cover the same draws", field="values")
    n = sums.draws
    selected = None
    if values is not None:
        order = np.lexsort((values.values, values.keys))
        selected = (values.keys[order], values.values[order])
    out = []
    for k in range(sums.sums.shape[0]):  # outputs, not draws
        s = sums.sums[k].sum(axis=1)
        lo, hi = float(sums.minimum[k]), float(sums.maximum[k])
        if sums.values is not None:
            exact = np.percentile(sums.values[k], list(qs)) if len(qs) else []
            pct = {f"p{q:g}": float(v) for q, v in zip(qs, exact, strict=True)}
        elif selected is not None:
            assert counts is not None
            pct = _selected_percentiles(k, sums, counts, selected, qs)
        else:
            assert counts is not None
            pct = _binned_percentiles(n, lo, hi, counts.counts[k], qs)
        out.append(_moments(s, n, lo, hi, pct))
    return out


def _moments(s: Float, n: int, lo: float, hi: float, pct: dict[str, float]) -> dict[str, Any]:
    mean = s[0] / n
    var = max(s[1] / n - mean * mean, 0.0) * n / max(n - 1, 1)
    return {"mean": float(mean), "sd": float(np.sqrt(var)), "minimum": lo, "maximum": hi,
            "percentiles": pct, "probability_below_zero": float(s[2] / n)}  # fmt: skip


def _binned_percentiles(
    n: int, lo: float, hi: float, counts: NDArray[np.int64], qs: Sequence[float]
) -> dict[str, float]:
    edges = np.linspace(lo, hi if hi > lo else lo + 1.0, BINS + 1)
    cum = np.concatenate(([0], np.cumsum(counts)))
    width = edges[1] - edges[0]

    def order_stat(k: int) -> float:  # the k-th smallest draw (0-based), within a bin
        j = int(np.searchsorted(cum, k, side="right"))  # bin j - 1 holds it
        inside = int(counts[j - 1])
        return float(edges[j - 1] + (k - cum[j - 1] + 0.5) / inside * width)

    pct = {}
    for q in qs:
        h = q / 100.0 * (n - 1)  # numpy's default ("linear") definition
        k = int(np.floor(h))
        first = order_stat(k)
        value = first if k + 1 >= n else first + (h - k) * (order_stat(k + 1) - first)
        pct[f"p{q:g}"] = float(np.clip(value, lo, hi))
    return pct
