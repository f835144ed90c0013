"""Admin work on accounts: the admin check, finding users, their details and the actions on them.

Every admin action is written to the audit log with the admin as actor. Admins cannot demote, deactivate
or sign out themselves here; another admin or the CLI can, as long as one active admin is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from interview_app.clock import aware, utcnow
from interview_app.models import (
    AuditEvent,
    AuthSession,
    InterviewSession,
    Profile,
    QuizItem,
    TrainerDay,
    User,
)
from interview_app.services.accounts import accounts, two_factor
from interview_app.services.shared import audit
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.services.trainer import streaks

ROLE_FILTERS = ("all", "candidate", "admin")
ACTIVE_FILTERS = ("all", "active", "inactive")
SEEN_FILTERS = ("any", "day", "week", "month", "dormant", "never")
_SEEN_DAYS = {"day": 1, "week": 7, "month": 30}
DORMANT_DAYS = 30
MAX_PAGE = 100


class AdminError(ValueError):
    """An admin action that cannot be done; `code` is a strings key under "admin.error."."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def admin_guard(session: Session, user: User | None, *, action: str, ip: str = "") -> User | None:
    """The user when they are an active admin; otherwise None, with an `admin.denied` audit event.

    Args:
        session: The open database session (the caller commits, so the event is kept).
        user: Who the server resolved from the session token (None for a forged or expired token).
        action: The handler or action that was asked for, e.g. `UsersState.set_role`.
        ip: The client address.

    Returns:
        The admin, or None when the caller must do nothing.

    """
    if user is not None and user.is_active and user.role == "admin":
        return user
    audit.record(
        session,
        "admin.denied",
        actor_user_id=user.id if user else None,
        subject_user_id=user.id if user else None,
        email=user.email if user else "",
        ip=ip,
        action=action[:120],
    )
    return None


@dataclass(frozen=True)
class UserFilter:
    """What the users list is narrowed to; "all"/"any" mean no restriction."""

    text: str = ""
    role: str = "all"
    active: str = "all"
    seen: str = "any"


def search_users(
    session: Session,
    flt: UserFilter,
    *,
    limit: int = 25,
    offset: int = 0,
    now: datetime | None = None,
    order: str = "seen",
) -> tuple[list[User], int]:
    """Users matching the filter; returns (page, total).

    `order="seen"` (the page): most recently seen first; `order="id"`: oldest account first, an order that
    sign-ins do not reshuffle, for walking every page.
    """
    now = now or utcnow()
    query = select(User)
    for word in flt.text.lower().split()[:5]:
        pattern = f"%{word[:80]}%"
        query = query.where(or_(func.lower(User.email).like(pattern), func.lower(User.name).like(pattern)))
    if flt.role in ("candidate", "admin"):
        query = query.where(User.role == flt.role)
    if flt.active in ("active", "inactive"):
        query = query.where(User.is_active == (flt.active == "active"))
    if flt.seen in _SEEN_DAYS:
        query = query.where(col(User.last_seen_at) >= now - timedelta(days=_SEEN_DAYS[flt.seen]))
    elif flt.seen == "dormant":
        query = query.where(col(User.last_seen_at) < now - timedelta(days=DORMANT_DAYS))
    elif flt.seen == "never":
        query = query.where(col(User.last_seen_at).is_(None))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = (
        query.order_by(col(User.id))
        if order == "id"
        else query.order_by(col(User.last_seen_at).desc().nulls_last(), col(User.id).desc())
    )
    rows = session.exec(ordered.limit(min(limit, MAX_PAGE)).offset(max(offset, 0))).all()
    return list(rows), int(total)


@dataclass(frozen=True)
class ScoreSummary:
    """What a user has done: interviews, scores and the daily trainer."""

    interviews: int
    completed: int
    average: float | None
    best: int | None
    last_interview: datetime | None
    quiz_answered: int
    quiz_correct: int
    trainer_days: int
    streak: int


@dataclass(frozen=True)
class UserDetails:
    """One user as the admin details page shows them."""

    user: User
    profile: Profile | None
    sessions: list[AuthSession]
    scores: ScoreSummary
    events: list[AuditEvent]
    two_factor: bool = False  # whether the user has two-factor sign-in on


def get_user(session: Session, user_id: int) -> User:
    """The user with this id, or AdminError("user_not_found")."""
    user = session.get(User, user_id)
    if user is None:
        raise AdminError("user_not_found")
    return user


def score_summary(session: Session, user_id: int, today: date | None = None) -> ScoreSummary:
    """Interview and trainer totals of one user."""
    started, completed, average, best, last = session.execute(
        sa_select(
            func.count(col(InterviewSession.id)),
            func.count(col(InterviewSession.ended_at)),
            func.avg(InterviewSession.overall_score),
            func.max(InterviewSession.overall_score),
            func.max(InterviewSession.started_at),
        ).where(col(InterviewSession.user_id) == user_id)
    ).one()
    answered, correct = session.exec(
        select(
            func.count(col(QuizItem.answered_at)), func.count(col(QuizItem.id)).filter(col(QuizItem.correct).is_(True))
        )
        .where(QuizItem.user_id == user_id)
        .where(col(QuizItem.answered_at).is_not(None))
    ).one()
    days = session.exec(select(func.count()).where(TrainerDay.user_id == user_id, TrainerDay.answered > 0)).one()
    streak = streaks.streak_for(session, user_id, today or utcnow().date())
    return ScoreSummary(
        interviews=int(started),
        completed=int(completed),
        average=round(float(average), 1) if average is not None else None,
        best=int(best) if best is not None else None,
        last_interview=aware(last) if last else None,
        quiz_answered=int(answered),
        quiz_correct=int(correct),
        trainer_days=int(days),
        streak=streak.current,
    )


