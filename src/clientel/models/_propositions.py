"""Value propositions per target segment, and the check that every target has one (step 2.1.5).

Step 2.1.4 chooses where to compete (``BusinessUnit.target_segment_ids`` and
``offerings``); step 2.1.5 says how: for each target segment, what we offer, what
the client gains, why they should believe it, how it reaches them, and how it is
delivered through product, service, technology, price and marketing.
:func:`value_proposition_gaps` lists what is missing; :func:`check_value_propositions`
raises on the first report with gaps.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, Final

import attrs

from clientel._internal.display import TableDisplay, first_items
from clientel._internal.validators import (
    free_text,
    identifier,
    non_empty_items,
    str_tuple,
    unique_ids,
)
from clientel.errors import InvalidInputError, MissingDataError
from clientel.models._strategy import BusinessUnit

__all__ = [
    "PropositionCheck",
    "PropositionGap",
    "PropositionProblem",
    "ValueProposition",
    "check_value_propositions",
    "value_proposition_gaps",
]

_TEXTS = attrs.validators.and_(non_empty_items, unique_ids)
#: How a value proposition is delivered: the levers step 2.1.5 names, in its order.
LEVERS: Final = ("product", "service", "technology", "price", "marketing")


def _texts() -> Any:
    """Field: a tuple of distinct, non-blank texts, empty by default."""
    return attrs.field(default=(), converter=str_tuple, validator=_TEXTS)


@attrs.frozen(kw_only=True, repr=False)
class ValueProposition(TableDisplay):
    """What the unit offers one target segment, and how it delivers it (step 2.1.5).

    Parameters
    ----------
    id : str
        Identifier of the proposition.
    segment_id : str
        The target segment it is for (chosen in step 2.1.4).
    statement : str
        The proposition in one sentence, in the client's words.
    offerings : tuple of str
        The products and services offered, named as in ``BusinessUnit.offerings``.
        May be empty while the proposition is drafted; :func:`value_proposition_gaps`
        reports a target segment whose proposition names none.
    benefits : tuple of str
        What the client gains.
    proof_points : tuple of str
        Why the client should believe it: references, certifications, figures.
    delivery_channels : tuple of str
        How the proposition reaches the segment (direct sales, partners, ...).
    product, service, technology, price, marketing : str
        How the proposition is delivered on each lever step 2.1.5 names.

    Raises
    ------
    InvalidInputError
        A blank or repeated item in one of the lists, or an invalid id.

    Examples
    --------
    >>> vp = ValueProposition(id="vp-bank", segment_id="banking",
    ...     statement="Core banking moved to the cloud without a day of downtime",
    ...     offerings=["cloud", "managed_services"], benefits=["lower run cost"],
    ...     proof_points=["3 core migrations since 2023"], delivery_channels=["direct"],
    ...     price="fixed-price migration, then a monthly run fee")
    >>> vp
    <ValueProposition vp-bank for banking: cloud, managed_services>
    >>> ValueProposition(id="vp-x", segment_id="banking", offerings=["cloud", " "])
    Traceback (most recent call last):
    ...
    clientel.errors.InvalidInputError: ValueProposition.offerings[1]: expected text ...
    """

    id: str = attrs.field(validator=identifier)
    segment_id: str = attrs.field(validator=identifier)
    statement: str = attrs.field(default="", validator=free_text)
    offerings: tuple[str, ...] = _texts()
    benefits: tuple[str, ...] = _texts()
    proof_points: tuple[str, ...] = _texts()
    delivery_channels: tuple[str, ...] = _texts()
    product: str = attrs.field(default="", validator=free_text)
    service: str = attrs.field(default="", validator=free_text)
    technology: str = attrs.field(default="", validator=free_text)
    price: str = attrs.field(default="", validator=free_text)
    marketing: str = attrs.field(default="", validator=free_text)

    _display_title = "Value proposition"

    def __repr__(self) -> str:
        offers = first_items(list(self.offerings)) if self.offerings else "no offering yet"
        return f"<ValueProposition {self.id} for {self.segment_id}: {offers}>"

    @property
    def levers(self) -> dict[str, str]:
        """How the proposition is delivered, per lever of step 2.1.5 (blank ones left out)."""
        pairs = [(k, getattr(self, k)) for k in LEVERS]
        return {k: v for k, v in pairs if v.strip()}

    def to_records(self) -> list[dict[str, Any]]:
        """One row: segment, statement, the lists, and each delivery lever."""
        return [
            {
                "id": self.id,
                "segment_id": self.segment_id,
                "statement": self.statement,
                "offerings": self.offerings,
                "benefits": self.benefits,
                "proof_points": self.proof_points,
                "delivery_channels": self.delivery_channels,
                **{k: getattr(self, k) for k in LEVERS},
            }
        ]


class PropositionProblem(enum.Enum):
    """What is wrong with a target segment's value proposition (step 2.1.5)."""

    MISSING = "missing"
    """The target segment has no value proposition."""
    NO_OFFERING = "no_offering"
    """Its proposition names no offering."""
    UNKNOWN_OFFERING = "unknown_offering"
    """Its proposition offers something the unit does not sell (``BusinessUnit.offerings``)."""
    DUPLICATE = "duplicate"
    """Two or more propositions for one segment, so which one holds is not clear."""


