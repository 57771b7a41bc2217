"""Honest IRR over many series: sign-change analysis, a safeguarded vectorised solver, all roots.

* A series whose flows never change sign has no IRR (status ``NO_SIGN_CHANGE``).
* A *conventional* series (one sign change) has exactly one IRR above -100 %
  (Descartes' rule of signs on the polynomial in ``x = 1 / (1 + r)``); it is found
  by Newton's method safeguarded by bisection on a bracket, vectorised over all
  such series, on flows scaled to a maximum of 1 so the amounts' scale never matters.
* A series with several sign changes may have several IRRs. Those that provably
  have none are recognised by a certificate (bounds of the positive and negative
  parts of the polynomial on a grid of cells); for the others all real roots above
  -100 % are found from the eigenvalues of a companion matrix (batched over those
  series only) and polished by Newton; one root gives status ``OK``, several give
  ``MULTIPLE`` with every root listed, none gives ``NO_ROOT``. No root is chosen
  silently.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_flows
from clientel.errors import ConvergenceError, NoSolutionError

__all__ = ["IrrResult", "IrrStatus", "irr", "irr_batch", "irr_roots"]

Float = NDArray[np.float64]
_BLOCK = 4096  # series solved together: a block of 4096 x 36 periods stays in cache


class IrrStatus(enum.IntEnum):
    """Outcome of the IRR search for one series."""

    OK = 0
    NO_SIGN_CHANGE = 1
    MULTIPLE = 2
    NOT_CONVERGED = 3
    NO_ROOT = 4


@attrs.frozen(eq=False)
class IrrResult:
    """IRRs of a batch of series.

    Attributes
    ----------
    rate : ndarray
        The IRR where ``status == OK``; NaN elsewhere, always explained by ``status``.
    status : ndarray of int8
        :class:`IrrStatus` codes.
    sign_changes : ndarray of int
        Sign changes of each series (zeros skipped).
    multiple : mapping of int to tuple of float
        For every series with more than one sign change: all its real IRRs
        above -1, ascending (the single IRR of a conventional series is ``rate``).
    """

    rate: Float
    status: NDArray[np.int8]
    sign_changes: NDArray[np.intp]
    multiple: Mapping[int, tuple[float, ...]]

    def roots(self, i: int) -> tuple[float, ...]:
        """All IRRs found for series ``i``."""
        if i in self.multiple:
            return self.multiple[i]
        return (float(self.rate[i]),) if self.status[i] == IrrStatus.OK else ()


def _sign_changes(f: Float) -> NDArray[np.intp]:
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


def _left_align(f: Float) -> Float:
    """Drop leading zeros of each series (they only shift the polynomial by x**k)."""
    lead = np.flatnonzero(f[:, 0] == 0)
    if lead.size == 0:
        return f
    out = f.copy()
    out[lead] = _shift(f[lead])
    return out


def _shift(f: Float) -> Float:
    first = np.argmax(f != 0, axis=1)
    cols = np.arange(f.shape[1])[None, :] + first[:, None]
    valid = cols < f.shape[1]
    out: Float = np.where(valid, np.take_along_axis(f, np.minimum(cols, f.shape[1] - 1), 1), 0.0)
    return out


def _horner(CT: Float, x: Float) -> tuple[Float, Float]:
    """P(x) and P'(x) for coefficient rows CT (periods x series, constant term first)."""
    p = CT[-1].copy()
    dp = np.zeros_like(x)
    for t in range(CT.shape[0] - 2, -1, -1):  # in place: no temporaries per period
        dp *= x
        dp += p
        p *= x
        p += CT[t]
    return p, dp


def _initial_guess(CT: Float) -> Float:
    """x = 1/(1+r0) with r0 from money multiple and mean timing of in- and outflows."""
    t = np.arange(CT.shape[0], dtype=np.float64)
    pos = np.maximum(CT, 0.0)
    neg = pos - CT
    a, b = neg.sum(axis=0), pos.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        span = (t @ pos) / b - (t @ neg) / a
        ratio = b / a
        r0 = np.where(span > 0, ratio ** (1.0 / span) - 1.0, ratio ** (1.0 / -span) - 1.0)
    r0 = np.where(np.isfinite(r0), np.clip(r0, -0.95, 10.0), 0.1)
    out: Float = 1.0 / (1.0 + r0)
    return out


