"""Contractual CLV, values per client, and CLV as a criterion of the client ranking (2.3.1).

Reference values are independent computations written here: the margin multiple
as the explicit discounted series sum_t m r^t / (1 + d)^t (Gupta and Lehmann 2003,
the definition behind m r / (1 + d - r)) in exact fractions, summed term by term.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    LimitExceededError,
    UnknownReferenceError,
)
from clientel.models import Client, Money
from clientel.planning import (
    BgNbdModel,
    ClientValues,
    bgnbd_values,
    contractual_clv,
    contractual_values,
    with_clv,
)
from clientel.planning.kernels import bgnbd_conditional_expected_purchases, margin_multiple
from clientel.scoring import Criterion, MissingPolicy, rank_clients, score_alternatives
from clientel.testing import bgnbd_models

DATA = Path(__file__).parent / "data"


def series(r: Fraction, d: Fraction, periods: int) -> Fraction:
    total, survive = Fraction(0), Fraction(1)
    for t in range(1, periods + 1):
        survive *= r
        total += survive / (1 + d) ** t
    return total


def rounded(value: Fraction, places: int = 2) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN
    )


@pytest.mark.parametrize(
    ("r", "d"), [("0.8", "0.12"), ("0.6", "0.1"), ("0.9", "0.16"), ("0.75", "0"), ("0", "0.1")]
)
def test_margin_multiple_is_the_discounted_series(r, d) -> None:
    R, D = Fraction(r), Fraction(d)
    finite = [series(R, D, n) for n in (0, 1, 5, 40)]
    np.testing.assert_allclose(
        [float(margin_multiple(float(r), float(d), periods=n)) for n in (0, 1, 5, 40)],
        [float(v) for v in finite],
        rtol=1e-13,
        atol=1e-300,
    )
    # unlimited horizon: the series' limit, approached by 2,000 terms
    assert float(margin_multiple(float(r), float(d))) == pytest.approx(
        float(series(R, D, 2000)), rel=1e-12
    )


def test_money_clv_is_exact_and_rounded_once() -> None:
    margin = Money("1000.005", "EUR")
    exact = Fraction(Decimal("1000.005")) * series(Fraction("0.8"), Fraction("0.12"), 7)
    assert contractual_clv(margin, Decimal("0.8"), Decimal("0.12"), periods=7) == Money(
        rounded(exact), "EUR"
    )
    # a cent a month kept at 90 %: 0.0885 in all, but every month after the sixth rounds to 0
    cent = contractual_clv(Money("0.01", "EUR"), Decimal("0.9"), 0, periods=40)
    per_term = sum(rounded(Fraction(1, 100) * Fraction(9, 10) ** t) for t in range(1, 41))
    assert (cent.amount, per_term) == (Decimal("0.09"), Decimal("0.06"))
    assert contractual_clv(Money("120000", "EUR"), 0.8, 0.12) == Money("300000.00", "EUR")
    assert contractual_clv(Money("100", "JPY"), 0.5, 0.0) == Money("100", "JPY")
    kwd = rounded(series(Fraction(1, 2), Fraction(1, 10), 2), places=3)  # three-place minor unit
    assert contractual_clv(Money("1", "KWD"), 0.5, 0.1, periods=2).amount == kwd


def test_money_sequences_and_float_arrays_agree() -> None:
    margins = [Money("120000", "EUR"), Money("50000", "EUR")]
    money = contractual_clv(margins, [0.8, 0.6], 0.12, periods=10)
    floats = contractual_clv([120000.0, 50000.0], [0.8, 0.6], 0.12, periods=10)
    np.testing.assert_allclose([v.to_float() for v in money], floats, atol=0.005)


@given(
    st.floats(0, 1e7),
    st.floats(0, 0.99),
    st.floats(0, 0.99),
    st.floats(0, 0.5),
    st.one_of(st.none(), st.integers(0, 60)),
)
def test_clv_grows_with_retention_and_margin(margin, r1, r2, d, periods) -> None:
    lo, hi = sorted((r1, r2))
    v_lo = float(contractual_clv(margin, lo, d, periods=periods))
    v_hi = float(contractual_clv(margin, hi, d, periods=periods))
    assert v_lo <= v_hi * (1 + 1e-12)
    assert float(contractual_clv(margin * 2, lo, d, periods=periods)) >= v_lo
    assert v_lo >= 0


@given(st.decimals(0, 10**9, places=2), st.sampled_from(["0.5", "0.8", "0.95"]), st.integers(0, 30))
def test_money_clv_grows_with_the_horizon_and_margin(amount, text, n) -> None:
    margin, r = Money(amount, "EUR"), Decimal(text)
    assert contractual_clv(margin, r, Decimal("0.1"), periods=n) <= contractual_clv(
        margin, r, Decimal("0.1"), periods=n + 1
    )
    assert contractual_clv(margin, r, Decimal("0.1"), periods=n) <= contractual_clv(
        margin, r, Decimal("0.1")
    )
    assert contractual_clv(margin, r, Decimal("0.1")) <= contractual_clv(
        margin + Money("1", "EUR"), r, Decimal("0.1")
    )


BAD = [
    ({"retention": 1.2, "discount_rate": 0.1}, "retention"),
    ({"retention": -0.1, "discount_rate": 0.1}, "retention"),
    ({"retention": 0.5, "discount_rate": -1.0}, "discount_rate"),
    ({"retention": 1.0, "discount_rate": 0.0}, "retention"),  # unlimited
    ({"retention": 0.5, "discount_rate": 0.1, "periods": -1}, "periods"),
    ({"retention": 0.5, "discount_rate": 0.1, "periods": 2.5}, "periods"),
    ({"retention": float("nan"), "discount_rate": 0.1}, "retention"),
]


@pytest.mark.parametrize(("kwargs", "field"), BAD)
@pytest.mark.parametrize("kind", ["money", "floats"])
def test_bad_rates_are_named(kwargs, field, kind) -> None:
    margin = Money("100", "EUR") if kind == "money" else [100.0, 200.0]
    with pytest.raises(InvalidInputError) as info:
        contractual_clv(margin, **kwargs)
    assert info.value.field in (field, f"{field}[0]")


def test_other_bad_contractual_input() -> None:
    with pytest.raises(CurrencyMismatchError):
        contractual_clv([Money("1", "EUR"), Money("1", "USD")], 0.5, 0.1)
    with pytest.raises(LimitExceededError) as info:
        contractual_clv(Money("1", "EUR"), 0.5, 0.1, periods=10**6)
    assert info.value.field == "periods"
    with pytest.raises(InvalidInputError) as info:
        contractual_clv([1.0, np.inf], 0.5, 0.1)
    assert info.value.field == "margin[1]"
    with pytest.raises(InvalidInputError) as info:
        contractual_clv([Money("1", "EUR")] * 2, [0.5], 0.1)
    assert info.value.field == "retention"
    with pytest.raises(InvalidInputError) as info:  # Decimal amounts never become floats
        contractual_clv([Decimal("1"), Decimal("2")], 0.5, 0.1)
    assert info.value.field == "margin[0]"
    with pytest.raises(InvalidInputError) as info:
        contractual_clv(Money("1", "EUR"), "0.5", 0.1)
    assert info.value.field == "retention"


def test_contractual_values_rank_and_explain(check_display) -> None:
    v = contractual_values(
        {"nordbank": Money("120000", "EUR"), "vista": Money("50000", "EUR"),
         "civic": Money("50000", "EUR")},
        retention={"nordbank": 0.8, "vista": 0.9, "civic": 0.9},
        discount_rate=0.12,
        periods=5,
    )  # fmt: skip
    assert v.ids == ("nordbank", "civic", "vista")  # ties by id
    assert v.item("vista").value == contractual_clv(Money("50000", "EUR"), 0.9, 0.12, periods=5)
    assert v.total == Money.sum([it.value for it in v.items], "EUR")
    text = str(v.explain("nordbank"))
    assert "CLV" in text
    assert "margin" in text
    assert [f.criterion for f in v.explain("vista")] == ["margin", "multiple", "retention"]
    check_display(v)
    assert repr(v).startswith("<ClientValues contractual, EUR: nordbank")
    with pytest.raises(UnknownReferenceError):
        v.item("nobody")
    with pytest.raises(UnknownReferenceError) as info:
        contractual_values({"a": Money("1", "EUR")}, retention={}, discount_rate=0.1)
    assert info.value.field == "retention['a']"
    with pytest.raises(CurrencyMismatchError):
        contractual_values({"a": Money("1", "EUR"), "b": Money("1", "USD")},
                           retention=0.5, discount_rate=0.1)  # fmt: skip


def test_bgnbd_values_discount_the_conditional_expectations() -> None:
    model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    v = bgnbd_values(model, ["c1", "c2", "c3"], [2, 0, 7], [30.43, 0.0, 35.0], [38.86] * 3,
                     margin=Money("40", "USD"), discount_rate=0.1, periods=3,
                     period_length=52.0)  # fmt: skip
    # independent: the cumulative expectation at 0, 52, 104, 156 weeks, increments discounted
    for cid, (x, t_x) in {"c1": (2, 30.43), "c2": (0, 0.0), "c3": (7, 35.0)}.items():
        cum = [float(bgnbd_conditional_expected_purchases(*model.parameters, 52.0 * k, x, t_x,
                                                          38.86)) for k in range(4)]  # fmt: skip
        multiple = sum((cum[k] - cum[k - 1]) / 1.1**k for k in range(1, 4))
        it = v.item(cid)
        assert it.multiple == pytest.approx(multiple, rel=1e-12)
        assert it.value == Money(rounded(Fraction(40) * Fraction(it.multiple)), "USD")
        assert it.expected_purchases == pytest.approx(cum[3], rel=1e-12)
    assert v.model == model
    assert [f.criterion for f in v.explain("c1")] == [
        "margin", "multiple", "probability_alive", "expected_purchases"]  # fmt: skip


def test_bgnbd_values_bad_input() -> None:
    model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    kw = {"discount_rate": 0.1, "periods": 2, "period_length": 52.0}
    with pytest.raises(InvalidInputError) as info:
        bgnbd_values(model, ["a", "b"], [1, 2], [5, 50], [40, 40], margin=Money("1", "EUR"), **kw)
    assert info.value.field == "recency[1] (customer 'b')"
    with pytest.raises(InvalidInputError) as info:
        bgnbd_values(model, ["a", "a"], [1, 2], [5, 5], [40, 40], margin=Money("1", "EUR"), **kw)
    assert info.value.field == "ids"
    with pytest.raises(UnknownReferenceError) as info:
        bgnbd_values(model, ["a", "b"], [1, 2], [5, 5], [40, 40],
                     margin={"a": Money("1", "EUR")}, **kw)  # fmt: skip
    assert info.value.field == "margin['b']"
    with pytest.raises(InvalidInputError) as info:
        bgnbd_values(model, ["a"], [1], [5], [40], margin=Money("1", "EUR"),
                     discount_rate=0.1, periods=2, period_length=0.0)  # fmt: skip
    assert info.value.field == "period_length"


@given(bgnbd_models())
def test_bgnbd_value_grows_with_the_horizon_and_margin(model) -> None:
    kw = {"discount_rate": 0.1, "period_length": 52.0}
    ids, x, t_x, T = ["a", "b"], [0, 3], [0.0, 20.0], [30.0, 30.0]
    short = bgnbd_values(model, ids, x, t_x, T, margin=Money("10", "EUR"), periods=1, **kw)
    long = bgnbd_values(model, ids, x, t_x, T, margin=Money("10", "EUR"), periods=3, **kw)
    more = bgnbd_values(model, ids, x, t_x, T, margin=Money("20", "EUR"), periods=3, **kw)
    for cid in ids:
        assert Money("0", "EUR") <= short.item(cid).value <= long.item(cid).value
        assert long.item(cid).value <= more.item(cid).value
        assert 0 <= long.item(cid).probability_alive <= 1


def clients() -> list[Client]:
    return [
        Client(id="nordbank", name="Nordbank", segment_id="bank", attributes={"relationship": 2}),
        Client(id="vista", name="Vista", segment_id="bank", attributes={"relationship": 4}),
        Client(id="civic", name="Civic", segment_id="bank", attributes={"relationship": 3}),
    ]


def values() -> ClientValues:
    return contractual_values(
        {"nordbank": Money("120000", "EUR"), "vista": Money("50000", "EUR")},
        retention=0.8,
        discount_rate=0.12,
    )


def test_with_clv_feeds_rank_clients() -> None:
    cs = clients()
    out = with_clv(cs, values())
    assert [c.attributes["clv"] for c in out] == [300000.0, 125000.0, None]
    assert "clv" not in cs[0].attributes  # the originals are unchanged
    ranked = rank_clients(out, [
        Criterion(name="clv", weight=3, group="attractiveness", missing=MissingPolicy.BOUNDS),
        Criterion(name="relationship", weight=1, group="feasibility"),
    ])  # fmt: skip
    assert ranked.items[0].id == "nordbank"
    civic = ranked.ranking.item("civic")
    assert (civic.best_rank, civic.worst_rank) != (civic.rank, civic.rank)  # missing value: a range
    factors = {f.criterion: f for f in ranked.explain("nordbank")}
    assert factors["clv"].value == 300000.0


def test_with_clv_feeds_score_alternatives() -> None:
    alts = {c.id: dict(c.attributes) for c in clients()}
    ranking = score_alternatives(with_clv(alts, values(), name="lifetime_value"),
                                 [Criterion(name="lifetime_value", missing=MissingPolicy.EXCLUDE)],
                                 method="weighted_sum")  # fmt: skip
    assert ranking.ids == ("nordbank", "vista")
    assert ranking.excluded == ("civic",)


def test_with_clv_bad_input() -> None:
    cs = clients()
    with pytest.raises(InvalidInputError) as info:
        with_clv(cs, values(), name="relationship")
    assert info.value.field == "clients['nordbank'].attributes['relationship']"
    with pytest.raises(UnknownReferenceError) as info:
        with_clv(cs[1:], values())
    assert info.value.field == "values"
    with pytest.raises(InvalidInputError) as info:
        with_clv(cs, values(), name=" ")
    assert info.value.field == "name"


def test_documents_round_trip_and_stored_model_loads(check_display) -> None:
    model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=-9582.4,
                       customers=2357, standard_errors=(0.01, 0.4, 0.2, 0.7))  # fmt: skip
    doc = m.to_document(model)
    assert doc["type"] == "BgNbdModel"
    assert m.from_document(json.loads(json.dumps(doc)), BgNbdModel) == model
    stored = json.loads((DATA / "v1" / "BgNbdModel.json").read_text(encoding="utf-8"))
    assert stored["schema_version"] == 1
    assert m.from_document(stored, BgNbdModel) == model
    v = bgnbd_values(model, ["c1"], [2], [30.43], [38.86], margin=Money("40", "USD"),
                     discount_rate=0.1, periods=2, period_length=52.0)  # fmt: skip
    assert m.from_document(json.loads(json.dumps(m.to_document(v))), ClientValues) == v
    check_display(model)
    assert repr(model) == (
        "<BgNbdModel r=0.243, alpha=4.414, a=0.793, b=2.426 (week, n=2357, LL=-9582.4)>"
    )
    with pytest.raises(InvalidInputError) as info:
        BgNbdModel(r=1, alpha=1, a=1, b=1, standard_errors=(1.0,))
    assert info.value.field == "BgNbdModel.standard_errors"
