"""Accounts: registration, verification, sign-in, sessions, password and e-mail changes, roles."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlmodel import Session, func, select

from interview_app import clock, db, routes
from interview_app.clock import utcnow
from interview_app.models import AuthSession, AuthToken, Profile, RateLimitHit, User
from interview_app.services.accounts import accounts, passwords
from interview_app.services.accounts.accounts import AccountError, Client
from interview_app.settings import get_settings
from tests.support.handlers import (
    CURRENT_PARAMS,
    OTHER_PASSWORD,
    PASSWORD,
    events,
    link_in,
    outbox,
    token_in,
    weak_hash,
)

CLIENT = Client(ip="203.0.113.7", user_agent="pytest browser")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def sign_in(session: Session, email: str = "ada@example.com", password: str = PASSWORD, client: Client = CLIENT) -> str:
    _user, token = accounts.sign_in(session, email=email, password=password, client=client)
    session.commit()
    return token


def session_row(session: Session, token: str) -> AuthSession:
    return session.exec(select(AuthSession).where(AuthSession.token_hash == accounts.hash_token(token))).one()


def token_row(session: Session, token: str) -> AuthToken:
    return session.exec(select(AuthToken).where(AuthToken.token_hash == accounts.hash_token(token))).one()


def register(session: Session, email: str = "grace@example.com", name: str = "Grace Hopper", password: str = PASSWORD):
    result = accounts.register(session, name=name, email=email, password=password, client=CLIENT)
    session.commit()
    return result


# --- small helpers -------------------------------------------------------------------------


def test_new_token_is_256_bit_urlsafe_and_random():
    tokens = {accounts.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(TOKEN_RE.match(t) for t in tokens)


def test_hash_token_is_sha256_hex():
    assert accounts.hash_token("abc") == hashlib.sha256(b"abc").hexdigest()
    assert len(accounts.hash_token(accounts.new_token())) == 64


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ada@Example.com", "ada@example.com"),
        ("  ada@example.com\t", "ada@example.com"),
        ("ADA@EXAMPLE.COM", "ada@example.com"),
    ],
)
def test_normalize_email(raw, expected):
    assert accounts.normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", "ada", "ada@", "@example.com", "ada@@example.com", "ada example@x.com", None]
)
def test_normalize_email_rejects_invalid(raw):
    with pytest.raises(AccountError) as info:
        accounts.normalize_email(raw)
    assert (info.value.code, info.value.field) == ("email_invalid", "email")


def test_clean_name_collapses_whitespace_and_limits_length():
    assert accounts.clean_name("  Grace \n  Brewster   Hopper ") == "Grace Brewster Hopper"
    assert accounts.clean_name("x" * 120) == "x" * 120
    bad_names: tuple[Any, ...] = ("", "   ", None, "x" * 121)
    for bad in bad_names:
        with pytest.raises(AccountError) as info:
            accounts.clean_name(bad)
        assert (info.value.code, info.value.field) == ("name_required", "name")


# --- register ------------------------------------------------------------------------------


def test_register_creates_user_profile_and_verification_mail(session):
    assert register(session, email="  Grace@Example.com ", name="  Grace   Hopper ") == "grace@example.com"

    user = accounts.find_user(session, "grace@example.com")
    assert user is not None
    assert user.name == "Grace Hopper"
    assert user.role == "candidate"
    assert user.is_active
    assert user.email_verified_at is None
    assert user.password_changed_at is not None
    assert user.password_hash is not None
    assert user.password_hash.startswith(CURRENT_PARAMS)
    assert PASSWORD not in user.password_hash
    assert passwords.verify_password(user.password_hash, PASSWORD)
    assert session.get(Profile, user.id) is not None

    [message] = outbox(session)
    assert message.kind == "verify_email"
    assert message.to_email == "grace@example.com"
    assert message.transport == "outbox"
    assert message.status == "stored"
    link = link_in(message.body_text)
    assert link.startswith(get_settings().public_url + "/verify-email?token=")
    token = token_in(message.body_text)
    assert TOKEN_RE.match(token)

    [row] = session.exec(select(AuthToken)).all()
    assert row.purpose == "verify_email"
    assert row.user_id == user.id
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.used_at is None
    hours = (row.expires_at - utcnow()) / timedelta(hours=1)
    assert get_settings().verify_token_ttl_hours - 0.1 < hours <= get_settings().verify_token_ttl_hours
    assert [e.subject_user_id for e in events(session, "account.registered")] == [user.id]


def test_register_existing_email_creates_nothing_and_warns_the_owner(session, make_user):
    owner = make_user(email="ada@example.com", name="Ada Lovelace")
    original_hash = owner.password_hash

    assert register(session, email="ADA@example.com", name="Mallory", password=OTHER_PASSWORD) == "ada@example.com"

    assert count(session, User) == 1
    assert count(session, Profile) == 1
    assert count(session, AuthToken) == 0
    session.refresh(owner)
    assert owner.name == "Ada Lovelace"
    assert owner.password_hash == original_hash
    [message] = outbox(session)
    assert message.kind == "register_existing"
    assert message.to_email == "ada@example.com"
    assert "Ada Lovelace" in message.body_text
    assert routes.SIGN_IN in message.body_text and routes.FORGOT_PASSWORD in message.body_text
    assert "token=" not in message.body_text
    [event] = events(session, "account.register_existing")
    assert event.subject_user_id == owner.id
    assert events(session, "account.registered") == []


def test_register_answer_is_the_same_for_new_and_existing_email(session, make_user):
    make_user(email="taken@example.com")
    answers = [register(session, email="Taken@Example.com"), register(session, email="Fresh@Example.com")]
    assert answers == ["taken@example.com", "fresh@example.com"]
    assert [m.kind for m in outbox(session)] == ["register_existing", "verify_email"]


@pytest.mark.parametrize(
    ("name", "email", "password", "code", "field"),
    [
        ("Grace Hopper", "not-an-email", PASSWORD, "email_invalid", "email"),
        ("Grace Hopper", "", PASSWORD, "email_invalid", "email"),
        ("", "grace@example.com", PASSWORD, "name_required", "name"),
        ("   ", "grace@example.com", PASSWORD, "name_required", "name"),
        ("G" * 121, "grace@example.com", PASSWORD, "name_required", "name"),
        ("Grace Hopper", "grace@example.com", "short", "too_short", "password"),
        ("Grace Hopper", "grace@example.com", "x" * 257 + "yz", "too_long", "password"),
        ("Grace Hopper", "grace@example.com", "qwertyuiop", "common", "password"),
        ("Grace Hopper", "grace@example.com", "grace@example.com", "personal", "password"),
        ("Grace Hopper", "graceful.hopper@example.com", "graceful.hopper", "personal", "password"),
        ("Grace Hopper", "grace@example.com", "Grace Hopper", "personal", "password"),
    ],
)
def test_register_rejects_invalid_input(session, name, email, password, code, field):
    with pytest.raises(AccountError) as info:
        accounts.register(session, name=name, email=email, password=password, client=CLIENT)
    assert (info.value.code, info.value.field) == (code, field)
    session.rollback()
    assert count(session, User) == 0
    assert outbox(session) == []


def test_register_validates_input_the_same_way_for_existing_email(session, make_user):
    make_user(email="ada@example.com")
    with pytest.raises(AccountError) as info:
        accounts.register(session, name="Ada", email="ada@example.com", password="short", client=CLIENT)
    assert info.value.code == "too_short"
    session.rollback()
    assert outbox(session) == []


# --- verify e-mail -------------------------------------------------------------------------


def verification_token(session: Session) -> str:
    return token_in(outbox(session, kind="verify_email")[-1].body_text)


def test_verify_email_marks_the_user_verified_once(session):
    register(session)
    token = verification_token(session)

    user = accounts.verify_email(session, token)
    session.commit()
    assert user.email == "grace@example.com"
    assert user.email_verified_at is not None
    assert token_row(session, token).used_at is not None
    assert len(events(session, "account.email_verified")) == 1

    with pytest.raises(AccountError) as info:
        accounts.verify_email(session, token)
    assert info.value.code == "token_invalid"


def test_verify_email_in_a_new_session(session):
    """Like a real request: the token is looked up by a later, separate session."""
    register(session)
    token = verification_token(session)
    with Session(session.get_bind(), expire_on_commit=False) as later:
        user = accounts.verify_email(later, token)
        later.commit()
    assert user.email_verified_at is not None


def test_verifying_signs_the_browser_in_once_with_a_new_session(session):
    register(session)
    token = verification_token(session)
    user, new = accounts.verify_email_and_sign_in(session, token, current_token=None, client=CLIENT)
    session.commit()
    assert new is not None and TOKEN_RE.match(new)
    assert accounts.resolve_session(session, new) == user
    assert [e.detail.get("via") for e in events(session, "signin.success")] == ["email_link"]
    with pytest.raises(AccountError) as info:  # the link signs in only once
        accounts.verify_email_and_sign_in(session, token, current_token=None, client=CLIENT)
    assert info.value.code == "token_invalid"


def test_verifying_revokes_the_session_the_browser_had(session, make_user):
    make_user("ada@example.com")
    other = sign_in(session)
    register(session)
    user, new = accounts.verify_email_and_sign_in(
        session, verification_token(session), current_token=other, client=CLIENT
    )
    session.commit()
    assert new is not None and new != other
    assert accounts.resolve_session(session, other) is None
    assert accounts.resolve_session(session, new) == user


def test_verifying_a_deactivated_account_signs_nobody_in(session):
    register(session)
    token = verification_token(session)
    user = accounts.find_user(session, "grace@example.com")
    assert user is not None
    user.is_active = False
    session.add(user)
    session.commit()
    verified, new = accounts.verify_email_and_sign_in(session, token, current_token=None, client=CLIENT)
    assert new is None and verified.email_verified_at is not None


def test_verify_email_rejects_expired_token(session):
    register(session)
    token = verification_token(session)
    row = token_row(session, token)
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()

    with pytest.raises(AccountError) as info:
        accounts.verify_email(session, token)
    assert info.value.code == "token_invalid"
    session.rollback()
    user = accounts.find_user(session, "grace@example.com")
    assert user is not None
    assert user.email_verified_at is None


@pytest.mark.parametrize("token", ["", "wrong", "A" * 43])
def test_verify_email_rejects_unknown_token(session, token):
    register(session)
    with pytest.raises(AccountError) as info:
        accounts.verify_email(session, token)
    assert info.value.code == "token_invalid"


def test_verify_email_rejects_a_token_made_for_another_purpose(session, make_user):
    make_user(verified=False)
    accounts.request_password_reset(session, email="ada@example.com", client=CLIENT)
    session.commit()
    reset_token = token_in(outbox(session, kind="password_reset")[0].body_text)
    with pytest.raises(AccountError):
        accounts.verify_email(session, reset_token)


def test_resend_verification_only_for_unverified_users(session, make_user):
    unverified = make_user(email="new@example.com", verified=False)
    verified = make_user(email="old@example.com", verified=True)
    accounts.resend_verification(session, unverified)
    accounts.resend_verification(session, verified)
    session.commit()
    assert [(m.kind, m.to_email) for m in outbox(session)] == [("verify_email", "new@example.com")]
    assert accounts.verify_email(session, verification_token(session)).id == unverified.id


# --- sign in -------------------------------------------------------------------------------


def test_sign_in_returns_a_fresh_256_bit_token_and_stores_only_its_hash(session, make_user):
    ada = make_user()
    user, token = accounts.sign_in(session, email="  ADA@example.com ", password=PASSWORD, client=CLIENT)
    session.commit()

    assert user.id == ada.id
    assert TOKEN_RE.match(token)
    [row] = session.exec(select(AuthSession)).all()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.token_hash, row.user_agent, row.ip)
    assert row.user_id == ada.id
    assert (row.ip, row.user_agent) == ("203.0.113.7", "pytest browser")
    assert row.revoked_at is None
    ttl_hours = (row.expires_at - utcnow()) / timedelta(hours=1)
    assert get_settings().session_ttl_hours - 0.1 < ttl_hours <= get_settings().session_ttl_hours
    assert user.last_seen_at is not None
    [event] = events(session, "signin.success")
    assert (event.actor_user_id, event.subject_user_id, event.ip) == (ada.id, ada.id, "203.0.113.7")


def test_a_sign_in_holds_no_database_connection_while_it_waits_for_the_hash(session, make_user, monkeypatch):
    """Sign-ins queue for a hash slot: each one holding a pooled connection meanwhile starved every other request."""
    make_user()
    real_verify = passwords.verify_password
    held: list[bool] = []

    def verify(password_hash: str | None, password: str) -> bool:
        held.append(session.in_transaction())
        return real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", verify)
    session.exec(select(User)).all()  # the request read before (a transaction of reads is open)
    assert session.in_transaction()
    user, _token = accounts.sign_in(session, email="ada@example.com", password=PASSWORD, client=CLIENT)
    session.commit()
    assert held == [False] and user.last_seen_at is not None


def test_a_session_with_unsaved_or_flushed_changes_keeps_its_connection(session, make_user):
    ada = make_user()
    ada.name = "Ada Byron"
    session.add(ada)
    db.release_connection(session)  # pending: nothing is committed
    session.flush()
    db.release_connection(session)  # flushed, not committed: still nothing
    assert session.in_transaction()
    session.rollback()
    session.expire_all()
    assert session.get(User, ada.id).name != "Ada Byron"  # type: ignore[union-attr]
    session.exec(select(User)).all()
    db.release_connection(session)  # only reads since the rollback: released
    assert not session.in_transaction()


def test_every_sign_in_creates_a_new_session(session, make_user):
    make_user()
    tokens = [sign_in(session) for _ in range(3)]
    assert len(set(tokens)) == 3
    assert count(session, AuthSession) == 3
    assert all(accounts.resolve_session(session, t) is not None for t in tokens)


def test_long_client_fields_are_truncated(session, make_user):
    make_user()
    token = sign_in(session, client=Client(ip="1" * 100, user_agent="u" * 1000))
    row = session_row(session, token)
    assert (len(row.ip), len(row.user_agent)) == (64, 300)


def test_wrong_password_and_unknown_email_fail_identically(session, make_user):
    ada = make_user()
    errors = []
    for email, password in (("ada@example.com", "wrong password!"), ("nobody@example.com", PASSWORD)):
        with pytest.raises(AccountError) as info:
            accounts.sign_in(session, email=email, password=password, client=CLIENT)
        errors.append((info.value.code, info.value.field, str(info.value)))
    assert errors[0] == errors[1] == ("bad_credentials", "", "bad_credentials")

    failures = events(session, "signin.failure")
    assert [(e.subject_user_id, e.email, e.ip) for e in failures] == [
        (ada.id, "ada@example.com", "203.0.113.7"),
        (None, "nobody@example.com", "203.0.113.7"),
    ]
    assert count(session, AuthSession) == 0
    assert events(session, "signin.success") == []


def test_failed_sign_in_is_recorded_even_when_the_caller_rolls_back(session, make_user):
    make_user()
    with pytest.raises(AccountError):
        accounts.sign_in(session, email="ada@example.com", password="wrong password!", client=CLIENT)
    session.rollback()  # what session_scope does with the exception
    assert len(events(session, "signin.failure")) == 1
    keys = sorted(session.exec(select(RateLimitHit.key)).all())
    assert keys == ["signin-account:ada@example.com", "signin-ip:203.0.113.7"]


def test_sign_in_with_malformed_email_is_bad_credentials(session):
    with pytest.raises(AccountError) as info:
        accounts.sign_in(session, email="not an email", password=PASSWORD, client=CLIENT)
    assert (info.value.code, info.value.field) == ("bad_credentials", "email")


def test_sign_in_without_password(session, make_user):
    make_user()
    with pytest.raises(AccountError) as info:
        accounts.sign_in(session, email="ada@example.com", password="", client=CLIENT)
    assert (info.value.code, info.value.field) == ("password_required", "password")


def test_sign_in_for_account_without_password_hash_fails(session, make_user):
    user = make_user()
    user.password_hash = None
    session.add(user)
    session.commit()
    with pytest.raises(AccountError) as info:
        accounts.sign_in(session, email="ada@example.com", password=PASSWORD, client=CLIENT)
    assert info.value.code == "bad_credentials"


def test_inactive_user_cannot_sign_in(session, make_user):
    ada = make_user(active=False)
    with pytest.raises(AccountError) as info:
        accounts.sign_in(session, email="ada@example.com", password=PASSWORD, client=CLIENT)
    assert info.value.code == "account_inactive"
    session.rollback()
    assert count(session, AuthSession) == 0
    assert [e.subject_user_id for e in events(session, "signin.inactive")] == [ada.id]


def test_inactive_user_with_wrong_password_gets_bad_credentials(session, make_user):
    make_user(active=False)
    with pytest.raises(AccountError) as info:
        accounts.sign_in(session, email="ada@example.com", password="wrong password!", client=CLIENT)
    assert info.value.code == "bad_credentials"


def test_sign_in_upgrades_a_hash_made_with_weaker_parameters(session, make_user):
    old_hash = weak_hash(PASSWORD)
    ada = make_user(hashed=old_hash)
    assert passwords.needs_rehash(old_hash)

    sign_in(session)

    with Session(session.get_bind()) as fresh:
        stored_user = fresh.get(User, ada.id)
        assert stored_user is not None
        stored = stored_user.password_hash
    assert stored is not None
    assert stored != old_hash
    assert stored.startswith(CURRENT_PARAMS)
    assert not passwords.needs_rehash(stored)
    assert passwords.verify_password(stored, PASSWORD)
    assert [e.subject_user_id for e in events(session, "password.rehashed")] == [ada.id]
    sign_in(session)  # current hash: no second upgrade
    assert len(events(session, "password.rehashed")) == 1


def test_wrong_password_does_not_upgrade_an_old_hash(session, make_user):
    old_hash = weak_hash(PASSWORD)
    ada = make_user(hashed=old_hash)
    with pytest.raises(AccountError):
        accounts.sign_in(session, email="ada@example.com", password="wrong password!", client=CLIENT)
    session.refresh(ada)
    assert ada.password_hash == old_hash
    assert events(session, "password.rehashed") == []


def test_successful_sign_in_clears_the_account_failures(session, make_user):
    make_user()
    for _ in range(3):
        with pytest.raises(AccountError):
            accounts.sign_in(session, email="ada@example.com", password="wrong password!", client=CLIENT)
    sign_in(session)
    keys = session.exec(select(RateLimitHit.key)).all()
    assert "signin-account:ada@example.com" not in keys
    assert keys.count("signin-ip:203.0.113.7") == 3  # the IP counter is not reset by one success


# --- sessions ------------------------------------------------------------------------------


def test_resolve_session_returns_the_user(session, make_user):
    ada = make_user()
    token = sign_in(session)
    resolved = accounts.resolve_session(session, token)
    assert resolved is not None
    assert resolved.id == ada.id


@pytest.mark.parametrize("token", [None, "", "unknown-token"])
def test_resolve_session_without_valid_token(session, make_user, token):
    make_user()
    sign_in(session)
    assert accounts.resolve_session(session, token) is None


def test_resolve_session_after_expiry(session, make_user):
    make_user()
    token = sign_in(session)
    row = session_row(session, token)
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert accounts.resolve_session(session, token) is None


def test_resolve_session_after_idle_timeout(session, make_user):
    make_user()
    token = sign_in(session)
    row = session_row(session, token)
    row.last_used_at = utcnow() - timedelta(hours=get_settings().session_idle_hours, seconds=1)
    session.add(row)
    session.commit()
    assert accounts.resolve_session(session, token) is None


def test_resolve_session_reads_the_session_and_its_user_in_one_statement(session, make_user):
    """It runs on every event of every signed-in tab: one round trip to the database, not two."""
    user = make_user()
    token = sign_in(session)
    session.commit()
    session.expunge_all()  # nothing in the identity map: what a handler's fresh session sees
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    engine = session.get_bind()
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        found = accounts.resolve_session(session, token)
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert found is not None and found.id == user.id
    assert len(statements) == 1, statements


def test_resolve_session_touches_last_used_so_activity_keeps_it_alive(session, make_user):
    make_user()
    token = sign_in(session)
    row = session_row(session, token)
    nearly_idle = utcnow() - timedelta(hours=get_settings().session_idle_hours) + timedelta(minutes=5)
    row.last_used_at = nearly_idle
    session.add(row)
    session.commit()

    assert accounts.resolve_session(session, token) is not None
    session.commit()
    assert session_row(session, token).last_used_at > utcnow() - timedelta(minutes=1)


def test_resolve_session_does_not_write_on_every_request(session, make_user):
    make_user()
    token = sign_in(session)
    before = session_row(session, token).last_used_at
    accounts.resolve_session(session, token)
    assert session_row(session, token).last_used_at == before
    assert not session.dirty


def test_resolve_session_for_inactive_user(session, make_user):
    ada = make_user()
    token = sign_in(session)
    ada.is_active = False
    session.add(ada)
    session.commit()
    assert accounts.resolve_session(session, token) is None


def _spoil(session: Session, token: str, how: str, user: User) -> None:
    row = session_row(session, token)
    if how == "expired":
        row.expires_at = utcnow() - timedelta(seconds=1)
    elif how == "idle":
        row.last_used_at = utcnow() - timedelta(hours=get_settings().session_idle_hours, seconds=1)
    elif how == "revoked":
        row.revoked_at = utcnow()
    elif how == "inactive":
        user.is_active = False
        session.add(user)
    session.add(row)
    session.commit()


@pytest.mark.parametrize("how", ["live", "expired", "idle", "revoked", "inactive", "unknown", "none"])
def test_session_user_id_agrees_with_resolve_session(session, make_user, how):
    """The autosave's lean check signs in exactly the sessions `resolve_session` does."""
    ada = make_user()
    token: str | None = sign_in(session)
    assert token is not None
    _spoil(session, token, how, ada)
    token = {"unknown": "unknown-token", "none": None}.get(how, token)
    user = accounts.resolve_session(session, token)
    assert accounts.session_user_id(session, token) == (user.id if user else None)
    assert (user is not None) == (how == "live")


