"""Influencer entities, channels and reputation goals (step 2.2)."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from clientel._internal.validators import (
    at_least,
    between,
    frozen_mapping,
    identifier,
    non_empty,
    number_mapping,
    optional,
    str_tuple,
)
from clientel.errors import UnknownReferenceError
from clientel.models._clients import DecisionLevel
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero

__all__ = ["Channel", "ChannelKind", "Influencer", "InfluencerKind", "Message", "ReputationGoal"]


class InfluencerKind(enum.Enum):
    """Kinds of entity that influence target clients (step 2.2.2)."""

    INDUSTRY_ASSOCIATION = "industry_association"
    GOVERNMENT_BODY = "government_body"
    MEDIA = "media"
    OTHER = "other"


class ChannelKind(enum.Enum):
    """Channels to reach decision makers (step 2.2.4)."""

    COMPANY_PUBLICATION = "company_publication"
    MEDIA_COVERAGE = "media_coverage"
    PROFESSIONAL_ARTICLE = "professional_article"
    SEMINAR = "seminar"
    TRAINING = "training"
    LAUNCH_EVENT = "launch_event"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Influencer:
    """An entity that influences target clients (steps 2.2.2-2.2.3).

    .. versionchanged:: 0.1.0
       ``interest`` (schema 4).

    Parameters
    ----------
    kind : InfluencerKind
        Industry association, government body, media or other.
    segment_ids : tuple of str
        Segments whose clients it influences.
    influence, accessibility : float
        Scores on the caller's scale (higher is more influential / easier to
        reach), at least 0. ``influence`` is the entity's power over the target
        clients' decisions, Mendelow's first axis.
    interest : float, optional
        How much the entity cares about what the unit does (its stake in the
        segments' IT decisions), on the caller's scale, at least 0: Mendelow's
        second axis. ``None`` when not assessed (influencers stored before
        schema 4 have none).
    criteria : mapping of str to float or None
        Values on the criteria that decide influence (2.2.3); with criteria
        (:func:`clientel.scoring.rank_influencers`, ``power_criteria``) they
        give the power instead of ``influence``.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    kind: InfluencerKind
    influence: float = attrs.field(validator=at_least(0.0))
    accessibility: float = attrs.field(validator=at_least(0.0))
    interest: float | None = attrs.field(default=None, validator=optional(at_least(0.0)))
    segment_ids: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    description: str = ""
    criteria: Mapping[str, float | None] = number_mapping(allow_none=True)


@attrs.frozen(kw_only=True)
class Channel:
    """A communication channel with its cost and reach (step 2.2.4).

    Parameters
    ----------
    cost : Money, optional
        Cost of one activity in this channel.
    reach : int, optional
        Decision makers reached by one activity.
    suitability : mapping of str to float
        Suitability per :class:`DecisionLevel` value, 0..1 (caller-defined).
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    kind: ChannelKind
    cost: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    reach: int | None = attrs.field(default=None, validator=optional(at_least(0)))
    suitability: Mapping[str, float] = number_mapping(0.0, 1.0)

    @suitability.validator
    def _check_levels(
        self, attribute: attrs.Attribute[Mapping[str, float]], value: Mapping[str, float]
    ) -> None:
        known = {level.value for level in DecisionLevel}
        for key in value:
            if key not in known:
                msg = f"unknown decision level; expected one of {sorted(known)}"
                raise UnknownReferenceError(msg, field=f"Channel.suitability[{key!r}]")


@attrs.frozen(kw_only=True)
class ReputationGoal:
    """The unit's reputation goal and total budget for a year (step 2.2.1)."""

    id: str = attrs.field(validator=identifier)
    unit_id: str = attrs.field(validator=identifier)
    year: int = attrs.field(validator=between(1900, 2200))
    goal: str = attrs.field(validator=non_empty)
    budget: Money = attrs.field(validator=money_at_least_zero)
    segment_goals: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)


@attrs.frozen(kw_only=True)
class Message:
    """The message for a segment, optionally for one client and level (step 2.2.4)."""

    segment_id: str = attrs.field(validator=identifier)
    text: str = attrs.field(validator=non_empty)
    client_id: str | None = attrs.field(default=None, validator=optional(identifier))
    level: DecisionLevel | None = None
