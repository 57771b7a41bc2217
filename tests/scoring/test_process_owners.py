"""Owner assignment (step 2.3.3): optimal against brute force, capacities, coverage."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import MissingDataError, NoSolutionError, UnknownReferenceError
from clientel.models import Client, Person, Role, to_data
from clientel.scoring import assign_owners


def client(i, seg):
    return Client(id=i, name=i, segment_id=seg)


def person(i, segs, cap):
    return Person(id=i, name=i, role=Role.ACCOUNT_MANAGER, segment_ids=segs, capacity=cap)


def test_worked_example_fit_beats_first_come():
    # Ada knows Nordbank (fit 3) and Vista (fit 1); Ben knows only Vista well (2)
    # but can take one client. First come (Nordbank->Ada, Vista->Ada) scores 4;
    # Nordbank->Ada, Vista->Ben scores 5, the optimum (3 pairs, checked by hand).
    cs = [client("nordbank", "bank"), client("vista", "bank"), client("shop", "retail")]
    ps = [person("ada", ["bank"], 2), person("ben", ["bank", "retail"], 1)]
    fit = {("nordbank", "ada"): 3, ("vista", "ada"): 1, ("vista", "ben"): 2, ("nordbank", "ben"): 0}
    a = assign_owners(cs, ps, targets=["nordbank", "vista"], fit=fit)
    assert dict(a.owners) == {"nordbank": "ada", "vista": "ben"}
    assert a.total_fit == 5.0
    assert a.without_owner == ("shop",)
    assert "not a target" in a.explain("shop").summary
    assert to_data(a)["owners"] == {"nordbank": "ada", "vista": "ben"}


def test_errors_name_the_client_or_owner():
    cs = [client("a", "bank"), client("b", "retail")]
    with pytest.raises(NoSolutionError, match="'b'"):
        assign_owners(cs, [person("p", ["bank"], 5)], targets=["a", "b"])
    with pytest.raises(NoSolutionError, match="'a'"):
        assign_owners(cs, [person("p", ["bank"], 0)], targets=["a"])
    with pytest.raises(NoSolutionError, match="'b'"):
        assign_owners(
            [client("a", "bank"), client("b", "bank")],
            [person("p", ["bank"], 1)],
            targets=["a", "b"],
            fit={("a", "p"): 2.0},
        )
    with pytest.raises(MissingDataError, match="'p'"):
        assign_owners(cs, [person("p", ["bank"], None)], targets=["a"])
    with pytest.raises(UnknownReferenceError, match="'zz'"):
        assign_owners(cs, [person("p", ["bank"], 1)], targets=["zz"])


segs = st.sampled_from(["s1", "s2"])
cases = st.tuples(
    st.lists(segs, min_size=1, max_size=5),
    st.lists(st.tuples(st.sets(segs, min_size=1), st.integers(0, 3)), min_size=1, max_size=3),
    st.data(),
)


def brute_force(target_ids, segs_of, people, fit):
    best = None
    for combo in itertools.product(range(len(people)), repeat=len(target_ids)):
        load = [0] * len(people)
        ok = True
        for c, k in zip(target_ids, combo, strict=True):
            _pid, psegs, cap = people[k]
            load[k] += 1
            if segs_of[c] not in psegs or load[k] > cap:
                ok = False
        if ok:
            total = sum(fit[(c, people[k][0])] for c, k in zip(target_ids, combo, strict=True))
            best = total if best is None else max(best, total)
    return best


@given(cases)
def test_optimal_capacity_respected_and_non_targets_change_nothing(case):
    seg_list, owner_specs, data = case
    cs = [client(f"c{k}", s) for k, s in enumerate(seg_list)]
    people = [(f"p{k}", sorted(ss), cap) for k, (ss, cap) in enumerate(owner_specs)]
    ps = [person(i, ss, cap) for i, ss, cap in people]
    fit = {(c.id, p.id): data.draw(st.integers(0, 5)) for c in cs for p in ps}
    targets = [c.id for c in cs if data.draw(st.booleans())]
    best = brute_force(targets, {c.id: c.segment_id for c in cs}, people, fit)
    if best is None:
        with pytest.raises(NoSolutionError):
            assign_owners(cs, ps, targets=targets, fit=fit)
        return
    a = assign_owners(cs, ps, targets=targets, fit=fit)
    assert a.total_fit == best
    assert set(a.owners) == set(targets)
    for p in ps:
        assert a.load[p.id] <= p.capacity
    for c_id, o_id in a.owners.items():
        assert (
            next(c for c in cs if c.id == c_id).segment_id
            in next(p for p in ps if p.id == o_id).segment_ids
        )
    extra = [*cs, client("zz-new", "s1")]
    again = assign_owners(extra[::-1], ps[::-1], targets=targets, fit=fit)
    assert again.owners == a.owners
