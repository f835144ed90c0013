"""An attacker guessing a password cannot keep the owner out (issue 13, item 9).

The per-account back-off still stops guessing from unknown devices; the owner gets in from a device they
signed in on before, or with the password plus a one-time code e-mailed to them, and is told once per
attack. Unknown e-mails look the same from outside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from interview_app.models import KnownDevice, RateLimitHit, SignInChallenge, User
from interview_app.services.accounts import accounts, sign_in_protection
from interview_app.services.accounts.accounts import AccountError, Client, CodeRequired
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.settings import get_settings
from tests.support.handlers import PASSWORD, events, outbox

OWNER = Client(ip="198.51.100.7", user_agent="owner's laptop")
ATTACKER = Client(ip="203.0.113.66", user_agent="curl")
WRONG = "not the password at all"
EMAIL = "ada@example.com"


def attempt(session: Session, password: str = WRONG, *, client: Client = ATTACKER, device: str = "", email=EMAIL):
    """One sign-in: the session token, or the AccountError / RateLimited / CodeRequired raised."""
    try:
        _user, token = accounts.sign_in(session, email=email, password=password, client=client, device=device)
    except (AccountError, RateLimited) as exc:
        session.rollback()
        return exc
    session.commit()
    return token


def lock_out(session: Session, email: str = EMAIL) -> None:
    """The attacker's free failures: from now on the account's back-off runs."""
    for _ in range(get_settings().signin_account_free_failures):
        assert isinstance(attempt(session, email=email), AccountError)


def known_device(session: Session, user: User) -> str:
    """A device id the owner's browser was given at an earlier sign-in."""
    device = accounts.remember_device(session, user, "")
    session.commit()
    return device


def code_in(session: Session, to: str = EMAIL) -> str:
    (message,) = outbox(session, kind="signin_code", to=to)[-1:]
    return re.findall(r"\b\d{6}\b", message.body_text)[0]


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user(EMAIL)


def test_an_attacker_locks_the_account_but_the_owner_signs_in_from_a_known_device(session, ada):
    device = known_device(session, ada)
    lock_out(session)
    assert isinstance(attempt(session, PASSWORD), CodeRequired)  # the attacker's device: back-off holds
    assert isinstance(attempt(session, PASSWORD, client=OWNER, device=device), str)
    # ... and the attacker is still held back: the owner's sign-in did not reset their count.
    assert isinstance(attempt(session), CodeRequired)
    success = events(session, "signin.success")[-1]
    assert success.subject_user_id == ada.id and success.detail["via"] == "known_device"


def test_a_known_device_does_not_help_with_a_wrong_password_and_has_its_own_limit(session, ada):
    device = known_device(session, ada)
    lock_out(session)
    for _ in range(sign_in_protection.DEVICE_FAILURE_LIMIT):
        assert isinstance(attempt(session, client=OWNER, device=device), AccountError)
    assert isinstance(attempt(session, PASSWORD, client=OWNER, device=device), CodeRequired)  # no longer lifts


def test_a_device_of_another_account_or_an_expired_one_is_not_known(session, ada, make_user):
    bob = make_user("bob@example.com", "Bob")
    bobs_device = known_device(session, bob)
    stale = known_device(session, ada)
    row = session.exec(select(KnownDevice).where(KnownDevice.user_id == ada.id)).one()
    row.last_used_at -= timedelta(days=sign_in_protection.DEVICE_IDLE_DAYS + 1)
    session.add(row)
    session.commit()
    lock_out(session)
    assert isinstance(attempt(session, PASSWORD, device=bobs_device), CodeRequired)
    assert isinstance(attempt(session, PASSWORD, device=stale), CodeRequired)
    assert isinstance(attempt(session, PASSWORD, device="made-up"), CodeRequired)


def test_an_unknown_device_gets_the_code_step_and_the_code_works_once(session, ada):
    lock_out(session)
    asked = attempt(session, PASSWORD, client=OWNER)
    assert isinstance(asked, CodeRequired) and asked.code == "signin_code_required"
    code = code_in(session)
    row = session.exec(select(SignInChallenge)).one()
    assert code not in (row.code_hash, row.token_hash) and asked.challenge not in row.token_hash  # hashed
    user, token = accounts.sign_in_with_code(session, challenge=asked.challenge, code=code, client=OWNER)
    device = accounts.remember_device(session, user, "")
    session.commit()
    assert user.id == ada.id and accounts.resolve_session(session, token) is not None and device
    with pytest.raises(AccountError) as again:
        accounts.sign_in_with_code(session, challenge=asked.challenge, code=code, client=OWNER)
    assert again.value.code == "signin_code_expired"
    session.rollback()
    assert isinstance(attempt(session, PASSWORD, client=OWNER, device=device), str)  # now a known device
    assert [e.detail["via"] for e in events(session, "signin.success")] == ["code", "known_device"]
    assert [e.subject_user_id for e in events(session, "signin.device_remembered")] == [ada.id]
    assert len(events(session, "signin.code_sent")) == 1


