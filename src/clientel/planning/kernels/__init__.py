"""Planning kernels: the array-only layer under :mod:`clientel.planning`.

Every numpy-only planning computation lives in this package, one family per
module: NPV and discounting, IRR (the batch solver and the polynomial roots
behind it), MIRR, payback and profitability index, dated flows (XNPV, XIRR,
year fractions), annuities, earned value, survey scores, and the array blocks
of the seeded simulation (driver sampling in fixed random-number blocks,
Gaussian copula, two-pass summaries) and of scenarios and tornado (checked model
evaluation, the one-at-a-time grid). Kernel modules import only numpy, scipy,
attrs, :mod:`clientel.errors` and clientel's internal helpers.

One public home per name:

* :mod:`clientel.planning` is where users call the headline functions, which
  take one series (and most also a 2-D array of series): ``npv``, ``irr``,
  ``irr_roots``, ``mirr``, ``xnpv``, ``xirr``, ``pmt``, ``pv``, ``fv``,
  ``payback_period``, ``discounted_payback_period``, ``profitability_index``,
  ``earned_value``, ``nps``, ``csat``, and the ``Distribution`` of a driver.
  Their code is in this package; they are listed there only.
* This namespace lists what exists only as a kernel: the batch solvers
  :func:`irr` and :func:`xirr` (one status per series where the scalar
  :func:`clientel.planning.irr` and :func:`clientel.planning.xirr` raise), their
  :class:`IrrResult` and :class:`IrrStatus`, :func:`year_fractions`,
  :func:`sample_drivers` and the random-number :data:`BLOCK`.

``irr`` and ``xirr`` are the two deliberate scalar/batch pairs (as in
numpy-financial, ``clientel.planning.irr`` is the scalar headline function).
"""

from clientel.planning.kernels._dated import xirr, year_fractions
from clientel.planning.kernels._irr import IrrResult, IrrStatus, irr
from clientel.planning.kernels._sampling import BLOCK, sample_drivers

__all__ = [
    "BLOCK",
    "IrrResult",
    "IrrStatus",
    "irr",
    "sample_drivers",
    "xirr",
    "year_fractions",
]
