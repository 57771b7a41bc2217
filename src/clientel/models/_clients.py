"""Clients, contacts, key-client profiles and inbound inquiries (steps 2.3, 2.4.2)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from clientel._internal.validators import (
    between,
    identifier,
    non_empty,
    number_mapping,
    optional,
    str_tuple,
)
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero

__all__ = [
    "Client",
    "ClientStatus",
    "Contact",
    "DecisionLevel",
    "Inquiry",
    "KeyClientProfile",
]


class ClientStatus(enum.Enum):
    """Relationship status; the target list holds key clients and prospects (2.3)."""

    KEY_CLIENT = "key_client"
    CURRENT = "current"
    PROSPECT = "prospect"


class DecisionLevel(enum.Enum):
    """Levels of decision makers reached through different channels (step 2.2.4)."""

    BOARD = "board"
    EXECUTIVE = "executive"
    SENIOR_MANAGEMENT = "senior_management"
    MIDDLE_MANAGEMENT = "middle_management"
    OPERATIONAL = "operational"


@attrs.frozen(kw_only=True)
class Client:
    """A client or prospect in a segment (step 2.3.2).

    Parameters
    ----------
    id, name : str
        Identifier and display name.
    segment_id : str
        The client's segment.
    status : ClientStatus
        Key client, current client or prospect.
    attributes : mapping of str to float or None
        Values of the selection criteria (step 2.3.1), e.g. ``{"it_budget": 4.2}``;
        ``None`` marks a value that is known to be missing (2.3 barrier).
    owner_id : str, optional
        Person who owns the client (only target clients get one, 2.3.3).
    tier : str, optional
        Development/service tier, e.g. ``"A"``.
    data_steward_id : str, optional
        Person who keeps the client's data current (step 2.3.2).

    Examples
    --------
    >>> c = Client(id="c1", name="Nordbank", segment_id="fin",
    ...            attributes={"growth": 0.1, "it": None})
    >>> c.status, c.attributes["it"]
    (<ClientStatus.PROSPECT: 'prospect'>, None)
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    segment_id: str = attrs.field(validator=identifier)
    status: ClientStatus = ClientStatus.PROSPECT
    attributes: Mapping[str, float | None] = number_mapping(allow_none=True)
    geography: str = ""
    owner_id: str | None = attrs.field(default=None, validator=optional(identifier))
    tier: str | None = None
    data_steward_id: str | None = attrs.field(default=None, validator=optional(identifier))
    annual_revenue: Money | None = attrs.field(
        default=None, validator=optional(money_at_least_zero)
    )


@attrs.frozen(kw_only=True)
class Contact:
    """A decision maker at a client, at a given level (step 2.2.4)."""

    id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    level: DecisionLevel
    title: str = ""
    influence: float | None = attrs.field(default=None, validator=optional(between(0, 1)))


@attrs.frozen(kw_only=True)
class KeyClientProfile:
    """What the team knows about a key client (steps 2.3.4, 2.4.2).

    Parameters
    ----------
    strategy, decision_process, buying_process : str
        The client's strategy and how it decides and buys.
    key_buying_factors, business_needs, challenges : tuple of str
        Notes gathered by the key-account team.
    revenue, it_spend : Money, optional
        Financial data.
    offer_plan : str
        The general offer plan (2.3.4).
    """

    client_id: str = attrs.field(validator=identifier)
    strategy: str = ""
    decision_process: str = ""
    buying_process: str = ""
    key_buying_factors: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    business_needs: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    challenges: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    revenue: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    it_spend: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    offer_plan: str = ""


@attrs.frozen(kw_only=True)
class Inquiry:
    """An inbound inquiry (cold call) recorded in one system (step 2.3.5).

    Parameters
    ----------
    received_on : datetime.date
        When it came in (dates are arguments; clientel never reads the clock).
    company_name : str
        Who asked.
    segment_id, offering : str, optional
        What the marketing lead classified it as; checked against the strategy.
    estimated_value : Money, optional
        Rough value of the work asked for.
    client_id : str, optional
        The client, if already known.
    """

    id: str = attrs.field(validator=identifier)
    received_on: dt.date
    company_name: str = attrs.field(validator=non_empty)
    contact_name: str = ""
    source: str = "cold_call"
    segment_id: str | None = attrs.field(default=None, validator=optional(identifier))
    offering: str | None = None
    description: str = ""
    estimated_value: Money | None = attrs.field(
        default=None, validator=optional(money_at_least_zero)
    )
    client_id: str | None = attrs.field(default=None, validator=optional(identifier))
    attributes: Mapping[str, float | None] = number_mapping(allow_none=True)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
