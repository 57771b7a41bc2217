"""Every real IRR of series with several sign changes, each row with a certificate.

A series ``c_0 .. c_n`` (left-aligned, so ``c_0 != 0``) has NPV ``P(x) = sum_t c_t x**t``
in ``x = 1 / (1 + r)``. Its IRRs above -100 % are the roots ``x > 0``, examined in two
halves where no power exceeds 1, whatever the length of the series:

* ``P(x)`` on ``[0, 1]`` (rates ``r >= 0``);
* the reversed polynomial ``Q(y) = y**n P(1 / y)`` on ``[0, 1)`` (``y = 1 + r``,
  rates ``-1 < r < 0``; trailing zero flows are dropped first, so ``Q(0) != 0``).

On a cell ``[u, v]`` of ``[0, 1]``, with ``A(x) = sum_t |c_t| x**t``, the positive part
of ``P`` increases and its negative part decreases, so
``P(u) + P(v) - (A(v) - A(u)) <= 2 P(x) <= P(u) + P(v) + (A(v) - A(u))``:

* ``|P(u) + P(v)| > A(v) - A(u)`` proves that ``P`` keeps one sign (no root);
* the same bound on ``P'`` (with ``A'``) proves ``P`` strictly monotone on the cell:
  exactly one root if ``P`` changes sign between ``u`` and ``v``, none otherwise.

Both halves start on a grid of 64 equal cells, evaluated for all rows by four matrix
products with the powers of the grid points; cells proven neither way are split
into 8 and tried again, up to 8 times (cells of width 1e-9). A row all of whose
cells are proven has its roots isolated, one per monotone cell with a sign change:
a certificate that no other root exists above -100 %. Each isolated root is then
found by Newton's method safeguarded by bisection inside its cell. The rounding of
every evaluation is bounded by ``4 (n + 1) eps A(x)`` and taken off each bound, so a
certificate never rests on a rounded value. Rows that are not certified (a double
root, roots closer than the finest cell) get the eigenvalues of their companion
matrix (:func:`all_roots`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clientel.planning.kernels._polynomial import (
    all_roots,
    bracketed_newton_step,
    horner,
    left_align,
)

__all__ = ["real_roots"]

Float = NDArray[np.float64]
Bool = NDArray[np.bool_]
Int = NDArray[np.intp]

_GRID = np.linspace(0.0, 1.0, 65)  # the first cells of both halves
_SPLIT, _DEPTH = 8, 8  # an unproven cell becomes 8 cells, at most 8 times
_FRAC = np.linspace(0.0, 1.0, _SPLIT + 1)
_ROWS = 2048  # series per block: both halves of a block's grid values stay small
_MAX_CELLS = 64  # unproven cells a row may have after a refinement before it gives up
_SERIAL_PRODUCT = 200_000  # multiply-adds of a matrix product OpenBLAS keeps on one thread


def real_roots(C: Float, *, tol: float = 1e-13, maxiter: int = 200) -> list[tuple[float, ...]]:
    """All real roots ``r > -1`` of each row's NPV, ascending (rows: series x periods).

    ``C`` holds left-aligned coefficient rows (``C[:, 0] != 0``), scaled to a
    largest absolute value of 1. See the module notes for the certificate.
    """
    m = C.shape[0]
    found: list[list[float]] = [[] for _ in range(m)]
    failed = np.zeros(m, dtype=bool)
    for start in range(0, m, _ROWS):
        block = C[start : start + _ROWS]
        rows, rates, bad = _block_roots(block, tol, maxiter)
        failed[start : start + block.shape[0]] = bad
        for i, r in zip((rows + start).tolist(), rates.tolist(), strict=True):
            found[i].append(r)
    again = np.flatnonzero(failed)
    if again.size:  # not certified: the companion matrix's eigenvalues decide
        for i, roots in zip(again.tolist(), all_roots(C[again]), strict=True):
            found[i] = list(roots)
    return [tuple(sorted(f)) for f in found]


def _grid_values(H: Float, absH: Float) -> list[Float]:
    """P, A, P', A' of every half-row at the grid points, by four matrix products.

    The products go in slices of rows small enough that OpenBLAS (numpy's default
    BLAS) runs each on the calling thread: on a busy machine its worker threads
    wait for cores, and one threaded product then costs more than all the slices.
    """
    n1 = H.shape[1]
    t = np.arange(n1, dtype=np.float64)[:, None]
    with np.errstate(under="ignore"):
        V = _GRID[None, :] ** t  # V[t, k] = x_k ** t (0 ** 0 = 1)
        dV = t * _GRID[None, :] ** np.maximum(t - 1.0, 0.0)
    out = [np.empty((H.shape[0], _GRID.size)) for _ in range(4)]
    step = max(1, _SERIAL_PRODUCT // (n1 * _GRID.size))
    for s in range(0, H.shape[0], step):
        for o, (M, W) in zip(out, ((H, V), (absH, V), (H, dV), (absH, dV)), strict=True):
            np.matmul(M[s : s + step], W, out=o[s : s + step])
    return out


def _split(H: Float, absH: Float, h: Int, u: Float, w: Float) -> tuple[Float, list[Float]]:
    """Points dividing each cell into 8 (ends kept exact) and P, A, P', A' there (Horner)."""
    x = u[:, None] + (w - u)[:, None] * _FRAC[None, :]
    x[:, 0], x[:, -1] = u, w
    (P, D), (A, B) = horner(H[h].T[:, :, None], x), horner(absH[h].T[:, :, None], x)
    return x, [P, A, D, B]


def _unproven_free(P: Float, A: Float, g: float) -> tuple[Int, Int]:
    """Cells (group, index) not proven root-free: ``|P(u) + P(v)| > A(v) - A(u)`` with the
    rounding of all four values taken off."""
    lhs = np.abs(P[:, :-1] + P[:, 1:])
    lhs -= (1.0 + 2 * g) * A[:, 1:]
    lhs += (1.0 - 2 * g) * A[:, :-1]
    r, j = np.nonzero(~(lhs > 0))  # NaN proves nothing
    return r, j


def _isolate(H: Float, g: float) -> tuple[Int, list[Float], Int, Float, Int]:
    """Refine until every cell is proven. Returns the cells with one inner root (half-row;
    ends and values there), the roots found at cell ends (half-row, x) and the
    half-rows given up on."""
    absH = np.abs(H)
    h = np.arange(H.shape[0])
    x: Float = np.broadcast_to(_GRID, (h.size, _GRID.size))
    vals = _grid_values(H, absH)
    in_h: list[Int] = []
    in_f: list[list[Float]] = []
    at_h: list[Int] = []
    at_x: list[Float] = []
    given_up: list[Int] = [np.empty(0, dtype=np.intp)]
    for depth in range(_DEPTH + 1):
        r, j = _unproven_free(vals[0], vals[1], g)
        pu, pw, au, aw, du, dw, bu, bw = (v[r, j + e] for v in vals for e in (0, 1))
        mono = np.abs(du + dw) > (bw - bu) + 2 * g * (bu + bw)  # P' keeps its sign
        zu, zw = np.abs(pu) <= g * au, np.abs(pw) <= g * aw  # within rounding of a root
        one = mono & ~zu & ~zw & (np.sign(pu) != np.sign(pw))
        in_h.append(h[r[one]])
        in_f.append([x[r[one], j[one]], x[r[one], j[one] + 1], pu[one], pw[one]])
        for end, zero in ((0, zu), (1, zw)):  # a root at a cell end (within rounding)
            at_h.append(h[r[mono & zero]])
            at_x.append(x[r[mono & zero], j[mono & zero] + end])
        r, j = r[~mono], j[~mono]
        if r.size == 0:
            break
        limit = _MAX_CELLS if depth < _DEPTH else 0  # after the last refinement: give up
        crowded = np.bincount(h[r], minlength=H.shape[0]) > limit
        given_up.append(np.flatnonzero(crowded))
        keep = ~crowded[h[r]]
        r, j = r[keep], j[keep]
        if r.size == 0:
            break
        h, (x, vals) = h[r], _split(H, absH, h[r], x[r, j], x[r, j + 1])
    cells = [np.concatenate(col) for col in zip(*in_f, strict=True)]
    return (np.concatenate(in_h), cells, np.concatenate(at_h), np.concatenate(at_x),
            np.concatenate(given_up))  # fmt: skip


def _polish(H: Float, h: Int, cells: list[Float], tol: float, maxiter: int) -> tuple[Float, Bool]:
    """The root inside each cell (a sign change, P monotone): safeguarded Newton from the
    secant point; returns the roots and which ones met the tolerance."""
    lo, hi, pu, pw = cells
    CT = H[h].T.copy()
    s0 = np.sign(pu)
    x = lo - pu * (hi - lo) / (pw - pu)
    x = np.where((x > lo) & (x < hi), x, 0.5 * (lo + hi))
    lo, hi = lo.copy(), hi.copy()
    done = np.zeros(x.size, dtype=bool)
    act = np.arange(x.size)
    for _ in range(maxiter):
        if act.size == 0:
            break
        p, dp = horner(CT[:, act], x[act])
        nxt, la, ha, conv = bracketed_newton_step(p, dp, x[act], lo[act], hi[act], s0[act], tol)
        x[act], lo[act], hi[act] = nxt, la, ha
        done[act[conv]] = True
        act = act[~conv]
    return x, done


def _block_roots(C: Float, tol: float, maxiter: int) -> tuple[Int, Float, Bool]:
    """Roots of one block: the series of each root, its rate, and the rows not certified."""
    b, n1 = C.shape
    H = np.concatenate([C, left_align(C[:, ::-1])])  # half A in x, half B in y = 1 / x
    g = 4.0 * n1 * float(np.finfo(np.float64).eps)  # relative rounding bound of a value
    inner_h, inner, at_h, at_x, given_up = _isolate(H, g)
    x, ok = _polish(H, inner_h, inner, tol, maxiter)
    bad = np.zeros(b, dtype=bool)
    bad[given_up % b] = True
    bad[inner_h[~ok] % b] = True
    h = np.concatenate([inner_h[ok], at_h])
    x = np.concatenate([x[ok], at_x])
    keep = ((h < b) | (x < 1.0)) & ~bad[h % b]  # x = 1 is y = 1: counted in half A only
    pairs = np.unique(np.stack([h[keep].astype(np.float64), x[keep]], axis=1), axis=0)
    h, x = pairs[:, 0].astype(np.intp), pairs[:, 1]  # a root at a shared cell end, once
    with np.errstate(divide="ignore"):
        rate = np.where(h < b, 1.0 / x - 1.0, x - 1.0)
    return h % b, rate, bad
