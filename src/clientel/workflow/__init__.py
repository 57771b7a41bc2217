"""Proposal and contract workflow: the authority engine, contracts, billing, handover.

One delegation-of-authority engine serves three process steps: quote approval
(2.5.5: :func:`required_approvals`, :func:`approval_state`, :func:`reapprovals`,
:func:`quote_status`), negotiation (2.5.6: :class:`ProposalAuthority`, the check
:meth:`Proposal.negotiate <clientel.models.Proposal.negotiate>` calls) and contract
signing (2.6.4: :func:`required_signers`, :func:`sign_contract`), all from one
:class:`AuthorityMatrix`. Also steps 2.6.2-2.6.6 of the process (draft, archive,
hand over), the key-account team check of step 2.4.1 and the inquiry follow-up of
step 2.3.5. The entities and their lifecycles (``Proposal``, ``Contract``,
numbering) live in :mod:`clientel.models`; :mod:`clientel.workflow.kernels` holds
the numpy-only signing arithmetic.
"""

from clientel.workflow import kernels
from clientel.workflow._authority._matrix import (
    AuthorityMatrix,
    AuthorityRule,
    Delegation,
    Dimension,
    RoutingPolicy,
)
from clientel.workflow._authority._negotiation import ProposalAuthority
from clientel.workflow._authority._rates import RateTable
from clientel.workflow._authority._routing import (
    ApprovalCondition,
    ApprovalRoute,
    ApprovalStep,
    required_approvals,
)
from clientel.workflow._authority._signing import (
    Signer,
    SigningChain,
    check_signatures,
    needs_ceremony,
    required_signers,
    sign_contract,
)
from clientel.workflow._authority._state import (
    ApprovalState,
    ApproverStatus,
    approval_state,
    reapprovals,
    record_decision,
)
from clientel.workflow._authority._status import QuoteStatus, quote_status
from clientel.workflow._contracting import (
    archive_contract,
    billing_schedule,
    draft_contract,
    hand_over,
)
from clientel.workflow._inquiries import overdue_inquiries
from clientel.workflow._teams import ReportingCheck, check_reporting_lines

__all__ = [
    "ApprovalCondition",
    "ApprovalRoute",
    "ApprovalState",
    "ApprovalStep",
    "ApproverStatus",
    "AuthorityMatrix",
    "AuthorityRule",
    "Delegation",
    "Dimension",
    "ProposalAuthority",
    "QuoteStatus",
    "RateTable",
    "ReportingCheck",
    "RoutingPolicy",
    "Signer",
    "SigningChain",
    "approval_state",
    "archive_contract",
    "billing_schedule",
    "check_reporting_lines",
    "check_signatures",
    "draft_contract",
    "hand_over",
    "kernels",
    "needs_ceremony",
    "overdue_inquiries",
    "quote_status",
    "reapprovals",
    "record_decision",
    "required_approvals",
    "required_signers",
    "sign_contract",
]
