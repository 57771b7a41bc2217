"""Bands on a number line with stated inclusive or exclusive ends, checked in one place.

Tiers of a client ranking (:class:`clientel.scoring.TierScheme`, step 2.3.3) and
the colour bands of a health scorecard (:class:`clientel.planning.ColourScheme`,
steps 2.4.8 and 2.7.2) are both an ordered run of bands ``[lower, upper]`` whose
ends are each inclusive or exclusive. :func:`check_bands` refuses a run with a
gap or an overlap between neighbours (also at a single boundary point, which
must belong to exactly one of the two bands); :func:`check_covers` refuses a run
that does not cover a scale end to end, ends included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from clientel.errors import BandError

__all__ = ["Banded", "check_bands", "check_covers"]


class Banded(Protocol):
    """What a band exposes: a name and its two ends, each inclusive or not."""

    @property
    def name(self) -> str: ...
    @property
    def lower(self) -> float: ...
    @property
    def upper(self) -> float: ...
    @property
    def lower_inclusive(self) -> bool: ...
    @property
    def upper_inclusive(self) -> bool: ...


def check_bands(bands: Sequence[Banded], field: str = "bands") -> None:
    """Refuse bands that are empty, unnamed twice, degenerate, out of order, gapped or overlapping.

    Raises
    ------
    BandError
        Naming the band (``bands['amber']``) or the two neighbours and the
        boundary values at fault.
    """
    if not bands:
        raise BandError("expected at least one band", field=field)
    names = [b.name for b in bands]
    if len(set(names)) != len(names):
        raise BandError("duplicate band names", field=field, value=names)
    for k, b in enumerate(bands):
        if not b.lower < b.upper:  # NaN fails too; an open end may be infinite
            msg = "expected lower < upper"
            raise BandError(msg, field=f"{field}[{b.name!r}]", value=(b.lower, b.upper))
        if k == 0:
            continue
        prev = bands[k - 1]
        if b.lower < prev.lower:
            msg = f"bands out of order: {b.name!r} starts below {prev.name!r}"
            raise BandError(msg, field=field, value=(prev.lower, b.lower))
        if b.lower > prev.upper:
            msg = f"gap between {prev.name!r} and {b.name!r}"
            raise BandError(msg, field=field, value=(prev.upper, b.lower))
        if b.lower < prev.upper or (prev.upper_inclusive and b.lower_inclusive):
            msg = f"overlap between {prev.name!r} and {b.name!r}"
            raise BandError(msg, field=field, value=(prev.upper, b.lower))
        if not (prev.upper_inclusive or b.lower_inclusive):
            msg = f"the boundary {b.lower:g} belongs to neither {prev.name!r} nor {b.name!r}"
            raise BandError(msg, field=field)


def check_covers(bands: Sequence[Banded], low: float, high: float, field: str = "bands") -> None:
    """Refuse (already checked) bands that do not cover ``[low, high]`` exactly, both ends in.

    Raises
    ------
    BandError
        When the first band does not start at ``low`` with ``low`` included,
        or the last does not end at ``high`` with ``high`` included.
    """
    first, last = bands[0], bands[-1]
    if first.lower != low or not first.lower_inclusive:
        msg = f"the first band must start at the scale's low end {low:g}, included"
        raise BandError(msg, field=f"{field}[{first.name!r}]", value=first.lower)
    if last.upper != high or not last.upper_inclusive:
        msg = f"the last band must end at the scale's high end {high:g}, included"
        raise BandError(msg, field=f"{field}[{last.name!r}]", value=last.upper)
