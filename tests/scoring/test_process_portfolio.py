"""Segment portfolio on the nine-box (steps 2.1.1-2.1.2): worked example and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, MissingDataError
from clientel.models import Money, Segment, to_data
from clientel.scoring import LEVELS, rank_segments

ATTR = {"size": 1, "growth": 2, "profit_trend": 1}
STRENGTH = {"share": 1, "ksf_standing": 1}


def seg(i, size, growth, profit, share, ksf, money=None):
    f = {
        "size": size,
        "growth": growth,
        "profit_trend": profit,
        "share": share,
        "ksf_standing": ksf,
    }
    return Segment(id=i, name=i, factors=f, size=money)


def test_worked_example_by_hand():
    # Attractiveness (size + 2 growth + profit)/4, strength (share + ksf)/2, cuts 7/3 and 11/3.
    units = [
        seg("banking", 5, 4, 3, 4, 4, Money(80_000_000, "EUR")),  # 4.0, 4.0 -> high/high
        seg("public", 3, 3, 3, 1, 2),  # 3.0, 1.5 -> medium/low
        seg("retail", 1, 1, 3, 5, 5),  # 1.5, 5.0 -> low/high
        seg("energy", 4, 2, 3, 3, 3),  # 2.75, 3.0 -> medium/medium
    ]
    pf = rank_segments(units, attractiveness=ATTR, strength=STRENGTH)
    got = {c.id: (c.attractiveness, c.strength, c.recommendation) for c in pf.cells}
    assert got == {
        "banking": (4.0, 4.0, "invest/grow"),
        "public": (3.0, 1.5, "harvest/divest"),
        "retail": (1.5, 5.0, "selective"),
        "energy": (2.75, 3.0, "selective"),
    }
    assert [c.id for c in pf.cells] == ["banking", "energy", "retail", "public"]
    assert pf.cell("banking").size == Money(80_000_000, "EUR")
    assert pf.explain("banking").notes[0].startswith("attractiveness from growth 2.00")
    assert to_data(pf)["cells"][0]["size"] == {"amount": "80000000", "currency": "EUR"}


def test_cut_boundaries_go_up_and_zero_one_scale():
    pf = rank_segments(
        [seg("a", 0.5, 0.5, 0.5, 0.25, 0.25)],
        attractiveness=ATTR,
        strength=STRENGTH,
        scale=(0, 1),
        cuts=(0.25, 0.5),
    )
    assert (pf.cells[0].attractiveness_level, pf.cells[0].strength_level) == ("high", "medium")


def test_bad_input():
    bad = Segment(id="x", name="X", factors={"size": 3, "growth": None})
    with pytest.raises(MissingDataError, match=r"segments\['x'\]\.factors\['growth'\]"):
        rank_segments([bad], attractiveness={"size": 1, "growth": 1}, strength={"size": 1})
    with pytest.raises(InvalidInputError, match="scale"):
        rank_segments([seg("a", 9, 1, 1, 1, 1)], attractiveness=ATTR, strength=STRENGTH)
    with pytest.raises(InvalidInputError, match="cuts"):
        rank_segments(
            [seg("a", 1, 1, 1, 1, 1)], attractiveness=ATTR, strength=STRENGTH, cuts=(4, 2)
        )


score = st.integers(1, 5)


@given(
    st.lists(st.tuples(score, score, score, score, score), min_size=1, max_size=6),
    st.sampled_from(["size", "growth", "share"]),
    st.randoms(),
)
def test_improving_a_factor_never_lowers_the_level_and_order_is_free(rows, factor, rnd):
    units = [seg(f"s{k}", *r) for k, r in enumerate(rows)]
    pf = rank_segments(units, attractiveness=ATTR, strength=STRENGTH)
    shuffled = list(units)
    rnd.shuffle(shuffled)
    assert rank_segments(shuffled, attractiveness=ATTR, strength=STRENGTH) == pf
    first = units[0]
    better = dict(first.factors)
    better[factor] = min(5, better[factor] + 1)
    import attrs

    pf2 = rank_segments(
        [attrs.evolve(first, factors=better), *units[1:]], attractiveness=ATTR, strength=STRENGTH
    )
    a, b = pf.cell("s0"), pf2.cell("s0")
    assert LEVELS.index(b.attractiveness_level) >= LEVELS.index(a.attractiveness_level)
    assert LEVELS.index(b.strength_level) >= LEVELS.index(a.strength_level)
    rec = ["harvest/divest", "selective", "invest/grow"]
    assert rec.index(b.recommendation) >= rec.index(a.recommendation)
