"""Money's errors name their field and value, and results keep Decimal's exponents (issue 31).

Written against the survivors of a mutation run (docs/quality.md): each error test pins
the exception class and its whole text, which is ``field: message (got value)``, so a
change to the field, the value or the wording fails; each result test compares with an
independent computation in :mod:`decimal` or :mod:`fractions` (the General Decimal
Arithmetic rules that :mod:`decimal` implements: a product's exponent is the sum of the
operands' exponents, an exact quotient's the difference), including the exponent, which
``==`` on Decimal ignores.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import pytest

from clientel.errors import CurrencyMismatchError, InvalidInputError, LimitExceededError
from clientel.models import BusinessUnit, Money, Opportunity, OpportunityOrigin, minor_unit

# A context wide enough for every exact product and quotient here (the references).
WIDE = decimal.Context(prec=200, rounding=ROUND_HALF_EVEN, traps=[decimal.InvalidOperation])


def _error(call: Callable[[], object]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


ERRORS: list[tuple[str, Callable[[], object], type[BaseException], str]] = [
    # currency codes
    ("lower", lambda: Money(1, "eur"), InvalidInputError,
     "currency: expected an ISO 4217 code of three capital letters (got 'eur')"),
    ("four", lambda: Money(1, "EURO"), InvalidInputError,
     "currency: expected an ISO 4217 code of three capital letters (got 'EURO')"),
    ("non-ascii", lambda: Money(1, "ÉUR"), InvalidInputError,
     "currency: expected an ISO 4217 code of three capital letters (got 'ÉUR')"),
    ("not text", lambda: Money(1, 978), InvalidInputError,  # type: ignore[arg-type]
     "currency: expected an ISO 4217 code of three capital letters (got 978)"),
    ("withdrawn", lambda: Money(1, "DEM"), InvalidInputError,
     "currency: withdrawn ISO 4217 code: accepted only when loading stored documents (got 'DEM')"),
    ("unknown", lambda: Money(1, "EUX"), InvalidInputError,
     "currency: not an ISO 4217 currency code (got 'EUX')"),
    ("minor unit N.A.", lambda: minor_unit("XAU"), InvalidInputError,
     "currency: ISO 4217 gives this currency no minor unit (N.A.); pass places (got 'XAU')"),
    ("minor unit withdrawn", lambda: minor_unit("DEM"), InvalidInputError,
     "currency: no minor unit is recorded for a withdrawn currency; pass places (got 'DEM')"),
    ("minor unit unknown", lambda: minor_unit("EUX"), InvalidInputError,
     "currency: not an ISO 4217 currency code (got 'EUX')"),
    ("minor unit not text", lambda: minor_unit([]), InvalidInputError,  # type: ignore[arg-type]
     "currency: not an ISO 4217 currency code (got [])"),
    # amounts
    ("bool", lambda: Money(True, "EUR"), InvalidInputError,
     "amount: expected a number, not a bool (got True)"),
    ("huge int", lambda: Money(2**128, "EUR"), InvalidInputError,
     "amount: number too large (got '<int>')"),
    ("128-bit int", lambda: Money(2**127, "EUR"), InvalidInputError,
     "amount: too large (Money.MAX_INTEGER_DIGITS: below 10**21) "
     "(got '1.70141183460469231731687303715884105728E+38')"),
    ("long text", lambda: Money("1" * 101, "EUR"), InvalidInputError,
     "amount: expected a decimal number in ASCII digits (at most 100 characters) (got '"
     + "1" * 100 + "')"),
    ("comma", lambda: Money("12,5", "EUR"), InvalidInputError,
     "amount: expected a decimal number in ASCII digits (at most 100 characters) (got '12,5')"),
    ("list", lambda: Money([1], "EUR"), InvalidInputError,  # type: ignore[arg-type]
     "amount: expected Decimal, int, str or float, not list"),
    ("none", lambda: Money(None, "EUR"), InvalidInputError,
     "amount: expected Decimal, int, str or float, not NoneType"),
    ("nan text", lambda: Money("nan", "EUR"), InvalidInputError,
     "amount: expected a decimal number in ASCII digits (at most 100 characters) (got 'nan')"),
    ("nan", lambda: Money(float("nan"), "EUR"), InvalidInputError,
     "amount: expected a finite number (got nan)"),
    ("infinite", lambda: Money(Decimal("-Infinity"), "EUR"), InvalidInputError,
     "amount: expected a finite number (got Decimal('-Infinity'))"),
    ("too large", lambda: Money("1e21", "EUR"), InvalidInputError,
     "amount: too large (Money.MAX_INTEGER_DIGITS: below 10**21) (got '1E+21')"),
    ("too many places", lambda: Money("1e-21", "EUR"), InvalidInputError,
     "amount: too many decimal places (Money.MAX_PLACES: at most 20) (got '1E-21')"),
    # factors and divisors
    ("money factor", lambda: Money(1, "EUR") * Money(2, "EUR"), InvalidInputError,  # type: ignore[operator]
     "factor: money can be multiplied by a number only"),
    ("text factor", lambda: Money(1, "EUR") * "x", InvalidInputError,
     "factor: expected a decimal number in ASCII digits (at most 100 characters) (got 'x')"),
    ("long factor", lambda: Money(1, "EUR") * Decimal("1." + "1" * 100), InvalidInputError,
     "factor: at most 100 significant digits (got '1." + "1" * 100 + "E+0')"),
    ("product too large", lambda: Money("1e20", "EUR") * 10, InvalidInputError,
     "factor: product too large (below 10**21) (got '1.0E+1')"),
    ("quotient too large", lambda: Money("1e10", "EUR") / Decimal("1e-12"), InvalidInputError,
     "divisor: quotient too large (below 10**21) (got '1E-12')"),
    ("text divisor", lambda: Money(1, "EUR") / "x", InvalidInputError,
     "divisor: expected a decimal number in ASCII digits (at most 100 characters) (got 'x')"),
    ("zero divisor", lambda: Money(1, "EUR") / 0, InvalidInputError,
     "divisor: division by zero"),
    ("zero money divisor", lambda: Money(1, "EUR") / Money(0, "EUR"), InvalidInputError,
     "divisor: division by a zero amount"),
    ("mixed divisor", lambda: Money(1, "EUR") / Money(1, "USD"), CurrencyMismatchError,
     "currency: cannot combine EUR with USD"),
    ("mixed sum", lambda: Money(1, "EUR") - Money(1, "USD"), CurrencyMismatchError,
     "currency: cannot combine EUR with USD"),
    ("mixed compare", lambda: Money(1, "EUR") <= Money(1, "USD"), CurrencyMismatchError,
     "currency: cannot combine EUR with USD"),
    ("compare number", lambda: Money(1, "EUR") < 1, TypeError,  # type: ignore[operator]
     "cannot compare Money with int"),
    ("sum of other", lambda: Money.sum([1], "EUR"), InvalidInputError,  # type: ignore[list-item]
     "items[0]: expected Money"),
    ("sum currency", lambda: Money.sum([Money(1, "USD")], "EUR"), CurrencyMismatchError,
     "currency: cannot combine EUR with USD"),
    # rounding, allocation, split
    ("places type", lambda: Money(1, "EUR").round(1.0), InvalidInputError,  # type: ignore[arg-type]
     "places: expected a whole number of places (got 1.0)"),
    ("places bool", lambda: Money(1, "EUR").round(True), InvalidInputError,
     "places: expected a whole number of places (got True)"),
    ("places range", lambda: Money(1, "EUR").round(21), InvalidInputError,
     "places: expected places from -20 to 20 (got 21)"),
    ("places below", lambda: Money(1, "EUR").round(-21), InvalidInputError,
     "places: expected places from -20 to 20 (got -21)"),
    ("rounding", lambda: Money(1, "EUR").round(rounding="nearest"), InvalidInputError,
     "rounding: expected a decimal rounding mode such as 'ROUND_HALF_EVEN' (got 'nearest')"),
    ("weights text", lambda: Money(1, "EUR").allocate("12"), InvalidInputError,
     "weights: expected a sequence of numbers"),
    ("weights number", lambda: Money(1, "EUR").allocate(3), InvalidInputError,  # type: ignore[arg-type]
     "weights: expected a sequence of numbers"),
    ("no weights", lambda: Money(1, "EUR").allocate([]), InvalidInputError,
     "weights: expected at least one weight"),
    ("zero weights", lambda: Money(1, "EUR").allocate([0, 0]), InvalidInputError,
     "weights: weights must not all be zero"),
    ("negative weight", lambda: Money(1, "EUR").allocate([1, -2]), InvalidInputError,
     "weights[1]: weight must be >= 0 (got -2)"),
    ("nan weight", lambda: Money(1, "EUR").allocate([1, float("nan")]), InvalidInputError,
     "weights[1]: weight must be finite (got nan)"),
    ("inf weight", lambda: Money(1, "EUR").allocate([float("-inf")]), InvalidInputError,
     "weights[0]: weight must be finite (got -inf)"),
    ("text weight", lambda: Money(1, "EUR").allocate([1, "x"]), InvalidInputError,
     "weights[1]: expected a decimal number in ASCII digits (at most 100 characters) (got 'x')"),
    ("fine weight", lambda: Money(1, "EUR").allocate([1, "1e-21"]), InvalidInputError,
     "weights[1]: too many decimal places (Money.MAX_PLACES: at most 20) (got '1E-21')"),
    ("too many weights", lambda: Money(1, "EUR").allocate([1] * 100_001), LimitExceededError,
     "weights: at most Money.MAX_PARTS = 100000 weights"),
    ("allocate places", lambda: Money("0.015", "EUR").allocate([1, 1]), InvalidInputError,
     "amount: amount has more than 2 decimal places; round() it first (got '0.015 EUR')"),
    ("split zero", lambda: Money(1, "EUR").split(0), InvalidInputError,
     "parts: expected a whole number >= 1 (got 0)"),
    ("split float", lambda: Money(1, "EUR").split(2.0), InvalidInputError,  # type: ignore[arg-type]
     "parts: expected a whole number >= 1 (got 2.0)"),
    ("split bool", lambda: Money(1, "EUR").split(True), InvalidInputError,
     "parts: expected a whole number >= 1 (got True)"),
    ("split many", lambda: Money(1, "EUR").split(100_001), LimitExceededError,
     "parts: at most Money.MAX_PARTS = 100000 parts (got 100001)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "kind", "text"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors_name_field_value_and_what_was_expected(
    call: Callable[[], object], kind: type[BaseException], text: str, raises_exactly: Any
) -> None:
    raises_exactly(call, kind, text)


def test_error_fields_are_attributes() -> None:
    err = _error(lambda: Money(1, "EUR").allocate([1, -2]))
    assert isinstance(err, InvalidInputError)
    assert (err.field, err.value) == ("weights[1]", -2)
    limit = _error(lambda: Money(1, "EUR").split(100_001))
    assert isinstance(limit, LimitExceededError)
    assert (limit.field, limit.limit, limit.maximum) == ("parts", "Money.MAX_PARTS", 100_000)
    weights = _error(lambda: Money(1, "EUR").allocate([1] * 100_001))
    assert isinstance(weights, LimitExceededError)
    assert (weights.field, weights.limit) == ("weights", "Money.MAX_PARTS")
    assert weights.maximum == 100_000


def test_limits_are_inclusive() -> None:
    # Just inside each documented limit is accepted.
    assert Money("0" * 100, "EUR").is_zero()  # 100 characters of text
    # 100 significant digits are accepted; the product is rounded to 20 places
    assert (Money(1, "EUR") * Decimal("1." + "1" * 99)).amount == Decimal("1." + "1" * 20)
    assert len(Money(1, "EUR").allocate([1] * 100_000)) == 100_000
    assert len(Money(1, "EUR").split(100_000)) == 100_000
    assert Money(1, "EUR").round(20).amount.as_tuple().exponent == -20
    assert Money("1e20", "EUR").round(-20).amount == Decimal("1e20")
    assert Money("9.9e19", "EUR").amount == Decimal("99000000000000000000")


@pytest.mark.parametrize(
    ("text", "stored"),
    [("1E+1", "10"), ("1.2E+3", "1200"), ("-0", "0"), ("0E+3", "0"), ("5E-20", "5E-20")],
)
def test_amounts_keep_no_positive_exponent_and_no_negative_zero(text: str, stored: str) -> None:
    # An amount is stored in plain units (Decimal's str shows the exponent otherwise).
    assert str(Money(text, "EUR").amount) == stored


FACTORS = [
    ("0.00", "0.1"),  # zero: exponent -3
    ("0", "1e30"),  # zero times a huge factor is zero, not "too large"
    ("3.5", "0"),
    ("1.10", "3"),
    ("6e-20", "0.1"),  # 6e-21 rounds half-even up to 1e-20
    ("9e-20", "0.1"),
    ("5e-20", "0.1"),  # 5e-21: half-way, rounds to even (zero)
    ("2e-20", "0.75"),  # 1.5e-20: half-way, to even (2e-20)
    ("1e-20", "1e-5"),  # 1e-25 rounds to zero
    ("1e-20", "1e-2"),  # 1e-22
    ("1e-20", "1e-3"),
    ("1e-19", "0.55"),
    ("123456789012345678901.12345678901234567891", "0.33333"),
    ("-2.5", "-0.125"),
    ("99999999999999999999.99", "1.00000000000000000001"),
    ("0.00000000000000000001", "0.5"),
    ("0.00000000000000000003", "0.5"),
]


def _plain(value: Decimal) -> Decimal:
    """An amount as Money stores it: no positive exponent, no negative zero."""
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        value = value.quantize(Decimal(1), context=WIDE)
    return value.copy_abs() if value.is_zero() else value


def _reference_product(a: str, f: str) -> Decimal:
    exact = WIDE.multiply(Decimal(a), Decimal(f))
    if exact.as_tuple().exponent >= -20:  # type: ignore[operator]
        return _plain(exact)
    return _plain(exact.quantize(Decimal("1e-20"), context=WIDE))


@pytest.mark.parametrize(("a", "f"), FACTORS)
def test_products_match_decimal_exactly_with_exponent(a: str, f: str) -> None:
    expected = _reference_product(a, f)
    got = (Money(a, "EUR") * Decimal(f)).amount
    assert (str(got), got) == (str(expected), expected)


DIVISIONS = [
    ("0.00", "0.1"),  # zero over a divisor: exponent -2 - (-1) = -1
    ("0.000", "8"),
    ("10", "4"),
    ("1", "3"),
    ("2", "3"),
    ("1e-20", "3"),
    ("1e-20", "2"),  # 5e-21: half-way to even, zero
    ("3e-20", "2"),  # 1.5e-20 -> 2e-20
    ("1e-19", "20"),  # 5e-21 -> 0
    ("1e-19", "11"),  # 9.09e-21 -> 1e-20
    ("1e-19", "1e2"),  # 1e-21 -> 0
    ("123456789012345678901.5", "7"),
    ("1e19", "0.1"),
    ("1e10", "1e-10"),
    ("-7", "0.3"),
]


@pytest.mark.parametrize(("a", "d"), DIVISIONS)
def test_quotients_match_decimal_exactly_with_exponent(a: str, d: str) -> None:
    exact = Fraction(Decimal(a)) / Fraction(Decimal(d))
    quotient = WIDE.divide(Decimal(a), Decimal(d))
    if Fraction(quotient) == exact and quotient.as_tuple().exponent >= -20:  # type: ignore[operator]
        expected = quotient  # exact: Decimal's ideal exponent
    else:
        units = round(exact * 10**20)  # half-even on the exact rational
        expected = Decimal(f"{units}E-20")
    expected = _plain(expected)
    got = (Money(a, "EUR") / Decimal(d)).amount
    assert (str(got), got) == (str(expected), expected)


def test_money_over_money_is_a_wide_ratio() -> None:
    ratio = Money(1, "EUR") / Money(3, "EUR")
    assert ratio == WIDE.divide(Decimal(1), Decimal(3)).quantize(Decimal("1e-60"), context=WIDE)
    assert len(ratio.as_tuple().digits) == 60


def test_rounding_keeps_the_quantum_and_mode() -> None:
    assert str(Money("1.005", "EUR").round().amount) == "1.00"  # half-even
    assert str(Money("2.5", "EUR").round(0).amount) == "2"
    assert str(Money("1234.5", "EUR").round(-1).amount) == "1230"
    assert str(Money("7", "JPY").round().amount) == "7"
    big = Money("123456789012345678901.12345678901234567891", "EUR")
    assert str(big.round(19).amount) == "123456789012345678901.1234567890123456789"
    assert str(big.round(2).amount) == "123456789012345678901.12"


def test_allocation_and_split_keep_places_and_signs() -> None:
    # Parts carry the currency's places (or ``places``); negative amounts split by magnitude.
    assert [str(p.amount) for p in Money(1, "EUR").allocate([1, 1, 1])] == ["0.34", "0.33", "0.33"]
    assert [str(p.amount) for p in Money("-1", "EUR").split(3)] == ["-0.34", "-0.33", "-0.33"]
    assert [str(p.amount) for p in Money(1, "EUR").split(2, places=1)] == ["0.5", "0.5"]
    assert [str(p.amount) for p in Money("0.01", "EUR").split(1)] == ["0.01"]
    assert [str(p.amount) for p in Money("0", "EUR").split(2)] == ["0.00", "0.00"]
    assert [str(p.amount) for p in Money("-0.05", "EUR").allocate([2, 1])] == ["-0.03", "-0.02"]
    # By hand: 1 EUR at 1/3 : 1 : 1/2 is 100 cents over 11/6: shares 18.18, 54.55, 27.27;
    # floors 18, 54, 27 and the cent left to the largest remainder (54.55).
    assert Money(1, "EUR").allocate([Fraction(1, 3), 1, 0.5]) == (
        Money("0.18", "EUR"),
        Money("0.55", "EUR"),
        Money("0.27", "EUR"),
    )


def test_sum_and_format() -> None:
    assert Money.sum([], "EUR") == Money(0, "EUR")
    assert Money.sum([], "EUR").currency == "EUR"
    assert str(Money.sum([Money("1.5", "JPY")], "JPY")) == "1.5 JPY"
    assert Money("1234.5", "XAU").format() == "1,234.5 XAU"
    assert Money("1234.567", "EUR").format(1) == "1,234.6 EUR"
    assert Money("-0.5", "EUR").to_float() == -0.5
    assert float(Money("2.25", "EUR")) == 2.25
    assert not Money(0, "EUR")
    assert Money("0.01", "EUR")


def _opportunity(**money: object) -> Opportunity:
    return Opportunity(
        id="o-1",
        client_id="c-1",
        name="Managed network",
        origin=OpportunityOrigin.CLIENT_IT_NEED,
        first_year=2027,
        created_on=dt.date(2026, 1, 5),
        **money,  # type: ignore[arg-type]
    )


def test_money_field_validators_name_the_field() -> None:
    eur = [Money(1, "EUR"), Money(2, "EUR")]
    assert _opportunity(pursuit_cost=Money(0, "EUR")).pursuit_cost == Money(0, "EUR")
    assert _opportunity(investment=Money("0.5", "EUR")).investment == Money("0.5", "EUR")
    cases: list[tuple[dict[str, object], type[BaseException], str]] = [
        ({"pursuit_cost": Money(-1, "EUR")}, InvalidInputError,
         "Opportunity.pursuit_cost: must not be negative (got '-1 EUR')"),
        ({"investment": 5}, InvalidInputError,
         "Opportunity.investment: expected Money (an amount with its currency) (got 'int')"),
        ({"revenue": [Money(1, "EUR"), Money("-0.01", "EUR")], "cost": eur}, InvalidInputError,
         "Opportunity.revenue[1]: must not be negative (got '-0.01 EUR')"),
        ({"revenue": eur, "cost": [Money(1, "EUR"), "2"]}, InvalidInputError,
         "Opportunity.cost[1]: expected Money (an amount with its currency) (got 'str')"),
        ({"revenue": eur, "cost": eur, "investment": Money(1, "USD")}, CurrencyMismatchError,
         "Opportunity.revenue,cost,pursuit_cost,investment: amounts must share one currency, "
         "got ['EUR', 'USD']"),
    ]  # fmt: skip
    for money, kind, text in cases:
        err = _error(lambda money=money: _opportunity(**money))  # type: ignore[misc]
        assert (type(err), str(err)) == (kind, text)
    # One currency among several amounts, None skipped.
    ok = _opportunity(revenue=eur, cost=eur, investment=Money(3, "EUR"))
    assert ok.pursuit_cost is None


def test_currency_fields_name_the_field() -> None:
    err = _error(lambda: BusinessUnit(id="bu-1", name="IT", group_id="g", code="IT",
                                      currency="eur"))  # fmt: skip
    assert (type(err), str(err)) == (
        InvalidInputError,
        "BusinessUnit.currency: expected an ISO 4217 code of three capital letters (got 'eur')",
    )
    assert BusinessUnit(id="bu-1", name="IT", group_id="g", code="IT", currency="CHF").currency == (
        "CHF"
    )


def test_quotients_keep_their_exponent_at_every_precision() -> None:
    # An exact quotient keeps Decimal's ideal exponent even with 40 significant digits (a
    # narrower working precision would round it and give 20 places instead of 19).
    wide = "123456789012345678901.1234567890123456789"
    assert str((Money(wide, "EUR") / 1).amount) == wide
    assert str((Money("123456789012345678901.123456789", "EUR") / 1).amount) == (
        "123456789012345678901.123456789"
    )
    # far below 10**-20: zero with 20 places, as every rounded quotient has
    assert str((Money("1e-20", "EUR") / Decimal("1e5")).amount) == "0E-20"
    assert str((Money("1e-20", "EUR") * Decimal("1e-5")).amount) == "0E-20"


def test_results_ignore_the_decimal_modules_default_context() -> None:
    # Money rounds half-even with its own contexts: a program that changes decimal's
    # defaults (rounding up, trapping inexact results) gets the same amounts, no signal.
    saved = (decimal.DefaultContext.rounding, decimal.DefaultContext.traps[decimal.Inexact],
             decimal.DefaultContext.prec)  # fmt: skip
    decimal.DefaultContext.rounding = decimal.ROUND_UP
    decimal.DefaultContext.traps[decimal.Inexact] = True
    decimal.DefaultContext.prec = 5
    try:
        product = Money("0.00000000000000000001", "EUR") * Decimal("0.5")  # 5e-21: to even, 0
        quotient = Money("0.00000000000000000001", "EUR") / 3  # 3.3e-21: down, 0
        third = Money(1, "EUR") / 3
        ratio = Money("123456.789", "EUR") / 1
    finally:
        decimal.DefaultContext.rounding = saved[0]
        decimal.DefaultContext.traps[decimal.Inexact] = saved[1]
        decimal.DefaultContext.prec = saved[2]
    assert str(product.amount) == "0E-20"
    assert str(quotient.amount) == "0E-20"
    assert str(third.amount) == "0." + "3" * 20
    assert str(ratio.amount) == "123456.789"


def test_amounts_ignore_the_threads_decimal_precision() -> None:
    # A caller's narrow decimal context (5 digits here) changes no amount: 21 digits survive.
    with decimal.localcontext(prec=5):
        big = Money("1.23456789012345678901E+20", "EUR")
    assert str(big.amount) == "123456789012345678901"


def test_an_amount_with_a_positive_exponent_ignores_the_callers_precision() -> None:
    # 1.23E+6 (digits 123, exponent 4) is read as 1230000, whatever the caller's decimal
    # context: quantizing it to units in a 3-digit context would raise InvalidOperation
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        amount = Money(Decimal("1.23E+6"), "EUR").amount
    assert (str(amount), amount.as_tuple().exponent) == ("1230000", 0)
