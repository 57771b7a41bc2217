"""Ranks from sorted runs: partitions reproduce the single-process tie rules exactly.

The reference is a brute-force definition written here: single-linkage tie
groups over the sorted scores (neighbours within ``tol * max(1, |score|)``),
competition ranks, and tied rows ordered by id then row.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk


def _brute_force(scores: list[float], ids: list[str], tol: float) -> tuple[list[int], list[int]]:
    m = len(scores)
    by_score = sorted(range(m), key=lambda i: -scores[i])
    groups: list[list[int]] = []
    for i in by_score:
        prev = groups[-1][-1] if groups else None
        gap = scores[prev] - scores[i] if prev is not None else None
        if gap is not None and gap <= tol * max(1.0, abs(scores[i])):
            groups[-1].append(i)
        else:
            groups.append([i])
    order, rank = [], [0] * m
    for g in groups:
        first = len(order) + 1
        for i in sorted(g, key=lambda i: (ids[i], i)):
            order.append(i)
            rank[i] = first
    return order, rank


scores_and_ids = st.integers(1, 60).flatmap(
    lambda m: st.tuples(
        hnp.arrays(np.float64, m, elements=st.integers(0, 12).map(lambda v: v / 4)),
        st.lists(st.text(alphabet="ab-0Z", min_size=0, max_size=4), min_size=m, max_size=m),
    )
)


@given(scores_and_ids, st.sampled_from([0.0, 1e-9, 0.3]))
def test_ranks_follow_the_written_tie_rules(data: tuple, tol: float) -> None:
    scores, ids = data
    order, rank = sk.ranks(scores, tol=tol, tie_key=ids)
    expected_order, expected_rank = _brute_force(scores.tolist(), ids, tol)
    assert order.tolist() == expected_order
    assert rank.tolist() == expected_rank


def _cuts(m: int, parts: int) -> list[int]:
    return [round(m * k / parts) for k in range(1, parts)]


@given(scores_and_ids, st.sampled_from([0.0, 0.3]), st.data())
def test_partitioned_runs_rank_like_one_process(
    data: tuple, tol: float, draw: st.DataObject
) -> None:
    """Sort each partition, merge the runs in a random order and tree shape, cut the merged
    run into slices between tied groups, rank each slice on its own: the same ranks."""
    scores, ids = data
    m = scores.size
    order, rank = sk.ranks(scores, tol=tol, tie_key=ids)
    rnd = random.Random(draw.draw(st.integers(0, 2**32)))
    uneven = sorted(draw.draw(st.lists(st.integers(0, m), max_size=5)))
    for cuts in [*(_cuts(m, k) for k in (1, 3, 7, 16)), uneven]:
        bounds = [0, *cuts, m]
        runs = [
            sk.sort_run(scores[a:b], ids[a:b], np.arange(a, b))
            for a, b in itertools.pairwise(bounds)
        ]
        rnd.shuffle(runs)
        while len(runs) > 1:
            i = rnd.randrange(len(runs) - 1)
            runs[i : i + 2] = [sk.merge_runs(runs[i : i + 2])]
        slices = sk.split_run(runs[0], rnd.randint(1, 8), tol=tol)
        rows, ranks, start = [], [], 0
        for piece in slices:
            r, k = sk.rank_run(piece, tol=tol, start=start)
            rows += r.tolist()
            ranks += k.tolist()
            start += len(piece)
        assert rows == order.tolist()
        assert ranks == rank[order].tolist()


def test_merged_runs_do_not_depend_on_the_merge_order() -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 5, 200).astype(float)
    ids = [f"c{i % 37}" for i in range(200)]
    runs = [
        sk.sort_run(scores[a : a + 50], ids[a : a + 50], np.arange(a, a + 50))
        for a in range(0, 200, 50)
    ]
    one = sk.merge_runs(runs)
    two = sk.merge_runs([sk.merge_runs(runs[2:]), sk.merge_runs(runs[:2])])
    assert one.rows.tolist() == two.rows.tolist()
    assert one.ids.tolist() == two.ids.tolist()


@given(
    st.lists(
        st.one_of(
            st.text(max_size=6),
            st.text(alphabet="0123456789", min_size=3, max_size=3),
            st.sampled_from(["a\x00", "a", "\x00", "é", "", "Z", "a\x00b"]),
        ),
        max_size=40,
    )
)
def test_order_codes_order_strings_as_python_does(keys: list[str]) -> None:
    codes = sk.order_codes(keys).tolist()
    for i in range(len(keys)):
        for j in range(len(keys)):
            assert (codes[i] < codes[j]) == (keys[i] < keys[j])
            assert (codes[i] == codes[j]) == (keys[i] == keys[j])


def test_order_codes_of_long_ids_and_numbers() -> None:
    keys = [f"{c}-{i:020d}" for i, c in zip(range(300, 0, -1), "xyz" * 100, strict=True)]
    codes = sk.order_codes(keys)
    assert np.argsort(codes).tolist() == sorted(range(300), key=keys.__getitem__)
    assert sk.order_codes(np.array([3, -1, 7])).tolist() == [3, -1, 7]
    assert sk.order_codes([2.5, 0.5, 2.5]).tolist() == [1, 0, 1]
    with pytest.raises(InvalidInputError) as exc:
        sk.order_codes(["a", 1])
    assert exc.value.field == "tie_key"


def test_run_errors_are_named() -> None:
    with pytest.raises(InvalidInputError) as exc:
        sk.sort_run([1.0, np.nan])
    assert exc.value.field == "scores[1]"
    with pytest.raises(InvalidInputError) as exc:
        sk.sort_run([1.0, 2.0], ids=["a"])
    assert exc.value.field == "tie_key"
    with pytest.raises(InvalidInputError) as exc:
        sk.split_run(sk.sort_run([1.0]), 0)
    assert exc.value.field == "parts"
    with pytest.raises(InvalidInputError) as exc:
        sk.merge_runs([sk.sort_run([1.0], ids=["a"]), sk.sort_run([2.0])])
    assert exc.value.field == "runs"
