"""Two-factor sign-in (issue 18): enrolment, codes with drift and replay protection, recovery codes, the rate
limit, remembered devices, the admin requirement, the sign-in flow through `accounts` and the audit trail."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from pyotp.totp import TOTP
from sqlmodel import Session, select

from interview_app.models import AuthSession, RecoveryCode, RememberedDevice, TwoFactor, User
from interview_app.services.accounts import accounts, two_factor
from interview_app.services.accounts.accounts import AccountError, Client, CodeRequired, TwoFactorRequired
from interview_app.services.accounts.two_factor import TwoFactorError
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.settings import get_settings
from tests.support.handlers import PASSWORD, events, outbox
from tests.support.two_factor import code, enrol

CLIENT = Client(ip="198.51.100.7", user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
NOW = datetime(2026, 12, 7, 10, 0, 10, tzinfo=UTC)  # 10 s into a 30-second step


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[timedelta], None]:
    """The service's clock stands at NOW; `clock(delta)` moves it."""
    moment = [NOW]
    monkeypatch.setattr(two_factor, "utcnow", lambda: moment[0])

    def move(delta: timedelta) -> None:
        moment[0] = moment[0] + delta

    return move


def enrolled(session: Session, user: User) -> tuple[str, list[str]]:
    enrolment = two_factor.begin_enrolment(session, user)
    codes = two_factor.confirm_enrolment(session, user, code(enrolment.secret, NOW, steps=-1))
    session.commit()
    return enrolment.secret, codes


def challenge_for(session: Session, user: User) -> str:
    token = two_factor.start_challenge(session, user, ip=CLIENT.ip)
    session.commit()
    return token


def complete(session: Session, challenge: str, **kwargs) -> two_factor.Completed | Exception:
    try:
        done = two_factor.complete_challenge(session, challenge, ip=CLIENT.ip, **kwargs)
    except (TwoFactorError, RateLimited) as exc:
        session.rollback()
        return exc
    session.commit()
    return done


def error_code(outcome: object) -> str:
    assert isinstance(outcome, TwoFactorError), outcome
    return outcome.code


# ---- enrolment --------------------------------------------------------------------------------------------


def test_enrolment_makes_a_key_a_qr_code_and_stores_the_key_encrypted(session: Session, ada: User) -> None:
    enrolment = two_factor.begin_enrolment(session, ada)
    session.commit()
    assert len(enrolment.secret) == 32 and TOTP(enrolment.secret).now().isdigit()
    assert enrolment.uri.startswith("otpauth://totp/Interview%20Coach:ada%40example.com?secret=")
    assert enrolment.qr_svg.startswith("data:image/svg+xml")
    assert enrolment.grouped_secret.replace(" ", "") == enrolment.secret
    row = session.get(TwoFactor, ada.id)
    assert row is not None and row.enabled_at is None
    assert enrolment.secret not in row.secret  # encrypted at rest
    assert not two_factor.is_enabled(session, ada)
    # Until the first code, the pending key can be shown again (a reload of the page).
    again = two_factor.pending_enrolment(session, ada)
    assert again is not None and again.secret == enrolment.secret


def test_a_wrong_first_code_keeps_it_off_and_a_right_one_turns_it_on(session: Session, ada: User, clock) -> None:
    enrolment = two_factor.begin_enrolment(session, ada)
    session.commit()
    wrong = f"{(int(code(enrolment.secret, NOW)) + 1) % 1_000_000:06d}"
    with pytest.raises(TwoFactorError) as raised:
        two_factor.confirm_enrolment(session, ada, wrong)
    assert raised.value.code == "two_factor_code_wrong"
    assert not two_factor.is_enabled(session, ada)
    codes = two_factor.confirm_enrolment(session, ada, code(enrolment.secret, NOW))
    session.commit()
    assert two_factor.is_enabled(session, ada)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(c) == 19 and c.count("-") == 3 for c in codes)
    stored = session.exec(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == ada.id)).all()
    assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & set(stored)  # hashes only
    # Once on, the key is never shown again and a second enrolment is refused.
    assert two_factor.pending_enrolment(session, ada) is None
    with pytest.raises(TwoFactorError, match="two_factor_already_enabled"):
        two_factor.begin_enrolment(session, ada)
    assert [e.subject_user_id for e in events(session, "two_factor.enabled")] == [ada.id]


