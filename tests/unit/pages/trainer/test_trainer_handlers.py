"""The trainer's and the inbox's event handlers act only for the signed-in user, on their own rows.

As in test_handlers_authz.py: handlers are called directly with forged, revoked and other users' tokens.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import Notification, QuestionReport, QuizAttempt, QuizItem, Topic, User
from interview_app.pages.notifications.notifications import InboxState
from interview_app.pages.trainer.quiz import QuizState
from interview_app.pages.trainer.topics import TopicsState
from interview_app.pages.trainer.trainer import TrainerState
from interview_app.services.notifications import inbox as notifications
from interview_app.services.trainer import quiz, topics
from interview_app.state.notifications import BellState
from tests.support.handlers import new_state
from tests.support.handlers import session_token as _token

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def victim(session: Session, make_user) -> tuple[User, QuizAttempt, QuizItem, Topic, Notification]:
    """A candidate with today's quiz, an own topic and an unread notification."""
    topics.seed_quiz_bank(session)
    user = make_user("victim@example.com")
    user.onboarded_at = utcnow()
    session.add(user)
    attempt = quiz.get_todays_quiz(session, user.id or 0, utcnow())
    _, item = quiz.current_item(session, user.id or 0, attempt.id or 0, utcnow())
    assert item is not None
    own = topics.create_topic(session, user.id or 0, "Acme products")
    note = notifications.notify(session, user.id or 0, "quiz_reminder", "Your daily quiz is ready", link="/trainer")
    assert note is not None
    session.commit()
    return user, attempt, item, own, note


def test_quiz_handlers_never_answer_or_report_for_someone_else(session, make_user, forged_tokens, victim):
    _user, attempt, item, _own, _note = victim
    intruder = make_user("intruder@example.com")
    for token in [*forged_tokens, _token(session, intruder)]:
        state = new_state(QuizState)
        state.session_token, state.item_id, state.kind, state.loaded = token, item.id or 0, "single", True
        state.choice = "0"
        state.submit()
        state.answered = False
        state.dont_know()
        state.question_id, state.report_reason = item.quiz_question_id or 0, "typo"
        state.send_report()
        assert not state.answered
    session.expire_all()
    after = session.get(QuizItem, item.id)
    assert after is not None and after.answered_at is None
    assert session.get(QuizAttempt, attempt.id).answered == 0  # type: ignore[union-attr]
    reports = session.exec(select(QuestionReport)).all()
    assert [r.user_id for r in reports] == [intruder.id]  # reporting a shared question is open to any member


def test_a_signed_in_intruder_is_told_the_question_is_not_theirs(session, make_user, victim):
    _user, _attempt, item, _own, _note = victim
    state = new_state(QuizState)
    state.session_token, state.item_id, state.kind = _token(session, make_user("i@example.com")), item.id or 0, "single"
    state.choice = "0"
    state.submit()
    assert state.error == "That question is not part of your quiz."


def test_topic_handlers_never_touch_someone_elses_topics(session, make_user, forged_tokens, victim):
    _user, _attempt, _item, own, _note = victim
    intruder = make_user("intruder@example.com")
    for token in [*forged_tokens, _token(session, intruder)]:
        state = new_state(TopicsState)
        state.session_token = token
        state.delete_topic(own.id or 0)
        state.set_following(own.id or 0, True)
        state.open_question(own.id or 0, own.name)
        state.q_kind, state.q_prompt, state.q_answer = "short", "Planted question?", "Planted answer"
        state.save_question()
    session.expire_all()
    assert session.get(Topic, own.id) is not None
    mine = session.exec(select(QuizItem).where(QuizItem.user_id == intruder.id)).all()
    assert mine == []
    assert [v.slug for v in topics.list_topics(session, intruder.id or 0) if v.own] == []


def test_trainer_handlers_start_nothing_without_a_valid_session(session, forged_tokens, victim):
    for token in forged_tokens:
        state = new_state(TrainerState)
        state.session_token = token
        state.start_today()
        state.starting = False
        state.practice_count = "5"
        state.start_practice()
    assert session.exec(select(QuizAttempt).where(QuizAttempt.kind == "practice")).all() == []


def test_inbox_handlers_never_read_someone_elses_notifications(session, make_user, forged_tokens, victim):
    user, _attempt, _item, _own, note = victim
    intruder = make_user("intruder@example.com")
    for token in [*forged_tokens, _token(session, intruder)]:
        bell = new_state(BellState)
        bell.session_token = token
        bell.open_item(note.id or 0, "/trainer")
        bell.mark_all_read()
        bell.refresh()
        assert bell.latest == [] and bell.unread == 0
        inbox = new_state(InboxState)
        inbox.session_token = token
        inbox.read_all()
        assert inbox.rows == []
    session.expire_all()
    assert session.get(Notification, note.id).read_at is None  # type: ignore[union-attr]
    owner = new_state(BellState)
    owner.session_token = _token(session, user)
    owner.refresh()
    assert owner.unread == 1 and owner.latest[0]["title"] == "Your daily quiz is ready"