def test_session_user_id_is_one_statement_and_touches_like_resolve_session(session, make_user):
    ada = make_user()
    token = sign_in(session)
    session.commit()
    session.expunge_all()
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    engine = session.get_bind()
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        assert accounts.session_user_id(session, token) == ada.id
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements
    row = session_row(session, token)
    row.last_used_at = utcnow() - timedelta(minutes=5)
    session.add(row)
    session.commit()
    assert accounts.session_user_id(session, token) == ada.id
    session.commit()
    session.expire_all()
    assert session_row(session, token).last_used_at > utcnow() - timedelta(minutes=1)
    seen = session.get(User, ada.id)
    assert seen is not None and seen.last_seen_at is not None
    assert clock.aware(seen.last_seen_at) > utcnow() - timedelta(minutes=1)


def test_sign_out_revokes_only_that_session(session, make_user):
    make_user()
    first, second = sign_in(session), sign_in(session)
    accounts.sign_out(session, first)
    session.commit()
    assert accounts.resolve_session(session, first) is None
    assert accounts.resolve_session(session, second) is not None
    assert session_row(session, first).revoked_at is not None
    accounts.sign_out(session, first)  # already gone: no error, no second event
    accounts.sign_out(session, None)
    accounts.sign_out(session, "unknown")
    assert len(events(session, "signout")) == 1


