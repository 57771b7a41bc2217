"""Account health refuses bad input naming the field (issue 31: these raises never ran).

Each case asserts the error class and its ``field`` (the names are those the docs promise:
the attribute, the row, the measure or the argument at fault).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from clientel.errors import (
    ClientelError,
    InvalidInputError,
    MissingDataError,
    ScaleError,
    UnknownReferenceError,
)
from clientel.models import FiscalYear, SatisfactionResponse
from clientel.planning import (
    Band,
    Category,
    ColourScheme,
    HealthHistory,
    HealthMeasure,
    HealthScorecard,
    survey_series,
)
from clientel.planning import kernels as k

QUARTERS = FiscalYear(2026).quarters()
SCHEME = ColourScheme(bands=[
    Band(name="low", colour="red", lower=0, upper=50),
    Band(name="high", colour="green", lower=50, upper=100, upper_inclusive=True),
])  # fmt: skip
SLA = HealthMeasure(id="sla", name="SLA", weight=0.6, low=0, high=100, colours=SCHEME)
SPONSOR = HealthMeasure(id="sponsor", name="Sponsor", weight=0.4, categories=[
    Category(value="engaged", points=100, colour="green"),
    Category(value="absent", points=0, colour="red")])  # fmt: skip
CARD = HealthScorecard(id="hc", name="Card", colours=SCHEME, measures=[SLA, SPONSOR])
ANSWER = SatisfactionResponse(client_id="c1", respondent="r1", answered_on=dt.date(2026, 2, 1),
                              recommend=9, execution=4)  # fmt: skip


def _history(**over: Any) -> HealthHistory:
    kw: dict[str, Any] = {"periods": QUARTERS[:2], "accounts": ["c1"],
                          "numbers": {"sla": [[90.0, 80.0]]}}  # fmt: skip
    kw.update(over)
    return HealthHistory(**kw)


CASES: dict[str, tuple[Callable[[], object], type[ClientelError], str]] = {
    "account id not text": (
        lambda: _history(accounts=[7]), InvalidInputError, "HealthHistory.accounts[0]"),
    "measure both numeric and categorical": (
        lambda: _history(categories={"sla": [["a", "b"]]}), InvalidInputError, "HealthHistory"),
    "infinite number": (
        lambda: _history(numbers={"sla": [[np.inf, 1.0]]}), InvalidInputError,
        "HealthHistory.numbers['sla']"),
    "values of a measure not held": (
        lambda: _history().values("nps"), UnknownReferenceError, "measure"),
    "no period between the dates": (
        lambda: _history().between(dt.date(2030, 1, 1), dt.date(2030, 12, 31)),
        InvalidInputError, "start, end"),
    "row dated in no period": (
        lambda: HealthHistory.from_rows(
            [{"account_id": "c1", "on": "2031-01-01", "sla": 1, "sponsor": "engaged"}],
            QUARTERS, CARD), InvalidInputError, "rows[0].on"),
    "row without a date": (
        lambda: HealthHistory.from_rows(
            [{"account_id": "c1", "sla": 1, "sponsor": "engaged"}], QUARTERS, CARD),
        InvalidInputError, "rows[0].on"),
    "two rows for one account and period": (
        lambda: HealthHistory.from_rows(
            [{"account_id": "c1", "on": "2026-01-02", "sla": 1, "sponsor": "engaged"},
             {"account_id": "c1", "on": "2026-01-03", "sla": 2, "sponsor": "engaged"}],
            QUARTERS, CARD), InvalidInputError, "rows[1]"),
    "row without a measure": (
        lambda: HealthHistory.from_rows(
            [{"account_id": "c1", "on": "2026-01-02", "sla": 1}], QUARTERS, CARD),
        InvalidInputError, "rows['c1', 0].sponsor"),
    "category not text": (
        lambda: HealthHistory.from_rows(
            [{"account_id": "c1", "on": "2026-01-02", "sla": 1, "sponsor": 3}], QUARTERS, CARD),
        InvalidInputError, "c1.sponsor"),
    "number given as a bool": (
        lambda: HealthHistory.from_rows(
            [{"account_id": "c1", "on": "2026-01-02", "sla": True, "sponsor": "engaged"}],
            QUARTERS, CARD), InvalidInputError, "c1.sla"),
    "band end flag not a bool": (
        lambda: Band(name="b", colour="red", lower=0, upper=1, lower_inclusive=1),
        InvalidInputError, "Band.lower_inclusive"),
    "horizon not whole": (
        lambda: HealthScorecard(id="h", name="H", colours=SCHEME, measures=[SLA], horizon=1.5),
        InvalidInputError, "HealthScorecard.horizon"),
    "trend window below two": (
        lambda: HealthScorecard(id="h", name="H", colours=SCHEME, measures=[SLA],
                                trend_window=1), InvalidInputError, "HealthScorecard.trend_window"),
    "band of a bool": (lambda: SCHEME.band(True), ScaleError, "value"),
    "band of NaN": (lambda: SCHEME.band(float("nan")), ScaleError, "value"),
    "categorical measure with a scale": (
        lambda: HealthMeasure(id="m", name="M", weight=0.5, low=0, high=1,
                              categories=[Category(value="a", points=1, colour="red")]),
        InvalidInputError, "HealthMeasure[m]"),
    "duplicate categories": (
        lambda: HealthMeasure(id="m", name="M", weight=0.5, categories=[
            Category(value="a", points=1, colour="red"),
            Category(value="a", points=2, colour="green")]),
        InvalidInputError, "HealthMeasure[m].categories"),
    "numeric measure without a scale": (
        lambda: HealthMeasure(id="m", name="M", weight=0.5, low=5, high=5, colours=SCHEME),
        InvalidInputError, "HealthMeasure[m].low"),
    "numeric measure without colours": (
        lambda: HealthMeasure(id="m", name="M", weight=0.5, low=0, high=100),
        InvalidInputError, "HealthMeasure[m].colours"),
    "colour of a missing value": (lambda: SLA.colour(float("nan")), ScaleError, "sla"),
    "answers not text": (
        lambda: SPONSOR.colour_index([["engaged", 3]]), InvalidInputError, "sponsor"),
    "scale not finite": (
        lambda: k.health_points([[1.0]], [0.0], [np.inf], [True]), InvalidInputError,
        "low, high"),
    "weights of another length": (
        lambda: k.health_composite([[50.0, 60.0]], [1.0]), InvalidInputError, "weights"),
    "period weights of another length": (
        lambda: k.time_weighted([[50.0, 60.0]], [1.0, 2.0, 3.0]), InvalidInputError, "weights"),
    "slope of one period": (lambda: k.trend_slope([[1.0]]), InvalidInputError, "values"),
    "window not whole": (
        lambda: k.rolling_slope([[1.0, 2.0, 3.0]], 2.5), InvalidInputError, "window"),
    "negative tolerance": (
        lambda: k.trend_turns([[0.1, -0.1]], tolerance=-1.0), InvalidInputError, "tolerance"),
    "slopes not finite": (
        lambda: k.trend_turns([[0.1, np.inf]]), InvalidInputError, "slopes"),
    "groups of another length": (
        lambda: k.weighted_rollup([[1.0], [2.0]], [0], [1.0, 1.0], 1), InvalidInputError,
        "groups"),
    "group code out of range": (
        lambda: k.weighted_rollup([[1.0], [2.0]], [0, 5], [1.0, 1.0], 2), InvalidInputError,
        "groups"),
    "values not finite": (
        lambda: k.weighted_rollup([[np.nan]], [0], [1.0], 1), InvalidInputError, "values"),
    "survey group not answered": (
        lambda: survey_series([ANSWER], QUARTERS).row("c9"), UnknownReferenceError, "id"),
    "survey question unknown": (
        lambda: survey_series([ANSWER], QUARTERS, question="price"), InvalidInputError,
        "question"),
    "survey without periods": (
        lambda: survey_series([ANSWER], []), InvalidInputError, "periods"),
    "survey without answers": (
        lambda: survey_series([], QUARTERS), MissingDataError, "responses"),
    "survey answer of another type": (
        lambda: survey_series([ANSWER, "9"], QUARTERS), InvalidInputError, "responses[1]"),
    "survey client without a group": (
        lambda: survey_series([ANSWER], QUARTERS, groups={"c2": "bank"}),
        UnknownReferenceError, "groups"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_health_input_names_the_field(case: str) -> None:
    call, error, field = CASES[case]
    with pytest.raises(error) as err:
        call()
    assert err.value.field == field


def test_histories_compare_by_periods_accounts_and_values() -> None:
    h = _history()
    assert h == _history()
    assert h != _history(accounts=["c2"])  # other accounts
    assert h != _history(numbers={"sla": [[90.0, 80.0]]}, categories={"sponsor": [["a", "b"]]})
    assert h != _history(numbers={"sla": [[90.0, 81.0]]})  # another value
    assert h.__eq__("sla") is NotImplemented  # compared with something else: Python decides
