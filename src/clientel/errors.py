"""One exception hierarchy for the whole package.

Every error names what is at fault (the entity, field, row or criterion) and
what was expected, so that a caller can act on it without reading a traceback.
Subclasses also inherit the builtin exception a caller would already catch
(``ValueError`` for bad values, ``RuntimeError`` for solver failures), the way
hypothesis's ``InvalidArgument`` is also a ``TypeError``.

Hierarchy::

    ClientelError
    ├── InvalidInputError (ValueError)      bad value, shape, name or combination
    │   ├── CurrencyMismatchError           two currencies in one computation
    │   ├── DeadlineError                   an action dated after its deadline
    │   ├── LimitExceededError              a count or size above a documented cap
    │   ├── BandError                       colour bands with a gap or an overlap, or off the scale
    │   ├── MissingDataError                a missing value with no policy for it
    │   │   └── MissingRateError            no exchange rate for a currency on a date
    │   ├── PeriodOrderError                periods out of order, overlapping or repeated
    │   ├── ScaleError                      a measured value outside its measure's scale
    │   ├── StageHistoryError               a stage history out of date order or past won/lost
    │   ├── UnknownReferenceError (KeyError-like lookups by id)
    │   └── WeightSumError                  weights that do not sum as required
    ├── LifecycleError                      a transition the state machine forbids
    ├── AuthorityError                      an action beyond someone's authority
    ├── SerializationError (ValueError)     a JSON document that does not fit
    │   ├── DocumentLimitError              a document above a documented cap
    │   ├── DocumentTypeError               a document of another type than asked for
    │   ├── ReplayError                     recorded decisions its history does not lead to
    │   └── SchemaVersionError              a document from a newer schema
    ├── ConvergenceError (RuntimeError)     a solver that did not converge
    └── NoSolutionError (ValueError)        a problem with no solution (no IRR, infeasible)

    ClientelDeprecationWarning (DeprecationWarning)  a name that will be removed

Examples
--------
>>> from clientel.errors import InvalidInputError
>>> try:
...     raise InvalidInputError("must be at least 0", field="size", value=-3)
... except ValueError as exc:
...     print(exc)
size: must be at least 0 (got -3)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "AuthorityError",
    "BandError",
    "ClientelDeprecationWarning",
    "ClientelError",
    "ConvergenceError",
    "CurrencyMismatchError",
    "DeadlineError",
    "DocumentLimitError",
    "DocumentTypeError",
    "InsufficientDataError",
    "InvalidInputError",
    "LifecycleError",
    "LimitExceededError",
    "MissingDataError",
    "MissingRateError",
    "NoSolutionError",
    "PeriodOrderError",
    "ReplayError",
    "ScaleError",
    "SchemaVersionError",
    "SerializationError",
    "StageHistoryError",
    "UnknownReferenceError",
    "WeightSumError",
]

_MISSING = object()


class ClientelError(Exception):
    """Root of every exception raised on purpose by clientel.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    field : str, optional
        The field, criterion, column or path at fault (``"clients[3].segment_id"``).
    value : object, optional
        The offending value, shown in the message.
    """

    def __init__(self, message: str, *, field: str | None = None, value: Any = _MISSING) -> None:
        self.message = message
        self.field = field
        self.value = None if value is _MISSING else value
        text = f"{field}: {message}" if field else message
        if value is not _MISSING:
            text = f"{text} (got {value!r})"
        super().__init__(text)


class InvalidInputError(ClientelError, ValueError):
    """A value, shape, name or combination of inputs is not acceptable."""


class CurrencyMismatchError(InvalidInputError):
    """Amounts in different currencies were combined in one computation."""


class LimitExceededError(InvalidInputError):
    """A count or size above a documented cap (parts of a split, rows, samples).

    Parameters
    ----------
    message : str
        What is too large.
    limit : str
        The name of the cap, for example ``"Money.MAX_PARTS"``.
    maximum : int
        The cap's value.
    field : str, optional
        The argument or field at fault.
    value : object, optional
        The offending value.

    Examples
    --------
    >>> from clientel.models import Money
    >>> Money("100", "EUR").split(10**9)
    Traceback (most recent call last):
    ...
    clientel.errors.LimitExceededError: parts: at most Money.MAX_PARTS = 100000 parts ...
    """

    def __init__(
        self,
        message: str,
        *,
        limit: str,
        maximum: int,
        field: str | None = None,
        value: Any = _MISSING,
    ) -> None:
        self.limit = limit
        self.maximum = maximum
        super().__init__(message, field=field, value=value)


class InsufficientDataError(InvalidInputError):
    """Too few closed outcomes (or too few of one outcome) to fit or to evaluate a model.

    The minimum-data gate of the win models (steps 2.3.5, 2.4.5, 2.5.2, 2.5.4): the message
    says how many won and lost records there are and how many of each are needed.

    Parameters
    ----------
    message : str
        What the records are for (fitting, evaluating).
    won, lost : int
        The won and lost records given.
    needed : int
        The least number of won records, and of lost records, that is accepted.
    field : str, optional
        The argument at fault (usually ``"won"``).

    Examples
    --------
    >>> err = InsufficientDataError("to fit", won=3, lost=1, needed=5, field="won")
    >>> print(err)
    won: to fit needs at least 5 won and 5 lost closed records; got 3 won and 1 lost
    (2 more won and 4 more lost needed)
    >>> (err.won, err.lost, err.needed)
    (3, 1, 5)
    """

    def __init__(
        self, message: str, *, won: int, lost: int, needed: int, field: str | None = None
    ) -> None:
        self.won = won
        self.lost = lost
        self.needed = needed
        more = [f"{needed - k} more {w}" for k, w in ((won, "won"), (lost, "lost")) if k < needed]
        text = (
            f"{message} needs at least {needed} won and {needed} lost closed records; "
            f"got {won} won and {lost} lost ({' and '.join(more)} needed)"
        )
        super().__init__(text, field=field)


class MissingDataError(InvalidInputError):
    """A value is missing and no missing-data policy says what to do with it."""


class MissingRateError(MissingDataError):
    """No exchange rate converts a currency into the reporting currency on a date.

    Attributes
    ----------
    currency : str
        The currency without a rate.
    on : datetime.date
        The date a rate was needed for (no rate of that currency starts on or before it).
    """

    def __init__(self, message: str, *, currency: str, on: Any, field: str | None = None) -> None:
        self.currency = currency
        self.on = on
        super().__init__(message, field=field, value=f"{currency} on {on}")


class StageHistoryError(InvalidInputError):
    """A stage history that is not a valid sequence of dated transitions.

    A change dated before the previous one, before the opportunity was created,
    after it was won or lost, or to the stage it is already in (step 2.4.5).
    """


class UnknownReferenceError(InvalidInputError):
    """An id refers to an entity, criterion or column that is not known."""


class DeadlineError(InvalidInputError):
    """An action dated after its deadline (a renewal notice after the notice deadline).

    Parameters
    ----------
    message : str
        What was late and what the caller can still do.
    deadline : datetime.date
        The deadline that was missed.
    field, value : optional
        The argument at fault (usually ``"on"``) and the date given.
    """

    def __init__(
        self, message: str, *, deadline: Any, field: str | None = None, value: Any = _MISSING
    ) -> None:
        self.deadline = deadline
        super().__init__(message, field=field, value=value)


class BandError(InvalidInputError):
    """Bands (tiers, colour bands) that leave a gap, overlap, or do not cover their scale.

    Each band states whether its ends are inclusive; between two neighbours the
    boundary must belong to exactly one of them (steps 2.3.3, 2.4.8).
    """


class PeriodOrderError(InvalidInputError):
    """Periods that are not in time order, overlap or repeat (a history, a survey series)."""


class ScaleError(InvalidInputError):
    """A measured value outside the scale its measure declares (a 1-5 answer of 7, 120 %)."""


class WeightSumError(InvalidInputError):
    """Weights that do not sum as required (a scorecard's measure weights must sum to 1)."""


class LifecycleError(ClientelError):
    """A lifecycle transition that is not allowed from the current state.

    Parameters
    ----------
    message : str
        What was attempted.
    state : str
        The state the object is in.
    transition : str
        The transition that was attempted.
    field : str, optional
        The argument at fault, when one is (``"on"`` for an invoice dated
        before the acceptance that gates it).
    """

    def __init__(
        self, message: str, *, state: str, transition: str, field: str | None = None
    ) -> None:
        self.state = state
        self.transition = transition
        super().__init__(f"{message}: cannot {transition!r} from state {state!r}", field=field)


class AuthorityError(ClientelError):
    """An approval, discount or signature beyond someone's authority."""


class SerializationError(ClientelError, ValueError):
    """A document that cannot be read into entities.

    Attributes
    ----------
    errors : tuple of str
        One line per problem, each starting with the path to the bad value,
        for example ``"$.clients[3].segment_id: required field missing"``.
    """

    def __init__(self, message: str, *, errors: Sequence[str] = ()) -> None:
        self.errors = tuple(errors)
        detail = "; ".join(self.errors)
        super().__init__(f"{message}: {detail}" if detail else message)


class DocumentLimitError(SerializationError):
    """A JSON document above a documented cap: size, nesting depth, string length or digits.

    Attributes
    ----------
    limit : str
        The name of the cap, for example ``"MAX_DEPTH"`` (the caps are listed in
        :mod:`clientel.models` and in the reliability notes).
    maximum : int
        The cap's value.
    """

    def __init__(self, message: str, *, limit: str, maximum: int) -> None:
        self.limit = limit
        self.maximum = maximum
        super().__init__(message, errors=())


class DocumentTypeError(SerializationError):
    """A document that holds another type than the one asked for (a contract read as an RFP).

    Attributes
    ----------
    expected, found : str
        The type tag asked for and the one the document records.
    """

    def __init__(self, *, expected: str, found: str) -> None:
        self.expected = expected
        self.found = found
        super().__init__(f"the document holds a {found}, not a {expected}")


class ReplayError(SerializationError):
    """A proposal, approval state or contract whose records do not follow from the rules.

    Raised by :func:`clientel.workflow.verify` and
    :func:`clientel.workflow.load_verified` when replaying the history under the
    authority matrix refuses a step, or gives another state or figures than
    those recorded: a document edited outside clientel (for example a
    negotiated price lowered in both the round and its event, or an approval
    removed).

    Attributes
    ----------
    field : str
        The record at fault, e.g. ``"history[3]"``, ``"records[1]"``,
        ``"signatures"`` or ``"approvers[0].status"``.
    """

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(f"{field}: {message}")
        self.message = message
        self.field = field


class SchemaVersionError(SerializationError):
    """A document written by a newer, incompatible schema version."""


class ConvergenceError(ClientelError, RuntimeError):
    """An iterative solver stopped without meeting its tolerance."""


class NoSolutionError(ClientelError, ValueError):
    """The problem has no solution (for example a cash-flow series with no IRR)."""


class ClientelDeprecationWarning(DeprecationWarning):
    """A clientel name that will be removed; the message names the version of removal.

    A subclass of :class:`DeprecationWarning`, so the usual filters apply;
    importing clientel never changes the warning filters. To see every use::

        import warnings
        from clientel.errors import ClientelDeprecationWarning
        warnings.simplefilter("always", ClientelDeprecationWarning)
    """
