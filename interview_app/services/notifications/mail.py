"""The one mail service: SMTP when configured, otherwise a local outbox.

Every message is first stored as a row (the outbox and delivery log). With SMTP
configured the row is `queued` and delivered after the caller's transaction commits,
by the job runner when one is running (it also retries rows left queued by a crash),
or right away otherwise. Without SMTP the row is `stored`: admins read it on the
outbox page, the machine's owner with `python -m interview_app outbox`.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

from sqlmodel import Session, select

from interview_app import db
from interview_app.clock import local_now
from interview_app.i18n import formats, normalise
from interview_app.models import AuditEvent, OutboxMessage, Profile, User
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Headers the mail service sets itself; callers may add others (e.g. List-Unsubscribe), never these.
_OWN_HEADERS = frozenset({"from", "to", "cc", "bcc", "subject", "message-id", "date", "content-type"})
_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]{1,76}$")
_LINK = re.compile(r"https?://\S+")
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
# RFC 5322 allows 998 characters a line. With the default 78, a header holding one long URL (List-Unsubscribe)
# would be turned into encoded words that mail clients cannot read as a URL.
_POLICY = policy.default.clone(max_line_length=998)

_dispatcher: Callable[[int], None] | None = None


def set_dispatcher(dispatch: Callable[[int], None] | None) -> None:
    """Hand queued message ids to `dispatch` (the job runner) instead of sending inline."""
    global _dispatcher
    _dispatcher = dispatch


def recipient_language(session: Session, user_id: int | None) -> str:
    """The language to write to a user in: their profile's (English before they have one)."""
    profile = session.get(Profile, user_id) if user_id is not None else None
    return normalise(profile.language) if profile is not None else "en"


def queue(
    session: Session, *, to: str, subject: str, body: str, kind: str, headers: dict[str, str] | None = None
) -> OutboxMessage:
    """Store an e-mail and arrange its delivery once `session` commits.

    Args:
        session: The caller's open session (from `db.session_scope`).
        to: Recipient address.
        subject: Subject line.
        body: Plain-text body.
        kind: What the mail is for (`verify_email`, `password_reset`, ...).
        headers: Extra headers such as `List-Unsubscribe`; stored with the message and sent by SMTP.

    Returns:
        The stored message row.

    Raises:
        ValueError: A header would replace one the mail service sets, or has a bad name or a line break.

    """
    extra = _checked_headers(headers or {})
    smtp = get_settings().smtp_enabled
    message = OutboxMessage(
        to_email=to,
        subject=subject[:200],
        body_text=body,
        headers=extra,
        kind=kind,
        transport="smtp" if smtp else "outbox",
        status="queued" if smtp else "stored",
    )
    session.add(message)
    session.flush()
    if smtp:
        message_id = message.id
        assert message_id is not None
        db.after_commit(session, lambda: _dispatch(message_id))
    return message


def _checked_headers(headers: dict[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        if not _HEADER_NAME.match(name) or name.lower() in _OWN_HEADERS:
            raise ValueError(f"header {name!r} cannot be set by callers")
        if "\r" in value or "\n" in value:
            raise ValueError(f"header {name!r} contains a line break")
    return dict(headers)


def _dispatch(message_id: int) -> None:
    if _dispatcher is not None:
        _dispatcher(message_id)
    else:
        deliver(message_id)


def deliver(message_id: int) -> str:
    """Send one queued message over SMTP and record the result; returns the new status.

    A failed attempt leaves the message queued for the next `deliver_pending_mail` run;
    after MAX_ATTEMPTS failures it is marked failed with the last error.
    """
    with db.session_scope() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None or message.status != "queued":
            return message.status if message else "missing"
        try:
            send_smtp(message.to_email, message.subject, message.body_text, message.headers)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("mail %s to %s failed: %s", message_id, message.to_email, exc)
            message.attempts += 1
            # Stays queued (retried by deliver_pending_mail) until MAX_ATTEMPTS have failed.
            message.status = "failed" if message.attempts >= MAX_ATTEMPTS else "queued"
            message.error = f"{type(exc).__name__}: {exc}"[:500]
        else:
            message.attempts += 1
            message.status = "sent"
            message.error = ""
        session.add(message)
        return message.status


def queued_ids(session: Session) -> list[int]:
    """Ids of messages still waiting for SMTP delivery (e.g. after a restart)."""
    rows = session.exec(select(OutboxMessage.id).where(OutboxMessage.status == "queued")).all()
    return [i for i in rows if i is not None]


def send_smtp(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> None:
    """Send one plain-text message, with any extra `headers`, over the configured SMTP server."""
    s = get_settings()
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = s.mail_from
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain=s.mail_from.rsplit("@", 1)[-1].strip("> ") or "localhost")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if s.smtp_security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
    with client:
        if s.smtp_security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if s.smtp_username:
            client.login(s.smtp_username, s.smtp_password)
        client.send_message(msg)


def recent_outbox(session: Session, limit: int = 50, *, to: str | None = None) -> list[OutboxMessage]:
    """The newest messages, newest first, for the outbox page (admins) and the `outbox` command.

    Args:
        session: An open session.
        limit: At most this many messages.
        to: Only messages to this (normalised) address.

    Returns:
        The messages, newest first.

    """
    query = select(OutboxMessage)
    if to is not None:
        query = query.where(OutboxMessage.to_email == to)
    rows = session.exec(query.order_by(OutboxMessage.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    return list(rows)


def links_in(body: str) -> list[str]:
    """The http(s) links in a message body, in order."""
    return _LINK.findall(body)


def as_row(message: OutboxMessage, lang: str = "en", profile: Profile | None = None) -> dict[str, str | list[str]]:
    """A message as plain values for a page; links as paths, so they work whatever host and port serve the app.

    Its time is written for `lang` on the clock of `profile` (the recipient's; UTC without one, as the dev outbox).
    """
    return {
        "id": str(message.id),
        "to": message.to_email,
        "subject": message.subject,
        "body": message.body_text,
        "time": formats.date_time(local_now(profile, message.created_at), lang),
        "status": message.status,
        "links": [re.sub(r"^https?://[^/]+", "", u) for u in links_in(message.body_text)],
    }


def own_mail_in_app() -> bool:
    """Whether signed-in users see the e-mails sent to their own address in the app.

    Only while mail stays in the local outbox and only this machine can reach the app (not in production,
    listening on loopback): there, reading one's own mail in the app proves nothing an attacker could fake
    from elsewhere. Anywhere else it would let someone who registered with another person's address confirm it.
    """
    settings = get_settings()
    return not settings.smtp_enabled and not settings.is_production and settings.listen_host in _LOOPBACK


def own_messages(session: Session, user: User, limit: int = 20) -> list[OutboxMessage]:
    """The outbox messages to the user's current address since the user has held it, newest first.

    Empty unless `own_mail_in_app()`. Mail to the address from before the account existed, or before the user
    changed to it, may have been someone else's and is left out.
    """
    if not own_mail_in_app() or user.id is None:
        return []
    changed = session.exec(
        select(AuditEvent.created_at)
        .where(AuditEvent.event == "email.changed", AuditEvent.subject_user_id == user.id)
        .order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
    ).first()
    since = max(user.created_at, changed) if changed else user.created_at
    rows = session.exec(
        select(OutboxMessage)
        .where(
            OutboxMessage.to_email == user.email,
            OutboxMessage.transport == "outbox",
            OutboxMessage.created_at >= since,
        )
        .order_by(OutboxMessage.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    ).all()
    return list(rows)
