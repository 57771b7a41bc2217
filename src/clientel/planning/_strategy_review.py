"""The annual strategy review with the group, as a lifecycle with history (step 2.1.8).

The unit prepares its plan (a three-year budget, step 2.1.7) and defends it
before the business group::

    prepared --submit--> submitted --challenge--> challenged --revise--> revised
    submitted/revised --approve--> approved  |  --reject--> rejected
    revised --challenge--> challenged

Every transition is a method returning a new review with the step appended to
``history``. A review is checked whole at construction (and so when read from
JSON): its history must follow :data:`STRATEGY_REVIEW_TRANSITIONS` from
``prepared``, with dates that never go backwards, every question answered at
the next revision, and its ``state`` the one the history leads to. The
approved budget becomes the year's targets (:func:`approved_targets`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import between, free_text, identifier, non_empty, optional
from clientel.errors import (
    AuthorityError,
    CurrencyMismatchError,
    InvalidInputError,
    LifecycleError,
    MissingDataError,
    UnknownReferenceError,
)
from clientel.models import ApprovalRecord, Decision, FinancialTarget, Money, Role
from clientel.planning._budget import BudgetLine
from clientel.planning._review_records import (
    QuestionAndAnswer,
    ReviewAnswer,
    ReviewDialogue,
    ReviewQuestion,
    StrategyReviewEvent,
    StrategyReviewState,
)

__all__ = [
    "STRATEGY_REVIEW_TRANSITIONS",
    "GroupStrategyReview",
    "approved_budget",
    "approved_targets",
]

_S = StrategyReviewState
#: (state, action) -> new state: the whole review lifecycle in one read-only table.
STRATEGY_REVIEW_TRANSITIONS: Final[
    Mapping[tuple[StrategyReviewState, str], StrategyReviewState]
] = MappingProxyType(
    {
        (_S.PREPARED, "submit"): _S.SUBMITTED,
        (_S.SUBMITTED, "challenge"): _S.CHALLENGED,
        (_S.SUBMITTED, "approve"): _S.APPROVED,
        (_S.SUBMITTED, "reject"): _S.REJECTED,
        (_S.CHALLENGED, "revise"): _S.REVISED,
        (_S.REVISED, "challenge"): _S.CHALLENGED,
        (_S.REVISED, "approve"): _S.APPROVED,
        (_S.REVISED, "reject"): _S.REJECTED,
    }
)
_GROUP: Final = frozenset({"challenge", "approve", "reject"})
_DECISIONS: Final = MappingProxyType({"approve": Decision.APPROVED, "reject": Decision.REJECTED})
_UNIT_ROLE: Final = Role.BU_GM.value
_GROUP_ROLE: Final = Role.BG_GM.value
_YEARS: Final = 3  # the budget of step 2.1.7 covers three years


def check_budget(lines: Sequence[object], year: int, field: str) -> None:
    """A plan's budget: lines in one currency, amounts >= 0, within ``year``..``year + 2``."""
    if not lines:
        raise InvalidInputError("expected at least one budget line", field=field)
    currency = ""
    seen: set[tuple[str, str, int]] = set()
    for i, ln in enumerate(lines):
        if not isinstance(ln, BudgetLine):
            msg = "expected a BudgetLine"
            raise InvalidInputError(msg, field=f"{field}[{i}]", value=type(ln).__name__)
        currency = currency or ln.amount.currency
        if ln.amount.currency != currency:
            msg = f"expected {currency} like the first line, got {ln.amount.currency}"
            raise CurrencyMismatchError(msg, field=f"{field}[{i}].amount")
        if ln.amount.amount < 0:
            msg = "a plan's budget amount must be at least 0"
            raise InvalidInputError(msg, field=f"{field}[{i}].amount", value=str(ln.amount))
        if not year <= ln.year < year + _YEARS:
            msg = f"expected a year of the plan, {year} to {year + _YEARS - 1}"
            raise InvalidInputError(msg, field=f"{field}[{i}].year", value=ln.year)
        key = (ln.line, ln.category, ln.year)
        if key in seen:
            msg = f"line {ln.line!r} ({ln.category}) appears twice in {ln.year}"
            raise InvalidInputError(msg, field=f"{field}[{i}]")
        seen.add(key)


