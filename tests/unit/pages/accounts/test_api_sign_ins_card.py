"""The security settings' card of API sign-ins (issue 18): it lists the account's signed-in apps and signs one
out; another account's sign-in cannot be touched from it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import ApiTokenFamily, AuditEvent, User
from interview_app.pages.accounts.settings_security import SecurityState
from interview_app.services.accounts import accounts, api_tokens
from tests.support.handlers import new_state, session_token

PHONE = "Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"


def signed_in_app(session: Session, user: User, user_agent: str = PHONE) -> str:
    client = accounts.Client(ip="203.0.113.9", user_agent=user_agent)
    pair = accounts.start_api_session(session, user, client, via="password")
    session.commit()
    return api_tokens.verify_access(pair.access_token).family_id


def test_the_card_lists_the_apps_and_signs_one_out(session: Session, make_user: Callable[..., User]):
    ada, bob = make_user("ada@example.com"), make_user("bob@example.com", "Bob")
    phone, laptop = signed_in_app(session, ada), signed_in_app(session, ada, "Mozilla/5.0 (X11; Linux) Firefox/133.0")
    bobs = signed_in_app(session, bob)
    state = new_state(SecurityState)
    state.session_token = session_token(session, ada)
    state.start()
    assert [row["id"] for row in state.api_sign_ins] == [laptop, phone]
    assert state.api_sign_ins[1]["device"] == "Chrome on Android" and state.api_sign_ins[1]["ip"] == "203.0.113.9"

    state.revoke_api_sign_in(bobs)  # not Ada's: nothing happens, nothing is said
    assert state.api_sign_ins_done == "" and len(state.api_sign_ins) == 2
    state.revoke_api_sign_in(phone)
    assert state.api_sign_ins_done and [row["id"] for row in state.api_sign_ins] == [laptop]
    session.expire_all()
    revoked = {f.id: f.revoked_reason for f in session.exec(select(ApiTokenFamily)).all()}
    assert revoked == {phone: "revoked_by_user", laptop: "", bobs: ""}
    events = session.exec(select(AuditEvent).where(AuditEvent.event == "signout")).all()
    assert [e.detail.get("sign_in") for e in events] == [phone]


def test_the_card_says_how_long_ago_each_app_was_used_in_the_reader_language(
    session: Session, make_user: Callable[..., User]
):
    ada = make_user("ada@example.com")
    family = session.get(ApiTokenFamily, signed_in_app(session, ada))
    assert family is not None
    family.last_used_at = utcnow() - timedelta(days=2, minutes=3)
    session.add(family)
    session.commit()
    state = new_state(SecurityState)
    state.session_token = session_token(session, ada)
    state.lang = "ko"
    state.start()
    assert state.api_sign_ins[0]["meta"] == "마지막 사용 2일 전 · 203.0.113.9"
    state.lang = "en"
    state.start()
    assert state.api_sign_ins[0]["meta"] == "Last used 2 days ago · 203.0.113.9"
