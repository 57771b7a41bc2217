"""Dated stage histories of opportunities: the changes and the rules they obey (step 2.4.5).

An opportunity's stage history is a tuple of :class:`StageChange`, oldest first.
Its first entry is the stage the opportunity entered when it was qualified; the
end states :data:`WON` and :data:`LOST` close it. The rules here need no stage
configuration (dates in order, nothing after an end state, no change to the
stage it is already in); whether a stage exists is checked against a
:class:`~clientel.models.Pipeline`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs

from clientel._internal.tuples import checked
from clientel._internal.validators import described, identifier, where
from clientel.errors import InvalidInputError, StageHistoryError

__all__ = ["END_STAGES", "LOST", "WON", "StageChange", "a_date", "changes", "check_history"]

#: The end state of a won opportunity.
WON: Final = "won"
#: The end state of a lost opportunity.
LOST: Final = "lost"
#: Both end states: nothing follows them in a stage history.
END_STAGES: Final = (WON, LOST)


def _a_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A ``datetime.date`` (not a datetime, not a string)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = "expected a date (datetime.date)"
        raise InvalidInputError(msg, field=where(instance, attribute), value=value)


a_date = described(_a_date, {})  # the type says it all: JSON dates are YYYY-MM-DD strings


@attrs.frozen(kw_only=True)
class StageChange:
    """One dated entry of an opportunity's stage history (step 2.4.5).

    Parameters
    ----------
    stage : str
        The stage entered: a stage id of the :class:`~clientel.models.Pipeline`,
        or :data:`WON` / :data:`LOST`.
    on : datetime.date
        The day it was entered.

    Examples
    --------
    >>> StageChange(stage="proposal", on=dt.date(2027, 3, 1))
    StageChange(stage='proposal', on=datetime.date(2027, 3, 1))
    """

    stage: str = attrs.field(validator=identifier)
    on: dt.date = attrs.field(validator=a_date)


_changes = checked(StageChange, "Opportunity.stage_history")


def changes(value: Iterable[Any]) -> tuple[StageChange, ...]:
    """Converter of ``Opportunity.stage_history``: a tuple of :class:`StageChange`."""
    return _changes(value)


def check_history(history: Sequence[StageChange], created_on: dt.date | None, field: str) -> None:
    """Raise :class:`~clientel.errors.StageHistoryError` unless ``history`` is a valid sequence.

    Valid: every change dated on or after ``created_on`` and on or after the
    previous change, no change after :data:`WON` or :data:`LOST`, no change to
    the stage the opportunity is already in. Moving back to an earlier stage is
    allowed (deals regress; CRMs allow it); the learned conversion counts the
    furthest stage reached.
    """
    previous: StageChange | None = None
    for i, change in enumerate(history):
        at = f"{field}[{i}]"
        if created_on is not None and change.on < created_on:
            msg = f"dated before the opportunity was created on {created_on}"
            raise StageHistoryError(msg, field=f"{at}.on", value=change.on)
        if previous is not None:
            if previous.stage in END_STAGES:
                msg = f"nothing follows {previous.stage!r} (entered on {previous.on})"
                raise StageHistoryError(msg, field=f"{at}.stage", value=change.stage)
            if change.on < previous.on:
                msg = f"dated before the previous change ({previous.stage!r} on {previous.on})"
                raise StageHistoryError(msg, field=f"{at}.on", value=change.on)
            if change.stage == previous.stage:
                msg = "the opportunity is already in this stage"
                raise StageHistoryError(msg, field=f"{at}.stage", value=change.stage)
        previous = change