def test_sign_out_everywhere_revokes_all_sessions_of_that_user_only(session, make_user):
    ada = make_user()
    make_user(email="bob@example.com", name="Bob")
    ada_tokens = [sign_in(session) for _ in range(3)]
    bob_token = sign_in(session, email="bob@example.com")

    assert accounts.sign_out_everywhere(session, ada, CLIENT) == 3
    session.commit()

    assert all(accounts.resolve_session(session, t) is None for t in ada_tokens)
    bob = accounts.resolve_session(session, bob_token)
    assert bob is not None
    assert bob.email == "bob@example.com"
    [event] = events(session, "signout.everywhere")
    assert event.subject_user_id == ada.id
    assert event.detail == {"count": 3}
    assert sign_in(session) != ada_tokens[0]  # signing in again still works


# --- password reset ------------------------------------------------------------------------


def request_reset(session: Session, email: str = "ada@example.com") -> str:
    result = accounts.request_password_reset(session, email=email, client=CLIENT)
    session.commit()
    return result


def reset_token(session: Session) -> str:
    message = outbox(session, kind="password_reset")[-1]
    assert link_in(message.body_text).startswith(get_settings().public_url + "/reset-password?token=")
    return token_in(message.body_text)


def test_request_reset_for_known_email_sends_a_link(session, make_user):
    ada = make_user()
    assert request_reset(session, "ADA@example.com") == "ada@example.com"
    token = reset_token(session)
    assert TOKEN_RE.match(token)
    assert accounts.check_reset_token(session, token)
    row = token_row(session, token)
    assert row.purpose == "reset_password"
    minutes = (row.expires_at - utcnow()) / timedelta(minutes=1)
    assert get_settings().reset_token_ttl_minutes - 1 < minutes <= get_settings().reset_token_ttl_minutes
    assert [e.subject_user_id for e in events(session, "password.reset_requested")] == [ada.id]


