"""Cash-flow kernels: published examples, independent checks, properties and bad input."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clientel.errors import ConvergenceError, InvalidInputError, NoSolutionError
from clientel.planning import (
    discounted_payback_period,
    fv,
    irr,
    irr_roots,
    mirr,
    npv,
    payback_period,
    pmt,
    profitability_index,
    pv,
    xirr,
    xnpv,
)
from clientel.planning.kernels import IrrStatus, year_fractions
from clientel.planning.kernels import irr as irr_batch

amounts = st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 2))
rates = st.floats(-0.5, 2.0)


def _npv_direct(rate: float, flows: list[float]) -> float:
    """Independent reference: the textbook sum, term by term."""
    return sum(f / (1.0 + rate) ** t for t, f in enumerate(flows))


def _real_irrs(flows: list[float]) -> list[float]:
    """Independent reference: numpy's polynomial roots in y = 1 + r."""
    ys = np.roots(flows)
    real = ys[np.abs(ys.imag) < 1e-9].real
    return sorted(float(y - 1.0) for y in real if y > 0)


# --- published examples ------------------------------------------------------------------------


def test_excel_npv_examples() -> None:
    # Microsoft Support, "NPV function", examples 1 and 2.
    assert npv(0.10, [-10_000, 3_000, 4_200, 6_800], timing="end") == pytest.approx(
        1188.44, abs=5e-3
    )
    flows = [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500]
    assert npv(0.08, flows) == pytest.approx(1922.06, abs=5e-3)  # NPV(8%, B3:B7) + B2
    assert npv(0.08, flows[1:], timing="end") + flows[0] == pytest.approx(1922.06, abs=5e-3)


def test_excel_irr_examples() -> None:
    # Microsoft Support, "IRR function": 4 years -2.12 %, 5 years 8.66 %, 2 years -44.35 %.
    base = [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]
    assert irr(base[:5]) == pytest.approx(-0.0212, abs=5e-5)
    assert irr(base) == pytest.approx(0.0866, abs=5e-5)
    assert irr(base[:3]) == pytest.approx(-0.4435, abs=5e-5)


def test_excel_mirr_examples() -> None:
    # Microsoft Support, "MIRR function": 12.61 %, -4.80 % (3 years), 13.48 % (reinvest 14 %).
    flows = [-120_000, 39_000, 30_000, 21_000, 37_000, 46_000]
    assert mirr(flows, 0.10, 0.12) == pytest.approx(0.1261, abs=5e-5)
    assert mirr(flows[:4], 0.10, 0.12) == pytest.approx(-0.0480, abs=5e-5)
    assert mirr(flows, 0.10, 0.14) == pytest.approx(0.1348, abs=5e-5)


DATES = [dt.date(2008, 1, 1), dt.date(2008, 3, 1), dt.date(2008, 10, 30), dt.date(2009, 2, 15),
         dt.date(2009, 4, 1)]  # fmt: skip
FLOWS = [-10_000, 2_750, 4_250, 3_250, 2_750]


def test_excel_xnpv_xirr_examples() -> None:
    # Microsoft Support, "XNPV function" (2086.65) and "XIRR function" (0.373362535).
    assert xnpv(0.09, FLOWS, DATES) == pytest.approx(2086.65, abs=5e-3)
    assert xirr(FLOWS, DATES) == pytest.approx(0.373362535, abs=2e-9)  # Excel stops at 1e-8
    assert xnpv(xirr(FLOWS, DATES), FLOWS, DATES) == pytest.approx(0.0, abs=1e-6)


def test_day_counts() -> None:
    t365 = year_fractions(DATES, "ACT/365F")
    t360 = year_fractions(DATES, "ACT/360")
    days = np.array([(d - DATES[0]).days for d in DATES])
    assert np.allclose(t365, days / 365)
    assert np.allclose(t360, days / 360)
    assert np.array_equal(year_fractions(DATES, "spreadsheet"), t365)
    # ACT/360 counts more years for the same days: lower XNPV at a positive rate
    assert xnpv(0.09, FLOWS, DATES, day_count="ACT/360") < xnpv(0.09, FLOWS, DATES)


