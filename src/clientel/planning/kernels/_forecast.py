"""Seeded simulation of a pipeline's outcomes and close dates, per period (step 2.4.6).

Every open opportunity is won with its probability, independently of the others,
and closes on its expected close date plus a slip drawn from a distribution given
as equally likely whole days, never before a floor day (the forecast's date).
The won value that closes in each period is summed per draw.

One uniform ``u`` per opportunity and draw decides both: the opportunity is won
when ``u < p``, and then ``u / p``, which is uniform on [0, 1) and independent of
the outcome given a win, picks the slip. Uniforms come in blocks of
:data:`BLOCK` draws x :data:`OPPORTUNITY_BLOCK` opportunities; block ``(b, c)``
has its own stream ``SeedSequence(seed, spawn_key=(b, c))`` filled draw by draw.
A number depends only on the seed, the draw and the opportunity, so a result
never depends on ``chunk_size``; per block the totals are summed in one fixed
order and added to the running totals block by block, so even fractional values
give the same bits for every chunk size (whole numbers, as minor units are, sum
exactly below 2**53).
"""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal import limits
from clientel._internal.arrays import as_day, as_ints, finite
from clientel._internal.limits import MAX_TABLE_CELLS, check_count
from clientel.errors import InvalidInputError, LimitExceededError
from clientel.planning.kernels._sampling import BLOCK

__all__ = [
    "MAX_KEPT_DRAWS",
    "OPPORTUNITY_BLOCK",
    "ForecastDraws",
    "period_probabilities",
    "pipeline_expectation",
    "simulate_pipeline",
]

Float = NDArray[np.float64]
Int = NDArray[np.int64]

#: Most draws one forecast keeps: every draw's total per period is kept for exact
#: percentiles, (periods + 1) x draws x 8 bytes (the cap lives in ``clientel._internal.limits``
#: with the others; it was ``MAX_DRAWS`` in 0.1).
#:
#: .. versionadded:: 0.2.0
MAX_KEPT_DRAWS: Final = limits.MAX_KEPT_DRAWS
#: Opportunities per random-number block (the unit of reproducibility with ``BLOCK`` draws).
OPPORTUNITY_BLOCK = 256
_EXACT = float(2**53)  # whole-number totals below it are exact in float64
_SLICE = 1 << 16  # opportunities per slice of the expectation (fixed: results never vary)


@attrs.frozen(kw_only=True)
class ForecastDraws:
    """Per period (the last row: outside every period), the won value of each draw and
    its expectation."""

    totals: Float  # shape (periods + 1, draws)
    expected: Float  # shape (periods + 1,)


def _periods(starts: ArrayLike, end: int) -> tuple[Int, Int]:
    """Period starts and a lookup table from day offset to period index (P = outside)."""
    s = as_ints(starts, "starts")
    if s.ndim != 1 or s.size == 0:
        raise InvalidInputError("expected the periods' first days as day numbers", field="starts")
    bounds = np.append(s, np.int64(as_day(end, "end")) + 1)
    if (np.diff(bounds) <= 0).any():
        raise InvalidInputError("expected increasing period starts, then the end", field="starts")
    span = int(bounds[-1]) - int(bounds[0])  # one lookup entry per day
    check_count(span, "end", limit="MAX_TABLE_CELLS", maximum=MAX_TABLE_CELLS)
    lut = np.repeat(np.arange(s.size, dtype=np.int64), np.diff(bounds))
    return s, np.append(lut, s.size)  # lut[-1]: outside


def _inputs(
    values: ArrayLike, probabilities: ArrayLike, close: ArrayLike, slip: ArrayLike | None
) -> tuple[Float, Float, Int, Int]:
    v, p = finite("values", values), finite("probabilities", probabilities)
    c = as_ints(close, "close")
    if v.ndim != 1 or p.shape != v.shape or c.shape != v.shape:
        raise InvalidInputError("expected one value, probability and close day each", field="n")
    if (v < 0).any():
        raise InvalidInputError("values must be at least 0", field="values")
    if ((p < 0) | (p > 1)).any():
        bad = int(np.flatnonzero((p < 0) | (p > 1))[0])
        raise InvalidInputError("expected a probability in [0, 1]", field=f"probabilities[{bad}]")
    if float(v.sum()) >= _EXACT:
        msg = "the values sum to 2**53 or more: totals would not be exact"
        raise LimitExceededError(msg, limit="2**53", maximum=2**53, field="values")
    s = np.zeros(1, dtype=np.int64) if slip is None else as_ints(slip, "slip")
    if s.ndim != 1 or s.size == 0:
        raise InvalidInputError("expected the slip as whole days, at least one", field="slip")
    return v, p, c.astype(np.int64), np.sort(s.astype(np.int64))