def test_a_wrong_code_is_refused_and_a_few_wrong_codes_end_the_challenge(session, ada):
    lock_out(session)
    asked = attempt(session, PASSWORD, client=OWNER)
    assert isinstance(asked, CodeRequired)
    code = code_in(session)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(sign_in_protection.CODE_ATTEMPTS - 1):
        with pytest.raises(AccountError) as refused:
            accounts.sign_in_with_code(session, challenge=asked.challenge, code=wrong, client=ATTACKER)
        assert refused.value.code == "signin_code_wrong"
    with pytest.raises(AccountError) as refused:
        accounts.sign_in_with_code(session, challenge=asked.challenge, code="12ab", client=ATTACKER)
    assert refused.value.code == "signin_code_expired"  # the last attempt used up the challenge
    with pytest.raises(AccountError) as refused:
        accounts.sign_in_with_code(session, challenge=asked.challenge, code=code, client=OWNER)
    assert refused.value.code == "signin_code_expired"  # even the right code, now
    assert len(events(session, "signin.code_failure")) == sign_in_protection.CODE_ATTEMPTS + 1  # each refusal


def test_a_code_expires_after_ten_minutes(session, ada):
    lock_out(session)
    asked = attempt(session, PASSWORD, client=OWNER)
    assert isinstance(asked, CodeRequired)
    row = session.exec(select(SignInChallenge)).one()
    row.expires_at -= timedelta(minutes=10)
    session.add(row)
    session.commit()
    with pytest.raises(AccountError) as refused:
        accounts.sign_in_with_code(session, challenge=asked.challenge, code=code_in(session), client=OWNER)
    assert refused.value.code == "signin_code_expired"


def test_a_wrong_password_during_the_lockout_gets_the_same_answer_and_no_code(session, ada):
    """The code step cannot be used to test passwords: the answer is the same, the code never comes."""
    lock_out(session)
    asked = attempt(session, "another wrong guess")
    assert isinstance(asked, CodeRequired)
    assert outbox(session, kind="signin_code") == []
    with pytest.raises(AccountError) as refused:
        for guess in ("000000", "123456"):
            accounts.sign_in_with_code(session, challenge=asked.challenge, code=guess, client=ATTACKER)
    assert refused.value.code == "signin_code_wrong"


def test_the_owner_is_told_once_per_attack_not_per_attempt(session, ada):
    lock_out(session)
    for _ in range(3):
        attempt(session)
    hits = session.exec(select(RateLimitHit).where(RateLimitHit.key == f"signin-account:{EMAIL}")).all()
    for row in hits:  # the back-off has run out: the attacker gets more tries in the same attack
        row.created_at -= timedelta(minutes=2)
        session.add(row)
    session.commit()
    for _ in range(3):
        attempt(session)
    (notice,) = outbox(session, kind="signin_attack", to=EMAIL)
    assert "known device" in notice.body_text.lower() or "signed in on before" in notice.body_text
    assert get_settings().public_url + "/forgot-password" in notice.body_text
    assert len(events(session, "signin.attack_notice")) == 1
    # A new attack after a quiet spell longer than the window is a new episode: one more notice.
    for row in session.exec(select(RateLimitHit)).all():
        row.created_at -= timedelta(minutes=get_settings().signin_ip_window_minutes + 1)
        session.add(row)
    session.commit()
    lock_out(session)
    assert len(outbox(session, kind="signin_attack", to=EMAIL)) == 2


def test_an_unknown_email_behaves_the_same_from_outside(session, ada):
    ghost = "nobody@example.com"
    lock_out(session)
    lock_out(session, ghost)
    for email in (EMAIL, ghost):
        outcome = attempt(session, PASSWORD, email=email)
        assert isinstance(outcome, CodeRequired) and outcome.code == "signin_code_required"
        with pytest.raises(AccountError) as refused:
            accounts.sign_in_with_code(session, challenge=outcome.challenge, code="000000", client=ATTACKER)
        assert refused.value.code == "signin_code_wrong"
        session.rollback()
    assert outbox(session, to=ghost) == []
    assert session.exec(select(SignInChallenge)).all()[-1].user_id is None


def test_the_per_ip_limit_still_applies_to_every_step(session, ada, override_settings):
    override_settings(signin_ip_limit=7)
    lock_out(session)
    asked = attempt(session, PASSWORD)
    assert isinstance(asked, CodeRequired)
    with pytest.raises(AccountError):
        accounts.sign_in_with_code(session, challenge=asked.challenge, code="000000", client=ATTACKER)
    session.commit()
    assert isinstance(attempt(session, PASSWORD), RateLimited)
    with pytest.raises(RateLimited):
        accounts.sign_in_with_code(session, challenge=asked.challenge, code="000000", client=ATTACKER)


def test_codes_e_mailed_per_account_are_limited(session, ada):
    lock_out(session)
    for _ in range(sign_in_protection.CODES_PER_HOUR + 2):
        assert isinstance(attempt(session, PASSWORD), CodeRequired)  # the same answer every time
    assert len(outbox(session, kind="signin_code")) == sign_in_protection.CODES_PER_HOUR


def test_a_normal_sign_in_remembers_the_device_and_devices_expire(session, ada):
    device = known_device(session, ada)
    assert accounts.remember_device(session, ada, device) == device  # the same browser
    row = session.exec(select(KnownDevice)).one()
    assert device not in row.token_hash
    row.last_used_at -= timedelta(days=sign_in_protection.DEVICE_IDLE_DAYS + 1)
    session.add(row)
    session.commit()
    assert accounts.prune_expired(session) >= 1
    assert session.exec(select(KnownDevice)).all() == []