def test_two_root_textbook_case() -> None:
    # Brealey, Myers and Allen, Principles of Corporate Finance (ch. 5, "multiple rates of
    # return"): -1,600, +10,000, -10,000 has IRRs of 25 % and 400 %.
    assert irr_roots([-1600, 10_000, -10_000]) == pytest.approx((0.25, 4.0), abs=1e-10)
    with pytest.raises(NoSolutionError, match="2 IRRs") as err:
        irr([-1600, 10_000, -10_000])
    assert err.value.field == "flows"
    res = irr_batch([[-1600, 10_000, -10_000]])
    assert res.status[0] == IrrStatus.MULTIPLE
    assert np.isnan(res.rate[0])


def test_payback_textbook_examples() -> None:
    # Ross, Westerfield and Jordan, Fundamentals of Corporate Finance, ch. 9 (payback rule):
    # -50,000 then 30,000, 20,000, 10,000 pays back in exactly 2 years.
    assert payback_period([-50_000, 30_000, 20_000, 10_000]) == pytest.approx(2.0)
    assert payback_period([-500, 100, 200, 500]) == pytest.approx(2.4)
    # discounted payback against the term-by-term definition
    d = [f / 1.125**t for t, f in enumerate([-300, 100, 100, 100, 100, 100])]
    cum = np.cumsum(d)
    k = int(np.argmax(cum >= 0)) - 1
    expected = k + -cum[k] / d[k + 1]
    assert discounted_payback_period([-300, 100, 100, 100, 100, 100], rate=0.125) == pytest.approx(
        expected
    )


def test_excel_annuity_examples() -> None:
    # Microsoft Support: PMT (10,000 over 10 months at 8 %/yr: -1,037.03),
    # PV (500 a month for 20 years at 8 %: -59,777.15), FV example (2,581.40).
    assert pmt(0.08 / 12, 10, 10_000) == pytest.approx(-1037.03, abs=5e-3)
    assert pmt(0.08 / 12, 10, 10_000, when="begin") == pytest.approx(-1030.16, abs=5e-3)
    assert pv(0.08 / 12, 240, 500) == pytest.approx(-59_777.15, abs=5e-3)
    assert fv(0.06 / 12, 10, -200, -500, when="begin") == pytest.approx(2581.40, abs=5e-3)
    assert pmt(0.0, 4, 1000) == -250.0


def test_profitability_index_direct() -> None:
    assert profitability_index(0.10, [-1000, 500, 500, 500]) == pytest.approx(
        (_npv_direct(0.10, [0, 500, 500, 500])) / 1000
    )


# --- properties ---------------------------------------------------------------------------------


@given(rates, st.lists(amounts, min_size=1, max_size=30))
def test_npv_matches_direct_sum_and_timing(rate: float, flows: list[float]) -> None:
    scale = max(1.0, sum(abs(f) for f in flows))
    assert npv(rate, flows) == pytest.approx(_npv_direct(rate, flows), abs=1e-9 * scale * 1e3)
    assert npv(rate, flows, timing="end") == pytest.approx(
        npv(rate, flows) / (1 + rate), rel=1e-12, abs=1e-6
    )


@given(st.lists(st.lists(amounts, min_size=6, max_size=6), min_size=1, max_size=8), rates)
def test_batched_equals_one_by_one(rows: list[list[float]], rate: float) -> None:
    batch = npv(rate, rows)
    assert np.allclose(batch, [npv(rate, r) for r in rows], rtol=1e-13, atol=1e-6)
    assert np.allclose(npv([rate] * len(rows), rows), batch, rtol=1e-13, atol=1e-6)
    res = irr_batch(rows)
    for i, r in enumerate(rows):
        one = irr_batch(r)
        assert one.status[0] == res.status[i]
        assert np.array_equal(one.rate, res.rate[i : i + 1], equal_nan=True)
    assert np.array_equal(payback_period(rows), [payback_period(r) for r in rows])


