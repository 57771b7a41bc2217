"""Lifetime value as a criterion of client importance (step 2.3.1): values into attributes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import overload

import attrs

from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import Client
from clientel.planning._clv import ClientValues

__all__ = ["with_clv"]

Attributes = Mapping[str, float | None]


@overload
def with_clv(
    items: Sequence[Client], values: ClientValues, *, name: str = "clv"
) -> tuple[Client, ...]: ...


@overload
def with_clv(
    items: Mapping[str, Attributes], values: ClientValues, *, name: str = "clv"
) -> dict[str, dict[str, float | None]]: ...


def with_clv(
    items: Sequence[Client] | Mapping[str, Attributes],
    values: ClientValues,
    *,
    name: str = "clv",
) -> tuple[Client, ...] | dict[str, dict[str, float | None]]:
    """Add each client's lifetime value as the criterion value ``name`` (step 2.3.1).

    The value goes in as a float in currency units (the scoring methods
    normalise it); a client without a value gets ``None``, a missing value
    that the criterion's :class:`~clientel.scoring.MissingPolicy` handles
    (prospects have no purchase history, for instance).

    Parameters
    ----------
    items : sequence of Client, or mapping of id to attributes
        Clients for :func:`clientel.scoring.rank_clients`, or the mapping
        :func:`clientel.scoring.score_alternatives` takes.
    values : ClientValues
        From :func:`contractual_values` or :func:`bgnbd_values`.
    name : str
        The criterion's name (``"clv"`` by default).

    Returns
    -------
    tuple of Client, or dict
        New clients (``attrs.evolve``; the originals are unchanged) or a new
        mapping, in the order given, each with ``name`` set.

    Raises
    ------
    InvalidInputError
        ``name`` is already an attribute of an item (it is never overwritten),
        or is empty.
    UnknownReferenceError
        A value for a client that is not among ``items``.

    Examples
    --------
    >>> from clientel.models import Client, Money
    >>> from clientel.planning import contractual_values
    >>> from clientel.scoring import Criterion, MissingPolicy, rank_clients
    >>> clients = [Client(id="nordbank", name="Nordbank", segment_id="bank",
    ...                   attributes={"relationship": 2}),
    ...            Client(id="vista", name="Vista", segment_id="bank",
    ...                   attributes={"relationship": 4}),
    ...            Client(id="civic", name="Civic", segment_id="bank",
    ...                   attributes={"relationship": 3})]
    >>> values = contractual_values({"nordbank": Money("120000", "EUR"),
    ...                              "vista": Money("50000", "EUR")},
    ...                             retention=0.8, discount_rate=0.12)
    >>> ranked = rank_clients(with_clv(clients, values), [
    ...     Criterion(name="clv", weight=2, group="attractiveness",
    ...               missing=MissingPolicy.NEUTRAL),
    ...     Criterion(name="relationship", weight=1, group="feasibility")])
    >>> [(c.id, c.rank, round(c.attractiveness, 2)) for c in ranked.items]
    [('nordbank', 1, 1.0), ('civic', 2, 0.5), ('vista', 3, 0.0)]

    Civic has no value: the NEUTRAL policy scores it at the column mean.
    """
    if not isinstance(name, str) or not name.strip():
        raise InvalidInputError("expected a criterion name", field="name", value=name)
    floats = values.as_floats()
    if isinstance(items, Mapping):
        known = set(items)
        _check(known, floats)
        out: dict[str, dict[str, float | None]] = {}
        for key, attributes in items.items():
            _free(attributes, name, f"items[{key!r}]")
            out[key] = {**attributes, name: floats.get(key)}
        return out
    _check({c.id for c in items}, floats)
    for c in items:
        _free(c.attributes, name, f"clients[{c.id!r}].attributes")
    return tuple(
        attrs.evolve(c, attributes={**c.attributes, name: floats.get(c.id)}) for c in items
    )


def _check(known: set[str], floats: Mapping[str, float]) -> None:
    unknown = sorted(set(floats) - known)
    if unknown:
        msg = "a value for a client that is not among the items"
        raise UnknownReferenceError(msg, field="values", value=unknown[:3])


def _free(attributes: Attributes, name: str, where: str) -> None:
    if name in attributes:
        msg = "already an attribute; pick another name (values are never overwritten)"
        raise InvalidInputError(msg, field=f"{where}[{name!r}]")
