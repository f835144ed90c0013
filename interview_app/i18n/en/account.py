"""English text of the `account.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # validation and account errors
    "account.error.email_invalid": "Enter a valid e-mail address, like name@example.com.",
    "account.error.name_required": "Enter your name (1 to 120 characters).",
    "account.error.password_required": "Enter your password.",
    "account.error.too_short": "Use at least {min_length} characters. A short sentence works well.",
    "account.error.too_long": "Use at most 256 characters.",
    "account.error.common": "That password is one of the most common ones; choose something less guessable.",
    "account.error.personal": "Do not use your e-mail address or name as the password.",
    "account.error.password_mismatch": "The two passwords do not match.",
    "account.error.bad_credentials": "That e-mail and password do not match an account.",
    "account.error.account_inactive": "This account has been deactivated. Contact the administrator.",
    "account.error.rate_limited_signin": "Too many sign-in attempts. Try again in {wait}.",
    "account.error.rate_limited": "Too many attempts. Try again in {wait}.",
    "account.error.rate_limited_reset": "Too many reset requests for this address. Try again in {wait}.",
    "account.error.token_invalid": "This link is invalid, already used or expired. Ask for a new one.",
    "account.error.current_password_wrong": "Your current password is not correct.",
    "account.error.same_email": "That is already your e-mail address.",
    "account.error.oauth_unavailable": "That sign-in option is not set up on this server.",
    "account.error.oauth_state_invalid": "The sign-in took too long or was already used. Please try again.",
    "account.error.oauth_failed": "The provider did not confirm your sign-in. Please try again.",
    "account.error.oauth_denied": "Sign-in was cancelled at the provider.",
    "account.error.oauth_no_email": "The provider did not share an e-mail address, which we need for your account.",
    "account.error.oauth_email_unverified": (
        "An account already uses this e-mail, and the provider has not verified it. "
        "Sign in with your password, or verify the address at the provider first."
    ),
    "account.error.session_expired": "Your session has ended. Please sign in again.",
    "account.error.not_allowed": "You do not have access to that.",
    # answers that must not reveal whether an account exists
    "account.notice.register_sent": "Check your inbox: we sent a link to {email} to confirm the address.",
    "account.notice.reset_sent": "If an account uses {email}, a reset link is on its way. It works for 60 minutes.",
    "account.notice.email_change_sent": "We sent a confirmation link to {email}. Your address changes when you open it.",
    "account.error.last_admin": (
        "That is the last active admin account. Make another account an admin first "
        "(python -m interview_app set-role EMAIL admin)."
    ),
    # sign-in while someone else is guessing the password (services/sign_in_protection.py)
    "account.error.signin_code_required": (
        "Someone has been trying to sign in to this account, so new devices need a code for a while. If the "
        "password was right, we have e-mailed a 6-digit code to the account's address: enter it below."
    ),
    "account.error.signin_code_wrong": "That code is not right. Check the newest sign-in e-mail and try again.",
    "account.error.signin_code_expired": (
        "That code can no longer be used (it is used, over 10 minutes old, or was mistyped too often). "
        "Sign in again to get a new one."
    ),
    # errors raised by the service
    "account.error.two_factor_required": "Enter the 6-digit code from your authenticator app to finish signing in.",
    "account.error.two_factor_code_wrong": (
        "That code is not right. Use the newest code your authenticator app shows (check the phone's clock is "
        "set automatically), or a recovery code."
    ),
    "account.error.two_factor_challenge_expired": "This sign-in took too long or was already finished. Sign in again with your password.",
    "account.error.two_factor_code_required": "Enter the 6-digit code from your app, or a recovery code.",
    "account.error.two_factor_not_started": "Start the set-up again: the key was not made yet.",
    "account.error.two_factor_already_enabled": "Two-factor sign-in is already on for this account.",
    "account.error.two_factor_not_enabled": "Two-factor sign-in is not on for this account.",
    "account.error.rate_limited_two_factor": "Too many wrong codes. Try again in {wait}.",
}
