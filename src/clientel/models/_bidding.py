"""Parts of a proposal's life: internal review and payment terms.

Step 2.5.5 (internal review against technical, financial and delivery criteria by
a named reviewer) and the payment terms a won proposal carries into its contract
(step 2.6.2). Negotiating authority (2.5.6) is the authority matrix of
:mod:`clientel.workflow`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.validators import (
    at_least,
    identifier,
    non_empty,
)
from clientel.errors import InvalidInputError

__all__ = [
    "CriterionResult",
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