conventional = st.tuples(
    st.floats(1.0, 1e7),
    st.lists(st.floats(0.0, 1e7), min_size=1, max_size=40),
).filter(lambda c: sum(c[1]) > 1e-3 * c[0])  # IRR above -100 % in float


@given(conventional, st.sampled_from([1e-3, 1.0, 1e6]))
def test_irr_of_conventional_series(c: tuple[float, list[float]], scale: float) -> None:
    flows = [-c[0], *c[1]]
    r = irr(flows)
    assert npv(r, flows) == pytest.approx(0.0, abs=1e-8 * sum(abs(f) for f in flows))
    # unique root, same as an independent polynomial solver, independent of scale
    ref = _real_irrs(flows)
    assume(len(ref) == 1 and ref[0] < 1e3)
    assert r == pytest.approx(ref[0], rel=1e-7, abs=1e-9)
    assert irr([f * scale for f in flows]) == pytest.approx(r, rel=1e-10, abs=1e-12)
    # NPV decreasing in the rate for a conventional investment
    lo, hi = npv(r - 0.01 * (1 + r), flows), npv(r + 0.01 * (1 + r), flows)
    assert lo >= hi


@given(st.lists(st.floats(-0.9, 3.0), min_size=2, max_size=3, unique=True).filter(
    lambda rs: min(abs(a - b) for a in rs for b in rs if a != b) > 0.05))  # fmt: skip
def test_all_roots_of_constructed_polynomial(roots: list[float]) -> None:
    flows = list(np.poly([1.0 + r for r in roots]))  # NPV * (1+r)^n has exactly these roots
    found = irr_roots(flows)
    assert found == pytest.approx(sorted(roots), abs=1e-8)


@given(st.lists(st.floats(0.0, 1e6), min_size=1, max_size=20), st.booleans())
def test_no_sign_change_is_typed(flows: list[float], negate: bool) -> None:
    f = [-x for x in flows] if negate else flows
    res = irr_batch(f)
    assert res.status[0] == IrrStatus.NO_SIGN_CHANGE
    assert np.isnan(res.rate[0])
    with pytest.raises(NoSolutionError, match="never change sign") as err:
        irr(f)
    assert err.value.field == "flows"


def test_irr_with_zeros_and_trailing_negative() -> None:
    assert irr([0, 0, -100, 0, 121]) == pytest.approx(0.1, abs=1e-12)
    # trailing negative flow: two sign changes, roots listed, never a silent pick
    flows = [-100, 230, -132]
    assert irr_roots(flows) == pytest.approx(tuple(_real_irrs(flows)), abs=1e-10)


def test_irr_not_converged_is_reported() -> None:
    res = irr_batch([[-100, 50, 60, 70]], maxiter=1)
    assert res.status[0] == IrrStatus.NOT_CONVERGED
    assert np.isnan(res.rate[0])


@given(st.lists(st.floats(-1e5, 1e5), min_size=2, max_size=12))
def test_payback_matches_loop(flows: list[float]) -> None:
    cum = np.cumsum(flows)
    neg = np.flatnonzero(cum < 0)
    if neg.size == 0:
        expected = 0.0
    elif neg[-1] == len(flows) - 1:
        expected = float("inf")
    else:
        k = int(neg[-1])
        expected = k + -cum[k] / flows[k + 1]
    assert payback_period(flows) == pytest.approx(expected)


