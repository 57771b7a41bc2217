"""MOORA, COPRAS, EDAS, MABAC and SPOTIS against pymcdm and scikit-criteria; rank agreement
and ELECTRE I against scipy and scikit-criteria, in one run (issue 27).

Run: ``nice -n 15 uv run --group bench python benchmarks/bench_mcda.py`` (``--quick`` for
1e3 and 2e4 rows, one run each: what the test suite runs; peers not installed are skipped).
The same seeded matrix (uniform 1..100, eight benefit and two cost criteria, equal weights)
goes to every library. Peers are timed in full calls, from the raw matrix to their scores
(scikit-criteria's ``mkdm`` and its scaler included, as its examples do). Each timing is the
best of ``--repeat`` runs, peers' calls too; the outputs are compared
before any ratio is printed, and a difference is printed with its cause. Times are process CPU
times (all threads), so that ratios measured in one run on a shared machine stay valid.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from _timing import cpu_best_of as best_of  # CPU time: the machine is shared
from clientel.scoring import kernels as sk

N = 10
D = np.array([1] * 8 + [-1] * 2)
W = np.full(N, 1 / N)
BOUNDS = np.array([[0.0, 101.0]] * N)

# ---------------------------------------------------------------------------------------------
# the strongest plain numpy of each method: whole-matrix expressions, no blocking


def plain_moora(X: np.ndarray) -> np.ndarray:
    return (X / np.sqrt((X * X).sum(axis=0))) @ (W * D)


def plain_copras(X: np.ndarray) -> np.ndarray:
    V = X / X.sum(axis=0) * W
    plus, minus = V[:, D > 0].sum(axis=1), V[:, D < 0].sum(axis=1)
    q = plus + minus.sum() / (minus * (1.0 / minus).sum())
    return q / q.max()


def plain_edas(X: np.ndarray) -> np.ndarray:
    av = X.mean(axis=0)
    dev = (X - av) * D / av
    sp, sn = np.maximum(dev, 0) @ W, np.maximum(-dev, 0) @ W
    return (sp / sp.max() + 1 - sn / sn.max()) / 2


def plain_mabac(X: np.ndarray) -> np.ndarray:
    lo, hi = X.min(axis=0), X.max(axis=0)
    n = np.where(D > 0, (X - lo) / (hi - lo), (hi - X) / (hi - lo))
    v = (n + 1) * W
    g = np.exp(np.log(v).mean(axis=0))  # the geometric mean without np.prod's underflow
    return (v - g).sum(axis=1)


def plain_spotis(X: np.ndarray) -> np.ndarray:
    ideal = np.where(D > 0, BOUNDS[:, 1], BOUNDS[:, 0])
    return (np.abs(X - ideal) / (BOUNDS[:, 1] - BOUNDS[:, 0])) @ W


OURS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "moora": (lambda X: sk.moora(X, W, D), plain_moora),
    "copras": (lambda X: sk.copras(X, W, D).utility, plain_copras),
    "edas": (lambda X: sk.edas(X, W, D).scores, plain_edas),
    "mabac": (lambda X: sk.mabac(X, W, D).scores, plain_mabac),
    "spotis": (lambda X: sk.spotis(X, W, D, bounds=BOUNDS), plain_spotis),
}


def peers() -> dict[str, dict[str, Callable[[np.ndarray], np.ndarray]]]:
    """Each peer's full call, returning its scores on clientel's scale."""
    out: dict[str, dict[str, Callable[[np.ndarray], np.ndarray]]] = {m: {} for m in OURS}
    try:
        from pymcdm import methods as pm

        out["moora"]["pymcdm"] = lambda X: pm.MOORA()(X, W, D)
        out["copras"]["pymcdm"] = lambda X: pm.COPRAS()(X, W, D)
        out["edas"]["pymcdm"] = lambda X: pm.EDAS()(X, W, D)
        out["mabac"]["pymcdm"] = lambda X: pm.MABAC()(X, W, D)
        out["spotis"]["pymcdm"] = lambda X: pm.SPOTIS(BOUNDS)(X, W, D)
    except ImportError:
        pass
    try:
        steps = skcriteria_steps()
    except ImportError:
        return out

    def skc_call(step: Callable[[Any], Any], scale: float) -> Callable[[np.ndarray], np.ndarray]:
        return lambda X: np.asarray(step(skcriteria_dm(X)).e_.score, dtype=float) / scale

    for method, step in steps.items():
        out[method]["scikit-criteria"] = skc_call(step, 100.0 if method == "copras" else 1.0)
    return out


def skcriteria_dm(X: np.ndarray, alternatives: Any = None, criteria: Any = None) -> Any:
    """scikit-criteria's decision matrix of ``X`` (its ``mkdm``), with ids if given."""
    import skcriteria as skc

    objectives = [max if d > 0 else min for d in D]
    return skc.mkdm(X, objectives=objectives, weights=W, alternatives=alternatives,
                    criteria=criteria)  # fmt: skip


