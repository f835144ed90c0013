"""The mail service: local outbox without SMTP, and real delivery to a local SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from interview_app import db
from interview_app.jobs import tasks
from interview_app.models import OutboxMessage, Profile
from interview_app.services.accounts import accounts
from interview_app.services.notifications import mail
from interview_app.settings import get_settings
from tests.support.fake_smtp import Collector
from tests.support.handlers import PASSWORD, token_in
from tests.support.live_server import free_port


def all_messages() -> list[OutboxMessage]:
    """Every outbox row, read in a fresh session (delivery happens in other sessions)."""
    with Session(db.get_engine()) as fresh:
        return list(fresh.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())  # type: ignore[arg-type]


# --- without SMTP: the local outbox --------------------------------------------------------


def test_smtp_is_off_in_tests():
    assert not get_settings().smtp_enabled


def test_queue_without_smtp_stores_the_message(session):
    message = mail.queue(session, to="ada@example.com", subject="Hello", body="Body text", kind="test")
    assert message.id is not None  # flushed, so callers can refer to it
    assert (message.transport, message.status, message.error) == ("outbox", "stored", "")
    assert "after_commit" not in session.info  # nothing to deliver later
    session.commit()
    [stored] = all_messages()
    assert (stored.to_email, stored.subject, stored.body_text, stored.kind) == (
        "ada@example.com",
        "Hello",
        "Body text",
        "test",
    )
    assert mail.queued_ids(session) == []


def test_queue_truncates_long_subjects(session):
    message = mail.queue(session, to="ada@example.com", subject="s" * 500, body="b", kind="test")
    assert len(message.subject) == 200


def test_recent_outbox_is_newest_first_and_limited(session):
    for i in range(5):
        mail.queue(session, to=f"u{i}@example.com", subject=f"#{i}", body="b", kind="test")
    session.commit()
    assert [m.subject for m in mail.recent_outbox(session)] == ["#4", "#3", "#2", "#1", "#0"]
    assert [m.subject for m in mail.recent_outbox(session, limit=2)] == ["#4", "#3"]


def test_deliver_leaves_stored_and_missing_messages_alone(session):
    message = mail.queue(session, to="ada@example.com", subject="s", body="b", kind="test")
    session.commit()
    assert message.id is not None
    assert mail.deliver(message.id) == "stored"
    assert mail.deliver(123456) == "missing"


# --- with a real SMTP server ---------------------------------------------------------------


@pytest.mark.smtp
def test_queued_mail_is_delivered_after_the_transaction_commits(smtp):
    with db.session_scope() as scoped:
        message = mail.queue(scoped, to="ada@example.com", subject="Welcome", body="Hello Ada,\nline two", kind="test")
        assert (message.transport, message.status) == ("smtp", "queued")
        assert smtp.envelopes == []  # nothing leaves before the commit

    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["ada@example.com"]
    assert envelope.mail_from == "no-reply@localhost"
    [received] = smtp.messages()
    assert received["Subject"] == "Welcome"
    assert received["To"] == "ada@example.com"
    assert received["From"] == get_settings().mail_from
    assert received["Message-ID"].endswith("@localhost>")
    assert received.get_payload(decode=True).decode().replace("\r\n", "\n").strip() == "Hello Ada,\nline two"
    [row] = all_messages()
    assert (row.status, row.transport, row.error) == ("sent", "smtp", "")


@pytest.mark.smtp
def test_rolled_back_mail_is_never_sent(smtp):
    with pytest.raises(RuntimeError), db.session_scope() as scoped:
        mail.queue(scoped, to="ada@example.com", subject="Nope", body="b", kind="test")
        raise RuntimeError("the caller's work failed")
    assert smtp.envelopes == []
    assert all_messages() == []


@pytest.mark.smtp
def test_unreachable_server_retries_then_marks_the_message_failed(override_settings, session):
    override_settings(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_security="none", smtp_timeout_seconds=2)
    with db.session_scope() as scoped:
        mail.queue(scoped, to="ada@example.com", subject="Lost", body="b", kind="test")
    [row] = all_messages()
    assert (row.status, row.attempts) == ("queued", 1)  # kept for the next delivery run
    assert row.error.startswith("ConnectionRefusedError")
    assert len(row.error) <= 500
    for _ in range(mail.MAX_ATTEMPTS - 1):
        tasks.deliver_pending_mail()
    [row] = all_messages()
    assert (row.status, row.attempts) == ("failed", mail.MAX_ATTEMPTS)
    assert tasks.deliver_pending_mail() == 0


@pytest.mark.smtp
def test_server_stopped_after_queueing_keeps_the_message_for_retry(override_settings, session):
    collector = Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    override_settings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none", smtp_timeout_seconds=2)
    stopped = False
    try:
        with db.session_scope() as scoped:
            mail.queue(scoped, to="ada@example.com", subject="Lost", body="b", kind="test")
            controller.stop()
            stopped = True
    finally:
        if not stopped:
            controller.stop()
    [row] = all_messages()
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.error
    assert collector.envelopes == []


@pytest.mark.smtp
def test_starttls_refused_by_server_keeps_the_message_for_retry(smtp, override_settings):
    override_settings(smtp_security="starttls")
    with db.session_scope() as scoped:
        mail.queue(scoped, to="ada@example.com", subject="TLS", body="b", kind="test")
    [row] = all_messages()
    assert (row.status, row.attempts) == ("queued", 1)
    assert "STARTTLS" in row.error or "SMTPNotSupportedError" in row.error
    assert smtp.envelopes == []


@pytest.mark.smtp
def test_deliver_pending_mail_sends_rows_left_queued(smtp, session):
    # a plain session (not session_scope) never runs the after-commit delivery, like a crash after commit
    for i in range(3):
        mail.queue(session, to=f"user{i}@example.com", subject=f"Pending {i}", body="b", kind="test")
    session.commit()
    assert smtp.envelopes == []
    assert len(mail.queued_ids(session)) == 3

    assert tasks.deliver_pending_mail() == 3
    assert sorted(e.rcpt_tos[0] for e in smtp.envelopes) == [
        "user0@example.com",
        "user1@example.com",
        "user2@example.com",
    ]
    assert {row.status for row in all_messages()} == {"sent"}
    assert tasks.deliver_pending_mail() == 0
    assert len(smtp.envelopes) == 3


@pytest.mark.smtp
def test_deliver_is_idempotent(smtp, session):
    message = mail.queue(session, to="ada@example.com", subject="Once", body="b", kind="test")
    session.commit()
    assert message.id is not None
    assert tasks.deliver_mail(message.id) == "sent"
    assert mail.deliver(message.id) == "sent"
    assert len(smtp.envelopes) == 1


@pytest.mark.smtp
def test_dispatcher_receives_ids_instead_of_inline_delivery(smtp):
    dispatched: list[int] = []
    mail.set_dispatcher(dispatched.append)  # reset by the autouse fixture
    with db.session_scope() as scoped:
        message = mail.queue(scoped, to="ada@example.com", subject="Later", body="b", kind="test")
    assert dispatched == [message.id]
    assert smtp.envelopes == []
    assert all_messages()[0].status == "queued"
    assert message.id is not None
    assert tasks.deliver_mail(message.id) == "sent"
    assert len(smtp.envelopes) == 1


@pytest.mark.smtp
def test_registration_mail_arrives_with_a_working_link(smtp):
    client = accounts.Client(ip="127.0.0.1")
    with db.session_scope() as scoped:
        accounts.register(scoped, name="Grace Hopper", email="grace@example.com", password=PASSWORD, client=client)
    [received] = smtp.messages()
    assert received["To"] == "grace@example.com"
    body = received.get_payload(decode=True).decode()
    assert "/verify-email?token=" in body
    with db.session_scope() as scoped:
        user = accounts.verify_email(scoped, token_in(body))
        assert user.email_verified_at is not None
    [row] = all_messages()
    assert (row.kind, row.status) == ("verify_email", "sent")


def test_a_message_row_gives_its_time_in_the_reader_language_and_clock(session):
    message = mail.queue(session, to="ada@example.com", subject="Hello", body="See https://x.test/a", kind="test")
    message.created_at = datetime(2026, 12, 7, 16, 5, tzinfo=UTC)
    seoul = Profile(user_id=1, timezone="Asia/Seoul")
    assert mail.as_row(message, "ko", seoul)["time"] == "2026. 12. 8. 오전 1:05"  # the recipient's next morning
    assert mail.as_row(message, "en")["time"] == "7 Dec 2026, 16:05"  # the dev outbox: UTC
    assert mail.as_row(message)["links"] == ["/a"]
