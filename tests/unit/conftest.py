"""Fixtures for the service-layer unit tests: users, settings overrides, no mail dispatcher, payment fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlmodel import Session

from interview_app import background
from interview_app.clock import utcnow
from interview_app.models import Plan, Profile, User
from interview_app.services.accounts import accounts, passwords
from interview_app.services.notifications import mail
from interview_app.settings import Settings, get_settings
from tests.support import fake_razorpay, fake_stripe
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe
from tests.support.handlers import password_hash, session_token
from tests.support.payments import add_plans, priced, settings_for
from tests.support.two_factor import enrol as enrol_two_factor


@pytest.fixture(autouse=True)
def _no_dispatcher() -> Iterator[None]:
    """No job runner: queued mail is delivered inline, queued work raises `NoRunner` (so the caller does it).

    No test leaks a dispatcher either: importing `interview_app.jobs.queue` (the Redis queue) points
    `background` at Redis for the rest of the process.
    """
    mail.set_dispatcher(None)
    background.set_dispatcher(None)
    yield
    mail.set_dispatcher(None)
    background.set_dispatcher(None)


@pytest.fixture(autouse=True)
def _fresh_peer_groups() -> Iterator[None]:
    """Peer groups cached by one test's database never answer another's."""
    from interview_app.services.progress import analytics

    analytics.clear_group_cache()
    yield
    analytics.clear_group_cache()


@pytest.fixture
def make_user(session: Session) -> Callable[..., User]:
    """Insert a committed user with a profile; the password is PASSWORD unless a hash is given.

    An admin gets two-factor sign-in turned on by the service (admins must have it) unless `two_factor` is
    False; a candidate gets it with `two_factor=True`.
    """

    def make(
        email: str = "ada@example.com",
        name: str = "Ada Lovelace",
        *,
        verified: bool = True,
        active: bool = True,
        role: str = "candidate",
        hashed: str | None = None,
        two_factor: bool | None = None,
    ) -> User:
        user = User(
            email=email,
            name=name,
            password_hash=hashed or password_hash(),
            role=role,
            is_active=active,
            email_verified_at=utcnow() if verified else None,
            password_changed_at=utcnow(),
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add(Profile(user_id=user.id))
        session.commit()
        if two_factor if two_factor is not None else role == "admin":
            enrol_two_factor(session, user)
        return user

    return make


@pytest.fixture
def override_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Settings]]:
    """Set environment variables (by setting name) and re-read the cached settings; undone afterwards."""

    def apply(**values: object) -> Settings:
        for key, value in values.items():
            monkeypatch.setenv(key.upper(), str(value))
        get_settings.cache_clear()
        return get_settings()

    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()
    passwords.get_hasher.cache_clear()  # in case a test built one from the overridden settings


@pytest.fixture
def forged_tokens(session: Session, make_user: Callable[..., User]) -> list[str]:
    """A made-up token, and a real token that was revoked."""
    user = make_user("revoked@example.com")
    revoked = session_token(session, user)
    accounts.sign_out(session, revoked)
    session.commit()
    return ["", "forged-token-value", revoked]


@pytest.fixture(scope="module")
def payment_fakes() -> Iterator[tuple[FakeStripe, FakeRazorpay]]:
    """A fake Stripe and a fake Razorpay selling Premium (tests/support/payments.py), for one test module."""
    with priced(fake_stripe.start()) as stripe, priced(fake_razorpay.start()) as razorpay:
        yield stripe, razorpay


@pytest.fixture
def premium(
    session: Session, override_settings: Callable[..., Settings], payment_fakes: tuple[FakeStripe, FakeRazorpay]
) -> Plan:
    """Plans on, both providers at the fakes (Stripe chosen), Free and Premium seeded: Premium."""
    override_settings(**settings_for(*payment_fakes))
    return add_plans(session)[1]
