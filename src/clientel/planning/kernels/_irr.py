"""Honest IRR over many series: sign-change analysis, a safeguarded vectorised solver, all roots.

* A series whose flows never change sign has no IRR (status ``NO_SIGN_CHANGE``).
* A *conventional* series (one sign change) has exactly one IRR above -100 %
  (Descartes' rule of signs on the polynomial in ``x = 1 / (1 + r)``); it is found
  by Newton's method safeguarded by bisection on a bracket, vectorised over all
  such series, on flows scaled to a maximum of 1 so the amounts' scale never matters.
* A series with several sign changes may have several IRRs. All real roots above
  -100 % are isolated on a grid refined until every cell is proven root-free or
  monotone (bounds of the positive and negative parts of the polynomial and of its
  derivative; see the notes of ``kernels._isolation``), which certifies
  that no other root exists; each root is then found by safeguarded Newton inside
  its cell. The rare rows the refinement cannot certify (double roots, roots
  closer than 1e-9 in ``x``) get the eigenvalues of a companion matrix. One root
  gives status ``OK``, several give ``MULTIPLE`` with every root listed, none gives
  ``NO_ROOT``. No root is chosen silently.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import (
    as_flows,
    frozen_floats,
    frozen_int8,
    frozen_int64,
    frozen_intp,
)
from clientel._internal.display import TableDisplay, html_table, summarise
from clientel.errors import InvalidInputError
from clientel.planning.kernels._isolation import real_roots
from clientel.planning.kernels._polynomial import (
    bracketed_newton_step,
    horner,
    left_align,
    shift_left,
)

__all__ = [
    "IrrResult",
    "IrrStatus",
    "bracketed_newton_step",
    "grow_bracket",
    "irr",
    "prepare",
    "record_roots",
    "sign_changes",
]

Float = NDArray[np.float64]
_BLOCK = 4096  # series solved together: a block of 4096 x 36 periods stays in cache


class IrrStatus(enum.IntEnum):
    """Outcome of the IRR search for one series."""

    OK = 0
    NO_SIGN_CHANGE = 1
    MULTIPLE = 2
    NOT_CONVERGED = 3
    NO_ROOT = 4


@attrs.frozen(kw_only=True, eq=False, repr=False)
class IrrResult(TableDisplay):
    """IRRs of a batch of series: a rate and a status per series, and every root as columns.

    Series are numbered from ``offset`` (the number of series before this batch
    in a partitioned run), so the results of partitions concatenate
    (:meth:`concat`) into the result of the whole.

    Attributes
    ----------
    rate : ndarray
        The IRR where ``status == OK``; NaN elsewhere, always explained by ``status``.
    status : ndarray of int8
        :class:`IrrStatus` codes.
    sign_changes : ndarray of int
        Sign changes of each series (zeros skipped).
    root_series, root_values : ndarray
        Every real IRR above -1 of the series with more than one sign change,
        one row per root: the series number (``offset`` + position, ascending)
        and the root (ascending within a series). The single IRR of a
        conventional series is its ``rate``.
    offset : int
        Number of the first series.

    Examples
    --------
    >>> res = irr([[-100, 110], [100, 50]])
    >>> res
    IrrResult(series=2, OK=1, NO_SIGN_CHANGE=1, rate=array(shape=(2,), first=[0.1, nan]))
    >>> res.to_records()[1]
    {'series': 1, 'irr': None, 'status': 'NO_SIGN_CHANGE', 'sign_changes': 0, 'roots': ()}
    """

    rate: Float = attrs.field(converter=frozen_floats)
    status: NDArray[np.int8] = attrs.field(converter=frozen_int8)
    sign_changes: NDArray[np.intp] = attrs.field(converter=frozen_intp)
    root_series: NDArray[np.int64] = attrs.field(converter=frozen_int64)
    root_values: Float = attrs.field(converter=frozen_floats)
    offset: int = 0
    _display_title = "IRR"

    def __attrs_post_init__(self) -> None:
        n = self.rate.shape
        if self.status.shape != n or self.sign_changes.shape != n:
            raise InvalidInputError("rate, status and sign_changes of different lengths",
                                    field="result")  # fmt: skip
        if self.root_series.shape != self.root_values.shape:
            raise InvalidInputError("root_series and root_values of different lengths",
                                    field="result")  # fmt: skip
        if isinstance(self.offset, bool) or not isinstance(self.offset, int) or self.offset < 0:
            raise InvalidInputError("expected an integer >= 0", field="offset", value=self.offset)

    @classmethod
    def build(
        cls,
        *,
        rate: Float,
        status: NDArray[np.int8],
        sign_changes: NDArray[np.intp],
        multiple: Mapping[int, tuple[float, ...]],
        offset: int = 0,
    ) -> IrrResult:
        """A result from the roots of its series found one by one (``multiple[position]``)."""
        keys = sorted(multiple)
        counts = [len(multiple[i]) for i in keys]
        series = np.repeat(np.asarray(keys, dtype=np.int64) + offset, counts)
        values = [v for i in keys for v in multiple[i]]
        return cls(rate=rate, status=status, sign_changes=sign_changes, root_series=series,
                   root_values=np.asarray(values, dtype=np.float64), offset=offset)  # fmt: skip

    @classmethod
    def concat(cls, results: Sequence[IrrResult]) -> IrrResult:
        """One result from the results of consecutive batches (in any order), numbered as one."""
        parts = sorted(results, key=lambda r: r.offset)
        if not parts:
            raise InvalidInputError("nothing to concatenate", field="results")
        for a, b in itertools.pairwise(parts):
            if b.offset != a.offset + a.rate.size:
                msg = f"series {a.offset + a.rate.size} to {b.offset - 1} are missing or repeated"
                raise InvalidInputError(msg, field="results")
        return cls(
            rate=np.concatenate([p.rate for p in parts]),
            status=np.concatenate([p.status for p in parts]),
            sign_changes=np.concatenate([p.sign_changes for p in parts]),
            root_series=np.concatenate([p.root_series for p in parts]),
            root_values=np.concatenate([p.root_values for p in parts]),
            offset=parts[0].offset,
        )

    @property
    def multiple(self) -> Mapping[int, tuple[float, ...]]:
        """Every series with more than one sign change (by number) and all its roots."""
        several = np.flatnonzero(self.sign_changes > 1) + self.offset
        return {i: self.roots(i) for i in several.tolist()}

    def roots(self, i: int) -> tuple[float, ...]:
        """All IRRs found for series number ``i`` (``offset`` is the first)."""
        j = i - self.offset
        if not 0 <= j < self.rate.size:
            first, last = self.offset, self.offset + self.rate.size - 1
            raise InvalidInputError(f"expected a series from {first} to {last}", field="i", value=i)
        if self.sign_changes[j] > 1:
            lo, hi = np.searchsorted(self.root_series, [i, i + 1])
            return tuple(self.root_values[lo:hi].tolist())
        return (float(self.rate[j]),) if self.status[j] == IrrStatus.OK else ()

    def _counts(self) -> dict[str, int]:
        """Series per status (statuses that occur, in code order)."""
        codes = np.bincount(self.status, minlength=len(IrrStatus))
        return {s.name: int(codes[s]) for s in IrrStatus if codes[s]}

    def to_records(self) -> list[dict[str, Any]]:
        """One row per series: IRR (None unless the status is OK), status, all roots."""
        return self._rows(self.rate.size)

    def _rows(self, stop: int) -> list[dict[str, Any]]:
        names = {s.value: s.name for s in IrrStatus}
        rates, codes = self.rate[:stop].tolist(), self.status[:stop].tolist()
        changes = self.sign_changes[:stop].tolist()
        rows = []
        for j, (r, code, k) in enumerate(zip(rates, codes, changes, strict=True)):
            i = self.offset + j
            ok = code == IrrStatus.OK
            row = {"series": i, "irr": r if ok else None, "status": names[code]}
            rows.append({**row, "sign_changes": k, "roots": self.roots(i)})
        return rows

    def __repr__(self) -> str:
        counts = "".join(f"{k}={v}, " for k, v in self._counts().items())
        first = f"offset={self.offset}, " if self.offset else ""
        return f"IrrResult(series={self.rate.size}, {first}{counts}rate={summarise(self.rate)})"

    def _repr_html_(self) -> str:
        m = self.rate.size
        title = f"IRR of {m:,} series" + (f" (first {_SHOWN} shown)" if m > _SHOWN else "")
        return html_table(self._rows(_SHOWN), title=title, max_rows=_SHOWN)


_SHOWN = 20  # series in the notebook table


def sign_changes(f: Float) -> NDArray[np.intp]:
    negative = f < 0
    out: NDArray[np.intp] = (negative[:, 1:] != negative[:, :-1]).sum(axis=1).astype(np.intp)
    zeros = np.flatnonzero((f == 0).any(axis=1))
    if zeros.size:  # rows with zeros: carry the previous non-zero sign over each zero
        s = np.sign(f[zeros])
        idx = np.where(s != 0, np.arange(f.shape[1]), 0)
        np.maximum.accumulate(idx, axis=1, out=idx)
        filled = np.take_along_axis(s, idx, axis=1)
        out[zeros] = (filled[:, 1:] * filled[:, :-1] < 0).sum(axis=1)
    return out


def _initial_guess(CT: Float) -> Float:
    """x = 1/(1+r0) with r0 from money multiple and mean timing of in- and outflows."""
    t = np.arange(CT.shape[0], dtype=np.float64)
    pos = np.maximum(CT, 0.0)
    neg = pos - CT
    a, b = neg.sum(axis=0), pos.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        # column sums down the periods, not a BLAS product: BLAS may round a column
        # differently with the batch's width, and a series' IRR must not depend on its batch
        tt = t[:, None]
        span = (tt * pos).sum(axis=0) / b - (tt * neg).sum(axis=0) / a
        ratio = b / a
        r0 = np.where(span > 0, ratio ** (1.0 / span) - 1.0, ratio ** (1.0 / -span) - 1.0)
    r0 = np.where(np.isfinite(r0), np.clip(r0, -0.95, 10.0), 0.1)
    out: Float = 1.0 / (1.0 + r0)
    return out


def grow_bracket(
    CT: Float, s0: Float, value: Callable[[Float, Float], Float]
) -> tuple[Float, Float]:
    """Brackets ``[lo, hi]`` of the unique positive root of each column (shared by IRR and XIRR).

    ``CT`` holds coefficients (dates or periods x series), ``s0`` the sign of each
    column at x = 0 and ``value(CT[:, cols], x)`` the function at ``x``. Starting
    from [0, 1] (``P(1)`` is the undiscounted total), a bracket whose upper end has
    the sign of x = 0 doubles until the sign changes (x up to 2**64).
    """
    n = CT.shape[1]
    lo, hi = np.zeros(n), np.ones(n)
    grow = np.flatnonzero(np.sign(CT.sum(axis=0)) == s0)  # P(1) = sum of flows
    for _ in range(64):
        if grow.size == 0:
            break
        lo[grow] = hi[grow]
        hi[grow] *= 2.0
        grow = grow[np.sign(value(CT[:, grow], hi[grow])) == s0[grow]]
    return lo, hi


def _value(CT: Float, x: Float) -> Float:
    return horner(CT, x)[0]


def _solve_conventional(CT: Float, tol: float, maxiter: int) -> tuple[Float, NDArray[np.bool_]]:
    """The unique positive root x of each column's polynomial (CT: periods x series,
    left-aligned, scaled); returns r = 1/x - 1."""
    s0 = np.sign(CT[0])
    n = CT.shape[1]
    lo, hi = grow_bracket(CT, s0, _value)
    x0 = _initial_guess(CT)
    x = np.where((lo < x0) & (x0 < hi), x0, 0.5 * (lo + hi))
    done = np.zeros(n, dtype=bool)
    idx = np.arange(n)  # rows still iterating; coeffs/sign0 hold exactly those rows
    coeffs, sign0 = CT, s0
    for _ in range(maxiter):
        if done[idx].all():
            break
        xa, la, ha = x[idx], lo[idx], hi[idx]
        p, dp = horner(coeffs, xa)
        nxt, la, ha, conv = bracketed_newton_step(p, dp, xa, la, ha, sign0, tol)
        frozen = done[idx]  # rows converged earlier but still in the working set stay put
        nxt = np.where(frozen, xa, nxt)
        la = np.where(frozen, lo[idx], la)
        ha = np.where(frozen, hi[idx], ha)
        conv &= ~frozen
        x[idx], lo[idx], hi[idx] = nxt, la, ha
        if conv.any():
            done[idx[conv]] = True
            keep = ~conv
            if keep.sum() < 0.6 * keep.size:  # compact the working set only when it pays
                idx, coeffs, sign0 = idx[keep], coeffs[:, keep], sign0[keep]
    with np.errstate(divide="ignore"):
        rate: Float = 1.0 / x - 1.0
    return rate, done


def prepare(f: Float) -> tuple[NDArray[np.intp], Float, Float, NDArray[np.int8]]:
    """Sign changes, scale (largest absolute flow, 1 for all-zero series), NaN rates and
    ``NO_SIGN_CHANGE`` statuses: the start of a batch solve (shared by IRR and XIRR)."""
    changes = sign_changes(f)
    scale = np.maximum(f.max(axis=1), -f.min(axis=1))
    scale[scale == 0] = 1.0
    rate = np.full(f.shape[0], np.nan)
    status = np.full(f.shape[0], IrrStatus.NO_SIGN_CHANGE, dtype=np.int8)
    return changes, scale, rate, status


def record_roots(
    i: int,
    found: tuple[float, ...],
    rate: Float,
    status: NDArray[np.int8],
    multiple: dict[int, tuple[float, ...]],
) -> None:
    """Store the roots of series ``i`` (several sign changes): one root is its IRR."""
    multiple[i] = tuple(sorted(found))
    if len(found) == 1:
        rate[i], status[i] = found[0], IrrStatus.OK
    else:
        status[i] = IrrStatus.MULTIPLE if found else IrrStatus.NO_ROOT


def irr(flows: ArrayLike, *, tol: float = 1e-13, maxiter: int = 200, offset: int = 0) -> IrrResult:
    """IRR of every series, with a status explaining each one (the batch solver).

    The scalar :func:`clientel.planning.irr` returns one series' IRR or raises;
    this kernel never raises for a series without a unique IRR: its status says why.

    Parameters
    ----------
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows per period, the first at t = 0.
    tol : float, default 1e-13
        Relative tolerance on ``x = 1 / (1 + r)``.
    maxiter : int, default 200
        Iteration cap; the solver always stops, and rows that did not meet the
        tolerance get status ``NOT_CONVERGED``.
    offset : int
        The number of the first series (series before this batch in a
        partitioned run): roots are keyed by it, and the results of the
        batches concatenate with :meth:`IrrResult.concat`. Each series is
        solved on its own, so the numbers never depend on the batching.

    Returns
    -------
    IrrResult
        The rate and a status (:class:`IrrStatus`) per series, and every root of
        the series with several.

    Raises
    ------
    InvalidInputError
        Flows that are not a finite 1-D or 2-D array, or offset < 0.

    Examples
    --------
    >>> r = irr([[-100, 110, 0], [100, 50, 0], [-1600, 10000, -10000]])
    >>> r.rate.round(6).tolist()[:1], [IrrStatus(s).name for s in r.status]
    ([0.1], ['OK', 'NO_SIGN_CHANGE', 'MULTIPLE'])
    >>> [round(x, 6) for x in r.roots(2)]
    [0.25, 4.0]

    The same series in two batches, numbered as one:

    >>> parts = [irr([[-100, 110, 0], [100, 50, 0]]), irr([[-1600, 10000, -10000]], offset=2)]
    >>> both = IrrResult.concat(parts)
    >>> [round(x, 6) for x in both.roots(2)], both.root_series.tolist()
    ([0.25, 4.0], [2, 2])
    """
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidInputError("expected an integer >= 0", field="offset", value=offset)
    f, _ = as_flows(flows, min_periods=1)
    changes, scale, rate, status = prepare(f)
    multiple: dict[int, tuple[float, ...]] = {}
    conv = np.flatnonzero(changes == 1)
    if conv.size:
        r = np.empty(conv.size)
        done = np.empty(conv.size, dtype=bool)
        for start in range(0, conv.size, _BLOCK):  # blocks of series that stay in cache
            rows = conv[start : start + _BLOCK]
            CT = np.empty((f.shape[1], rows.size))
            np.divide(f[rows].T, scale[rows], out=CT)  # transposed and scaled in one pass
            lead = np.flatnonzero(CT[0] == 0)
            if lead.size:
                CT[:, lead] = shift_left(CT[:, lead].T).T
            r[start : start + rows.size], done[start : start + rows.size] = _solve_conventional(
                CT, tol, maxiter
            )
        rate[conv[done]] = r[done]
        status[conv] = np.where(done, IrrStatus.OK, IrrStatus.NOT_CONVERGED)
    multi = np.flatnonzero(changes > 1)
    if multi.size:
        C = left_align(f[multi] / scale[multi, None])
        for i, found in zip(multi.tolist(), real_roots(C, tol=tol, maxiter=maxiter), strict=True):
            record_roots(i, found, rate, status, multiple)
    return IrrResult.build(rate=rate, status=status, sign_changes=changes, multiple=multiple,
                           offset=offset)  # fmt: skip
