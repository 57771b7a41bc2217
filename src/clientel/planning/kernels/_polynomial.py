"""Polynomials of cash flows in x = 1 / (1 + r): evaluation, all real roots, root-free proofs.

A series ``f_0 .. f_n`` has NPV ``P(x) = sum_t f_t x**t``; its IRRs are the roots
``x > 0``. Rows are coefficient rows (series x periods, constant term first)
unless a function says it takes them transposed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["all_roots", "horner", "left_align", "no_positive_root", "shift_left"]

Float = NDArray[np.float64]


def left_align(f: Float) -> Float:
    """Drop leading zeros of each series (they only shift the polynomial by x**k)."""
    lead = np.flatnonzero(f[:, 0] == 0)
    if lead.size == 0:
        return f
    out = f.copy()
    out[lead] = shift_left(f[lead])
    return out


def shift_left(f: Float) -> Float:
    first = np.argmax(f != 0, axis=1)
    cols = np.arange(f.shape[1])[None, :] + first[:, None]
    valid = cols < f.shape[1]
    out: Float = np.where(valid, np.take_along_axis(f, np.minimum(cols, f.shape[1] - 1), 1), 0.0)
    return out


def horner(CT: Float, x: Float) -> tuple[Float, Float]:
    """P(x) and P'(x) for coefficient rows CT (periods x series, constant term first)."""
    p = CT[-1].copy()
    dp = np.zeros_like(x)
    for t in range(CT.shape[0] - 2, -1, -1):  # in place: no temporaries per period
        dp *= x
        dp += p
        p *= x
        p += CT[t]
    return p, dp


def all_roots(C: Float) -> list[tuple[float, ...]]:
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
        p, dp = horner(CT, x.copy())
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
    """Cells [x_k, x_k+1] on which P keeps one strict sign (see no_positive_root)."""
    upper, lower = pos[:, 1:] + neg[:, :-1], pos[:, :-1] + neg[:, 1:]
    slack = 1e-9 * (pos[:, 1:] - neg[:, :-1])
    out: NDArray[np.bool_] = (upper < -slack) | (lower > slack)
    return out


def no_positive_root(C: Float) -> NDArray[np.bool_]:
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
