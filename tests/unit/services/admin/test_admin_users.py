"""Admin work on accounts: the admin check, search, details and every action, each audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.i18n import t
from interview_app.models import AuthSession, InterviewSession, QuizAttempt, QuizItem, TrainerDay, User
from interview_app.services.accounts import accounts
from interview_app.services.admin import users as admin_users
from interview_app.services.admin.users import AdminError, UserFilter
from tests.support.handlers import CLIENT, PASSWORD, events, outbox, session_token


@pytest.fixture
def admin(make_user) -> User:
    return make_user("root@example.com", "Root Admin", role="admin")


def test_the_guard_lets_only_active_admins_through_and_audits_the_rest(session: Session, admin: User, make_user):
    candidate = make_user()
    assert admin_users.admin_guard(session, admin, action="UsersState.load") is admin
    assert admin_users.admin_guard(session, candidate, action="UsersState.set_role", ip="203.0.113.9") is None
    assert admin_users.admin_guard(session, None, action="AuditState.export_csv") is None
    admin.is_active = False
    assert admin_users.admin_guard(session, admin, action="UsersState.load") is None
    denied = events(session, "admin.denied")
    assert [(e.actor_user_id, e.detail["action"]) for e in denied] == [
        (candidate.id, "UsersState.set_role"),
        (None, "AuditState.export_csv"),
        (admin.id, "UsersState.load"),
    ]
    assert denied[0].ip == "203.0.113.9" and denied[0].email == candidate.email


def test_search_filters_by_text_role_activity_and_last_seen(session: Session, admin: User, make_user):
    now = utcnow()
    ada = make_user("ada@example.com", "Ada Lovelace")
    bob = make_user("bob@example.com", "Bob Builder", active=False)
    cyd = make_user("cyd@example.com", "Cyd Charisse")
    ada.last_seen_at, bob.last_seen_at, admin.last_seen_at = now - timedelta(hours=2), now - timedelta(days=40), now
    session.add_all([ada, bob, admin])
    session.commit()

    def emails(**filters) -> list[str]:
        rows, total = admin_users.search_users(session, UserFilter(**filters), now=now)
        assert total == len(rows)
        return [u.email for u in rows]

    assert emails() == ["root@example.com", "ada@example.com", "bob@example.com", "cyd@example.com"]
    assert emails(text="LOVELACE") == ["ada@example.com"]
    assert emails(text="example bob") == ["bob@example.com"]
    assert emails(role="admin") == ["root@example.com"]
    assert emails(active="inactive") == ["bob@example.com"]
    assert emails(seen="day") == ["root@example.com", "ada@example.com"]
    assert emails(seen="dormant") == ["bob@example.com"]
    assert emails(seen="never") == [cyd.email]
    rows, total = admin_users.search_users(session, UserFilter(), limit=2, offset=2, now=now)
    assert total == 4 and [u.email for u in rows] == ["bob@example.com", "cyd@example.com"]


def test_role_changes_are_audited_and_no_one_demotes_themselves(session: Session, admin: User, make_user):
    user = make_user()
    admin_users.change_role(session, admin, user.id or 0, "admin", ip="198.51.100.1")
    assert user.role == "admin"
    (event,) = events(session, "role.changed")
    assert (event.actor_user_id, event.subject_user_id, event.detail) == (
        admin.id,
        user.id,
        {"old": "candidate", "new": "admin"},
    )
    for action in (
        lambda: admin_users.change_role(session, admin, admin.id or 0, "candidate"),
        lambda: admin_users.set_active(session, admin, admin.id or 0, False),
        lambda: admin_users.revoke_sessions(session, admin, admin.id or 0),
    ):
        with pytest.raises(AdminError) as err:
            action()
        assert err.value.code == "not_yourself"
    with pytest.raises(AdminError) as err:
        admin_users.change_role(session, admin, user.id or 0, "owner")
    assert err.value.code == "role_invalid"
    with pytest.raises(AdminError) as err:
        admin_users.change_role(session, admin, 999_999, "admin")
    assert err.value.code == "user_not_found"


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(session: Session, admin: User, make_user):
    """Even by another admin acting on a stale page: someone must be left to run the app (issue 13, item 8)."""
    second = make_user("second@example.com", "Second Admin", role="admin")
    admin_users.change_role(session, admin, second.id or 0, "candidate")  # two admins: fine
    session.commit()
    stale = User(id=second.id, email=second.email, name=second.name, role="admin")  # as their open page saw them
    for action in (
        lambda: admin_users.change_role(session, stale, admin.id or 0, "candidate"),
        lambda: admin_users.set_active(session, stale, admin.id or 0, False),
    ):
        with pytest.raises(AdminError) as err:
            action()
        assert err.value.code == "last_admin"
        assert "another account an admin" in t(f"admin.error.{err.value.code}")
    session.rollback()
    session.refresh(admin)
    assert (admin.role, admin.is_active) == ("admin", True)
    with pytest.raises(accounts.AccountError) as refused:
        accounts.set_role(session, user=admin, role="candidate", actor_user_id=None, client=CLIENT)
    assert refused.value.code == "last_admin"
    dormant = make_user("dormant@example.com", "Dormant Admin", role="admin", active=False)
    with pytest.raises(AdminError):  # a deactivated admin cannot take over
        admin_users.set_active(session, dormant, admin.id or 0, False)
    admin_users.set_active(session, admin, dormant.id or 0, True)
    admin_users.change_role(session, dormant, admin.id or 0, "candidate")  # now another is active
    assert admin.role == "candidate"


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in_until_reactivated(
    session: Session, admin: User, make_user
):
    user = make_user()
    token = session_token(session, user)
    admin_users.set_active(session, admin, user.id or 0, False)
    session.commit()
    assert accounts.resolve_session(session, token) is None
    with pytest.raises(accounts.AccountError) as err:
        accounts.sign_in(session, email=user.email, password=PASSWORD, client=CLIENT)
    assert err.value.code == "account_inactive"
    (event,) = events(session, "user.deactivated")
    assert event.actor_user_id == admin.id and event.detail["sessions_revoked"] == 1
    admin_users.set_active(session, admin, user.id or 0, True)
    session.commit()
    signed_in, _ = accounts.sign_in(session, email=user.email, password=PASSWORD, client=CLIENT)
    assert signed_in.id == user.id
    assert events(session, "user.reactivated")[0].subject_user_id == user.id


def test_revoking_sessions_all_at_once_or_one_by_one(session: Session, admin: User, make_user):
    user, other = make_user(), make_user("other@example.com")
    first, second = session_token(session, user), session_token(session, user)
    assert admin_users.revoke_sessions(session, admin, user.id or 0) == 2
    assert accounts.resolve_session(session, first) is None and accounts.resolve_session(session, second) is None
    assert events(session, "user.sessions_revoked")[0].detail == {"count": 2}
    third = session_token(session, user)
    row = session.exec(
        select(AuthSession).where(AuthSession.user_id == user.id, col(AuthSession.revoked_at).is_(None))
    ).one()  # type: ignore[union-attr]
    foreign = session_token(session, other)
    foreign_row = session.exec(select(AuthSession).where(AuthSession.user_id == other.id)).one()
    with pytest.raises(AdminError) as err:
        admin_users.revoke_session(session, admin, user.id or 0, foreign_row.id or 0)
    assert err.value.code == "session_not_found"
    admin_users.revoke_session(session, admin, user.id or 0, row.id or 0)
    assert accounts.resolve_session(session, third) is None and accounts.resolve_session(session, foreign) is not None
    assert events(session, "user.session_revoked")[0].detail == {"auth_session_id": row.id}


def test_a_password_reset_is_sent_by_e_mail_and_audited(session: Session, admin: User, make_user):
    user = make_user()
    assert admin_users.send_password_reset(session, admin, user.id or 0) == user.email
    (message,) = outbox(session, kind="password_reset")
    assert message.to_email == user.email and "/reset-password?token=" in message.body_text
    assert events(session, "admin.password_reset_sent")[0].actor_user_id == admin.id
    for _ in range(2):
        admin_users.send_password_reset(session, admin, user.id or 0)
    with pytest.raises(AdminError) as err:
        admin_users.send_password_reset(session, admin, user.id or 0)
    assert err.value.code == "reset_rate_limited"
    gone = make_user("gone@example.com", active=False)
    with pytest.raises(AdminError) as err:
        admin_users.send_password_reset(session, admin, gone.id or 0)
    assert err.value.code == "reset_inactive"


def test_details_summarise_scores_sessions_and_events(session: Session, admin: User, make_user):
    user = make_user()
    session_token(session, user)
    now = utcnow()
    for score, done in ((60, True), (80, True), (None, False)):
        session.add(
            InterviewSession(
                user_id=user.id or 0,
                interview_type="mixed",
                difficulty="medium",
                status="completed" if done else "in_progress",
                overall_score=score,
                ended_at=now if done else None,
            )
        )
    attempt = QuizAttempt(user_id=user.id or 0, local_date=now.date())
    session.add(attempt)
    session.flush()
    for position, correct in enumerate((True, True, False)):
        session.add(
            QuizItem(
                attempt_id=attempt.id or 0, user_id=user.id or 0, position=position, correct=correct, answered_at=now
            )
        )
    session.add(QuizItem(attempt_id=attempt.id or 0, user_id=user.id or 0, position=3))
    session.add(TrainerDay(user_id=user.id or 0, day=now.date(), answered=3, goal_met=True))
    admin_users.revoke_sessions(session, admin, user.id or 0)
    session.commit()
    details = admin_users.user_details(session, user.id or 0)
    scores = details.scores
    assert (scores.interviews, scores.completed, scores.average, scores.best) == (3, 2, 70.0, 80)
    assert (scores.quiz_answered, scores.quiz_correct, scores.trainer_days, scores.streak) == (3, 2, 1, 1)
    assert len(details.sessions) == 1 and not admin_users.session_is_live(details.sessions[0])
    assert details.profile is not None and details.events[0].event == "user.sessions_revoked"
    assert admin_users.counts(session) == {"users": 2, "admins": 1, "inactive": 0, "seen_today": 1}
