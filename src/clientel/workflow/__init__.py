"""Proposal and contract workflow: signing authority, contracts, billing, handover.

Steps 2.6.2-2.6.6 of the process (draft, confirm, sign, archive, hand over), the
key-account team check of step 2.4.1 and the inquiry follow-up of step 2.3.5.
The entities and their lifecycles (``Proposal``, ``Contract``, numbering) live in
:mod:`clientel.models`; this package holds the functions that combine them, and
:mod:`clientel.workflow.kernels` the numpy-only search they use.
"""

from clientel.workflow import kernels
from clientel.workflow._contracting import (
    archive_contract,
    billing_schedule,
    draft_contract,
    hand_over,
)
from clientel.workflow._inquiries import overdue_inquiries
from clientel.workflow._signing import (
    SigningAuthority,
    SigningChain,
    SigningLimit,
    check_signatures,
    needs_ceremony,
    required_signers,
    sign_contract,
)
from clientel.workflow._teams import ReportingCheck, check_reporting_lines

__all__ = [
    "ReportingCheck",
    "SigningAuthority",
    "SigningChain",
    "SigningLimit",
    "archive_contract",
    "billing_schedule",
    "check_reporting_lines",
    "check_signatures",
    "draft_contract",
    "hand_over",
    "kernels",
    "needs_ceremony",
    "overdue_inquiries",
    "required_signers",
    "sign_contract",
]