@given(st.floats(-0.5, 1.0).filter(lambda r: abs(r) > 1e-6), st.integers(1, 360), st.floats(1, 1e6))
def test_annuity_round_trip(rate: float, n: int, principal: float) -> None:
    payment = pmt(rate, n, principal)
    assert pv(rate, n, payment) == pytest.approx(principal, rel=1e-8)
    assert fv(rate, n, payment, principal) == pytest.approx(
        0.0, abs=1e-6 * principal * max(1, (1 + rate) ** n)
    )


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [-1.0, -2.0, float("nan"), float("inf")])
def test_rate_at_or_below_minus_one_raises(rate: float) -> None:
    with pytest.raises(InvalidInputError, match="rate") as err:
        npv(rate, [-1, 2])
    assert err.value.field == "rate"
    with pytest.raises(InvalidInputError, match="rate") as err:
        xnpv(rate, FLOWS, DATES)
    assert err.value.field == "rate"
    with pytest.raises(InvalidInputError, match="rate") as err:
        discounted_payback_period([-1, 2], rate=rate)
    assert err.value.field == "rate"


def test_non_finite_and_empty_flows_raise() -> None:
    with pytest.raises(InvalidInputError, match=r"flows\[1, 2\]") as err:
        npv(0.1, [[-1, 2, 3], [-1, 2, float("nan")]])
    assert err.value.field == "flows[1, 2]"
    with pytest.raises(InvalidInputError, match="at least 1 periods") as err:
        npv(0.1, [])
    assert err.value.field == "flows"
    with pytest.raises(InvalidInputError, match="rectangular") as err:
        npv(0.1, [[1, 2], [3]])
    assert err.value.field == "flows"
    with pytest.raises(InvalidInputError, match="rates") as err:
        npv([0.1, 0.2, 0.3], [[-1, 2], [-1, 3]])
    assert err.value.field == "rate"
    with pytest.raises(InvalidInputError, match="timing") as err:
        npv(0.1, [-1, 2], timing="middle")  # type: ignore[arg-type]
    assert err.value.field == "timing"


def test_dated_bad_input() -> None:
    one_day = [dt.date(2026, 1, 1)] * 2
    with pytest.raises(NoSolutionError, match="one date"):  # pyxirr silently returns 0.0
        xirr([-100, 110], one_day)
    with pytest.raises(InvalidInputError, match="day_count") as err:
        xnpv(0.1, FLOWS, DATES, day_count="30/360")
    assert err.value.field == "day_count"
    with pytest.raises(InvalidInputError, match="dates") as err:
        xnpv(0.1, FLOWS, DATES[:3])
    assert err.value.field == "dates"
    with pytest.raises(InvalidInputError, match=r"dates\[1\]") as err:
        year_fractions([dt.date(2026, 2, 1), dt.date(2026, 1, 1)])
    assert err.value.field == "dates[1]"
    with pytest.raises(NoSolutionError, match="never change sign") as err:
        xirr([100, 110], [dt.date(2026, 1, 1), dt.date(2027, 1, 1)])
    assert err.value.field == "flows"
    d3 = [dt.date(2026, 1, 1), dt.date(2027, 1, 1), dt.date(2028, 1, 1)]
    with pytest.raises(NoSolutionError, match="2 rates") as err:
        xirr([-1600, 10_000, -10_000], d3)
    assert err.value.field == "flows"


def test_other_kernel_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="negative and one positive") as err:
        mirr([100, 200, 300], 0.1, 0.1)
    assert err.value.field == "flows"
    with pytest.raises(InvalidInputError, match="investment") as err:
        profitability_index(0.1, [100, 200])
    assert err.value.field == "flows[0]"
    with pytest.raises(InvalidInputError, match="nper") as err:
        pmt(0.1, 0, 100)
    assert err.value.field == "nper"
    with pytest.raises(InvalidInputError, match="when") as err:
        pmt(0.1, 3, 100, when="middle")  # type: ignore[arg-type]
    assert err.value.field == "when"
    assert issubclass(ConvergenceError, RuntimeError)


