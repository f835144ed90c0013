"""English text of the `api.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "api.error.request_invalid": "The request was not understood, so nothing was changed.",
    "api.error.not_found": "There is nothing at this address.",
    "api.error.method_not_allowed": "This address does not take that kind of request.",
    "api.error.request_refused": "The request was refused, so nothing was changed.",
    "api.error.busy": "The service is busy right now and nothing was changed. Try again in a moment (see Retry-After).",
    "api.error.internal_error": (
        "Something went wrong on our side and nothing was changed. Try again; if it keeps happening, tell us "
        "the request id."
    ),
    "api.error.rate_limited": "Too many requests. Wait a moment (see Retry-After) and try again.",
    "api.error.signed_out": "Sign in first: send an access token as `Authorization: Bearer <token>`.",
    "api.error.token_invalid": "The access token is not valid. Sign in again.",
    "api.error.token_expired": "The access token has expired. Get a new one with your refresh token.",
    "api.error.token_revoked": "This sign-in has ended (signed out, or the password changed). Sign in again.",
    "api.error.forbidden": "Your account cannot do this.",
    "api.error.two_factor_enrolment_required": "Admins must turn on two-factor sign-in first: Settings, Security in the web app.",
    "api.auth.registered": "Check your inbox: we sent a link to confirm the address.",
    "api.auth.verification_sent": "If the address is not confirmed yet, a new link is on its way.",
    "api.auth.reset_sent": "If the address has an account, a link to choose a new password is on its way.",
    "api.error.profile_invalid": "Some profile fields are not valid (see details); nothing was saved.",
    "api.error.refresh_invalid": "The refresh token is not valid or has expired. Sign in again.",
    "api.error.refresh_reused": (
        "This refresh token was already used, so it may have been copied: every token of this sign-in has been "
        "revoked. Sign in again."
    ),
}
