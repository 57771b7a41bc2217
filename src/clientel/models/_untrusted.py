"""Read a stored document without trusting it: the data as stored and what is wrong with it.

:func:`~clientel.models.loads` refuses a document whose contents do not hold,
for example a proposal whose recorded state or figures are not what its own
history replays to (a document edited outside clientel). Someone who must look
at such a document (an auditor, a support engineer, a migration script) reads it
with :func:`loads_untrusted`: the result is marked untrusted, keeps the data as
stored (read-only) and lists every problem the loader found, and holds the
entity only when there is none. Nothing built from an untrusted document can be
used as an entity by mistake: there is no entity to use.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from clientel._internal.display import TableDisplay
from clientel.errors import SerializationError
from clientel.models._serialize import (
    MAX_DOCUMENT_SIZE,
    document_data,
    from_data,
    parse,
    type_label,
)

__all__ = ["UntrustedDocument", "loads_untrusted"]

T = TypeVar("T")


def _read_only(value: Any) -> Any:
    """JSON data with every object a read-only mapping and every array a tuple."""
    if isinstance(value, dict):
        return MappingProxyType({k: _read_only(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_read_only(v) for v in value)
    return value


@attrs.frozen(kw_only=True, repr=False)
class UntrustedDocument(TableDisplay, Generic[T]):
    """A stored document read without trusting it (:func:`loads_untrusted`).

    .. versionadded:: 0.2.0

    Attributes
    ----------
    type : str
        The type asked for, e.g. ``"Proposal"``.
    schema_version : int
        The schema version the document was stored at (its ``data`` is migrated
        to the current one).
    data : mapping
        The document's data as stored, migrated to the current schema:
        read-only (objects are read-only mappings, arrays tuples).
    problems : tuple of str
        Every problem the loader found, one line each starting with its path
        (``"$: Proposal.state: the history replays to 'drafting', ..."``), as
        :attr:`SerializationError.errors <clientel.errors.SerializationError>`
        gives them; empty when the document holds.
    value : object or None
        The entity, only when there is no problem; None otherwise.

    Examples
    --------
    >>> from clientel.models import Money, dumps
    >>> doc = loads_untrusted(dumps(Money("5", "EUR")), Money)
    >>> doc.trusted, doc.value
    (True, Money('5', 'EUR'))
    """

    type: str
    schema_version: int
    data: Any
    problems: tuple[str, ...] = ()
    value: T | None = None

    _display_title = "Untrusted document"

    @property
    def trusted(self) -> bool:
        """True when the loader found no problem (``value`` is then the entity)."""
        return not self.problems

    def to_records(self) -> list[dict[str, Any]]:
        """One row per problem (path and message); none for a document that holds."""
        rows = []
        for line in self.problems:
            path, sep, message = line.partition(": ")
            rows.append({"path": path if sep else "$", "problem": message if sep else line})
        return rows

    def __repr__(self) -> str:
        if self.trusted:
            return f"<UntrustedDocument {self.type} (schema {self.schema_version}): no problem>"
        first = self.problems[0] if len(self.problems[0]) <= 80 else self.problems[0][:77] + "..."
        count = f"{len(self.problems)} problem{'s' if len(self.problems) > 1 else ''}"
        return f"<UntrustedDocument {self.type} (schema {self.schema_version}): {count}: {first}>"


def loads_untrusted(
    text: str | bytes, cls: type[T], *, max_size: int = MAX_DOCUMENT_SIZE
) -> UntrustedDocument[T]:
    """Read a stored document from a source you do not trust, marked untrusted (2.5.5-2.6.4).

    .. versionadded:: 0.2.0

    Where :func:`~clientel.models.loads` raises because the document's
    contents do not hold (a field of the wrong type, a proposal or contract whose
    recorded state or figures are not what its own records replay to, events
    dated out of order), this returns the document marked untrusted: its data as
    stored (read-only) and every problem found, with no entity. A document that
    holds comes back with ``trusted`` True and its entity in ``value``, equal to
    what ``loads`` returns.

    What is not a document of ``cls`` at all still raises, as in ``loads``:
    text that is not strict JSON or is above the limits, a bad envelope,
    another document type, a newer schema version.

    Authority is not checked here: to replay the decisions under the
    delegation-of-authority matrix too, pass a trusted ``value`` to
    :func:`clientel.workflow.verify`. Replay detects a document edited by
    someone who does not re-check it against the rules; it is not a signature
    (a writer who knows the rules can forge a history that replays cleanly).

    Parameters
    ----------
    text : str or bytes
        The document (UTF-8 when bytes).
    cls : type
        The type asked for, e.g. ``Proposal`` or ``Contract``.
    max_size : int
        Largest accepted text, in characters (or bytes); ``MAX_DOCUMENT_SIZE``
        (32 MiB) by default.

    Returns
    -------
    UntrustedDocument
        ``trusted``, ``problems``, ``data`` as stored, and ``value`` (the entity,
        or None when there is a problem).

    Raises
    ------
    InvalidInputError
        ``cls`` is not a type (``field="cls"``).
    DocumentLimitError
        Above ``max_size`` or past one of the document limits.
    DocumentTypeError
        The document holds another type than ``cls``.
    SchemaVersionError
        A newer schema version than this release reads.
    SerializationError
        Invalid JSON, a bad envelope, or a migration that refuses the data.

    Examples
    --------
    Someone edited a stored proposal to ``"won"`` without the events that lead there:

    >>> import datetime as dt
    >>> from clientel.models import Money, Proposal, dumps, loads
    >>> p = Proposal(id="pr-1", rfp_id="r", client_id="c", lead_id="p-am",
    ...              deadline=dt.date(2027, 2, 1), price=Money(95000, "EUR"))
    >>> edited = dumps(p).replace('"drafting"', '"won"')
    >>> loads(edited, Proposal)
    Traceback (most recent call last):
    ...
    clientel.errors.SerializationError: cannot read Proposal: $: Proposal.state: the history replays to 'drafting', not to what is recorded (got 'won')
    >>> doc = loads_untrusted(edited, Proposal)
    >>> doc.trusted, doc.value, doc.data["state"]
    (False, None, 'won')
    >>> doc.problems
    ("$: Proposal.state: the history replays to 'drafting', not to what is recorded (got 'won')",)
    >>> loads_untrusted(dumps(p), Proposal).value == p
    True
    """  # noqa: E501
    doc = parse(text, max_size)
    data = document_data(doc, cls)
    try:
        value: T | None = from_data(data, cls)
    except SerializationError as exc:
        problems, value = exc.errors or (str(exc),), None
    else:
        problems = ()
    version = doc["schema_version"] if isinstance(doc, Mapping) else 0
    return UntrustedDocument(type=type_label(cls), schema_version=version,
                             data=_read_only(data), problems=problems, value=value)  # fmt: skip