def test_the_enrolment_code_cannot_sign_in_again(session: Session, ada: User, clock) -> None:
    enrolment = two_factor.begin_enrolment(session, ada)
    first = code(enrolment.secret, NOW)
    two_factor.confirm_enrolment(session, ada, first)
    session.commit()
    assert error_code(complete(session, challenge_for(session, ada), code=first)) == "two_factor_code_wrong"


# ---- codes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("steps", "accepted"), [(0, True), (-1, True), (1, True), (-2, False), (2, False)])
def test_codes_are_accepted_within_one_step_of_drift(
    session: Session, ada: User, clock, steps: int, accepted: bool
) -> None:
    secret, _ = enrolled(session, ada)
    clock(timedelta(minutes=5))  # past the enrolment code's step
    outcome = complete(session, challenge_for(session, ada), code=code(secret, NOW + timedelta(minutes=5), steps=steps))
    assert isinstance(outcome, two_factor.Completed) is accepted, outcome
    if isinstance(outcome, two_factor.Completed):
        assert outcome.user.id == ada.id and outcome.method == "totp" and outcome.device_token is None


def test_a_code_works_once_and_an_older_one_not_after_a_newer(session: Session, ada: User, clock) -> None:
    secret, _ = enrolled(session, ada)
    later = NOW + timedelta(minutes=5)
    clock(timedelta(minutes=5))
    current, previous = code(secret, later), code(secret, later, steps=-1)
    assert isinstance(complete(session, challenge_for(session, ada), code=current), two_factor.Completed)
    assert error_code(complete(session, challenge_for(session, ada), code=current)) == "two_factor_code_wrong"
    assert error_code(complete(session, challenge_for(session, ada), code=previous)) == "two_factor_code_wrong"
    assert len(events(session, "two_factor.replay")) == 2
    clock(timedelta(seconds=30))  # the next step's code is new
    assert isinstance(complete(session, challenge_for(session, ada), code=code(secret, later, steps=1)),
                      two_factor.Completed)  # fmt: skip


def test_a_challenge_is_single_use_short_lived_and_needs_a_code(session: Session, ada: User, clock) -> None:
    secret, _ = enrolled(session, ada)
    clock(timedelta(minutes=1))
    challenge = challenge_for(session, ada)
    assert error_code(complete(session, challenge)) == "two_factor_code_required"
    assert isinstance(complete(session, challenge, code=code(secret, NOW + timedelta(minutes=1))), two_factor.Completed)
    clock(timedelta(minutes=1))
    again = code(secret, NOW + timedelta(minutes=2))
    assert error_code(complete(session, challenge, code=again)) == "two_factor_challenge_expired"
    late = challenge_for(session, ada)
    clock(timedelta(minutes=two_factor.CHALLENGE_MINUTES, seconds=1))
    assert error_code(complete(session, late, code=code(secret, NOW + timedelta(minutes=7, seconds=1)))) == (
        "two_factor_challenge_expired"
    )
    assert error_code(complete(session, "made-up")) == "two_factor_challenge_expired"


def test_a_deactivated_account_cannot_finish_its_challenge(session: Session, ada: User, clock) -> None:
    secret, _ = enrolled(session, ada)
    clock(timedelta(minutes=1))
    challenge = challenge_for(session, ada)
    ada.is_active = False
    session.add(ada)
    session.commit()
    outcome = complete(session, challenge, code=code(secret, NOW + timedelta(minutes=1)))
    assert error_code(outcome) == "two_factor_challenge_expired"


# ---- recovery codes ---------------------------------------------------------------------------------------


def test_recovery_codes_work_once_each_in_any_spelling(session: Session, ada: User, clock) -> None:
    _, codes = enrolled(session, ada)
    typed = " " + codes[0].upper().replace("-", " ") + " "
    done = complete(session, challenge_for(session, ada), recovery_code=typed)
    assert isinstance(done, two_factor.Completed)
    assert done.method == "recovery_code" and done.recovery_codes_left == 9
    assert error_code(complete(session, challenge_for(session, ada), recovery_code=codes[0])) == (
        "two_factor_code_wrong"
    )
    (used,) = events(session, "two_factor.recovery_code_used")
    assert used.subject_user_id == ada.id and used.detail["left"] == 9