@given(st.lists(st.lists(amounts, min_size=5, max_size=5), min_size=1, max_size=6), rates)
def test_xnpv_batched_equals_one_by_one(rows: list[list[float]], rate: float) -> None:
    batch = xnpv(rate, rows, DATES)
    t = [(d - DATES[0]).days / 365 for d in DATES]
    for i, r in enumerate(rows):
        ref = sum(f / (1 + rate) ** ti for f, ti in zip(r, t, strict=True))
        assert batch[i] == pytest.approx(xnpv(rate, r, DATES), rel=1e-12, abs=1e-6)
        assert batch[i] == pytest.approx(ref, rel=1e-9, abs=1e-3)


@given(st.lists(st.integers(-1000, 1000), min_size=3, max_size=14))
def test_several_sign_changes_roots_match_polynomial_roots(flows: list[int]) -> None:
    res = irr_batch(flows)
    assume(res.sign_changes[0] > 1)
    ys = np.roots(np.trim_zeros(np.array(flows, dtype=float), "f"))
    assume(not ((np.abs(ys.imag) > 1e-9) & (np.abs(ys.imag) < 1e-3)).any())  # no near-doubles
    ref = sorted({round(float(y.real) - 1.0, 7) for y in ys if abs(y.imag) <= 1e-9 and y.real > 0})
    assert [round(r, 6) for r in res.roots(0)] == pytest.approx([round(r, 6) for r in ref],
                                                                abs=2e-6)  # fmt: skip
    expected = {0: IrrStatus.NO_ROOT, 1: IrrStatus.OK}.get(len(ref), IrrStatus.MULTIPLE)
    assert res.status[0] == expected


def test_long_series_fall_back_safely() -> None:
    flows = np.zeros((2, 400))
    flows[:, 0], flows[:, 1:399], flows[:, 399] = -100.0, 1.0, -500.0
    flows[1, 200] = 50.0
    res = irr_batch(flows)  # huge powers overflow the certificate: eigenvalues decide
    for i in range(2):
        assert res.roots(i) == pytest.approx(tuple(_real_irrs(list(flows[i]))), abs=1e-7)


def test_one_public_home_per_name_except_the_scalar_batch_pairs() -> None:
    from clientel import planning
    from clientel.planning import kernels

    assert set(planning.__all__) & set(kernels.__all__) == {"irr", "rate", "xirr"}
    assert planning.irr is not kernels.irr
    assert planning.xirr is not kernels.xirr
    assert planning.rate is not kernels.rate
    assert planning.irr([-100, 110]) == pytest.approx(0.1)
    assert kernels.irr([[-100, 110]]).rate[0] == pytest.approx(0.1)


def test_decimal_and_money_flows_never_become_floats_silently() -> None:
    from decimal import Decimal
    from fractions import Fraction

    from clientel.models import Money

    cases = [
        (lambda: npv(0.1, [Decimal("-100"), Decimal("110")]), "flows[0]"),
        (lambda: npv(0.1, [[-100.0, 110.0], [-100.0, Fraction(1, 3)]]), "flows[1, 1]"),
        (lambda: irr([-100.0, Money("110", "EUR")]), "flows[1]"),
        (lambda: irr_roots([Decimal(-1), 2]), "flows[0]"),
        (lambda: xnpv(0.1, [Decimal(-1)] * 5, DATES), "flows[0]"),
        (lambda: irr_batch([[-1.0, Decimal(2)]]), "flows[0, 1]"),
        (lambda: mirr([-1.0, 2.0, Decimal(3)], 0.1, 0.1), "flows[2]"),
        (lambda: payback_period([Decimal(-1), 2.0]), "flows[0]"),
        (lambda: pmt(0.1, 3, [100.0, Fraction(1, 3)]), "pv[1]"),
    ]
    for call, field in cases:
        with pytest.raises(InvalidInputError, match="not turned into floats") as err:
            call()
        assert err.value.field == field
    assert npv(0.1, np.array([-100, 110])) == pytest.approx(0.0)  # integer arrays are fine
