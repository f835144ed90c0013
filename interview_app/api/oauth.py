"""OAuth sign-in routes: send the browser to the provider, and take it back."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from interview_app import db, routes
from interview_app.api.contract import responses
from interview_app.i18n import from_accept_language, normalise
from interview_app.services.accounts import accounts, oauth

router = APIRouter(prefix=f"{routes.API_PREFIX}/auth/oauth", tags=["auth"])


def _client(request: Request) -> accounts.Client:
    chosen = request.cookies.get("ic_lang", "")  # the header's language menu (state/auth.py)
    return accounts.Client(
        ip=request.client.host if request.client else "",
        user_agent=request.headers.get("user-agent", ""),
        language=normalise(chosen) if chosen else from_accept_language(request.headers.get("accept-language")),
    )


def _back_to_sign_in(code: str) -> RedirectResponse:
    return RedirectResponse(f"{routes.SIGN_IN}?{urlencode({'oauth_error': code})}", status_code=303)


# Every answer is a redirect: to the provider, or back to the sign-in page with `oauth_error` in the query.
_REDIRECT = {"status_code": 303, "response_class": RedirectResponse, "responses": responses(404, 422)}


@router.get("/{provider}/start", **_REDIRECT)
def start(provider: str, next: str = "") -> RedirectResponse:
    """Redirect to the provider's consent page."""
    try:
        with db.session_scope() as session:
            url = oauth.start(session, provider, next)
    except oauth.OAuthError as exc:
        return _back_to_sign_in(exc.code)
    return RedirectResponse(url, status_code=303)


@router.get("/{provider}/callback", **_REDIRECT)
def callback(request: Request, provider: str, code: str = "", state: str = "", error: str = "") -> RedirectResponse:
    """Finish the sign-in and hand the browser a one-time login code."""
    if error or not code:
        return _back_to_sign_in("oauth_denied")
    try:
        with db.session_scope() as session:
            login_code, next_path = oauth.finish(session, provider, state=state, code=code, client=_client(request))
    except oauth.OAuthError as exc:
        return _back_to_sign_in(exc.code)
    except accounts.AccountError as exc:
        return _back_to_sign_in(exc.code)
    query = {"code": login_code, **({"next": next_path} if next_path else {})}
    return RedirectResponse(f"{routes.OAUTH_COMPLETE}?{urlencode(query)}", status_code=303)
