"""Parts of a proposal's life: internal review, negotiation authority, payment terms.

Step 2.5.5 (internal review against technical, financial and delivery criteria by
a named reviewer), step 2.5.6 (negotiating authority) and the payment terms a
won proposal carries into its contract (step 2.6.2).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.validators import (
    at_least,
    between,
    identifier,
    non_empty,
    number_mapping,
)
from clientel.errors import InvalidInputError
from clientel.models._money import Money

__all__ = [
    "CriterionResult",
    "NegotiationAuthority",
    "PaymentTerm",
    "ProposalReview",
    "ReviewCriterion",
]


class ReviewCriterion(enum.Enum):
    """What the internal review checks (step 2.5.5)."""

    TECHNICAL = "technical"
    FINANCIAL = "financial"
    DELIVERY = "delivery"


@attrs.frozen(kw_only=True)
class CriterionResult:
    """The reviewer's verdict on one criterion."""

    criterion: ReviewCriterion
    passed: bool
    comment: str = ""


@attrs.frozen(kw_only=True)
class ProposalReview:
    """An internal review of a proposal by a named reviewer (step 2.5.5).

    The review passes when every criterion of :class:`ReviewCriterion` was
    checked and passed.

    Examples
    --------
    >>> import datetime as dt
    >>> review = ProposalReview(reviewer_id="p-gm", on=dt.date(2027, 1, 20), results=[
    ...     CriterionResult(criterion=ReviewCriterion.TECHNICAL, passed=True),
    ...     CriterionResult(criterion=ReviewCriterion.FINANCIAL, passed=True),
    ...     CriterionResult(criterion=ReviewCriterion.DELIVERY, passed=False,
    ...                     comment="no project manager named"),
    ... ])
    >>> review.passed, review.failed
    (False, ('delivery',))
    """

    reviewer_id: str = attrs.field(validator=identifier)
    on: dt.date
    results: tuple[CriterionResult, ...] = attrs.field(converter=tuples.results)
    note: str = ""

    @results.validator
    def _check(
        self, attribute: attrs.Attribute[tuple[CriterionResult, ...]], value: tuple[Any, ...]
    ) -> None:
        seen = [r.criterion for r in value]
        if len(set(seen)) != len(seen):
            msg = "each criterion may be judged once"
            raise InvalidInputError(msg, field="ProposalReview.results")

    @property
    def missing(self) -> tuple[str, ...]:
        """Criteria not yet judged, in declaration order."""
        done = {r.criterion for r in self.results}
        return tuple(c.value for c in ReviewCriterion if c not in done)

    @property
    def failed(self) -> tuple[str, ...]:
        """Criteria judged and failed."""
        return tuple(r.criterion.value for r in self.results if not r.passed)

    @property
    def passed(self) -> bool:
        """Every criterion judged and passed."""
        return not self.missing and not self.failed


@attrs.frozen(kw_only=True)
class NegotiationAuthority:
    """How far each negotiator may concede off the quoted price alone (step 2.5.6).

    A small, self-contained check: ``limits`` maps a person id to the largest
    discount (a fraction of the quoted price) they may agree; others get
    ``default``. It is callable as ``authority(quoted, price, person) -> bool``,
    which is the whole protocol :meth:`Proposal.negotiate` needs, so a richer
    discount-authority matrix can be plugged in instead.

    Notes
    -----
    The discount of a round is :math:`d = 1 - p / q` for the agreed price
    :math:`p` and the quoted price :math:`q`; the person may agree alone when
    :math:`d \\le` their limit (exact decimal arithmetic).

    Examples
    --------
    >>> auth = NegotiationAuthority(limits={"p-am01": 0.05, "p-gm": 0.15})
    >>> quoted = Money("480000", "EUR")
    >>> auth(quoted, Money("456000", "EUR"), "p-am01"), auth(quoted, Money("450000", "EUR"), "p-am01")
    (True, False)
    >>> auth(quoted, Money("450000", "EUR"), "p-gm")
    True
    """  # noqa: E501

    limits: Mapping[str, float] = number_mapping(0.0, 1.0)
    default: float = attrs.field(default=0.0, validator=between(0.0, 1.0))

    def limit(self, id: str) -> float:  # noqa: A002 - ``id`` names the person, as everywhere
        """The largest discount the person ``id`` may agree alone.

        Examples
        --------
        >>> NegotiationAuthority(limits={"p-gm": 0.15}, default=0.02).limit("p-am01")
        0.02
        """
        return self.limits.get(id, self.default)

    def __call__(self, quoted: Money, price: Money, person: str) -> bool:
        if quoted.amount <= 0:
            return price.amount <= quoted.amount
        discount = 1 - price.amount / quoted.amount
        return discount <= Decimal(str(self.limit(person)))


@attrs.frozen(kw_only=True)
class PaymentTerm:
    """One payment the proposal asks for: a share of the price due on a date (2.6.2).

    ``weight`` is relative: the weights of all terms are normalised, and the
    contract value is split by them exactly (see ``clientel.workflow.billing_schedule``).
    """

    label: str = attrs.field(validator=non_empty)
    weight: float = attrs.field(validator=at_least(0.0))
    due_on: dt.date


def check_terms(terms: tuple[PaymentTerm, ...], field: str) -> None:
    """Terms in date order with some positive weight."""
    if not terms:
        return
    if sum(t.weight for t in terms) <= 0:
        raise InvalidInputError("payment weights must not all be zero", field=field)
    for i in range(1, len(terms)):
        if terms[i].due_on < terms[i - 1].due_on:
            msg = f"payment terms must be in date order ({terms[i].due_on} after {terms[i - 1].due_on})"  # noqa: E501
            raise InvalidInputError(msg, field=f"{field}[{i}]")
