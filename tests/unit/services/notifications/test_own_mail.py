"""While this machine is the only way in and mail stays in the local outbox, a signed-in user's inbox shows
the e-mails sent to their own current address (so a laptop install can confirm an address from the app)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlmodel import Session

from interview_app.models import OutboxMessage, User
from interview_app.pages.notifications.notifications import InboxState
from interview_app.services.accounts import accounts
from interview_app.services.notifications import mail
from tests.support.handlers import CLIENT, PASSWORD, new_state, outbox, session_token, token_in

MakeUser = Callable[..., User]


def _inbox(session: Session, user: User) -> InboxState:
    state = new_state(InboxState)
    state.session_token = session_token(session, user)
    state.load()
    return state


def test_a_new_account_confirms_its_address_from_the_inbox(session: Session):
    accounts.register(session, name="Lee Laptop", email="lee@example.com", password=PASSWORD, client=CLIENT)
    session.commit()
    lee = accounts.find_user(session, "lee@example.com")
    assert lee is not None and lee.email_verified_at is None
    assert mail.own_mail_in_app()
    [message] = _inbox(session, lee).mail
    [verify] = outbox(session, kind="verify_email")
    assert message["subject"] == verify.subject
    assert message["links"] == [f"/verify-email?token={token_in(verify.body_text)}"]


def test_only_mail_to_the_current_address_since_the_user_has_held_it(session: Session, make_user: MakeUser):
    ada = make_user("ada@example.com", "Ada")
    bob = make_user("bob@example.com", "Bob")
    for email in ("ada@example.com", "bob@example.com"):
        accounts.request_password_reset(session, email=email, client=CLIENT)
    # Sent to Ada's address before her account existed (someone else held it then).
    session.add(
        OutboxMessage(
            to_email="ada@example.com", subject="Old news", body_text="x", created_at=ada.created_at - timedelta(days=3)
        )
    )
    session.commit()
    assert [m["to"] for m in _inbox(session, ada).mail] == ["ada@example.com"]
    assert [m["subject"] for m in _inbox(session, ada).mail] == [
        outbox(session, kind="password_reset", to="ada@example.com")[0].subject
    ]
    assert [m["to"] for m in _inbox(session, bob).mail] == ["bob@example.com"]

    accounts.request_email_change(session, user=ada, new_email="ada.new@example.com", password=PASSWORD, client=CLIENT)
    session.commit()
    accounts.confirm_email_change(session, token_in(outbox(session, kind="change_email")[0].body_text))
    session.commit()
    session.refresh(ada)
    # The old address's mail is gone, and the confirmation link went to the new one before Ada held it.
    assert _inbox(session, ada).mail == []
    accounts.request_password_reset(session, email="ada.new@example.com", client=CLIENT)
    session.commit()
    assert [m["to"] for m in _inbox(session, ada).mail] == ["ada.new@example.com"]


@pytest.mark.parametrize(
    "settings",
    [
        {"smtp_host": "smtp.example.com"},
        {"bind_host": "0.0.0.0"},
        {"app_env": "production", "secret_key": "s" * 40, "public_url": "https://coach.example.com"},
    ],
    ids=["smtp", "network", "production"],
)
def test_not_shown_when_others_can_reach_the_app_or_mail_is_really_sent(
    session: Session, make_user: MakeUser, override_settings, settings: dict[str, str]
):
    ada = make_user("ada@example.com", "Ada")
    accounts.request_password_reset(session, email="ada@example.com", client=CLIENT)
    session.commit()
    assert len(_inbox(session, ada).mail) == 1
    override_settings(**settings)
    assert not mail.own_mail_in_app()
    assert _inbox(session, ada).mail == [] and mail.own_messages(session, ada) == []
