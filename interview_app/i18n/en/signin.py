"""English text of the `signin.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # sign in
    "signin.page_title": "Sign in · Interview Coach",
    "signin.title": "Welcome back",
    "signin.subtitle": "Sign in to keep practising.",
    "signin.new_here": "New here? ",
    "signin.create_account": "Create an account",
    "signin.code.title": "Enter the code from your e-mail",
    "signin.code.no_mail": (
        "No e-mail within a few minutes? The password may have been mistyped: go back and sign in again. "
        "Or wait {wait} and sign in with your password alone."
    ),
    "signin.code.field": "6-digit code",
    "signin.code.submit": "Sign in",
    "signin.code.back": "Back to password sign-in",
}
