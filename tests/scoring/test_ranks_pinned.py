"""Competition ranks with a tolerance, tie keys and sorted runs (step 2.3.3, issue 31).

Compared with a plain-Python reading of the documented rules written here: sort best
first; a score joins the group before it when the gap to its sorted neighbour is at most
``tol * max(1, |score|)`` (single linkage); a group shares the rank one past the number of
rows before it (1, 1, 3); inside a group rows go by tie key, then row. The drawn scores
include near-ties above magnitude 1 (where the relative tolerance matters) and gaps just
inside and just outside it. Errors are pinned by class and whole text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk


def _reference(
    scores: list[float], tol: float, keys: list[Any] | None, higher: bool = True
) -> tuple[list[int], list[int]]:
    m = len(scores)
    oriented = [-s if higher else s for s in scores]
    by_key = sorted(range(m), key=lambda i: oriented[i])
    groups: list[list[int]] = []
    for pos, i in enumerate(by_key):
        if pos and oriented[i] - oriented[by_key[pos - 1]] <= tol * max(1.0, abs(oriented[i])):
            groups[-1].append(i)
        else:
            groups.append([i])
    order: list[int] = []
    rank = [0] * m
    for g in groups:
        first = len(order) + 1
        order += sorted(g, key=lambda i: ((keys[i] if keys else 0), i))
        for i in g:
            rank[i] = first
    return order, rank


@st.composite
def near_ties(draw: st.DrawFn) -> tuple[list[float], float]:
    """Scores around a few bases of magnitude 1 to 1e6, spaced a fraction or a multiple of tol."""
    tol = draw(st.sampled_from([1e-9, 1e-6, 1e-3, 0.0]))
    bases = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, -3.0, 250.0, 1e6]), min_size=1,
                          max_size=3))  # fmt: skip
    scores = []
    for base in bases:
        scale = max(1.0, abs(base))
        steps = draw(st.lists(st.sampled_from([0.0, 0.4, 0.9, 2.0, 5.0]), max_size=4))
        value = base
        scores.append(value)
        for step in steps:
            value += step * tol * scale
            scores.append(value)
    return draw(st.permutations(scores)), tol


@given(near_ties(), st.booleans(), st.booleans())
def test_ranks_follow_the_tie_rules(case: tuple[list[float], float], with_keys: bool,
                                    higher: bool) -> None:  # fmt: skip
    scores, tol = case
    keys = [f"c-{(7 * i) % 5}" for i in range(len(scores))] if with_keys else None
    order, rank = sk.ranks(scores, tol=tol, tie_key=keys, higher_is_better=higher)
    assert (order.tolist(), rank.tolist()) == _reference(scores, tol, keys, higher)
    # the same through sorted runs, merged from two partitions and cut into slices
    half = len(scores) // 2
    runs = [
        sk.sort_run(scores[:half], ids=None if keys is None else keys[:half],
                    rows=np.arange(half), higher_is_better=higher),
        sk.sort_run(scores[half:], ids=None if keys is None else keys[half:],
                    rows=np.arange(half, len(scores)), higher_is_better=higher),
    ]  # fmt: skip
    merged = sk.merge_runs(runs[::-1])
    rows, ranked = [], []
    start = 0
    for part in sk.split_run(merged, 3, tol=tol):
        r, k = sk.rank_run(part, tol=tol, start=start)
        rows += r.tolist()
        ranked += k.tolist()
        start += len(part)
    ref_order, ref_rank = _reference(scores, tol, keys, higher)
    assert rows == ref_order
    assert ranked == [ref_rank[i] for i in ref_order]


def test_tolerance_is_relative_above_one_and_absolute_below() -> None:
    # 1000 and 1000.0009: a gap of 9e-4 is within 1e-6 * 1000.0009, so they tie (an absolute
    # 1e-6 would split them); tied rows without keys keep input order
    order, rank = sk.ranks([1000.0, 1000.0009, 999.0], tol=1e-6)
    assert (order.tolist(), rank.tolist()) == ([0, 1, 2], [1, 1, 3])
    _, rank = sk.ranks([1000.0, 1000.0011], tol=1e-6)
    assert rank.tolist() == [2, 1]
    # below 1 the scale is 1: 0.5 and 0.5000009 tie at 1e-6, 0.5 and 0.5000011 do not
    assert sk.ranks([0.5, 0.5000009], tol=1e-6)[1].tolist() == [1, 1]
    assert sk.ranks([0.5, 0.5000011], tol=1e-6)[1].tolist() == [2, 1]
    # single linkage: a chain of small gaps is one group
    assert sk.ranks([0.0, 0.6, 1.2], tol=1.0)[1].tolist() == [1, 1, 1]
    # tol 0: only equal scores tie
    assert sk.ranks([1.0, 1.0, 1.0 + 2**-52], tol=0)[1].tolist() == [2, 2, 1]
    # lower is better (VIKOR's Q)
    order, rank = sk.ranks([0.3, 0.1, 0.3], higher_is_better=False, tie_key=["b", "z", "a"])
    assert (order.tolist(), rank.tolist()) == ([1, 2, 0], [2, 1, 2])
    # the default tolerance is 1e-9, relative above 1
    assert sk.ranks([5.0, 5.0 + 4e-9])[1].tolist() == [1, 1]
    assert sk.ranks([5.0, 5.0 + 6e-9])[1].tolist() == [2, 1]


def test_runs_carry_rows_and_ids() -> None:
    run = sk.sort_run([0.2, 0.9, 0.5], ids=["c", "a", "b"], rows=[10, 11, 12])
    assert (run.rows.tolist(), run.ids.tolist(), run.key.tolist()) == (  # type: ignore[union-attr]
        [11, 12, 10], ["a", "b", "c"], [-0.9, -0.5, -0.2])  # fmt: skip
    assert len(run) == 3
    assert not run.key.flags.writeable
    assert not run.rows.flags.writeable
    rows, rank = sk.rank_run(run, start=5)
    assert (rows.tolist(), rank.tolist()) == ([11, 12, 10], [6, 7, 8])
    plain = sk.sort_run([1.0, 1.0], higher_is_better=False)
    assert plain.ids is None
    assert plain.key.tolist() == [1.0, 1.0]
    # a split never cuts a tied group, and at most ``parts`` slices come out
    tied = sk.sort_run([1.0, 1.0, 1.0, 0.0])
    assert [len(p) for p in sk.split_run(tied, 2)] == [3, 1]
    assert [len(p) for p in sk.split_run(tied, 1)] == [4]
    assert [len(p) for p in sk.split_run(sk.sort_run([4.0, 3.0, 2.0, 1.0]), 2)] == [2, 2]
    assert [len(p) for p in sk.split_run(sk.sort_run([4.0, 3.0, 2.0, 1.0]), 9)] == [1, 1, 1, 1]


def test_order_codes_keep_the_order_of_python_values() -> None:
    cases: list[list[Any]] = [
        ["b", "a", "ab", "b", ""],
        [f"c-{i:06d}" for i in (12, 3, 999_999, 3, 0)],
        ["x" * 30 + chr(65 + i % 26) + "y" * 20 + str(i) for i in (5, 3, 17, 3, 29)],  # 2 words
        ["é", "e", "ë", "e"],  # not ASCII: compared as Python strings
        ["a\x00", "a", "a\x00"],  # a NUL: compared as Python strings
        [3, 1, 2, 1],
        [2.5, -1.0, 2.5],
        [True, False, True],
    ]
    for keys in cases:
        codes = sk.order_codes(keys).tolist()
        for i, a in enumerate(keys):
            for j, b in enumerate(keys):
                assert (codes[i] < codes[j]) == (a < b), (keys, i, j)
                assert (codes[i] == codes[j]) == (a == b), (keys, i, j)
        assert sk.order_codes(np.asarray(keys, dtype=object)).tolist() == codes
    pairs = sk.order_codes([(1, "b"), (1, "a"), (0, "z")]).tolist()
    assert pairs == [2, 1, 0]
    assert sk.order_codes(np.array([7, 3, 7])).tolist() == [7, 3, 7]
    assert sk.order_codes(np.array([0.5, -2.0, 0.5])).tolist() == [1, 0, 1]
    assert sk.order_codes([]).tolist() == []
    assert sk.order_codes(["", ""]).tolist() == [0, 0]


ERRORS: list[tuple[str, Callable[[], object], str]] = [
    ("2-d", lambda: sk.ranks([[1.0]]), "scores: expected a 1-D array of scores"),
    ("nan", lambda: sk.ranks([1.0, 2.0, float("nan")]),
     "scores[2]: score must be finite (got nan)"),
    ("inf", lambda: sk.sort_run([float("-inf"), 1.0]),
     "scores[0]: score must be finite (got -inf)"),
    ("tol", lambda: sk.ranks([1.0], tol=-1e-9),
     "tol: tolerance must be finite and >= 0 (got -1e-09)"),
    ("tol nan", lambda: sk.ranks([1.0], tol=float("nan")),
     "tol: tolerance must be finite and >= 0 (got nan)"),
    ("tol text", lambda: sk.ranks([1.0], tol="0"),
     "tol: tolerance must be finite and >= 0 (got '0')"),
    ("tie keys", lambda: sk.ranks([1.0, 2.0], tie_key=["a"]),
     "tie_key: expected 2 tie keys (got (1,))"),
    ("incomparable", lambda: sk.ranks([1.0, 1.0], tie_key=["a", 1]),
     "tie_key: tie keys must be comparable"),
    ("rows", lambda: sk.sort_run([1.0, 2.0], rows=[0]), "rows: expected 2 row numbers (got (1,))"),
    ("run", lambda: sk.SortedRun(key=[1.0, 2.0], rows=[0]),
     "run: key, rows and ids of different lengths"),
    ("run ids", lambda: sk.SortedRun(key=[1.0], rows=[0], ids=["a", "b"]),
     "run: key, rows and ids of different lengths"),
    ("merge none", lambda: sk.merge_runs([]), "runs: nothing to merge"),
    ("merge mixed", lambda: sk.merge_runs([sk.sort_run([1.0]), sk.sort_run([2.0], ids=["a"])]),
     "runs: runs with and without tie keys"),
    ("parts", lambda: sk.split_run(sk.sort_run([1.0]), 0),
     "parts: expected an integer >= 1 (got 0)"),
    ("parts bool", lambda: sk.split_run(sk.sort_run([1.0]), True),
     "parts: expected an integer >= 1 (got True)"),
    ("split tol", lambda: sk.split_run(sk.sort_run([1.0]), 1, tol=-1.0),
     "tol: tolerance must be finite and >= 0 (got -1.0)"),
    ("rank tol", lambda: sk.rank_run(sk.sort_run([1.0]), tol=float("inf")),
     "tol: tolerance must be finite and >= 0 (got inf)"),
    ("keys 2-d", lambda: sk.order_codes(np.array([[1, 2]], dtype=object)),
     "keys: expected one key per row (a 1-D list) (got (1, 2))"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "text"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_name_their_field(
    call: Callable[[], object], text: str, raises_exactly: Any
) -> None:
    raises_exactly(call, InvalidInputError, text)


def _letters(i: int, width: int) -> str:
    """An id whose every character varies across ids (so no byte position is dropped)."""
    return "".join(chr(97 + (i * 7 + j * 11 + i * j) % 26) for j in range(width))


@pytest.mark.parametrize("width", [12, 13, 30])
def test_wide_text_keys_keep_pythons_order(width: int) -> None:
    # 12 letters pack into 60 bits (one word), 13 into 65 and 30 into 150 (several words)
    keys = [_letters(i, width) for i in range(40)] + [_letters(3, width), _letters(7, width)]
    codes = sk.order_codes(keys).tolist()
    for i, a in enumerate(keys):
        for j, b in enumerate(keys):
            assert (codes[i] < codes[j]) == (a < b)
            assert (codes[i] == codes[j]) == (a == b)
    # nine tied groups of two such ids (group number times code would pass 2**63 for 60-bit
    # codes): each group ordered by id, then by row
    scores = [float(g) for g in range(9)] * 2
    ids = [keys[(7 * i) % 42] for i in range(18)]
    ids[12] = ids[3]  # one group with equal ids: by row
    order, rank = sk.ranks(scores, tie_key=ids)
    expected = [i for g in range(8, -1, -1) for i in sorted([g, g + 9], key=lambda i: (ids[i], i))]
    assert order.tolist() == expected
    assert rank.tolist() == [2 * (8 - g) + 1 for g in range(9)] * 2


def test_few_ties_among_many_rows_and_run_defaults(raises_exactly: Any) -> None:
    # one tied pair among ten rows: only its keys are coded
    scores = [9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 9.0]
    order, rank = sk.ranks(scores, tie_key=list("zbcdefghiy"))
    assert order.tolist()[:2] == [9, 0]
    assert rank.tolist()[9] == rank.tolist()[0] == 1
    run = sk.sort_run([0.5, 0.9], ids=["b", "a"])
    assert sk.rank_run(run)[1].tolist() == [1, 2]  # ranks start at 1 by default
    merged = sk.merge_runs([run])
    assert merged.ids is not None
    assert merged.ids.tolist() == ["a", "b"]
    codes = sk.order_codes(("b", "a", "b")).tolist()  # a tuple, not a list
    assert codes[1] < codes[0] == codes[2]
    raises_exactly(lambda: sk.ranks(["x"]), InvalidInputError,
                   "scores: expected numbers, got text")  # fmt: skip


def test_equal_tie_keys_away_from_the_first_keep_input_order() -> None:
    # one tied group of 3,000 entries; the first tie key is the only 0, the others repeat
    # (1 to 5), so equal (group, key) pairs never involve the first entry: ties are
    # ordered by key, then input order, whatever the sort does with equal keys
    rng = np.random.default_rng(5)
    keys = [0, *rng.integers(1, 6, size=2_999).tolist()]
    order, rank = sk.ranks(np.ones(3_000), tie_key=keys)
    assert order.tolist() == sorted(range(3_000), key=lambda i: (keys[i], i))
    assert set(rank.tolist()) == {1}


@pytest.mark.parametrize("pairs", [128, 600])
def test_many_tied_groups_with_wide_packed_keys(pairs: int) -> None:
    # tied pairs with random 8-character ids: each character position holds about 95
    # distinct bytes (7 bits), so a packed id is a 56-bit code, too wide to combine with
    # 128 or more group numbers in 62 bits (600 would overflow 64): the codes are made
    # dense first. The reference is Python's sort of (score, id, position).
    rng = np.random.default_rng(9)
    alphabet = [chr(c) for c in range(32, 127)]
    ids = ["".join(rng.choice(alphabet, size=8).tolist()) for _ in range(2 * pairs)]
    scores = [float(g) for g in range(pairs)] * 2
    # the largest id next to the smallest in neighbouring groups, at both ends of the order
    ids[pairs - 1], ids[pairs - 2], ids[0], ids[1] = "~" * 8, " " * 8, " " * 7 + "!", "~" * 7 + "}"
    order, _ = sk.ranks(scores, tie_key=ids)
    assert order.tolist() == sorted(range(2 * pairs), key=lambda i: (-scores[i], ids[i], i))


def test_ids_that_differ_only_in_their_second_packed_word() -> None:
    # 300 random 10-character ids need about 70 bits, two 64-bit words; two more ids equal
    # to the first but for the last character differ only in the second word. One tied
    # group: the order is Python's sort of (id, position).
    rng = np.random.default_rng(11)
    alphabet = [chr(c) for c in range(32, 127)]
    ids = ["".join(rng.choice(alphabet, size=10).tolist()) for _ in range(300)]
    ids += [ids[0][:9] + "~", ids[0][:9] + " "]  # the larger one first
    order, _ = sk.ranks(np.ones(len(ids)), tie_key=ids)
    assert order.tolist() == sorted(range(len(ids)), key=lambda i: (ids[i], i))