def test_new_recovery_codes_void_the_old_ones(session: Session, ada: User, clock) -> None:
    secret, old = enrolled(session, ada)
    with pytest.raises(TwoFactorError, match="current_password_wrong"):
        two_factor.regenerate_recovery_codes(session, ada, password="not it")
    new = two_factor.regenerate_recovery_codes(session, ada, code=code(secret, NOW))
    session.commit()
    assert len(new) == 10 and not set(new) & set(old)
    assert error_code(complete(session, challenge_for(session, ada), recovery_code=old[1])) == "two_factor_code_wrong"
    assert isinstance(complete(session, challenge_for(session, ada), recovery_code=new[1]), two_factor.Completed)
    assert len(events(session, "two_factor.recovery_codes_regenerated")) == 1


# ---- rate limit -------------------------------------------------------------------------------------------


def test_wrong_codes_are_rate_limited_per_account(session: Session, ada: User, clock) -> None:
    secret, _ = enrolled(session, ada)
    challenge = challenge_for(session, ada)
    right = code(secret, NOW)
    wrong = f"{(int(right) + 7) % 1_000_000:06d}"
    for _ in range(two_factor.CODE_ATTEMPTS):
        assert error_code(complete(session, challenge, code=wrong)) == "two_factor_code_wrong"
    # Even the right code (or a fresh challenge) waits now: guessing 6 digits would take years.
    limited = complete(session, challenge_for(session, ada), code=right)
    assert isinstance(limited, RateLimited) and 0 < limited.retry_after <= 15 * 60
    assert len(events(session, "two_factor.failure")) == two_factor.CODE_ATTEMPTS


# ---- remembered devices -----------------------------------------------------------------------------------


def test_a_remembered_device_skips_the_code_for_30_days(session: Session, ada: User, clock) -> None:
    secret, _ = enrolled(session, ada)
    done = complete(session, challenge_for(session, ada), code=code(secret, NOW), remember_device=True,
                    label="Firefox on Linux")  # fmt: skip
    assert isinstance(done, two_factor.Completed) and done.device_token
    token = done.device_token
    assert two_factor.device_remembered(session, ada, token)
    assert not two_factor.device_remembered(session, ada, token[:-1] + ("A" if token[-1] != "A" else "B"))
    (device,) = two_factor.list_devices(session, ada)
    assert device.label == "Firefox on Linux"
    stored = session.exec(select(RememberedDevice.token_hash)).one()
    assert token not in stored
    clock(timedelta(days=two_factor.REMEMBER_DAYS, seconds=1))
    assert not two_factor.device_remembered(session, ada, token)
    assert two_factor.list_devices(session, ada) == []


def test_a_device_can_be_forgotten_and_only_by_its_owner(
    session: Session, ada: User, make_user: Callable[..., User], clock
) -> None:
    bob = make_user("bob@example.com", "Bob Builder")
    enrolled(session, ada)
    token = two_factor.remember(session, ada, label="Chrome on Windows", ip=CLIENT.ip)
    session.commit()
    (device,) = two_factor.list_devices(session, ada)
    assert not two_factor.revoke_device(session, bob, device.id)
    assert two_factor.device_remembered(session, ada, token)
    assert two_factor.revoke_device(session, ada, device.id, ip=CLIENT.ip)
    session.commit()
    assert not two_factor.device_remembered(session, ada, token)
    assert [e.event for e in events(session) if e.event.startswith("two_factor.device")] == [
        "two_factor.device_remembered",
        "two_factor.device_revoked",
    ]


def test_one_browser_token_serves_several_accounts(session: Session, ada: User, make_user, clock) -> None:
    bob = make_user("bob@example.com", "Bob Builder")
    enrolled(session, ada)
    enrolled(session, bob)
    token = two_factor.remember(session, ada)
    assert two_factor.remember(session, bob, token=token) == token
    assert two_factor.device_remembered(session, ada, token) and two_factor.device_remembered(session, bob, token)