def period_probabilities(
    close: ArrayLike,
    *,
    starts: ArrayLike,
    end: int,
    floor: int | None = None,
    slip: ArrayLike | None = None,
) -> Float:
    """Probability that each opportunity closes in each period, and outside them (last column).

    ``close_i = max(expected_i + slip, floor)`` with the slip uniform over
    ``slip``; shape (n, periods + 1), rows sum to 1. Parameters as
    :func:`simulate_pipeline`.

    Parameters
    ----------
    close : array_like of int, shape (n,)
        Expected close day of each opportunity.
    starts : array_like of int, shape (periods,)
        First day of each period, ascending.
    end : int
        Last day of the last period.
    floor : int, optional
        No close before this day (e.g. the view's date).
    slip : array_like of int, optional
        Days of slip, each equally likely; none by default.

    Returns
    -------
    numpy.ndarray, shape (n, periods + 1)
        Per opportunity, the probability of each period and of none (last column).

    Examples
    --------
    >>> period_probabilities([28, 70], starts=[0, 30], end=59, slip=[0, 5])
    array([[0.5, 0.5, 0. ],
           [0. , 0. , 1. ]])
    """
    closing = as_ints(close, "close")
    n = closing.shape[0] if closing.ndim == 1 else -1
    _, _, c, s = _inputs(np.zeros(max(n, 0)), np.zeros(max(n, 0)), closing, slip)
    floor = None if floor is None else as_day(floor, "floor")
    first, _ = _periods(starts, end)
    edges = np.append(first - 1, np.int64(end))  # the CDF is read at these days
    below = np.searchsorted(s, edges[None, :] - c[:, None], side="right") / s.size
    if floor is not None:
        below = np.where(edges[None, :] < floor, 0.0, below)
    inside = np.diff(below, axis=1)
    out: Float = np.column_stack((inside, np.maximum(1.0 - inside.sum(axis=1), 0.0)))
    return out


def pipeline_expectation(
    values: ArrayLike,
    probabilities: ArrayLike,
    close: ArrayLike,
    *,
    starts: ArrayLike,
    end: int,
    floor: int | None = None,
    slip: ArrayLike | None = None,
) -> Float:
    """Expected won value closing in each period, and outside them (last entry).

    ``sum_i p_i v_i P(close_i in period)`` (:func:`period_probabilities`); the
    entries sum to ``sum_i p_i v_i``. Parameters as :func:`simulate_pipeline`.

    Parameters
    ----------
    values : array_like, shape (n,)
        Value of each opportunity if won.
    probabilities : array_like, shape (n,)
        Probability of winning each.
    close, starts, end, floor, slip
        As for :func:`period_probabilities`.

    Returns
    -------
    numpy.ndarray, shape (periods + 1,)
        Expected won value per period, and outside them (last entry).

    Examples
    --------
    >>> pipeline_expectation([100.0, 50.0], [0.5, 0.2], [10, 40], starts=[0, 30], end=59)
    array([50., 10.,  0.])
    >>> pipeline_expectation([100.0], [0.5], [28], starts=[0, 30], end=59, slip=[0, 5])
    array([25., 25.,  0.])
    """
    v, p, c, s = _inputs(values, probabilities, close, slip)
    out = np.zeros(_periods(starts, end)[0].size + 1)
    for lo in range(0, v.size, _SLICE):  # fixed slices: memory bounded, results never vary
        sl = slice(lo, lo + _SLICE)
        mass = period_probabilities(c[sl], starts=starts, end=end, floor=floor, slip=s)
        out += (p[sl] * v[sl]) @ mass
    return out


def _check_run(draws: int, seed: int, chunk_size: int) -> None:
    check_count(draws, "draws", limit="MAX_KEPT_DRAWS", maximum=MAX_KEPT_DRAWS)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInputError("expected a non-negative integer seed", field="seed", value=seed)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InvalidInputError("expected chunk_size >= 1", field="chunk_size", value=chunk_size)


