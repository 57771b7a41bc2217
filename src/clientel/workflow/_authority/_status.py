"""Green, amber or red for a quote: the requester's authority and the price band (2.5.5)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import attrs

from clientel._internal.display import TableDisplay
from clientel.models import Quote
from clientel.workflow._authority._matrix import AuthorityMatrix
from clientel.workflow._authority._rates import RateTable
from clientel.workflow._authority._routing import required_approvals

if TYPE_CHECKING:
    from clientel.pricing import PriceBand

__all__ = ["QuoteStatus", "quote_status"]

Colour = Literal["green", "amber", "red"]
_RANK: Mapping[str, int] = MappingProxyType({"green": 0, "amber": 1, "red": 2})


@attrs.frozen(kw_only=True, repr=False)
class QuoteStatus(TableDisplay):
    """Traffic light of a quote: the worse of its authority and band colours."""

    colour: Colour
    authority: Colour
    band: Colour | None
    reasons: tuple[str, ...]

    _display_title = "Quote status"

    def __repr__(self) -> str:
        band = "" if self.band is None else f", band {self.band}"
        return f"<QuoteStatus {self.colour} (authority {self.authority}{band})>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: the colour, the authority and band colours and the reasons."""
        return [
            {
                "colour": self.colour,
                "authority": self.authority,
                "band": self.band,
                "reasons": self.reasons,
            }
        ]


def quote_status(
    matrix: AuthorityMatrix,
    quote: Quote,
    *,
    role: str,
    band: PriceBand | None = None,
    rates: RateTable | None = None,
) -> QuoteStatus:
    """Green, amber or red relative to a role's authority and to the band (step 2.5.5).

    Authority: green when ``role`` may agree the quote alone, amber when it
    needs approvers, red when nobody may approve it (a dimension beyond every
    limit, or a price below the quote's floor). Band (on the price): green at or
    above target, amber between floor and target, red below floor. The colour
    is the worse of the two.

    Parameters
    ----------
    matrix : AuthorityMatrix
        The discount and negotiation authority.
    quote : Quote
        The quote as it stands.
    role : str
        The role that would agree it.
    band : PriceBand, optional
        The quote's price band (step 2.5.4).
    rates : RateTable, optional
        Converts amounts when the matrix is in another currency.

    Returns
    -------
    QuoteStatus
        The colour and the reasons for it.

    Examples
    --------
    >>> from clientel.models import Money
    >>> from clientel.workflow import AuthorityRule
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="am", level=0, max_discount=0.1, unlimited=["value"]),
    ...     AuthorityRule(role="gm", level=1, max_discount=0.3, unlimited=["value"])])
    >>> quote_status(m, Quote.single(list_price=Money(100000, "EUR"), price=Money(80000, "EUR")),
    ...              role="am").colour
    'amber'
    """
    route = required_approvals(matrix, quote, requester=role, rates=rates)
    reasons: list[str] = []
    if route.uncovered:
        auth: Colour = "red"
        reasons += [
            f"nobody may approve the {c.dimension.value}: {c.value}" for c in route.uncovered
        ]
    elif route.steps:
        auth = "amber"
        reasons.append(f"needs approval from {', '.join(route.roles)}")
    else:
        auth = "green"
    band_colour: Colour | None = None
    if band is not None:
        if quote.price >= band.target:
            band_colour = "green"
        elif quote.price >= band.floor:
            band_colour = "amber"
            reasons.append(f"below target {band.target}")
        else:
            band_colour = "red"
            reasons.append(f"below floor {band.floor}")
    worst = max((auth, band_colour or "green"), key=lambda c: _RANK[c])
    return QuoteStatus(colour=worst, authority=auth, band=band_colour, reasons=tuple(reasons))
