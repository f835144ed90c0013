"""User-facing text in one place, keyed, so that other languages can follow English.

`t("key", **values)` formats the text for the current language; services raise
errors carrying a key, and pages and states turn keys into words with `t`.
"""

from __future__ import annotations

EN: dict[str, str] = {
    # validation and account errors
    "email_invalid": "Enter a valid e-mail address, like name@example.com.",
    "name_required": "Enter your name (1 to 120 characters).",
    "password_required": "Enter your password.",
    "too_short": "Use at least {min_length} characters. A short sentence works well.",
    "too_long": "Use at most 256 characters.",
    "common": "That password is one of the most common ones; choose something less guessable.",
    "personal": "Do not use your e-mail address or name as the password.",
    "password_mismatch": "The two passwords do not match.",
    "bad_credentials": "That e-mail and password do not match an account.",
    "account_inactive": "This account has been deactivated. Contact the administrator.",
    "rate_limited_signin": "Too many sign-in attempts. Try again in {wait}.",
    "rate_limited": "Too many attempts. Try again in {wait}.",
    "rate_limited_reset": "Too many reset requests for this address. Try again in {wait}.",
    "token_invalid": "This link is invalid, already used or expired. Ask for a new one.",
    "current_password_wrong": "Your current password is not correct.",
    "same_email": "That is already your e-mail address.",
    "oauth_unavailable": "That sign-in option is not set up on this server.",
    "oauth_state_invalid": "The sign-in took too long or was already used. Please try again.",
    "oauth_failed": "The provider did not confirm your sign-in. Please try again.",
    "oauth_denied": "Sign-in was cancelled at the provider.",
    "oauth_no_email": "The provider did not share an e-mail address, which we need for your account.",
    "oauth_email_unverified": (
        "An account already uses this e-mail, and the provider has not verified it. "
        "Sign in with your password, or verify the address at the provider first."
    ),
    "session_expired": "Your session has ended. Please sign in again.",
    "not_allowed": "You do not have access to that.",
    # answers that must not reveal whether an account exists
    "register_sent": "Check your inbox: we sent a link to {email} to confirm the address.",
    "reset_sent": "If an account uses {email}, a reset link is on its way. It works for 60 minutes.",
    "email_change_sent": "We sent a confirmation link to {email}. Your address changes when you open it.",
    # e-mails
    "mail_verify_subject": "Confirm your e-mail for Interview Coach",
    "mail_verify_body": (
        "Hello {name},\n\nWelcome to Interview Coach. Confirm your e-mail address by opening this link:\n\n"
        "{link}\n\nThe link works for {hours} hours. If you did not create an account, ignore this message."
    ),
    "mail_exists_subject": "Someone tried to register with your e-mail",
    "mail_exists_body": (
        "Hello {name},\n\nSomeone (perhaps you) tried to create an Interview Coach account with this address, "
        "but you already have one. Sign in here:\n\n{signin}\n\nForgot your password? Reset it here:\n\n{reset}\n"
    ),
    "mail_reset_subject": "Reset your Interview Coach password",
    "mail_reset_body": (
        "Hello {name},\n\nWe received a request to reset your password. Choose a new one here:\n\n{link}\n\n"
        "The link works for {minutes} minutes and only once. If you did not ask, ignore this message; "
        "your password stays as it is."
    ),
    "mail_change_subject": "Confirm your new e-mail for Interview Coach",
    "mail_change_body": (
        "Hello {name},\n\nOpen this link to make {email} the e-mail of your Interview Coach account:\n\n{link}\n\n"
        "The link works for {hours} hours."
    ),
    "mail_change_notice_subject": "Your Interview Coach e-mail is about to change",
    "mail_change_notice_body": (
        "Hello {name},\n\nSomeone signed in to your account asked to change its e-mail to {email}. "
        "If that was not you, change your password now and sign out everywhere."
    ),
    "mail_change_taken_subject": "An Interview Coach account already uses this address",
    "mail_change_taken_body": (
        "Hello,\n\nSomeone asked to move an Interview Coach account to this address, but an account already "
        "uses it, so nothing changed. If this was you, sign in with this address instead."
    ),
    "mail_password_changed_subject": "Your Interview Coach password was changed",
    "mail_password_changed_body": (
        "Hello {name},\n\nThe password of your account was just changed and every other device was signed out. "
        "If this was not you, reset your password now:\n\n{reset}\n"
    ),
}

LANGUAGES: dict[str, dict[str, str]] = {"en": EN}
LANGUAGE_NAMES: dict[str, str] = {"en": "English"}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for `key` in `lang` (falling back to English), formatted with `values`."""
    text = LANGUAGES.get(lang, EN).get(key) or EN.get(key) or key
    return text.format(**values) if values else text


def error_text(code: str, lang: str = "en") -> str:
    """The message for an error code raised by a service."""
    from interview_app.settings import get_settings

    return t(code, lang, min_length=get_settings().password_min_length) if code == "too_short" else t(code, lang)
