"""Sign-in with Google, GitHub and LinkedIn (OAuth 2.0 / OpenID Connect, via authlib).

The flow, all server-side:
1. `start` stores a random state (hashed) with a PKCE verifier and returns the provider's
   authorisation URL.
2. The provider sends the browser back to the callback; `finish` checks and consumes the
   state, exchanges the code for a token, reads the profile and signs the person in
   (`accounts.oauth_sign_in`), returning a one-time login code.
3. The `/oauth/complete` page redeems the code for a session in the browser.

A provider appears only when its client id and secret are set. `OAUTH_ENDPOINTS` (JSON)
can point a provider at other endpoints (GitHub Enterprise, tests).
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import cast

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from sqlalchemy import delete
from sqlmodel import Session, select

from interview_app import routes
from interview_app.clock import utcnow
from interview_app.models import OAuthState
from interview_app.services.accounts import accounts
from interview_app.settings import get_settings

STATE_TTL = timedelta(minutes=10)
HTTP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Provider:
    """Endpoints and scopes of one OAuth provider."""

    name: str
    label: str
    authorize_url: str
    token_url: str
    userinfo_url: str
    scope: str
    emails_url: str = ""
    pkce: bool = True


PROVIDERS: dict[str, Provider] = {
    "google": Provider(
        "google",
        "Google",
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
        "https://openidconnect.googleapis.com/v1/userinfo",
        "openid email profile",
    ),
    "github": Provider(
        "github",
        "GitHub",
        "https://github.com/login/oauth/authorize",
        "https://github.com/login/oauth/access_token",
        "https://api.github.com/user",
        "read:user user:email",
        emails_url="https://api.github.com/user/emails",
    ),
    "linkedin": Provider(
        "linkedin",
        "LinkedIn",
        "https://www.linkedin.com/oauth/v2/authorization",
        "https://www.linkedin.com/oauth/v2/accessToken",
        "https://api.linkedin.com/v2/userinfo",
        "openid profile email",
        pkce=False,
    ),
}


class OAuthError(Exception):
    """The sign-in could not finish; `code` is an error code: `error_text(code, lang)` (interview_app/i18n) words it."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class Identity:
    """What the provider told us about the person."""

    subject: str
    email: str
    email_verified: bool
    name: str


def _credentials(name: str) -> tuple[str, str]:
    s = get_settings()
    return getattr(s, f"{name}_client_id", ""), getattr(s, f"{name}_client_secret", "")


def configured() -> list[Provider]:
    """Providers with a client id and secret, with any endpoint overrides applied."""
    overrides: dict[str, dict[str, str]] = json.loads(get_settings().oauth_endpoints or "{}")
    result = []
    for name, provider in PROVIDERS.items():
        client_id, secret = _credentials(name)
        if client_id and secret:
            result.append(replace(provider, **overrides.get(name, {})))
    return result


def get_provider(name: str) -> Provider:
    """The configured provider called `name`."""
    for provider in configured():
        if provider.name == name:
            return provider
    raise OAuthError("oauth_unavailable", name)


def redirect_uri(provider: Provider) -> str:
    """Where the provider sends the browser back to."""
    return f"{get_settings().public_url.rstrip('/')}{routes.oauth_callback(provider.name)}"


def _client(provider: Provider) -> OAuth2Client:
    client_id, secret = _credentials(provider.name)
    return OAuth2Client(
        client_id=client_id,
        client_secret=secret,
        scope=provider.scope,
        redirect_uri=redirect_uri(provider),
        code_challenge_method="S256" if provider.pkce else None,
        timeout=HTTP_TIMEOUT,
    )


def start(session: Session, provider_name: str, next_path: str = "") -> str:
    """Record a new state and return the provider's authorisation URL."""
    provider = get_provider(provider_name)
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    session.add(
        OAuthState(
            state_hash=accounts.hash_token(state),
            provider=provider.name,
            code_verifier=verifier,
            next_path=routes.safe_next(next_path, ""),
            expires_at=utcnow() + STATE_TTL,
        )
    )
    client = _client(provider)
    with contextlib.closing(cast(httpx.Client, client)):
        extra = {"code_verifier": verifier} if provider.pkce else {}
        url, _ = client.create_authorization_url(provider.authorize_url, state=state, **extra)
    return url


def _consume_state(session: Session, provider: Provider, state: str) -> OAuthState:
    """Check and spend a state; the conditional DELETE lets only one of two racing callbacks through."""
    row = session.exec(select(OAuthState).where(OAuthState.state_hash == accounts.hash_token(state or ""))).first()
    if row is None or row.provider != provider.name or row.expires_at <= utcnow():
        raise OAuthError("oauth_state_invalid")
    result = session.exec(delete(OAuthState).where(OAuthState.id == row.id))  # type: ignore[call-overload]
    if result.rowcount != 1:
        raise OAuthError("oauth_state_invalid")
    return row


def fetch_identity(provider: Provider, code: str, code_verifier: str) -> Identity:
    """Exchange the code for a token and read who signed in."""
    client = _client(provider)
    http = cast(httpx.Client, client)  # authlib's client is an httpx.Client
    with contextlib.closing(http):
        try:
            client.fetch_token(provider.token_url, code=code, code_verifier=code_verifier if provider.pkce else None)
            info = http.get(provider.userinfo_url, headers={"Accept": "application/json"}).raise_for_status().json()
            emails = (
                http.get(provider.emails_url, headers={"Accept": "application/json"}).raise_for_status().json()
                if provider.emails_url
                else None
            )
        except Exception as exc:  # network, HTTP or protocol errors all end the same way
            raise OAuthError("oauth_failed", f"{type(exc).__name__}: {exc}") from exc
    return _identity(provider, info, emails)


def _identity(provider: Provider, info: dict, emails: list[dict] | None) -> Identity:
    subject = str(info.get("sub") or info.get("id") or "")
    email, verified = str(info.get("email") or ""), bool(info.get("email_verified"))
    if emails is not None:  # GitHub: the primary, verified address from /user/emails
        primary = next((e for e in emails if e.get("primary")), None) or next(iter(emails), None)
        if primary:
            email, verified = str(primary.get("email") or ""), bool(primary.get("verified"))
    name = str(info.get("name") or info.get("login") or email.split("@")[0] or provider.label)
    if not subject or not email:
        raise OAuthError("oauth_no_email")
    return Identity(subject=subject, email=email, email_verified=verified, name=name)


def finish(session: Session, provider_name: str, *, state: str, code: str, client: accounts.Client) -> tuple[str, str]:
    """Complete the sign-in after the provider's redirect.

    Returns:
        A one-time login code for `/oauth/complete` and the path to open afterwards.

    Raises:
        OAuthError: For a missing or reused state, a failed exchange or a profile without e-mail.

    """
    provider = get_provider(provider_name)
    row = _consume_state(session, provider, state)
    session.commit()  # the state is spent even if the exchange fails
    identity = fetch_identity(provider, code, row.code_verifier)
    login_code = accounts.oauth_sign_in(
        session,
        provider=provider.name,
        subject=identity.subject,
        email=identity.email,
        email_verified=identity.email_verified,
        name=identity.name,
        client=client,
    )
    return login_code, row.next_path
