"""The unit's opportunity pipeline: ordered stages with default win probabilities (step 2.4.5).

A :class:`Pipeline` is what CRMs call a sales process or deal pipeline: the open
stages in their order, each with a default probability of winning (Salesforce's
``OpportunityStage`` has ``SortOrder`` and ``DefaultProbability``; HubSpot's deal
stages carry a win probability), and the two end states :data:`WON` and
:data:`LOST`. Opportunities record the stages they went through in a dated
history (:class:`~clientel.models.StageChange`); the pipeline checks that the
stages exist and moves an opportunity on (:meth:`Pipeline.advance`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from clientel._internal.tuples import checked
from clientel._internal.validators import between, identifier, non_empty, unique_ids, where
from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models._accounts import Opportunity
from clientel.models._stages import END_STAGES, LOST, WON

__all__ = ["Pipeline", "PipelineStage"]


def _open_stage_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    identifier(instance, attribute, value)
    if value in END_STAGES:
        msg = f"{value!r} is an end state, not an open stage"
        raise InvalidInputError(msg, field=where(instance, attribute), value=value)


@attrs.frozen(kw_only=True)
class PipelineStage:
    """An open stage of the pipeline and its default probability of winning (step 2.4.5).

    Parameters
    ----------
    id : str
        Stage id used in stage histories (not ``"won"`` or ``"lost"``: those
        are the end states).
    name : str
        Display name.
    probability : float
        Default probability, 0..1, that an opportunity that reached this stage
        is won; the prior that :func:`clientel.planning.fit_stage_conversion`
        smooths the observed rate toward.
    """

    id: str = attrs.field(validator=_open_stage_id)
    name: str = attrs.field(validator=non_empty)
    probability: float = attrs.field(validator=between(0, 1))


_checked_stages = checked(PipelineStage, "Pipeline.stages")


def _stages(value: Iterable[Any]) -> tuple[PipelineStage, ...]:
    return _checked_stages(value)


@attrs.frozen(kw_only=True)
class Pipeline:
    """Ordered open stages with default probabilities, and the end states won and lost.

    The order of ``stages`` is the order of the sales process: an opportunity
    that entered a later stage has passed the earlier ones.

    Examples
    --------
    >>> pipe = Pipeline(id="nwit", name="Northwind IT Services", stages=[
    ...     PipelineStage(id="qualify", name="Qualify", probability=0.1),
    ...     PipelineStage(id="propose", name="Propose", probability=0.4),
    ...     PipelineStage(id="negotiate", name="Negotiate", probability=0.7)])
    >>> pipe.order("propose"), pipe.order("won"), pipe.probability("negotiate")
    (1, 3, 0.7)
    >>> from clientel.models import OpportunityOrigin
    >>> opp = Opportunity(id="o1", client_id="c1", name="ERP roll-out",
    ...     origin=OpportunityOrigin.CLIENT_IT_NEED, created_on=dt.date(2027, 1, 10))
    >>> opp = pipe.advance(opp, "qualify", dt.date(2027, 1, 10))
    >>> pipe.advance(opp, "propse", dt.date(2027, 2, 1))
    Traceback (most recent call last):
    ...
    clientel.errors.UnknownReferenceError: stage: not a stage of pipeline 'nwit' ...
    >>> pipe.advance(opp, "propose", dt.date(2027, 2, 1)).stage
    'propose'
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    stages: tuple[PipelineStage, ...] = attrs.field(
        converter=_stages, validator=[non_empty, unique_ids]
    )

    @property
    def stage_ids(self) -> tuple[str, ...]:
        """The open stages' ids, in order."""
        return tuple(s.id for s in self.stages)

    def order(self, stage: str) -> int:
        """Position of ``stage``: 0 for the first open stage, ``len(stages)`` for won.

        Lost has no position (it may follow any stage): ``-1``.
        """
        if stage == WON:
            return len(self.stages)
        if stage == LOST:
            return -1
        try:
            return self.stage_ids.index(stage)
        except ValueError:
            raise self._unknown(stage, "stage") from None

    def probability(self, stage: str) -> float:
        """The default probability of winning from ``stage`` (1 for won, 0 for lost)."""
        position = self.order(stage)
        if stage in END_STAGES:
            return 1.0 if stage == WON else 0.0
        return self.stages[position].probability

    def _unknown(self, stage: str, field: str) -> UnknownReferenceError:
        known = ", ".join((*self.stage_ids, *END_STAGES))
        msg = f"not a stage of pipeline {self.id!r} (known: {known})"
        return UnknownReferenceError(msg, field=field, value=stage)

    def check(self, opportunity: Opportunity) -> Opportunity:
        """``opportunity`` itself when every stage of its history is a stage of this pipeline.

        Raises
        ------
        UnknownReferenceError
            Naming ``Opportunity[id].stage_history[i].stage`` for the first unknown stage.
        """
        known = {*self.stage_ids, *END_STAGES}
        for i, change in enumerate(opportunity.stage_history):
            if change.stage not in known:
                field = f"Opportunity[{opportunity.id}].stage_history[{i}].stage"
                raise self._unknown(change.stage, field)
        return opportunity

    def advance(self, opportunity: Opportunity, stage: str, on: dt.date) -> Opportunity:
        """A copy of ``opportunity`` that entered ``stage`` on ``on``; the original is unchanged.

        Raises
        ------
        UnknownReferenceError
            ``stage`` is not a stage of this pipeline nor an end state.
        StageHistoryError
            ``on`` is before the last change or the creation date, the
            opportunity is already won or lost, or already in ``stage``.
        """
        self.order(stage)
        self.check(opportunity)
        return opportunity.advance(stage, on)
