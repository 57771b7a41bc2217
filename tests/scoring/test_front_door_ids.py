"""Ids through the front door: text in, ids in rank order out (issue 27's speed work).

References are Python's own sort of (score, id) pairs and ``str``, not clientel's output.
"""

from __future__ import annotations

import enum

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import clientel.scoring as sc

ONE = [sc.Criterion(name="value")]


def _rank(values: list[float], ids: object) -> sc.Ranking:
    X = np.asarray(values, dtype=np.float64)[:, None]
    return sc.score_alternatives(X, ONE, ids=ids, method="weighted_sum",  # type: ignore[arg-type]
                                 normalisation="none", tol=0.0)  # fmt: skip


@given(st.lists(st.tuples(st.integers(0, 5), st.text(max_size=4)), unique_by=lambda t: t[1],
                min_size=1, max_size=40))  # fmt: skip
def test_ids_come_out_in_score_order_ties_by_id(rows: list[tuple[int, str]]) -> None:
    values = [float(v) for v, _ in rows]
    ids = [i for _, i in rows]
    r = _rank(values, ids)
    assert r.ids == tuple(i for _, i in sorted(rows, key=lambda t: (-t[0], t[1])))
    assert all(type(i) is str for i in r.ids)


class Colour(str, enum.Enum):  # noqa: UP042 - a str mixin: str() is not the value
    RED = "red"
    BLUE = "blue"


def test_ids_that_are_not_plain_text_become_their_str() -> None:
    assert _rank([1.0, 2.0], np.array([7, 30])).ids == ("30", "7")
    assert _rank([1.0, 2.0], [np.str_("b"), np.str_("a")]).ids == ("a", "b")
    as_text = [str(Colour.RED), str(Colour.BLUE)]  # what str() gives on this Python
    assert _rank([2.0, 1.0], [Colour.RED, Colour.BLUE]).ids == tuple(as_text)
    assert all(type(i) is str for i in _rank([2.0, 1.0], [Colour.RED, Colour.BLUE]).ids)


def test_two_hundred_thousand_ids_in_rank_order() -> None:
    rng = np.random.default_rng(4)
    n = 200_000
    values = rng.integers(0, 1000, n).astype(float)  # many exact ties: ordered by id
    ids = [f"k{i:06d}" for i in rng.permutation(n)]
    r = _rank(values.tolist(), ids)
    expected = sorted(range(n), key=lambda i: (-values[i], ids[i]))
    assert r.ids == tuple(ids[i] for i in expected)
    assert r.order.tolist() == expected