def test_request_reset_for_unknown_email_sends_nothing_but_answers_the_same(session, make_user):
    make_user()
    assert request_reset(session, "Nobody@Example.com") == "nobody@example.com"
    assert outbox(session) == []
    assert count(session, AuthToken) == 0
    [event] = events(session, "password.reset_requested")
    assert (event.subject_user_id, event.email) == (None, "nobody@example.com")


def test_request_reset_for_inactive_user_sends_nothing(session, make_user):
    make_user(active=False)
    assert request_reset(session) == "ada@example.com"
    assert outbox(session) == []


def test_request_reset_rejects_malformed_email(session):
    with pytest.raises(AccountError) as info:
        accounts.request_password_reset(session, email="nope", client=CLIENT)
    assert info.value.code == "email_invalid"


def test_reset_password_sets_the_password_and_revokes_every_session(session, make_user):
    ada = make_user(verified=False)
    tokens = [sign_in(session) for _ in range(2)]
    request_reset(session)
    token = reset_token(session)

    user = accounts.reset_password(session, token=token, new_password=OTHER_PASSWORD, client=CLIENT)
    session.commit()

    assert user.id == ada.id
    assert passwords.verify_password(user.password_hash, OTHER_PASSWORD)
    assert not passwords.verify_password(user.password_hash, PASSWORD)
    assert user.email_verified_at is not None  # the link proved the address
    assert all(accounts.resolve_session(session, t) is None for t in tokens)
    assert not accounts.check_reset_token(session, token)
    [changed] = outbox(session, kind="password_changed")
    assert changed.to_email == "ada@example.com"
    assert routes.FORGOT_PASSWORD in changed.body_text
    assert [e.subject_user_id for e in events(session, "password.reset")] == [ada.id]

    with pytest.raises(AccountError) as info:
        accounts.reset_password(session, token=token, new_password="yet another password", client=CLIENT)
    assert info.value.code == "token_invalid"
    session.rollback()
    sign_in(session, password=OTHER_PASSWORD)
    with pytest.raises(AccountError):
        sign_in(session, password=PASSWORD)