@attrs.frozen(kw_only=True, repr=False)
class PropositionGap(TableDisplay):
    """One gap: the target segment, the problem, the proposition concerned and what is wrong."""

    segment_id: str
    problem: PropositionProblem
    proposition_id: str | None
    detail: str

    _display_title = "Value proposition gap"

    def __repr__(self) -> str:
        return f"<PropositionGap {self.segment_id}: {self.problem.value}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: segment, problem, proposition, detail."""
        return [
            {
                "segment_id": self.segment_id,
                "problem": self.problem.value,
                "proposition_id": self.proposition_id,
                "detail": self.detail,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class PropositionCheck(TableDisplay):
    """Value propositions against the target segments of step 2.1.4.

    Attributes
    ----------
    unit_id : str
        The business unit checked.
    target_segment_ids : tuple of str
        Its target segments, in the unit's order.
    covered : tuple of str
        Target segments with exactly one proposition that names at least one
        offering, all of them sold by the unit.
    gaps : tuple of PropositionGap
        Everything else, by segment (in the unit's order), then problem.
    untargeted : tuple of str
        Ids of propositions for segments that are not targets (not an error:
        listed so that stale propositions can be retired).
    """

    unit_id: str
    target_segment_ids: tuple[str, ...]
    covered: tuple[str, ...]
    gaps: tuple[PropositionGap, ...]
    untargeted: tuple[str, ...] = ()

    _display_title = "Value propositions against target segments"

    @property
    def ok(self) -> bool:
        """No gap: every target segment has one proposition that names an offering it sells."""
        return not self.gaps

    def __repr__(self) -> str:
        found = "no gaps" if self.ok else f"{len(self.gaps)} gaps"
        return (
            f"<PropositionCheck {self.unit_id}: {len(self.covered)} of "
            f"{len(self.target_segment_ids)} target segments covered, {found}>"
        )

    def summary(self) -> str:
        """The gaps in one line each, ``segment: detail``, or a line saying there are none."""
        if self.ok:
            return f"all {len(self.target_segment_ids)} target segments have a value proposition"
        return "; ".join(f"{g.segment_id}: {g.detail}" for g in self.gaps)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per target segment: covered, or one row per gap."""
        by_segment: dict[str, list[PropositionGap]] = {}
        for gap in self.gaps:
            by_segment.setdefault(gap.segment_id, []).append(gap)
        rows: list[dict[str, Any]] = []
        for sid in self.target_segment_ids:
            rows += [
                {
                    "segment_id": sid,
                    "status": g.problem.value,
                    "proposition_id": g.proposition_id,
                    "detail": g.detail,
                }
                for g in by_segment.get(sid, [])
            ] or [{"segment_id": sid, "status": "covered", "proposition_id": None, "detail": ""}]
        return rows or [{"segment_id": None, "status": "no target segments", "detail": ""}]


def _unit(unit: object) -> BusinessUnit:
    if not isinstance(unit, BusinessUnit):
        msg = "expected a BusinessUnit"
        raise InvalidInputError(msg, field="unit", value=type(unit).__name__)
    return unit


def _propositions(items: object) -> tuple[ValueProposition, ...]:
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        msg = "expected an iterable of ValueProposition"
        raise InvalidInputError(msg, field="propositions", value=type(items).__name__)
    out: list[ValueProposition] = []
    for i, vp in enumerate(items):
        if not isinstance(vp, ValueProposition):
            msg = "expected a ValueProposition"
            raise InvalidInputError(msg, field=f"propositions[{i}]", value=type(vp).__name__)
        if any(vp.id == seen.id for seen in out):
            raise InvalidInputError("duplicate id", field=f"propositions[{i}].id", value=vp.id)
        out.append(vp)
    return tuple(out)


def _segment_gaps(
    sid: str, mine: list[ValueProposition], sold: frozenset[str]
) -> list[PropositionGap]:
    if not mine:
        detail = "no value proposition for this target segment (2.1.5)"
        return [
            PropositionGap(
                segment_id=sid,
                problem=PropositionProblem.MISSING,
                proposition_id=None,
                detail=detail,
            )
        ]
    gaps = []
    if len(mine) > 1:
        ids = [vp.id for vp in mine]
        gaps.append(
            PropositionGap(
                segment_id=sid,
                problem=PropositionProblem.DUPLICATE,
                proposition_id=ids[1],
                detail=f"{len(ids)} propositions: {', '.join(ids)}",
            )
        )
    for vp in mine:
        if not vp.offerings:
            gaps.append(
                PropositionGap(
                    segment_id=sid,
                    problem=PropositionProblem.NO_OFFERING,
                    proposition_id=vp.id,
                    detail=f"{vp.id} names no offering",
                )
            )
        unknown = [o for o in vp.offerings if sold and o not in sold]
        if unknown:
            detail = f"{vp.id} offers {', '.join(unknown)}, which the unit does not sell"
            gaps.append(
                PropositionGap(
                    segment_id=sid,
                    problem=PropositionProblem.UNKNOWN_OFFERING,
                    proposition_id=vp.id,
                    detail=detail,
                )
            )
    return gaps


def value_proposition_gaps(
    unit: BusinessUnit, propositions: Iterable[ValueProposition]
) -> PropositionCheck:
    """Check that every target segment of step 2.1.4 has a sound value proposition (2.1.5).

    A target segment (``unit.target_segment_ids``) has a gap when it has no
    proposition, more than one, or one that names no offering or an offering the
    unit does not sell (checked when ``unit.offerings`` lists any). A unit with no
    target segments has no gaps.

    Parameters
    ----------
    unit : BusinessUnit
        The unit whose target segments and offerings were chosen in step 2.1.4.
    propositions : iterable of ValueProposition
        The unit's value propositions (ids unique).

    Returns
    -------
    PropositionCheck
        Covered segments, the gaps and the propositions for non-target segments.

    Raises
    ------
    InvalidInputError
        ``unit`` is not a BusinessUnit, an item is not a ValueProposition, or
        two propositions share an id.

    See Also
    --------
    check_value_propositions : the strict variant, raising on any gap.

    Examples
    --------
    >>> unit = BusinessUnit(id="bu", name="IT Services", group_id="grp", code="ITS",
    ...     currency="EUR", offerings=["cloud", "erp"], target_segment_ids=["bank", "health"])
    >>> check = value_proposition_gaps(unit, [
    ...     ValueProposition(id="vp-bank", segment_id="bank", offerings=["cloud", "iot"])])
    >>> check
    <PropositionCheck bu: 0 of 2 target segments covered, 2 gaps>
    >>> [(g.segment_id, g.problem.value) for g in check.gaps]
    [('bank', 'unknown_offering'), ('health', 'missing')]
    >>> print(check.summary())
    bank: vp-bank offers iot, which the unit does not sell; health: no value proposition ...
    """
    unit = _unit(unit)
    props = _propositions(propositions)
    targets = unit.target_segment_ids
    sold = frozenset(unit.offerings)
    covered, gaps = [], []
    for sid in targets:
        found = _segment_gaps(sid, [vp for vp in props if vp.segment_id == sid], sold)
        gaps += found
        if not found:
            covered.append(sid)
    untargeted = sorted(vp.id for vp in props if vp.segment_id not in set(targets))
    return PropositionCheck(
        unit_id=unit.id,
        target_segment_ids=targets,
        covered=tuple(covered),
        gaps=tuple(gaps),
        untargeted=tuple(untargeted),
    )


def check_value_propositions(
    unit: BusinessUnit, propositions: Iterable[ValueProposition]
) -> PropositionCheck:
    """The strict :func:`value_proposition_gaps`: raise when any target segment has a gap.

    Parameters
    ----------
    unit : BusinessUnit
        The unit whose target segments and offerings were chosen in step 2.1.4.
    propositions : iterable of ValueProposition
        The unit's value propositions (ids unique).

    Returns
    -------
    PropositionCheck
        The check, without gaps.

    Raises
    ------
    MissingDataError
        Naming the first target segment with a gap
        (``field="value_propositions[<segment id>]"``), every gap in the message.
    InvalidInputError
        As :func:`value_proposition_gaps`.

    Examples
    --------
    >>> unit = BusinessUnit(id="bu", name="IT Services", group_id="grp", code="ITS",
    ...     currency="EUR", offerings=["cloud"], target_segment_ids=["bank", "health"])
    >>> check_value_propositions(unit, [ValueProposition(id="vp-1", segment_id="bank")])
    Traceback (most recent call last):
    ...
    clientel.errors.MissingDataError: value_propositions[bank]: 2 target segments without a sound
    value proposition (2.1.5): bank: vp-1 names no offering; health: no value proposition ...
    """
    check = value_proposition_gaps(unit, propositions)
    if check.gaps:
        segments = {g.segment_id for g in check.gaps}
        msg = (
            f"{len(segments)} target segment{'s' if len(segments) > 1 else ''} without a sound "
            f"value proposition (2.1.5): {check.summary()}"
        )
        raise MissingDataError(msg, field=f"value_propositions[{check.gaps[0].segment_id}]")
    return check
