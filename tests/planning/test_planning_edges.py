"""Planning at its edges and its bad inputs, each error by class and field (issue 31).

The values are worked out by hand in the comments: an annuity at a zero rate is plain
arithmetic (no interest), and each refused input names the argument at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from clientel.errors import ClientelError, InvalidInputError, NoSolutionError
from clientel.planning import fv, nper, pv
from clientel.planning import kernels as k


def test_exact_annuities_at_a_zero_rate_are_plain_sums() -> None:
    # no interest: 12 payments of 100 out build 1,200; a loan of 1,000 repaid by 250 a period
    # takes 4 periods; the present value of 12 payments of 100 and a final 500 is 1,700
    assert fv(Decimal(0), 12, Decimal(-100), Decimal(0)) == Decimal(1200)
    assert nper(Decimal(0), Decimal(-250), Decimal(1000)) == Decimal(4)
    assert pv(Decimal(0), 12, Decimal(-100), Decimal(-500)) == Decimal(1700)
    with pytest.raises(NoSolutionError) as err:  # nothing paid, nothing charged: never repaid
        nper(Decimal(0), Decimal(0), Decimal(1000))
    assert err.value.field == "pmt"


CASES: dict[str, tuple[Callable[[], object], type[ClientelError], str]] = {
    "spell stages not whole": (
        lambda: k.spell_lengths([0.5], [10], 2), InvalidInputError, "stage"),
    "spell days of another length": (
        lambda: k.spell_lengths([0, 1], [10], 2), InvalidInputError, "days"),
    "spell stage out of range": (
        lambda: k.spell_lengths([0, 5], [10, 20], 2), InvalidInputError, "stage"),
    "spell percentile above 100": (
        lambda: k.spell_lengths([0], [10], 1, q=(50, 150)), InvalidInputError, "q"),
    "aging arrays of other lengths": (
        lambda: k.aging_days([0, 1], [5], [30, 40], 60), InvalidInputError, "entered"),
    "velocity cycles of another length": (
        lambda: k.sales_velocity(3, [1000.0, 2000.0], [30], 1), InvalidInputError,
        "won_cycle_days"),
    "velocity open count below zero": (
        lambda: k.sales_velocity(-1, [1000.0], [30], 1), InvalidInputError, "open_count"),
    "velocity lost count below zero": (
        lambda: k.sales_velocity(3, [1000.0], [30], -2), InvalidInputError, "lost_count"),
    "velocity cycle below zero": (
        lambda: k.sales_velocity(3, [1000.0], [-30], 1), InvalidInputError, "won_cycle_days"),
    "velocity of deals won on the day they were created": (
        lambda: k.sales_velocity(3, [1000.0, 10.0], [0, 0], 1), InvalidInputError,
        "won_cycle_days"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_pipeline_kernel_input_names_the_field(case: str) -> None:
    call, error, field = CASES[case]
    with pytest.raises(error) as err:
        call()
    assert err.value.field == field
