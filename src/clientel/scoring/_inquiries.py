"""Inquiry triage (step 2.3.5): check an inbound inquiry against the unit's strategy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.models import BusinessUnit, Inquiry, InquiryDecision, InquiryOutcome
from clientel.scoring._bids import fixed_scale_score
from clientel.scoring._criteria import Criterion
from clientel.scoring._targets import TargetList

__all__ = ["InquiryTriage", "triage_inquiry"]


@attrs.frozen(kw_only=True, repr=False)
class InquiryTriage(TableDisplay):
    """Follow up or decline, with the checks made and the reasons."""

    inquiry_id: str
    decision: InquiryDecision
    fits_strategy: bool | None
    checks: Mapping[str, bool | None] = attrs.field(converter=frozen_mapping)
    score: float | None
    reasons: tuple[str, ...]

    def explain(self) -> Explanation:
        """The decision and its reasons; the score as a factor when criteria were scored.

        Examples
        --------
        >>> import datetime as dt
        >>> from clientel.models import BusinessUnit, Inquiry
        >>> bu = BusinessUnit(id="bu", name="IT Services", group_id="grp", code="ITS",
        ...     currency="EUR", offerings=["cloud"], target_segment_ids=["banking"])
        >>> inq = Inquiry(id="inq-1", received_on=dt.date(2027, 3, 1), company_name="Toyland",
        ...     segment_id="retail", offering="cloud")
        >>> print(triage_inquiry(inq, bu).explain())
        inq-1: decline
          segment 'retail' is not a target segment
        """
        score = [] if self.score is None else [Factor(criterion="score", effect=self.score)]
        return Explanation(
            subject=self.inquiry_id,
            summary=self.decision.value,
            factors=score,
            effect_kind="fixed-scale score in [0, 1]" if score else "",
            notes=self.reasons,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per check (None = could not be checked)."""
        return [{"check": k, "passed": v} for k, v in self.checks.items()]

    def to_outcome(
        self, *, decided_by: str, decided_on: dt.date, owner_id: str | None = None
    ) -> InquiryOutcome:
        """The :class:`clientel.models.InquiryOutcome` record (``PURSUE`` needs an owner)."""
        return InquiryOutcome(
            inquiry_id=self.inquiry_id,
            decision=self.decision,
            decided_by=decided_by,
            decided_on=decided_on,
            fits_strategy=self.fits_strategy,
            reasons=self.reasons,
            owner_id=owner_id,
        )


def triage_inquiry(
    inquiry: Inquiry,
    unit: BusinessUnit,
    *,
    targets: TargetList | None = None,
    criteria: Sequence[Criterion] = (),
    minimum_score: float | None = None,
) -> InquiryTriage:
    """Decide whether an inquiry is followed up: target segment, offering, minimum score.

    Parameters
    ----------
    inquiry : Inquiry
        The recorded inquiry.
    unit : BusinessUnit
        Its ``target_segment_ids`` and ``offerings`` are the strategy.
    targets : TargetList, optional
        This year's target list (:func:`select_targets`), selected for the
        same target segments. An inquiry from a client it screened out is
        declined for the list's reason, so triage and the list never disagree
        about a client; a client on the list passes the check.
    criteria : sequence of Criterion, optional
        Weighted criteria with ``bounds`` (their scale) scored on
        ``inquiry.attributes`` as in :func:`bid_decision`.
    minimum_score : float, optional
        Required score in [0, 1]; needs ``criteria``.

    Returns
    -------
    InquiryTriage
        ``PURSUE`` when every check passes, ``DECLINE`` when one fails (with
        the failing checks as reasons), ``NEED_INFO`` when none fails but the
        segment or offering is not recorded on the inquiry.

    Raises
    ------
    InvalidInputError
        ``minimum_score`` without criteria or outside [0, 1]; a target list
        selected for other target segments than the unit's; criteria errors as
        in :func:`bid_decision` (named).

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import BusinessUnit, Inquiry
    >>> bu = BusinessUnit(id="bu", name="IT Services", group_id="grp", code="ITS",
    ...     currency="EUR", offerings=["cloud", "erp"], target_segment_ids=["banking"])
    >>> inq = Inquiry(id="inq-1", received_on=dt.date(2027, 3, 1), company_name="Toyland",
    ...     segment_id="retail", offering="cloud")
    >>> t = triage_inquiry(inq, bu)
    >>> t.decision.value, t.reasons
    ('decline', ("segment 'retail' is not a target segment",))
    """
    if minimum_score is not None and (not criteria or not 0 <= minimum_score <= 1):
        msg = "a minimum score in [0, 1] needs criteria to score with"
        raise InvalidInputError(msg, field="minimum_score", value=minimum_score)
    if (
        targets is not None
        and targets.target_segments is not None
        and set(targets.target_segments) != set(unit.target_segment_ids)
    ):
        msg = "the target list was selected for other target segments than the unit's strategy"
        raise InvalidInputError(msg, field="targets", value=list(targets.target_segments))
    checks: dict[str, bool | None] = {}
    reasons: list[str] = []
    for check, value, allowed, failure in (
        ("target_segment", inquiry.segment_id, unit.target_segment_ids, "is not a target segment"),
        ("offering", inquiry.offering, unit.offerings, "is not one the unit sells"),
    ):
        what = check.removeprefix("target_")
        checks[check] = None if value is None else value in allowed
        if value is None:
            reasons.append(f"{what} not recorded")
        elif not checks[check]:
            reasons.append(f"{what} {value!r} {failure}")
    cid = inquiry.client_id
    if (
        targets is not None
        and cid is not None
        and (cid in targets.ids or cid in targets.reasons or cid in targets.screened_out)
    ):
        checks["target_client"] = cid in targets.ids
        if not checks["target_client"]:
            why = targets.reasons.get(cid, "not on this year's target list")
            reasons.append(f"client {cid!r} is not a target client: {why}")
    score = None
    if criteria:
        score, _, lost, notes = fixed_scale_score(
            inquiry.attributes, criteria, f"Inquiry[{inquiry.id}].attributes"
        )
        reasons.extend(notes)
        if minimum_score is not None:
            ok = score >= minimum_score
            checks["minimum_score"] = ok
            if not ok:
                worst = max(sorted(lost), key=lambda n: lost[n])
                reasons.append(
                    f"score {score:.3f} below the minimum {minimum_score:.3f} "
                    f"(most points lost on {worst})"
                )
    if any(v is False for v in checks.values()):
        decision = InquiryDecision.DECLINE
        reasons = [r for r in reasons if "not recorded" not in r]
        fits: bool | None = False
    elif any(v is None for v in checks.values()):
        decision, fits = InquiryDecision.NEED_INFO, None
    else:
        decision, fits = InquiryDecision.PURSUE, True
        reasons.insert(0, "fits the strategy: " + ", ".join(checks))
    return InquiryTriage(
        inquiry_id=inquiry.id,
        decision=decision,
        fits_strategy=fits,
        checks=checks,
        score=score,
        reasons=tuple(reasons),
    )
