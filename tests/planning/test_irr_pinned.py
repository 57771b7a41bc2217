"""IRR: roots near -100 %, beyond the grid, near-double roots, statuses and errors (issue 31).

Series are built from chosen roots: with ``x = 1 / (1 + r)`` the net present value is a
polynomial in ``x`` whose coefficients are the flows, so the flows of a product of
``(x - x_k)`` have exactly the IRRs ``1 / x_k - 1`` (and ``numpy.roots``, the eigenvalues
of a companion matrix, is the independent check where a series is drawn instead). Errors
are pinned by class and whole text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, NoSolutionError
from clientel.planning import irr, irr_roots, kernels, xirr
from clientel.planning.kernels import IrrResult, IrrStatus


def _flows(rates: list[float], lead: float = -1.0) -> np.ndarray:
    """Flows whose IRRs are ``rates``: coefficients of lead * prod(x - 1/(1+r)), by period."""
    xs = [1.0 / (1.0 + r) for r in rates]
    return lead * np.poly(xs)[::-1]


def _numpy_roots(flows: np.ndarray) -> list[float]:
    x = np.roots(np.asarray(flows, dtype=float)[::-1])
    real = x[(np.abs(x.imag) < 1e-9 * np.maximum(1, np.abs(x))) & (x.real > 0)].real
    return sorted(1.0 / real - 1.0)


@given(st.sampled_from([-0.99, -0.9, -0.5, 0.0, 1e-6, 0.08, 1.0, 10.0, 60.0, 500.0]),
       st.floats(1e-3, 1e6))  # fmt: skip
def test_one_root_anywhere_above_minus_one(rate: float, size: float) -> None:
    # -P now and P (1 + r) in one period, or spread over three periods with the same IRR
    got = kernels.irr([[-size, size * (1 + rate), 0, 0], list(_flows([rate, -0.5, -0.7]))])
    assert got.status.tolist()[0] == IrrStatus.OK
    assert got.rate[0] == pytest.approx(rate, rel=1e-9, abs=1e-12)
    assert irr([-size, size * (1 + rate)]) == pytest.approx(rate, rel=1e-9, abs=1e-12)


@given(st.lists(st.floats(-5.0, 5.0), min_size=3, max_size=7))
def test_drawn_series_agree_with_the_companion_matrix(flows: list[float]) -> None:
    f = np.array(flows)
    if not (np.abs(f[0]) > 1e-3 and np.abs(f[-1]) > 1e-3):
        return
    expected = _numpy_roots(f)
    roots = kernels.irr(f).roots(0)
    if len(expected) != len(roots):  # a near-double root: the count may differ at 1e-9
        diffs = np.diff(sorted(1 / (1 + np.array(expected)))) if len(expected) > 1 else [1.0]
        assert min(diffs, default=1.0) < 1e-4
        return
    np.testing.assert_allclose(roots, expected, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(
    "rates",
    [
        [0.1, 0.1 + 1e-5],  # near-double
        [0.05, 0.05 + 1e-3],
        [-0.99, 0.5],  # near -100 %
        [-0.995, -0.98, 2.0],
        [0.2, 80.0],  # beyond a grid of rates up to 50
        [0.25, 4.0],  # Brealey, Myers and Allen: -1,600, 10,000, -10,000
    ],
)
def test_several_roots_are_all_found(rates: list[float]) -> None:
    f = _flows(rates)
    result = kernels.irr(f)
    assert result.status.tolist() == [IrrStatus.MULTIPLE]
    np.testing.assert_allclose(result.roots(0), sorted(rates), rtol=1e-6, atol=1e-9)
    assert result.multiple == {0: result.roots(0)}
    assert np.isnan(result.rate[0])
    np.testing.assert_allclose(irr_roots(f), sorted(rates), rtol=1e-6, atol=1e-9)


def test_statuses_records_and_batches() -> None:
    res = kernels.irr([[-100, 110, 0, 0], [100, 50, 0, 0], [1, -1, 1, 0],
                       [-1600, 10000, -10000, 0], [0, -100, 0, 121], [0, 0, 0, 0]],
                      offset=3)  # fmt: skip
    assert [IrrStatus(s).name for s in res.status] == [
        "OK", "NO_SIGN_CHANGE", "NO_ROOT", "MULTIPLE", "OK", "NO_SIGN_CHANGE"]  # fmt: skip
    assert res.sign_changes.tolist() == [1, 0, 2, 2, 1, 0]
    assert res.rate[0] == pytest.approx(0.1)
    assert res.rate[4] == pytest.approx(0.1)  # leading zeros shift time, not the rate
    # series are numbered from the offset: position 2 is series 5
    assert res.roots(8) == ()  # no sign change
    assert res.roots(7) == (pytest.approx(0.1),)
    assert res.roots(5) == ()  # no real root: nothing listed
    assert res.roots(6) == (pytest.approx(0.25), pytest.approx(4.0))
    assert res.roots(3) == (pytest.approx(0.1),)
    assert res.to_records()[3]["status"] == "MULTIPLE"
    assert res.to_records()[0] == {"series": 3, "irr": pytest.approx(0.1), "status": "OK",
                                   "sign_changes": 1, "roots": (pytest.approx(0.1),)}  # fmt: skip
    assert res.to_records()[1]["irr"] is None
    assert repr(res).startswith(
        "IrrResult(series=6, offset=3, OK=2, NO_SIGN_CHANGE=2, MULTIPLE=1, NO_ROOT=1, rate="
    )
    assert "<table>" in res._repr_html_()
    # sign changes carry the sign over zeros
    zeros = kernels.irr([[1.0, 0.0, -1.0, 0.0, 0.0, 2.0], [-1.0, 0.0, -1.0, 0.0, 0.0, 0.0]])
    assert zeros.sign_changes.tolist() == [2, 0]
    # a tight iteration cap leaves a conventional series unconverged, never wrong
    capped = kernels.irr([-100, 30, 30, 30, 30, 30], maxiter=1)
    assert capped.status.tolist() == [IrrStatus.NOT_CONVERGED]
    assert np.isnan(capped.rate[0])
    # batches concatenate in any order into the whole
    whole = kernels.irr([[-1600, 10000, -10000], [-100, 110, 0], [1, -1, 1]])
    parts = [kernels.irr([[1, -1, 1]], offset=2),
             kernels.irr([[-1600, 10000, -10000], [-100, 110, 0]])]  # fmt: skip
    joined = IrrResult.concat(parts)
    assert joined.status.tolist() == whole.status.tolist()
    assert joined.root_series.tolist() == whole.root_series.tolist() == [0, 0]
    assert joined.multiple == whole.multiple


def _error(call: Callable[[], object]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


def test_errors_name_their_field() -> None:
    days = [dt.date(2025, 1, 1), dt.date(2026, 1, 1), dt.date(2027, 1, 1)]  # 365 days apart
    ok = kernels.irr([[-100, 110], [100, 50]])
    cases: list[tuple[Callable[[], object], type[BaseException], str]] = [
        (lambda: irr([100, 50]), NoSolutionError, "flows: no IRR: the flows never change sign"),
        (lambda: irr([1, -1, 1]), NoSolutionError, "flows: no real IRR above -100 %"),
        (lambda: irr([-1600, 10_000, -10_000]), NoSolutionError,
         "flows: 2 IRRs (0.25, 4); choose with irr_roots()"),
        (lambda: xirr([100, 50, 10], days), NoSolutionError,
         "flows: no IRR: the flows never change sign"),
        (lambda: xirr([1, -1, 1], days), NoSolutionError, "flows: no real root above -100 %"),
        (lambda: xirr([-1600, 10_000, -10_000], days), NoSolutionError,
         "flows: 2 rates solve XNPV = 0 (0.25, 4)"),
        (lambda: xirr([[-1, 2, 0], [-1, 3, 0]], days), InvalidInputError,
         "flows: expected one series of dated flows"),
        (lambda: kernels.irr([-1, 2], offset=-1), InvalidInputError,
         "offset: expected an integer >= 0 (got -1)"),
        (lambda: kernels.irr([-1, 2], offset=True), InvalidInputError,
         "offset: expected an integer >= 0 (got True)"),
        (lambda: ok.roots(2), InvalidInputError, "i: expected a series from 0 to 1 (got 2)"),
        (lambda: ok.roots(-1), InvalidInputError, "i: expected a series from 0 to 1 (got -1)"),
        (lambda: IrrResult.concat([]), InvalidInputError, "results: nothing to concatenate"),
        (lambda: IrrResult.concat([ok, kernels.irr([-1, 2], offset=3)]), InvalidInputError,
         "results: series 2 to 2 are missing or repeated"),
        (lambda: IrrResult.concat([ok, kernels.irr([-1, 2], offset=1)]), InvalidInputError,
         "results: series 2 to 0 are missing or repeated"),
        (lambda: IrrResult(rate=[0.1], status=[0, 0], sign_changes=[1], root_series=[],
                           root_values=[]), InvalidInputError,
         "result: rate, status and sign_changes of different lengths"),
        (lambda: IrrResult(rate=[0.1], status=[0], sign_changes=[1, 1], root_series=[],
                           root_values=[]), InvalidInputError,
         "result: rate, status and sign_changes of different lengths"),
        (lambda: IrrResult(rate=[0.1], status=[0], sign_changes=[1], root_series=[0],
                           root_values=[]), InvalidInputError,
         "result: root_series and root_values of different lengths"),
        (lambda: IrrResult(rate=[0.1], status=[0], sign_changes=[1], root_series=[],
                           root_values=[], offset=-2), InvalidInputError,
         "offset: expected an integer >= 0 (got -2)"),
        (lambda: IrrResult(rate=[0.1], status=[0], sign_changes=[1], root_series=[],
                           root_values=[], offset=1.5), InvalidInputError,
         "offset: expected an integer >= 0 (got 1.5)"),
    ]  # fmt: skip
    for call, kind, text in cases:
        err = _error(call)
        assert (type(err), str(err)) == (kind, text)


def test_results_show_their_numbering_and_counts() -> None:
    one = kernels.irr([-100, 110])
    assert repr(one).startswith("IrrResult(series=1, OK=1, rate=")
    assert "offset" not in repr(one)
    many = kernels.irr([[-100, 110]] * 25)
    html = many._repr_html_()
    assert "IRR of 25 series (first 20 shown)" in html
    assert "more rows" not in html  # 20 rows built, so no "... 5 more rows" under the title
    assert html.count("<tr>") == 1 + 20  # the header and the 20 series shown
    two = kernels.irr([[-100, 110], [-100, 120]])._repr_html_()
    assert "<strong>IRR of 2 series</strong>" in two
    assert "shown" not in two
    twenty = kernels.irr([[-100, 110]] * 20)._repr_html_()
    assert "<strong>IRR of 20 series</strong>" in twenty  # all shown: no "(first 20 shown)"
    assert "rate=array(shape=(1,), first=[0.1" in repr(one)  # -100 then 110: 10 %
    later = IrrResult.concat([kernels.irr([-1, 2], offset=6), kernels.irr([-1, 3], offset=5)])
    assert later.offset == 5
    assert later.rate.tolist() == [pytest.approx(2.0), pytest.approx(1.0)]
    with pytest.raises(InvalidInputError) as info:
        irr(["x", 1])
    assert info.value.field == "flows"


# ---------------------------------------------------------------------------
# Survivors of the mutation run of 2026-11-27 (docs/quality.md).


def test_scalar_irr_reports_a_solver_that_did_not_converge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clientel.errors import ConvergenceError

    # no scalar call caps the iterations; the batch solver with one iteration stands in
    # for a solver that stopped short, to check what the scalar function makes of it
    solver = kernels.irr
    monkeypatch.setattr("clientel.planning._rates.irr_kernel",
                        lambda flows: solver(flows, maxiter=1))  # fmt: skip
    with pytest.raises(ConvergenceError) as info:
        irr([-100, 30, 30, 30, 30, 30])
    assert (type(info.value), str(info.value), info.value.field) == (
        ConvergenceError, "flows: IRR solver did not converge", "flows")  # fmt: skip


def test_irr_roots_are_rounded_to_twelve_decimals() -> None:
    # -3 now, 4 in a year: the IRR is exactly 1/3; 1,000 now, -2,100, 1,100: 0 % and 10 %
    assert irr_roots([-3, 4]) == (0.333333333333,)
    assert irr_roots([1000, -2100, 1100]) == (0.0, 0.1)


@pytest.mark.parametrize("lead", [1, 2, 7, 40, 150])
def test_leading_zero_periods_leave_the_rate_alone(lead: int) -> None:
    # nothing happens for `lead` periods, then the series starts: NPV = x**lead * P(x),
    # and the IRR is P's (x = 1 / (1 + r))
    for rates in ([0.1], [-0.9], [3.0], [0.05]):
        body = _flows(rates)
        tail = body if len(body) > 2 else np.concatenate([body[:1], [0.0] * 5, body[1:]])
        flows = np.concatenate([np.zeros(lead), tail])
        padded = np.concatenate([tail, np.zeros(lead)])  # trailing zeros change nothing
        res = kernels.irr(np.vstack([flows, padded]))
        assert res.status.tolist() == [IrrStatus.OK, IrrStatus.OK]
        assert res.rate[0] == res.rate[1]


def test_a_series_converged_early_keeps_its_rate_while_the_batch_iterates() -> None:
    # a fast series next to slow ones: each as it is when solved alone, to the bit
    # (the four integer series first: the batch where a converged row that kept iterating
    # moved by an ulp, found by comparing batches with single series)
    batch = [[-100, 110], [-57, 8, 25, 15, 24, 3, 5, 26, 8, 29, 9, 1, 1],
             [-185, 1, 30, 2, 8, 25, 21, 23, 32, 26, 22, 11, 4],
             [-487, 36, 26, 29, 19, 22, 27, 13, 18, 23, 34, 15, 1],
             [-100, 30, 30, 30, 30, 30], _flows([-0.99]), _flows([500.0]), _flows([1e-6]),
             [-1.0] + [0.0] * 60 + [1e-3]]  # fmt: skip
    width = max(len(f) for f in batch)
    rows = np.array([np.concatenate([f, np.zeros(width - len(f))]) for f in batch])
    together = kernels.irr(rows)
    alone = np.array([kernels.irr(r).rate[0] for r in rows])
    assert together.status.tolist() == [IrrStatus.OK] * len(batch)
    assert together.rate.tolist() == alone.tolist()


def test_a_batch_wider_than_two_solver_blocks_solves_every_series() -> None:
    """Series are solved in blocks of 4,096: a batch of 2 x 4,096 + 1 series (-100 then
    100 (1 + g)) has the IRR g in every row, the last block's single series included."""
    g = np.linspace(-0.5, 2.0, 2 * 4096 + 1)
    res = kernels.irr(np.column_stack([np.full(g.size, -100.0), 100.0 * (1.0 + g)]))
    np.testing.assert_allclose(res.rate, g, rtol=1e-12, atol=1e-14)


def test_the_documented_solver_defaults() -> None:
    """The docstring's defaults are the signature's (a changed default changes every caller's
    results at the edge: which series report NOT_CONVERGED)."""
    import inspect

    params = inspect.signature(kernels.irr).parameters
    assert (params["tol"].default, params["maxiter"].default) == (1e-13, 200)
    assert "tol : float, default 1e-13" in (kernels.irr.__doc__ or "")
    assert "maxiter : int, default 200" in (kernels.irr.__doc__ or "")