@pytest.mark.parametrize(
    ("weak", "code"), [("short", "too_short"), ("qwertyuiop", "common"), ("ada@example.com", "personal")]
)
def test_reset_with_weak_password_keeps_the_token_usable(session, make_user, weak, code):
    ada = make_user()
    old_hash = ada.password_hash
    token_ = sign_in(session)
    request_reset(session)
    token = reset_token(session)

    with pytest.raises(AccountError) as info:
        accounts.reset_password(session, token=token, new_password=weak, client=CLIENT)
    assert (info.value.code, info.value.field) == (code, "password")
    session.rollback()

    assert accounts.check_reset_token(session, token)
    session.refresh(ada)
    assert ada.password_hash == old_hash
    assert accounts.resolve_session(session, token_) is not None
    accounts.reset_password(session, token=token, new_password=OTHER_PASSWORD, client=CLIENT)
    session.commit()
    assert not accounts.check_reset_token(session, token)


def test_reset_with_expired_token_fails(session, make_user):
    ada = make_user()
    request_reset(session)
    token = reset_token(session)
    row = token_row(session, token)
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()

    assert not accounts.check_reset_token(session, token)
    with pytest.raises(AccountError) as info:
        accounts.reset_password(session, token=token, new_password=OTHER_PASSWORD, client=CLIENT)
    assert info.value.code == "token_invalid"
    session.rollback()
    session.refresh(ada)
    assert passwords.verify_password(ada.password_hash, PASSWORD)


