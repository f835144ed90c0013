"""Task functions: thin, idempotent wrappers over services, runnable by name."""

from __future__ import annotations

import logging
from collections.abc import Callable

from interview_app import db
from interview_app.services import accounts, mail, rate_limit

log = logging.getLogger(__name__)


def deliver_mail(message_id: int) -> str:
    """Send one queued e-mail over SMTP."""
    return mail.deliver(message_id)


def deliver_pending_mail() -> int:
    """Send every e-mail still queued (picked up again after a restart)."""
    with db.session_scope() as session:
        ids = mail.queued_ids(session)
    for message_id in ids:
        try:
            mail.deliver(message_id)
        except Exception:  # one bad message must not stop the rest
            log.exception("delivering mail %s failed", message_id)
    return len(ids)


def prune_security_tables() -> int:
    """Delete expired sessions, used tokens and old rate-limit counters."""
    with db.session_scope() as session:
        return accounts.prune_expired(session) + rate_limit.prune(session)


TASKS: dict[str, Callable[..., object]] = {
    "deliver_mail": deliver_mail,
    "deliver_pending_mail": deliver_pending_mail,
    "prune_security_tables": prune_security_tables,
}