def test_device_labels_name_the_browser_and_system() -> None:
    assert two_factor.device_label(CLIENT.user_agent) == "Firefox on Linux"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Safari/604.1"
    assert two_factor.device_label(iphone) == "Safari on iPhone"
    assert two_factor.device_label("") == "Unknown device"


# ---- disabling --------------------------------------------------------------------------------------------


def test_disabling_needs_a_code_or_the_password_and_forgets_everything(session: Session, ada: User, clock) -> None:
    secret, _ = enrolled(session, ada)
    two_factor.remember(session, ada)
    with pytest.raises(TwoFactorError, match="two_factor_code_required"):
        two_factor.disable(session, ada)
    with pytest.raises(TwoFactorError, match="current_password_wrong"):
        two_factor.disable(session, ada, password="nope")
    two_factor.disable(session, ada, password=PASSWORD, ip=CLIENT.ip)
    session.commit()
    assert not two_factor.is_enabled(session, ada)
    assert session.exec(select(RecoveryCode)).all() == [] and session.exec(select(RememberedDevice)).all() == []
    (off,) = events(session, "two_factor.disabled")
    assert off.detail["by"] == "password"
    # Back on with a new key; off again with a code from the app.
    secret, _ = enrolled(session, ada)
    clock(timedelta(minutes=1))
    two_factor.disable(session, ada, code=code(secret, NOW + timedelta(minutes=1)))
    assert not two_factor.is_enabled(session, ada)


# ---- admins -----------------------------------------------------------------------------------------------


def test_admins_must_enrol_candidates_may(session: Session, ada: User, make_user, clock) -> None:
    root = make_user("root@example.com", "Root Admin", role="admin", two_factor=False)
    assert two_factor.needs_enrolment(session, root) and two_factor.status(session, root).required
    assert not two_factor.needs_enrolment(session, ada) and not two_factor.status(session, ada).required
    enrolled(session, root)
    assert not two_factor.needs_enrolment(session, root)


# ---- the sign-in flow through accounts --------------------------------------------------------------------


def sign_in(session: Session, **kwargs) -> tuple[User, str] | Exception:
    try:
        result = accounts.sign_in(session, email="ada@example.com", password=PASSWORD, client=CLIENT, **kwargs)
    except (AccountError, RateLimited) as exc:
        session.rollback()
        return exc
    session.commit()
    return result


def test_sign_in_asks_for_the_second_step_and_starts_the_session_after_it(session: Session, ada: User) -> None:
    assert isinstance(sign_in(session), tuple)  # without two-factor: one step, as before
    secret, codes = enrol(session, ada)
    sessions_before = len(session.exec(select(AuthSession)).all())
    first = sign_in(session)
    assert isinstance(first, TwoFactorRequired)
    assert len(session.exec(select(AuthSession)).all()) == sessions_before  # no session yet
    user, token, device = accounts.sign_in_second_step(
        session, challenge=first.challenge, code=code(secret), remember_device=True, client=CLIENT
    )
    session.commit()
    assert user.id == ada.id and accounts.resolve_session(session, token) is not None and device
    assert events(session, "signin.success")[-1].detail["via"] == "totp"
    # The remembered browser signs in with the password alone.
    assert isinstance(sign_in(session, remembered=device), tuple)
    # A recovery code finishes the step too; a wrong code is counted against the IP as a failed sign-in.
    second = sign_in(session)
    assert isinstance(second, TwoFactorRequired)
    with pytest.raises(AccountError, match="two_factor_code_wrong"):
        accounts.sign_in_second_step(session, challenge=second.challenge, recovery_code="abcd-efgh", client=CLIENT)
    _, token, _ = accounts.sign_in_second_step(session, challenge=second.challenge, recovery_code=codes[0],
                                               client=CLIENT)  # fmt: skip
    assert accounts.resolve_session(session, token) is not None


def test_a_password_change_forgets_the_remembered_devices(session: Session, ada: User) -> None:
    enrol(session, ada)
    device = two_factor.remember(session, ada)
    session.commit()
    accounts.change_password(session, user=ada, current=PASSWORD, new_password="a whole new sentence 42", client=CLIENT)
    session.commit()
    assert not two_factor.device_remembered(session, ada, device)


