"""Prioritisation at unit scale: selection, natural breaks and owner assignment, in one run.

Run: ``nice -n 10 uv run --group bench python benchmarks/bench_prioritisation.py``
(``--quick``: small sizes, a few seconds, what the test suite runs; ``--part NAME`` for one
table; ``--verify`` also re-solves every binding constraint of the portfolio in full to check
the marginal values). Each side is timed ``--repeat`` times in the same run and the best run
of each side is reported (the machine is shared), so the ratios are what to read.

- ``select_portfolio`` on the model of issue 18 (value = win probability x revenue minus
  pursuit cost; budget a quarter of all pursuit costs; five teams, each with a third of a
  fifth of all effort days; at most two per client) against one ``scipy.optimize.milp``
  solve of the same model built from arrays (mip_rel_gap 0): with marginal values at 250
  candidates, without at 1,000; greedy by value per euro as the simple alternative.
- ``kernels.natural_breaks`` on 1e6 lognormal values, 5 classes, against ckwrap (C++
  Ckmeans.1d.dp, the ``bench`` group; skipped when not installed) on the same values, with
  both optima and the peak memory.
- ``assign_owners`` and ``kernels.sparse_assignment``: 10,000 targets x 50 owners, 20 % of
  pairs eligible, against one HiGHS LP solve of the same transportation model
  (``linprog`` on the same sparse matrix, interior point and the default method), and
  first-come (clients in id order take the first covering owner with room).
- ``fit_naive_bayes`` (numpy bincount kernel) against plain-Python dictionary counting, and
  against scikit-learn's ``CategoricalNB`` at ``alpha=1`` (the same Laplace formula, an
  independent implementation; the ``bench`` group, skipped when not installed): the win
  probabilities must agree to 1e-9 on Mitchell's PlayTennis table (Machine Learning, 1997,
  Table 3.2) and on the seeded records, or the script fails.

All inputs are seeded.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
from collections import Counter
from typing import Any

import numpy as np

from _timing import best_of, peak_mib
from clientel.models import Client, Money, Opportunity, OpportunityOrigin, Person, Role
from clientel.scoring import assign_owners, fit_naive_bayes, select_portfolio
from clientel.scoring import kernels as sk


def _opportunities(n: int) -> list[Opportunity]:
    rng = np.random.default_rng(1)
    return [
        Opportunity(
            id=f"o{k:05d}",
            client_id=f"c{k % (n // 3):05d}",
            name="x",
            origin=OpportunityOrigin.CLIENT_IT_NEED,
            win_probability=float(rng.uniform(0.1, 0.9)),
            pursuit_cost=Money(int(rng.integers(1_000, 20_000)), "EUR"),
            revenue=[Money(int(rng.integers(10_000, 500_000)), "EUR")],
            cost=[Money(0, "EUR")],
            team_id=f"t{k % 5}",
            effort_days=float(rng.integers(2, 30)),
        )
        for k in range(n)
    ]


def _milp_baseline(opps: list[Opportunity], budget: float, caps: dict[str, float]) -> Any:
    """One scipy milp solve of the same model, built from arrays (no tie-break)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    p = np.array([o.win_probability for o in opps])
    rev = np.array([o.revenue[0].to_float() for o in opps])
    cost = np.array([o.pursuit_cost.to_float() for o in opps])
    days = np.array([o.effort_days for o in opps])
    team = np.array([int(o.team_id[1:]) for o in opps])
    _, client = np.unique([o.client_id for o in opps], return_inverse=True)
    A = np.vstack(
        (
            cost,
            (team == np.arange(5)[:, None]) * days,
            (client == np.arange(client.max() + 1)[:, None]).astype(float),
        )
    )
    ub = np.concatenate(([budget], [caps[f"t{t}"] for t in range(5)], np.full(A.shape[0] - 6, 2)))

    def solve(limits: np.ndarray = ub) -> Any:
        return milp(
            -(p * rev - cost),
            constraints=[LinearConstraint(A, -np.inf, limits)],
            integrality=np.ones(p.size),
            bounds=Bounds(0, 1),
            options={"mip_rel_gap": 0.0},
        )

    return solve, ub


