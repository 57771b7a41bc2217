"""The hand-kept ISO data checked against maintained packages (issue 15).

An ISO 4217 amendment or a slip in clientel's tables shows up here as a failing
test: ``iso4217`` (list one: active codes and minor units), ``iso-4217``
(list three: historic denominations) and ``python-stdnum`` (ISO 7064 check
characters) are in the test dependency group only.
"""

from __future__ import annotations

import iso4217
import pytest
from hypothesis import given
from hypothesis import strategies as st
from iso_4217 import Currency as HistoricTable
from stdnum.iso7064 import mod_37_36

from clientel import models as m


def test_active_codes_and_minor_units_match_iso_4217_list_one() -> None:
    expected = {c.code: c.exponent for c in iso4217.Currency}
    assert dict(m.MINOR_UNITS) == expected


def test_historic_codes_match_iso_4217_list_three() -> None:
    withdrawn = {c.name for c in HistoricTable if not c.entities}
    assert set(m.HISTORIC_CURRENCIES) == withdrawn
    assert not set(m.HISTORIC_CURRENCIES) & set(m.MINOR_UNITS)


@pytest.mark.parametrize("code", sorted(m.MINOR_UNITS))
def test_every_active_code_makes_money(code: str) -> None:
    assert m.Money("1", code).currency == code


_ALPHANUMERIC = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=40)


@given(_ALPHANUMERIC)
def test_mod37_36_check_matches_python_stdnum(text: str) -> None:
    assert m.mod37_36_check(text) == mod_37_36.calc_check_digit(text)


def test_mod37_36_worked_example() -> None:
    # IFPI GRid standard v2.1 (2004), worked example A1-2425G-ABC1234002-M; stdnum's doctest.
    assert m.mod37_36_check("A12425GABC1234002") == "M"
    assert mod_37_36.calc_check_digit("A12425GABC1234002") == "M"
