"""Enum-valued parameters take their string values or fail at construction (issue 15)."""

from __future__ import annotations

import pytest

from clientel.errors import InvalidInputError
from clientel.scoring import Criterion, Direction, MissingPolicy


def test_string_values_are_read_as_members() -> None:
    criterion = Criterion(name="it_budget", direction="cost", missing="bounds", bounds=(0, 9))
    assert criterion.direction is Direction.COST
    assert criterion.missing is MissingPolicy.BOUNDS
    assert Criterion(name="x", direction=Direction.COST) == Criterion(name="x", direction="cost")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"direction": "costs"}, "Criterion.direction"),
        ({"direction": "COST"}, "Criterion.direction"),
        ({"direction": -1}, "Criterion.direction"),
        ({"direction": None}, "Criterion.direction"),
        ({"missing": "bound"}, "Criterion.missing"),
        ({"missing": MissingPolicy}, "Criterion.missing"),
        ({"missing": Direction.COST}, "Criterion.missing"),
    ],
)
def test_anything_else_is_refused_at_construction(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Criterion(name="x", **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    assert "expected one of" in str(info.value)
