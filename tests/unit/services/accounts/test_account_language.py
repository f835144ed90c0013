"""A user's language: set at registration from the page's, saved from the header, used for their e-mails."""

from __future__ import annotations

import pytest
from sqlmodel import select

from interview_app.i18n import t
from interview_app.models import OutboxMessage, Profile
from interview_app.services.accounts import accounts, profiles
from interview_app.services.accounts.profiles import ProfileError
from tests.support.handlers import CLIENT, PASSWORD


def _mails(session, kind: str) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind)).all())


def test_a_korean_registration_starts_a_korean_profile_and_mails_in_korean(session):
    client = accounts.Client(ip=CLIENT.ip, user_agent=CLIENT.user_agent, language="ko")
    accounts.register(session, name="김민준", email="minjun@example.com", password=PASSWORD, client=client)
    user = accounts.find_user(session, "minjun@example.com")
    assert user is not None and user.id is not None
    assert profiles.language_of(session, user.id) == "ko"
    [message] = _mails(session, "verify_email")
    assert message.subject == t("mail.verify_subject", "ko")
    assert message.subject != t("mail.verify_subject", "en")


def test_a_registration_without_a_language_is_english(session):
    accounts.register(session, name="Grace Hopper", email="grace@example.com", password=PASSWORD, client=CLIENT)
    user = accounts.find_user(session, "grace@example.com")
    assert user is not None and user.id is not None
    assert profiles.language_of(session, user.id) == "en"
    [message] = _mails(session, "verify_email")
    assert message.subject == t("mail.verify_subject", "en")


def test_the_exists_warning_goes_out_in_the_owners_language_not_the_visitors(session, make_user):
    owner = make_user(email="ada@example.com")
    assert owner.id is not None
    profiles.set_language(session, owner, "ko")
    session.commit()
    visitor = accounts.Client(ip="203.0.113.9", user_agent="test", language="en")
    accounts.register(session, name="Someone", email="ada@example.com", password=PASSWORD, client=visitor)
    [message] = _mails(session, "register_existing")
    assert message.subject == t("mail.exists_subject", "ko")


def test_a_password_reset_mail_follows_the_profile(session, make_user):
    user = make_user(email="ada@example.com")
    profiles.set_language(session, user, "ko")
    session.commit()
    accounts.request_password_reset(session, email="ada@example.com", client=CLIENT)
    [message] = _mails(session, "password_reset")
    assert message.subject == t("mail.reset_subject", "ko")


def test_set_language_saves_a_supported_language_and_refuses_others(session, make_user):
    user = make_user()
    assert user.id is not None
    assert profiles.set_language(session, user, "ko") == "ko"
    assert session.get(Profile, user.id).language == "ko"  # type: ignore[union-attr]
    with pytest.raises(ProfileError):
        profiles.set_language(session, user, "xx")
    assert profiles.language_of(session, user.id) == "ko"


def test_language_of_a_user_without_a_profile_is_the_default_given(session, make_user):
    user = make_user()
    assert user.id is not None
    session.delete(session.get(Profile, user.id))
    session.commit()
    assert profiles.language_of(session, user.id) == "en"
    assert profiles.language_of(session, user.id, "ko") == "ko"
