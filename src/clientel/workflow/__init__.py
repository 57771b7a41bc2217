"""Proposal and contract workflow: the authority engine, contracts and their life after signing.

One delegation-of-authority engine serves three process steps: quote approval
(2.5.5: :func:`required_approvals`, :func:`approval_state`, :func:`reapprovals`,
:func:`quote_status`), negotiation (2.5.6: :class:`ProposalAuthority`, the check
:meth:`Proposal.negotiate <clientel.models.Proposal.negotiate>` calls) and contract
signing (2.6.4: :func:`required_signers`, :func:`sign_contract`), all from one
:class:`AuthorityMatrix`. Also steps 2.6.2-2.6.6 of the process (draft, archive,
hand over), the contract's life after signing (acceptance and invoices,
:func:`issue_invoice`; collections, :func:`aging` and :func:`days_sales_outstanding`;
obligations and service levels, :func:`obligation_status` and
:func:`service_level_status`; amendments through the authority engine,
:func:`amendment_route` and :func:`amend_contract`; renewals, :func:`renewal_list`),
the key-account team check of step 2.4.1 and the inquiry follow-up of step 2.3.5.
The entities and their lifecycles (``Proposal``, ``Contract``, ``Invoice``,
numbering) live in :mod:`clientel.models`; :mod:`clientel.workflow.kernels` holds
the numpy-only arithmetic of signing, renewals, obligations and collections.
"""

from clientel.workflow import kernels
from clientel.workflow._amendments import (
    AmendmentAuthority,
    AmendmentRoute,
    amend_contract,
    amendment_route,
)
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
from clientel.workflow._authority._verify import load_verified, verify
from clientel.workflow._collections import (
    AgingReport,
    SalesOutstanding,
    aging,
    days_sales_outstanding,
)
from clientel.workflow._contracting import (
    archive_contract,
    billing_schedule,
    draft_contract,
    hand_over,
)
from clientel.workflow._inquiries import overdue_inquiries
from clientel.workflow._invoicing import issue_invoice
from clientel.workflow._performance import (
    ObligationReport,
    ServiceLevelReport,
    obligation_status,
    service_level_status,
)
from clientel.workflow._renewals import RenewalList, renewal_list
from clientel.workflow._teams import ReportingCheck, check_reporting_lines

__all__ = [
    "AgingReport",
    "AmendmentAuthority",
    "AmendmentRoute",
    "ApprovalCondition",
    "ApprovalRoute",
    "ApprovalState",
    "ApprovalStep",
    "ApproverStatus",
    "AuthorityMatrix",
    "AuthorityRule",
    "Delegation",
    "Dimension",
    "ObligationReport",
    "ProposalAuthority",
    "QuoteStatus",
    "RateTable",
    "RenewalList",
    "ReportingCheck",
    "RoutingPolicy",
    "SalesOutstanding",
    "ServiceLevelReport",
    "Signer",
    "SigningChain",
    "aging",
    "amend_contract",
    "amendment_route",
    "approval_state",
    "archive_contract",
    "billing_schedule",
    "check_reporting_lines",
    "check_signatures",
    "days_sales_outstanding",
    "draft_contract",
    "hand_over",
    "issue_invoice",
    "kernels",
    "load_verified",
    "needs_ceremony",
    "obligation_status",
    "overdue_inquiries",
    "quote_status",
    "reapprovals",
    "record_decision",
    "renewal_list",
    "required_approvals",
    "required_signers",
    "service_level_status",
    "sign_contract",
    "verify",
]