def bench_selection(n: int, repeat: int, *, marginal: bool, verify: bool) -> None:
    opps = _opportunities(n)
    budget = Money(sum(int(o.pursuit_cost.amount) for o in opps) // 4, "EUR")
    caps = {f"t{t}": float(sum(o.effort_days for o in opps) / 5 / 3) for t in range(5)}
    values = {o.id: o.revenue[0].to_float() - o.pursuit_cost.to_float() / o.win_probability
              for o in opps}  # fmt: skip
    kw: dict[str, Any] = {"budget": budget, "team_capacity": caps, "max_per_client": 2}
    solve, ub = _milp_baseline(opps, budget.to_float(), caps)
    sides = {
        "one scipy milp solve": solve,
        "select_portfolio": lambda: select_portfolio(
            opps, values=values, marginal_values=marginal, **kw
        ),
    }
    times = {}
    for _ in range(repeat):  # interleaved: the same load hits both sides
        for name, fn in sides.items():
            t, out = best_of(fn, 1)
            times[name] = min(times.get(name, math.inf), t)
            if name == "select_portfolio":
                sel = out
            else:
                base = out

    def greedy() -> float:
        left, team, per, total = budget.to_float(), dict(caps), Counter[str](), 0.0
        ev = {o.id: o.win_probability * values[o.id] for o in opps}
        for o in sorted(opps, key=lambda o: -ev[o.id] / o.pursuit_cost.to_float()):
            c = o.pursuit_cost.to_float()
            ok = c <= left and o.effort_days <= team[o.team_id] and per[o.client_id] < 2
            if ok and ev[o.id] > 0:
                left -= c
                team[o.team_id] -= o.effort_days
                per[o.client_id] += 1
                total += ev[o.id]
        return total

    t_greedy, g = best_of(greedy, repeat)
    t_one, t_sel = times["one scipy milp solve"], times["select_portfolio"]
    tight = sel.binding()
    label = f"with {len(tight)} marginal values" if marginal else "without marginal values"
    print(
        f"select_portfolio n={n} {label}: {t_sel:.3f} s; one milp solve {t_one:.3f} s; "
        f"ratio {t_sel / t_one:.2f}x; same optimum: {abs(sel.value + base.fun) < 1e-6}; "
        f"greedy {t_greedy * 1e3:.1f} ms reaches {g / sel.value:.4f} of the optimum"
    )
    if marginal:
        shown = [(c.name, round(c.marginal_value or 0.0, 2)) for c in tight if c.marginal_value]
        print(f"  non-zero marginal values: {shown}")
    if verify and marginal:
        names = ["budget", *[f"team t{t}" for t in range(5)]]
        names += [f"client c{k:05d}" for k in range(ub.size - 6)]
        worst = 0.0
        for c in tight:
            raised = ub.copy()
            raised[names.index(c.name)] += 1
            exact = max(0.0, -solve(raised).fun - sel.value)
            worst = max(worst, abs(exact - (c.marginal_value or 0.0)))
        print(f"  marginal values against full re-solves: largest difference {worst:.2e}")


def bench_natural_breaks(n: int, k: int, repeat: int) -> None:
    values = np.random.default_rng(4).lognormal(size=n)

    def sse(labels: np.ndarray) -> float:
        return float(
            sum(((values[labels == t] - values[labels == t].mean()) ** 2).sum() for t in range(k))
        )

    ours = lambda: sk.natural_breaks(values, k)  # noqa: E731
    if importlib.util.find_spec("ckwrap") is None:
        t_ours, (tiers, _) = best_of(ours, repeat)
        print(f"natural_breaks {n:,} values, k={k}: {t_ours:.3f} s (ckwrap not installed)")
        return
    import ckwrap

    peer = lambda: ckwrap.ckmeans(values, k)  # noqa: E731
    t_ours = t_peer = math.inf
    for _ in range(repeat):
        t, (tiers, _) = best_of(ours, 1)
        t_ours = min(t_ours, t)
        t, res = best_of(peer, 1)
        t_peer = min(t_peer, t)
    mem, _ = peak_mib(ours)
    mem_peer, _ = peak_mib(peer)
    ours_sse, peer_sse = sse(tiers), sse(np.asarray(res.labels))
    print(
        f"natural_breaks {n:,} lognormal values, k={k}: {t_ours:.3f} s; ckwrap {t_peer:.3f} s; "
        f"ratio {t_ours / t_peer:.2f}x; SSE {ours_sse:.6e} vs ckwrap {peer_sse:.6e} "
        f"(relative difference {abs(ours_sse - peer_sse) / peer_sse:.1e}); peak memory "
        f"{mem:.0f} MiB ({mem / (values.nbytes / 2**20):.1f}x the input; ckwrap's own C++ "
        f"buffers are not traced, its Python side peaks at {mem_peer:.0f} MiB)"
    )


def bench_owners(n: int, owners: int, repeat: int) -> None:
    rng = np.random.default_rng(2)
    segs = [f"s{k}" for k in range(10)]  # each owner covers 2 of 10 segments: 20 % of pairs
    clients = [Client(id=f"c{k:05d}", name="x", segment_id=segs[k % 10]) for k in range(n)]
    people = [
        Person(
            id=f"p{k:03d}",
            name="x",
            role=Role.ACCOUNT_MANAGER,
            segment_ids=[segs[k % 10], segs[(k + 3) % 10]],
            capacity=math.ceil(1.5 * n / owners),
        )
        for k in range(owners)
    ]
    fit = {
        (c.id, p.id): float(rng.integers(0, 10))
        for c in clients
        for p in people
        if c.segment_id in p.segment_ids
    }
    targets = [c.id for c in clients]
    # the same model as arrays: eligible pairs, fits, capacities
    c_index = {c.id: i for i, c in enumerate(clients)}
    p_index = {p.id: k for k, p in enumerate(people)}
    pairs = np.array([(c_index[c], p_index[p]) for c, p in fit], dtype=np.int64)
    f = np.array(list(fit.values()))
    cap = np.array([p.capacity for p in people], dtype=np.int64)
    share = pairs.shape[0] / (n * owners)

    def lp(method: str) -> Any:
        from scipy.optimize import linprog
        from scipy.sparse import csr_array

        cols = np.arange(f.size)
        C = csr_array((np.ones(f.size), (pairs[:, 0], cols)), shape=(n, f.size))
        Own = csr_array((np.ones(f.size), (pairs[:, 1], cols)), shape=(owners, f.size))
        return linprog(-f, A_ub=Own, b_ub=cap, A_eq=C, b_eq=np.ones(n), method=method)

    def first_come() -> float:
        load = Counter[str]()
        total = 0.0
        for c in clients:
            for p in people:
                if c.segment_id in p.segment_ids and load[p.id] < (p.capacity or 0):
                    load[p.id] += 1
                    total += fit[(c.id, p.id)]
                    break
        return total

    sides = {
        "assign_owners": lambda: assign_owners(clients, people, targets=targets, fit=fit),
        "sparse_assignment": lambda: sk.sparse_assignment(
            pairs[:, 0], pairs[:, 1], f, cap, clients=n
        ),
        "one LP (highs-ipm)": lambda: lp("highs-ipm"),
    }
    times: dict[str, float] = {}
    outs: dict[str, Any] = {}
    for _ in range(repeat):
        for name, fn in sides.items():
            t, outs[name] = best_of(fn, 1)
            times[name] = min(times.get(name, math.inf), t)
    t_default, default = best_of(lambda: lp("highs"), 1)
    t_fc, fc = best_of(first_come, repeat)
    mem, _ = peak_mib(sides["sparse_assignment"])
    a = outs["assign_owners"]
    one = times["one LP (highs-ipm)"]
    print(
        f"assign_owners {n:,} targets x {owners} owners ({share:.0%} of pairs eligible): "
        f"{times['assign_owners']:.3f} s, ratio {times['assign_owners'] / one:.2f}x one LP; "
        f"kernel sparse_assignment {times['sparse_assignment']:.3f} s, ratio "
        f"{times['sparse_assignment'] / one:.2f}x; one HiGHS LP solve {one:.3f} s (interior "
        f"point), {t_default:.3f} s (default method); optimum {a.total_fit:.1f}, LP "
        f"{-outs['one LP (highs-ipm)'].fun:.1f} / {-default.fun:.1f}; kernel peak memory "
        f"{mem:.1f} MiB for {f.size:,} pairs; first-come {t_fc * 1e3:.1f} ms reaches "
        f"{fc / a.total_fit:.3f} of the optimal fit"
    )


def bench_winmodel(n: int, repeat: int) -> None:
    rng = np.random.default_rng(3)
    fields = ["source", "segment", "size", "offering"]
    cats = rng.integers(0, 12, size=(n, len(fields)))
    won = (rng.random(n) < 0.3).tolist()
    records = [dict(zip(fields, map(str, row), strict=True)) for row in cats.tolist()]

    def plain() -> dict[tuple[str, str, bool], int]:
        counts: Counter[tuple[str, str, bool]] = Counter()
        for rec, w in zip(records, won, strict=True):
            for f in fields:
                counts[(f, rec[f], w)] += 1
        return dict(counts)

    t_model, _ = best_of(lambda: fit_naive_bayes(records, won, fields=fields), repeat)
    t_plain, _ = best_of(plain, repeat)
    print(
        f"fit_naive_bayes {n:,} records x {len(fields)} fields: {t_model:.3f} s; plain-Python "
        f"counting alone {t_plain:.3f} s; ratio {t_model / t_plain:.2f}"
    )


TENNIS = [
    ("Sunny", "Hot", "High", "Weak", False), ("Sunny", "Hot", "High", "Strong", False),
    ("Overcast", "Hot", "High", "Weak", True), ("Rain", "Mild", "High", "Weak", True),
    ("Rain", "Cool", "Normal", "Weak", True), ("Rain", "Cool", "Normal", "Strong", False),
    ("Overcast", "Cool", "Normal", "Strong", True), ("Sunny", "Mild", "High", "Weak", False),
    ("Sunny", "Cool", "Normal", "Weak", True), ("Rain", "Mild", "Normal", "Weak", True),
    ("Sunny", "Mild", "Normal", "Strong", True), ("Overcast", "Mild", "High", "Strong", True),
    ("Overcast", "Hot", "Normal", "Weak", True), ("Rain", "Mild", "High", "Strong", False),
]  # fmt: skip


def _sklearn_probabilities(codes: np.ndarray, won: list[bool], x: np.ndarray) -> np.ndarray:
    from sklearn.naive_bayes import CategoricalNB

    model = CategoricalNB(alpha=1.0).fit(codes, np.asarray(won, dtype=int))
    won_column = list(model.classes_).index(1)
    return np.asarray(model.predict_proba(x)[:, won_column])


def check_against_sklearn(n: int, repeat: int) -> None:
    """fit_naive_bayes at alpha=1 against CategoricalNB(alpha=1): same probabilities."""
    fields = ["outlook", "temperature", "humidity", "wind"]
    records = [dict(zip(fields, row[:4], strict=True)) for row in TENNIS]
    won = [row[4] for row in TENNIS]
    ours = fit_naive_bayes(records, won, fields=fields)
    values = [sorted({r[f] for r in records}) for f in fields]
    codes = np.array([[values[j].index(r[f]) for j, f in enumerate(fields)] for r in records])
    theirs = _sklearn_probabilities(codes, won, codes)
    mine = np.array([ours.predict(r).probability for r in records])
    gap = float(np.max(np.abs(mine - theirs)))
    assert gap < 1e-9, f"PlayTennis: fit_naive_bayes and CategoricalNB differ by {gap}"
    rng = np.random.default_rng(23)
    fields = ["source", "segment", "size", "offering"]
    cats = rng.integers(0, 12, size=(n, len(fields)))
    won = (rng.random(n) < 1 / (1 + np.exp(-(cats[:, 0] - 6) / 3))).tolist()
    records = [dict(zip(fields, (f"v{v:02d}" for v in row), strict=True))
               for row in cats.tolist()]  # fmt: skip
    t_ours, model = best_of(lambda: fit_naive_bayes(records, won, fields=fields), repeat)
    t_theirs, _ = best_of(lambda: _sklearn_probabilities(cats, won, cats[:1]), repeat)
    sample = cats[:2000]
    mine = np.array([model.predict(records[i]).probability for i in range(len(sample))])
    gap = max(gap, float(np.max(np.abs(mine - _sklearn_probabilities(cats, won, sample)))))
    assert gap < 1e-9, f"seeded records: fit_naive_bayes and CategoricalNB differ by {gap}"
    print(
        f"fit_naive_bayes vs scikit-learn CategoricalNB(alpha=1), {n} records x {len(fields)} "
        f"fields: largest difference in win probability {gap:.1e} (PlayTennis and 2,000 seeded "
        f"records); fit {t_ours:.3f} s against {t_theirs:.3f} s (CategoricalNB fit on integer "
        f"codes, encoding not counted), ratio {t_ours / t_theirs:.2f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--part", choices=["selection", "breaks", "owners", "winmodel"])
    ap.add_argument("--verify", action="store_true", help="re-solve every binding constraint")
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat
    run = {args.part} if args.part else {"selection", "breaks", "owners", "winmodel"}
    if "selection" in run:
        bench_selection(45 if args.quick else 250, repeat, marginal=True, verify=args.verify)
        bench_selection(90 if args.quick else 1_000, repeat, marginal=False, verify=False)
    if "breaks" in run:
        bench_natural_breaks(20_000 if args.quick else 1_000_000, 5, repeat)
    if "owners" in run:
        if args.quick:
            bench_owners(300, 10, repeat)
        else:
            bench_owners(10_000, 50, repeat)
    if "winmodel" in run:
        bench_winmodel(5_000 if args.quick else 100_000, repeat)
        if importlib.util.find_spec("sklearn") is None:
            print("fit_naive_bayes against CategoricalNB: scikit-learn not installed, skipped")
        else:
            check_against_sklearn(5_000 if args.quick else 100_000, repeat)


if __name__ == "__main__":
    main()
