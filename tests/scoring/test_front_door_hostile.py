"""Hostile matrices at the front door: infinities that cancel in a sum, sums that overflow.

Found while making the front door faster (issue 27): the search for missing cells sums
each criterion, and a criterion holding both inf and -inf sums to NaN as if a cell were
missing.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import clientel.scoring as sc
from clientel.errors import InvalidInputError

IDS = ["x", "y", "z"]


@pytest.mark.parametrize("policy", list(sc.MissingPolicy))
@pytest.mark.parametrize("method", ["moora", "topsis", "weighted_sum", "mabac"])
def test_inf_and_minus_inf_in_one_criterion_are_infinite_values_not_gaps(
    policy: sc.MissingPolicy, method: str
) -> None:
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b", missing=policy)]
    X = np.array([[1.0, np.inf], [2.0, -np.inf], [3.0, 1.0]])
    with pytest.raises(InvalidInputError, match="infinite value") as err:
        sc.score_alternatives(X, crit, ids=IDS, method=method)  # type: ignore[arg-type]
    assert err.value.field == "'x', criterion 'b'"  # the row by its id, as for a missing value
    assert str(err.value).startswith("'x', criterion 'b': infinite value")


@pytest.mark.parametrize("method", ["moora", "topsis", "weighted_sum", "copras", "vikor"])
def test_an_infinite_value_is_named_by_its_id_among_kept_rows(method: str) -> None:
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b", missing=sc.MissingPolicy.EXCLUDE)]
    X = np.array([[1.0, 2.0], [2.0, np.nan], [np.inf, 3.0], [3.0, 1.0]])  # "q" is excluded
    with pytest.raises(InvalidInputError, match="infinite value") as err:
        sc.score_alternatives(X, crit, ids=["p", "q", "r", "s"], method=method)  # type: ignore[arg-type]
    assert err.value.field == "'r', criterion 'a'"  # row 1 of the kept rows is the third id
    entities = {"acme": {"a": 1.0, "b": 2.0}, "beta": {"a": float("-inf"), "b": 1.0}}
    with pytest.raises(InvalidInputError) as err:
        sc.score_alternatives(entities, crit, method=method)  # type: ignore[arg-type]
    assert err.value.field == "'beta', criterion 'a'"


@pytest.mark.parametrize("method", ["moora", "topsis", "vikor"])
def test_values_whose_sum_overflows_score_without_a_warning(method: str) -> None:
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b")]
    X = np.array([[1e308, 1.0], [1.5e308, 2.0], [1.7e308, 3.0]])  # the sum of a is inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = sc.score_alternatives(X, crit, ids=IDS, method=method)  # type: ignore[arg-type]
    assert np.isfinite(r.scores).all()
    assert r.ids[0] == "z"  # the largest on both benefit criteria
