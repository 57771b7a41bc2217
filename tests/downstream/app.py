"""A small downstream app: what a user of the released wheel writes against each subpackage.

CI installs ``clientel>=0.1,<0.2`` from a folder holding the built wheel into a fresh
environment, type-checks this file there with ``mypy --strict`` and runs it; the test
suite does the same against the working tree (tests/test_downstream.py). It uses the main
entry point of every subpackage under its public name, so a rename shows up here first.
Only the runtime dependencies are installed: no pandas, matplotlib or hypothesis.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from typing import assert_type

import numpy as np
from numpy.typing import NDArray

import clientel
from clientel import models, planning, pricing, scoring, workflow
from clientel.errors import InvalidInputError
from clientel.sample import SampleUnit, load_sample


def rank(unit: SampleUnit) -> list[str]:
    """2.3: the three most important clients, by name."""
    criteria = [
        scoring.Criterion(name="revenue_potential", weight=3, group="attractiveness"),
        scoring.Criterion(name="growth", weight=2, group="attractiveness"),
        scoring.Criterion(
            name="relationship", weight=2, missing=scoring.MissingPolicy.BOUNDS, group="feasibility"
        ),
        scoring.Criterion(name="access", weight=1, group="feasibility"),
    ]
    ranking: scoring.ClientRanking = scoring.rank_clients(list(unit.clients), criteria)
    names = {c.id: c.name for c in unit.clients}
    return [names[item.id] for item in ranking.ranking.items[:3]]


def score(unit: SampleUnit) -> tuple[str, int, int]:
    """2.3: a ranking of plain attribute rows, with the rank range missing data allows."""
    rows = {c.id: {k: c.attributes.get(k) for k in ("revenue_potential", "it_budget")}
            for c in unit.clients}  # fmt: skip
    result: scoring.Ranking = scoring.score_alternatives(
        rows,
        [
            scoring.Criterion(name="revenue_potential", weight=3),
            scoring.Criterion(name="it_budget", weight=1, missing=scoring.MissingPolicy.BOUNDS),
        ],
        method="topsis",
    )
    best = result.items[0]
    return best.id, best.best_rank, best.worst_rank


def invest(unit: SampleUnit) -> tuple[float, float]:
    """2.4: the NPV of an opportunity and the IRR of a plain series of flows."""
    impact: planning.FinancialImpact = planning.financial_impact(unit.opportunities[0], 0.08)
    flows = [-1000.0, 300.0, 400.0, 500.0]
    value = assert_type(planning.npv(0.08, flows), float)  # one series: a float, no cast
    rate = assert_type(planning.irr(flows), float)
    table = assert_type(planning.npv(0.08, [flows, flows]), NDArray[np.float64])
    assert table.shape == (2,)
    assert abs(value - (-1000 + 300 / 1.08 + 400 / 1.08**2 + 500 / 1.08**3)) < 1e-9
    return impact.npv.to_float(), rate


def price() -> tuple[models.Money, Decimal]:
    """2.5: a price for a 25 % margin on cost, and 10 % then 5 % as one discount."""
    cost = models.Money("80000", "EUR")
    return pricing.price_for_margin(cost, "0.25"), pricing.compound_discount(["0.10", "0.05"])


def bill(value: models.Money) -> list[models.Money]:
    """2.6: three instalments that sum exactly to the contract value."""
    dates = [dt.date(2027, 1, 31), dt.date(2027, 4, 30), dt.date(2027, 7, 31)]
    plan = workflow.billing_schedule(value, dates, [1, 1, 1])
    assert sum((i.amount for i in plan), models.Money("0", value.currency)) == value
    return [i.amount for i in plan]


def store(unit: SampleUnit) -> models.Client:
    """Models: a client survives its JSON document."""
    client = unit.clients[0]
    again: models.Client = models.loads(models.dumps(client), models.Client)
    assert again == client
    return again


def refuse() -> str:
    """Errors: bad input is refused with the field named."""
    try:
        models.Money("12.5", "EURO")
    except InvalidInputError as exc:  # a ClientelError and a ValueError
        return f"{exc.field} ({type(exc).__name__})"
    raise AssertionError("Money accepted an unknown currency")


def report() -> list[str]:
    """The app's output, one line per subpackage."""
    unit = load_sample()
    offer, discount = price()
    npv_value, irr_value = invest(unit)
    return [
        f"clientel {clientel.__version__}",
        f"top clients: {', '.join(rank(unit))}",
        f"best by TOPSIS (id, best rank, worst rank): {score(unit)}",
        f"NPV {npv_value:,.0f}, IRR {irr_value:.4f}",
        f"price {offer.format(2)}, compound discount {discount}",
        f"instalments: {', '.join(m.format(2) for m in bill(offer))}",
        f"stored: {store(unit).id} | refused: {refuse()}",
    ]


if __name__ == "__main__":
    sys.stdout.write("\n".join(report()) + "\n")
