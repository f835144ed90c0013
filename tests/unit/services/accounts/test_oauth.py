"""Sign-in with OAuth: account linking, one-time login codes, provider set-up and the full HTTP flow."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from sqlmodel import Session, func, select

from interview_app.clock import utcnow
from interview_app.models import AuthSession, AuthToken, OAuthAccount, OAuthState, Profile, User
from interview_app.services.accounts import accounts, oauth
from interview_app.services.accounts.accounts import AccountError, Client
from interview_app.services.accounts.oauth import OAuthError
from interview_app.settings import Settings
from tests.support import fake_oauth as fake
from tests.support.fake_oauth import FakeProvider
from tests.support.handlers import PASSWORD, events, outbox, token_in

CLIENT = Client(ip="203.0.113.9", user_agent="pytest oauth browser")
PUBLIC_URL = "http://127.0.0.1:9"
NO_PROVIDERS = {f"{name}_client_{part}": "" for name in ("google", "github", "linkedin") for part in ("id", "secret")}

Override = Callable[..., Settings]
MakeUser = Callable[..., User]


def no_providers_but(**values: object) -> dict[str, object]:
    """Settings with every provider unconfigured except for `values`."""
    return {**NO_PROVIDERS, **values}


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def sign_in_with(
    session: Session,
    *,
    provider: str = "google",
    subject: str = "g-1",
    email: str = "ada@example.com",
    verified: bool = True,
    name: str = "Ada Lovelace",
) -> str:
    code = accounts.oauth_sign_in(
        session, provider=provider, subject=subject, email=email, email_verified=verified, name=name, client=CLIENT
    )
    session.commit()
    return code


def links(session: Session) -> list[OAuthAccount]:
    return list(session.exec(select(OAuthAccount).order_by(OAuthAccount.id)).all())  # type: ignore[arg-type]


def login_token_row(session: Session, code: str) -> AuthToken:
    return session.exec(select(AuthToken).where(AuthToken.token_hash == accounts.hash_token(code))).one()


def state_row(session: Session, state: str) -> OAuthState:
    return session.exec(select(OAuthState).where(OAuthState.state_hash == accounts.hash_token(state))).one()


def event_names(session: Session) -> list[str]:
    return [e.event for e in events(session)]


# --- accounts.oauth_sign_in ------------------------------------------------------------------


def test_new_identity_with_verified_email_creates_an_account(session: Session):
    code = sign_in_with(session)

    user = session.exec(select(User)).one()
    assert user.email == "ada@example.com"
    assert user.name == "Ada Lovelace"
    assert user.password_hash is None
    assert user.email_verified_at is not None
    assert user.is_active
    assert session.exec(select(Profile).where(Profile.user_id == user.id)).one()
    (link,) = links(session)
    assert (link.user_id, link.provider, link.subject, link.email) == (user.id, "google", "g-1", "ada@example.com")
    assert event_names(session) == ["account.registered", "oauth.linked", "signin.success"]
    assert all(e.subject_user_id == user.id for e in events(session))
    assert events(session, "signin.success")[0].detail == {"provider": "google"}
    assert events(session, "account.registered")[0].ip == CLIENT.ip
    row = login_token_row(session, code)
    assert row.purpose == "oauth_login"
    assert row.user_id == user.id
    assert timedelta(minutes=1) < row.expires_at - utcnow() <= timedelta(minutes=2)


def test_new_account_name_falls_back_to_the_email(session: Session):
    sign_in_with(session, email="grace@example.com", name="")
    assert session.exec(select(User)).one().name == "grace"


def test_same_identity_signs_in_the_same_user_without_creating_anything(session: Session):
    first = sign_in_with(session)
    user = session.exec(select(User)).one()
    before = (count(session, User), count(session, Profile), count(session, OAuthAccount))

    second = sign_in_with(session, email="ada@example.com", name="Someone Else")

    assert second != first
    assert (count(session, User), count(session, Profile), count(session, OAuthAccount)) == before
    assert login_token_row(session, second).user_id == user.id
    assert session.exec(select(User)).one().name == "Ada Lovelace"
    assert event_names(session) == ["account.registered", "oauth.linked", "signin.success", "signin.success"]


def test_known_identity_signs_in_even_when_the_provider_email_changed(session: Session):
    sign_in_with(session)
    user = session.exec(select(User)).one()

    code = sign_in_with(session, email="ada.new@example.com", verified=False)

    assert login_token_row(session, code).user_id == user.id
    assert count(session, User) == 1
    assert session.exec(select(User)).one().email == "ada@example.com"


def test_verified_provider_email_links_an_existing_verified_account(session: Session, make_user: MakeUser):
    user = make_user(verified=True)
    old_hash = user.password_hash
    live = accounts.create_session(session, user, CLIENT)
    session.commit()

    code = sign_in_with(session, provider="github", subject="4242")

    assert count(session, User) == 1
    (link,) = links(session)
    assert (link.user_id, link.provider, link.subject) == (user.id, "github", "4242")
    assert login_token_row(session, code).user_id == user.id
    session.refresh(user)
    assert user.password_hash == old_hash
    assert accounts.resolve_session(session, live) is not None  # other sessions are untouched
    signed_in, _token = accounts.sign_in(session, email=user.email, password=PASSWORD, client=CLIENT)
    assert signed_in.id == user.id
    assert "account.registered" not in event_names(session)
    assert "oauth.linked" in event_names(session)


def test_unverified_provider_email_does_not_link_an_existing_account(session: Session, make_user: MakeUser):
    user = make_user(verified=True)
    old_hash = user.password_hash

    with pytest.raises(AccountError) as info:
        accounts.oauth_sign_in(
            session,
            provider="github",
            subject="evil",
            email=user.email,
            email_verified=False,
            name="Mallory",
            client=CLIENT,
        )
    assert info.value.code == "oauth_email_unverified"
    session.rollback()

    assert links(session) == []
    assert count(session, AuthToken) == 0
    session.refresh(user)
    assert user.password_hash == old_hash
    assert not events(session, "oauth.linked")


def test_existing_unverified_account_is_linked_but_loses_its_password_and_sessions(
    session: Session, make_user: MakeUser
):
    """Account pre-hijacking: whoever registered the address earlier must keep no access."""
    user = make_user(verified=False)
    earlier = accounts.create_session(session, user, CLIENT)
    session.commit()
    assert accounts.resolve_session(session, earlier) is not None

    code = sign_in_with(session)

    session.refresh(user)
    assert user.password_hash is None
    assert user.email_verified_at is not None
    assert accounts.resolve_session(session, earlier) is None
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == accounts.hash_token(earlier))).one()
    assert row.revoked_at is not None
    (link,) = links(session)
    assert link.user_id == user.id
    assert login_token_row(session, code).user_id == user.id
    with pytest.raises(AccountError) as info:
        accounts.sign_in(session, email=user.email, password=PASSWORD, client=CLIENT)
    assert info.value.code == "bad_credentials"


def test_pre_hijacking_defence_also_voids_pending_email_change(session: Session, make_user: MakeUser):
    """The earlier registrant asked to move the account to their own address before the owner came."""
    user = make_user(verified=False)
    accounts.request_email_change(session, user=user, new_email="mallory@example.com", password=PASSWORD, client=CLIENT)
    session.commit()
    change_token = token_in(outbox(session, kind="change_email")[0].body_text)

    sign_in_with(session)  # the real owner signs in with a verified Google address

    with pytest.raises(AccountError) as info:  # otherwise the account moves to mallory, who resets its password
        accounts.confirm_email_change(session, change_token)
    assert info.value.code == "token_invalid"


def test_pre_hijacking_defence_also_drops_identities_linked_with_an_unverified_email(session: Session):
    """Someone with an unverified provider address created the account; the verified owner arrives."""
    sign_in_with(session, provider="github", subject="mallory", verified=False, name="Mallory")
    user = session.exec(select(User)).one()
    assert user.email_verified_at is None

    sign_in_with(session, provider="google", subject="g-owner", verified=True)

    assert [(link.provider, link.subject) for link in links(session)] == [("google", "g-owner")]
    with pytest.raises(AccountError) as info:  # Mallory's unverified address no longer opens the account
        sign_in_with(session, provider="github", subject="mallory", verified=False, name="Mallory")
    assert info.value.code == "oauth_email_unverified"


def test_inactive_existing_account_is_refused(session: Session, make_user: MakeUser):
    make_user(active=False)
    with pytest.raises(AccountError) as info:
        accounts.oauth_sign_in(
            session,
            provider="google",
            subject="g-1",
            email="ada@example.com",
            email_verified=True,
            name="Ada",
            client=CLIENT,
        )
    assert info.value.code == "account_inactive"
    session.rollback()
    assert links(session) == []
    assert count(session, AuthToken) == 0


def test_inactive_user_behind_a_known_identity_is_refused(session: Session):
    sign_in_with(session)
    user = session.exec(select(User)).one()
    user.is_active = False
    session.add(user)
    session.commit()

    with pytest.raises(AccountError) as info:
        sign_in_with(session)
    assert info.value.code == "account_inactive"


def test_emails_are_normalised(session: Session, make_user: MakeUser):
    sign_in_with(session, email="  Grace.Hopper@EXAMPLE.COM ", subject="g-grace")
    grace = session.exec(select(User).where(User.email == "grace.hopper@example.com")).one()
    assert links(session)[0].email == "grace.hopper@example.com"

    ada = make_user(email="ada@example.com")
    code = sign_in_with(session, email="ADA@Example.Com", subject="g-ada")
    assert login_token_row(session, code).user_id == ada.id
    assert count(session, User) == 2
    assert grace.id != ada.id


def test_invalid_provider_email_is_refused(session: Session):
    with pytest.raises(AccountError) as info:
        sign_in_with(session, email="not-an-address")
    assert info.value.code == "email_invalid"


def test_unverified_email_for_a_new_account_creates_it_unverified(session: Session):
    code = sign_in_with(session, verified=False)

    user = session.exec(select(User)).one()
    assert user.email_verified_at is None
    assert user.password_hash is None
    assert links(session)[0].user_id == user.id
    assert login_token_row(session, code).user_id == user.id


# --- accounts.redeem_login_code --------------------------------------------------------------


def test_redeem_login_code_starts_a_session(session: Session):
    code = sign_in_with(session)

    user, token = accounts.redeem_login_code(session, code, CLIENT)
    session.commit()

    assert user.email == "ada@example.com"
    resolved = accounts.resolve_session(session, token)
    assert resolved is not None
    assert resolved.id == user.id
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == accounts.hash_token(token))).one()
    assert (row.ip, row.user_agent) == (CLIENT.ip, CLIENT.user_agent)
    assert login_token_row(session, code).used_at is not None


def test_login_code_is_single_use(session: Session):
    code = sign_in_with(session)
    accounts.redeem_login_code(session, code, CLIENT)
    session.commit()

    with pytest.raises(AccountError) as info:
        accounts.redeem_login_code(session, code, CLIENT)
    assert info.value.code == "token_invalid"


def test_expired_login_code_is_refused(session: Session):
    code = sign_in_with(session)
    row = login_token_row(session, code)
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()

    with pytest.raises(AccountError) as info:
        accounts.redeem_login_code(session, code, CLIENT)
    assert info.value.code == "token_invalid"
    assert count(session, AuthSession) == 0


@pytest.mark.parametrize("code", ["", "made-up-code"])
def test_unknown_login_code_is_refused(session: Session, code: str):
    sign_in_with(session)
    with pytest.raises(AccountError) as info:
        accounts.redeem_login_code(session, code, CLIENT)
    assert info.value.code == "token_invalid"


def test_login_code_of_a_deactivated_user_is_refused(session: Session):
    code = sign_in_with(session)
    user = session.exec(select(User)).one()
    user.is_active = False
    session.add(user)
    session.commit()

    with pytest.raises(AccountError) as info:
        accounts.redeem_login_code(session, code, CLIENT)
    assert info.value.code == "token_invalid"


def test_other_tokens_are_not_login_codes(session: Session, make_user: MakeUser):
    user = make_user()
    reset = accounts.request_password_reset(session, email=user.email, client=CLIENT)
    session.commit()
    assert reset
    reset_token = token_in(outbox(session, kind="password_reset")[0].body_text)

    with pytest.raises(AccountError) as info:
        accounts.redeem_login_code(session, reset_token, CLIENT)
    assert info.value.code == "token_invalid"


# --- services.oauth: configuration and profiles ----------------------------------------------


def test_configured_lists_only_providers_with_id_and_secret(override_settings: Override):
    override_settings(**NO_PROVIDERS)
    assert oauth.configured() == []

    override_settings(
        google_client_id="gid",
        google_client_secret="gsecret",
        github_client_id="only-an-id",
        linkedin_client_secret="only-a-secret",
    )
    assert [p.name for p in oauth.configured()] == ["google"]
    assert oauth.configured()[0] == oauth.PROVIDERS["google"]

    override_settings(github_client_secret="ghsecret", linkedin_client_id="lid")
    assert [p.name for p in oauth.configured()] == ["google", "github", "linkedin"]


def test_configured_applies_endpoint_overrides(override_settings: Override):
    override_settings(
        **no_providers_but(
            google_client_id="gid",
            google_client_secret="gsecret",
            github_client_id="ghid",
            github_client_secret="ghsecret",
            oauth_endpoints=json.dumps(
                {
                    "github": {"authorize_url": "https://ghe.example.com/login/oauth/authorize"},
                    "linkedin": {"token_url": "https://ignored.example.com/token"},
                }
            ),
        )
    )
    providers = {p.name: p for p in oauth.configured()}
    assert set(providers) == {"google", "github"}
    assert providers["google"] == oauth.PROVIDERS["google"]
    github = providers["github"]
    assert github.authorize_url == "https://ghe.example.com/login/oauth/authorize"
    assert github.token_url == oauth.PROVIDERS["github"].token_url
    assert github.emails_url == oauth.PROVIDERS["github"].emails_url
    assert oauth.PROVIDERS["github"].authorize_url == "https://github.com/login/oauth/authorize"  # not mutated


def test_get_provider(override_settings: Override):
    override_settings(**no_providers_but(linkedin_client_id="lid", linkedin_client_secret="lsecret"))
    assert oauth.get_provider("linkedin").label == "LinkedIn"
    for name in ("google", "nonsense"):
        with pytest.raises(OAuthError) as info:
            oauth.get_provider(name)
        assert info.value.code == "oauth_unavailable"


def test_start_with_an_unconfigured_provider(session: Session, override_settings: Override):
    override_settings(**NO_PROVIDERS)
    with pytest.raises(OAuthError) as info:
        oauth.start(session, "google", "/settings")
    assert info.value.code == "oauth_unavailable"
    assert count(session, OAuthState) == 0


def test_redirect_uri_uses_the_public_url(override_settings: Override):
    override_settings(public_url="https://coach.example.com/")
    assert (
        oauth.redirect_uri(oauth.PROVIDERS["github"]) == "https://coach.example.com/api/v1/auth/oauth/github/callback"
    )


def test_identity_from_google_userinfo():
    info = {"sub": "1081", "email": "ada@example.com", "email_verified": True, "name": "Ada Lovelace"}
    identity = oauth._identity(oauth.PROVIDERS["google"], info, None)
    assert identity == oauth.Identity(subject="1081", email="ada@example.com", email_verified=True, name="Ada Lovelace")


def test_identity_without_email_verified_is_unverified():
    identity = oauth._identity(oauth.PROVIDERS["linkedin"], {"sub": "li-1", "email": "ada@example.com"}, None)
    assert identity.email_verified is False
    assert identity.name == "ada"


def test_identity_from_github_uses_the_primary_email():
    info = {"id": 583231, "login": "octocat", "name": None, "email": "public@example.com"}
    emails = [
        {"email": "other@example.com", "primary": False, "verified": True},
        {"email": "octo@example.com", "primary": True, "verified": True},
    ]
    identity = oauth._identity(oauth.PROVIDERS["github"], info, emails)
    assert identity == oauth.Identity(subject="583231", email="octo@example.com", email_verified=True, name="octocat")


def test_identity_from_github_takes_the_verified_flag_of_the_primary_email():
    info: dict[str, Any] = {"id": 7, "login": "octocat", "name": "The Octocat"}
    emails = [
        {"email": "verified@example.com", "primary": False, "verified": True},
        {"email": "primary@example.com", "primary": True, "verified": False},
    ]
    identity = oauth._identity(oauth.PROVIDERS["github"], info, emails)
    assert (identity.email, identity.email_verified, identity.name) == ("primary@example.com", False, "The Octocat")


def test_identity_from_github_without_a_primary_takes_the_first_email():
    emails = [{"email": "first@example.com", "verified": True}, {"email": "second@example.com", "verified": True}]
    identity = oauth._identity(oauth.PROVIDERS["github"], {"id": 7, "login": "octocat"}, emails)
    assert (identity.email, identity.email_verified) == ("first@example.com", True)


def test_identity_from_github_with_no_emails_falls_back_to_the_profile():
    identity = oauth._identity(oauth.PROVIDERS["github"], {"id": 7, "email": "public@example.com"}, [])
    assert (identity.email, identity.email_verified, identity.name) == ("public@example.com", False, "public")


@pytest.mark.parametrize(
    ("provider", "info", "emails"),
    [
        ("google", {"sub": "1081", "name": "No Mail"}, None),
        ("google", {"sub": "1081", "email": ""}, None),
        ("github", {"id": 7, "login": "octocat"}, []),
        ("github", {"id": 7, "login": "octocat"}, [{"email": "", "primary": True, "verified": True}]),
        ("google", {"email": "ada@example.com", "email_verified": True}, None),  # no subject
    ],
)
def test_identity_without_email_or_subject_is_refused(
    provider: str, info: dict[str, Any], emails: list[dict[str, Any]] | None
):
    with pytest.raises(OAuthError) as info_:
        oauth._identity(oauth.PROVIDERS[provider], info, emails)
    assert info_.value.code == "oauth_no_email"


# --- the full HTTP flow against the fake provider --------------------------------------------


@pytest.fixture
def provider(fake_oauth: FakeProvider, override_settings: Override) -> Iterator[FakeProvider]:
    """Google and GitHub pointed at the fake provider; the profile is reset for every test."""
    override_settings(
        **no_providers_but(
            google_client_id=fake.CLIENT_ID,
            google_client_secret=fake.CLIENT_SECRET,
            github_client_id=fake.CLIENT_ID,
            github_client_secret=fake.CLIENT_SECRET,
            oauth_endpoints=json.dumps({name: fake_oauth.endpoints(name) for name in ("google", "github")}),
            public_url=PUBLIC_URL,
        )
    )
    fake_oauth.profile = {"sub": "g-1081", "email": "Ada@Example.com", "email_verified": True, "name": "Ada Lovelace"}
    fake_oauth.emails = None
    yield fake_oauth
    fake_oauth.profile = {}
    fake_oauth.emails = None


def start(session: Session, name: str = "google", next_path: str = "/settings") -> str:
    url = oauth.start(session, name, next_path)
    session.commit()
    return url


def approve(url: str) -> dict[str, str]:
    """The browser at the provider: it approves at once and redirects back with code and state."""
    response = httpx.get(url, follow_redirects=False)
    assert response.status_code == 302
    location = urlparse(response.headers["location"])
    return {k: v[0] for k, v in parse_qs(location.query).items()} | {"_path": f"{location.scheme}://{location.netloc}"}


def finish(session: Session, name: str, *, state: str, code: str) -> tuple[str, str]:
    result = oauth.finish(session, name, state=state, code=code, client=CLIENT)
    session.commit()
    return result


def test_start_returns_the_authorisation_url_with_state_and_pkce(session: Session, provider: FakeProvider):
    url = start(session)

    parsed = urlparse(url)
    assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == f"{provider.url}/authorize"
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == fake.CLIENT_ID
    assert query["redirect_uri"] == f"{PUBLIC_URL}/api/v1/auth/oauth/google/callback"
    assert query["scope"] == "openid email profile"
    assert query["code_challenge_method"] == "S256"
    row = state_row(session, query["state"])
    assert (row.provider, row.next_path) == ("google", "/settings")
    assert row.state_hash != query["state"]  # only the hash is stored
    digest = hashlib.sha256(row.code_verifier.encode()).digest()
    assert query["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert query["code_challenge"] != row.code_verifier
    assert timedelta(minutes=9) < row.expires_at - utcnow() <= oauth.STATE_TTL


def test_every_start_has_its_own_state(session: Session, provider: FakeProvider):
    states = {parse_qs(urlparse(start(session)).query)["state"][0] for _ in range(3)}
    assert len(states) == 3
    assert count(session, OAuthState) == 3


@pytest.mark.parametrize("next_path", ["https://evil.example.com/", "//evil.example.com", "", "/\\evil"])
def test_start_keeps_only_same_site_next_paths(session: Session, provider: FakeProvider, next_path: str):
    url = start(session, next_path=next_path)
    state = parse_qs(urlparse(url).query)["state"][0]
    assert state_row(session, state).next_path == ""


def test_full_google_flow_signs_in_a_new_user(session: Session, provider: FakeProvider):
    back = approve(start(session))
    assert back["_path"] == PUBLIC_URL

    login_code, next_path = finish(session, "google", state=back["state"], code=back["code"])

    assert next_path == "/settings"
    user = session.exec(select(User)).one()
    assert (user.email, user.name, user.password_hash) == ("ada@example.com", "Ada Lovelace", None)
    assert user.email_verified_at is not None
    assert [(link.provider, link.subject) for link in links(session)] == [("google", "g-1081")]
    assert count(session, OAuthState) == 0
    signed_in, token = accounts.redeem_login_code(session, login_code, CLIENT)
    session.commit()
    assert signed_in.id == user.id
    resolved = accounts.resolve_session(session, token)
    assert resolved is not None
    assert resolved.id == user.id


def test_full_github_flow_reads_the_primary_email(session: Session, provider: FakeProvider, make_user: MakeUser):
    existing = make_user(email="octo@example.com")
    provider.profile = {"id": 583231, "login": "octocat", "name": None}
    provider.emails = [
        {"email": "other@example.com", "primary": False, "verified": True},
        {"email": "Octo@Example.com", "primary": True, "verified": True},
    ]
    back = approve(start(session, "github", "/dashboard"))

    login_code, next_path = finish(session, "github", state=back["state"], code=back["code"])

    assert next_path == "/dashboard"
    assert count(session, User) == 1
    assert [(link.user_id, link.provider, link.subject) for link in links(session)] == [
        (existing.id, "github", "583231")
    ]
    assert login_token_row(session, login_code).user_id == existing.id


def test_full_flow_with_an_unverified_provider_email_for_an_existing_account(
    session: Session, provider: FakeProvider, make_user: MakeUser
):
    make_user(email="ada@example.com")
    provider.profile = {"sub": "g-evil", "email": "ada@example.com", "email_verified": False, "name": "Mallory"}
    back = approve(start(session))

    with pytest.raises(AccountError) as info:
        oauth.finish(session, "google", state=back["state"], code=back["code"], client=CLIENT)
    assert info.value.code == "oauth_email_unverified"
    session.rollback()
    assert links(session) == []
    assert count(session, OAuthState) == 0  # the state is spent all the same


def test_same_state_cannot_finish_twice(session: Session, provider: FakeProvider):
    url = start(session)
    back = approve(url)
    finish(session, "google", state=back["state"], code=back["code"])
    again = approve(url)  # a fresh code from the provider, but the state was used

    with pytest.raises(OAuthError) as info:
        finish(session, "google", state=back["state"], code=again["code"])
    assert info.value.code == "oauth_state_invalid"


@pytest.mark.parametrize("state", ["forged-state", ""])
def test_forged_state_is_refused(session: Session, provider: FakeProvider, state: str):
    back = approve(start(session))
    with pytest.raises(OAuthError) as info:
        finish(session, "google", state=state, code=back["code"])
    assert info.value.code == "oauth_state_invalid"
    assert count(session, User) == 0
    assert count(session, OAuthState) == 1  # the real state is still pending


def test_wrong_client_secret_fails_the_exchange(session: Session, provider: FakeProvider, override_settings: Override):
    back = approve(start(session))
    override_settings(google_client_secret="not-the-secret")

    with pytest.raises(OAuthError) as info:
        finish(session, "google", state=back["state"], code=back["code"])
    assert info.value.code == "oauth_failed"
    assert count(session, User) == 0
    assert count(session, OAuthState) == 0  # the state is spent even though the exchange failed


def test_wrong_pkce_verifier_fails_the_exchange(session: Session, provider: FakeProvider):
    back = approve(start(session))
    row = state_row(session, back["state"])
    row.code_verifier = "x" * 64
    session.add(row)
    session.commit()

    with pytest.raises(OAuthError) as info:
        finish(session, "google", state=back["state"], code=back["code"])
    assert info.value.code == "oauth_failed"
    assert count(session, User) == 0


def test_profile_without_email_fails(session: Session, provider: FakeProvider):
    provider.profile = {"sub": "g-1081", "name": "No Mail"}
    back = approve(start(session))

    with pytest.raises(OAuthError) as info:
        finish(session, "google", state=back["state"], code=back["code"])
    assert info.value.code == "oauth_no_email"
    assert count(session, User) == 0


def test_expired_state_is_refused(session: Session, provider: FakeProvider):
    back = approve(start(session))
    row = state_row(session, back["state"])
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()

    with pytest.raises(OAuthError) as info:
        finish(session, "google", state=back["state"], code=back["code"])
    assert info.value.code == "oauth_state_invalid"
    assert count(session, User) == 0


def test_state_from_another_provider_is_refused(session: Session, provider: FakeProvider):
    back = approve(start(session, "google"))

    with pytest.raises(OAuthError) as info:
        finish(session, "github", state=back["state"], code=back["code"])
    assert info.value.code == "oauth_state_invalid"
    assert count(session, User) == 0


def test_finish_with_an_unconfigured_provider(session: Session, provider: FakeProvider, override_settings: Override):
    back = approve(start(session, "google"))
    override_settings(google_client_id="")

    with pytest.raises(OAuthError) as info:
        finish(session, "google", state=back["state"], code=back["code"])
    assert info.value.code == "oauth_unavailable"
