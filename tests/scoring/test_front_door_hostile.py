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
    assert err.value.field == "row 0, criterion 'b'"


@pytest.mark.parametrize("method", ["moora", "topsis", "vikor"])
def test_values_whose_sum_overflows_score_without_a_warning(method: str) -> None:
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b")]
    X = np.array([[1e308, 1.0], [1.5e308, 2.0], [1.7e308, 3.0]])  # the sum of a is inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = sc.score_alternatives(X, crit, ids=IDS, method=method)  # type: ignore[arg-type]
    assert np.isfinite(r.scores).all()
    assert r.ids[0] == "z"  # the largest on both benefit criteria
