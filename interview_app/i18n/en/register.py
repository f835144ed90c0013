"""English text of the `register.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # register
    "register.page_title": "Create your account · Interview Coach",
    "register.title": "Create your account",
    "register.subtitle": "Practise interviews with instant, honest feedback. Free and private.",
    "register.sent_hint": "The link works for 48 hours. Nothing arrived? Check your spam folder.",
    "register.go_to_sign_in": "Go to sign in",
    "register.password_hint": "At least 10 characters. A short sentence is strong and easy to remember.",
    "register.repeat_password": "Repeat password",
    "register.submit": "Create account",
    "register.have_account": "Already have an account? ",
}