@attrs.define
class _Walk:
    """Where a history has led so far (private, mutable while one history is walked)."""

    state: StrategyReviewState
    last: dt.date
    asked: dict[str, ReviewQuestion] = attrs.Factory(dict)
    open: list[str] = attrs.Factory(list)


def _who(review: GroupStrategyReview, event: StrategyReviewEvent, at: str) -> None:
    if event.action in _GROUP:
        if review.reviewer_id is not None and event.by != review.reviewer_id:
            msg = f"only the group's reviewer {review.reviewer_id} may {event.action} the plan"
            raise AuthorityError(msg, field=f"{at}by", value=event.by)
        if event.by == review.prepared_by:
            msg = f"{event.by} prepared the plan and may not {event.action} it"
            raise AuthorityError(msg, field=f"{at}by", value=event.by)
    elif review.reviewer_id is not None and event.by == review.reviewer_id:
        msg = f"the group's reviewer does not {event.action} the unit's plan"
        raise AuthorityError(msg, field=f"{at}by", value=event.by)


def _payload(review: GroupStrategyReview, event: StrategyReviewEvent, walk: _Walk, at: str) -> None:
    if event.questions and event.action != "challenge":
        raise InvalidInputError("only a challenge asks questions", field=f"{at}questions")
    if (event.answers or event.budget) and event.action != "revise":
        name = "answers" if event.answers else "budget"
        raise InvalidInputError(f"only a revision carries {name}", field=f"{at}{name}")
    if event.action == "challenge":
        if not event.questions:
            raise InvalidInputError(
                "a challenge asks at least one question", field=f"{at}questions"
            )
        for q in event.questions:
            if q.id in walk.asked:
                msg = "a question of this id was asked before"
                raise InvalidInputError(msg, field=f"{at}questions", value=q.id)
    if event.action == "revise":
        _answers(event, walk, at)
        if event.budget:
            check_budget(event.budget, review.year, f"{at}budget")
            if event.budget[0].amount.currency != review.budget[0].amount.currency:
                msg = f"expected the plan's currency {review.budget[0].amount.currency}"
                raise CurrencyMismatchError(msg, field=f"{at}budget")
    if event.action == "reject" and not event.note.strip():
        raise InvalidInputError("a rejection needs a reason", field=f"{at}note")
    if event.action in _DECISIONS and event.role is None:
        msg = "a decision names the role it is taken in (its approval record does)"
        raise InvalidInputError(msg, field=f"{at}role")


def _answers(event: StrategyReviewEvent, walk: _Walk, at: str) -> None:
    given: set[str] = set()
    for i, a in enumerate(event.answers):
        if a.question_id in given:
            msg = "answered twice in one revision"
            raise InvalidInputError(msg, field=f"{at}answers[{i}]", value=a.question_id)
        if a.question_id not in walk.open:
            why = "was answered before" if a.question_id in walk.asked else "was never asked"
            msg = f"the question {why}"
            raise UnknownReferenceError(msg, field=f"{at}answers[{i}]", value=a.question_id)
        given.add(a.question_id)
    unanswered = [q for q in walk.open if q not in given]
    if unanswered:
        msg = f"a revision answers every open question; unanswered: {', '.join(unanswered)}"
        raise MissingDataError(msg, field=f"{at}answers")


def _step(review: GroupStrategyReview, event: object, walk: _Walk, at: str) -> None:
    """Check ``event`` against where the history stands and move ``walk`` on (or raise)."""
    if not isinstance(event, StrategyReviewEvent):
        msg = "expected a StrategyReviewEvent"
        raise InvalidInputError(msg, field=at.rstrip(".") or "event", value=type(event).__name__)
    target = STRATEGY_REVIEW_TRANSITIONS.get((walk.state, event.action))
    if target is None:
        raise LifecycleError(
            f"strategy review {review.id}", state=walk.state.value, transition=event.action
        )
    if event.on < walk.last:
        msg = f"dated before the previous step ({walk.last}): dates never go backwards"
        raise InvalidInputError(msg, field=f"{at}on", value=event.on.isoformat())
    _who(review, event, at)
    _payload(review, event, walk, at)
    for q in event.questions:
        walk.asked[q.id] = q
        walk.open.append(q.id)
    if event.action == "revise":
        walk.open.clear()
    walk.state, walk.last = target, event.on


