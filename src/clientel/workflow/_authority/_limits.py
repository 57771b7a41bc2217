"""One quote against one rule: which dimensions it engages, breaches, and how it changed.

A dimension is *engaged* when the quote asks anything of it: a discount above 0,
a known cost (margin), the deal's list value, payment days above 0, a
non-standard clause, or a price below the band floor. Comparisons are exact
(Decimal), inclusive or exclusive as the rule says. Discount and margin are
measured on the total *and the worst line* (:meth:`Quote.worst_line
<clientel.models.Quote.worst_line>`): a quote is within a limit only when its
total and every line it prices are.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal

from clientel.models import Money, Quote
from clientel.workflow._authority._matrix import AuthorityRule, Dimension
from clientel.workflow._authority._rates import RateTable, in_currency

__all__ = [
    "ROUTED",
    "breaches",
    "engaged",
    "holds",
    "rank",
    "value_text",
    "within",
    "worse",
]

D = Dimension
#: Dimensions a role may approve (the floor is never approved).
ROUTED: Final = (D.DISCOUNT, D.MARGIN, D.VALUE, D.PAYMENT_DAYS, D.CLAUSES)


def engaged(quote: Quote, dim: Dimension) -> bool:
    """Whether ``quote`` asks anything of ``dim``."""
    if dim is D.DISCOUNT:
        return quote.worst_discount > 0
    if dim is D.MARGIN:
        return quote.worst_margin is not None
    if dim is D.PAYMENT_DAYS:
        return bool(quote.payment_days)
    if dim is D.CLAUSES:
        return bool(quote.clauses)
    if dim is D.FLOOR:
        return quote.floor is not None and quote.price < quote.floor
    return True


def holds(rule: AuthorityRule, dim: Dimension) -> bool:
    """Whether ``rule`` gives any authority on ``dim`` (a limit, unlimited, or clauses)."""
    if dim is D.CLAUSES:
        return rule.clauses
    return dim in rule.unlimited or rule.limit(dim) is not None


def _cmp(value: Decimal, limit: Decimal, inclusive: bool, upper: bool) -> bool:
    if upper:
        return value <= limit if inclusive else value < limit
    return value >= limit if inclusive else value > limit


def within(rule: AuthorityRule, quote: Quote, dim: Dimension, rates: RateTable | None) -> bool:
    """Whether ``quote`` is within ``rule``'s authority on ``dim``.

    Raises
    ------
    MissingDataError
        The value limit is in another currency than the quote and ``rates``
        cannot convert it.
    """
    if not engaged(quote, dim):
        return True
    if dim is D.FLOOR:
        return False
    if not holds(rule, dim):
        return False
    if dim is D.CLAUSES or dim in rule.unlimited:
        return True
    limit = rule.limit(dim)
    inc = rule.inclusive
    if isinstance(limit, Money):
        value = in_currency(quote.list_price, limit.currency, rates)
        return _cmp(value.amount, limit.amount, inc, upper=True)
    if dim is D.PAYMENT_DAYS:
        return _cmp(Decimal(quote.payment_days or 0), Decimal(str(limit)), inc, upper=True)
    if dim is D.MARGIN:
        margin = quote.worst_margin
        return _cmp(margin or Decimal(0), Decimal(str(limit)), inc, upper=False)
    return _cmp(quote.worst_discount, Decimal(str(limit)), inc, upper=True)


def breaches(rule: AuthorityRule, quote: Quote, rates: RateTable | None) -> tuple[Dimension, ...]:
    """The dimensions of ``quote`` beyond ``rule``'s authority, in :class:`Dimension` order."""
    return tuple(d for d in ROUTED if not within(rule, quote, d, rates))


def value_text(quote: Quote, dim: Dimension) -> str:
    """What ``quote`` asks of ``dim``, as text (``'14.5% off list'``)."""
    if dim is D.DISCOUNT:
        return f"{float(quote.worst_discount):.1%} off list{_on_line(quote, 'discount')}"
    if dim is D.MARGIN:
        margin = quote.worst_margin
        return "-" if margin is None else f"margin {float(margin):.1%}{_on_line(quote, 'margin')}"
    if dim is D.VALUE:
        return f"deal of {quote.list_price} at list"
    if dim is D.PAYMENT_DAYS:
        return f"{quote.payment_days} days to pay"
    if dim is D.CLAUSES:
        return f"clauses {', '.join(sorted(quote.clauses))}"
    return f"price {quote.price} below the floor {quote.floor}"


def _on_line(quote: Quote, measure: Literal["discount", "margin"]) -> str:
    line = quote.worst_line(measure)
    return "" if line is None else f" on line {line.id}"


def worse(now: Quote, then: Quote, dim: Dimension) -> bool:
    """Whether ``now`` is worse for the company than ``then`` on ``dim``.

    Worse means: a larger discount off list, a lower margin (each the worse
    of the total and the worst line), a larger deal at list, longer payment
    terms, a new or changed clause, a lower price below the floor. A price
    rise is never worse.
    """
    if dim is D.DISCOUNT:
        return now.worst_discount > then.worst_discount
    if dim is D.MARGIN:
        new, old = now.worst_margin, then.worst_margin
        if new is None or old is None:
            return new is not None and old is None
        return new < old
    if dim is D.VALUE:
        return now.currency != then.currency or now.list_price > then.list_price
    if dim is D.PAYMENT_DAYS:
        return (now.payment_days or 0) > (then.payment_days or 0)
    if dim is D.CLAUSES:
        return any(then.clauses.get(k) != text for k, text in now.clauses.items())
    return now.currency != then.currency or now.price < then.price


def rank(rule: AuthorityRule, dim: Dimension) -> Decimal:
    """How much authority ``rule`` gives on ``dim`` (larger is more), to find the highest."""
    if dim in rule.unlimited or (dim is D.CLAUSES and rule.clauses):
        return Decimal("Infinity")
    limit = rule.limit(dim)
    if limit is None:
        return Decimal("-Infinity")
    if isinstance(limit, Money):
        return limit.amount
    return -Decimal(str(limit)) if dim is D.MARGIN else Decimal(str(limit))
