"""RATE: one loan (a rate or a clear error) and many loans (a status each), never a silent root."""

from __future__ import annotations

import decimal
import itertools
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clientel import planning as pl
from clientel.errors import ConvergenceError, InvalidInputError, NoSolutionError
from clientel.models import Money
from clientel.planning import kernels
from clientel.planning.kernels import IrrStatus


def _flows(n: int, pmt: float, pv: float, fv: float, when: str) -> list[float]:
    """The annuity as a cash-flow series (t = 0 .. n), written out period by period."""
    flows = [pv] + [0.0] * n
    for k in range(n):
        flows[k if when == "begin" else k + 1] += pmt
    flows[n] += fv
    return flows


def _polynomial_rates(flows: list[float]) -> list[float]:
    """Independent reference: real roots above -100 % from numpy's polynomial roots in 1 + r."""
    ys = np.roots(flows)
    keep = (np.abs(ys.imag) < 1e-7 * np.maximum(1.0, np.abs(ys))) & (ys.real > 0)
    return sorted(float(y.real) - 1.0 for y in ys[keep])


def test_statuses_for_each_kind_of_loan() -> None:
    res = kernels.rate(
        [48, 48, 48, 48, 12],
        [-200, -200, -200, 200, -100],
        [8000, 8000, 8000, 8000, 0],
        [0, 2000, 8000, 0, 0],
    )
    names = [IrrStatus(s).name for s in res.status]
    assert names == ["OK", "MULTIPLE", "NO_ROOT", "NO_SIGN_CHANGE", "NO_SIGN_CHANGE"]
    assert res.sign_changes.tolist() == [1, 2, 2, 0, 0]
    assert np.isnan(res.rate[1:]).all()
    assert res.roots(1) == pytest.approx(_polynomial_rates(_flows(48, -200, 8000, 2000, "end")))
    assert res.roots(2) == ()


def test_scalar_rate_raises_where_the_kernel_gives_a_status() -> None:
    with pytest.raises(NoSolutionError, match="2 rates") as err:
        pl.rate(48, -200, 8000, 2000)
    assert err.value.field == "pmt"
    with pytest.raises(NoSolutionError, match="no rate above"):
        pl.rate(48, -200, 8000, 8000)
    with pytest.raises(NoSolutionError, match="never change sign"):
        pl.rate(48, 200, 8000)
    capped = kernels.rate(48, -200, 8000, maxiter=1)  # an iteration cap is a status, not a NaN
    assert capped.status[0] == IrrStatus.NOT_CONVERGED
    assert np.isnan(capped.rate[0])
    assert issubclass(ConvergenceError, RuntimeError)


def test_a_tangent_rate_is_one_rate() -> None:
    # 100 now, -210 in a year, 110.25 in two: (1 + r - 1.05)**2 = 0, a double root at 5 %.
    res = kernels.rate(2, -210, 100, 110.25 + 210)
    assert IrrStatus(int(res.status[0])) in (IrrStatus.OK, IrrStatus.MULTIPLE)
    assert all(r == pytest.approx(0.05, abs=1e-6) for r in res.roots(0))


@given(
    st.integers(1, 60),
    st.floats(-1e4, 1e4).filter(lambda x: abs(x) > 1e-3),
    st.floats(-1e5, 1e5),
    st.floats(-1e5, 1e5),
    st.sampled_from(["end", "begin"]),
)
def test_statuses_and_rates_match_polynomial_roots(
    n: int, pmt: float, pv: float, fv: float, when: str
) -> None:
    flows = _flows(n, pmt, pv, fv, when)
    scale = max(abs(f) for f in flows)
    assume(scale > 0 and min(abs(f) for f in flows if f != 0) > 1e-6 * scale)
    ref = _polynomial_rates(flows)
    assume(all(-0.999 < r < 1e3 for r in ref))
    assume(all(abs(a - b) > 1e-3 for a, b in itertools.pairwise(ref)))  # no near-double roots
    res = kernels.rate(n, pmt, pv, fv, when)
    status = IrrStatus(int(res.status[0]))
    if status is IrrStatus.NO_SIGN_CHANGE:
        assert ref == []
        return
    assume(status is not IrrStatus.NOT_CONVERGED)
    assert list(res.roots(0)) == pytest.approx(ref, rel=1e-6, abs=1e-9)
    expected = {0: IrrStatus.NO_ROOT, 1: IrrStatus.OK}.get(len(ref), IrrStatus.MULTIPLE)
    assert status is expected


@given(st.lists(st.tuples(st.integers(2, 360), st.floats(1e-4, 0.1), st.floats(1e2, 1e7)),
                min_size=1, max_size=20), st.sampled_from(["end", "begin"]))  # fmt: skip
def test_batch_equals_one_by_one(loans: list[tuple[int, float, float]], when: str) -> None:
    # (one payment at the beginning repays the loan at once: no rate, so nper >= 2)
    n = np.array([x[0] for x in loans])
    r = np.array([x[1] for x in loans])
    pv = np.array([x[2] for x in loans])
    payment = pl.pmt(r, n, pv, 0.0, when)  # type: ignore[arg-type]
    batch = kernels.rate(n, payment, pv, 0.0, when)
    for i in range(len(loans)):
        one = pl.rate(int(n[i]), float(payment[i]), float(pv[i]), 0.0, when)  # type: ignore[arg-type]
        assert batch.rate[i] == one
        assert one == pytest.approx(r[i], rel=1e-9)


def test_scale_of_the_amounts_does_not_matter() -> None:
    base = pl.rate(36, -300, 9000)
    for scale in (1e-6, 1e-3, 1e3, 1e9):
        assert pl.rate(36, -300 * scale, 9000 * scale) == pytest.approx(base, rel=1e-12)


def test_exact_amounts_give_a_decimal_rate_polished_in_decimal() -> None:
    got = pl.rate(48, Money("-200", "EUR"), Money("8000", "EUR"))
    assert isinstance(got, Decimal)
    # the annuity equation at the rate found, in Decimal: zero to far beyond float precision
    with decimal.localcontext() as ctx:
        ctx.prec = 80
        g = (1 + got) ** 48
        residual = Decimal(8000) * g + Decimal(-200) * (g - 1) / got
    assert abs(residual) < Decimal("1e-28")
    assert float(got) == pytest.approx(pl.rate(48, -200, 8000), rel=1e-12)
    assert pl.rate(4, Decimal("-250"), Decimal("1000")) == 0


def test_bad_input_is_named() -> None:
    cases = [
        (lambda: pl.rate(0, -200, 8000), "nper"),
        (lambda: pl.rate(12.5, -200, 8000), "nper"),
        (lambda: pl.rate([12, 24], -200, 8000), "nper"),  # type: ignore[call-overload]
        (lambda: pl.rate(12, float("nan"), 8000), "pmt"),
        (lambda: pl.rate(12, -200, 8000, when="later"), "when"),  # type: ignore[arg-type]
        (lambda: kernels.rate([12, -1], -200, 8000), "nper[1]"),
        (lambda: kernels.rate(12, -200, [8000, float("inf")]), "pv[1]"),
        (lambda: pl.rate(12, Money("-200", "EUR"), 8000.0), "pv"),
    ]
    for call, field in cases:
        with pytest.raises(InvalidInputError) as err:
            call()
        assert err.value.field == field
