"""Integer codes of ids keep the order of Python's string comparison (the front door's ids).

The reference is Python's own ``<`` and ``==`` on the strings, pair by pair.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from clientel.scoring import kernels as sk

ascii_ids = st.text(st.characters(min_codepoint=0, max_codepoint=127), max_size=12)
any_ids = st.text(max_size=6)


def _check(keys: list[str], codes: list[int]) -> None:
    for i, a in enumerate(keys):
        for j, b in enumerate(keys):
            assert (codes[i] < codes[j]) == (a < b), (keys, i, j)
            assert (codes[i] == codes[j]) == (a == b), (keys, i, j)


@given(st.lists(ascii_ids, max_size=30) | st.lists(any_ids, max_size=30))
def test_codes_of_text_keep_pythons_order(keys: list[str]) -> None:
    codes = sk.order_codes(keys).tolist()
    _check(keys, codes)
    assert sk.order_codes(np.asarray(keys, dtype=object)).tolist() == codes


@given(st.lists(st.integers(0, 10**15), min_size=1, max_size=30), st.integers(1, 18))
def test_codes_of_ids_of_one_length_keep_pythons_order(numbers: list[int], width: int) -> None:
    keys = [f"c-{n:0{width}d}" for n in numbers]  # one buffer, no padding (widths may differ)
    _check(keys, sk.order_codes(keys).tolist())


def test_codes_of_two_hundred_thousand_ids_equal_their_sorted_positions() -> None:
    rng = np.random.default_rng(3)
    keys = [f"c-{i:07d}" for i in rng.permutation(2 * 10**5)]
    codes = sk.order_codes(keys)
    assert np.array_equal(np.argsort(codes, kind="stable"), np.argsort(np.array(keys)))
