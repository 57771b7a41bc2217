"""Workflow benchmark: minimal signing chains and document numbering.

Run: uv run --group bench python benchmarks/bench_workflow.py

No peer library solves either problem, so each is compared with the straightforward
pure-Python way: itertools over subsets in increasing size (stops at the first
feasible size) for the signing chain, and a Python loop with per-number regex
matching for the next number. Results are asserted equal.
"""

from __future__ import annotations

import itertools
import re
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

import numpy as np

from clientel.models import Money, NumberPattern, Role, next_number
from clientel.workflow import SigningAuthority, SigningLimit, required_signers


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def brute_force(limits: dict[Role, Money], value: Money) -> tuple[int, Decimal]:
    roles = list(limits)
    for k in range(1, len(roles) + 1):
        best = None
        for combo in itertools.combinations(roles, k):
            total = sum((limits[r].amount for r in combo), Decimal(0))
            if total >= value.amount and (best is None or total < best):
                best = total
        if best is not None:
            return k, best
    raise AssertionError


def bench_signing() -> list[str]:
    rows = []
    rng = np.random.default_rng(7)
    for n in (8, 12, 16, 19):
        roles = list(Role)[:n]
        amounts = rng.integers(10_000, 1_000_000, size=n)
        authority = SigningAuthority(
            limits=[
                SigningLimit(role=r, max_value=Money(int(a), "EUR"))
                for r, a in zip(roles, amounts, strict=True)
            ]
        )
        # a value that needs about half the roles: the hard case for the subset search
        value = Money(int(np.sort(amounts)[n // 2 :].sum() * 0.9), "EUR")
        chain = required_signers(authority, value)
        expected = brute_force(authority.for_deal("EUR"), value)
        assert (len(chain.roles), chain.combined.amount) == expected
        ours = best_of(lambda m=authority, v=value: required_signers(m, v))
        theirs = best_of(
            lambda m=authority, v=value: brute_force(m.for_deal("EUR"), v),
            repeat=1 if n > 16 else 3,
        )
        rows.append(
            f"| signing chain | {n} roles | {ours * 1e3:.2f} | {theirs / ours:.1f}x slower |"
        )
    return rows


def bench_numbering() -> list[str]:
    rows = []
    pattern = NumberPattern(unit="NWIT", types={"proposal": "P", "contract": "C"}, width=6)
    for count in (1_000, 100_000):
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
        rows.append(
            f"| next_number | {count:,} issued | {ours * 1e3:.2f} | {theirs / ours:.1f}x slower |"
        )
    return rows


def main() -> None:
    lines = ["| task | size | clientel (ms) | pure Python |", "|---|---|---|---|"]
    lines += bench_signing()
    lines += bench_numbering()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