def _walk(review: GroupStrategyReview, events: Iterable[object]) -> _Walk:
    walk = _Walk(state=_S.PREPARED, last=review.prepared_on)
    for i, event in enumerate(events):
        _step(review, event, walk, f"history[{i}].")
    return walk


_checked_lines = tuples.checked(BudgetLine, "GroupStrategyReview.budget")
_checked_events = tuples.checked(StrategyReviewEvent, "GroupStrategyReview.history")


def _lines(value: Iterable[Any]) -> tuple[BudgetLine, ...]:
    return _checked_lines(value)


def _events(value: Iterable[Any]) -> tuple[StrategyReviewEvent, ...]:
    return _checked_events(value)


def _questions(value: Iterable[ReviewQuestion | str], asked: Iterable[str]) -> list[ReviewQuestion]:
    """The questions of a challenge; a plain text gets the next free id ``q1``, ``q2``, ..."""
    items = [value] if isinstance(value, str) else list(value)
    taken = set(asked) | {q.id for q in items if isinstance(q, ReviewQuestion)}
    out, n = [], 0
    for q in items:
        if not isinstance(q, ReviewQuestion):
            n = next(k for k in itertools.count(n + 1) if f"q{k}" not in taken)
            q = ReviewQuestion(id=f"q{n}", text=q)
        out.append(q)
    return out


