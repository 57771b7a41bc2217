"""Workflow benchmark: signing chains, covering signers for many contracts, document numbers.

Run: uv run --group bench python benchmarks/bench_workflow.py (``--quick``: small sizes, a few
seconds, what the test suite runs)

No peer library solves these problems, so each is compared with the straightforward
pure-Python way: itertools over subsets in increasing size (stops at the first
feasible size) for the minimal signing chain, a Python loop over contracts and
roles for the covering signer of many contract values, and a Python loop with
per-number regex matching for the next number. Results are asserted equal.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from clientel.models import Money, NumberPattern, Role, next_number
from clientel.workflow import AuthorityMatrix, AuthorityRule, kernels, required_signers


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def brute_force(matrix: AuthorityMatrix, value: Money) -> tuple[int, tuple[int, ...]]:
    """Fewest signers, then the lowest levels from the top, over subsets of growing size."""
    rules = [matrix.rule(r, "EUR") for r in matrix.roles]
    for k in range(max(1, matrix.min_signers), len(rules) + 1):
        best = None
        for combo in itertools.combinations(rules, k):
            if any(r.sign_limit is not None and value <= r.sign_limit for r in combo):
                key = tuple(sorted((r.level for r in combo), reverse=True))
                best = key if best is None or key < best else best
        if best is not None:
            return k, best
    raise AssertionError


def bench_signing(sizes: tuple[int, ...] = (8, 12, 16, 19)) -> list[str]:
    rows = []
    rng = np.random.default_rng(7)
    for n in sizes:
        roles = list(Role)[:n]
        amounts = rng.integers(10_000, 1_000_000, size=n)
        levels = np.argsort(np.argsort(amounts))  # seniority follows the limit
        matrix = AuthorityMatrix(
            currency="EUR",
            rules=[
                AuthorityRule(role=r, level=int(lv), sign_limit=Money(int(a), "EUR"))
                for r, a, lv in zip(roles, amounts, levels, strict=True)
            ],
            min_signers=n // 2,  # a count that needs about half the roles: the hard case
        )
        value = Money(int(np.sort(amounts)[n // 2]), "EUR")
        chain = required_signers(matrix, value)
        levels_of = tuple(sorted((s.level for s in chain.signers), reverse=True))
        assert (len(chain.roles), levels_of) == brute_force(matrix, value)
        ours = best_of(lambda m=matrix, v=value: required_signers(m, v))
        theirs = best_of(lambda m=matrix, v=value: brute_force(m, v), repeat=1 if n > 16 else 3)
        rows.append(f"| signing chain | {n} roles | {ours * 1e3:.2f} | {theirs / ours:.1f}x |")
    return rows


def bench_covering(counts: tuple[int, ...] = (10_000, 1_000_000)) -> list[str]:
    rows = []
    rng = np.random.default_rng(11)
    limits = rng.integers(10_000, 10**8, size=12).astype(np.int64)
    levels = np.argsort(np.argsort(limits)).astype(np.int64)
    for count in counts:
        values = rng.integers(0, 10**8, size=count).astype(np.int64)

        def loop(values: NDArray[np.int64] = values) -> list[int]:
            out = []
            for v in values.tolist():
                ok = [i for i, lim in enumerate(limits.tolist()) if v <= lim]
                out.append(min(ok, key=lambda i: (levels[i], limits[i], i)) if ok else -1)
            return out

        got = kernels.covering_signer(limits, levels, values)
        if count <= 10_000:
            assert got.tolist() == loop()
        ours = best_of(lambda v=values: kernels.covering_signer(limits, levels, v), 3)
        theirs = best_of(loop, 1)
        rows.append(
            f"| covering signer | {count:,} contracts x 12 roles | {ours * 1e3:.2f} "
            f"| {theirs / ours:.1f}x |"
        )
    return rows


def bench_numbering(counts: tuple[int, ...] = (1_000, 100_000)) -> list[str]:
    rows = []
    pattern = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"}, width=6)
    for count in counts:
        issued = [pattern.format("proposal", 2027, s) for s in range(1, count + 1)]

        def naive(issued: list[str] = issued) -> str:
            seen: set[str] = set()
            top = 0
            for number in issued:
                match = re.fullmatch(r"NWIT-(\d{4})-(P|C)(\d{6})", number)
                assert match is not None
                assert number not in seen
                seen.add(number)
                if match.group(1) == "2027" and match.group(2) == "P":
                    top = max(top, int(match.group(3)))
            return pattern.format("proposal", 2027, top + 1)

        ours_result = next_number(pattern, issued, doc_type="proposal", fiscal_year=2027)
        assert ours_result == naive()
        ours = best_of(
            lambda i=issued: next_number(pattern, i, doc_type="proposal", fiscal_year=2027), 3
        )
        theirs = best_of(naive, 3)
        rows.append(f"| next_number | {count:,} issued | {ours * 1e3:.2f} | {theirs / ours:.1f}x |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    quick = ap.parse_args().quick
    lines = ["| task | size | clientel (ms) | faster than pure Python |", "|---|---|---|---|"]
    lines += bench_signing((8, 10) if quick else (8, 12, 16, 19))
    lines += bench_covering((2_000,) if quick else (10_000, 1_000_000))
    lines += bench_numbering((1_000,) if quick else (1_000, 100_000))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