def bracketed_newton_step(
    p: Float, dp: Float, x: Float, lo: Float, hi: Float, sign0: Float, tol: float
) -> tuple[Float, Float, Float, NDArray[np.bool_]]:
    """One safeguarded Newton step for many roots at once (shared by IRR and XIRR).

    ``p``/``dp`` are the function and its derivative at ``x``; the bracket
    ``[lo, hi]`` is first narrowed by the sign of ``p`` (``sign0`` is the sign at
    the lower end). A step below the tolerance has converged, even when rounding
    puts it on the far side of the bracket; otherwise Newton is taken inside the
    bracket, else bisection. Returns the next points, the bracket and the
    converged mask.
    """
    same = np.sign(p) == sign0
    lo = np.where(same, x, lo)
    hi = np.where(same, hi, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = p / dp
    newton = x - step
    small = (p == 0) | (np.isfinite(step) & (np.abs(step) <= tol * np.abs(x)))
    ok = np.isfinite(newton) & (newton > lo) & (newton < hi)
    nxt = np.where(small, np.clip(newton, lo, hi), np.where(ok, newton, 0.5 * (lo + hi)))
    nxt = np.where(p == 0, x, nxt)
    conv: NDArray[np.bool_] = small | (hi - lo <= tol * hi)
    return nxt, lo, hi, conv


def _solve_conventional(CT: Float, tol: float, maxiter: int) -> tuple[Float, NDArray[np.bool_]]:
    """The unique positive root x of each column's polynomial (CT: periods x series,
    left-aligned, scaled); returns r = 1/x - 1."""
    s0 = np.sign(CT[0])
    n = CT.shape[1]
    lo = np.zeros(n)
    hi = np.ones(n)
    grow = np.flatnonzero(np.sign(CT.sum(axis=0)) == s0)  # P(1) = sum of flows
    for _ in range(64):  # grow the bracket until P changes sign (x up to 2**64)
        if grow.size == 0:
            break
        lo[grow] = hi[grow]
        hi[grow] *= 2.0
        p_hi, _dp = _horner(CT[:, grow], hi[grow])
        grow = grow[np.sign(p_hi) == s0[grow]]
    x0 = _initial_guess(CT)
    x = np.where((lo < x0) & (x0 < hi), x0, 0.5 * (lo + hi))
    done = np.zeros(n, dtype=bool)
    idx = np.arange(n)  # rows still iterating; coeffs/sign0 hold exactly those rows
    coeffs, sign0 = CT, s0
    for _ in range(maxiter):
        if done[idx].all():
            break
        xa, la, ha = x[idx], lo[idx], hi[idx]
        p, dp = _horner(coeffs, xa)
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


def _all_roots(C: Float) -> list[tuple[float, ...]]:
    """All real roots r > -1 per row, from companion-matrix eigenvalues in y = 1 + r."""
    n = C.shape[1] - 1
    if n == 0:
        return [() for _ in range(C.shape[0])]
    # NPV(r) * y**n = sum_t c_t y**(n - t): monic after dividing by c_0 (non-zero: aligned).
    monic = C[:, 1:] / C[:, :1]
    companion = np.zeros((C.shape[0], n, n))
    companion[:, 0, :] = -monic
    if n > 1:
        companion[:, np.arange(1, n), np.arange(n - 1)] = 1.0
    eig = np.linalg.eigvals(companion)
    real = (np.abs(eig.imag) <= 1e-7 * np.maximum(1.0, np.abs(eig.real))) & (eig.real > 0)
    rows, _cols = np.nonzero(real)
    x = 1.0 / eig.real[real]  # candidate roots in x = 1 / (1 + r), all rows at once
    CT = C[rows].T.copy()
    for _ in range(3):  # polish every candidate with Newton, vectorised
        p, dp = _horner(CT, x.copy())
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(dp != 0, p / dp, 0.0)
        x = np.where(np.isfinite(step), x - step, x)
    with np.errstate(divide="ignore"):
        r = 1.0 / x - 1.0
    keep = np.isfinite(r) & (r > -1)
    out: list[list[float]] = [[] for _ in range(C.shape[0])]
    for row, rate in zip(rows[keep].tolist(), r[keep].tolist(), strict=True):
        found = out[row]  # ragged lists only; the numerics above are batched
        if not any(abs(rate - q) <= 1e-9 * max(1.0, abs(q)) for q in found):
            found.append(rate)
    return [tuple(sorted(found)) for found in out]


_GRID = np.geomspace(1e-3, 1e3, 129)  # x = 1 / (1 + r): r from -99.9 % to +99,900 %
_SPLIT, _DEPTH = 8, 5  # refinement of uncertified cells: 8 sub-cells, at most 5 times


def _parts_at(Cp: Float, Cm: Float, x: Float) -> tuple[Float, Float]:
    """P+(x) and P-(x) for each row of Cp/Cm at its own points x (rows x k), by Horner."""
    pos = np.repeat(Cp[:, -1:], x.shape[1], axis=1)
    neg = np.repeat(Cm[:, -1:], x.shape[1], axis=1)
    for t in range(Cp.shape[1] - 2, -1, -1):
        pos = pos * x + Cp[:, t : t + 1]
        neg = neg * x + Cm[:, t : t + 1]
    return pos, neg


def _certain(pos: Float, neg: Float) -> NDArray[np.bool_]:
    """Cells [x_k, x_k+1] on which P keeps one strict sign (see _no_positive_root)."""
    upper, lower = pos[:, 1:] + neg[:, :-1], pos[:, :-1] + neg[:, 1:]
    slack = 1e-9 * (pos[:, 1:] - neg[:, :-1])
    out: NDArray[np.bool_] = (upper < -slack) | (lower > slack)
    return out


def _no_positive_root(C: Float) -> NDArray[np.bool_]:
    """Rows whose polynomial provably has no root x > 0 (a certificate, not a search).

    For x > 0 the positive part P+ of a polynomial increases and the negative part
    P- decreases, so on a cell [u, v]: P+(u) + P-(v) <= P(x) <= P+(v) + P-(u).
    A row is certified when every cell of a grid over (0, inf) has both bounds of
    one strict sign (cells that fail are split and tried again, a few times; the
    tails go through the constant term as x -> 0 and the reversed polynomial as
    x -> inf). Rows that are not certified go to the eigenvalue solver, so the
    certificate only ever saves time.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # inf/NaN bounds certify nothing
        return _certify(np.maximum(C, 0.0), np.minimum(C, 0.0))


def _certify(Cp: Float, Cm: Float) -> NDArray[np.bool_]:
    m = Cp.shape[0]
    ok = np.ones(m, dtype=bool)
    for cp, cm, lo in ((Cp, Cm, _GRID[0]), (Cp[:, ::-1], Cm[:, ::-1], 1.0 / _GRID[-1])):
        c0 = cp[:, 0] + cm[:, 0]  # tail (0, lo]: P(0) is the constant term
        pos, neg = _parts_at(cp, cm, np.full((m, 1), lo))
        upper, lower = pos[:, 0] + np.minimum(c0, 0.0), np.maximum(c0, 0.0) + neg[:, 0]
        slack = 1e-9 * (pos[:, 0] - neg[:, 0])
        ok &= (upper < -slack) | (lower > slack)
    pos, neg = _parts_at(Cp, Cm, np.broadcast_to(_GRID, (m, _GRID.size)))
    rows, cell = np.nonzero(~_certain(pos, neg))
    u, v = _GRID[cell], _GRID[cell + 1]
    frac = np.arange(_SPLIT + 1, dtype=np.float64) / _SPLIT
    for _ in range(_DEPTH):
        if rows.size == 0 or rows.size > 50_000:
            break
        x = u[:, None] * (v / u)[:, None] ** frac[None, :]  # geometric sub-cells
        pos, neg = _parts_at(Cp[rows], Cm[rows], x)
        r_idx, sub = np.nonzero(~_certain(pos, neg))
        rows, u, v = rows[r_idx], x[r_idx, sub], x[r_idx, sub + 1]
    ok[rows] = False
    return ok


def irr_batch(flows: ArrayLike, *, tol: float = 1e-13, maxiter: int = 200) -> IrrResult:
    """IRR of every series, with a status explaining each one.

    Parameters
    ----------
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows per period, the first at t = 0.
    tol : float
        Relative tolerance on ``x = 1 / (1 + r)``.
    maxiter : int
        Iteration cap; the solver always stops, and rows that did not meet the
        tolerance get status ``NOT_CONVERGED``.

    Examples
    --------
    >>> r = irr_batch([[-100, 110, 0], [100, 50, 0], [-1600, 10000, -10000]])
    >>> r.rate.round(6).tolist()[:1], [IrrStatus(s).name for s in r.status]
    ([0.1], ['OK', 'NO_SIGN_CHANGE', 'MULTIPLE'])
    >>> [round(x, 6) for x in r.roots(2)]
    [0.25, 4.0]
    """
    f, _ = as_flows(flows, min_periods=1)
    m = f.shape[0]
    changes = _sign_changes(f)
    scale = np.maximum(f.max(axis=1), -f.min(axis=1))
    scale[scale == 0] = 1.0
    rate = np.full(m, np.nan)
    status = np.full(m, IrrStatus.NO_SIGN_CHANGE, dtype=np.int8)
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
                CT[:, lead] = _shift(CT[:, lead].T).T
            r[start : start + rows.size], done[start : start + rows.size] = _solve_conventional(
                CT, tol, maxiter
            )
        rate[conv[done]] = r[done]
        status[conv] = np.where(done, IrrStatus.OK, IrrStatus.NOT_CONVERGED)
    multi = np.flatnonzero(changes > 1)
    if multi.size:
        C = _left_align(f[multi] / scale[multi, None])
        none = _no_positive_root(C)  # certified root-free: no eigenvalues needed
        for i in multi[none].tolist():
            multiple[i], status[i] = (), IrrStatus.NO_ROOT
        multi, C = multi[~none], C[~none]
        for i, found in zip(multi.tolist(), _all_roots(C), strict=True):
            multiple[i] = tuple(sorted(found))
            if len(found) == 1:
                rate[i], status[i] = found[0], IrrStatus.OK
            else:
                status[i] = IrrStatus.MULTIPLE if found else IrrStatus.NO_ROOT
    return IrrResult(rate=rate, status=status, sign_changes=changes, multiple=multiple)


def irr(flows: ArrayLike) -> float:
    """The internal rate of return of one series, or a clear error.

    Raises
    ------
    NoSolutionError
        No sign change (no IRR), no real root, or several IRRs (the message lists
        them; use :func:`irr_roots` to choose by a stated policy).
    ConvergenceError
        The safeguarded solver did not meet its tolerance.

    References
    ----------
    Microsoft, Excel IRR documentation: -70,000 then 12,000, 15,000, 18,000,
    21,000, 26,000 gives 8.66 %.

    Examples
    --------
    >>> round(irr([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]), 4)
    0.0866
    >>> irr([-1600, 10_000, -10_000])
    Traceback (most recent call last):
    ...
    clientel.errors.NoSolutionError: flows: 2 IRRs (0.25, 4); choose with irr_roots()
    """
    result = irr_batch(np.asarray(flows, dtype=np.float64).reshape(1, -1))
    status = IrrStatus(int(result.status[0]))
    if status is IrrStatus.OK:
        return float(result.rate[0])
    if status is IrrStatus.NOT_CONVERGED:
        raise ConvergenceError("IRR solver did not converge", field="flows")
    if status is IrrStatus.MULTIPLE:
        found = result.roots(0)
        listed = ", ".join(f"{r:.6g}" for r in found)
        msg = f"{len(found)} IRRs ({listed}); choose with irr_roots()"
        raise NoSolutionError(msg, field="flows")
    if status is IrrStatus.NO_ROOT:
        raise NoSolutionError("no real IRR above -100 %", field="flows")
    raise NoSolutionError("no IRR: the flows never change sign", field="flows")


def irr_roots(flows: ArrayLike) -> tuple[float, ...]:
    """Every real IRR above -100 % of one series, ascending (empty if none).

    Examples
    --------
    The classic two-root project (Brealey, Myers and Allen, Principles of
    Corporate Finance, ch. 5: -1,600, +10,000, -10,000 has IRRs of 25 % and 400 %):

    >>> irr_roots([-1600, 10_000, -10_000])
    (0.25, 4.0)
    """
    result = irr_batch(np.asarray(flows, dtype=np.float64).reshape(1, -1))
    return tuple(round(r, 12) for r in result.roots(0))
