"""Workflow kernels: numpy-only arithmetic of signing, renewals, obligations and collections.

No entities, no Python loops over rows; dates are ``datetime64[D]`` arrays and
amounts integers in minor units, so comparisons and sums are exact. The domain
functions of :mod:`clientel.workflow` turn contracts, invoices and Money into
these arrays and back:

* signing (2.6.4): :func:`covering_signer`, :func:`signing_chain`;
* renewals (2.7.4): :func:`renewal_terms` and its :class:`RenewalArrays`;
* obligations and service levels (2.7.1-2.7.2): :func:`obligation_status`,
  :func:`service_level_status` and its :class:`ServiceLevelArrays`;
* collections (2.6.6): :func:`open_amounts`, :func:`aging` and its
  :class:`AgingArrays`.

The status codes index :data:`OBLIGATION_STATUSES`, :data:`SERVICE_LEVEL_STATUSES`
and :data:`RENEWAL_STATUSES`.
"""

from clientel.workflow.kernels._collections import AgingArrays, aging, open_amounts
from clientel.workflow.kernels._obligations import (
    OBLIGATION_STATUSES,
    SERVICE_LEVEL_STATUSES,
    ServiceLevelArrays,
    obligation_status,
    service_level_status,
)
from clientel.workflow.kernels._renewals import RENEWAL_STATUSES, RenewalArrays, renewal_terms
from clientel.workflow.kernels._signing import covering_signer, signing_chain

__all__ = [
    "OBLIGATION_STATUSES",
    "RENEWAL_STATUSES",
    "SERVICE_LEVEL_STATUSES",
    "AgingArrays",
    "RenewalArrays",
    "ServiceLevelArrays",
    "aging",
    "covering_signer",
    "obligation_status",
    "open_amounts",
    "renewal_terms",
    "service_level_status",
    "signing_chain",
]
