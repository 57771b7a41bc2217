"""Review records: validation, JSON round trips, team-model records."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from clientel.errors import InvalidInputError
from clientel.models import (
    AccountReview,
    AnnualReview,
    FollowUp,
    Money,
    Period,
    SatisfactionResponse,
    TeamModel,
    TrainingRecord,
    dumps,
    loads,
)
from clientel.testing import (
    account_reviews,
    annual_reviews,
    follow_ups,
    satisfaction_responses,
    team_models,
    training_records,
)


@given(account_reviews(), satisfaction_responses(), follow_ups(), annual_reviews())
def test_review_records_round_trip(a: AccountReview, s: SatisfactionResponse, f: FollowUp,
                                   y: AnnualReview) -> None:  # fmt: skip
    for obj in (a, s, f, y):
        assert loads(dumps(obj), type(obj)) == obj


@given(team_models(), training_records())
def test_team_records_round_trip(t: TeamModel, r: TrainingRecord) -> None:
    assert loads(dumps(t), TeamModel) == t
    assert loads(dumps(r), TrainingRecord) == r


def test_review_checks() -> None:
    half = Period(start=dt.date(2027, 1, 1), end=dt.date(2027, 6, 30))
    eur = Money("1", "EUR")
    with pytest.raises(InvalidInputError, match="completed_actions"):
        AccountReview(id="r", client_id="c", period=half, planned_actions=1, completed_actions=2,
                      budget=eur, spent=eur)  # fmt: skip
    with pytest.raises(InvalidInputError, match="actuals"):
        AccountReview(id="r", client_id="c", period=half, planned_actions=1, completed_actions=1,
                      actuals={"x": 1.0}, budget=eur, spent=eur)  # fmt: skip
    with pytest.raises(InvalidInputError):
        SatisfactionResponse(client_id="c", respondent="x", answered_on=dt.date(2027, 1, 1),
                             recommend=11)  # fmt: skip
    with pytest.raises(InvalidInputError):
        TeamModel(id="t", required={"consultant": -1.0})
    with pytest.raises(InvalidInputError):
        TrainingRecord(person_id="p", topic="x", completed_on=dt.date(2027, 1, 1), hours=-1)
