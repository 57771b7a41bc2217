"""Amortisation schedules: exact instalments in Money or Decimal; float schedules of many loans."""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import planning as pl
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import Money
from clientel.planning import kernels

CENT = Decimal("0.01")
whens = st.sampled_from(["end", "begin"])
monthly = st.integers(1, 240).map(lambda k: Decimal(k) / 12_000)  # 0.1 % to 24 % a year


def _cents(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _interest(r: Decimal, owed: Decimal) -> Decimal:
    """The exact interest on ``owed``, rounded once (products in 60 digits: no early rounding)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        return _cents(-r * owed)


def test_excel_pmt_loan_as_a_bank_schedule() -> None:
    # Microsoft's PMT example (10,000 over 10 months at 8 % a year: 1,037.03 a month), printed
    # as a schedule. Reference: a bank's schedule carried period by period in this test.
    r = Decimal("0.08") / 12
    s = pl.amortisation_schedule(r, 10, Money("10000", "EUR"))
    owed, rows = Decimal(10_000), []
    for k in range(1, 11):
        interest = _interest(r, owed)
        principal = Decimal("-1037.03") - interest if k < 10 else -owed
        rows.append((interest + principal, interest, principal))
        owed += principal
    assert [(p.amount, i.amount, q.amount) for p, i, q in zip(
        s.payment, s.interest, s.principal, strict=True)] == rows  # fmt: skip
    assert s.payment[0] == pl.pmt(r, 10, Money("10000", "EUR"))
    assert s.balance[-1] == Money("0", "EUR")
    assert Money.sum(s.principal, "EUR") == Money("-10000", "EUR")
    assert s.total_interest == Money.sum(s.payment, "EUR") + Money("10000", "EUR")
    first = {"period": 1, "payment": -1037.03, "interest": -66.67, "principal": -970.36,
             "balance": 9029.64, "currency": "EUR"}  # fmt: skip
    assert s.to_records()[0] == first


@given(monthly, st.integers(1, 360), st.integers(100, 10**8), whens,
       st.integers(0, 50).map(lambda p: Decimal(p) / 100))  # fmt: skip
def test_parts_add_up_exactly_and_the_last_instalment_absorbs_the_rounding(
    r: Decimal, n: int, cents: int, when: str, balloon_share: Decimal
) -> None:
    loan = Money(Decimal(cents) / 100, "EUR")
    fv = Money(_cents(-loan.amount * balloon_share), "EUR")
    s = pl.amortisation_schedule(r, n, loan, fv, when)
    instalment = pl.pmt(r, n, loan, fv, when)
    assert s.periods == n
    assert all(p == instalment for p in s.payment[:-1])
    assert all(p == i + q for p, i, q in zip(s.payment, s.interest, s.principal, strict=True))
    owed = loan
    for k, (interest, principal, balance) in enumerate(
        zip(s.interest, s.principal, s.balance, strict=True), start=1
    ):
        expected = Decimal(0) if (k == 1 and when == "begin") else _interest(r, owed.amount)
        assert interest.amount == expected  # each interest rounded once, on the balance then owed
        owed = owed + principal
        assert balance == owed
    end = -fv.amount / (1 + r) if when == "begin" else -fv.amount
    assert s.balance[-1].amount == _cents(end)
    assert Money.sum(s.principal, "EUR").amount == _cents(end) - loan.amount  # exactly
    assert all(x.amount.as_tuple().exponent == -2 for x in s.payment + s.interest + s.balance)


@given(monthly, st.integers(1, 120), st.integers(10**4, 10**9), whens)
def test_money_schedule_agrees_with_the_float_kernel_within_rounding(
    r: Decimal, n: int, cents: int, when: str
) -> None:
    loan = Decimal(cents) / 100
    exact = pl.amortisation_schedule(r, n, Money(loan, "USD"), when=when)
    approx = kernels.amortisation(float(r), n, float(loan), 0.0, when)  # type: ignore[arg-type]
    # each period adds at most a cent of rounding (instalment and interest, half a cent each),
    # and what is added grows with interest: at most 0.01 ((1 + r)**k - 1) / r after k periods
    k = np.arange(1, n + 1)
    rf = float(r)
    drift = 0.01 * np.expm1(k * np.log1p(rf)) / rf + 1e-9 * float(loan)
    balances = np.array([float(b.amount) for b in exact.balance])
    assert (np.abs(balances[:-1] - approx.balance[0, :-1]) <= drift[:-1]).all()
    assert balances[-1] == 0.0
    interest = np.array([float(i.amount) for i in exact.interest])
    assert (np.abs(interest - approx.interest[0]) <= rf * np.concatenate([[0], drift[:-1]]) + 0.005
            + 1e-9 * float(loan)).all()  # fmt: skip


def test_decimal_schedules_round_to_two_places_or_as_asked() -> None:
    s = pl.amortisation_schedule(Decimal("0.01"), 3, Decimal("1000"))
    assert all(isinstance(x, Decimal) for x in s.payment)
    assert [str(x) for x in s.payment] == ["-340.02", "-340.02", "-340.03"]
    assert sum(s.principal) == Decimal("-1000.00")
    fine = pl.amortisation_schedule(Decimal("0.01"), 3, Decimal("1000"), places=4)
    assert str(fine.payment[0]) == "-340.0221"
    assert sum(fine.principal) == Decimal("-1000")
    yen = pl.amortisation_schedule(0.01, 5, Money("1000000", "JPY"))
    assert all(p.amount == p.amount.to_integral_value() for p in yen.payment)
    assert Money.sum(yen.principal, "JPY") == Money("-1000000", "JPY")


def test_float_kernel_matches_numpy_financial_and_a_loop() -> None:
    r = np.array([0.0, 0.004, 0.01, 0.05])
    for when in ("end", "begin"):
        for fv in (0.0, -3000.0, 1500.0):
            s = kernels.amortisation(r, 36, 10_000.0, fv, when)
            per = np.arange(1, 37)
            for i, rate in enumerate(r):
                with np.errstate(invalid="ignore", divide="ignore"):
                    ref_i = npf.ipmt(rate, per, 36, 10_000.0, fv, when)
                    ref_p = npf.ppmt(rate, per, 36, 10_000.0, fv, when)
                assert np.allclose(s.interest[i], ref_i, atol=1e-8)
                assert np.allclose(s.principal[i], ref_p, atol=1e-8)
                owed = 10_000.0 + np.cumsum(s.principal[i])  # the balance, carried forward
                assert np.allclose(s.balance[i], owed, atol=1e-7)
            last = -fv / (1 + r) if when == "begin" else np.full(r.shape, -fv)
            assert np.allclose(s.balance[:, -1], last, atol=1e-7)


@given(st.lists(st.tuples(st.floats(-0.05, 0.2), st.floats(1.0, 1e7)), min_size=1,
                max_size=10), st.integers(1, 120), whens)  # fmt: skip
def test_float_balances_reach_zero_and_payment_is_interest_plus_principal(
    loans: list[tuple[float, float]], n: int, when: str
) -> None:
    r = np.array([x[0] for x in loans])
    pv = np.array([x[1] for x in loans])
    s = kernels.amortisation(r, n, pv, 0.0, when)
    assert s.payment.shape == (len(loans), n)
    assert np.allclose(s.balance[:, -1], 0.0, atol=1e-6 * pv.max() * max(1, (1.2) ** n / 1e3))
    assert np.allclose(s.payment, s.interest + s.principal)
    assert len(repr(s)) < 300


def test_bad_input_is_named() -> None:
    cases = [
        (lambda: pl.amortisation_schedule(0.01, 0, Money("1000", "EUR")), "nper"),
        (lambda: pl.amortisation_schedule(0.01, 2.5, Money("1000", "EUR")), "nper"),  # type: ignore[call-overload]
        (lambda: pl.amortisation_schedule(-1, 12, Money("1000", "EUR")), "rate"),
        (lambda: pl.amortisation_schedule(0.01, 12, Money("1000", "EUR"), 10), "fv"),
        (lambda: pl.amortisation_schedule(0.01, 12, Decimal("NaN")), "pv"),
        (lambda: pl.amortisation_schedule(0.01, 12, Decimal(1), places=-1), "places"),
        (lambda: pl.amortisation_schedule(0.01, 12, Decimal(1), when="mid"), "when"),  # type: ignore[call-overload]
        (lambda: kernels.amortisation(0.01, 0, 1000.0), "nper"),
        (lambda: kernels.amortisation(0.01, 12.0, 1000.0), "nper"),  # type: ignore[arg-type]
        (lambda: kernels.amortisation([0.01, -2.0], 12, 1000.0), "rate[1]"),
    ]
    for call, field in cases:
        with pytest.raises(InvalidInputError) as err:
            call()
        assert err.value.field == field, (field, err.value)
    with pytest.raises(CurrencyMismatchError):
        pl.amortisation_schedule(0.01, 12, Money("1000", "EUR"), Money("-1", "USD"))