def skcriteria_steps() -> dict[str, Callable[[Any], Any]]:
    """Each method's scaler (as scikit-criteria's examples use) and ``evaluate``, from a
    decision matrix to its result; ImportError when scikit-criteria is not installed."""
    from skcriteria.agg.copras import COPRAS
    from skcriteria.agg.edas import EDAS
    from skcriteria.agg.mabac import MABAC
    from skcriteria.agg.moora import RatioMOORA
    from skcriteria.agg.spotis import SPOTIS
    from skcriteria.preprocessing.invert_objectives import MinMaxInverter
    from skcriteria.preprocessing.scalers import SumScaler, VectorScaler

    isp = np.where(D > 0, BOUNDS[:, 1], BOUNDS[:, 0])
    return {
        "moora": lambda dm: RatioMOORA().evaluate(VectorScaler(target="matrix").transform(dm)),
        "copras": lambda dm: COPRAS().evaluate(SumScaler(target="matrix").transform(dm)),
        "edas": lambda dm: EDAS().evaluate(dm),
        "mabac": lambda dm: MABAC().evaluate(MinMaxInverter().transform(dm)),
        "spotis": lambda dm: SPOTIS().evaluate(dm, bounds=BOUNDS, isp=isp),
    }


def skcriteria_electre(X: np.ndarray, alternatives: Any = None, criteria: Any = None) -> Any:
    """scikit-criteria's ELECTRE1 on the sum-scaled matrix and weights; ImportError without it."""
    from skcriteria.agg.electre import ELECTRE1
    from skcriteria.preprocessing.scalers import SumScaler

    dm = skcriteria_dm(X, alternatives, criteria)
    return ELECTRE1().evaluate(SumScaler(target="both").transform(dm))


def _ranks(s: np.ndarray, higher: bool) -> np.ndarray:
    return np.argsort(np.argsort(-s if higher else s, kind="stable"), kind="stable")


def compare(method: str, ours: np.ndarray, theirs: np.ndarray) -> str:
    """'equal' (scores within 1e-9 relative), or what differs and by how much."""
    if np.allclose(theirs, ours, rtol=1e-9, atol=1e-12):
        return "equal"
    higher = sk.METHODS[method].higher_is_better
    same_order = bool((_ranks(ours, higher) == _ranks(theirs, higher)).all())
    gap = float(np.abs(theirs - ours).max())
    shift = float(np.ptp(theirs - ours))
    if same_order and shift < 1e-9 * max(1.0, float(np.abs(ours).max())):
        return f"ranks equal; scores shifted by a constant {gap:.3g}"
    return f"differ (max |diff| {gap:.3g}; {'same' if same_order else 'other'} ranks)"