@pytest.mark.parametrize("token", ["", "not-a-token", "A" * 43])
def test_reset_with_unknown_token_fails(session, make_user, token):
    make_user()
    request_reset(session)
    assert not accounts.check_reset_token(session, token)
    with pytest.raises(AccountError) as info:
        accounts.reset_password(session, token=token, new_password=OTHER_PASSWORD, client=CLIENT)
    assert info.value.code == "token_invalid"


def test_verification_token_cannot_reset_a_password(session):
    register(session)
    token = verification_token(session)
    assert not accounts.check_reset_token(session, token)
    with pytest.raises(AccountError) as info:
        accounts.reset_password(session, token=token, new_password=OTHER_PASSWORD, client=CLIENT)
    assert info.value.code == "token_invalid"
    session.rollback()
    user = accounts.find_user(session, "grace@example.com")
    assert user is not None
    assert passwords.verify_password(user.password_hash, PASSWORD)


# --- change password -----------------------------------------------------------------------


def test_change_password_requires_the_current_password(session, make_user):
    ada = make_user()
    token = sign_in(session)
    with pytest.raises(AccountError) as info:
        accounts.change_password(
            session, user=ada, current="wrong password!", new_password=OTHER_PASSWORD, client=CLIENT
        )
    assert (info.value.code, info.value.field) == ("current_password_wrong", "current")
    session.rollback()
    session.refresh(ada)
    assert passwords.verify_password(ada.password_hash, PASSWORD)
    assert accounts.resolve_session(session, token) is not None
    assert len(events(session, "password.recheck_failed")) == 1  # committed despite the rollback
    assert outbox(session) == []


