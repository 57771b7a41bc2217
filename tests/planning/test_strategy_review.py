"""The group strategy review (issue 29, step 2.1.8): lifecycle, replay, targets, documents."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel import planning as pl
from clientel.errors import (
    AuthorityError,
    CurrencyMismatchError,
    InvalidInputError,
    LifecycleError,
    MissingDataError,
    SerializationError,
    UnknownReferenceError,
)
from clientel.planning import STRATEGY_REVIEW_TRANSITIONS as TABLE
from clientel.planning import StrategyReviewState as S
from clientel.testing import group_strategy_reviews

DATA = Path(__file__).parent / "data" / "v3"
D = dt.date(2026, 10, 1)
ACTIONS = ("submit", "challenge", "revise", "approve", "reject")


def eur(x: str | int) -> m.Money:
    return m.Money(x, "EUR")


def line(name: str, category: str, year: int, amount: str | int, cur: str = "EUR") -> pl.BudgetLine:
    return pl.BudgetLine(line=name, category=category, year=year, amount=m.Money(amount, cur))


BUDGET = (
    line("banking", "revenue", 2027, "9000000.50"),
    line("health", "revenue", 2027, 3_000_000),
    line("delivery", "cost", 2027, "9500000.25"),
    line("banking", "revenue", 2028, 10_000_000),
    line("delivery", "cost", 2028, 8_000_000),
    line("banking", "revenue", 2029, 11_000_000),
)


def prepared(**kw: Any) -> pl.GroupStrategyReview:
    base: dict[str, Any] = {
        "id": "sr-2027", "unit_id": "bu-its", "group_id": "grp", "year": 2027,
        "prepared_by": "p-gm", "prepared_on": D, "budget": BUDGET, "reviewer_id": "p-bg",
    }  # fmt: skip
    return pl.GroupStrategyReview(**(base | kw))


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def challenged() -> pl.GroupStrategyReview:
    r = prepared().submit("p-gm", day(1), role="bu_gm")
    return r.challenge("p-bg", day(5), ["Why does banking grow 11 %?", "Health hires?"])


def test_the_worked_example_from_preparation_to_targets() -> None:
    r = challenged()
    assert r.state is S.CHALLENGED
    assert r.open_questions == ("q1", "q2")
    revised_budget = [*BUDGET[:1], line("health", "revenue", 2027, 3_500_000), *BUDGET[2:]]
    r = r.revise("p-gm", day(9), {"q2": "Four by March.", "q1": "Two renewals."},
                 budget=revised_budget)  # fmt: skip
    assert r.state is S.REVISED
    assert r.open_questions == ()
    assert r.current_budget == tuple(revised_budget)
    assert r.budget == BUDGET  # the plan as prepared stays on record
    r = r.approve("p-bg", day(12), note="approved as revised", role="bg_gm")
    assert r.allowed() == ()
    assert r.is_closed
    decision = r.decision
    assert decision is not None
    assert decision.approved
    assert (decision.by, decision.role, decision.on, decision.comment) == (
        "p-bg", "bg_gm", day(12), "approved as revised",
    )  # fmt: skip
    answered = [
        (qa.question.id, qa.answer.text if qa.answer else None) for qa in r.dialogue().items
    ]
    assert answered == [("q1", "Two renewals."), ("q2", "Four by March.")]
    targets = pl.approved_targets(r)
    # written out by hand from the revised lines
    assert [(t.year, t.revenue, t.margin) for t in targets] == [
        (2027, eur("12500000.50"), eur("3000000.25")),
        (2028, eur(10_000_000), eur(2_000_000)),
        (2029, eur(11_000_000), eur(11_000_000)),
    ]
    assert pl.approved_budget(r) == tuple(revised_budget)
    assert r.replay() == r


def test_a_rejection_needs_a_reason_and_closes_the_review() -> None:
    r = prepared().submit("p-gm", day(1))
    with pytest.raises(InvalidInputError) as info:
        r.reject("p-bg", day(2), note=" ")
    assert info.value.field == "note"
    done = r.reject("p-bg", day(2), note="margin too thin")
    assert done.state is S.REJECTED
    assert done.allowed() == ()
    assert done.decision is not None
    assert not done.decision.approved
    with pytest.raises(LifecycleError):
        pl.approved_targets(done)


def test_the_transition_table_is_read_only_and_ends_in_a_decision() -> None:
    with pytest.raises(TypeError):
        TABLE[(S.PREPARED, "approve")] = S.APPROVED  # type: ignore[index]
    assert {s for (s, _) in TABLE} == set(S) - {S.APPROVED, S.REJECTED}
    assert set(TABLE.values()) == set(S) - {S.PREPARED}
    assert {a for (_, a) in TABLE} == set(ACTIONS)


# -- properties ------------------------------------------------------------------------------
@given(group_strategy_reviews(max_steps=12))
def test_replay_of_any_valid_history_reproduces_the_state(r: pl.GroupStrategyReview) -> None:
    state = S.PREPARED
    for event in r.history:
        state = TABLE[(state, event.action)]
    assert state is r.state
    fresh = attrs.evolve(r, state=S.PREPARED, history=())
    assert fresh.replay(r.history) == r
    assert r.replay() == r
    for k in range(len(r.history) + 1):  # every prefix is a valid review too
        assert fresh.replay(r.history[:k]).history == r.history[:k]
    assert [row["state"] for row in r.to_records()][-1] == r.state.value
    assert m.loads(m.dumps(r), pl.GroupStrategyReview) == r


@given(group_strategy_reviews(), st.sampled_from(ACTIONS))
def test_an_invalid_transition_changes_nothing(r: pl.GroupStrategyReview, action: str) -> None:
    if (r.state, action) in TABLE:
        return
    before = m.dumps(r)
    late = day(4000)
    calls = {
        "submit": lambda: r.submit("p-gm", late),
        "challenge": lambda: r.challenge("p-bg", late, ["why?"]),
        "revise": lambda: r.revise("p-gm", late, {}),
        "approve": lambda: r.approve("p-bg", late),
        "reject": lambda: r.reject("p-bg", late, note="no"),
    }
    with pytest.raises(LifecycleError) as info:
        calls[action]()
    assert (info.value.state, info.value.transition) == (r.state.value, action)
    assert m.dumps(r) == before
    bad = pl.StrategyReviewEvent(action=action, by="p-x", on=late)
    with pytest.raises(LifecycleError):
        r.replay((*r.history, bad))


@given(group_strategy_reviews(approved=True))
def test_every_approved_reviews_targets_sum_to_its_budget_exactly(
    r: pl.GroupStrategyReview,
) -> None:
    assert r.state is S.APPROVED
    lines = pl.approved_budget(r)
    assert lines == r.current_budget
    targets = pl.approved_targets(r)
    assert [t.year for t in targets] == sorted({ln.year for ln in lines})
    revenue = sum((ln.amount.amount for ln in lines if ln.category == "revenue"), Decimal(0))
    cost = sum((ln.amount.amount for ln in lines if ln.category == "cost"), Decimal(0))
    assert sum((t.revenue.amount for t in targets), Decimal(0)) == revenue
    assert sum((t.margin.amount for t in targets if t.margin), Decimal(0)) == revenue - cost
    assert all(t.margin is not None for t in targets)
    for t in targets:
        mine = [ln for ln in lines if ln.year == t.year]
        assert t.revenue.amount == sum(
            (ln.amount.amount for ln in mine if ln.category == "revenue"), Decimal(0)
        )


@given(group_strategy_reviews(max_steps=10), st.data())
def test_dates_never_go_backwards(r: pl.GroupStrategyReview, data: st.DataObject) -> None:
    if not r.history:
        return
    k = data.draw(st.integers(0, len(r.history) - 1))
    before = r.history[k - 1].on if k else r.prepared_on
    moved = attrs.evolve(r.history[k], on=before - dt.timedelta(days=1))
    with pytest.raises(InvalidInputError) as info:
        r.replay((*r.history[:k], moved, *r.history[k + 1 :]))
    assert info.value.field == f"history[{k}].on"
    doc = json.loads(m.dumps(r))
    doc["data"]["history"][k]["on"] = moved.on.isoformat()
    with pytest.raises(SerializationError, match=rf"history\[{k}\]\.on"):
        m.loads(json.dumps(doc), pl.GroupStrategyReview)


# -- bad inputs ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kw", "error", "field"),
    [
        ({"budget": ()}, InvalidInputError, "GroupStrategyReview.budget"),
        ({"budget": (*BUDGET, line("x", "cost", 2027, 1, "USD"))}, CurrencyMismatchError,
         "GroupStrategyReview.budget[6].amount"),
        ({"budget": (line("x", "cost", 2027, -1),)}, InvalidInputError,
         "GroupStrategyReview.budget[0].amount"),
        ({"budget": (line("x", "cost", 2030, 1),)}, InvalidInputError,
         "GroupStrategyReview.budget[0].year"),
        ({"budget": (line("x", "cost", 2026, 1),)}, InvalidInputError,
         "GroupStrategyReview.budget[0].year"),
        ({"budget": (BUDGET[0], BUDGET[0])}, InvalidInputError, "GroupStrategyReview.budget[1]"),
        ({"budget": ("a line",)}, InvalidInputError, "GroupStrategyReview.budget[0]"),
        ({"reviewer_id": "p-gm"}, InvalidInputError, "GroupStrategyReview.reviewer_id"),
        ({"state": S.APPROVED}, InvalidInputError, "GroupStrategyReview.state"),
        ({"year": 1850}, InvalidInputError, "GroupStrategyReview.year"),
        ({"prepared_by": "a b"}, InvalidInputError, "GroupStrategyReview.prepared_by"),
        ({"history": ("submit",)}, InvalidInputError, "GroupStrategyReview.history[0]"),
        ({"summary": None}, InvalidInputError, "GroupStrategyReview.summary"),
    ],
)  # fmt: skip
def test_bad_reviews_are_refused_naming_the_field(
    kw: dict[str, Any], error: type, field: str
) -> None:
    with pytest.raises(error) as info:
        prepared(**kw)
    assert info.value.field == field


def _submitted() -> pl.GroupStrategyReview:
    return prepared().submit("p-gm", day(1))


@pytest.mark.parametrize(
    ("step", "error", "field"),
    [
        (lambda: _submitted().challenge("p-x", day(2), ["?"]), AuthorityError, "by"),
        (lambda: _submitted().approve("p-x", day(2)), AuthorityError, "by"),
        (lambda: prepared(reviewer_id=None).submit("p-gm", day(1)).approve("p-gm", day(2)),
         AuthorityError, "by"),
        (lambda: prepared().submit("p-bg", day(1)), AuthorityError, "by"),
        (lambda: challenged().revise("p-bg", day(9), {"q1": "a", "q2": "b"}), AuthorityError, "by"),
        (lambda: prepared().submit("p-gm", day(-1)), InvalidInputError, "on"),
        (lambda: challenged().revise("p-gm", day(4), {"q1": "a", "q2": "b"}), InvalidInputError,
         "on"),
        (lambda: _submitted().challenge("p-bg", day(2), []), InvalidInputError, "questions"),
        (lambda: _submitted().challenge("p-bg", day(2), [m_question("q1"), m_question("q1")]),
         InvalidInputError, "StrategyReviewEvent.questions"),
        (lambda: _answered().challenge("p-bg", day(10), [m_question("q2")]), InvalidInputError,
         "questions"),
        (lambda: challenged().revise("p-gm", day(9), {"q1": "a"}), MissingDataError, "answers"),
        (lambda: challenged().revise("p-gm", day(9), {"q9": "a", "q1": "a", "q2": "b"}),
         UnknownReferenceError, "answers[0]"),
        (lambda: challenged().revise("p-gm", day(9), [pl.ReviewAnswer(question_id="q1", text="a"),
                                                      pl.ReviewAnswer(question_id="q1", text="b")]),
         InvalidInputError, "answers[1]"),
        (lambda: challenged().revise("p-gm", day(9), {"q1": "a", "q2": "b"},
                                     budget=[line("x", "revenue", 2027, 1, "USD")]),
         CurrencyMismatchError, "budget"),
        (lambda: challenged().revise("p-gm", day(9), {"q1": "a", "q2": "b"},
                                     budget=[line("x", "revenue", 2031, 1)]),
         InvalidInputError, "budget[0].year"),
        (lambda: _submitted().reject("p-bg", day(2), note=""), InvalidInputError, "note"),
        (lambda: _submitted().challenge("p-bg", day(2), ["why?", 7]), InvalidInputError,
         "ReviewQuestion.text"),
        (lambda: challenged().revise("p-gm", day(9), "q1 q2"), InvalidInputError,
         "StrategyReviewEvent.answers[0]"),
        (lambda: challenged().revise("p-gm", day(9), {"q1": "a", "q2": None}), InvalidInputError,
         "ReviewAnswer.text"),
        (lambda: challenged().revise("p-gm", day(9), {"q1": "a", "q2": "b"}, budget=["x"]),
         InvalidInputError, "StrategyReviewEvent.budget[0]"),
        (lambda: pl.StrategyReviewEvent(action="challenge", by="p-bg", on=D, questions=["why?"]),
         InvalidInputError, "StrategyReviewEvent.questions[0]"),
        (lambda: pl.StrategyReviewEvent(action="submit", by="p-gm", on=D, note=None),
         InvalidInputError, "StrategyReviewEvent.note"),
        (lambda: prepared().replay(["submit"]), InvalidInputError, "history[0]"),
        (lambda: _answered_twice(), UnknownReferenceError, "answers[0]"),
    ],
)  # fmt: skip
def test_bad_steps_are_refused_naming_the_field(step: Any, error: type, field: str) -> None:
    with pytest.raises(error) as info:
        step()
    assert info.value.field == field


def m_question(qid: str) -> pl.ReviewQuestion:
    return pl.ReviewQuestion(id=qid, text="asked twice")


def _answered() -> pl.GroupStrategyReview:
    return challenged().revise("p-gm", day(9), {"q1": "a", "q2": "b"})


def _answered_twice() -> pl.GroupStrategyReview:
    r = _answered().challenge("p-bg", day(10), ["c"])
    assert r.open_questions == ("q3",)
    return r.revise("p-gm", day(11), {"q1": "again", "q3": "c"})


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"action": "approve", "questions": [m_question("q1")]}, "history[1].questions"),
        ({"action": "approve", "answers": [pl.ReviewAnswer(question_id="q1", text="a")]},
         "history[1].answers"),
        ({"action": "challenge", "budget": list(BUDGET)}, "history[1].budget"),
        ({"action": "reject"}, "history[1].note"),
        ({"action": "approve"}, "history[1].role"),
        ({"action": "reject", "note": "thin margin"}, "history[1].role"),
    ],
)  # fmt: skip
def test_replay_refuses_steps_carrying_what_they_may_not(event: dict[str, Any], field: str) -> None:
    r = _submitted()
    bad = pl.StrategyReviewEvent(by="p-bg", on=day(3), **event)
    with pytest.raises(InvalidInputError) as info:
        r.replay((*r.history, bad))
    assert info.value.field == field


def test_targets_only_from_an_approved_review() -> None:
    with pytest.raises(LifecycleError, match="is not approved: cannot 'approved_targets'"):
        pl.approved_targets(challenged())
    with pytest.raises(LifecycleError, match="approved_budget"):
        pl.approved_budget(prepared())
    with pytest.raises(InvalidInputError) as info:
        pl.approved_targets("sr-2027")  # type: ignore[arg-type]
    assert info.value.field == "review"


# -- documents -------------------------------------------------------------------------------
def test_the_stored_document_keeps_loading() -> None:
    text = (DATA / "GroupStrategyReview.json").read_text(encoding="utf-8")
    r = m.loads(text, pl.GroupStrategyReview)
    assert r.state is S.APPROVED
    assert [e.action for e in r.history] == ["submit", "challenge", "revise", "approve"]
    assert m.to_document(r) == json.loads(text) | {"schema_version": m.SCHEMA_VERSION}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("state",), "rejected", "the history leads to 'approved'"),
        (("state",), "prepared", "GroupStrategyReview.state"),
        (("history", 1, "action"), "approve", "history[1].questions: only a challenge asks"),
        (("history", 1, "questions"), [], "history[1].questions: a challenge asks at least one"),
        (("history", 2, "action"), "approve", "cannot 'approve' from state 'challenged'"),
        (("history", 3, "by"), "p-gm", "history[3].by"),
        (("history", 2, "answers"), [], "history[2].answers"),
    ],
)
def test_tampered_documents_are_refused(path: tuple[Any, ...], value: Any, message: str) -> None:
    doc = json.loads((DATA / "GroupStrategyReview.json").read_text(encoding="utf-8"))
    node = doc["data"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(SerializationError) as info:
        m.loads(json.dumps(doc), pl.GroupStrategyReview)
    assert message in str(info.value)


def test_displays(check_display: Any) -> None:
    r = challenged().revise("p-gm", day(9), {"q1": "a", "q2": "b"}, budget=BUDGET[:2])
    r = r.approve("p-bg", day(10))
    assert (
        repr(r) == "<GroupStrategyReview sr-2027 bu-its 2027: approved after 4 steps, 2 questions>"
    )
    rows = r.to_records()
    assert [row["action"] for row in rows] == [
        "prepare",
        "submit",
        "challenge",
        "revise",
        "approve",
    ]
    assert [row["state"] for row in rows][-1] == "approved"
    assert rows[3]["budget_revenue"] == "12000000.50 EUR"
    dialogue = r.dialogue()
    assert repr(dialogue) == "<ReviewDialogue sr-2027: 2 questions (q1, q2), 0 open>"
    assert dialogue.open == ()
    shown = [r, r.history[1], r.questions[0], r.answers[0], r.decision, dialogue, dialogue.items[0]]
    for item in shown:
        check_display(item)
    empty = prepared().dialogue()
    assert empty.to_records() == [{"id": None, "question": "no questions asked"}]
    assert prepared().decision is None


def test_the_sample_units_review_and_propositions() -> None:
    from clientel.sample import load_sample

    unit = load_sample()
    r = unit.strategy_review
    assert r.state is S.APPROVED
    assert r.replay() == r
    assert r.open_questions == ()
    assert len(r.questions) == 4
    assert pl.approved_budget(r) != r.budget  # the group's challenge changed the plan
    targets = pl.approved_targets(r)
    assert [t.year for t in targets] == [2027, 2028, 2029]
    revenue = sum(
        (ln.amount.amount for ln in r.current_budget if ln.category == "revenue"), Decimal(0)
    )
    assert sum((t.revenue.amount for t in targets), Decimal(0)) == revenue
    strategy = attrs.evolve(unit.unit, target_segment_ids=("fin-bank", "hlt", "mfg", "pub"))
    check = m.check_value_propositions(strategy, unit.value_propositions)
    assert check.covered == ("fin-bank", "hlt", "mfg", "pub")


def test_plain_questions_take_the_next_free_ids() -> None:
    r = _submitted().challenge("p-bg", day(2), ["x", m_question("q1"), "y"])
    assert [q.id for q in r.questions] == ["q2", "q1", "q3"]
    r = r.revise("p-gm", day(3), {"q1": "a", "q2": "b", "q3": "c"})
    r = r.challenge("p-bg", day(4), "z")  # one text is one question
    assert [q.id for q in r.questions][-1] == "q4"
