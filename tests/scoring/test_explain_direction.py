"""Explanations read the same way for every score method: a positive effect lifts the rank.

A method where a lower score ranks first (VIKOR's Q, SPOTIS's distance) gives contributions
where more is better (negated regrets, negated distance terms), so ``explain`` and
``top_factors`` call a criterion an alternative leads on a strength whatever the method.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.scoring import Criterion, score_alternatives
from clientel.scoring import kernels as sk

SCORING = sorted(
    n
    for n, rec in sk.METHODS.items()
    if rec.kind == "score" and rec.score.__module__.startswith("clientel.scoring.kernels._methods.")
)
CRIT = [Criterion(name="a", weight=1), Criterion(name="b", weight=1)]


def _options(method: str) -> dict:
    return {"bounds": [(0.0, 20.0), (0.0, 20.0)]} if method == "spotis" else {}


@pytest.mark.parametrize("method", SCORING)
@given(lead=st.integers(1, 8), b=st.lists(st.integers(1, 9), min_size=4, max_size=4, unique=True))
def test_the_criterion_an_alternative_leads_on_is_its_strength(
    method: str, lead: int, b: list[int]
) -> None:
    # "x" beats every other alternative on a by `lead` and shares the average b: its effect on
    # a is positive and on b zero or nearly so; on a it is among its strengths
    a = [10.0 + lead, 10.0, 9.0, 8.0, 7.0]
    bb = [float(np.mean(b)), *map(float, b)]
    X = np.column_stack([a, bb])
    r = score_alternatives(X, CRIT, ids=["x", "p", "q", "r", "s"], method=method,  # type: ignore[arg-type]
                           **_options(method))  # fmt: skip
    effect = {f.criterion: f.effect for f in r.explain("x")}
    assert effect["a"] > 0, (method, effect)
    strengths, weaknesses = r.top_factors("x", k=2)
    assert "a" in [f.criterion for f in strengths], method
    assert "a" not in [f.criterion for f in weaknesses], method