def user_details(session: Session, user_id: int, *, sessions: int = 20, events: int = 10) -> UserDetails:
    """Profile, recent sign-in sessions, scores and the latest audit events about one user."""
    user = get_user(session, user_id)
    auth_sessions = session.exec(
        select(AuthSession)
        .where(AuthSession.user_id == user_id)
        .order_by(col(AuthSession.last_used_at).desc())
        .limit(sessions)
    ).all()
    recent = session.exec(
        select(AuditEvent)
        .where(or_(col(AuditEvent.subject_user_id) == user_id, col(AuditEvent.actor_user_id) == user_id))
        .order_by(col(AuditEvent.id).desc())
        .limit(events)
    ).all()
    return UserDetails(
        user=user,
        profile=session.get(Profile, user_id),
        sessions=list(auth_sessions),
        scores=score_summary(session, user_id),
        events=list(recent),
        two_factor=two_factor.is_enabled(session, user),
    )


def session_is_live(row: AuthSession, now: datetime | None = None) -> bool:
    """True while a sign-in session can still be used."""
    return row.revoked_at is None and aware(row.expires_at) > (now or utcnow())


def _not_self(admin: User, user: User) -> None:
    if admin.id == user.id:
        raise AdminError("not_yourself")


def change_role(session: Session, admin: User, user_id: int, role: str, ip: str = "") -> User:
    """Make a user a candidate or an admin (audited as `role.changed`)."""
    if role not in accounts.ROLES:
        raise AdminError("role_invalid")
    user = get_user(session, user_id)
    _not_self(admin, user)
    try:
        accounts.set_role(session, user=user, role=role, actor_user_id=admin.id, client=accounts.Client(ip=ip))
    except accounts.AccountError as exc:
        raise AdminError(exc.code) from exc
    return user


def set_active(session: Session, admin: User, user_id: int, active: bool, ip: str = "") -> User:
    """Deactivate a user (they cannot sign in, every session ends) or reactivate them."""
    user = get_user(session, user_id)
    _not_self(admin, user)
    if user.is_active == active:
        return user
    if not active and accounts.is_last_active_admin(session, user):
        raise AdminError("last_admin")
    user.is_active = active
    session.add(user)
    revoked = 0 if active else accounts.revoke_all_sessions(session, user_id)
    audit.record(
        session,
        "user.reactivated" if active else "user.deactivated",
        actor_user_id=admin.id,
        subject_user_id=user_id,
        email=user.email,
        ip=ip,
        sessions_revoked=revoked,
    )
    return user


def revoke_sessions(session: Session, admin: User, user_id: int, ip: str = "") -> int:
    """End every live session of a user; returns how many were live."""
    user = get_user(session, user_id)
    _not_self(admin, user)
    count = accounts.revoke_all_sessions(session, user_id)
    audit.record(session, "user.sessions_revoked", actor_user_id=admin.id, subject_user_id=user_id, ip=ip, count=count)
    return count


def revoke_session(session: Session, admin: User, user_id: int, auth_session_id: int, ip: str = "") -> None:
    """End one sign-in session of a user (it must be theirs)."""
    row = session.get(AuthSession, auth_session_id)
    if row is None or row.user_id != user_id:
        raise AdminError("session_not_found")
    _not_self(admin, get_user(session, user_id))
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
    audit.record(
        session,
        "user.session_revoked",
        actor_user_id=admin.id,
        subject_user_id=user_id,
        ip=ip,
        auth_session_id=auth_session_id,
    )


def send_password_reset(session: Session, admin: User, user_id: int, ip: str = "") -> str:
    """E-mail the user a password reset link (the usual link, lifetime and rate limit); returns the address."""
    user = get_user(session, user_id)
    if not user.is_active:
        raise AdminError("reset_inactive")
    try:
        accounts.request_password_reset(session, email=user.email, client=accounts.Client(ip=ip))
    except RateLimited as exc:
        raise AdminError("reset_rate_limited") from exc
    audit.record(
        session, "admin.password_reset_sent", actor_user_id=admin.id, subject_user_id=user_id, email=user.email, ip=ip
    )
    return user.email


def counts(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Totals for the admin overview: users, admins, deactivated, seen in the last day."""
    now = now or utcnow()
    total, admins, inactive, today = session.exec(
        select(
            func.count(col(User.id)),
            func.count(col(User.id)).filter(col(User.role) == "admin"),
            func.count(col(User.id)).filter(col(User.is_active).is_(False)),
            func.count(col(User.id)).filter(col(User.last_seen_at) >= now - timedelta(days=1)),
        )
    ).one()
    return {"users": int(total), "admins": int(admins), "inactive": int(inactive), "seen_today": int(today)}
