"""The MCDA methods of issue 27 through the front door, against pymcdm and scikit-criteria.

Run: ``nice -n 15 uv run --group bench python benchmarks/bench_mcda_front_door.py``
(``--quick`` for 2e4 rows and 200 ELECTRE I alternatives, one run each: what the test suite
runs; peers not installed are skipped).

``benchmarks/bench_mcda.py`` times the kernels; this script times what a user calls with
ids in and a ranking out, on the same seeded matrix (uniform 1..100, eight benefit and two
cost criteria, equal weights) and string ids (``c-0000000`` .. in shuffled order):

* clientel: ``score_alternatives(X, criteria, ids=ids, method=...)``, which checks the input,
  fits, scores, keeps per-criterion contributions and missing-data intervals, ranks with a
  tolerance and an id tie-break, and returns a ``Ranking``; then ``ranking.ids`` (the ids in
  rank order). The criteria (``Criterion`` objects) are built once, outside the timing.
* pymcdm: the method's call ``M()(X, weights, types)``, its ``rank()`` and the ids put in
  that order (``ids[argsort(ranks)]``): pymcdm takes no ids, so that last step is the user's.
* scikit-criteria: ``mkdm(X, objectives, weights=..., alternatives=ids, criteria=names)`` (its
  way of taking ids), the scaler its examples use (vector for MOORA, sum for COPRAS, the
  min-max inverter for MABAC), ``evaluate`` (a ``RankResult`` carrying the ids), and its
  alternatives put in rank order.
* the floor: the kernel (``clientel.scoring.kernels.<method>``) and numpy's stable argsort of
  its scores, without ids, checks of ids or contributions.

ELECTRE I has no entry with ids and a typed result (``score_alternatives`` refuses a relation
method: it gives no ranking), so its line times what a user calls: the kernel with criterion
names, and the kernel's members as ids; scikit-criteria's ``ELECTRE1`` with ``mkdm`` taking the
ids and its sum scaler. pymcdm has no ELECTRE I.

Times are process CPU times (all threads), best of ``--repeat`` rounds for every side
(clientel's rounds alternate with the floor's), so that ratios measured in one run on a shared
machine stay valid. Every peer's ranks are compared with clientel's before
the ratio is printed. Each call returns what it built along with the ids, so that no side's
result is freed (a million strings and 1e6 x 10 arrays) inside its own timing.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from _timing import cpu_best_of as best_of  # CPU time: the machine is shared
from bench_mcda import (
    BOUNDS,
    D,
    N,
    W,
    peer_cells,
    skcriteria_dm,
    skcriteria_electre,
    skcriteria_steps,
)
from clientel.scoring import Criterion, score_alternatives
from clientel.scoring import kernels as sk

NAMES = [f"k{j}" for j in range(N)]
#: What each side's call returns: the ids in rank order, each row's rank, and what the call
#: built (clientel's Ranking, pymcdm's preferences, scikit-criteria's matrix and result), kept
#: so that no side's result is freed inside its own timing.
Result = tuple[Any, np.ndarray, Any]
CRITERIA = [Criterion(name=n, weight=1, direction="benefit" if d > 0 else "cost")
            for n, d in zip(NAMES, D, strict=True)]  # fmt: skip
METHODS = ("moora", "copras", "edas", "mabac", "spotis")
OPTIONS: dict[str, dict[str, Any]] = {"spotis": {"bounds": BOUNDS}}
KERNELS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "moora": lambda X: sk.moora(X, W, D),
    "copras": lambda X: sk.copras(X, W, D).utility,
    "edas": lambda X: sk.edas(X, W, D).scores,
    "mabac": lambda X: sk.mabac(X, W, D).scores,
    "spotis": lambda X: sk.spotis(X, W, D, bounds=BOUNDS),
}


def clientel_call(method: str) -> Callable[[np.ndarray, list[str]], Result]:
    def call(X: np.ndarray, ids: list[str]) -> Result:
        ranking = score_alternatives(X, CRITERIA, ids=ids, method=method,  # type: ignore[arg-type]
                                     **OPTIONS.get(method, {}))  # fmt: skip
        return ranking.ids, np.asarray(ranking.ranks), ranking

    return call


def floor_call(method: str, X: np.ndarray) -> Callable[[], np.ndarray]:
    """The kernel and numpy's stable argsort of its scores, best first."""
    sign = 1.0 if sk.METHODS[method].higher_is_better else -1.0
    kernel = KERNELS[method]
    return lambda: np.argsort(-sign * kernel(X), kind="stable")


def bound(fn: Callable[..., Any], X: np.ndarray, ids: list[str]) -> Callable[[], Any]:
    return lambda: fn(X, ids)


