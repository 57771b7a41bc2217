"""One shape for explained results: :class:`Explanation`, a sequence of :class:`Factor`.

Every ``explain()`` in clientel returns an :class:`Explanation`: what is being
explained (``subject``), a one-line ``summary`` (the decision or placement), the
factors behind it (criterion, effect, value) and what an effect measures
(``effect_kind``). It iterates like a tuple of factors, prints as readable text
and shows as a table in a notebook.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, overload

import attrs

from clientel._internal.display import TableDisplay

__all__ = ["Explanation", "Factor"]


def _factors(value: Any) -> tuple[Factor, ...]:
    return tuple(value)


def _texts(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True)
class Factor:
    """One criterion's effect on the result being explained.

    Attributes
    ----------
    criterion : str
        The criterion, field or driver.
    effect : float
        Its effect, in the unit the explanation's ``effect_kind`` names
        (e.g. a contribution relative to the average alternative, or log-odds).
    value : float, str or None
        The input value behind the effect (None when missing or not applicable).
    """

    criterion: str
    effect: float
    value: float | str | None = None


@attrs.frozen(kw_only=True, repr=False)
class Explanation(TableDisplay):
    """Why a result came out as it did: a summary and the factors behind it.

    Attributes
    ----------
    subject : str
        What is explained, e.g. ``"c042"`` or ``"segment fin"``.
    summary : str
        One line: the decision, placement or score.
    factors : tuple of Factor
        Largest effect first (ties by criterion name) unless the source orders
        them otherwise (e.g. the order of a scorecard).
    effect_kind : str
        What a factor's effect measures.
    notes : tuple of str
        Further reasons in words (e.g. why a client has no owner).

    Examples
    --------
    >>> e = Explanation(subject="c1", summary="rank 1 of 3",
    ...                 factors=[Factor(criterion="growth", effect=0.2, value=0.3)],
    ...                 effect_kind="contribution minus the average")
    >>> print(e)
    c1: rank 1 of 3
      growth  +0.2  (value 0.3)
    >>> [f.criterion for f in e], len(e), e[0].effect
    (['growth'], 1, 0.2)
    """

    subject: str
    summary: str = ""
    factors: tuple[Factor, ...] = attrs.field(default=(), converter=_factors)
    effect_kind: str = ""
    notes: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    _display_title = "Explanation"

    def __iter__(self) -> Iterator[Factor]:
        return iter(self.factors)

    def __len__(self) -> int:
        return len(self.factors)

    @overload
    def __getitem__(self, index: int) -> Factor: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Factor, ...]: ...
    def __getitem__(self, index: int | slice) -> Factor | tuple[Factor, ...]:
        return self.factors[index]

    def positive(self, k: int = 3) -> tuple[Factor, ...]:
        """The ``k`` factors with the largest positive effects."""
        ranked = sorted((f for f in self.factors if f.effect > 0), key=lambda f: -f.effect)
        return tuple(ranked[:k])

    def negative(self, k: int = 3) -> tuple[Factor, ...]:
        """The ``k`` factors with the most negative effects."""
        ranked = sorted((f for f in self.factors if f.effect < 0), key=lambda f: f.effect)
        return tuple(ranked[:k])

    def top(self, k: int = 3) -> tuple[Factor, ...]:
        """The ``k`` factors with the largest absolute effects (ties by criterion)."""
        return tuple(sorted(self.factors, key=lambda f: (-abs(f.effect), f.criterion))[:k])

    def __str__(self) -> str:
        head = f"{self.subject}: {self.summary}" if self.summary else self.subject
        width = max((len(f.criterion) for f in self.factors), default=0)
        lines = [head]
        for f in self.factors:
            value = "" if f.value is None else f"  (value {_number(f.value)})"
            lines.append(f"  {f.criterion:<{width}}  {f.effect:+.4g}{value}")
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        top = ", ".join(f"{f.criterion} {f.effect:+.3g}" for f in self.top(3))
        more = f", … {len(self.factors)} factors" if len(self.factors) > 3 else ""
        summary = f" {self.summary!r}" if self.summary else ""
        return f"<Explanation {self.subject}{summary}: {top}{more}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per factor: criterion, effect, value."""
        return [{"criterion": f.criterion, "effect": f.effect, "value": f.value} for f in self]


def _number(value: float | str) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)