@attrs.frozen(kw_only=True, repr=False)
class GroupStrategyReview(TableDisplay):
    """The unit's annual strategy review with the business group (step 2.1.8).

    Parameters
    ----------
    id : str
        Identifier of the review.
    unit_id, group_id : str
        The business unit defending its plan and the group reviewing it.
    year : int
        The first year of the plan; the budget covers ``year`` to ``year + 2``.
    prepared_by : str
        Who prepared the plan (the unit's general manager); they never challenge,
        approve or reject it.
    prepared_on : datetime.date
        When the plan was prepared; no step is dated before it.
    budget : tuple of BudgetLine
        The plan's three-year budget as prepared (step 2.1.7): one currency,
        amounts >= 0, each (line, category, year) once. A revision may replace it.
    reviewer_id : str, optional
        The group's named reviewer; when set, only they challenge, approve or
        reject, and they never submit or revise.
    summary : str
        The strategy in a few lines (target segments, options chosen).
    plan_id : str, optional
        The implementation plan of step 2.1.6.
    state, history : optional
        Where the review stands and the steps that led there; checked against
        each other at construction. Each step records the role it was taken in
        (by default ``"bu_gm"`` for the unit's steps and ``"bg_gm"`` for the
        group's); the decision's role is required, as its approval record names it.

    Raises
    ------
    InvalidInputError
        A bad budget, or a history that does not lead to ``state``.
    LifecycleError, AuthorityError
        A history that breaks the lifecycle or who may act.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money
    >>> from clientel.planning import BudgetLine
    >>> eur = lambda x: Money(x, "EUR")
    >>> budget = [BudgetLine(line="banking", category="revenue", year=y, amount=eur(r))
    ...           for y, r in ((2027, 9_000_000), (2028, 10_000_000), (2029, 11_000_000))]
    >>> r = GroupStrategyReview(id="sr-2027", unit_id="bu-its", group_id="grp", year=2027,
    ...     prepared_by="p-gm", prepared_on=dt.date(2026, 10, 15), budget=budget,
    ...     reviewer_id="p-bg")
    >>> r = r.submit("p-gm", dt.date(2026, 10, 20))
    >>> r = r.challenge("p-bg", dt.date(2026, 11, 3), ["Why does banking grow 11 % a year?"])
    >>> r.open_questions
    ('q1',)
    >>> r = r.revise("p-gm", dt.date(2026, 11, 12), {"q1": "Two framework contracts renew."})
    >>> r = r.approve("p-bg", dt.date(2026, 12, 1), note="approved as revised")
    >>> r
    <GroupStrategyReview sr-2027 bu-its 2027: approved after 4 steps, 1 questions>
    >>> r.decision
    <ApprovalRecord bg_gm p-bg approved 2026-12-01: approved as revised>
    >>> r.replay() == r
    True
    >>> r.approve("p-bg", dt.date(2026, 12, 2))
    Traceback (most recent call last):
    ...
    clientel.errors.LifecycleError: strategy review sr-2027: cannot 'approve' from state 'approved'
    """

    id: str = attrs.field(validator=identifier)
    unit_id: str = attrs.field(validator=identifier)
    group_id: str = attrs.field(validator=identifier)
    year: int = attrs.field(validator=between(1900, 2200))
    prepared_by: str = attrs.field(validator=identifier)
    prepared_on: dt.date
    budget: tuple[BudgetLine, ...] = attrs.field(converter=_lines, validator=non_empty)
    reviewer_id: str | None = attrs.field(default=None, validator=optional(identifier))
    summary: str = attrs.field(default="", validator=free_text)
    plan_id: str | None = attrs.field(default=None, validator=optional(identifier))
    state: StrategyReviewState = StrategyReviewState.PREPARED
    history: tuple[StrategyReviewEvent, ...] = attrs.field(default=(), converter=_events)

    _display_title = "Group strategy review"

    def __attrs_post_init__(self) -> None:
        if self.reviewer_id is not None and self.reviewer_id == self.prepared_by:
            msg = "the group's reviewer cannot be who prepared the plan"
            raise InvalidInputError(msg, field="GroupStrategyReview.reviewer_id")
        check_budget(self.budget, self.year, "GroupStrategyReview.budget")
        reached = _walk(self, self.history).state
        if reached is not self.state:
            msg = f"the history leads to {reached.value!r}, not to {self.state.value!r}"
            raise InvalidInputError(msg, field="GroupStrategyReview.state", value=self.state.value)

    def __repr__(self) -> str:
        return (
            f"<GroupStrategyReview {self.id} {self.unit_id} {self.year}: {self.state.value} "
            f"after {len(self.history)} steps, {len(self.questions)} questions>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row for the preparation, then one per step (see StrategyReviewEvent)."""
        prepared = StrategyReviewEvent(
            action="prepare", by=self.prepared_by, on=self.prepared_on, budget=self.budget
        )
        states = [_S.PREPARED.value]
        for event in self.history:
            states.append(STRATEGY_REVIEW_TRANSITIONS[(_S(states[-1]), event.action)].value)
        return [
            {"step": k, **row, "state": state}
            for k, (event, state) in enumerate(zip((prepared, *self.history), states, strict=True))
            for row in event.to_records()
        ]

    # -- what the history says ----------------------------------------------------------------
    @property
    def questions(self) -> tuple[ReviewQuestion, ...]:
        """Every question asked, in order."""
        return tuple(q for e in self.history for q in e.questions)

    @property
    def answers(self) -> tuple[ReviewAnswer, ...]:
        """Every answer given, in order."""
        return tuple(a for e in self.history for a in e.answers)

    @property
    def open_questions(self) -> tuple[str, ...]:
        """Ids of the questions asked and not answered yet."""
        return tuple(_walk(self, self.history).open)

    @property
    def current_budget(self) -> tuple[BudgetLine, ...]:
        """The budget as last revised, else as prepared."""
        revised = [e.budget for e in self.history if e.budget]
        return revised[-1] if revised else self.budget

    @property
    def is_closed(self) -> bool:
        """Approved or rejected."""
        return self.state in {_S.APPROVED, _S.REJECTED}

    @property
    def decision(self) -> ApprovalRecord | None:
        """The group's decision as an approval record (who, role, when, decision, comment).

        The record of the authority engine (:class:`clientel.models.ApprovalRecord`),
        read from the last step; None while the review is open.
        """
        if not self.is_closed:
            return None
        last = self.history[-1]
        return ApprovalRecord(
            by=last.by,
            role=last.role,
            on=last.on,
            decision=_DECISIONS[last.action],
            comment=last.note,
        )

    def dialogue(self) -> ReviewDialogue:
        """The reviewer's questions with the unit's answers, in the order asked."""
        asked: dict[str, QuestionAndAnswer] = {}
        for event in self.history:
            for q in event.questions:
                asked[q.id] = QuestionAndAnswer(question=q, asked_by=event.by, asked_on=event.on)
            for a in event.answers:
                asked[a.question_id] = attrs.evolve(
                    asked[a.question_id], answer=a, answered_by=event.by, answered_on=event.on
                )
        return ReviewDialogue(review_id=self.id, items=tuple(asked.values()))

    def allowed(self) -> tuple[str, ...]:
        """Actions allowed from the current state, sorted."""
        return tuple(sorted(a for (s, a) in STRATEGY_REVIEW_TRANSITIONS if s is self.state))

    # -- transitions ---------------------------------------------------------------------------
    def _apply(self, event: StrategyReviewEvent) -> GroupStrategyReview:
        walk = _walk(self, self.history)
        _step(self, event, walk, "")
        return attrs.evolve(self, state=walk.state, history=(*self.history, event))

    def submit(
        self, by: str, on: dt.date, *, note: str = "", role: str | None = _UNIT_ROLE
    ) -> GroupStrategyReview:
        """The unit submits its plan to the group (2.1.8: prepare, then defend)."""
        return self._apply(StrategyReviewEvent(action="submit", by=by, on=on, note=note, role=role))

    def challenge(
        self,
        by: str,
        on: dt.date,
        questions: Iterable[ReviewQuestion | str],
        *,
        note: str = "",
        role: str | None = _GROUP_ROLE,
    ) -> GroupStrategyReview:
        """The group's reviewer challenges the plan with questions (2.1.8).

        Parameters
        ----------
        questions : iterable of ReviewQuestion or str
            At least one; a plain text becomes a question with the next id
            not used in the review (``"q1"``, ``"q2"``, ...).

        Raises
        ------
        AuthorityError
            ``by`` is not the named reviewer, or prepared the plan.
        InvalidInputError
            No question, or a question id asked before.
        """
        asked = _questions(questions, (q.id for q in self.questions))
        event = StrategyReviewEvent(
            action="challenge", by=by, on=on, questions=asked, note=note, role=role
        )
        return self._apply(event)

    def revise(
        self,
        by: str,
        on: dt.date,
        answers: Mapping[str, str] | Iterable[ReviewAnswer],
        *,
        budget: Iterable[BudgetLine] | None = None,
        note: str = "",
        role: str | None = _UNIT_ROLE,
    ) -> GroupStrategyReview:
        """The unit answers every open question and may revise its budget (2.1.8).

        Parameters
        ----------
        answers : mapping of question id to text, or iterable of ReviewAnswer
            One answer per open question.
        budget : iterable of BudgetLine, optional
            The revised three-year budget (replaces the current one whole).

        Raises
        ------
        MissingDataError
            An open question is not answered.
        UnknownReferenceError
            An answer to a question never asked or answered before.
        """
        given = (
            tuple(ReviewAnswer(question_id=k, text=v) for k, v in answers.items())
            if isinstance(answers, Mapping)
            else tuple(answers)
        )
        event = StrategyReviewEvent(
            action="revise",
            by=by,
            on=on,
            answers=given,
            budget=tuple(budget or ()),
            note=note,
            role=role,
        )
        return self._apply(event)

    def approve(
        self, by: str, on: dt.date, *, note: str = "", role: str = _GROUP_ROLE
    ) -> GroupStrategyReview:
        """The group approves the plan; its budget becomes the targets (2.1.8, 2.1.7)."""
        return self._apply(
            StrategyReviewEvent(action="approve", by=by, on=on, note=note, role=role)
        )

    def reject(
        self, by: str, on: dt.date, *, note: str, role: str = _GROUP_ROLE
    ) -> GroupStrategyReview:
        """The group rejects the plan, with the reason in ``note`` (2.1.8)."""
        return self._apply(StrategyReviewEvent(action="reject", by=by, on=on, note=note, role=role))

    def replay(self, history: Iterable[StrategyReviewEvent] | None = None) -> GroupStrategyReview:
        """Rebuild the review from ``history`` (default: its own), starting from ``prepared``.

        Raises
        ------
        LifecycleError
            A step the lifecycle does not allow at that point.
        InvalidInputError, AuthorityError
            A step dated before the one before it, by someone who may not take
            it, or with questions, answers or a budget it may not carry; the
            field names the step (``history[3].on``).
        """
        events = self.history if history is None else tuple(history)
        walk = _walk(self, events)
        return attrs.evolve(self, state=walk.state, history=events)


def _approved(review: object, asked: str) -> tuple[BudgetLine, ...]:
    if not isinstance(review, GroupStrategyReview):
        msg = "expected a GroupStrategyReview"
        raise InvalidInputError(msg, field="review", value=type(review).__name__)
    if review.state is not _S.APPROVED:
        raise LifecycleError(
            f"strategy review {review.id} is not approved",
            state=review.state.value,
            transition=asked,
        )
    return review.current_budget


def approved_budget(review: GroupStrategyReview) -> tuple[BudgetLine, ...]:
    """The budget the group approved: the last revision, else the plan as prepared (2.1.7).

    Parameters
    ----------
    review : GroupStrategyReview
        The unit's annual strategy review with the group (step 2.1.8).

    Returns
    -------
    tuple of BudgetLine
        The approved three-year budget lines.

    Raises
    ------
    LifecycleError
        The review is not approved.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money
    >>> from clientel.planning import BudgetLine
    >>> eur = lambda x: Money(x, "EUR")
    >>> lines = [BudgetLine(line="banking", category="revenue", year=2027, amount=eur(9_000_000))]
    >>> r = GroupStrategyReview(id="sr", unit_id="bu", group_id="grp", year=2027,
    ...     prepared_by="p-gm", prepared_on=dt.date(2026, 10, 1), budget=lines)
    >>> day = dt.date(2026, 11, 1)
    >>> approved = r.submit("p-gm", day).approve("p-bg", day)
    >>> [(b.line, str(b.amount)) for b in approved_budget(approved)]
    [('banking', '9000000 EUR')]
    >>> approved_budget(r)
    Traceback (most recent call last):
    ...
    clientel.errors.LifecycleError: strategy review sr is not approved: ...
    """
    return _approved(review, "approved_budget")


def approved_targets(review: GroupStrategyReview) -> tuple[FinancialTarget, ...]:
    """The approved plan's budget as the year's targets: one FinancialTarget per year (2.1.7).

    Each year's revenue target is the exact sum of its revenue lines and its
    margin target revenue minus the cost lines, with no rounding, so the targets
    sum to the approved budget exactly. Replace the group's targets with them
    (``attrs.evolve(group, targets=...)``) to track the year against what was
    approved.

    Parameters
    ----------
    review : GroupStrategyReview
        The unit's annual strategy review with the group (step 2.1.8).

    Returns
    -------
    tuple of FinancialTarget
        One target per budget year, in year order.

    Raises
    ------
    LifecycleError
        The review is not approved.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money
    >>> from clientel.planning import BudgetLine
    >>> eur = lambda x: Money(x, "EUR")
    >>> lines = [
    ...     BudgetLine(line="banking", category="revenue", year=2027, amount=eur("9000000.50")),
    ...     BudgetLine(line="delivery", category="cost", year=2027, amount=eur(7_000_000))]
    >>> r = GroupStrategyReview(id="sr", unit_id="bu", group_id="grp", year=2027,
    ...     prepared_by="p-gm", prepared_on=dt.date(2026, 10, 1), budget=lines)
    >>> day = dt.date(2026, 11, 1)
    >>> t = approved_targets(r.submit("p-gm", day).approve("p-bg", day))
    >>> [(x.year, str(x.revenue), str(x.margin)) for x in t]
    [(2027, '9000000.50 EUR', '2000000.50 EUR')]
    """
    lines = _approved(review, "approved_targets")
    currency = lines[0].amount.currency
    out = []
    for year in sorted({ln.year for ln in lines}):
        mine = [ln for ln in lines if ln.year == year]
        revenue = Money.sum((ln.amount for ln in mine if ln.category == "revenue"), currency)
        cost = Money.sum((ln.amount for ln in mine if ln.category == "cost"), currency)
        out.append(FinancialTarget(year=year, revenue=revenue, margin=revenue - cost))
    return tuple(out)
