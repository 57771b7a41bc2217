"""All IRRs of series with several sign changes, against the companion matrix (issue 18).

The batch solver isolates every root on a certified grid; the reference here is an
independent computation: numpy's ``np.roots`` (eigenvalues of the companion matrix of
the polynomial in ``y = 1 + r``), one series at a time.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clientel.planning.kernels import IrrStatus
from clientel.planning.kernels import irr as irr_batch


def _companion_irrs(flows: np.ndarray) -> list[float] | None:
    """Real IRRs above -1 from np.roots, or None when the reference itself is unsure
    (a root with a tiny imaginary part, or two real roots within 1e-6 of each other)."""
    ys = np.roots(np.trim_zeros(np.asarray(flows, dtype=float), "f"))
    scale = np.maximum(1.0, np.abs(ys))
    if ((np.abs(ys.imag) > 1e-12 * scale) & (np.abs(ys.imag) < 1e-4 * scale)).any():
        return None
    real = np.sort(ys[np.abs(ys.imag) <= 1e-12 * scale].real)
    if real.size > 1 and (np.diff(real) < 1e-6 * np.maximum(1.0, np.abs(real[1:]))).any():
        return None
    return [float(y) - 1.0 for y in real if y > 1e-9]


def _status(n: int) -> IrrStatus:
    return {0: IrrStatus.NO_ROOT, 1: IrrStatus.OK}.get(n, IrrStatus.MULTIPLE)


# amounts in cents, as in the other cash-flow tests: zero or at least 0.01 in size, so that
# np.roots (which does not scale the coefficients) stays a trustworthy reference
cents = st.floats(-1e4, 1e4, allow_nan=False).map(lambda x: round(x, 2))
flows_strategy = st.lists(cents, min_size=3, max_size=30)


@given(flows_strategy)
def test_every_root_equals_the_companion_matrix(flows: list[float]) -> None:
    res = irr_batch([flows])
    assume(res.sign_changes[0] > 1)
    ref = _companion_irrs(np.array(flows))
    assume(ref is not None)
    assert ref is not None
    assert res.roots(0) == pytest.approx(ref, rel=1e-7, abs=1e-9)
    assert res.status[0] == _status(len(ref))


def test_random_batch_equals_the_companion_matrix_row_by_row() -> None:
    # 3,000 series drawn N(0, 100) over 36 periods (more than one block of 2,048 series):
    # almost all have several sign changes; every row checked against its own np.roots.
    rng = np.random.default_rng(20261127)
    flows = rng.normal(0.0, 100.0, (3000, 36))
    res = irr_batch(flows)
    checked = 0
    for i in range(flows.shape[0]):
        if res.sign_changes[i] < 2:
            continue
        ref = _companion_irrs(flows[i])
        if ref is None:
            continue
        checked += 1
        assert res.roots(i) == pytest.approx(ref, rel=1e-8, abs=1e-10), i
        assert res.status[i] == _status(len(ref))
    assert checked > 2900


def test_batch_results_do_not_depend_on_the_batch() -> None:
    rng = np.random.default_rng(7)
    flows = rng.normal(0.0, 100.0, (2500, 12))
    whole = irr_batch(flows)
    for i in rng.choice(flows.shape[0], 40, replace=False).tolist():
        alone = irr_batch(flows[i : i + 1])
        assert alone.roots(0) == whole.roots(i)
        assert alone.status[0] == whole.status[i]


def test_long_series_with_known_roots() -> None:
    # (y - 1.05)(y - 1.1)(1 + y + ... + y**599): the last factor has no positive root, so
    # the 602 flows have exactly the IRRs 5 % and 10 % (powers up to 601 never overflow).
    flows = np.convolve(np.poly([1.05, 1.1]), np.ones(600))
    res = irr_batch(flows)
    assert res.roots(0) == pytest.approx((0.05, 0.10), abs=1e-12)
    assert res.status[0] == IrrStatus.MULTIPLE


def test_roots_on_grid_points_are_found_once() -> None:
    # y = 1, 1.5, 2 and 3 (r = 0, 50 %, 100 %, 200 %): x = 1 / y = 1 and 1/2 are points of
    # the first grid, and r = 0 is where the two halves (r >= 0 and r < 0) meet.
    flows = np.poly([1.0, 1.5, 2.0, 3.0])
    res = irr_batch(flows)
    assert res.roots(0) == pytest.approx((0.0, 0.5, 1.0, 2.0), abs=1e-12)
    negative = np.poly([0.25, 0.5, 1.0])  # r = -75 %, -50 % and 0
    assert irr_batch(negative).roots(0) == pytest.approx((-0.75, -0.5, 0.0), abs=1e-12)


def test_roots_near_minus_one_and_far_above() -> None:
    # r = -99.9 %, 2 % and 5,000 %: y = 0.001, 1.02, 51
    flows = np.poly([0.001, 1.02, 51.0])
    assert irr_batch(flows).roots(0) == pytest.approx((-0.999, 0.02, 50.0), rel=1e-9)