def test_change_password_revokes_other_sessions_and_returns_a_new_token(session, make_user):
    ada = make_user()
    here, elsewhere = sign_in(session), sign_in(session)

    new_token = accounts.change_password(
        session, user=ada, current=PASSWORD, new_password=OTHER_PASSWORD, client=CLIENT
    )
    session.commit()

    assert TOKEN_RE.match(new_token)
    assert new_token not in (here, elsewhere)
    assert accounts.resolve_session(session, here) is None
    assert accounts.resolve_session(session, elsewhere) is None
    resolved = accounts.resolve_session(session, new_token)
    assert resolved is not None
    assert resolved.id == ada.id
    assert ada.password_changed_at is not None
    [message] = outbox(session, kind="password_changed")
    assert message.to_email == "ada@example.com"
    assert len(events(session, "password.changed")) == 1
    sign_in(session, password=OTHER_PASSWORD)
    with pytest.raises(AccountError):
        sign_in(session, password=PASSWORD)


def test_change_password_to_a_weak_one_changes_nothing(session, make_user):
    ada = make_user()
    token = sign_in(session)
    with pytest.raises(AccountError) as info:
        accounts.change_password(session, user=ada, current=PASSWORD, new_password="1234567890", client=CLIENT)
    assert (info.value.code, info.value.field) == ("common", "password")
    session.rollback()
    assert accounts.resolve_session(session, token) is not None
    session.refresh(ada)
    assert passwords.verify_password(ada.password_hash, PASSWORD)
    assert outbox(session) == []


# --- e-mail change -------------------------------------------------------------------------


def request_change(session: Session, user: User, new_email: str, password: str = PASSWORD) -> str:
    result = accounts.request_email_change(session, user=user, new_email=new_email, password=password, client=CLIENT)
    session.commit()
    return result


def test_request_email_change_requires_the_password(session, make_user):
    ada = make_user()
    with pytest.raises(AccountError) as info:
        request_change(session, ada, "new@example.com", password="wrong password!")
    assert (info.value.code, info.value.field) == ("current_password_wrong", "current")
    session.rollback()
    assert outbox(session) == []
    assert count(session, AuthToken) == 0


def test_request_email_change_to_the_same_or_invalid_address(session, make_user):
    ada = make_user()
    with pytest.raises(AccountError) as info:
        request_change(session, ada, " ADA@example.com ")
    assert (info.value.code, info.value.field) == ("same_email", "email")
    with pytest.raises(AccountError) as info:
        request_change(session, ada, "not an address")
    assert (info.value.code, info.value.field) == ("email_invalid", "email")


def test_email_change_sends_a_link_to_the_new_address_and_a_notice_to_the_old(session, make_user):
    ada = make_user()
    assert request_change(session, ada, "Ada.New@Example.com") == "ada.new@example.com"

    session.refresh(ada)
    assert ada.email == "ada@example.com"  # nothing changes before the link is opened
    [link_mail] = outbox(session, kind="change_email")
    assert link_mail.to_email == "ada.new@example.com"
    assert link_in(link_mail.body_text).startswith(get_settings().public_url + "/confirm-email?token=")
    [notice] = outbox(session, kind="change_email_notice")
    assert notice.to_email == "ada@example.com"
    assert "ada.new@example.com" in notice.body_text
    assert "token=" not in notice.body_text
    token = token_in(link_mail.body_text)
    row = token_row(session, token)
    assert (row.purpose, row.new_email, row.user_id) == ("change_email", "ada.new@example.com", ada.id)

    user = accounts.confirm_email_change(session, token)
    session.commit()
    assert user.email == "ada.new@example.com"
    assert user.email_verified_at is not None
    [event] = events(session, "email.changed")
    assert event.detail == {"old": "ada@example.com", "new": "ada.new@example.com"}

    with pytest.raises(AccountError) as info:
        accounts.confirm_email_change(session, token)
    assert info.value.code == "token_invalid"
    session.rollback()
    sign_in(session, email="ada.new@example.com")
    with pytest.raises(AccountError):
        sign_in(session, email="ada@example.com")


def test_email_change_to_a_taken_address_issues_no_token(session, make_user):
    ada = make_user()
    make_user(email="bob@example.com", name="Bob")
    assert request_change(session, ada, "BOB@example.com") == "bob@example.com"

    assert count(session, AuthToken) == 0
    [message] = outbox(session)
    assert (message.kind, message.to_email) == ("email_taken", "bob@example.com")
    assert "token=" not in message.body_text
    session.refresh(ada)
    assert ada.email == "ada@example.com"


def test_confirm_email_change_fails_when_the_address_was_taken_meanwhile(session, make_user):
    ada = make_user()
    request_change(session, ada, "new@example.com")
    token = token_in(outbox(session, kind="change_email")[0].body_text)
    make_user(email="new@example.com", name="Someone Else")

    with pytest.raises(AccountError) as info:
        accounts.confirm_email_change(session, token)
    assert info.value.code == "token_invalid"
    session.rollback()
    session.refresh(ada)
    assert ada.email == "ada@example.com"


