"""Annuities: PMT, PV, FV, NPER, IPMT, PPMT in floats, arrays, Decimal and Money.

Reference values come from the published examples cited at each test, from
numpy-financial (an independent implementation, in the test dependency group)
or from computations written here (exact fractions, period-by-period loops).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clientel import planning as pl
from clientel.errors import CurrencyMismatchError, InvalidInputError, NoSolutionError
from clientel.models import Money
from clientel.planning import kernels

rates = st.floats(-0.9, 1.0).filter(lambda r: abs(r) > 1e-9)
small_rates = st.floats(1e-5, 0.05)
periods = st.integers(1, 480)
principals = st.floats(1.0, 1e7)
whens = st.sampled_from(["end", "begin"])


# --- published examples --------------------------------------------------------------------


def test_excel_nper_example() -> None:
    # Microsoft, "NPER function" (office.microsoft.com/en-nz/excel-help/nper-HP005209198.aspx,
    # read through the search tool; the archived table lost its minus signs): 12 % a year,
    # payment 100, present value 1,000, future value 10,000; results shown rounded as 60, 60
    # and 9.578. ECMA-376 Part 1, SpreadsheetML reference, NPER (docx4java online copy,
    # webapp.docx4java.org/OnlineDemo/ecma376/SpreadsheetML/NPER.html):
    # NPER(0.12/12,-100,-1000,10000,1) = 59.67 and NPER(0.12/12,-100,-1000) = -9.58.
    assert pl.nper(0.12 / 12, -100, -1000, 10_000, "begin") == pytest.approx(59.67, abs=5e-3)
    assert pl.nper(0.12 / 12, -100, -1000, 10_000) == pytest.approx(60, abs=0.5)
    assert pl.nper(0.12 / 12, -100, -1000) == pytest.approx(-9.58, abs=5e-3)
    assert pl.nper(0.12 / 12, -100, -1000) == pytest.approx(-9.578, abs=1e-3)  # as displayed


def test_excel_rate_example() -> None:
    # ECMA-376 Part 1, SpreadsheetML reference, RATE (docx4java online copy,
    # webapp.docx4java.org/OnlineDemo/ecma376/SpreadsheetML/RATE.html):
    # RATE(4*12,-200,8000) = 0.7701 % and RATE(4*12,-200,8000)*12 = 9.2418 %. (Microsoft's
    # own RATE page could not be read through the search tool.)
    assert pl.rate(48, -200, 8000) == pytest.approx(0.007701, abs=5e-7)
    assert pl.rate(48, -200, 8000) * 12 == pytest.approx(0.092418, abs=5e-7)


def test_excel_ipmt_example() -> None:
    # Microsoft, "IPMT function" (support.office.com/en-us/article/IPMT-function-5cce0ad6-...):
    # 10 % a year, period 1, 3 years, present value 8,000; the formulas are IPMT(A2/12, A3,
    # A4*12, A5) and IPMT(A2, 3, A4, A5). The page's results were cut off in what the search
    # tool returned, so: the first is checked against the interest on the full balance for one
    # month (8,000 x 10 % / 12), the second against formula/formula's test of the same
    # example (test/ipmt.js: ipmt(0.1, 3, 3, 8000) = -292.4471299093658).
    assert pl.ipmt(0.10 / 12, 1, 36, 8000) == pytest.approx(-8000 * 0.10 / 12, rel=1e-15)
    assert pl.ipmt(0.10, 3, 3, 8000) == pytest.approx(-292.4471299093658, rel=1e-12)
    assert pl.ipmt(Decimal("0.10"), 3, 3, Money("8000", "USD")) == Money("-292.45", "USD")


def _loop_schedule(rate: float, n: int, pv: float, when: str) -> list[tuple[float, float]]:
    """Independent reference: (interest, principal) of each payment, balance carried forward."""
    payment = npf.pmt(rate, n, pv, 0, when)
    owed, rows = pv, []
    for k in range(1, n + 1):
        interest = 0.0 if (when == "begin" and k == 1) else -owed * rate
        rows.append((interest, payment - interest))
        owed += payment - interest
    return rows


def test_ppmt_against_a_period_by_period_loan() -> None:
    # Microsoft's PPMT page could not be read through the search tool; the principal parts of
    # a 2,000 loan over 2 years at 10 % a year (and of an annuity due) are checked against a
    # loan carried period by period.
    for when in ("end", "begin"):
        rows = _loop_schedule(0.10 / 12, 24, 2000.0, when)
        for k, (interest, principal) in enumerate(rows, start=1):
            assert pl.ppmt(0.10 / 12, k, 24, 2000, when=when) == pytest.approx(principal, rel=1e-12)
            assert pl.ipmt(0.10 / 12, k, 24, 2000, when=when) == pytest.approx(
                interest, rel=1e-9, abs=1e-9
            )
    assert round(pl.ppmt(0.10 / 12, 1, 24, 2000), 2) == -75.62


def test_excel_pmt_examples() -> None:
    # Microsoft, "Excel Formula Coach: PMT" (support.content.office.net/en-us/coach/
    # excelcoach_pmt.html, read through the search tool): a 250,000 loan at 4.5 % a year over
    # 30 years, =PMT(4.5%/12,30*12,250000), is a monthly payment of 1,266.71.
    assert pl.pmt(0.045 / 12, 30 * 12, 250_000) == pytest.approx(-1266.71, abs=5e-3)
    assert pl.pmt(Decimal("0.045") / 12, 360, Money("250000", "USD")) == Money("-1266.71", "USD")
    # Microsoft, "PMT function" (support.office.com/en-ie/article/PMT-function-0214da64-9a63-
    # 4996-bc20-214433fa6441): 8 % a year, 10 months, 10,000, =PMT(A2/12,A3,A4); the page's
    # result was cut off in what the search tool returned: checked against exact fractions.
    ref = _exact_pmt(Fraction(8, 1200), 10, Fraction(10_000), Fraction(0), 0)
    assert pl.pmt(0.08 / 12, 10, 10_000) == pytest.approx(float(ref), rel=1e-14)


def test_excel_pmt_pv_fv_examples_in_money() -> None:
    # The float values are those of tests/planning/test_cashflow.py (Microsoft PMT, PV, FV
    # pages); here the same examples in exact money, rounded once to the cent.
    assert pl.pmt(Decimal("0.08") / 12, 10, Money("10000", "EUR")) == Money("-1037.03", "EUR")
    assert pl.pmt(Decimal("0.08") / 12, 10, Money("10000", "EUR"), when="begin") == Money(
        "-1030.16", "EUR"
    )
    assert pl.pv(Decimal("0.08") / 12, 240, Money("500", "EUR")) == Money("-59777.15", "EUR")
    got = pl.fv(Decimal("0.06") / 12, 10, Money("-200", "EUR"), Money("-500", "EUR"), "begin")
    assert got == Money("2581.40", "EUR")


# --- numpy-financial, an independent implementation ------------------------------------------


GRID_RATES = np.array([-0.5, -0.01, 0.0, 1e-4, 0.004, 0.05, 0.3, 2.0])


@pytest.mark.parametrize("when", ["end", "begin"])
@pytest.mark.parametrize("fv", [0.0, 2500.0, -4000.0])
def test_pmt_pv_fv_match_numpy_financial(when: str, fv: float) -> None:
    r = GRID_RATES[:, None]
    n = np.array([1, 2, 12, 60, 360])[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):  # numpy-financial at rate 0
        refs = (npf.pmt(r, n, 10_000.0, fv, when), npf.pv(r, n, -500.0, fv, when),
                npf.fv(r, n, -500.0, 1000.0, when))  # fmt: skip
    ours = (pl.pmt(r, n, 10_000.0, fv, when), pl.pv(r, n, -500.0, fv, when),  # type: ignore[arg-type]
            pl.fv(r, n, -500.0, 1000.0, when))  # type: ignore[arg-type]  # fmt: skip
    for mine, ref in zip(ours, refs, strict=True):
        assert np.allclose(mine, ref, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("when", ["end", "begin"])
@pytest.mark.parametrize("fv", [0.0, 2500.0, -4000.0])
def test_nper_ipmt_ppmt_match_numpy_financial(when: str, fv: float) -> None:
    r = np.array([0.004, 0.01, 0.05])[:, None]
    pmt = np.array([-150.0, -400.0, -2000.0])[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        ref = npf.nper(r, pmt, 8000.0, fv, when)
    ok = np.isfinite(ref)
    ours = np.full(ref.shape, np.nan)
    for i, j in zip(*np.nonzero(ok), strict=True):
        ours[i, j] = pl.nper(float(r[i, 0]), float(pmt[0, j]), 8000.0, fv, when)
    assert np.allclose(ours[ok], ref[ok], rtol=1e-10)
    per = np.arange(1, 61)
    for rate in (0.0, 0.004, 0.05):
        with np.errstate(invalid="ignore", divide="ignore"):  # numpy-financial at rate 0
            ipmt_ref = npf.ipmt(rate, per, 60, 8000.0, fv, when)
            ppmt_ref = npf.ppmt(rate, per, 60, 8000.0, fv, when)
        assert np.allclose(pl.ipmt(rate, per, 60, 8000.0, fv, when), ipmt_ref, atol=1e-9)
        assert np.allclose(pl.ppmt(rate, per, 60, 8000.0, fv, when), ppmt_ref, atol=1e-8)


@given(st.floats(1e-3, 0.05), st.integers(2, 400), principals, whens, st.floats(0.0, 0.5))
def test_rate_matches_numpy_financial_where_it_converges(
    r: float, n: int, pv: float, when: str, balloon: float
) -> None:
    fv = -balloon * pv  # a balloon still owed: one sign change, one rate
    payment = pl.pmt(r, n, pv, fv, when)  # type: ignore[arg-type]
    ref = npf.rate(n, payment, pv, fv, when)
    assume(np.isfinite(ref))
    ours = pl.rate(n, payment, pv, fv, when)  # type: ignore[arg-type]
    assert ours == pytest.approx(ref, abs=1e-6)  # numpy-financial's tolerance (tol=1e-6)
    assert abs(ours - r) <= abs(ref - r) + 1e-12  # and ours is at least as close to the truth


def test_numpy_financial_picks_one_of_two_rates_where_rate_names_both() -> None:
    # pv and fv of one sign, pmt of the other: two rates solve it (roots checked with numpy's
    # polynomial roots); numpy-financial returns the one its guess leads to.
    payment = pl.pmt(0.03125, 2, 1.0, 0.5, "begin")
    flows = [1.0 + payment, payment, 0.5]  # pv + pmt at t = 0, pmt at t = 1, fv at t = 2
    ys = np.roots(flows)
    expected = sorted(float(y.real) - 1.0 for y in ys if abs(y.imag) < 1e-12 and y.real > 0)
    with pytest.raises(NoSolutionError, match="2 rates") as err:
        pl.rate(2, payment, 1.0, 0.5, "begin")
    assert err.value.field == "pmt"
    found = kernels.rate(2, payment, 1.0, 0.5, "begin").roots(0)
    assert found == pytest.approx(expected, rel=1e-10)
    assert npf.rate(2, payment, 1.0, 0.5, "begin") == pytest.approx(expected[0], rel=1e-6)


# --- properties --------------------------------------------------------------------------------


@given(st.floats(-0.5, 0.2).filter(lambda r: abs(r) > 1e-9), periods, principals, whens,
       st.floats(-1e6, 1e6))  # fmt: skip
def test_ipmt_plus_ppmt_is_pmt(r: float, n: int, pv: float, when: str, fv: float) -> None:
    per = np.arange(1, n + 1)
    with np.errstate(over="ignore"):
        assume((1 + r) ** n < 1e8)  # beyond, the closed-form balance cancels in any float code
    payment = pl.pmt(r, n, pv, fv, when)  # type: ignore[arg-type]
    total = pl.ipmt(r, per, n, pv, fv, when) + pl.ppmt(r, per, n, pv, fv, when)  # type: ignore[arg-type]
    assert np.allclose(total, payment, rtol=1e-9, atol=1e-9 * (abs(pv) + abs(fv)))


@given(small_rates, periods, principals, whens)
def test_nper_inverts_pmt(r: float, n: int, pv: float, when: str) -> None:
    # beyond (1 + r)**n ~ 1e6 the payment is the interest to ~1e-6 and nper is ill-conditioned
    assume((1 + r) ** n < 1e6)
    payment = pl.pmt(r, n, pv, 0.0, when)  # type: ignore[arg-type]
    assert pl.nper(r, payment, pv, 0.0, when) == pytest.approx(n, rel=1e-8)


@given(small_rates, st.integers(2, 480), principals, whens)
def test_rate_inverts_pmt(r: float, n: int, pv: float, when: str) -> None:
    payment = pl.pmt(r, n, pv, 0.0, when)  # type: ignore[arg-type]
    assert pl.rate(n, payment, pv, 0.0, when) == pytest.approx(r, rel=1e-8)


@given(small_rates, st.integers(1, 120), principals, whens)
def test_pv_and_fv_invert_pmt(r: float, n: int, pv: float, when: str) -> None:
    payment = pl.pmt(r, n, pv, 0.0, when)  # type: ignore[arg-type]
    assert pl.pv(r, n, payment, 0.0, when) == pytest.approx(pv, rel=1e-9)  # type: ignore[arg-type]
    assert pl.fv(r, n, payment, pv, when) == pytest.approx(0.0, abs=1e-7 * pv)  # type: ignore[arg-type]


@given(st.integers(0, 20).map(lambda k: Decimal(k) / 400), st.integers(1, 120),
       st.integers(100, 10**7), whens)  # fmt: skip
def test_decimal_agrees_with_float_within_rounding(r: Decimal, n: int, pv: int, when: str) -> None:
    exact = pl.pmt(r, n, Decimal(pv), Decimal(0), when)  # type: ignore[arg-type]
    assert isinstance(exact, Decimal)
    approx = pl.pmt(float(r), n, float(pv), 0.0, when)  # type: ignore[arg-type]
    assert float(exact) == pytest.approx(approx, rel=1e-12)
    money = pl.pmt(r, n, Money(pv, "EUR"), 0, when)  # type: ignore[arg-type]
    assert money.amount == exact.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_EVEN)
    assert abs(money.amount - exact) <= Decimal("0.005")


def _exact_pmt(r: Fraction, n: int, pv: Fraction, fv: Fraction, w: int) -> Fraction:
    """Independent reference: the payment in exact rational arithmetic."""
    if r == 0:
        return -(pv + fv) / n
    g = (1 + r) ** n
    return -(fv + pv * g) * r / ((1 + r * w) * (g - 1))


@given(st.integers(1, 3000).map(lambda k: Fraction(k, 100_000)), st.integers(1, 400),
       st.integers(1, 10**9), whens)  # fmt: skip
def test_decimal_carries_at_least_28_significant_digits(
    r: Fraction, n: int, pv: int, when: str
) -> None:
    rate = Decimal(r.numerator) / Decimal(r.denominator)  # exact: the denominator is 10**5
    got = pl.pmt(rate, n, Decimal(pv), 0, when)  # type: ignore[arg-type]
    ref = _exact_pmt(r, n, Fraction(pv), Fraction(0), 1 if when == "begin" else 0)
    assert abs(Fraction(got) - ref) <= abs(ref) * Fraction(1, 10**28)
    assert pl.PRECISION >= 28


def test_exact_results_leave_the_callers_decimal_context_alone() -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        got = pl.pmt(Decimal("0.01"), 12, Decimal("1000"))
        assert decimal.getcontext().prec == 5
    ref = _exact_pmt(Fraction(1, 100), 12, Fraction(1000), Fraction(0), 0)
    assert abs(Fraction(got) - ref) < Fraction(1, 10**30)


def test_money_in_money_out_rounded_once_to_the_minor_unit() -> None:
    yen = pl.pmt(0.01, 7, Money("1000000", "JPY"))
    assert yen == Money("-148628", "JPY")  # exact -148628.2838...: 0 decimals for JPY
    dinar = pl.pmt(Decimal("0.01"), 7, Money("1000", "KWD"))
    assert dinar.amount.as_tuple().exponent == -3
    assert pl.ipmt(Decimal("0.01"), 2, 7, Money("1000", "EUR")).currency == "EUR"
    assert isinstance(pl.nper(Decimal("0.01"), Money("-100", "EUR"), Money("1000", "EUR")),
                      Decimal)  # fmt: skip


def test_float_and_array_types_are_kept() -> None:
    assert isinstance(pl.pmt(0.01, 12, 1000), float)
    assert isinstance(pl.nper(0.01, -100, 1000), float)
    assert isinstance(pl.ipmt(0.01, 1, 12, 1000), float)
    out = pl.pmt(0.01, [12, 24], 1000)
    assert isinstance(out, np.ndarray)
    assert out.shape == (2,)
    assert pl.ppmt(0.01, [[1], [2]], 12, [1000, 2000]).shape == (2, 2)  # type: ignore[union-attr]


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [-1.0, -1.5, float("nan"), float("inf")])
def test_rate_at_or_below_minus_one_is_refused(rate: float) -> None:
    for call in (lambda: pl.pmt(rate, 12, 1000), lambda: pl.nper(rate, -10, 100),
                 lambda: pl.ipmt(rate, 1, 12, 1000), lambda: pl.pv(rate, 12, -10),
                 lambda: pl.fv(rate, 12, -10)):  # fmt: skip
        with pytest.raises(InvalidInputError) as err:
            call()
        assert err.value.field == "rate"
    with pytest.raises(InvalidInputError) as err:
        pl.pmt(Decimal(-1), 12, Money("1000", "EUR"))
    assert err.value.field == "rate"


def test_bad_periods_amounts_and_when_are_named() -> None:
    cases = [
        (lambda: pl.pmt(0.01, 0, 1000), "nper"),
        (lambda: pl.pmt(0.01, [12, -1], 1000), "nper[1]"),
        (lambda: pl.pmt(0.01, 12, float("nan")), "pv"),
        (lambda: pl.pmt(0.01, 12, [1.0, float("inf")]), "pv[1]"),
        (lambda: pl.fv(0.01, 12, float("inf")), "pmt"),
        (lambda: pl.ipmt(0.01, 0, 12, 1000), "per"),
        (lambda: pl.ipmt(0.01, 13, 12, 1000), "per"),
        (lambda: pl.ipmt(0.01, 1.5, 12, 1000), "per"),
        (lambda: pl.ipmt(0.01, 13, 12, Money("1000", "EUR")), "per"),
        (lambda: pl.pmt(0.01, 12, 1000, when="middle"), "when"),  # type: ignore[arg-type]
        (lambda: pl.pmt(0.01, 0, Money("1000", "EUR")), "nper"),
        (lambda: pl.pmt(0.01, 12, Money("1000", "EUR"), 5.0), "fv"),
        (lambda: pl.pmt(0.01, 12, [Decimal(1), Decimal(2)]), "pv"),
        (lambda: pl.pmt(0.01, 12, np.array([Money("1", "EUR")], dtype=object)), "pv"),
        (lambda: pl.pmt(Money("0.01", "EUR"), 12, Money("1000", "EUR")), "rate"),  # type: ignore[arg-type]
        (lambda: pl.pmt(0.01, 1e308 * 10, 1000), "nper"),
        (lambda: pl.pmt(100.0, 1e6, 1000), "nper"),  # overflows a float
    ]
    for call, field in cases:
        with pytest.raises(InvalidInputError) as err:
            call()
        assert err.value.field == field, (field, err.value)


def test_money_of_mixed_currencies_is_refused() -> None:
    with pytest.raises(CurrencyMismatchError) as err:
        pl.pmt(0.01, 12, Money("1000", "EUR"), Money("10", "USD"))
    assert err.value.field == "pv,fv"
    with pytest.raises(CurrencyMismatchError) as err:
        pl.nper(0.01, Money("-100", "EUR"), Money("1000", "GBP"))
    assert err.value.field == "pmt,pv,fv"
    with pytest.raises(CurrencyMismatchError) as err:
        pl.rate(12, Money("-100", "EUR"), Money("1000", "GBP"))
    assert err.value.field == "pmt,pv,fv"


def test_nper_without_a_solution_is_named() -> None:
    with pytest.raises(NoSolutionError) as err:
        pl.nper(0.01, -5, 1000)  # 5 a month does not cover 10 of interest
    assert err.value.field == "pmt"
    with pytest.raises(NoSolutionError) as err:
        pl.nper(0.01, [-50, -5, -60], 1000)
    assert err.value.field == "pmt[1]"
    with pytest.raises(NoSolutionError, match="zero rate") as err:
        pl.nper(0.0, 0.0, 1000)
    assert err.value.field == "pmt"
    with pytest.raises(NoSolutionError) as err:
        pl.nper(Decimal("0.01"), Money("-5", "EUR"), Money("1000", "EUR"))
    assert err.value.field == "pmt"
    assert pl.nper(0.0, -100, 1000) == 10.0