def simulate_pipeline(
    values: ArrayLike,
    probabilities: ArrayLike,
    close: ArrayLike,
    *,
    starts: ArrayLike,
    end: int,
    draws: int,
    seed: int,
    floor: int | None = None,
    slip: ArrayLike | None = None,
    chunk_size: int = 1 << 21,
) -> ForecastDraws:
    """Simulate which opportunities are won and when they close; sum the won value per period.

    Parameters
    ----------
    values : array of float, shape (n,)
        Value of each opportunity, >= 0 (whole minor units sum exactly).
    probabilities : array of float, shape (n,)
        Probability of winning each, in [0, 1].
    close : array of int, shape (n,)
        Expected close day of each (``date.toordinal()``).
    starts : array of int, shape (periods,)
        First day of each period, increasing; each period runs to the next start.
    end : int
        Last day of the last period.
    draws, seed : int
        Number of draws (at most :data:`MAX_KEPT_DRAWS`: every draw's totals are
        kept) and the seed.
    floor : int, optional
        No opportunity closes before this day (the forecast's date).
    slip : array of int, optional
        Equally likely slips of the close date, in days; none by default.
    chunk_size : int
        Opportunity-draws evaluated at once (rounded to whole blocks of
        :data:`BLOCK` x :data:`OPPORTUNITY_BLOCK`); only memory depends on it.

    Returns
    -------
    ForecastDraws
        ``totals[j, i]``: the won value closing in period ``j`` in draw ``i``
        (row ``periods``: outside every period); ``expected``: its expectation
        (:func:`pipeline_expectation`).

    Examples
    --------
    >>> out = simulate_pipeline([100.0, 50.0], [0.5, 0.2], [10, 40], starts=[0, 30], end=59,
    ...                         draws=20_000, seed=1)
    >>> out.totals.shape, out.expected.tolist()
    ((3, 20000), [50.0, 10.0, 0.0])
    >>> [round(float(m), 1) for m in out.totals.mean(axis=1)]
    [50.1, 9.8, 0.0]
    """
    v, p, c, s = _inputs(values, probabilities, close, slip)
    _check_run(draws, seed, chunk_size)
    first, lut = _periods(starts, end)
    low = np.int64(-(2**62)) if floor is None else np.int64(as_day(floor, "floor"))
    ob, periods = OPPORTUNITY_BLOCK, first.size + 1
    n_blocks = -(-v.size // ob)
    pad = n_blocks * ob - v.size
    vb, pb = np.append(v, np.zeros(pad)), np.append(p, np.zeros(pad))
    cb = np.append(c, np.zeros(pad, dtype=np.int64))
    per_batch = max(1, chunk_size // (BLOCK * ob))
    buffer = np.empty((min(per_batch, max(n_blocks, 1)), BLOCK, ob))
    run = _Run(slip=s, low=low, day0=first[0], lut=lut, periods=periods, buffer=buffer)
    totals = np.zeros((draws, periods))
    for b in range(-(-draws // BLOCK)):
        d = min(BLOCK, draws - b * BLOCK)
        acc = totals[b * BLOCK : b * BLOCK + d]
        for c0 in range(0, n_blocks, per_batch):
            blocks = range(c0, min(c0 + per_batch, n_blocks))
            cols = slice(c0 * ob, blocks.stop * ob)
            sums = run.batch(seed, b, blocks, d, pb[cols], vb[cols], cb[cols])
            for t in sums:  # block by block, in block order: the same additions for any chunk
                acc += t
    expected = pipeline_expectation(v, p, c, starts=first, end=end, floor=floor, slip=s)
    return ForecastDraws(totals=np.ascontiguousarray(totals.T), expected=expected)


def _stream(seed: int, draw_block: int, opportunity_block: int) -> np.random.Generator:
    """The stream of one block of draws x opportunities."""
    key = np.random.SeedSequence(seed, spawn_key=(draw_block, opportunity_block))
    return np.random.Generator(np.random.PCG64(key))


_SHIFT = OPPORTUNITY_BLOCK.bit_length() - 1  # OPPORTUNITY_BLOCK = 2**_SHIFT
_BLOCK_SHIFT = (BLOCK * OPPORTUNITY_BLOCK).bit_length() - 1


@attrs.frozen(kw_only=True)
class _Run:
    """What every batch of one simulation shares."""

    slip: Int
    low: np.int64
    day0: np.int64
    lut: Int
    periods: int

    buffer: Float  # the uniforms of one batch, reused: memory stays flat

    def _uniforms(self, seed: int, b: int, blocks: range, d: int) -> Float:
        """The first ``d`` draws of each block, shape (blocks, d, OPPORTUNITY_BLOCK)."""
        size = len(blocks) * d * OPPORTUNITY_BLOCK
        u = self.buffer.reshape(-1)[:size].reshape(len(blocks), d, OPPORTUNITY_BLOCK)
        for j, c in enumerate(blocks):  # each block from its own stream, draw by draw: the
            _stream(seed, b, c).random(out=u[j])  # first d draws of a full block's numbers
        return u

    def batch(
        self, seed: int, b: int, blocks: range, d: int, p: Float, v: Float, close: Int
    ) -> Float:
        """Won value per (block, draw, period) of one batch of blocks, shape (k, d, periods)."""
        k, ob = len(blocks), OPPORTUNITY_BLOCK
        u3 = self._uniforms(seed, b, blocks, d)
        pos = np.flatnonzero(u3 < p.reshape(k, 1, ob))  # (block * d + draw) * ob + column
        u = u3.reshape(-1)
        if d == BLOCK:
            opp = ((pos >> _BLOCK_SHIFT) << _SHIFT) | (pos & (ob - 1))
        else:
            opp = (pos // (d * ob)) * ob + (pos & (ob - 1))
        day = close[opp]
        if self.slip.size > 1:  # u / p is uniform on [0, 1) given u < p: the slip's uniform
            pick = (u[pos] / p[opp] * self.slip.size).astype(np.intp)
            day = day + self.slip[np.minimum(pick, self.slip.size - 1)]
        elif self.slip[0]:
            day = day + self.slip[0]
        offset = np.maximum(day, self.low) - self.day0
        offset = np.where((offset < 0) | (offset >= self.lut.size), self.lut.size - 1, offset)
        row = pos >> _SHIFT  # block * d + draw
        key = row * self.periods + self.lut[offset]
        sums = np.bincount(key, weights=v[opp], minlength=k * d * self.periods)
        out: Float = sums.astype(np.float64, copy=False).reshape(k, d, self.periods)
        return out