def test_confirm_email_change_rejects_expired_and_foreign_tokens(session, make_user):
    ada = make_user()
    request_change(session, ada, "new@example.com")
    token = token_in(outbox(session, kind="change_email")[0].body_text)
    row = token_row(session, token)
    row.expires_at = utcnow() - timedelta(minutes=1)
    session.add(row)
    session.commit()
    with pytest.raises(AccountError):
        accounts.confirm_email_change(session, token)
    session.rollback()

    request_reset(session)
    with pytest.raises(AccountError):
        accounts.confirm_email_change(session, reset_token(session))
    session.rollback()
    session.refresh(ada)
    assert ada.email == "ada@example.com"


# --- roles and admins ----------------------------------------------------------------------


def test_set_role_audits_old_and_new(session, make_user):
    admin = make_user(email="root@example.com", name="Root", role="admin")
    ada = make_user()
    accounts.set_role(session, user=ada, role="admin", actor_user_id=admin.id, client=CLIENT)
    session.commit()
    assert ada.role == "admin"
    [event] = events(session, "role.changed")
    assert (event.actor_user_id, event.subject_user_id, event.ip) == (admin.id, ada.id, "203.0.113.7")
    assert event.detail == {"old": "candidate", "new": "admin"}

    accounts.set_role(session, user=ada, role="admin", actor_user_id=admin.id, client=CLIENT)  # no change
    assert len(events(session, "role.changed")) == 1
    accounts.set_role(session, user=ada, role="candidate", actor_user_id=admin.id, client=CLIENT)
    assert events(session, "role.changed")[-1].detail == {"old": "admin", "new": "candidate"}


def test_set_role_rejects_unknown_role(session, make_user):
    ada = make_user()
    with pytest.raises(ValueError, match="unknown role"):
        accounts.set_role(session, user=ada, role="superuser", actor_user_id=None, client=CLIENT)
    assert ada.role == "candidate"


def test_create_admin_creates_a_verified_admin(session):
    user = accounts.create_admin(session, email="Root@Example.com", name="  Root  Admin ", password=PASSWORD)
    session.commit()
    assert (user.email, user.name, user.role) == ("root@example.com", "Root Admin", "admin")
    assert user.email_verified_at is not None
    assert session.get(Profile, user.id) is not None
    assert [e.event for e in events(session)] == ["account.created_by_cli", "role.changed"]
    assert events(session, "role.changed")[0].detail == {"old": "candidate", "new": "admin"}
    assert events(session, "role.changed")[0].ip == "cli"
    sign_in(session, email="root@example.com")


def test_create_admin_promotes_an_existing_user(session, make_user):
    ada = make_user()
    old_hash = ada.password_hash
    user = accounts.create_admin(session, email="ada@example.com", name="Ignored", password="")
    session.commit()
    assert user.id == ada.id
    assert user.role == "admin"
    assert user.name == "Ada Lovelace"
    assert user.password_hash == old_hash
    assert count(session, User) == 1
    assert [e.event for e in events(session)] == ["role.changed"]


@pytest.mark.parametrize(
    ("email", "password", "code"),
    [
        ("root@example.com", "short", "too_short"),
        ("root@example.com", "", "too_short"),
        ("bad", PASSWORD, "email_invalid"),
    ],
)
def test_create_admin_validates_input(session, email, password, code):
    with pytest.raises(AccountError) as info:
        accounts.create_admin(session, email=email, name="Root", password=password)
    assert info.value.code == code
    session.rollback()
    assert count(session, User) == 0


# --- pruning -------------------------------------------------------------------------------


def test_prune_expired_deletes_only_long_ended_sessions_and_tokens(session, make_user):
    ada = make_user()
    now = utcnow()
    day = timedelta(days=1)

    def add_session(name: str, expires_in: timedelta, revoked_ago: timedelta | None = None) -> None:
        session.add(
            AuthSession(
                user_id=ada.id,
                token_hash=accounts.hash_token(name),
                expires_at=now + expires_in,
                revoked_at=None if revoked_ago is None else now - revoked_ago,
            )
        )

    def add_token(name: str, expires_in: timedelta) -> None:
        session.add(
            AuthToken(
                user_id=ada.id,
                purpose="verify_email",
                token_hash=accounts.hash_token(name),
                expires_at=now + expires_in,
            )
        )

    add_session("live", day)
    add_session("expired-recently", -timedelta(hours=2))
    add_session("expired-long-ago", -2 * day)
    add_session("revoked-recently", day, revoked_ago=timedelta(hours=2))
    add_session("revoked-long-ago", day, revoked_ago=2 * day)
    add_token("live-token", day)
    add_token("expired-token-recently", -timedelta(hours=2))
    add_token("expired-token-long-ago", -3 * day)
    session.commit()

    assert accounts.prune_expired(session, now=now) == 3
    session.commit()
    left_sessions = set(session.exec(select(AuthSession.token_hash)).all())
    assert left_sessions == {accounts.hash_token(n) for n in ("live", "expired-recently", "revoked-recently")}
    left_tokens = set(session.exec(select(AuthToken.token_hash)).all())
    assert left_tokens == {accounts.hash_token(n) for n in ("live-token", "expired-token-recently")}
    assert accounts.prune_expired(session, now=now) == 0