def peers() -> dict[str, dict[str, Callable[[np.ndarray, list[str]], Result]]]:
    """Each peer's full call: ids in rank order, the rank of each row and what it built."""
    out: dict[str, dict[str, Callable[[np.ndarray, list[str]], Result]]] = {m: {} for m in METHODS}
    try:
        from pymcdm import methods as pm

        made = {"moora": pm.MOORA, "copras": pm.COPRAS, "edas": pm.EDAS, "mabac": pm.MABAC,
                "spotis": lambda: pm.SPOTIS(BOUNDS)}  # fmt: skip

        def pymcdm_call(make: Callable[[], Any]) -> Callable[..., Result]:
            def call(X: np.ndarray, ids: list[str]) -> Result:
                method = make()
                prefs = method(X, W, D)
                ranks = method.rank(prefs)
                order = np.argsort(ranks, kind="stable")
                return tuple(np.asarray(ids, dtype=object)[order].tolist()), ranks, prefs

            return call

        for m, make in made.items():
            out[m]["pymcdm"] = pymcdm_call(make)
    except ImportError:
        pass
    try:
        steps = skcriteria_steps()
    except ImportError:
        return out

    def skc_call(step: Callable[[Any], Any]) -> Callable[..., Result]:
        def call(X: np.ndarray, ids: list[str]) -> Result:
            dm = skcriteria_dm(X, ids, NAMES)
            result = step(dm)
            ranks = np.asarray(result.rank_)
            order = np.argsort(ranks, kind="stable")
            return tuple(np.asarray(result.alternatives)[order].tolist()), ranks, (dm, result)

        return call

    for m, step in steps.items():
        out[m]["scikit-criteria"] = skc_call(step)
    return out


def compare(ours: Result, theirs: Result) -> str:
    """'same ranking', the same up to clientel's ties, or how many ranks differ.

    clientel ranks scores within its default tolerance (``1e-9 * min(1, max |score|)``,
    ``kernels.tie_tolerance``) as ties (competition ranks 1, 1, 3, ordered by id); the peers
    rank the exact floats, so two scores closer than that take ranks 1 and 2 there and 1 and
    1 here.
    """
    mine, other = np.asarray(ours[1]), np.asarray(theirs[1]).astype(np.int64)
    if tuple(ours[0]) == tuple(theirs[0]) and bool((mine == other).all()):
        return "same ranking"
    moved = mine != other
    counts = np.bincount(mine)
    in_ties = counts[mine] > 1  # rows sharing their rank with another
    if not (moved & ~in_ties).any():
        tied = int(in_ties.sum())
        return f"same ranking but for {tied:,} rows tied within the tolerance (ordered by id)"
    return f"differs ({int(moved.sum()):,} ranks)"


def front_door(rows: int, repeat: int) -> None:
    fns = peers()
    X = np.random.default_rng(42).uniform(1, 100, size=(rows, N))
    ids = [f"c-{i:07d}" for i in np.random.default_rng(1).permutation(rows)]
    print(f"\n## Front door, {rows:,} x {N}, string ids\n")
    print("| method | kernel + argsort (ms) | score_alternatives + ids (ms) | x floor "
          "| pymcdm (ms) | x pymcdm | ranking vs pymcdm | scikit-criteria (ms) "
          "| x skcriteria | ranking vs skcriteria |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for method in METHODS:
        floor, ours = floor_call(method, X), bound(clientel_call(method), X, ids)
        t_floor, t_ours = np.inf, np.inf
        mine: Result = ((), np.zeros(0), None)
        for _ in range(repeat):  # the two take turns
            t, _unused = best_of(floor, 1)
            t_floor = min(t_floor, t)
            t, mine = best_of(ours, 1)
            t_ours = min(t_ours, t)
        cells = [f"{t_floor * 1e3:.0f}", f"{t_ours * 1e3:.0f}", f"{t_ours / t_floor:.2f}x"]
        cells += peer_cells(fns[method], lambda fn, r=repeat: best_of(bound(fn, X, ids), r),
                            t_ours, lambda theirs, mine=mine: compare(mine, theirs))  # fmt: skip
        print(f"| {method} | " + " | ".join(cells) + " |")


def electre(m: int, repeat: int) -> None:
    X = np.random.default_rng(3).uniform(1, 100, size=(m, N))
    ids = [f"c-{i:05d}" for i in np.random.default_rng(4).permutation(m)]

    def ours() -> tuple[Any, tuple[str, ...]]:
        r = sk.electre_i(X, W, D, names=NAMES)
        return r, tuple(ids[i] for i in np.asarray(r.kernel).tolist())

    t_o, (r, kernel_ids) = best_of(ours, repeat)
    line = (f"\nELECTRE I, {m:,} x {N} with ids: {t_o * 1e3:.0f} ms CPU (kernel and its "
            f"members as ids; {len(kernel_ids)} in the kernel)")  # fmt: skip
    try:
        import skcriteria  # noqa: F401 - only whether it is installed
    except ImportError:
        print(line + "; scikit-criteria not installed")
        return
    t_s, res = best_of(lambda: skcriteria_electre(X, ids, NAMES), repeat)
    same = bool((np.nan_to_num(res.e_.outrank) == r.outranks).all())
    unbeaten = sorted(str(a) for a in res.kernel_alternatives_)
    mine = sorted(ids[i] for i in np.flatnonzero(~r.outranks.any(axis=0)).tolist())
    print(line + f"; scikit-criteria {t_s * 1e3:.0f} ms ({t_s / t_o:.1f}x); outranking relation "
          f"{'equal' if same else 'differs'}; alternatives nobody outranks "
          f"{'equal' if unbeaten == mine else 'differ'} ({len(mine)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    repeat = 1 if args.quick else args.repeat
    front_door(20_000 if args.quick else 1_000_000, repeat)
    electre(200 if args.quick else sk.MAX_ELECTRE_ALTERNATIVES, repeat)


if __name__ == "__main__":
    main()
