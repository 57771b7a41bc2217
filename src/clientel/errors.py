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
    │   ├── MissingDataError                a missing value with no policy for it
    │   └── UnknownReferenceError (KeyError-like lookups by id)
    ├── LifecycleError                      a transition the state machine forbids
    ├── AuthorityError                      an action beyond someone's authority
    ├── SerializationError (ValueError)     a JSON document that does not fit
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
    "ClientelDeprecationWarning",
    "ClientelError",
    "ConvergenceError",
    "CurrencyMismatchError",
    "InvalidInputError",
    "LifecycleError",
    "MissingDataError",
    "NoSolutionError",
    "SchemaVersionError",
    "SerializationError",
    "UnknownReferenceError",
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


class MissingDataError(InvalidInputError):
    """A value is missing and no missing-data policy says what to do with it."""


class UnknownReferenceError(InvalidInputError):
    """An id refers to an entity, criterion or column that is not known."""


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
    """

    def __init__(self, message: str, *, state: str, transition: str) -> None:
        self.state = state
        self.transition = transition
        super().__init__(f"{message}: cannot {transition!r} from state {state!r}")


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
