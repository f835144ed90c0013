"""Plain helpers shared by the unit tests (fixtures live in conftest.py)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import inspect
import re
import secrets
from collections.abc import AsyncIterator, Coroutine
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlparse

import argon2
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import Answer, AuditEvent, OutboxMessage, Profile, User
from interview_app.services.accounts import accounts, passwords
from tests.support.two_factor import turn_on as turn_on_two_factor

PASSWORD = "correct horse battery"
OTHER_PASSWORD = "purple elephant sunrise"
CURRENT_PARAMS = "$argon2id$v=19$m=19456,t=2,p=1$"
R = TypeVar("R")


def run_handler(state: Any, handler: Any, *args: Any) -> Any:
    """Run an event handler as the server would: plain, generator, coroutine, async generator or background.

    Returns what it returned, or the list of what it yielded.
    """
    result = handler.fn(state, *args)
    if inspect.isgenerator(result):
        return list(result)
    if inspect.isasyncgen(result):
        return run_coroutine(_collect(result))
    if inspect.iscoroutine(result):
        return run_coroutine(result)
    return result


async def _collect(agen: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in agen]


def run_coroutine(coro: Coroutine[Any, Any, R]) -> R:
    """Run a coroutine to the end on a fresh event loop in its own thread.

    `asyncio.run` refuses to start when the thread already has a running loop, which is the case once
    Playwright's sync API has started in this process (the e2e and API tests run first in the full suite).
    """
    context = contextvars.copy_context()  # the caller's context vars (Reflex's registration context, say)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coro).result()


@functools.cache
def password_hash() -> str:
    """One argon2id hash of PASSWORD, computed once (hashing is deliberately slow)."""
    return passwords.hash_password(PASSWORD)


def weak_hash(password: str) -> str:
    """A valid argon2id hash made with weaker parameters than the app's."""
    hasher = argon2.PasswordHasher(memory_cost=8192, time_cost=1, parallelism=1, hash_len=32, salt_len=16)
    return hasher.hash(password)


def outbox(session: Session, *, kind: str | None = None, to: str | None = None) -> list[OutboxMessage]:
    """Stored messages, oldest first, optionally filtered."""
    query = select(OutboxMessage).order_by(OutboxMessage.id)  # type: ignore[arg-type]
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    if to is not None:
        query = query.where(OutboxMessage.to_email == to)
    return list(session.exec(query).all())


def events(session: Session, name: str | None = None) -> list[AuditEvent]:
    """Audit events, oldest first, optionally only those called `name`."""
    session.flush()
    query = select(AuditEvent).order_by(AuditEvent.id)  # type: ignore[arg-type]
    if name is not None:
        query = query.where(AuditEvent.event == name)
    return list(session.exec(query).all())


def link_in(body: str) -> str:
    """The single http(s) link in a mail body."""
    links = re.findall(r"https?://\S+", body)
    assert len(links) == 1, body
    return links[0]


def token_in(body: str) -> str:
    """The `token` query parameter of the link in a mail body."""
    return parse_qs(urlparse(link_in(body)).query)["token"][0]


S = TypeVar("S")
CLIENT = accounts.Client(ip="198.51.100.4", user_agent="pytest")


def new_state(cls: type[S]) -> S:
    """A state instance outside a running app (Reflex allows this under pytest)."""
    return cls()  # pyright: ignore[reportCallIssue]


def redirect_path(event: object) -> str:
    """The path of an rx.redirect EventSpec (or the first one in a list)."""
    spec = event[0] if isinstance(event, list) else event
    args = dict((name._js_expr, value) for name, value in spec.args)  # type: ignore[union-attr]
    return str(args["path"]._var_value)


def session_token(session: Session, user: User) -> str:
    """A fresh session token for `user` (committed)."""
    token = accounts.create_session(session, user, CLIENT)
    session.commit()
    return token


def signed_in_user(
    session: Session, *, email: str, name: str, role: str = "candidate", **profile: Any
) -> tuple[User, str]:
    """A verified, onboarded user with a profile (`profile` fields) and a live session; returns it and the token.

    An admin has two-factor sign-in on (admins need it for the admin pages and handlers). Flushed, not
    committed: the caller adds what else it needs and commits.
    """
    user = User(
        email=email,
        name=name,
        password_hash=password_hash(),
        role=role,
        email_verified_at=utcnow(),
        onboarded_at=utcnow(),
        password_changed_at=utcnow(),
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add(Profile(user_id=user.id, **profile))
    if role == "admin":
        turn_on_two_factor(session, user)
    return user, accounts.create_session(session, user, CLIENT)


def recording_in_progress(sq_id: int, user_id: int, pieces: int) -> Answer:
    """An answer row for a voice recording of `pieces` pieces still coming in (stands in for its audio)."""
    return Answer(
        session_question_id=sq_id,
        user_id=user_id,
        mode="audio",
        status="recording",
        media_path=f"u{user_id}/{secrets.token_hex(16)}.rec",
        media_pieces=pieces,
        media_bytes=1000 * pieces,
        media_seconds=1.0 * pieces,
        media_type="audio/webm",
    )