def test_an_oauth_sign_in_and_an_email_link_need_the_second_step_too(session: Session, ada: User) -> None:
    enrol(session, ada)
    login = accounts.oauth_sign_in(session, provider="github", subject="42", email=ada.email, email_verified=True,
                                   name="Ada", client=CLIENT)  # fmt: skip
    session.commit()
    with pytest.raises(TwoFactorRequired):
        accounts.redeem_login_code(session, login, CLIENT)
    token = accounts._issue_token(session, ada, "verify_email", timedelta(hours=1))
    session.commit()
    user, new = accounts.verify_email_and_sign_in(session, token, current_token=None, client=CLIENT)
    assert user.id == ada.id and new is None


def test_an_operator_can_turn_it_off_for_a_lost_phone(session: Session, ada: User) -> None:
    enrol(session, ada)
    assert two_factor.reset(session, ada, ip="cli")
    session.commit()
    assert not two_factor.is_enabled(session, ada) and session.exec(select(RecoveryCode)).all() == []
    assert not two_factor.reset(session, ada)
    (reset,) = events(session, "two_factor.reset")
    assert reset.subject_user_id == ada.id and reset.ip == "cli"


def test_the_e_mailed_code_of_the_back_off_leads_to_the_second_step_too(session: Session, ada: User) -> None:
    secret, _ = enrol(session, ada)
    attacker = Client(ip="203.0.113.66")
    for _ in range(get_settings().signin_account_free_failures):
        with pytest.raises(AccountError):
            accounts.sign_in(session, email=ada.email, password="not the password", client=attacker)
    with pytest.raises(CodeRequired) as step:
        accounts.sign_in(session, email=ada.email, password=PASSWORD, client=CLIENT)
    (mail,) = outbox(session, kind="signin_code")
    emailed = re.findall(r"\b\d{6}\b", mail.body_text)[0]
    with pytest.raises(TwoFactorRequired) as second:
        accounts.sign_in_with_code(session, challenge=step.value.challenge, code=emailed, client=CLIENT)
    _, token, _ = accounts.sign_in_second_step(session, challenge=second.value.challenge, code=code(secret),
                                               client=CLIENT)  # fmt: skip
    assert accounts.resolve_session(session, token) is not None


def test_pruning_drops_devices_a_day_after_they_ended(session: Session, ada: User, clock) -> None:
    enrolled(session, ada)
    kept = two_factor.remember(session, ada, label="kept")
    gone = two_factor.remember(session, ada, label="revoked")
    session.commit()
    (revoked,) = [d for d in two_factor.list_devices(session, ada) if d.label == "revoked"]
    two_factor.revoke_device(session, ada, revoked.id)
    session.commit()
    clock(timedelta(days=1, minutes=1))
    assert two_factor.prune(session, NOW + timedelta(days=1, minutes=1)) == 1
    assert two_factor.device_remembered(session, ada, kept) and not two_factor.device_remembered(session, ada, gone)
    assert two_factor.prune(session, NOW + timedelta(days=two_factor.REMEMBER_DAYS + 2)) == 1


def test_the_owner_is_told_by_e_mail_when_the_protection_changes(session: Session, ada: User, clock) -> None:
    _, codes = enrolled(session, ada)
    assert isinstance(complete(session, challenge_for(session, ada), recovery_code=codes[0]), two_factor.Completed)
    two_factor.regenerate_recovery_codes(session, ada, password=PASSWORD)
    two_factor.disable(session, ada, password=PASSWORD)
    session.commit()
    bodies = [m.body_text for m in outbox(session, kind="two_factor", to=ada.email)]
    assert len(bodies) == 4
    assert "was turned on" in bodies[0] and "(9 left)" in bodies[1]
    assert "New recovery codes" in bodies[2] and "was turned off" in bodies[3]
    assert all("/settings/security" in body and "If this was not you" in body for body in bodies)


def test_an_admin_sees_on_the_user_page_whether_it_is_on(session: Session, ada: User) -> None:
    from interview_app.services.admin import users as admin_users

    assert ada.id is not None and not admin_users.user_details(session, ada.id).two_factor
    enrol(session, ada)
    assert admin_users.user_details(session, ada.id).two_factor
