"""Financial impact, budgets, allocation and variance: exact money, independent checks."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import FinancialTarget, Money, Opportunity, OpportunityOrigin, to_data
from clientel.planning import (
    BudgetLine,
    allocate_budget,
    budget_totals,
    budget_variance,
    combine_impacts,
    financial_impact,
    incentives,
)


def eur(x: float | str) -> Money:
    return Money(str(x), "EUR")


def _opp(oid: str, revenue: list[int], cost: list[int], pursuit: int = 0, p: float | None = None):
    return Opportunity(id=oid, client_id="c1", name=oid, origin=OpportunityOrigin.CLIENT_IT_NEED,
                       first_year=2027, revenue=[eur(x) for x in revenue],
                       cost=[eur(x) for x in cost], pursuit_cost=eur(pursuit),
                       win_probability=p)  # fmt: skip


def test_impact_by_year_and_in_total() -> None:
    fi = financial_impact(_opp("o1", [400, 300, 200], [300, 210, 130], pursuit=40), 0.08)
    assert [y.year for y in fi.years] == [2027, 2028, 2029]
    assert [y.margin for y in fi.years] == [eur(100), eur(90), eur(70)]
    assert [y.cumulative_cash for y in fi.years] == [eur(60), eur(150), eur(220)]
    assert fi.total_margin == eur(260)
    # independent: NPV with margins at the end of each year, pursuit cost now
    ref = -40 + 100 / 1.08 + 90 / 1.08**2 + 70 / 1.08**3
    assert fi.npv == Money(Decimal(str(round(ref, 2))), "EUR")
    assert fi.payback_years == pytest.approx(0.4)
    assert to_data(fi)["npv"] == {"amount": str(fi.npv.amount), "currency": "EUR"}


def test_weighted_impact_and_horizon() -> None:
    fi = financial_impact(_opp("o1", [400, 300], [300, 200], p=0.25), 0.1, horizon=3,
                          weighted=True)  # fmt: skip
    assert [y.margin for y in fi.years] == [eur("25.00"), eur("25.00"), eur("0.00")]
    assert fi.irr is None
    assert fi.irr_status == "NO_SIGN_CHANGE"
    with pytest.raises(InvalidInputError, match="win_probability") as err:
        financial_impact(_opp("o2", [1], [0]), 0.1, weighted=True)
    assert err.value.field == "o2.win_probability"
    with pytest.raises(InvalidInputError, match="horizon") as err:
        financial_impact(_opp("o2", [1], [0]), 0.1, horizon=0)
    assert err.value.field == "horizon"


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=5),
       st.integers(0, 10**5))  # fmt: skip
def test_combined_impact_is_the_sum(years: list[tuple[int, int]], pursuit: int) -> None:
    a = financial_impact(_opp("a", [r for r, _ in years], [c for _, c in years], pursuit), 0.07,
                         horizon=len(years))  # fmt: skip
    b = financial_impact(_opp("b", [c for _, c in years], [r for r, _ in years]), 0.07,
                         horizon=len(years))  # fmt: skip
    both = combine_impacts("c1", [a, b])
    for y, ya, yb in zip(both.years, a.years, b.years, strict=True):
        assert y.revenue == ya.revenue + yb.revenue
        assert y.margin == ya.margin + yb.margin
    assert both.total_margin == a.total_margin + b.total_margin


@given(st.lists(st.integers(0, 10**8), min_size=1, max_size=4),
       st.dictionaries(st.sampled_from(["people", "licences", "travel"]), st.integers(0, 9),
                       min_size=1).filter(lambda d: sum(d.values()) > 0))  # fmt: skip
def test_cost_by_category_sums_exactly(cents: list[int], shares: dict[str, int]) -> None:
    cost = [Money(Decimal(c) / 100, "EUR") for c in cents]
    opp = Opportunity(id="o", client_id="c1", name="o", origin=OpportunityOrigin.CLIENT_IT_NEED,
                      first_year=2027, revenue=[eur(0)] * len(cost), cost=cost)  # fmt: skip
    fi = financial_impact(opp, 0.05, horizon=len(cost), cost_split=shares)
    for y in fi.years:
        assert Money.sum(y.cost_by_category.values(), "EUR") == y.cost
    both = combine_impacts("c1", [fi, fi])
    for y in both.years:
        assert Money.sum(y.cost_by_category.values(), "EUR") == y.cost


def test_combined_years_without_gaps() -> None:
    a = financial_impact(_opp("a", [10], [5]), 0.07, horizon=1)  # 2027 only
    late = Opportunity(id="b", client_id="c1", name="b", origin=OpportunityOrigin.CLIENT_IT_NEED,
                       first_year=2030, revenue=[eur(4)], cost=[eur(1)])  # fmt: skip
    both = combine_impacts("c1", [a, financial_impact(late, 0.07, horizon=1)])
    assert [y.year for y in both.years] == [2027, 2028, 2029, 2030]
    assert [y.margin for y in both.years][-1] == eur(3)
    with pytest.raises(InvalidInputError, match="cost_split") as err:
        financial_impact(_opp("a", [10], [5]), 0.07, cost_split={"x": -1.0})
    assert err.value.field == "cost_split"


def test_combine_rejects_mixed_currency_and_rates() -> None:
    a = financial_impact(_opp("a", [10], [5]), 0.07)
    usd = Opportunity(id="u", client_id="c1", name="u", origin=OpportunityOrigin.CLIENT_IT_NEED,
                      revenue=[Money("1", "USD")], cost=[Money("0", "USD")])  # fmt: skip
    with pytest.raises(CurrencyMismatchError) as err:
        combine_impacts("c1", [a, financial_impact(usd, 0.07)])
    assert err.value.field == "impacts"
    with pytest.raises(InvalidInputError, match="rates") as err:
        combine_impacts("c1", [a, financial_impact(_opp("b", [1], [0]), 0.09)])
    assert err.value.field == "impacts"
    with pytest.raises(InvalidInputError, match="at least one") as err:
        combine_impacts("c1", [])
    assert err.value.field == "impacts"


def _lines(year: int, amounts: dict[str, int]) -> list[BudgetLine]:
    return [BudgetLine(line=k, category="cost" if k.startswith("cost") else "revenue", year=year,
                       amount=eur(v)) for k, v in amounts.items()]  # fmt: skip


@given(st.dictionaries(st.sampled_from(["banking", "retail", "cost-delivery", "cost-sales"]),
                       st.integers(0, 10**7), min_size=1))  # fmt: skip
def test_variance_of_identical_budgets_is_zero(amounts: dict[str, int]) -> None:
    out = budget_variance(_lines(2026, amounts), _lines(2027, amounts))
    assert all(v.change.is_zero() for v in out)
    assert all(v.relative in (0.0, None) for v in out)


def test_variance_orders_biggest_movers_first_and_handles_new_lines() -> None:
    out = budget_variance(_lines(2026, {"banking": 100, "retail": 50}),
                          _lines(2027, {"banking": 90, "retail": 80, "public": 30}))  # fmt: skip
    assert [(v.line, v.change) for v in out] == [("public", eur(30)), ("retail", eur(30)),
                                                  ("banking", eur(-10))]  # fmt: skip
    assert out[0].relative is None
    assert out[1].relative == pytest.approx(0.6)  # ties by line name
    with pytest.raises(InvalidInputError, match="at least one") as err:
        budget_variance([], [])
    assert err.value.field == "lines"
    with pytest.raises(InvalidInputError, match="twice") as err:
        budget_variance(_lines(2026, {"a": 1}) * 2, _lines(2027, {"a": 1}))
    assert err.value.field == "lines"


def test_three_year_totals_and_gaps_to_group_targets() -> None:
    lines = (_lines(2027, {"banking": 90, "cost-delivery": 70})
             + _lines(2028, {"banking": 100, "cost-delivery": 75})
             + _lines(2029, {"banking": 110, "cost-delivery": 80}))  # fmt: skip
    targets = [FinancialTarget(year=y, revenue=eur(r), margin=eur(m))
               for y, r, m in ((2027, 96, 21), (2028, 100, 30), (2029, 105, 30))]  # fmt: skip
    t = budget_totals(lines, targets)
    assert [x.year for x in t] == [2027, 2028, 2029]
    assert [x.revenue_gap for x in t] == [eur(6), eur(0), eur(-5)]
    assert [x.margin_gap for x in t] == [eur(1), eur(5), eur(0)]
    with pytest.raises(CurrencyMismatchError) as err:
        budget_totals([*lines, BudgetLine(line="x", category="cost", year=2027,
                                          amount=Money("1", "USD"))])  # fmt: skip
    assert err.value.field == "lines"
    with pytest.raises(InvalidInputError, match="category") as err:
        BudgetLine(line="x", category="capex", year=2027, amount=eur(1))
    assert err.value.field == "BudgetLine.category"


@given(st.integers(0, 10**9), st.dictionaries(st.text("abcdef", min_size=1, max_size=4),
                                              st.integers(0, 1000), min_size=1))  # fmt: skip
def test_allocation_sums_exactly(cents: int, weights: dict[str, int]) -> None:
    total = Money(Decimal(cents) / 100, "EUR")
    if sum(weights.values()) == 0:
        with pytest.raises(InvalidInputError, match="positive sum") as err:
            allocate_budget(total, weights)
        assert err.value.field == "weights"
        return
    parts = allocate_budget(total, weights)
    assert Money.sum(parts.values(), "EUR") == total
    assert sorted(parts) == sorted(weights)
    for k, w in weights.items():  # each part within one cent of its exact share
        exact = total.amount * w / sum(weights.values())
        assert abs(parts[k].amount - exact) < Decimal("0.01")


def test_allocation_and_incentive_bad_input() -> None:
    with pytest.raises(InvalidInputError, match=r"weights\[pr\]") as err:
        allocate_budget(eur(100), {"pr": -1, "events": 2})
    assert err.value.field == "weights[pr]"
    with pytest.raises(InvalidInputError, match="at least one"):
        allocate_budget(eur(100), {})
    with pytest.raises(InvalidInputError, match=r"results\[bo\]") as err:
        incentives(eur(100), {"ana": 1.2, "bo": float("nan")})
    assert err.value.field == "results[bo]"
    with pytest.raises(InvalidInputError) as err:
        incentives(eur(100), {"ana": True})  # a bool is not a measured result
    assert err.value.field == "results[ana]"
    with pytest.raises(InvalidInputError) as err:
        incentives(eur(100), {"ana": 1.2}, threshold=float("inf"))
    assert err.value.field == "threshold"


def test_incentives_just_above_the_threshold() -> None:
    # Regression (issue 31): 1.00001 raised "too many decimal places" because the float
    # excess 1.00001 - 1.0 has 21 decimals. The excess is now taken as written: 0.00001 and
    # 0.3 share 9000 EUR as 0.00001 : 0.3, computed here by hand in cents.
    out = incentives(eur(9000), {"ana": 1.00001, "bo": 1.3})
    ana_exact = Fraction(900000) * Fraction("0.00001") / Fraction("0.30001")  # 29.999 cents
    assert out["ana"] == Money("0.30", "EUR")
    assert abs(Fraction(out["ana"].amount) * 100 - ana_exact) < 1
    assert out["bo"] == Money("8999.70", "EUR")


_RESULTS = st.one_of(
    st.floats(0, 3),
    # results just above the threshold, written with many decimals (issue 31)
    st.decimals(1, Decimal("1.001"), places=12).map(float),
    st.floats(1, 1 + 1e-9),
)


@given(st.integers(0, 10**8), st.dictionaries(st.text("xyz", min_size=1, max_size=3),
                                              _RESULTS, min_size=1))  # fmt: skip
def test_incentives_sum_to_the_pool_and_reward_results(
    cents: int, results: dict[str, float]
) -> None:
    pool = Money(Decimal(cents) / 100, "EUR")
    out = incentives(pool, results)
    above = {k for k, v in results.items() if v > 1.0}
    assert Money.sum(out.values(), "EUR") == (pool if above else Money.zero("EUR"))
    for k, v in results.items():
        if v <= 1.0:
            assert out[k].is_zero()
    ranked = sorted(above, key=lambda k: results[k])
    for lo, hi in itertools.pairwise(ranked):  # monotone up to one cent of rounding
        assert out[hi].amount >= out[lo].amount - Decimal("0.01")
