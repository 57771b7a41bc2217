"""What the group strategy review records: questions, answers, events, the decision (2.1.8).

The unit prepares its plan and submits it; the group's reviewer challenges it
with questions; the unit answers every one and may revise the budget; the group
approves or rejects. Each step is a :class:`StrategyReviewEvent` (who, in which
role, on which date, what was asked, answered or revised); the lifecycle that
orders them is :class:`clientel.planning.GroupStrategyReview`, and its decision
is an :class:`clientel.models.ApprovalRecord`, the record of the authority engine.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay, first_items
from clientel._internal.validators import free_text, identifier, non_empty, optional, unique_ids
from clientel.models import Money
from clientel.planning._budget import BudgetLine

__all__ = [
    "QuestionAndAnswer",
    "ReviewAnswer",
    "ReviewDialogue",
    "ReviewQuestion",
    "StrategyReviewEvent",
    "StrategyReviewState",
]


class StrategyReviewState(enum.Enum):
    """States of the group strategy review (step 2.1.8)."""

    PREPARED = "prepared"
    SUBMITTED = "submitted"
    CHALLENGED = "challenged"
    REVISED = "revised"
    APPROVED = "approved"
    REJECTED = "rejected"


@attrs.frozen(kw_only=True, repr=False)
class ReviewQuestion(TableDisplay):
    """A question the group's reviewer asks about the unit's plan (step 2.1.8).

    Parameters
    ----------
    id : str
        Unique within the review (``"q1"``); answers refer to it.
    text : str
        The question.
    topic : str
        What it is about, e.g. a budget line or a segment id (free text).
    """

    id: str = attrs.field(validator=identifier)
    text: str = attrs.field(validator=non_empty)
    topic: str = attrs.field(default="", validator=free_text)

    _display_title = "Review question"

    def __repr__(self) -> str:
        return f"<ReviewQuestion {self.id}: {self.text[:60]}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: id, topic, question."""
        return [{"id": self.id, "topic": self.topic, "text": self.text}]


@attrs.frozen(kw_only=True, repr=False)
class ReviewAnswer(TableDisplay):
    """The unit's answer to one question of the review (step 2.1.8)."""

    question_id: str = attrs.field(validator=identifier)
    text: str = attrs.field(validator=non_empty)

    _display_title = "Review answer"

    def __repr__(self) -> str:
        return f"<ReviewAnswer to {self.question_id}: {self.text[:60]}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: question id, answer."""
        return [{"question_id": self.question_id, "text": self.text}]


_checked_questions = tuples.checked(ReviewQuestion, "StrategyReviewEvent.questions")
_checked_answers = tuples.checked(ReviewAnswer, "StrategyReviewEvent.answers")
_checked_lines = tuples.checked(BudgetLine, "StrategyReviewEvent.budget")


def _questions(value: Iterable[Any]) -> tuple[ReviewQuestion, ...]:
    return _checked_questions(value)


def _answers(value: Iterable[Any]) -> tuple[ReviewAnswer, ...]:
    return _checked_answers(value)


def _lines(value: Iterable[Any]) -> tuple[BudgetLine, ...]:
    return _checked_lines(value)


def _revenue(lines: tuple[BudgetLine, ...]) -> Money | None:
    revenue = [ln.amount for ln in lines if ln.category == "revenue"]
    return Money.sum(revenue, lines[0].amount.currency) if lines else None


@attrs.frozen(kw_only=True, repr=False)
class StrategyReviewEvent(TableDisplay):
    """One step of a group strategy review: who did what, on which date (step 2.1.8).

    Parameters
    ----------
    action : str
        ``"submit"``, ``"challenge"``, ``"revise"``, ``"approve"`` or ``"reject"``.
    by : str
        Who acted.
    role : str, optional
        The role they acted in (``"bu_gm"``, ``"bg_gm"``); required on an
        approval or rejection, whose record names it.
    on : datetime.date
        When; never before the previous step.
    note : str
        A comment; a rejection's reason.
    questions : tuple of ReviewQuestion
        The questions of a ``challenge``.
    answers : tuple of ReviewAnswer
        The answers of a ``revise``, one per open question.
    budget : tuple of BudgetLine
        The revised three-year budget of a ``revise`` (empty: unchanged).
    """

    action: str = attrs.field(validator=non_empty)
    by: str = attrs.field(validator=identifier)
    on: dt.date
    role: str | None = attrs.field(default=None, validator=optional(identifier))
    note: str = attrs.field(default="", validator=free_text)
    questions: tuple[ReviewQuestion, ...] = attrs.field(
        default=(), converter=_questions, validator=unique_ids
    )
    answers: tuple[ReviewAnswer, ...] = attrs.field(default=(), converter=_answers)
    budget: tuple[BudgetLine, ...] = attrs.field(default=(), converter=_lines)

    _display_title = "Strategy review step"

    def __repr__(self) -> str:
        return f"<StrategyReviewEvent {self.action} by {self.by} {self.on}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: action, person, role, date, questions asked, questions answered, note."""
        revenue = _revenue(self.budget)
        return [
            {
                "action": self.action,
                "by": self.by,
                "role": self.role,
                "on": self.on,
                "questions": tuple(q.id for q in self.questions),
                "answers": tuple(a.question_id for a in self.answers),
                "budget_revenue": None if revenue is None else str(revenue),
                "note": self.note,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class QuestionAndAnswer(TableDisplay):
    """One question of the review with its answer (``None`` while it is open)."""

    question: ReviewQuestion
    asked_by: str
    asked_on: dt.date
    answer: ReviewAnswer | None = None
    answered_by: str | None = None
    answered_on: dt.date | None = None

    _display_title = "Question and answer"

    def __repr__(self) -> str:
        status = "open" if self.answer is None else f"answered {self.answered_on}"
        return f"<QuestionAndAnswer {self.question.id} {status}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: question, who asked when, answer, who answered when."""
        return [
            {
                "id": self.question.id,
                "topic": self.question.topic,
                "question": self.question.text,
                "asked_by": self.asked_by,
                "asked_on": self.asked_on,
                "answer": None if self.answer is None else self.answer.text,
                "answered_by": self.answered_by,
                "answered_on": self.answered_on,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class ReviewDialogue(TableDisplay):
    """The reviewer's questions and the unit's answers, in the order asked (step 2.1.8)."""

    review_id: str
    items: tuple[QuestionAndAnswer, ...]

    _display_title = "Strategy review questions and answers"

    @property
    def open(self) -> tuple[str, ...]:
        """Ids of the questions not answered yet."""
        return tuple(qa.question.id for qa in self.items if qa.answer is None)

    def __repr__(self) -> str:
        ids = first_items([qa.question.id for qa in self.items]) if self.items else "none"
        return (
            f"<ReviewDialogue {self.review_id}: {len(self.items)} questions ({ids}), "
            f"{len(self.open)} open>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per question (a single row saying so when none was asked)."""
        rows = [row for qa in self.items for row in qa.to_records()]
        return rows or [{"id": None, "question": "no questions asked"}]