def methods_table(sizes: list[int], repeat: int) -> None:
    fns = peers()
    print(
        "| method | rows | clientel CPU (ms) | plain numpy (ms) | x plain | pymcdm (ms) | x pymcdm "
        "| output vs pymcdm | scikit-criteria (ms) | x skcriteria | output vs skcriteria |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for method, (mine, plain) in OURS.items():
        for m in sizes:
            X = np.random.default_rng(42).uniform(1, 100, size=(m, N))
            t_ours, s_ours = best_of(lambda X=X, f=mine: f(X), repeat)
            t_plain, s_plain = best_of(lambda X=X, f=plain: f(X), repeat)
            assert np.allclose(s_plain, s_ours, rtol=1e-9, atol=1e-12), method
            cells = [f"{t_ours * 1e3:.1f}", f"{t_plain * 1e3:.1f}", f"{t_plain / t_ours:.1f}x"]
            cells += peer_cells(
                fns[method],
                lambda fn, X=X, r=repeat: best_of(lambda: fn(X), r),
                t_ours,
                lambda out, s=s_ours, method=method: compare(
                    method, s, np.asarray(out, dtype=float).ravel()
                ),
            )
            print(f"| {method} | {m:,} | " + " | ".join(cells) + " |")


def peer_cells(
    fns: dict[str, Callable[..., Any]],
    run: Callable[[Callable[..., Any]], tuple[float, Any]],
    t_ours: float,
    check: Callable[[Any], str],
) -> list[str]:
    """Each peer's time (ms), its ratio to clientel's and the check of its output; 'not
    installed', or 'fails' with the exception a peer raised on the input."""
    cells: list[str] = []
    for peer in ("pymcdm", "scikit-criteria"):
        fn = fns.get(peer)
        if fn is None:
            cells += ["not installed", "", ""]
            continue
        try:
            t_peer, out = run(fn)
        except Exception as exc:  # a peer that refuses the input: say so
            cells += [f"fails: {type(exc).__name__}", "", ""]
            continue
        cells += [f"{t_peer * 1e3:.1f}", f"{t_peer / t_ours:.1f}x", check(out)]
    return cells


def agreement(m: int, repeat: int) -> None:
    import scipy.stats

    rng = np.random.default_rng(7)
    x = rng.permutation(m) + 1
    y = np.minimum(x + rng.integers(0, max(2, m // 20), m), m)  # near, with ties
    rows = [("kendall_tau_b", lambda: sk.kendall_tau_b(x, y),
             lambda: scipy.stats.kendalltau(x, y).statistic),
            ("spearman_rho", lambda: sk.spearman_rho(x, y),
             lambda: scipy.stats.spearmanr(x, y).statistic)]  # fmt: skip
    print(f"\nRank agreement of two rankings of {m:,} (ties), against scipy.stats:")
    for label, ours, theirs in rows:
        t_o, v_o = best_of(ours, repeat)
        t_s, v_s = best_of(theirs, repeat)
        assert abs(v_o - v_s) < 1e-12, label
        print(f"- {label}: {t_o * 1e3:.1f} ms, scipy {t_s * 1e3:.1f} ms "
              f"({t_s / t_o:.2f}x), values equal")  # fmt: skip


def electre(m: int, repeat: int) -> None:
    X = np.random.default_rng(3).uniform(1, 100, size=(m, N))
    t_o, r = best_of(lambda: sk.electre_i(X, W, D), repeat)
    line = f"\nELECTRE I, {m:,} x {N}: {t_o * 1e3:.0f} ms (kernel of {len(r.kernel)})"
    try:
        import skcriteria  # noqa: F401 - only whether it is installed
    except ImportError:
        print(line + "; scikit-criteria not installed")
        return
    t_s, res = best_of(lambda: skcriteria_electre(X), 1)
    same_relation = bool((np.nan_to_num(res.e_.outrank) == r.outranks).all())
    unbeaten = tuple(int(i) for i in res.kernel_where_)  # scikit-criteria: nobody outranks them
    mine = tuple(int(i) for i in np.flatnonzero(~r.outranks.any(axis=0)))
    print(
        line + f"; scikit-criteria {t_s * 1e3:.0f} ms ({t_s / t_o:.1f}x); outranking relation "
        f"{'equal' if same_relation else 'differs'}; unbeaten alternatives "
        f"{'equal' if unbeaten == mine else 'differ'} ({len(mine)}); clientel's kernel also "
        f"takes in those whose every outranker is outranked by a kernel member"
    )


def pareto(m: int, repeat: int) -> None:
    X = np.random.default_rng(5).uniform(1, 100, size=(m, 3))
    t, front = best_of(lambda: sk.pareto_front(X, [1, 1, -1]), repeat)
    print(f"\nPareto front of {m:,} x 3: {t * 1e3:.0f} ms, {int(front.sum())} on the front")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    repeat = 1 if args.quick else args.repeat
    methods_table([1_000, 20_000] if args.quick else [10_000, 1_000_000], repeat)
    agreement(20_000 if args.quick else 1_000_000, repeat)
    electre(200 if args.quick else sk.MAX_ELECTRE_ALTERNATIVES, repeat)
    pareto(2_000 if args.quick else 100_000, repeat)


if __name__ == "__main__":
    main()
