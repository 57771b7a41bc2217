"""Fuzzing Money and numbering: any input gives a value or a clientel error (issue 15).

Inputs are hostile on purpose: numbers of any size and exponent, NaN and
infinities, text with Unicode digits and exponents, wrong types, part counts
above the cap, and document numbers made of look-alike characters. The budget is
fixed (``EXAMPLES`` per test, drawn at random from the run's seed in CI).
"""

from __future__ import annotations

import contextlib
import math
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import ClientelError
from clientel.testing import number_patterns

EXAMPLES = 150 if settings.default.max_examples <= 100 else settings.default.max_examples

_numbers = st.one_of(
    st.integers(),
    st.integers(-(10**60), 10**60),
    st.floats(),
    st.decimals(),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.builds(lambda e, d: Decimal(f"{d}E{e}"), st.integers(-(10**10), 10**10), st.integers()),
    st.text(st.sampled_from("0123456789.-+eE_ ٠١٢３"), max_size=30),
    st.sampled_from(["1e999999999", "-1e-999999999", "NaN", "sNaN", "Infinity", "0E-7", "1E-8"]),
)
_anything = st.one_of(_numbers, st.none(), st.booleans(), st.lists(st.integers(), max_size=2))
_currencies = st.sampled_from(["EUR", "JPY", "KWD", "CLF", "XAU", "XTS", "DEM", "EUX", "eur", ""])
_roundings = st.sampled_from(["ROUND_HALF_EVEN", "ROUND_UP", "ROUND_05UP", "nearest", 1])


def _money(value: Any, currency: Any) -> m.Money | None:
    try:
        return m.Money(value, currency)
    except ClientelError:
        return None


@settings(max_examples=EXAMPLES)
@given(_anything, _currencies)
def test_money_construction_is_total(amount: Any, currency: Any) -> None:
    money = _money(amount, currency)
    if money is not None:
        assert math.isfinite(money.to_float())
        assert "E" not in m.to_data(money)["amount"]
        assert m.loads(m.dumps(money), m.Money) == money


@settings(max_examples=EXAMPLES)
@given(_numbers, _numbers, _anything, st.sampled_from(["+", "-", "*", "/", "neg", "abs"]))
def test_money_arithmetic_is_total(a: Any, b: Any, factor: Any, op: str) -> None:
    x, y = _money(a, "EUR"), _money(b, "EUR")
    if x is None or y is None:
        return
    try:
        result = {
            "+": lambda: x + y,
            "-": lambda: x - y,
            "*": lambda: x * factor,
            "/": lambda: x / factor,
            "neg": lambda: -x,
            "abs": lambda: abs(x),
        }[op]()
    except ClientelError:
        return
    assert math.isfinite(result.to_float())
    assert -(10**21) < result.amount < 10**21


@settings(max_examples=EXAMPLES)
@given(_numbers, st.one_of(st.none(), st.integers(-60, 60), _anything), _roundings)
def test_rounding_and_formatting_are_total(a: Any, places: Any, rounding: Any) -> None:
    x = _money(a, "KWD")
    if x is None:
        return
    try:
        x.round(places, rounding)
        x.format(places)
    except ClientelError:
        pass


@settings(max_examples=EXAMPLES)
@given(
    _numbers,
    st.one_of(
        st.lists(_anything, max_size=6),
        st.integers(-5, 10**12),
        st.text(max_size=5),
        st.none(),
    ),
    st.one_of(st.none(), st.integers(-30, 30), st.floats()),
)
def test_allocate_and_split_are_total(a: Any, parts: Any, places: Any) -> None:
    x = _money(a, "EUR")
    if x is None:
        return
    try:
        out = x.split(parts, places=places) if isinstance(parts, int) else x.allocate(parts)
    except ClientelError:
        return
    assert sum((p.amount for p in out), Decimal(0)) == x.amount or len(out) > 0


_LOOKS = "0123456789ABCPJKN-/._ \n٠١２३ＰРС‐"


@settings(max_examples=EXAMPLES)
@given(number_patterns(), st.lists(st.text(_LOOKS, max_size=24), max_size=6), st.data())
def test_numbering_is_total(pattern: m.NumberPattern, issued: list[str], data: Any) -> None:
    doc_type = data.draw(st.sampled_from([*sorted(pattern.types), "offer", None]))
    year = data.draw(st.one_of(st.integers(-5, 10_001), st.none(), st.just(2027)))
    for text in issued:
        with contextlib.suppress(ClientelError):
            m.parse_number(pattern, text)
        with contextlib.suppress(ClientelError):
            m.mod37_36_check(text)
    try:
        number = m.next_number(pattern, issued, doc_type=doc_type, fiscal_year=year)
    except ClientelError:
        return
    assert number not in issued
    m.parse_number(pattern, number)


@settings(max_examples=EXAMPLES)
@given(
    st.fixed_dictionaries(
        {
            "unit": st.one_of(st.text(max_size=5), st.just("NWIT")),
            "types": st.one_of(
                st.dictionaries(st.text(max_size=3), st.text("PCJ1p", max_size=3), max_size=3),
                st.lists(st.text(max_size=2), max_size=2),
                st.none(),
            ),
        },
        optional={
            "template": st.one_of(
                st.text("{}unityearpseq-/\n ", max_size=20), st.just("{unit}-{seq}"), st.none()
            ),
            "width": _anything,
            "year_digits": _anything,
            "check": st.one_of(st.none(), st.just("mod37_36"), _anything),
        },
    )
)
def test_number_patterns_are_checked_at_construction(kwargs: dict[str, Any]) -> None:
    try:
        pattern = m.NumberPattern(**kwargs)
    except ClientelError:
        return
    doc_type = next(iter(pattern.types))
    number = pattern.format(doc_type, 2027, 1)
    assert m.parse_number(pattern, number).sequence == 1
