"""The two-factor pages' handlers (issue 18): the sign-in page's second step, the OAuth landing's, and the
security settings' card, called directly; the database shows what happened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from interview_app.clock import local_now, utcnow
from interview_app.i18n import error_text, formats
from interview_app.models import Profile, RememberedDevice, User
from interview_app.pages.accounts.oauth_complete import OAuthCompleteState
from interview_app.pages.accounts.settings_two_factor import TwoFactorSettingsState
from interview_app.pages.accounts.sign_in import SignInState
from interview_app.services.accounts import accounts, two_factor
from tests.support.handlers import PASSWORD, new_state, redirect_path, run_handler, session_token
from tests.support.two_factor import code, enrol

EMAIL = "ada@example.com"
CLIENT = accounts.Client(ip="198.51.100.7")


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user(EMAIL)


def password_step(state: SignInState) -> list[object]:
    return [e for e in run_handler(state, SignInState.submit, {"email": EMAIL, "password": PASSWORD}) if e is not None]


def test_the_sign_in_page_asks_for_the_code_and_keeps_the_challenge_on_the_server(session: Session, ada: User):
    secret, codes = enrol(session, ada)
    laptop = new_state(SignInState)
    assert password_step(laptop) == []
    assert laptop.two_factor_step and laptop.session_token == "" and laptop.error == ""
    challenge = laptop._two_factor_challenge
    assert challenge and challenge not in str(laptop.dict())  # never sent to the browser
    assert laptop.submit_second_step({"totp_code": "000000" if code(secret) != "000000" else "111111"}) is None
    assert laptop.step_error == error_text("two_factor_code_wrong") and laptop.two_factor_step
    done = laptop.submit_second_step({"totp_code": code(secret), "remember": "on"})
    assert redirect_path(done) == "/onboarding" and laptop.session_token and laptop.remembered_device
    assert not laptop.two_factor_step
    # The remembered browser skips the step next time; another browser uses a recovery code.
    laptop.session_token = ""
    (redirect,) = password_step(laptop)
    assert redirect_path(redirect) == "/onboarding"
    phone = new_state(SignInState)
    password_step(phone)
    phone.toggle_recovery()
    done = phone.submit_second_step({"recovery_code": codes[0]})
    assert isinstance(done, list) and redirect_path(done) == "/onboarding" and "toast" in str(done[-1])
    assert accounts.resolve_session(session, phone.session_token) is not None
    # Back to the password form forgets the challenge.
    tablet = new_state(SignInState)
    password_step(tablet)
    tablet.back_to_password()
    assert not tablet.two_factor_step and tablet._two_factor_challenge == ""
    assert tablet.submit_second_step({"totp_code": code(secret, steps=1)}) is None and tablet.session_token == ""


def test_an_oauth_sign_in_asks_for_the_code_too(session: Session, ada: User, monkeypatch):
    secret, _ = enrol(session, ada)
    login = accounts.oauth_sign_in(
        session, provider="github", subject="7", email=EMAIL, email_verified=True, name="Ada", client=CLIENT
    )
    session.commit()
    state = new_state(OAuthCompleteState)
    monkeypatch.setattr(type(state), "router", property(lambda _s: _Router({"code": login})), raising=False)
    assert state.redeem() is None and state.two_factor_step and state.session_token == ""
    done = state.submit_second_step({"totp_code": code(secret)})
    assert redirect_path(done) == "/onboarding" and state.session_token


class _Url:
    def __init__(self, query: dict[str, str]) -> None:
        self.query_parameters = query
        self.path = "/oauth/complete"


class _Router:
    def __init__(self, query: dict[str, str]) -> None:
        self.url = _Url(query)
        self.session = type("S", (), {"client_ip": "198.51.100.7"})()
        self.headers = type("H", (), {"user_agent": "pytest"})()


def test_the_settings_card_sets_it_up_and_shows_the_codes_once(session: Session, ada: User):
    state = new_state(TwoFactorSettingsState)
    state.session_token = session_token(session, ada)
    state._load()
    assert not state.enabled and state.qr == ""
    state.start_enrolment()
    assert state.qr.startswith("data:image/svg+xml") and state.manual_key
    key = state.manual_key.replace(" ", "")
    state.confirm({"enrol_code": "12"})
    assert state.enrol_error == error_text("two_factor_code_wrong") and not state.enabled
    state.confirm({"enrol_code": code(key)})
    assert state.enabled and len(state.recovery_codes) == 10 and state.manual_key == "" and state.qr == ""
    assert state.recovery_codes[0] in state.recovery_text and EMAIL in state.recovery_text
    state.codes_saved()
    assert state.recovery_codes == [] and state.recovery_text == ""
    # New codes need a code or the password; a wrong password is explained.
    state.open_manage("regenerate")
    run_handler(state, TwoFactorSettingsState.submit_manage, {"manage_code": "", "manage_password": "wrong"})
    assert state.manage_error == error_text("current_password_wrong")
    run_handler(state, TwoFactorSettingsState.submit_manage, {"manage_code": "", "manage_password": PASSWORD})
    assert len(state.recovery_codes) == 10 and state.manage == ""
    # A remembered device is listed and forgotten.
    two_factor.remember(session, ada, label="Firefox on Linux")
    session.commit()
    state._load()
    (device,) = state.devices
    assert device["label"] == "Firefox on Linux"
    state.forget_device(device["id"])
    assert state.devices == []
    state.open_manage("disable")
    run_handler(state, TwoFactorSettingsState.submit_manage, {"manage_code": "", "manage_password": PASSWORD})
    assert not state.enabled


def test_the_card_writes_its_days_on_the_owner_calendar_and_last_use_as_a_time_ago(session: Session, ada: User):
    enrol(session, ada)
    profile = session.get(Profile, ada.id)
    assert profile is not None
    profile.timezone = "Asia/Seoul"
    session.add(profile)
    two_factor.remember(session, ada, label="Firefox on Linux")
    (device,) = session.exec(select(RememberedDevice)).all()
    now = utcnow()
    device.created_at = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)  # 7 December in Seoul
    device.last_used_at = now - timedelta(hours=3, minutes=5)
    device.expires_at = datetime(2027, 1, 5, 16, 30, tzinfo=UTC)  # 6 January in Seoul
    session.add(device)
    session.commit()
    state = new_state(TwoFactorSettingsState)
    state.session_token = session_token(session, ada)
    state.lang = "ko"
    state._load()
    assert state.devices[0]["meta"] == "등록 2026. 12. 7. · 마지막 사용 3시간 전 · 만료 2027. 1. 6."
    assert state.enabled_on == formats.date(local_now(profile, now), "ko")
    state.lang = "en"
    state._load()
    assert state.devices[0]["meta"] == "Remembered 7 Dec 2026 · last used 3 hours ago · until 6 Jan 2027"
