"""Daily-quiz reminders: in the app, by e-mail and by web push, each at most once per user, day and channel.

Every few minutes the scheduler calls `send_due_reminders`. A user is due once their local clock has passed
their trainer time and today's daily quiz (their own calendar day) exists and is not completed. The in-app
notification is created at once; e-mail and push wait while the user's quiet hours last and go out when
they end, unless the quiz was completed meanwhile. Before anything is sent, a `reminders_sent` row for
(user, day, channel) is claimed with "insert or ignore", so two scheduler runs racing each other send once.

Reminder e-mails carry a signed one-click unsubscribe link (RFC 8058 `List-Unsubscribe` headers).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from interview_app import routes
from interview_app.clock import local_now, parse_hhmm
from interview_app.db import insert_once
from interview_app.i18n import t
from interview_app.models import Profile, QuizAttempt, ReminderSent, User
from interview_app.services.notifications import inbox as notifications
from interview_app.services.notifications import mail, webpush
from interview_app.services.shared import audit
from interview_app.settings import get_settings

log = logging.getLogger(__name__)


UNSUBSCRIBE_PATH = f"{routes.API_PREFIX}/reminders/unsubscribe"
NOTIFICATION_KIND = "quiz_reminder"
DEFAULT_TRAINER_TIME = time(8, 0)
MIN_PUSH_TTL_SECONDS = 600


class ReminderError(ValueError):
    """A refused reminder request; `code` is a key under `reminder.error.` in the catalogue (`interview_app/i18n`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class _Due:
    """Plain facts about one user whose daily quiz waits (read before any commit, so nothing reloads)."""

    user_id: int
    email: str
    name: str
    email_verified: bool
    language: str
    remind_in_app: bool
    remind_email: bool
    remind_push: bool
    quiet_start: str
    quiet_end: str
    day: date
    local: datetime


def in_quiet_hours(local_time: time, start: str | time, end: str | time) -> bool:
    """Whether a local time of day falls in the quiet hours from `start` (inclusive) to `end` (exclusive).

    Quiet hours may wrap past midnight (22:00 to 07:00). `start == end`, or a value that is not `HH:MM`,
    means no quiet hours at all.

    Args:
        local_time: The user's wall-clock time.
        start: When quiet hours begin, `HH:MM` local time.
        end: When they end, `HH:MM` local time.

    Returns:
        True when nothing but in-app reminders may be sent now.

    """
    begin, finish = parse_hhmm(start), parse_hhmm(end)
    if begin is None or finish is None or begin == finish:
        return False
    moment = local_time.replace(second=0, microsecond=0, tzinfo=None)
    if begin < finish:
        return begin <= moment < finish
    return moment >= begin or moment < finish


def _signature(user_id: int) -> str:
    key = get_settings().secret_key.encode()
    digest = hmac.new(key, f"reminder-unsubscribe:{user_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def unsubscribe_token(user_id: int) -> str:
    """A token that turns off one user's reminder e-mails, signed with the app's secret key (no expiry)."""
    return f"{user_id}.{_signature(user_id)}"


def unsubscribe_url(user_id: int) -> str:
    """The absolute one-click unsubscribe link for a user's reminder e-mails."""
    return routes.with_token(UNSUBSCRIBE_PATH, unsubscribe_token(user_id), get_settings().public_url)


def user_of_unsubscribe_token(token: str) -> int | None:
    """The user id a token was made for, or None when it is malformed or its signature does not match."""
    user_part, _, signature = (token or "").strip().partition(".")
    if not user_part.isdigit() or len(user_part) > 12 or not signature:
        return None
    user_id = int(user_part)
    if not hmac.compare_digest(signature.encode(), _signature(user_id).encode()):
        return None
    return user_id


def unsubscribe_email(session: Session, token: str, *, ip: str = "", one_click: bool = False) -> bool:
    """Turn off reminder e-mails for the user a signed unsubscribe token names, and audit it.

    Args:
        session: The open database session; the caller commits.
        token: The token from the unsubscribe link.
        ip: The client address, for the audit log.
        one_click: True for the mail client's RFC 8058 POST, False for a person opening the link.

    Returns:
        True when e-mail reminders were on and are now off; False when they were already off.

    Raises:
        ReminderError: `unsubscribe_invalid` for a malformed or tampered token.

    """
    user_id = user_of_unsubscribe_token(token)
    if user_id is None:
        raise ReminderError("unsubscribe_invalid")
    profile = session.get(Profile, user_id)
    if profile is None or not profile.remind_email:
        return False
    profile.remind_email = False
    session.add(profile)
    audit.record(
        session,
        "reminders.email_unsubscribed",
        actor_user_id=user_id,
        subject_user_id=user_id,
        ip=ip,
        via="one_click" if one_click else "link",
    )
    return True


def _due(session: Session, now_utc: datetime) -> list[_Due]:
    """Active users whose daily quiz for their local today is not completed and whose trainer time has passed."""
    utc_day = now_utc.astimezone(UTC).date()
    rows = session.exec(
        select(QuizAttempt, Profile, User)
        .join(User, col(User.id) == QuizAttempt.user_id)
        .join(Profile, col(Profile.user_id) == QuizAttempt.user_id)
        .where(
            QuizAttempt.kind == "daily",
            QuizAttempt.status != "completed",
            col(User.is_active).is_(True),
            # Every time zone's today is within a day of UTC's.
            col(QuizAttempt.local_date).between(utc_day - timedelta(days=1), utc_day + timedelta(days=1)),
        )
        .order_by(col(QuizAttempt.user_id))
    ).all()
    due: list[_Due] = []
    for attempt, profile, user in rows:
        local = local_now(profile, now_utc)
        starts = parse_hhmm(profile.trainer_time) or DEFAULT_TRAINER_TIME
        if attempt.local_date != local.date() or local.time() < starts or user.id is None:
            continue
        if not (profile.remind_in_app or profile.remind_email or profile.remind_push):
            continue
        due.append(
            _Due(
                user_id=user.id,
                email=user.email,
                name=user.name,
                email_verified=user.email_verified_at is not None,
                language=profile.language,
                remind_in_app=profile.remind_in_app,
                remind_email=profile.remind_email,
                remind_push=profile.remind_push,
                quiet_start=profile.quiet_start,
                quiet_end=profile.quiet_end,
                day=attempt.local_date,
                local=local,
            )
        )
    return due


def _claim(session: Session, user_id: int, day: date, channel: str, outcome: str = "") -> ReminderSent | None:
    """Claim the one reminder of `channel` for the user's day; None when it was claimed before."""
    if not insert_once(session, ReminderSent(user_id=user_id, day=day, channel=channel, outcome=outcome)):
        return None
    return session.exec(
        select(ReminderSent).where(
            ReminderSent.user_id == user_id, ReminderSent.day == day, ReminderSent.channel == channel
        )
    ).one()


def _absolute(path: str) -> str:
    return get_settings().public_url.rstrip("/") + path


def _queue_email(session: Session, due: _Due) -> int | None:
    unsubscribe = unsubscribe_url(due.user_id)
    body = t(
        "reminder.email.body",
        due.language,
        name=due.name,
        link=_absolute(routes.TRAINER),
        settings=_absolute(routes.SETTINGS),
        unsubscribe=unsubscribe,
    )
    message = mail.queue(
        session,
        to=due.email,
        subject=t("reminder.email.subject", due.language),
        body=body,
        kind="reminder",
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    return message.id


def _push_ttl(local: datetime) -> int:
    """Seconds until the user's local midnight, when today's reminder stops making sense."""
    zone = local.tzinfo or UTC
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    seconds = (midnight.astimezone(UTC) - local.astimezone(UTC)).total_seconds()
    return max(MIN_PUSH_TTL_SECONDS, int(seconds))


def _claim_and_queue(session: Session, due: _Due) -> tuple[list[str], ReminderSent | None]:
    """Claim and prepare one user's reminders: the in-app one always, e-mail and push outside quiet hours.

    Returns:
        The channels handled now (`in_app`, `email`, or `deferred` when quiet hours hold e-mail or push
        back), and the claimed push reminder, to be sent once the claim has committed.

    """
    handled: list[str] = []
    if due.remind_in_app and _claim(session, due.user_id, due.day, "in_app", "created"):
        notifications.notify(
            session,
            due.user_id,
            NOTIFICATION_KIND,
            t("reminder.in_app.title", due.language),
            t("reminder.in_app.body", due.language),
            link=routes.TRAINER,
            dedupe_key=f"quiz:{due.user_id}:{due.day.isoformat()}",
        )
        handled.append("in_app")
    wants_email = due.remind_email and due.email_verified
    wants_push = due.remind_push and webpush.subscription_count(session, due.user_id) > 0
    if in_quiet_hours(due.local.time(), due.quiet_start, due.quiet_end):
        # Nothing is claimed: the next run after the quiet hours sends them if the quiz is still open.
        return [*handled, "deferred"] if wants_email or wants_push else handled, None
    email_claim = _claim(session, due.user_id, due.day, "email") if wants_email else None
    if email_claim is not None:
        email_claim.outcome = f"queued message {_queue_email(session, due)}"
        session.add(email_claim)
        handled.append("email")
    push_claim = _claim(session, due.user_id, due.day, "push") if wants_push else None
    return handled, push_claim


def _send_push(session: Session, due: _Due, claim: ReminderSent) -> bool:
    """Send the claimed push reminder to the user's browsers; True when at least one accepted it."""
    payload = {
        "title": t("reminder.push.title", due.language),
        "body": t("reminder.push.body", due.language),
        "url": routes.TRAINER,
        "tag": f"quiz-{due.day.isoformat()}",
    }
    total = webpush.subscription_count(session, due.user_id)
    delivered = webpush.send(session, due.user_id, payload, ttl=_push_ttl(due.local), urgency="normal")
    claim.outcome = f"delivered to {delivered} of {total}"
    session.add(claim)
    return delivered > 0


def send_due_reminders(session: Session, now_utc: datetime) -> dict[str, int]:
    """Send every daily-quiz reminder that is due at `now_utc`; safe to run often and in several processes.

    Each user's claims, in-app notification and queued e-mail are committed together (the e-mail goes out
    after that commit); web push is sent only after its claim has committed. A user whose reminders fail is
    logged and rolled back, and the others still get theirs.

    Args:
        session: A session from `db.session_scope`; it is committed once or twice per user, and queued
            e-mail is handed to delivery when the scope ends.
        now_utc: The current time (timezone-aware; naive is taken as UTC).

    Returns:
        Counts: `due` users, reminders sent per channel (`in_app`, `email`, and `push` when at least one
        browser accepted it), users `deferred` by quiet hours and users that `failed`.

    """
    if now_utc.tzinfo is None:
        now_utc = now_utc.replace(tzinfo=UTC)
    counts = {"due": 0, "in_app": 0, "email": 0, "push": 0, "deferred": 0, "failed": 0}
    due_users = _due(session, now_utc)
    counts["due"] = len(due_users)
    for due in due_users:
        # E-mail queued by users already committed must still be delivered if this one fails.
        delivered_later = list(session.info.get("after_commit", []))
        try:
            handled, push_claim = _claim_and_queue(session, due)
            session.commit()
            delivered_later = list(session.info.get("after_commit", []))
            for channel in handled:
                counts[channel] += 1
            if push_claim is not None:
                counts["push"] += _send_push(session, due, push_claim)
                session.commit()
        except Exception:  # one user's failure must not stop the others
            session.rollback()
            session.info["after_commit"] = delivered_later
            log.exception("reminders for user %s failed", due.user_id)
            counts["failed"] += 1
    return counts
