"""An owner for every target client (step 2.3.3), optimal under capacity and coverage."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import (
    InvalidInputError,
    MissingDataError,
    NoSolutionError,
    UnknownReferenceError,
)
from clientel.models import Client, Person
from clientel.scoring.kernels._assignment import sparse_assignment

__all__ = ["OwnerAssignment", "assign_owners"]


@attrs.frozen(kw_only=True, repr=False)
class OwnerAssignment(TableDisplay):
    """Owner per target client, the objective reached and each owner's load."""

    owners: Mapping[str, str] = attrs.field(converter=frozen_mapping)
    total_fit: float
    load: Mapping[str, int] = attrs.field(converter=frozen_mapping)
    capacity: Mapping[str, int] = attrs.field(converter=frozen_mapping)
    without_owner: tuple[str, ...] = ()

    def explain(self, id: str) -> Explanation:  # noqa: A002 - ids are called id everywhere
        """Why a client has (or has no) owner, with the owner's load and capacity.

        Examples
        --------
        >>> a = OwnerAssignment(owners={"nordbank": "ada"}, total_fit=1.0, load={"ada": 1},
        ...                     capacity={"ada": 2}, without_owner=("shopco",))
        >>> print(a.explain("nordbank"))
        nordbank: owned by ada (1 of 2 clients)
          load      +1
          capacity  +2
        >>> print(a.explain("shopco"))
        shopco: not a target client, so no owner (resources go to targets)
        """
        if id in self.owners:
            o = self.owners[id]
            return Explanation(
                subject=id,
                summary=f"owned by {o} ({self.load[o]} of {self.capacity[o]} clients)",
                factors=[
                    Factor(criterion="load", effect=float(self.load[o])),
                    Factor(criterion="capacity", effect=float(self.capacity[o])),
                ],
                effect_kind=f"clients of owner {o}",
            )
        if id in self.without_owner:
            return Explanation(
                subject=id, summary="not a target client, so no owner (resources go to targets)"
            )
        raise UnknownReferenceError("not in this assignment", field="id", value=id)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per client: id and owner (None for non-targets)."""
        rows = [{"client": c, "owner": o} for c, o in sorted(self.owners.items())]
        return rows + [{"client": c, "owner": None} for c in self.without_owner]


def assign_owners(
    clients: Sequence[Client],
    owners: Sequence[Person],
    *,
    targets: Collection[str],
    fit: Mapping[tuple[str, str], float] | None = None,
) -> OwnerAssignment:
    r"""Give every target client an owner, maximising total client-owner fit.

    Parameters
    ----------
    clients : sequence of Client
        Current key clients and prospects alike.
    owners : sequence of Person
        Candidate owners; ``capacity`` is the number of clients each can own
        and ``segment_ids`` the segments each covers.
    targets : collection of str
        Ids of the target clients (from :func:`select_targets`); only these
        get an owner.
    fit : mapping of (client id, owner id) to float, optional
        How well an owner suits a client (relationship, industry knowledge);
        1 for every covering owner by default.

    Returns
    -------
    OwnerAssignment
        Owner per target client; non-targets listed in ``without_owner``.

    Raises
    ------
    MissingDataError
        An owner without a capacity (named).
    UnknownReferenceError
        A target or fit pair naming an unknown client or owner.
    NoSolutionError
        Target clients that no covering owner with spare capacity can take
        (named), e.g. a segment no owner covers or owners with capacity 0.

    Notes
    -----
    Maximises :math:`\sum_{c} \mathrm{fit}(c, o(c))` subject to
    :math:`|\{c : o(c) = o\}| \le \mathrm{capacity}_o` and
    :math:`\mathrm{segment}(c) \in \mathrm{segments}(o)`, solved exactly as a
    transportation LP over the eligible (client, owner) pairs only
    (:func:`clientel.scoring.kernels.sparse_assignment`: one sparse HiGHS
    solve, memory proportional to the pairs). Clients and owners are sorted by
    id before the model is built, so the result does not depend on input order,
    and ties between assignments of equal total fit are broken by id: earlier
    clients get earlier owners. Non-targets never enter the model, so adding
    one never changes anyone's owner.

    Examples
    --------
    Two banking prospects, one retail client; Ada covers banking (2 clients),
    Bo covers retail (1 client); the retail client is not a target this year.

    >>> from clientel.models import Client, Person, Role
    >>> cs = [Client(id="nordbank", name="Nordbank", segment_id="banking"),
    ...       Client(id="vista", name="Vista Bank", segment_id="banking"),
    ...       Client(id="shopco", name="ShopCo", segment_id="retail")]
    >>> ps = [Person(id="ada", name="Ada", role=Role.ACCOUNT_MANAGER,
    ...              segment_ids=["banking"], capacity=2),
    ...       Person(id="bo", name="Bo", role=Role.ACCOUNT_MANAGER,
    ...              segment_ids=["retail"], capacity=1)]
    >>> a = assign_owners(cs, ps, targets={"nordbank", "vista"})
    >>> dict(a.owners), a.without_owner
    ({'nordbank': 'ada', 'vista': 'ada'}, ('shopco',))
    """
    by_id = {c.id: c for c in clients}
    if len(by_id) != len(clients):
        raise InvalidInputError("duplicate client ids", field="clients")
    people = sorted(owners, key=lambda p: p.id)
    owner_ids = [p.id for p in people]
    if len(set(owner_ids)) != len(owner_ids):
        raise InvalidInputError("duplicate owner ids", field="owners")
    for t in sorted(set(targets) - set(by_id)):
        raise UnknownReferenceError("target is not among the clients", field=f"targets[{t!r}]")
    for p in people:
        if p.capacity is None:
            raise MissingDataError("owner has no capacity", field=f"owners[{p.id!r}].capacity")
    target_ids = sorted(set(targets))
    fits = dict(fit or {})
    for c_id, o_id in sorted(fits):
        if c_id not in by_id or o_id not in owner_ids:
            raise UnknownReferenceError("unknown client or owner", field=f"fit[{(c_id, o_id)!r}]")
    n, m = len(target_ids), len(people)
    segs = sorted(
        {by_id[c].segment_id for c in target_ids} | {s for p in people for s in p.segment_ids}
    )
    seg_index = {s: k for k, s in enumerate(segs)}
    seg_code = np.array([seg_index[by_id[c].segment_id] for c in target_ids], dtype=np.int64)
    cap = np.array([p.capacity or 0 for p in people], dtype=np.int64)
    # covering owners with capacity per segment, in id order: the eligible pairs, O(pairs)
    cover: list[list[int]] = [[] for _ in segs]
    for k, p in enumerate(people):
        if cap[k] > 0:
            for s in set(p.segment_ids):
                cover[seg_index[s]].append(k)
    degree = np.array([len(c) for c in cover], dtype=np.int64)[seg_code]
    if not (degree > 0).all():
        bad = [c for c, d in zip(target_ids, degree, strict=True) if d == 0]
        msg = "no owner with capacity covers the segment of these target clients"
        raise NoSolutionError(msg, field="targets", value=bad)
    starts = np.concatenate(([0], np.cumsum([len(c) for c in cover])))
    flat = np.array([k for c in cover for k in c], dtype=np.int64)
    client = np.repeat(np.arange(n, dtype=np.int64), degree)
    offset = np.arange(client.size) - np.repeat(np.cumsum(degree) - degree, degree)
    owner = flat[starts[seg_code][client] + offset]
    values = np.ones(client.size)
    if fits:
        t_index = {c: i for i, c in enumerate(target_ids)}
        o_index = {o: k for k, o in enumerate(owner_ids)}
        keys = [(t_index[c], o_index[o], float(v)) for (c, o), v in fits.items() if c in t_index]
        if keys:
            given = np.array(keys, dtype=np.float64).reshape(len(keys), 3)
            if not np.isfinite(given[:, 2]).all():
                raise InvalidInputError("fit values must be finite", field="fit")
            pair_key = client * m + owner
            given_key = (given[:, 0] * m + given[:, 1]).astype(np.int64)
            at = np.searchsorted(pair_key, given_key)
            hit = at < pair_key.size
            hit[hit] = pair_key[at[hit]] == given_key[hit]
            values[at[hit]] = given[hit, 2]
    owner_idx = sparse_assignment(client, owner, values, cap, clients=n)
    if (owner_idx < 0).any():
        bad = [c for c, k in zip(target_ids, owner_idx, strict=True) if k < 0]
        msg = "not enough owner capacity in their segments for these target clients"
        raise NoSolutionError(msg, field="targets", value=bad)
    chosen = np.searchsorted(client * m + owner, np.arange(n) * m + owner_idx)
    load = np.bincount(owner_idx, minlength=m)
    return OwnerAssignment(
        owners={c: owner_ids[k] for c, k in zip(target_ids, owner_idx, strict=True)},
        total_fit=float(values[chosen].sum()),
        load={o: int(n) for o, n in zip(owner_ids, load, strict=True)},
        capacity={p.id: int(p.capacity or 0) for p in people},
        without_owner=tuple(sorted(set(by_id) - set(target_ids))),
    )
